/**
 * The server's line-array document behaves as `vscode-languageserver-textdocument`'s: the same
 * text after random edits, including ranges past the end of a line or of the document,
 * reversed ranges, and `\r`, `\n` and `\r\n` in both the document and the inserted text (where
 * an edit can split or join a `\r\n` pair); and the same lines, offsets and positions as the
 * library's document created from that text. (Not as the library's edited document: after an
 * edit whose range lies past the last line, its line table is wrong, e.g. 4 lines for "\r", and
 * so is the text after a second change in the same batch; so each change is applied to a
 * library document fresh from the current text.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineTextDocument } from '../../server/src/lsp/line-text-document';

const fragment = fc.array(fc.constantFrom('a', 'b', 'é', '|', ' ', '\n', '\r', '\r\n', '\n\n', 'xyz'), { maxLength: 8 }).map((parts) => parts.join(''));
const position = fc.record({ line: fc.integer({ min: -1, max: 8 }), character: fc.integer({ min: -1, max: 12 }) });
const change = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text: fragment }) },
  { weight: 1, arbitrary: fc.record({ text: fragment }) },
);

describe('LineTextDocument', () => {
  it('matches the library document after random edits', () => {
    fc.assert(
      fc.property(fragment, fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 8 }), fc.array(position, { maxLength: 4 }), (initial, batches, probes) => {
        let text = initial;
        const actual = LineTextDocument.create('file:///d.md', 'markdown', 1, initial);
        let version = 1;
        for (const batch of batches) {
          version++;
          // Each change on a library document fresh from the current text (see the header).
          for (const change of batch) text = TextDocument.update(TextDocument.create('file:///d.md', 'markdown', 1, text), [change], 2).getText();
          LineTextDocument.update(actual, batch, version);
          assert.equal(actual.getText(), text);
          assert.equal(actual.version, version);
          const fresh = TextDocument.create('file:///d.md', 'markdown', version, text);
          assert.equal(actual.lineCount, fresh.lineCount);
          for (let line = -1; line <= fresh.lineCount; line++) {
            assert.deepEqual(actual.getLineRange(line), fresh.getLineRange(line), `getLineRange ${line} of ${JSON.stringify(text)}`);
            assert.equal(actual.getEOLCharacters(line), fresh.getEOLCharacters(line));
          }
          for (const probe of probes) {
            assert.equal(actual.offsetAt(probe), fresh.offsetAt(probe), `offsetAt ${JSON.stringify(probe)} of ${JSON.stringify(text)}`);
            assert.deepEqual(actual.getText({ start: probe, end: { line: probe.line + 1, character: 2 } }), fresh.getText({ start: probe, end: { line: probe.line + 1, character: 2 } }));
          }
          for (let offset = -1; offset <= text.length + 1; offset++) {
            assert.deepEqual(actual.positionAt(offset), fresh.positionAt(offset), `positionAt ${offset} of ${JSON.stringify(text)}`);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('replaces a line in place for an edit within it, and joins the text only when asked', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `| column_${i} | TEXT | Yes | — | Column ${i} |`);
    const document = LineTextDocument.create('file:///d.md', 'markdown', 1, lines.join('\n'));
    for (let version = 2; version < 1002; version++) {
      LineTextDocument.update(document, [{ range: { start: { line: 5000, character: 10 }, end: { line: 5000, character: 10 } }, text: 'x' }], version);
    }
    assert.equal(document.getText().split('\n')[5000], lines[5000]!.slice(0, 10) + 'x'.repeat(1000) + lines[5000]!.slice(10));
    assert.equal(document.lineCount, 10_000);
  });
});
