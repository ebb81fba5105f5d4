/**
 * `data-model introspect` and the lint rules on an introspected document, against the
 * PostgreSQL server (never mocked). Pagila's README counts 13 foreign keys with no index led by
 * their columns (partitions' own keys included, keys PostgreSQL copies onto partitions not);
 * DM201 on the introspected document must find exactly those.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCliInProcess } from '../cli/in-process';
import { loadSqlFile, scratchDatabase, SCHEMAS, type ScratchDatabase } from './roundtrip-databases';

const cli = runCliInProcess;

describe('data-model introspect', { timeout: 60000 }, () => {
  let pagila: ScratchDatabase;
  const folder = mkdtempSync(path.join(tmpdir(), 'dm-introspect-'));
  before(async () => {
    pagila = await scratchDatabase();
    await loadSqlFile(pagila.url, path.join(SCHEMAS, 'pagila.sql'));
  });
  after(async () => {
    await pagila?.drop();
  });

  test('prints the document on stdout without --out', async () => {
    const result = await cli(['introspect', '--database', pagila.url, '--domain', 'DVD rental', '--date', '2025-01-01']);
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /^# Data Model: DVD rental\n\*\*Database\*\*: PostgreSQL \d+ {2}\n/);
    assert.match(result.out, /\*\*Date\*\*: 2025-01-01/);
    assert.match(result.out, /^### payment_p2022_07$/m);
    assert.match(result.out, /^\*\*Partition of\*\*: payment FOR VALUES FROM/m);
  });

  test('writes --out, and never replaces an existing file without --force', async () => {
    const file = path.join(folder, 'data-model.md');
    writeFileSync(file, 'keep me\n');
    const refused = await cli(['introspect', '--database', pagila.url, '--out', file]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /already exists; nothing was written \(use --force/);
    assert.equal(readFileSync(file, 'utf8'), 'keep me\n');

    const forced = await cli(['introspect', '--database', pagila.url, '--out', file, '--force', '--schema', 'public']);
    assert.equal(forced.code, 0, forced.err);
    assert.match(forced.out, /Wrote .*data-model\.md: 22 tables/);
    assert.match(readFileSync(file, 'utf8'), /^### film_actor$/m);
  });

  test('usage errors exit 2; an unreachable server is one sentence naming host and port', async () => {
    assert.equal((await cli(['introspect'])).code, 2);
    const unreachable = await cli(['introspect', '--database', 'postgres://postgres@127.0.0.1:1/test']);
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.err, /^data-model introspect: Cannot reach PostgreSQL at 127\.0\.0\.1:1: connection refused/);
    assert.doesNotMatch(unreachable.err, /\n\s+at /);
  });

  test('lint --format json on introspected pagila: exactly the 13 foreign keys without an index led by their columns (DM201)', async () => {
    const file = path.join(folder, 'pagila.md');
    assert.equal((await cli(['introspect', '--database', pagila.url, '--out', file, '--force'])).code, 0);
    const result = await cli(['lint', '--format', 'json', file]);
    const findings = JSON.parse(result.out) as { code: string | null; message: string }[];
    const dm201 = findings.filter((f) => f.code === 'DM201').map((f) => /^Foreign key (\S+)\(([^)]*)\)/.exec(f.message)!.slice(1).join('.')).sort();
    assert.deepEqual(dm201, [
      'film_category.category_id',
      'inventory.film_id',
      'payment_p2022_01.rental_id',
      'payment_p2022_02.rental_id',
      'payment_p2022_03.rental_id',
      'payment_p2022_04.rental_id',
      'payment_p2022_05.rental_id',
      'payment_p2022_06.rental_id',
      'rental.customer_id',
      'rental.staff_id',
      'staff.address_id',
      'staff.store_id',
      'store.address_id',
    ]);
  });
});
