/**
 * Guard for the SQL the document writes itself: types (`VARCHAR(64)`), defaults (`NOW()`),
 * check expressions, partial-index predicates and index expressions. They are SQL by design, so
 * they cannot be quoted; instead each must be one self-contained piece of an expression that
 * cannot end the statement it is placed in. A fragment is rejected when, outside string
 * literals, quoted identifiers and dollar quotes, it contains
 *   - a `;` (would end the statement and start another),
 *   - a comment (`--` or `/*` would swallow the SQL the compiler writes after it),
 *   - a `)` without its `(` or a `(` without its `)` (would close the compiler's parentheses),
 * or when a literal, quoted identifier or dollar quote is left open (would swallow the rest).
 * This is a lexer, not a parser: PostgreSQL still judges whether the fragment makes sense.
 */

/** Why `fragment` cannot be placed in a statement, or undefined when it can. */
export function unsafeFragmentReason(fragment: string): string | undefined {
  let depth = 0;
  let i = 0;
  const n = fragment.length;
  while (i < n) {
    const c = fragment[i]!;
    const next = fragment[i + 1];
    if (c === "'") {
      // E'…' strings take backslash escapes; ordinary ones only the doubled quote.
      const escapes = i > 0 && /[eE]/.test(fragment[i - 1]!) && (i < 2 || !/[\w$]/.test(fragment[i - 2]!));
      const end = endOfQuoted(fragment, i, "'", escapes);
      if (end < 0) return 'a string literal is not closed';
      i = end;
      continue;
    }
    if (c === '"') {
      const end = endOfQuoted(fragment, i, '"', false);
      if (end < 0) return 'a quoted identifier is not closed';
      i = end;
      continue;
    }
    if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(fragment.slice(i));
      // `$1` is a parameter and `a$b` part of an identifier; only `$tag$` at a token start opens a quote.
      if (tag && (i === 0 || !/[\w$]/.test(fragment[i - 1]!))) {
        const close = fragment.indexOf(tag[0], i + tag[0].length);
        if (close < 0) return 'a dollar-quoted string is not closed';
        i = close + tag[0].length;
        continue;
      }
    }
    if (c === ';') return 'it contains ";", which would end the statement';
    if ((c === '-' && next === '-') || (c === '/' && next === '*')) return 'it contains a comment';
    if (c === '(') depth++;
    if (c === ')' && --depth < 0) return 'it has a ")" without its "("';
    i++;
  }
  if (depth > 0) return 'it has a "(" without its ")"';
  return undefined;
}

/** Index just past the closing quote of the quoted text opening at `start`, or -1. */
function endOfQuoted(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (backslashEscapes && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return -1;
}
