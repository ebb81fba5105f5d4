import { matchEntity, mentionsOf, usersEntity, type EntityDraft } from './catalogue';
import type { ReferenceDraft } from './entity-text';
import { singularWords, snakeCase, tableNameFor, wordsOf } from './naming';
import type { SpecText } from './spec-reader';

/**
 * Relationships stated outside the Key Entities bullets: in functional requirements, user
 * stories and "Relationships" sections. Two readings, sentence by sentence:
 *
 *   - an entity, a relationship verb, another entity: "subscriptions are linked to a user",
 *     "each invoice belongs to one customer", "a ticket assigned to a reviewer";
 *   - a field name that is a key: `owner_id`, `parentFolderId`, `approved_by` in a sentence about
 *     an entity, resolved by name, by head noun, or (for a person's part: reviewer, referrer) to
 *     the users table. Never a self-reference from the entity's own identifier.
 *
 * What comes out is a set of reference drafts marked `inferred`: the bullets' own wording wins.
 */

/** Between the child's name and the parent's: a relationship verb and its preposition, then at most an article. */
const LINK_BETWEEN = /^\s*(?:(?:table|tables|records?|rows?|entries|entry|entity|is|are|must\s+be|should\s+be|each|always|also|only|directly)\s+)*(linking|links?|linked|belongs?|belonging|references?|referencing|refers?|associated|tied|attached|assigned|scoped|owned|pointing|points?|connected|connects?)\s+(?:back\s+)?(?:to|with|by)\s+(?:(?:a|an|the|one|its|their|exactly\s+one|a\s+single|one\s+single|each|his|her|one\s+or\s+more|many|multiple|several|zero\s+or\s+more)\s+)?$/i;
const MANY = /\b(?:one\s+or\s+more|many|multiple|several|zero\s+or\s+more)\s+$/i;
/** Field names that hold a key: `owner_id`, `ownerId`, `approved_by`. */
const KEY_FIELD = /`?\b([a-z][a-z0-9]*(?:_[a-z0-9]+)*_id|[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)*Id|[a-z]+(?:_[a-z]+)*_by)\b`?/g;
/** A person's part in a row: these name a user. */
const PERSON_PART = /(?:er|or|ee|ant|ent|user|by|person|member|owner|host|admin)$/;
/** Scenario steps restate what a person does, not what a row holds. */
const SCENARIO = /^\s*(?:\d+\.\s*)?(?:given|when|then|and|as\s+an?)\b/i;

interface Mention {
  entity: EntityDraft;
  index: number;
  end: number;
  plural: boolean;
}

/**
 * Entity names in a sentence, longest first where they overlap ("Order Item" hides its "Order").
 * A multi-word entity is also found by its head noun when no other entity has that head
 * ("customer" for Storefront Customer).
 */
function mentionsIn(sentence: string, entities: readonly EntityDraft[]): Mention[] {
  const all: Mention[] = [];
  for (const entity of entities) {
    for (const m of mentionsOf(sentence, entity)) all.push({ entity, index: m.index, end: m.index + m.length, plural: m.plural });
    const head = entity.words[entity.words.length - 1];
    if (entity.words.length < 2 || !head || entities.some((e) => e !== entity && e.words[e.words.length - 1] === head)) continue;
    const pattern = new RegExp(`\\b(?:(${tableNameFor(head)})|(${head}))\\b`, 'gi');
    for (const m of sentence.matchAll(pattern)) {
      const index = m.index ?? 0;
      all.push({ entity, index, end: index + m[0].length, plural: m[1] !== undefined && m[1].toLowerCase() !== head });
    }
  }
  all.sort((a, b) => a.index - b.index || b.end - a.end);
  const kept: Mention[] = [];
  for (const mention of all) {
    if (kept.some((k) => mention.index < k.end && mention.end > k.index)) continue;
    kept.push(mention);
  }
  return kept;
}

