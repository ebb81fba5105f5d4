import { recognizeAttribute, type AttributeDraft } from './attributes';
import { mentionsOf, type EntityDraft } from './catalogue';
import { singularWord, snakeCase, wordsOf } from './naming';
import { enumerationOf, extractHints, listItemsOf } from './phrases';
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

function findEnumeration(pattern: string, requirements: readonly SpecText[], accept?: (text: string, at: number) => boolean): string[] | undefined {
  const expression = new RegExp(`\\b${pattern}\\s*\\((?:one\\s+of\\s*:?\\s*)?([^)]+)\\)`, 'i');
  for (const requirement of requirements) {
    const match = expression.exec(requirement.text);
    if (match && accept && !accept(requirement.text, match.index)) continue;
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
/** "… with a, b and c", "… including a, b": a list handed over after a noun. */
const GIVEN_WITH = /\s(?:with|including|containing)\s+(?:(?:their|its|a|an|the)\s+)?(?:details\s+(?:such\s+as|like)\s+|fields?\s+)?([^.;!?]+)/i;

/** Where a list of fields ends and the sentence goes on: "… with a title, then the page shows …". */
const CLAUSE_END = /\b(?:then|when|given|so\s+that|which|that|where|while|after|before|until|because)\b|\*\*/i;
/** Words that make a phrase a remark about data rather than a field: "correct details", "all options". */
const NOT_A_FIELD = /^(?:then|when|is|are|was|were|be|becomes?|displays?|shows?|sees?|returned|returns?|changed|changes?|saved|correct|clear|valid|different|all|full|proper|appropriate|relevant|necessary|specific|various|multiple|other|same|new|existing|options?|data|details?|information|info|levels?|messages?|mechanisms?|it|they|them|their|its|this|these|those|no|not|any|some|each|every)$/i;

/** A short noun phrase naming a field: letters only, no verb or vague word, at most three words after an article. */
function isFieldPhrase(item: string): boolean {
  const words = extractHints(item).phrase.replace(/^(?:an?|the|its|their|optional)\s+/i, '').split(/\s+/).filter(Boolean);
  return words.length > 0 && words.length <= 3 && words.every((w) => /^[A-Za-z][A-Za-z'-]*$/.test(w) && !NOT_A_FIELD.test(w));
}

/** The entity named last in `text`, and where its name ends. */
function lastNamed(all: readonly EntityDraft[], text: string): { draft: EntityDraft; at: number } | undefined {
  return all
    .map((draft) => ({ draft, at: Math.max(-1, ...mentionsOf(text, draft).map((m) => m.index + m.length)) }))
    .filter((m) => m.at >= 0)
    .sort((a, b) => b.at - a.at || b.draft.words.length - a.draft.words.length)[0];
}

/** A preposition (and article) right before a noun: the noun modifies the one named before it. */
const PREPOSITION_BEFORE = /\b(?:over|on|for|in|of|from|to|into|under|within|across|about|per|at|by|inside|onto)\s+(?:(?:a|an|the|its|their|each|one)\s+)?$/i;

/**
 * The entity a "with …" list describes: the last one named before it, unless that one sits in a
 * prepositional phrase after another ("create a task over a dataset with a name"). Then "with"
 * may attach to either noun, so the list is left alone: reading it as the dataset's gave datasets
 * the task's columns. (Giving it to the modified noun, the task, found 4 more columns on one
 * corpus pair but lowered the type-family figure by the mix; measured, not taken.)
 */
function ownerOfList(all: readonly EntityDraft[], text: string): { draft: EntityDraft; at: number } | undefined {
  const last = lastNamed(all, text);
  if (!last) return undefined;
  const mentionStart = Math.min(...mentionsOf(text, last.draft).filter((m) => m.index + m.length === last.at).map((m) => m.index));
  if (!Number.isFinite(mentionStart) || !PREPOSITION_BEFORE.test(text.slice(0, mentionStart))) return last;
  const head = lastNamed(all, text.slice(0, mentionStart));
  return head && head.draft !== last.draft ? undefined : last;
}

/** "with its items and their answers": a possessive and a plural name owned collections (rows of
 *  another table, or a relationship), not one field of this row. */
function namesOwnedCollection(item: string): boolean {
  const words = item.trim().split(/\s+/);
  const last = words[words.length - 1] ?? '';
  return /^(?:its|their|his|her)$/i.test(words[0] ?? '') && words.length > 1 && singularWord(last) !== last;
}

/** Per spec, once: which entity each "keeps fields" sentence is about, and its list. */
const fieldListsCache = new WeakMap<readonly SpecText[], { about: EntityDraft; list: string }[]>();

function fieldListsOf(all: readonly EntityDraft[], requirements: readonly SpecText[]): { about: EntityDraft; list: string }[] {
  const cached = fieldListsCache.get(requirements);
  if (cached) return cached;
  const lists: { about: EntityDraft; list: string }[] = [];
  // Key Entities bullets are read as entities; here only requirements, stories and scenarios.
  const inBullet = (line: number) => all.some((d) => line >= d.bullet.line && line <= d.bullet.endLine);
  for (const requirement of requirements) {
    if (inBullet(requirement.line)) continue;
    for (const sentence of requirement.text.split(/(?<=[.!?])\s+/)) {
      const keeps = KEEPS_FIELDS.exec(sentence);
      if (keeps) {
        const about = lastNamed(all, keeps[1]);
        if (about) lists.push({ about: about.draft, list: keeps[2] });
        continue;
      }
      // "create accounts with a name, a type and an opening balance": an entity, then "with" and
      // its fields, a few words apart ("open support tickets with a subject…").
      const given = GIVEN_WITH.exec(sentence);
      if (!given) continue;
      const about = ownerOfList(all, sentence.slice(0, given.index));
      // The possessive the pattern reads past matters to the first item ("with its items").
      const possessive = /^\s(?:with|including|containing)\s+(its|their)\s/i.exec(given[0])?.[1];
      if (about && given.index - about.at <= 24) lists.push({ about: about.draft, list: possessive ? `${possessive} ${given[1]}` : given[1] });
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
    for (const item of listItemsOf(list.split(CLAUSE_END)[0])) {
      const words = wordsOf(item);
      if (words.length === 0 || words.length > 4 || !isFieldPhrase(item) || namesOwnedCollection(item)) continue;
      // Other entities are relationships, read elsewhere.
      if (all.some((draft) => draft !== entity && mentionsOf(item, draft).length > 0)) continue;
      let recognised = recognizeAttribute(item, { entityWords: entity.words, person: entity.person, strict: true });
      // A short noun phrase ("name", "opening balance") is a field when its name says its type
      // (a name, a kind, a word real data models type); a guess at TEXT is not enough.
      if (recognised.kind === 'unknown' && words.length <= 3 && !/\b(?:is|are|be|can|may|must|will|should|has|have|their|it|they|them)\b/i.test(item)) {
        const listed = recognizeAttribute(item, { entityWords: entity.words, person: entity.person, strict: false });
        if (listed.kind === 'attributes' && !listed.attributes.some((a) => a.todo?.includes('type not clear'))) recognised = listed;
      }
      if (recognised.kind !== 'attributes') continue;
      for (const written of recognised.attributes) {
        // "prices and quantities of the order": one price and one quantity per row.
        const parts = written.name.split('_');
        const name = written.type.endsWith('[]') ? written.name : [...parts.slice(0, -1), singularWord(parts[parts.length - 1] ?? '')].join('_');
        const attribute = { ...written, name };
        if (attributes.some((a) => a.name === attribute.name || a.name.includes(attribute.name) || attribute.name.includes(a.name))) continue;
        // An email on an order is not unique: only a requirement that says so makes it one.
        attributes.push({ ...attribute, unique: /\bunique\b/i.test(item) });
      }
    }
  }
}

/** Column head words whose values a spec may list anywhere (user stories, scenarios, requirements). */
const VALUE_HOLDER = /^(status|state|stage|phase|type|kind|category|role|priority|level|tier|mode|method|channel|source|origin|visibility|severity|frequency|period|plan|outcome|result|strategy|scope|gateway|provider|platform|action|theme|template|format|condition)$/;
/** A value as specs write one apart from a list: `"Submitted"`, `SUBMITTED`, `submitted`. */
const WRITTEN_VALUE = `(?:["“'\`]([A-Za-z][\\w -]{0,30}?)["”'\`]|\\b([A-Z][A-Z0-9_]{1,30})\\b)`;
/** "status changes to X", "status from X to Y", "status set to X". */
const STATUS_CHANGE = new RegExp(`\\b[Ss]tatus\\s+(?:(?:is|gets|will\\s+be|should\\s+be|must\\s+be)\\s+)?(?:changes?|changed|set|moves?|moved|goes|transitions?|transitioned|updated?|becomes?|switch(?:es)?|switched)\\s+(?:from\\s+${WRITTEN_VALUE}\\s+)?to\\s+${WRITTEN_VALUE}`, 'g');
/** `"Approved" status`, `a status of "Approved"`, `marked as EXPIRED`, `in PENDING status`. */
const STATUS_NAMED = new RegExp(`${WRITTEN_VALUE}\\s+[Ss]tatus\\b|\\b[Ss]tatus\\s+(?:of|is|=|:)\\s*${WRITTEN_VALUE}|\\bmarked\\s+(?:as\\s+)?${WRITTEN_VALUE}`, 'g');
/** `draft → submitted → approved`: a lifecycle written as transitions. */
const TRANSITIONS = /([A-Za-z][\w-]*(?: [a-z][\w-]*)?)((?:\s*(?:→|->|⟶|=>)\s*[A-Za-z][\w-]*(?: [a-z][\w-]*)?)+(?:\s*\/\s*[A-Za-z][\w-]*(?: [a-z][\w-]*){0,2})*)/g;
/** Words that are never a state: "and", "with", "the". */
const NOT_A_STATE = /^(?:and|or|with|the|a|an|to|from|of|by|for|in|on|its|each|then|status|state|etc)$/i;

/** The sentences of the spec about one entity, and a test that a place in one is about it. */
interface EntityTexts {
  /** Paragraphs naming the entity, other entities' own bullets excepted. */
  about: SpecText[];
  /** Their sentences that name the entity. */
  sentences: SpecText[];
  /** True when the nearest entity named before `at` is this one, at most `distance` characters before. */
  nearestIsSelf: (text: string, at: number, distance?: number) => boolean;
}

/** Per spec and entity, once: enumerations and nullability read the same sentences. */
const textsCache = new WeakMap<readonly SpecText[], WeakMap<EntityDraft, EntityTexts>>();

function textsAbout(entity: EntityDraft, all: readonly EntityDraft[], paragraphs: readonly SpecText[]): EntityTexts {
  const byEntity = textsCache.get(paragraphs) ?? new WeakMap<EntityDraft, EntityTexts>();
  textsCache.set(paragraphs, byEntity);
  const cached = byEntity.get(entity);
  if (cached) return cached;
  const texts = readTextsAbout(entity, all, paragraphs);
  byEntity.set(entity, texts);
  return texts;
}

function readTextsAbout(entity: EntityDraft, all: readonly EntityDraft[], paragraphs: readonly SpecText[]): EntityTexts {
  // Another entity's own bullet describes that entity's columns, whatever it mentions.
  const othersBullet = (line: number) => all.some((d) => d !== entity && d.bullet !== entity.bullet && line >= d.bullet.line && line <= d.bullet.endLine);
  const about = paragraphs.filter((p) => mentionsEntity(p.text, entity) && !othersBullet(p.line));
  const sentences = about.flatMap((p) => p.text.split(/(?<=[.!?;])\s+/).map((text) => ({ text, line: p.line })))
    .filter(({ text }) => mentionsEntity(text, entity));
  const nearestIsSelf = (text: string, at: number, distance = 24): boolean => {
    let best: { draft: EntityDraft; end: number } | undefined;
    for (const draft of all) {
      for (const mention of mentionsOf(text.slice(0, at), draft)) {
        const end = mention.index + mention.length;
        if (!best || end > best.end || (end === best.end && draft.words.length > best.draft.words.length)) best = { draft, end };
      }
    }
    // "the booking's status", "Booking status changes": a few words apart at most.
    return best?.draft === entity && at - best.end <= distance;
  };
  return { about, sentences, nearestIsSelf };
}

/**
 * The values of an entity's status, type or category column stated anywhere in the spec: a
 * parenthesised list after the column's words ("payment method (card, cash)"), a lifecycle in
 * arrows, or the states a status is said to change to ("status changes to `Approved`"). Scattered
 * states count only in sentences about this entity: the nearest entity named before the status
 * is this one ("the booking status changes to CONFIRMED", not the payment's). At least two values.
 */
export function enumerationsFromSpec(entity: EntityDraft, all: readonly EntityDraft[], attributes: AttributeDraft[], paragraphs: readonly SpecText[]): void {
  const { about, sentences, nearestIsSelf } = textsAbout(entity, all, paragraphs);
  for (const attribute of attributes) {
    if (attribute.enumValues || !/^(VARCHAR|TEXT$)/.test(attribute.type)) continue;
    const words = attribute.name.split('_');
    const head = words[words.length - 1] ?? '';
    if (!VALUE_HOLDER.test(head)) continue;
    const pattern = attributePattern(attribute);
    // A bare "status (a, b)" counts next to this entity's name; "payment method (card, cash)" anywhere.
    let values = words.length > 1
      ? findEnumeration(pattern, about) ?? findEnumeration(pattern, paragraphs)
      : findEnumeration(pattern, sentences, (text, at) => nearestIsSelf(text, at));
    let gathered = false;
    if (!values && /^(status|state|stage)$/.test(head) && (attribute.name === head || attributes.filter((a) => /(^|_)(status|state|stage)$/.test(a.name)).length === 1)) {
      values = lifecycleValues(sentences, nearestIsSelf);
      gathered = values !== undefined;
    }
    if (!values || values.length < 2) continue;
    const stored = [...new Set(values.map(snakeCase).filter(Boolean))];
    if (stored.length < 2 || stored.some((v) => v.length > 40)) continue;
    attribute.enumValues = stored;
    attribute.type = `VARCHAR(${Math.max(...stored.map((v) => v.length)) <= 32 ? 32 : 64})`;
    attribute.description = `One of: ${stored.join(', ')}`;
    // States gathered from scenarios may miss one the spec allows elsewhere: say so where the user looks.
    attribute.todo = gathered
      ? `TODO: ${attribute.name}: values gathered from the spec's scenarios (${stored.join(', ')}); check no state is missing before relying on the CHECK.`
      : undefined;
    if (/^(status|state|stage)$/.test(head) && !attribute.nullable) attribute.default = `'${stored[0]}'`;
  }
}

/** States a status goes through, in the order the spec first names them. */
function lifecycleValues(texts: readonly SpecText[], nearestIsSelf: EntityTexts['nearestIsSelf']): string[] | undefined {
  const found: string[] = [];
  const add = (value: string | undefined) => {
    // "from draft → submitted": the words before a state are not part of it ("in progress" is).
    const clean = value?.trim().replace(/^(?:from|to|the|a|an|is|as|of|at|status|state)\s+/i, '');
    if (clean && !NOT_A_STATE.test(clean) && !found.some((f) => f.toLowerCase() === clean.toLowerCase())) found.push(clean);
  };
  for (const { text } of texts) {
    // Values in the order the sentence names them, whichever form names them.
    const named: { at: number; values: (string | undefined)[] }[] = [];
    // Arrows describe a lifecycle only in a sentence about states, not a screen flow.
    const aboutStates = /\b(?:status|state|states|lifecycle|life\s+cycle|transitions?)\b/i.test(text);
    const stateWords = [...text.matchAll(/\b(?:status|states?|lifecycle)\b/gi)].map((m) => m.index ?? 0);
    for (const match of aboutStates ? text.matchAll(TRANSITIONS) : []) {
      // "the lifecycle of a load with the states: a → b": the entity named before the nearest state word.
      const at = match.index ?? 0;
      const before = stateWords.filter((i) => i < at);
      if (!(before.length > 0 ? before.some((i) => nearestIsSelf(text, i)) : nearestIsSelf(text, at))) continue;
      // The last state may list alternatives: "… → confirmed / failed".
      const chain = [match[1], ...match[2].split(/\s*(?:→|->|⟶|=>)\s*/).filter(Boolean)].flatMap((state) => state.split(/\s*\/\s*/));
      named.push({ at: match.index ?? 0, values: chain });
    }
    for (const match of text.matchAll(STATUS_CHANGE)) {
      if (nearestIsSelf(text, match.index ?? 0)) named.push({ at: match.index ?? 0, values: [match[1] ?? match[2], match[3] ?? match[4]] });
    }
    for (const match of text.matchAll(STATUS_NAMED)) {
      if (nearestIsSelf(text, match.index ?? 0)) named.push({ at: match.index ?? 0, values: [match.slice(1).find((v) => v !== undefined)] });
    }
    for (const { values } of named.sort((a, b) => a.at - b.at)) for (const value of values) add(value);
  }
  return found.length >= 2 ? found : undefined;
}

/** Where a spec says a field may be absent: "optional X", "X (optional)", "X is optional / may be omitted". */
function saysOptional(pattern: string): RegExp {
  return new RegExp(
    `\\boptional(?:ly)?\\s+(?:[a-z-]+\\s+)?${pattern}\\b` +
      `|\\b${pattern}\\s*\\((?:[^)]*[,;:]\\s*)?(?:optional|nullable|if any|if provided|if available|if applicable|may be (?:empty|omitted|null))\\b[^)]*\\)` +
      `|\\b${pattern}\\s+(?:is|are|remains?|stays?)\\s+(?:optional|nullable|null|not required|omitted)\\b` +
      `|\\b${pattern}\\s+(?:may|can|might)\\s+be\\s+(?:omitted|empty|blank|null|absent|missing|left\\s+(?:empty|blank))\\b` +
      `|\\b${pattern}\\s+(?:if|when)\\s+(?:any|provided|available|applicable|known)\\b`,
    'i',
  );
}

/** Where a spec says a field must be there: "X (required)", "required X", "X is required / mandatory". */
function saysRequired(pattern: string): RegExp {
  return new RegExp(
    `\\b(?:required|mandatory)\\s+${pattern}\\b|\\b${pattern}\\s*\\((?:[^)]*[,;:]\\s*)?(?:required|mandatory)\\b[^)]*\\)|\\b${pattern}\\s+(?:is|are)\\s+(?:required|mandatory)\\b`,
    'i',
  );
}

/**
 * Nullability the spec states outside the entity's bullet: "subject, description and optional
 * category" in a requirement, "the phone is optional" in a scenario, "last name (required)".
 * Only in sentences about this entity; a one-word field ("phone") only close after its name.
 */
export function nullabilityFromSpec(entity: EntityDraft, all: readonly EntityDraft[], attributes: AttributeDraft[], paragraphs: readonly SpecText[]): void {
  const { sentences, nearestIsSelf } = textsAbout(entity, all, paragraphs);
  if (sentences.length === 0) return;
  for (const attribute of attributes) {
    // A column with a default (a status, a flag) is there from the start.
    if (attribute.default !== undefined) continue;
    const pattern = attributePattern(attribute);
    const single = !attribute.name.includes('_');
    const near = (text: string, match: RegExpExecArray | null) => match !== null && (!single || nearestIsSelf(text, match.index, 160));
    const says = attribute.nullable ? saysRequired(pattern) : saysOptional(pattern);
    if (sentences.some(({ text }) => near(text, says.exec(text)))) attribute.nullable = !attribute.nullable;
  }
}
