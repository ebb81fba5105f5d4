// `data-model lint` as CI runs it: the bundled CLI in a child process.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const reference = path.join(root, 'test/fixtures/reference/label-suite-data-model.md');

function lint(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'lint', ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('data-model lint', () => {
  it('prints located findings and exits 1 when there are errors', () => {
    const result = lint([reference]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /label-suite-data-model\.md:79:1: error: .*\[DM001\/malformed-table-row\]/);
    assert.equal((result.stdout.match(/\[DM101\/entity-undefined\]/g) ?? []).length, 3);
  });

  it('--format json prints one array with 1-based positions', () => {
    const result = lint([reference, '--format', 'json']);
    const findings = JSON.parse(result.stdout) as Record<string, unknown>[];
    assert.ok(Array.isArray(findings) && findings.length > 0);
    const dm001 = findings.find((f) => f.code === 'DM001')!;
    assert.deepEqual(Object.keys(dm001).sort(), ['alias', 'code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
    assert.equal(dm001.line, 79);
    assert.equal(dm001.column, 1);
    assert.equal(dm001.alias, 'malformed-table-row');
    assert.equal(dm001.severity, 'error');
  });

  it('--format sarif prints SARIF 2.1.0 with the rules and results', () => {
    const sarif = JSON.parse(lint([reference, '--format', 'sarif']).stdout);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.ok(run.tool.driver.rules.some((rule: { id: string; name: string }) => rule.id === 'DM201' && rule.name === 'fk-missing-index'));
    const dm001 = run.results.find((r: { ruleId: string }) => r.ruleId === 'DM001');
    assert.equal(dm001.level, 'error');
    assert.equal(dm001.locations[0].physicalLocation.region.startLine, 79);
  });

  it('follows .datamodel-lint.json: a rule turned off is not reported, and warnings alone exit 0', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'dm-lint-'));
    cpSync(reference, path.join(folder, 'data-model.md'));
    writeFileSync(
      path.join(folder, '.datamodel-lint.json'),
      JSON.stringify({ rules: { DM001: 'warning', 'entity-undefined': 'off', DM302: 'warning', DM303: 'warning', DM305: 'warning' } }),
    );
    const result = lint(['data-model.md'], folder);
    assert.doesNotMatch(result.stdout, /DM101/);
    assert.match(result.stdout, /warning: .*\[DM001\/malformed-table-row\]/);
    assert.equal(result.code, 0, result.stdout);
  });

  it('expands globs, and reports a missing file as an input problem', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'dm-lint-'));
    cpSync(reference, path.join(folder, 'a.md'));
    cpSync(reference, path.join(folder, 'b.md'));
    const result = lint(['*.md', '--format', 'json'], folder);
    const files = new Set((JSON.parse(result.stdout) as { file: string }[]).map((f) => f.file));
    assert.deepEqual([...files].sort(), ['a.md', 'b.md']);
    const missing = lint(['nope.md'], folder);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.md: no such file/);
  });

  it('rejects a bad format with exit 2', () => {
    assert.equal(lint([reference, '--format', 'xml']).code, 2);
    assert.equal(lint([]).code, 2);
  });
});
