/**
 * A live PostgreSQL schema → a DataModel, so it can be written as a data-model document.
 *
 * Reads the catalog with a fixed set of queries (see `introspect-queries.ts`), each covering
 * every table of the chosen schemas, inside one `BEGIN READ ONLY` … `ROLLBACK` transaction, so
 * all queries see one snapshot and nothing can be written. Returns how many catalog queries it
 * ran; that number does not depend on how many tables there are.
 *
 * What becomes what:
 *  - tables (ordinary and partitioned) → entities; outside `public` named `schema.table`;
 *    a table comment → the entity's first note; column comments → descriptions;
 *  - partitions are entities of their own (they can have their own foreign keys and indexes,
 *    which lint rules must see) with `partitionOf`/`partitionBound`; their parent has
 *    `partitionBy`. What PostgreSQL copies onto partitions (foreign keys, indexes, checks of the
 *    parent) is left out: it is the parent's, and `PARTITION OF` creates it again;
 *  - serial columns (an integer default taking `nextval` of a sequence the column owns, or of a
 *    sequence no column owns and only this column uses, as pg_dump output of old serials has it)
 *    → `SERIAL`/`BIGSERIAL`/`SMALLSERIAL` with Default `auto`; identity columns → the type with
 *    its `GENERATED … AS IDENTITY` clause; stored generated columns → the type with their
 *    `GENERATED ALWAYS AS (…) STORED` clause;
 *  - PRIMARY KEY → `PK` on its columns; a one-column UNIQUE constraint with PostgreSQL's default
 *    name → `UK` on the column; other UNIQUE constraints (several columns, or a name of their
 *    own) → unique indexes of the same name (the document has no other place for them);
 *  - foreign keys (NO ACTION is left unstated), checks, indexes, enum types and domains;
 *  - grants and row-level security → Security Annotations (see `introspect-security.ts`).
 * Not read: views, functions, triggers, sequences' own settings, EXCLUDE constraints, index
 * INCLUDE columns, NULLS FIRST/LAST, operator classes and collations, deferrability.
 */
import type { Column, DataModel, Entity, ForeignKey, Index, ReferentialAction } from '../model/types';
import { emptyModel } from '../model/util';
import { diagramEntityFor, diagramNameFor } from '../mermaid/diagram';
import type { Database, Row } from './database';
import {
  COLUMNS_QUERY,
  CONSTRAINTS_QUERY,
  DATABASE_QUERY,
  DOMAINS_QUERY,
  ENUMS_QUERY,
  GRANTS_QUERY,
  INDEXES_QUERY,
  POLICIES_QUERY,
  TABLES_QUERY,
  USER_SCHEMAS_QUERY,
  type ColumnRow,
  type ConstraintRow,
  type DatabaseRow,
  type DomainRow,
  type EnumRow,
  type GrantRow,
  type IndexRow,
  type PolicyRow,
  type TableRow,
} from './introspect-queries';
import { securityAnnotations } from './introspect-security';
import { resolveOwners } from '../model/access';
import { castSpellings, checkExpression, documentDefault, documentType, identityType, serialTypeFor } from './introspect-types';

export interface IntrospectOptions {
  /** Schemas to read; default: every schema but PostgreSQL's own. */
  schemas?: string[];
  /** The header's domain; default: the database's name. */
  domain?: string;
  /** The header's date (YYYY-MM-DD); default: today. */
  date?: string;
}

export interface IntrospectResult {
  model: DataModel;
  /** Catalog queries run (BEGIN, SET and ROLLBACK aside). */
  queries: number;
}

