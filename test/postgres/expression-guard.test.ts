/**
 * Hostile documents through the real validate() on PGlite and on the server: each attack of
 * issue 11 is refused before anything runs (no statement applied, the database as it was:
 * sequences, large objects, relations, roles the attack names), with an error on the attacking
 * cell's line. And a backslash string is still the same string on a server whose
 * `standard_conforming_strings` is off.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readMarkdown } from '../../server/src/markdown/reader';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import type { Database } from '../../server/src/postgres/database';
import { validate } from '../../server/src/postgres/validate';
import { compileDdl } from '../../server/src/sql/ddl';
import { pgliteTarget, serverTarget, type Target } from './targets';

const pglite = pgliteTarget();
before(() => loadSqlParser());
after(() => pglite.close());

const clean = readFileSync(path.join(__dirname, '../fixtures/rules/clean.md'), 'utf8');
const suffix = randomBytes(4).toString('hex');
const evilRole = `dm_evil_${suffix}`;

/** clean.md with `from` replaced by `to`; the refusal must be on the line starting with `at` (default: `to`'s). */
function hostile(from: string, to: string, at = to): { text: string; line: number } {
  assert.ok(clean.includes(from), from);
  const text = clean.replace(from, () => to);
  const line = text.split('\n').findIndex((l) => l.startsWith(at));
  assert.ok(line > 0, at);
  return { text, line };
}

const ROLE_LINE = "| role | VARCHAR(32) | No | 'member' | 'member' or 'admin' |";
const BUDGET_LINE = '| budget | NUMERIC(12,2) | Yes | NULL | Approved budget |';
const CATEGORY_PARTITION = (bound: string) =>
  '\n**Partitioned by**: LIST (name)\n\n### categories_a\n\n' +
  `**Partition of**: categories ${bound}\n\n` +
  '| Column | Type | Nullable | Default | Description |\n|---|---|---|---|---|\n| id | INT | No | — | Category ID |\n\n## Indexes';

const ATTACKS: { name: string; doc: { text: string; line: number } }[] = [
  {
    name: 'COMMIT and COPY … TO PROGRAM appended to a default',
    doc: hostile(ROLE_LINE, `| role | VARCHAR(32) | No | 'member'); COMMIT; CREATE ROLE ${evilRole} SUPERUSER; COPY (SELECT 1) TO PROGRAM 'id'; -- | x |`),
  },
  {
    name: 'a non-ASCII dollar-quote tag',
    doc: hostile(ROLE_LINE, `| role | VARCHAR(32) | No | $é$'$é$); COMMIT; CREATE ROLE ${evilRole} SUPERUSER; --' | x |`),
  },
  {
    name: "a non-ASCII letter before E'",
    doc: hostile(ROLE_LINE, `| role | VARCHAR(32) | No | éE'\\'); COMMIT; CREATE ROLE ${evilRole} SUPERUSER; --' | x |`),
  },
  { name: 'pg_read_file in a default', doc: hostile(ROLE_LINE, "| role | VARCHAR(32) | No | pg_read_file('/etc/passwd') | x |") },
  {
    name: 'pg_read_file in a check',
    doc: hostile('CHECK (budget IS NULL OR budget >= 0);', "CHECK (budget >= pg_read_file('/etc/passwd')::int);", 'ALTER TABLE projects ADD CONSTRAINT chk_project_budget'),
  },
  { name: 'nextval of a sequence the document does not create', doc: hostile(BUDGET_LINE, `| budget | NUMERIC(12,2) | Yes | nextval('dm_foreign_seq') | x |`) },
  {
    name: 'a large object created by a partition bound',
    doc: hostile('\n## Indexes', CATEGORY_PARTITION("FOR VALUES IN (lo_from_bytea(0, 'evil')::text)"), '### categories_a'),
  },
  { name: 'pg_sleep in a partition bound', doc: hostile('\n## Indexes', CATEGORY_PARTITION("FOR VALUES IN (pg_sleep(30)::text)"), '### categories_a') },
];

/** What an attack could change that a rolled-back transaction does not undo, and what it would add. */
async function traces(db: Database): Promise<unknown> {
  return {
    sequence: await db.query('SELECT last_value, is_called FROM dm_foreign_seq'),
    largeObjects: await db.query('SELECT count(*)::int AS n FROM pg_largeobject_metadata'),
    relations: await db.query(`SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1`),
    evilRole: await db.query('SELECT rolname FROM pg_roles WHERE rolname = $1', [evilRole]),
  };
}

for (const target of [pglite, serverTarget] as Target[]) {
  describe(`hostile SQL in a document, validated on ${target.name}`, () => {
    for (const attack of ATTACKS) {
      test(`${attack.name}: refused before anything runs, at its line`, async () => {
        const { db, dispose } = await target.open();
        try {
          await db.exec('CREATE SEQUENCE IF NOT EXISTS dm_foreign_seq');
          const before = await traces(db);
          const began = Date.now();
          const result = await validate(readMarkdown(attack.doc.text).model, db, { probes: true });
          assert.ok(Date.now() - began < 10_000, `validate took ${Date.now() - began} ms`);
          assert.equal(result.ok, false);
          assert.equal(result.statementsApplied, 0);
          const onLine = result.problems.filter((p) => p.severity === 'error' && p.range.start.line === attack.doc.line);
          assert.equal(onLine.length, 1, result.problems.map((p) => `${p.range.start.line}: ${p.message}`).join('\n'));
          assert.match(onLine[0]!.message, /is refused: /);
          assert.deepEqual(await traces(db), before);
        } finally {
          await db.exec('DROP SEQUENCE IF EXISTS dm_foreign_seq').catch(() => undefined);
          await dispose();
        }
      });
    }

    test('standard_conforming_strings = off: a backslash default is the same string, and nothing is appended', async () => {
      const { db, dispose } = await target.open();
      try {
        // The old compiler pasted this cell; with the setting off, `\'` ended the first string early
        // and the rest ran as statements. Written back from the tree it is E'\\' || '…'.
        const doc = hostile('| password_hash | VARCHAR(255) | No | — | Argon2 hash of the password |', `| password_hash | VARCHAR(255) | No | '\\' \\|\\| '); COMMIT; CREATE ROLE ${evilRole} SUPERUSER; --' | x |`);
        const model = readMarkdown(doc.text).model;
        await db.exec('SET standard_conforming_strings = off');
        const result = await validate(model, db, { probes: false });
        assert.deepEqual(result.problems.filter((p) => p.severity === 'error'), []);
        assert.ok(result.statementsApplied > 10);
        assert.deepEqual(await db.query('SELECT rolname FROM pg_roles WHERE rolname = $1', [evilRole]), []);
        // The compiled script applied by hand with the setting off: users.password_hash defaults to the one string.
        const compiled = compileDdl(model);
        await db.exec('BEGIN');
        try {
          await db.exec(compiled.sql);
          await db.exec("INSERT INTO users (email) VALUES ('a@example.org')");
          const [row] = await db.query<{ password_hash: string }>('SELECT password_hash FROM users');
          assert.equal(row!.password_hash, `\\); COMMIT; CREATE ROLE ${evilRole} SUPERUSER; --`);
          assert.deepEqual(await db.query('SELECT rolname FROM pg_roles WHERE rolname = $1', [evilRole]), []);
        } finally {
          await db.exec('ROLLBACK');
        }
      } finally {
        await db.exec('RESET standard_conforming_strings').catch(() => undefined);
        await dispose();
      }
    });
  });
}
