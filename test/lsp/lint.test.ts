// Linting over a real stdio connection: didOpen → diagnostics, code action → apply the edit →
// didChange → the diagnostic is gone; as VS Code drives the server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, DocumentSymbol, Hover, Location, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { root, startServer, type ServerUnderTest } from './server-process';

const referencePath = path.join(root, 'test/fixtures/reference/label-suite-data-model.md');
const uri = 'file:///workspace/specs/001-annotation-scoring/data-model.md';

describe('language server linting over stdio', () => {
  let server: ServerUnderTest;
  let latest = new Map<string, PublishDiagnosticsParams>();
  let waiters: ((params: PublishDiagnosticsParams) => void)[] = [];
  let document: TextDocument;

  /** The next diagnostics published for `uri` (with a time limit, so a silent server fails). */
  function nextDiagnostics(): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no diagnostics published within 10 s')), 10_000);
      waiters.push((params) => {
        clearTimeout(timer);
        resolve(params.diagnostics);
      });
    });
  }

  before(async () => {
    server = await startServer();
    server.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      if (params.uri !== uri) return;
      latest.set(params.uri, params);
      const pending = waiters;
      waiters = [];
      for (const waiter of pending) waiter(params);
    });
  });

  after(() => server.stop());

  it('publishes the reference document\'s defects with rule codes and links', async () => {
    const text = readFileSync(referencePath, 'utf8');
    document = TextDocument.create(uri, 'markdown', 1, text);
    const published = nextDiagnostics();
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    const diagnostics = await published;
    const codes = diagnostics.map((d) => String(d.code));
    assert.equal(codes.filter((code) => code === 'DM101/entity-undefined').length, 3, codes.join(', '));
    assert.ok(codes.includes('DM001/malformed-table-row'));
    assert.ok(codes.includes('DM201/fk-missing-index'));
    const dm001 = diagnostics.find((d) => d.code === 'DM001/malformed-table-row')!;
    assert.equal(dm001.range.start.line, 78, 'the users row that lost its name (line 79)');
    assert.equal(dm001.source, 'data-model');
    assert.match(dm001.codeDescription?.href ?? '', /^file:.*docs\/rules\/DM001\.md$/);
  });

  it('offers the rule\'s fix; applying it removes the diagnostic', async () => {
    const before = latest.get(uri)!.diagnostics;
    const target = before.find((d) => d.code === 'DM201/fk-missing-index')!;
    assert.ok(target, 'a DM201 diagnostic');
    const actions = await server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: target.range,
      context: { diagnostics: [target] },
    });
    const titles = actions.map((action) => action.title);
    assert.ok(titles.some((title) => /Disable DM201 for this (line|table)/.test(title)), titles.join(' | '));
    assert.ok(titles.includes('Disable DM201 for this file'));
    assert.ok(titles.some((title) => title.startsWith('Show documentation for DM201')));
    const fix = actions.find((action) => action.isPreferred);
    assert.ok(fix?.edit?.changes?.[uri], `a preferred fix among: ${titles.join(' | ')}`);

    const text = TextDocument.applyEdits(document, fix.edit.changes[uri]);
    document = TextDocument.create(uri, 'markdown', 2, text);
    const published = nextDiagnostics();
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text }],
    });
    const after = await published;
    const sameProblem = after.filter((d) => d.code === 'DM201/fk-missing-index' && d.message === target.message);
    assert.equal(sameProblem.length, 0, 'the fixed finding is gone');
    assert.equal(
      after.filter((d) => d.code === 'DM201/fk-missing-index').length,
      before.filter((d) => d.code === 'DM201/fk-missing-index').length - 1,
    );
  });

  it('disable-file comment silences a rule', async () => {
    const target = latest.get(uri)!.diagnostics.find((d) => d.code === 'DM101/entity-undefined')!;
    const actions = await server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: target.range,
      context: { diagnostics: [target] },
    });
    const disable = actions.find((action) => action.title === 'Disable DM101 for this file')!;
    const text = TextDocument.applyEdits(document, disable.edit!.changes![uri]);
    assert.match(text, /<!-- data-model-disable-file DM101 -->/);
    document = TextDocument.create(uri, 'markdown', 3, text);
    const published = nextDiagnostics();
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
    const after = await published;
    assert.equal(after.filter((d) => String(d.code).startsWith('DM101')).length, 0);
  });

  it('hovers a table name with its definition, and goes to its definition', async () => {
    const lines = document.getText().split('\n');
    const line = lines.findIndex((text) => text.startsWith('| idx_submissions_status |'));
    const character = lines[line].indexOf('submissions |') + 2;
    const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    const value = (hover?.contents as { value: string } | undefined)?.value ?? '';
    assert.match(value, /\*\*submissions\*\*/);
    assert.match(value, /\| scored_at \| TIMESTAMPTZ \| Yes \|/);
    assert.match(value, /Sensitivity\*\* Medium/);
    const definition = await server.connection.sendRequest<Location | null>('textDocument/definition', { textDocument: { uri }, position: { line, character } });
    assert.equal(lines[definition!.range.start.line], '### submissions');
    const symbols = await server.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(
      symbols.filter((symbol) => symbol.kind === 5).map((symbol) => symbol.name),
      ['users', 'dataset_answers', 'submissions'],
    );
  });

  it('clears diagnostics when the document closes', async () => {
    const published = nextDiagnostics();
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual(await published, []);
  });
});
