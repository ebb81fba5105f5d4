// The replacements Accept applies to an open data-model.md: only the lines that differ.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineReplacements, type TextReplacement } from '../../client/src/text-edits';

function apply(text: string, replacements: TextReplacement[]): string {
  // From the end, so earlier offsets stay valid (as a WorkspaceEdit applies them all at once).
  return [...replacements].sort((a, b) => b.start - a.start).reduce((out, r) => out.slice(0, r.start) + r.text + out.slice(r.end), text);
}

describe('lineReplacements', () => {
  const before = ['# Title', '', '| a | INT |', '| b | TEXT |', '| c | DATE |', '', 'end'].join('\n') + '\n';

  it('gives back the new text, touching only the changed lines', () => {
    const after = before.replace('| b | TEXT |', '| b | VARCHAR(10) |').replace('end\n', 'end\nmore\n');
    const replacements = lineReplacements(before, after);
    assert.equal(apply(before, replacements), after);
    assert.equal(replacements.length, 2);
    assert.deepEqual(
      replacements.map((r) => before.slice(r.start, r.end)),
      ['| b | TEXT |\n', ''],
      'a replacement covers lines that did not change',
    );
  });

  it('handles CRLF, a missing final line end, and texts that share nothing', () => {
    for (const [a, b] of [
      [before.replace(/\n/g, '\r\n'), before.replace(/\n/g, '\r\n').replace('| a | INT |', '| a | BIGINT |')],
      ['no final newline', 'no final newline\nadded'],
      ['one\ntwo\n', 'three\n'],
      ['', 'from nothing\n'],
      ['to nothing\n', ''],
    ]) {
      assert.equal(apply(a, lineReplacements(a, b)), b, JSON.stringify([a, b]));
    }
    assert.deepEqual(lineReplacements(before, before), []);
  });
});
