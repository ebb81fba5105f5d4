import type { EntityDraft } from './catalogue';
import { matchEntity, personEntity, usersEntity } from './catalogue';
import type { EntityAnalysis } from './entity-text';
import { singularWords, wordsOf } from './naming';
import type { EntityBullet } from './spec-reader';

/**
 * Entities a spec references without listing them: "belongs to a Vulnerability", "requesting
 * user (reference to User)", "stores the user-specific status" in a spec whose Key Entities
 * have no User. A reference to nothing cannot be a foreign key, so each such entity becomes a
 * table of its own (marked implied, with a TODO), and the references resolve to it.
 */

/** Phrases that make rows belong to a user: "user-specific", "user id", "per user", "a user's". */
const OWNED_BY_USER = /\buser[\s-](?:specific|owned|scoped|level)\b|\buser[_\s]?id\b|\buserId\b|\bper[\s-]user\b|\b(?:a|the|each)\s+user['’]s\b|\breference\s+to\s+(?:a\s+|the\s+)?user\b/i;

export interface ImpliedEntity {
  bullet: EntityBullet;
  /** What in the spec implies it, for the table's note. */
  evidence: string;
  person: boolean;
}

/** The trailing capitalised name of a phrase: "requesting User" → `User`, "Vulnerability" → itself. */
function writtenName(phrase: string): string | undefined {
  const match = /([A-Z][A-Za-z0-9]*(?:\s+[A-Z][A-Za-z0-9]*)*)\s*$/.exec(phrase.trim());
  return match?.[1];
}

export function impliedEntities(drafts: readonly EntityDraft[], analyses: ReadonlyMap<EntityDraft, EntityAnalysis>): ImpliedEntity[] {
  const implied: ImpliedEntity[] = [];
  const known = (name: string): boolean => {
    const match = matchEntity(name, drafts);
    return (match !== undefined && match.prefix.length === 0 && !match.headOnly) ||
      implied.some((i) => singularWords(wordsOf(i.bullet.name)).join(' ') === singularWords(wordsOf(name)).join(' '));
  };
  const add = (name: string, from: EntityDraft, evidence: string, person: boolean): void => {
    if (known(name)) return;
    implied.push({ bullet: { name, description: '', children: [], line: from.bullet.line, endLine: from.bullet.endLine }, evidence, person });
  };
  const noPeople = !usersEntity(drafts) && !personEntity(drafts);
  for (const [draft, analysis] of analyses) {
    for (const unresolved of analysis.unresolved) {
      if (unresolved.person) {
        if (noPeople) add('User', draft, unresolved.phrase, true);
        continue;
      }
      const name = writtenName(unresolved.name);
      // Only a name the spec capitalises is an entity ("a trip to the coast" is not), and only one
      // row of it makes a foreign key here ("linked to Deals" is theirs to hold, in their module).
      const words = name ? wordsOf(name) : [];
      const plural = words.length > 0 && singularWords(words).join(' ') !== words.join(' ');
      if (name && words.length <= 3 && !plural) add(name, draft, unresolved.phrase, /^(?:user|person|account|member)$/i.test(name));
    }
  }
  if (noPeople) {
    for (const draft of drafts) {
      const text = [draft.bullet.description, ...draft.bullet.children].join(' ');
      const owned = OWNED_BY_USER.exec(text);
      if (owned) add('User', draft, owned[0], true);
    }
  }
  return implied;
}
