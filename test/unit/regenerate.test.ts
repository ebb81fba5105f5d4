// Regenerating over an existing data-model.md: the generator's real output for the sample spec,
// a hand edit, a change to the spec, and the three-way merge that decides what to write.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateDocument, today } from '../../server/src/api/generate-document';
import type { GenerateParams } from '../../server/src/api/protocol';
import { splitGeneratedBase, withGeneratedBase } from '../../server/src/regenerate/generated-base';
import { regenerate, type Regeneration } from '../../server/src/regenerate/regenerate';

const repoRoot = path.resolve(__dirname, '../..');
const specPath = 'specs/001-annotation-scoring/spec.md';
const specV1 = readFileSync(path.join(repoRoot, 'examples/label-suite', specPath), 'utf8');
/** The spec after a change: scores now range to 100 (changes one table row and one CHECK). */
const specV2 = specV1.replace('a score between 0 and 1', 'a score between 0 and 100');

const EMAIL_ROW = '| email | VARCHAR(255) UK | No | — | MEDIUM — Email address |';
const EMAIL_ROW_EDITED = '| email | VARCHAR(320) UK | No | — | MEDIUM — Email address (RFC 5321 maximum) |';
const SCORE_ROW = '| score | DOUBLE PRECISION | Yes | NULL | Score between 0 and 1 |';
const SCORE_ROW_EDITED = '| score | NUMERIC(4,3) | Yes | NULL | Score between 0 and 1 |';
const SCORE_ROW_V2 = '| score | DOUBLE PRECISION | Yes | NULL | Score between 0 and 100 |';
const CHECK_V2 = 'CHECK (score IS NULL OR (score >= 0 AND score <= 100));';

function generate(specText: string, current?: string) {
  const params: GenerateParams = {
    specText,
    specPath,
    domain: 'Annotation submission and scoring results',
    date: '2026-11-24',
    settings: { idType: 'serial', roles: [], orm: 'SQLAlchemy (async)' },
    current,
  };
  const response = generateDocument(params);
  assert.ok(response.markdown, `generation failed: ${response.problems.map((p) => p.message).join('; ')}`);
  return response;
}

function replaceOnce(text: string, from: string, to: string): string {
  assert.equal(text.split(from).length, 2, `expected exactly one "${from}" in the generated document`);
  return text.replace(from, to);
}

function merged(regeneration: Regeneration | undefined) {
  assert.ok(regeneration, 'no regeneration in the response although current was given');
  assert.equal(regeneration.kind, 'merged', `expected a merge, got ${regeneration.kind}`);
  return regeneration as Extract<Regeneration, { kind: 'merged' }>;
}

