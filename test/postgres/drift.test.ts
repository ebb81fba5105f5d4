/**
 * Drift between a document and the live schema, on the PostgreSQL server (never mocked): the
 * document written from a schema shows no drift against it; each change made to the database
 * afterwards is reported once, on the document line of the element it concerns (or on the
 * section heading for what only the database has), through the API and through the CLI.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCliInProcess } from '../cli/in-process';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { readMarkdown } from '../../server/src/markdown/reader';
import { writeMarkdown } from '../../server/src/markdown/writer';
import { diff } from '../../server/src/postgres/drift';
import { introspect } from '../../server/src/postgres/introspect';
import { loadSqlFile, SCHEMAS, scratchDatabase, type ScratchDatabase } from './roundtrip-databases';

const cli = runCliInProcess;

/** 0-based line of the first line of `lines` that contains every one of `parts`. */
function lineWith(lines: readonly string[], ...parts: string[]): number {
  const line = lines.findIndex((l) => parts.every((p) => l.includes(p)));
  assert.ok(line >= 0, `no line with ${parts.join(' … ')}`);
  return line;
}

describe('drift', { timeout: 60000 }, () => {
  let scratch: ScratchDatabase;
  let markdown: string;
  let lines: string[];
  let file: string;

  before(async () => {
    await loadSqlParser();
    scratch = await scratchDatabase();
    await loadSqlFile(scratch.url, path.join(SCHEMAS, 'everything.sql'));
    markdown = writeMarkdown((await introspect(scratch.db, { date: '2025-01-01' })).model);
    lines = markdown.split('\n');
    file = path.join(mkdtempSync(path.join(tmpdir(), 'dm-drift-')), 'data-model.md');
    writeFileSync(file, markdown);
  });
  after(async () => {
    await scratch?.drop();
  });

  test('a document against the schema it was written from: no drift (API and CLI, exit 0)', async () => {
    const document = readMarkdown(markdown);
    const { model } = await introspect(scratch.db);
    assert.deepEqual(diff(document.model, model, { lines }), []);
    const result = await cli(['diff', file, '--database', scratch.url]);
    assert.equal(result.code, 0, result.out + result.err);
    assert.match(result.out, /no drift/);
  });

  test('each change to the database is reported on its line', async () => {
    await scratch.db.exec(`
      DROP INDEX orders_user_status_idx;
      ALTER TABLE orders ALTER COLUMN note TYPE varchar(500);
      ALTER TABLE orders ALTER COLUMN shipped_at SET NOT NULL;
      ALTER TABLE inventory.warehouses ALTER COLUMN opened_on DROP DEFAULT;
      ALTER TABLE order_lines DROP CONSTRAINT order_lines_product_fk;
      ALTER TABLE inventory.stock DROP CONSTRAINT stock_warehouse_fk,
        ADD CONSTRAINT stock_warehouse_fk FOREIGN KEY (warehouse_code) REFERENCES inventory.warehouses (code) ON DELETE CASCADE;
      REVOKE SELECT ON inventory.products FROM dm_fixture_clerk;
      GRANT SELECT ON users TO dm_fixture_clerk;
      ALTER TABLE tickets DROP COLUMN title;
      CREATE TABLE audit_log (id serial PRIMARY KEY);
    `);
    const { model } = await introspect(scratch.db, { schemas: ['public', 'inventory'] });
    const problems = diff(readMarkdown(markdown).model, model, { lines });
    const got = problems.map((p) => [p.range.start.line, p.severity, p.message]).sort((a, b) => (a[0] as number) - (b[0] as number));
    const row = (table: string, column: string) => {
      const heading = lineWith(lines, `### ${table}`);
      return heading + lines.slice(heading).findIndex((l) => l.startsWith(`| ${column} |`));
    };
    const expected: [number, string, RegExp][] = [
      [lineWith(lines, '## Entity Definitions'), 'warning', /^Table audit_log is in the database but not in the document$/],
      [row('orders', 'note'), 'error', /^Column orders\.note: the document says TEXT, the database has VARCHAR\(500\)$/],
      [row('orders', 'shipped_at'), 'error', /^Column orders\.shipped_at: the document says nullable, the database has NOT NULL$/],
      [row('tickets', 'title'), 'error', /^Column tickets\.title is not in the database$/],
      [row('inventory.warehouses', 'opened_on'), 'error', /^Column inventory\.warehouses\.opened_on: the document's default is CURRENT_DATE, the database's is none$/],
      [lineWith(lines, '| orders_user_status_idx |'), 'error', /^Index orders_user_status_idx on orders is not in the database$/],
      [lineWith(lines, 'ADD CONSTRAINT order_lines_product_fk'), 'error', /^Foreign key order_lines_product_fk on order_lines is not in the database$/],
      [lineWith(lines, 'ADD CONSTRAINT stock_warehouse_fk'), 'error', /^Foreign key stock_warehouse_fk on inventory\.stock differs: the database has .* ON DELETE CASCADE ON UPDATE NO ACTION$/],
      [lineWith(lines, '| users | Low |'), 'error', /^Dm Fixture Clerk on users: the document says NONE, the database grants more \(Read\)$/],
      [lineWith(lines, '| inventory.products | Low |'), 'warning', /^Dm Fixture Clerk on inventory\.products: the document says Read, the database grants less \(NONE\)$/],
    ];
    expected.sort((a, b) => a[0] - b[0]);
    assert.equal(got.length, expected.length, JSON.stringify(got, null, 1));
    expected.forEach(([line, severity, message], k) => {
      const [gotLine, gotSeverity, gotMessage] = got[k]!;
      assert.match(gotMessage as string, message);
      assert.equal(gotSeverity, severity, gotMessage as string);
      assert.equal(gotLine, line, `${gotMessage}: line ${(gotLine as number) + 1}, expected ${line + 1}`);
    });

    // The CLI prints the same, compiler-style, and exits 1.
    const result = await cli(['diff', file, '--database', scratch.url]);
    assert.equal(result.code, 1, result.err);
    const printed = result.out.trim().split('\n');
    assert.equal(printed.length, expected.length, result.out);
    assert.ok(printed.includes(`${file}:${row('orders', 'note') + 1}:1: error: Column orders.note: the document says TEXT, the database has VARCHAR(500) [drift]`), result.out);
    assert.match(result.err, /10 difference\(s\)/);
  });

  test('the CLI names host and port when the server cannot be reached, without a stack trace', async () => {
    const result = await cli(['diff', file, '--database', 'postgres://postgres@127.0.0.1:1/test']);
    assert.equal(result.code, 1);
    assert.match(result.err, /127\.0\.0\.1:1\b/);
    assert.doesNotMatch(result.err, /\n\s+at /);
    assert.equal(readFileSync(file, 'utf8'), markdown);
  });
});
