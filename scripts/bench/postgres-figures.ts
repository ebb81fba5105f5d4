/**
 * Validation on PGlite against psql applying the same DDL on the local server, PGlite's start
 * with a cached data directory, and introspection of a 1,000-table database against pg_dump.
 * The local server is `$PGURL` (default postgres://postgres@127.0.0.1:5432/test); only a
 * database created here for the run is written to, and it is dropped at the end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeMarkdown } from '../../server/src/markdown/writer';
import type { DataModel } from '../../server/src/model/types';
import { startServer } from '../../test/lsp/server-process';
import type { Database, Row } from '../../server/src/postgres/database';
import { introspect } from '../../server/src/postgres/introspect';
import { DEFAULT_PGURL, PgDatabase } from '../../server/src/postgres/pg-database';
import { closeWarmPglite, PgliteDatabase } from '../../server/src/postgres/pglite-database';
import { validate } from '../../server/src/postgres/validate';
import { compileDdl } from '../../server/src/sql/ddl';
import { median, ms, ratio, timeAsync } from './stats';

const serverUrl = process.env.PGURL ?? DEFAULT_PGURL;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** psql, as a user would run the migration: one process, one transaction, rolled back. */
function psqlApply(sql: string): number {
  const started = performance.now();
  const result = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', serverUrl], {
    input: `BEGIN;\n${sql};\nROLLBACK;\n`,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`psql failed to apply the benchmark DDL: ${result.stderr}`);
  return elapsed;
}

