/** `data-model sql <data-model.md> [--out FILE] [--force]` */
import { parseArgs } from 'node:util';
import { compileDdl } from '../sql/ddl';
import { readDocument } from './document';
import { CliError, EXIT_INPUT, EXIT_OK, EXIT_USAGE, exists, formatProblem, writeAtomically } from './io';

export const sqlUsage = `Usage: data-model sql <data-model.md> [options]

Compiles the document to a PostgreSQL migration: tables, constraints, indexes, the updated_at
trigger, roles, grants and row-level security.

Options:
  --out FILE   write the migration there (default: standard output)
  --force      replace an existing --out file`;

export async function runSql(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.write(`${sqlUsage}\n`);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new CliError(`expected one data-model document\n\n${sqlUsage}`, EXIT_USAGE);
  const file = positionals[0];
  const { model } = await readDocument(file);
  const compiled = compileDdl(model);
  for (const problem of compiled.problems) err.write(`${formatProblem(file, problem)}\n`);
  // A refused document has no SQL to give: nothing on standard output, no file written.
  if (compiled.refused) return EXIT_INPUT;
  if (!values.out || values.out === '-') out.write(compiled.sql);
  else {
    if (!values.force && (await exists(values.out))) throw new CliError(`${values.out} already exists; nothing was written (use --force to replace it)`);
    await writeAtomically(values.out, compiled.sql);
    out.write(`Wrote ${values.out}: ${compiled.statements.length} statements\n`);
  }
  return compiled.problems.some((problem) => problem.severity === 'error') ? EXIT_INPUT : EXIT_OK;
}
