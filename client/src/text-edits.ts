/**
 * The changes between two versions of a text as a few replacements, line by line (node-diff3's
 * diff). Applied as a WorkspaceEdit, they change only the lines that differ, so an open editor
 * keeps its cursor, scroll position and folding, and one Undo takes the whole change back.
 */
// An ESM-only package's types, from CommonJS code: a type-only import naming its resolution mode.
type Diff3 = typeof import('node-diff3', { with: { 'resolution-mode': 'import' } });
import { commonEnds } from '../../server/src/regenerate/common-ends';

// node-diff3 ships CommonJS but declares its types as an ES module: see server/src/regenerate/three-way-merge.ts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { diffIndices } = require('node-diff3') as Diff3;

export interface TextReplacement {
  /** Offsets in the old text. */
  start: number;
  end: number;
  text: string;
}

/** Lines with their own line ends, so joining them gives the text back exactly. */
function linesWithEnds(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function lineReplacements(before: string, after: string): TextReplacement[] {
  const oldLines = linesWithEnds(before);
  const newLines = linesWithEnds(after);
  const offsets = [0];
  for (const line of oldLines) offsets.push(offsets[offsets.length - 1] + line.length);
  const { prefix, suffix } = commonEnds([oldLines, newLines]);
  const middle = (lines: string[]) => lines.slice(prefix, lines.length - suffix);
  return diffIndices(middle(oldLines), middle(newLines)).map((hunk) => ({
    start: offsets[prefix + hunk.buffer1[0]],
    end: offsets[prefix + hunk.buffer1[0] + hunk.buffer1[1]],
    text: hunk.buffer2Content.join(''),
  }));
}
