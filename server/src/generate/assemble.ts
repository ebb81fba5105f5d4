import type {
  CheckConstraint,
  Column,
  DataModel,
  Entity,
  ForeignKey,
  Problem,
  Relationship,
} from '../model/types';
import { diagramEntityFor, diagramNameFor } from '../mermaid/diagram';
import { emptyModel, lineRange } from '../model/util';
import { recognizeAttribute, type AttributeDraft } from './attributes';
import { catalogueOf, usersEntity, type EntityDraft } from './catalogue';
import { auditColumns, auditTrail, idColumn, keyConvention, typeGuidelines, type IdType } from './conventions';
import { selectForDomain } from './domain';
import { analyseEntity, type EntityAnalysis, type ReferenceDraft } from './entity-text';
import { indexesFor } from './indexes';
import { safeColumnName, singularTableName, titleCase } from './naming';
import { orderParentsFirst, resolveRelationships, type ResolvedForeignKey } from './relationships';
import { attributesFromRequirements, enrichFromRequirements, enumerationsFromSpec, nullabilityFromSpec } from './requirements';
import { chooseRoles, criticalTableNote, isAdministrativeRole, securityAnnotations } from './security';
import type { EntityBullet, SpecDocument } from './spec-reader';
import { impliedEntities } from './implied';
import { actorRoles } from './actors';
import { referencesFromProse } from './prose-relationships';

/**
 * Puts the pieces together: catalogue → per-entity reading → relationships → domain
 * selection → tables, constraints, indexes, security, conventions, diagram. Pure: the same
 * spec and options give the same model.
 */

export interface AssemblyOptions {
  domain: string;
  specReference: string;
  date: string;
  idType: IdType;
  roles?: string[];
  orm: string;
}

const AUDIT_NAMES = new Set(['id', 'created_at', 'updated_at']);
/** Columns filled in by a background process after the row is created (scoring, processing). */
const SET_LATER = /^(score|\w+_score|rank|\w+_rank|metric|metric_\w+|\w+_metric|result|\w+_result|error|\w+_error|\w*reason|output)$/;
const QUEUE_STATES = /^(queued|pending|processing|waiting)$/;
/** Example instances in an entity's description: `(e.g., bug, urgent, CRM)`, `(for example: …)`, `such as …`. */
const EXAMPLE_NAMES = /\((?:e\.\s?g\.?|for example|such as)[,:]?\s*([^)]+)\)/i;

