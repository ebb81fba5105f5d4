/** `data-model sql <data-model.md> [--out FILE] [--force]` */
import { parseArgs } from 'node:util';
import { compileDdl } from '../sql/ddl';
import { readDocument } from './document';
import { loadWorkspaceSchema } from './workspace';
import { CliError, EXIT_INPUT, EXIT_OK, EXIT_USAGE, exists, formatProblem, writeAtomically } from './io';

export const sqlUsage = `Usage: data-model sql <data-model.md> [options]
       data-model sql --workspace <folder> [options]

Compiles the document to a PostgreSQL migration: tables, constraints, indexes, the updated_at
trigger, roles, grants and row-level security. With --workspace, the whole schema of the
folder's features: each table once (with its extensions' columns), referenced tables first.

Options:
  --workspace DIR   compile every feature's data model under DIR (e.g. specs/) as one schema
  --out FILE   write the migration there (default: standard output)
  --force      replace an existing --out file`;

export async function runSql(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      workspace: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.write(`${sqlUsage}\n`);
    return EXIT_OK;
  }
  if (values.workspace === undefined ? positionals.length !== 1 : positionals.length !== 0) {
    throw new CliError(`expected one data-model document, or --workspace <folder>\n\n${sqlUsage}`, EXIT_USAGE);
  }
  const file = values.workspace ?? positionals[0]!;
  const { model } = values.workspace === undefined ? await readDocument(file) : await loadWorkspaceSchema(values.workspace, err);
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
