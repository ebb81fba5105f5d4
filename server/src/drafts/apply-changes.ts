/**
 * Applies a model's changes to the deterministic draft's data model. Each change must name
 * what exists (a table or column of the draft, or one an earlier change added) and quote a
 * phrase of the spec; a change that does not is rejected with its reason and the rest go on,
 * so one hallucinated table costs that table, not the draft. Names are kept as given: the
 * compiler quotes every identifier, so `x; DROP TABLE y` becomes a table of that name.
 */
import { idColumn, auditColumns } from '../generate/conventions';
import type { IdType } from '../api/protocol';
import { ACCESS_TEXT, parseAccess } from '../model/access';
import type { Column, DataModel, Entity } from '../model/types';
import type { DraftChange } from './draft-changes';

export interface RejectedChange {
  change: DraftChange;
  reason: string;
}

export interface AppliedChanges {
  model: DataModel;
  applied: DraftChange[];
  rejected: RejectedChange[];
}

/** Lower case, one space, no Markdown emphasis or quotes: how a quoted phrase is looked for in the spec. */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[*_`"“”'‘’]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Serial keys are referenced by integers of the same width; other key types by themselves. */
function referencingType(keyType: string): string {
  const upper = keyType.toUpperCase();
  if (upper === 'SERIAL') return 'INTEGER';
  if (upper === 'BIGSERIAL') return 'BIGINT';
  if (upper === 'SMALLSERIAL') return 'SMALLINT';
  return keyType;
}

function newColumn(spec: { name: string; type: string; nullable?: boolean; unique?: boolean; description?: string }): Column {
  return { name: spec.name, type: spec.type, nullable: spec.nullable ?? true, description: spec.description ?? '', primaryKey: false, unique: spec.unique ?? false, foreignKey: false };
}

export function applyChanges(draft: DataModel, changes: readonly DraftChange[], specText: string, idType: IdType): AppliedChanges {
  const model = structuredClone(draft);
  const spec = normalise(specText);
  const applied: DraftChange[] = [];
  const rejected: RejectedChange[] = [];
  const table = (name: string): Entity | undefined => model.entities.find((entity) => same(entity.name, name));
  const columnOf = (entity: Entity, name: string): Column | undefined => entity.columns.find((column) => same(column.name, name));

  for (const change of changes) {
    const reject = (reason: string) => rejected.push({ change, reason });
    if (!spec.includes(normalise(change.because))) {
      reject(`the spec does not say "${change.because}"`);
      continue;
    }
    const needTable = (name: string): Entity | undefined => {
      const found = table(name);
      if (!found) reject(`no table "${name}" in the draft`);
      return found;
    };
    const needColumn = (entity: Entity, name: string): Column | undefined => {
      const found = columnOf(entity, name);
      if (!found) reject(`no column "${name}" in ${entity.name}`);
      return found;
    };
    switch (change.op) {
      case 'add_table': {
        if (table(change.table)) {
          reject(`table "${change.table}" already exists`);
          continue;
        }
        const columns = change.columns.filter((column) => !/^(id|created_at|updated_at)$/i.test(column.name)).map(newColumn);
        model.entities.push({ name: change.table, columns: [idColumn(idType, change.table), ...columns, ...auditColumns()], notes: change.description ? [change.description] : [] });
        break;
      }
      case 'rename_table': {
        const entity = needTable(change.from);
        if (!entity) continue;
        if (table(change.to)) {
          reject(`table "${change.to}" already exists`);
          continue;
        }
        const from = entity.name;
        entity.name = change.to;
        for (const fk of model.foreignKeys) {
          if (fk.table === from) fk.table = change.to;
          if (fk.refTable === from) fk.refTable = change.to;
        }
        for (const index of model.indexes) if (index.table === from) index.table = change.to;
        for (const check of model.checks) if (check.table === from) check.table = change.to;
        for (const row of model.security) if (row.table === from) row.table = change.to;
        break;
      }
      case 'add_column': {
        const entity = needTable(change.table);
        if (!entity) continue;
        if (columnOf(entity, change.column.name)) {
          reject(`column "${change.column.name}" already exists in ${entity.name}`);
          continue;
        }
        // Before the audit columns, as the generator orders them.
        const at = entity.columns.findIndex((column) => column.name === 'created_at');
        entity.columns.splice(at < 0 ? entity.columns.length : at, 0, newColumn(change.column));
        break;
      }
      case 'rename_column': {
        const entity = needTable(change.table);
        const column = entity && needColumn(entity, change.from);
        if (!entity || !column) continue;
        if (columnOf(entity, change.to)) {
          reject(`column "${change.to}" already exists in ${entity.name}`);
          continue;
        }
        const from = column.name;
        column.name = change.to;
        const rename = (names: string[]) => names.map((name) => (name === from ? change.to : name));
        for (const fk of model.foreignKeys) {
          if (fk.table === entity.name) fk.columns = rename(fk.columns);
          if (fk.refTable === entity.name) fk.refColumns = rename(fk.refColumns);
        }
        for (const index of model.indexes) if (index.table === entity.name) for (const part of index.columns) if (part.name === from) part.name = change.to;
        break;
      }
      case 'set_type':
      case 'set_nullable':
      case 'set_unique': {
        const entity = needTable(change.table);
        const column = entity && needColumn(entity, change.column);
        if (!column) continue;
        if (change.op === 'set_type') column.type = change.type;
        else if (change.op === 'set_nullable') column.nullable = change.nullable;
        else column.unique = change.unique;
        break;
      }
      case 'add_relation': {
        const entity = needTable(change.table);
        const referenced = entity && needTable(change.references);
        if (!entity || !referenced) continue;
        const key = referenced.columns.find((column) => column.primaryKey);
        if (!key) {
          reject(`table "${referenced.name}" has no primary key to reference`);
          continue;
        }
        let column = columnOf(entity, change.column);
        if (!column) {
          column = newColumn({ name: change.column, type: referencingType(key.type), nullable: false, description: `${referenced.name} reference` });
          const at = entity.columns.findIndex((candidate) => candidate.name === 'created_at');
          entity.columns.splice(at < 0 ? entity.columns.length : at, 0, column);
        }
        column.foreignKey = true;
        model.foreignKeys.push({
          name: `fk_${entity.name}_${column.name}`,
          table: entity.name,
          columns: [column.name],
          refTable: referenced.name,
          refColumns: [key.name],
          ...(change.onDelete ? { onDelete: change.onDelete } : {}),
        });
        break;
      }
      case 'add_role': {
        if (model.roles.some((role) => same(role, change.role))) {
          reject(`role "${change.role}" already exists`);
          continue;
        }
        model.roles.push(change.role);
        for (const row of model.security) row.access[change.role] = parseAccess(ACCESS_TEXT.none);
        break;
      }
      case 'set_access': {
        const row = model.security.find((candidate) => same(candidate.table, change.table));
        const role = model.roles.find((candidate) => same(candidate, change.role));
        if (!row) {
          reject(`no security annotation for table "${change.table}"`);
          continue;
        }
        if (!role) {
          reject(`no role "${change.role}"`);
          continue;
        }
        row.access[role] = parseAccess(ACCESS_TEXT[change.access]);
        break;
      }
    }
    applied.push(change);
  }
  return { model, applied, rejected };
}
