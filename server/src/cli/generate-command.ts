/** `data-model generate <spec-folder> [--domain "..."] [--out FILE] [--force] [--write-conflicts]` */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { generateDocument, type GenerateWorkspace } from '../api/generate-document';
import { loadSqlParser } from '../markdown/sql-fences';
import { scanFolder, workspaceFolderOf } from '../workspace/folder-scan';
import { WorkspaceModel } from '../workspace/workspace-model';
import { ID_TYPES, type IdType } from '../api/protocol';
import { CliError, EXIT_INPUT, EXIT_OK, EXIT_USAGE, exists, formatProblem, readInput, writeAtomically } from './io';

export const generateUsage = `Usage: data-model generate <spec-folder | spec.md> [options]

Writes data-model.md beside spec.md, from the spec's Key Entities.

When the file exists, the new generation is merged into it: your edits stay, the spec's
changes arrive. (The file remembers what generate last wrote in a hidden comment at its end.)
Where you and the spec changed the same lines, nothing is written unless you pass
--write-conflicts. A file without that comment is never replaced without --force.

In a spec-kit project (the spec folder sits in specs/), the other features' data models are
read first: tables an earlier feature defines are referenced (foreign keys to 001's users, not a
new users), named in a "Uses" section and drawn as external entities; only what is new is written.

Options:
  --no-workspace      generate alone, as if no other feature existed
  --domain TEXT       domain of the model (default: the spec's title)
  --out FILE          where to write (default: data-model.md beside spec.md; "-" for stdout)
  --force             replace an existing file with the new generation, dropping your edits
  --write-conflicts   write the merge even when it has conflicts, as conflict blocks
                      (<<<<<<< yours / ||||||| / ======= / >>>>>>>) keeping both versions
  --id-type TYPE      serial (default), identity, bigint or uuid
  --orm NAME          ORM for the header and type guidelines (default: SQLAlchemy (async))
  --roles A,B         roles for the security annotations when the spec names none
  --date YYYY-MM-DD   date for the header (default: today)`;


export async function resolveSpecFile(argument: string): Promise<string> {
  const stat = await fs.stat(argument).catch(() => undefined);
  if (!stat) throw new CliError(`${argument}: no such file or folder`);
  const specFile = stat.isDirectory() ? path.join(argument, 'spec.md') : argument;
  if (!(await exists(specFile))) throw new CliError(`${argument}: no spec.md in this folder`);
  return specFile;
}

/** The features around the spec (its `specs/` folder), keyed by absolute path; undefined outside a specs folder. */
async function workspaceOf(specFile: string, target: string | undefined, err: NodeJS.WritableStream): Promise<GenerateWorkspace | undefined> {
  const folder = workspaceFolderOf(path.resolve(specFile));
  if (path.basename(folder).toLowerCase() !== 'specs') return undefined;
  await loadSqlParser();
  const model = new WorkspaceModel();
  const { files } = await scanFolder(folder);
  for (const file of files) if (file.kind === 'data-model') model.set(file.path, file.text);
  if (model.size === 0) return undefined;
  err.write(`Read ${model.size} data model(s) of other features in ${folder}\n`);
  return { model, uri: path.resolve(target ?? path.join(path.dirname(specFile), 'data-model.md')) };
}

export async function runGenerate(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      domain: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      'write-conflicts': { type: 'boolean', default: false },
      'id-type': { type: 'string', default: 'serial' },
      orm: { type: 'string', default: 'SQLAlchemy (async)' },
      roles: { type: 'string' },
      date: { type: 'string' },
      'no-workspace': { type: 'boolean', default: false },
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
  const target = values.out === '-' ? undefined : (values.out ?? path.join(path.dirname(specFile), 'data-model.md'));
  const current = target !== undefined && !values.force && (await exists(target)) ? await readInput(target) : undefined;
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
    current,
  }, values['no-workspace'] ? undefined : await workspaceOf(specFile, target, err));
  for (const problem of response.problems) err.write(`${formatProblem(specFile, problem)}\n`);
  if (!response.markdown) throw new CliError(`${specFile}: no data model generated`);

  if (target === undefined) {
    out.write(response.markdown);
    return EXIT_OK;
  }
  const tables = `${response.tables.length} tables (${response.tables.join(', ')})`;
  const todos = response.todoCount > 0 ? `, ${response.todoCount} TODO note(s) to decide` : '';
  const regeneration = response.regeneration;
  if (regeneration === undefined) {
    // No file yet, or --force: the new generation, whole.
    await writeAtomically(target, response.markdown);
    out.write(`Wrote ${target}: ${tables}${todos}\n`);
    return EXIT_OK;
  }
  switch (regeneration.kind) {
    case 'new':
      await writeAtomically(target, regeneration.text);
      out.write(`Wrote ${target}: ${tables}${todos}\n`);
      return EXIT_OK;
    case 'unchanged':
      out.write(`${target} is already up to date\n`);
      return EXIT_OK;
    case 'unresolved':
      for (const line of regeneration.conflictLines) err.write(`${target}:${line}:1: error: conflict block not resolved yet\n`);
      throw new CliError(
        `${target} still has ${plural(regeneration.conflictLines.length, 'conflict block')} from an earlier generate; nothing was written. ` +
          'Resolve each (keep the lines you want, delete the <<<<<<< ||||||| ======= >>>>>>> lines), then run generate again.',
      );
    case 'replace':
      throw new CliError(
        `${target} already exists and differs, and ${
          regeneration.why === 'damaged' ? 'its record of what generate last wrote is damaged' : 'holds no record of what generate last wrote'
        } (the hidden comment at its end), so it cannot be merged; nothing was written (use --force to replace it, or --out FILE)`,
      );
    case 'merged': {
      const kept = regeneration.keptEdits > 0 ? `; your ${plural(regeneration.keptEdits, 'edit')} kept` : '';
      const conflicts = regeneration.conflictLines;
      if (conflicts.length === 0) {
        await writeAtomically(target, regeneration.text);
        out.write(`Merged the spec's changes into ${target}: ${tables}${todos}${kept}\n`);
        return EXIT_OK;
      }
      if (!values['write-conflicts']) {
        throw new CliError(
          `${target}: your edits and the new generation change the same lines in ${plural(conflicts.length, 'place')} ` +
            `(in the merge: line ${conflicts.join(', ')}); nothing was written. Run again with --write-conflicts to write the merge ` +
            'with conflict blocks to resolve (both versions kept), or with --force to replace the file with the new generation.',
        );
      }
      await writeAtomically(target, regeneration.text);
      for (const line of conflicts) err.write(`${target}:${line}:1: error: conflict between your edit and the new generation\n`);
      out.write(`Merged the spec's changes into ${target}${kept}, with ${plural(conflicts.length, 'conflict block')} to resolve\n`);
      return EXIT_INPUT;
    }
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
