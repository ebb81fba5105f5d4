/**
 * Round trip on real schemas, against the PostgreSQL server (never mocked; an unreachable server
 * fails the test):
 *   schema.sql ─psql→ database A ─introspect→ model ─write→ Markdown ─read→ model
 *     ─compileDdl→ DDL ─apply→ database B ─introspect→ model′,   and model′ must equal model.
 * Comparing two introspections compares the two databases' tables, columns, types, nullability,
 * defaults, keys, foreign keys, checks, indexes, types and grants, in the document's terms.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { readMarkdown } from '../../server/src/markdown/reader';
import { writeMarkdown } from '../../server/src/markdown/writer';
import { stripRanges } from '../../server/src/model/util';
import { introspect } from '../../server/src/postgres/introspect';
import { compileDdl } from '../../server/src/sql/ddl';
import { loadSqlFile, SCHEMAS, schemaShape, scratchDatabase } from './roundtrip-databases';

const OPTIONS = { domain: 'Round trip', date: '2025-01-01' };

async function roundTrip(file: string) {
  await loadSqlParser();
  const source = await scratchDatabase();
  const target = await scratchDatabase();
  try {
    await loadSqlFile(source.url, file);
    const { model } = await introspect(source.db, OPTIONS);

    // The document must carry everything: what is read back is what was written.
    const markdown = writeMarkdown(model);
    const read = readMarkdown(markdown);
    assert.deepEqual(read.problems.filter((p) => p.severity !== 'info'), [], 'the written document reads back without problems');
    assert.deepEqual(stripRanges(read.model), model, 'read(write(model)) == model');

    const ddl = compileDdl(read.model);
    assert.deepEqual(ddl.problems.filter((p) => p.severity !== 'info'), [], 'the document compiles without problems');
    for (const statement of ddl.statements) {
      try {
        await target.db.exec(statement.sql);
      } catch (error) {
        assert.fail(`${statement.what}: ${(error as Error).message}\n${statement.sql}`);
      }
    }
    const { model: rebuilt } = await introspect(target.db, OPTIONS);
    assert.deepEqual(schemaShape(rebuilt), schemaShape(model));
    return { model, markdown };
  } finally {
    await source.drop();
    await target.drop();
  }
}

describe('round trip: schema → document → DDL → schema', { timeout: 120000 }, () => {
  test('everything.sql (two schemas, partitions, enums, domain, identity/serial, expression and partial indexes, every FK action, grants, RLS)', async () => {
    const { model } = await roundTrip(path.join(SCHEMAS, 'everything.sql'));
    // The fixture's features all made it into the model (so the equality above is not vacuous).
    assert.equal(model.entities.length, 12);
    assert.ok(model.entities.some((e) => e.name === 'inventory.products'));
    assert.equal(model.entities.filter((e) => e.partitionOf === 'events').length, 3);
    assert.deepEqual(model.enums?.map((e) => e.name), ['order_status', 'inventory.unit']);
    // Every action: NO ACTION is PostgreSQL's default, which the document leaves unstated ('-').
    assert.deepEqual(
      model.foreignKeys.map((f) => `${f.onDelete ?? '-'}/${f.onUpdate ?? '-'}`).sort(),
      ['-/RESTRICT', 'CASCADE/-', 'CASCADE/-', 'CASCADE/-', 'RESTRICT/CASCADE', 'SET DEFAULT/SET NULL', 'SET NULL/-', 'SET NULL/-'],
    );
    assert.ok(model.indexes.some((i) => i.where !== undefined));
    assert.ok(model.indexes.some((i) => i.columns.some((c) => c.name.includes('('))));
    assert.ok(model.security.some((s) => Object.values(s.access).some((a) => a.level === 'read-own')));
  });

  test('pagila (22 tables, a partitioned payment with 7 partitions, enum and domains)', async () => {
    const { model } = await roundTrip(path.join(SCHEMAS, 'pagila.sql'));
    assert.equal(model.entities.length, 22);
    assert.equal(model.foreignKeys.length, 36);
  });

  test('airlines_demo (schema bookings, a two-column foreign key)', async () => {
    const { model } = await roundTrip(path.join(SCHEMAS, 'airlines_demo.sql'));
    assert.equal(model.entities.length, 8);
    assert.ok(model.entities.every((e) => e.name.startsWith('bookings.')));
    assert.equal(model.foreignKeys.length, 8);
  });
});
