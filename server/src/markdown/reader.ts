/**
 * data-model.md → DataModel.
 *
 * `blocks.ts` turns the text into a flat list of located blocks; this file walks that list
 * section by section and fills the model. It accepts the format as the writer writes it and
 * the flattened reference copy (section titles and table names as plain lines, an unfenced
 * diagram and unfenced SQL), and reports what it cannot understand as located Problems.
 * It never throws.
 */
import type {
  Access,
  Column,
  DataModel,
  Entity,
  Index,
  Problem,
  SecurityAnnotation,
  SourceRange,
  TypeGuideline,
} from '../model/types';
import { appendAll, emptyModel, rangeOf } from '../model/util';
import { parseAccess, resolveOwners } from '../model/access';
import { parseErDiagram, unfencedDiagramLength, type DiagramSourceLine } from '../mermaid/parse';
import { readBlocks, sourceLines, type Block, type FenceBlock, type LineBlock, type TableBlock, type TableRow } from './blocks';
import { isSqlParserLoaded, readConstraintSql } from './sql-fences';
import {
  HEADER_TITLE_PREFIX,
  ROLE_ACCESS_SUFFIX,
  SECTION,
  SECTION_ORDER,
  defaultFromCell,
  indexColumnsFromCell,
  indexTypeFromCell,
  nullableFromCell,
  partitionParagraph,
  sectionTitled,
  securityNoteText,
  sensitivityFromWord,
  splitSensitivityPrefix,
  splitTypeCell,
  type SectionKey,
} from './vocabulary';

export interface ReadResult {
  model: DataModel;
  problems: Problem[];
}

/** Read a data-model document. Never throws: surprises become Problems. */
export function readMarkdown(text: string): ReadResult {
  const model = emptyModel();
  const problems: Problem[] = [];
  try {
    const { normalized, lines } = sourceLines(typeof text === 'string' ? text : String(text ?? ''));
    const blocks = readBlocks(normalized, lines);
    new DocumentReader(lines, blocks, model, problems).read();
  } catch (error) {
    problems.push({
      message: `Internal error while reading the document: ${error instanceof Error ? error.message : String(error)}`,
      range: rangeOf(0, 0, 0, 0),
      severity: 'error',
    });
  }
  return { model, problems };
}

type Zone = SectionKey | 'header' | 'other';

/** Paragraph lines being collected into one note (or the security note) of an entity. */
interface PendingText {
  paragraph: number;
  lines: string[];
  security: boolean;
}

interface EntityInProgress {
  entity: Entity;
  hasTable: boolean;
  pending?: PendingText;
}

const HEADER_FIELD =
  /^(?:\*\*(Database|ORM|Date|Spec Reference)\*\*\s*:|\*\*(Database|ORM|Date|Spec Reference):\*\*|(Database|ORM|Date|Spec Reference)\s*:)\s*(.*)$/i;
const SQL_STATEMENT_START = /^(ALTER|CREATE|COMMENT|DROP)\s/i;
const CONSTRAINT_SUBTITLE = /^\**\s*(Foreign Keys|Check Constraints|Enum and Domain Types)\s*:?\s*\**\s*:?$/i;
const AUDIT_INTRO_LINE = /^all tables include\s*:?$/i;
const TABLE_NAME_LINE = /^`?[\w."$-]+`?$/;
/** `users (extends 001)`, `` `users` (extends 001-auth) ``. */
const EXTENDS_HEADING = /^(\S+)\s+\(\s*extends\s+([^()\s][^()]*)\)$/i;

class DocumentReader {
  private zone: Zone | undefined;
  private readonly seen = new Set<SectionKey>();
  private headerSeen = false;
  private headerRangeStart: SourceRange | undefined;
  private current: EntityInProgress | undefined;
  private diagramRead = false;
  private sqlParserProblemReported = false;
  private auditIntroParagraph = -1;
  private auditColumnContinues = false;
  private readonly auditNote: { paragraph: number; lines: string[] }[] = [];
  private auditRange: SourceRange | undefined;

  constructor(
    private readonly lines: readonly string[],
    private readonly blocks: readonly Block[],
    private readonly model: DataModel,
    private readonly problems: Problem[],
  ) {}

  read(): void {
    for (let i = 0; i < this.blocks.length; i++) {
      i = this.readBlock(i);
    }
    this.finishEntity();
    this.finishAudit();
    this.reportMissingSections();
    // Whose a row is depends on columns and foreign keys, which may come after the annotations.
    resolveOwners(this.model);
  }

