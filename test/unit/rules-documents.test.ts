// The linter on whole documents: the reference with its deliberate defects, the generator's
// output for the sample spec (must be clean at warning and error level), and junk.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generateFromSpec } from '../../server/src/generate';
import { writeMarkdown } from '../../server/src/markdown/writer';
import { applyAllFixes, findingsOf, lintText, ready, referencePath, sampleSpecPath } from './rules-support';

describe('the reference document', () => {
  let text: string;
  before(async () => {
    await ready;
    text = readFileSync(referencePath, 'utf8');
  });

  const messages = (id: string) => lintText(text).findings.filter((f) => f.ruleId === id).map((f) => f.message);

  it('DM101 for the three tables drawn without a definition', () => {
    const found = messages('DM101');
    assert.equal(found.length, 3);
    for (const name of ['TASKS', 'DATASETS', 'DATASET_ITEMS']) assert.ok(found.some((m) => m.startsWith(`${name} `)), name);
  });

  it('DM103 for is_active (table only) and email (diagram only, its row lost the name); updated_at is on neither side', () => {
    const found = messages('DM103');
    assert.ok(found.some((m) => m.includes('users.is_active is in the table but not in the diagram')));
    assert.ok(found.some((m) => m.includes('USERS.email is in the diagram but not in the users table')));
    assert.equal(found.length, 2);
  });

  it('DM103 for updated_at once one side has it: added to a table but not drawn', () => {
    const edited = text.replace('| created_at | TIMESTAMPTZ | No | NOW() | Account creation time |', '| created_at | TIMESTAMPTZ | No | NOW() | Account creation time |\n| updated_at | TIMESTAMPTZ | No | NOW() | |');
    assert.ok(findingsOf(edited, 'DM103').some((f) => f.message.includes('users.updated_at is in the table but not in the diagram')));
  });

  it('DM201 for submissions.user_id (second column of (task_id, user_id)) and the undeclared dataset_answers.item_id, not for task_id or dataset_id', () => {
    const found = messages('DM201');
    assert.equal(found.length, 2, found.join('\n'));
    assert.ok(found.some((m) => m.includes('submissions(user_id)')));
    assert.ok(found.some((m) => m.includes('dataset_answers(item_id)')));
    assert.ok(!found.some((m) => m.includes('(task_id)') || m.includes('(dataset_id)')));
  });

  it('DM501 for the three tables without updated_at', () => {
    const found = messages('DM501');
    assert.equal(found.length, 3);
    for (const table of ['users', 'dataset_answers', 'submissions']) assert.ok(found.some((m) => m.startsWith(`${table} lacks updated_at`)), table);
  });

  it('the reader’s DM001 for the nameless users row comes through the linter', () => {
    const found = lintText(text).findings.filter((f) => f.ruleId === 'DM001');
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 78);
  });

  it('DM106 for the FK-marked columns without constraint and the relationships nothing declares; DM303 for users rated Medium with a password hash', () => {
    const found = messages('DM106');
    assert.ok(found.some((m) => m.startsWith('dataset_answers.dataset_id is marked FK')));
    assert.ok(found.some((m) => m.startsWith('dataset_answers.item_id is marked FK')));
    assert.ok(found.some((m) => m.includes('relates DATASETS and TASKS')));
    assert.equal(found.length, 4);
    assert.deepEqual(messages('DM303'), ['users is rated Medium but holds a credential (hashed_password): rate it at least High.']);
  });

  it('exactly these rules fire (the whole tally)', () => {
    const tally: Record<string, number> = {};
    for (const finding of lintText(text).findings) tally[finding.ruleId] = (tally[finding.ruleId] ?? 0) + 1;
    assert.deepEqual(tally, { DM001: 1, DM101: 3, DM103: 2, DM106: 4, DM201: 2, DM303: 1, DM501: 3 });
  });

  it('its fixes apply and silence their rules: indexes, audit columns, declared keys', () => {
    for (const id of ['DM201', 'DM501', 'DM106', 'DM303']) {
      const { text: fixed, applied } = applyAllFixes(text, id);
      assert.ok(applied > 0, id);
      const left = findingsOf(fixed, id).map((f) => f.message);
      // Relationships to the undefined tasks/dataset_items cannot be declared by a fix.
      assert.deepEqual(left.filter((m) => !m.startsWith('The diagram relates')), [], id);
    }
    // DM501's fix also draws the columns it adds, so it does not trade the finding for a DM103.
    const { text: withAudit } = applyAllFixes(text, 'DM501');
    assert.ok(!findingsOf(withAudit, 'DM103').some((f) => f.message.includes('updated_at')));
  });
});

describe('the generated document for the sample spec', () => {
  before(() => ready);
  for (const idType of ['serial', 'identity', 'bigint', 'uuid'] as const) {
    it(`has no finding at warning or error level (idType ${idType})`, () => {
      const spec = readFileSync(sampleSpecPath, 'utf8');
      const result = generateFromSpec(spec, {
        domain: 'Annotation submission and scoring results',
        specReference: 'specs/001-annotation-scoring/spec.md',
        date: '2026-11-24',
        idType,
        orm: 'SQLAlchemy (async)',
      });
      assert.ok(result.model, 'the generator produced a model');
      const markdown = writeMarkdown(result.model);
      const serious = lintText(markdown).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(serious.map((f) => `${f.range.start.line + 1}: ${f.ruleId} ${f.message}`), []);
    });
  }
});

describe('junk', () => {
  before(() => ready);
  const inputs: [string, () => string][] = [
    ['empty text', () => ''],
    ['only whitespace', () => ' \n\n\t\r\n'],
    ['binary bytes', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 97 + 13) % 256)).toString('latin1')],
    ['NUL and lone surrogates', () => '\u0000\ud800# Data Model\n| a | b |\n|---|\n| \\| | ```\n```mermaid\nerDiagram\nX {\n'],
    ['a 5 MB document', () => {
      const table = (n: number) => `### t${n}\n\n| Column | Type | Nullable | Default | Description |\n|---|---|---|---|---|\n| id | SERIAL PK | No | auto | x |\n| owner_id | INT FK | No | — | References users.id |\n| at | TIMESTAMP | No | NOW() | |\n\n`;
      let body = '# Data Model: Big\n\n## Entity Definitions\n\n';
      for (let n = 0; body.length < 5 * 1024 * 1024; n++) body += table(n);
      return body;
    }],
    ['a table row of 200,000 pipes', () => `## Indexes\n\n${'|'.repeat(200_000)}\n`],
  ];
  for (const [name, make] of inputs) {
    it(`${name}: findings or nothing, never an exception`, () => {
      const text = make();
      const result = lintText(text);
      assert.ok(Array.isArray(result.findings));
      assert.deepEqual(result.notes, [], 'no rule threw');
      if (name === 'a 5 MB document') assert.ok(result.findings.some((f) => f.ruleId === 'DM401'));
    });
  }
});