export function assembleModel(document: SpecDocument, options: AssemblyOptions): { model: DataModel; problems: Problem[] } {
  const problems: Problem[] = [];
  let { drafts, persisted, users, analyses } = analyseSpec(document.entities, document);
  // Entities the bullets reference without listing (a User, "belongs to a Vulnerability") get a table, and a second reading resolves to it.
  const implied = impliedEntities(drafts, analyses);
  if (implied.length > 0) {
    ({ drafts, persisted, users, analyses } = analyseSpec([...document.entities, ...implied.map((i) => i.bullet)], document));
    for (const entity of implied) {
      const draft = drafts.find((d) => d.bullet === entity.bullet);
      const analysis = draft ? analyses.get(draft) : undefined;
      if (!draft || !analysis) continue;
      draft.implied = true;
      draft.notes.push(`TODO: Implied: the spec refers to ${entity.bullet.name} ("${entity.evidence}") but does not list it as a key entity; add its attributes, or point the references at the table that already holds it.`);
      if (analysis.attributes.length === 0) {
        const placeholder = recognizeAttribute(entity.person ? 'unique email' : 'name', { entityWords: draft.words, person: entity.person, strict: false });
        if (placeholder.kind === 'attributes') analysis.attributes.push(...placeholder.attributes);
      }
    }
  }

  const folded = persisted.filter((d) => d.foldedInto);
  const tables = persisted.filter((d) => !d.foldedInto);
  const references: ReferenceDraft[] = tables.flatMap((d) => analyses.get(d)?.references ?? []);
  const roleValues = users ? (analyses.get(users)?.attributes.find((a) => a.name === 'role')?.enumValues ?? []) : [];
  const prose = referencesFromProse(tables, document.paragraphs, new Set(roleValues.map((v) => v.replace(/_/g, ' '))));
  const relationships = resolveRelationships(tables, references, document.paragraphs, prose.references, prose.joins, prose.tenant);
  // Header/line documents: "Invoice: number, date, line items, total" keeps its lines in a table of their own.
  for (const header of [...tables]) {
    const analysis = analyses.get(header);
    const lines = analysis?.attributes.find((a) => LINE_ITEMS.test(a.name));
    if (!analysis || !lines) continue;
    const line = lineTable(header, tables);
    if (!line) continue;
    analysis.attributes.splice(analysis.attributes.indexOf(lines), 1);
    tables.push(line.draft);
    analyses.set(line.draft, line.analysis);
    relationships.foreignKeys.push({
      child: line.draft, parent: header, column: `${header.words.join('_')}_id`, nullable: false, unique: false,
      onDelete: 'CASCADE', label: 'has lines', leftCardinality: 'exactly-one', rightCardinality: 'zero-or-more',
    });
  }
  for (const join of relationships.joinTables) {
    tables.push(join);
    analyses.set(join, { attributes: [], references: [], notes: [], sensitive: false, transientMentions: [], unresolved: [] });
  }

  // Folded role entities become values of users.role.
  if (users && folded.length > 0) foldIntoUsersRole(users, folded, analyses);

  const selection = selectForDomain(options.domain, document.title?.text, tables, relationships.foreignKeys);
  const ordered = orderParentsFirst(selection.selected, relationships.foreignKeys);
  const selectedSet = new Set(ordered);
  const foreignKeys = relationships.foreignKeys.filter((fk) => selectedSet.has(fk.child) && selectedSet.has(fk.parent));

  const model = emptyModel();
  model.header = { domain: options.domain, database: 'PostgreSQL', orm: options.orm, date: options.date, specReference: options.specReference };
  const key = keyConvention(options.idType);
  const enumValues = new Map<string, string[]>();
  const markedSensitive = new Set<string>();
  const entityByTable = new Map<string, EntityDraft>();

  for (const draft of ordered) {
    const analysis = analyses.get(draft) as EntityAnalysis;
    entityByTable.set(draft.table, draft);
    if (analysis.sensitive) markedSensitive.add(draft.table);
    const entity: Entity = { name: draft.table, columns: [idColumn(options.idType, draft.name)], notes: [...draft.notes] };
    const singular = singularTableName(draft.table);

    for (const fk of foreignKeys.filter((f) => f.child === draft)) {
      if (entity.columns.some((c) => c.name === fk.column)) continue;
      entity.columns.push({
        name: fk.column,
        type: key.referenceType,
        nullable: fk.nullable,
        description: `References ${fk.parent.table}.id`,
        primaryKey: false,
        unique: fk.unique,
        foreignKey: true,
      });
    }

    const lifecycle = analysis.attributes.some((a) => /(^|_)status$/.test(a.name) && a.enumValues?.some((v) => QUEUE_STATES.test(v)));
    for (const attribute of analysis.attributes) {
      const name = safeColumnName(attribute.name, singular);
      if (AUDIT_NAMES.has(name) || entity.columns.some((c) => c.name === name)) continue;
      if (lifecycle && SET_LATER.test(name)) attribute.nullable = true;
      entity.columns.push(columnFrom(attribute, name));
      if (attribute.todo) entity.notes.push(attribute.todo.replace(`TODO: ${attribute.name}:`, `TODO: ${name}:`));
      if (attribute.enumValues) {
        enumValues.set(`${draft.table}.${name}`, attribute.enumValues);
        model.checks.push(enumCheck(draft.table, singular, name, attribute.enumValues));
      }
      if (attribute.range) model.checks.push(rangeCheck(draft.table, singular, name, attribute));
    }
    // "Tag: A label for categorizing tasks (e.g., bug, urgent, CRM)": no attributes, but the
    // examples are the names its rows hold. Without a column the table would be empty (DM204).
    const examples = analysis.attributes.length === 0 ? EXAMPLE_NAMES.exec(draft.bullet.description) : null;
    if (examples && !entity.columns.some((c) => c.name === 'name')) {
      entity.columns.push({ name: 'name', type: 'VARCHAR(255)', nullable: false, description: `Name, e.g. ${examples[1].trim()}`, primaryKey: false, unique: false, foreignKey: false });
    }
    entity.columns.push(...auditColumns());

    entity.notes.push(...analysis.notes, ...(relationships.notes.get(draft.table) ?? []));
    for (const mention of analysis.transientMentions) {
      entity.notes.push(`TODO: "${mention.phrase}" refers to ${mention.entity.name}, which the spec says is not persisted; add the columns this table needs from it, or confirm none.`);
    }
    if (!examples && !draft.joinOf && entity.columns.length === 1 + foreignKeys.filter((f) => f.child === draft).length + 2) {
      entity.notes.push(`TODO: The spec lists no attributes for ${draft.name}; add its columns.`);
    }
    model.entities.push(entity);
  }

  // Notes that belong to the document rather than one table go on the first table.
  const first = model.entities[0];
  if (first) {
    const transient = drafts.filter((d) => !d.persisted);
    if (transient.length > 0) first.notes.push(`Not persisted (the spec says so), so no table: ${transient.map((d) => d.name).join(', ')}.`);
    if (selection.leftOut.length > 0) {
      first.notes.push(`TODO: Left out of "${options.domain}": ${selection.leftOut.map((d) => d.table).join(', ')}. Generate with a broader domain to include them.`);
    }
  }

  model.foreignKeys = foreignKeyConstraints(foreignKeys);
  model.indexes = indexesFor({
    entities: model.entities,
    drafts: entityByTable,
    foreignKeys: model.foreignKeys,
    enumValues,
    paragraphs: document.paragraphs,
  });
  for (const draft of ordered) {
    const link = linkColumns(draft, foreignKeys, analyses.get(draft));
    if (!link) continue;
    const [first, second] = link;
    // The composite key leads with the first column, so a lookup index on it alone is redundant.
    model.indexes = model.indexes.filter((i) => !(i.table === draft.table && !i.unique && i.columns.length === 1 && i.columns[0].name === first));
    model.indexes.unshift({
      name: `uq_${draft.table}_${first.replace(/_id$/, '')}_${second.replace(/_id$/, '')}`, table: draft.table,
      columns: [{ name: first }, { name: second }], method: 'BTREE', unique: true,
      purpose: `One ${draft.table.replace(/s$/, '').replace(/_/g, ' ')} per ${first.replace(/_id$/, '')} and ${second.replace(/_id$/, '')}`,
    });
  }

  // Roles: the users table's role values (plus folded role entities), else the options, else a default pair.
  const usersTable = users && selectedSet.has(users) ? users.table : undefined;
  const specRoles = users ? (analyses.get(users)?.attributes.find((a) => a.name === 'role')?.enumValues ?? []).map((v) => titleCase(v.replace(/_/g, ' '))) : [];
  // Without role values on the users entity, the people the spec writes about are the roles.
  const actors = specRoles.length > 0 ? [] : actorRoles(document.paragraphs, drafts);
  // Someone administers the data even when the spec only writes about its users.
  const withAdmin = actors.length > 0 && !actors.some(isAdministrativeRole) ? [...actors, 'Admin'] : actors;
  const roles = chooseRoles(specRoles.length > 0 ? specRoles : withAdmin, options.roles);
  if (withAdmin.length > actors.length && !options.roles?.length) {
    roles.todo = `TODO: The spec names its people (${actors.join(', ')}) but no administrator; the Security Annotations add Admin. Rename it to the application's administrator role.`;
  }
  model.roles = roles.roles;
  if (roles.todo && first) (model.entities.find((e) => e.name === usersTable) ?? first).notes.push(roles.todo);

  const security = securityAnnotations({
    entities: model.entities,
    foreignKeys: model.foreignKeys,
    roles: model.roles,
    usersTable,
    markedSensitive,
    paragraphs: document.paragraphs,
  });
  model.security = security.annotations;
  for (const entity of model.entities) entity.notes.push(...(security.notes.get(entity.name) ?? []));
  for (const annotation of model.security) {
    if (annotation.sensitivity !== 'CRITICAL') continue;
    const entity = model.entities.find((e) => e.name === annotation.table);
    if (!entity) continue;
    const critical = entity.columns.filter((c) => c.sensitivity === 'CRITICAL').map((c) => c.name);
    const holds = critical.length > 0 ? `${critical.join(', ')}` : 'data the spec marks sensitive';
    entity.securityNote = criticalTableNote(entity.name, model.roles, document.paragraphs, holds);
    // A table the spec marks sensitive as a whole: its payload columns are the sensitive part.
    if (critical.length === 0) {
      for (const column of entity.columns) if (!column.primaryKey && !column.foreignKey && !AUDIT_NAMES.has(column.name)) column.sensitivity = 'CRITICAL';
    }
  }

  model.typeGuidelines = typeGuidelines(options.orm, options.idType);
  model.audit = auditTrail(options.orm);
  model.diagram = {
    entities: model.entities.map(diagramEntityFor),
    relationships: foreignKeys.map(diagramRelationship),
  };

  // Every TODO is also a problem located at the entity's bullet, so the editor can point at it.
  for (const entity of model.entities) {
    const draft = entityByTable.get(entity.name);
    if (!draft) continue;
    for (const text of entity.notes.filter((n) => n.startsWith('TODO:'))) {
      problems.push({ message: text, range: lineRange(document.lines, draft.bullet.line), severity: 'warning' });
    }
  }
  for (const draft of drafts.filter((d) => !d.persisted)) {
    problems.push({ message: `${draft.name} is not persisted (per the spec): no table.`, range: lineRange(document.lines, draft.bullet.line), severity: 'info' });
  }
  return { model, problems };
}

