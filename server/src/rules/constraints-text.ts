/**
 * Writing into the Constraints section: the sql fence under `**Foreign Keys:**`.
 */
import { findFence, findSection } from './document';

/** The line of the closing fence of the Foreign Keys sql block, where a new statement goes. */
export function foreignKeyFenceEnd(lines: readonly string[]): number | undefined {
  const section = findSection(lines, /^constraints\b/i);
  if (!section) return undefined;
  let label = section.heading + 1;
  while (label < section.end && !/foreign\s+keys/i.test(lines[label])) label++;
  if (label >= section.end) return undefined;
  const fence = findFence(lines, /^sql$/i, label, section.end);
  return fence && fence.close < section.end ? fence.close : undefined;
}

export function foreignKeyStatement(table: string, columns: readonly string[], refTable: string, refColumns: readonly string[]): string[] {
  return [
    `ALTER TABLE ${table} ADD CONSTRAINT fk_${table}_${columns.join('_')}`,
    `FOREIGN KEY (${columns.join(', ')}) REFERENCES ${refTable}(${refColumns.join(', ')});`,
  ];
}
