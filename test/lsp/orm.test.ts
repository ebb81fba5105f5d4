// `dataModel/orm` (Data Model: Export SQLAlchemy Models) over a real stdio connection: the
// module for each style, compiled by Python to prove it is Python; a refused document exports nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { OrmResponse } from '../../server/src/api/protocol';
import { root, startServer, type ServerUnderTest } from './server-process';

function generatedSample(): string {
  const result = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'generate', 'examples/label-suite/specs/001-annotation-scoring', '--out', '-'], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

/** Parses the module with Debian's Python (the one CI installs SQLAlchemy in); throws with Python's message. */
function assertPython(source: string): void {
  const parsed = spawnSync('/usr/bin/python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read(), "models.py")'], { input: source, encoding: 'utf8' });
  assert.equal(parsed.status, 0, parsed.stderr);
}

describe('dataModel/orm over stdio', () => {
  let server: ServerUnderTest;
  let sample: string;

  before(async () => {
    sample = generatedSample();
    server = await startServer();
  });

  after(() => server.stop());

  for (const style of ['typed', 'classic'] as const) {
    it(`exports the sample's tables as ${style} models`, async () => {
      const response = await server.connection.sendRequest<OrmResponse>('dataModel/orm', { text: sample, style, source: 'data-model.md' });
      assert.equal(response.refused, false);
      assert.deepEqual(response.problems, []);
      assert.equal(response.tables, 6);
      assertPython(response.python);
      assert.match(response.python, /^class User\(Base\):$/m);
      assert.match(response.python, /__tablename__ = 'dataset_answers'/);
      assert.match(response.python, /relationship\('Submission', back_populates=/);
      assert.match(response.python, /create_async_engine/);
      if (style === 'typed') assert.match(response.python, /^ {4}id: Mapped\[int\] = mapped_column\(sa\.Integer\(\), primary_key=True, autoincrement=True/m);
      else assert.match(response.python, /^ {4}id = sa\.Column\(sa\.Integer\(\), primary_key=True, autoincrement=True/m);
    });
  }

  it('refuses a document with SQL that is not allowed: no module, the cell located', async () => {
    const lines = sample.split('\n');
    const row = lines.findIndex((line) => /^\| created_at \|/.test(line));
    lines[row] = lines[row]!.replace(/NOW\(\)/i, "pg_read_file('/etc/passwd')");
    const response = await server.connection.sendRequest<OrmResponse>('dataModel/orm', { text: lines.join('\n'), style: 'classic' });
    assert.equal(response.refused, true);
    assert.equal(response.python, '');
    assert.ok(response.problems.some((p) => p.severity === 'error' && p.range.start.line === row && /pg_read_file/.test(p.message)), JSON.stringify(response.problems));
  });
});
