/** `data-model generate <spec-folder> [--domain "..."] [--out FILE] [--force]` */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { generateDocument } from '../api/generate-document';
import type { IdType } from '../api/protocol';
import { CliError, EXIT_OK, EXIT_USAGE, exists, formatProblem, readInput, writeAtomically } from './io';

export const generateUsage = `Usage: data-model generate <spec-folder | spec.md> [options]

Writes data-model.md beside spec.md, from the spec's Key Entities.

Options:
  --domain TEXT       domain of the model (default: the spec's title)
  --out FILE          where to write (default: data-model.md beside spec.md; "-" for stdout)
  --force             replace an existing file (without it, an existing file is never replaced)
  --id-type TYPE      serial (default), identity, bigint or uuid
  --orm NAME          ORM for the header and type guidelines (default: SQLAlchemy (async))
  --roles A,B         roles for the security annotations when the spec names none
  --date YYYY-MM-DD   date for the header (default: today)`;

const ID_TYPES: readonly IdType[] = ['serial', 'identity', 'bigint', 'uuid'];

async function resolveSpecFile(argument: string): Promise<string> {
  const stat = await fs.stat(argument).catch(() => undefined);
  if (!stat) throw new CliError(`${argument}: no such file or folder`);
  const specFile = stat.isDirectory() ? path.join(argument, 'spec.md') : argument;
  if (!(await exists(specFile))) throw new CliError(`${argument}: no spec.md in this folder`);
  return specFile;
}

export async function runGenerate(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      domain: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      'id-type': { type: 'string', default: 'serial' },
      orm: { type: 'string', default: 'SQLAlchemy (async)' },
      roles: { type: 'string' },
      date: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.write(`${generateUsage}\n`);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new CliError(`expected one spec folder\n\n${generateUsage}`, EXIT_USAGE);
  const idType = values['id-type'] as IdType;
  if (!ID_TYPES.includes(idType)) throw new CliError(`--id-type must be one of ${ID_TYPES.join(', ')}`, EXIT_USAGE);
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) {
    throw new CliError('--date must be YYYY-MM-DD', EXIT_USAGE);
  }

  const specFile = await resolveSpecFile(positionals[0]);
  const specText = await readInput(specFile);
  const response = generateDocument({
    specText,
    specPath: path.resolve(specFile),
    domain: values.domain,
    date: values.date,
    settings: {
      idType,
      orm: values.orm ?? 'SQLAlchemy (async)',
      roles: values.roles ? values.roles.split(',').map((role) => role.trim()).filter(Boolean) : [],
    },
  });
  for (const problem of response.problems) err.write(`${formatProblem(specFile, problem)}\n`);
  if (!response.markdown) throw new CliError(`${specFile}: no data model generated`);

  if (values.out === '-') {
    out.write(response.markdown);
    return EXIT_OK;
  }
  const target = values.out ?? path.join(path.dirname(specFile), 'data-model.md');
  if (!values.force && (await exists(target))) {
    const current = await readInput(target);
    if (current === response.markdown) {
      out.write(`${target} is already up to date\n`);
      return EXIT_OK;
    }
    throw new CliError(`${target} already exists and differs; nothing was written (use --force to replace it, or --out FILE)`);
  }
  await writeAtomically(target, response.markdown);
  const todos = response.todoCount > 0 ? `, ${response.todoCount} TODO note(s) to decide` : '';
  out.write(`Wrote ${target}: ${response.tables.length} tables (${response.tables.join(', ')})${todos}\n`);
  return EXIT_OK;
}
