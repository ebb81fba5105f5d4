/** Writing into the `## Security Annotations` table. */
import type { DataModel, Sensitivity } from '../model/types';
import { findSection, lastTableRow, tableRow } from './document';
import { insertLines } from './edits';
import { isAdminRole } from './model-queries';
import type { TextEdit } from './types';

/** A new row after the table's last; undefined when the document has no such table to extend. */
export function insertSecurityRow(lines: readonly string[], cells: readonly string[]): TextEdit | undefined {
  const section = findSection(lines, /^security annotations\b/i);
  if (!section) return undefined;
  const last = lastTableRow(lines, section.heading + 1, section.end);
  return last === undefined ? undefined : insertLines(lines, last + 1, [tableRow(cells)]);
}

/** The cautious row for a table nobody annotated: administrators Full, everyone else NONE. */
export function defaultSecurityCells(model: DataModel, table: string, sensitivity: Sensitivity): string[] {
  return [table, sensitivity, ...model.roles.map((role) => (isAdminRole(role) ? 'Full' : 'NONE'))];
}