export async function validateFigures(model: DataModel, rounds = 5) {
  const compiled = compileDdl(model);
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'bench-pglite-'));
  // The data directory `node esbuild.mjs` prepared in dist/ (how it ships); the starts are timed below.
  const pglite = new PgliteDatabase({ cacheDir, preparedDir: path.resolve(__dirname, '../../dist') });
  const server = new PgDatabase({ connectionString: serverUrl });
  try {
    const first = await validate(model, pglite); // starts PGlite and warms its caches
    if (!first.ok) throw new Error(`the benchmark document does not validate: ${first.problems[0]?.message}`);
    await validate(model, server);
    // Diagnostic, not a target: a document whose last statement fails, so validate() runs the
    // batch, then every statement under its own savepoint to locate the error (the slow path).
    const broken = structuredClone(model);
    broken.checks.at(-1)!.expression = 'no_such_column > 0';
    const samples: Record<'pglite' | 'psql' | 'ourValidateOnServer' | 'pgliteBrokenDocument', number[]> = { pglite: [], psql: [], ourValidateOnServer: [], pgliteBrokenDocument: [] };
    for (let round = 0; round < rounds; round++) {
      samples.pglite.push(await timeAsync(() => validate(model, pglite)));
      samples.pgliteBrokenDocument.push(await timeAsync(() => validate(broken, pglite)));
      samples.psql.push(psqlApply(compiled.sql));
      samples.ourValidateOnServer.push(await timeAsync(() => validate(model, server)));
    }
    const warm = median(samples.pglite);
    const psql = median(samples.psql);
    return {
      input: { statements: compiled.statements.length },
      runs: rounds,
      pgliteWarmMs: ms(warm),
      psqlMs: ms(psql),
      ratioToPsql: ratio(warm, psql),
      ourValidateOnLocalServerMs: ms(median(samples.ourValidateOnServer)),
      pgliteDocumentWithOneErrorMs: ms(median(samples.pgliteBrokenDocument)),
      targets: { warmAtMost1xPsql: warm <= psql },
    };
  } finally {
    await server.close();
    await closeWarmPglite();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

/** The embedded PostgreSQL's starts and the memory it takes and gives back (`--only embedded`). */
export async function embeddedFigures(model: DataModel) {
  const start = coldStartFigures();
  const languageServer = await languageServerMemoryFigures(model);
  return {
    ...start,
    languageServer,
    targets: {
      firstRunUnder15s: start.firstRunAfterInstallStartMs < 15_000,
      cachedStartUnder1_5s: start.cachedStartMs < 1500,
      ...languageServer.targets,
    },
  };
}

/**
 * A new process per start, as the CLI or a new VS Code window would, each in its own fresh
 * folders unless said otherwise:
 *  - cold: no prepared or cached data directory (initdb runs; it writes the cache);
 *  - prepare: what the build does once (`pglite-host.js --prepare`, an initdb and a dump);
 *  - first run after install: the prepared data directory, an empty cache folder;
 *  - cached: the cache the cold start wrote.
 * The child and pglite-host are bundled by esbuild and run by plain node, as the product's
 * dist/ is: under tsx, requiring PGlite's 1 MB entry alone took ~0.3 s more.
 */
function coldStartFigures(rounds = 3) {
  const bundleFolder = mkdtempSync(path.join(os.tmpdir(), 'bench-pglite-child-'));
  const bundle = (entry: string, name: string) =>
    buildSync({
      entryPoints: [entry],
      outfile: path.join(bundleFolder, name),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['@electric-sql/pglite'],
      logLevel: 'error',
    });
  bundle(path.join(__dirname, 'pglite-start-child.ts'), 'pglite-start-child.js');
  bundle(path.join(__dirname, '../../server/src/postgres/pglite-host.ts'), 'pglite-host.js');
  // The external PGlite is found in the repository's node_modules, as dist/ finds it.
  const env = { ...process.env, NODE_PATH: path.resolve(__dirname, '../../node_modules') };
  const timed = (args: string[]) => {
    const started = performance.now();
    const output = execFileSync(process.execPath, args, { encoding: 'utf8', timeout: 300_000, env });
    return { output, wall: performance.now() - started };
  };
  type Start = { mode: string; ms: number; wall: number; childRssMb: number; parentRssMb: { before: number; whileRunning: number; after: number } };
  const run = (cacheDir: string, preparedDir = '-'): Start => {
    const { output, wall } = timed([path.join(bundleFolder, 'pglite-start-child.js'), cacheDir, preparedDir]);
    return { ...(JSON.parse(output.trim().split('\n').pop()!) as Omit<Start, 'wall'>), wall };
  };
  const folders: string[] = [];
  const fresh = (prefix: string) => {
    const folder = mkdtempSync(path.join(os.tmpdir(), prefix));
    folders.push(folder);
    return folder;
  };
  try {
    const cacheDir = fresh('bench-pglite-cache-');
    const cold = run(cacheDir);
    const prepareMs = timed([path.join(bundleFolder, 'pglite-host.js'), '--prepare', bundleFolder]).wall;
    const firstRun = Array.from({ length: rounds }, () => run(fresh('bench-pglite-empty-'), bundleFolder));
    const cached = Array.from({ length: rounds }, () => run(cacheDir));
    const modes = { cold: [cold.mode], prepared: firstRun.map((s) => s.mode), cached: cached.map((s) => s.mode) };
    for (const [expected, seen] of Object.entries(modes)) {
      if (seen.some((mode) => mode !== expected)) throw new Error(`PGlite started ${seen.join(', ')} where ${expected} was expected`);
    }
    const last = cached.at(-1)!;
    return {
      coldInitdbStartMs: ms(cold.ms),
      prepareAtBuildMs: ms(prepareMs),
      firstRunAfterInstallStartMs: ms(median(firstRun.map((start) => start.ms))),
      cachedStartMs: ms(median(cached.map((start) => start.ms))),
      cachedStartProcessWallMs: ms(median(cached.map((start) => start.wall))),
      startRuns: rounds,
      embeddedChildRssMb: last.childRssMb,
      callerRssMb: last.parentRssMb,
      loadAverage: os.loadavg().map((load) => Number(load.toFixed(1))),
      startNote:
        'start = from asking until PostgreSQL in its child process answered (fork + PGlite + data directory), then SELECT 1; wall = the whole calling process; ' +
        'callerRssMb = the calling process (the language server or CLI), before, while the child runs, after it exits',
    };
  } finally {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    rmSync(bundleFolder, { recursive: true, force: true });
  }
}

/** Resident memory of a process in MB (Linux /proc). */
function rssMb(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Math.round(Number(line[1]) / 1024) : NaN;
}

/**
 * The shipped language server (dist/server.js, run `node esbuild.mjs` first) validating the
 * benchmark document on the embedded PostgreSQL: its memory before, while the child runs, and
 * after the child exits idle (2 s here; a minute in the product).
 */
async function languageServerMemoryFigures(model: DataModel) {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'bench-pglite-lsp-'));
  const server = await startServer({ pgliteCacheDir: cacheDir, pgliteIdleMs: 2000 });
  try {
    const pid = server.process.pid!;
    const text = writeMarkdown(model);
    await server.connection.sendRequest('dataModel/sql', { text });
    const before = rssMb(pid);
    const began = performance.now();
    const result = await server.connection.sendRequest<{ ok: boolean; database: string }>('dataModel/validate', { text, target: { kind: 'embedded' }, probes: true });
    const firstValidateMs = performance.now() - began;
    if (!result.ok) throw new Error('the benchmark document does not validate in the language server');
    const child = Number(execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n')[0]);
    const whileRunning = rssMb(pid);
    const childRss = rssMb(child);
    const idleFrom = performance.now();
    while (spawnSync('pgrep', ['-P', String(pid)]).status === 0) {
      if (performance.now() - idleFrom > 60_000) throw new Error('the embedded PostgreSQL did not exit when idle');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const after = rssMb(pid);
    return {
      firstValidateMs: ms(firstValidateMs),
      database: result.database,
      serverRssMb: { beforeValidating: before, afterValidating: whileRunning, afterChildExit: after },
      childRssMb: childRss,
      childExitAfterIdleMs: ms(performance.now() - idleFrom),
      targets: { serverWithin20PercentOfBaseline: after <= before * 1.2 },
    };
  } finally {
    await server.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

const INTROSPECT_DATABASE = 'data_model_bench_introspect';

function psqlRun(url: string, sql: string): void {
  const result = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url], { input: sql, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`psql: ${result.stderr}`);
}

/** 1,000 tables in `public` (key, foreign key to the previous table, its index, a check, a unique column), and 10 in `small`. */
function introspectionSchema(tables: number): string {
  const statements: string[] = ['CREATE SCHEMA small;'];
  for (let t = 0; t < tables; t++) {
    const parent = t > 0 ? `, parent_id INT NOT NULL REFERENCES t_${t - 1}(id)` : '';
    statements.push(
      `CREATE TABLE t_${t} (id SERIAL PRIMARY KEY${parent}, code VARCHAR(32) NOT NULL UNIQUE, amount NUMERIC(10,2) CHECK (amount >= 0), note TEXT, created_at TIMESTAMPTZ NOT NULL DEFAULT now());`,
    );
    if (t > 0) statements.push(`CREATE INDEX idx_t_${t}_parent ON t_${t}(parent_id);`);
  }
  for (let t = 0; t < 10; t++) statements.push(`CREATE TABLE small.s_${t} (id SERIAL PRIMARY KEY, name TEXT NOT NULL);`);
  return statements.join('\n');
}

/** Counts the catalog queries, to show the number does not grow with the tables. */
class CountingDatabase implements Database {
  queries = 0;
  constructor(private readonly inner: Database) {}
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]> {
    this.queries++;
    return this.inner.query<T>(sql, params);
  }
  exec(sql: string): Promise<void> {
    return this.inner.exec(sql);
  }
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.inner.exclusive(work);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
  describe(): string {
    return this.inner.describe();
  }
}

export async function introspectFigures(tables = 1000, rounds = 3) {
  const url = withDatabase(serverUrl, INTROSPECT_DATABASE);
  psqlRun(serverUrl, `DROP DATABASE IF EXISTS ${INTROSPECT_DATABASE};\nCREATE DATABASE ${INTROSPECT_DATABASE};`);
  try {
    psqlRun(url, introspectionSchema(tables));
    const ours: number[] = [];
    const dump: number[] = [];
    let entities = 0;
    let queriesLarge = 0;
    for (let round = 0; round < 1 + rounds; round++) {
      // Connection included on both sides: pg_dump connects too.
      const database = new CountingDatabase(new PgDatabase({ connectionString: url, statementTimeoutMs: 120_000 }));
      const elapsed = await timeAsync(async () => {
        const result = await introspect(database, { schemas: ['public'], date: '2026-01-01' });
        entities = result.model.entities.length;
      });
      queriesLarge = database.queries;
      await database.close();
      const started = performance.now();
      const result = spawnSync('pg_dump', ['--schema-only', '--schema=public', url], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      const dumpMs = performance.now() - started;
      if (result.status !== 0) throw new Error(`pg_dump: ${result.stderr}`);
      if (round > 0) {
        ours.push(elapsed);
        dump.push(dumpMs);
      }
    }
    const small = new CountingDatabase(new PgDatabase({ connectionString: url }));
    await introspect(small, { schemas: ['small'], date: '2026-01-01' });
    await small.close();
    const introspected = median(ours);
    const pgDump = median(dump);
    return {
      input: { tables, entitiesIntrospected: entities },
      runs: rounds,
      introspectMs: ms(introspected),
      pgDumpSchemaOnlyMs: ms(pgDump),
      ratioToPgDump: ratio(introspected, pgDump),
      queriesFor1000Tables: queriesLarge,
      queriesFor10Tables: small.queries,
      targets: { atMost1xPgDump: introspected <= pgDump, fixedQueryCount: queriesLarge === small.queries },
    };
  } finally {
    psqlRun(serverUrl, `DROP DATABASE IF EXISTS ${INTROSPECT_DATABASE};`);
  }
}
