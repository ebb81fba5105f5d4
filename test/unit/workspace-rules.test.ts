// The workspace model and the cross-document rules on a workspace of four features
// (test/fixtures/workspace) and one variant per conflict (test/fixtures/workspace-variants).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readMarkdown } from '../../server/src/markdown/reader';
import { writeMarkdown } from '../../server/src/markdown/writer';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { lintDocument } from '../../server/src/api/lint-document';
import { lintWorkspace, lintWorkspaceDocument, WorkspaceLinter } from '../../server/src/workspace/workspace-lint';
import { doc, loadWorkspace } from './workspace-support';

before(() => loadSqlParser());

function findings(variant?: string) {
  const workspace = loadWorkspace(variant);
  return lintWorkspace(workspace).flatMap(({ uri, lint }) => lint.findings.map((finding) => ({ uri, ...finding })));
}

describe('workspace model', () => {
  it('reads the features in order: a table belongs to its first definition, extensions add columns', () => {
    const workspace = loadWorkspace();
    assert.deepEqual(workspace.documents().map((d) => d.feature.name), ['001-accounts', '002-projects', '003-tasks', '004-billing']);
    assert.equal(workspace.owner('users')?.document.feature.name, '001-accounts');
    assert.deepEqual(workspace.sections('users').map((s) => `${s.document.feature.name}:${s.kind}`), ['001-accounts:define', '002-projects:extend']);
    assert.deepEqual(workspace.columnsOf('teams').map(({ column }) => column.name), ['id', 'name', 'created_at', 'updated_at', 'billing_email']);
    assert.equal(workspace.owner('milestones'), undefined);
  });

  it('reads `### users (extends 001)` as an extension of users, and writes it back the same', () => {
    const text = loadWorkspace().get(doc('002-projects'))!.text;
    const { model } = readMarkdown(text);
    const users = model.entities.find((e) => e.name === 'users')!;
    assert.equal(users.extends, '001');
    assert.deepEqual(users.columns.map((c) => c.name), ['avatar_url']);
    assert.match(writeMarkdown(model), /^### users \(extends 001\)$/m);
  });

  it('re-reading one document names it and the documents that share a table with it, not the others', () => {
    const workspace = loadWorkspace();
    const text = workspace.get(doc('004-billing'))!.text;
    const affected = workspace.set(doc('004-billing'), text.replace('Amount due', 'Amount to pay'));
    // 004 names teams (001 defines it, 002 draws it); 003 names neither teams nor invoices.
    assert.deepEqual(affected.sort(), [doc('001-accounts'), doc('002-projects'), doc('004-billing')].sort());
    assert.ok(!affected.includes(doc('003-tasks')));
    assert.deepEqual(workspace.delete(doc('004-billing')).sort(), [doc('001-accounts'), doc('002-projects')].sort());
    // Removing the labels table: 003's spec expects it, so 003 reads differently (DM706), and nothing else does.
    const tasks = workspace.get(doc('003-tasks'))!.text;
    workspace.set(doc('001-accounts'), workspace.get(doc('001-accounts'))!.text);
    assert.deepEqual(workspace.set(doc('003-tasks'), tasks.replace(/### labels[\s\S]*?(?=## Indexes)/, '')).sort(), [doc('001-accounts'), doc('002-projects'), doc('003-tasks')].sort());
    assert.equal(workspace.get(doc('004-billing')), undefined);
  });
});

describe('cross-document lint', () => {
  it('the four-feature workspace is clean as a workspace', () => {
    assert.deepEqual(findings().map((f) => `${f.uri}: ${f.ruleId} ${f.message}`), []);
  });

  it('a document linted alone still reports what only the workspace resolves (so the workspace is what silences it)', () => {
    const workspace = loadWorkspace();
    const text = workspace.get(doc('002-projects'))!.text;
    const { model, problems } = readMarkdown(text);
    const alone = lintDocument(model, text, problems).findings.map((f) => f.ruleId);
    assert.ok(alone.includes('DM101'), alone.join(' ')); // TEAMS drawn, defined by 001: undefined when alone
    assert.ok(!alone.some((id) => id?.startsWith('DM7')));
    assert.ok(!lintWorkspaceDocument(workspace, doc('002-projects'))!.findings.some((f) => f.ruleId === 'DM101'));
  });

  const cases: { variant: string; rule: string; count: number; on: string; relatedTo: string; message: RegExp }[] = [
    { variant: 'DM701', rule: 'DM701', count: 1, on: '004-billing', relatedTo: '001-accounts', message: /users is already defined by feature 001-accounts.*email is TEXT/ },
    { variant: 'DM702', rule: 'DM702', count: 1, on: '003-tasks', relatedTo: '', message: /milestones, which no feature/ },
    { variant: 'DM703', rule: 'DM703', count: 2, on: '002-projects', relatedTo: '001-accounts', message: /rated Low here but High|"Read" here but "Own record only"/ },
    { variant: 'DM704', rule: 'DM704', count: 2, on: '004-billing', relatedTo: '', message: /already added by/ },
    { variant: 'DM705', rule: 'DM705', count: 1, on: '002-projects', relatedTo: '004-billing', message: /defined by 004-billing, which comes after/ },
    { variant: 'DM706', rule: 'DM706', count: 1, on: '003-tasks', relatedTo: '003-tasks/spec.md', message: /Key Entity "Label" has no table/ },
    { variant: 'DM707', rule: 'DM707', count: 1, on: '003-tasks', relatedTo: '003-tasks/spec.md', message: /labels\.name is unique/ },
  ];
  for (const c of cases) {
    it(`${c.variant}: ${c.count} finding(s) on ${c.on}, at the right line, and nothing else`, () => {
      const all = findings(c.variant);
      assert.deepEqual([...new Set(all.map((f) => f.ruleId))], [c.rule], all.map((f) => `${f.uri}: ${f.ruleId} ${f.message}`).join('\n'));
      assert.equal(all.length, c.count);
      const workspace = loadWorkspace(c.variant);
      for (const finding of all) {
        assert.equal(finding.uri, doc(c.on));
        assert.match(finding.message, c.message);
        const line = workspace.get(finding.uri)!.lines[finding.range.start.line]!;
        assert.ok(line.trim() !== '', `points at a line with content: ${finding.message}`);
        if (c.relatedTo) {
          assert.ok(finding.related?.some((r) => r.uri?.includes(c.relatedTo)), `related → ${c.relatedTo}`);
        }
      }
    });
  }

  it('DM701 lands on the later heading, related to the first; DM702 on the constraint line', () => {
    const workspace = loadWorkspace('DM701');
    const [finding] = lintWorkspaceDocument(workspace, doc('004-billing'))!.findings;
    assert.equal(workspace.get(doc('004-billing'))!.lines[finding!.range.start.line], '### users');
    const related = finding!.related![0]!;
    assert.equal(workspace.get(doc('001-accounts'))!.lines[related.range.start.line], '### users');
    const missing = loadWorkspace('DM702');
    const [fk] = lintWorkspaceDocument(missing, doc('003-tasks'))!.findings;
    assert.match(missing.get(doc('003-tasks'))!.lines[fk!.range.start.line]!, /fk_task_milestone/);
  });

  it('DM707 also finds an enumeration the spec states and the model does not check', () => {
    const workspace = loadWorkspace();
    const text = workspace.get(doc('003-tasks'))!.text;
    workspace.set(doc('003-tasks'), text.replace(/ALTER TABLE tasks ADD CONSTRAINT chk_task_status\nCHECK \(status IN \('todo', 'doing', 'done'\)\);\n/, ''));
    const found = lintWorkspaceDocument(workspace, doc('003-tasks'))!.findings.filter((f) => f.ruleId === 'DM707');
    assert.equal(found.length, 1, found.map((f) => f.message).join('\n'));
    assert.match(found[0]!.message, /tasks\.status \(todo, doing, done\)/);
  });

  it('a conflict appears and disappears as the documents change', () => {
    const workspace = loadWorkspace();
    const billing = workspace.get(doc('004-billing'))!.text;
    const redefined = billing.replace('## Indexes', '### users\n\n| Column | Type | Nullable | Default | Description |\n|---|---|---|---|---|\n| id | SERIAL PK | No | auto | User ID |\n\n## Indexes');
    workspace.set(doc('004-billing'), redefined);
    assert.deepEqual(lintWorkspaceDocument(workspace, doc('004-billing'))!.findings.filter((f) => f.ruleId === 'DM701').length, 1);
    workspace.delete(doc('001-accounts'));
    // Now 004 is the first to define users: no redefinition, and 002's extension of users is 004's (later): DM705.
    assert.equal(lintWorkspaceDocument(workspace, doc('004-billing'))!.findings.filter((f) => f.ruleId === 'DM701').length, 0);
    assert.ok(lintWorkspaceDocument(workspace, doc('002-projects'))!.findings.some((f) => f.ruleId === 'DM705'));
    workspace.set(doc('004-billing'), billing);
  });

  it('a dependent re-linted after another feature changed (only the rules that read the workspace re-run) gives a full lint\'s findings', () => {
    const workspace = loadWorkspace();
    const linter = new WorkspaceLinter(workspace);
    for (const document of workspace.documents()) linter.lint(document.uri);
    const accounts = workspace.get(doc('001-accounts'))!.text;
    const steps = [
      accounts.replace('### teams', '### groups').replace('| teams | Low |', '| groups | Low |'),
      accounts.replace('| High |', '| Low |'),
      accounts,
    ];
    for (const text of steps) {
      for (const uri of workspace.set(doc('001-accounts'), text)) {
        const cached = linter.lint(uri)!.findings;
        assert.deepEqual(cached, lintWorkspaceDocument(workspace, uri)!.findings, uri);
      }
    }
    // The renamed teams did reach 004 through the cached path.
    workspace.set(doc('001-accounts'), steps[0]!);
    assert.ok(linter.lint(doc('004-billing'))!.findings.some((f) => f.ruleId === 'DM705'));
  });
});
