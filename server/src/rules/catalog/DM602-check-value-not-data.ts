import type { CheckConstraint, Entity } from '../../model/types';
import { rangeOf } from '../../model/util';
import { rangeOrStart } from '../document';
import { findEntity, nameWords, namedColumns, sameName } from '../model-queries';
import type { Finding, Rule, TextEdit } from '../types';
import { proseReason } from './DM601-prose-column-name';

/**
 * Words that qualify a column in a spec ("passport number (unique, confidential)", "Member
 * (already exists)") and are never a value someone stores: a CHECK built from them rejects
 * every real value.
 */
const QUALIFIERS = new Set([
  'unique', 'optional', 'required', 'mandatory', 'nullable', 'not_null', 'not null', 'non_null',
  'personal_data', 'personal data', 'pii', 'sensitive', 'confidential', 'encrypted', 'hashed', 'secret',
  'existing', 'already_exists', 'already exists', 'exists', 'indexed', 'primary_key', 'primary key', 'foreign_key', 'foreign key',
  'read_only', 'read-only', 'readonly', 'immutable', 'auto_generated', 'auto-generated',
]);

/** Never a value in any column: the end of an example list, or the type the spec wrote beside a field. */
const NEVER_VALUES: ReadonlyMap<string, string> = new Map([
  ...['etc', 'etc.', 'e_g', 'e.g.', 'e.g', 'i_e', 'i.e.', '...', '…'].map((word): [string, string] => [word, 'a list marker']),
  ...['string', 'integer', 'int', 'timestamp', 'timestamptz', 'boolean', 'bool', 'varchar', 'uuid', 'jsonb', 'decimal', 'float'].map((word): [string, string] => [word, 'a data type']),
]);

/** Column names whose values genuinely are such words: `requirement IN ('required', 'optional')`, `constraint_type IN ('unique', 'check')`. */
const QUALIFIER_HOLDERS = new Set(['requirement', 'requirements', 'level', 'mode', 'policy', 'visibility', 'necessity', 'presence', 'obligation', 'constraint', 'kind', 'type', 'flag', 'flags', 'classification', 'sensitivity']);

/** Column names whose values genuinely are other columns' names: `sort_by IN ('name', 'created_at')`, `contact_method IN ('email', 'phone')`. */
const COLUMN_SELECTORS = new Set(['by', 'sort', 'order', 'field', 'fields', 'column', 'columns', 'key', 'attribute', 'metric', 'method', 'channel', 'preference', 'source', 'target', 'mode', 'type', 'kind', 'format', 'dimension', 'property']);

interface ValueList {
  column: string;
  values: string[];
}

/** `col IN ('a', 'b')`, `col = ANY (ARRAY['a', 'b'])` and `col = 'a'` comparisons in a CHECK expression. */
function valueLists(expression: string): ValueList[] {
  const lists: ValueList[] = [];
  const literal = /'((?:[^']|'')*)'/g;
  const values = (text: string) => [...text.matchAll(literal)].map((match) => match[1].replace(/''/g, "'"));
  const column = String.raw`"?([A-Za-z_][\w$]*)"?(?:\s*::\s*\w+)?`;
  for (const match of expression.matchAll(new RegExp(`${column}\\s+IN\\s*\\(([^()]*)\\)`, 'gi'))) lists.push({ column: match[1], values: values(match[2]) });
  for (const match of expression.matchAll(new RegExp(`${column}\\s*=\\s*ANY\\s*\\(\\s*ARRAY\\s*\\[([^\\]]*)\\]`, 'gi'))) lists.push({ column: match[1], values: values(match[2]) });
  for (const match of expression.matchAll(new RegExp(`${column}\\s*=\\s*'((?:[^']|'')*)'`, 'gi'))) lists.push({ column: match[1], values: [match[2].replace(/''/g, "'")] });
  return lists.filter((list) => list.values.length > 0);
}

const normalise = (value: string) => value.trim().toLowerCase();
const lastWord = (name: string) => nameWords(name).at(-1) ?? '';

