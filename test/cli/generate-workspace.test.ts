// `data-model generate` inside a workspace: a new feature (005-comments, our own spec in
// test/fixtures/workspace-generate) beside the four-feature fixture references 001's users and
// 003's tasks instead of generating them again, extends users with what it adds, and the
// workspace then lints clean; --no-workspace generates alone.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { copyWorkspace, root } from '../unit/workspace-support';

const made: string[] = [];
function cli(args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
function workspaceWithNewFeature(): string {
  const folder = copyWorkspace();
  made.push(folder);
  cpSync(path.join(root, 'test/fixtures/workspace-generate/005-comments'), path.join(folder, 'specs/005-comments'), { recursive: true });
  return path.join(folder, 'specs');
}
after(() => {
  for (const folder of made) rmSync(folder, { recursive: true, force: true });
});

describe('data-model generate in a workspace', () => {
  it('links to the existing tables, writes only what is new, and names them in "Uses"', () => {
    const specs = workspaceWithNewFeature();
    const result = cli(['generate', path.join(specs, '005-comments'), '--date', '2026-12-01']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Read 4 data model\(s\) of other features/);
    const text = readFileSync(path.join(specs, '005-comments/data-model.md'), 'utf8');
    // No second users or tasks: comments is the only table of its own.
    assert.deepEqual([...text.matchAll(/^### (.+)$/gm)].map((m) => m[1]), ['comments', 'users (extends 001)']);
    assert.match(text, /^## Uses$/m);
    assert.match(text, /^- `users` \(001-accounts\): this feature adds `phone_number`$/m);
    assert.match(text, /^- `tasks` \(003-tasks\)$/m);
    assert.match(text, /REFERENCES users\(id\)/);
    assert.match(text, /REFERENCES tasks\(id\)/);
    // Drawn as external entities: the key only (tasks), the key-less extension (users).
    assert.match(text, /^TASKS \{\nint id PK\n\}$/m);
    // Added to a table that already has rows: nullable, with a TODO saying why.
    assert.match(text, /^\| phone_number \| VARCHAR\(32\) \| Yes \|/m);
    // The workspace with the new feature lints clean and compiles.
    const lint = cli(['lint', specs]);
    assert.equal(lint.code, 0, lint.stdout + lint.stderr);
    assert.match(lint.stderr, /^5 file\(s\), 0 finding\(s\)/m);
    const sql = cli(['sql', '--workspace', specs]);
    assert.equal(sql.code, 0, sql.stderr);
    assert.equal((sql.stdout.match(/^CREATE TABLE users /gm) ?? []).length, 1);
    assert.match(/CREATE TABLE users \(([\s\S]*?)\n\);/.exec(sql.stdout)![1]!, /phone_number VARCHAR\(32\)/);
  });

  it('--no-workspace generates the feature alone, users and tasks included', () => {
    const specs = workspaceWithNewFeature();
    const result = cli(['generate', path.join(specs, '005-comments'), '--date', '2026-12-01', '--no-workspace']);
    assert.equal(result.code, 0, result.stderr);
    const text = readFileSync(path.join(specs, '005-comments/data-model.md'), 'utf8');
    assert.ok(text.includes('### users\n'));
    assert.ok(!/^## Uses$/m.test(text));
    // …which the workspace then reports as a redefinition.
    const lint = cli(['lint', specs]);
    assert.equal(lint.code, 1);
    assert.match(lint.stdout, /005-comments\/data-model\.md:\d+:1: error: Table users is already defined by feature 001-accounts/);
  });
});
