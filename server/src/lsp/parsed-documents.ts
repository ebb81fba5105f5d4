/**
 * One parse per document version, shared by diagnostics, hovers, symbols and definitions, so
 * a keystroke costs one read however many features ask.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readMarkdown } from '../markdown/reader';
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
}

/** `data-model.md`, or Markdown whose first heading is `# Data Model: …`. */
export function isDataModelDocument(uri: string, text: string): boolean {
  if (/(^|\/)data-model\.md$/i.test(decodeURIComponent(uri))) return true;
  const head = text.slice(0, 4000);
  return /^#\s+Data Model:/m.test(head);
}

export class ParsedDocuments {
  private readonly cache = new Map<string, ParsedDocument>();

  get(document: TextDocument): ParsedDocument {
    const cached = this.cache.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const text = document.getText();
    const { model, problems } = readMarkdown(text);
    const parsed: ParsedDocument = { uri: document.uri, version: document.version, text, lines: splitLines(text), model, problems };
    this.cache.set(document.uri, parsed);
    return parsed;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
