/**
 * What Generate last wrote, remembered inside `data-model.md` itself: one hidden HTML comment
 * on the file's last line holding that text, brotli-compressed and base64-encoded, with a
 * checksum:
 *
 *   <!-- data-model-generated v1 sha256=0123456789abcdef brotli=G1QfAIzU... -->
 *
 * It is the base of the three-way merge the next Generate does (regenerate.ts).
 *
 * Why in the file, and not in VS Code's workspace storage or a sidecar file:
 * - it travels with the file: commit, fresh clone, branch switch, copy, rename, another machine,
 *   the CLI in CI — the base is always the base of *this* file's content. Workspace storage is
 *   lost on a clone and unknown to the CLI; a sidecar must be committed as well and silently
 *   drifts from its file when only one of the two is checked out, copied or renamed.
 * - it costs little: 3.0 KB for the 8 KB sample document (1.7 KB for a 78 KB, 200-table one),
 *   on one line, so a regeneration changes one line of it in a git diff; Markdown renders
 *   nothing for it and the document reader ignores HTML blocks (the lint rules never see it).
 * - a damaged comment (edited by hand, truncated) fails its checksum and counts as "no base":
 *   Generate then proposes the whole new document as a diff, as for a hand-written file. It
 *   never merges against a wrong base.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';

const VERSION = 'v1';
/** The whole comment, alone on its line. Named unlike the lint directives (`data-model-disable…`). */
const STAMP_LINE = /^<!-- data-model-generated (\S+) sha256=([0-9a-f]{16}) brotli=([A-Za-z0-9+/=]+) -->$/;
const STAMP_START = '<!-- data-model-generated ';

function checksum(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

/** `text` (by default the generation itself) followed by a blank line and the comment that
 *  remembers `generated` as the base of the next merge. */
export function withGeneratedBase(generated: string, text: string = generated): string {
  // Quality 5, not the maximum 11: a few milliseconds instead of ~0.8 s for 200 tables, ~10% more bytes.
  const packed = brotliCompressSync(Buffer.from(generated, 'utf8'), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: generated.length },
  }).toString('base64');
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return `${body}\n${STAMP_START}${VERSION} sha256=${checksum(generated)} brotli=${packed} -->\n`;
}

export interface SplitDocument {
  /** The file without the comment (and without the blank line written before it). */
  text: string;
  /** What Generate last wrote, when the comment is there and intact. */
  base?: string;
  /** `missing`: no comment (a hand-written file, or one from before this feature). */
  status: 'found' | 'missing' | 'damaged';
}

/** Separates a `data-model.md` into the user's content and the remembered base. */
export function splitGeneratedBase(fileText: string): SplitDocument {
  const lines = fileText.split('\n');
  const stampAt: number[] = [];
  lines.forEach((line, index) => {
    if (line.trimEnd().startsWith(STAMP_START)) stampAt.push(index);
  });
  if (stampAt.length === 0) return { text: fileText, status: 'missing' };

  // The last comment wins (a copy pasted higher up is older); every one is removed, and so is
  // the blank line withGeneratedBase wrote before it when nothing follows the comment.
  const last = stampAt[stampAt.length - 1];
  const match = STAMP_LINE.exec(lines[last].trimEnd());
  const drop = new Set(stampAt);
  if (last > 0 && lines[last - 1] === '' && lines.slice(last + 1).every((line) => line === '')) drop.add(last - 1);
  const text = lines.filter((_, index) => !drop.has(index)).join('\n');

  if (!match || match[1] !== VERSION) return { text, status: 'damaged' };
  let base: string;
  try {
    base = brotliDecompressSync(Buffer.from(match[3], 'base64')).toString('utf8');
  } catch {
    return { text, status: 'damaged' };
  }
  if (checksum(base) !== match[2]) return { text, status: 'damaged' };
  return { text, base, status: 'found' };
}
