/**
 * Constraint SQL in data-model documents (the `**Foreign Keys:**` and `**Check
 * Constraints:**` fences), read with the real PostgreSQL parser, libpg-query.
 *
 * libpg-query is WebAssembly and must be loaded once, asynchronously: callers await
 * `loadSqlParser()` at startup, after which parsing is synchronous and `readMarkdown` can
 * stay synchronous. The parser reports UTF-8 byte offsets; everything here maps them back
 * to document lines and characters.
 */
import { loadModule, parseSync } from 'libpg-query';
import type { CheckConstraint, DomainType, EnumType, ForeignKey, Position, Problem, ReferentialAction, SourceRange } from '../model/types';
import { checkExpressionText, statedReferentialActions, statementRanges } from './sql-lexer';

let loaded = false;
let loading: Promise<void> | undefined;

/** Load the PostgreSQL parser. Safe to call more than once; later calls share the first load. */
export async function loadSqlParser(): Promise<void> {
  if (loaded) return;
  loading ??= loadModule().then(() => {
    // One representative parse, so the first real document does not pay for the
    // WebAssembly warm-up.
    parseSync('ALTER TABLE a ADD CONSTRAINT b FOREIGN KEY (c) REFERENCES d(e) ON DELETE RESTRICT; ALTER TABLE a ADD CHECK (c > 0);');
    loaded = true;
  });
  try {
    await loading;
  } catch (error) {
    loading = undefined; // let a later call retry
    throw error;
  }
}

export function isSqlParserLoaded(): boolean {
  return loaded;
}

export interface ConstraintSqlResult {
  foreignKeys: ForeignKey[];
  checks: CheckConstraint[];
  enums: EnumType[];
  domains: DomainType[];
  problems: Problem[];
}

// The slice of libpg-query's JSON tree that constraints need. Typed locally (and loosely)
// because the tree is data we inspect defensively, not something we construct.
interface RangeVarNode {
  schemaname?: string;
  relname?: string;
}
interface StringNode {
  String?: { sval?: string };
}
interface ConstraintNode {
  contype?: string;
  conname?: string;
  location?: number;
  pktable?: RangeVarNode;
  fk_attrs?: StringNode[];
  pk_attrs?: StringNode[];
  fk_upd_action?: string;
  fk_del_action?: string;
}
interface AlterTableCmdNode {
  subtype?: string;
  def?: { Constraint?: ConstraintNode };
}
interface RawStmtNode {
  stmt?: {
    AlterTableStmt?: { relation?: RangeVarNode; cmds?: { AlterTableCmd?: AlterTableCmdNode }[] };
    CreateEnumStmt?: { typeName?: StringNode[]; vals?: StringNode[] };
    CreateDomainStmt?: { domainname?: StringNode[] };
  } & Record<string, unknown>;
  stmt_location?: number;
  stmt_len?: number;
}

const ACTIONS: Record<string, ReferentialAction> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/**
 * A block of SQL taken from consecutive document lines, with the conversions between
 * parser byte offsets, string indices and document positions.
 */
class SqlChunk {
  readonly text: string;
  readonly bytes: Buffer;
  private readonly lineStarts: number[] = [0];
  private byteToCharTable: Int32Array | undefined;

  constructor(
    lines: readonly string[],
    private readonly firstLine: number,
  ) {
    this.text = lines.join('\n');
    this.bytes = Buffer.from(this.text, 'utf8');
    for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    if (this.bytes.length !== this.text.length) this.byteToCharTable = buildByteToChar(this.text, this.bytes.length);
  }

  /** String index of a UTF-8 byte offset into `text`. */
  charAt(byteOffset: number): number {
    const clamped = Math.max(0, Math.min(byteOffset, this.bytes.length));
    return this.byteToCharTable ? this.byteToCharTable[clamped]! : clamped;
  }

  position(charIndex: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle]! <= charIndex) low = middle;
      else high = middle - 1;
    }
    return { line: this.firstLine + low, character: charIndex - this.lineStarts[low]! };
  }

  range(startChar: number, endChar: number): SourceRange {
    return { start: this.position(startChar), end: this.position(endChar) };
  }

  /** From a character to the end of its line: where an error is shown. */
  rangeToLineEnd(charIndex: number): SourceRange {
    const start = this.position(charIndex);
    const lineEnd = this.text.indexOf('\n', charIndex);
    const end = this.position(lineEnd < 0 ? this.text.length : lineEnd);
    if (end.line === start.line && end.character === start.character && start.character > 0) {
      return { start: { line: start.line, character: start.character - 1 }, end };
    }
    return { start, end };
  }
}

