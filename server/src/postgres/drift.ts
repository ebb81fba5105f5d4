/**
 * Drift: where a data-model document and the live schema it describes disagree, as problems
 * located in the document. Something the document states that the database lacks (or has
 * differently) is reported on the element's own range; something only the database has is
 * reported on the heading of the section it would go in (found in the document's lines).
 *
 * Both sides are DataModels: the document as read, the database as `introspect` gives it.
 * Before comparing, the document's shorthand is resolved the way the compiler resolves it
 * (`INT` + Default `auto` is an identity column, `UUID` + `auto` defaults to gen_random_uuid()),
 * types are compared by PostgreSQL's canonical names (`INTEGER` = `INT` = `INT4`), and defaults
 * and index expressions case-insensitively outside quotes.
 */
import type { Column, DataModel, Entity, ForeignKey, Index, Problem, SourceRange } from '../model/types';
import { rangeOf } from '../model/util';
import { sectionTitled, type SectionKey } from '../markdown/vocabulary';
import { parseType } from '../rules/postgres-types';
import { roleName } from '../sql/security';
import { ACCESS_TEXT } from '../model/access';
import type { AccessLevel } from '../model/types';
import { DOCUMENT_START } from '../sql/statements';

export interface DiffOptions {
  /** The document's lines, to place what only the database has on its section's heading. */
  lines?: readonly string[];
}

export function diff(document: DataModel, live: DataModel, options: DiffOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const where = sectionHeadings(options.lines ?? [], document);
  const report = (message: string, range: SourceRange | undefined, severity: Problem['severity']) =>
    problems.push({ message, range: range ?? DOCUMENT_START, severity, code: 'drift' });

  const liveTables = new Map(live.entities.map((e) => [e.name, e]));
  const documentTables = new Set(document.entities.map((e) => e.name));
  for (const entity of document.entities) {
    const actual = liveTables.get(entity.name);
    if (!actual) {
      report(`Table ${entity.name} is not in the database`, entity.headingRange ?? entity.range, 'error');
      continue;
    }
    compareColumns(entity, actual, report);
  }
  for (const entity of live.entities) {
    if (!documentTables.has(entity.name)) report(`Table ${entity.name} is in the database but not in the document`, where('entities'), 'warning');
  }

  compareIndexes(document, live, where('indexes'), report);
  compareForeignKeys(document, live, where('constraints'), report);
  compareChecks(document, live, report);
  compareAccess(document, live, where('security'), report);
  return problems;
}

type Report = (message: string, range: SourceRange | undefined, severity: Problem['severity']) => void;

