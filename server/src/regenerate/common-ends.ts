/**
 * How many leading and trailing lines all the given versions share. node-diff3's longest
 * common subsequence slows down on long documents with many repeated lines (blank lines,
 * table separators: about 0.5 s for 1,000 lines on a loaded machine), so the diffs run only on
 * the middle part where the versions differ. The shared ends cannot change the result: every
 * version keeps them as they are.
 */
export function commonEnds(versions: readonly (readonly string[])[]): { prefix: number; suffix: number } {
  const [first, ...others] = versions;
  const shortest = Math.min(...versions.map((lines) => lines.length));
  let prefix = 0;
  while (prefix < shortest && others.every((lines) => lines[prefix] === first[prefix])) prefix++;
  let suffix = 0;
  while (
    suffix < shortest - prefix &&
    others.every((lines) => lines[lines.length - 1 - suffix] === first[first.length - 1 - suffix])
  ) {
    suffix++;
  }
  return { prefix, suffix };
}
