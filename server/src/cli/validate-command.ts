/** `data-model validate <data-model.md> [--database URL] [--no-probes]` */
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from '../postgres/database';
import { DatabaseError } from '../postgres/database';
import { PgDatabase } from '../postgres/pg-database';
import { PgliteDatabase, closeWarmPglite } from '../postgres/pglite-database';
import { validate } from '../postgres/validate';
import { readDocument } from './document';
import { CliError, EXIT_INPUT, EXIT_OK, EXIT_USAGE, formatProblem } from './io';

export const validateUsage = `Usage: data-model validate <data-model.md> [options]

Applies the document's DDL inside a transaction that is always rolled back, then checks as
each role that the database enforces the Security Annotations. Nothing is left behind.

Options:
  --database URL   a PostgreSQL server (postgres://user@host:port/db); default: the embedded
                   PostgreSQL (PGlite), no server needed
  --no-probes      skip the security checks`;

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
      probes: { type: 'boolean', default: true },
      'no-probes': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.write(`${validateUsage}\n`);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new CliError(`expected one data-model document\n\n${validateUsage}`, EXIT_USAGE);
  const file = positionals[0];
  const { model } = await readDocument(file);
  if (model.entities.length === 0) throw new CliError(`${file}: no definition tables (### <table>) to validate`);

  const db: Database = values.database
    ? new PgDatabase({ connectionString: values.database })
    : new PgliteDatabase({ cacheDir: pgliteCacheDir(), onProgress: (message) => out.write(`${message.charAt(0).toUpperCase()}${message.slice(1)}\n`) });
  try {
    const result = await validate(model, db, { probes: !values['no-probes'] });
    for (const problem of result.problems) (problem.severity === 'error' ? err : out).write(`${formatProblem(file, problem)}\n`);
    const verdict = result.ok ? 'valid' : 'INVALID';
    const skipped = result.statementsSkipped ? `, ${result.statementsSkipped} skipped` : '';
    out.write(
      `${file}: ${verdict} on ${result.database}: ${result.statementsApplied} statements applied${skipped} in ${result.durationMs} ms, all rolled back` +
        `${values['no-probes'] ? '' : '; security annotations probed as each role'}\n`,
    );
    return result.ok ? EXIT_OK : EXIT_INPUT;
  } catch (error) {
    if (error instanceof DatabaseError) throw new CliError(error.message, EXIT_INPUT);
    throw error;
  } finally {
    await db.close().catch(() => undefined);
    await closeWarmPglite().catch(() => undefined);
  }
}
