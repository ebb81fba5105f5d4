// `data-model generate` as a person runs it in a terminal: the bundled CLI in a child process,
// on a copy of the sample workspace so the repository is never written.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function assertNoStackTrace(text: string) {
  assert.doesNotMatch(text, /\n\s+at .+\(.+:\d+:\d+\)/, `a stack trace was printed:\n${text}`);
}

describe('data-model generate', () => {
  let workspace: string;
  let specFolder: string;
  let target: string;

  before(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'dm-cli-'));
    // Only the specs: `npm run demo` leaves a data-model.md in the sample folder.
    cpSync(path.join(root, 'examples/label-suite'), workspace, { recursive: true, filter: (source) => !source.endsWith('data-model.md') });
    specFolder = path.join('specs', '001-annotation-scoring');
    target = path.join(workspace, specFolder, 'data-model.md');
    assert.ok(!existsSync(target), 'the copied sample has no data-model.md yet');
  });

  it('writes data-model.md beside spec.md with the six tables', () => {
    const result = run(['generate', specFolder, '--domain', 'Annotation submission and scoring results'], workspace);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Wrote .*data-model\.md: 6 tables/);
    const written = readFileSync(target, 'utf8');
    assert.ok(written.startsWith('# Data Model: Annotation submission and scoring results\n'));
    for (const table of ['users', 'datasets', 'dataset_items', 'dataset_answers', 'tasks', 'submissions']) {
      assert.match(written, new RegExp(`^### ${table}$`, 'm'), `### ${table}`);
    }
    assert.match(written, /REFERENCES users\(id\) ON DELETE RESTRICT/);
    assert.match(written, /\| dataset_answers \| CRITICAL \| NONE \|/);
  });

  it('never replaces an existing, different file without --force', () => {
    const handEdited = `${readFileSync(target, 'utf8')}\nA hand-written note.\n`;
    writeFileSync(target, handEdited);
    const result = run(['generate', specFolder, '--domain', 'Annotation submission and scoring results'], workspace);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /data-model\.md already exists and differs; nothing was written/);
    assert.equal(readFileSync(target, 'utf8'), handEdited);
  });

  it('replaces it with --force', () => {
    const result = run(['generate', specFolder, '--domain', 'Annotation submission and scoring results', '--force'], workspace);
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(readFileSync(target, 'utf8'), /A hand-written note/);
  });

  it('is deterministic: the same spec and date give the same bytes', () => {
    const args = ['generate', specFolder, '--date', '2026-01-02', '--out', '-'];
    const first = run(args, workspace);
    const second = run(args, workspace);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, second.stdout);
    assert.match(first.stdout, /\*\*Date\*\*: 2026-01-02/);
  });

  it('says which file and line when the spec has no Key Entities (exit 1)', () => {
    const folder = path.join(workspace, 'specs', '002-empty');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'spec.md'), '# Feature Specification: Empty\n\n## Requirements\n\n- **FR-001**: Nothing.\n');
    const result = run(['generate', folder], workspace);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /spec\.md:1:\d+: error: .*Key Entities/);
    assert.ok(!existsSync(path.join(folder, 'data-model.md')));
    assertNoStackTrace(result.stderr);
  });

  it('reports a missing folder as an input problem (exit 1), without a stack trace', () => {
    const result = run(['generate', 'specs/999-missing'], workspace);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /specs\/999-missing: no such file or folder/);
    assertNoStackTrace(result.stderr);
  });

  it('reports usage errors with exit 2', () => {
    assert.equal(run(['generate'], workspace).code, 2);
    assert.equal(run(['generate', specFolder, '--no-such-option'], workspace).code, 2);
    assert.equal(run(['generate', specFolder, '--id-type', 'text'], workspace).code, 2);
    assert.equal(run(['frobnicate'], workspace).code, 2);
  });
});
