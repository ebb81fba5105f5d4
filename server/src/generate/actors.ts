import pluralize from 'pluralize';
import type { EntityDraft } from './catalogue';
import { titleCase } from './naming';
import type { SpecText } from './spec-reader';

/**
 * The people a spec gives access rules for, when its users entity lists no role values: the
 * actors of its user stories ("As a supervisor, I …"), roles it lists ("roles (member, manager,
 * approver)", "role-based access (managers vs customers)"), "only supervisors may …", "(Manager
 * Role)" headings, and role entities folded into users. Each becomes a role of the Security
 * Annotations; software and bystanders (the system, a developer) are not roles.
 */

/** Actors that are not people who sign in to the application. */
const NOT_A_ROLE = /^(system|systems|application|app|service|api|developer|stakeholder|business|product|team|tester|qa|platform|server|client\s+app|browser|bot|job|worker|scheduler|source|csv|template|starting\s+template|layer)$/i;
/** Qualifiers in front of the actor that do not change who it is: "a logged-in storefront customer" is a customer. */
const QUALIFIER = /^(?:logged[\s-]in|signed[\s-]in|registered|authenticated|regular|new|existing|returning|first[\s-]time|an?|the|any|each|every)\s+/i;

/** "As a supervisor, I want …", "As an admin or reviewer user viewing reports, I need …". */
const STORY_ACTOR = /\bas\s+(?:an?|the)\s+([a-z][a-z -]{0,40}?)(?:\s+(?:who|viewing|using|with|that)\b[^,]{0,80})?,?\s+I\s+(?:want|need|would|can|should|must|am|expect|have)\b/gi;
/** "roles (member, manager, approver)", "user roles: owner, editor", "role-based access control (managers vs customers)". */
const ROLE_LIST = /\b(?:roles|user\s+types|role-based\s+access(?:\s+control)?)\b[^(:.;,]{0,20}[(:]\s*([^).;{}∈]+)/gi;
const ONLY_ACTOR = /\bonly\s+([a-z]+(?:\s+[a-z]+)?)s\s+(?:can|may|are\s+allowed|should|must)\b/gi;
const ROLE_HEADING = /\(\s*([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+role\s*\)/g;

/** Nouns for people by their ending or head ("approver", "guardian", "staff"): list items and "only …" phrases must be such. */
const PERSON_NOUN = /(?:er|or|ist|ant|ent|ee|ian|eur|admin|staff|user|member|guest|lead|head|chief|agent|cook|clerk|nurse|doctor|coach|parent|family|champion)s?$/i;

function roleName(phrase: string): string | undefined {
  let text = phrase.trim().replace(/\s+/g, ' ');
  let previous = '';
  while (previous !== text) {
    previous = text;
    text = text.replace(QUALIFIER, '');
  }
  const words = text.toLowerCase().split(' ').filter(Boolean);
  if (words.length === 0 || words.length > 3 || NOT_A_ROLE.test(text)) return undefined;
  // "storefront customer", "organization owner": the head noun names the role; two-word roles
  // with an admin head keep their qualifier ("school admin").
  const head = words[words.length - 1];
  const keep = /^(admin|administrator|manager|staff|leader|lead|user)$/.test(head) && words.length === 2 && !/^(pro|end|power|other)$/.test(words[0]);
  const name = keep ? words.join(' ') : pluralize.singular(head);
  if (!/^[a-z][a-z -]*$/.test(name) || NOT_A_ROLE.test(name)) return undefined;
  return titleCase(name);
}

export function actorRoles(paragraphs: readonly SpecText[], drafts: readonly EntityDraft[]): string[] {
  const roles: string[] = [];
  const add = (phrase: string | undefined): void => {
    const name = phrase ? roleName(phrase) : undefined;
    if (name && !roles.includes(name)) roles.push(name);
  };
  for (const paragraph of paragraphs) {
    for (const match of paragraph.text.matchAll(STORY_ACTOR)) for (const part of match[1].split(/\s+or\s+|\s+and\s+|\s*\/\s*/)) add(part);
    for (const match of paragraph.text.matchAll(ROLE_LIST)) {
      const items = match[1].split(/\s*,\s*|\s+or\s+|\s+and\s+|\s+vs\.?\s+|\s*\/\s*/).filter(Boolean);
      if (items.length >= 2 && items.every((item) => item.trim().split(/\s+/).length <= 3 && PERSON_NOUN.test(item.trim().replace(/\s*\(.*$/, '')))) items.forEach(add);
    }
    for (const match of paragraph.text.matchAll(ONLY_ACTOR)) if (PERSON_NOUN.test(match[1])) add(match[1]);
    for (const match of paragraph.text.matchAll(ROLE_HEADING)) add(match[1]);
  }
  for (const draft of drafts) if (draft.foldedInto || draft.kindOfUser) add(draft.name);
  return roles;
}
