/**
 * The language server's copy of an open document, kept as an array of lines.
 *
 * `vscode-languageserver-textdocument` keeps one string and rebuilds it on every keystroke: on
 * a 350 KB data model that is 700 KB of garbage per key, 35 MB a second at typing speed, which
 * V8 lets pile up (the server's memory grew by half over 1,000 edits). Here a keystroke
 * replaces one line; the whole text is joined only when asked for (once per lint) and cached
 * until the next edit. Behaviour, including positions past the end of a line or of the
 * document and `\r\n` pairs split or joined by an edit, is that of the library's document:
 * `test/unit/line-text-document.test.ts` compares the two on random edits.
 */
import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

const CR = 13;
const LF = 10;

/** `text` cut after each line terminator (`\r\n`, `\r` or `\n`); the last piece has none and may be empty. */
function splitKeepingTerminators(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch !== CR && ch !== LF) continue;
    if (ch === CR && text.charCodeAt(i + 1) === LF) i++;
    pieces.push(text.slice(start, i + 1));
    start = i + 1;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** Length of a line without its terminator. */
function contentLength(line: string): number {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === CR || line.charCodeAt(end - 1) === LF)) end--;
  return end;
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

export class LineTextDocument implements TextDocument {
  private lines: string[];
  private text: string | undefined;
  private offsets: number[] | undefined;

  private constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    content: string,
  ) {
    this.lines = splitKeepingTerminators(content);
    this.text = content;
  }

  static create(uri: string, languageId: string, version: number, content: string): LineTextDocument {
    return new LineTextDocument(uri, languageId, version, content);
  }

  /** For `TextDocuments`: applies the changes in place, as the library's `TextDocument.update` does. */
  static update(document: LineTextDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): LineTextDocument {
    document.update(changes, version);
    return document;
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  getText(range?: Range): string {
    this.text ??= this.lines.join('');
    if (!range) return this.text;
    return this.text.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  offsetAt(position: Position): number {
    const offsets = this.lineOffsets();
    if (position.line >= this.lines.length) return offsets[this.lines.length]!;
    if (position.line < 0) return 0;
    const start = offsets[position.line]!;
    if (position.character <= 0) return start;
    return start + Math.min(position.character, contentLength(this.lines[position.line]!));
  }

  positionAt(offset: number): Position {
    const offsets = this.lineOffsets();
    const clamped = Math.max(0, Math.min(offset, offsets[this.lines.length]!));
    let low = 0;
    let high = this.lines.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (offsets[middle]! > clamped) high = middle;
      else low = middle + 1;
    }
    const line = Math.max(0, low - 1);
    return { line, character: Math.min(clamped - offsets[line]!, contentLength(this.lines[line]!)) };
  }

  getLineRange(line: number): Range {
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const at = Math.min(line, this.lines.length - 1);
    return { start: { line: at, character: 0 }, end: { line: at, character: contentLength(this.lines[at]!) } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.lines.length) return '';
    const text = this.lines[line]!;
    return text.slice(contentLength(text));
  }

  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change && change.range) this.replace(wellFormed(change.range), change.text);
      else this.lines = splitKeepingTerminators(change.text);
      this.text = undefined;
      this.offsets = undefined;
    }
    this.currentVersion = version;
  }

  /** Replaces the lines the range touches by the same lines with the range's text replaced. */
  private replace(range: Range, text: string): void {
    const last = this.lines.length - 1;
    const [firstLine, firstCharacter] = this.clamp(range.start);
    const [lastLine, lastCharacter] = this.clamp(range.end);
    let joined = this.lines[firstLine]!.slice(0, firstCharacter) + text + this.lines[lastLine]!.slice(lastCharacter);
    let from = firstLine;
    // A lone `\r` ending the line before and a `\n` now starting this one become one `\r\n`.
    // (The other end needs no care: the joined text ends with `lastLine`'s own terminator.)
    if (from > 0 && joined.charCodeAt(0) === LF && this.lines[from - 1]!.charCodeAt(this.lines[from - 1]!.length - 1) === CR) {
      from--;
      joined = this.lines[from] + joined;
    }
    const pieces = splitKeepingTerminators(joined);
    // The joined text ends with the terminator of `lastLine` unless that was the document's last line.
    if (lastLine < last) pieces.pop();
    if (pieces.length === 1 && lastLine === from) this.lines[from] = pieces[0]!;
    else if (pieces.length < 10_000) this.lines.splice(from, lastLine - from + 1, ...pieces);
    else this.lines = this.lines.slice(0, from).concat(pieces, this.lines.slice(lastLine + 1)); // too many for splice's arguments
  }

  /** A position as line and character within the document, clamped as `offsetAt` clamps it. */
  private clamp(position: Position): [number, number] {
    const last = this.lines.length - 1;
    if (position.line > last) return [last, this.lines[last]!.length];
    if (position.line < 0) return [0, 0];
    const line = this.lines[position.line]!;
    return [position.line, Math.max(0, Math.min(position.character, contentLength(line)))];
  }

  private lineOffsets(): number[] {
    if (!this.offsets) {
      const offsets = new Array<number>(this.lines.length + 1);
      let offset = 0;
      for (let i = 0; i < this.lines.length; i++) {
        offsets[i] = offset;
        offset += this.lines[i]!.length;
      }
      offsets[this.lines.length] = offset;
      this.offsets = offsets;
    }
    return this.offsets;
  }
}
