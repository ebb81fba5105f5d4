import type { EntityBullet } from './spec-reader';
import { singularWord, singularWords, tableNameFor, wordsOf } from './naming';

/**
 * The spec's key entities as the generator sees them before reading their attributes: the
 * table each becomes, whether it is persisted, whether it is a person or a kind of user, and
 * how a phrase elsewhere in the spec ("belongs to one cart", "owning user") finds it.
 */

export interface EntityDraft {
  /** The bullet's name as written: `Staff/Admin`. */
  writtenName: string;
  /** The name the table is derived from: the first alternative, `Staff`. */
  name: string;
  /** Lower-case singular words of the name: `dataset item` → ['dataset', 'item']. */
  words: string[];
  table: string;
  bullet: EntityBullet;
  /** False for entities the spec says are not stored ("Not persisted"). */
  persisted: boolean;
  /**
   * Set when the "entity" is a fixed list of values ("Category: the fixed enumeration {hot
   * drink, breakfast}"): no table; a row naming it gets a column with a CHECK instead.
   */
  values?: string[];
  /** A person: users, clients, employees… (their names are personal data). */
  person: boolean;
  /** The spec calls it a kind of user ("a user with catalog permissions"). */
  kindOfUser: boolean;
  /** Set when the entity is folded into the users table as a role value. */
  foldedInto?: EntityDraft;
  /** A join table the generator made for a many-to-many link: the two entities it joins. */
  joinOf?: [EntityDraft, EntityDraft];
  /** Not listed by the spec but referenced by it (see implied.ts). */
  implied?: boolean;
  /** Where this entity's bullet stands in the spec, for stable ordering. */
  order: number;
  /** Notes decided while cataloguing (alternative names, several tables in one bullet). */
  notes: string[];
}

const NOT_PERSISTED = /\bnot\s+(?:be\s+)?(?:persisted|stored|saved)\b|\bnot\s+a\s+persist(?:ent|ed)\b|\bnever\s+(?:persisted|stored)\b|\b(?:transient|in-memory only|ephemeral)\b/i;
/** A description that opens by calling the thing derived ("Derived state per passenger", "the calculated closest colour"). */
const DERIVED_OPENING = /^(?:(?:an?|the)\s+)?(?:derived|calculated|computed|aggregated)\b|^represents\s+(?:an?|the)\s+(?:derived|calculated|computed|aggregated)\b/i;
/** Not a row of its own: "not a persistent user entity", "a typed object inside the definition", "a value object", "generated on demand". */
const NOT_A_ROW = /\bnot\s+(?:a\s+)?(?:persistent|persisted|stored|physical)\b|\bvalue\s+object\b|\btyped,?\s+(?:\w+\s+)?object\b|\b(?:generated|computed|calculated)\s+(?:on\s+demand|on\s+the\s+fly|at\s+(?:read|query)\s+time)\b|,\s+generated\s+from\b|\baggregated\b[^.;]*\bacross\s+(?:all|every)\b/i;

function notPersisted(description: string): boolean {
  const first = description.split(/(?<=[.;])\s+/)[0] ?? '';
  return NOT_PERSISTED.test(description) || DERIVED_OPENING.test(first) || NOT_A_ROW.test(description);
}

const PERSON_NAMES = /^(user|account|member|employee|staff|person|people|customer|client|patient|student|teacher|barber|manager|admin|administrator|engineer|annotator|author|contact|reader|borrower|librarian|guest|driver|doctor|owner|participant|player|volunteer|applicant|candidate|agent|operator|reviewer)$/;
const PERSON_DESCRIPTION = /\b(a|the)\s+(person|individual|human|people)\b|\bwho\s+(signs?|logs?)\s+in\b|\bregistered\s+(customer|user|account|member)\b|\bcan\s+log\s+in\b/i;
const KIND_OF_USER = /^(?:represents\s+)?(?:a|an)\s+(?:\w+\s+)?user\s+(?:with|who|that|having)\b|\b(?:kind|type)\s+of\s+user\b|\buser\s+(?:role|type)\b/i;
/** Entities that are the users table itself. */
const USERS_NAMES = /^(user|account|member|login)$/;

/** Splits `Order and Order Item` into two names; `Staff/Admin` stays one entity with an alias. */
function namesInBullet(written: string): { names: string[]; alias?: string } {
  const several = written.split(/\s+(?:and|&)\s+|,\s*/).map((n) => n.trim()).filter(Boolean);
  if (several.length > 1) return { names: several };
  const alternatives = written.split(/\s*\/\s*|\s+or\s+/).map((n) => n.trim()).filter(Boolean);
  return { names: [alternatives[0] ?? written], alias: alternatives.length > 1 ? alternatives.slice(1).join(', ') : undefined };
}

export function catalogueOf(bullets: readonly EntityBullet[]): EntityDraft[] {
  const drafts: EntityDraft[] = [];
  bullets.forEach((bullet) => {
    const { names, alias } = namesInBullet(bullet.name);
    for (const name of names) {
      const words = singularWords(wordsOf(name));
      const notes: string[] = [];
      if (names.length > 1) {
        notes.push(`TODO: The spec describes ${names.join(' and ')} in one bullet; split its attributes between their tables.`);
      }
      if (alias) notes.push(`Also called ${alias} in the spec.`);
      drafts.push({
        writtenName: bullet.name,
        name,
        words,
        table: tableNameFor(name),
        bullet,
        persisted: !notPersisted(bullet.description) && !valueSet(bullet.description),
        values: valueSet(bullet.description),
        person: PERSON_NAMES.test(words[words.length - 1] ?? '') || PERSON_DESCRIPTION.test(bullet.description),
        kindOfUser: KIND_OF_USER.test(bullet.description),
        order: drafts.length,
        notes,
      });
    }
  });
  foldRoleEntities(drafts);
  return drafts;
}

