/**
 * The document as a flat list of blocks with line numbers, built from markdown-it's block
 * tokens. markdown-it is used only for what it is good at (deciding which lines form a
 * heading, a fence, a table, a paragraph); everything positional is recomputed from the
 * source lines, and a few places where the flattened reference copy defeats Markdown are
 * repaired here, so the section reader never has to think about them:
 *
 * - Paragraphs are handed on line by line (`LineBlock`), because the flattened copy runs
 *   section titles, table names and SQL together in one paragraph.
 * - Pipe tables are found here, inside paragraphs, not by markdown-it's table rule: that
 *   rule builds a token per cell (most of the parse time on a large document; we split
 *   cells ourselves anyway for their ranges), and in GFM a table swallows every following
 *   non-blank line, which in the flattened copy is the rest of the document. Here a
 *   header/delimiter pair starts a table, a line with pipes continues it, and a line
 *   without pipes ends it.
 * - A setext heading (`text` + `---`) is read as its lines plus a rule: the format never
 *   uses setext headings, and the flattened header lines followed by `---` form one.
 * - A mermaid fence that is never closed ends where its lines stop being `erDiagram`
 *   grammar; the rest of the document is read as Markdown again.
 */
import MarkdownIt from 'markdown-it';
import type { SourceRange } from '../model/types';
import { rangeOf } from '../model/util';
import { unfencedDiagramLength } from '../mermaid/parse';
import { isDelimiterRow, splitRow, type Cell } from './table-cells';

export interface HeadingBlock {
  kind: 'heading';
  level: number;
  text: string;
  line: number;
  range: SourceRange;
}

/** One line of a paragraph (trimmed). Lines of one paragraph share `paragraph`. */
export interface LineBlock {
  kind: 'line';
  text: string;
  line: number;
  paragraph: number;
  range: SourceRange;
}

export interface TableRow {
  cells: Cell[];
  line: number;
  range: SourceRange;
}

export interface TableBlock {
  kind: 'table';
  header: TableRow;
  rows: TableRow[];
  range: SourceRange;
}

export interface FenceBlock {
  kind: 'fence';
  /** The info string's first word, lower case: `sql`, `mermaid`. */
  language: string;
  /** First and one-past-last document line of the content. */
  contentStart: number;
  contentEnd: number;
  closed: boolean;
  range: SourceRange;
}

/** Lists, block quotes, indented code: kept as raw text (a note, if anything). */
export interface OtherBlock {
  kind: 'other';
  text: string;
  range: SourceRange;
}

export interface RuleBlock {
  kind: 'rule';
  range: SourceRange;
}

export type Block = HeadingBlock | LineBlock | TableBlock | FenceBlock | OtherBlock | RuleBlock;

// `html: true` so that HTML comments become html blocks (ignored) rather than paragraphs.
// The table rule is off: tables are found in paragraphs by `splitParagraph` (see above).
const markdown = new MarkdownIt('default', { html: true, linkify: false, typographer: false }).disable(['table']);

/**
 * After this many unclosed mermaid fences the rest of the document is left as fence
 * content: each recovery re-tokenizes the remainder, and a pathological input must not
 * make reading quadratic.
 */
const MAX_FENCE_RECOVERIES = 16;

/** Normalise line endings as markdown-it does, and split into lines. */
export function sourceLines(text: string): { normalized: string; lines: string[] } {
  const normalized = text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
  return { normalized, lines: normalized.split('\n') };
}

function trimmedLineRange(lines: readonly string[], line: number): SourceRange {
  const text = lines[line] ?? '';
  const start = text.search(/\S/);
  return rangeOf(line, start < 0 ? 0 : start, line, text.trimEnd().length);
}

function spanRange(lines: readonly string[], first: number, last: number): SourceRange {
  return rangeOf(first, 0, last, (lines[last] ?? '').length);
}