/** The range of each section's heading, falling back to the document's header. */
function sectionHeadings(lines: readonly string[], document: DataModel): (key: SectionKey) => SourceRange {
  const found = new Map<SectionKey, SourceRange>();
  lines.forEach((line, i) => {
    if (!/^#{1,3}\s/.test(line)) return;
    const key = sectionTitled(line);
    if (key && !found.has(key)) found.set(key, rangeOf(i, 0, i, line.length));
  });
  return (key) => found.get(key) ?? document.header.range ?? DOCUMENT_START;
}

// ─── Columns ─────────────────────────────────────────────────────────────

/** A column as it is in the database once compiled: identity and defaults made explicit. */
export interface Resolved {
  type: string;
  identity?: 'ALWAYS' | 'BY DEFAULT';
  default?: string;
}

export function resolve(column: Column): Resolved {
  const type = column.type.trim();
  const identity = /\bGENERATED\s+(ALWAYS|BY\s+DEFAULT)\s+AS\s+IDENTITY\b/i.exec(type)?.[1]?.toUpperCase().replace(/\s+/, ' ') as Resolved['identity'];
  const written = column.default?.trim();
  const base = parseType(type).base;
  let defaultText = written === undefined || /^null$/i.test(written) ? undefined : written;
  if (defaultText !== undefined && /^auto$/i.test(defaultText)) {
    if (['INTEGER', 'SMALLINT', 'BIGINT'].includes(base) && !identity) return { type, identity: 'BY DEFAULT' };
    if (base === 'UUID') defaultText = 'gen_random_uuid()';
    else defaultText = undefined; // SERIAL: the type says it
  }
  return { type, identity, default: defaultText };
}

/** Canonical type: base name, modifier, array; serials are integers with their own default. */
export function typeKey(type: string): string {
  const parsed = parseType(type);
  const generated = /\bGENERATED\s+ALWAYS\s+AS\s*\(/i.test(type) ? ' generated' : '';
  return `${parsed.base}${parsed.modifier !== undefined ? `(${parsed.modifier})` : ''}${parsed.array ? '[]' : ''}${generated}`.toLowerCase();
}

/** Case folded and spaces collapsed outside quotes, so `now()` and `NOW()` agree but `'A'` and `'a'` do not. */
export function sqlKey(text: string): string {
  return text
    .trim()
    .split(/('(?:[^']|'')*'|"(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.toLowerCase().replace(/\s+/g, ' ').replace(/\s*([(),=<>])\s*/g, '$1')))
    .join('');
}

function compareColumns(entity: Entity, actual: Entity, report: Report): void {
  const liveColumns = new Map(actual.columns.map((c) => [c.name, c]));
  const names = new Set(entity.columns.map((c) => c.name));
  for (const column of entity.columns) {
    const live = liveColumns.get(column.name);
    const at = column.range ?? entity.headingRange;
    if (!live) {
      report(`Column ${entity.name}.${column.name} is not in the database`, at, 'error');
      continue;
    }
    const want = resolve(column);
    const have = resolve(live);
    if (typeKey(want.type) !== typeKey(have.type)) {
      report(`Column ${entity.name}.${column.name}: the document says ${column.type}, the database has ${live.type}`, at, 'error');
    } else if (want.identity !== have.identity) {
      const say = (r: Resolved) => (r.identity ? `GENERATED ${r.identity} AS IDENTITY` : 'no identity');
      report(`Column ${entity.name}.${column.name}: the document says ${say(want)}, the database has ${say(have)}`, at, 'error');
    }
    // A primary key column is NOT NULL whatever its cell says.
    const wantNullable = column.nullable && !column.primaryKey;
    if (wantNullable !== live.nullable) {
      report(
        `Column ${entity.name}.${column.name}: the document says ${wantNullable ? 'nullable' : 'NOT NULL'}, the database has ${live.nullable ? 'nullable' : 'NOT NULL'}`,
        at,
        'error',
      );
    }
    if ((want.default === undefined ? '' : sqlKey(want.default)) !== (have.default === undefined ? '' : sqlKey(have.default))) {
      report(
        `Column ${entity.name}.${column.name}: the document's default is ${want.default ?? 'none'}, the database's is ${have.default ?? 'none'}`,
        at,
        'error',
      );
    }
    if (column.primaryKey !== live.primaryKey) {
      report(`Column ${entity.name}.${column.name}: ${column.primaryKey ? 'marked PK in the document but not' : 'not marked PK in the document but'} part of the database's primary key`, at, 'error');
    }
  }
  for (const live of actual.columns) {
    if (!names.has(live.name)) report(`Column ${entity.name}.${live.name} (${live.type}) is in the database but not in the document`, entity.headingRange ?? entity.range, 'warning');
  }
}

// ─── Indexes ─────────────────────────────────────────────────────────────

function indexKey(index: Index): string {
  const columns = index.columns.map((c) => `${sqlKey(c.name).replace(/^"(.*)"$/, '$1')}${c.direction === 'DESC' ? ' desc' : ''}`).join(',');
  return `${index.table}|${columns}|${index.unique}|${(index.method || 'BTREE').toUpperCase()}`;
}

function compareIndexes(document: DataModel, live: DataModel, sectionRange: SourceRange, report: Report): void {
  const liveByName = new Map(live.indexes.map((i) => [`${i.table}|${i.name}`, i]));
  const matched = new Set<Index>();
  for (const index of document.indexes) {
    const named = liveByName.get(`${index.table}|${index.name}`);
    // The same index under another name is not drift worth an error: match by definition too.
    const actual = named ?? live.indexes.find((i) => !matched.has(i) && indexKey(i) === indexKey(index));
    if (!actual) {
      report(`Index ${index.name} on ${index.table} is not in the database`, index.range, 'error');
      continue;
    }
    matched.add(actual);
    if (indexKey(actual) !== indexKey(index) || (index.where === undefined) !== (actual.where === undefined)) {
      report(`Index ${index.name} on ${index.table} differs: the database has ${describeIndex(actual)}`, index.range, 'warning');
    }
  }
  for (const index of live.indexes) {
    if (!matched.has(index) && document.entities.some((e) => e.name === index.table)) {
      report(`Index ${index.name} on ${index.table} ${describeIndex(index)} is in the database but not in the document`, sectionRange, 'warning');
    }
  }
}

function describeIndex(index: Index): string {
  const columns = index.columns.map((c) => (c.direction ? `${c.name} ${c.direction}` : c.name)).join(', ');
  return `${index.unique ? 'UNIQUE ' : ''}${index.method} (${columns})${index.where ? ` WHERE ${index.where}` : ''}`;
}

// ─── Constraints ─────────────────────────────────────────────────────────

function foreignKeyText(fk: ForeignKey): string {
  return `(${fk.columns.join(', ')}) → ${fk.refTable}(${fk.refColumns.join(', ')}) ON DELETE ${fk.onDelete ?? 'NO ACTION'} ON UPDATE ${fk.onUpdate ?? 'NO ACTION'}`;
}

function compareForeignKeys(document: DataModel, live: DataModel, sectionRange: SourceRange, report: Report): void {
  const matched = new Set<ForeignKey>();
  for (const fk of document.foreignKeys) {
    const actual =
      live.foreignKeys.find((f) => fk.name !== '' && f.table === fk.table && f.name === fk.name) ??
      live.foreignKeys.find((f) => !matched.has(f) && f.table === fk.table && f.columns.join() === fk.columns.join() && f.refTable === fk.refTable);
    if (!actual) {
      report(`Foreign key ${fk.name || foreignKeyText(fk)} on ${fk.table} is not in the database`, fk.range, 'error');
      continue;
    }
    matched.add(actual);
    // A reference without columns means the parent's primary key.
    const sameColumns = fk.refColumns.length === 0 || fk.refColumns.join() === actual.refColumns.join();
    if (actual.columns.join() !== fk.columns.join() || actual.refTable !== fk.refTable || !sameColumns || (fk.onDelete ?? 'NO ACTION') !== (actual.onDelete ?? 'NO ACTION') || (fk.onUpdate ?? 'NO ACTION') !== (actual.onUpdate ?? 'NO ACTION')) {
      report(`Foreign key ${fk.name} on ${fk.table} differs: the database has ${foreignKeyText(actual)}`, fk.range, 'error');
    }
  }
  for (const fk of live.foreignKeys) {
    if (!matched.has(fk) && document.entities.some((e) => e.name === fk.table)) {
      report(`Foreign key ${fk.name} on ${fk.table} ${foreignKeyText(fk)} is in the database but not in the document`, sectionRange, 'warning');
    }
  }
}

/** Checks by name only: PostgreSQL prints expressions its own way (`IN` becomes `= ANY (ARRAY…)`). */
function compareChecks(document: DataModel, live: DataModel, report: Report): void {
  for (const check of document.checks) {
    if (check.name === '' || live.checks.some((c) => c.table === check.table && c.name === check.name)) continue;
    if (!live.entities.some((e) => e.name === check.table)) continue; // the missing table is reported already
    report(`Check ${check.name} on ${check.table} is not in the database`, check.range, 'error');
  }
}

// ─── Grants ──────────────────────────────────────────────────────────────

/** The levels each level's rights include: more rights than the document states is the hole, fewer a gap. */
const INCLUDES: Record<AccessLevel, readonly AccessLevel[]> = {
  none: ['none'],
  'read-own': ['none', 'read-own'],
  'write-own': ['none', 'read-own', 'write-own'],
  read: ['none', 'read-own', 'read'],
  full: ['none', 'read-own', 'write-own', 'read', 'full'],
};

function compareAccess(document: DataModel, live: DataModel, sectionRange: SourceRange, report: Report): void {
  const liveRoles = new Map(live.roles.map((label) => [roleName(label), label]));
  const documentRoles = new Set(document.roles.map(roleName));
  for (const row of document.security) {
    const actualRow = live.security.find((s) => s.table === row.table);
    if (!live.entities.some((e) => e.name === row.table)) continue;
    for (const label of document.roles) {
      const wanted = row.access[label] ? row.access[label].level : 'none';
      if (wanted === undefined) continue; // no single meaning: the reader reports the cell
      const liveLabel = liveRoles.get(roleName(label));
      const actual = (liveLabel && actualRow ? actualRow.access[liveLabel]?.level : undefined) ?? 'none';
      if (actual === wanted) continue;
      const stronger = !INCLUDES[wanted].includes(actual);
      report(
        `${label} on ${row.table}: the document says ${ACCESS_TEXT[wanted]}, the database grants ${stronger ? 'more' : 'less'} (${ACCESS_TEXT[actual]})`,
        row.range,
        stronger ? 'error' : 'warning',
      );
    }
  }
  // Roles the document does not name, yet have privileges on its tables.
  for (const row of live.security) {
    if (!document.entities.some((e) => e.name === row.table)) continue;
    for (const [label, access] of Object.entries(row.access)) {
      if (documentRoles.has(roleName(label)) || access.level === 'none') continue;
      report(`Role ${roleName(label)} has ${access.text} access to ${row.table}, and the Security Annotations do not name it`, sectionRange, 'error');
    }
  }
}
