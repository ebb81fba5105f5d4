// "Data Model: Validate against PostgreSQL" as a user runs it with no database configured:
// the embedded PostgreSQL (PGlite, in a child process of the language server) applies the document's DDL and
// rolls it back; what PostgreSQL rejects becomes an error on the document's line.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ValidateResponse } from '../../server/src/api/protocol';
import { waitFor, within } from './helpers';
import { probeWebview, webviewProbeAvailable, WORKBENCH_FRAME } from './webview-probe';
import { generateSampleDocument, lineOf, removeSampleDocument, replaceOnce, type SampleDocument } from './sample-document';

const DATABASE_SOURCE = 'data-model (database)';
/** A cold PGlite start (no cached data directory yet) takes about 10 s on 2 cores; the DDL and
 *  the security probes a few more. Generous, but a hang still fails the test. */
const VALIDATE_LIMIT_MS = 90_000;

function databaseDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === DATABASE_SOURCE);
}

async function validate(uri: vscode.Uri): Promise<ValidateResponse> {
  const response = await within(
    'dataModel.validate did not finish',
    vscode.commands.executeCommand<ValidateResponse | undefined>('dataModel.validate', uri),
    VALIDATE_LIMIT_MS,
  );
  // undefined: the command failed before PostgreSQL answered (its error is a notification).
  assert.ok(response, 'dataModel.validate returned nothing (an error notification probably says why: see the screenshot)');
  return response;
}

suite('Data Model: Validate against PostgreSQL (embedded)', () => {
  let sample: SampleDocument;
  let document: vscode.TextDocument;

  suiteSetup(async function () {
    this.timeout(90_000);
    // Empty means the embedded PostgreSQL; a URL left in the user's settings would send the
    // test to a server this machine may not have.
    const url = vscode.workspace.getConfiguration('dataModel.database').inspect<string>('url');
    assert.ok(!url?.globalValue && !url?.workspaceValue && !url?.workspaceFolderValue, 'dataModel.database.url is set; these tests need it empty');
    sample = await generateSampleDocument('903-validate-check');
    document = await vscode.workspace.openTextDocument(sample.uri);
    await vscode.window.showTextDocument(document);
  });

  suiteTeardown(async () => {
    await removeSampleDocument(sample);
  });

  test('the generated document is valid: every statement applies, no database problem is left', async function () {
    this.timeout(VALIDATE_LIMIT_MS + 10_000);
    const response = await validate(sample.uri);
    const errors = response.problems.filter((problem) => problem.severity === 'error');
    assert.deepEqual(errors.map((problem) => problem.message), [], 'PostgreSQL rejected the generated document');
    assert.equal(response.ok, true, 'the response is not ok although no error was reported');
    assert.ok(response.statementsApplied >= 40, `only ${response.statementsApplied} statements were applied`);
    assert.match(response.database, /PGlite/, `validated on ${response.database}, not the embedded PostgreSQL`);
    const left = databaseDiagnostics(sample.uri).filter((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(left.map((diagnostic) => diagnostic.message), [], 'database errors are shown for a valid document');
  });

  test('"Show details" on the result opens the Data Model output channel with the full report', async function () {
    // The notification and the Output panel are workbench DOM: only the code-server host, whose
    // runner drives the browser, can click and read them.
    if (!webviewProbeAvailable()) this.skip();
    this.timeout(VALIDATE_LIMIT_MS + 40_000);
    const response = await validate(sample.uri);
    assert.equal(response.ok, true);
    // The short message of this run, then its button (a real click through the browser).
    const toast = '.notifications-toasts .monaco-list-row';
    let labels: string[] = [];
    await waitFor(() => `the validation result notification (on screen: ${labels.join(' | ') || 'none'})`, async () => {
      labels = await probeWebview({ frame: WORKBENCH_FRAME, selector: toast, action: 'attributes', attribute: 'aria-label' });
      return labels.some((label) => label.includes(`Valid on ${response.database}`));
    }, 20_000);
    await probeWebview({ frame: WORKBENCH_FRAME, selector: `${toast}:has-text("Valid on") .monaco-button:has-text("Show details")`, action: 'click' });
    // The report's verdict line, as `data-model validate` prints it, in the Output panel (which
    // wraps it over several screen lines, keeping the spaces: compare the panel's text as one string).
    const verdict = `valid on ${response.database}: ${response.statementsApplied} statements applied`;
    let shown = '';
    await waitFor(() => `the Output panel to show "${verdict}" (it shows: …${shown.slice(-300) || 'nothing'})`, async () => {
      const lines = await probeWebview({ frame: WORKBENCH_FRAME, selector: '.part.panel .view-line', action: 'text' });
      shown = lines.join('').replace(/\s+/g, ' ');
      return shown.includes(verdict);
    }, 20_000);
    assert.ok(shown.includes('security annotations probed as each role'), 'the report does not say the security annotations were probed');
  });

  test('a foreign key to a missing table is an error on its statement, and an edit clears it', async function () {
    this.timeout(VALIDATE_LIMIT_MS + 20_000);
    // The constraint in the ```sql fence: "ALTER TABLE submissions ADD CONSTRAINT fk_submission_user"
    // then "FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE RESTRICT;".
    const edited = await replaceOnce(
      document,
      'FOREIGN KEY (user_id) REFERENCES users(id)',
      'FOREIGN KEY (user_id) REFERENCES nobody(id)',
    );
    const statementStart = lineOf(document, 'ALTER TABLE submissions ADD CONSTRAINT fk_submission_user');
    assert.equal(statementStart, edited.start.line - 1, 'the FOREIGN KEY line does not follow its ALTER TABLE line');

    const response = await validate(sample.uri);
    assert.equal(response.ok, false, 'a foreign key to a missing table was accepted');
    const diagnostic = await waitFor(
      `an error from ${DATABASE_SOURCE} mentioning "nobody"`,
      () =>
        databaseDiagnostics(sample.uri).find(
          (candidate) => candidate.severity === vscode.DiagnosticSeverity.Error && /nobody/.test(candidate.message),
        ),
      10_000,
    );
    // The server places a failed statement at its first line.
    assert.ok(
      diagnostic.range.start.line >= statementStart && diagnostic.range.start.line <= edited.start.line,
      `the error is on line ${diagnostic.range.start.line + 1}, not on the statement (lines ${statementStart + 1}-${edited.start.line + 1})`,
    );
    assert.match(diagnostic.message, /fk_submission_user/, 'the error does not name the constraint');

    // What PostgreSQL said was about the text it saw: editing the document makes it stale.
    await replaceOnce(document, 'REFERENCES nobody(id)', 'REFERENCES users(id)');
    await waitFor('the database errors to be cleared by an edit', () => databaseDiagnostics(sample.uri).length === 0, 10_000);
  });
});
