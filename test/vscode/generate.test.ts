// "Data Model: Generate" as a user runs it, inside a real VS Code, on a temporary copy of the
// label-suite sample workspace (the runner makes the copy; nothing here touches the repo).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './extension-id';
import {
  closeAllEditors,
  deleteIfExists,
  diffTabsWithModifiedScheme,
  exists,
  readText,
  runCommandAnswering,
  waitFor,
  within,
  writeText,
} from './helpers';

const PROPOSAL_SCHEME = 'data-model-proposal';
const HAND_EDIT_MARKER = '<!-- hand edit by the in-VS Code test -->';

function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'VS Code was started without a workspace folder (the runner passes the sample workspace)');
  return folder.uri;
}

suite('Data Model: Generate', () => {
  let spec: vscode.Uri;
  let dataModel: vscode.Uri;
  /** A second spec folder that sorts before the real one. A quick pick that ignored the active
   *  editor, or one shown when it should not be, would pick it: the tests check that nothing is
   *  ever written there. */
  let decoyFolder: vscode.Uri;
  let decoyDataModel: vscode.Uri;
  /** The document test 1 generated; later runs of Generate must propose exactly this. */
  let generated: string | undefined;

  suiteSetup(async function () {
    this.timeout(60_000);
    const root = workspaceRoot();
    spec = vscode.Uri.joinPath(root, 'specs', '001-annotation-scoring', 'spec.md');
    dataModel = vscode.Uri.joinPath(spec, '..', 'data-model.md');
    decoyFolder = vscode.Uri.joinPath(root, 'specs', '000-ordering-check');
    decoyDataModel = vscode.Uri.joinPath(decoyFolder, 'data-model.md');
    assert.ok(await exists(spec), `the sample workspace has no ${vscode.workspace.asRelativePath(spec)}`);
    // Start from a workspace without generated files, whatever the copy contained.
    await deleteIfExists(dataModel);
    await vscode.workspace.fs.copy(spec, vscode.Uri.joinPath(decoyFolder, 'spec.md'), { overwrite: true });

    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded in this VS Code`);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('dataModel.generate'), 'command dataModel.generate is not registered');
  });

  suiteTeardown(async () => {
    await deleteIfExists(decoyFolder);
  });

  test('asks for the spec folder (active editor first) and the domain, then writes and opens data-model.md', async () => {
    const editor = await vscode.window.showTextDocument(spec);
    assert.equal(editor.document.uri.toString(), spec.toString());

    await runCommandAnswering('dataModel.generate', [], 'data-model.md to be written', () => exists(dataModel));

    const text = await readText(dataModel);
    assert.match(text, /^# Data Model:/, 'data-model.md does not start with "# Data Model:"');
    for (const table of ['users', 'submissions', 'dataset_answers']) {
      assert.match(text, new RegExp(`^### ${table}$`, 'm'), `data-model.md has no "### ${table}" table`);
    }
    const tables = text.match(/^### .+$/gm) ?? [];
    assert.equal(tables.length, 6, `expected 6 "### " tables (one per Key Entity), found: ${tables.join(', ')}`);
    assert.equal(await exists(decoyDataModel), false, 'the quick pick did not offer the active editor\'s spec first');

    await waitFor(
      'data-model.md to be the active editor',
      () => vscode.window.activeTextEditor?.document.uri.toString() === dataModel.toString(),
      10_000,
    );
    generated = text;
  });

  test('never overwrites an existing file: proposes a diff, Discard keeps the hand edit, Accept writes the proposal', async () => {
    assert.ok(generated, 'needs the document written by the previous test');
    const handEdited = `${generated}\n${HAND_EDIT_MARKER}\n`;
    await writeText(dataModel, handEdited);
    await closeAllEditors();

    // Generate again: a diff against the proposal, nothing written.
    await vscode.window.showTextDocument(spec);
    await runCommandAnswering('dataModel.generate', [], 'a diff editor with the proposal', async () =>
      diffTabsWithModifiedScheme(PROPOSAL_SCHEME).length > 0,
    );
    const [diff] = diffTabsWithModifiedScheme(PROPOSAL_SCHEME);
    assert.equal(diff.original.toString(), dataModel.toString(), 'the diff\'s left side is not data-model.md on disk');
    assert.equal(await readText(dataModel), handEdited, 'Generate changed the existing file instead of proposing');
    const proposal = (await vscode.workspace.openTextDocument(diff.modified)).getText();
    assert.equal(proposal, generated, 'the proposal differs from what Generate wrote for the same spec');

    // Discard: the file stays as the user left it, the diff closes.
    await within('dataModel.discardProposal', vscode.commands.executeCommand('dataModel.discardProposal'), 15_000);
    await waitFor('the diff editor to close after Discard', () => diffTabsWithModifiedScheme(PROPOSAL_SCHEME).length === 0, 10_000);
    assert.equal(await readText(dataModel), handEdited, 'Discard changed the file');

    // Generate once more and Accept: the file becomes the proposal.
    await runCommandAnswering('dataModel.generate', [], 'a diff editor with the proposal', async () =>
      diffTabsWithModifiedScheme(PROPOSAL_SCHEME).length > 0,
    );
    assert.equal(await readText(dataModel), handEdited, 'Generate changed the existing file instead of proposing');
    await within('dataModel.acceptProposal', vscode.commands.executeCommand('dataModel.acceptProposal'), 15_000);
    const accepted = await waitFor('data-model.md to change after Accept', async () => {
      const now = await readText(dataModel);
      return now !== handEdited ? now : undefined;
    }, 15_000);
    assert.ok(!accepted.includes(HAND_EDIT_MARKER), 'Accept kept the hand edit');
    assert.equal(accepted, generated, 'Accept did not write the proposal');
    await waitFor('the diff editor to close after Accept', () => diffTabsWithModifiedScheme(PROPOSAL_SCHEME).length === 0, 10_000);
    assert.equal(await exists(decoyDataModel), false, 'a data-model.md was written in the wrong spec folder');
  });

  test('from the explorer (spec.md as argument) it asks only for the domain', async () => {
    await deleteIfExists(dataModel);
    // No active editor: if a quick pick were shown, its first entry would be the decoy folder
    // (sorted by path), and the first Enter would generate there instead.
    await closeAllEditors();

    await runCommandAnswering('dataModel.generate', [spec], 'data-model.md to be written', async () =>
      (await exists(dataModel)) || (await exists(decoyDataModel)),
    );
    assert.equal(await exists(decoyDataModel), false, 'a quick pick was shown and chose another spec folder');
    const text = await readText(dataModel);
    assert.equal(text, generated, 'the explorer path wrote a different document than the command palette path');
    await waitFor(
      'data-model.md to be the active editor',
      () => vscode.window.activeTextEditor?.document.uri.toString() === dataModel.toString(),
      10_000,
    );
  });
});
