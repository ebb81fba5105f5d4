/**
 * Data model → one PostgreSQL migration.
 *
 * Order: schemas, enum types and domains, then CREATE TABLE per entity (columns, NOT NULL,
 * DEFAULT, primary key, UNIQUE; partitioned tables with their PARTITION BY, and partitions, after
 * every other table, as `PARTITION OF` their parent, which gives them its columns), then CHECK
 * constraints and foreign keys as `ALTER TABLE … ADD CONSTRAINT` (so the order of tables in the
 * document does not matter and each constraint is its own statement with its own range), then
 * indexes, then the `updated_at` trigger, then access control (see `security.ts`).
 *
 * Names are quoted with `quoteIdent`; SQL the document writes itself (types, defaults, check
 * expressions, index expressions and predicates, partition keys and bounds, domains) is parsed
 * and checked by `expression-guard.ts` and emitted as written back from its parse tree, never as
 * the document's text. A document with a refused fragment compiles to nothing (`refused`), and
 * the finished script is parsed again and must be exactly the statements meant
 * (`script-check.ts`), so neither Export SQL nor validation can carry a statement the compiler
 * did not write.
 */
import type { CheckConstraint, Column, DataModel, DomainType, Entity, EnumType, ForeignKey, Index, SourceRange } from '../model/types';
import { isIndexExpression } from './document-fragments';
import { DdlOutput } from './output';
import { quoteIdent, quoteLiteral, quoteQualifiedIdent, schemaOfQualifiedName } from './quote';
import { compileSecurity } from './security';
import { checkScript } from './script-check';
import { DOCUMENT_START, StatementText, type CompiledDdl, type DdlStatement } from './statements';
import { updatedAtTriggerStatements } from './updated-at';

export type { CompiledDdl, DdlStatement, ExpectedStatement, StatementPart } from './statements';

const REFERENTIAL_ACTIONS = new Set(['NO ACTION', 'RESTRICT', 'CASCADE', 'SET NULL', 'SET DEFAULT']);
const SERIAL_TYPES = /^(small|big)?serial[248]?$/i;
const INTEGER_TYPES = /^(int|integer|int[248]|smallint|bigint)$/i;

export function compileDdl(model: DataModel): CompiledDdl {
  // `### users (extends 001)` holds only the columns a feature adds to another feature's table:
  // alone it is no table to create. The workspace's schema folds it in (`--workspace`).
  const extensions = model.entities.filter((entity) => entity.extends !== undefined);
  if (extensions.length > 0) {
    return {
      sql: '',
      statements: [],
      refused: true,
      problems: extensions.map((entity) => ({
        message: `${entity.name} extends feature ${entity.extends}'s table: compile the features together (data-model sql --workspace specs/) to get the whole table.`,
        range: entityRange(entity) ?? DOCUMENT_START,
        severity: 'error' as const,
      })),
    };
  }
  const out = new DdlOutput(model);
  createSchemas(model, out);
  for (const type of model.enums ?? []) createEnum(type, out);
  for (const domain of model.domains ?? []) createDomain(domain, out);
  // A partition needs its parent; parents may themselves be partitions (sub-partitioning).
  for (const entity of model.entities) if (!entity.partitionOf) createTable(entity, out);
  for (const entity of partitionsParentFirst(model.entities)) createPartition(entity, out);
  for (const check of model.checks) addCheck(check, out);
  for (const fk of model.foreignKeys) addForeignKey(fk, out);
  for (const index of model.indexes) createIndex(index, model, out);
  for (const statement of updatedAtTriggerStatements(model)) out.add(statement);
  compileSecurity(model, out);

  const refused = (problems: CompiledDdl['problems']): CompiledDdl => ({ sql: '', statements: [], problems, refused: true });
  if (out.refused) {
    return refused([
      ...out.problems,
      { message: 'The document was refused: it writes SQL that is not allowed (see the other problems); no SQL is emitted or run for it.', range: DOCUMENT_START, severity: 'error' },
    ]);
  }
  const statements = out.statements.filter((s) => !s.needs.some((table) => out.tablesNotCompiled.has(table)));
  const sql = statements.map((s) => `${s.sql};\n`).join('\n');
  const mismatch = checkScript(sql, statements);
  if (mismatch) {
    const statement = mismatch.statement === undefined ? undefined : statements[mismatch.statement];
    const message = statement && mismatch.offset !== undefined
      ? `${capitalise(statement.what)}: ${mismatch.message}; no SQL is emitted or run for the document.`
      : `The compiled SQL was refused: ${mismatch.message}. No SQL is emitted or run for the document.`;
    return refused([...out.problems, { message, range: locateInStatement(statement, mismatch.offset), severity: 'error' }]);
  }
  return { sql, statements, problems: out.problems, refused: false };
}

