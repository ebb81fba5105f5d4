/**
 * Writing into the mermaid `erDiagram` fence: where an entity block ends, how attribute lines
 * are indented, and the text of a new block, in the document's own style.
 */
import type { Column, DataModel, DiagramEntity } from '../model/types';
import { diagramNameFor, mermaidTypeFor } from '../mermaid/diagram';
import { findFence, findSection } from './document';

/** The line of the `}` closing an entity block, scanning from the block's first line. */
export function blockEnd(lines: readonly string[], entity: DiagramEntity): number | undefined {
  if (!entity.range) return undefined;
  for (let i = entity.range.start.line; i < lines.length; i++) {
    if (/^\s*}\s*$/.test(lines[i])) return i;
    if (/^\s*(`{3,}|~{3,})/.test(lines[i])) return undefined;
  }
  return undefined;
}

/** Leading whitespace the document uses for attribute lines (none in the reference). */
export function attributeIndent(lines: readonly string[], model: DataModel): string {
  for (const entity of model.diagram.entities) {
    const line = entity.attributes[0]?.range?.start.line;
    if (line !== undefined) return /^\s*/.exec(lines[line] ?? '')?.[0] ?? '';
  }
  return '    ';
}

/** Leading whitespace of entity header lines. */
export function entityIndent(lines: readonly string[], model: DataModel): string {
  const line = model.diagram.entities[0]?.range?.start.line;
  return line !== undefined ? (/^\s*/.exec(lines[line] ?? '')?.[0] ?? '') : '  ';
}

/** The attribute line for a column, as the generator would draw it: `int dataset_id FK`. */
export function attributeLine(column: Column, indent: string): string {
  const keys: string[] = [];
  if (column.primaryKey) keys.push('PK');
  if (column.foreignKey) keys.push('FK');
  if (column.unique && !column.primaryKey) keys.push('UK');
  return `${indent}${mermaidTypeFor(column.type)} ${column.name}${keys.length ? ` ${keys.join(', ')}` : ''}`;
}

export function entityBlock(name: string, columns: readonly Column[], outer: string, inner: string): string[] {
  return [`${outer}${diagramNameFor(name)} {`, ...columns.map((column) => attributeLine(column, inner)), `${outer}}`];
}

/** Where a new entity block goes: after the last block, else after `erDiagram`; undefined without a diagram fence. */
export function newBlockLine(lines: readonly string[], model: DataModel): number | undefined {
  const ends = model.diagram.entities.map((entity) => blockEnd(lines, entity)).filter((line): line is number => line !== undefined);
  if (ends.length > 0) return Math.max(...ends) + 1;
  const section = findSection(lines, /^entity relationship diagram/i);
  const fence = findFence(lines, /^mermaid$/i, section?.heading ?? 0, section?.end ?? lines.length);
  if (!fence) return undefined;
  for (let i = fence.open + 1; i < fence.close; i++) if (/^\s*erDiagram\b/.test(lines[i])) return i + 1;
  return undefined;
}
