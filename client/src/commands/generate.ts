/**
 * Data Model: Generate — pick a spec folder, confirm the domain, ask the server for the
 * document, and write `data-model.md` beside `spec.md` (or propose it, when one exists).
 */
import * as vscode from 'vscode';
import type { ServerClient } from '../server-client';
import {
  GenerateRequestMethod,
  SpecTitleRequestMethod,
  type GenerateParams,
  type GenerateResponse,
  type GenerateSettings,
  type IdType,
  type SpecTitleResponse,
} from '../../../server/src/api/protocol';
import type { Problem } from '../../../server/src/model/types';
import { conflictOpeningLines } from '../../../server/src/regenerate/conflict-blocks';
import type { Regeneration } from '../../../server/src/regenerate/regenerate';
import { describeFileError, openDocument, readText, readTextIfExists, writeTextAtomically } from '../files';
import { plainText } from '../plain-text';
import type { ProposalMessages, ProposalStore } from './proposals';

const SPEC_FILE = 'spec.md';
const OUTPUT_FILE = 'data-model.md';

export interface GenerateDependencies {
  client: ServerClient;
  proposals: ProposalStore;
}

/** Settings for generation, read for the spec's folder (resource scope). */
function readSettings(scope: vscode.Uri): GenerateSettings {
  const config = vscode.workspace.getConfiguration('dataModel.generate', scope);
  return {
    idType: config.get<IdType>('idType', 'serial'),
    roles: config.get<string[]>('roles', []),
    orm: config.get<string>('orm', 'SQLAlchemy (async)'),
  };
}