  /** Read the block at `i`; returns the index of the last block consumed. */
  private readBlock(i: number): number {
    const block = this.blocks[i]!;
    switch (block.kind) {
      case 'heading':
        this.readHeading(block.level, block.text, block.range);
        return i;
      case 'line':
        return this.readLine(i, block);
      case 'table':
        this.readTable(block);
        return i;
      case 'fence':
        this.readFence(block);
        return i;
      case 'other':
        if (this.zone === 'entities' && this.current) {
          this.flushPending();
          this.current.entity.notes.push(block.text);
          this.extendEntity(block.range);
        } else if (this.zone === 'audit') {
          this.auditNote.push({ paragraph: -1 - i, lines: [block.text] });
          this.extendAudit(block.range);
        }
        return i;
      case 'rule':
        if (this.zone === 'header') this.zone = 'other';
        return i;
    }
  }

  // ─── Sections and header ───────────────────────────────────────────────

  private enterSection(key: SectionKey, range: SourceRange): void {
    this.finishEntity();
    if (this.seen.has(key)) {
      this.problems.push({ message: `The section "${SECTION[key]}" appears more than once.`, range, severity: 'warning' });
    }
    this.seen.add(key);
    this.zone = key;
    if (key === 'audit') this.auditRange = range;
  }

  private readHeading(level: number, text: string, range: SourceRange): void {
    if (level === 1 && text.toLowerCase().startsWith(HEADER_TITLE_PREFIX.toLowerCase())) {
      this.finishEntity();
      this.model.header.domain = text.slice(HEADER_TITLE_PREFIX.length).trim();
      this.model.header.range = range;
      this.headerRangeStart = range;
      this.headerSeen = true;
      this.zone = 'header';
      return;
    }
    const section = sectionTitled(text);
    // `### indexes` inside Entity Definitions is a table called "indexes", not a section.
    if (section && (level <= 2 || this.zone !== 'entities')) {
      this.enterSection(section, range);
      return;
    }
    if (this.zone === 'entities' && level >= 3) {
      this.startEntity(stripBackticks(text), range);
      return;
    }
    // Any other heading ends what we were in; its content is not part of the format.
    this.finishEntity();
    if (level <= 2) this.zone = 'other';
  }

  private readHeaderField(block: LineBlock): boolean {
    const match = HEADER_FIELD.exec(block.text);
    if (!match) return false;
    const key = (match[1] ?? match[2] ?? match[3]!).toLowerCase();
    const value = match[4]!.trim();
    const header = this.model.header;
    if (key === 'database') header.database = value;
    else if (key === 'orm') header.orm = value;
    else if (key === 'date') header.date = value;
    else header.specReference = value;
    if (this.headerRangeStart) header.range = spanning(this.headerRangeStart, block.range);
    return true;
  }

  // ─── Lines ─────────────────────────────────────────────────────────────

  private readLine(i: number, block: LineBlock): number {
    const nextIsColumnTable = this.isColumnTableAt(i + 1);
    const section = sectionTitled(block.text);
    // A section title written as a plain line (the flattened copy), unless it is a table
    // name right before its column table.
    if (section && !(nextIsColumnTable && this.zone === 'entities')) {
      this.enterSection(section, block.range);
      return i;
    }
    switch (this.zone) {
      case 'header':
        if (!this.readHeaderField(block)) this.zone = 'other';
        return i;
      case 'diagram':
        if (block.text === 'erDiagram') return this.readUnfencedDiagram(i);
        return i;
      case 'entities':
        this.readEntityLine(block, nextIsColumnTable);
        return i;
      case 'constraints':
        if (CONSTRAINT_SUBTITLE.test(block.text)) return i;
        if (SQL_STATEMENT_START.test(block.text)) return this.readUnfencedSql(i);
        return i;
      case 'audit':
        this.readAuditLine(block);
        return i;
      default:
        return i;
    }
  }

  private isColumnTableAt(i: number): boolean {
    const block = this.blocks[i];
    return block?.kind === 'table' && isColumnTable(block);
  }

  // ─── Diagram ───────────────────────────────────────────────────────────

