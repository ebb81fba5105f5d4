/** `data-model orm <data-model.md> --sqlalchemy [--out models.py] [--style classic|typed] [--force]` */
import { parseArgs } from 'node:util';
import { exportSqlAlchemyModels, MODEL_STYLES, type ModelStyle } from '../orm/sqlalchemy-models';
import { readDocument } from './document';
import { CliError, EXIT_INPUT, EXIT_OK, EXIT_USAGE, exists, formatProblem, writeAtomically } from './io';
import * as path from 'node:path';

export const ormUsage = `Usage: data-model orm <data-model.md> --sqlalchemy [options]

Exports the document's tables as SQLAlchemy declarative models for async use (asyncpg):
columns with their types, nullability and server defaults, primary, unique and foreign keys
(with ondelete), checks, indexes (DESC, partial, expressions), relationships on both sides,
the updated_at trigger, and the descriptions as comments.

Options:
  --sqlalchemy            the ORM to export for (the only one so far; required)
  --style typed|classic   typed: Mapped[...] / mapped_column, needs SQLAlchemy 2.x (default);
                          classic: Column(...) declarative, runs on SQLAlchemy 1.4 and 2.x
  --out FILE              write the module there (default: standard output)
  --force                 replace an existing --out file`;

export async function runOrm(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      sqlalchemy: { type: 'boolean', default: false },
      style: { type: 'string', default: 'typed' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.write(`${ormUsage}\n`);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new CliError(`expected one data-model document\n\n${ormUsage}`, EXIT_USAGE);
  if (!values.sqlalchemy) throw new CliError(`say which ORM to export for: --sqlalchemy\n\n${ormUsage}`, EXIT_USAGE);
  if (!MODEL_STYLES.includes(values.style as ModelStyle)) throw new CliError(`--style must be one of ${MODEL_STYLES.join(', ')}, not "${values.style}"`, EXIT_USAGE);
  const file = positionals[0]!;
  // Checked before any work: an existing file is never replaced without --force.
  if (values.out && values.out !== '-' && !values.force && (await exists(values.out))) {
    throw new CliError(`${values.out} already exists; nothing was written (use --force to replace it)`);
  }
  const { model, problems } = await readDocument(file);
  for (const problem of problems.filter((p) => p.severity === 'error')) err.write(`${formatProblem(file, problem)}\n`);
  const exported = exportSqlAlchemyModels(model, { style: values.style as ModelStyle, source: path.basename(file) });
  for (const problem of exported.problems) err.write(`${formatProblem(file, problem)}\n`);
  if (exported.refused) return EXIT_INPUT;
  if (model.entities.length === 0) throw new CliError(`${file}: the document has no definition tables (### <table>) to export`);
  if (!values.out || values.out === '-') out.write(exported.python);
  else {
    await writeAtomically(values.out, exported.python);
    out.write(`Wrote ${values.out}: ${exported.tables} tables (${values.style} style)\n`);
  }
  return exported.problems.some((p) => p.severity === 'error') ? EXIT_INPUT : EXIT_OK;
}
