/**
 * PostgreSQL's limit on identifiers: 63 bytes (NAMEDATALEN - 1). Longer names are cut with only a
 * NOTICE; the lint rule DM005 reports them, and names the fixes make up stay within it.
 */

/** PostgreSQL's NAMEDATALEN - 1: longer identifiers are cut to this many bytes, with only a NOTICE. */
export const MAX_IDENTIFIER_BYTES = 63;

const encoder = new TextEncoder();

/** UTF-8 length: the limit is in bytes, so `описание` (8 characters) takes 16. */
export const bytes = (text: string): number => encoder.encode(text).length;

/** The name PostgreSQL keeps: at most 63 bytes, never splitting a character (as `pg_mbcliplen` does). */
export function truncateIdentifier(name: string, limit = MAX_IDENTIFIER_BYTES): string {
  let kept = '';
  for (const character of name) {
    if (bytes(kept + character) > limit) break;
    kept += character;
  }
  return kept;
}

/** A short stable hash (FNV-1a, 8 hex digits) so a shortened name stays distinct from its neighbours'. */
function hash8(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** A name of at most 63 bytes for `name`: its start, `_`, and a hash of the whole, unlike any in `taken`. */
export function shortenedIdentifier(name: string, taken: ReadonlySet<string>): string {
  for (let salt = 0; ; salt++) {
    const candidate = `${truncateIdentifier(name, MAX_IDENTIFIER_BYTES - 9).replace(/_+$/, '')}_${hash8(salt ? `${name}#${salt}` : name)}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}