const VALUE_SET = /^(?:(?:the|a|an)\s+)?(?:fixed\s+|closed\s+|predefined\s+)?(?:enumeration|enum|set\s+of\s+values|list\s+of\s+values|value\s+list)\s*(?:of\s+)?[:{(]\s*([^})]+)[})]?/i;

/** "the fixed enumeration {hot drink, cold drink}", "a closed set of values (a, b)": the values. */
function valueSet(description: string): string[] | undefined {
  const match = VALUE_SET.exec(description.trim());
  if (!match) return undefined;
  const values = match[1].split(/\s*(?:,|\||;|\bor\b)\s*/).map((v) => v.trim()).filter(Boolean);
  return values.length >= 2 ? values : undefined;
}

/** The entity that is the users table, when the spec has one. */
export function usersEntity(drafts: readonly EntityDraft[]): EntityDraft | undefined {
  return drafts.find((d) => d.persisted && !d.foldedInto && d.words.length === 1 && USERS_NAMES.test(d.words[0]));
}

/**
 * Role entities ("Manager: a user with catalog permissions") become a value of the users
 * table's role only when that is clearly what they are: the spec calls them a kind of user
 * and has a users entity to fold them into. Otherwise they keep their table with a TODO.
 */
function foldRoleEntities(drafts: EntityDraft[]): void {
  const users = usersEntity(drafts);
  for (const draft of drafts) {
    if (!draft.persisted || draft === users) continue;
    if (draft.kindOfUser && users) {
      draft.foldedInto = users;
    } else if (draft.kindOfUser || /\b(admin|administrator|staff)\b/i.test(draft.writtenName)) {
      draft.notes.push(
        users
          ? `TODO: ${draft.writtenName} may be a kind of user; if so, make it a value of ${users.table}.role instead of a table.`
          : `TODO: ${draft.writtenName} looks like a kind of user, but the spec has no users entity; kept as its own table. Consider one users table with a role.`,
      );
    }
  }
}

/** The entity that person-role words (author, assignee, actor…) refer to. */
export function personEntity(drafts: readonly EntityDraft[]): { entity: EntityDraft; certain: boolean } | undefined {
  const users = usersEntity(drafts);
  if (users) return { entity: users, certain: true };
  const people = drafts.filter((d) => d.persisted && !d.foldedInto && /^(employee|staff|member|person|account)$/.test(d.words[d.words.length - 1] ?? ''));
  return people.length === 1 ? { entity: people[0], certain: false } : undefined;
}

export interface EntityMatch {
  entity: EntityDraft;
  /** Words before the entity's name in the phrase: `parent` in `parent task`. */
  prefix: string[];
  /** The phrase named the entity in the plural ("cart items"). */
  plural: boolean;
  /** Matched on the last word only ("cart" for Shopping Cart). */
  headOnly: boolean;
}

/**
 * Finds the entity a phrase names: by its full name at the end of the phrase (`file attachments`
 * → Attachment), else by its head noun when exactly one entity has it (`cart` → Shopping Cart).
 */
export function matchEntity(phrase: string, drafts: readonly EntityDraft[], exclude?: EntityDraft): EntityMatch | undefined {
  const raw = wordsOf(phrase);
  if (raw.length === 0) return undefined;
  const last = raw[raw.length - 1];
  const singular = singularWord(last);
  const plural = singular !== last;
  const words = [...raw.slice(0, -1), singular];
  const candidates = drafts.filter((d) => d !== exclude);
  let best: EntityMatch | undefined;
  for (const draft of candidates) {
    const n = draft.words.length;
    if (n === 0 || n > words.length) continue;
    const tail = words.slice(words.length - n);
    if (tail.join(' ') === draft.words.join(' ') && (!best || n > best.entity.words.length)) {
      best = { entity: draft, prefix: words.slice(0, words.length - n), plural, headOnly: false };
    }
  }
  if (best) return best;
  const byHead = candidates.filter((d) => d.words[d.words.length - 1] === singular);
  if (byHead.length === 1) return { entity: byHead[0], prefix: words.slice(0, -1), plural, headOnly: true };
  return undefined;
}

/** Compiled once per entity: the generator looks for every entity in every paragraph of the spec. */
const mentionPatterns = new WeakMap<EntityDraft, RegExp>();

function mentionPattern(draft: EntityDraft): RegExp {
  let pattern = mentionPatterns.get(draft);
  if (!pattern) {
    const singular = draft.words.join('[\\s_-]*');
    const pluralLast = draft.words.slice(0, -1).concat([tableNameFor(draft.words[draft.words.length - 1] ?? '')]).join('[\\s_-]*');
    pattern = new RegExp(`\\b(?:(${pluralLast})|(${singular}))\\b`, 'gi');
    mentionPatterns.set(draft, pattern);
  }
  return pattern;
}

/** Where `draft`'s name occurs in `text` (singular or plural, whole words). */
export function mentionsOf(text: string, draft: EntityDraft): { index: number; plural: boolean; length: number }[] {
  const pattern = mentionPattern(draft);
  const found: { index: number; plural: boolean; length: number }[] = [];
  for (const match of text.matchAll(pattern)) {
    found.push({ index: match.index ?? 0, plural: match[1] !== undefined && match[1].toLowerCase() !== draft.words.join(' '), length: match[0].length });
  }
  return found;
}
