import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { lintDocument, type DocumentFinding } from '../../server/src/api/lint-document';
import { generateFromSpec, type GenerateOptions } from '../../server/src/generate/index';
import { readMarkdown } from '../../server/src/markdown/reader';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { writeMarkdown } from '../../server/src/markdown/writer';

/**
 * The product's promise: a document written by `data-model generate` has no lint finding at
 * warning or error level. Checked the way a user meets it: generate, write the markdown, read
 * it back and lint the text, for the project's sample and every fixture spec (written in the
 * styles public specs use, see test/fixtures/specs/README.md), with every key type.
 */

const repoRoot = path.resolve(__dirname, '../..');

/** Every `spec.md` one level under `folder`, as paths relative to the repository root's parent for readable test names. */
function specsUnder(folder: string): string[] {
  assert.ok(existsSync(folder), `${folder} is missing`);
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(folder, entry.name, 'spec.md')))
    .map((entry) => path.join(folder, entry.name, 'spec.md'))
    .sort();
}

const specs = [
  path.join(repoRoot, 'examples/label-suite/specs/001-annotation-scoring/spec.md'),
  ...specsUnder(path.join(repoRoot, 'test/fixtures/specs')),
];

const ID_TYPES: readonly GenerateOptions['idType'][] = ['serial', 'identity', 'bigint', 'uuid'];

function describeFinding(finding: DocumentFinding): string {
  const where = `${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
  return `  ${where} ${finding.severity} ${finding.ruleId ?? '(reader)'}${finding.alias ? `/${finding.alias}` : ''}: ${finding.message}`;
}

describe('generate: generated documents lint clean', () => {
  before(async () => loadSqlParser());

  it('covers the sample and the fixtures', () => {
    // A missing folder would otherwise make the loop below check nothing.
    assert.ok(specs.length >= 10, `only ${specs.length} specs found`);
  });

  for (const spec of specs) {
    const name = path.relative(path.dirname(repoRoot), spec);
    for (const idType of ID_TYPES) {
      it(`${name} (${idType})`, () => {
        const result = generateFromSpec(readFileSync(spec, 'utf8'), {
          specReference: name, date: '2026-11-24', idType, orm: 'SQLAlchemy (async)',
        });
        if (!result.model) {
          // A spec with nothing to generate must say so as an error, not write a document.
          assert.ok(result.problems.some((p) => p.severity === 'error'), `no model and no error for ${name}`);
          return;
        }
        const text = writeMarkdown(result.model);
        const { model, problems } = readMarkdown(text);
        const { findings, notes } = lintDocument(model, text, problems);
        assert.deepEqual(notes, [], `rules that failed to run on ${name}`);
        const serious = findings.filter((f) => f.severity === 'warning' || f.severity === 'error');
        assert.equal(serious.length, 0, `${name} (${idType}) has ${serious.length} finding(s) at warning or error level:\n${serious.map(describeFinding).join('\n')}`);
      });
    }
  }
});