function buildByteToChar(text: string, byteLength: number): Int32Array {
  const table = new Int32Array(byteLength + 1);
  let byte = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    for (let k = 0; k < width; k++) table[byte + k] = i;
    byte += width;
    if (code >= 0x10000) i++; // surrogate pair: two string indices, one code point
  }
  table[byteLength] = text.length;
  return table;
}

function relationName(node: RangeVarNode | undefined): string {
  if (!node) return '';
  return node.schemaname ? `${node.schemaname}.${node.relname ?? ''}` : (node.relname ?? '');
}

function names(list: StringNode[] | undefined): string[] {
  return (list ?? []).map((item) => item.String?.sval ?? '');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function cursorOf(error: unknown): number | undefined {
  const details = (error as { sqlDetails?: { cursorPosition?: number } } | undefined)?.sqlDetails;
  return typeof details?.cursorPosition === 'number' ? details.cursorPosition : undefined;
}

/**
 * Read `ALTER TABLE … ADD CONSTRAINT` statements from document lines
 * `lines[firstLine .. endLine)`. Never throws; everything it cannot use is a Problem.
 */
export function readConstraintSql(documentLines: readonly string[], firstLine: number, endLine: number): ConstraintSqlResult {
  const result: ConstraintSqlResult = { foreignKeys: [], checks: [], enums: [], domains: [], problems: [] };
  const chunk = new SqlChunk(documentLines.slice(firstLine, endLine), firstLine);
  if (chunk.text.trim() === '') return result;
  if (!loaded) {
    result.problems.push({
      message: 'The SQL parser is not loaded (loadSqlParser() was not awaited), so constraints were not read.',
      range: chunk.range(0, chunk.text.length),
      severity: 'warning',
    });
    return result;
  }

  try {
    const parsed = parseSync(chunk.text) as unknown as { stmts?: RawStmtNode[] };
    for (const statement of parsed.stmts ?? []) readStatement(chunk, statement, 0, result);
    return result;
  } catch (wholeError) {
    // One bad statement fails the whole parse: parse statement by statement, so the good
    // ones are still read and the error lands on the statement it belongs to.
    let failures = 0;
    // Bytes before the statement, counted on from the previous one (counting from the start
    // each time made a long fence with an error quadratic).
    let baseByte = 0;
    let counted = 0;
    for (const span of statementRanges(chunk.text)) {
      baseByte += Buffer.byteLength(chunk.text.slice(counted, span.start), 'utf8');
      counted = span.start;
      const text = chunk.text.slice(span.start, span.end);
      if (text.trim() === '' || text.trim() === ';') continue;
      try {
        const parsed = parseSync(text) as unknown as { stmts?: RawStmtNode[] };
        for (const statement of parsed.stmts ?? []) readStatement(chunk, statement, baseByte, result);
      } catch (error) {
        failures++;
        result.problems.push(parseProblem(chunk, error, text, span.start));
      }
    }
    // Split differently from the parser's view (e.g. an unterminated string): say what it said.
    if (failures === 0) result.problems.push(parseProblem(chunk, wholeError, chunk.text, 0));
    return result;
  }
}

/**
 * Unlike node locations (bytes), PostgreSQL reports an error's cursor in characters: code
 * points of the parsed text, which differ from string indices only around astral characters.
 */
function parseProblem(chunk: SqlChunk, error: unknown, statementText: string, statementStart: number): Problem {
  const cursor = cursorOf(error) ?? 0;
  let index = 0;
  for (let codePoints = 0; codePoints < cursor && index < statementText.length; codePoints++) {
    index += (statementText.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
  }
  const charIndex = statementStart + index;
  return { message: `SQL: ${messageOf(error)}`, range: chunk.rangeToLineEnd(charIndex), severity: 'error' };
}

const DOMAIN_DEFINITION = /^CREATE\s+DOMAIN\s+(?:"(?:[^"]|"")*"|[^\s."]+)(?:\.(?:"(?:[^"]|"")*"|[^\s."]+))?\s+(?:AS\s+)?([\s\S]+)$/i;

