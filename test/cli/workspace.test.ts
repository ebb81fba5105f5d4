// The CLI on a folder of features as one workspace (the bundled CLI in a child process, as CI
// runs it): lint a folder, sql/validate/erd --workspace, on test/fixtures/workspace and its variants.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { copyWorkspace, root, workspaceFixture } from '../unit/workspace-support';

const specs = path.join(workspaceFixture, 'specs');
const made: string[] = [];

function cli(args: string[], timeout = 60_000) {
  const result = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), ...args], { cwd: root, encoding: 'utf8', timeout });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function variant(name: string): string {
  const folder = copyWorkspace(name);
  made.push(folder);
  return path.join(folder, 'specs');
}

after(() => {
  for (const folder of made) rmSync(folder, { recursive: true, force: true });
});

describe('data-model on a workspace folder', () => {
  it('lint <folder> lints the features as one workspace: the fixture is clean', () => {
    const result = cli(['lint', specs]);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^4 file\(s\), 0 finding\(s\), 0 error\(s\)$/m);
    assert.equal(result.code, 0);
  });

  it('the same files given one by one are linted alone: the other features\' tables are unknown there', () => {
    const result = cli(['lint', ...['002-projects', '003-tasks'].map((feature) => path.join(specs, feature, 'data-model.md'))]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /003-tasks\/data-model\.md:\d+:1: error: USERS is in the diagram but has no definition table.*\[DM101\/entity-undefined\]/);
  });

  it('lint <folder> reports a redefinition on the later document\'s heading, and exits 1', () => {
    const folder = variant('DM701');
    const result = cli(['lint', folder, '--format', 'json']);
    assert.equal(result.code, 1);
    const findings = JSON.parse(result.stdout) as { file: string; line: number; code: string; message: string }[];
    assert.deepEqual(findings.map((f) => f.code), ['DM701']);
    assert.equal(findings[0]!.file, path.join(folder, '004-billing', 'data-model.md'));
    assert.equal(readFileSync(findings[0]!.file, 'utf8').split('\n')[findings[0]!.line - 1], '### users');
  });

  it('sql --workspace emits each table once, referenced tables first, extensions folded in', () => {
    const result = cli(['sql', '--workspace', specs]);
    assert.equal(result.code, 0, result.stderr);
    const tables = [...result.stdout.matchAll(/^CREATE TABLE (\w+)/gm)].map((m) => m[1]);
    assert.deepEqual([...tables].sort(), ['invoices', 'labels', 'projects', 'tasks', 'teams', 'users']);
    const at = (table: string) => tables.indexOf(table);
    assert.ok(at('users') < at('projects') && at('teams') < at('projects') && at('projects') < at('tasks') && at('teams') < at('invoices'));
    const users = /CREATE TABLE users \(([\s\S]*?)\n\);/.exec(result.stdout)![1]!;
    assert.match(users, /avatar_url VARCHAR\(512\)/, '002 extends users');
    assert.match(/CREATE TABLE teams \(([\s\S]*?)\n\);/.exec(result.stdout)![1]!, /billing_email VARCHAR\(255\)/, '004 extends teams');
    assert.match(result.stdout, /FOREIGN KEY \(owner_id\) REFERENCES users \(id\)/);
  });

  it('sql of one document that extends another feature\'s table refuses, pointing at --workspace', () => {
    const result = cli(['sql', path.join(specs, '002-projects/data-model.md')]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /002-projects\/data-model\.md:\d+:1: error: users extends feature 001's table: compile the features together \(data-model sql --workspace specs\/\)/);
  });

  it('sql --workspace refuses a workspace whose features disagree, naming the file and line', () => {
    const result = cli(['sql', '--workspace', variant('DM705')]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /002-projects\/data-model\.md:\d+:1: error: invoices is defined by 004-billing, which comes after/);
    assert.match(result.stderr, /nothing was compiled/);
  });

  it('a folder with no data models, and a document with --workspace, are clear errors', () => {
    const empty = cli(['lint', path.join(root, 'docs/rules')]);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /no data-model documents/);
    const both = cli(['sql', '--workspace', specs, path.join(specs, '001-accounts/data-model.md')]);
    assert.equal(both.code, 2);
  });

  it('validate --workspace applies the whole schema on the embedded PostgreSQL and rolls back', () => {
    const result = cli(['validate', '--workspace', specs], 300_000);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.match(result.stdout, /valid on embedded PostgreSQL.*all rolled back; security annotations probed as each role/);
  });

  it('erd --workspace draws every feature\'s tables in one SVG', () => {
    const folder = copyWorkspace();
    made.push(folder);
    const out = path.join(folder, 'schema.svg');
    const result = cli(['erd', '--workspace', path.join(folder, 'specs'), '--out', out], 300_000);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(out));
    const svg = readFileSync(out, 'utf8');
    for (const table of ['USERS', 'TEAMS', 'PROJECTS', 'TASKS', 'LABELS', 'INVOICES']) assert.ok(svg.includes(table), table);
  });
});