/** Descriptions of a row that links two others: "the association between", "links a playlist and a song", "many-to-many". */
const LINK_WORDS = /\b(?:between|association|associates?|junction|many-to-many|membership|links?\s+(?:a|an|the|one|each)\b|connects?)\b/i;
/** Line tables of a header/line document: one line per product in an order or cart. */
const LINE_NAME = /^(item|line|entry)$/;

/**
 * The two key columns of a link table, which a composite unique key makes one row per pair:
 * a join table made for a many-to-many, a row the spec describes as linking two entities, one
 * with no attributes of its own besides two references, or a line table (`cart_items`) naming
 * its header and one other entity. A row between two rows of one table (a transfer between
 * wallets) is not a link: the pair may repeat.
 */
function linkColumns(draft: EntityDraft, foreignKeys: readonly ResolvedForeignKey[], analysis: EntityAnalysis | undefined): [string, string] | undefined {
  const keys = foreignKeys.filter((fk) => fk.child === draft && !fk.nullable && fk.parent !== draft);
  const parents = [...new Set(keys.map((fk) => fk.parent))];
  if (parents.length !== 2) return undefined;
  const columnTo = (parent: EntityDraft) => keys.filter((fk) => fk.parent === parent);
  if (parents.some((p) => columnTo(p).length !== 1)) return undefined;
  // `Order Item` of Order, `Cart Item` of Shopping Cart: the header's name (or its head noun) starts the line's.
  const header = parents.find((p) => draft.words.length > p.words.length && p.words.every((w, i) => draft.words[i] === w)) ??
    parents.find((p) => draft.words.length > 1 && draft.words[0] === p.words[p.words.length - 1]);
  const line = header !== undefined && LINE_NAME.test(draft.words[draft.words.length - 1] ?? '');
  const link = draft.joinOf !== undefined || LINK_WORDS.test(draft.bullet.description) || (analysis?.attributes.length ?? 0) === 0 || line;
  if (!link) return undefined;
  const ordered = header ? [header, ...parents.filter((p) => p !== header)] : parents;
  return [columnTo(ordered[0])[0].column, columnTo(ordered[1])[0].column];
}

