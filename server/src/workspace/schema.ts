/**
 * The workspace as one schema: what `sql`, `validate` and `erd --workspace` compile. Each table
 * once, as its defining feature wrote it plus every extension's columns; tables in dependency
 * order (a referenced table before the tables that reference it, feature order otherwise);
 * constraints, indexes, enum and domain types once each by name; the defining feature's
 * security row; roles in the order features introduce them. A second definition of a table
 * (DM701) is left out: the workspace lint reports it.
 */
import { diagramFromTables } from '../api/erd';
import type { DataModel, Entity, SecurityAnnotation } from '../model/types';
import { emptyModel, stripRanges } from '../model/util';
import { tableKey, type WorkspaceModel } from './workspace-model';

export function workspaceSchema(workspace: WorkspaceModel, domain: string): DataModel {
  const model = emptyModel();
  model.header.domain = domain;
  const documents = workspace.documents();
  const tables: Entity[] = [];
  for (const document of documents) {
    for (const entity of document.model.entities) {
      if (entity.extends !== undefined || workspace.owner(entity.name)?.entity !== entity) continue;
      const { extends: _unused, ...rest } = { ...entity, columns: workspace.columnsOf(entity.name).map(({ column }) => column) };
      tables.push(rest);
    }
  }
  model.entities = dependencyOrder(tables, documents.flatMap((document) => document.model.foreignKeys));
  const known = new Set(model.entities.map((entity) => tableKey(entity.name)));
  const once = <T extends { name: string }>(items: T[], onTable: (item: T) => string | undefined): T[] => {
    const seen = new Set<string>();
    return items.filter((item) => {
      const table = onTable(item);
      if (table !== undefined && !known.has(tableKey(table))) return false;
      const key = item.name.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
  model.foreignKeys = once(documents.flatMap((d) => d.model.foreignKeys), (fk) => (known.has(tableKey(fk.refTable)) ? fk.table : fk.refTable));
  model.checks = once(documents.flatMap((d) => d.model.checks), (check) => check.table);
  model.indexes = once(documents.flatMap((d) => d.model.indexes), (index) => index.table);
  const enums = once(documents.flatMap((d) => d.model.enums ?? []), () => undefined);
  const domains = once(documents.flatMap((d) => d.model.domains ?? []), () => undefined);
  if (enums.length > 0) model.enums = enums;
  if (domains.length > 0) model.domains = domains;
  const roles: string[] = [];
  for (const document of documents) for (const role of document.model.roles) if (!roles.some((r) => r.toLowerCase() === role.toLowerCase())) roles.push(role);
  model.roles = roles;
  const security: SecurityAnnotation[] = [];
  for (const entity of model.entities) {
    const owner = workspace.owner(entity.name);
    const row = owner?.document.model.security.find((annotation) => tableKey(annotation.table) === tableKey(entity.name));
    if (row) security.push(row);
  }
  model.security = security;
  const first = documents.find((document) => document.model.audit.columns.length > 0) ?? documents[0];
  if (first) {
    model.header = { ...first.model.header, domain };
    model.typeGuidelines = first.model.typeGuidelines;
    model.audit = first.model.audit;
  }
  model.diagram = diagramFromTables(model);
  // Ranges point into different documents: a merged model has none, so no message names a wrong line.
  return stripRanges(model);
}

/** Referenced tables first (a depth-first walk in the given order), so the script reads top-down; cycles keep the given order. */
function dependencyOrder(tables: Entity[], foreignKeys: readonly { table: string; refTable: string }[]): Entity[] {
  const byKey = new Map(tables.map((entity) => [tableKey(entity.name), entity]));
  const parents = new Map<string, string[]>();
  for (const fk of foreignKeys) {
    const child = tableKey(fk.table);
    const parent = tableKey(fk.refTable);
    if (child === parent || !byKey.has(parent)) continue;
    let list = parents.get(child);
    if (!list) parents.set(child, (list = []));
    list.push(parent);
  }
  const ordered: Entity[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string) => {
    if (state.has(key)) return;
    state.set(key, 'visiting');
    for (const parent of parents.get(key) ?? []) visit(parent);
    state.set(key, 'done');
    const entity = byKey.get(key);
    if (entity) ordered.push(entity);
  };
  for (const entity of tables) visit(tableKey(entity.name));
  return ordered;
}
