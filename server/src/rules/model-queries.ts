/**
 * Questions several rules ask of a model: find a table or column by name (the diagram writes
 * `DATASET_ITEMS` for `dataset_items`, so names compare case-insensitively), which columns form
 * the primary key, which roles are administrators, where a column's Type cell is.
 */
import pluralize from 'pluralize';
import type { Column, DataModel, DiagramAttribute, DiagramEntity, Entity, ForeignKey, Index, SecurityAnnotation, Sensitivity, SourceRange } from '../model/types';
import { SENSITIVITIES } from '../model/types';
import { cellOf, DOCUMENT_START, textAt } from './document';
import { memoizeByString } from '../model/memo';
import type { WorkspaceContext } from './types';

export function sameName(a: string, b: string): boolean {
  // Most comparisons are between names spelt identically or differently from the first letter.
  return a === b || a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Columns whose name is usable: a malformed row may leave an empty name (the reader reports it as DM001). */
export function namedColumns(entity: Entity): Column[] {
  return entity.columns.filter((column) => column.name.trim() !== '');
}

/**
 * Name → element maps, cached per array so that rules over a 1,000-table document stay linear.
 * Keyed by the array itself and checked against its length, so a model edited in place (an
 * element pushed or removed) is re-indexed.
 */
const nameIndexes = new WeakMap<readonly { name: string }[], { size: number; byName: Map<string, { name: string }> }>();

function byName<T extends { name: string }>(items: readonly T[], name: string): T | undefined {
  let index = nameIndexes.get(items);
  if (!index || index.size !== items.length) {
    const map = new Map<string, { name: string }>();
    for (const item of items) {
      const key = String(item.name ?? '').trim().toLowerCase();
      if (key !== '' && !map.has(key)) map.set(key, item);
    }
    index = { size: items.length, byName: map };
    nameIndexes.set(items, index);
  }
  return index.byName.get(name.trim().toLowerCase()) as T | undefined;
}

/** `### users (extends 001)`: columns added to another feature's table, not a table of its own. */
export function isExtension(entity: Entity): boolean {
  return entity.extends !== undefined;
}

/** Whether another document of the linted document's workspace defines the table (false when linted alone). */
export function definedInWorkspace(workspace: WorkspaceContext | undefined, table: string): boolean {
  return workspace?.model.definedElsewhere(table, workspace.uri) ?? false;
}

export function findEntity(model: DataModel, name: string): Entity | undefined {
  return byName(model.entities, name);
}

export function findDiagramEntity(model: DataModel, name: string): DiagramEntity | undefined {
  return byName(model.diagram.entities, name);
}

export function findColumn(entity: Entity, name: string): Column | undefined {
  return byName(entity.columns, name);
}

export function findAttribute(drawn: DiagramEntity, name: string): DiagramAttribute | undefined {
  return byName(drawn.attributes, name);
}

/** A table the document knows: defined, or at least drawn in the diagram. */
export function tableExists(model: DataModel, name: string): boolean {
  return findEntity(model, name) !== undefined || findDiagramEntity(model, name) !== undefined;
}

/**
 * Whether `table.column` exists: against the definition table when there is one, otherwise
 * against the diagram's attributes (a table only drawn is still better than nothing).
 */
export function columnExists(model: DataModel, table: string, column: string): boolean {
  const entity = findEntity(model, table);
  if (entity) return findColumn(entity, column) !== undefined;
  const drawn = findDiagramEntity(model, table);
  return drawn ? findAttribute(drawn, column) !== undefined : false;
}

export function primaryKeyColumns(entity: Entity): string[] {
  return namedColumns(entity)
    .filter((column) => column.primaryKey)
    .map((column) => column.name);
}

/** "Administrator" roles: any role whose name contains `admin` (Admin, DB Admin, Administrator, SysAdmin). */
export function isAdminRole(role: string): boolean {
  return /admin/i.test(role);
}

export function sensitivityRank(level: Sensitivity): number {
  return SENSITIVITIES.indexOf(level);
}

/**
 * Elements grouped by the table they belong to, cached per array (and re-grouped when its length
 * changes) like the name maps above: rules ask "the foreign keys / indexes / security row of
 * table T" once per table, and scanning every element each time made large documents quadratic
 * (a 20 MB document took minutes).
 */
interface TableGroups<T> {
  size: number;
  groups: Map<string, T[]>;
}

function byTable<T>(cache: WeakMap<readonly T[], TableGroups<T>>, items: readonly T[], tableOf: (item: T) => string, table: string): readonly T[] {
  let index = cache.get(items);
  if (!index || index.size !== items.length) {
    const groups = new Map<string, T[]>();
    for (const item of items) {
      const key = String(tableOf(item) ?? '').trim().toLowerCase();
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
    index = { size: items.length, groups };
    cache.set(items, index);
  }
  return index.groups.get(table.trim().toLowerCase()) ?? [];
}

const foreignKeysByTable = new WeakMap<readonly ForeignKey[], TableGroups<ForeignKey>>();
const indexesByTable = new WeakMap<readonly Index[], TableGroups<Index>>();
const securityByTable = new WeakMap<readonly SecurityAnnotation[], TableGroups<SecurityAnnotation>>();

/** The foreign keys declared on `table` (its own columns referencing others), in document order. */
export function foreignKeysOf(model: DataModel, table: string): readonly ForeignKey[] {
  return byTable(foreignKeysByTable, model.foreignKeys, (fk) => fk.table, table);
}

/** The indexes declared on `table`, in document order. */
export function indexesOnTable(model: DataModel, table: string): readonly Index[] {
  return byTable(indexesByTable, model.indexes, (index) => index.table, table);
}

/** The first Security Annotations row of `table`. */
export function securityRowFor(model: DataModel, table: string): SecurityAnnotation | undefined {
  return byTable(securityByTable, model.security, (row) => row.table, table)[0];
}

/** Where a rule points at a table: its `### name` heading, or its whole range. */
export function entityAnchor(entity: Entity): SourceRange {
  return entity.headingRange ?? entity.range ?? DOCUMENT_START;
}

/** Cells of the entity definition table: | Column | Type | Nullable | Default | Description |. */
export const COLUMN_CELL = { name: 0, type: 1, nullable: 2, default: 3, description: 4 } as const;

/** The part of a column's Type cell that holds the type (not the `PK`/`FK`/`UK` markers after it). */
export function typeRange(lines: readonly string[], column: Column): SourceRange {
  const cell = cellOf(lines, column, COLUMN_CELL.type);
  if (!column.range) return cell;
  const text = textAt(lines, cell);
  const at = text.toLowerCase().indexOf(column.type.trim().toLowerCase());
  if (at < 0 || column.type.trim() === '') return cell;
  return {
    start: { line: cell.start.line, character: cell.start.character + at },
    end: { line: cell.start.line, character: cell.start.character + at + column.type.trim().length },
  };
}

/** Lower-case words of a snake_case or camelCase identifier. */
export const nameWords: (name: string) => readonly string[] = memoizeByString((name) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean),
);

/**
 * The table a column probably refers to: from a description such as `References tasks.id`, or
 * from its name (`dataset_id` → `datasets`), among the tables the document knows.
 */
export function guessReferencedTable(model: DataModel, column: Column): { table: string; column: string } | undefined {
  const stated = /references\s+`?([A-Za-z_][\w]*)`?\s*(?:\.\s*`?([A-Za-z_]\w*)`?|\(\s*([A-Za-z_]\w*)\s*\))?/i.exec(column.description);
  if (stated && tableExists(model, stated[1])) return { table: stated[1], column: stated[2] ?? stated[3] ?? 'id' };
  const match = /^(.*?)_?(id|uuid|key)$/i.exec(column.name);
  if (!match || !match[1]) return undefined;
  const stem = match[1].replace(/_$/, '');
  const candidates = [pluralize.plural(stem), stem, pluralize.plural(stem.split('_').pop() ?? stem)];
  for (const candidate of candidates) {
    const table = findEntity(model, candidate)?.name ?? findDiagramEntity(model, candidate)?.name.toLowerCase();
    if (table) return { table, column: 'id' };
  }
  return undefined;
}