/** An attribute that is a document's lines: "line items", "order lines", "invoice lines". */
const LINE_ITEMS = /^(?:\w+_)?line_items?$|^(?:\w+_)?lines$/;

/**
 * The line table of a header entity whose bullet lists its "line items" as an attribute:
 * `invoice_items` with the header's key, a quantity and a unit price (what a line is), and a
 * TODO to confirm what else a line holds. None when the spec already lists such an entity.
 */
function lineTable(header: EntityDraft, tables: readonly EntityDraft[]): { draft: EntityDraft; analysis: EntityAnalysis } | undefined {
  const words = [...header.words, 'item'];
  const table = `${header.words.join('_')}_items`;
  const exists = tables.some((t) => t.table === table || t.table === `${header.words.join('_')}_lines` ||
    (t.words.length > header.words.length && header.words.every((w, i) => t.words[i] === w) && /^(item|line|entry)$/.test(t.words[t.words.length - 1] ?? '')));
  if (exists) return undefined;
  const draft: EntityDraft = {
    writtenName: `${header.name} Item`, name: `${header.name} Item`, words, table, bullet: header.bullet, persisted: true,
    person: false, kindOfUser: false, order: header.order + 0.5,
    notes: [`TODO: Lines of ${header.table} (the spec lists "line items"); quantity and unit price are what a line holds: add the item it is for and anything else the spec asks.`],
  };
  const attributes = ['quantity', 'unit price'].flatMap((phrase) => {
    const recognised = recognizeAttribute(phrase, { entityWords: words, person: false, strict: false });
    return recognised.kind === 'attributes' ? recognised.attributes : [];
  });
  return { draft, analysis: { attributes, references: [], notes: [], sensitive: false, transientMentions: [], unresolved: [] } };
}

