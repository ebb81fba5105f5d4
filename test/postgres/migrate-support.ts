/**
 * For the migration tests: a schema's fingerprint (what a migrated database must share with a
 * fresh one), applying DDL or a rendered migration file in a scratch schema, on the server (psql,
 * as a person runs the file) and on PGlite (the file's statements one at a time), and random
 * valid models with random edits between two versions.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseSync } from 'libpg-query';
import fc from 'fast-check';
import type { Column, DataModel, Entity } from '../../server/src/model/types';
import { emptyModel } from '../../server/src/model/util';
import { accessMap, resolveOwners } from '../../server/src/model/access';
import { diagramEntityFor } from '../../server/src/mermaid/diagram';
import type { Database } from '../../server/src/postgres/database';
import { compileDdl } from '../../server/src/sql/ddl';
import { PgDatabase } from '../../server/src/postgres/pg-database';
import { onServer, TEST_CONNECT_TIMEOUT_MS, urlForDatabase } from './targets';

const run = promisify(execFile);

/** Roles the random models' Security Annotations create (cluster-wide: the tests drop them). */
export const MIGRATE_ROLE_LABELS = ['Migrate Editor', 'Migrate Viewer'];
export const MIGRATE_ROLES = ['migrate_editor', 'migrate_viewer'];

/**
 * Everything of a schema a migration must get right, printed by PostgreSQL itself: tables and
 * row-level security, columns (type, NOT NULL, default, identity), constraints (definition and
 * whether validated), indexes (definition, validity), grants on tables and sequences, policies,
 * triggers, sequences. Columns and the rest sorted by name (a migrated table's column order
 * differs from a fresh one's and means nothing here).
 */
export async function fingerprint(db: Database, schema: string): Promise<Record<string, unknown[]>> {
  await db.exec(`SET search_path = "${schema}"`);
  const ns = `to_regnamespace('${schema}')`;
  const q = (sql: string) => db.query(sql);
  const result = {
    tables: await q(`SELECT relname, relkind, relrowsecurity FROM pg_class WHERE relnamespace = ${ns} AND relkind IN ('r', 'p') ORDER BY 1`),
    columns: await q(
      `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS default, a.attidentity
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE c.relnamespace = ${ns} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2`,
    ),
    constraints: await q(
      `SELECT c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid) AS definition, con.convalidated
       FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid WHERE c.relnamespace = ${ns} ORDER BY 1, 2`,
    ),
    indexes: await q(
      `SELECT t.relname AS table, i.relname, pg_get_indexdef(i.oid) AS definition, x.indisvalid
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid WHERE t.relnamespace = ${ns} ORDER BY 1, 2`,
    ),
    grants: await q(
      `SELECT c.relname, c.relkind, r.rolname, a.privilege_type FROM pg_class c, aclexplode(c.relacl) a JOIN pg_roles r ON r.oid = a.grantee
       WHERE c.relnamespace = ${ns} AND a.grantee <> c.relowner ORDER BY 1, 3, 4`,
    ),
    policies: await q(
      `SELECT c.relname, p.polname, p.polcmd, ARRAY(SELECT rolname FROM pg_roles WHERE oid = ANY (p.polroles) ORDER BY 1)::text AS roles,
              pg_get_expr(p.polqual, p.polrelid) AS qual, pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
       FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace = ${ns} ORDER BY 1, 2`,
    ),
    triggers: await q(`SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = ${ns} AND NOT t.tgisinternal ORDER BY 1, 2`),
    sequences: await q(`SELECT relname FROM pg_class WHERE relnamespace = ${ns} AND relkind = 'S' ORDER BY 1`),
  };
  await db.exec('RESET search_path');
  // PostgreSQL names some objects with their schema (index definitions): the schemas compared differ by name only.
  return JSON.parse(JSON.stringify(result).split(`${schema}.`).join('')) as Record<string, unknown[]>;
}

