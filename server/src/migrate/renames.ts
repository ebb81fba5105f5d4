/**
 * Rename detection: a table (or column) that is gone from the new version while one of exactly
 * the same shape appeared is probably the same thing under a new name. Renaming keeps its rows;
 * dropping and adding loses them. Shape: for a column, its type (PostgreSQL's canonical name),
 * nullability, default, key markers; for a table, its columns with their shapes, in order, and
 * the same schema. Pairs are made in document order, first match first.
 */
import type { Column, DataModel, Entity } from '../model/types';
import { resolveOwners } from '../model/access';
import { resolve, sqlKey, typeKey } from '../postgres/drift';
import { schemaOfQualifiedName } from '../sql/quote';
import type { MigrateOptions, RenameCandidate } from './types';

function columnShape(column: Column): string {
  const resolved = resolve(column);
  return JSON.stringify([typeKey(resolved.type), resolved.identity ?? '', resolved.default === undefined ? '' : sqlKey(resolved.default), column.nullable && !column.primaryKey, column.primaryKey, column.unique, column.foreignKey]);
}

function tableShape(entity: Entity): string {
  return JSON.stringify([schemaOfQualifiedName(entity.name) ?? 'public', entity.partitionOf ?? '', entity.columns.map((c) => [c.name, columnShape(c)])]);
}

/** Pairs `gone` with `added` of equal shape, each used once, in order. */
function pair<T>(gone: readonly T[], added: readonly T[], shape: (item: T) => string): [T, T][] {
  const free = added.map((item) => ({ item, shape: shape(item), used: false }));
  const pairs: [T, T][] = [];
  for (const item of gone) {
    const key = shape(item);
    const match = free.find((f) => !f.used && f.shape === key);
    if (!match) continue;
    match.used = true;
    pairs.push([item, match.item]);
  }
  return pairs;
}

/** The unqualified part of `schema.table`. */
export function localName(name: string): string {
  return schemaOfQualifiedName(name) === undefined ? name : name.slice(name.indexOf('.') + 1);
}

/** Every rename candidate between the versions: tables first, then columns of tables in both (after table renames). */
export function renameCandidates(old: DataModel, next: DataModel, options: MigrateOptions): RenameCandidate[] {
  const nextNames = new Set(next.entities.map((e) => e.name));
  const oldNames = new Set(old.entities.map((e) => e.name));
  const tables = pair(
    old.entities.filter((e) => !nextNames.has(e.name)),
    next.entities.filter((e) => !oldNames.has(e.name)),
    tableShape,
  ).map(([from, to]): RenameCandidate => ({ id: `table:${from.name}->${to.name}`, kind: 'table', table: to.name, from: from.name, to: to.name }));

  const tableRenamed = new Map(tables.filter((c) => accepted(c, options)).map((c) => [c.to, c.from]));
  const oldByName = new Map(old.entities.map((e) => [e.name, e]));
  const columns: RenameCandidate[] = [];
  for (const entity of next.entities) {
    const before = oldByName.get(tableRenamed.get(entity.name) ?? entity.name);
    if (!before || tableRenamed.has(entity.name)) continue; // a renamed table has the same columns
    const nextColumns = new Set(entity.columns.map((c) => c.name));
    const oldColumns = new Set(before.columns.map((c) => c.name));
    for (const [from, to] of pair(
      before.columns.filter((c) => !nextColumns.has(c.name)),
      entity.columns.filter((c) => !oldColumns.has(c.name)),
      columnShape,
    )) {
      columns.push({ id: `column:${entity.name}.${from.name}->${to.name}`, kind: 'column', table: entity.name, from: from.name, to: to.name });
    }
  }
  return [...tables, ...columns];
}

export function accepted(candidate: RenameCandidate, options: MigrateOptions): boolean {
  return options.decisions?.[candidate.id] ?? (options.renames ?? 'detect') === 'detect';
}

/**
 * The old version as it is once the renames are done: the same model with the new names
 * wherever the old ones were (tables, columns, the constraints, indexes and security rows that
 * name them), so what remains to compare is a plain difference.
 */
export function applyRenames(old: DataModel, renames: readonly RenameCandidate[]): DataModel {
  if (renames.length === 0) return old; // nothing changes (the old model is only read)
  const model = structuredClone(old) as DataModel;
  const tableTo = new Map(renames.filter((r) => r.kind === 'table').map((r) => [r.from, r.to]));
  const columnTo = new Map<string, Map<string, string>>();
  for (const r of renames.filter((c) => c.kind === 'column')) {
    const map = columnTo.get(r.table) ?? new Map<string, string>();
    map.set(r.from, r.to);
    columnTo.set(r.table, map);
  }
  const table = (name: string) => tableTo.get(name) ?? name;
  const column = (tableName: string, name: string) => columnTo.get(tableName)?.get(name) ?? name;
  for (const entity of model.entities) {
    entity.name = table(entity.name);
    if (entity.partitionOf) entity.partitionOf = table(entity.partitionOf);
    for (const c of entity.columns) c.name = column(entity.name, c.name);
  }
  for (const fk of model.foreignKeys) {
    fk.table = table(fk.table);
    fk.refTable = table(fk.refTable);
    fk.columns = fk.columns.map((c) => column(fk.table, c));
    fk.refColumns = fk.refColumns.map((c) => column(fk.refTable, c));
  }
  for (const index of model.indexes) {
    index.table = table(index.table);
    for (const c of index.columns) c.name = column(index.table, c.name);
  }
  for (const check of model.checks) check.table = table(check.table);
  for (const row of model.security) row.table = table(row.table);
  resolveOwners(model);
  return model;
}
