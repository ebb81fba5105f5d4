/**
 * validate() against both real PostgreSQLs: the sample model applies cleanly and passes the
 * security probes; broken elements give problems on their own lines; the database is left exactly
 * as it was; hostile names stay data.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { DataModel, Located } from '../../server/src/model/types';
import type { Database } from '../../server/src/postgres/database';
import { validate } from '../../server/src/postgres/validate';
import { compileDdl } from '../../server/src/sql/ddl';
import { annotationModel, lineOf } from './annotation-model';
import { catalogSnapshot, pgliteTarget, serverTarget, type Target } from './targets';
import { accessMap } from '../../server/src/model/access';

const pglite = pgliteTarget();
after(() => pglite.close());

const errors = <T extends { severity: string }>(problems: T[]): T[] => problems.filter((p) => p.severity === 'error');

for (const target of [pglite, serverTarget] as Target[]) {
  describe(`validate on ${target.name}`, () => {
    test('the annotation model applies cleanly and the database enforces its security annotations', async () => {
      const { db, dispose } = await target.open();
      try {
        const result = await validate(annotationModel(), db, { probes: true });
        assert.deepEqual(errors(result.problems), []);
        assert.equal(result.ok, true);
        assert.ok(result.statementsApplied > 50, `only ${result.statementsApplied} statements applied`);
        assert.equal(result.statementsSkipped, 0);
        // The two qualifiers the database cannot enforce are said, as info, on their rows.
        assert.deepEqual(
          result.problems.map((p) => [p.severity, lineOf(p.range)]),
          annotationModel().security.filter((s) => /\(/.test(s.access.Annotator!.text)).map((s) => ['info', lineOf(s.range)]),
        );
      } finally {
        await dispose();
      }
    });

    test('validation leaves the database exactly as it was, after success and after failure', async () => {
      const { db, dispose } = await target.open();
      try {
        const before = await catalogSnapshot(db);
        assert.ok(!before.roles.some((r) => (r as { rolname: string }).rolname === 'annotator'), 'role annotator exists before the test');
        await validate(annotationModel(), db, { probes: true });
        assert.deepEqual(await catalogSnapshot(db), before);
        const broken = annotationModel();
        broken.foreignKeys[0]!.refTable = 'no_such_table';
        broken.entities[0]!.columns[1]!.type = 'NO_SUCH_TYPE';
        const result = await validate(broken, db);
        assert.equal(result.ok, false);
        assert.deepEqual(await catalogSnapshot(db), before);
        // And no transaction is left open: SAVEPOINT is refused outside one.
        await assert.rejects(db.exec('SAVEPOINT still_inside'), /can only be used in transaction blocks/);
      } finally {
        await dispose();
      }
    });

    test('a broken model gives one problem per broken element, on its line', async () => {
      const { db, dispose } = await target.open();
      try {
        const model = annotationModel();
        const fk = model.foreignKeys.find((f) => f.name === 'fk_submission_task')!;
        fk.refTable = 'competitions'; // a table the model never defines
        const score = model.entities.find((e) => e.name === 'submissions')!.columns.find((c) => c.name === 'score')!;
        score.default = "'high'"; // not a float
        const metric = model.entities.find((e) => e.name === 'submissions')!.columns.find((c) => c.name === 'metric')!;
        metric.type = 'VARCHR(64)'; // unknown type: the whole table fails, so its dependants are skipped
        const tasks = model.entities.find((e) => e.name === 'tasks')!;
        tasks.columns.find((c) => c.name === 'deadline')!.default = 'NOW() + 1'; // timestamptz + integer
        const check = model.checks.find((c) => c.name === 'chk_user_role')!;
        check.expression = "rol IN ('annotator')"; // misspelt column

        const result = await validate(model, db);
        const located = errors(result.problems).map((p) => [lineOf(p.range), p.message]);
        const lines = located.map(([line]) => line).sort();
        const deadline = tasks.columns.find((c) => c.name === 'deadline')!;
        // Only one of the two faults in submissions is reported: PostgreSQL stops at the first.
        const expected = [lineOf(check.range), lineOf(deadline.range)];
        assert.equal(located.length, 3, JSON.stringify(located, null, 1));
        for (const line of expected) assert.ok(lines.includes(line), `no problem on line ${line}: ${JSON.stringify(located)}`);
        const submissionsProblem = located.find(([line]) => line === lineOf(metric.range) || line === lineOf(score.range));
        assert.ok(submissionsProblem, `no problem on the metric or score line: ${JSON.stringify(located)}`);
        assert.ok(result.statementsSkipped > 0, 'statements on submissions should be skipped, not reported');
        assert.match(String(located.find(([line]) => line === lineOf(check.range))?.[1]), /column "rol" does not exist/);
      } finally {
        await dispose();
      }
    });

    test('each kind of fault is located on its element', async () => {
      const { db, dispose } = await target.open();
      try {
        const cases: { name: string; breakIt: (m: DataModel) => Located; message: RegExp }[] = [
          { name: 'FK to a missing table', breakIt: (m) => Object.assign(m.foreignKeys[4]!, { refTable: 'competitions' }), message: /relation "competitions" does not exist/ },
          { name: 'bad default', breakIt: (m) => Object.assign(m.entities[5]!.columns[5]!, { default: "'high'" }), message: /invalid input syntax for type double precision/ },
          { name: 'default of the wrong type', breakIt: (m) => Object.assign(m.entities[1]!.columns[3]!, { default: 'NOW()' }), message: /column "total_items" is of type integer but default expression is of type/ },
          { name: 'unknown type', breakIt: (m) => Object.assign(m.entities[0]!.columns[3]!, { type: 'PASSWORDHASH' }), message: /type "passwordhash" does not exist/ },
          { name: 'column without a name', breakIt: (m) => Object.assign(m.entities[0]!.columns[2]!, { name: '' }), message: /zero-length delimited identifier/ },
          { name: 'index on a missing column', breakIt: (m) => Object.assign(m.indexes[0]!, { columns: [{ name: 'task' }] }), message: /column "task" does not exist/ },
          { name: 'GIN on a scalar column', breakIt: (m) => Object.assign(m.indexes[5]!, { columns: [{ name: 'dataset_id' }] }), message: /operator class/ },
          { name: 'security row for a missing table', breakIt: (m) => Object.assign(m.security[1]!, { table: 'assignments' }), message: /relation "assignments" does not exist/ },
        ];
        for (const c of cases) {
          const model = annotationModel();
          const element = c.breakIt(model);
          const result = await validate(model, db);
          const found = errors(result.problems);
          assert.equal(found.length, 1, `${c.name}: ${JSON.stringify(found.map((p) => p.message))}`);
          assert.deepEqual(found[0]!.range, element.range, `${c.name}: located on line ${lineOf(found[0]!.range)}`);
          assert.match(found[0]!.message, c.message, c.name);
        }
      } finally {
        await dispose();
      }
    });

    test('each statement is its own message: a valid model runs without savepoints, a broken one again with a savepoint per statement', async () => {
      const { db, dispose } = await target.open();
      try {
        const counted = countingQueries(db);
        const valid = await validate(annotationModel(), counted);
        assert.equal(valid.ok, true);
        assert.equal(valid.statementsApplied, compileDdl(annotationModel()).statements.length);
        assert.equal(counted.execs, 0, 'validate() sent a string through exec(), which may hold several statements');
        assert.equal(counted.sent.filter((sql) => sql === 'SAVEPOINT data_model_statement').length, 0);
        // Every compiled statement went out on its own: no sent text holds two CREATE TABLEs.
        assert.ok(counted.sent.every((sql) => (sql.match(/CREATE TABLE/g) ?? []).length <= 1));

        const broken = annotationModel();
        broken.checks.find((c) => c.name === 'chk_user_role')!.expression = "rol IN ('annotator')";
        counted.sent = [];
        const result = await validate(broken, counted);
        assert.equal(errors(result.problems).length, 1);
        // The failed attempt, then every statement under its own savepoint: all but the broken one applied.
        assert.equal(result.statementsApplied, compileDdl(broken).statements.length - 1);
        assert.equal(counted.sent.filter((sql) => sql === 'SAVEPOINT data_model_statement').length, compileDdl(broken).statements.length);
      } finally {
        await dispose();
      }
    });

    test('a hostile name is one identifier: the table is created under that exact name and nothing else happens', async () => {
      const { db, dispose } = await target.open();
      try {
        const hostile = 'x"; DROP TABLE users; --';
        const model = annotationModel();
        model.entities.push({
          name: hostile,
          notes: [],
          columns: [
            { name: `'); DROP TABLE users; --`, type: 'TEXT', nullable: false, default: "'it''s $$ fine'", description: '', primaryKey: true, unique: false, foreignKey: false },
          ],
        });
        model.roles.push('Evil"; DROP ROLE postgres; --');
        model.security.push({ table: hostile, sensitivity: 'Low', access: accessMap({ Annotator: 'NONE', Admin: 'Full', 'Evil"; DROP ROLE postgres; --': 'Read' }) });
        const probe = `SELECT c.relname, a.attname, pg_get_expr(d.adbin, d.adrelid) AS def, has_table_privilege('evil_drop_role_postgres', c.oid, 'SELECT') AS readable
                         FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = 1
                         LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = 1
                        WHERE c.relname = $1`;
        // Run the script ourselves inside a transaction, as one batch as validate() first sends
        // it, to look at the result before it is rolled back.
        const compiled = compileDdl(model);
        assert.deepEqual(compiled.problems.filter((p) => p.severity === 'error'), []);
        await db.exclusive(async () => {
          await db.exec('BEGIN');
          try {
            await db.exec(compiled.sql);
            assert.deepEqual(await db.query(probe, [hostile]), [
              { relname: hostile, attname: `'); DROP TABLE users; --`, def: `'it''s $$ fine'::text`, readable: true },
            ]);
            assert.equal((await db.query(`SELECT to_regclass('users') IS NOT NULL AS users_exists`))[0]!.users_exists, true);
            await db.exec(`INSERT INTO ${'"x""; DROP TABLE users; --"'} DEFAULT VALUES`);
            assert.deepEqual(await db.query(`SELECT * FROM "x""; DROP TABLE users; --"`), [{ [`'); DROP TABLE users; --`]: "it's $$ fine" }]);
          } finally {
            await db.exec('ROLLBACK');
          }
        });
        const result = await validate(model, db, { probes: true });
        assert.deepEqual(errors(result.problems), []);
      } finally {
        await dispose();
      }
    });
  });
}

/** The same database, recording what validate() sends through query() and counting exec() calls. */
function countingQueries(db: Database): Database & { execs: number; sent: string[] } {
  const counted = {
    execs: 0,
    sent: [] as string[],
    query: <T extends Record<string, unknown>>(sql: string, params?: unknown[]) => {
      counted.sent.push(sql);
      return db.query<T>(sql, params);
    },
    exec: (sql: string) => {
      counted.execs++;
      return db.exec(sql);
    },
    exclusive: db.exclusive.bind(db),
    close: db.close.bind(db),
    describe: db.describe.bind(db),
    transactionStatus: db.transactionStatus?.bind(db),
  };
  return counted;
}