/** Applies a model's DDL (the compiler's statements, one at a time) in `schema`. */
export async function applyDdl(db: Database, schema: string, model: DataModel): Promise<void> {
  const compiled = compileDdl(model);
  if (compiled.refused) throw new Error(`DDL refused: ${compiled.problems.map((p) => p.message).join('; ')}`);
  await db.exec(`SET search_path = "${schema}"`);
  try {
    for (const statement of compiled.statements) {
      await db.exec(statement.sql).catch((error: Error) => {
        throw new Error(`${error.message} in DDL: ${statement.sql}`);
      });
    }
  } finally {
    await db.exec('RESET search_path');
  }
}

/** The statements of an SQL file, split where PostgreSQL's parser says they end. */
export function splitStatements(sql: string): string[] {
  const bytes = Buffer.from(sql, 'utf8');
  const parsed = (parseSync(sql) as { stmts?: { stmt_location?: number; stmt_len?: number }[] }).stmts ?? [];
  return parsed.map((s) => {
    const start = s.stmt_location ?? 0;
    return bytes.subarray(start, s.stmt_len ? start + s.stmt_len : bytes.length).toString('utf8').trim();
  });
}

/** Runs a migration file statement by statement in `schema` (how psql runs it, on a database that has no psql: PGlite). */
export async function applyFile(db: Database, schema: string, sql: string): Promise<void> {
  await db.exec(`SET search_path = "${schema}"`);
  try {
    for (const statement of splitStatements(sql)) {
      await db.exec(statement).catch((error: Error) => {
        throw new Error(`${error.message} in: ${statement}`);
      });
    }
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.exec('RESET search_path').catch(() => undefined);
  }
}

/** Runs a migration file with psql in `schema`, stopping at the first error, as the file's header tells a person to. */
export async function psqlFile(url: string, schema: string, file: string): Promise<{ ok: boolean; stderr: string }> {
  try {
    const { stderr } = await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', file], {
      timeout: 120_000,
      env: { ...process.env, PGOPTIONS: `-c search_path=${schema}` },
    });
    return { ok: true, stderr };
  } catch (error) {
    return { ok: false, stderr: String((error as { stderr?: string }).stderr ?? (error as Error).message) };
  }
}

// ─── Random models and edits ─────────────────────────────────────────────

const TYPES = ['INT', 'BIGINT', 'TEXT', 'VARCHAR(64)', 'NUMERIC(10, 2)', 'BOOLEAN', 'TIMESTAMPTZ', 'DATE', 'JSONB'];
const DEFAULTS: Record<string, string> = { INT: '0', BIGINT: '7', TEXT: "'x'", 'VARCHAR(64)': "'draft'", 'NUMERIC(10, 2)': '0', BOOLEAN: 'FALSE', TIMESTAMPTZ: 'NOW()', DATE: 'CURRENT_DATE', JSONB: "'{}'" };
/** Type changes a person makes: wider, narrower, another family. */
const RETYPES: Record<string, string[]> = {
  INT: ['BIGINT', 'NUMERIC(12, 2)', 'TEXT'],
  BIGINT: ['INT', 'NUMERIC(20, 0)'],
  TEXT: ['VARCHAR(32)', 'VARCHAR(64)'],
  'VARCHAR(64)': ['VARCHAR(128)', 'TEXT', 'VARCHAR(16)'],
  'NUMERIC(10, 2)': ['NUMERIC(12, 2)', 'NUMERIC(8, 2)'],
  BOOLEAN: ['TEXT'],
  TIMESTAMPTZ: ['DATE'],
  DATE: ['TIMESTAMPTZ'],
  JSONB: ['TEXT'],
};
const ACCESS = ['Full', 'Read', 'NONE', 'Own records', 'Read/Write (own)'];
const NAMES = ['title', 'status', 'score', 'note', 'amount', 'opened_on', 'payload', 'flag', 'updated_at', 'label', 'rank', 'Order'];

function col(name: string, type: string, extra: Partial<Column> = {}): Column {
  return { name, type, nullable: true, description: '', primaryKey: false, unique: false, foreignKey: false, ...extra };
}

