/**
 * Which column lists a table can look up through an index: its declared indexes, its primary
 * key and its UNIQUE columns (PostgreSQL backs both with a unique B-tree index).
 */
import type { DataModel, Entity, Index, SourceRange } from '../model/types';
import { findEntity, indexesOnTable, namedColumns, primaryKeyColumns, sameName } from './model-queries';

export interface IndexLike {
  /** Plain column names (or expressions, as written), in index order. */
  columns: string[];
  method: string;
  unique: boolean;
  partial: boolean;
  /** What it is, for messages: `index idx_x`, `the primary key`. */
  label: string;
  source?: Index;
  range?: SourceRange;
}

const plain = (name: string) => name.trim().replace(/^"|"$/g, '');

export function indexesOf(model: DataModel, table: string): IndexLike[] {
  const result: IndexLike[] = [];
  const entity: Entity | undefined = findEntity(model, table);
  if (entity) {
    const pk = primaryKeyColumns(entity);
    if (pk.length > 0) result.push({ columns: pk, method: 'BTREE', unique: true, partial: false, label: 'the primary key', range: entity.headingRange });
    for (const column of namedColumns(entity)) {
      if (column.unique && !column.primaryKey) {
        result.push({ columns: [column.name], method: 'BTREE', unique: true, partial: false, label: `the UNIQUE constraint on ${column.name}`, range: column.range });
      }
    }
  }
  for (const index of indexesOnTable(model, table)) {
    result.push({
      columns: index.columns.map((c) => plain(c.name)),
      method: (index.method || 'BTREE').toUpperCase(),
      unique: index.unique,
      partial: index.where !== undefined && index.where.trim() !== '',
      label: `index ${index.name}`,
      source: index,
      range: index.range,
    });
  }
  return result;
}

/** Whether `columns` are the leading columns, in order, of some full (non-partial) index usable for equality lookups. */
export function coveredBy(indexes: readonly IndexLike[], columns: readonly string[]): IndexLike | undefined {
  return indexes.find((index) => {
    if (index.partial) return false;
    if (index.method === 'HASH') return index.columns.length === 1 && columns.length === 1 && sameName(index.columns[0], columns[0]);
    if (index.method !== 'BTREE') return false;
    return columns.length <= index.columns.length && columns.every((column, i) => sameName(column, index.columns[i]));
  });
}

/**
 * `coveredBy(indexesOf(model, table), columns)` for many keys of one model: each table's
 * indexes are listed once and grouped by their leading column, so a table with thousands of
 * foreign keys (or UNIQUE columns) costs a lookup per key instead of a scan of every index.
 */
export function coverageLookup(model: DataModel): (table: string, columns: readonly string[]) => IndexLike | undefined {
  const byTable = new Map<string, Map<string, IndexLike[]>>();
  const leading = (name: string | undefined) => (name ?? '').trim().toLowerCase();
  return (table, columns) => {
    if (columns.length === 0) return coveredBy(indexesOf(model, table), columns);
    const tableKey = table.trim().toLowerCase();
    let groups = byTable.get(tableKey);
    if (!groups) {
      groups = new Map();
      for (const index of indexesOf(model, table)) {
        const key = leading(index.columns[0]);
        const group = groups.get(key);
        if (group) group.push(index);
        else groups.set(key, [index]);
      }
      byTable.set(tableKey, groups);
    }
    // An index can only cover `columns` if it starts with their first column (or both are empty).
    return coveredBy(groups.get(leading(columns[0])) ?? [], columns);
  };
}
