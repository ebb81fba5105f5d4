/**
 * A one-line text edit, and how positions move through it: what lets the language server keep
 * results computed before a keystroke (the model, rule findings) instead of recomputing them.
 */
import type { SourceRange } from './types';

/** A change confined to one line: `removed` characters at `start` replaced by `inserted` ones. */
export interface LineEdit {
  line: number;
  start: number;
  removed: number;
  inserted: number;
  /** The inserted characters themselves. */
  text: string;
}

/** The edit that turns `before` into `after`, when it touches one line and adds or removes no line break. */
export function singleLineEdit(before: string, after: string): LineEdit | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  const removed = before.slice(prefix, before.length - suffix);
  const inserted = after.slice(prefix, after.length - suffix);
  if (/[\r\n]/.test(removed) || /[\r\n]/.test(inserted)) return undefined;
  let line = 0;
  let lineStart = 0;
  for (let at = before.indexOf('\n'); at >= 0 && at < prefix; at = before.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  // A lone `\r` also ends a line for the reader, which this count by `\n` would miss.
  if (before.includes('\r') && /\r(?!\n)/.test(before)) return undefined;
  return { line, start: prefix - lineStart, removed: removed.length, inserted: inserted.length, text: inserted };
}

/** Where a position on the edited line moves to; positions on other lines stay. */
export function shiftPosition<P extends { line: number; character: number }>(position: P, edit: LineEdit): P {
  if (position.line !== edit.line || position.character <= edit.start) return position;
  const end = edit.start + edit.removed;
  const character = position.character >= end ? position.character + edit.inserted - edit.removed : edit.start;
  return { ...position, character };
}

export function shiftRange(range: SourceRange, edit: LineEdit): SourceRange {
  if (range.start.line > edit.line || range.end.line < edit.line) return range;
  return { start: shiftPosition(range.start, edit), end: shiftPosition(range.end, edit) };
}

/** The edited line's new text, from its old text. */
export function applyToLine(line: string, edit: LineEdit): string {
  return line.slice(0, edit.start) + edit.text + line.slice(edit.start + edit.removed);
}
