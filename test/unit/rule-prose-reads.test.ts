/**
 * A rule that reads prose (column descriptions, entity notes, security notes) must say so
 * (`readsProse`): after a prose edit the language server keeps the previous findings of rules
 * that do not. Each rule that does not say so runs here on documents whose prose is guarded:
 * reading it fails the test, naming the rule.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readMarkdown } from '../../server/src/markdown/reader';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { writeMarkdown } from '../../server/src/markdown/writer';
import type { DataModel } from '../../server/src/model/types';
import { splitLines } from '../../server/src/rules/edits';
import { allRules } from '../../server/src/rules/index';
import { largeModel } from './markdown-models';

const documents = {
  reference: readFileSync(path.join(__dirname, '../fixtures/reference/label-suite-data-model.md'), 'utf8'),
  variations: readFileSync(path.join(__dirname, '../fixtures/markdown/variations.md'), 'utf8'),
  generated: writeMarkdown(largeModel(12, 8)),
};

const PROSE = { column: ['description'], entity: ['notes', 'securityNote'] } as const;

/** The model with every prose field behind a getter that records who read it. */
function guarded(model: DataModel, reads: string[]): DataModel {
  const trap = <T extends object>(target: T, fields: readonly string[], where: string): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        if (typeof key === 'string' && fields.includes(key)) reads.push(`${where}.${key}`);
        return Reflect.get(object, key, receiver);
      },
    });
  return {
    ...model,
    entities: model.entities.map((entity) =>
      trap({ ...entity, columns: entity.columns.map((column) => trap(column, PROSE.column, `${entity.name}.${column.name}`)) }, PROSE.entity, entity.name),
    ),
  };
}

describe('rules that do not declare readsProse', () => {
  before(async () => {
    await loadSqlParser();
  });

  for (const [name, text] of Object.entries(documents)) {
    it(`read no description, note or security note of ${name}`, () => {
      const { model } = readMarkdown(text);
      const lines = splitLines(text);
      const offenders: string[] = [];
      for (const rule of allRules.filter((candidate) => !candidate.readsProse)) {
        const reads: string[] = [];
        rule.check({ model: guarded(model, reads), lines });
        if (reads.length > 0) offenders.push(`${rule.id} read ${reads.slice(0, 3).join(', ')}`);
      }
      assert.deepEqual(offenders, []);
    });
  }

  it('leave some rules declaring it, so the guard above is not vacuous', () => {
    const { model } = readMarkdown(documents.reference);
    const reads: string[] = [];
    for (const rule of allRules.filter((candidate) => candidate.readsProse)) rule.check({ model: guarded(model, reads), lines: splitLines(documents.reference) });
    assert.ok(reads.length > 0, 'no rule declaring readsProse read any prose: the guard cannot see reads');
  });
});
