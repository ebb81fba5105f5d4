/**
 * Migrations between two versions of a data-model document: the entry point of the CLI's
 * `migrate` and of the language server's `dataModel/migrate` request. Reads both versions,
 * plans the up migration (and the down one, renames reversed), and renders it as SQL or as an
 * Alembic revision.
 */
import { readMarkdown } from '../markdown/reader';
import type { DataModel, Problem } from '../model/types';
import { emptyModel } from '../model/util';
import { planMigration } from './plan';
import { renderAlembic } from './render-alembic';
import { renderSql, type RenderOptions } from './render-sql';
import type { MigrateOptions, Migration } from './types';

export type { MigrateOptions, Migration, MigrationStep, RenameCandidate, RenameMode } from './types';
export { planMigration } from './plan';

export type MigrationFormat = 'sql' | 'alembic';

export interface MigrationPair {
  up: Migration;
  down?: Migration;
}

/** Plans `old` → `next`, and with `down` the way back, taking the same renames in reverse. */
export function migrateModels(old: DataModel, next: DataModel, options: MigrateOptions & { down?: boolean }): MigrationPair {
  const up = planMigration(old, next, options);
  if (!options.down) return { up };
  const decisions: Record<string, boolean> = {};
  for (const r of up.renames) decisions[r.kind === 'table' ? `table:${r.to}->${r.from}` : `column:${oldTableName(up, r.table)}.${r.to}->${r.from}`] = true;
  return { up, down: planMigration(next, old, { renames: 'never', decisions, checksByName: options.checksByName }) };
}

/** A column's table as the old version names it (the table may be renamed too). */
function oldTableName(migration: Migration, table: string): string {
  return migration.renames.find((r) => r.kind === 'table' && r.to === table)?.from ?? table;
}

/** The rendered file(s): `up` (the file), `down` (the SQL down migration, a second file; in Alembic it is inside `up`). */
export function renderMigration(pair: MigrationPair, format: MigrationFormat, options: RenderOptions & { revises?: string }): { up: string; down?: string } {
  if (format === 'alembic') return { up: renderAlembic(pair.up, pair.down, options) };
  return {
    up: renderSql(pair.up, options),
    down: pair.down ? renderSql(pair.down, { ...options, title: `down: ${options.title.split(' → ').reverse().join(' → ')}` }) : undefined,
  };
}

/** A version of the document: its text (undefined when it did not exist: the migration creates everything). */
export function readVersion(text: string | undefined): { model: DataModel; problems: Problem[] } {
  if (text === undefined) return { model: emptyModel(), problems: [] };
  return readMarkdown(text);
}
