/**
 * Writing into the `## Indexes` table: a new row after the last one, creating the table (or
 * the whole section, before `## Constraints`) when the document has none.
 */
import { findSection, lastTableRow, tableRow } from './document';
import { insertLines } from './edits';
import { bytes, MAX_IDENTIFIER_BYTES, shortenedIdentifier } from './identifier-length';
import type { TextEdit } from './types';

const HEADER = ['| Index Name | Table | Columns | Type | Purpose |', '|---|---|---|---|---|'];

export function insertIndexRow(lines: readonly string[], cells: readonly string[]): TextEdit {
  const row = tableRow(cells);
  const section = findSection(lines, /^indexes\b/i);
  if (section) {
    const last = lastTableRow(lines, section.heading + 1, section.end);
    if (last !== undefined) return insertLines(lines, last + 1, [row]);
    return insertLines(lines, section.heading + 1, ['', ...HEADER, row]);
  }
  const before = findSection(lines, /^constraints\b/i) ?? findSection(lines, /^security annotations\b/i);
  if (before) return insertLines(lines, before.heading, ['## Indexes', '', ...HEADER, row, '']);
  return insertLines(lines, lines.length, ['', '## Indexes', '', ...HEADER, row]);
}

/** `idx_<table>_<columns>`, made unique against the names already used (lower-case names in `taken`, which it extends). */
export function indexName(table: string, columns: readonly string[], taken: Set<string>): string {
  const base = `idx_${table}_${columns.join('_')}`.replace(/[^A-Za-z0-9_]/g, '_');
  // PostgreSQL would cut a longer name to 63 bytes (and DM005 would report it).
  if (bytes(base) > MAX_IDENTIFIER_BYTES) {
    const short = shortenedIdentifier(base, taken);
    taken.add(short.toLowerCase());
    return short;
  }
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
  taken.add(name.toLowerCase());
  return name;
}
