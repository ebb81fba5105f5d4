/**
 * Writing Python source safely: string literals that hold any text (quotes, newlines, `"""`,
 * NUL, line separators) as data, never as code, and identifiers that are valid, not keywords,
 * and unique in their scope. Everything the document names reaches the models through these.
 */

/** Python's keywords and soft keywords that cannot be attribute or class names. */
const PYTHON_KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
]);

/**
 * A single-quoted Python string literal of `text`. Backslash and quote are escaped; every
 * character that could end the line or the literal in Python's tokenizer (control characters,
 * DEL, C1 controls, U+2028/2029, lone surrogates) becomes an escape, so the literal is one
 * token on one line whatever the text is.
 */
export function pyString(text: string): string {
  // As Python's repr does: double quotes when the text has single quotes and no double ones.
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029 || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** The body of a single-quoted literal of `text`, for embedding in other kinds of literal. */
function escapedBody(text: string): string {
  const literal = pyString(text);
  const body = literal.slice(1, -1);
  return literal.startsWith("'") ? body.replace(/\\'/g, "'") : body.replace(/\\"/g, '"');
}

/**
 * A docstring: `"""…"""` with backslashes escaped and every `"` that another follows (or that
 * ends a line) escaped, so no text can close it early; the same escapes as `pyString` for
 * everything but the newline (kept, for reading).
 */
export function pyDocstring(text: string, indent = ''): string {
  const body = text
    .split('\n')
    // A quote is escaped when another follows it or it ends the text: no `"""` can form.
    .map((line) => escapedBody(line).replace(/"(?=")|"$/g, '\\"'))
    .map((line, i) => (i === 0 || line === '' ? line : indent + line))
    .join('\n');
  return `"""${body}${text.includes('\n') ? `\n${indent}` : ''}"""`;
}

/** A `# comment` line's text: one line, nothing that could end it. */
export function pyComment(text: string): string {
  return escapedBody(text.replace(/\s+/g, ' ').trim());
}

/** `snake_case` or anything else → a valid ASCII Python identifier (not yet unique). */
export function pyIdentifier(name: string, fallback = 'x'): string {
  // The common case, snake_case already, without the Unicode normalisation below.
  if (/^[a-z][a-z0-9_]*[a-z0-9]$/.test(name) && !PYTHON_KEYWORDS.has(name)) return name;
  let id = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+(?=[A-Za-z])/, '')
    .replace(/_+$/, '');
  if (id === '' || id === '_') id = fallback;
  if (/^[0-9]/.test(id)) id = `${fallback}_${id}`;
  if (PYTHON_KEYWORDS.has(id)) id = `${id}_`;
  return id;
}

/** `dataset_items` → `DatasetItem`: a class name, singular where an English plural is plain. */
export function pyClassName(table: string): string {
  const bare = table.replace(/^.*\./, '');
  const words = pyIdentifier(bare, 'table').split('_').filter((w) => w !== '');
  const last = words.length - 1;
  if (last >= 0) words[last] = singular(words[last]!);
  const name = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  const valid = /^[A-Za-z_]/.test(name) ? name : `Table${name}`;
  return PYTHON_KEYWORDS.has(valid) ? `${valid}_` : valid;
}

function singular(word: string): string {
  if (/ies$/i.test(word) && word.length > 4) return word.slice(0, -3) + 'y';
  if (/(ss|us|is)$/i.test(word)) return word;
  if (/(ch|sh|x|ss)es$/i.test(word)) return word.slice(0, -2);
  if (/s$/i.test(word) && word.length > 3) return word.slice(0, -1);
  return word;
}

/** Names in one Python scope: each name handed out once, later ones suffixed `_2`, `_3`… */
export class PythonScope {
  private readonly taken: Set<string>;

  constructor(reserved: Iterable<string> = []) {
    this.taken = new Set(reserved);
  }

  claim(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.taken.has(name); n++) name = `${wanted}_${n}`;
    this.taken.add(name);
    return name;
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }
}
