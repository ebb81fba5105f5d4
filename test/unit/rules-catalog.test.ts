// Every rule on its failing and passing fixtures (read through the real reader), and every
// quick fix applied to the text and re-read: the rule must then be quiet.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { allRules, EXTERNAL_RULE_IDS, ruleById, ruleDocPath, runRules, runRulesWithNotes } from '../../server/src/rules/index';
import { emptyModel } from '../../server/src/model/util';
import { readMarkdown } from '../../server/src/markdown/reader';
import { applyAllFixes, findingsOf, fixture, lintText, ready, root } from './rules-support';

/** Per rule: how many findings its failing fixture gives, its passing fixture, and whether every finding there has a fix. */
const CASES: { id: string; fails: number; passes: string; allFixable: boolean }[] = [
  { id: 'DM004', fails: 2, passes: 'DM004-passes.md', allFixable: false },
  { id: 'DM005', fails: 5, passes: 'DM005-passes.md', allFixable: false },
  { id: 'DM006', fails: 4, passes: 'DM006-passes.md', allFixable: false },
  { id: 'DM101', fails: 1, passes: 'clean.md', allFixable: false },
  { id: 'DM102', fails: 1, passes: 'clean.md', allFixable: true },
  { id: 'DM103', fails: 4, passes: 'clean.md', allFixable: false },
  { id: 'DM104', fails: 3, passes: 'clean.md', allFixable: false },
  { id: 'DM105', fails: 1, passes: 'DM105-passes.md', allFixable: true },
  { id: 'DM106', fails: 2, passes: 'clean.md', allFixable: true },
  { id: 'DM107', fails: 2, passes: 'DM107-passes.md', allFixable: false },
  { id: 'DM201', fails: 1, passes: 'DM201-passes.md', allFixable: true },
  { id: 'DM202', fails: 2, passes: 'DM202-passes.md', allFixable: true },
  { id: 'DM203', fails: 1, passes: 'clean.md', allFixable: true },
  { id: 'DM204', fails: 2, passes: 'DM204-passes.md', allFixable: false },
  { id: 'DM301', fails: 2, passes: 'clean.md', allFixable: false },
  { id: 'DM302', fails: 2, passes: 'DM302-passes.md', allFixable: true },
  { id: 'DM303', fails: 2, passes: 'DM303-passes.md', allFixable: true },
  { id: 'DM304', fails: 1, passes: 'DM304-passes.md', allFixable: true },
  { id: 'DM305', fails: 2, passes: 'DM305-passes.md', allFixable: false },
  { id: 'DM306', fails: 1, passes: 'clean.md', allFixable: false },
  { id: 'DM401', fails: 2, passes: 'clean.md', allFixable: true },
  { id: 'DM402', fails: 2, passes: 'DM402-passes.md', allFixable: true },
  { id: 'DM403', fails: 2, passes: 'DM403-passes.md', allFixable: true },
  { id: 'DM404', fails: 1, passes: 'clean.md', allFixable: true },
  { id: 'DM405', fails: 4, passes: 'DM405-passes.md', allFixable: true },
  { id: 'DM501', fails: 1, passes: 'clean.md', allFixable: true },
  { id: 'DM502', fails: 3, passes: 'clean.md', allFixable: true },
  { id: 'DM601', fails: 5, passes: 'DM601-passes.md', allFixable: false },
  { id: 'DM602', fails: 4, passes: 'DM602-passes.md', allFixable: true },
];