async function isFile(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

/** The spec.md the user means: the explorer's selection, or one picked from `specs/*`. */
async function resolveSpec(argument: unknown): Promise<vscode.Uri | undefined> {
  if (argument instanceof vscode.Uri) {
    const candidate = argument.path.endsWith(`/${SPEC_FILE}`) ? argument : vscode.Uri.joinPath(argument, SPEC_FILE);
    if (await isFile(candidate)) return candidate;
    void vscode.window.showErrorMessage(`No ${SPEC_FILE} at ${candidate.fsPath}.`);
    return undefined;
  }
  return pickSpec();
}

async function pickSpec(): Promise<vscode.Uri | undefined> {
  const specs = await vscode.workspace.findFiles(`**/specs/*/${SPEC_FILE}`, '**/node_modules/**');
  if (specs.length === 0) {
    void vscode.window.showErrorMessage(
      `No specs/<feature>/${SPEC_FILE} in this workspace. Data Model: Generate reads the Key Entities of a spec-kit spec.`,
    );
    return undefined;
  }
  const activeFolder = vscode.window.activeTextEditor
    ? vscode.Uri.joinPath(vscode.window.activeTextEditor.document.uri, '..').toString()
    : undefined;
  const folderOf = (spec: vscode.Uri) => vscode.Uri.joinPath(spec, '..');
  const sorted = [...specs].sort((a, b) => {
    const aActive = folderOf(a).toString() === activeFolder ? 0 : 1;
    const bActive = folderOf(b).toString() === activeFolder ? 0 : 1;
    return aActive - bActive || a.path.localeCompare(b.path);
  });
  const items = sorted.map((spec) => ({
    label: folderOf(spec).path.slice(folderOf(spec).path.lastIndexOf('/') + 1),
    description: vscode.workspace.asRelativePath(spec),
    spec,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Data Model: Generate',
    placeHolder: 'Spec folder to write data-model.md for',
    matchOnDescription: true,
  });
  return picked?.spec;
}

/** `specs/001-x/spec.md:12: message` — the format people can click in terminals too. */
function locate(file: vscode.Uri, line: number, message: string): string {
  return `${vscode.workspace.asRelativePath(file)}:${line + 1}: ${plainText(message)}`;
}

/** An error naming the file and line, with a button that opens the file there. */
async function showLocatedError(file: vscode.Uri, line: number, message: string, more = ''): Promise<void> {
  const open = `Open ${file.path.slice(file.path.lastIndexOf('/') + 1)}`;
  const answer = await vscode.window.showErrorMessage(`${locate(file, line, message)}${more}`, open);
  if (answer === open) {
    const start = new vscode.Position(line, 0);
    await vscode.window.showTextDocument(file, { selection: new vscode.Range(start, start), preview: false });
  }
}

async function showProblems(spec: vscode.Uri, errors: Problem[]): Promise<void> {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  await showLocatedError(spec, first.range.start.line, first.message, more);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function lineList(lines: number[]): string {
  return `line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}`;
}

/** What the user reads about a proposal over an existing file. */
function proposalMessages(target: vscode.Uri, regeneration: Extract<Regeneration, { kind: 'merged' | 'replace' }>, tables: number): ProposalMessages {
  const where = vscode.workspace.asRelativePath(target);
  if (regeneration.kind === 'replace') {
    const why =
      regeneration.why === 'damaged'
        ? 'its record of what Generate last wrote (the hidden comment at its end) is damaged'
        : 'it has no record of what Generate last wrote (written by hand, or by an older version)';
    return {
      review: `${where} cannot be merged with the new generation: ${why}. The proposal replaces the whole file; review the diff. Nothing is written unless you accept.`,
      written: `Replaced ${where} with the new generation: ${plural(tables, 'table')}.`,
      conflictLines: [],
    };
  }
  const kept = regeneration.keptEdits > 0 ? `, keeping your ${plural(regeneration.keptEdits, 'edit')}` : '';
  const conflicts = regeneration.conflictLines;
  if (conflicts.length === 0) {
    return {
      review: `Generate merged the spec's changes into ${where}${kept}. Review the diff; nothing is written unless you accept.`,
      written: `Wrote ${where}: the spec's changes are merged${kept}.`,
      conflictLines: [],
    };
  }
  return {
    review:
      `Your edits and the new generation change the same lines in ${plural(conflicts.length, 'place')}: the proposal shows ` +
      `${conflicts.length === 1 ? 'it as a conflict block' : 'them as conflict blocks'} (${lineList(conflicts)}), the rest is merged${kept}. ` +
      `Accept writes ${where} with the conflict blocks for you to resolve there; Discard keeps your file as it is.`,
    written:
      `Wrote ${where} with ${plural(conflicts.length, 'conflict block')} to resolve (${lineList(conflicts)}): above each, ` +
      'choose Accept Current Change (yours) or Accept Incoming Change (generated now), then save.',
    conflictLines: conflicts,
  };
}

export async function generateCommand(deps: GenerateDependencies, argument?: unknown): Promise<void> {
  const spec = await resolveSpec(argument);
  if (!spec) return;
  const target = vscode.Uri.joinPath(spec, '..', OUTPUT_FILE);
  const targetName = vscode.workspace.asRelativePath(target);

  let specText: string;
  try {
    // An open editor may hold edits not yet saved: generate from what the user sees.
    specText = openDocument(spec)?.getText() ?? (await readText(spec));
  } catch (error) {
    void vscode.window.showErrorMessage(describeFileError(spec, 'read', error));
    return;
  }

  // Everything that would stop Generate is checked before the user is asked anything.
  const checked = await deps.client.sendRequest<SpecTitleResponse>(SpecTitleRequestMethod, { specText });
  if (checked.problems && checked.problems.length > 0) {
    void showProblems(spec, checked.problems); // not awaited: the command ends, the message stays
    return;
  }
  if (openDocument(target)?.isDirty) {
    void vscode.window.showWarningMessage(
      `${targetName} has unsaved changes. Save them, then run Data Model: Generate again: your edits are merged with the new generation.`,
    );
    return;
  }
  let existing: string | undefined;
  try {
    existing = await readTextIfExists(target);
  } catch (error) {
    void vscode.window.showErrorMessage(describeFileError(target, 'read', error));
    return;
  }
  const unresolved = existing === undefined ? [] : conflictOpeningLines(existing);
  if (unresolved.length > 0) {
    void showLocatedError(
      target,
      unresolved[0] - 1,
      `a conflict block from the last Generate is not resolved yet${unresolved.length > 1 ? ` (and ${unresolved.length - 1} more)` : ''}. ` +
        'Keep the lines you want, delete the marker lines, save, then run Generate again.',
    );
    return;
  }

  const domain = await vscode.window.showInputBox({
    title: 'Data Model: Generate',
    prompt: 'Domain of the data model: it titles the document and selects the entities it covers',
    value: checked.title ?? '',
    placeHolder: 'Annotation submission and scoring results',
    validateInput: (value) => (value.trim() ? undefined : 'Enter a domain, for example "Annotation submission and scoring results".'),
  });
  if (domain === undefined) return;

  const params: GenerateParams = {
    specText,
    specPath: vscode.workspace.asRelativePath(spec, false),
    domain,
    settings: readSettings(spec),
    current: existing,
  };
  const response = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Generating ${OUTPUT_FILE}`, cancellable: true },
    (progress, token) => {
      progress.report({ message: `from ${vscode.workspace.asRelativePath(spec)}` });
      return deps.client.sendRequest<GenerateResponse>(GenerateRequestMethod, params, token);
    },
  );

  const errors = response.problems.filter((problem) => problem.severity === 'error');
  if (!response.markdown || errors.length > 0) {
    void showProblems(spec, errors.length > 0 ? errors : response.problems);
    return;
  }

  const regeneration: Regeneration = response.regeneration ?? { kind: 'new', text: response.markdown };
  switch (regeneration.kind) {
    case 'unchanged':
      await vscode.window.showTextDocument(target, { preview: false });
      void vscode.window.showInformationMessage(`${targetName} is already up to date.`);
      return;
    case 'unresolved': // the file changed between the check above and now
      void showLocatedError(target, regeneration.conflictLines[0] - 1, 'a conflict block is not resolved yet; resolve it, then run Generate again.');
      return;
    case 'merged':
    case 'replace':
      await deps.proposals.propose(target, regeneration.text, existing ?? '', proposalMessages(target, regeneration, response.tables.length));
      return;
    case 'new':
      break;
  }

  try {
    await writeTextAtomically(target, regeneration.text);
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
    return;
  }
  await vscode.window.showTextDocument(target, { preview: false });
  const todos = response.todoCount > 0 ? `; ${response.todoCount} TODO note(s) need a decision` : '';
  void vscode.window.showInformationMessage(`Wrote ${targetName}: ${plural(response.tables.length, 'table')}${todos}.`);
}
