// A killed language server (out of memory, killed by the OS or by hand): the client starts a
// new one and the user keeps working. Unsaved edits made before the crash are linted by the new
// server, and edits made after it are linted as they are typed.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { waitFor } from './helpers';
import { codeOf, FK_INDEX_CODE, lintDiagnostics, TIMESTAMP_CODE } from './lint-diagnostics';
import { generateSampleDocument, removeSampleDocument, replaceOnce, type SampleDocument } from './sample-document';

const DIAGNOSTICS_WAIT_MS = 30_000;
/** The bundle the client starts the server from (language-client.ts). */
const SERVER_BUNDLE = /dist[\\/]server\.js/;

/**
 * The language server's process id. These tests run inside the extension host, which is the
 * process the language client forks the server from, so the server is one of our children.
 */
function languageServerPids(): number[] {
  const output = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return output
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && SERVER_BUNDLE.test(match[2]!))
    .map((match) => Number(match[1]));
}

function lintCodes(uri: vscode.Uri): string[] {
  return lintDiagnostics(uri).map(codeOf);
}

suite('Data Model: Language server restart', () => {
  let sample: SampleDocument;

  suiteSetup(async function () {
    this.timeout(90_000);
    sample = await generateSampleDocument('903-server-restart');
  });

  suiteTeardown(async () => {
    await removeSampleDocument(sample);
  });

  test('after the language server is killed a new one starts, and linting goes on with the unsaved text', async function () {
    this.timeout(120_000);
    const document = await vscode.workspace.openTextDocument(sample.uri);
    await vscode.window.showTextDocument(document);
    // An unsaved edit the server sees before the crash.
    await replaceOnce(document, '| scored_at | TIMESTAMPTZ |', '| scored_at | TIMESTAMP |');
    await waitFor(() => `${TIMESTAMP_CODE} before the crash (now: ${lintCodes(sample.uri).join(', ') || 'none'})`, () => lintCodes(sample.uri).includes(TIMESTAMP_CODE), DIAGNOSTICS_WAIT_MS);

    const [killed, ...others] = languageServerPids();
    assert.ok(killed, `no ${SERVER_BUNDLE} process under the extension host (pid ${process.pid})`);
    assert.deepEqual(others, [], 'more than one language server is running');
    process.kill(killed, 'SIGKILL');

    const restarted = await waitFor(
      'a new language server process',
      () => {
        const pids = languageServerPids();
        return pids.length === 1 && pids[0] !== killed ? pids[0] : undefined;
      },
      DIAGNOSTICS_WAIT_MS,
    );
    assert.notEqual(restarted, killed);

    // Typing after the crash: delete the index row of submissions.user_id (a DM201 defect).
    const indexRow = document.getText().split('\n').find((line) => line.startsWith('| idx_submissions_user_id | submissions |'));
    assert.ok(indexRow, 'the generated document has no idx_submissions_user_id row');
    await replaceOnce(document, `${indexRow}\n`, '');
    const codes = await waitFor(
      () => `${FK_INDEX_CODE} and ${TIMESTAMP_CODE} from the new server (now: ${lintCodes(sample.uri).join(', ') || 'none'})`,
      () => {
        const found = lintCodes(sample.uri);
        return found.includes(FK_INDEX_CODE) && found.includes(TIMESTAMP_CODE) ? found : undefined;
      },
      DIAGNOSTICS_WAIT_MS,
    );
    assert.deepEqual(codes.sort(), [FK_INDEX_CODE, TIMESTAMP_CODE]);
    // The edits are still in the editor, unsaved: nothing the user typed was lost.
    assert.ok(document.isDirty, 'the document is no longer dirty');
    assert.match(document.getText(), /\| scored_at \| TIMESTAMP \|/);
  });
});
