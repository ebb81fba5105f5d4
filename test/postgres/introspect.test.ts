/**
 * introspect() against the PostgreSQL server (never mocked; an unreachable server fails):
 * a constant number of catalog queries however many tables, all inside one read-only
 * transaction that is rolled back, schema selection, and what becomes what.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Database, Row } from '../../server/src/postgres/database';
import { introspect } from '../../server/src/postgres/introspect';
import { loadSqlFile, SCHEMAS, scratchDatabase, type ScratchDatabase } from './roundtrip-databases';
import { accessMap } from '../../server/src/model/access';

/** The real database, with every statement it is sent written down (to see what introspect does). */
function recording(db: Database): { db: Database; statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    db: {
      query: <T extends Row = Row>(sql: string, params?: unknown[]) => {
        statements.push(sql.trim());
        return db.query<T>(sql, params);
      },
      exec: (sql: string) => {
        statements.push(sql.trim());
        return db.exec(sql);
      },
      exclusive: (work) => db.exclusive(work),
      close: () => db.close(),
      describe: () => db.describe(),
    },
  };
}

/** `count` tables, each with a key, a foreign key to the previous one, an index, a check and a comment. */
function tables(count: number, from = 1): string {
  const sql: string[] = [];
  for (let i = from; i < from + count; i++) {
    sql.push(`CREATE TABLE t${i} (id serial PRIMARY KEY, parent_id integer${i > 1 ? ` REFERENCES t${i - 1} (id)` : ''}, name varchar(40) NOT NULL DEFAULT 'x' CHECK (name <> ''))`);
    sql.push(`CREATE INDEX t${i}_name_idx ON t${i} (lower(name))`);
    sql.push(`COMMENT ON COLUMN t${i}.name IS 'name ${i}'`);
  }
  return sql.join(';\n');
}

