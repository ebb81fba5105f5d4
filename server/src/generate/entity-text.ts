import { recognizeAttribute, type AttributeDraft } from './attributes';
import { matchEntity, mentionsOf, personEntity, usersEntity, type EntityDraft } from './catalogue';
import { singularWords, snakeCase, wordsOf } from './naming';
import { clausesOf, extractHints, listItemsOf, splitTopLevel } from './phrases';

/**
 * Reads one entity bullet into attribute drafts and reference drafts. A bullet is a sequence
 * of clauses ("a person who signs in; has a unique username…; belongs to a Dataset"); each
 * clause is a definition, an attribute list, a relationship list or a remark, recognised
 * by how it starts. Relationships are only collected here; `relationships.ts` resolves them.
 */

export type ReferenceDirection = 'forward' | 'reverse' | 'mention';

export interface ReferenceDraft {
  from: EntityDraft;
  target: EntityDraft;
  /** forward: `from` holds the FK; reverse: `target` holds it ("contains multiple X"); mention: unclear. */
  direction: ReferenceDirection;
  /** Column base name without `_id`, as the spec words it (`cart`, `parent_task`, `author`). */
  column: string;
  /** A role word distinguishes two FKs to the same table (author and uploader). */
  role?: string;
  oneToOne: boolean;
  /** The child is part of / owned by the parent (ON DELETE CASCADE). */
  owned: boolean;
  optional: boolean;
  /** The phrase named the target in the plural (a hint of one-to-many or many-to-many). */
  plural: boolean;
  /** The verb as written, for the diagram label. */
  verb: string;
  phrase: string;
  /** The person entity was inferred from a role word without a users table; confirm. */
  uncertain?: boolean;
  /** Read from a definition's wording ("an entry in a shopping cart") rather than stated as a relationship. */
  inferred?: boolean;
}

export interface EntityAnalysis {
  attributes: AttributeDraft[];
  references: ReferenceDraft[];
  notes: string[];
  /** "Sensitive: never visible to annotators" and the like. */
  sensitive: boolean;
  /** Phrases naming entities the spec says are not persisted. */
  transientMentions: { entity: EntityDraft; phrase: string }[];
  /** Entities the bullet references that the spec does not list ("belongs to a Vulnerability", a person without a users entity). */
  unresolved: { name: string; phrase: string; person: boolean }[];
}

/** "Key attributes:", "Fields:", "Attributes include:", "Its properties are": what follows is the attribute list. */
const ATTRIBUTE_LABEL = /^(?:(?:key|main|core|its|the)\s+)?(?:attributes?|fields?|properties|columns?|data)\s*(?::|\s(?:include|includes|are|comprise|contain|contains)\b\s*:?)\s*/i;
/** "Status types include: new, reviewing, quoted": the values of the entity's status (or type, role…). */
const VALUES_CLAUSE = /^(?:(?:the|its|possible|allowed|valid)\s+)*([a-z]+(?:[\s-][a-z]+)?)\s+(?:types?|values?|states?|options?|kinds?|levels?)\s*(?::|\s(?:include|includes|are|is)\b\s*:?)\s*(.+)$/i;
/** A sub-bullet that names a group before its list: "Identity: order ID, customer", "Materials (nullable): a, b". */
const GROUP_LABEL = /^([A-Za-z][\w\s/&-]{0,40}?)\s*((?:\([^)]*\)\s*)*):\s+(.+)$/;
const RELATIONSHIP_LABEL = /^relationships?\s*:\s*/i;
const SENSITIVE = /^(?:sensitive|confidential|secret|private)\b|\bnever\s+(?:visible|shown|exposed|readable)\b|\bmust\s+not\s+be\s+(?:visible|shown|exposed)\b/i;
const LIST_START = /^(?:has|have|having|with|including|includes|stores?|records?|tracks?|holds?|contains?|consists\s+of|attributes)\s+/i;
/** Where a definition hands over to its attribute list: "a labeling challenge with a unique name…". */
const LIST_MARKER = /\s+(?:with|including|having|containing|which has|that has)\s+|,\s+(?:with|including)\s+|\.\s+has\s+|\s+[—–]\s+/i;

