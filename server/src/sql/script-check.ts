/**
 * The last gate before a compiled script is exported or run: the whole script, exactly as it
 * would be sent or saved, is parsed with the real PostgreSQL parser and must consist of exactly
 * the statements the compiler meant, in order: the same number, each spanning exactly its own
 * text, of the kind it was meant to be (CREATE TABLE, ALTER TABLE, CREATE INDEX, GRANT…) and
 * acting on the object it was meant to (the table, schema, type or function). A statement that
 * slipped in through any fragment, however it was lexed, fails this check.
 */
import { parseSync } from 'libpg-query';
import { isSqlParserLoaded } from '../markdown/sql-fences';
import type { DdlStatement } from './statements';

type AnyNode = Record<string, unknown>;

interface RawStatement {
  stmt?: AnyNode;
  stmt_location?: number;
  stmt_len?: number;
}

/** Why a script is not the statements meant; `statement` (an index) and `offset` (into its text) when known. */
export interface ScriptMismatch {
  message: string;
  statement?: number;
  offset?: number;
}

/** Why `sql` is not the statements meant, or undefined when it is exactly them. */
export function checkScript(sql: string, statements: readonly DdlStatement[]): ScriptMismatch | undefined {
  if (!isSqlParserLoaded()) throw new Error('The SQL parser is not loaded (await loadSqlParser() first)');
  let parsed: RawStatement[];
  try {
    parsed = (parseSync(sql) as { stmts?: RawStatement[] }).stmts ?? [];
  } catch (error) {
    return unparsable(statements) ?? { message: `it does not parse (${error instanceof Error ? error.message : String(error)})` };
  }
  if (parsed.length !== statements.length) return { message: `it holds ${parsed.length} statements where ${statements.length} were written` };
  const bytes = Buffer.from(sql, 'utf8');
  for (let i = 0; i < statements.length; i++) {
    const meant = statements[i]!;
    const raw = parsed[i]!;
    const start = raw.stmt_location ?? 0;
    const text = bytes.subarray(start, raw.stmt_len ? start + raw.stmt_len : bytes.length).toString('utf8');
    const where = `statement ${i + 1} (${meant.what})`;
    const [kind, node] = only(raw.stmt);
    const mismatch = (message: string): ScriptMismatch => ({ message: `${where} ${message}`, statement: i });
    if (kind !== meant.expect.kind) return mismatch(`parses as ${kind}, not ${meant.expect.kind}`);
    const target = targetOf(kind, node);
    if (meant.expect.target !== undefined && target !== meant.expect.target) {
      return mismatch(`acts on ${target === undefined ? 'something else' : `"${target}"`}, not "${meant.expect.target}"`);
    }
    const extra = extraneous(kind, node);
    if (extra) return mismatch(extra);
    if (text.trim().replace(/;$/, '').trim() !== meant.sql.trim()) return mismatch('does not span exactly its own text');
  }
  return undefined;
}

/**
 * The first statement that does not parse on its own, with the parser's message and where in the
 * statement it stopped: a name PostgreSQL rejects (a zero-length "" column name) is the user's
 * error to see on its element, as the server would have reported it.
 */
function unparsable(statements: readonly DdlStatement[]): ScriptMismatch | undefined {
  for (let i = 0; i < statements.length; i++) {
    try {
      parseSync(statements[i]!.sql);
    } catch (error) {
      const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
      return { message: error instanceof Error ? error.message : String(error), statement: i, offset: details?.cursorPosition };
    }
  }
  return undefined;
}

/** The object a statement acts on, named as the model names it. */
function targetOf(kind: string, node: AnyNode): string | undefined {
  switch (kind) {
    case 'CreateStmt':
    case 'AlterTableStmt':
    case 'IndexStmt':
    case 'CreateTrigStmt':
      return relationName(node.relation);
    case 'CreatePolicyStmt':
      return relationName(node.table);
    case 'CreateSchemaStmt':
      return typeof node.schemaname === 'string' ? node.schemaname : undefined;
    case 'CreateEnumStmt':
      return names(node.typeName);
    case 'CreateDomainStmt':
      return names(node.domainname);
    case 'CreateFunctionStmt':
      return names(node.funcname);
    case 'GrantStmt': {
      const objects = list(node.objects);
      if (objects.length !== 1) return undefined;
      return node.objtype === 'OBJECT_SCHEMA' ? stringOf(objects[0]!) : relationName(objects[0]!.RangeVar);
    }
    default:
      return undefined;
  }
}

/** What a statement of an expected kind may not do besides its one job. */
function extraneous(kind: string, node: AnyNode): string | undefined {
  if (kind === 'AlterTableStmt' && list(node.cmds).length !== 1) return 'makes more than one change';
  if (kind === 'GrantStmt' && list(node.grantees).length !== 1) return 'grants to more than one role';
  return undefined;
}

function relationName(value: unknown): string | undefined {
  const relation = value as { schemaname?: string; relname?: string } | undefined;
  if (!relation?.relname) return undefined;
  return relation.schemaname ? `${relation.schemaname}.${relation.relname}` : relation.relname;
}

function names(value: unknown): string | undefined {
  const parts = list(value).map(stringOf);
  return parts.length > 0 ? parts.join('.') : undefined;
}

function only(node: AnyNode | undefined): [string, AnyNode] {
  const keys = Object.keys(node ?? {});
  return keys.length === 1 ? [keys[0]!, (node![keys[0]!] as AnyNode) ?? {}] : ['(nothing)', {}];
}

function list(value: unknown): AnyNode[] {
  return Array.isArray(value) ? (value as AnyNode[]) : [];
}

function stringOf(node: AnyNode): string {
  const value = (node.String as { sval?: string } | undefined)?.sval;
  return typeof value === 'string' ? value : '';
}