describe('rule catalog', () => {
  before(() => ready);

  it('has unique ids and aliases, the fixed catalog, and a docs page per rule', () => {
    const ids = allRules.map((rule) => rule.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(new Set(allRules.map((rule) => rule.alias)).size, allRules.length);
    // The workspace rules (DM701–DM707) are tested on test/fixtures/workspace in workspace-rules.test.ts.
    const workspaceIds = ['DM701', 'DM702', 'DM703', 'DM704', 'DM705', 'DM706', 'DM707'];
    const expected = ['DM000', 'DM001', 'DM002', 'DM003', ...CASES.map((c) => c.id), ...workspaceIds].sort();
    assert.deepEqual([...ids].sort(), expected);
    for (const rule of allRules) {
      const page = path.join(root, ruleDocPath(rule));
      assert.ok(existsSync(page), `missing ${ruleDocPath(rule)}`);
      const text = readFileSync(page, 'utf8');
      assert.match(text, new RegExp(`^# ${rule.id}/${rule.alias}\\b`), `${rule.id}: title`);
      for (const heading of ['## Why', '## Fires', '## Does not fire', '## Quick fix', '## Silencing']) {
        assert.ok(text.includes(heading), `${rule.id}: "${heading}" section`);
      }
    }
  });

  it('finds rules by id, alias, lower case and id/alias', () => {
    assert.equal(ruleById('DM201')?.alias, 'fk-missing-index');
    assert.equal(ruleById('dm201')?.id, 'DM201');
    assert.equal(ruleById('fk-missing-index')?.id, 'DM201');
    assert.equal(ruleById('DM201/fk-missing-index')?.id, 'DM201');
    assert.equal(ruleById('DM201/json-not-jsonb'), undefined);
    assert.equal(ruleById('DM999'), undefined);
    assert.equal(ruleById(''), undefined);
  });

  it('the clean fixture gives no finding at all', () => {
    const result = lintText(fixture('clean.md'));
    assert.deepEqual(result.findings.map((f) => `${f.ruleId} ${f.message}`), []);
    assert.deepEqual(result.notes, []);
  });

  for (const { id, fails, passes, allFixable } of CASES) {
    describe(id, () => {
      it(`fires ${fails} time(s) on ${id}-fails.md`, () => {
        const findings = findingsOf(fixture(`${id}-fails.md`), id);
        assert.equal(findings.length, fails, findings.map((f) => f.message).join('\n'));
        for (const finding of findings) {
          assert.ok(finding.range.start.line > 0, `${id}: a range into the document, not its start: ${finding.message}`);
        }
      });
      it(`is quiet on ${passes}`, () => {
        assert.deepEqual(findingsOf(fixture(passes), id).map((f) => f.message), []);
      });
      it(allFixable ? 'every finding has a fix, and the fixed document is clean for the rule' : 'fixes it offers remove their findings', () => {
        const text = fixture(`${id}-fails.md`);
        const before = findingsOf(text, id);
        const { text: fixed, applied } = applyAllFixes(text, id);
        assert.equal(applied, before.filter((f) => f.fix).length, 'one fix per fixable finding');
        const after = findingsOf(fixed, id);
        // The rule's declared quick fix (the rules index shows it) matches what it offers.
        const declared = ruleById(id)?.quickFix;
        // ('sometimes' may still fix every finding of a fixture that shows only the fixable cases.)
        if (!allFixable) assert.notEqual(declared, 'always', `${id} declares a fix for every finding, but its fixture has findings without one`);
        if (declared === undefined) assert.equal(applied, 0, `${id} offers fixes but declares no quickFix`);
        else assert.ok(applied > 0, `${id} declares quickFix ${declared} but offers none on its failing fixture`);
        if (allFixable) {
          assert.ok(applied > 0);
          assert.deepEqual(after.map((f) => f.message), []);
        } else {
          assert.equal(after.length, before.length - applied);
        }
        // A fix never breaks the document for the reader.
        assert.deepEqual(readMarkdown(fixed).problems.map((p) => p.message), readMarkdown(text).problems.map((p) => p.message));
      });
    });
  }

  it('points at the cell: DM401 covers exactly the type text, DM103 relates diagram and table', () => {
    const text = fixture('DM401-fails.md');
    const [finding] = findingsOf(text, 'DM401');
    const line = text.split('\n')[finding.range.start.line];
    assert.equal(line.slice(finding.range.start.character, finding.range.end.character), 'TIMESTAMP(3)');
    const mismatch = findingsOf(fixture('DM103-fails.md'), 'DM103').find((f) => f.message.includes('projects.name'))!;
    const lines = fixture('DM103-fails.md').split('\n');
    assert.equal(lines[mismatch.range.start.line], 'int name');
    assert.match(lines[mismatch.related![0].range.start.line], /^\| name \| VARCHAR\(128\)/);
  });

  it('DM005 counts bytes, not characters, and names the twin a truncated name collides with', () => {
    const findings = findingsOf(fixture('DM005-fails.md'), 'DM005');
    const cyrillic = findings.find((f) => f.message.includes('описание'))!;
    assert.match(cyrillic.message, /is 69 bytes/);
    const twins = findings.filter((f) => f.message.startsWith('The table project_membership_invitations'));
    assert.equal(twins.length, 2);
    for (const twin of twins) assert.match(twin.message, /collides with the table project_membership_invitations_awaiting_confirmation_by_the_team_(owner|members)\b/);
    // The fixed names fit, and stay distinct from every other name.
    const { text } = applyAllFixes(fixture('DM005-fails.md'), 'DM005');
    const index = /\| (idx_projects_owner_id\w+) \|/.exec(text)![1];
    assert.ok(Buffer.byteLength(index) <= 63 && index.startsWith('idx_projects_owner_id_and_name'), index);
  });

  it('DM405 fixes the diagram attribute with the column, so the fix does not trade the finding for a DM103', () => {
    const { text } = applyAllFixes(fixture('DM405-fails.md'), 'DM405');
    assert.match(text, /\| starts_at \| TIMESTAMPTZ \|/);
    assert.match(text, /\| seat_count \| INTEGER \|/);
    assert.match(text, /\| total_amount \| NUMERIC\(12,2\) \|/);
    assert.match(text, /\| due_date \| DATE \|/);
    assert.deepEqual(findingsOf(text, 'DM103').map((f) => f.message), []);
  });

  it('DM602 removes only the values that are not data, and the whole CHECK when none is left', () => {
    const text = fixture('DM602-fails.md');
    const messages = findingsOf(text, 'DM602').map((f) => f.message);
    assert.ok(messages.some((m) => m.includes("'optional' (a qualifier)")));
    assert.ok(messages.some((m) => m.includes("'etc' (a list marker)")));
    assert.ok(messages.some((m) => m.includes("'settings' (the name of the column projects.settings)")));
    const { text: fixed } = applyAllFixes(text, 'DM602');
    assert.match(fixed, /CHECK \(role IN \('member', 'admin'\)\);/);
    assert.match(fixed, /CHECK \(status IN \('active', 'archived'\)\);/);
    assert.doesNotMatch(fixed, /chk_project_passport_number|chk_project_name/);
    assert.deepEqual(readMarkdown(fixed).model.checks.map((c) => c.name), ['chk_user_role', 'chk_project_budget', 'chk_project_status']);
  });

  it('a rule that throws gives an internal note and no findings, never an exception', () => {
    const broken = { ...emptyModel(), entities: null } as unknown as ReturnType<typeof emptyModel>;
    const notes: string[] = [];
    const result = runRulesWithNotes(broken, 'x', { onInternalNote: (note) => notes.push(note.ruleId) });
    assert.ok(result.notes.length > 0);
    assert.deepEqual(notes, result.notes.map((n) => n.ruleId));
    assert.doesNotThrow(() => runRules(undefined as never, undefined as never));
  });

  it('runs only the rules asked for, and sorts findings by position', () => {
    const text = fixture('DM302-fails.md');
    const only = runRules(readMarkdown(text).model, text, { only: ['sensitive-data-exposed'] });
    assert.ok(only.length > 0 && only.every((f) => f.ruleId === 'DM302'));
    const all = runRules(readMarkdown(text).model, text);
    const positions = all.map((f) => f.range.start.line * 1e6 + f.range.start.character);
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
  });

  it('reader rules and the meta rule are registered but produce nothing themselves', () => {
    for (const id of EXTERNAL_RULE_IDS) assert.deepEqual(ruleById(id)!.check({ model: emptyModel(), lines: [] }), []);
  });
});