describe('regenerate: three-way merge with what Generate wrote last', () => {
  const first = generate(specV1).markdown as string;
  const unstamped = (text: string) => splitGeneratedBase(text).text;

  it('the written document remembers itself in one hidden comment on its last line', () => {
    const split = splitGeneratedBase(first);
    assert.equal(split.status, 'found');
    assert.equal(split.base, split.text, 'the remembered base is not the document itself');
    assert.ok(split.text.startsWith('# Data Model:'));
    const lastLine = first.trimEnd().split('\n').pop() ?? '';
    assert.match(lastLine, /^<!-- data-model-generated v1 sha256=[0-9a-f]{16} brotli=[A-Za-z0-9+/=]+ -->$/);
    assert.equal(first.split('\n').filter((line) => line.includes('data-model-generated')).length, 1);
  });

  it('a hand edit the new generation does not touch survives, and the spec change arrives', () => {
    const handEdited = replaceOnce(first, EMAIL_ROW, EMAIL_ROW_EDITED);
    const result = merged(generate(specV2, handEdited).regeneration);
    assert.deepEqual(result.conflictLines, []);
    assert.equal(result.keptEdits, 1);
    assert.ok(result.text.includes(EMAIL_ROW_EDITED), 'the hand edit was lost');
    assert.ok(!result.text.includes(EMAIL_ROW), 'the generated row came back over the hand edit');
    assert.ok(result.text.includes(SCORE_ROW_V2), 'the spec change did not reach the score row');
    assert.ok(result.text.includes(CHECK_V2), 'the spec change did not reach the CHECK');
    assert.doesNotMatch(result.text, /^(<{7}|={7}|>{7})/m);
    // Apart from the hand edit, the result is exactly the new generation.
    const secondGeneration = unstamped(generate(specV2).markdown as string);
    assert.equal(unstamped(result.text), replaceOnce(secondGeneration, EMAIL_ROW, EMAIL_ROW_EDITED));
    // And the new generation becomes the base of the next merge: regenerating again changes nothing.
    assert.equal(splitGeneratedBase(result.text).base, secondGeneration);
    assert.equal(generate(specV2, result.text).regeneration?.kind, 'unchanged');
  });

  it('an edit of a line the new generation also changes becomes a conflict block holding all three versions', () => {
    const handEdited = replaceOnce(first, SCORE_ROW, SCORE_ROW_EDITED);
    const result = merged(generate(specV2, handEdited).regeneration);
    assert.equal(result.conflictLines.length, 1);
    const lines = result.text.split('\n');
    const start = result.conflictLines[0] - 1;
    assert.deepEqual(lines.slice(start, start + 7), [
      '<<<<<<< yours',
      SCORE_ROW_EDITED,
      '||||||| generated last time',
      SCORE_ROW,
      '=======',
      SCORE_ROW_V2,
      `>>>>>>> generated now from ${specPath}`,
    ]);
    // The part of the spec change that does not collide is merged as usual.
    assert.ok(result.text.includes(CHECK_V2));
  });

  it('a file with a conflict block still in it is not merged again', () => {
    const withConflict = merged(generate(specV2, replaceOnce(first, SCORE_ROW, SCORE_ROW_EDITED)).regeneration).text;
    const again = generate(specV2, withConflict).regeneration;
    assert.equal(again?.kind, 'unresolved');
    assert.deepEqual(again.kind === 'unresolved' && again.conflictLines, [withConflict.split('\n').indexOf('<<<<<<< yours') + 1]);
  });

  it('with no remembered base (a hand-written or older file) the whole new generation is proposed', () => {
    const handWritten = replaceOnce(unstamped(first), EMAIL_ROW, EMAIL_ROW_EDITED);
    const result = generate(specV2, handWritten).regeneration;
    assert.equal(result?.kind, 'replace');
    assert.equal(result.kind === 'replace' && result.why, 'missing');
    assert.equal(result.kind === 'replace' && result.text, generate(specV2).markdown);
  });

  it('a damaged comment counts as no base: never a merge against a wrong base', () => {
    const lines = first.split('\n');
    const at = lines.findIndex((line) => line.startsWith('<!-- data-model-generated'));
    // Change one character of the packed text (the checksum no longer matches, or it no longer unpacks).
    lines[at] = lines[at].replace(/brotli=(.)/, (_, c: string) => `brotli=${c === 'A' ? 'B' : 'A'}`);
    const damaged = replaceOnce(lines.join('\n'), EMAIL_ROW, EMAIL_ROW_EDITED);
    assert.equal(splitGeneratedBase(damaged).status, 'damaged');
    const result = generate(specV2, damaged).regeneration;
    assert.equal(result?.kind === 'replace' && result.why, 'damaged');
  });

  it('regenerating an untouched file from an unchanged spec changes nothing', () => {
    assert.equal(generate(specV1, first).regeneration?.kind, 'unchanged');
  });

  it('keeps a Windows checkout\'s CRLF line ends, and its hand edit', () => {
    const crlf = replaceOnce(first, EMAIL_ROW, EMAIL_ROW_EDITED).replace(/\n/g, '\r\n');
    const result = merged(generate(specV2, crlf).regeneration);
    assert.deepEqual(result.conflictLines, []);
    assert.ok(result.text.includes(`${EMAIL_ROW_EDITED}\r\n`));
    assert.ok(result.text.includes(`${SCORE_ROW_V2}\r\n`));
    assert.doesNotMatch(result.text, /[^\r]\n/, 'a line ends with a bare LF');
  });

  it('text the user added after the comment is kept', () => {
    const stamped = withGeneratedBase('# Data Model: X\n\nbody\n');
    const split = splitGeneratedBase(`${stamped}\n## Notes\n\nMine.\n`);
    assert.equal(split.status, 'found');
    assert.equal(split.base, '# Data Model: X\n\nbody\n');
    assert.equal(split.text, '# Data Model: X\n\nbody\n\n\n## Notes\n\nMine.\n');
    assert.equal(regenerate(`${stamped}\n## Notes\n\nMine.\n`, '# Data Model: X\n\nbody v2\n', specPath).kind, 'merged');
  });
});

describe('regenerate on a later day', () => {
  // Generated on 2026-11-24 (a fixed date in the past); regenerated today, with no date given,
  // as VS Code and the CLI do.
  const params = (specText: string, current?: string): GenerateParams => ({
    specText,
    specPath,
    domain: 'Annotation submission and scoring results',
    settings: { idType: 'serial', roles: [], orm: 'SQLAlchemy (async)' },
    current,
  });
  const earlier = generateDocument({ ...params(specV1), date: '2026-11-24' }).markdown as string;

  it('an unchanged spec proposes nothing: the header keeps the date of the last real change', () => {
    const again = generateDocument(params(specV1, earlier));
    assert.equal(again.regeneration?.kind, 'unchanged');
  });

  it('a changed spec is merged with today\'s date in the header', () => {
    const again = generateDocument(params(specV2, earlier));
    assert.equal(again.regeneration?.kind, 'merged');
    const text = again.regeneration?.kind === 'merged' ? again.regeneration.text : '';
    assert.ok(text.includes(`**Date**: ${today()}`), 'the header date did not move to today');
    assert.ok(text.includes(SCORE_ROW_V2));
  });
});
