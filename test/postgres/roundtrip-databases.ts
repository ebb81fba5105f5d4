/**
 * Scratch databases on the real server for the introspection, drift and round-trip tests:
 * `dm_test_<random>`, created empty, loaded with psql like a person would load a dump, dropped
 * (WITH FORCE) at the end. If the server is unreachable these throw and the test fails.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { DataModel } from '../../server/src/model/types';
import { PgDatabase } from '../../server/src/postgres/pg-database';
import { onServer, TEST_CONNECT_TIMEOUT_MS, urlForDatabase } from './targets';

const run = promisify(execFile);

/** The SQL schemas the tests load: ours and two public samples (sources and licences in its README). */
export const SCHEMAS = path.resolve(__dirname, '../fixtures/schemas');

export interface ScratchDatabase {
  name: string;
  url: string;
  db: PgDatabase;
  drop(): Promise<void>;
}

/** `prefix`: the scratch database's name starts with it (`dm_test` unless a test names its own). */
export async function scratchDatabase(prefix = 'dm_test'): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onServer((c) => c.query(`CREATE DATABASE ${name}`));
  const url = urlForDatabase(name);
  const db = new PgDatabase({ connectionString: url, statementTimeoutMs: 30000, connectTimeoutMs: TEST_CONNECT_TIMEOUT_MS });
  return {
    name,
    url,
    db,
    drop: async () => {
      await db.close();
      await withFixtureRoles(async () => {
        await onServer((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
        await dropFixtureRolesIfUnused();
      });
    },
  };
}

/**
 * The cluster-wide roles `everything.sql` creates (if missing) and grants to. Another scratch
 * database of a test running at the same time may still use them, so the last drop removes them;
 * loading and dropping take turns (an advisory lock), else a drop could remove the roles between
 * a load's CREATE ROLE and its GRANTs.
 */
export const FIXTURE_ROLES = ['dm_fixture_clerk', 'dm_fixture_auditor'];

async function withFixtureRoles<T>(work: () => Promise<T>): Promise<T> {
  return onServer(async (c) => {
    await c.query(`SELECT pg_advisory_lock(hashtext('data-model test fixture roles'))`);
    try {
      return await work();
    } finally {
      await c.query(`SELECT pg_advisory_unlock(hashtext('data-model test fixture roles'))`);
    }
  });
}

async function dropFixtureRolesIfUnused(): Promise<void> {
  for (const role of FIXTURE_ROLES) {
    await onServer((c) => c.query(`DROP ROLE IF EXISTS ${role}`)).catch((error: { code?: string }) => {
      // 2BP01: objects in another scratch database still depend on it; that database's drop removes it.
      if (error.code !== '2BP01') throw error;
    });
  }
}

/** Loads an SQL file with psql, stopping at the first error (whose text becomes the exception). */
export async function loadSqlFile(url: string, file: string): Promise<void> {
  await withFixtureRoles(async () => {
    try {
      await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', file], { timeout: 60000 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`psql -f ${path.basename(file)} failed: ${stderr.trim() || (error as Error).message}`);
    }
  });
}

/**
 * What the round trip promises to keep, per table: columns (name, type, nullability, default,
 * key markers), partitioning, and the schema-wide indexes, foreign keys, checks, types and
 * security annotations. Left out on purpose: the header, the diagram (derived from the tables),
 * descriptions and notes (comments are not compiled into the database; see the report).
 */
export function schemaShape(model: DataModel) {
  return {
    tables: model.entities.map((e) => ({
      name: e.name,
      partitionBy: e.partitionBy,
      partitionOf: e.partitionOf,
      partitionBound: e.partitionBound,
      columns: e.columns.map((c) => ({
        name: c.name,
        type: c.type,
        nullable: c.nullable,
        default: c.default,
        primaryKey: c.primaryKey,
        unique: c.unique,
        foreignKey: c.foreignKey,
      })),
    })),
    indexes: model.indexes.map(({ name, table, columns, method, unique, where }) => ({ name, table, columns, method, unique, where })),
    foreignKeys: model.foreignKeys.map(({ range: _range, ...fk }) => fk),
    checks: model.checks.map(({ range: _range, ...check }) => check),
    enums: model.enums,
    domains: model.domains,
    roles: model.roles,
    security: model.security.map(({ table, access }) => ({ table, access })),
  };
}
