/**
 * Generate in a workspace: a step after the generator's assemble. Tables an earlier (or any
 * other) feature already defines are not generated again: the new feature's foreign keys point
 * at them (their key type taken from the defining feature), columns the spec adds to them
 * become an extension (`### users (extends 001)`), they are drawn in the diagram as external
 * entities (their key only, plus any added column), and a short "Uses" section names them with
 * their features. Everything else is the generator's output unchanged.
 */
import { diagramEntityFor } from '../mermaid/diagram';
import type { Column, DataModel, Entity } from '../model/types';
import { compareFeatures, featureLabel, featureOf } from './features';
import { tableKey, type WorkspaceModel } from './workspace-model';

export interface ExistingTable {
  table: string;
  /** The defining feature: `001-accounts`. */
  feature: string;
  /** Columns the new feature adds to it (an extension). */
  added: string[];
}

export interface LinkedModel {
  model: DataModel;
  uses: ExistingTable[];
}

/** Columns every generated table has; never "new" on an existing table. */
const CONVENTIONAL = new Set(['id', 'created_at', 'updated_at']);

/** `uri` is the data model being generated (its own current tables do not count as existing). */
export function linkToWorkspace(generated: DataModel, workspace: WorkspaceModel, uri: string): LinkedModel {
  const existing = new Map<string, { entity: Entity; feature: string; featureRef: string; columns: Column[] }>();
  for (const entity of generated.entities) {
    const owner = workspace.owner(entity.name);
    // Only an earlier feature's table exists for this one (features are applied in order).
    if (!owner || owner.document.uri === uri || compareFeatures(owner.document, { feature: featureOf(uri), uri }) >= 0) continue;
    existing.set(tableKey(entity.name), {
      entity,
      feature: featureLabel(owner.document.feature),
      featureRef: owner.document.feature.number ?? owner.document.feature.name,
      columns: workspace.columnsOf(entity.name).map(({ column }) => column),
    });
  }
  if (existing.size === 0) return { model: generated, uses: [] };
  const isExisting = (table: string) => existing.has(tableKey(table));
  const model: DataModel = { ...generated };
  const uses: ExistingTable[] = [];
  const extensions: Entity[] = [];
  for (const [, found] of existing) {
    const have = new Set(found.columns.map((column) => column.name.toLowerCase()));
    const added = found.entity.columns.filter((column) => !CONVENTIONAL.has(column.name) && !column.primaryKey && !have.has(column.name.toLowerCase()));
    uses.push({ table: found.entity.name, feature: found.feature, added: added.map((column) => column.name) });
    if (added.length === 0) continue;
    // The table already has rows: a NOT NULL column without a default cannot be added to it.
    const columns = added.map((column) => (column.nullable || column.default !== undefined ? column : { ...column, nullable: true }));
    const relaxed = columns.filter((column, k) => column !== added[k]).map((column) => column.name);
    const notes = relaxed.length > 0 ? [`TODO: ${relaxed.join(', ')}: nullable, since ${found.entity.name} already has rows; make NOT NULL once filled in.`] : [];
    extensions.push({ name: found.entity.name, extends: found.featureRef, columns, notes });
  }
  // The new feature's own tables, then the extensions; their foreign keys take the existing key's type.
  model.entities = [...generated.entities.filter((entity) => !isExisting(entity.name)), ...extensions].map((entity) => ({
    ...entity,
    columns: entity.columns.map((column) => retypeReference(column, entity.name, generated, existing)),
  }));
  const addedColumns = (table: string) => extensions.find((e) => tableKey(e.name) === tableKey(table))?.columns.map((c) => c.name.toLowerCase()) ?? [];
  const onAddedOrOwn = (table: string, columns: readonly string[]) =>
    !isExisting(table) || columns.every((column) => addedColumns(table).includes(column.toLowerCase()));
  model.foreignKeys = generated.foreignKeys.filter((fk) => onAddedOrOwn(fk.table, fk.columns));
  model.indexes = generated.indexes.filter((index) => onAddedOrOwn(index.table, index.columns.map((c) => c.name)));
  model.checks = generated.checks.filter((check) => !isExisting(check.table) || addedColumns(check.table).some((column) => new RegExp(`\\b${column}\\b`, 'i').test(check.expression)));
  model.security = generated.security.filter((row) => !isExisting(row.table));
  // External entities: the key the new tables reference, and what this feature adds.
  model.diagram = {
    ...generated.diagram,
    entities: generated.diagram.entities.map((drawn) => {
      const found = [...existing.values()].find((e) => diagramEntityFor(e.entity).name === drawn.name);
      if (!found) return drawn;
      const extension = extensions.find((e) => tableKey(e.name) === tableKey(found.entity.name));
      if (extension) return diagramEntityFor(extension);
      const key = found.columns.filter((column) => column.primaryKey);
      return diagramEntityFor({ name: found.entity.name, columns: key.length > 0 ? key : found.columns.slice(0, 1), notes: [] });
    }),
  };
  return { model, uses };
}

/** A foreign key column to an existing table gets that table's key type (`SERIAL` → `INT`, `BIGSERIAL` → `BIGINT`). */
function retypeReference(column: Column, table: string, generated: DataModel, existing: ReadonlyMap<string, { columns: Column[] }>): Column {
  if (!column.foreignKey) return column;
  const fk = generated.foreignKeys.find((f) => tableKey(f.table) === tableKey(table) && f.columns.length === 1 && f.columns[0] === column.name);
  const target = fk && existing.get(tableKey(fk.refTable));
  const key = target?.columns.find((c) => c.name === (fk!.refColumns[0] ?? 'id'));
  if (!key) return column;
  return { ...column, type: referenceType(key.type) };
}

function referenceType(keyType: string): string {
  const upper = keyType.trim().toUpperCase();
  if (upper === 'SERIAL' || upper === 'SERIAL4') return 'INT';
  if (upper === 'BIGSERIAL' || upper === 'SERIAL8') return 'BIGINT';
  if (upper === 'SMALLSERIAL' || upper === 'SERIAL2') return 'SMALLINT';
  return keyType.replace(/\s+GENERATED\b.*$/i, '').trim();
}

/** The "Uses" section, placed before the diagram: which existing tables this feature builds on. */
export function withUsesSection(markdown: string, uses: readonly ExistingTable[]): string {
  if (uses.length === 0) return markdown;
  const lines = ['## Uses', '', 'Tables other features define, referenced here and drawn in the diagram as external entities:', ''];
  for (const use of uses) {
    lines.push(`- \`${use.table}\` (${use.feature})${use.added.length > 0 ? `: this feature adds ${use.added.map((c) => `\`${c}\``).join(', ')}` : ''}`);
  }
  lines.push('', '');
  const at = markdown.indexOf('## Entity Relationship Diagram');
  return at < 0 ? `${markdown}\n${lines.join('\n')}` : markdown.slice(0, at) + lines.join('\n') + markdown.slice(at);
}
