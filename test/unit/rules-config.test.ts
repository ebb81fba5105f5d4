// Rule levels from settings and .datamodel-lint.json, and their effect on lint().
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseLintConfigFile, resolveConfig } from '../../server/src/rules/config';
import { lint } from '../../server/src/rules/lint';
import { readMarkdown } from '../../server/src/markdown/reader';
import { fixture, ready } from './rules-support';

describe('rule configuration', () => {
  before(() => ready);

  it('starts from each rule’s default', () => {
    const { levels, messages } = resolveConfig([]);
    assert.equal(levels.get('DM201'), 'warning');
    assert.equal(levels.get('DM004'), 'error');
    assert.deepEqual(messages, []);
  });

  it('later layers win rule by rule: defaults, then settings, then the workspace file', () => {
    const file = parseLintConfigFile('{ "rules": { "fk-missing-index": "error", "DM404": "off" } }');
    assert.deepEqual(file.messages, []);
    const { levels, messages } = resolveConfig([
      { source: 'settings', rules: { DM201: 'off', DM402: 'hint', 'json-not-jsonb': 'warning' } },
      file.layer!,
    ]);
    assert.deepEqual(messages, []);
    assert.equal(levels.get('DM201'), 'error');
    assert.equal(levels.get('DM402'), 'hint');
    assert.equal(levels.get('DM404'), 'off');
  });

  it('reports unknown names, bad levels and bad shapes, and keeps going', () => {
    const { levels, messages } = resolveConfig([
      { source: 'settings', rules: { DM999: 'off', DM201: 'loud', 'DM401/timestamp-without-time-zone': 'warn', DM402: false, DM403: 2 } },
      { source: 'other', rules: ['DM201'] },
      { source: 'empty', rules: undefined },
    ]);
    assert.equal(messages.length, 3, JSON.stringify(messages));
    assert.match(messages[0].message, /"DM999" is not a rule/);
    assert.match(messages[1].message, /DM201\/fk-missing-index: "loud" is not a level/);
    assert.equal(messages[2].source, 'other');
    assert.equal(levels.get('DM201'), 'warning', 'a bad value keeps the previous level');
    assert.equal(levels.get('DM401'), 'warning');
    assert.equal(levels.get('DM402'), 'off');
    assert.equal(levels.get('DM403'), 'error');
  });

  it('a malformed workspace file is a message, not an exception', () => {
    for (const text of ['{ "rules": ', '[]', 'null', '"x"', '\uFEFF{"rules":{},"extends":"x"}']) {
      const result = parseLintConfigFile(text);
      assert.ok(result.messages.length > 0, text);
    }
    assert.match(parseLintConfigFile('{ nope').messages[0].message, /Not valid JSON/);
  });

  it('lint applies the levels: off drops findings, others set their severity', () => {
    const text = fixture('DM401-fails.md');
    const { model, problems } = readMarkdown(text);
    assert.deepEqual(lint(model, text, problems, { levels: resolveConfig([{ source: 's', rules: { DM401: 'off' } }]).levels }).findings, []);
    const raised = lint(model, text, problems, { levels: resolveConfig([{ source: 's', rules: { DM401: 'error' } }]).levels });
    assert.deepEqual(raised.findings.map((f) => f.severity), ['error', 'error']);
  });
});