/** Catalogue the bullets and read each persisted entity (the users entity first: its role values name people elsewhere). */
function analyseSpec(bullets: readonly EntityBullet[], document: SpecDocument) {
  const drafts = catalogueOf(bullets);
  const persisted = drafts.filter((d) => d.persisted);
  const users = usersEntity(drafts);
  const roleValuesOf = (analysis: EntityAnalysis | undefined): string[] =>
    analysis?.attributes.find((a) => a.name === 'role')?.enumValues ?? [];
  const usersFirstPass = users ? analyseEntity(users, drafts, new Set()) : undefined;
  const roleWords = new Set(roleValuesOf(usersFirstPass).map((v) => v.replace(/_/g, ' ')));
  const analyses = new Map<EntityDraft, EntityAnalysis>();
  for (const draft of persisted) {
    const analysis = analyseEntity(draft, drafts, roleWords);
    attributesFromRequirements(draft, persisted, analysis.attributes, document.paragraphs);
    enrichFromRequirements(draft, analysis.attributes, document.requirements);
    enumerationsFromSpec(draft, drafts, analysis.attributes, document.paragraphs);
    nullabilityFromSpec(draft, drafts, analysis.attributes, document.paragraphs);
    analyses.set(draft, analysis);
  }
  return { drafts, persisted, users, analyses };
}

