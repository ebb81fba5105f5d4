/**
 * The words of the data-model format that both the reader and the writer use: section
 * titles, table headers, the security prefix, sensitivity words and key markers. Keeping
 * them in one place is what makes `read(write(m))` hold.
 */
import type { IndexColumn, Sensitivity, SortDirection } from '../model/types';

export const SECTION = {
  diagram: 'Entity Relationship Diagram',
  entities: 'Entity Definitions',
  indexes: 'Indexes',
  constraints: 'Constraints',
  security: 'Security Annotations',
  typeGuidelines: 'Data Type Guidelines',
  audit: 'Audit Trail',
} as const;

export type SectionKey = keyof typeof SECTION;

/** In document order; every one is required (DM002 when missing). */
export const SECTION_ORDER: readonly SectionKey[] = [
  'diagram',
  'entities',
  'indexes',
  'constraints',
  'security',
  'typeGuidelines',
  'audit',
];

const SECTION_BY_TITLE = new Map<string, SectionKey>(
  SECTION_ORDER.map((key) => [SECTION[key].toLowerCase(), key]),
);

/**
 * The section a heading or a plain line names, if any. Tolerates the flattened copy's
 * forms: `## Indexes`, `Indexes`, `**Indexes**`, `Indexes:`.
 */
export function sectionTitled(text: string): SectionKey | undefined {
  const normalised = text
    .trim()
    .replace(/^#+\s*/, '')
    .replace(/^\*\*(.*)\*\*$/, '$1')
    .replace(/:$/, '')
    .trim()
    .toLowerCase();
  return SECTION_BY_TITLE.get(normalised);
}

export const HEADER_TITLE_PREFIX = 'Data Model:';

export const COLUMN_TABLE_HEADER = ['Column', 'Type', 'Nullable', 'Default', 'Description'] as const;
export const INDEX_TABLE_HEADER = ['Index Name', 'Table', 'Columns', 'Type', 'Purpose'] as const;
export const SECURITY_TABLE_FIXED_HEADER = ['Table', 'Sensitivity'] as const;
export const ROLE_ACCESS_SUFFIX = ' Access';
export const GUIDELINE_TABLE_HEADER_START = ['Use Case', 'PostgreSQL Type'] as const;

/** Written in the Default cell when a column has no default. */
export const NO_DEFAULT = '—';

export const AUDIT_INTRO = 'All tables include:';
/** Title of the optional fence of `CREATE TYPE … AS ENUM` and `CREATE DOMAIN` statements in Constraints. */
export const TYPES_TITLE = '**Enum and Domain Types:**';

/**
 * Partitioning, as paragraphs under a table. A partitioned table says its key; each partition
 * is a table of its own (its own heading, columns as the parent gives them, its own foreign keys
 * and indexes) that says its parent and bound:
 *   `**Partitioned by**: RANGE (payment_date)`
 *   `**Partition of**: payment FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')`
 */
export const PARTITIONED_BY_PREFIX = '**Partitioned by**: ';
export const PARTITION_OF_PREFIX = '**Partition of**: ';

const QUALIFIED_NAME = /^((?:"(?:[^"]|"")*"|[^\s."]+)(?:\.(?:"(?:[^"]|"")*"|[^\s."]+))?)\s+([\s\S]+)$/;

/** Reads a partitioning paragraph (one line, as the writer writes it); undefined for any other text. */
export function partitionParagraph(text: string): { partitionBy: string } | { partitionOf: string; partitionBound: string } | undefined {
  if (text.includes('\n')) return undefined;
  if (text.startsWith(PARTITIONED_BY_PREFIX)) {
    const key = text.slice(PARTITIONED_BY_PREFIX.length).trim();
    return key === '' ? undefined : { partitionBy: key };
  }
  if (text.startsWith(PARTITION_OF_PREFIX)) {
    const match = QUALIFIED_NAME.exec(text.slice(PARTITION_OF_PREFIX.length).trim());
    if (!match) return undefined;
    const parent = match[1]!
      .match(/"(?:[^"]|"")*"|[^."]+/g)!
      .map((part) => (part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part))
      .join('.');
    return { partitionOf: parent, partitionBound: match[2]!.trim() };
  }
  return undefined;
}
export const FOREIGN_KEYS_TITLE = '**Foreign Keys:**';
export const CHECKS_TITLE = '**Check Constraints:**';

/** `⚠️ **Security**: ` as written; the reader also takes `⚠️ Security:` and `**Security:**`. */
export const SECURITY_NOTE_PREFIX = '⚠️ **Security**: ';

/**
 * Recognise a security paragraph's first line and return the text after the prefix
 * (possibly empty: the flattened copy puts the text on the next line).
 */
export function securityNoteText(line: string): string | undefined {
  const match = /^(?:⚠\uFE0F?\s*)?(?:\*\*Security\*\*\s*:|\*\*Security:\*\*|Security\s*:)\s*(.*)$/u.exec(line.trim());
  if (!match) return undefined;
  // Without the warning sign only the bold forms count, so a note that starts with the
  // word "Security:" is not mistaken for the security paragraph.
  if (!line.trim().startsWith('⚠') && !line.trim().startsWith('**')) return undefined;
  return match[1]!.trim();
}

// ─── Sensitivity ───────────────────────────────────────────────────────────

/** Security-table words, case-insensitive. `Sensitive` is the reference's word for High. */
export function sensitivityFromWord(word: string): Sensitivity | undefined {
  switch (word.trim().toLowerCase()) {
    case 'low':
      return 'Low';
    case 'medium':
      return 'Medium';
    case 'high':
    case 'sensitive':
      return 'High';
    case 'critical':
      return 'CRITICAL';
    default:
      return undefined;
  }
}