const seedTable = fc.record({
  columns: fc.uniqueArray(fc.record({ name: fc.constantFrom(...NAMES), type: fc.constantFrom(...TYPES), nullable: fc.boolean(), withDefault: fc.boolean(), unique: fc.boolean() }), { maxLength: 4, selector: (c) => c.name }),
  owned: fc.boolean(),
  parent: fc.option(fc.nat(), { nil: undefined }),
  check: fc.boolean(),
  index: fc.boolean(),
  editor: fc.constantFrom(...ACCESS),
  viewer: fc.constantFrom(...ACCESS),
});
type SeedTable = typeof seedTable extends fc.Arbitrary<infer T> ? T : never;

export const EDIT_KINDS = ['add-table', 'drop-table', 'rename-table', 'add-column', 'drop-column', 'rename-column', 'retype', 'nullability', 'default', 'unique', 'add-fk', 'check', 'access', 'index'] as const;
export const editArb = fc.record({ kind: fc.constantFrom(...EDIT_KINDS), a: fc.nat(), b: fc.nat(), c: fc.nat(), seed: seedTable });
export type Edit = typeof editArb extends fc.Arbitrary<infer T> ? T : never;
export const modelArb = fc.array(seedTable, { minLength: 1, maxLength: 4 });

/** Names given out by a model (`t3`, `idx_7`…) never repeat. */
function fresh(model: DataModel, prefix: string): string {
  const used = new Set([...model.entities.map((e) => e.name), ...model.indexes.map((i) => i.name), ...model.checks.map((c) => c.name), ...model.foreignKeys.map((f) => f.name)]);
  for (let n = 0; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

function addTable(model: DataModel, seed: SeedTable): void {
  const name = fresh(model, 't');
  const columns: Column[] = [col('id', 'SERIAL', { primaryKey: true, nullable: false, default: 'auto' })];
  for (const c of seed.columns) {
    columns.push(col(c.name, c.type, { nullable: c.nullable || !c.withDefault, default: c.withDefault ? DEFAULTS[c.type] : undefined, unique: c.unique && c.type !== 'JSONB' && c.type !== 'BOOLEAN' }));
  }
  if (seed.owned) columns.push(col('user_id', 'INT', { foreignKey: true }));
  const entity: Entity = { name, columns, notes: [] };
  model.entities.push(entity);
  model.diagram.entities.push(diagramEntityFor(entity));
  if (seed.owned) model.foreignKeys.push({ name: fresh(model, 'fk_'), table: name, columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'CASCADE' });
  const others = model.entities.filter((e) => e.name !== name && e.name !== 'users');
  if (seed.parent !== undefined && others.length > 0) addForeignKey(model, entity, others[seed.parent % others.length]!);
  if (seed.check) model.checks.push({ name: fresh(model, 'chk_'), table: name, expression: 'id > 0' });
  const indexable = columns.find((c) => c.type !== 'JSONB' && !c.primaryKey);
  if (seed.index && indexable) model.indexes.push({ name: fresh(model, 'idx_'), table: name, columns: [{ name: indexable.name, direction: 'DESC' }], method: 'BTREE', unique: false, purpose: '' });
  const owned = seed.owned;
  const level = (text: string) => (!owned && /own/i.test(text) ? 'Read' : text);
  model.security.push({ table: name, sensitivity: 'Medium', access: accessMap({ 'Migrate Editor': level(seed.editor), 'Migrate Viewer': level(seed.viewer) }) });
}

function addForeignKey(model: DataModel, entity: Entity, parent: Entity): void {
  const column = fresh({ ...model, entities: [], indexes: [], checks: [], foreignKeys: [] }, `${parent.name}_ref`);
  const name = entity.columns.some((c) => c.name === column) ? `${column}_${entity.columns.length}` : column;
  entity.columns.push(col(name, 'INT', { foreignKey: true }));
  model.foreignKeys.push({ name: fresh(model, 'fk_'), table: entity.name, columns: [name], refTable: parent.name, refColumns: ['id'], onDelete: 'SET NULL' });
  model.indexes.push({ name: fresh(model, 'idx_'), table: entity.name, columns: [{ name }], method: 'BTREE', unique: false, purpose: 'FK' });
}

/** A valid model: a users table (the owner of own-rows access) and the seeded tables. */
export function modelFrom(seeds: readonly SeedTable[]): DataModel {
  const model = emptyModel();
  model.header = { domain: 'Migrate', database: 'PostgreSQL 15', orm: 'SQLAlchemy (async)', date: '2026-01-01', specReference: 'specs/001-x/spec.md' };
  model.roles = [...MIGRATE_ROLE_LABELS];
  const users: Entity = { name: 'users', columns: [col('id', 'SERIAL', { primaryKey: true, nullable: false, default: 'auto' }), col('email', 'TEXT', { nullable: false, unique: true })], notes: [] };
  model.entities.push(users);
  model.diagram.entities.push(diagramEntityFor(users));
  model.security.push({ table: 'users', sensitivity: 'High', access: accessMap({ 'Migrate Editor': 'Full', 'Migrate Viewer': 'Own records' }) });
  for (const seed of seeds) addTable(model, seed);
  resolveOwners(model);
  return model;
}

function renameEverywhere(model: DataModel, from: string, to: string): void {
  for (const e of model.entities) if (e.name === from) e.name = to;
  for (const d of model.diagram.entities) if (d.name.toLowerCase() === from) d.name = to.toUpperCase();
  for (const f of model.foreignKeys) {
    if (f.table === from) f.table = to;
    if (f.refTable === from) f.refTable = to;
  }
  for (const i of model.indexes) if (i.table === from) i.table = to;
  for (const c of model.checks) if (c.table === from) c.table = to;
  for (const s of model.security) if (s.table === from) s.table = to;
}

/** Applies one edit (its numbers pick what it changes) and keeps the model valid. */
export function applyEdit(model: DataModel, edit: Edit): void {
  const tables = model.entities.filter((e) => e.name !== 'users');
  const pick = <T>(items: readonly T[], n: number): T | undefined => (items.length === 0 ? undefined : items[n % items.length]);
  const table = pick(tables, edit.a);
  const plain = (e: Entity) => e.columns.filter((c) => !c.primaryKey && !c.foreignKey && c.name !== 'user_id');
  switch (edit.kind) {
    case 'add-table':
      addTable(model, edit.seed);
      break;
    case 'drop-table': {
      const free = tables.filter((t) => !model.foreignKeys.some((f) => f.refTable === t.name && f.table !== t.name));
      const target = pick(free, edit.a);
      if (!target) break;
      model.entities = model.entities.filter((e) => e !== target);
      model.diagram.entities = model.diagram.entities.filter((d) => d.name !== diagramEntityFor(target).name);
      model.foreignKeys = model.foreignKeys.filter((f) => f.table !== target.name);
      model.indexes = model.indexes.filter((i) => i.table !== target.name);
      model.checks = model.checks.filter((c) => c.table !== target.name);
      model.security = model.security.filter((s) => s.table !== target.name);
      break;
    }
    case 'rename-table':
      if (table) renameEverywhere(model, table.name, fresh(model, 'renamed_'));
      break;
    case 'add-column': {
      if (!table) break;
      const type = TYPES[edit.b % TYPES.length]!;
      const name = NAMES.find((n, i) => i >= edit.c % NAMES.length && !table.columns.some((c) => c.name === n)) ?? fresh(model, 'extra_');
      const withDefault = edit.b % 2 === 0;
      table.columns.push(col(name, type, { nullable: !withDefault || edit.c % 3 === 0, default: withDefault ? DEFAULTS[type] : undefined, unique: edit.c % 4 === 0 && type !== 'JSONB' && type !== 'BOOLEAN' }));
      break;
    }
    case 'drop-column': {
      const column = table && pick(plain(table), edit.b);
      if (!table || !column) break;
      table.columns = table.columns.filter((c) => c !== column);
      model.indexes = model.indexes.filter((i) => !(i.table === table.name && i.columns.some((c) => c.name === column.name)));
      break;
    }
    case 'rename-column': {
      const column = table && pick(plain(table), edit.b);
      if (!table || !column) break;
      const to = `${column.name.replace(/\W/g, '_')}_v${edit.c % 9}`;
      if (table.columns.some((c) => c.name === to)) break;
      for (const i of model.indexes) if (i.table === table.name) for (const c of i.columns) if (c.name === column.name) c.name = to;
      column.name = to;
      break;
    }
    case 'retype': {
      const column = table && pick(plain(table), edit.b);
      const to = column && pick(RETYPES[column.type] ?? [], edit.c);
      if (!column || !to) break;
      column.type = to;
      if (column.default !== undefined) column.default = DEFAULTS[to] ?? (to.startsWith('VARCHAR') || to === 'TEXT' ? "'x'" : to.startsWith('NUMERIC') ? '0' : undefined);
      if (to === 'JSONB' || to === 'BOOLEAN') column.unique = false;
      break;
    }
    case 'nullability': {
      const column = table && pick(plain(table), edit.b);
      if (column) column.nullable = !column.nullable;
      break;
    }
    case 'default': {
      const column = table && pick(plain(table), edit.b);
      if (!column) break;
      column.default = column.default === undefined ? DEFAULTS[column.type] : undefined;
      if (column.default === undefined && !column.nullable && edit.c % 2 === 0) column.nullable = true;
      break;
    }
    case 'unique': {
      const column = table && pick(plain(table).filter((c) => c.type !== 'JSONB' && c.type !== 'BOOLEAN'), edit.b);
      if (column) column.unique = !column.unique;
      break;
    }
    case 'add-fk': {
      const parent = pick(model.entities, edit.b);
      if (table && parent) addForeignKey(model, table, parent);
      break;
    }
    case 'check': {
      const check = pick(model.checks, edit.b);
      if (check && edit.c % 3 !== 0) check.expression = `id > ${edit.c % 5}`;
      else if (table) model.checks.push({ name: fresh(model, 'chk_'), table: table.name, expression: `id <> ${edit.c % 7}` });
      break;
    }
    case 'access': {
      const row = pick(model.security, edit.b);
      if (!row) break;
      const label = MIGRATE_ROLE_LABELS[edit.c % 2]!;
      const owned = model.entities.find((e) => e.name === row.table)?.columns.some((c) => c.name === 'user_id' || (row.table === 'users' && c.primaryKey));
      const text = pick(ACCESS.filter((a) => owned || !/own/i.test(a)), edit.c >> 1)!;
      row.access = { ...row.access, ...accessMap({ [label]: text }) };
      break;
    }
    case 'index': {
      const index = pick(model.indexes.filter((i) => i.purpose !== 'FK'), edit.b);
      if (index && edit.c % 2 === 0) model.indexes = model.indexes.filter((i) => i !== index);
      else if (table) {
        const column = pick(plain(table).filter((c) => c.type !== 'JSONB'), edit.c);
        if (column) model.indexes.push({ name: fresh(model, 'idx_'), table: table.name, columns: [{ name: column.name }], method: 'BTREE', unique: edit.c % 3 === 0, purpose: '', where: edit.c % 5 === 0 ? 'id > 10' : undefined });
      }
      break;
    }
  }
  resolveOwners(model);
}

/**
 * A scratch database `<prefix>_<random>` on the server and a temporary folder, for one test
 * file; `drop` removes both and the cluster-wide `roles` the documents created.
 */
export async function migrateScratch(prefix: string, roles: readonly string[] = []): Promise<{ url: string; db: PgDatabase; folder: string; drop(): Promise<void> }> {
  const folder = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  const database = `${prefix}_${randomBytes(5).toString('hex')}`;
  await onServer((c) => c.query(`CREATE DATABASE ${database}`));
  const url = urlForDatabase(database);
  const db = new PgDatabase({ connectionString: url, connectTimeoutMs: TEST_CONNECT_TIMEOUT_MS, statementTimeoutMs: 60_000 });
  return {
    url,
    db,
    folder,
    async drop() {
      await db.close();
      await onServer(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        for (const role of roles) await c.query(`DROP ROLE IF EXISTS ${role}`);
      });
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
