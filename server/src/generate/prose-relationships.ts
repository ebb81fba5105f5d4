import { matchEntity, mentionsOf, usersEntity, type EntityDraft } from './catalogue';
import type { ReferenceDraft } from './entity-text';
import { singularWords, snakeCase, wordsOf } from './naming';
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

/** Entity names in a sentence, longest first where they overlap ("Order Item" hides its "Order"). */
function mentionsIn(sentence: string, entities: readonly EntityDraft[]): Mention[] {
  const all: Mention[] = [];
  for (const entity of entities) {
    for (const m of mentionsOf(sentence, entity)) all.push({ entity, index: m.index, end: m.index + m.length, plural: m.plural });
  }
  all.sort((a, b) => a.index - b.index || b.end - a.end);
  const kept: Mention[] = [];
  for (const mention of all) {
    if (kept.some((k) => mention.index < k.end && mention.end > k.index)) continue;
    kept.push(mention);
  }
  return kept;
}

/** Two entities the spec links many-to-many ("each tag is linked to many contacts"). */
export interface JoinDraft {
  left: EntityDraft;
  right: EntityDraft;
  phrase: string;
}

export function referencesFromProse(entities: readonly EntityDraft[], texts: readonly SpecText[]): { references: ReferenceDraft[]; joins: JoinDraft[] } {
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
        if (/^(?:-[a-z]|\s+(?!(?:and|or|with|who|that|which|of|to|for|in|on|at|by|is|are|was|were|has|have|must|may|can|when|where|if|via|through|per|as|so|but)\b)[a-z])/.test(sentence.slice(parent.end))) continue;
        // "a contact linked to one or more tags": several parents per row. A link verb makes it
        // many-to-many (a join table); the resolver decides when the other side says so too.
        if (parent.plural && MANY.test(between)) {
          joins.push({ left: child.entity, right: parent.entity, phrase: sentence.trim() });
          continue;
        }
        push(child.entity, parent.entity, parent.entity.words.join('_'), undefined, sentence.trim(), false, verb[1].toLowerCase());
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
  return { references, joins };
}
