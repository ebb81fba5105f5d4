/**
 * A migration on a busy PostgreSQL server: another connection holds a long transaction on the
 * tables it changes. The migration file (run by psql, as its header says) gives up after its
 * lock timeout instead of queueing behind that transaction (and everything behind itself), and
 * fails cleanly: a failure in the transaction leaves the schema exactly as it was and the same
 * file runs later; a failure of a CONCURRENTLY step leaves only what committed before it, and
 * that part of the file, run again, completes the migration (it drops the invalid index the
 * interrupted build left). A scratch database `migrate_locks_…`; no roles.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { runCliInProcess } from '../cli/in-process';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { readMarkdown } from '../../server/src/markdown/reader';
import type { PgDatabase } from '../../server/src/postgres/pg-database';
import { applyDdl, fingerprint, migrateScratch, psqlFile } from './migrate-support';
import { TEST_CONNECT_TIMEOUT_MS } from './targets';

const LOCK_TIMEOUT_S = 1;
/** A hang bound, ~10x the lock timeout: waiting behind the other transaction would take its whole 120 s. */
const GIVES_UP_WITHIN_MS = 15_000;

function documentOf(orders: string[], customers: string[], sections = ''): string {
  const table = (name: string, rows: string[]) => [`### ${name}`, '', '| Column | Type | Nullable | Default | Description |', '|---|---|---|---|---|', '| id | SERIAL PK | No | auto | ID |', ...rows, ''];
  return ['# Data Model: Shop', '', '## Entity Definitions', '', ...table('customers', customers), ...table('orders', orders), sections].join('\n');
}

const OLD = documentOf(['| customer_id | INT | Yes | — | Customer |', '| status | VARCHAR(64) | Yes | — | Status |', '| amount | INT | No | 0 | Amount |'], ['| name | TEXT | No | — | Name |']);
/** Everything the safe path has: NOT NULL through a check, a foreign key and a check NOT VALID, an index CONCURRENTLY. */
const NEW_ORDERS = documentOf(
  ['| customer_id | INT FK | Yes | — | Customer |', '| status | VARCHAR(64) | No | — | Status |', '| amount | INT | No | 0 | Amount |', '| note | TEXT | Yes | — | Note |'],
  ['| name | TEXT | No | — | Name |'],
  [
    '## Indexes', '', '| Index Name | Table | Columns | Type | Purpose |', '|---|---|---|---|---|', '| idx_orders_status | orders | (status) | BTREE | Find by status |', '',
    '## Constraints', '', '```sql',
    'ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE SET NULL;',
    'ALTER TABLE orders ADD CONSTRAINT chk_orders_amount CHECK (amount >= 0);', '```', '',
  ].join('\n'),
);
/** Only an index on orders, and a column on customers: the transaction does not touch orders. */
const NEW_INDEX_ONLY = documentOf(
  ['| customer_id | INT | Yes | — | Customer |', '| status | VARCHAR(64) | Yes | — | Status |', '| amount | INT | No | 0 | Amount |'],
  ['| name | TEXT | No | — | Name |', '| email | TEXT | Yes | — | E-mail |'],
  ['## Indexes', '', '| Index Name | Table | Columns | Type | Purpose |', '|---|---|---|---|---|', '| idx_orders_status | orders | (status) | BTREE | Find by status |', ''].join('\n'),
);

