/**
 * The language server's incremental path (the reader's prose fast path plus the lint cache)
 * must give exactly what a full read and lint of the same text gives: the same model, the same
 * reader problems, the same findings with the same ranges and fixes. Random edit sequences on
 * real documents, compared after every edit; and a count showing the fast path was taken, so
 * the comparison is not vacuous.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintDocument } from '../../server/src/api/lint-document';
import { LintedDocuments } from '../../server/src/lsp/linted-documents';
import { ParsedDocuments } from '../../server/src/lsp/parsed-documents';
import { readMarkdown } from '../../server/src/markdown/reader';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { writeMarkdown } from '../../server/src/markdown/writer';
import { largeModel } from './markdown-models';

const reference = readFileSync(path.join(__dirname, '../fixtures/reference/label-suite-data-model.md'), 'utf8');
const variations = readFileSync(path.join(__dirname, '../fixtures/markdown/variations.md'), 'utf8');
const generated = writeMarkdown(largeModel(6, 6));

/** What a user types into a description, including text that changes what rules see. */
const INSERTIONS = ['x', ' ', 'é', ' PK', ' FK', 'VARCHAR(3)', 'No', ' Yes',  '|', '\\|', '`', 'CRITICAL — ', 'SENSITIVE', 'References table_1.id', 'kept current by a trigger', 'CREATE TRIGGER', '<!-- data-model-disable DM201 -->', '**'];

interface Edit {
  /** A column row's description, anywhere in a column row, or any line. */
  where: 'description' | 'row' | 'line';
  lineSeed: number;
  positionSeed: number;
  insert?: string;
  deleteCount: number;
}

const editArbitrary: fc.Arbitrary<Edit> = fc.record({
  where: fc.constantFrom('description', 'row', 'line'),
  lineSeed: fc.nat(),
  positionSeed: fc.nat(),
  insert: fc.option(fc.constantFrom(...INSERTIONS), { nil: undefined }),
  deleteCount: fc.integer({ min: 0, max: 3 }),
});

function applyEdit(document: TextDocument, edit: Edit): TextDocument {
  const lines = document.getText().split('\n');
  const rows = lines.map((text, line) => ({ text, line })).filter(({ text }) => /^\|[^|]+\|[^|]+\|\s*(Yes|No|NOT NULL|null|yes)\s*\|/i.test(text));
  const inRow = edit.where !== 'line' && rows.length > 0;
  const target = inRow ? rows[edit.lineSeed % rows.length]! : { line: edit.lineSeed % lines.length, text: lines[edit.lineSeed % lines.length]! };
  // In a description: between the last cell's opening pipe and its closing one.
  const lastPipe = target.text.lastIndexOf('|');
  const openPipe = target.text.lastIndexOf('|', lastPipe - 1);
  const [low, high] = inRow && edit.where === 'description' && openPipe >= 0 ? [openPipe + 1, lastPipe] : [0, target.text.length];
  const character = low + (edit.positionSeed % Math.max(1, high - low + 1));
  const end = Math.min(target.text.length, character + (edit.insert === undefined ? Math.max(1, edit.deleteCount) : edit.deleteCount));
  const change = { range: { start: { line: target.line, character }, end: { line: target.line, character: end } }, text: edit.insert ?? '' };
  return TextDocument.update(document, [change], document.version + 1);
}

function fullLint(text: string) {
  const { model, problems } = readMarkdown(text);
  return { model, problems, findings: lintDocument(model, text, problems).findings };
}

