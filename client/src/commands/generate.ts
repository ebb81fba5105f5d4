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
import { describeFileError, openDocument, readText, readTextIfExists, writeTextAtomically } from '../files';
import type { ProposalStore } from './proposals';

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
function locate(spec: vscode.Uri, problem: Problem): string {
  return `${vscode.workspace.asRelativePath(spec)}:${problem.range.start.line + 1}: ${problem.message}`;
}

async function showProblems(spec: vscode.Uri, errors: Problem[]): Promise<void> {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  const answer = await vscode.window.showErrorMessage(`${locate(spec, first)}${more}`, 'Open Spec');
  if (answer === 'Open Spec') {
    const start = new vscode.Position(first.range.start.line, first.range.start.character);
    await vscode.window.showTextDocument(spec, { selection: new vscode.Range(start, start) });
  }
}

export async function generateCommand(deps: GenerateDependencies, argument?: unknown): Promise<void> {
  const spec = await resolveSpec(argument);
  if (!spec) return;

  let specText: string;
  try {
    // An open editor may hold edits not yet saved: generate from what the user sees.
    specText = openDocument(spec)?.getText() ?? (await readText(spec));
  } catch (error) {
    void vscode.window.showErrorMessage(describeFileError(spec, 'read', error));
    return;
  }

  const { title } = await deps.client.sendRequest<SpecTitleResponse>(SpecTitleRequestMethod, { specText });
  const domain = await vscode.window.showInputBox({
    title: 'Data Model: Generate',
    prompt: 'Domain of the data model: it titles the document and selects the entities it covers',
    value: title ?? '',
    placeHolder: 'Annotation submission and scoring results',
    validateInput: (value) => (value.trim() ? undefined : 'Enter a domain, for example "Annotation submission and scoring results".'),
  });
  if (domain === undefined) return;

  const target = vscode.Uri.joinPath(spec, '..', OUTPUT_FILE);
  const params: GenerateParams = {
    specText,
    specPath: vscode.workspace.asRelativePath(spec, false),
    domain,
    settings: readSettings(spec),
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
    await showProblems(spec, errors.length > 0 ? errors : response.problems);
    return;
  }

  let existing: string | undefined;
  try {
    existing = await readTextIfExists(target);
  } catch (error) {
    void vscode.window.showErrorMessage(describeFileError(target, 'read', error));
    return;
  }
  if (existing === response.markdown) {
    await vscode.window.showTextDocument(target, { preview: false });
    void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(target)} is already up to date.`);
    return;
  }
  if (existing !== undefined) {
    await deps.proposals.propose(target, response.markdown, existing);
    return;
  }

  try {
    await writeTextAtomically(target, response.markdown);
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
    return;
  }
  await vscode.window.showTextDocument(target, { preview: false });
  const todos = response.todoCount > 0 ? `; ${response.todoCount} TODO note(s) need a decision` : '';
  void vscode.window.showInformationMessage(
    `Wrote ${vscode.workspace.asRelativePath(target)}: ${response.tables.length} tables${todos}.`,
  );
}
