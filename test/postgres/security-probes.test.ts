/**
 * The probes catch annotations the database does not enforce. A realistic way to get there:
 * a pre-existing role that may read all data (so the NONE table is readable by annotators) and
 * bypasses row-level security.
 * Run on a private PGlite, where committed roles and default privileges harm nobody.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { DataModel, Problem } from '../../server/src/model/types';
import { PgliteDatabase } from '../../server/src/postgres/pglite-database';
import { validate } from '../../server/src/postgres/validate';
import { annotationModel, lineOf } from './annotation-model';
import { PGLITE_TEST_CACHE } from './targets';
import { accessMap } from '../../server/src/model/access';

/** The error-severity problems as [line, message]. */
function errorsByLine(problems: Problem[]): [number, string][] {
  return problems.filter((p) => p.severity === 'error').map((p) => [lineOf(p.range), p.message]);
}

/** The line of a table's Security Annotations row. */
function securityRowLine(model: DataModel, table: string): number {
  return lineOf(model.security.find((s) => s.table === table)!.range);
}

const db = new PgliteDatabase({ cacheDir: PGLITE_TEST_CACHE, private: true });
after(() => db.close());

test('a NONE table readable through pg_read_all_data and an Own-records role that bypasses RLS are reported on their rows', async () => {
  const model = annotationModel();
  const clean = await validate(model, db, { probes: true });
  assert.deepEqual(clean.problems.filter((p) => p.severity !== 'info'), []);

  await db.exec(`CREATE ROLE annotator NOLOGIN BYPASSRLS IN ROLE pg_read_all_data`);
  const result = await validate(model, db, { probes: true });
  const errors = errorsByLine(result.problems);
  const row = (table: string) => securityRowLine(model, table);
  assert.deepEqual(errors, [
    [row('users'), "Security of users for Annotator: annotated Own records, but the role sees other users' rows"],
    [row('dataset_answers'), 'Security of dataset_answers for Annotator: annotated NONE, but the role can read the table'],
    [row('submissions'), "Security of submissions for Annotator: annotated Own records, but the role sees other users' rows"],
  ]);
});

test('writes a Read role can make are reported, and tables outside public are probed too', async () => {
  // A PGlite of its own: the default privileges below would change the first test's results.
  const own = new PgliteDatabase({ cacheDir: PGLITE_TEST_CACHE, private: true });
  try {
    const model = annotationModel();
    // A table in another schema (its roles need USAGE on the schema too), read-only for annotators.
    model.entities.push({
      name: 'audit.events',
      notes: [],
      columns: [
        { name: 'id', type: 'BIGINT GENERATED ALWAYS AS IDENTITY', nullable: false, description: '', primaryKey: true, unique: false, foreignKey: false },
        { name: 'note', type: 'TEXT', nullable: true, description: '', primaryKey: false, unique: false, foreignKey: false },
      ],
    });
    const range = { start: { line: 900, character: 0 }, end: { line: 900, character: 40 } };
    model.security.push({ table: 'audit.events', sensitivity: 'CRITICAL', access: accessMap({ Annotator: 'Read', Admin: 'Full' }), range });
    const clean = await validate(model, own, { probes: true });
    assert.deepEqual(clean.problems.filter((p) => p.severity !== 'info'), []);

    // A role that already exists with the power to read and write every table, as a careless setup can make it.
    await own.exec(`CREATE ROLE annotator NOLOGIN IN ROLE pg_read_all_data, pg_write_all_data`);
    const result = await validate(model, own, { probes: true });
    const errors = errorsByLine(result.problems);
    const row = (table: string) => securityRowLine(model, table);
    assert.deepEqual(errors, [
      [row('tasks'), 'Security of tasks for Annotator: annotated Read, but the role can insert into, update and delete from the table'],
      [row('datasets'), 'Security of datasets for Annotator: annotated Read, but the role can insert into, update and delete from the table'],
      [row('dataset_items'), 'Security of dataset_items for Annotator: annotated Read, but the role can insert into, update and delete from the table'],
      [row('dataset_answers'), 'Security of dataset_answers for Annotator: annotated NONE, but the role can read the table'],
      [row('audit.events'), 'Security of audit.events for Annotator: annotated Read, but the role can insert into, update and delete from the table'],
    ]);
  } finally {
    await own.close();
  }
});