/** The element a character of a statement came from (a column of a CREATE TABLE), else the statement's. */
function locateInStatement(statement: DdlStatement | undefined, offset: number | undefined): SourceRange {
  const part = offset === undefined ? undefined : statement?.parts?.find((p) => offset >= p.start && offset < p.end);
  return part?.range ?? statement?.range ?? DOCUMENT_START;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The range of a table as a whole: its heading, else whatever range the reader gave it. */
export function entityRange(entity: Entity): SourceRange | undefined {
  return entity.headingRange ?? entity.range;
}

/** `CREATE SCHEMA IF NOT EXISTS` for every schema a `schema.name` of the model names. */
export function createSchemas(model: DataModel, out: DdlOutput): void {
  const named = [...model.entities.map((e) => e.name), ...(model.enums ?? []).map((t) => t.name), ...(model.domains ?? []).map((d) => d.name)];
  const schemas = [...new Set(named.map(schemaOfQualifiedName).filter((s): s is string => s !== undefined && s !== 'public'))];
  for (const schema of schemas) out.add({ sql: `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`, what: `schema ${schema}`, needs: [], expect: { kind: 'CreateSchemaStmt', target: schema } });
}

export function createEnum(type: EnumType, out: DdlOutput): void {
  out.add({
    sql: `CREATE TYPE ${quoteQualifiedIdent(type.name)} AS ENUM (${type.values.map(quoteLiteral).join(', ')})`,
    range: type.range,
    what: `enum type ${type.name}`,
    needs: [],
    expect: { kind: 'CreateEnumStmt', target: type.name },
  });
}

export function createDomain(domain: DomainType, out: DdlOutput): void {
  const definition = out.guarded({ kind: 'domain', text: domain.definition, domain }, domain.range);
  if (definition === undefined) return;
  out.add({
    sql: `CREATE DOMAIN ${quoteQualifiedIdent(domain.name)} AS ${definition}`,
    range: domain.range,
    what: `domain ${domain.name}`,
    needs: [],
    expect: { kind: 'CreateDomainStmt', target: domain.name },
  });
}

/** Partitions in an order where each comes after its parent, when that parent is a partition too. */
function partitionsParentFirst(entities: readonly Entity[]): Entity[] {
  const partitions = entities.filter((e) => e.partitionOf);
  const ordered: Entity[] = [];
  const placed = new Set(entities.filter((e) => !e.partitionOf).map((e) => e.name));
  while (ordered.length < partitions.length) {
    const ready = partitions.filter((p) => !ordered.includes(p) && placed.has(p.partitionOf!));
    // A parent missing from the model: emit the rest as they are and let PostgreSQL say so.
    const next = ready.length > 0 ? ready : partitions.filter((p) => !ordered.includes(p));
    for (const p of next) {
      ordered.push(p);
      placed.add(p.name);
    }
  }
  return ordered;
}

/**
 * `CREATE TABLE p PARTITION OF parent <bound>`: the partition takes its columns, defaults,
 * NOT NULL, primary key and the parent's indexes from the parent, so the columns the document
 * lists for it (a copy of the parent's) are not compiled again.
 */
export function createPartition(entity: Entity, out: DdlOutput): void {
  const bound = out.guarded({ kind: 'partition-bound', text: entity.partitionBound ?? '', entity }, entityRange(entity));
  const partitionBy = entity.partitionBy?.trim() ? out.guarded({ kind: 'partition-key', text: entity.partitionBy, entity }, entityRange(entity)) : '';
  if (bound === undefined || partitionBy === undefined) return;
  out.add({
    sql: `CREATE TABLE ${quoteQualifiedIdent(entity.name)} PARTITION OF ${quoteQualifiedIdent(entity.partitionOf!)} ${bound}${partitionBy ? ` PARTITION BY ${partitionBy}` : ''}`,
    range: entityRange(entity),
    what: `partition ${entity.name} of ${entity.partitionOf}`,
    needs: [entity.partitionOf!],
    creates: entity.name,
    expect: { kind: 'CreateStmt', target: entity.name },
  });
}

export function createTable(entity: Entity, out: DdlOutput): void {
  const primaryKey = entity.columns.filter((c) => c.primaryKey);
  const text = new StatementText().add(`CREATE TABLE ${quoteQualifiedIdent(entity.name)} (`);
  let ok = true;
  entity.columns.forEach((column, i) => {
    text.add(i === 0 ? '\n  ' : ',\n  ');
    const definition = columnDefinition(entity, column, primaryKey.length === 1, out);
    if (definition === undefined) ok = false;
    else text.addPart(definition, column.name, column.range);
  });
  if (primaryKey.length > 1) {
    text.add(',\n  ').addPart(`PRIMARY KEY (${primaryKey.map((c) => quoteIdent(c.name)).join(', ')})`, 'primary key', entityRange(entity));
  }
  text.add(entity.columns.length > 0 ? '\n)' : ')');
  if (entity.partitionBy?.trim()) {
    const partitionBy = out.guarded({ kind: 'partition-key', text: entity.partitionBy, entity }, entityRange(entity));
    if (partitionBy !== undefined) text.add(` PARTITION BY ${partitionBy}`);
    else ok = false;
  }
  if (!ok) {
    out.tablesNotCompiled.add(entity.name);
    return;
  }
  out.add({
    sql: text.toString(),
    range: entityRange(entity),
    what: `table ${entity.name}`,
    parts: text.parts,
    needs: [],
    creates: entity.name,
    expect: { kind: 'CreateStmt', target: entity.name },
  });
}

/** `name TYPE [NOT NULL] [DEFAULT …] [PRIMARY KEY] [UNIQUE]`, or undefined when the type is unsafe. */
export function columnDefinition(entity: Entity, column: Column, singlePrimaryKey: boolean, out: DdlOutput): string | undefined {
  const type = column.type.trim();
  const typeSql = out.guarded({ kind: 'column-type', text: column.type, entity, column }, column.range);
  if (typeSql === undefined) return undefined;
  let sql = `${quoteIdent(column.name)} ${typeSql}`;
  const inlinePrimaryKey = column.primaryKey && singlePrimaryKey;
  // A primary key is NOT NULL already; saying it again only adds noise.
  if (!column.nullable && !inlinePrimaryKey) sql += ' NOT NULL';
  const defaultClause = columnDefault(entity, column, type, out);
  if (defaultClause) sql += ` ${defaultClause}`;
  if (inlinePrimaryKey) sql += ' PRIMARY KEY';
  else if (column.unique) sql += ' UNIQUE';
  return sql;
}

/**
 * The Default cell, kept as written by the reader: `auto` means the database numbers the rows
 * (nothing to add for SERIAL, an identity for integer types, `gen_random_uuid()` for UUID);
 * `NULL` means no default; anything else is an SQL expression.
 */
export function columnDefault(entity: Entity, column: Column, type: string, out: DdlOutput): string | undefined {
  const written = column.default?.trim();
  if (!written || /^null$/i.test(written)) return undefined;
  if (/^auto$/i.test(written)) {
    if (SERIAL_TYPES.test(type)) return undefined;
    if (INTEGER_TYPES.test(type)) return 'GENERATED BY DEFAULT AS IDENTITY';
    if (/^uuid$/i.test(type)) return 'DEFAULT gen_random_uuid()';
    out.problem(`Column ${column.name}: default "auto" has no meaning for type ${type}; no default compiled`, column.range, 'warning');
    return undefined;
  }
  const expression = out.guarded({ kind: 'column-default', text: written, entity, column }, column.range);
  return expression === undefined ? undefined : `DEFAULT ${expression}`;
}

function constraintName(name: string): string {
  return name ? `CONSTRAINT ${quoteIdent(name)} ` : '';
}

/** Options of the migration (migrate/): a constraint added `NOT VALID` is checked later by `VALIDATE CONSTRAINT`. */
export interface ConstraintOptions {
  notValid?: boolean;
}

export function addCheck(check: CheckConstraint, out: DdlOutput, options: ConstraintOptions = {}): void {
  const expression = out.guarded({ kind: 'check', text: check.expression, check }, check.range);
  if (expression === undefined) return;
  out.add({
    sql: `ALTER TABLE ${quoteQualifiedIdent(check.table)} ADD ${constraintName(check.name)}CHECK (${expression})${options.notValid ? ' NOT VALID' : ''}`,
    range: check.range,
    what: `check ${check.name}`,
    needs: [check.table],
    expect: { kind: 'AlterTableStmt', target: check.table },
  });
}

export function addForeignKey(fk: ForeignKey, out: DdlOutput, options: ConstraintOptions = {}): void {
  let sql =
    `ALTER TABLE ${quoteQualifiedIdent(fk.table)} ADD ${constraintName(fk.name)}` +
    `FOREIGN KEY (${fk.columns.map(quoteIdent).join(', ')}) REFERENCES ${quoteQualifiedIdent(fk.refTable)}`;
  if (fk.refColumns.length > 0) sql += ` (${fk.refColumns.map(quoteIdent).join(', ')})`;
  for (const [clause, action] of [['ON DELETE', fk.onDelete], ['ON UPDATE', fk.onUpdate]] as const) {
    if (action === undefined) continue;
    // The type says ReferentialAction, but a reader can only promise that for text it recognised.
    if (!REFERENTIAL_ACTIONS.has(action)) {
      out.problem(`Foreign key ${fk.name}: "${action}" is not a referential action`, fk.range);
      return;
    }
    sql += ` ${clause} ${action}`;
  }
  if (options.notValid) sql += ' NOT VALID';
  out.add({ sql, range: fk.range, what: `foreign key ${fk.name}`, needs: [fk.table, fk.refTable], expect: { kind: 'AlterTableStmt', target: fk.table } });
}

/** Options of the migration (migrate/): an index on a table in use is built without blocking writes. */
export interface IndexOptions {
  /** `CREATE INDEX CONCURRENTLY IF NOT EXISTS` (outside any transaction; re-runnable). */
  concurrently?: boolean;
}

export function createIndex(index: Index, model: DataModel, out: DdlOutput, options: IndexOptions = {}): void {
  const entity = model.entities.find((e) => e.name === index.table);
  const columnNames = new Set(entity?.columns.map((c) => c.name) ?? []);
  const method = index.method.trim().toLowerCase() || 'btree';
  if (!/^[a-z_][a-z0-9_]*$/.test(method)) {
    out.problem(`Index ${index.name}: "${index.method}" is not an index method`, index.range);
    return;
  }
  const elements: string[] = [];
  for (const column of index.columns) {
    let element: string;
    if (!isIndexExpression(column.name, columnNames)) {
      element = quoteIdent(column.name);
    } else {
      // `lower(email)`: an expression, which PostgreSQL wants in its own parentheses.
      const expression = out.guarded({ kind: 'index-expression', text: column.name, index }, index.range);
      if (expression === undefined) return;
      element = `(${expression})`;
    }
    if (column.direction === 'ASC' || column.direction === 'DESC') element += ` ${column.direction}`;
    elements.push(element);
  }
  const where = index.where?.trim() ? out.guarded({ kind: 'index-predicate', text: index.where, index }, index.range) : '';
  if (where === undefined) return;
  const name = index.name ? `${quoteIdent(index.name)} ` : '';
  out.add({
    sql:
      `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${options.concurrently && index.name ? 'CONCURRENTLY IF NOT EXISTS ' : ''}${name}ON ${quoteQualifiedIdent(index.table)} ` +
      `USING ${quoteIdent(method)} (${elements.join(', ')})${where ? ` WHERE (${where})` : ''}`,
    range: index.range,
    what: `index ${index.name}`,
    needs: [index.table],
    expect: { kind: 'IndexStmt', target: index.table },
  });
}