  private readDiagram(source: DiagramSourceLine[], range: SourceRange): void {
    if (this.diagramRead) {
      this.problems.push({ message: 'Only the first erDiagram is read; this one is ignored.', range, severity: 'warning' });
      return;
    }
    this.diagramRead = true;
    const { diagram, problems } = parseErDiagram(source);
    diagram.range = range;
    this.model.diagram = diagram;
    appendAll(this.problems, problems);
  }

  /** `erDiagram` as a paragraph: it runs as far as the lines fit the diagram grammar. */
  private readUnfencedDiagram(i: number): number {
    let last = i;
    while (
      last + 1 < this.blocks.length &&
      this.blocks[last + 1]!.kind === 'line' &&
      (this.blocks[last + 1] as LineBlock).line === (this.blocks[last] as LineBlock).line + 1
    ) {
      last++;
    }
    const candidates = this.blocks.slice(i, last + 1) as LineBlock[];
    const length = unfencedDiagramLength(candidates.map((block) => block.text));
    const used = candidates.slice(0, Math.max(1, length));
    const source = used.map((block) => ({ text: block.text, line: block.line, character: block.range.start.character }));
    this.readDiagram(source, spanning(used[0]!.range, used[used.length - 1]!.range));
    return i + used.length - 1;
  }

  // ─── Fences ────────────────────────────────────────────────────────────

  private readFence(block: FenceBlock): void {
    if (!block.closed && block.language === 'mermaid') {
      // `contentEnd` is 0-based and exclusive, so it is also the 1-based number of the
      // diagram's last line, which is what a person reading the message counts.
      this.problems.push({
        message: `This diagram fence is never closed; the diagram is taken to end at line ${block.contentEnd}.`,
        range: rangeOf(block.range.start.line, 0, block.range.start.line, (this.lines[block.range.start.line] ?? '').length),
        severity: 'warning',
      });
    }
    if (this.zone === 'diagram' && block.language === 'mermaid') {
      const source: DiagramSourceLine[] = [];
      for (let line = block.contentStart; line < block.contentEnd; line++) source.push({ text: this.lines[line]!, line });
      this.readDiagram(source, block.range);
      return;
    }
    if (this.zone === 'constraints' && (block.language === 'sql' || block.language === '')) {
      this.readSql(block.contentStart, block.contentEnd, block.range);
      return;
    }
    if (this.zone === 'audit') {
      const columns = this.lines
        .slice(block.contentStart, block.contentEnd)
        .map((line) => line.trim())
        .filter((line) => line !== '');
      // Columns are joined by `,\n`: strip that comma, not one that belongs to the last column.
      appendAll(this.model.audit.columns, columns.map((column, k) => (k < columns.length - 1 ? column.replace(/,$/, '') : column)));
      this.extendAudit(block.range);
      return;
    }
    if (this.zone === 'entities' && this.current) {
      this.flushPending();
      this.current.entity.notes.push(this.lines.slice(block.range.start.line, block.range.end.line + 1).join('\n'));
      this.extendEntity(block.range);
    }
  }

  // ─── Constraints ───────────────────────────────────────────────────────

  private readSql(firstLine: number, endLine: number, range: SourceRange): void {
    if (!isSqlParserLoaded()) {
      if (!this.sqlParserProblemReported) {
        this.sqlParserProblemReported = true;
        this.problems.push({
          message: 'The SQL parser is not loaded (await loadSqlParser() at startup), so constraints were not read.',
          range,
          severity: 'warning',
        });
      }
      return;
    }
    const result = readConstraintSql(this.lines, firstLine, endLine);
    appendAll(this.model.foreignKeys, result.foreignKeys);
    appendAll(this.model.checks, result.checks);
    // Left absent when there are none, as generated models have them.
    if (result.enums.length > 0) appendAll((this.model.enums ??= []), result.enums);
    if (result.domains.length > 0) appendAll((this.model.domains ??= []), result.domains);
    appendAll(this.problems, result.problems);
  }

  /**
   * SQL written as paragraph lines (the flattened copy): from an `ALTER TABLE` line, on
   * through the lines of an unfinished statement and any directly following statements.
   */
  private readUnfencedSql(i: number): number {
    let last = i;
    let open = !(this.blocks[i] as LineBlock).text.endsWith(';');
    for (;;) {
      const next = this.blocks[last + 1];
      const previous = this.blocks[last] as LineBlock;
      if (next?.kind !== 'line' || next.line !== previous.line + 1) break;
      if (!open && !SQL_STATEMENT_START.test(next.text)) break;
      last++;
      open = !next.text.endsWith(';');
    }
    const first = (this.blocks[i] as LineBlock).line;
    const end = (this.blocks[last] as LineBlock).line + 1;
    this.readSql(first, end, rangeOf(first, 0, end - 1, (this.lines[end - 1] ?? '').length));
    return last;
  }