function readStatement(
  chunk: SqlChunk,
  raw: RawStmtNode,
  baseByte: number,
  result: ConstraintSqlResult,
): void {
  // The statement's extent, trimmed, including its semicolon.
  let start = chunk.charAt(baseByte + (raw.stmt_location ?? 0));
  let end = raw.stmt_len ? chunk.charAt(baseByte + (raw.stmt_location ?? 0) + raw.stmt_len) : chunk.text.length;
  while (start < end && /\s/.test(chunk.text[start]!)) start++;
  while (end > start && /\s/.test(chunk.text[end - 1]!)) end--;
  let semicolon = end;
  while (semicolon < chunk.text.length && /\s/.test(chunk.text[semicolon]!)) semicolon++;
  if (chunk.text[semicolon] === ';') end = semicolon + 1;
  const range = chunk.range(start, end);

  const createEnum = raw.stmt?.CreateEnumStmt;
  if (createEnum) {
    result.enums.push({ name: names(createEnum.typeName).join('.'), values: names(createEnum.vals), range });
    return;
  }
  if (raw.stmt?.CreateDomainStmt) {
    // The definition is kept as written: everything after the name (and AS), without the `;`.
    const text = chunk.text.slice(start, end).replace(/;$/, '');
    const definition = DOMAIN_DEFINITION.exec(text)?.[1]?.trim();
    if (definition) result.domains.push({ name: names(raw.stmt.CreateDomainStmt.domainname).join('.'), definition, range });
    else result.problems.push({ message: 'Cannot find the definition of this domain.', range, severity: 'error' });
    return;
  }
  const alter = raw.stmt?.AlterTableStmt;
  if (!alter) {
    result.problems.push({
      message: 'Only `ALTER TABLE … ADD CONSTRAINT`, `CREATE TYPE … AS ENUM` and `CREATE DOMAIN` statements are read here; this statement is ignored.',
      range,
      severity: 'warning',
    });
    return;
  }
  const table = relationName(alter.relation);
  for (const item of alter.cmds ?? []) {
    const command = item.AlterTableCmd;
    const constraint = command?.subtype === 'AT_AddConstraint' ? command.def?.Constraint : undefined;
    if (!constraint) {
      result.problems.push({ message: 'Only `ADD CONSTRAINT` is read here; this part is ignored.', range, severity: 'warning' });
      continue;
    }
    const name = constraint.conname ?? '';
    if (constraint.contype === 'CONSTR_FOREIGN') {
      const foreignKey: ForeignKey = {
        name,
        table,
        columns: names(constraint.fk_attrs),
        refTable: relationName(constraint.pktable),
        refColumns: names(constraint.pk_attrs),
        range,
      };
      // The parser says NO ACTION both when it is written and when nothing is: look at the
      // tokens to keep "not stated" distinct from "stated as NO ACTION".
      const stated = statedReferentialActions(chunk.text, chunk.charAt(baseByte + (constraint.location ?? 0)), end);
      if (stated.onDelete) foreignKey.onDelete = ACTIONS[constraint.fk_del_action ?? 'a'] ?? 'NO ACTION';
      if (stated.onUpdate) foreignKey.onUpdate = ACTIONS[constraint.fk_upd_action ?? 'a'] ?? 'NO ACTION';
      result.foreignKeys.push(foreignKey);
    } else if (constraint.contype === 'CONSTR_CHECK') {
      const expression = checkExpressionText(chunk.text, chunk.charAt(baseByte + (constraint.location ?? 0)), end);
      if (expression === undefined) {
        result.problems.push({ message: 'Cannot find the expression of this CHECK constraint.', range, severity: 'error' });
        continue;
      }
      result.checks.push({ name, table, expression, range });
    } else {
      result.problems.push({
        message: `Only FOREIGN KEY and CHECK constraints are read here; this ${String(constraint.contype ?? 'constraint')
          .replace(/^CONSTR_/, '')
          .toLowerCase()} constraint is ignored.`,
        range,
        severity: 'warning',
      });
    }
  }
}
