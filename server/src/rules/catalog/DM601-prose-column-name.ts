import { cellOf } from '../document';
import { COLUMN_CELL, nameWords, namedColumns } from '../model-queries';
import type { Finding, Rule } from '../types';

/** Past this many characters a column name is a phrase, not a name. */
const MAX_NAME_LENGTH = 40;

/** Words that only occur in a name copied from a sentence: verbs, prepositions, articles, list markers. */
const PROSE_WORDS = new Set([
  'include', 'includes', 'including', 'with', 'represents', 'represent', 'etc', 'the', 'which', 'whose', 'whether', 'such', 'e_g', 'i_e', 'if',
  'contains', 'containing', 'stores', 'tracks', 'belongs', 'owns', 'enforces', 'various', 'between',
]);
/** Articles, prose only inside a name: `plan_a`, `vitamin_a` end with one. */
const ARTICLES = new Set(['a', 'an']);

/**
 * Nouns a spec's sentence puts around the attributes ("Key attributes:", "a list of", "each entity
 * of"). Real names use them too (`entity_type`, `shopping_list_id`, `list_price`, `attributes
 * JSONB`), so they count only followed by `of` (`list_of_items`) or as `key_attributes`.
 */
const PROSE_NOUNS = new Set(['attributes', 'attribute', 'list', 'entity', 'fields']);

/** Why a name reads as prose, or undefined when it reads as a name. */
export function proseReason(name: string): string | undefined {
  const words = nameWords(name);
  // One word is a name whatever it is (`tracks`, `attributes`); prose needs at least two.
  const marker = words.length >= 2 ? words.find((word, i) => PROSE_WORDS.has(word) || (ARTICLES.has(word) && i < words.length - 1)) : undefined;
  if (marker) return `it contains the word "${marker}"`;
  const repeated = words.find((word, i) => i > 0 && word === words[i - 1]);
  if (repeated) return `it repeats the word "${repeated}"`;
  const noun = words.find((word, i) => PROSE_NOUNS.has(word) && (words[i + 1] === 'of' || (word.startsWith('attribute') && words[i - 1] === 'key')));
  if (noun) return `it contains the word "${noun}"`;
  if (name.length > MAX_NAME_LENGTH) return `it is ${name.length} characters long`;
  return undefined;
}

/**
 * A column named `includes_title_venue_and_capacity` or `key_attributes_name` is a sentence of the
 * spec turned into an identifier: the attributes it lists are missing as columns, and the name
 * ends up in every query and API.
 */
export const proseColumnName: Rule = {
  id: 'DM601',
  alias: 'prose-column-name',
  defaultSeverity: 'warning',
  description: 'A column name that is a phrase from the spec rather than a name.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const entity of model.entities) {
      for (const column of namedColumns(entity)) {
        const reason = proseReason(column.name.trim());
        if (!reason) continue;
        findings.push({
          ruleId: 'DM601',
          message: `${entity.name}.${column.name.trim()} reads as prose, not a name (${reason}): split it into the columns it describes, or give it a short name.`,
          range: cellOf(lines, column, COLUMN_CELL.name),
        });
      }
    }
    return findings;
  },
};
