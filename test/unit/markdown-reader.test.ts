/**
 * The Markdown reader on the reference documents, on the flattened copy, and on input it
 * cannot understand.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { readMarkdown } from '../../server/src/markdown/reader';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { writeMarkdown } from '../../server/src/markdown/writer';
import type { DataModel, Problem } from '../../server/src/model/types';
import { stripRanges } from '../../server/src/model/util';
import { featureModel } from './markdown-models';

const REFERENCE_DIR = path.join(__dirname, '..', 'fixtures', 'reference');
const reference = readFileSync(path.join(REFERENCE_DIR, 'label-suite-data-model.md'), 'utf8');
const flattened = readFileSync(path.join(REFERENCE_DIR, 'data-model-command.md'), 'utf8');
const referenceLines = reference.split('\n');
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'markdown');

function withCode(problems: Problem[], code: string): Problem[] {
  return problems.filter((problem) => problem.code === code);
}

before(async () => {
  await loadSqlParser();
});

describe('reading label-suite-data-model.md', () => {
  let model: DataModel;
  let problems: Problem[];
  before(() => {
    ({ model, problems } = readMarkdown(reference));
  });

  it('reads the header', () => {
    const { range, ...header } = model.header;
    assert.deepEqual(header, {
      domain: 'Annotation Submission and Scoring Results',
      database: 'PostgreSQL',
      orm: 'SQLAlchemy (async)',
      date: '2026-11-24',
      specReference: 'specs/001-annotation-scoring/spec.md',
    });
    assert.deepEqual(range, { start: { line: 0, character: 0 }, end: { line: 4, character: referenceLines[4]!.length } });
  });

  it('reads the six diagram entities and six relationships with their cardinalities', () => {
    assert.deepEqual(
      model.diagram.entities.map((entity) => [entity.name, entity.attributes.length]),
      [['USERS', 6], ['TASKS', 8], ['DATASETS', 5], ['DATASET_ITEMS', 4], ['DATASET_ANSWERS', 5], ['SUBMISSIONS', 10]],
    );
    const users = model.diagram.entities[0]!;
    assert.deepEqual(stripRanges(users.attributes[1]), { type: 'string', name: 'username', keys: ['UK'] });
    assert.deepEqual(users.range, { start: { line: 12, character: 0 }, end: { line: 19, character: 1 } });
    assert.deepEqual(
      model.diagram.relationships.map((r) => `${r.left} ${r.leftCardinality} ${r.identifying ? '--' : '..'} ${r.rightCardinality} ${r.right} : ${r.label}`),
      [
        'USERS exactly-one -- zero-or-more SUBMISSIONS : submits',
        'TASKS exactly-one -- zero-or-more SUBMISSIONS : receives',
        'DATASETS exactly-one -- zero-or-more TASKS : used by',
        'DATASETS exactly-one -- zero-or-more DATASET_ITEMS : contains',
        'DATASETS exactly-one -- zero-or-more DATASET_ANSWERS : has answers',
        'DATASET_ITEMS exactly-one -- exactly-one DATASET_ANSWERS : answered by',
      ],
    );
    assert.equal(model.diagram.relationships[5]!.range!.start.line, 67);
    assert.deepEqual(model.diagram.range, { start: { line: 10, character: 0 }, end: { line: 68, character: 3 } });
  });

  it('reads three definition tables; the users row without a name is DM001 at its line and skipped', () => {
    assert.deepEqual(model.entities.map((entity) => [entity.name, entity.columns.length]), [
      ['users', 6],
      ['dataset_answers', 5],
      ['submissions', 10],
    ]);
    const users = model.entities[0]!;
    assert.deepEqual(users.columns.map((column) => column.name), ['id', 'username', 'hashed_password', 'role', 'is_active', 'created_at']);
    assert.deepEqual(users.headingRange, { start: { line: 72, character: 0 }, end: { line: 72, character: 9 } });
    const dm001 = withCode(problems, 'DM001');
    assert.equal(dm001.length, 1);
    // The brief says line 73; the row is on file line 79, i.e. 0-based line 78.
    assert.equal(dm001[0]!.range.start.line, 78);
    assert.match(dm001[0]!.message, /VARCHAR\(255\) UK/);
    assert.deepEqual(problems.filter((problem) => problem.code !== 'DM001'), []);
  });

  it('reads column types, keys, nullability, defaults and sensitivity prefixes', () => {
    const users = model.entities[0]!;
    assert.deepEqual(stripRanges(users.columns[0]), {
      name: 'id', type: 'SERIAL', nullable: false, default: 'auto', description: 'User ID', primaryKey: true, unique: false, foreignKey: false,
    });
    assert.deepEqual(stripRanges(users.columns[1]), {
      name: 'username', type: 'VARCHAR(64)', nullable: false, description: 'Unique username', primaryKey: false, unique: true, foreignKey: false,
    });
    assert.equal(users.columns[1]!.default, undefined);
    assert.deepEqual(users.columns[1]!.range, { start: { line: 77, character: 0 }, end: { line: 77, character: referenceLines[77]!.length } });
    assert.ok(referenceLines[77]!.startsWith('| username |'));
    const answers = model.entities[1]!;
    assert.equal(answers.columns[1]!.foreignKey, true);
    assert.equal(answers.columns[3]!.sensitivity, 'High');
    assert.equal(answers.columns[3]!.description, 'gold label / reference answer');
    assert.equal(answers.columns[4]!.description, '');
    const score = model.entities[2]!.columns.find((column) => column.name === 'score')!;
    assert.equal(score.nullable, true);
    assert.equal(score.default, 'NULL');
  });

  it('reads the security note of dataset_answers', () => {
    assert.equal(
      model.entities[1]!.securityNote,
      '`dataset_answers` is accessible ONLY to Celery workers and administrators. Annotator-role DB users and API responses must NEVER expose this table.',
    );
    assert.deepEqual(model.entities[1]!.notes, []);
    assert.equal(model.entities[0]!.securityNote, undefined);
  });

  it('reads the five indexes, including score DESC', () => {
    assert.deepEqual(model.indexes.map((index) => index.name), [
      'idx_submissions_task_user', 'idx_submissions_status', 'idx_submissions_score', 'idx_dataset_answers_dataset', 'idx_users_role',
    ]);
    assert.deepEqual(stripRanges(model.indexes[2]), {
      name: 'idx_submissions_score', table: 'submissions', columns: [{ name: 'task_id' }, { name: 'score', direction: 'DESC' }],
      method: 'BTREE', unique: false, purpose: 'Ranking queries',
    });
  });

  it('reads two RESTRICT foreign keys and three checks with their exact text, located on their lines', () => {
    assert.deepEqual(stripRanges(model.foreignKeys), [
      { name: 'fk_submission_task', table: 'submissions', columns: ['task_id'], refTable: 'tasks', refColumns: ['id'], onDelete: 'RESTRICT' },
      { name: 'fk_submission_user', table: 'submissions', columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'RESTRICT' },
    ]);
    assert.deepEqual(model.foreignKeys[1]!.range, { start: { line: 128, character: 0 }, end: { line: 129, character: 62 } });
    assert.deepEqual(stripRanges(model.checks), [
      { name: 'chk_user_role', table: 'users', expression: "role IN ('annotator', 'administrator')" },
      { name: 'chk_submission_status', table: 'submissions', expression: "status IN ('queued', 'processing', 'completed', 'failed')" },
      { name: 'chk_submission_score', table: 'submissions', expression: 'score IS NULL OR (score >= 0.0 AND score <= 1.0)' },
    ]);
    assert.equal(model.checks[2]!.range!.start.line, 139);
  });

  it('reads the security matrix and the roles', () => {
    assert.deepEqual(model.roles, ['Annotator', 'Admin']);
    assert.deepEqual(
      model.security.map((row) => [row.table, row.sensitivity, row.access['Annotator']?.text, row.access['Admin']?.text]),
      [
        ['users', 'Medium', 'Own record only', 'Full'],
        ['tasks', 'Low', 'Read (assigned)', 'Full'],
        ['datasets', 'Low', 'Read (metadata)', 'Full'],
        ['dataset_items', 'Low', 'Read', 'Full'],
        ['dataset_answers', 'CRITICAL', 'NONE', 'Full'],
        ['submissions', 'Medium', 'Own records', 'Full'],
      ],
    );
    // Each cell is read once into the level the linter, the DDL and the probes all use.
    assert.deepEqual(
      model.security.map((row) => [row.table, row.access['Annotator']?.level, row.access['Admin']?.level]),
      [
        ['users', 'read-own', 'full'],
        ['tasks', 'read', 'full'],
        ['datasets', 'read', 'full'],
        ['dataset_items', 'read', 'full'],
        ['dataset_answers', 'none', 'full'],
        ['submissions', 'read-own', 'full'],
      ],
    );
  });

  it('reads the type guidelines and the audit trail', () => {
    assert.equal(model.typeGuidelines.length, 7);
    assert.deepEqual(stripRanges(model.typeGuidelines[6]), { useCase: 'Booleans', postgresType: 'BOOLEAN', ormType: 'Boolean', notes: '' });
    assert.deepEqual(model.audit.columns, ['created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()', 'updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()']);
    assert.equal(model.audit.note, 'Use a PostgreSQL trigger or SQLAlchemy onupdate to keep updated_at current.');
  });
});

describe('reading the flattened data-model-command.md', () => {
  it('yields the same model as the proper copy, header and the backtick-less security note aside', () => {
    const proper = stripRanges(readMarkdown(reference).model);
    const { model, problems } = readMarkdown(flattened);
    const flat = stripRanges(model);
    assert.deepEqual(flat.diagram, proper.diagram);
    assert.deepEqual(flat.indexes, proper.indexes);
    assert.deepEqual(flat.foreignKeys, proper.foreignKeys);
    assert.deepEqual(flat.checks, proper.checks);
    assert.deepEqual(flat.security, proper.security);
    assert.deepEqual(flat.roles, proper.roles);
    assert.deepEqual(flat.typeGuidelines, proper.typeGuidelines);
    assert.deepEqual(flat.audit, proper.audit);
    // The copy lost the backticks around `dataset_answers` (and the space after them).
    assert.match(flat.entities[1]!.securityNote!, /^dataset_answersis accessible ONLY/);
    flat.entities[1]!.securityNote = proper.entities[1]!.securityNote;
    assert.deepEqual(flat.entities, proper.entities);
    assert.equal(flat.header.domain, '[Domain Name]');
    assert.equal(flat.header.specReference, 'specs/NNN-feature/spec.md');
    // Same defect, found on the copy's own line; no section is reported missing.
    assert.deepEqual(withCode(problems, 'DM001').map((problem) => problem.range.start.line), [79]);
    assert.deepEqual(withCode(problems, 'DM002'), []);
  });

  it('locates elements on the flattened lines', () => {
    const { model } = readMarkdown(flattened);
    assert.equal(model.entities[2]!.headingRange!.start.line, 94);
    assert.equal(model.foreignKeys[0]!.range!.start.line, 117);
    assert.equal(model.checks[0]!.range!.start.line, 122);
    assert.equal(model.diagram.relationships[0]!.range!.start.line, 67);
  });
});

describe('tolerated variations', () => {
  it('reads an unfenced erDiagram, plain-line section titles and table names, NULL/NOT NULL, `-` defaults, Sensitive', () => {
    const text = readFileSync(path.join(FIXTURES, 'variations.md'), 'utf8');
    const { model, problems } = readMarkdown(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(model.diagram.entities.map((entity) => entity.name), ['ITEMS']);
    assert.deepEqual(model.diagram.relationships.map((r) => [r.leftCardinality, r.identifying, r.rightCardinality]), [
      ['zero-or-one', false, 'one-or-more'],
    ]);
    const items = model.entities[0]!;
    assert.equal(items.name, 'items');
    assert.deepEqual(
      items.columns.map((column) => [column.name, column.nullable, column.default, column.sensitivity]),
      [
        ['id', false, 'auto', undefined],
        ['secret', true, undefined, 'CRITICAL'],
        ['note', true, undefined, 'Medium'],
      ],
    );
    assert.equal(items.securityNote, 'Only admins read secret.');
    assert.deepEqual(items.notes, ['Items are immutable.']);
    assert.deepEqual(model.security.map((row) => row.sensitivity), ['High', 'CRITICAL']);
    assert.equal(model.foreignKeys.length, 1);
    assert.equal(model.foreignKeys[0]!.onDelete, 'CASCADE');
  });
});

describe('problems', () => {
  it('reports every missing section as DM002', () => {
    const { problems } = readMarkdown('# Data Model: Tiny\n**Database**: PostgreSQL\n\n## Indexes\n');
    assert.deepEqual(
      withCode(problems, 'DM002').map((problem) => problem.message.replace(/^.*"(.*)".*$/, '$1')),
      ['Entity Relationship Diagram', 'Entity Definitions', 'Constraints', 'Security Annotations', 'Data Type Guidelines', 'Audit Trail'],
    );
  });

  it('reports a document without the title heading as DM002', () => {
    const text = writeMarkdown(featureModel()).replace(/^# Data Model: .*\n/, '');
    assert.equal(withCode(readMarkdown(text).problems, 'DM002').length, 1);
  });

  it('reports erDiagram lines that do not parse as DM003 and reads the rest', () => {
    const text = writeMarkdown(featureModel()).replace('CUSTOMERS ||--o{ ORDERS : "places"', 'CUSTOMERS ||~~o{ ORDERS : places\nORDERS {{');
    const { model, problems } = readMarkdown(text);
    const lines = text.split('\n');
    assert.deepEqual(withCode(problems, 'DM003').map((problem) => lines[problem.range.start.line]), ['CUSTOMERS ||~~o{ ORDERS : places', 'ORDERS {{']);
    assert.equal(model.diagram.relationships.length, 2);
    assert.equal(model.diagram.entities.length, 4);
  });

  it('reports a row with too many cells, an empty name and an empty type as DM001', () => {
    const text = writeMarkdown(featureModel()).replace(
      '| id | SERIAL PK | No | auto | Reserved-word table name |',
      '| id | SERIAL PK | No | auto | Reserved-word table name |\n| x | INT | No | — | a | extra |\n|  | INT | No | — | no name |\n| y |  | No | — | no type |',
    );
    const { model, problems } = readMarkdown(text);
    const lines = text.split('\n');
    assert.deepEqual(withCode(problems, 'DM001').map((problem) => lines[problem.range.start.line]!.slice(0, 6)), ['| x | ', '|  | I', '| y | ']);
    assert.equal(model.entities[2]!.columns.length, 1);
  });

  it('reports a failing SQL statement with the parser message on its line, past multi-byte text, and reads the others', () => {
    const text = writeMarkdown(featureModel()).replace(
      'ALTER TABLE orders ADD CONSTRAINT chk_total\nCHECK (total >= 0);',
      "ALTER TABLE orders ADD CONSTRAINT chk_total\nCHECK (total >= 0 AND note <> 'é—😀ü' AND total >>>> );",
    );
    const { model, problems } = readMarkdown(text);
    const sqlProblems = problems.filter((problem) => problem.message.startsWith('SQL:'));
    assert.equal(sqlProblems.length, 1);
    const problem = sqlProblems[0]!;
    const line = text.split('\n')[problem.range.start.line]!;
    assert.match(problem.message, /syntax error at or near "\)"/);
    assert.ok(line.startsWith('CHECK (total >= 0 AND'));
    assert.equal(line[problem.range.start.character], ')');
    assert.deepEqual(model.checks.map((check) => check.name), ['chk_status', 'chk_unicode']);
    assert.equal(model.foreignKeys.length, 4);
  });

  it('says once that the SQL parser was not loaded instead of throwing', () => {
    // A fresh process: the parser is loaded once per process in this one.
    const script = [
      "const { readMarkdown } = require('./server/src/markdown/reader');",
      "const { readFileSync } = require('node:fs');",
      `const { model, problems } = readMarkdown(readFileSync(${JSON.stringify(path.join(REFERENCE_DIR, 'label-suite-data-model.md'))}, 'utf8'));`,
      'console.log(JSON.stringify({ fks: model.foreignKeys.length, entities: model.entities.length, messages: problems.map((p) => p.message) }));',
    ].join('\n');
    const output = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: path.join(__dirname, '..', '..'), encoding: 'utf8' });
    const result = JSON.parse(output) as { fks: number; entities: number; messages: string[] };
    assert.equal(result.fks, 0);
    assert.equal(result.entities, 3);
    assert.equal(result.messages.filter((message) => /SQL parser is not loaded/.test(message)).length, 1);
  });
});

describe('garbage input never throws', () => {
  const cases: [string, string][] = [
    ['empty', ''],
    ['binary bytes', Buffer.from(Array.from({ length: 4096 }, (_, k) => (k * 7919) % 256)).toString('latin1')],
    ['invalid UTF-8 decoded', Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0a, 0x7c, 0x2d, 0x7c]).toString('utf8')],
    ['deeply nested lists', Array.from({ length: 5000 }, (_, k) => `${'  '.repeat(k)}- item ${k}`).join('\n')],
    ['deeply nested quotes', '>'.repeat(10000) + ' x'],
    ['unclosed fences everywhere', '## Entity Relationship Diagram\n' + '```mermaid\nerDiagram\nA {\n'.repeat(2000)],
    ['only pipes', '|\n|---|\n|||||\n'.repeat(1000)],
    ['sql fence of junk', '## Constraints\n```sql\n' + "'unterminated ; ALTER TABLE ( ) ;;; $$ \n".repeat(50) + '```\n'],
  ];
  for (const [name, text] of cases) {
    it(`${name}: returns problems`, () => {
      const { problems } = readMarkdown(text);
      assert.ok(problems.length > 0);
      assert.ok(problems.every((problem) => problem.range.start.line >= 0));
    });
  }

  it('a 5 MB document: returns problems, in reasonable time', () => {
    const chunk = writeMarkdown(featureModel()).replace(/^# Data Model: .*\n/, '');
    const text = chunk.repeat(Math.ceil((5 * 1024 * 1024) / chunk.length));
    assert.ok(text.length >= 5 * 1024 * 1024);
    const { model, problems } = readMarkdown(text);
    assert.ok(problems.some((problem) => problem.code === 'DM002'));
    assert.ok(model.entities.length > 1000);
  });

  it('does not throw when handed a non-string', () => {
    const { problems } = readMarkdown(undefined as unknown as string);
    assert.ok(problems.length > 0);
  });
});
