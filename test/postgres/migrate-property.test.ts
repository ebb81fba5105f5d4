/**
 * The migration's promise, as a property: for random valid documents (old) and random edits of
 * them (new: tables and columns added, dropped, renamed, retyped, made NOT NULL or nullable,
 * defaults, unique keys, foreign keys, checks, access cells, indexes), applying old's DDL and
 * then the migration gives the same schema (tables, columns, types, nullability, defaults,
 * keys, checks, indexes, grants, policies, triggers, sequences) as new's DDL in an empty schema.
 * On the PostgreSQL server the migration file runs through psql as a person would run it; on
 * PGlite its statements run one at a time. Both documents go through the writer and the reader,
 * as files would. Scratch schemas in a scratch database `migrate_prop_…`; the roles the
 * documents create are dropped at the end.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { diagramEntityFor } from '../../server/src/mermaid/diagram';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { readMarkdown } from '../../server/src/markdown/reader';
import { writeMarkdown } from '../../server/src/markdown/writer';
import { migrateModels, renderMigration } from '../../server/src/migrate';
import type { DataModel } from '../../server/src/model/types';
import type { Database } from '../../server/src/postgres/database';
import { PgDatabase } from '../../server/src/postgres/pg-database';
import { PgliteDatabase } from '../../server/src/postgres/pglite-database';
import { applyDdl, applyEdit, applyFile, editArb, fingerprint, MIGRATE_ROLES, modelArb, modelFrom, psqlFile } from './migrate-support';
import { onServer, PGLITE_TEST_CACHE, TEST_CONNECT_TIMEOUT_MS, urlForDatabase } from './targets';

const RUNS = Number(process.env.MIGRATE_PROPERTY_CASES ?? 25);

/** A version as a file would hold it: written and read back. */
function asDocument(model: DataModel): DataModel {
  model.diagram = { entities: model.entities.map(diagramEntityFor), relationships: [] };
  const read = readMarkdown(writeMarkdown(model));
  const errors = read.problems.filter((p) => p.severity === 'error');
  assert.deepEqual(errors, [], 'the random document reads without errors');
  return read.model;
}

const pairArb = fc.record({ seeds: modelArb, edits: fc.array(editArb, { minLength: 1, maxLength: 4 }) }).map(({ seeds, edits }) => {
  const oldModel = modelFrom(seeds);
  const newModel = structuredClone(oldModel);
  for (const edit of edits) applyEdit(newModel, edit);
  return { old: asDocument(oldModel), next: asDocument(newModel), edits: edits.map((e) => e.kind) };
});

describe('migrate: old DDL + migration = new DDL', { timeout: 900_000 }, () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'migrate-prop-'));
  const database = `migrate_prop_${randomBytes(5).toString('hex')}`;
  let server: PgDatabase;
  const pglite = new PgliteDatabase({ cacheDir: PGLITE_TEST_CACHE, private: true });
  let n = 0;

  before(async () => {
    await loadSqlParser();
    await onServer((c) => c.query(`CREATE DATABASE ${database}`));
    server = new PgDatabase({ connectionString: urlForDatabase(database), connectTimeoutMs: TEST_CONNECT_TIMEOUT_MS, statementTimeoutMs: 60_000 });
  });
  after(async () => {
    await server?.close();
    await pglite.close();
    await onServer(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      for (const role of MIGRATE_ROLES) await c.query(`DROP ROLE IF EXISTS ${role}`);
    });
    rmSync(folder, { recursive: true, force: true });
  });

  /** Old's DDL then the migration in one schema, new's DDL in another; their fingerprints. */
  async function migrateAndCompare(db: Database, old: DataModel, next: DataModel, runFile: (schema: string, sql: string) => Promise<void>) {
    const i = n++;
    const [migrated, fresh] = [`migrate_o${i}`, `migrate_n${i}`];
    await db.exec(`CREATE SCHEMA ${migrated}; CREATE SCHEMA ${fresh}`);
    try {
      await applyDdl(db, migrated, old);
      await applyDdl(db, fresh, next);
      const pair = migrateModels(old, next, { renames: 'detect' });
      assert.equal(pair.up.refused, false, pair.up.problems.map((p) => p.message).join('; '));
      await runFile(migrated, renderMigration(pair, 'sql', { title: `case ${i}` }).up);
      return { migrated: await fingerprint(db, migrated), fresh: await fingerprint(db, fresh) };
    } finally {
      await db.exec(`DROP SCHEMA ${migrated} CASCADE; DROP SCHEMA ${fresh} CASCADE`);
    }
  }

  it(`${RUNS} random edits, on the PostgreSQL server (psql runs the file)`, async () => {
    await fc.assert(
      fc.asyncProperty(pairArb, async ({ old, next }) => {
        const { migrated, fresh } = await migrateAndCompare(server, old, next, async (schema, sql) => {
          const file = path.join(folder, `${schema}.sql`);
          writeFileSync(file, sql);
          const result = await psqlFile(urlForDatabase(database), schema, file);
          assert.ok(result.ok, `psql: ${result.stderr}\n${sql}`);
        });
        assert.deepEqual(migrated, fresh);
      }),
      { numRuns: RUNS, includeErrorInReport: true },
    );
  });

  it(`${RUNS} random edits, on PGlite (the file's statements one at a time)`, async () => {
    await fc.assert(
      fc.asyncProperty(pairArb, async ({ old, next }) => {
        const { migrated, fresh } = await migrateAndCompare(pglite, old, next, (schema, sql) => applyFile(pglite, schema, sql));
        assert.deepEqual(migrated, fresh);
      }),
      { numRuns: RUNS, includeErrorInReport: true },
    );
  });

  it('the property can fail: a migration that leaves out a step leaves a different schema', async () => {
    const old = asDocument(modelFrom([{ columns: [{ name: 'title', type: 'TEXT', nullable: true, withDefault: false, unique: false }], owned: true, parent: undefined, check: false, index: false, editor: 'Full', viewer: 'Read' }]));
    const nextModel = structuredClone(old);
    nextModel.entities[1]!.columns.find((c) => c.name === 'title')!.type = 'VARCHAR(128)';
    const next = asDocument(nextModel);
    const { migrated, fresh } = await migrateAndCompare(pglite, old, next, async () => undefined);
    assert.notDeepEqual(migrated, fresh);
  });
});