/** The values of `list` that are not data: qualifiers, or the names of the table's other columns. */
function junkValues(entity: Entity | undefined, list: ValueList): { value: string; why: string }[] {
  const junk: { value: string; why: string }[] = [];
  const holdsQualifiers = QUALIFIER_HOLDERS.has(lastWord(list.column));
  for (const value of list.values) {
    const never = NEVER_VALUES.get(normalise(value));
    const prose = never ? undefined : proseReason(value);
    if (never) junk.push({ value, why: never });
    else if (!holdsQualifiers && QUALIFIERS.has(normalise(value))) junk.push({ value, why: 'a qualifier' });
    else if (prose) junk.push({ value, why: `prose: ${prose}` });
  }
  if (entity && !COLUMN_SELECTORS.has(lastWord(list.column))) {
    const others = namedColumns(entity).filter((column) => !sameName(column.name, list.column));
    const named = list.values.filter((value) => others.some((column) => sameName(column.name, value)));
    // One value that happens to match a column is a coincidence ('email'); half the list is a list of attributes.
    if (named.length * 2 >= list.values.length) for (const value of named) if (!junk.some((entry) => entry.value === value)) junk.push({ value, why: `the name of the column ${entity.name}.${value}` });
  }
  return junk;
}

/**
 * A CHECK (… IN (…)) whose values are qualifiers ('unique', 'optional', 'personal_data') or the
 * names of other columns is a parenthesis or an attribute list of the spec read as allowed
 * values: the database then rejects every real value the spec allows.
 */
export const checkValueNotData: Rule = {
  id: 'DM602',
  alias: 'check-value-not-data',
  defaultSeverity: 'error',
  quickFix: 'always',
  description: "A CHECK constraint's allowed values include qualifiers or other columns' names instead of data.",
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const check of model.checks) {
      const entity = findEntity(model, check.table);
      for (const list of valueLists(check.expression)) {
        const junk = junkValues(entity, list);
        if (junk.length === 0) continue;
        const fix = removalFix(lines, check, list, junk.map((entry) => entry.value));
        findings.push({
          ruleId: 'DM602',
          message: `${check.name} allows ${junk.map((entry) => `'${entry.value}' (${entry.why})`).join(', ')} for ${check.table}.${list.column}: not values anyone stores, so the CHECK rejects real data. List the values the column takes, or drop the CHECK.`,
          range: rangeOrStart(check),
          fix,
        });
      }
    }
    return findings;
  },
};

/**
 * Drops the bad values from the list on the statement's lines; when none would remain, the whole
 * statement (its lines, when it has them to itself).
 */
function removalFix(lines: readonly string[], check: CheckConstraint, list: ValueList, bad: readonly string[]): Finding['fix'] {
  if (!check.range) return undefined;
  const { start, end } = check.range;
  const keep = list.values.filter((value) => !bad.includes(value));
  if (keep.length === 0) {
    const first = lines[start.line] ?? '';
    const last = lines[end.line] ?? '';
    if (!/^\s*ALTER\s+TABLE\b/i.test(first) || !last.trimEnd().endsWith(';')) return undefined;
    const range = end.line + 1 < lines.length ? rangeOf(start.line, 0, end.line + 1, 0) : rangeOf(start.line, 0, end.line, last.length);
    return { title: `Remove the check constraint ${check.name}`, edits: [{ range, newText: '' }] };
  }
  const edits: TextEdit[] = [];
  for (let line = start.line; line <= end.line && line < lines.length; line++) {
    let text = lines[line];
    for (const value of bad) {
      const quoted = `'${value.replace(/'/g, "''")}'`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const after = new RegExp(`${quoted}\\s*,\\s*`);
      text = after.test(text) ? text.replace(after, '') : text.replace(new RegExp(`\\s*,\\s*${quoted}`), '');
    }
    if (text !== lines[line]) edits.push({ range: rangeOf(line, 0, line, lines[line].length), newText: text });
  }
  return edits.length ? { title: `Remove ${bad.map((value) => `'${value}'`).join(', ')} from ${check.name}`, edits } : undefined;
}