  // ─── Entities ──────────────────────────────────────────────────────────

  private startEntity(heading: string, range: SourceRange): void {
    this.finishEntity();
    // `### users (extends 001)`: columns added to a table another feature defines.
    const extension = EXTENDS_HEADING.exec(heading);
    const name = extension ? stripBackticks(extension[1]!) : heading;
    const entity: Entity = { name, columns: [], notes: [], range, headingRange: range };
    if (extension) entity.extends = extension[2]!.trim();
    this.model.entities.push(entity);
    this.current = { entity, hasTable: false };
  }

  private finishEntity(): void {
    if (!this.current) return;
    this.flushPending();
    this.current = undefined;
  }

  private extendEntity(range: SourceRange): void {
    const entity = this.current?.entity;
    if (entity?.range) entity.range = spanning(entity.range, range);
  }

  private flushPending(): void {
    const current = this.current;
    const pending = current?.pending;
    if (!current || !pending) return;
    current.pending = undefined;
    const text = pending.lines.join('\n');
    const partition = pending.security ? undefined : partitionParagraph(text);
    if (pending.security) {
      if (current.entity.securityNote !== undefined) current.entity.notes.push(text);
      else current.entity.securityNote = text;
    } else if (partition && !('partitionBy' in partition ? current.entity.partitionBy : current.entity.partitionOf)) {
      Object.assign(current.entity, partition);
    } else {
      current.entity.notes.push(text);
    }
  }

  private readEntityLine(block: LineBlock, nextIsColumnTable: boolean): void {
    // A plain line right before a column table names the table (the flattened copy),
    // unless the current table is still waiting for its column table.
    if (nextIsColumnTable && TABLE_NAME_LINE.test(block.text) && (!this.current || this.current.hasTable)) {
      this.startEntity(stripBackticks(block.text), block.range);
      return;
    }
    if (!this.current) return; // prose before the first table
    const pending = this.current.pending;
    if (pending && pending.paragraph === block.paragraph) {
      pending.lines.push(block.text);
      this.extendEntity(block.range);
      return;
    }
    this.flushPending();
    const security = securityNoteText(block.text);
    if (security !== undefined) {
      this.current.pending = { paragraph: block.paragraph, lines: security === '' ? [] : [security], security: true };
    } else {
      this.current.pending = { paragraph: block.paragraph, lines: [block.text], security: false };
    }
    this.extendEntity(block.range);
  }

  private readColumnTable(table: TableBlock): void {
    if (this.zone !== 'entities') {
      this.problems.push({
        message: 'A column table outside "Entity Definitions" is ignored.',
        range: table.header.range,
        severity: 'warning',
      });
      return;
    }
    const current = this.current;
    if (!current || current.hasTable) {
      this.problems.push({
        message: 'This column table has no table name before it (`### <table>`); it is ignored.',
        range: table.header.range,
        severity: 'error',
      });
      return;
    }
    this.flushPending();
    current.hasTable = true;
    this.extendEntity(table.range);

    const position = headerPositions(table.header, ['column', 'type', 'nullable', 'default', 'description']);
    const width = table.header.cells.length;
    for (const row of table.rows) {
      const column = this.readColumnRow(row, position, width);
      if (column) current.entity.columns.push(column);
    }
  }

