/**
 * Quoting of identifiers in the SQL the writer puts in fences. PostgreSQL folds unquoted
 * names to lower case and refuses reserved words, so anything that is not a plain
 * lower-case word, or is a reserved word, is written in double quotes.
 */

/**
 * PostgreSQL's RESERVED and TYPE_FUNC_NAME keywords: the ones that cannot stand as a table,
 * column or constraint name unquoted (checked against libpg-query's scanner in the tests).
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc ' +
    'distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral ' +
    'leading limit localtime localtimestamp not null offset on only or order placing primary references returning ' +
    'select session_user some symmetric system_user table then to trailing true union unique user using variadic when ' +
    'where window with ' +
    'authorization binary collation concurrently cross current_schema freeze full ilike inner is isnull join left like ' +
    'natural notnull outer overlaps right similar tablesample verbose'
  ).split(' '),
);

export function quoteIdentifier(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED_WORDS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.table` is written as two identifiers, each quoted if it needs to be. */
export function quoteQualifiedName(name: string): string {
  return name.split('.').map(quoteIdentifier).join('.');
}
