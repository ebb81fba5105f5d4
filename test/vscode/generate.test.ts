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
import { probeWebview, webviewProbeAvailable } from './webview-probe';

const PROPOSAL_SCHEME = 'data-model-proposal';
/** Lines of the document generated from the sample spec, and the spec sentence behind the score row. */
const EMAIL_ROW = '| email | VARCHAR(255) UK | No | — | MEDIUM — Email address |';
const EMAIL_ROW_EDITED = '| email | VARCHAR(320) UK | No | — | MEDIUM — Email address, edited by hand |';
const SCORE_SENTENCE = (top: number) => `a score between 0 and ${top}`;
const SCORE_ROW = (top: number) => `| score | DOUBLE PRECISION | Yes | NULL | Score between 0 and ${top} |`;
const SCORE_ROW_EDITED = (top: number) => `| score | NUMERIC(6,3) | Yes | NULL | Score between 0 and ${top} |`;

/** The workbench page itself (not a webview): the runner's probe reaches it as one more frame. */
const WORKBENCH = '.monaco-workbench';
const workbenchAttribute = (selector: string, attribute: string) =>
  probeWebview({ frame: WORKBENCH, selector, action: 'attributes', attribute });
/** The status bar items of a pending proposal (their accessible names). */
const STATUS_ACCEPT = '.statusbar-item [aria-label="Accept proposed data-model.md"]';
const STATUS_DISCARD = '.statusbar-item [aria-label="Discard proposed data-model.md"]';