  private readColumnRow(row: TableRow, at: number[], width: number): Column | undefined {
    const cell = (k: number): string => row.cells[at[k]!]?.text ?? '';
    if (row.cells.length > width) {
      this.rowProblem(row, `This row has ${row.cells.length} cells but the header has ${width}.`);
      return undefined;
    }
    const name = cell(0);
    const typeCell = cell(1);
    const nullableCell = cell(2);
    if (name === '') {
      this.rowProblem(row, 'This row has no column name.');
      return undefined;
    }
    if (typeCell === '') {
      this.rowProblem(row, `Column "${name}" has no type.`);
      return undefined;
    }
    const nullable = nullableFromCell(nullableCell);
    if (nullable === undefined) {
      const lostName = /^[A-Za-z][A-Za-z ]*(\([^)]*\))?(\s+(PK|FK|UK))*$/.test(name) && /[A-Z(]/.test(name) && /\s|\(/.test(name);
      this.rowProblem(
        row,
        lostName
          ? `This row does not match the header: "${name}" looks like a type, so the column name seems to be missing.`
          : `This row does not match the header: Nullable must be Yes or No, not "${nullableCell}".`,
      );
      return undefined;
    }
    const { type, keys } = splitTypeCell(typeCell);
    const { sensitivity, description } = splitSensitivityPrefix(cell(4));
    const column: Column = {
      name,
      type,
      nullable,
      description,
      primaryKey: keys.has('PK'),
      unique: keys.has('UK'),
      foreignKey: keys.has('FK'),
      range: row.range,
    };
    const defaultValue = defaultFromCell(cell(3));
    if (defaultValue !== undefined) column.default = defaultValue;
    if (sensitivity !== undefined) column.sensitivity = sensitivity;
    return column;
  }

  private rowProblem(row: TableRow, message: string): void {
    this.problems.push({ message, range: row.range, severity: 'error', code: 'DM001' });
  }

  // ─── Other tables ──────────────────────────────────────────────────────

  private readTable(table: TableBlock): void {
    const head = table.header.cells.map((cell) => cell.text.toLowerCase());
    const reader = isColumnTable(table)
      ? this.readColumnTable
      : head[0] === 'index name'
        ? this.readIndexTable
        : head[0] === 'table' && head[1] === 'sensitivity'
          ? this.readSecurityTable
          : head[0] === 'use case'
            ? this.readGuidelineTable
            : undefined;
    if (reader) {
      reader.call(this, table);
      return;
    }
    if (this.zone === 'entities' && this.current) {
      // A table of some other shape under an entity: keep it as a note, verbatim.
      this.flushPending();
      this.current.entity.notes.push(this.lines.slice(table.range.start.line, table.range.end.line + 1).join('\n'));
      this.extendEntity(table.range);
      return;
    }
    this.problems.push({ message: 'This table is not part of the data-model format; it is ignored.', range: table.header.range, severity: 'info' });
  }

  private readIndexTable(table: TableBlock): void {
    const width = table.header.cells.length;
    for (const row of table.rows) {
      const cells = row.cells.map((cell) => cell.text);
      if (cells.length > width || cells.length < 3) {
        this.rowProblem(row, `This row has ${cells.length} cells but the header has ${width}.`);
        continue;
      }
      const [name = '', tableName = '', columnsCell = '', typeCell = '', purpose = ''] = cells;
      if (name === '' || tableName === '') {
        this.rowProblem(row, name === '' ? 'This index has no name.' : `Index "${name}" has no table.`);
        continue;
      }
      const columns = indexColumnsFromCell(columnsCell);
      if (!columns || columns.columns.length === 0) {
        this.rowProblem(row, `Cannot read the columns of index "${name}": expected a list like (task_id, score DESC).`);
        continue;
      }
      if (columns.rest !== undefined) {
        this.rowProblem(row, `Index "${name}": "${columns.rest}" after the column list is not understood (only WHERE <predicate>).`);
      }
      const { unique, method } = indexTypeFromCell(typeCell);
      const index: Index = { name, table: tableName, columns: columns.columns, method, unique, purpose, range: row.range };
      if (columns.where !== undefined) index.where = columns.where;
      this.model.indexes.push(index);
    }
  }

  private readSecurityTable(table: TableBlock): void {
    const roles = table.header.cells.slice(2).map((cell) => roleName(cell.text));
    if (this.model.roles.length === 0) this.model.roles = roles;
    const width = table.header.cells.length;
    for (const row of table.rows) {
      const cells = row.cells.map((cell) => cell.text);
      if (cells.length > width || cells.length < 2 || cells[0] === '') {
        this.rowProblem(row, cells[0] === '' ? 'This row has no table name.' : `This row has ${cells.length} cells but the header has ${width}.`);
        continue;
      }
      const sensitivity = sensitivityFromWord(cells[1]!);
      if (!sensitivity) {
        this.rowProblem(row, `Sensitivity "${cells[1]}" is not one of Low, Medium, High, CRITICAL.`);
        continue;
      }
      const access: Record<string, Access> = {};
      roles.forEach((role, k) => {
        const cell = row.cells[2 + k];
        if (!cell || cell.text === '') return;
        access[role] = parseAccess(cell.text);
        if (access[role].level === undefined) {
          this.problems.push({
            message: `Access "${cell.text}" for ${role} on ${cells[0]} has no single meaning: write NONE, Read, Own records, Read/Write (own) or Full.`,
            range: rangeOf(row.line, cell.start, row.line, cell.end),
            severity: 'error',
            code: 'DM001',
          });
        }
      });
      const annotation: SecurityAnnotation = { table: cells[0]!, sensitivity, access, range: row.range };
      this.model.security.push(annotation);
    }
  }

  private readGuidelineTable(table: TableBlock): void {
    const width = table.header.cells.length;
    for (const row of table.rows) {
      const cells = row.cells.map((cell) => cell.text);
      if (cells.length > width || cells[0] === '' || cells.length === 0) {
        this.rowProblem(row, cells[0] === '' ? 'This row has no use case.' : `This row has ${cells.length} cells but the header has ${width}.`);
        continue;
      }
      const [useCase = '', postgresType = '', ormType = '', notes = ''] = cells;
      const guideline: TypeGuideline = { useCase, postgresType, ormType, notes, range: row.range };
      this.model.typeGuidelines.push(guideline);
    }
  }

  // ─── Audit trail ───────────────────────────────────────────────────────

  private extendAudit(range: SourceRange): void {
    this.auditRange = this.auditRange ? spanning(this.auditRange, range) : range;
  }

  private readAuditLine(block: LineBlock): void {
    this.extendAudit(block.range);
    if (AUDIT_INTRO_LINE.test(block.text)) {
      this.auditIntroParagraph = block.paragraph;
      this.auditColumnContinues = true;
      return;
    }
    // Unfenced column lines (the flattened copy): right after the intro, each ending in a
    // comma until the last.
    if (block.paragraph === this.auditIntroParagraph && this.auditColumnContinues && /^"?[A-Za-z_][\w$]*"?\s+\S/.test(block.text)) {
      this.auditColumnContinues = block.text.endsWith(',');
      this.model.audit.columns.push(block.text.replace(/,$/, ''));
      return;
    }
    this.auditColumnContinues = false;
    const last = this.auditNote[this.auditNote.length - 1];
    if (last && last.paragraph === block.paragraph) last.lines.push(block.text);
    else this.auditNote.push({ paragraph: block.paragraph, lines: [block.text] });
  }

  private finishAudit(): void {
    this.model.audit.note = this.auditNote.map((paragraph) => paragraph.lines.join('\n')).join('\n\n');
    if (this.auditRange) this.model.audit.range = this.auditRange;
  }

  // ─── Completeness ──────────────────────────────────────────────────────

  private reportMissingSections(): void {
    const where = this.model.header.range ?? rangeOf(0, 0, 0, (this.lines[0] ?? '').length);
    if (!this.headerSeen) {
      this.problems.push({
        message: `The document has no \`# ${HEADER_TITLE_PREFIX} <domain>\` heading.`,
        range: where,
        severity: 'error',
        code: 'DM002',
      });
    }
    for (const key of SECTION_ORDER) {
      if (this.seen.has(key)) continue;
      this.problems.push({
        message: `The required section "${SECTION[key]}" is missing.`,
        range: where,
        severity: 'error',
        code: 'DM002',
      });
    }
  }
}

function isColumnTable(table: TableBlock): boolean {
  return table.header.cells[0]?.text.toLowerCase() === 'column';
}

/** For each wanted header name, its cell position; falls back to the usual position. */
function headerPositions(header: TableRow, wanted: readonly string[]): number[] {
  const names = header.cells.map((cell) => cell.text.toLowerCase());
  return wanted.map((name, k) => {
    const found = names.indexOf(name);
    return found >= 0 ? found : k;
  });
}

function roleName(headerCell: string): string {
  const suffix = ROLE_ACCESS_SUFFIX.toLowerCase();
  return headerCell.toLowerCase().endsWith(suffix) ? headerCell.slice(0, -suffix.length).trim() : headerCell.trim();
}

function stripBackticks(text: string): string {
  return text.replace(/^`(.*)`$/, '$1').trim();
}

function spanning(from: SourceRange, to: SourceRange): SourceRange {
  return { start: from.start, end: to.end };
}
