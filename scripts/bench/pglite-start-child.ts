/**
 * Run in a fresh process by the benchmark: starts the embedded PostgreSQL with the cache folder
 * given as argument (as the CLI and the language server do) and prints how it started.
 */
import { closeWarmPglite, PgliteDatabase } from '../../server/src/postgres/pglite-database';

async function main(): Promise<void> {
  const database = new PgliteDatabase({ cacheDir: process.argv[2] });
  const start = await database.start();
  // A first statement: "started" must mean ready to run DDL.
  await database.query('SELECT 1');
  console.log(JSON.stringify(start));
  await closeWarmPglite();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
