// `data-model orm`: writes the models, never replaces a file without --force, says what is wrong
// with the command line.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runCliInProcess } from './in-process';

const reference = path.resolve(__dirname, '../fixtures/reference/label-suite-data-model.md');
const work = mkdtempSync(path.join(tmpdir(), 'orm-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('data-model orm --sqlalchemy', () => {
  it('writes the typed style by default, and the classic one when asked', async () => {
    const typed = await runCliInProcess(['orm', reference, '--sqlalchemy']);
    assert.match(typed.out, /mapped_column\(/);
    assert.doesNotMatch(typed.out, /sa\.Column\(/);
    const classic = await runCliInProcess(['orm', reference, '--sqlalchemy', '--style', 'classic']);
    assert.match(classic.out, /^ {4}username = sa\.Column\(sa\.String\(64\), nullable=False, unique=True/m);
    // The reference's foreign key to a table it does not define is said, located on its line.
    assert.match(classic.err, /label-suite-data-model\.md:\d+:1: warning: Foreign key fk_submission_task: tasks is not a table of the document/);
  });

  it('never replaces an existing --out file without --force', async () => {
    const out = path.join(work, 'models.py');
    writeFileSync(out, '# mine\n');
    const refused = await runCliInProcess(['orm', reference, '--sqlalchemy', '--out', out]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /already exists; nothing was written \(use --force to replace it\)/);
    assert.equal(readFileSync(out, 'utf8'), '# mine\n');
    const forced = await runCliInProcess(['orm', reference, '--sqlalchemy', '--out', out, '--force', '--style', 'classic']);
    assert.equal(forced.code, 0, forced.err);
    assert.match(forced.out, /Wrote .*models\.py: 3 tables \(classic style\)/);
    assert.match(readFileSync(out, 'utf8'), /^class Submission\(Base\):$/m);
  });

  it('says what is wrong with the command line (exit 2)', async () => {
    const noOrm = await runCliInProcess(['orm', reference]);
    assert.equal(noOrm.code, 2);
    assert.match(noOrm.err, /say which ORM to export for: --sqlalchemy/);
    const badStyle = await runCliInProcess(['orm', reference, '--sqlalchemy', '--style', 'dataclass']);
    assert.equal(badStyle.code, 2);
    assert.match(badStyle.err, /--style must be one of classic, typed, not "dataclass"/);
    const missing = await runCliInProcess(['orm', path.join(work, 'nope.md'), '--sqlalchemy']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /nope\.md: no such file/);
  });
});
