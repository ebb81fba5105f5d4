/**
 * Building and applying text edits. Fixes insert whole lines (a table row, a diagram
 * attribute, a constraint) or replace a cell's text; `applyEdits` is what a client would do
 * with them, used by the tests to prove each fix leaves a document on which its rule is quiet.
 */
import type { SourceRange } from '../model/types';
import { rangeOf } from '../model/util';
import type { TextEdit } from './types';

/**
 * Inserts `newLines` so they become lines `at`, `at + 1`, … of the result (`at` may be
 * `lines.length` to append). Uses `\n`; editors normalise inserted line ends to the document's.
 */
export function insertLines(lines: readonly string[], at: number, newLines: readonly string[]): TextEdit {
  const text = newLines.join('\n');
  if (at < lines.length) return { range: rangeOf(at, 0, at, 0), newText: `${text}\n` };
  const last = Math.max(lines.length - 1, 0);
  const end = (lines[last] ?? '').length;
  // Appending after a final line that is empty (the text ended with a newline) reuses it.
  if (lines.length > 0 && end === 0) return { range: rangeOf(last, 0, last, 0), newText: `${text}\n` };
  return { range: rangeOf(last, end, last, end), newText: `\n${text}` };
}

/** Removes line `line` entirely, its line terminator included. */
export function deleteLine(lines: readonly string[], line: number): TextEdit {
  if (line + 1 < lines.length) return { range: rangeOf(line, 0, line + 1, 0), newText: '' };
  const previous = Math.max(line - 1, 0);
  return { range: rangeOf(previous, (lines[previous] ?? '').length, line, (lines[line] ?? '').length), newText: '' };
}

export function replace(range: SourceRange, newText: string): TextEdit {
  return { range, newText };
}

/** Offsets of each line start in `text`, counting `\r\n`, `\n` and lone `\r` as terminators. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Applies non-overlapping edits (in any order) to `text`, as an editor would. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = lineStarts(text);
  const offset = (line: number, character: number) => {
    if (line >= starts.length) return text.length;
    const lineEnd = line + 1 < starts.length ? starts[line + 1] : text.length;
    return Math.min(starts[line] + character, lineEnd);
  };
  const resolved = edits
    .map((edit, order) => ({
      start: offset(edit.range.start.line, edit.range.start.character),
      end: offset(edit.range.end.line, edit.range.end.character),
      newText: edit.newText,
      order,
    }))
    .sort((a, b) => b.start - a.start || b.order - a.order);
  let result = text;
  for (const edit of resolved) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

function rangesOverlap(a: TextEdit, b: TextEdit): boolean {
  const before = (x: SourceRange['end'], y: SourceRange['start']) => x.line < y.line || (x.line === y.line && x.character <= y.character);
  return !(before(a.range.end, b.range.start) || before(b.range.end, a.range.start));
}

/**
 * The edits of several fixes that can be applied together: a fix whose edits overlap an edit
 * already taken is left out (for a second pass on the re-linted text). What "fix all" does, in
 * the editor (code actions) and in the MCP server's fix tool.
 */
export function combinableEdits<E extends TextEdit>(fixes: readonly (readonly E[])[]): { edits: E[]; taken: number[] } {
  const edits: E[] = [];
  const taken: number[] = [];
  fixes.forEach((fixEdits, index) => {
    if (fixEdits.some((edit) => edits.some((other) => rangesOverlap(edit, other)))) return;
    edits.push(...fixEdits);
    taken.push(index);
  });
  return { edits, taken };
}

/** The document's lines as rules see them. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
