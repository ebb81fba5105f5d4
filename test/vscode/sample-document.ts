// A data-model document for the feature suites (lint, ERD preview, validate), made the way a
// user makes one: "Data Model: Generate" on the sample spec. Each suite gets its own spec
// folder, so no suite depends on another having run first or on what another left behind.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, deleteIfExists, exists, readText, runCommandAnswering } from './helpers';

/** The sample spec every suite starts from (label-suite: six Key Entities). */
const SAMPLE_SPEC = ['specs', '001-annotation-scoring', 'spec.md'];

/** The six tables Generate writes for the sample spec, as `### name` headings. */
export const SAMPLE_TABLES = ['users', 'datasets', 'dataset_items', 'dataset_answers', 'tasks', 'submissions'] as const;

export interface SampleDocument {
  /** specs/<folder>/: delete it in suiteTeardown. */
  folder: vscode.Uri;
  uri: vscode.Uri;
  /** The text Generate wrote. */
  text: string;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'VS Code was started without a workspace folder (the runner passes the sample workspace)');
  return folder.uri;
}

/**
 * Copies the sample spec to specs/<folderName>/ and runs Generate on it with the spec as
 * argument (the explorer path: only the domain is asked, answered with Enter). Leaves no
 * editor open, so each suite opens the document itself.
 */
export async function generateSampleDocument(folderName: string): Promise<SampleDocument> {
  const root = workspaceRoot();
  const sample = vscode.Uri.joinPath(root, ...SAMPLE_SPEC);
  assert.ok(await exists(sample), `the sample workspace has no ${SAMPLE_SPEC.join('/')}`);
  const folder = vscode.Uri.joinPath(root, 'specs', folderName);
  await deleteIfExists(folder);
  const spec = vscode.Uri.joinPath(folder, 'spec.md');
  await vscode.workspace.fs.copy(sample, spec, { overwrite: true });
  const uri = vscode.Uri.joinPath(folder, 'data-model.md');

  await runCommandAnswering('dataModel.generate', [spec], `${vscode.workspace.asRelativePath(uri)} to be written`, () => exists(uri));
  const text = await readText(uri);
  const tables = (text.match(/^### (.+)$/gm) ?? []).map((heading) => heading.slice(4));
  assert.deepEqual(tables, [...SAMPLE_TABLES], 'Generate did not write the six sample tables');
  await closeAllEditors();
  return { folder, uri, text };
}

/** Zero-based line of the first line equal to `line` (after trimming); fails when absent. */
export function lineOf(document: vscode.TextDocument, line: string | RegExp): number {
  for (let index = 0; index < document.lineCount; index++) {
    const text = document.lineAt(index).text;
    if (typeof line === 'string' ? text.trim() === line : line.test(text)) return index;
  }
  assert.fail(`${vscode.workspace.asRelativePath(document.uri)} has no line ${String(line)}`);
}

/** Replaces `from` (which must occur exactly once) with `to` in the open document, unsaved, as typing does. */
export async function replaceOnce(document: vscode.TextDocument, from: string, to: string): Promise<vscode.Range> {
  const text = document.getText();
  const at = text.indexOf(from);
  assert.ok(at >= 0, `the document has no "${from}"`);
  assert.equal(text.indexOf(from, at + 1), -1, `"${from}" occurs more than once in the document`);
  const range = new vscode.Range(document.positionAt(at), document.positionAt(at + from.length));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, range, to);
  assert.ok(await vscode.workspace.applyEdit(edit), `VS Code refused the edit "${from}" → "${to}"`);
  return new vscode.Range(range.start, document.positionAt(at + to.length));
}

/** Throws away unsaved edits everywhere, then closes every editor (a dirty editor would ask to save). */
export async function revertAndCloseAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && document.uri.scheme === 'file') {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await closeAllEditors();
}

export async function removeSampleDocument(sample: SampleDocument | undefined): Promise<void> {
  await revertAndCloseAll();
  if (sample) await deleteIfExists(sample.folder);
}
