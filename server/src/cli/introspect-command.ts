/** `data-model introspect --database URL [--schema NAME]... [--out FILE] [--force]` */
import { parseArgs } from 'node:util';
import { introspectDatabase, UserFacingError } from '../api/database-requests';
import { PgDatabase } from '../postgres/pg-database';
import { CliError, EXIT_OK, EXIT_USAGE, exists, writeAtomically } from './io';

export const introspectUsage = `Usage: data-model introspect --database URL [options]

Reads the tables of a live PostgreSQL schema (in a read-only transaction) and writes them as a
data-model document.

Options:
  --database URL      postgres://user[:password]@host[:port]/database (required)
  --schema NAME       a schema to read; repeat for several (default: every non-system schema)
  --domain TEXT       domain for the header (default: the database's name)
  --out FILE          where to write (default: standard output)
  --force             replace an existing file (without it, an existing file is never replaced)
  --date YYYY-MM-DD   date for the header (default: today)`;

export async function runIntrospect(argv: string[], out: NodeJS.WritableStream, _err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      database: { type: 'string' },
      schema: { type: 'string', multiple: true },
      domain: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      date: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.write(`${introspectUsage}\n`);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"\n\n${introspectUsage}`, EXIT_USAGE);
  if (!values.database) throw new CliError(`--database URL is required\n\n${introspectUsage}`, EXIT_USAGE);
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new CliError('--date must be YYYY-MM-DD', EXIT_USAGE);
  // Refuse before connecting: nothing is read when nothing could be written.
  if (values.out && values.out !== '-' && !values.force && (await exists(values.out))) {
    throw new CliError(`${values.out} already exists; nothing was written (use --force to replace it)`);
  }

  const db = new PgDatabase({ connectionString: values.database });
  let introspected: Awaited<ReturnType<typeof introspectDatabase>>;
  try {
    introspected = await introspectDatabase(db, { schemas: values.schema, domain: values.domain, date: values.date });
  } catch (error) {
    if (error instanceof UserFacingError) throw new CliError(error.message);
    throw error;
  }
  const { markdown, tables } = introspected;

  if (!values.out || values.out === '-') {
    out.write(markdown);
    return EXIT_OK;
  }
  await writeAtomically(values.out, markdown);
  out.write(`Wrote ${values.out}: ${tables} tables from ${db.describe()}\n`);
  return EXIT_OK;
}
