// Inline suppression comments, through the whole lint pipeline.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSuppressions } from '../../server/src/rules/suppressions';
import { fixture, lintText, ready } from './rules-support';

const ids = (text: string) => lintText(text).findings.map((f) => f.ruleId);

describe('suppression comments', () => {
  before(() => ready);
  const failing = fixture('DM401-fails.md'); // two DM401, on the last two rows of categories

  it('the fixture fires without comments', () => {
    assert.deepEqual(ids(failing), ['DM401', 'DM401']);
  });

  it('disable-file by id or alias silences the rule everywhere', () => {
    assert.deepEqual(ids(`<!-- data-model-disable-file DM401 -->\n${failing}`), []);
    assert.deepEqual(ids(`${failing}\n<!-- data-model-disable-file timestamp-without-time-zone -->\n`), []);
    assert.deepEqual(ids(`<!-- data-model-disable-file DM201 -->\n${failing}`), ['DM401', 'DM401'], 'another rule stays');
  });

  it('disable … enable covers the lines between, and only those', () => {
    // An HTML comment line ends a GFM table, so wrap the whole table instead.
    const wrapped = failing
      .replace('### categories', '<!-- data-model-disable DM401 -->\n\n### categories')
      .replace('## Indexes', '<!-- data-model-enable DM401 -->\n\n## Indexes');
    assert.deepEqual(ids(wrapped), []);
    const before = failing.replace('## Indexes', '<!-- data-model-disable DM401 -->\n\n## Indexes');
    assert.deepEqual(ids(before), ['DM401', 'DM401'], 'a disable after the findings does nothing');
  });

  it('disable with no names silences every rule; enable with no names restores them', () => {
    assert.deepEqual(ids(`<!-- data-model-disable -->\n${failing}`), []);
    assert.deepEqual(ids(`<!-- data-model-disable -->\n<!-- data-model-enable -->\n${failing}`), ['DM401', 'DM401']);
  });

  it('disable-next-line applies to the next non-blank line only', () => {
    const s = parseSuppressions(['<!-- data-model-disable-next-line DM401, DM404 -->', '', 'x', 'y']);
    assert.equal(s.isSuppressed('DM401', 2), true);
    assert.equal(s.isSuppressed('DM404', 2), true);
    assert.equal(s.isSuppressed('DM401', 3), false);
    assert.equal(s.isSuppressed('DM201', 2), false);
    const text = failing.replace('### categories', '<!-- data-model-disable-next-line DM501 -->\n### categories');
    assert.deepEqual(ids(text), ['DM401', 'DM401']);
  });

  it('works inside the mermaid fence with %% comments', () => {
    const text = fixture('DM103-fails.md').replace('int name\n', '%% data-model-disable-next-line diagram-column-mismatch\nint name\n');
    const left = lintText(text).findings.filter((f) => f.ruleId === 'DM103').map((f) => f.message);
    assert.equal(left.length, 3);
    assert.ok(!lintText(text).findings.some((f) => f.ruleId === 'DM003'), 'the reader accepts the %% comment');
    assert.ok(!left.some((m) => m.includes('projects.name differs')));
  });

  it('unknown names become DM000 findings at the name, suppress nothing, and DM000 itself cannot be silenced', () => {
    const text = `<!-- data-model-disable-file DM4O1, no-such-rule -->\n${failing}`;
    const result = lintText(text).findings;
    const unknown = result.filter((f) => f.ruleId === 'DM000');
    assert.equal(unknown.length, 2);
    assert.deepEqual(unknown[0].range, { start: { line: 0, character: 29 }, end: { line: 0, character: 34 } });
    assert.equal(result.filter((f) => f.ruleId === 'DM401').length, 2, 'a comment naming only unknown rules does not become "all rules"');
    const alone = ids(`<!-- data-model-disable-file DM000 nope -->\n`);
    assert.deepEqual(alone.filter((id) => id === 'DM000'), ['DM000'], alone.join());
  });
});
