// `data-model migrate` as a terminal runs it: the bundled CLI in a child process. Exit codes and
// messages for data loss, unreadable documents, git revisions, usage; nothing written when refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const reference = path.join(root, 'test/fixtures/reference/label-suite-data-model.md');

function migrate(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'migrate', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A small document: `orders` with the given extra rows of its definition table. */
function documentWith(rows: string[], extraTables = ''): string {
  return [
    '# Data Model: Shop',
    '',
    '## Entity Definitions',
    '',
    '### orders',
    '',
    '| Column | Type | Nullable | Default | Description |',
    '|---|---|---|---|---|',
    '| id | SERIAL PK | No | auto | Order ID |',
    ...rows,
    '',
    extraTables,
  ].join('\n');
}

const OLD = documentWith(['| note | TEXT | Yes | — | Free text |', '| status | VARCHAR(64) | No | \'new\' | Status |']);

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'dm-migrate-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
  return folder;
}

function git(folder: string, ...args: string[]): void {
  const result = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd: folder, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

describe('data-model migrate', () => {
  it('writes the migration from another file: a new column, a wider type', () => {
    const folder = folderWith({
      'old.md': OLD,
      'new.md': documentWith(['| note | TEXT | Yes | — | Free text |', '| status | VARCHAR(128) | No | \'new\' | Status |', '| total | NUMERIC(10, 2) | Yes | — | Total |']),
    });
    const result = migrate(['new.md', '--from', 'old.md'], folder);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^SET lock_timeout = '5s';$/m);
    assert.match(result.stdout, /^SET statement_timeout = '60s';$/m);
    assert.match(result.stdout, /^ALTER TABLE orders ADD COLUMN total NUMERIC\(10, ?2\);$/m);
    assert.match(result.stdout, /^ALTER TABLE orders ALTER COLUMN status TYPE VARCHAR\(128\) USING status::VARCHAR\(128\);$/m);
    assert.ok(result.stdout.indexOf('BEGIN;') < result.stdout.indexOf('ADD COLUMN total') && result.stdout.indexOf('ADD COLUMN total') < result.stdout.indexOf('COMMIT;'));
  });

  it('refuses a migration that loses data (exit 1, what is lost, nothing written); --allow-data-loss writes it with a comment', () => {
    const folder = folderWith({ 'old.md': OLD, 'new.md': documentWith(['| status | VARCHAR(16) | No | \'new\' | Status |']) });
    const refused = migrate(['new.md', '--from', 'old.md', '--out', 'migration.sql'], folder);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /data loss: the migration drops column orders\.note \(TEXT\) and every value in it/);
    assert.match(refused.stderr, /data loss: the migration narrows column orders\.status VARCHAR\(64\) → VARCHAR\(16\): values longer than 16 characters are cut to 16/);
    assert.match(refused.stderr, /would lose data \(2 change\(s\) above\); nothing was written\. Add --allow-data-loss/);
    assert.equal(existsSync(path.join(folder, 'migration.sql')), false);

    const allowed = migrate(['new.md', '--from', 'old.md', '--out', 'migration.sql', '--allow-data-loss'], folder);
    assert.equal(allowed.code, 0, allowed.stderr);
    const sql = readFileSync(path.join(folder, 'migration.sql'), 'utf8');
    assert.match(sql, /-- DATA LOSS: drops column orders\.note \(TEXT\) and every value in it\nALTER TABLE orders DROP COLUMN note;/);
    assert.match(sql, /-- DATA LOSS: narrows column orders\.status/);
    // And an existing file is never replaced without --force.
    const again = migrate(['new.md', '--from', 'old.md', '--out', 'migration.sql', '--allow-data-loss'], folder);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /migration\.sql already exists; nothing was written \(use --force to replace it\)/);
  });

  it('a column of the same shape under a new name is a rename (rows kept); --renames never makes it a drop, refused as data loss', () => {
    const folder = folderWith({ 'old.md': OLD, 'new.md': documentWith(['| remark | TEXT | Yes | — | Free text |', '| status | VARCHAR(64) | No | \'new\' | Status |']) });
    const renamed = migrate(['new.md', '--from', 'old.md'], folder);
    assert.equal(renamed.code, 0, renamed.stderr);
    assert.match(renamed.stdout, /^ALTER TABLE orders RENAME COLUMN note TO remark;$/m);
    assert.match(renamed.stderr, /rename: column orders\.note → remark \(rows kept\)/);
    const never = migrate(['new.md', '--from', 'old.md', '--renames', 'never'], folder);
    assert.equal(never.code, 1);
    assert.match(never.stderr, /drops column orders\.note/);
    assert.match(never.stderr, /If note became remark, keep the rows with --renames detect/);
  });

  it('a document the reader cannot read cleanly: file, line and problem; nothing written', () => {
    const result = migrate([reference, '--from', reference]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /label-suite-data-model\.md:79:1: error: /);
    assert.match(result.stderr, /must read without errors before a migration is written/);
    assert.equal(result.stdout, '');
    const missing = migrate(['nope.md', '--from', reference]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.md: no such file/);
  });

  it('git: HEAD by default, a clear message for an unknown revision, everything created for a file new in git', () => {
    const folder = folderWith({ 'data-model.md': OLD });
    git(folder, 'init', '-q');
    git(folder, 'add', 'data-model.md');
    git(folder, 'commit', '-q', '-m', 'first');
    writeFileSync(path.join(folder, 'data-model.md'), documentWith(['| note | TEXT | Yes | — | Free text |', '| status | VARCHAR(64) | No | \'new\' | Status |', '| paid | BOOLEAN | No | FALSE | Paid |']));
    const head = migrate(['data-model.md'], folder);
    assert.equal(head.code, 0, head.stderr);
    assert.match(head.stdout, /^-- Migration: data-model\.md at HEAD → data-model\.md$/m);
    assert.match(head.stdout, /^ALTER TABLE orders ADD COLUMN paid BOOLEAN NOT NULL DEFAULT false;$/im);

    const unknown = migrate(['data-model.md', '--from-git', 'no-such-branch'], folder);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /git revision "no-such-branch" not found in the repository of data-model\.md/);

    writeFileSync(path.join(folder, 'other.md'), OLD);
    const created = migrate(['other.md'], folder);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stderr, /other\.md is not in HEAD: the migration creates every table/);
    assert.match(created.stdout, /^CREATE TABLE orders \($/m);

    const outside = folderWith({ 'data-model.md': OLD });
    const noRepository = migrate(['data-model.md'], outside);
    assert.equal(noRepository.code, 2);
    assert.match(noRepository.stderr, /not in a git repository: say what to migrate from/);
  });

  it('usage errors exit 2', () => {
    assert.equal(migrate([reference, '--from', reference, '--format', 'xml']).code, 2);
    assert.match(migrate([reference, '--from', reference, '--down']).stderr, /--down with --format sql needs --out FILE/);
    assert.equal(migrate([reference, '--from', reference, '--from-git', 'HEAD']).code, 2);
    assert.equal(migrate([reference, '--from', reference, '--renames', 'sometimes']).code, 2);
    assert.equal(migrate([]).code, 2);
  });

  it('--format alembic: a revision whose upgrade runs the statements and builds indexes in an autocommit block', () => {
    const withIndex = `${OLD}\n## Indexes\n\n| Index Name | Table | Columns | Type | Purpose |\n|---|---|---|---|---|\n| idx_orders_status | orders | (status) | BTREE | Find by status |\n`;
    const folder = folderWith({ 'old.md': OLD, 'new.md': withIndex });
    const result = migrate(['new.md', '--from', 'old.md', '--format', 'alembic', '--revises', 'abc123'], folder);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^down_revision = 'abc123'$/m);
    assert.match(result.stdout, /^def upgrade\(\):$/m);
    assert.match(result.stdout, /^ {4}with op\.get_context\(\)\.autocommit_block\(\):\n( {8}.*\n)* {8}op\.execute\('CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_orders_status ON orders USING btree \(status\)'\)$/m);
    assert.match(result.stdout, /^def downgrade\(\):\n(.*\n)* {8}op\.execute\('DROP INDEX CONCURRENTLY IF EXISTS idx_orders_status'\)$/m);
  });
});
