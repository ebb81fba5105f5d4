/**
 * Quoting for the SQL the compiler writes. Everything a document names (tables, columns,
 * constraints, indexes, roles) goes through `quoteIdent`; every value it places in a string
 * goes through `quoteLiteral`; bodies of `DO` blocks and functions go through `dollarQuote`.
 */
import { KEYWORDS_NEEDING_QUOTES } from './keywords';

const BARE_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * An identifier as PostgreSQL must see it: lower-case snake_case words that are not keywords
 * stay bare (so the SQL reads like hand-written SQL); anything else is double-quoted with `"`
 * doubled, which makes any text, including `x"; DROP TABLE users; --`, one identifier.
 * The empty name is quoted too (`""`): PostgreSQL then rejects it as a zero-length identifier,
 * which is the error the user should see for a column without a name.
 */
export function quoteIdent(name: string): string {
  if (BARE_IDENTIFIER.test(name) && !KEYWORDS_NEEDING_QUOTES.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A table or type name of the model: `schema.table` (one dot between two non-empty parts) is
 * written as two identifiers, as the document's writer writes it; any other name is one.
 */
export function quoteQualifiedIdent(name: string): string {
  const parts = name.split('.');
  if (parts.length === 2 && parts[0] !== '' && parts[1] !== '') return `${quoteIdent(parts[0]!)}.${quoteIdent(parts[1]!)}`;
  return quoteIdent(name);
}

/** The schema of a `schema.table` name, or undefined for a name in the default schema. */
export function schemaOfQualifiedName(name: string): string | undefined {
  const parts = name.split('.');
  return parts.length === 2 && parts[0] !== '' && parts[1] !== '' ? parts[0] : undefined;
}

/**
 * A standard-conforming string literal (`'` doubled). Backslashes need no escaping because
 * `standard_conforming_strings` is on in every supported PostgreSQL; a literal containing a
 * backslash is written as `E'…'` anyway so it means the same under either setting.
 */
export function quoteLiteral(value: string): string {
  const body = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

/** `$tag$body$tag$` with a tag that does not occur in the body, so the body cannot end it early. */
export function dollarQuote(body: string): string {
  let tag = 'dm';
  for (let n = 1; body.includes(`$${tag}$`); n++) tag = `dm${n}`;
  return `$${tag}$${body}$${tag}$`;
}
