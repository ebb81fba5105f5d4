/**
 * A line-based three-way merge (diff3, with node-diff3): the changes between `base` and each
 * side are combined; where both sides changed the same lines differently, a conflict block in
 * git's diff3 style is written, which VS Code colours and offers "Accept Current / Incoming /
 * Both" on, and which its merge editor and `git mergetool` understand:
 *
 *   <<<<<<< yours (data-model.md)
 *   | score | NUMERIC(4,3) | … |
 *   ||||||| generated last time
 *   | score | REAL | … |
 *   =======
 *   | score | REAL | NOT NULL … |
 *   >>>>>>> generated now (from spec.md)
 *
 * Both sides making the same change is not a conflict.
 */
import type * as Diff3 from 'node-diff3' with { 'resolution-mode': 'import' };
import { conflictOpeningLines } from './conflict-blocks';

// node-diff3 ships CommonJS (its "require" export) but declares its types as an ES module,
// which TypeScript will not let this CommonJS project import: take the types, require the code.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { diffIndices, mergeDiff3 } = require('node-diff3') as typeof Diff3;

export interface MergeLabels {
  ours: string;
  base: string;
  theirs: string;
}

export interface ThreeWayMerge {
  text: string;
  /** 1-based line of each conflict's `<<<<<<<` in `text`. */
  conflictLines: number[];
}


export function mergeThreeWays(base: string, ours: string, theirs: string, labels: MergeLabels): ThreeWayMerge {
  const result = mergeDiff3(ours.split('\n'), base.split('\n'), theirs.split('\n'), {
    label: { a: labels.ours, o: labels.base, b: labels.theirs },
  });
  const lines = result.result.map(String);
  const text = lines.join('\n');
  return { text, conflictLines: result.conflict ? conflictOpeningLines(text) : [] };
}

/** How many separate places `edited` differs from `original` (for "your 3 edits are kept"). */
export function countChangedPlaces(original: string, edited: string): number {
  return diffIndices(original.split('\n'), edited.split('\n')).length;
}
