/** `data-model validate <data-model.md> [--database URL] [--no-probes]` */
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from '../postgres/database';
import { DatabaseError } from '../postgres/database';
import { PgDatabase } from '../postgres/pg-database';
import { PgliteDatabase, closeWarmPglite } from '../postgres/pglite-database';
import { DEFAULT_DEADLINE_MS, validate } from '../postgres/validate';
import { readDocument } from './document';
import { validationVerdict } from '../api/validation-report';
import { loadWorkspaceSchema } from './workspace';
import { CliError, EXIT_INPUT, EXIT_OK, EXIT_USAGE, formatProblem } from './io';

export const validateUsage = `Usage: data-model validate <data-model.md> [options]
       data-model validate --workspace <folder> [options]

Applies the document's DDL inside a transaction that is always rolled back, then checks as
each role that the database enforces the Security Annotations. Nothing is left behind.

Options:
  --workspace DIR  validate the whole schema of the features under DIR (e.g. specs/), applied as one
  --database URL   a PostgreSQL server (postgres://user@host:port/db); default: the embedded
                   PostgreSQL (PGlite), no server needed
  --no-probes      skip the security checks
  --timeout SECS   stop the whole run after this long (default 120); the database's work is
                   cancelled and rolled back, as it is on Ctrl+C`;

/** Where the embedded PostgreSQL keeps its initialised data directory between runs. */
export function pgliteCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'data-model', 'pglite');
}

export async function runValidate(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      database: { type: 'string' },
      workspace: { type: 'string' },
      probes: { type: 'boolean', default: true },
      'no-probes': { type: 'boolean', default: false },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.write(`${validateUsage}\n`);
    return EXIT_OK;
  }
  if (values.workspace === undefined ? positionals.length !== 1 : positionals.length !== 0) {
    throw new CliError(`expected one data-model document, or --workspace <folder>\n\n${validateUsage}`, EXIT_USAGE);
  }
  const file = values.workspace ?? positionals[0]!;
  const timeoutSeconds = values.timeout === undefined ? DEFAULT_DEADLINE_MS / 1000 : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new CliError(`--timeout must be a number of seconds, not "${values.timeout}"`, EXIT_USAGE);
  const { model } = values.workspace === undefined ? await readDocument(file) : await loadWorkspaceSchema(values.workspace, err);
  if (model.entities.length === 0) throw new CliError(`${file}: no definition tables (### <table>) to validate`);

  const db: Database = values.database
    ? new PgDatabase({ connectionString: values.database })
    : new PgliteDatabase({ cacheDir: pgliteCacheDir(), onProgress: (message) => out.write(`${message.charAt(0).toUpperCase()}${message.slice(1)}\n`) });
  // Ctrl+C (or a TERM from a supervisor) cancels the database's work before the process exits,
  // so no backend keeps running a statement for a client that left.
  const interrupted = new AbortController();
  const interrupt = () => interrupted.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const result = await validate(model, db, { probes: !values['no-probes'], deadlineMs: timeoutSeconds * 1000, signal: interrupted.signal });
    for (const problem of result.problems) (problem.severity === 'error' ? err : out).write(`${formatProblem(file, problem)}\n`);
    out.write(`${validationVerdict(file, result, !values['no-probes'])}\n`);
    return result.ok ? EXIT_OK : EXIT_INPUT;
  } catch (error) {
    if (error instanceof DatabaseError) throw new CliError(error.message, EXIT_INPUT);
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await db.close().catch(() => undefined);
    await closeWarmPglite().catch(() => undefined);
  }
}
