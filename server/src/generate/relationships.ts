import type { Cardinality, ReferentialAction } from '../model/types';
import { mentionsOf, type EntityDraft } from './catalogue';
import type { ReferenceDraft } from './entity-text';
import type { SpecText } from './spec-reader';
import type { JoinDraft } from './prose-relationships';

/**
 * Turns the references read from every bullet into foreign keys: one FK column per parent
 * (however many times the spec names the relationship), "contains multiple X" turned into the
 * FK on X, ON DELETE chosen from ownership, and what stays unclear (many-to-many, mere
 * mentions) written down as TODO notes instead of guessed.
 */

export interface ResolvedForeignKey {
  child: EntityDraft;
  parent: EntityDraft;
  /** Column name with `_id`. */
  column: string;
  nullable: boolean;
  /** One-to-one: the FK column is unique. */
  unique: boolean;
  onDelete: ReferentialAction;
  /** Diagram label, read from the parent's side ("has", "used by", "answered by"). */
  label: string;
  leftCardinality: Cardinality;
  rightCardinality: Cardinality;
}

export interface ResolvedRelationships {
  foreignKeys: ResolvedForeignKey[];
  /** Join tables made for many-to-many links; their foreign keys are in `foreignKeys`. */
  joinTables: EntityDraft[];
  /** TODO notes per entity, keyed by table. */
  notes: Map<string, string[]>;
}

/** The parent's side of the relationship, for the diagram: "Dataset used by Task". */
function labelFor(reference: ReferenceDraft): string {
  const verb = reference.verb.toLowerCase();
  if (reference.role && reference.role !== 'parent') return `${reference.role.replace(/_/g, ' ')} of`;
  if (reference.role === 'parent') return 'parent of';
  if (/^uses?$/.test(verb)) return 'used by';
  if (/^answers?$/.test(verb)) return 'answered by';
  if (/^references?$|^refers/.test(verb)) return 'referenced by';
  if (/owned by|^owns?$|^owning$|^owner$/.test(verb)) return 'owns';
  if (/linked|associated|tied/.test(verb)) return 'linked to';
  if (/assigned/.test(verb)) return 'assigned';
  if (/submitted/.test(verb)) return 'submits';
  if (/created|made|written|placed/.test(verb)) return 'creates';
  if (/^contains?$|^includes?$|^holds?$/.test(verb)) return 'contains';
  return 'has';
}

/**
 * Composition by name: `Order Item` is part of `Order`, `Cart Item` of `Shopping Cart`, `Dataset
 * Item` of `Dataset`. Their rows mean nothing without the parent, so deleting it deletes them.
 */
function isPartOf(child: EntityDraft, parent: EntityDraft): boolean {
  return child.words.length > 1 && child.words[0] === parent.words[parent.words.length - 1];
}

/** A row that exists to link two others ("the association between", "membership", "assignment of"). */
const LINKING = /\b(?:between|association|associates?|junction|many-to-many|membership|assignment|enrol?ment|links?\s+(?:a|an|the|one|each)\b|connects?)\b/i;

/** A description saying the rows form a tree. */
const HIERARCHY = /\bhierarch(?:y|ical)\b|\bparent\s*\/\s*child\b|\bparent-child\b|\bcan\s+be\s+nested\b|\bnested\s+(?:within|inside|under)\s+(?:another|other|a\s+parent)\b|\btree\s+of\b/i;

/** Last words that classify the entity named before them rather than make a row of it: "Order Status" is a lookup. */
const CLASSIFIER = /^(status|statuses|state|type|kind|category|tier|level|class|priority|stage|role|template|group)$/;

/**
 * `Job Report` is named after `Job`: the parent's full name starts the child's and something
 * follows it. The longest such parent wins (`Order Line Tax` belongs to `Order Line`, not `Order`).
 */
function isNamedAfter(child: EntityDraft, parent: EntityDraft): boolean {
  if (child === parent || parent.words.length === 0 || child.words.length <= parent.words.length) return false;
  if (CLASSIFIER.test(child.words[child.words.length - 1] ?? '')) return false;
  return parent.words.every((word, i) => child.words[i] === word);
}

