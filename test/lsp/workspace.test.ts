// The workspace over a real stdio connection: the server reads the four-feature workspace at
// start, and cross-document findings appear and disappear as documents are edited in the editor
// (unsaved), changed, created and deleted on disk — on the document they concern, with related
// information pointing at the other feature's document.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { startServer, type ServerUnderTest } from './server-process';
import { copyWorkspace, variantsFixture } from '../unit/workspace-support';

describe('language server: the workspace of several features', () => {
  let server: ServerUnderTest;
  let folder: string;
  const latest = new Map<string, Diagnostic[]>();
  let listeners: (() => void)[] = [];

  const file = (feature: string) => path.join(folder, 'specs', feature, 'data-model.md');
  const uri = (feature: string) => pathToFileURL(file(feature)).toString();
  const codes = (feature: string) => (latest.get(uri(feature)) ?? []).map((d) => String(d.code).split('/')[0]);

  /** Waits until the published diagnostics satisfy `condition` (10 s limit, so a silent server fails). */
  function until(what: string, condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for: ${what}; latest: ${JSON.stringify([...latest].map(([u, d]) => [path.basename(path.dirname(u)), d.map((x) => x.code)]))}`)), 10_000);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        listeners = listeners.filter((l) => l !== check);
        resolve();
      };
      listeners.push(check);
    });
  }

  function watched(changes: { feature: string; type: 1 | 2 | 3 }[]): Promise<void> {
    return server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: uri(c.feature), type: c.type })) });
  }

  before(async () => {
    folder = copyWorkspace();
    server = await startServer({}, [folder]);
    server.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      latest.set(params.uri, params.diagnostics);
      for (const listener of [...listeners]) listener();
    });
  });

  after(async () => {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('an unsaved edit that redefines 001\'s users gives DM701 on that line, related to 001; undoing it clears it', async () => {
    const original = readFileSync(file('004-billing'), 'utf8');
    const redefined = original.replace('## Indexes', '### users\n\n| Column | Type | Nullable | Default | Description |\n|---|---|---|---|---|\n| id | SERIAL PK | No | auto | User ID |\n| email | TEXT | No | — | Email |\n\n## Indexes');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('004-billing'), languageId: 'markdown', version: 1, text: redefined } });
    await until('DM701 on 004', () => codes('004-billing').includes('DM701'));
    const finding = latest.get(uri('004-billing'))!.find((d) => String(d.code).startsWith('DM701'))!;
    assert.equal(redefined.split('\n')[finding.range.start.line], '### users');
    assert.equal(finding.relatedInformation?.[0]?.location.uri, uri('001-accounts'));
    assert.equal(readFileSync(file('001-accounts'), 'utf8').split('\n')[finding.relatedInformation![0]!.location.range.start.line], '### users');
    // The foreign key to 001's teams is not "unknown" in the workspace (the bare section's own gaps are reported, DM301…).
    assert.ok(!codes('004-billing').some((code) => code === 'DM104' || code === 'DM702'), codes('004-billing').join(' '));

    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri('004-billing'), version: 2 }, contentChanges: [{ text: original }] });
    await until('004 clean again', () => codes('004-billing').length === 0);
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('004-billing') } });
  });

  it('a file changed on disk (not open) is re-read: DM702 appears on it, and goes when the file is restored', async () => {
    const original = readFileSync(file('003-tasks'), 'utf8');
    writeFileSync(file('003-tasks'), readFileSync(path.join(variantsFixture, 'DM702/specs/003-tasks/data-model.md'), 'utf8'));
    await watched([{ feature: '003-tasks', type: 2 }]);
    await until('DM702 on 003', () => codes('003-tasks').includes('DM702'));
    writeFileSync(file('003-tasks'), original);
    await watched([{ feature: '003-tasks', type: 2 }]);
    await until('003 clean again', () => codes('003-tasks').length === 0);
  });

  it('deleting 001 on disk makes its dependents report; creating it again clears them', async () => {
    const accounts = readFileSync(file('001-accounts'), 'utf8');
    rmSync(file('001-accounts'));
    await watched([{ feature: '001-accounts', type: 3 }]);
    // 002 extends users (now defined nowhere) and 004 extends teams; 003 draws USERS, now defined nowhere.
    await until('DM705 on 002 and 004', () => codes('002-projects').includes('DM705') && codes('004-billing').includes('DM705'));
    await until('DM101 on 003', () => codes('003-tasks').includes('DM101'));
    writeFileSync(file('001-accounts'), accounts);
    await watched([{ feature: '001-accounts', type: 1 }]);
    await until('all clean again', () => ['002-projects', '003-tasks', '004-billing'].every((feature) => codes(feature).length === 0));
  });

  it('an unsaved edit in 001 reaches the closed documents that depend on it; closing without saving restores them', async () => {
    const accounts = readFileSync(file('001-accounts'), 'utf8');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('001-accounts'), languageId: 'markdown', version: 1, text: accounts } });
    // Renaming teams to groups in the editor: 004's extension of teams has no table to extend any more.
    const renamed = accounts.replace('### teams', '### groups').replace('| teams | Low |', '| groups | Low |').replace('TEAMS {', 'GROUPS {');
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri('001-accounts'), version: 2 }, contentChanges: [{ text: renamed }] });
    await until('DM705 on 004', () => codes('004-billing').includes('DM705'));
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('001-accounts') } });
    await until('004 clean again', () => codes('004-billing').length === 0);
  });

  it('hover names the defining feature and those extending or using a table; go to definition opens the defining feature', async () => {
    const text = readFileSync(file('003-tasks'), 'utf8');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('003-tasks'), languageId: 'markdown', version: 1, text } });
    const line = text.split('\n').findIndex((row) => /REFERENCES users\(id\)/.test(row));
    const position = { line, character: text.split('\n')[line]!.indexOf('users') + 1 };
    const hover = await server.connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uri('003-tasks') }, position });
    assert.match(hover.contents.value, /Defined by feature \*\*001-accounts\*\*/);
    assert.match(hover.contents.value, /extended by 002-projects/);
    assert.match(hover.contents.value, /used by 003-tasks/);
    assert.match(hover.contents.value, /\| avatar_url \| VARCHAR\(512\)/, "the extension's column is part of the table");
    const definition = await server.connection.sendRequest<{ uri: string; range: { start: { line: number } } }>('textDocument/definition', { textDocument: { uri: uri('003-tasks') }, position });
    assert.equal(definition.uri, uri('001-accounts'));
    assert.equal(readFileSync(file('001-accounts'), 'utf8').split('\n')[definition.range.start.line], '### users');
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uri('003-tasks') } });
  });

  it('workspace symbols list every feature\'s tables, extensions named as such', async () => {
    const symbols = await server.connection.sendRequest<{ name: string; containerName: string; location: { uri: string } }[]>('workspace/symbol', { query: 'user' });
    assert.deepEqual(symbols.map((s) => `${s.containerName}: ${s.name}`), ['001-accounts: users', '002-projects: users (extends 001)']);
    assert.equal(symbols[0]!.location.uri, uri('001-accounts'));
  });
});
