/**
 * `data-model diff <data-model.md> --database URL [--schema NAME]...`
 * `data-model diff <data-model.md> --orm models.py [--database URL]`
 */
import { parseArgs } from 'node:util';
import { readMarkdown } from '../markdown/reader';
import { loadSqlParser } from '../markdown/sql-fences';
import { compareWithDatabase, UserFacingError } from '../api/database-requests';
import { PgDatabase } from '../postgres/pg-database';
import { compareWithModels } from '../orm/models-drift';
import { ModelsError } from '../orm/models-schema';
import { PythonUnavailable } from '../orm/python-environment';
import { DEFAULT_PGURL } from '../postgres/pg-database';
import { DatabaseError } from '../postgres/database';
import { CliError, EXIT_INPUT, EXIT_OK, EXIT_USAGE, exists, formatProblem, readInput } from './io';

export const diffUsage = `Usage: data-model diff <data-model.md> --database URL [options]
       data-model diff <data-model.md> --orm models.py [--database URL]

Compares a data-model document with a live PostgreSQL schema, or with the schema SQLAlchemy
models create, and prints every difference as file:line:col: severity: message, located on the
document.

With --orm, the models' metadata.create_all runs (Python with SQLAlchemy and asyncpg: $DATA_MODEL_PYTHON,
else python3 on the PATH, else /usr/bin/python3) into scratch schemas orm_scratch_* of the
database, which are read and then dropped; nothing else in the database is touched.

Options:
  --database URL      postgres://user[:password]@host[:port]/database (required without --orm;
                      with --orm, default $PGURL, else ${DEFAULT_PGURL})
  --orm FILE          compare with the SQLAlchemy models in FILE instead of the database's tables
  --schema NAME       a schema to compare; repeat for several (default: the schemas the
                      document's tables are in: public, and X for tables named X.table)

Exit 0 when the document and the database agree, 1 when they drift (or on errors), 2 on usage errors.`;

export async function runDiff(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      database: { type: 'string' },
      orm: { type: 'string' },
      schema: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.write(`${diffUsage}\n`);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new CliError(`expected one data-model document\n\n${diffUsage}`, EXIT_USAGE);
  if (values.orm !== undefined) return diffWithModels(positionals[0]!, values.orm, values.database ?? process.env.PGURL ?? DEFAULT_PGURL, out, err);
  if (!values.database) throw new CliError(`--database URL is required\n\n${diffUsage}`, EXIT_USAGE);
  const file = positionals[0]!;
  const text = await readInput(file);
  await loadSqlParser();
  const read = readMarkdown(text);
  // The document's own errors are not drift, but what follows may be wrong because of them.
  for (const problem of read.problems.filter((p) => p.severity === 'error')) err.write(`${formatProblem(file, problem)}\n`);

  const db = new PgDatabase({ connectionString: values.database });
  let compared: Awaited<ReturnType<typeof compareWithDatabase>>;
  try {
    compared = await compareWithDatabase(text, db, values.schema);
  } catch (error) {
    if (error instanceof UserFacingError) throw new CliError(error.message);
    throw error;
  }
  const { problems } = compared;
  for (const problem of problems) out.write(`${formatProblem(file, problem)}\n`);
  if (problems.length === 0) {
    out.write(`${file}: no drift from ${db.describe()} (${read.model.entities.length} tables)\n`);
    return EXIT_OK;
  }
  err.write(`${problems.length} difference(s) between ${file} and ${db.describe()}\n`);
  return EXIT_INPUT;
}

async function diffWithModels(file: string, modelsFile: string, url: string, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const text = await readInput(file);
  if (!(await exists(modelsFile))) throw new CliError(`${modelsFile}: no such file`);
  await loadSqlParser();
  const read = readMarkdown(text);
  for (const problem of read.problems.filter((p) => p.severity === 'error')) err.write(`${formatProblem(file, problem)}\n`);
  const db = new PgDatabase({ connectionString: url });
  let compared: Awaited<ReturnType<typeof compareWithModels>>;
  try {
    compared = await compareWithModels(text, modelsFile, url, db, { onProgress: (message) => err.write(`${message}\n`) });
  } catch (error) {
    if (error instanceof PythonUnavailable || error instanceof ModelsError || error instanceof DatabaseError) throw new CliError(error.message);
    throw error;
  } finally {
    await db.close().catch(() => undefined);
  }
  for (const problem of compared.problems) out.write(`${formatProblem(file, problem)}\n`);
  if (compared.problems.length === 0) {
    out.write(`${file}: no drift from ${modelsFile} (${compared.tables} tables)\n`);
    return EXIT_OK;
  }
  err.write(`${compared.problems.length} difference(s) between ${file} and ${modelsFile}\n`);
  return EXIT_INPUT;
}
