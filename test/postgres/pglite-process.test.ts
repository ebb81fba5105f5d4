/**
 * The embedded PostgreSQL runs in a child process with a deadline and an idle exit (real PGlite,
 * real processes): a statement that never ends fails with a clear error shortly after the
 * deadline while this process keeps running its timers; the child is killed, and the next run
 * gets a fresh one; a transaction cut by the deadline is not continued on the fresh child; an
 * idle child exits, and the memory it held goes with it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseError } from '../../server/src/postgres/database';
import { closeWarmPglite, PgliteDatabase } from '../../server/src/postgres/pglite-database';
import { validate } from '../../server/src/postgres/validate';
import { annotationModel } from './annotation-model';
import { PGLITE_TEST_CACHE } from './targets';

const DEADLINE_MS = 4000;

after(() => closeWarmPglite());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `check` holds; fails with `what` after `ms`. */
async function waitUntil(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`${what} within ${ms} ms`);
    await sleep(50);
  }
}

/** Resident memory of a process in MB (Linux /proc). */
function rssMb(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) / 1024 : 0;
}

test('pg_sleep(600) fails with a deadline error, the caller stays responsive, and the next run gets a fresh child', async () => {
  // Two handles on the process's shared child, as two requests of the language server: one
  // with a short deadline, and one with the default for the validation after it.
  const db = new PgliteDatabase({ cacheDir: PGLITE_TEST_CACHE, deadlineMs: DEADLINE_MS });
  const next = new PgliteDatabase({ cacheDir: PGLITE_TEST_CACHE });
  try {
    await db.start();
    const pid = db.processId()!;
    assert.ok(alive(pid));

    // A timer in this process keeps ticking while the statement runs (it ran in this event
    // loop before, and nothing else ran until it ended).
    let last = Date.now();
    let longestGap = 0;
    let ticks = 0;
    const ticker = setInterval(() => {
      longestGap = Math.max(longestGap, Date.now() - last);
      last = Date.now();
      ticks++;
    }, 100);
    const began = Date.now();
    const error = await db.query('SELECT pg_sleep(600)').then(
      () => assert.fail('pg_sleep(600) returned'),
      (e: unknown) => e,
    );
    const elapsed = Date.now() - began;
    clearInterval(ticker);

    assert.ok(error instanceof DatabaseError, String(error));
    assert.equal(error.code, '57014');
    assert.equal(error.fatal, true);
    assert.match(error.message, new RegExp(`did not finish a statement within ${DEADLINE_MS / 1000} s, so it was stopped`));
    assert.doesNotMatch(error.message, /\n\s+at /);
    assert.ok(elapsed >= DEADLINE_MS - 100 && elapsed < DEADLINE_MS + 5000, `failed after ${elapsed} ms`);
    assert.ok(ticks >= 10 && longestGap < 1500, `${ticks} ticks, longest gap ${longestGap} ms`);
    await waitUntil(() => !alive(pid), 5000, `the killed child ${pid} is still running`);

    const result = await validate(annotationModel(), next);
    assert.equal(result.ok, true, JSON.stringify(result.problems));
    assert.notEqual(next.processId(), pid);
  } finally {
    await closeWarmPglite();
  }
});

test('a transaction cut by the deadline ends its run: the rest fails at once, nothing runs on the fresh child', async () => {
  const db = new PgliteDatabase({ cacheDir: PGLITE_TEST_CACHE, private: true, deadlineMs: DEADLINE_MS });
  try {
    const failures = await db.exclusive(async () => {
      await db.exec('BEGIN');
      await db.exec('CREATE TABLE left_behind (id int)');
      const slow = await db.exec('SELECT pg_sleep(600)').then(() => undefined, (e: unknown) => e);
      // Validation goes on after a failure; this must not start a new child outside the transaction.
      const next = await db.exec('CREATE TABLE after_the_deadline (id int)').then(() => undefined, (e: unknown) => e);
      const running = db.processId();
      await db.exec('ROLLBACK').catch(() => undefined);
      return { slow, next, running };
    });
    assert.ok(failures.slow instanceof DatabaseError && /did not finish a statement within/.test(failures.slow.message), String(failures.slow));
    assert.ok(failures.next instanceof DatabaseError && failures.next.fatal, String(failures.next));
    assert.equal(failures.running, undefined, 'a child was started inside the broken transaction');
    const tables = await db.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
    assert.deepEqual(tables, []);
  } finally {
    await db.close();
  }
});

test('an idle child exits; the memory it held goes with it, and the next call starts another', async () => {
  const baseline = rssMb(process.pid);
  const db = new PgliteDatabase({ cacheDir: PGLITE_TEST_CACHE, private: true, idleMs: 1500 });
  try {
    const result = await validate(annotationModel(), db);
    assert.equal(result.ok, true, JSON.stringify(result.problems));
    const pid = db.processId()!;
    const childMb = rssMb(pid);
    const parentWhileRunning = rssMb(process.pid);

    await waitUntil(() => db.processId() === undefined && !alive(pid), 20_000, `the idle child ${pid} did not exit`);
    const parentAfter = rssMb(process.pid);
    console.log(`RSS: this process ${baseline.toFixed(0)} MB before, ${parentWhileRunning.toFixed(0)} MB while the child held ${childMb.toFixed(0)} MB, ${parentAfter.toFixed(0)} MB after it exited`);
    // The cluster's memory lived in the child; this process only ever held messages. Generous
    // bounds (the precise figures are in `npm run bench`).
    assert.ok(childMb > 100, `the child held only ${childMb} MB`);
    assert.ok(parentAfter < baseline + 60, `this process grew from ${baseline} MB to ${parentAfter} MB`);

    assert.deepEqual(await db.query('SELECT 1 AS one'), [{ one: 1 }]);
    assert.notEqual(db.processId(), pid);
  } finally {
    await db.close();
  }
});
