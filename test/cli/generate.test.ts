// `data-model generate` as a person runs it in a terminal: the bundled CLI in a child process,
// on a copy of the sample workspace so the repository is never written.
import { after, before, describe, it } from 'node:test';
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

  describe('over an existing data-model.md', () => {
    const domain = ['--domain', 'Annotation submission and scoring results', '--date', '2026-01-02'];
    const EMAIL_ROW = '| email | VARCHAR(255) UK | No | — | MEDIUM — Email address |';
    const EMAIL_ROW_EDITED = '| email | VARCHAR(320) UK | No | — | MEDIUM — Email address, RFC 5321 maximum |';
    const SCORE_ROW = '| score | DOUBLE PRECISION | Yes | NULL | Score between 0 and 1 |';
    let specFile: string;
    let specV1: string;

    /** data-model.md as generated from the original spec, then `edit`ed by hand; the spec changed. */
    function handEditThenChangeSpec(edit: (text: string) => string): string {
      writeFileSync(specFile, specV1);
      const first = run(['generate', specFolder, ...domain, '--force'], workspace);
      assert.equal(first.code, 0, first.stderr);
      const edited = edit(readFileSync(target, 'utf8'));
      writeFileSync(target, edited);
      writeFileSync(specFile, specV1.replace('a score between 0 and 1', 'a score between 0 and 100'));
      return edited;
    }

    before(() => {
      specFile = path.join(workspace, specFolder, 'spec.md');
      specV1 = readFileSync(specFile, 'utf8');
    });

    after(() => writeFileSync(specFile, specV1));

    it('merges the spec\'s changes and keeps a hand edit elsewhere', () => {
      handEditThenChangeSpec((text) => text.replace(EMAIL_ROW, EMAIL_ROW_EDITED));
      const result = run(['generate', specFolder, ...domain], workspace);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /Merged the spec's changes into .*data-model\.md: 6 tables .*; your 1 edit kept/);
      const written = readFileSync(target, 'utf8');
      assert.ok(written.includes(EMAIL_ROW_EDITED), 'the hand edit was lost');
      assert.match(written, /\| score \| DOUBLE PRECISION \| Yes \| NULL \| Score between 0 and 100 \|/);
      assert.match(written, /score <= 100\)\);/);
      // Nothing more to merge: a second run leaves the file alone.
      const again = run(['generate', specFolder, ...domain], workspace);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /already up to date/);
      assert.equal(readFileSync(target, 'utf8'), written);
    });

    it('writes nothing when a hand edit conflicts with the spec\'s change, unless --write-conflicts', () => {
      const edited = handEditThenChangeSpec((text) => text.replace(SCORE_ROW, SCORE_ROW.replace('DOUBLE PRECISION', 'NUMERIC(4,3)')));
      const refused = run(['generate', specFolder, ...domain], workspace);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /change the same lines in 1 place \(in the merge: line \d+\); nothing was written\. Run again with --write-conflicts/);
      assert.equal(readFileSync(target, 'utf8'), edited);
      assertNoStackTrace(refused.stderr);

      const written = run(['generate', specFolder, ...domain, '--write-conflicts'], workspace);
      assert.equal(written.code, 1, 'conflicts left to resolve exit 1, as git merge does');
      assert.match(written.stdout, /with 1 conflict block to resolve/);
      const text = readFileSync(target, 'utf8');
      const line = Number(/data-model\.md:(\d+):1: error: conflict/.exec(written.stderr)?.[1]);
      assert.equal(text.split('\n')[line - 1], '<<<<<<< yours', 'stderr does not point at the conflict block');
      assert.match(text, /<<<<<<< yours\n\| score \| NUMERIC\(4,3\) [^\n]+\n\|\|\|\|\|\|\| generated last time\n\| score \| DOUBLE PRECISION [^\n]+ 0 and 1 \|\n=======\n\| score \| DOUBLE PRECISION [^\n]+ 0 and 100 \|\n>>>>>>> generated now from specs\/001-annotation-scoring\/spec\.md\n/);

      // Until the block is resolved, generate refuses to merge over it.
      const blocked = run(['generate', specFolder, ...domain], workspace);
      assert.equal(blocked.code, 1);
      assert.match(blocked.stderr, new RegExp(`data-model\\.md:${line}:1: error: conflict block not resolved yet`));
      assert.equal(readFileSync(target, 'utf8'), text);
    });

    it('never replaces a file without the record of the last generation unless --force', () => {
      handEditThenChangeSpec((text) => `${text.replace(/\n<!-- data-model-generated [^\n]+\n$/, '')}\nA hand-written note.\n`);
      const handWritten = readFileSync(target, 'utf8');
      const refused = run(['generate', specFolder, ...domain], workspace);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /data-model\.md already exists and differs, and holds no record of what generate last wrote .*nothing was written \(use --force/);
      assert.equal(readFileSync(target, 'utf8'), handWritten);

      const forced = run(['generate', specFolder, ...domain, '--force'], workspace);
      assert.equal(forced.code, 0, forced.stderr);
      assert.doesNotMatch(readFileSync(target, 'utf8'), /A hand-written note/);
    });

    it('the hidden record changes nothing data-model lint reports', () => {
      writeFileSync(specFile, specV1);
      assert.equal(run(['generate', specFolder, ...domain, '--force'], workspace).code, 0);
      const withRecord = readFileSync(target, 'utf8');
      const without = path.join(workspace, specFolder, 'without-record.md');
      writeFileSync(without, withRecord.replace(/\n<!-- data-model-generated [^\n]+\n$/, ''));
      assert.notEqual(readFileSync(without, 'utf8'), withRecord);
      const lintWith = run(['lint', target, '--format', 'json'], workspace);
      const lintWithout = run(['lint', without, '--format', 'json'], workspace);
      assert.equal(lintWith.code, lintWithout.code);
      const findings = (stdout: string) =>
        JSON.stringify((JSON.parse(stdout) as Array<{ file: string }>).map(({ file: _file, ...finding }) => finding));
      assert.equal(findings(lintWith.stdout), findings(lintWithout.stdout));
    });
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
