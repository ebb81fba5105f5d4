import type { DataModel, SourceRange } from './types';

/** A model with nothing in it, for readers and generators to fill. */
export function emptyModel(): DataModel {
  return {
    header: { domain: '', database: 'PostgreSQL', orm: '', date: '', specReference: '' },
    diagram: { entities: [], relationships: [] },
    entities: [],
    indexes: [],
    foreignKeys: [],
    checks: [],
    roles: [],
    security: [],
    typeGuidelines: [],
    audit: { columns: [], note: '' },
  };
}

/** Deep copy without source ranges, so models read from different places compare equal. */
export function stripRanges<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (key, inner) => (key === 'range' || key === 'headingRange' ? undefined : inner)),
  ) as T;
}

export function rangeOf(line: number, startCharacter: number, endLine: number, endCharacter: number): SourceRange {
  return { start: { line, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

/** The whole of one line of `text` (0-based). */
export function lineRange(lines: readonly string[], line: number): SourceRange {
  return rangeOf(line, 0, line, (lines[line] ?? '').length);
}

/**
 * Appends `items` to `target` one by one. `target.push(...items)` passes every item as an
 * argument, and past about 100,000 (the findings of a large hostile document) that overflows
 * the call stack.
 */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
