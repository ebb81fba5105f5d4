// `.datamodel-lint.json` in the editor: the server reads it once, not on every lint, and reads
// it again when the client reports it created, changed or deleted (the client watches it).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { root, startServer, type ServerUnderTest } from './server-process';

const reference = readFileSync(path.join(root, 'test/fixtures/reference/label-suite-data-model.md'), 'utf8');
const FILE_CHANGED = 2;
const FILE_DELETED = 3;

describe('.datamodel-lint.json in the language server', () => {
  let server: ServerUnderTest;
  let folder: string;
  let configPath: string;
  let uri: string;
  let waiters: ((diagnostics: Diagnostic[]) => void)[] = [];

  const nextDiagnostics = () =>
    new Promise<Diagnostic[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no diagnostics published within 10 s')), 10_000);
      waiters.push((diagnostics) => {
        clearTimeout(timer);
        resolve(diagnostics);
      });
    });
  const dm201 = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'DM201/fk-missing-index');
  const notify = (type: number) =>
    server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configPath).toString(), type }] });

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'dm-lsp-config-'));
    configPath = path.join(folder, '.datamodel-lint.json');
    uri = pathToFileURL(path.join(folder, 'data-model.md')).toString();
    server = await startServer();
    server.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      if (params.uri !== uri) return;
      const pending = waiters;
      waiters = [];
      for (const waiter of pending) waiter(params.diagnostics);
    });
  });

  after(async () => {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('reports DM201 as a warning without a config file', async () => {
    const published = nextDiagnostics();
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: reference } });
    const found = dm201(await published);
    assert.ok(found.length > 0);
    assert.ok(found.every((d) => d.severity === 2));
  });

  it('turns DM201 off once the file says so and the client reports it', async () => {
    writeFileSync(configPath, JSON.stringify({ rules: { DM201: 'off' } }));
    const published = nextDiagnostics();
    await notify(FILE_CHANGED);
    assert.deepEqual(dm201(await published), []);
  });

  it('reads the file again when it changes: DM201 as an error', async () => {
    writeFileSync(configPath, JSON.stringify({ rules: { DM201: 'error' } }));
    const published = nextDiagnostics();
    await notify(FILE_CHANGED);
    const found = dm201(await published);
    assert.ok(found.length > 0 && found.every((d) => d.severity === 1), JSON.stringify(found.map((d) => d.severity)));
  });

  it('goes back to the defaults when the file is deleted', async () => {
    unlinkSync(configPath);
    const published = nextDiagnostics();
    await notify(FILE_DELETED);
    const found = dm201(await published);
    assert.ok(found.length > 0 && found.every((d) => d.severity === 2));
  });
});
