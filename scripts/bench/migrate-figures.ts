/**
 * A migration between two 300-table documents differing in 30 places (columns added, types
 * widened, NOT NULL, indexes, checks, access cells, renames): reading both, planning and
 * rendering the SQL, against compiling the new document's full DDL (Export SQL), side by side.
 */
import { readMarkdown } from '../../server/src/markdown/reader';
import { writeMarkdown } from '../../server/src/markdown/writer';
import { migrateModels, renderMigration } from '../../server/src/migrate';
import { accessMap } from '../../server/src/model/access';
import { compileDdl } from '../../server/src/sql/ddl';
import { largeDocumentModel } from './documents';
import { interleaved, median, ms, ratio } from './stats';

/** The 300-table model with 30 edits spread over its tables. */
function editedModel() {
  const model = largeDocumentModel(300);
  const table = (i: number) => model.entities[10 * i + 5]!;
  for (let i = 0; i < 8; i++) table(i).columns.push({ name: `added_${i}`, type: 'TEXT', nullable: true, description: 'Added', primaryKey: false, unique: false, foreignKey: false });
  for (let i = 8; i < 13; i++) table(i).columns.find((c) => c.type === 'VARCHAR(64)')!.type = 'VARCHAR(128)';
  for (let i = 13; i < 18; i++) table(i).columns.find((c) => c.nullable)!.nullable = false;
  for (let i = 18; i < 22; i++) model.indexes.push({ name: `idx_bench_${i}`, table: table(i).name, columns: [{ name: 'column_2' }], method: 'BTREE', unique: false, purpose: 'Bench' });
  for (let i = 22; i < 25; i++) model.checks.find((c) => c.table === table(i).name)!.expression = 'column_3 IS NULL OR length(column_3) < 500';
  for (let i = 25; i < 28; i++) model.security.find((s) => s.table === table(i).name)!.access = accessMap({ Annotator: 'Full', Admin: 'Full' });
  for (let i = 28; i < 30; i++) table(i).columns.find((c) => c.name === 'column_4')!.name = `column_4_renamed`;
  return model;
}

export async function migrateFigures(rounds = 5) {
  const oldText = writeMarkdown(largeDocumentModel(300));
  const newText = writeMarkdown(editedModel());
  const migrate = () => {
    const pair = migrateModels(readMarkdown(oldText).model, readMarkdown(newText).model, { renames: 'detect' });
    return { pair, sql: renderMigration(pair, 'sql', { title: 'bench' }).up };
  };
  const { pair } = migrate();
  const [oldModel, newModel] = [readMarkdown(oldText).model, readMarkdown(newText).model];
  const planOnly = () => renderMigration(migrateModels(oldModel, newModel, { renames: 'detect' }), 'sql', { title: 'bench' });
  const samples = interleaved({ migrate, planOnly, exportSql: () => compileDdl(readMarkdown(newText).model) }, rounds, 1);
  const migrated = median(samples.migrate!);
  const exported = median(samples.exportSql!);
  return {
    input: { tables: 300, edits: 30, statements: pair.up.steps.length, renames: pair.up.renames.length, dataLoss: pair.up.dataLoss.length },
    runs: rounds,
    readPlanRenderMs: ms(migrated),
    /** The same without reading the two documents (the reader's share is most of the rest). */
    planRenderMs: ms(median(samples.planOnly!)),
    loadAverage: (await import('node:os')).loadavg()[0],
    exportSqlOfNewMs: ms(exported),
    ratioToExportSql: ratio(migrated, exported),
    targets: { under1s: migrated < 1000 },
  };
}
