/**
 * Column types and defaults as the catalog gives them → as a data-model document writes them.
 *
 * The document writes built-in types the way people write them (`VARCHAR(20)`, `TIMESTAMPTZ`,
 * `INT`), serial columns as `SERIAL` with the Default `auto`, identity columns with their
 * `GENERATED … AS IDENTITY` clause in the type, and defaults without the casts PostgreSQL adds
 * to literals (`'G'::mpaa_rating` → `'G'`). Every rewrite here compiles back to the same
 * catalog entry, which is what the round-trip tests check.
 */

/** `format_type` spellings of built-in types → the document's spelling (before modifiers). */
const BUILTIN_NAMES: [RegExp, string][] = [
  [/^character varying\b/, 'VARCHAR'],
  [/^character\b/, 'CHAR'],
  [/^timestamp(\(\d+\))? with time zone$/, 'TIMESTAMPTZ$1'],
  [/^timestamp(\(\d+\))? without time zone$/, 'TIMESTAMP$1'],
  [/^time(\(\d+\))? with time zone$/, 'TIMETZ$1'],
  [/^time(\(\d+\))? without time zone$/, 'TIME$1'],
  [/^integer$/, 'INT'],
];

/** A type as `format_type` prints it → the document's spelling. User types keep their (quoted, qualified) names. */
export function documentType(formatted: string, builtin: boolean): string {
  if (!builtin) return formatted;
  const array = /(\[\])+$/.exec(formatted)?.[0] ?? '';
  let base = formatted.slice(0, formatted.length - array.length);
  for (const [pattern, replacement] of BUILTIN_NAMES) {
    if (pattern.test(base)) {
      base = base.replace(pattern, replacement);
      break;
    }
  }
  // `"char"` is a different type from CHAR: it must keep its quotes and case.
  return (base.startsWith('"') ? base : base.toUpperCase()) + array;
}

/** `SERIAL`, `BIGSERIAL` or `SMALLSERIAL` for an integer type, else undefined. */
export function serialTypeFor(documentTypeName: string): string | undefined {
  switch (documentTypeName) {
    case 'INT':
      return 'SERIAL';
    case 'BIGINT':
      return 'BIGSERIAL';
    case 'SMALLINT':
      return 'SMALLSERIAL';
    default:
      return undefined;
  }
}

/** The identity clause as the type cell carries it. */
export function identityType(documentTypeName: string, identity: 'a' | 'd'): string {
  return `${documentTypeName} GENERATED ${identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
}

const FUNCTION_DEFAULTS: Record<string, string> = {
  'now()': 'NOW()',
  true: 'TRUE',
  false: 'FALSE',
  'gen_random_uuid()': 'gen_random_uuid()',
};

/**
 * A default as `pg_get_expr` prints it → the document's Default cell. A string literal cast to
 * the column's own type loses the cast (PostgreSQL adds it back when the default is stored).
 * `columnTypes` are the spellings the cast may use: `format_type` with and without modifiers,
 * and `bpchar` for CHAR(n).
 */
export function documentDefault(expression: string, columnTypes: readonly string[]): string {
  const text = expression.trim();
  const known = FUNCTION_DEFAULTS[text];
  if (known) return known;
  const cast = /^('(?:[^']|'')*')::(.+)$/.exec(text);
  if (cast && columnTypes.includes(cast[2]!)) return cast[1]!;
  return text;
}

/** The spellings a literal's cast to the column type may take in `pg_get_expr` output. */
export function castSpellings(formatted: string, bare: string): string[] {
  const spellings = [formatted, bare];
  if (bare === 'character') spellings.push('bpchar');
  return spellings;
}

/** `CHECK ((a > 0))` → `(a > 0)`: the expression inside the outer CHECK ( … ), flags dropped. */
export function checkExpression(definition: string): string {
  const match = /^CHECK \(([\s\S]*)\)(\s+NO INHERIT)?(\s+NOT VALID)?$/.exec(definition.trim());
  return match ? match[1]!.trim() : definition;
}
