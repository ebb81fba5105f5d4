import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { generateFromSpec } from '../../server/src/generate/index';
import { readMarkdown } from '../../server/src/markdown/reader';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { writeMarkdown } from '../../server/src/markdown/writer';
import { stripRanges } from '../../server/src/model/util';

/**
 * A generated model is only useful once written: it must survive `writeMarkdown` and come back
 * unchanged from `readMarkdown` (constraints included), so nothing the generator decided is
 * lost or altered by the document format.
 */

const repoRoot = path.resolve(__dirname, '../..');
const specs = [
  'examples/label-suite/specs/001-annotation-scoring/spec.md',
  'test/fixtures/specs/001-library-loans/spec.md',
  'test/fixtures/specs/002-fleet-maintenance/spec.md',
  'test/fixtures/specs/004-clinic-visits/spec.md',
];

describe('generate: generated models survive write and read', () => {
  before(async () => loadSqlParser());

  for (const spec of specs) {
    for (const idType of ['serial', 'identity', 'uuid'] as const) {
      it(`${spec} (${idType})`, () => {
        const result = generateFromSpec(readFileSync(path.join(repoRoot, spec), 'utf8'), {
          specReference: spec, date: '2026-11-24', idType, orm: 'SQLAlchemy (async)',
        });
        assert.ok(result.model);
        const text = writeMarkdown(result.model);
        const back = readMarkdown(text);
        assert.deepEqual(stripRanges(back.model), stripRanges(result.model));
        assert.ok(result.model.foreignKeys.length > 0 && back.model.foreignKeys.length === result.model.foreignKeys.length);
      });
    }
  }
});
