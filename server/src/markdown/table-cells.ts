/**
 * Pipe-table rows, split by hand rather than through markdown-it's tokens: markdown-it
 * tells us which lines form a table, but not where each cell sits on its line, and the
 * linter needs cell ranges to point at the exact cell it complains about.
 */

/** One cell of a pipe-table row: its text (trimmed, `\|` unescaped) and where it sits on the line. */
export interface Cell {
  text: string;
  /** Character offsets on the row's line of the trimmed cell content (half-open). */
  start: number;
  end: number;
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** True when a line is a GFM delimiter row such as `|---|:---:|`. */
export function isDelimiterRow(line: string): boolean {
  // Cheap rejection first: this runs on every paragraph line.
  let i = 0;
  while (i < line.length && isBlank(line.charCodeAt(i))) i++;
  const first = line[i];
  if (first !== '|' && first !== '-' && first !== ':') return false;
  const trimmed = line.trim();
  if (!trimmed.includes('-')) return false;
  const inner = trimmed.replace(/^\|/, '').replace(/\|$/, '');
  if (inner.length === 0) return false;
  return inner.split('|').every((part) => /^\s*:?-+:?\s*$/.test(part));
}

/**
 * Split a row into cells. A pipe preceded by a backslash is part of the cell (`\|` reads as
 * `|`); leading and trailing pipes are optional, as in GFM.
 */
export function splitRow(line: string): Cell[] {
  let firstContent = 0;
  while (firstContent < line.length && isBlank(line.charCodeAt(firstContent))) firstContent++;
  if (firstContent === line.length) return [];
  let lastContent = line.length - 1;
  while (lastContent > firstContent && isBlank(line.charCodeAt(lastContent))) lastContent--;

  // Cell boundaries: unescaped pipes, plus the line's ends when it has no outer pipes.
  const bounds: number[] = [];
  if (line.charCodeAt(firstContent) !== 0x7c) bounds.push(firstContent - 1);
  for (let i = firstContent; i <= lastContent; i++) {
    const code = line.charCodeAt(i);
    if (code === 0x5c /* \ */ && line.charCodeAt(i + 1) === 0x7c /* | */) {
      i++;
      continue;
    }
    if (code === 0x7c) bounds.push(i);
  }
  if (bounds[bounds.length - 1] !== lastContent) {
    bounds.push(lastContent + 1);
  }

  const cells: Cell[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    let start = bounds[k]! + 1;
    let end = bounds[k + 1]!;
    while (start < end && isBlank(line.charCodeAt(start))) start++;
    while (end > start && isBlank(line.charCodeAt(end - 1))) end--;
    cells.push({ text: unescapeCell(line.slice(start, end)), start, end });
  }
  return cells;
}

function unescapeCell(raw: string): string {
  return raw.includes('\\|') ? raw.replace(/\\\|/g, '|') : raw;
}

/**
 * Make text safe for one cell: pipes are escaped and line breaks (which would end the row)
 * become spaces. The latter loses information, but a broken table would lose more.
 */
export function escapeCell(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|');
}

/**
 * A table row as the reference writes it: `| a | b |`, and an empty cell as `| |`
 * (as in the reference's `| NOW() | |`).
 */
export function formatRow(cells: readonly string[]): string {
  return '|' + cells.map((cell) => (cell === '' ? ' ' : ` ${escapeCell(cell)} `)).join('|') + '|';
}

export function formatDelimiterRow(columnCount: number): string {
  return '|' + Array.from({ length: columnCount }, () => '---').join('|') + '|';
}
