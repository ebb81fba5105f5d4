/**
 * The reference document, read by the Markdown reader and validated on both PostgreSQLs: its
 * three tables referenced without definitions (tasks, datasets, dataset_items) must be reported
 * on the lines that reference them (the foreign key, the security rows), and nothing else may fail.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readMarkdown } from '../../server/src/markdown/reader';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { validate } from '../../server/src/postgres/validate';
import { pgliteTarget, serverTarget, type Target } from './targets';

const REFERENCE = path.join(__dirname, '../fixtures/reference/label-suite-data-model.md');
const text = readFileSync(REFERENCE, 'utf8');
const lines = text.split('\n');
/** 0-based line of the first line matching `pattern`. */
const lineMatching = (pattern: RegExp) => {
  const line = lines.findIndex((l) => pattern.test(l));
  assert.ok(line >= 0, `no line matches ${pattern}`);
  return line;
};

const pglite = pgliteTarget();
before(() => loadSqlParser());
after(() => pglite.close());

for (const target of [pglite, serverTarget] as Target[]) {
  describe(`the reference document on ${target.name}`, () => {
    test('missing tables are reported where they are referenced', async () => {
      const { model } = readMarkdown(text);
      const { db, dispose } = await target.open();
      try {
        const result = await validate(model, db);
        const errors = result.problems.filter((p) => p.severity === 'error').map((p) => `${p.range.start.line}: ${p.message}`);
        const expected = [
          `${lineMatching(/ADD CONSTRAINT fk_submission_task/)}: relation "tasks" does not exist`,
          `${lineMatching(/^\| tasks \|/)}: relation "tasks" does not exist`,
          `${lineMatching(/^\| datasets \|/)}: relation "datasets" does not exist`,
          `${lineMatching(/^\| dataset_items \|/)}: relation "dataset_items" does not exist`,
        ];
        for (const e of expected) {
          const [line, message] = e.split(': ');
          assert.ok(
            errors.some((x) => x.startsWith(`${line}: `) && x.includes(message!)),
            `expected "${message}" on line ${Number(line) + 1}; got:\n${errors.join('\n')}`,
          );
        }
        assert.equal(errors.length, expected.length, errors.join('\n'));
      } finally {
        await dispose();
      }
    });
  });
}