function columnFrom(attribute: AttributeDraft, name: string): Column {
  return {
    name,
    type: attribute.type,
    nullable: attribute.nullable,
    default: attribute.default ?? (attribute.nullable ? 'NULL' : undefined),
    description: attribute.description,
    primaryKey: false,
    unique: attribute.unique,
    foreignKey: false,
    sensitivity: attribute.sensitivity !== 'Low' ? attribute.sensitivity : undefined,
  };
}

function enumCheck(table: string, singular: string, column: string, values: readonly string[]): CheckConstraint {
  const list = values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
  return { name: `chk_${singular}_${column}`, table, expression: `${column} IN (${list})` };
}

function rangeCheck(table: string, singular: string, column: string, attribute: AttributeDraft): CheckConstraint {
  const range = attribute.range as { low: string; high: string };
  const bounds = `${column} >= ${range.low} AND ${column} <= ${range.high}`;
  return {
    name: `chk_${singular}_${column}${attribute.enumValues ? '_range' : ''}`,
    table,
    expression: attribute.nullable ? `${column} IS NULL OR (${bounds})` : bounds,
  };
}

function foreignKeyConstraints(foreignKeys: readonly ResolvedForeignKey[]): ForeignKey[] {
  const constraints: ForeignKey[] = [];
  for (const fk of foreignKeys) {
    const child = singularTableName(fk.child.table);
    let name = `fk_${child}_${singularTableName(fk.parent.table)}`;
    // Two FKs to one table (author, uploader) are named after their columns.
    if (fk.child === fk.parent || constraints.some((c) => c.name === name) || foreignKeys.some((o) => o !== fk && o.child === fk.child && o.parent === fk.parent)) {
      name = `fk_${child}_${fk.column.replace(/_id$/, '')}`;
    }
    constraints.push({
      name,
      table: fk.child.table,
      columns: [fk.column],
      refTable: fk.parent.table,
      refColumns: ['id'],
      onDelete: fk.onDelete,
    });
  }
  return constraints;
}

function diagramRelationship(fk: ResolvedForeignKey): Relationship {
  return {
    left: diagramNameFor(fk.parent.table),
    right: diagramNameFor(fk.child.table),
    leftCardinality: fk.leftCardinality,
    rightCardinality: fk.rightCardinality,
    identifying: !fk.nullable,
    label: fk.label,
  };
}

/** "Librarian: a user who manages loans" becomes a value of users.role. */
function foldIntoUsersRole(users: EntityDraft, folded: readonly EntityDraft[], analyses: Map<EntityDraft, EntityAnalysis>): void {
  const analysis = analyses.get(users);
  if (!analysis) return;
  const values = folded.map((d) => d.words.join('_'));
  let role = analysis.attributes.find((a) => a.name === 'role');
  if (!role) {
    role = {
      name: 'role', type: 'VARCHAR(32)', nullable: false, unique: false, sensitivity: 'Low',
      description: '', enumValues: [],
      todo: `TODO: role: made from the role entities (${folded.map((d) => d.name).join(', ')}); add the role of ordinary users if there is one.`,
    };
    analysis.attributes.push(role);
  }
  role.enumValues = [...(role.enumValues ?? []), ...values.filter((v) => !(role?.enumValues ?? []).includes(v))];
  role.default = `'${role.enumValues[0]}'`;
  role.description = `One of: ${role.enumValues.join(', ')}`;
  for (const draft of folded) {
    const extra = (analyses.get(draft)?.attributes ?? []).filter((a) => !analysis.attributes.some((b) => b.name === a.name));
    analysis.notes.push(`${draft.name} is a kind of user (per the spec): a value of ${users.table}.role, not a table.`);
    if (extra.length > 0) {
      analysis.notes.push(`TODO: ${draft.name}'s own attributes (${extra.map((a) => a.name).join(', ')}) need a home: nullable ${users.table} columns or a ${singularTableName(draft.table)}_profiles table.`);
    }
  }
}