/** `task_tags` for Task and Tag: the first's singular and the second's plural. */
function joinTableName(left: EntityDraft, right: EntityDraft): string {
  return `${left.words.join('_')}_${right.table}`;
}

/** Sentences that refuse deleting something that still has children: its FKs must RESTRICT. */
const REFUSED_DELETE = /\bdelet\w*\b[^.]*\b(refused|rejected|prevented|blocked|forbidden|not\s+allowed|must\s+not|cannot|can\s+not)\b|\b(prevent|forbid|refuse|block)\w*\s+\w*\s*delet/i;

function restrictedParents(entities: readonly EntityDraft[], paragraphs: readonly SpecText[]): Set<EntityDraft> {
  const restricted = new Set<EntityDraft>();
  for (const paragraph of paragraphs) {
    for (const sentence of paragraph.text.split(/(?<=[.!?])\s+/)) {
      if (!REFUSED_DELETE.test(sentence)) continue;
      for (const entity of entities) if (mentionsOf(sentence, entity).length > 0) restricted.add(entity);
    }
  }
  return restricted;
}

/**
 * People who come into a row later in its life: a task is created before it is assigned, a request
 * before it is reviewed or approved. Their references start NULL.
 */
const LATER_ROLE = /^(?:assignee|assigned_\w+|reviewer|approver|resolver|closer|(?:reviewed|approved|rejected|resolved|closed|completed|cancelled|canceled|verified|signed_off)_by(?:_\w+)?)$/;

function setLater(column: string): boolean {
  return LATER_ROLE.test(column);
}