/** The description prefix written for a column's sensitivity; Low writes none. */
export function sensitivityPrefix(sensitivity: Sensitivity | undefined): string {
  switch (sensitivity) {
    case 'CRITICAL':
      return 'CRITICAL — ';
    case 'High':
      return 'HIGH — ';
    case 'Medium':
      return 'MEDIUM — ';
    default:
      return '';
  }
}

/**
 * Split a description into its sensitivity prefix and the rest. Only the upper-case words
 * count, so an ordinary sentence starting with "High" is left alone.
 */
export function splitSensitivityPrefix(description: string): { sensitivity?: Sensitivity; description: string } {
  const match = /^(CRITICAL|HIGH|SENSITIVE|MEDIUM)\s*[—–]\s*/.exec(description);
  if (!match) return { description };
  return { sensitivity: sensitivityFromWord(match[1]!)!, description: description.slice(match[0].length) };
}

// ─── Column cells ──────────────────────────────────────────────────────────

export type KeyMarker = 'PK' | 'FK' | 'UK';

/** Split `VARCHAR(64) UK` or `INT PK, FK` into the type and its key markers. */
export function splitTypeCell(cell: string): { type: string; keys: Set<KeyMarker> } {
  const keys = new Set<KeyMarker>();
  let type = cell.trim();
  for (;;) {
    const match = /(?:^|[\s,]+)(PK|FK|UK)\s*$/i.exec(type);
    // A bare `PK` with nothing before it is not a type with a marker.
    if (!match || match.index === 0) break;
    keys.add(match[1]!.toUpperCase() as KeyMarker);
    type = type.slice(0, match.index).replace(/[\s,]+$/, '');
  }
  return { type, keys };
}

export function formatTypeCell(type: string, primaryKey: boolean, foreignKey: boolean, unique: boolean): string {
  const markers: KeyMarker[] = [];
  if (primaryKey) markers.push('PK');
  if (foreignKey) markers.push('FK');
  if (unique) markers.push('UK');
  return markers.length === 0 ? type : `${type} ${markers.join(', ')}`;
}

/** `Yes`/`No`, also `NULL`/`NOT NULL`, any case; undefined when the cell is neither. */
export function nullableFromCell(cell: string): boolean | undefined {
  switch (cell.trim().toLowerCase().replace(/\s+/g, ' ')) {
    case 'yes':
    case 'null':
      return true;
    case 'no':
    case 'not null':
      return false;
    default:
      return undefined;
  }
}

/** `—`, `–`, `-` and an empty cell mean "no default". */
export function defaultFromCell(cell: string): string | undefined {
  const trimmed = cell.trim();
  return trimmed === '' || trimmed === '—' || trimmed === '–' || trimmed === '-' ? undefined : trimmed;
}

// ─── Index cells ───────────────────────────────────────────────────────────

/** `UNIQUE BTREE` → unique BTREE; an empty cell or a bare `UNIQUE` means BTREE. */
export function indexTypeFromCell(cell: string): { unique: boolean; method: string } {
  const words = cell.trim().split(/\s+/).filter((word) => word.length > 0);
  let unique = false;
  const rest: string[] = [];
  for (const word of words) {
    if (word.toUpperCase() === 'UNIQUE') unique = true;
    else rest.push(word.toUpperCase());
  }
  return { unique, method: rest.length > 0 ? rest.join(' ') : 'BTREE' };
}

export function formatIndexType(unique: boolean, method: string): string {
  return unique ? `UNIQUE ${method}` : method;
}

/**
 * Parse `(task_id, score DESC) WHERE score IS NOT NULL`. Commas and parentheses inside
 * expressions (`lower(email)`, `coalesce(a, b)`) and inside quotes are respected.
 * Returns undefined when the cell has no balanced parenthesised list.
 */
export function indexColumnsFromCell(cell: string): { columns: IndexColumn[]; where?: string; rest?: string } | undefined {
  const text = cell.trim();
  let inner: string;
  let after: string;
  if (text.startsWith('(')) {
    const close = matchingParen(text, 0);
    if (close < 0) return undefined;
    inner = text.slice(1, close);
    after = text.slice(close + 1).trim();
  } else {
    // Tolerate a list written without parentheses: `task_id, user_id`.
    const where = /\s+WHERE\s+/i.exec(text);
    inner = where ? text.slice(0, where.index) : text;
    after = where ? text.slice(where.index).trim() : '';
  }
  const columns: IndexColumn[] = [];
  for (const part of splitTopLevel(inner, ',')) {
    const item = part.trim();
    if (item === '') continue;
    const direction = /\s+(ASC|DESC)$/i.exec(item);
    if (direction) {
      columns.push({ name: item.slice(0, direction.index).trim(), direction: direction[1]!.toUpperCase() as SortDirection });
    } else {
      columns.push({ name: item });
    }
  }
  const result: { columns: IndexColumn[]; where?: string; rest?: string } = { columns };
  if (after !== '') {
    const where = /^WHERE\s+([\s\S]+)$/i.exec(after);
    if (where) result.where = where[1]!.trim();
    else result.rest = after;
  }
  return result;
}

export function formatIndexColumns(columns: readonly IndexColumn[], where: string | undefined): string {
  const list = columns.map((column) => (column.direction ? `${column.name} ${column.direction}` : column.name)).join(', ');
  return where === undefined ? `(${list})` : `(${list}) WHERE ${where}`;
}

/** Index of the parenthesis closing the one at `open`, skipping quoted text; -1 if none. */
export function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) break;
      i = end;
    } else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The ORM's name as the guideline table's third column says it: `SQLAlchemy (async)` → `SQLAlchemy`. */
export function ormTypeColumnTitle(orm: string): string {
  const name = orm.trim().split(/\s+/)[0] ?? '';
  return `${name === '' ? 'ORM' : name} Type`;
}
