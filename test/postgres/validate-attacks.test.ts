/**
 * A document is untrusted input: the attacks of issue 11 on validation's runner, each against
 * both real PostgreSQLs where it can run there. The fragment guard (server/src/sql) is a separate
 * defence; these tests hand the runner raw statements the compiler would never emit (through
 * `validate`'s `statements` option), to show the runner holds on its own.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { DataModel, Entity } from '../../server/src/model/types';
import { emptyModel, rangeOf } from '../../server/src/model/util';
import type { Database } from '../../server/src/postgres/database';
import type { PgDatabase } from '../../server/src/postgres/pg-database';
import { MAX_TABLES, validate } from '../../server/src/postgres/validate';
import { compileDdl, type DdlStatement } from '../../server/src/sql/ddl';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { writeMarkdown } from '../../server/src/markdown/writer';
import { runCliInProcess } from '../cli/in-process';
import { annotationModel, lineOf } from './annotation-model';
import { scratchDatabase } from './roundtrip-databases';
import { catalogSnapshot, onServer, pgliteTarget, serverTarget, type Target } from './targets';
import { accessMap, resolveOwners } from '../../server/src/model/access';

const pglite = pgliteTarget();
after(() => pglite.close());

const errors = <T extends { severity: string }>(problems: T[]): T[] => problems.filter((p) => p.severity === 'error');
const suffix = () => randomBytes(4).toString('hex');

/** A raw statement for the runner, as the compiler would describe one. */
function raw(sql: string, line = 5): DdlStatement {
  return { sql, what: `statement ${line}`, range: rangeOf(line, 0, line, 10), needs: [], expect: { kind: 'raw statement of the test' } };
}

function table(name: string, columns: [string, string][], line: number): Entity {
  const range = rangeOf(line, 0, line, 20);
  return {
    name,
    notes: [],
    headingRange: range,
    range,
    columns: columns.map(([column, type], i) => ({
      name: column,
      type,
      nullable: i > 0,
      description: '',
      primaryKey: i === 0,
      unique: false,
      foreignKey: column === 'user_id',
      range: rangeOf(line + i + 1, 0, line + i + 1, 20),
    })),
  };
}

/** users and notes; `Member` may read users and sees only its own notes (row-level security). */
function ownRecordsModel(role: string): DataModel {
  const model = emptyModel();
  model.entities = [table('users', [['id', 'INTEGER']], 10), table('notes', [['id', 'INTEGER'], ['user_id', 'INTEGER'], ['body', 'TEXT']], 20)];
  model.foreignKeys = [{ name: 'fk_note_user', table: 'notes', columns: ['user_id'], refTable: 'users', refColumns: ['id'], range: rangeOf(30, 0, 30, 20) }];
  model.roles = [role];
  model.security = [
    { table: 'users', sensitivity: 'Low', access: accessMap({ [role]: 'Read' }), range: rangeOf(40, 0, 40, 20) },
    { table: 'notes', sensitivity: 'High', access: accessMap({ [role]: 'Own records' }), range: rangeOf(41, 0, 41, 20) },
  ];
  resolveOwners(model);
  return model;
}