export function resolveRelationships(
  entities: readonly EntityDraft[],
  references: readonly ReferenceDraft[],
  paragraphs: readonly SpecText[],
  /** References read from requirements and stories (prose-relationships.ts): they only add what the bullets leave out. */
  proseReferences: readonly ReferenceDraft[] = [],
  proseJoins: readonly JoinDraft[] = [],
  tenant?: EntityDraft,
): ResolvedRelationships {
  const joins: JoinDraft[] = [...proseJoins];
  const notes = new Map<string, string[]>();
  const note = (entity: EntityDraft, text: string): void => {
    const list = notes.get(entity.table) ?? [];
    if (!list.includes(text)) list.push(text);
    notes.set(entity.table, list);
  };
  const restricted = restrictedParents(entities, paragraphs);
  // Folded role entities are rows of the users table.
  const canonical = (entity: EntityDraft): EntityDraft => entity.foldedInto ?? entity;

  // 1. Forward references: the FK is on `from`. Stated relationships win over wording read from definitions.
  const forward = references
    .filter((r) => r.direction === 'forward')
    .map((r) => ({ ...r, from: canonical(r.from), target: canonical(r.target) }))
    .sort((a, b) => Number(a.inferred ?? false) - Number(b.inferred ?? false));
  const byKey = new Map<string, ReferenceDraft & { merged: ReferenceDraft[] }>();
  for (const reference of forward) {
    const key = `${reference.from.table}→${reference.target.table}→${reference.role ?? ''}`;
    const existing = byKey.get(key);
    if (existing) {
      existing.merged.push(reference);
      existing.oneToOne ||= reference.oneToOne;
      existing.owned ||= reference.owned;
      continue;
    }
    byKey.set(key, { ...reference, merged: [reference] });
  }
  const hasForeignKey = (child: EntityDraft, parent: EntityDraft): boolean =>
    [...byKey.values()].some((r) => r.from === child && r.target === parent);

  // 1b. Relationships the requirements state: a new parent, or a second reference to one under its own role (`reviewer_id`).
  for (const reference of proseReferences.filter((r) => r.direction === 'forward')) {
    const from = canonical(reference.from);
    const target = canonical(reference.target);
    if (from === target && !reference.role) continue;
    const key = `${from.table}→${target.table}→${reference.role ?? ''}`;
    if (byKey.has(key)) continue;
    const existing = [...byKey.values()].filter((r) => r.from === from && r.target === target);
    if (existing.some((r) => !r.role || r.column === reference.column) || (!reference.role && existing.length > 0)) continue;
    byKey.set(key, { ...reference, from, target, merged: [reference] });
  }

  // 2. "contains multiple X", "cart items": the FK belongs on X, unless X already has it or it is many-to-many.
  for (const reference of [...references, ...proseReferences].filter((r) => r.direction === 'reverse')) {
    const parent = canonical(reference.from);
    const child = canonical(reference.target);
    if (hasForeignKey(child, parent)) continue;
    const backMentions = references.filter((r) => canonical(r.from) === child && canonical(r.target) === parent && (r.plural || r.direction === 'reverse'));
    if (backMentions.length > 0) {
      joins.push({ left: reference.from, right: reference.target, phrase: reference.phrase });
      continue;
    }
    const key = `${child.table}→${parent.table}→`;
    byKey.set(key, {
      from: child,
      target: parent,
      direction: 'forward',
      column: parent.words.join('_'),
      oneToOne: false,
      owned: false,
      optional: false,
      plural: false,
      verb: reference.verb,
      phrase: reference.phrase,
      merged: [],
    });
  }

  // 3. A name that starts with another entity's name ("Job Report", "Order Line", "User Settings")
  // is one of that entity's: the row references it, unless the name only classifies ("Order Status").
  for (const child of entities) {
    for (const parent of entities) {
      if (!isNamedAfter(child, parent) || hasForeignKey(child, parent) || hasForeignKey(parent, child)) continue;
      if (entities.some((other) => other !== parent && isNamedAfter(child, other) && other.words.length > parent.words.length)) continue;
      byKey.set(`${child.table}→${parent.table}→`, {
        from: child, target: parent, direction: 'forward', column: parent.words.join('_'),
        oneToOne: false, owned: false, optional: false, plural: false, verb: 'belongs to',
        phrase: child.name, inferred: true, merged: [],
      });
    }
  }

  // 3a. A hierarchy of one entity ("2-level hierarchy (parent/child)", "folders can be nested"): each row may have a parent row.
  for (const entity of entities) {
    if (!HIERARCHY.test(entity.bullet.description) || hasForeignKey(entity, entity)) continue;
    byKey.set(`${entity.table}→${entity.table}→parent`, {
      from: entity, target: entity, direction: 'forward', column: 'parent', role: 'parent',
      oneToOne: false, owned: false, optional: true, plural: false, verb: 'parent of',
      phrase: HIERARCHY.exec(entity.bullet.description)?.[0] ?? 'hierarchy', inferred: true, merged: [],
    });
  }

  // 3b. Multi-tenant specs: every row that hangs from no other entity (people aside) belongs to a tenant.
  if (tenant) {
    for (const entity of entities) {
      if (entity === tenant || entity.person || entity.implied || entity.foldedInto) continue;
      const parents = [...byKey.values()].filter((r) => r.from === entity && r.target !== entity && !r.target.person);
      if (parents.length > 0 || hasForeignKey(tenant, entity)) continue;
      byKey.set(`${entity.table}→${tenant.table}→`, {
        from: entity, target: tenant, direction: 'forward', column: tenant.words.join('_'),
        oneToOne: false, owned: false, optional: false, plural: false, verb: 'belongs to',
        phrase: `${tenant.name} is the tenant`, inferred: true, merged: [],
      });
    }
  }

  // 4. Mere mentions: fine when a relationship exists between the two, otherwise say so (once per pair).
  const mentioned = new Set<string>();
  for (const reference of references.filter((r) => r.direction === 'mention')) {
    const from = canonical(reference.from);
    const target = canonical(reference.target);
    if (from === target || hasForeignKey(from, target) || hasForeignKey(target, from)) continue;
    const covered = references.some((r) => r.direction === 'reverse' && canonical(r.target) === from && canonical(r.from) === target);
    if (covered) continue;
    if (mentioned.has(`${from.table}→${target.table}`)) continue;
    mentioned.add(`${from.table}→${target.table}`);
    note(from, `TODO: ${from.name} mentions ${target.name} ("${reference.phrase}") without saying how they relate; add a reference if they do.`);
  }

  const foreignKeys: ResolvedForeignKey[] = [];
  const joinTables: EntityDraft[] = [];
  for (const join of joins) {
    const [left, right] = [canonical(join.left), canonical(join.right)];
    const table = joinTableName(join.left, join.right);
    if (joinTables.some((t) => t.table === table || t.table === joinTableName(join.right, join.left))) continue;
    // An entity of the spec already links the two (an enrolment, a membership): no second link.
    const linked = entities.some((e) => e !== left && e !== right && hasForeignKey(e, left) && hasForeignKey(e, right) &&
      (LINKING.test(e.bullet.description) || e.words.some((w) => left.words.includes(w) || right.words.includes(w))));
    if (linked || entities.some((e) => e.table === table)) continue;
    const draft: EntityDraft = {
      writtenName: `${join.left.name} ${join.right.name}`, name: `${join.left.name} ${join.right.name}`,
      words: [...join.left.words, ...join.right.words], table, bullet: join.left.bullet, persisted: true,
      person: false, kindOfUser: false, order: join.left.order + 0.5, joinOf: [left, right],
      notes: [`Joins ${left.table} and ${right.table} many-to-many ("${join.phrase.length > 120 ? `${join.phrase.slice(0, 117)}...` : join.phrase}").`],
    };
    joinTables.push(draft);
    const leftColumn = `${join.left.words.join('_')}_id`;
    const rightColumn = `${left === right ? 'related_' : ''}${join.right.words.join('_')}_id`;
    for (const [parent, column] of [[left, leftColumn], [right, rightColumn]] as const) {
      foreignKeys.push({
        child: draft, parent, column, nullable: false, unique: false, onDelete: 'CASCADE', label: 'linked in',
        leftCardinality: 'exactly-one', rightCardinality: 'zero-or-more',
      });
    }
  }
  for (const reference of byKey.values()) {
    const child = reference.from;
    const parent = reference.target;
    // Two readings (a bullet and a requirement, under different role words) can name the same
    // column: one row has one such column, so the first reading (stated before inferred) wins.
    if (foreignKeys.some((fk) => fk.child === child && fk.column === `${reference.column}_id`)) continue;
    const self = child === parent;
    const cascade = !self && !restricted.has(parent) && (reference.owned || isPartOf(child, parent));
    if (reference.uncertain) {
      note(child, `TODO: ${reference.column}_id: "${reference.phrase}" is taken to be a row of ${parent.table}; confirm.`);
    }
    const nullable = reference.optional || self || setLater(reference.column);
    foreignKeys.push({
      child,
      parent,
      column: `${reference.column}_id`,
      nullable,
      unique: reference.oneToOne,
      onDelete: cascade ? 'CASCADE' : 'RESTRICT',
      label: labelFor(reference),
      leftCardinality: nullable ? 'zero-or-one' : 'exactly-one',
      rightCardinality: reference.oneToOne ? (nullable ? 'zero-or-one' : 'exactly-one') : 'zero-or-more',
    });
  }
  return { foreignKeys, joinTables, notes };
}

/** Parents before children (a stable topological order on the spec's order); cycles keep the spec's order. */
export function orderParentsFirst(entities: readonly EntityDraft[], foreignKeys: readonly ResolvedForeignKey[]): EntityDraft[] {
  const remaining = [...entities].sort((a, b) => a.order - b.order);
  const ordered: EntityDraft[] = [];
  const placed = new Set<EntityDraft>();
  while (remaining.length > 0) {
    const next = remaining.find((entity) =>
      foreignKeys.every((fk) => fk.child !== entity || fk.parent === entity || placed.has(fk.parent) || !remaining.includes(fk.parent)),
    ) ?? remaining[0];
    ordered.push(next);
    placed.add(next);
    remaining.splice(remaining.indexOf(next), 1);
  }
  return ordered;
}