/** Verbs that put the FK on this entity ("belongs to a Dataset"). */
const FORWARD_VERB = /^(belongs?\s+to|is\s+part\s+of|part\s+of|uses?|answers?|references?|refers?\s+to|(?:is\s+)?linked\s+to|(?:is\s+)?tied\s+to|(?:is\s+)?owned\s+by|(?:is\s+)?assigned\s+to|(?:is\s+)?submitted\s+by|(?:is\s+)?created\s+by|points?\s+to|links?\s+(?:back\s+)?to|links?|connects?\s+to|depends\s+on|(?:is\s+)?associated\s+with|(?:is\s+)?made\s+by|(?:is\s+)?placed\s+by|(?:is\s+)?written\s+by|(?:is\s+)?for|of|on|under|within)\s+(.+)$/i;
/** Verbs that put the FK on the other entity ("contains multiple cart items"). */
const REVERSE_VERB = /^(contains?|has\s+many|has\s+multiple|has\s+several|has\s+(?:one\s+or\s+more|zero\s+or\s+more)|includes?|holds?|groups?|owns?|receives?|is\s+used\s+by|used\s+by)\s+(.+)$/i;
const QUANTIFIER = /^(?:exactly\s+one|one\s+or\s+more|zero\s+or\s+more|at\s+most\s+one|one|a|an|the|many|multiple|several|some|any|its|their|each|zero|optional(?:ly)?)\s+/i;
/** Modifiers that say a phrase is a reference: "owning user", "linked client", "category reference". */
const REFERENCE_PREFIX = /^(owning|owner|linked|associated|related|parent|assigned|selected|chosen|referenced)\s+/i;
const REFERENCE_SUFFIX = /\s+(reference|ref|association|id|identifier|link|fk)$/i;
/** Where the entity's noun phrase ends in a relationship: "a product with a quantity", "a category to a target". */
const TARGET_END = /\s+(with|including|having|to|for|at|on|in|from|by|that|which|who|where|when|as)\s+/i;
/** "a relationship between Jobs and Users", "the link between a Playlist and a Song": a row connecting two entities. */
const BETWEEN = /\bbetween\s+(.+?)\s+and\s+(.+?)(?=\s*(?:[,;.:(]|\s+(?:with|including|that|which|who|where|allowing|for|to)\b|$))/i;
/** Words that name a person's part in a row: they point at the users table. */
const PERSON_ROLE = /^(author|uploader|actor|assignee|assigner|owner|creator|reporter|reviewer|approver|sender|recipient|submitter|performer|requester|requestor|editor|modifier|borrower|issuer|purchaser|buyer|seller|host|organizer|organiser|participant|changed by|created by|updated by|modified by)$/i;

interface Context {
  self: EntityDraft;
  all: readonly EntityDraft[];
  analysis: EntityAnalysis;
  /** The users entity's role values ("engineer"), which also name people. */
  roleWords: Set<string>;
  /** Values stated apart from their column ("Status types include: a, b"), by the column's head word. */
  statedValues: Map<string, string[]>;
}

export function analyseEntity(self: EntityDraft, all: readonly EntityDraft[], roleWords: Set<string>): EntityAnalysis {
  const analysis: EntityAnalysis = { attributes: [], references: [], notes: [], sensitive: false, transientMentions: [], unresolved: [] };
  const context: Context = { self, all, analysis, roleWords, statedValues: new Map() };
  const clauses = clausesOf(self.bullet.description);
  const labelled = clauses.some((clause) => ATTRIBUTE_LABEL.test(clause.trim()));
  clauses.forEach((clause, index) => {
    readClause(clause, index, labelled, context);
  });
  readOwnerMarks(self.bullet.description, context);
  // Nested bullets are attribute lists in their own right.
  for (const child of self.bullet.children) readChild(child.replace(ATTRIBUTE_LABEL, ''), context);
  applyStatedValues(context);
  return analysis;
}

function readClause(clause: string, index: number, labelled: boolean, context: Context): void {
  const text = clause.trim();
  if (SENSITIVE.test(text)) {
    context.analysis.sensitive = true;
    return;
  }
  const values = VALUES_CLAUSE.exec(text);
  if (values && readStatedValues(values[1], values[2], context)) return;
  const linksTwo = readBetween(text, context);
  if (ATTRIBUTE_LABEL.test(text)) {
    readListItems(text.replace(ATTRIBUTE_LABEL, ''), context);
    return;
  }
  if (linksTwo) {
    // "A link between a Playlist and a Song, with the position": the list after it is attributes.
    const [, ...rest] = splitTopLevel(text, LIST_MARKER);
    if (rest.length > 0) readListItems(rest.join(', '), context);
    return;
  }
  if (RELATIONSHIP_LABEL.test(text)) {
    readRelationships(text.replace(RELATIONSHIP_LABEL, ''), context);
    return;
  }
  if (FORWARD_VERB.test(text) && !/^(of|on|for|under|within)\s/i.test(text)) {
    readRelationships(text, context);
    return;
  }
  if (REVERSE_VERB.test(text) && isReferenceList(text.replace(REVERSE_VERB, '$2'), context)) {
    readRelationships(text, context);
    return;
  }
  if (LIST_START.test(text)) {
    readListItems(text.replace(LIST_START, ''), context);
    return;
  }
  if (isBareAttributeList(text, context)) {
    readListItems(text, context);
    return;
  }
  // A definition, possibly followed by its attribute list (unless the bullet labels its attributes:
  // then "a user with catalog management permissions" is prose, not a list).
  const [definition, ...rest] = labelled ? [text] : splitTopLevel(text, LIST_MARKER);
  readDefinition(definition ?? '', index === 0 && rest.length === 0 && !labelled, context);
  if (rest.length > 0) readListItems(rest.join(', '), context);
}

/** Nouns whose values a bullet may list apart from the column ("Status types include: …"). */
const SET_NOUN = /^(status|state|role|stage|phase|type|kind|category|priority|level|visibility|mode|method|tier|channel|source|format|severity|frequency|period|plan|outcome|result|strategy|scope|action|event|origin|condition|classification|rating)$/;

/** Short labels only: an explanation ("those that were never approved") is not a value. */
function valueItems(list: string): string[] | undefined {
  const values = listItemsOf(list.replace(/[.;]\s*$/, ''))
    .map((v) => extractHints(v).phrase.replace(/^(?:or|and)\s+/i, '').replace(/^['"“`]|['"”`]$/g, '').trim())
    .filter((v) => v && !/^(?:etc|and so on|others?)\.?$/i.test(v));
  // Field names ("file_role (input/output)") and items with their own parentheses are attributes, not values.
  const fieldLike = (item: string) => /\(|_|[a-z][A-Z]/.test(item);
  if (listItemsOf(list).some(fieldLike)) return undefined;
  if (values.length < 2 || values.some((v) => v.split(/\s+/).length > 3 || /[=+×*]/.test(v))) return undefined;
  return values;
}

/** "Status types include: New, Reviewing, Quoted": remembered until the bullet's columns are known. */
function readStatedValues(noun: string, list: string, context: Context): boolean {
  const head = singularWords(wordsOf(noun)).pop() ?? '';
  const values = SET_NOUN.test(head) ? valueItems(list) : undefined;
  if (!values) return false;
  context.statedValues.set(head, values);
  return true;
}

/** Gives stated values to the column they belong to (`status`, `order_status`), or adds that column. */
function applyStatedValues(context: Context): void {
  for (const [head, written] of context.statedValues) {
    const values = written.map(snakeCase);
    const length = Math.max(...values.map((v) => v.length)) <= 32 ? 32 : 64;
    const description = `One of: ${values.join(', ')}`;
    const existing = context.analysis.attributes.find((a) => !a.enumValues && /^(VARCHAR|TEXT)/.test(a.type) && (a.name === head || a.name.endsWith(`_${head}`) || a.name.startsWith(`${head}_`)));
    if (existing) {
      Object.assign(existing, { type: `VARCHAR(${length})`, enumValues: values, description, todo: undefined });
    } else if (!context.analysis.attributes.some((a) => a.name === head)) {
      context.analysis.attributes.push({ name: head, type: `VARCHAR(${length})`, nullable: false, unique: false, sensitivity: 'Low', description, enumValues: values });
    }
  }
}

/**
 * A sub-bullet: a plain attribute list, a group label before its list ("Identity: order ID,
 * customer"; "Materials (nullable): …" makes each column nullable), a set noun before its values
 * ("Status: draft, sent"), or one field and its explanation ("paid_at: when the invoice was paid").
 */
function readChild(child: string, context: Context): void {
  const group = GROUP_LABEL.exec(child.trim());
  if (!group) {
    readListItems(child, context);
    return;
  }
  const [, label, hints, rest] = group;
  if (/\brelationships?\b/i.test(label)) {
    readRelationships(rest, context);
    return;
  }
  if (/\b(?:attributes?|fields?|columns?|properties)\b/i.test(label)) {
    readListItems(rest, context);
    return;
  }
  const items = listItemsOf(rest);
  const optional = /\b(?:nullable|optional|if any|if applicable)\b/i.test(hints);
  const identifier = /_|[a-z][A-Z]/.test(label.trim());
  const labelWords = singularWords(wordsOf(label));
  // "Generic: requirements (text)" is a group of one; "Email: the address used to sign in" explains one field.
  const restWords = wordsOf(extractHints(rest).phrase);
  const groupOfOne = items.length === 1 && restWords.length <= 3 && !/^(?:a|an|the|its|their|when|which|who)\b/i.test(rest.trim());
  if (identifier || (items.length < 2 && !groupOfOne && labelWords.length <= 3 && !/\b(?:is|are|must|may|can|should)\b/i.test(label))) {
    // One field: its name, then what it is ("promised_delivery_date: Date committed to customer").
    const optionalField = optional || /\b(?:optional|nullable|if any|when\s+\w+ed|null\b)/i.test(rest);
    addRecognised(`${label}${hints ? ` ${hints}` : ''}${optionalField ? ' (optional)' : ''}`, false, context);
    return;
  }
  if (SET_NOUN.test(labelWords[labelWords.length - 1] ?? '') && readStatedValues(label, rest, context)) return;
  const before = context.analysis.attributes.length;
  readListItems(rest, context);
  if (optional) for (const attribute of context.analysis.attributes.slice(before)) attribute.nullable = true;
}

/** "-specific", "-owned" after an entity's name: the row belongs to one of it. */
const OWNER_MARK = /^-(?:specific|owned|level|scoped|submitted|created|generated|initiated|provided|defined)\b/i;

/**
 * "stores user-specific settings", "per-song counters", "one row per invoice": wherever they
 * stand in the bullet, these say each row belongs to one X, so the row references X.
 */
function readOwnerMarks(description: string, context: Context): void {
  for (const other of context.all) {
    if (other === context.self || !other.persisted || other.values) continue;
    for (const mention of mentionsOf(description, other)) {
      if (mention.plural) continue;
      const before = description.slice(0, mention.index);
      const after = description.slice(mention.index + mention.length);
      if (!/\bper[\s-]+$/i.test(before) && !OWNER_MARK.test(after)) continue;
      if (context.analysis.references.some((r) => r.target === other && r.direction === 'forward')) break;
      addMention(other, 'forward', description.slice(mention.index, mention.index + mention.length), context);
      break;
    }
  }
}

/** The entity a phrase starts with: "songs they starred" → Song, "a newly registered family" → Family. */
function entityAtStart(phrase: string, context: Context) {
  const words = phrase.split(/\s+/).filter(Boolean);
  for (let n = words.length; n > 0; n--) {
    const match = matchEntity(words.slice(0, n).join(' '), context.all, context.self);
    if (match) return { match, phrase: words.slice(0, n).join(' ') };
  }
  return undefined;
}

/**
 * "the relationship between jobs and users", "a link between a Playlist and a Song": a row that
 * connects two entities holds a reference to each. True when at least one side names an entity.
 */
function readBetween(text: string, context: Context): boolean {
  const between = BETWEEN.exec(extractHints(text).phrase);
  if (!between) return false;
  let found = false;
  for (const side of [between[1], between[2]]) {
    const start = entityAtStart(stripQuantifiers(side.trim()), context);
    if (!start?.match.entity.persisted) continue;
    const { match, phrase } = start;
    found = true;
    if (addValueColumn(match.entity, context)) continue;
    const sameWords = match.prefix.length === 0 && !match.headOnly;
    context.analysis.references.push({
      from: context.self, target: match.entity, direction: 'forward',
      column: sameWords ? shortReferenceName(context.self, match.entity) : snakeCase(stripQuantifiers(phrase.replace(/^(?:newly|recently)\s+/i, ''))),
      role: sameWords ? undefined : match.prefix.join('_') || undefined,
      oneToOne: false, owned: false, optional: false, plural: match.plural, verb: 'links', phrase: between[0],
    });
  }
  return found;
}

/**
 * "id, projectId, parentTaskId?, title, status (Pending | Done)": a clause that is nothing but a
 * list of short field names. Told apart from prose ("a haircut, shave, or other styling
 * service") by an `id`, a camelCase name, or most items having a clear type.
 */
function isBareAttributeList(text: string, context: Context): boolean {
  const items = listItemsOf(text, false).map((item) => extractHints(item).phrase);
  if (items.length < 3 || items.some((item) => item.split(/\s+/).length > 4)) return false;
  if (items.some((item) => /^(?:id|uuid|identifier)$|^[a-z]+[A-Z]\w*\??$/.test(item.trim()))) return true;
  // "Name, contact details, GSTIN, address, payment terms": short noun phrases, none of them a
  // sentence ("a haircut, shave, or other styling service" starts like one; verbs make prose).
  const nounPhrase = (item: string) =>
    !/^(?:a|an|the|or|and|other|some|each|every|it|they|this|these|which|who)\b/i.test(item) &&
    !/\b(?:is|are|was|were|be|been|can|may|must|will|should|has|have|used|uses|allows?|lets?|etc)\b/i.test(item);
  if (items.length >= 4 && items.every(nounPhrase)) return true;
  const typed = items.filter((item) => recognizeAttribute(item, { entityWords: context.self.words, person: context.self.person, strict: true }).kind !== 'unknown');
  return typed.length * 2 >= items.length;
}

/** True when every item of a "contains …" list names an entity (otherwise it is an attribute list). */
function isReferenceList(list: string, context: Context): boolean {
  return listItemsOf(list).every((item) => matchEntity(stripQuantifiers(extractHints(item).phrase), context.all, context.self) !== undefined);
}

function stripQuantifiers(phrase: string): string {
  let current = phrase.trim();
  let previous = '';
  while (previous !== current) {
    previous = current;
    current = current.replace(QUANTIFIER, '');
  }
  return current;
}

/** "belongs to a Task and a User", "belongs to one cart, references one product". */
function readRelationships(list: string, context: Context): void {
  let verb = 'belongs to';
  let reverse = false;
  for (const item of listItemsOf(list)) {
    let phrase = extractHints(item).phrase;
    const forward = FORWARD_VERB.exec(phrase);
    const backward = forward ? null : REVERSE_VERB.exec(phrase);
    if (forward) {
      verb = forward[1].toLowerCase();
      reverse = false;
      phrase = forward[2];
    } else if (backward) {
      verb = backward[1].toLowerCase();
      reverse = true;
      phrase = backward[2];
    }
    const oneToOne = /^exactly\s+one\b|^one\s+and\s+only\s+one\b/i.test(phrase);
    const optional = /^(?:zero\s+or\s+one|at\s+most\s+one|an?\s+optional|optional(?:ly)?)\b/i.test(phrase) || /^may\b/i.test(verb);
    let target = stripQuantifiers(phrase);
    let match = matchEntity(target, context.all, undefined);
    if (!match) {
      // "references a product with a quantity", "links a category to a target amount": the
      // entity is the noun phrase before the first preposition; what follows "with" is attributes.
      const cut = TARGET_END.exec(target);
      const head = cut ? stripQuantifiers(target.slice(0, cut.index)) : '';
      const shorter = head ? matchEntity(head, context.all, undefined) : undefined;
      if (cut && shorter) {
        const rest = target.slice(cut.index + cut[0].length);
        match = shorter;
        target = head;
        if (/^(?:with|including|having)$/i.test(cut[1])) readListItems(rest, context);
      }
    }
    if (!match) {
      context.analysis.notes.push(`TODO: "${item.trim()}": no key entity named "${target}"; add it to Key Entities or drop the relationship.`);
      context.analysis.unresolved.push({ name: target, phrase: item.trim(), person: false });
      continue;
    }
    if (addValueColumn(match.entity, context)) continue;
    if (!match.entity.persisted) {
      context.analysis.transientMentions.push({ entity: match.entity, phrase: item.trim() });
      continue;
    }
    const sameWords = match.prefix.length === 0 && !match.headOnly;
    context.analysis.references.push({
      from: context.self,
      target: match.entity,
      direction: reverse ? 'reverse' : 'forward',
      column: sameWords ? shortReferenceName(context.self, match.entity) : snakeCase(singularWords(wordsOf(target)).join(' ')),
      oneToOne,
      owned: /owned\s+by|part\s+of/.test(verb),
      optional,
      plural: match.plural,
      verb,
      phrase: item.trim(),
    });
  }
}

/**
 * The FK column's base name for a reference by the entity's full name. Inside one aggregate the
 * shared first word is dropped: in `dataset_answers`, Dataset Item is `item_id`.
 */
export function shortReferenceName(self: EntityDraft, target: EntityDraft): string {
  if (target.words.length > 1 && self.words.length > 1 && target.words[0] === self.words[0] && target !== self) {
    return target.words.slice(1).join('_');
  }
  return target.words.join('_');
}

/** Slash pairs that name one thing: a timestamp, a yes/no flag, "and/or", a unit. */
const ONE_THING_PAIR = /^(?:date\/time|time\/date|datetime|and\/or|yes\/no|true\/false|on\/off|public\/private|enabled\/disabled|visible\/hidden|km\/h|kg\/m)$/i;

/**
 * "merchant/description", "sender/receiver addresses", "Google Doc ID/URL": two attributes
 * sharing the words around the slash. Kept whole when the pair names one thing ("date/time",
 * "read/unread") or sits in a parenthesis (values: "(paid/unpaid)").
 */
export function splitSlashPair(item: string): string[] {
  const { phrase } = extractHints(item);
  const match = /(^|[\s])([A-Za-z][\w-]*)\/([A-Za-z][\w-]*)(?=$|[\s,])/.exec(phrase);
  if (!match || phrase.includes('/', match.index + match[0].length)) return [item];
  const [left, right] = [match[2], match[3]];
  if (ONE_THING_PAIR.test(`${left}/${right}`) || right.toLowerCase() === `un${left.toLowerCase()}` || right.toLowerCase() === `non${left.toLowerCase()}`) return [item];
  const at = item.indexOf(`${left}/${right}`);
  if (at < 0) return [item];
  const before = item.slice(0, at);
  const after = item.slice(at + left.length + right.length + 1);
  return [`${before}${left}${after}`, `${before}${right}${after}`];
}

/** An attribute list: each item is a reference, a known-transient entity, or an attribute. */
function readListItems(list: string, context: Context): void {
  for (const item of listItemsOf(list).flatMap(splitSlashPair)) {
    if (readReferenceItem(item, context)) continue;
    addRecognised(item, false, context);
  }
}

function addRecognised(item: string, strict: boolean, context: Context): void {
  const recognised = recognizeAttribute(item, { entityWords: context.self.words, person: context.self.person, strict });
  const found = recognised.kind === 'attributes' ? recognised.attributes : recognised.kind === 'covered' ? recognised.extra : [];
  for (const attribute of found) {
    // A name that reads as a sentence is cut to its noun, or dropped when nothing usable is left.
    const name = isProseName(attribute.name) ? shortenProseName(attribute.name) : attribute.name;
    if (name && !context.analysis.attributes.some((a) => a.name === name)) context.analysis.attributes.push({ ...attribute, name });
  }
}

/** The name's words before the prose begins ("messages_with_role" → messages), or undefined when nothing usable is left. */
function shortenProseName(name: string): string | undefined {
  const words = name.split('_').filter(Boolean);
  const flag = words[0] === 'is' || words[0] === 'has' ? [words.shift() as string] : [];
  const cut = words.findIndex((word) => PROSE_WORD.test(word) || word === 'and' || word === 'or');
  // "messages_with_role", "owns_a_workspace_directory": the noun after "with" or the last article is the attribute.
  const article = words.map((w, i) => (/^(?:a|an|the)$/.test(w) ? i : -1)).filter((i) => i >= 0).pop();
  const after = article !== undefined ? words.slice(article + 1) : cut >= 0 && words[cut] === 'with' ? words.slice(cut + 1) : [];
  const kept = after.length > 0 && after.length <= 3 ? after : cut < 0 ? words : words.slice(0, cut);
  if (kept.length === 0 || kept.length > 4) return undefined;
  const shortened = [...flag, ...kept].join('_');
  return isProseName(shortened) ? undefined : shortened;
}

/** Words that only prose puts in a name: "desired_color_input_through_various_methods" is a sentence, not a column. */
const PROSE_WORD = /^(?:a|an|the|include|includes|including|with|attributes?|list|etc|represents?|through|whether|various|its|their|which|that|who|is|are|was|were|be|been|can|may|must|should|will)$/;

/** A name no designer would write: over 40 characters, or holding a word of prose. */
export function isProseName(name: string): boolean {
  const words = name.split('_').filter(Boolean);
  const core = words[0] === 'is' || words[0] === 'has' ? words.slice(1) : words;
  return name.length > 40 || core.some((word) => PROSE_WORD.test(word)) || (core.length > 3 && core.includes('and'));
}

/**
 * A list item that is a reference: "category reference", "owning user", "linked client",
 * "Client (relationship)", "projectId", "author", "cart items", "assigned engineer(s)".
 */
function readReferenceItem(item: string, context: Context): boolean {
  const { phrase, hints } = extractHints(item);
  // "unique identifier", "id": the primary key, not a reference.
  if (/^(?:(?:a|an|the)\s+)?(?:unique\s+)?(?:identifier|id|uuid)$/i.test(phrase.trim())) return false;
  // "Google Doc ID (if approved)", "reviewer (set once reviewed)", "optional parent": absent in some rows.
  const optional = /\?\s*$/.test(phrase) || /\b(?:optional|nullable)\b/i.test(item) ||
    hints.some((h) => /^(?:if|when|whenever|once|only|unless)\b|\b(?:set|filled|added|known)\s+(?:when|once|after|if)\b/i.test(h.trim()));
  let core = stripQuantifiers(phrase.replace(/\?\s*$/, '').replace(/\boptional\b/i, '').trim());
  if (readNamedTarget(phrase, hints, optional, item, context)) return true;
  const explicit = hints.some((h) => /^(relationship|relation|fk|foreign key|reference|linked|link|references?\s+\w+)$/i.test(h.trim()));
  let marked = explicit;
  const prefix = REFERENCE_PREFIX.exec(core);
  const owned = prefix !== null && /^owning|owner$/i.test(prefix[1]);
  if (prefix && prefix[1].toLowerCase() !== 'parent') {
    core = core.slice(prefix[0].length);
    marked = true;
  }
  const suffix = REFERENCE_SUFFIX.exec(core);
  const camelId = /^[a-z][a-zA-Z0-9]*[a-z0-9](?:Id|Ref)$/.test(core.trim());
  if (suffix) {
    core = core.slice(0, suffix.index);
    marked = true;
  } else if (camelId) {
    core = core.trim().replace(/(?:Id|Ref)$/, '');
    marked = true;
  }
  // "customer details", "supplier information": the row points at that entity's row.
  const aboutEntity = !suffix && !camelId && /\s+(?:details|information|info)$/i.exec(core);
  if (aboutEntity) {
    const owner = matchEntity(core.slice(0, aboutEntity.index), context.all, context.self);
    if (owner && owner.prefix.length === 0 && !owner.headOnly && owner.entity.persisted && !owner.entity.values) {
      core = core.slice(0, aboutEntity.index);
      marked = true;
    }
  }
  const words = wordsOf(core);
  if (words.length === 0) return false;
  const plainCore = words.join(' ');
  const roleOnly = words.filter((w) => w !== 's').join(' ');

  // A person's part in the row (author, assignee) or a users role value (engineer).
  const isPersonRole = PERSON_ROLE.test(roleOnly) || context.roleWords.has(roleOnly);
  if (isPersonRole && !matchEntity(core, context.all)) {
    const person = personEntity(context.all);
    if (!person) {
      if (!marked && !isPersonRole) return false;
      context.analysis.notes.push(`TODO: "${item.trim()}" refers to a person, but the spec has no users entity to reference.`);
      context.analysis.unresolved.push({ name: 'User', phrase: item.trim(), person: true });
      return true;
    }
    const many = /\(s\)|s\)$/.test(item) || (roleOnly.endsWith('s') && context.roleWords.has(roleOnly.slice(0, -1)));
    if (many) {
      context.analysis.notes.push(`TODO: "${item.trim()}": several ${person.entity.table} per ${context.self.name.toLowerCase()}, a many-to-many relationship; add a join table (${context.self.table.replace(/s$/, '')}_${snakeCase(roleOnly.replace(/s$/, ''))}s) once confirmed.`);
      return true;
    }
    context.analysis.references.push({
      from: context.self, target: person.entity, direction: 'forward', column: snakeCase(roleOnly), role: snakeCase(roleOnly),
      oneToOne: false, owned: false, optional, plural: false, verb: roleOnly, phrase: item.trim(), uncertain: !person.certain,
    });
    return true;
  }

  const found = matchEntity(core, context.all);
  // "event ID" in Domain Event is the row's own external identifier, not a self-reference.
  const match = found && found.entity === context.self && found.headOnly ? undefined : found;
  if (!match) {
    if (!marked) return false;
    // "payment method reference", "session association", "event ID": a reference to something the spec does not model.
    const name = `${snakeCase(plainCore)}_id`;
    context.analysis.attributes.push({
      name, type: 'VARCHAR(255)', nullable: optional, unique: false, sensitivity: 'Low',
      description: `Reference to ${plainCore} (not a key entity)`,
      todo: `TODO: ${name}: the spec references "${plainCore}", which is not a key entity; an external identifier, or a missing table?`,
    });
    return true;
  }
  if (addValueColumn(match.entity, context)) return true;
  // "current balance" beside a computed Account Balance is the row's own value, not the computed entity.
  if (!match.entity.persisted && !marked && (match.headOnly || match.prefix.length > 0)) return false;
  if (!match.entity.persisted) {
    context.analysis.transientMentions.push({ entity: match.entity, phrase: item.trim() });
    return true;
  }
  // A bare plural ("comments", "file attachments") or a singular with nothing marking it as a
  // reference still names an entity; only treat plain words as references when they are the entity's name.
  // Unmarked phrases count only when they are the entity's name, perhaps with one modifier
  // ("file attachments"), not when the name ends a longer phrase ("total number of items").
  if (!marked && (match.prefix.length > 1 || (match.headOnly && (match.prefix.length > 0 || !match.plural)))) return false;
  const self = match.entity === context.self;
  context.analysis.references.push({
    from: context.self,
    target: match.entity,
    // "associated tasks", "cart items": the FK is on the other side.
    direction: match.plural && !suffix && !camelId ? 'reverse' : 'forward',
    column: match.prefix.length === 0 && !match.headOnly ? shortReferenceName(context.self, match.entity) : snakeCase(plainCore),
    role: match.prefix.length > 0 ? match.prefix.join('_') : undefined,
    oneToOne: false,
    owned,
    optional: optional || self,
    plural: match.plural,
    verb: match.plural && !marked ? 'has' : prefix ? prefix[1].toLowerCase() : 'references',
    phrase: item.trim(),
  });
  return true;
}

/** A hint that names the row the item points at: "vulnerability (reference to Vulnerability)", "host (User)", "owner (FK → User)". */
const TARGET_HINT = /^(?:an?\s+|the\s+)?(?:reference|ref|references|foreign\s+key|fk|link|pointer|relationship)\s*(?:to|→|->|:)?\s*(?:an?\s+|the\s+)?([A-Z][A-Za-z0-9]*(?:\s+[A-Z][A-Za-z0-9]*)*)\s*(?:\(.*\))?$|^([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)*(?:\s+[A-Z][a-z0-9]+)*)$/;

/**
 * "requesting user (reference to User)", "host (User)": the item is a reference to the named
 * entity, its own words the column's (`requesting_user_id`, `host_id`). A name the spec does not
 * list is recorded as unresolved, so the assembler can add the table it implies.
 */
function readNamedTarget(phrase: string, hints: readonly string[], optional: boolean, item: string, context: Context): boolean {
  for (const hint of hints) {
    const named = TARGET_HINT.exec(hint.trim());
    const target = named?.[1] ?? named?.[2];
    if (!target) continue;
    const core = stripQuantifiers(phrase.replace(/\?\s*$/, '').replace(/\boptional\b/i, '').trim());
    const match = matchEntity(target, context.all, undefined);
    if (!match || match.prefix.length > 0) {
      // A bare capitalised word in parentheses is an entity only when it reads like one we can't resolve yet.
      if (!named?.[1] && !/^(?:user|person|account|member)$/i.test(target)) continue;
      context.analysis.unresolved.push({ name: target, phrase: item.trim(), person: /^(?:user|person|account|member)$/i.test(target) });
      return true;
    }
    if (!match.entity.persisted || addValueColumn(match.entity, context)) return true;
    const words = singularWords(wordsOf(core));
    const same = words.join(' ') === match.entity.words.join(' ');
    context.analysis.references.push({
      from: context.self, target: match.entity, direction: 'forward',
      column: same || words.length === 0 ? shortReferenceName(context.self, match.entity) : snakeCase(words.join(' ')),
      role: same || words.length === 0 ? undefined : snakeCase(words.join(' ')),
      oneToOne: false, owned: false, optional, plural: false, verb: 'references', phrase: item.trim(),
    });
    return true;
  }
  return false;
}

/** A definition: "a user's predictions (a JSON array of labels) for a task", "a named collection of items". */
function readDefinition(definition: string, scanForAttributes: boolean, context: Context): void {
  let text = definition.replace(/^represents\s+/i, '');
  // Possessives name the owner: "a user's predictions".
  for (const other of context.all) {
    if (other === context.self) continue;
    const possessive = new RegExp(`\\b(?:a|an|the|each)?\\s*${other.words.join('\\s+')}['’]s\\s+`, 'i');
    if (possessive.test(text)) {
      addMention(other, 'forward', `${other.name}'s`, context);
      text = text.replace(possessive, '');
    }
  }
  const { phrase: statement } = extractHints(text);
  const hedged = /\b(may|might|could|possibly|perhaps|optionally)\b/i;
  for (const other of context.all) {
    if (other === context.self) continue;
    const mentioned = new Set<string>();
    for (const mention of mentionsOf(text, other)) {
      const before = text.slice(0, mention.index).toLowerCase();
      const after = text.slice(mention.index + mention.length);
      // "per-song counters", "user-specific status": this row is per one X (see readOwnerMarks).
      const perOne = /\bper[\s-]+$/i.test(before) || OWNER_MARK.test(after);
      // "user notifications", "user CV documents": the users table as a modifier names whose rows these are.
      const ownersModifier = !mention.plural && other === usersEntity(context.all) && /^\s+[a-z]/i.test(after);
      // "service provider", "product entry": the name modifies another noun.
      if (!perOne && !ownersModifier && /^[\s-]+(?!(?:and|or|with|who|that|which|of|to|for|in|on|at|by|is|are|has|have)\b)[a-z]/i.test(after)) continue;
      const written = text.slice(mention.index, mention.index + mention.length);
      const inStatement = mentionsOf(statement, other).length > 0 && !hedged.test(before.slice(-60));
      // "room within a Unit", "payment against an Invoice", "request opened by a Guardian".
      const prepositional = /\b(?:of|on|to|for|in|from|under|within|against|by|at|per|inside|into)\s+(?:a|an|one|the|each|exactly\s+one|its|their|his|her)\s+$|\bper[\s-]+$/.test(before) || perOne || ownersModifier;
      // One X named in what the entity is ("a payment for a trip", "the tenant's property",
      // "a favorite of a Recipe") is a reference from this row; several ("movements") are not.
      const direction: ReferenceDirection = !mention.plural && inStatement && (prepositional || !/\b(?:no|not|without|never|other|another)\s+$/i.test(before)) ? 'forward' : 'mention';
      if (direction === 'mention' && mentioned.has(other.table)) continue;
      mentioned.add(other.table);
      addMention(other, direction, written, context);
    }
  }
  if (scanForAttributes) {
    for (const item of listItemsOf(text, false)) addRecognised(item, true, context);
  } else if (/^(?:a|an|the|one)?\s*(?:uniquely\s+)?named\b/i.test(text.trim())) {
    addRecognised(text, true, context);
  }
}

/** A row naming a fixed list of values ("exactly one category") gets it as a CHECK-ed column. */
function addValueColumn(other: EntityDraft, context: Context): boolean {
  if (!other.values) return false;
  const name = snakeCase(other.name);
  if (context.analysis.attributes.some((a) => a.name === name)) return true;
  const values = other.values.map(snakeCase);
  const length = Math.max(...values.map((v) => v.length)) <= 32 ? 32 : 64;
  context.analysis.attributes.push({
    name, type: `VARCHAR(${length})`, nullable: false, unique: false, sensitivity: 'Low',
    description: `One of: ${values.join(', ')} (the spec's ${other.name} list)`, enumValues: values,
  });
  return true;
}

function addMention(other: EntityDraft, direction: ReferenceDirection, phrase: string, context: Context): void {
  if (addValueColumn(other, context)) return;
  if (!other.persisted) {
    context.analysis.transientMentions.push({ entity: other, phrase });
    return;
  }
  context.analysis.references.push({
    from: context.self,
    target: other,
    direction,
    column: shortReferenceName(context.self, other),
    oneToOne: /exactly\s+one/i.test(phrase),
    owned: false,
    optional: false,
    plural: /s$/i.test(phrase.trim()) && !/'s$/.test(phrase.trim()),
    verb: direction === 'forward' ? 'belongs to' : 'mentions',
    phrase,
    inferred: true,
  });
}
