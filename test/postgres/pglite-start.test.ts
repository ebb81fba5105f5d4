/**
 * PGlite starts cold once per cache folder and from the cached data directory afterwards, and the
 * shared instance is warm for every later handle in the process. Times are printed, and bounded
 * loosely (a cached start must beat a cold one; a warm handle costs nothing).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { closeWarmPglite, PgliteDatabase } from '../../server/src/postgres/pglite-database';
import { validate } from '../../server/src/postgres/validate';
import { annotationModel } from './annotation-model';

let cacheDir = '';
after(async () => {
  await closeWarmPglite();
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

test('cold start writes the cache, a later start reads it, the shared instance stays warm', async () => {
  cacheDir = await mkdtemp(path.join(tmpdir(), 'dm-pglite-cache-'));

  const cold = new PgliteDatabase({ cacheDir, private: true });
  const coldStart = await cold.start();
  assert.equal(coldStart.mode, 'cold');
  assert.ok(coldStart.cacheFile, 'the cold start did not write a cache');
  assert.deepEqual((await readdir(cacheDir)).filter((f) => f.endsWith('.tmp')), []);
  await cold.close();

  const cached = new PgliteDatabase({ cacheDir, private: true });
  const cachedStart = await cached.start();
  assert.equal(cachedStart.mode, 'cached');
  assert.ok(cachedStart.ms < coldStart.ms, `cached start ${cachedStart.ms} ms is not faster than cold ${coldStart.ms} ms`);
  // The cached cluster is a working one.
  const result = await validate(annotationModel(), cached);
  assert.equal(result.ok, true, JSON.stringify(result.problems));
  await cached.close();

  const first = new PgliteDatabase({ cacheDir });
  await first.start();
  const began = Date.now();
  const second = new PgliteDatabase({ cacheDir });
  await second.query('SELECT 1');
  const warmMs = Date.now() - began;
  assert.ok(warmMs < 200, `a second handle took ${warmMs} ms`);
  const timed = await validate(annotationModel(), second);
  console.log(
    `PGlite start: cold ${coldStart.ms} ms, cached ${cachedStart.ms} ms, warm handle ${warmMs} ms; validate (warm) ${timed.durationMs} ms; ${second.describe()}`,
  );
});