async function rolesNamed(db: Database, pattern: string): Promise<string[]> {
  return (await db.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname LIKE $1 ORDER BY 1`, [pattern])).map((r) => r.rolname);
}

for (const target of [pglite, serverTarget] as Target[]) {
  describe(`attacks on validation, on ${target.name}`, () => {
    test('a string holding two statements is refused by the database, not run', async () => {
      const { db, dispose } = await target.open();
      try {
        await assert.rejects(db.query(`SELECT 1; SELECT 2`), /cannot insert multiple commands into a prepared statement/);
      } finally {
        await dispose();
      }
    });

    test('an injected "; COMMIT; CREATE ROLE … SUPERUSER" is refused as a whole and nothing is committed', async () => {
      const { db, dispose } = await target.open();
      const evil = `dm_test_evil_${suffix()}`;
      try {
        const before = await catalogSnapshot(db);
        const result = await validate(ownRecordsModel('Member'), db, {
          statements: [raw(`CREATE TABLE t (id int)`), raw(`CREATE TABLE u (id int DEFAULT 1); COMMIT; CREATE ROLE ${evil} SUPERUSER LOGIN`, 7)],
        });
        assert.equal(result.ok, false);
        assert.deepEqual(
          errors(result.problems).map((p) => [lineOf(p.range), /multiple commands/.test(p.message)]),
          [[7, true]],
        );
        assert.deepEqual(await rolesNamed(db, evil), []);
        assert.deepEqual(await catalogSnapshot(db), before);
      } finally {
        await dispose();
      }
    });

    test('a statement that ends the transaction stops validation at once, and the committed sandbox is dropped again', async () => {
      const { db, dispose } = await target.open();
      const evil = `dm_test_evil_${suffix()}`;
      try {
        const before = await catalogSnapshot(db);
        await assert.rejects(
          validate(ownRecordsModel('Member'), db, { statements: [raw(`CREATE TABLE t (id int)`), raw(`COMMIT`), raw(`CREATE ROLE ${evil} SUPERUSER LOGIN`)] }),
          /Validation stopped: after statement 5, the transaction ended.*dropped again/,
        );
        assert.deepEqual(await rolesNamed(db, evil), [], 'the statement after the COMMIT ran');
        assert.deepEqual(await rolesNamed(db, 'dm\\_validate\\_%'), []);
        assert.deepEqual(await catalogSnapshot(db), before);
      } finally {
        await dispose();
      }
    });

    test('functions the DDL calls run without superuser power: no file is read, no program run, no large object made', async () => {
      const { db, dispose } = await target.open();
      try {
        const before = await catalogSnapshot(db);
        const result = await validate(ownRecordsModel('Member'), db, {
          statements: [
            raw(`CREATE TABLE t (id int, secret text DEFAULT pg_read_file('/etc/passwd'))`, 5),
            raw(`INSERT INTO t (id) VALUES (1)`, 6),
            raw(`SELECT lo_import('/etc/passwd')`, 7),
            raw(`COPY (SELECT 1) TO PROGRAM 'id'`, 8),
            raw(`SELECT lo_from_bytea(0, 'x'::bytea)`, 9),
          ],
        });
        const found = errors(result.problems);
        assert.deepEqual(
          found.map((p) => lineOf(p.range)),
          [6, 7, 8],
          JSON.stringify(found.map((p) => p.message)),
        );
        for (const p of found) assert.match(p.message, /permission denied|must be superuser|privileges of the pg_|not supported/i);
        assert.ok(!result.problems.some((p) => /root:/.test(p.message)), 'the file came back in a message');
        // lo_from_bytea is allowed to anyone, and its large object is rolled back: the check after the run agrees.
        assert.ok(!result.problems.some((p) => /large objects/.test(p.message)));
        assert.deepEqual(await catalogSnapshot(db), before);
      } finally {
        await dispose();
      }
    });

    test('the probes insert the Own-records test rows as the unprivileged role: a CHECK that sees a superuser would fail', async () => {
      const { db, dispose } = await target.open();
      try {
        const model = ownRecordsModel('Member');
        const result = await validate(model, db, {
          probes: true,
          statements: (compiled) => [...compiled, raw(`ALTER TABLE notes ADD CHECK (current_setting('is_superuser') = 'off' AND current_user <> session_user)`, 50)],
        });
        assert.deepEqual(result.problems, []);
      } finally {
        await dispose();
      }
    });

    test('nextval on a sequence of the database is refused; a sequence moved anyway is reported as an error', async () => {
      const { db, dispose } = await target.open();
      const sequence = `dm_test_seq_${suffix()}`;
      try {
        await db.exec(`CREATE SEQUENCE public.${sequence}`);
        await db.query(`SELECT nextval('public.${sequence}')`);
        const refused = await validate(ownRecordsModel('Member'), db, { statements: [raw(`SELECT nextval('public.${sequence}')`)] });
        assert.match(errors(refused.problems)[0]?.message ?? '', /permission denied for sequence/);
        assert.equal(errors(refused.problems).length, 1);
        assert.deepEqual(await db.query(`SELECT last_value::int AS last FROM public.${sequence}`), [{ last: 1 }]);

        // A careless grant lets anyone advance it: rollback cannot undo that, and validation says so.
        await db.exec(`GRANT USAGE ON SEQUENCE public.${sequence} TO PUBLIC`);
        const moved = await validate(ownRecordsModel('Member'), db, { statements: [raw(`SELECT nextval('public.${sequence}')`)] });
        assert.deepEqual(
          errors(moved.problems).map((p) => p.message),
          [`Validation must leave the database as it found it, but after the run sequence public.${sequence} moved from 1 to 2 (sequences are not rolled back; validation or another session advanced it)`],
        );
      } finally {
        await db.exec(`DROP SEQUENCE IF EXISTS public.${sequence}`).catch(() => undefined);
        await dispose();
      }
    });

    test('a database that already holds the schema (and a schema of its own) validates, and is left unchanged', async () => {
      const { db, dispose } = await target.open();
      const id = suffix();
      const model = withRoles(annotationModel(), { Annotator: `Annotator ${id}`, Admin: `Admin ${id}` });
      model.entities.push(table('audit.events', [['id', 'BIGINT'], ['note', 'TEXT']], 900));
      model.security.push({ table: 'audit.events', sensitivity: 'High', access: accessMap({ [`Annotator ${id}`]: 'Read', [`Admin ${id}`]: 'Full' }), range: rangeOf(950, 0, 950, 20) });
      const roles = [`annotator_${id}`, `admin_${id}`];
      try {
        // The document's DDL applied for real, as a team's development database has it.
        const compiled = compileDdl(model);
        assert.deepEqual(errors(compiled.problems), []);
        for (const statement of compiled.statements) await db.query(statement.sql);
        const before = await catalogSnapshot(db);
        assert.ok(before.relations.some((r) => (r as { relname: string }).relname === 'events'));

        const result = await validate(model, db, { probes: true });
        assert.deepEqual(errors(result.problems), []);
        assert.equal(result.statementsApplied, compiled.statements.length);
        assert.deepEqual(await catalogSnapshot(db), before);
      } finally {
        await dispose();
        if (target === serverTarget) await onServer(async (c) => c.query(`DROP ROLE IF EXISTS ${roles.join(', ')}`));
        else for (const role of roles) await db.exec(`DROP OWNED BY ${role}; DROP ROLE ${role}`).catch(() => undefined);
      }
    });

    test(`a document of more than ${MAX_TABLES} tables is refused at once, with the reason`, async () => {
      const { db, dispose } = await target.open();
      try {
        const model = emptyModel();
        model.entities = Array.from({ length: 5000 }, (_, i) => table(`t${i}`, [['id', 'INTEGER'], ['note', 'TEXT']], 10 + 3 * i));
        const began = Date.now();
        await assert.rejects(validate(model, db), /The document defines 5,000 tables; validation runs at most 2,000 .*shared locks/);
        assert.ok(Date.now() - began < 30_000, 'refusing took longer than applying would');
      } finally {
        await dispose();
      }
    });

    test('a document larger than one transaction may lock is validated in batches, with the same findings and fewer locks', async () => {
      const { db, dispose } = await target.open();
      try {
        const whole = await validate(annotationModel(), db, { probes: true });
        const batched = await validate(annotationModel(), db, { probes: true, tablesPerBatch: 2 });
        assert.equal(whole.batches, 1);
        assert.equal(batched.batches, 3);
        assert.deepEqual(batched.problems, whole.problems);
        assert.equal(batched.statementsApplied, whole.statementsApplied);
        assert.ok(batched.locksHeld < whole.locksHeld, `${batched.locksHeld} locks in a batch, ${whole.locksHeld} in one transaction`);

        const broken = annotationModel();
        broken.foreignKeys.find((f) => f.name === 'fk_submission_task')!.refTable = 'competitions';
        broken.entities.find((e) => e.name === 'tasks')!.columns.find((c) => c.name === 'deadline')!.default = 'NOW() + 1';
        const brokenWhole = await validate(broken, db);
        const brokenBatched = await validate(broken, db, { tablesPerBatch: 2 });
        assert.equal(errors(brokenWhole.problems).length, 2);
        assert.deepEqual(brokenBatched.problems, brokenWhole.problems);
        assert.equal(brokenBatched.statementsSkipped, brokenWhole.statementsSkipped);
      } finally {
        await dispose();
      }
    });

    test("a permission error on the table's schema is said apart from a missing grant on the table", async () => {
      const { db, dispose } = await target.open();
      try {
        const model = annotationModel();
        model.entities.push(table('audit.events', [['id', 'BIGINT'], ['note', 'TEXT']], 900));
        const range = rangeOf(950, 0, 950, 20);
        model.security.push({ table: 'audit.events', sensitivity: 'High', access: accessMap({ Annotator: 'NONE', Admin: 'Full' }), range });
        // Without the schema grant the compiler emits, Admin's table privileges are unusable.
        const result = await validate(model, db, { probes: true, statements: (compiled) => compiled.filter((s) => !/^GRANT USAGE ON SCHEMA/.test(s.sql)) });
        assert.deepEqual(
          errors(result.problems).map((p) => [lineOf(p.range), p.message]),
          [
            [
              950,
              'Security of audit.events for Admin: annotated Full, but the role cannot read, insert into, update and delete from the table (to read: permission denied for schema audit; ' +
                "to insert into: permission denied for schema audit; to update: permission denied for schema audit; to delete from: permission denied for schema audit; not the table's own privileges)",
            ],
          ],
        );
      } finally {
        await dispose();
      }
    });
  });
}

describe('stopping validation on the PostgreSQL server', () => {
  /** The backends of one database still running something. */
  const busyBackends = (database: string) =>
    onServer(async (c) => (await c.query(`SELECT pid, query FROM pg_stat_activity WHERE datname = $1 AND state <> 'idle' AND pid <> pg_backend_pid()`, [database])).rows);

  async function stopsAndLeavesNothing(stop: { deadlineMs?: number; abortAfterMs?: number }, message: RegExp) {
    const { db, dispose } = await serverTarget.open();
    try {
      const database = (db as PgDatabase).address.database;
      const aborted = new AbortController();
      if (stop.abortAfterMs) setTimeout(() => aborted.abort(), stop.abortAfterMs);
      const began = Date.now();
      await assert.rejects(
        validate(ownRecordsModel('Member'), db, { statements: [raw(`SELECT pg_sleep(60)`)], deadlineMs: stop.deadlineMs, statementTimeoutMs: 60_000, signal: aborted.signal }),
        message,
      );
      const stoppedAt = stop.deadlineMs ?? stop.abortAfterMs!;
      // The backend is gone within two seconds of the deadline (polling, not sleeping the whole time).
      let busy = await busyBackends(database);
      while (busy.length > 0 && Date.now() - began < stoppedAt + 2000) busy = await busyBackends(database);
      assert.deepEqual(busy, [], `still running ${Date.now() - began - stoppedAt} ms after the stop`);
      assert.ok(Date.now() - began < stoppedAt + 2000, `the backend went away ${Date.now() - began - stoppedAt} ms after the stop`);
      // The handle reconnects for the next run.
      assert.equal((await validate(ownRecordsModel('Member'), db)).ok, true);
    } finally {
      await dispose();
    }
  }

  test('at the overall deadline the backend running pg_sleep is cancelled and gone within two seconds', () =>
    stopsAndLeavesNothing({ deadlineMs: 1500 }, /Validation stopped: it ran past its deadline of 1\.5 s\. Its work on the database was cancelled and rolled back\./));

  test("the caller's cancel (VS Code's Cancel, Ctrl+C) cancels the backend too", () =>
    stopsAndLeavesNothing({ abortAfterMs: 800 }, /Validation stopped: it was cancelled/));

  test('a statement past the statement timeout is one located problem, and validation goes on', async () => {
    const { db, dispose } = await serverTarget.open();
    try {
      const result = await validate(ownRecordsModel('Member'), db, {
        statements: [raw(`SELECT pg_sleep(5)`, 5), raw(`CREATE TABLE after_the_slow_one (id int)`, 6)],
        statementTimeoutMs: 300,
      });
      assert.deepEqual(
        errors(result.problems).map((p) => [lineOf(p.range), /statement timeout/.test(p.message)]),
        [[5, true]],
      );
      assert.equal(result.statementsApplied, 1);
    } finally {
      await dispose();
    }
  });
});

describe('data-model validate --database, on a database that already holds the schema', () => {
  test('passes and leaves the database unchanged (issue 12)', async () => {
    await loadSqlParser();
    const scratch = await scratchDatabase();
    const id = suffix();
    const roles = [`annotator_${id}`, `admin_${id}`];
    try {
      const model = withRoles(annotationModel(), { Annotator: `Annotator ${id}`, Admin: `Admin ${id}` });
      const markdown = writeMarkdown(model);
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'dm-validate-')), 'data-model.md');
      writeFileSync(file, markdown);
      // The document's own DDL, applied for real (as `data-model sql` writes it).
      const sql = await runCliInProcess(['sql', file]);
      assert.equal(sql.code, 0, sql.err);
      await scratch.db.exec(sql.out);
      const before = await catalogSnapshot(scratch.db);
      assert.ok(before.relations.length > 6);

      const result = await runCliInProcess(['validate', file, '--database', scratch.url]);
      assert.equal(result.code, 0, result.out + result.err);
      assert.match(result.out, /: valid on PostgreSQL .* all rolled back; security annotations probed as each role/);
      assert.deepEqual(await catalogSnapshot(scratch.db), before);
    } finally {
      await scratch.drop();
      await onServer(async (c) => c.query(`DROP ROLE IF EXISTS ${roles.join(', ')}`));
    }
  });
});

/** The model with its role labels renamed (roles are cluster-wide: a committed one needs a name of its own). */
function withRoles(model: DataModel, renames: Record<string, string>): DataModel {
  model.roles = model.roles.map((r) => renames[r] ?? r);
  for (const row of model.security) row.access = Object.fromEntries(Object.entries(row.access).map(([label, access]) => [renames[label] ?? label, access]));
  return model;
}