/** "its court-type page", "a user account", "a task's leaderboard": the name only modifies the noun after it. */
function modifiesNext(sentence: string, mention: Mention): boolean {
  return /^(?:['’]s\b|-[a-z]|\s+(?!(?:and|or|with|who|that|which|of|to|for|in|on|at|by|is|are|was|were|has|have|must|may|can|when|where|if|via|through|per|as|so|but|from|into|within|under)\b)[a-z])/.test(sentence.slice(mention.end));
}

/** What a person does that makes a row theirs: "users can create listings", "members book sessions". */
const AUTHORING = /^\s*(?:(?:can|may|must|should|will|to|who|be\s+able\s+to|are\s+able\s+to)\s+)*(create|creates|post|posts|publish|publishes|submit|submits|upload|uploads|place|places|book|books|purchase|purchases|buy|buys|write|writes|own|owns|file|files|raise|raises|make|makes)\s+(?:(?:a|an|the|their|his|her|new|one|own|multiple|many|several|up\s+to\s+\d+)\s+)*$/i;
/** A bullet's definition that starts with another entity's possessive: "Address: A customer's saved location". */
const POSSESSIVE_DEFINITION = /^\s*(?:\*\*)?[:\-–—]\s*(?:represents\s+)?(?:a|an|the|each|one)\s+$/i;
/** An entity that holds the tenants: "Organization: tenant container for teams", "Workspace: the tenant". */
const TENANT = /\btenant\s+(?:container|boundary|root|scope|isolation|workspace)\b|\bmulti-tenan|\b(?:is|as)\s+(?:the|a)\s+tenant\b(?!\s+(?:who|that|of))/i;

/** Two entities the spec links many-to-many ("each tag is linked to many contacts"). */
export interface JoinDraft {
  left: EntityDraft;
  right: EntityDraft;
  phrase: string;
}

export function referencesFromProse(
  entities: readonly EntityDraft[],
  texts: readonly SpecText[],
  /** The users entity's role values ("engineer"): they name people too. */
  roleWords: ReadonlySet<string> = new Set(),
): { references: ReferenceDraft[]; joins: JoinDraft[]; tenant?: EntityDraft } {
  const references: ReferenceDraft[] = [];
  const joins: JoinDraft[] = [];
  const users = usersEntity(entities);
  const tables = entities.filter((e) => e.persisted && !e.values && !e.foldedInto);
  const push = (from: EntityDraft, target: EntityDraft, column: string, role: string | undefined, phrase: string, plural: boolean, verb: string): void => {
    references.push({
      from, target, direction: plural ? 'reverse' : 'forward', column, role,
      oneToOne: false, owned: false, optional: false, plural, verb, phrase, inferred: true,
    });
  };
  for (const text of texts) {
    for (const sentence of text.text.split(/(?<=[.!?;])\s+/)) {
      const mentions = mentionsIn(sentence, tables);
      // 1. "A … linked to B": the verb between two consecutive names.
      for (let i = 0; i + 1 < mentions.length; i++) {
        const [child, parent] = [mentions[i], mentions[i + 1]];
        if (child.entity === parent.entity) continue;
        const between = sentence.slice(child.end, parent.index);
        const verb = LINK_BETWEEN.exec(between);
        if (!verb) continue;
        // "links to its court-type page", "linked to a user account": the name only modifies another noun.
        if (modifiesNext(sentence, parent)) continue;
        // "a contact linked to one or more tags": several parents per row. A link verb makes it
        // many-to-many (a join table); the resolver decides when the other side says so too.
        if (parent.plural && MANY.test(between)) {
          joins.push({ left: child.entity, right: parent.entity, phrase: sentence.trim() });
          continue;
        }
        push(child.entity, parent.entity, parent.entity.words.join('_'), undefined, sentence.trim(), false, verb[1].toLowerCase());
      }
      // 1a. "assign tasks to one or more engineers": several people per row, a join to the users table.
      for (const mention of mentions) {
        if (!/\bassign(?:s|ed|ing)?\s+(?:(?:a|an|the|each)\s+)?$/i.test(sentence.slice(0, mention.index))) continue;
        const several = /^\s+to\s+(?:one\s+or\s+more|multiple|several|many)\s+([a-z]+)/i.exec(sentence.slice(mention.end));
        if (!several) continue;
        const word = singularWords([several[1].toLowerCase()])[0];
        const person = tables.find((e) => e.words.length === 1 && e.words[0] === word) ?? (roleWords.has(word) ? users : undefined);
        if (person && person !== mention.entity) joins.push({ left: mention.entity, right: person, phrase: sentence.trim() });
      }
      // 1b. "Address: A customer's saved location": the bullet's entity belongs to the possessor.
      if (mentions.length >= 2 && mentions[0].index < 3 && sentence.slice(mentions[1].end, mentions[1].end + 2).match(/^['’]s/) &&
        POSSESSIVE_DEFINITION.test(sentence.slice(mentions[0].end, mentions[1].index)) && mentions[0].entity !== mentions[1].entity) {
        push(mentions[0].entity, mentions[1].entity, mentions[1].entity.words.join('_'), undefined, sentence.trim(), false, 'belongs to');
      }
      // 1c. "users can create listings": the person who makes a row is its owner.
      for (let i = 0; i + 1 < mentions.length; i++) {
        const [person, made] = [mentions[i], mentions[i + 1]];
        if (!person.entity.person || made.entity.person || person.entity === made.entity) continue;
        if (!AUTHORING.test(sentence.slice(person.end, made.index)) || modifiesNext(sentence, made)) continue;
        push(made.entity, person.entity, person.entity.words.join('_'), undefined, sentence.trim(), false, 'created by');
      }
      // 2. Key fields named in a sentence about an entity (its first name in the sentence).
      if (SCENARIO.test(sentence) || mentions.length === 0) continue;
      for (const field of sentence.matchAll(KEY_FIELD)) {
        const at = field.index ?? 0;
        const subject = mentions.find((m) => m.index < at);
        if (!subject) continue;
        const stem = field[1].replace(/_id$|Id$/, '');
        const words = singularWords(wordsOf(stem));
        if (words.length === 0) continue;
        const byPerson = /_by$/.test(field[1]);
        let target = byPerson ? undefined : matchEntity(words.join(' '), tables)?.entity;
        if (!target && users && (byPerson || PERSON_PART.test(words[words.length - 1]))) target = users;
        if (!target) continue;
        const column = snakeCase(byPerson ? field[1] : words.join(' '));
        // `project_id` on Project is its own key, not a reference.
        if (target === subject.entity && words.join(' ') === target.words.join(' ')) continue;
        const role = column === target.words.join('_') ? undefined : column;
        push(subject.entity, target, column, role, field[0], false, 'references');
      }
    }
  }
  // 3. A tenant entity ("Organization: tenant container for teams and resources"): the resolver scopes top-level rows to it.
  // A rental's Tenant is a person, not a tenancy: then the word says nothing about scoping.
  const rental = tables.some((e) => e.words.includes('tenant'));
  const tenant = rental ? undefined : tables.find((e) => TENANT.test(e.bullet.description) && !e.person && e !== users);
  return { references, joins, tenant };
}
