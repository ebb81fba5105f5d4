/**
 * PGlite starts cold once per cache folder, from the cached or prepared data directory afterwards,
 * and the shared child stays warm for every later handle in the process. Each handle says how it
 * started only when it started it (no stale "cold" on a warm run), and reports its start-up stages
 * only when it has to start. Times are printed, not asserted: the start-up targets are
 * `npm run bench`'s (embedded).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { closeWarmPglite, PgliteDatabase } from '../../server/src/postgres/pglite-database';
import { validate } from '../../server/src/postgres/validate';
import { annotationModel } from './annotation-model';

const folders: string[] = [];
after(async () => {
  await closeWarmPglite();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const created = await mkdtemp(path.join(tmpdir(), 'dm-pglite-cache-'));
  folders.push(created);
  return created;
}

test('cold start writes the cache, a later start reads it, the shared instance stays warm', async () => {
  const cacheDir = await folder();
  // No prepared data directory (the tests run from the sources): the first start runs initdb.
  const coldStages: string[] = [];
  const cold = new PgliteDatabase({ cacheDir, private: true, onProgress: (message) => coldStages.push(message) });
  const coldStart = await cold.start();
  assert.equal(coldStart.mode, 'cold');
  assert.ok(coldStart.dataDirFile, 'the cold start did not write a cache');
  assert.deepEqual((await readdir(cacheDir)).filter((f) => f.endsWith('.tmp')), []);
  assert.equal(coldStages.length, 2, coldStages.join(' | '));
  assert.match(coldStages[0], /^starting the embedded PostgreSQL/);
  assert.match(coldStages[1], /^first run: .*once/);
  assert.match(cold.describe(), /^embedded PostgreSQL \d+\.\d+ .*first start \(initdb\) in \d+\.\d s$/);
  await cold.close();

  const cachedStages: string[] = [];
  const cached = new PgliteDatabase({ cacheDir, private: true, onProgress: (message) => cachedStages.push(message) });
  const cachedStart = await cached.start();
  assert.equal(cachedStart.mode, 'cached');
  assert.deepEqual(cachedStages.map((m) => m.replace(/ \(.*/, '')), ['starting the embedded PostgreSQL']);
  // The cached cluster is a working one.
  const result = await validate(annotationModel(), cached);
  assert.equal(result.ok, true, JSON.stringify(result.problems));
  assert.match(result.database, /started from its cache in/);
  await cached.close();

  // The same dump as a prepared data directory (how dist/ ships one): used before any cache.
  const prepared = new PgliteDatabase({ cacheDir: await folder(), preparedDir: cacheDir, private: true });
  assert.equal((await prepared.start()).mode, 'prepared');
  assert.match(prepared.describe(), /, started in \d+\.\d s$/);
  await prepared.close();

  const first = new PgliteDatabase({ cacheDir });
  await first.start();
  const warmStages: string[] = [];
  const began = Date.now();
  const second = new PgliteDatabase({ cacheDir, onProgress: (message) => warmStages.push(message) });
  await second.query('SELECT 1');
  const warmMs = Date.now() - began;
  // The same start, not a second one: the later handle runs on the child already up.
  assert.deepEqual(warmStages, [], 'a warm handle reported start-up stages');
  assert.equal(second.processId(), first.processId());
  const timed = await validate(annotationModel(), second);
  // A warm run says what it ran on, and nothing about a start it did not make.
  assert.match(timed.database, /^embedded PostgreSQL \d+\.\d+ \(PGlite [\d.]+\)$/);
  console.log(
    `PGlite start: cold ${coldStart.ms} ms, cached ${cachedStart.ms} ms, warm handle ${warmMs} ms; validate (warm) ${timed.durationMs} ms; ${first.describe()}`,
  );
});