/** Waits for a notification on screen whose text (its accessible name) includes `text`. */
async function notificationSaying(text: string): Promise<string> {
  let seen: string[] = [];
  return waitFor(() => `a notification saying "${text}" (on screen: ${seen.join(' | ') || 'none'})`, async () => {
    seen = await workbenchAttribute('.notifications-toasts .monaco-list-row', 'aria-label');
    return seen.find((label) => label.includes(text));
  }, 10_000);
}

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
  /** The document test 1 generated; the explorer path must write exactly this. */
  let firstGenerated: string | undefined;
  /** The document as the last test left it (each test builds on the previous one). */
  let generated: string | undefined;
  /** spec.md as the sample has it: the tests change it, and put it back. */
  let originalSpec: string;

  suiteSetup(async function () {
    this.timeout(60_000);
    const root = workspaceRoot();
    spec = vscode.Uri.joinPath(root, 'specs', '001-annotation-scoring', 'spec.md');
    dataModel = vscode.Uri.joinPath(spec, '..', 'data-model.md');
    decoyFolder = vscode.Uri.joinPath(root, 'specs', '000-ordering-check');
    decoyDataModel = vscode.Uri.joinPath(decoyFolder, 'data-model.md');
    assert.ok(await exists(spec), `the sample workspace has no ${vscode.workspace.asRelativePath(spec)}`);
    originalSpec = await readText(spec);
    // Start from a workspace without generated files, whatever the copy contained.
    await deleteIfExists(dataModel);
    await vscode.workspace.fs.copy(spec, vscode.Uri.joinPath(decoyFolder, 'spec.md'), { overwrite: true });

    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded in this VS Code`);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('dataModel.generate'), 'command dataModel.generate is not registered');
  });

  suiteTeardown(async () => {
    await writeText(spec, originalSpec);
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
    const lastLine = text.trimEnd().split('\n').pop() ?? '';
    assert.match(lastLine, /^<!-- data-model-generated v1 /, 'data-model.md does not remember what Generate wrote');
    generated = text;
    firstGenerated = text;
  });

  /** Replaces exactly one occurrence (the test is wrong, not the extension, when there is none). */
  function replaceOnce(text: string, from: string, to: string): string {
    assert.equal(text.split(from).length, 2, `expected exactly one "${from}" in the text`);
    return text.replace(from, to);
  }

  async function generateUntilProposed(): Promise<vscode.TabInputTextDiff> {
    await runCommandAnswering('dataModel.generate', [spec], 'a diff editor with the proposal', async () =>
      diffTabsWithModifiedScheme(PROPOSAL_SCHEME).length > 0,
    );
    const [diff] = diffTabsWithModifiedScheme(PROPOSAL_SCHEME);
    assert.equal(diff.original.toString(), dataModel.toString(), 'the diff\'s left side is not data-model.md on disk');
    return diff;
  }

  /** Changes spec.md on disk, and waits until an open document of it (Generate reads that
   *  first) has reloaded the change. */
  async function writeSpec(text: string): Promise<void> {
    await writeText(spec, text);
    await waitFor('the open spec.md to reload from disk', () => {
      const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === spec.toString());
      return !open || open.getText() === text;
    }, 10_000);
  }

  const tabLabels = () => vscode.window.tabGroups.activeTabGroup.tabs.map((tab) => tab.label);

  test('a hand edit survives a regeneration after the spec changed; Discard keeps the file; Accept keeps the tab and cursor', async () => {
    assert.ok(generated, 'needs the document written by the first test');
    const handEdited = replaceOnce(generated, EMAIL_ROW, EMAIL_ROW_EDITED);
    await writeText(dataModel, handEdited);
    await writeSpec(replaceOnce(originalSpec, SCORE_SENTENCE(1), SCORE_SENTENCE(100)));
    await closeAllEditors();
    await vscode.window.showTextDocument(spec, { preview: false });
    const editor = await vscode.window.showTextDocument(dataModel, { preview: false });
    const cursor = new vscode.Position(20, 3);
    editor.selection = new vscode.Selection(cursor, cursor);
    const tabsBefore = tabLabels();

    // The proposal is the merge: the hand edit and the spec's change, nothing written yet.
    let diff = await generateUntilProposed();
    let proposal = (await vscode.workspace.openTextDocument(diff.modified)).getText();
    assert.ok(proposal.includes(EMAIL_ROW_EDITED), 'the proposal lost the hand edit');
    assert.ok(!proposal.includes(EMAIL_ROW), 'the proposal put the generated row back over the hand edit');
    assert.ok(proposal.includes(SCORE_ROW(100)), 'the proposal lacks the spec\'s change');
    assert.doesNotMatch(proposal, /^<{7}/m, 'a conflict block where nothing conflicts');
    assert.equal(await readText(dataModel), handEdited, 'Generate changed the existing file instead of proposing');

    await within('dataModel.discardProposal', vscode.commands.executeCommand('dataModel.discardProposal'), 15_000);
    await waitFor('the diff editor to close after Discard', () => diffTabsWithModifiedScheme(PROPOSAL_SCHEME).length === 0, 10_000);
    assert.equal(await readText(dataModel), handEdited, 'Discard changed the file');

    await vscode.window.showTextDocument(dataModel, { preview: false });
    diff = await generateUntilProposed();
    proposal = (await vscode.workspace.openTextDocument(diff.modified)).getText();
    await within('dataModel.acceptProposal', vscode.commands.executeCommand('dataModel.acceptProposal'), 15_000);
    const accepted = await waitFor('data-model.md to change after Accept', async () => {
      const now = await readText(dataModel);
      return now !== handEdited ? now : undefined;
    }, 15_000);
    assert.equal(accepted, proposal, 'Accept did not write the proposal');
    await waitFor('the diff editor to close after Accept', () => diffTabsWithModifiedScheme(PROPOSAL_SCHEME).length === 0, 10_000);
    // Where the user was: the same tabs in the same order, data-model.md active, cursor unmoved.
    assert.deepEqual(tabLabels(), tabsBefore, 'Accept changed the tabs (closed and reopened data-model.md elsewhere?)');
    const active = vscode.window.activeTextEditor;
    assert.equal(active?.document.uri.toString(), dataModel.toString(), 'data-model.md is not the active editor after Accept');
    assert.equal(active.document.getText(), accepted, 'the open editor does not show what was written');
    assert.deepEqual(
      [active.selection.active.line, active.selection.active.character],
      [cursor.line, cursor.character],
      'Accept moved the cursor',
    );
    if (webviewProbeAvailable()) {
      await notificationSaying("Wrote specs/001-annotation-scoring/data-model.md: the spec's changes are merged, keeping your 1 edit.");
    }
    generated = accepted;
  });

  test('a hand edit of a line the spec also changes is shown as a conflict block; Accept and Discard stay reachable until used', async function () {
    assert.ok(generated, 'needs the document the previous test accepted');
    const handEdited = replaceOnce(generated, SCORE_ROW(100), SCORE_ROW_EDITED(100));
    await writeText(dataModel, handEdited);
    await writeSpec(replaceOnce(originalSpec, SCORE_SENTENCE(1), SCORE_SENTENCE(10)));
    await closeAllEditors();
    await vscode.window.showTextDocument(spec, { preview: false });

    const diff = await generateUntilProposed();
    const proposal = (await vscode.workspace.openTextDocument(diff.modified)).getText();
    const block = ['<<<<<<< yours', SCORE_ROW_EDITED(100), '||||||| generated last time', SCORE_ROW(100), '=======', SCORE_ROW(10)].join('\n');
    assert.ok(proposal.includes(block), `the proposal has no conflict block with both versions of the score row:\n${proposal.slice(0, 300)}`);
    assert.match(proposal, /^>>>>>>> generated now from specs\/001-annotation-scoring\/spec\.md$/m);
    assert.equal(await readText(dataModel), handEdited, 'Generate changed the existing file instead of proposing');

    if (webviewProbeAvailable()) {
      // The diff's title bar shows labelled buttons (text, not bare icons).
      const titleButtons = await waitFor('labelled Accept and Discard buttons in the diff\'s title bar', async () => {
        const classes = await workbenchAttribute('.editor-actions .action-label[aria-label="Accept Proposed Data Model"], .editor-actions .action-label[aria-label="Discard Proposed Data Model"]', 'class');
        return classes.length === 2 ? classes : undefined;
      }, 15_000);
      for (const classes of titleButtons) assert.doesNotMatch(classes, /codicon/, 'a title-bar button is an unlabelled icon');
    }

    // The user looks elsewhere and closes the diff: the decision is still pending and reachable.
    await closeAllEditors();
    await vscode.window.showTextDocument(spec, { preview: false });
    assert.equal(await readText(dataModel), handEdited);
    if (webviewProbeAvailable()) {
      assert.equal((await workbenchAttribute(STATUS_DISCARD, 'role')).length, 1, 'no Discard in the status bar');
      // A real click on the status bar's Accept, as a user would.
      await probeWebview({ frame: WORKBENCH, selector: STATUS_ACCEPT, action: 'click' });
    } else {
      await within('dataModel.acceptProposal', vscode.commands.executeCommand('dataModel.acceptProposal'), 15_000);
    }
    const accepted = await waitFor('data-model.md to change after Accept', async () => {
      const now = await readText(dataModel);
      return now !== handEdited ? now : undefined;
    }, 15_000);
    assert.equal(accepted, proposal, 'Accept did not write the proposal');
    if (webviewProbeAvailable()) {
      await waitFor('the status bar items to go once decided', async () => (await workbenchAttribute(STATUS_ACCEPT, 'role')).length === 0, 10_000);
    }

    // The cursor is on the conflict, and VS Code recognises the block (its merge-conflict
    // CodeLens offers "Accept Current Change" / "Accept Incoming Change" there).
    const conflictLine = accepted.split('\n').indexOf('<<<<<<< yours');
    const active = await waitFor('data-model.md to be the active editor', () =>
      vscode.window.activeTextEditor?.document.uri.toString() === dataModel.toString() ? vscode.window.activeTextEditor : undefined,
    10_000);
    assert.equal(active.selection.active.line, conflictLine, 'the cursor is not on the conflict block');
    if (webviewProbeAvailable()) {
      await notificationSaying(`Wrote specs/001-annotation-scoring/data-model.md with 1 conflict block to resolve (line ${conflictLine + 1})`);
    }
    const lenses = await waitFor('VS Code\'s conflict CodeLens on the block', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', dataModel, 10);
      const titles = (found ?? []).filter((lens) => lens.range.start.line === conflictLine).map((lens) => lens.command?.title ?? '');
      return titles.some((title) => /Accept Current Change/.test(title)) ? titles : undefined;
    }, 30_000);
    assert.ok(lenses.some((title) => /Accept Incoming Change/.test(title)), `CodeLens titles: ${lenses.join(', ')}`);
    await closeAllEditors();
  });

  test('a spec without Key Entities is reported with its file and line before anything is asked', async () => {
    const folder = vscode.Uri.joinPath(spec, '..', '..', '002-no-entities');
    const emptySpec = vscode.Uri.joinPath(folder, 'spec.md');
    await writeText(emptySpec, '# Feature Specification: Nothing yet\n\n## Requirements\n\n- **FR-001**: Something.\n');
    try {
      // Nothing answers here: had it asked for the domain, the command would not finish.
      await within('Generate on a spec without Key Entities (did it ask for the domain?)', vscode.commands.executeCommand('dataModel.generate', emptySpec), 15_000);
      assert.equal(await exists(vscode.Uri.joinPath(folder, 'data-model.md')), false);
      if (webviewProbeAvailable()) {
        const messages = await notificationSaying('Key Entities');
        assert.match(messages, /specs\/002-no-entities\/spec\.md:1: The spec has no Key Entities section/);
        assert.doesNotMatch(messages, /`/, 'the notification shows Markdown backticks');
      }
    } finally {
      await vscode.commands.executeCommand('notifications.clearAll');
      await deleteIfExists(folder);
    }
  });

  test('from the explorer (spec.md as argument) it asks only for the domain', async () => {
    await writeSpec(originalSpec);
    await deleteIfExists(dataModel);
    // No active editor: if a quick pick were shown, its first entry would be the decoy folder
    // (sorted by path), and the first Enter would generate there instead.
    await closeAllEditors();

    await runCommandAnswering('dataModel.generate', [spec], 'data-model.md to be written', async () =>
      (await exists(dataModel)) || (await exists(decoyDataModel)),
    );
    assert.equal(await exists(decoyDataModel), false, 'a quick pick was shown and chose another spec folder');
    const text = await readText(dataModel);
    assert.equal(text, firstGenerated, 'the explorer path wrote a different document than the command palette path');
    await waitFor(
      'data-model.md to be the active editor',
      () => vscode.window.activeTextEditor?.document.uri.toString() === dataModel.toString(),
      10_000,
    );
  });
});
