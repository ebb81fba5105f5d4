// Lint as a user sees it: squiggles from the language server on a data-model document with
// defects, quick fixes from the light bulb, and problems that appear while typing.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor, writeText } from './helpers';
import { codeOf, describeDiagnostics, FK_INDEX_CODE, lintDiagnostics, TIMESTAMP_CODE } from './lint-diagnostics';
import { generateSampleDocument, lineOf, removeSampleDocument, replaceOnce, type SampleDocument } from './sample-document';

/** The index row Generate writes for submissions.user_id; removing it leaves that FK unindexed. */
const USER_ID_INDEX_ROW = /^\| idx_submissions_user_id \| submissions \| \(user_id\) \|/;
/** Diagnostics come from a separate server process after a debounce: seconds, not minutes. */
const DIAGNOSTICS_WAIT_MS = 20_000;

suite('Data Model: Lint', () => {
  let sample: SampleDocument;
  let document: vscode.TextDocument;

  suiteSetup(async function () {
    this.timeout(90_000);
    sample = await generateSampleDocument('901-lint-check');
    // The generated document lints clean (the CLI and unit tests check that); break it in two
    // ways a hand edit does: a TIMESTAMP column and a deleted index row.
    const lines = sample.text.split('\n');
    const broken = lines
      .filter((line) => !USER_ID_INDEX_ROW.test(line))
      .map((line) => (line.startsWith('| scored_at | TIMESTAMPTZ |') ? line.replace('TIMESTAMPTZ', 'TIMESTAMP') : line));
    assert.equal(broken.length, lines.length - 1, 'the generated document has no idx_submissions_user_id row to delete');
    assert.ok(broken.some((line) => line.startsWith('| scored_at | TIMESTAMP |')), 'the generated document has no scored_at TIMESTAMPTZ column');
    await writeText(sample.uri, broken.join('\n'));
  });

  suiteTeardown(async () => {
    await removeSampleDocument(sample);
  });

  test('shows DM401 and DM201 warnings on the broken lines when the document is opened', async () => {
    document = await vscode.workspace.openTextDocument(sample.uri);
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitFor(
      () => `${TIMESTAMP_CODE} and ${FK_INDEX_CODE} on ${vscode.workspace.asRelativePath(sample.uri)} (now: ${describeDiagnostics(lintDiagnostics(sample.uri))})`,
      () => {
        const found = lintDiagnostics(sample.uri);
        const codes = new Set(found.map(codeOf));
        return codes.has(TIMESTAMP_CODE) && codes.has(FK_INDEX_CODE) ? found : undefined;
      },
      DIAGNOSTICS_WAIT_MS,
    );
    // Exactly the two defects: the rest of the generated document is clean.
    assert.deepEqual(diagnostics.map(codeOf).sort(), [FK_INDEX_CODE, TIMESTAMP_CODE], `unexpected diagnostics: ${describeDiagnostics(diagnostics)}`);

    const [timestamp] = lintDiagnostics(sample.uri, TIMESTAMP_CODE);
    assert.equal(timestamp.range.start.line, lineOf(document, /^\| scored_at \| TIMESTAMP \|/), 'DM401 is not on the scored_at row');
    assert.equal(document.getText(timestamp.range), 'TIMESTAMP', 'DM401 does not underline the type');
    assert.equal(timestamp.severity, vscode.DiagnosticSeverity.Warning);

    const [fkIndex] = lintDiagnostics(sample.uri, FK_INDEX_CODE);
    // The submissions table's user_id row (the first user_id row below "### submissions").
    const submissions = lineOf(document, '### submissions');
    const userIdRow = document.getText().split('\n').findIndex((line, index) => index > submissions && line.startsWith('| user_id |'));
    assert.equal(fkIndex.range.start.line, userIdRow, 'DM201 is not on submissions.user_id');
    assert.match(fkIndex.message, /submissions\(user_id\)/);
  });

  test('the preferred quick fix of each warning removes it (TIMESTAMPTZ, index row added)', async () => {
    for (const code of [TIMESTAMP_CODE, FK_INDEX_CODE]) {
      const [diagnostic] = lintDiagnostics(sample.uri, code);
      assert.ok(diagnostic, `${code} is gone before its fix was applied`);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        sample.uri,
        diagnostic.range,
      );
      // The request covers only this diagnostic's range, so its fix is the one preferred action
      // (the API's converted actions do not carry their diagnostics back).
      const preferred = actions.filter((action) => action.isPreferred);
      assert.equal(preferred.length, 1, `expected one preferred quick fix for ${code}, got: ${actions.map((a) => a.title).join(' | ')}`);
      const [fix] = preferred;
      assert.ok(fix.edit, `the quick fix "${fix.title}" has no edit`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit), `VS Code refused the edit of "${fix.title}"`);
      await waitFor(() => `${code} to disappear after "${fix.title}" (now: ${describeDiagnostics(lintDiagnostics(sample.uri))})`, () => lintDiagnostics(sample.uri, code).length === 0, DIAGNOSTICS_WAIT_MS);
    }
    assert.match(document.getText(), /^\| scored_at \| TIMESTAMPTZ \|/m, 'the DM401 fix did not write TIMESTAMPTZ');
    assert.match(document.getText(), /^\| idx_submissions_user_id \| submissions \| \(user_id\) \| BTREE \|/m, 'the DM201 fix did not add the index row');
    assert.equal(lintDiagnostics(sample.uri).length, 0, `the fixed document still has: ${describeDiagnostics(lintDiagnostics(sample.uri))}`);
    // Keep the fixed text on disk, as the user would; the next test starts from a clean document.
    assert.ok(await document.save(), 'the fixed document could not be saved');
  });

  test('a defect typed into the document is flagged before saving (lint as you type)', async () => {
    assert.equal(lintDiagnostics(sample.uri).length, 0, 'needs the clean document of the previous test');
    const typed = await replaceOnce(document, '| deadline | TIMESTAMPTZ |', '| deadline | TIMESTAMP |');
    assert.ok(document.isDirty, 'the edit was saved; this test is about unsaved text');
    const [diagnostic] = await waitFor(
      `${TIMESTAMP_CODE} on the deadline row while it is unsaved`,
      () => {
        const found = lintDiagnostics(sample.uri, TIMESTAMP_CODE);
        return found.length > 0 ? found : undefined;
      },
      DIAGNOSTICS_WAIT_MS,
    );
    assert.equal(diagnostic.range.start.line, typed.start.line, 'the diagnostic is not on the edited row');
    assert.match(diagnostic.message, /tasks\.deadline/);
  });
});
