/**
 * One parse per document version, shared by diagnostics, hovers, symbols and definitions, so
 * a keystroke costs one read however many features ask.
 *
 * Typing in a column row takes the reader's fast path (`readAfterRowEdit`): the previous
 * version's model with one column changed, instead of a read of the whole document.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isDataModelDocument } from '../api/data-model-document';
import { readAfterRowEdit } from '../markdown/row-edit';
import { readMarkdown } from '../markdown/reader';
import { applyToLine, singleLineEdit, type LineEdit } from '../model/line-edit';
import type { DataModel, Problem } from '../model/types';
import { splitLines } from '../rules/edits';

export interface ParsedDocument {
  uri: string;
  version: number;
  text: string;
  /** The text's lines without terminators: what every range indexes into. */
  lines: string[];
  model: DataModel;
  problems: Problem[];
  /** Set when this version was read by the fast path: the row edit made since `fromVersion`. */
  rowEdit?: { fromVersion: number; edit: LineEdit; proseOnly: boolean };
}

export { isDataModelDocument };

export class ParsedDocuments {
  private readonly cache = new Map<string, ParsedDocument>();

  get(document: TextDocument): ParsedDocument {
    const cached = this.cache.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const text = document.getText();
    const parsed = (cached && this.afterRowEdit(cached, document.version, text)) ?? this.read(document.uri, document.version, text);
    this.cache.set(document.uri, parsed);
    return parsed;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  private read(uri: string, version: number, text: string): ParsedDocument {
    const { model, problems } = readMarkdown(text);
    return { uri, version, text, lines: splitLines(text), model, problems };
  }

  private afterRowEdit(previous: ParsedDocument, version: number, text: string): ParsedDocument | undefined {
    const edit = singleLineEdit(previous.text, text);
    if (!edit) return undefined;
    const lines = previous.lines.slice();
    lines[edit.line] = applyToLine(lines[edit.line] ?? '', edit);
    const read = readAfterRowEdit(previous, lines, edit);
    if (!read) return undefined;
    const rowEdit = { fromVersion: previous.version, edit, proseOnly: read.proseOnly };
    return { uri: previous.uri, version, text, lines, model: read.model, problems: read.problems, rowEdit };
  }
}
