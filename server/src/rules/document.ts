/**
 * Geometry of the Markdown text the model was read from: table cells, sections, fences.
 * The model locates rows and lines; rules need finer (a cell) or coarser (the end of the
 * Indexes table, the mermaid fence) positions for their ranges and fixes, found here from
 * the lines themselves so no rule re-parses Markdown on its own.
 */
import type { Located, SourceRange } from '../model/types';
import { appendAll, rangeOf } from '../model/util';

/** Where a rule points when the element it speaks about has no range (hand-built models). */
export const DOCUMENT_START: SourceRange = rangeOf(0, 0, 0, 0);

export function rangeOrStart(element: Located | undefined): SourceRange {
  return element?.range ?? DOCUMENT_START;
}

/** The whole of a line, or the document start when the line does not exist. */
export function wholeLine(lines: readonly string[], line: number): SourceRange {
  if (line < 0 || line >= lines.length) return DOCUMENT_START;
  return rangeOf(line, 0, line, lines[line].length);
}

/** The first line of a range, whole: for elements whose range covers a block. */
export function firstLineOf(lines: readonly string[], range: SourceRange | undefined): SourceRange {
  return range ? wholeLine(lines, range.start.line) : DOCUMENT_START;
}

/** Character spans of the trimmed contents of each cell of a GFM table row (`\|` does not split). */
export function cellSpans(lineText: string): { start: number; end: number }[] {
  const pipes: number[] = [];
  for (let i = 0; i < lineText.length; i++) {
    if (lineText[i] === '\\') {
      i++;
      continue;
    }
    if (lineText[i] === '|') pipes.push(i);
  }
  const bounds: number[] = [];
  const leading = lineText.trimStart().startsWith('|');
  if (!leading) bounds.push(-1);
  appendAll(bounds, pipes);
  const trailing = lineText.trimEnd().endsWith('|') && !lineText.trimEnd().endsWith('\\|');
  if (!trailing) bounds.push(lineText.length);
  const spans: { start: number; end: number }[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    let start = bounds[k] + 1;
    let end = bounds[k + 1];
    while (start < end && /\s/.test(lineText[start])) start++;
    while (end > start && /\s/.test(lineText[end - 1])) end--;
    spans.push({ start, end });
  }
  return spans;
}

/** The range of cell `index` (0-based) of the table row on `line`; the whole line if it has no such cell. */
export function cellRange(lines: readonly string[], line: number | undefined, index: number): SourceRange {
  if (line === undefined || line < 0 || line >= lines.length) return DOCUMENT_START;
  const span = cellSpans(lines[line])[index];
  if (!span) return wholeLine(lines, line);
  return rangeOf(line, span.start, line, span.end);
}

/** The cell of a row element (`Column`, `Index`, `SecurityAnnotation`) read from a table. */
export function cellOf(lines: readonly string[], row: Located, index: number): SourceRange {
  return row.range ? cellRange(lines, row.range.start.line, index) : DOCUMENT_START;
}

/** The text of a range that lies on one line. */
export function textAt(lines: readonly string[], range: SourceRange): string {
  if (range.start.line !== range.end.line) return '';
  return (lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
}

const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w-]*)/;

/** A closing fence: only the opening's character, at least as many of them (CommonMark). */
function closesFence(line: string, opening: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= opening.length && trimmed === opening[0].repeat(trimmed.length);
}

const fencedCache = new WeakMap<readonly string[], boolean[]>();
const sectionCache = new WeakMap<readonly string[], Map<string, Section | undefined>>();

/** Lines inside fenced code blocks, so a `## x` in a sql fence is never taken for a heading. Cached per lines array (rules share one). */
function fencedLines(lines: readonly string[]): boolean[] {
  const cached = fencedCache.get(lines);
  if (cached && cached.length === lines.length) return cached;
  const inside = new Array<boolean>(lines.length).fill(false);
  let open: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const match = FENCE.exec(lines[i]);
    if (open) {
      inside[i] = true;
      if (closesFence(lines[i], open)) open = undefined;
    } else if (match) {
      inside[i] = true;
      open = match[1];
    }
  }
  fencedCache.set(lines, inside);
  return inside;
}

export interface Section {
  /** Line of the `## Title` heading. */
  heading: number;
  /** First line after the section (the next heading of the same or a higher level, or `lines.length`). */
  end: number;
}

/** The `## <title>` section (level 2), matched case-insensitively on the title's start. */
export function findSection(lines: readonly string[], title: RegExp): Section | undefined {
  let cache = sectionCache.get(lines);
  if (!cache) sectionCache.set(lines, (cache = new Map()));
  const key = `${title.source}/${title.flags}`;
  if (!cache.has(key)) cache.set(key, scanSection(lines, title));
  return cache.get(key);
}

function scanSection(lines: readonly string[], title: RegExp): Section | undefined {
  const fenced = fencedLines(lines);
  for (let i = 0; i < lines.length; i++) {
    if (fenced[i]) continue;
    const match = HEADING.exec(lines[i]);
    if (!match || match[1].length !== 2 || !title.test(match[2])) continue;
    let end = i + 1;
    while (end < lines.length) {
      const next = fenced[end] ? null : HEADING.exec(lines[end]);
      if (next && next[1].length <= 2) break;
      end++;
    }
    return { heading: i, end };
  }
  return undefined;
}

/** The first fenced block with the given info string between `from` and `to`: its opening and closing lines. */
export function findFence(
  lines: readonly string[],
  info: RegExp,
  from = 0,
  to = lines.length,
): { open: number; close: number } | undefined {
  for (let i = from; i < to; i++) {
    const match = FENCE.exec(lines[i]);
    if (!match || !info.test(match[2])) continue;
    for (let j = i + 1; j < lines.length; j++) {
      if (closesFence(lines[j], match[1])) return { open: i, close: j };
    }
    return { open: i, close: lines.length };
  }
  return undefined;
}

const TABLE_ROW = /^\s*\|.*\|\s*$/;

/**
 * The last line of the pipe table that starts at or after `from` (before `to`) and before the
 * next heading: the table of the section `from` is in, never one of a later section. Stopping
 * at the heading also keeps rules that call this once per table linear in the document (a
 * document of 10,000 headings without tables made each call scan to the end).
 */
export function lastTableRow(lines: readonly string[], from: number, to = lines.length): number | undefined {
  let i = from;
  while (i < to && !TABLE_ROW.test(lines[i])) {
    if (HEADING.test(lines[i])) return undefined;
    i++;
  }
  if (i >= to) return undefined;
  while (i + 1 < to && TABLE_ROW.test(lines[i + 1])) i++;
  return i;
}

/** A table row from cells, in the document's `| a | b |` style. */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
}
