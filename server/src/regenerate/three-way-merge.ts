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
// An ESM-only package's types, from CommonJS code: a type-only import naming its resolution mode.
type Diff3 = typeof import('node-diff3', { with: { 'resolution-mode': 'import' } });
import { commonEnds } from './common-ends';
import { conflictOpeningLines } from './conflict-blocks';

// node-diff3 ships CommonJS (its "require" export) but declares its types as an ES module,
// which TypeScript will not let this CommonJS project import: take the types, require the code.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { diffIndices, mergeDiff3 } = require('node-diff3') as Diff3;

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
  const [o, a, b] = [base, ours, theirs].map((text) => text.split('\n'));
  const { prefix, suffix } = commonEnds([o, a, b]);
  const middle = (lines: string[]) => lines.slice(prefix, lines.length - suffix);
  const result = mergeDiff3(middle(a), middle(o), middle(b), {
    label: { a: labels.ours, o: labels.base, b: labels.theirs },
  });
  const text = [...o.slice(0, prefix), ...result.result.map(String), ...o.slice(o.length - suffix)].join('\n');
  return { text, conflictLines: result.conflict ? conflictOpeningLines(text) : [] };
}

/** How many separate places `edited` differs from `original` (for "your 3 edits are kept"). */
export function countChangedPlaces(original: string, edited: string): number {
  const [before, after] = [original, edited].map((text) => text.split('\n'));
  const { prefix, suffix } = commonEnds([before, after]);
  return diffIndices(before.slice(prefix, before.length - suffix), after.slice(prefix, after.length - suffix)).length;
}
