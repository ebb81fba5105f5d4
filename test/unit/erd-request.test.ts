/** `dataModel/erd`: which diagram the preview gets, where its tables are, and what is escaped. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { erdFromText, erdRequest } from '../../server/src/api/erd';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { sampleDocument } from '../webview/fixtures';

let sample: string;
before(async () => {
  await loadSqlParser();
  sample = sampleDocument();
});

describe('dataModel/erd', () => {
  it('uses the written diagram, with each entity\'s ### heading, section and diagram block', () => {
    const erd = erdFromText(sample);
    assert.equal(erd.source, 'document');
    assert.deepEqual(erd.problems, []);
    assert.ok(erd.mermaid.startsWith('erDiagram\nUSERS {'));
    assert.equal(erd.entities.length, 6);
    const lines = sample.split('\n');
    for (const entity of erd.entities) {
      assert.equal(lines[entity.range!.start.line], `### ${entity.table}`);
      assert.ok(entity.sectionRange!.end.line > entity.range!.start.line);
      assert.match(lines[entity.diagramRange!.start.line]!, new RegExp(`^${entity.name} \\{`));
    }
    assert.deepEqual(erd.diagram.entities.map((e) => e.name), ['USERS', 'DATASETS', 'DATASET_ITEMS', 'DATASET_ANSWERS', 'TASKS', 'SUBMISSIONS']);
    assert.ok(!JSON.stringify(erd.diagram).includes('"range"'), 'the diagram data carries no ranges');
  });

  it('a small error in the written diagram leaves that line out and says so', () => {
    const erd = erdFromText(sample.replace('USERS ||--o{ SUBMISSIONS : "has"', 'USERS ||--o{ SUBMISSIONS has'));
    assert.equal(erd.source, 'document');
    assert.equal(erd.problems.length, 1);
    assert.match(erd.sourceNote, /1 line of it could not be read.*line \d+/);
    assert.equal(erd.diagram.relationships.length, 5);
  });

  it('derives the diagram from the tables when the written one is missing', () => {
    const erd = erdFromText(sample.replace(/```mermaid[\s\S]*?```/, ''));
    assert.equal(erd.source, 'tables');
    assert.match(erd.sourceNote, /no erDiagram/);
    assert.equal(erd.diagram.entities.length, 6);
    assert.ok(erd.mermaid.includes('USERS ||--o{ SUBMISSIONS : "user_id"'));
    // dataset_answers.item_id is unique: one answer per item.
    assert.ok(erd.mermaid.includes('DATASET_ITEMS ||--o| DATASET_ANSWERS : "item_id"'));
    assert.ok(erd.entities.every((entity) => entity.range && !entity.diagramRange));
  });

  it('derives from the tables when errors cost the written diagram some tables', () => {
    const erd = erdFromText(sample.replace('USERS {', 'USERS {{'));
    assert.equal(erd.source, 'tables');
    assert.match(erd.sourceNote, /has errors and lacks 1 defined table \(users\)/);
    assert.ok(erd.problems.length > 0);
  });

  it('nothing to draw: an empty diagram and a note', async () => {
    const erd = await erdRequest({ text: '# Notes\n' });
    assert.equal(erd.mermaid, 'erDiagram');
    assert.match(erd.sourceNote, /no erDiagram and no table definitions/);
  });

  it('quotes and directives in labels cannot break out of the mermaid string', () => {
    const text = sample.replace('USERS ||--o{ SUBMISSIONS : "has"', 'USERS ||--o{ SUBMISSIONS : "a "quoted" %%{init: {"theme":"forest"}}%% label"');
    const erd = erdFromText(text);
    const line = erd.mermaid.split('\n').find((l) => l.startsWith('USERS ||--o{ SUBMISSIONS'))!;
    assert.equal((line.match(/"/g) ?? []).length, 2, line);
    assert.ok(!erd.mermaid.includes('%%'));
  });
});