describe('introspect', { timeout: 60000 }, () => {
  let scratch: ScratchDatabase;
  before(async () => {
    scratch = await scratchDatabase();
  });
  after(async () => {
    await scratch?.drop();
  });

  test('runs the same number of catalog queries for 1 table and for 50, inside BEGIN READ ONLY … ROLLBACK', async () => {
    await scratch.db.exec(tables(1));
    const one = recording(scratch.db);
    const first = await introspect(one.db, { schemas: ['public'] });
    assert.equal(first.model.entities.length, 1);

    await scratch.db.exec(tables(49, 2));
    const fifty = recording(scratch.db);
    const second = await introspect(fifty.db, { schemas: ['public'] });
    assert.equal(second.model.entities.length, 50);
    assert.equal(second.model.foreignKeys.length, 49);
    assert.equal(second.model.indexes.length, 50);
    assert.equal(second.model.checks.length, 50);

    assert.equal(second.queries, first.queries);
    assert.ok(first.queries <= 10, `${first.queries} catalog queries`);
    // The count it reports is the number of queries it really sent.
    assert.equal(fifty.statements.filter((s) => /^(WITH|SELECT)\b/i.test(s)).length, second.queries);
    assert.match(fifty.statements[0]!, /^BEGIN READ ONLY\b/);
    assert.equal(fifty.statements.at(-1), 'ROLLBACK');
    assert.ok(fifty.statements.every((s) => /^(BEGIN READ ONLY|SET LOCAL search_path|WITH|SELECT|ROLLBACK)\b/.test(s)), 'nothing but reads');
    // The session is usable afterwards: the transaction is over.
    assert.deepEqual(await scratch.db.query('SELECT 1 AS one'), [{ one: 1 }]);
  });

  test('reads what a table says: serials, defaults, keys, comments, index expressions', async () => {
    const { model } = await introspect(scratch.db, { schemas: ['public'], domain: 'Fifty', date: '2025-02-03' });
    assert.deepEqual(model.header, { domain: 'Fifty', database: model.header.database, orm: '', date: '2025-02-03', specReference: '' });
    assert.match(model.header.database, /^PostgreSQL \d+$/);
    const t2 = model.entities.find((e) => e.name === 't2')!;
    assert.deepEqual(
      t2.columns.map((c) => [c.name, c.type, c.nullable, c.default, c.primaryKey, c.foreignKey, c.description]),
      [
        ['id', 'SERIAL', false, 'auto', true, false, ''],
        ['parent_id', 'INT', true, undefined, false, true, ''],
        ['name', 'VARCHAR(40)', false, "'x'", false, false, 'name 2'],
      ],
    );
    assert.deepEqual(model.foreignKeys.find((f) => f.table === 't2'), { name: 't2_parent_id_fkey', table: 't2', columns: ['parent_id'], refTable: 't1', refColumns: ['id'] });
    assert.deepEqual(model.indexes.find((i) => i.table === 't2'), { name: 't2_name_idx', table: 't2', columns: [{ name: 'lower(name::text)' }], method: 'BTREE', unique: false, purpose: '' });
    assert.deepEqual(model.checks.find((c) => c.table === 't2'), { name: 't2_name_check', table: 't2', expression: "name::text <> ''::text" });
  });

  test('reads only the schemas asked for, naming tables outside public schema.table', async () => {
    const other = await scratchDatabase();
    try {
      await loadSqlFile(other.url, path.join(SCHEMAS, 'everything.sql'));
      const inventory = await introspect(other.db, { schemas: ['inventory'] });
      assert.deepEqual(inventory.model.entities.map((e) => e.name), ['inventory.products', 'inventory.stock', 'inventory.warehouses']);
      assert.deepEqual(inventory.model.enums?.map((e) => e.name), ['inventory.unit']);
      const all = await introspect(other.db);
      assert.equal(all.model.entities.length, 12);
      assert.equal(all.queries, inventory.queries + 1, 'one more query to list the schemas');
      const products = all.model.entities.find((e) => e.name === 'inventory.products')!;
      assert.deepEqual(
        products.columns.map((c) => `${c.name} ${c.type} ${c.default ?? '—'}`),
        [
          'id BIGINT GENERATED ALWAYS AS IDENTITY —',
          'sku VARCHAR(32) —',
          'name TEXT —',
          "unit inventory.unit 'piece'",
          'price positive_money —',
          "tags TEXT[] '{}'",
          'attributes JSONB —',
          'weight_grams INT GENERATED ALWAYS AS (0) STORED —',
        ],
      );
      const events = all.model.entities.find((e) => e.name === 'events')!;
      assert.equal(events.partitionBy, 'RANGE (occurred_at)');
      assert.deepEqual(events.notes, ['What happened, one partition per year.']);
      const other2024 = all.model.entities.find((e) => e.name === 'events_2024')!;
      assert.equal(other2024.partitionOf, 'events');
      assert.match(other2024.partitionBound!, /^FOR VALUES FROM \('2024-01-01 .*'\) TO \('2025-01-01 .*'\)$/);
      assert.equal(all.model.entities.find((e) => e.name === 'events_other')!.partitionBound, 'DEFAULT');
      // What PostgreSQL copied onto the partitions (the FK and the index of events) is the parent's.
      assert.deepEqual(all.model.foreignKeys.filter((f) => f.table.startsWith('events_')), []);
      assert.deepEqual(all.model.indexes.filter((i) => i.table.startsWith('events_')).map((i) => i.name), ['events_2024_occurred_brin']);
      // The two-column UNIQUE constraint is kept, under its name, as a unique index.
      assert.deepEqual(all.model.indexes.find((i) => i.name === 'order_lines_product_once')?.unique, true);
      assert.deepEqual(all.model.roles, ['Dm Fixture Auditor', 'Dm Fixture Clerk']);
      assert.deepEqual(all.model.security.find((s) => s.table === 'documents')?.access, accessMap({ 'Dm Fixture Auditor': 'NONE', 'Dm Fixture Clerk': 'Own records' }));
      assert.deepEqual(all.model.security.find((s) => s.table === 'orders')?.access, accessMap({ 'Dm Fixture Auditor': 'Read', 'Dm Fixture Clerk': 'Full' }));
    } finally {
      await other.drop();
    }
  });
});