const ACTIONS: Record<string, ReferentialAction | undefined> = {
  a: undefined, // NO ACTION, PostgreSQL's default: the document leaves it unstated
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

export async function introspect(db: Database, options: IntrospectOptions = {}): Promise<IntrospectResult> {
  return db.exclusive(async () => {
    let queries = 0;
    const query = async <T extends Row>(sql: string, params?: unknown[]): Promise<T[]> => {
      queries++;
      return db.query<T>(sql, params);
    };
    try {
      // In one round trip:
      //  - repeatable read: one snapshot for all the queries, so they agree with each other;
      //  - names in `public` print unqualified, all others qualified (the document's convention);
      //  - no JIT: the catalog queries' estimated cost can cross jit_above_cost on a large
      //    schema, and compiling them then took longer than running them (290 of 350 ms for the
      //    indexes of 1,000 tables).
      await db.exec('BEGIN READ ONLY ISOLATION LEVEL REPEATABLE READ; SET LOCAL search_path = public; SET LOCAL jit = off');
      const schemas = options.schemas ?? (await query<{ name: string }>(USER_SCHEMAS_QUERY)).map((r) => r.name);
      const params = [schemas];
      const [database] = await query<DatabaseRow & Row>(DATABASE_QUERY);
      const tables = await query<TableRow & Row>(TABLES_QUERY, params);
      const columns = await query<ColumnRow & Row>(COLUMNS_QUERY, params);
      const constraints = await query<ConstraintRow & Row>(CONSTRAINTS_QUERY, params);
      const indexes = await query<IndexRow & Row>(INDEXES_QUERY, params);
      const enums = await query<EnumRow & Row>(ENUMS_QUERY, params);
      const domains = await query<DomainRow & Row>(DOMAINS_QUERY, params);
      const grants = await query<GrantRow & Row>(GRANTS_QUERY, params);
      const policies = await query<PolicyRow & Row>(POLICIES_QUERY, params);
      const model = buildModel({ database: database!, tables, columns, constraints, indexes, enums, domains, grants, policies }, options);
      return { model, queries };
    } finally {
      await db.exec('ROLLBACK').catch(() => undefined);
    }
  });
}

interface Catalog {
  database: DatabaseRow;
  tables: TableRow[];
  columns: ColumnRow[];
  constraints: ConstraintRow[];
  indexes: IndexRow[];
  enums: EnumRow[];
  domains: DomainRow[];
  grants: GrantRow[];
  policies: PolicyRow[];
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function buildModel(catalog: Catalog, options: IntrospectOptions): DataModel {
  const model = emptyModel();
  model.header = {
    domain: options.domain ?? catalog.database.database,
    database: `PostgreSQL ${Math.floor(catalog.database.version_num / 10000)}`,
    orm: '',
    date: options.date ?? today(),
    specReference: '',
  };
  const tableByOid = new Map(catalog.tables.map((t) => [t.oid, t]));
  const serials = serialColumns(catalog);
  // Each table's rows looked up once, not filtered out of every row per table (quadratic).
  const constraintsOf = groupByTable(catalog.constraints);
  const columnsOf = groupByTable(catalog.columns);

  for (const table of catalog.tables) {
    const entity: Entity = { name: table.name, columns: [], notes: [] };
    if (table.comment) entity.notes.push(paragraphText(table.comment));
    if (table.partition_key) entity.partitionBy = table.partition_key;
    if (table.parent) {
      entity.partitionOf = table.parent;
      entity.partitionBound = table.partition_bound ?? 'DEFAULT';
    }
    const own = constraintsOf.get(table.oid) ?? [];
    const primaryKey = new Set(own.find((c) => c.type === 'p')?.columns ?? []);
    const uniqueColumns = new Set(own.filter((c) => c.type === 'u' && isColumnUnique(c, table)).map((c) => c.columns[0]!));
    const foreignKeyColumns = new Set(own.filter((c) => c.type === 'f' && !c.inherited).flatMap((c) => c.columns));
    for (const row of columnsOf.get(table.oid) ?? []) {
      entity.columns.push(columnFrom(row, serials.has(`${row.table_oid}:${row.name}`), primaryKey, uniqueColumns, foreignKeyColumns));
    }
    model.entities.push(entity);

    for (const constraint of own) {
      if (constraint.type === 'f' && !constraint.inherited) model.foreignKeys.push(foreignKeyFrom(constraint, table));
      else if (constraint.type === 'c' && !constraint.inherited) {
        model.checks.push({ name: constraint.name, table: table.name, expression: checkExpression(constraint.definition ?? '') });
      } else if (constraint.type === 'u' && !constraint.inherited && !isColumnUnique(constraint, table)) {
        model.indexes.push({ name: constraint.name, table: table.name, columns: constraint.columns.map((name) => ({ name })), method: 'BTREE', unique: true, purpose: '' });
      }
    }
  }

  for (const row of catalog.indexes) {
    const table = tableByOid.get(row.table_oid);
    if (!table || row.constraint_backed || row.inherited) continue;
    model.indexes.push(indexFrom(row, table));
  }
  // Constraint-made and declared indexes of a table together, by name, as a person would list them.
  const tableOrder = firstByName(model.entities.map((e, k) => [e.name, k]));
  model.indexes.sort((a, b) => tableOrder.get(a.table)! - tableOrder.get(b.table)! || a.name.localeCompare(b.name));

  if (catalog.enums.length > 0) model.enums = catalog.enums.map((e) => ({ name: e.name, values: e.values }));
  if (catalog.domains.length > 0) model.domains = catalog.domains.map(domainFrom);

  const { roles, security } = securityAnnotations(
    catalog.tables.map((t) => ({ oid: t.oid, name: t.name, rowSecurity: t.row_security })),
    catalog.grants,
    catalog.policies,
  );
  model.roles = roles;
  model.security = security;
  // The owner column of own-records rows, found as the reader finds it, so the document written
  // from this model reads back to the same model and compiles to the same policies.
  resolveOwners(model);
  const entityByName = firstByName(model.entities.map((e) => [e.name, e]));
  model.diagram = { entities: model.entities.map(diagramEntityFor), relationships: model.foreignKeys.map((fk) => relationshipFor(fk, entityByName.get(fk.table))) };
  return model;
}

/**
 * A map of name → value where the first of equal names wins, as a search from the start would
 * find it: `x.y` may be a table in schema x and a table named "x.y" in public.
 */
function firstByName<T>(entries: [string, T][]): Map<string, T> {
  const map = new Map<string, T>();
  for (const [name, value] of entries) if (!map.has(name)) map.set(name, value);
  return map;
}

function groupByTable<T extends { table_oid: number }>(rows: readonly T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(row.table_oid);
    if (group) group.push(row);
    else groups.set(row.table_oid, [row]);
  }
  return groups;
}

/** Comments may hold blank lines and trailing spaces, which a document paragraph cannot keep. */
function paragraphText(comment: string): string {
  return comment
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** A one-column UNIQUE constraint that `UK` on the column recreates under the same name. */
function isColumnUnique(constraint: ConstraintRow, table: TableRow): boolean {
  const bareTable = table.name.replace(/^.*\./, '');
  return constraint.columns.length === 1 && (constraint.inherited || constraint.name === `${bareTable}_${constraint.columns[0]}_key`);
}

/**
 * Columns to write as SERIAL, keyed `tableOid:column`: an integer column whose default takes
 * `nextval` of a sequence it owns; of a sequence owned by the same column of its partitioned
 * parent (a partition's copy of the parent's default); or of a sequence nobody owns and no
 * other column (outside its partition tree) uses.
 */
function serialColumns(catalog: Catalog): Set<string> {
  const rootOf = new Map<number, number>();
  const parentName = new Map(catalog.tables.map((t) => [t.oid, t.parent]));
  const oidByName = new Map(catalog.tables.map((t) => [t.name, t.oid]));
  const root = (oid: number): number => {
    let current = oid;
    for (let parent = parentName.get(current); parent && oidByName.has(parent); parent = parentName.get(current)) current = oidByName.get(parent)!;
    return current;
  };
  for (const t of catalog.tables) rootOf.set(t.oid, root(t.oid));
  const users = new Map<number, Set<string>>();
  for (const c of catalog.columns) {
    if (c.sequence_oid === null) continue;
    const set = users.get(c.sequence_oid) ?? new Set<string>();
    set.add(`${rootOf.get(c.table_oid)}:${c.name}`);
    users.set(c.sequence_oid, set);
  }
  const result = new Set<string>();
  for (const c of catalog.columns) {
    if (c.sequence_oid === null || c.identity !== '' || !serialTypeFor(documentType(c.type, c.builtin))) continue;
    if (!/^nextval\('[^']+'::regclass\)$/.test(c.default ?? '')) continue;
    const owned =
      c.sequence_owner_oid !== null
        ? rootOf.get(c.sequence_owner_oid) === rootOf.get(c.table_oid) && c.sequence_owner_column === c.name
        : users.get(c.sequence_oid)!.size === 1;
    if (owned) result.add(`${c.table_oid}:${c.name}`);
  }
  return result;
}

function columnFrom(row: ColumnRow, serial: boolean, primaryKey: Set<string>, unique: Set<string>, foreignKey: Set<string>): Column {
  const type = documentType(row.type, row.builtin);
  const column: Column = {
    name: row.name,
    type,
    nullable: !row.not_null,
    description: row.comment ? row.comment.replace(/\s+/g, ' ').trim() : '',
    primaryKey: primaryKey.has(row.name),
    unique: unique.has(row.name) && !primaryKey.has(row.name),
    foreignKey: foreignKey.has(row.name),
  };
  if (serial) {
    column.type = serialTypeFor(type)!;
    column.default = 'auto';
  } else if (row.identity === 'a' || row.identity === 'd') {
    column.type = identityType(type, row.identity);
  } else if (row.generated === 's' && row.default !== null) {
    column.type = `${type} GENERATED ALWAYS AS (${row.default}) STORED`;
  } else if (row.default !== null) {
    column.default = documentDefault(row.default, castSpellings(row.type, row.bare_type));
  }
  return column;
}

function foreignKeyFrom(row: ConstraintRow, table: TableRow): ForeignKey {
  const fk: ForeignKey = { name: row.name, table: table.name, columns: row.columns, refTable: row.ref_table ?? '', refColumns: row.ref_columns ?? [] };
  const onDelete = ACTIONS[row.on_delete];
  const onUpdate = ACTIONS[row.on_update];
  if (onDelete) fk.onDelete = onDelete;
  if (onUpdate) fk.onUpdate = onUpdate;
  return fk;
}

function indexFrom(row: IndexRow, table: TableRow): Index {
  const index: Index = {
    name: row.name,
    table: table.name,
    columns: row.elements.map((name, k) => ((row.options[k]! & 1) === 1 ? { name, direction: 'DESC' as const } : { name })),
    method: row.method.toUpperCase(),
    unique: row.unique,
    purpose: row.comment ? row.comment.replace(/\s+/g, ' ').trim() : '',
  };
  if (row.predicate !== null) index.where = row.predicate;
  return index;
}

function domainFrom(row: DomainRow): { name: string; definition: string } {
  // The base type as format_type prints it: a domain's definition is plain SQL, not a type cell.
  let definition = row.base_type;
  if (row.default !== null) definition += ` DEFAULT ${row.default}`;
  if (row.not_null) definition += ' NOT NULL';
  for (const constraint of row.constraints) definition += ` ${constraint}`;
  return { name: row.name, definition: definition.replace(/\s*\n\s*/g, ' ') };
}

/** Parent ||--o{ child; identifying when the key is part of the child's primary key; optional parent when a key column is nullable. */
function relationshipFor(fk: ForeignKey, child: Entity | undefined) {
  const keyColumns = fk.columns.map((name) => child?.columns.find((c) => c.name === name));
  const nullable = keyColumns.some((c) => c?.nullable);
  const identifying = keyColumns.every((c) => c?.primaryKey);
  const oneToOne = fk.columns.length === 1 && keyColumns[0]?.unique === true;
  return {
    left: diagramNameFor(fk.refTable),
    right: diagramNameFor(fk.table),
    leftCardinality: nullable ? ('zero-or-one' as const) : ('exactly-one' as const),
    rightCardinality: oneToOne ? ('zero-or-one' as const) : ('zero-or-more' as const),
    identifying,
    label: fk.columns.join(', '),
  };
}
