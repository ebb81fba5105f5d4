/**
 * DM306 knows the document's own people: a table named after a role (`Reviewer` →
 * `reviewers`) holds people, so "Own records" on it, or on a table with a foreign key to it,
 * has an owner to compare with. A table with no such tie still fires.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readMarkdown } from '../../server/src/markdown/reader';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { runRules } from '../../server/src/rules/index';

const table = (name: string, rows: string[]) => [`### ${name}`, '', '| Column | Type | Nullable | Default | Description |', '|---|---|---|---|---|', ...rows, ''];

const document = [
  '# Data Model: Reviews',
  '',
  '## Entity Definitions',
  '',
  ...table('reviewers', ['| id | SERIAL PK | No | auto | ID |', '| display_name | VARCHAR(64) | No | — | Shown name |']),
  ...table('reviews', ['| id | SERIAL PK | No | auto | ID |', '| reviewer_id | INT FK | No | — | References reviewers.id |']),
  ...table('settings', ['| id | SERIAL PK | No | auto | ID |', '| theme | VARCHAR(16) | No | — | Colour theme |']),
  '## Constraints',
  '',
  '```sql',
  'ALTER TABLE reviews ADD CONSTRAINT fk_reviews_reviewer FOREIGN KEY (reviewer_id) REFERENCES reviewers(id);',
  '```',
  '',
  '## Security Annotations',
  '',
  '| Table | Sensitivity | Reviewer Access | Admin Access |',
  '|---|---|---|---|',
  '| reviewers | Medium | Own records | Full |',
  '| reviews | Medium | Own records | Full |',
  '| settings | Low | Own records | Full |',
  '',
].join('\n');

describe('DM306 and tables named after roles', () => {
  let tables: string[] = [];
  before(async () => {
    await loadSqlParser();
    const { model } = readMarkdown(document);
    assert.deepEqual(model.roles, ['Reviewer', 'Admin']);
    tables = runRules(model, document, { only: ['DM306'] }).map((finding) => / access to (\w+),/.exec(finding.message)?.[1] ?? finding.message);
  });

  it('accepts "Own records" on the role\'s own table and on a table with a foreign key to it', () => {
    assert.ok(!tables.includes('reviewers'), tables.join(', '));
    assert.ok(!tables.includes('reviews'), tables.join(', '));
  });

  it('still fires on a table nothing ties to a person', () => {
    assert.deepEqual(tables, ['settings']);
  });
});
