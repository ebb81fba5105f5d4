/**
 * The reader's fast path for the commonest keystrokes: typing in a column row of an entity
 * table. Re-reading a 300-table document costs tens of milliseconds; this re-reads only the
 * edited row, in a small document made of its table's heading, header and that row, and
 * splices the column into the previous model (a column row affects nothing else in the model but
 * its table's owner column for own-rows access, which is found again).
 *
 * It answers only when that is exactly what a full read would give: the edit stays within one
 * line, that line is a column row which the previous read turned into a column (and reported
 * nothing on), and the row still reads as a column, without problems. Anything else (a new
 * line, a heading, a row becoming malformed) returns undefined and the caller reads the whole
 * document. It also says whether only the description changed (`proseOnly`): then the rules
 * that do not read prose can keep their findings. `test/unit/incremental-lint.test.ts` checks
 * the result against a full read and lint on random edits.
 */
import { shiftRange, type LineEdit } from '../model/line-edit';
import { ownerColumnOf } from '../model/access';
import type { Column, DataModel, Entity, Problem, SourceRange } from '../model/types';
import { isDelimiterRow } from './table-cells';
import { readMarkdown, type ReadResult } from './reader';
import { SECTION } from './vocabulary';

export interface ReadSnapshot extends ReadResult {
  lines: readonly string[];
}

export interface RowEditRead extends ReadResult {
  /** Only the column's description changed. */
  proseOnly: boolean;
}

/** The model after `edit` (already applied to give `lines`), or undefined when only a full read can tell. */
export function readAfterRowEdit(previous: ReadSnapshot, lines: readonly string[], edit: LineEdit): RowEditRead | undefined {
  if (previous.problems.some((problem) => problem.range.start.line <= edit.line && problem.range.end.line >= edit.line)) return undefined;
  const found = columnOnLine(previous.model, edit.line);
  if (!found) return undefined;
  const { entity, index } = found;
  const firstRow = entity.columns[0]?.range?.start.line;
  const heading = entity.headingRange?.start.line;
  if (firstRow === undefined || heading === undefined || firstRow < 2) return undefined;
  const headingLine = lines[heading] ?? '';
  const headerLine = lines[firstRow - 2] ?? '';
  const delimiterLine = lines[firstRow - 1] ?? '';
  if (!/^#{3,6}\s/.test(headingLine) || !headerLine.includes('|') || !isDelimiterRow(delimiterLine)) return undefined;

  // The same table with the edited row alone: what a full read would make of that row.
  const miniRowLine = 6;
  const mini = readMarkdown([`## ${SECTION.entities}`, '', headingLine, '', headerLine, delimiterLine, lines[edit.line] ?? ''].join('\n'));
  if (mini.problems.some((problem: Problem) => problem.range.end.line >= 4)) return undefined;
  const reread = mini.model.entities[0]?.columns;
  if (mini.model.entities.length !== 1 || reread?.length !== 1) return undefined;
  const before = entity.columns[index]!;
  const after: Column = { ...reread[0]!, range: onLine(reread[0]!.range, miniRowLine, edit.line) };
  if (!movedAsEdited(before, after, edit)) return undefined;

  const columns = entity.columns.slice();
  columns[index] = after;
  // An entity ending on the edited row ends where its table does: at the end of the line, trailing
  // spaces included (blocks.ts spanRange), which shifting alone misses for text typed at the very end.
  const shifted = entity.range && shiftRange(entity.range, edit);
  const range = shifted && shifted.end.line === edit.line ? { start: shifted.start, end: { line: edit.line, character: (lines[edit.line] ?? '').length } } : shifted;
  const edited: Entity = { ...entity, columns, range };
  const entities = previous.model.entities.slice();
  entities[entities.indexOf(entity)] = edited;
  const model: DataModel = { ...previous.model, entities };
  // Renaming `user_id` or its type changes which column own-rows policies compare (model/access.ts).
  const owner = ownerColumnOf(model, edited);
  model.security = model.security.map((row) => {
    if (row.table !== edited.name || (row.owner?.name === owner?.name && row.owner?.type === owner?.type)) return row;
    const { owner: _previous, ...rest } = row;
    return owner ? { ...rest, owner } : rest;
  });
  return { model, problems: previous.problems, proseOnly: differsInDescriptionOnly(before, after) };
}

/** The column read from `line`, with its entity; columns are in line order within an entity. */
function columnOnLine(model: DataModel, line: number): { entity: Entity; index: number } | undefined {
  let low = 0;
  let high = model.entities.length - 1;
  // Entities are in document order: binary search on their ranges, then a scan of one table.
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = model.entities[middle]!.range;
    if (!range) return linearColumnOnLine(model, line);
    if (range.end.line < line) low = middle + 1;
    else if (range.start.line > line) high = middle - 1;
    else {
      const entity = model.entities[middle]!;
      const index = entity.columns.findIndex((column) => column.range?.start.line === line);
      return index >= 0 ? { entity, index } : undefined;
    }
  }
  return undefined;
}

function linearColumnOnLine(model: DataModel, line: number): { entity: Entity; index: number } | undefined {
  for (const entity of model.entities) {
    const index = entity.columns.findIndex((column) => column.range?.start.line === line);
    if (index >= 0) return { entity, index };
  }
  return undefined;
}

function onLine(range: SourceRange | undefined, from: number, to: number): SourceRange | undefined {
  if (!range || range.start.line !== from || range.end.line !== from) return undefined;
  return { start: { line: to, character: range.start.character }, end: { line: to, character: range.end.character } };
}

/** The row's range moved exactly as the edit says (so the entity's range can be moved the same way). */
function movedAsEdited(before: Column, after: Column, edit: LineEdit): boolean {
  if (!before.range || !after.range) return false;
  const expected = shiftRange(before.range, edit);
  return expected.start.character === after.range.start.character && expected.end.character === after.range.end.character;
}

/** Everything but the description (and the range) is the same. */
function differsInDescriptionOnly(before: Column, after: Column): boolean {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (key === 'description' || key === 'range') continue;
    if ((before as unknown as Record<string, unknown>)[key] !== (after as unknown as Record<string, unknown>)[key]) return false;
  }
  return true;
}
