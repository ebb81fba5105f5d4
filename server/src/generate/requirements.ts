import { recognizeAttribute, type AttributeDraft } from './attributes';
import { mentionsOf, type EntityDraft } from './catalogue';
import { snakeCase, wordsOf } from './naming';
import { enumerationOf, listItemsOf } from './phrases';
import type { SpecText } from './spec-reader';

/**
 * What the functional requirements add to an entity's attributes: the values of a status or
 * priority the entity bullet only names ("priority (low/medium/high/critical)" in FR-001),
 * uniqueness ("a unique phone number") and ranges ("Scores MUST lie between 0 and 1").
 */

function attributePattern(attribute: AttributeDraft): string {
  // `phone_number` is written "phone number"; `score` may be written "scores".
  const words = attribute.name.split('_').filter((w) => w !== 'is');
  return words.map((w) => w.replace(/[^a-z0-9]/g, '')).join('[\\s_-]+') + 's?';
}

function mentionsEntity(text: string, entity: EntityDraft): boolean {
  return mentionsOf(text, entity).length > 0;
}

export function enrichFromRequirements(entity: EntityDraft, attributes: AttributeDraft[], requirements: readonly SpecText[]): void {
  const relevant = requirements.filter((r) => mentionsEntity(r.text, entity));
  for (const attribute of attributes) {
    const pattern = attributePattern(attribute);
    if (!attribute.enumValues && /^VARCHAR/.test(attribute.type) && attribute.todo?.includes('allowed values')) {
      const values = findEnumeration(pattern, relevant) ?? findEnumeration(pattern, requirements);
      if (values) {
        attribute.enumValues = values.map(snakeCase);
        attribute.description = `One of: ${attribute.enumValues.join(', ')}`;
        attribute.todo = undefined;
        if (/(^|_)(status|state|role)$/.test(attribute.name)) attribute.default = `'${attribute.enumValues[0]}'`;
      }
    }
    if (!attribute.unique && relevant.some((r) => new RegExp(`\\bunique\\s+${pattern}\\b`, 'i').test(r.text))) {
      attribute.unique = true;
    }
    if (!attribute.range && /^(INT|DOUBLE|NUMERIC)/.test(attribute.type)) {
      for (const requirement of requirements) {
        const range = new RegExp(`\\b${pattern}\\b[^.;]*?\\bbetween\\s+(-?\\d+(?:\\.\\d+)?)\\s+and\\s+(-?\\d+(?:\\.\\d+)?)`, 'i').exec(requirement.text);
        if (range) {
          attribute.range = { low: range[1], high: range[2] };
          break;
        }
      }
    }
  }
}

function findEnumeration(pattern: string, requirements: readonly SpecText[]): string[] | undefined {
  const expression = new RegExp(`\\b${pattern}\\s*\\(([^)]+)\\)`, 'i');
  for (const requirement of requirements) {
    const match = expression.exec(requirement.text);
    const values = match ? enumerationOf(match[1]) : undefined;
    if (values) return values;
  }
  return undefined;
}

/** Words of the entity's name in the text, singular or plural. */
export function wordsMention(text: string, words: readonly string[]): boolean {
  const textWords = new Set(wordsOf(text));
  return words.every((w) => textWords.has(w) || textWords.has(`${w}s`));
}

/** "System MUST record rent payments with amount, date and notes": a keeping verb, a thing, its fields. */
const KEEPS_FIELDS = /\b(?:stores?|records?|tracks?|captures?|persists?|keeps?|saves?|maintains?|logs?)\b(.*?)\b(?:with|including)\s+([^.;]+)/i;

/**
 * Fields a requirement names for an entity ("MUST store tenant details including name, mobile
 * number and move-in date"): the entity is the last one named between the verb and the list;
 * each short item the bullet does not already give becomes a column.
 */
/** Per spec, once: which entity each "keeps fields" sentence is about, and its list. */
const fieldListsCache = new WeakMap<readonly SpecText[], { about: EntityDraft; list: string }[]>();

function fieldListsOf(all: readonly EntityDraft[], requirements: readonly SpecText[]): { about: EntityDraft; list: string }[] {
  const cached = fieldListsCache.get(requirements);
  if (cached) return cached;
  const lists: { about: EntityDraft; list: string }[] = [];
  for (const requirement of requirements) {
    for (const sentence of requirement.text.split(/(?<=[.!?])\s+/)) {
      const keeps = KEEPS_FIELDS.exec(sentence);
      if (!keeps) continue;
      const about = all
        .map((draft) => ({ draft, at: Math.max(-1, ...mentionsOf(keeps[1], draft).map((m) => m.index + m.length)) }))
        .filter((m) => m.at >= 0)
        .sort((a, b) => b.at - a.at || b.draft.words.length - a.draft.words.length)[0];
      if (about) lists.push({ about: about.draft, list: keeps[2] });
    }
  }
  fieldListsCache.set(requirements, lists);
  return lists;
}

/**
 * Fields a requirement names for an entity ("MUST store tenant details including name, mobile
 * number and move-in date"): the entity is the last one named between the verb and the list;
 * each short item with a clear type that the bullet does not already give becomes a column.
 */
export function attributesFromRequirements(
  entity: EntityDraft,
  all: readonly EntityDraft[],
  attributes: AttributeDraft[],
  requirements: readonly SpecText[],
): void {
  for (const { about, list } of fieldListsOf(all, requirements)) {
    if (about !== entity) continue;
    for (const item of listItemsOf(list)) {
      const words = wordsOf(item);
      if (words.length === 0 || words.length > 4) continue;
      // Other entities are relationships, read elsewhere.
      if (all.some((draft) => draft !== entity && mentionsOf(item, draft).length > 0)) continue;
      const recognised = recognizeAttribute(item, { entityWords: entity.words, person: entity.person, strict: true });
      if (recognised.kind !== 'attributes') continue;
      for (const attribute of recognised.attributes) {
        if (attributes.some((a) => a.name === attribute.name || a.name.includes(attribute.name) || attribute.name.includes(a.name))) continue;
        attributes.push(attribute);
      }
    }
  }
}
