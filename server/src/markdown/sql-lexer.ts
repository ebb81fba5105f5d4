/**
 * A minimal SQL lexer for slicing source text around what libpg-query found: the
 * parentheses of `CHECK ( … )`, `ON DELETE`/`ON UPDATE`, and statement-ending semicolons.
 *
 * libpg-query has a scanner (`scanSync`), but it returns every token as JSON with several
 * fields, which costs as much as the parse itself on a large fence; we only ever look at a
 * few tokens of one constraint. This lexer knows enough of PostgreSQL's lexical rules to
 * never mistake a parenthesis or semicolon inside a string, quoted identifier or comment
 * for a real one.
 */

export interface SqlToken {
  /** Source text of the token (a whole string literal or quoted identifier is one token). */
  text: string;
  /** String indices into the lexed text, half-open. */
  start: number;
  end: number;
}

function isWordChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    code === 0x5f || // _
    code === 0x24 || // $
    code > 0x7f
  );
}

/** End index of a quoted run starting at `start` (which holds `quote`), doubled quotes escaping. */
function skipQuoted(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return text.length;
}

/** Tokens of `text[from, to)`, skipping whitespace and comments. */
export function* sqlTokens(text: string, from = 0, to = text.length): Generator<SqlToken> {
  let i = from;
  while (i < to) {
    const ch = text[i]!;
    const code = text.charCodeAt(i);
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f') {
      i++;
      continue;
    }
    if (ch === '-' && text[i + 1] === '-') {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? to : newline + 1;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      // Block comments nest in PostgreSQL.
      let depth = 1;
      i += 2;
      while (i < to && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
      continue;
    }
    const start = i;
    if (ch === "'") {
      i = skipQuoted(text, i, "'", false);
    } else if ((ch === 'E' || ch === 'e') && text[i + 1] === "'") {
      i = skipQuoted(text, i + 1, "'", true);
    } else if (ch === '"') {
      i = skipQuoted(text, i, '"', false);
    } else if (ch === '$' && /^\$([A-Za-z_][\w]*)?\$/.test(text.slice(i, i + 64))) {
      const tag = /^\$([A-Za-z_][\w]*)?\$/.exec(text.slice(i, i + 64))![0];
      const close = text.indexOf(tag, i + tag.length);
      i = close < 0 ? to : close + tag.length;
    } else if (isWordChar(code)) {
      while (i < to && isWordChar(text.charCodeAt(i))) i++;
    } else {
      i++;
    }
    yield { text: text.slice(start, Math.min(i, to)), start, end: Math.min(i, to) };
  }
}

/**
 * The text inside the first `CHECK ( … )` at or after `from`, trimmed, as written; undefined
 * when there is none or its parenthesis is not closed before `to`.
 */
export function checkExpressionText(text: string, from: number, to: number): string | undefined {
  let sawCheck = false;
  let open = -1;
  let depth = 0;
  for (const token of sqlTokens(text, from, to)) {
    if (!sawCheck) {
      sawCheck = token.text.toUpperCase() === 'CHECK';
      continue;
    }
    if (open < 0) {
      if (token.text !== '(') return undefined;
      open = token.end;
      depth = 1;
      continue;
    }
    if (token.text === '(') depth++;
    else if (token.text === ')' && --depth === 0) return text.slice(open, token.start).trim();
  }
  return undefined;
}

/** Whether `ON DELETE` / `ON UPDATE` are written in `text[from, to)`. */
export function statedReferentialActions(text: string, from: number, to: number): { onDelete: boolean; onUpdate: boolean } {
  const stated = { onDelete: false, onUpdate: false };
  let previousWasOn = false;
  for (const token of sqlTokens(text, from, to)) {
    const word = token.text.toUpperCase();
    if (previousWasOn && word === 'DELETE') stated.onDelete = true;
    if (previousWasOn && word === 'UPDATE') stated.onUpdate = true;
    previousWasOn = word === 'ON';
  }
  return stated;
}

/** Half-open [start, end) string ranges of the statements, split at top-level semicolons (kept). */
export function statementRanges(text: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  let start = 0;
  for (const token of sqlTokens(text)) {
    if (token.text === ';') {
      ranges.push({ start, end: token.end });
      start = token.end;
    }
  }
  if (text.slice(start).trim() !== '') ranges.push({ start, end: text.length });
  return ranges;
}
