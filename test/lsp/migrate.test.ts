// `dataModel/migrate` over a real stdio connection to the bundled server: the editor's text
// against git HEAD, rename candidates offered and decided, data loss said, unknown repository refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { MigrateResponse } from '../../server/src/api/protocol';
import { startServer, type ServerUnderTest } from './server-process';

const table = (rows: string[]) =>
  ['# Data Model: Shop', '', '## Entity Definitions', '', '### orders', '', '| Column | Type | Nullable | Default | Description |', '|---|---|---|---|---|', '| id | SERIAL PK | No | auto | ID |', ...rows, ''].join('\n');
const COMMITTED = table(['| note | TEXT | Yes | — | Note |']);

describe('dataModel/migrate over stdio', () => {
  let server: ServerUnderTest;
  let file: string;

  before(async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'dm-lsp-migrate-'));
    file = path.join(folder, 'data-model.md');
    writeFileSync(file, COMMITTED);
    for (const args of [['init', '-q'], ['add', 'data-model.md'], ['commit', '-q', '-m', 'first']]) {
      const result = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: folder, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
    }
    server = await startServer();
  });
  after(() => server.stop());

  it('the unsaved text against HEAD: a rename offered, and taken or refused as the client decides', async () => {
    const text = table(['| remark | TEXT | Yes | — | Note |', '| total | INT | Yes | — | Total |']);
    const first = await server.connection.sendRequest<MigrateResponse>('dataModel/migrate', { text, path: file });
    assert.equal(first.refused, false);
    assert.equal(first.from, 'data-model.md at HEAD');
    assert.deepEqual(first.renameCandidates.map((c) => c.id), ['column:orders.note->remark']);
    assert.match(first.sql, /^ALTER TABLE orders RENAME COLUMN note TO remark;$/m);
    assert.match(first.sql, /^ALTER TABLE orders ADD COLUMN total INT(EGER)?;$/im);
    assert.deepEqual(first.dataLoss, []);

    const dropped = await server.connection.sendRequest<MigrateResponse>('dataModel/migrate', { text, path: file, decisions: { 'column:orders.note->remark': false } });
    assert.deepEqual(dropped.dataLoss, ['drops column orders.note (TEXT) and every value in it']);
    assert.match(dropped.sql, /-- DATA LOSS: drops column orders\.note/);
  });

  it('a file outside any git repository is refused with a message for the user', async () => {
    const outside = path.join(mkdtempSync(path.join(tmpdir(), 'dm-lsp-nogit-')), 'data-model.md');
    await assert.rejects(server.connection.sendRequest('dataModel/migrate', { text: COMMITTED, path: outside }), /is not in a git repository/);
  });
});
