/**
 * The two PostgreSQLs every validation test runs against, for real (never mocked):
 *  - PGlite, one private instance per test file, started from a cache folder under the OS temp dir;
 *  - the server at $PGURL (default postgres://postgres@127.0.0.1:5432/test), each test in its own
 *    database `dm_test_<random>`, dropped at the end. If the server is unreachable the test fails.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { Database } from '../../server/src/postgres/database';
import { DEFAULT_PGURL, PgDatabase } from '../../server/src/postgres/pg-database';
import { PgliteDatabase } from '../../server/src/postgres/pglite-database';

export const PGURL = process.env.PGURL ?? DEFAULT_PGURL;
export const PGLITE_TEST_CACHE = path.join(tmpdir(), 'data-model-test-cache', 'pglite');

export interface Target {
  name: string;
  /** A database of its own for one test; `dispose` removes it. */
  open(): Promise<{ db: Database; dispose: () => Promise<void> }>;
}

export function urlForDatabase(database: string, base = PGURL): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * How long the tests wait for a connection to the server at $PGURL: a hang bound, not a speed
 * (a local connection takes milliseconds; a machine busy with other work once took over 5 s).
 */
export const TEST_CONNECT_TIMEOUT_MS = 30_000;

/** Runs `sql` on the server's default database (for CREATE/DROP DATABASE and roles). */
export async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: PGURL, connectionTimeoutMillis: TEST_CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const serverTarget: Target = {
  name: 'PostgreSQL server',
  async open() {
    const name = `dm_test_${randomBytes(6).toString('hex')}`;
    await onServer((c) => c.query(`CREATE DATABASE ${name}`));
    const db = new PgDatabase({ connectionString: urlForDatabase(name), connectTimeoutMs: TEST_CONNECT_TIMEOUT_MS });
    return {
      db,
      dispose: async () => {
        await db.close();
        await onServer((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  },
};

/** One private PGlite per file (validation rolls back, so tests in a file can share it). */
export function pgliteTarget(): Target & { close(): Promise<void> } {
  let db: PgliteDatabase | undefined;
  return {
    name: 'PGlite',
    async open() {
      db ??= new PgliteDatabase({ cacheDir: PGLITE_TEST_CACHE, private: true });
      return { db, dispose: async () => undefined };
    },
    async close() {
      await db?.close();
    },
  };
}

/**
 * What validation must leave exactly as it was: relations, functions, triggers, policies, grants
 * in the database's own schemas, and the cluster's roles.
 */
export async function catalogSnapshot(db: Database): Promise<Record<string, unknown[]>> {
  const userSchemas = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'`;
  return {
    // Roles named dm_test_… belong to other test files running at the same time (connection tests).
    roles: await db.query(`SELECT rolname, rolcanlogin, rolbypassrls FROM pg_roles WHERE rolname NOT LIKE 'dm\\_test%' ORDER BY rolname`),
    relations: await db.query(
      `SELECT n.nspname, c.relname, c.relkind, c.relacl::text, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${userSchemas} ORDER BY 1, 2`,
    ),
    functions: await db.query(
      `SELECT n.nspname, p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${userSchemas} ORDER BY 1, 2`,
    ),
    triggers: await db.query(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`),
    policies: await db.query(`SELECT polname FROM pg_policy ORDER BY 1`),
    schemas: await db.query(`SELECT nspname, nspacl::text FROM pg_namespace n WHERE ${userSchemas} ORDER BY 1`),
  };
}
