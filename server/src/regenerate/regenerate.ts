/**
 * What Generate should write when `data-model.md` may already exist: the one decision shared
 * by VS Code (which proposes it as a diff) and the CLI (which writes or refuses), so both give
 * the same bytes.
 *
 *   no file                      → the generation (with its remembered base)
 *   the file has conflict blocks → nothing: resolve them first (merging over them would nest them)
 *   base remembered              → three-way merge: base = last generated, ours = the file,
 *                                  theirs = the new generation; hand edits the new generation
 *                                  does not touch survive, real conflicts become conflict blocks
 *   no (intact) base             → the whole new generation, to review as a diff (today's flow)
 */
import { splitGeneratedBase, withGeneratedBase } from './generated-base';
import { conflictOpeningLines } from './conflict-blocks';
import { countChangedPlaces, mergeThreeWays } from './three-way-merge';

export type Regeneration =
  /** No file yet: write `text`. */
  | { kind: 'new'; text: string }
  /** Regenerating changes nothing in the file. */
  | { kind: 'unchanged'; text: string }
  /** The file still holds conflict blocks (1-based lines of each `<<<<<<<`) from an earlier merge. */
  | { kind: 'unresolved'; conflictLines: number[] }
  /** Merged with the remembered base: `keptEdits` places where the file differs from what was
   *  generated last time are kept; `conflictLines` are the `<<<<<<<` lines in `text`. */
  | { kind: 'merged'; text: string; conflictLines: number[]; keptEdits: number }
  /** No base to merge with (a hand-written file, an older one, or a damaged comment): `text`
   *  is the new generation, which replaces the whole file if the user accepts it. */
  | { kind: 'replace'; text: string; why: 'missing' | 'damaged' };

/** `spec` names the spec in the conflict blocks' label of the new side (`specs/001-x/spec.md`). */
export function regenerate(current: string | undefined, generated: string, spec: string): Regeneration {
  if (current === undefined) return { kind: 'new', text: withGeneratedBase(generated) };

  // Merge in LF, give the result back with the file's own line ends (a Windows checkout has CRLF).
  const crlf = current.includes('\r\n');
  const normalized = crlf ? current.replace(/\r\n/g, '\n') : current;
  const withFileEnds = (text: string) => (crlf ? text.replace(/\n/g, '\r\n') : text);

  const unresolved = conflictOpeningLines(normalized);
  if (unresolved.length > 0) return { kind: 'unresolved', conflictLines: unresolved };

  const { text: ours, base, status } = splitGeneratedBase(normalized);
  if (base === undefined) {
    if (ours === generated) return { kind: 'unchanged', text: current };
    return { kind: 'replace', text: withFileEnds(withGeneratedBase(generated)), why: status === 'damaged' ? 'damaged' : 'missing' };
  }

  const merged = mergeThreeWays(base, ours, generated, {
    ours: 'yours',
    base: 'generated last time',
    theirs: `generated now from ${spec}`,
  });
  const text = withFileEnds(withGeneratedBase(generated, merged.text));
  if (text === current) return { kind: 'unchanged', text: current };
  return { kind: 'merged', text, conflictLines: merged.conflictLines, keptEdits: countChangedPlaces(base, ours) };
}