export function readBlocks(normalized: string, lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  const state = new markdown.block.State(normalized, markdown, {}, []);
  let paragraphCount = 0;
  let recoveries = 0;

  const tokenize = (startLine: number, endLine: number): void => {
    state.tokens = [];
    state.level = 0;
    state.parentType = 'root';
    markdown.block.tokenize(state, startLine, endLine);
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      if (token.level !== 0 || !token.map) continue;
      const [first, end] = token.map;
      switch (token.type) {
        case 'heading_open': {
          if (token.markup === '=' || token.markup === '-') {
            // Setext: its text lines, then the underline as a rule.
            splitParagraph(first, end - 1);
            blocks.push({ kind: 'rule', range: trimmedLineRange(lines, end - 1) });
          } else {
            const text = (lines[first] ?? '')
              .trim()
              .replace(/^#{1,6}\s*/, '')
              .replace(/(^|\s+)#+\s*$/, '')
              .trim();
            blocks.push({ kind: 'heading', level: token.markup.length, text, line: first, range: trimmedLineRange(lines, first) });
          }
          break;
        }
        case 'paragraph_open':
          splitParagraph(first, end);
          break;
        case 'fence': {
          const closed = isClosedFence(lines, first, end);
          const language = token.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
          const contentEnd = closed ? end - 1 : end;
          if (!closed && language === 'mermaid' && recoveries < MAX_FENCE_RECOVERIES) {
            // The flattened copy opens the diagram's fence and never closes it.
            recoveries++;
            const length = unfencedDiagramLength(lines.slice(first + 1, end));
            const diagramEnd = first + 1 + length;
            blocks.push({
              kind: 'fence',
              language,
              contentStart: first + 1,
              contentEnd: diagramEnd,
              closed: false,
              range: spanRange(lines, first, Math.max(first, diagramEnd - 1)),
            });
            if (diagramEnd < end) tokenize(diagramEnd, end);
            return; // the recursive call read the rest of this range
          }
          blocks.push({
            kind: 'fence',
            language,
            contentStart: first + 1,
            contentEnd,
            closed,
            range: spanRange(lines, first, end - 1),
          });
          break;
        }
        case 'hr':
          blocks.push({ kind: 'rule', range: trimmedLineRange(lines, first) });
          break;
        case 'html_block':
          break;
        case 'bullet_list_open':
        case 'ordered_list_open':
        case 'blockquote_open':
        case 'code_block': {
          const text = lines
            .slice(first, end)
            .map((line) => line.trimEnd())
            .join('\n')
            .trim();
          if (text !== '') blocks.push({ kind: 'other', text, range: spanRange(lines, first, end - 1) });
          break;
        }
        default:
          break;
      }
    }
  };

  /**
   * A paragraph's lines: pipe tables (a header row followed by a delimiter row, then rows
   * with pipes) and plain lines. Plain lines before the first table keep the paragraph's
   * grouping; each run of plain lines after a table is a paragraph of its own.
   */
  const splitParagraph = (first: number, end: number): void => {
    let table: TableBlock | undefined;
    let paragraph = paragraphCount++;
    for (let line = first; line < end; line++) {
      const text = lines[line] ?? '';
      if (line + 1 < end && text.includes('|') && isDelimiterRow(lines[line + 1]!)) {
        table = {
          kind: 'table',
          header: { cells: splitRow(text), line, range: trimmedLineRange(lines, line) },
          rows: [],
          range: spanRange(lines, line, line + 1),
        };
        blocks.push(table);
        line++; // the delimiter row
        continue;
      }
      if (table && text.includes('|')) {
        table.rows.push({ cells: splitRow(text), line, range: trimmedLineRange(lines, line) });
        table.range = spanRange(lines, table.range.start.line, line);
        continue;
      }
      if (table) {
        table = undefined;
        paragraph = paragraphCount++;
      }
      const trimmed = text.trim();
      if (trimmed === '') continue;
      blocks.push({ kind: 'line', text: trimmed, line, paragraph, range: trimmedLineRange(lines, line) });
    }
  };

  tokenize(0, lines.length);
  return blocks;
}

function isClosedFence(lines: readonly string[], first: number, end: number): boolean {
  if (end - first < 2) return false;
  const open = /^\s*(`{3,}|~{3,})/.exec(lines[first] ?? '');
  const close = /^\s*(`{3,}|~{3,})\s*$/.exec(lines[end - 1] ?? '');
  return !!open && !!close && close[1]![0] === open[1]![0] && close[1]!.length >= open[1]!.length;
}