describe('migrate on a busy server', { timeout: 300_000 }, () => {
  let scratch: Awaited<ReturnType<typeof migrateScratch>>;
  let db: PgDatabase;
  let url: string;
  let folder: string;
  let other: Client;

  before(async () => {
    await loadSqlParser();
    scratch = await migrateScratch('migrate_locks', []);
    ({ db, url, folder } = scratch);
  });
  after(async () => {
    await other?.end().catch(() => undefined);
    await scratch?.drop();
  });

  /** A schema with old's tables and rows in it; the migration file from old to `next`. */
  async function prepare(schema: string, next: string): Promise<string> {
    await db.exec(`CREATE SCHEMA ${schema}`);
    await applyDdl(db, schema, readMarkdown(OLD).model);
    await db.exec(`SET search_path = ${schema}; INSERT INTO customers (name) SELECT 'c' || g FROM generate_series(1, 50) g; INSERT INTO orders (customer_id, status, amount) SELECT 1 + g % 50, 'new', g FROM generate_series(1, 200) g; RESET search_path`);
    writeFileSync(path.join(folder, 'old.md'), OLD);
    writeFileSync(path.join(folder, `${schema}.md`), next);
    const file = path.join(folder, `${schema}.sql`);
    const result = await runCliInProcess(['migrate', path.join(folder, `${schema}.md`), '--from', path.join(folder, 'old.md'), '--out', file, '--lock-timeout', String(LOCK_TIMEOUT_S)]);
    assert.equal(result.code, 0, result.err);
    return file;
  }

  /** What new's DDL gives in an empty schema. */
  async function freshFingerprint(schema: string, next: string) {
    await db.exec(`CREATE SCHEMA ${schema}`);
    await applyDdl(db, schema, readMarkdown(next).model);
    return fingerprint(db, schema);
  }

  /** Another session in a long transaction that has used `table` (its lock stays until it ends). */
  async function holdTransaction(schema: string, statement: string): Promise<void> {
    other = new Client({ connectionString: url, connectionTimeoutMillis: TEST_CONNECT_TIMEOUT_MS });
    await other.connect();
    await other.query(`SET search_path = ${schema}; SET idle_in_transaction_session_timeout = '120s'`);
    await other.query('BEGIN');
    await other.query(statement);
  }

  it('a lock not granted within lock_timeout fails the transaction as a whole; the same file runs once the other transaction ends', async () => {
    const file = await prepare('migrate_busy_a', NEW_ORDERS);
    const beforeMigration = await fingerprint(db, 'migrate_busy_a');
    await holdTransaction('migrate_busy_a', 'SELECT count(*) FROM orders');

    const started = Date.now();
    const blocked = await psqlFile(url, 'migrate_busy_a', file);
    const waited = Date.now() - started;
    assert.equal(blocked.ok, false, 'the migration must not wait for the other transaction');
    assert.match(blocked.stderr, /canceling statement due to lock timeout/);
    assert.ok(waited < GIVES_UP_WITHIN_MS, `gave up after ${waited} ms`);
    assert.deepEqual(await fingerprint(db, 'migrate_busy_a'), beforeMigration, 'nothing of the transaction is applied');

    await other.query('COMMIT');
    await other.end();
    const rerun = await psqlFile(url, 'migrate_busy_a', file);
    assert.ok(rerun.ok, rerun.stderr);
    assert.deepEqual(await fingerprint(db, 'migrate_busy_a'), await freshFingerprint('migrate_fresh_a', NEW_ORDERS));
    const rows = await db.query<{ n: string }>('SELECT count(*) AS n FROM migrate_busy_a.orders');
    assert.equal(Number(rows[0]!.n), 200, 'the rows are kept');
  });

  it('an index build that cannot proceed fails after the commit; that part of the file, run again, completes the migration', async () => {
    const file = await prepare('migrate_busy_b', NEW_INDEX_ONLY);
    const sql = readFileSync(file, 'utf8');
    assert.match(sql, /CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_status/);
    // A writer in the middle of its transaction: CREATE INDEX CONCURRENTLY waits for it to end.
    await holdTransaction('migrate_busy_b', "UPDATE orders SET status = 'paid' WHERE id = 1");

    const started = Date.now();
    const blocked = await psqlFile(url, 'migrate_busy_b', file);
    assert.equal(blocked.ok, false);
    assert.match(blocked.stderr, /canceling statement due to lock timeout/);
    assert.ok(Date.now() - started < GIVES_UP_WITHIN_MS);
    // The transaction committed (customers.email exists); the interrupted build left an invalid index.
    const email = await db.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = 'migrate_busy_b' AND table_name = 'customers' AND column_name = 'email'`);
    assert.equal(email.length, 1);
    const invalid = await db.query(`SELECT 1 FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE i.relname = 'idx_orders_status' AND i.relnamespace = 'migrate_busy_b'::regnamespace AND NOT x.indisvalid`);
    assert.equal(invalid.length, 1, 'an interrupted CONCURRENTLY build leaves an invalid index (what the rerun must handle)');

    await other.query('COMMIT');
    await other.end();
    // What the file says to run again: its settings, then everything after COMMIT.
    const settings = sql.split('\n').filter((line) => /^SET (lock|statement)_timeout/.test(line)).join('\n');
    const rest = path.join(folder, 'rest.sql');
    writeFileSync(rest, `${settings}\n${sql.slice(sql.indexOf('COMMIT;') + 'COMMIT;'.length)}`);
    for (let run = 0; run < 2; run++) {
      const rerun = await psqlFile(url, 'migrate_busy_b', rest);
      assert.ok(rerun.ok, rerun.stderr);
    }
    assert.deepEqual(await fingerprint(db, 'migrate_busy_b'), await freshFingerprint('migrate_fresh_b', NEW_INDEX_ONLY));
  });
});
