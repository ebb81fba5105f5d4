import type { EntityDraft } from './catalogue';
import { singularWord, wordsOf } from './naming';
import type { ResolvedForeignKey } from './relationships';

/**
 * The domain titles the document and chooses what it covers: the entities it names plus those
 * they reference, transitively (a document about tasks needs the datasets tasks point at).
 * A domain that covers the spec's title, or names no entity, covers everything.
 */

/** Words that say nothing about which entities a domain is about. */
const GENERIC_WORDS = new Set([
  'and', 'or', 'the', 'a', 'an', 'of', 'for', 'with', 'to', 'in', 'on', 'management', 'manage', 'data', 'model',
  'system', 'result', 'feature', 'platform', 'service', 'module', 'core', 'app', 'application', 'schema', 'domain',
]);

function significantWords(text: string): Set<string> {
  return new Set(wordsOf(text).map(singularWord).filter((w) => !GENERIC_WORDS.has(w)));
}

export interface DomainSelection {
  selected: EntityDraft[];
  /** Persisted entities the domain leaves out (to be named in a TODO). */
  leftOut: EntityDraft[];
}

export function selectForDomain(
  domain: string,
  title: string | undefined,
  entities: readonly EntityDraft[],
  foreignKeys: readonly ResolvedForeignKey[],
): DomainSelection {
  const domainWords = significantWords(domain);
  const titleWords = title ? significantWords(title) : new Set<string>();
  const coversTitle = titleWords.size > 0 && [...titleWords].every((w) => domainWords.has(w));
  const named = entities.filter((e) => e.words.length > 0 && e.words.every((w) => domainWords.has(w)));
  if (coversTitle || named.length === 0) return { selected: [...entities], leftOut: [] };

  const selected = new Set<EntityDraft>(named);
  let grew = true;
  while (grew) {
    grew = false;
    for (const fk of foreignKeys) {
      if (selected.has(fk.child) && !selected.has(fk.parent)) {
        selected.add(fk.parent);
        grew = true;
      }
    }
  }
  return {
    selected: entities.filter((e) => selected.has(e)),
    leftOut: entities.filter((e) => !selected.has(e)),
  };
}
