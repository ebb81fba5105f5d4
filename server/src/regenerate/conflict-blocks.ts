/** Conflict blocks (git's `<<<<<<<` … `>>>>>>>`) left in a document: read by the merge and by
 *  VS Code's Generate, which checks the file before asking anything. */

/** A line that opens a conflict block. (`=======` alone is also a Markdown heading underline.) */
const OPENING_LINE = /^<{7}(?: .*)?$/;

/** 1-based line of each `<<<<<<<` in `text`: conflicts written earlier and not resolved yet. */
export function conflictOpeningLines(text: string): number[] {
  const found: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (OPENING_LINE.test(line.trimEnd())) found.push(index + 1);
  });
  return found;
}
