/**
 * Run in a fresh process by the benchmark, as the CLI or a new VS Code window would: starts the
 * embedded PostgreSQL (in its own child process, pglite-host.js beside this bundle) with the
 * cache folder and prepared folder given as arguments (`-` for none), runs a first statement,
 * and prints how it started and the memory of both processes.
 *   node pglite-start-child.js <cacheDir|-> <preparedDir|->
 */
import { readFileSync } from 'node:fs';
import { closeWarmPglite, PgliteDatabase } from '../../server/src/postgres/pglite-database';

function rssMb(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Math.round(Number(line[1]) / 1024) : NaN;
}

async function main(): Promise<void> {
  const [cacheDir, preparedDir] = process.argv.slice(2).map((arg) => (arg === '-' ? undefined : arg));
  // `preparedDir: undefined` would mean "beside the bundle", which is this folder: say none explicitly.
  const database = new PgliteDatabase({ cacheDir, preparedDir: preparedDir ?? '/nonexistent' });
  const parentBefore = rssMb(process.pid);
  const start = await database.start();
  // A first statement: "started" must mean ready to run DDL.
  await database.query('SELECT 1');
  const childRssMb = rssMb(start.pid);
  const parentWhileRunning = rssMb(process.pid);
  await closeWarmPglite();
  console.log(JSON.stringify({ ...start, childRssMb, parentRssMb: { before: parentBefore, whileRunning: parentWhileRunning, after: rssMb(process.pid) } }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