describe('incremental re-lint', () => {
  before(async () => {
    await loadSqlParser();
  });

  it('types into a description of a 30-table document on the fast path, with the findings of a full lint', () => {
    const text = writeMarkdown(largeModel(30, 9));
    const parsed = new ParsedDocuments();
    const linted = new LintedDocuments();
    let document = TextDocument.create('file:///t/data-model.md', 'markdown', 1, text);
    linted.lint(parsed.get(document));
    const line = text.split('\n').findIndex((row, i) => i > 400 && /^\| column_4 \|/.test(row));
    const character = text.split('\n')[line]!.lastIndexOf('|') - 1;
    for (const word of ['SENSITIVE', ' (see audit)']) {
      document = TextDocument.update(document, [{ range: { start: { line, character }, end: { line, character } }, text: word }], document.version + 1);
      const current = parsed.get(document);
      assert.ok(current.rowEdit?.proseOnly, `typing "${word}" into a description did not take the fast path`);
      const incremental = linted.lint(current).findings;
      const full = fullLint(document.getText());
      assert.deepEqual(current.model, full.model);
      assert.deepEqual(incremental, full.findings);
    }
  });

  // The variations fixture writes tables without `###` headings and Nullable as `NOT NULL`:
  // it never takes the fast path, and checks that the full read is then used.
  const documents = [
    ['the reference document', reference, true],
    ['the variations fixture', variations, false],
    ['a generated document', generated, true],
  ] as const;
  it('renames a column to a name its table already has, with the findings of a full lint', () => {
    const text = writeMarkdown(largeModel(3, 4));
    const parsed = new ParsedDocuments();
    const linted = new LintedDocuments();
    let document = TextDocument.create('file:///t/data-model.md', 'markdown', 1, text);
    linted.lint(parsed.get(document));
    const lines = text.split('\n');
    const line = lines.findIndex((row) => /^\| column_2 \|/.test(row));
    const end = '| column_2'.length;
    document = TextDocument.update(document, [{ range: { start: { line, character: 0 }, end: { line, character: end } }, text: '| column_1' }], 2);
    const current = parsed.get(document);
    assert.ok(current.rowEdit && !current.rowEdit.proseOnly, 'a rename in a column row takes the row fast path, not the prose-only one');
    const full = fullLint(document.getText());
    assert.deepEqual(current.model, full.model);
    assert.deepEqual(linted.lint(current).findings, full.findings);
  });

  it('text typed at the very end of a table\'s last row moves the table\'s end, as a full read does', () => {
    // Found by the property below (seed -1403845835): a space typed after the closing pipe of the
    // last row, then an edit of another row of that table, left the table's range one short.
    const parsed = new ParsedDocuments();
    let document = TextDocument.create('file:///t/data-model.md', 'markdown', 1, reference);
    parsed.get(document);
    const lines = reference.split('\n');
    const last = lines.findIndex((row) => row.startsWith('| created_at | TIMESTAMPTZ |'));
    document = TextDocument.update(document, [{ range: { start: { line: last, character: lines[last]!.length }, end: { line: last, character: lines[last]!.length } }, text: ' ' }], 2);
    assert.deepEqual(parsed.get(document).model, fullLint(document.getText()).model);
    const first = lines.findIndex((row, i) => i < last && row.startsWith('| id |'));
    const at = lines[first]!.lastIndexOf('|', lines[first]!.length - 2) + 1;
    document = TextDocument.update(document, [{ range: { start: { line: first, character: at }, end: { line: first, character: at + 1 } }, text: '' }], 3);
    const current = parsed.get(document);
    assert.ok(current.rowEdit, 'the second edit takes the row fast path');
    assert.deepEqual(current.model, fullLint(document.getText()).model);
  });

  for (const [name, text, fastPathExpected] of documents) {
    it(`gives a full lint's model, problems and findings after random edits of ${name}`, () => {
      let fastPaths = 0;
      let proseOnly = 0;
      let edits = 0;
      fc.assert(
        fc.property(fc.array(editArbitrary, { minLength: 1, maxLength: 6 }), (sequence) => {
          const parsed = new ParsedDocuments();
          const linted = new LintedDocuments();
          let document = TextDocument.create('file:///t/data-model.md', 'markdown', 1, text);
          linted.lint(parsed.get(document));
          for (const edit of sequence) {
            document = applyEdit(document, edit);
            const current = parsed.get(document);
            const incremental = linted.lint(current).findings;
            const full = fullLint(document.getText());
            edits++;
            if (current.rowEdit) fastPaths++;
            if (current.rowEdit?.proseOnly) proseOnly++;
            assert.deepEqual(current.model, full.model, 'model');
            assert.deepEqual(current.problems, full.problems, 'reader problems');
            assert.deepEqual(incremental, full.findings, 'findings');
          }
        }),
        { numRuns: 150 },
      );
      // Two thirds of the edits are in column rows, half of those in descriptions: enough of
      // each must take the fast path (and the prose-only reuse) for the comparison to mean something.
      if (fastPathExpected) {
        assert.ok(fastPaths > edits / 4, `only ${fastPaths} of ${edits} edits took the fast path`);
        assert.ok(proseOnly > edits / 10, `only ${proseOnly} of ${edits} edits were prose-only`);
      }
    });
  }
});
