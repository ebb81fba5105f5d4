/**
 * Data model → SQLAlchemy declarative models (one Python module) for async use.
 *
 * Two styles, the same schema: `classic` (`sa.Column(...)` attributes on a `declarative_base()`
 * class; runs unchanged on SQLAlchemy 1.4 and 2.x) and `typed` (2.x `Mapped[...]` annotations
 * with `mapped_column(...)` on a `DeclarativeBase`). Both pass the same arguments for each
 * column and constraint, so a table described by one is described identically by the other.
 *
 * Every SQL fragment the document writes (types, defaults, checks, index expressions and
 * predicates, partition keys and bounds, domains) goes through the SQL compiler's guard
 * (`sql/output.ts`) and the models carry the guard's text, never the document's; a document
 * the guard refuses exports nothing. `auto` defaults mean what the compiler makes of them
 * (`sql/ddl.ts` `columnDefault`), the `updated_at` trigger is the compiler's (`sql/updated-at.ts`).
 * Names reach Python only through `python-source.ts` (string literals, fresh identifiers).
 *
 * What maps to what: tables with a primary key → mapped classes; tables without one, and
 * partitions (`PARTITION OF`, which SQLAlchemy cannot create by itself: the module compiles
 * them with `@compiles(CreateTable)`), → `sa.Table` objects; enum types → `postgresql.ENUM`
 * created with the metadata; domains → created before the tables (event) and used through
 * `PgType`; foreign keys → `ForeignKey`/`ForeignKeyConstraint` with `ondelete`/`onupdate`
 * and `relationship(back_populates=...)` on both classes; CHECKs (the document's enum-checks
 * included) → `CheckConstraint`s, so the database enforces exactly what the document says and
 * each such column stays a `String`; indexes → `sa.Index` (DESC, expressions, `postgresql_where`,
 * `postgresql_using`); descriptions → `comment=`; `updated_at` → `onupdate=sa.func.now()` plus
 * the compiler's trigger, created after the table. Every class has `eager_defaults`, so an
 * AsyncSession gets server-made values (keys, defaults, updated_at) back with RETURNING.
 */
import type { CheckConstraint, Column, DataModel, Entity, ForeignKey, Index, Located, Problem } from '../model/types';
import { columnDefault } from '../sql/ddl';
import { isIndexExpression } from '../sql/document-fragments';
import { DdlOutput } from '../sql/output';
import { quoteIdent, schemaOfQualifiedName } from '../sql/quote';
import { UPDATED_AT_FUNCTION, updatedAtTriggerStatements } from '../sql/updated-at';
import { pyClassName, pyComment, pyDocstring, pyIdentifier, PythonScope, pyString } from './python-source';
import { splitTypeClauses, sqlAlchemyType } from './sqlalchemy-types';

export type ModelStyle = 'classic' | 'typed';
export const MODEL_STYLES: readonly ModelStyle[] = ['classic', 'typed'];

export interface ModelExport {
  /** The Python module; empty when the document was refused. */
  python: string;
  problems: Problem[];
  refused: boolean;
  /** Tables exported (classes and `sa.Table`s). */
  tables: number;
}

export interface ModelExportOptions {
  style?: ModelStyle;
  /** The document's file name, for the module docstring. */
  source?: string;
}

/** Names of the module itself: no class, table, enum or attribute may take them. */
const MODULE_NAMES = [
  'annotations', 'datetime', 'decimal', 'uuid', 'Any', 'List', 'Optional', 'sa', 'postgresql', 'compiles', 'CreateTable',
  'declarative_base', 'DeclarativeBase', 'Mapped', 'mapped_column', 'relationship', 'metadata', 'registry', 'Base', 'PgType',
  'InSchema', 'qualified', 'execute_ddl', 'create_table', 'create_domains', 'create_updated_at_function', 'updated_at_trigger',
];

/** One table as the module names it. */
interface TablePlan {
  entity: Entity;
  /** Class name, or the `sa.Table` variable for tables without a primary key and partitions. */
  variable: string;
  mapped: boolean;
  /** Column name → Python attribute (`__table__.c` stays keyed by the column's name). */
  keys: Map<string, string>;
  scope: PythonScope;
  /** Lines after the columns: relationships. */
  relationships: string[];
}

export function exportSqlAlchemyModels(model: DataModel, options: ModelExportOptions = {}): ModelExport {
  const style = options.style ?? 'typed';
  const out = new DdlOutput(model);
  // What the SQL compiler refuses, the models refuse too, so they create the document's database
  // or nothing: fragments its guard rejects (through `out.guarded`, below) and names PostgreSQL
  // would truncate (the compiler's script check finds those; here they are looked for directly).
  refuseTruncatedNames(model, out);
  const emitter = new ModuleEmitter(model, style, out);
  const python = emitter.emit(options.source ?? 'data-model.md');
  if (out.refused) {
    return {
      python: '',
      problems: [...out.problems, { message: 'The document was refused: it writes SQL that is not allowed (see the other problems); no models were exported.', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error' }],
      refused: true,
      tables: 0,
    };
  }
  return { python, problems: out.problems, refused: false, tables: model.entities.length };
}

class ModuleEmitter {
  private readonly globals = new PythonScope(MODULE_NAMES);
  private readonly plans = new Map<string, TablePlan>();
  private readonly enumVariables = new Map<string, string>();
  private readonly trailer: string[] = [];
  private readonly typed: boolean;
  // Each table's constraints looked up once, not filtered out of the whole model per table (quadratic).
  private readonly foreignKeysOf: Map<string, ForeignKey[]>;
  private readonly checksOf: Map<string, CheckConstraint[]>;
  private readonly indexesOf: Map<string, Index[]>;
  private readonly entityNamed: Map<string, Entity>;
  private readonly inlineOf = new Map<string, Map<string, string>>();
  private readonly plainForeignKeys = new Map<ForeignKey, boolean>();
  /** Foreign keys written on their column (`sa.ForeignKey`), not in `__table_args__`. */
  private readonly inlined = new Set<ForeignKey>();

  constructor(
    private readonly model: DataModel,
    style: ModelStyle,
    private readonly out: DdlOutput,
  ) {
    this.typed = style === 'typed';
    this.foreignKeysOf = groupBy(model.foreignKeys, (fk) => fk.table);
    this.checksOf = groupBy(model.checks, (check) => check.table);
    this.indexesOf = groupBy(model.indexes, (index) => index.table);
    this.entityNamed = new Map<string, Entity>();
    for (const entity of model.entities) if (!this.entityNamed.has(entity.name)) this.entityNamed.set(entity.name, entity);
  }

  emit(source: string): string {
    for (const type of this.model.enums ?? []) this.enumVariables.set(type.name, this.globals.claim(`${pyIdentifier(type.name.replace(/^.*\./, ''), 'enum')}_enum`));
    for (const entity of this.model.entities) this.plan(entity);
    this.planRelationships();

    const body: string[] = [];
    for (const type of this.model.enums ?? []) {
      const schema = schemaOfQualifiedName(type.name);
      const name = schema ? type.name.slice(schema.length + 1) : type.name;
      const args = [...type.values.map(pyString), `name=${pyString(name)}`, ...(schema ? [`schema=${pyString(schema)}`] : []), 'metadata=metadata'];
      body.push(`${this.enumVariables.get(type.name)} = postgresql.ENUM(${args.join(', ')})`, '');
    }
    if (body.length > 0) body.unshift('# Enum types of the document, created with the tables.');
    body.push(...this.domains());
    body.push(...this.updatedAtFunction());
    for (const entity of this.model.entities) {
      const plan = this.plans.get(entity.name)!;
      body.push('', '', ...(plan.mapped ? this.mappedClass(plan) : this.coreTable(plan)));
    }
    if (this.trailer.length > 0) body.push('', '', ...this.trailer);
    return `${this.header(source)}\n${body.join('\n').replace(/\n{4,}/g, '\n\n\n')}\n`;
  }

  // ─── Module header ─────────────────────────────────────────────────────

  private header(source: string): string {
    const first = this.model.entities.map((e) => this.plans.get(e.name)!).find((p) => p.mapped);
    const example = first ? `session.add(${first.variable}(...))` : 'await session.execute(sa.text("SELECT 1"))';
    const doc = [
      `SQLAlchemy models for ${this.model.header.domain || 'the data model'}, exported from ${source} by \`data-model orm --sqlalchemy\`.`,
      '',
      this.typed
        ? 'Style: typed (Mapped[...] / mapped_column): needs SQLAlchemy 2.0 or later.'
        : 'Style: classic (Column declarative): runs unchanged on SQLAlchemy 1.4 and 2.x.',
      'The database is the document\'s: check constraints, indexes, server defaults and the',
      'updated_at trigger are created by metadata.create_all() as the document\'s SQL creates them.',
      '',
      'Async use (asyncpg)::',
      '',
      '    import asyncio',
      '    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine',
      '',
      '    engine = create_async_engine("postgresql+asyncpg://user:password@localhost/dbname")',
      '',
      '    async def main():',
      '        async with engine.begin() as connection:',
      '            await connection.run_sync(Base.metadata.create_all)',
      '        async with AsyncSession(engine, expire_on_commit=False) as session:',
      `            ${example}`,
      '            await session.commit()',
      '        await engine.dispose()',
      '',
      '    asyncio.run(main())',
    ].join('\n');
    const imports = this.typed
      ? 'from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship'
      : 'from sqlalchemy.orm import declarative_base, relationship';
    const base = this.typed
      ? ['class Base(DeclarativeBase):', '    metadata = metadata']
      : ['Base = declarative_base(metadata=metadata)'];
    return [
      pyDocstring(doc),
      'from __future__ import annotations',
      '',
      'import datetime',
      'import decimal',
      'import uuid',
      'from typing import Any, List, Optional',
      '',
      'import sqlalchemy as sa',
      'from sqlalchemy.dialects import postgresql',
      'from sqlalchemy.ext.compiler import compiles',
      imports,
      'from sqlalchemy.schema import CreateTable',
      '',
      'metadata = sa.MetaData()',
      '',
      '',
      ...base,
      '',
      '',
      HELPERS,
    ].join('\n');
  }

  // ─── Planning names ────────────────────────────────────────────────────

  private plan(entity: Entity): void {
    const mapped = !entity.partitionOf && entity.columns.some((c) => c.primaryKey);
    const bare = entity.name.replace(/^.*\./, '');
    const variable = this.globals.claim(mapped ? pyClassName(entity.name) : `${pyIdentifier(bare, 'table')}_table`);
    const scope = new PythonScope([...MODULE_NAMES, '__tablename__', '__table_args__', '__table__', '__mapper__', '__mapper_args__', 'eager_defaults']);
    const keys = new Map<string, string>();
    // Core tables are keyed by the column's own name; classes by a Python attribute.
    for (const column of entity.columns) keys.set(column.name, mapped ? scope.claim(pyIdentifier(column.name, 'column')) : column.name);
    this.plans.set(entity.name, { entity, variable, mapped, keys, scope, relationships: [] });
  }

  private planRelationships(): void {
    const pairs = new Map<string, number>();
    for (const fk of this.model.foreignKeys) {
      const key = `${fk.table}\u0000${fk.refTable}`;
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
    for (const fk of this.model.foreignKeys) {
      const child = this.plans.get(fk.table);
      const parent = this.plans.get(fk.refTable);
      if (!child?.mapped || !parent?.mapped) continue;
      const refColumns = this.refColumns(fk);
      if (!refColumns || fk.columns.some((c) => !child.keys.has(c))) continue;
      const childKeys = fk.columns.map((c) => child.keys.get(c)!);
      const single = fk.columns.length === 1 ? fk.columns[0]! : undefined;
      const toParent = child.scope.claim(single && /_id$/i.test(single) && single.length > 3 ? pyIdentifier(single.slice(0, -3), 'parent') : pyIdentifier(parent.entity.name.replace(/^.*\./, ''), 'parent') + '_ref');
      const several = (pairs.get(`${fk.table}\u0000${fk.refTable}`) ?? 0) > 1;
      const childBare = pyIdentifier(child.entity.name.replace(/^.*\./, ''), 'children');
      const toChildren = parent.scope.claim(several || child === parent ? `${childBare}_by_${childKeys.join('_')}` : childBare);
      const foreignKeys = `foreign_keys=${pyString(`[${childKeys.map((k) => `${child.variable}.${k}`).join(', ')}]`)}`;
      const childEntity = child.entity;
      const oneToOne = single !== undefined && childEntity.columns.find((c) => c.name === single)?.unique === true;
      const optional = fk.columns.some((c) => childEntity.columns.find((col) => col.name === c)?.nullable);
      const selfReference = child === parent;
      const remote = selfReference ? `, remote_side=${pyString(`[${refColumns.map((c) => `${parent.variable}.${parent.keys.get(c)}`).join(', ')}]`)}` : '';
      child.relationships.push(
        this.relationshipLine(toParent, optional ? `Optional[${parent.variable}]` : parent.variable, `relationship(${pyString(parent.variable)}, back_populates=${pyString(toChildren)}, ${foreignKeys}${remote})`),
      );
      parent.relationships.push(
        this.relationshipLine(
          toChildren,
          oneToOne ? `Optional[${child.variable}]` : `List[${child.variable}]`,
          `relationship(${pyString(child.variable)}, back_populates=${pyString(toParent)}, ${foreignKeys}${oneToOne ? ', uselist=False' : ''})`,
        ),
      );
    }
  }

  private relationshipLine(name: string, annotation: string, value: string): string {
    return this.typed ? `${name}: Mapped[${annotation}] = ${value}` : `${name} = ${value}`;
  }

  /** The referenced columns; a reference without columns means the parent's primary key. */
  private refColumns(fk: ForeignKey): string[] | undefined {
    if (fk.refColumns.length > 0) return fk.refColumns;
    const parent = this.entityNamed.get(fk.refTable);
    const key = parent?.columns.filter((c) => c.primaryKey).map((c) => c.name);
    return key && key.length === fk.columns.length ? key : undefined;
  }

  // ─── Tables ────────────────────────────────────────────────────────────

  private mappedClass(plan: TablePlan): string[] {
    const { entity } = plan;
    const schema = schemaOfQualifiedName(entity.name);
    const lines = [`class ${plan.variable}(Base):`];
    const doc = [entity.name, ...entity.notes, ...(entity.securityNote ? [`Security: ${entity.securityNote}`] : [])].join('\n\n');
    lines.push(`    ${pyDocstring(doc, '    ')}`, '');
    lines.push(`    __tablename__ = ${pyString(schema ? entity.name.slice(schema.length + 1) : entity.name)}`);
    const args = this.tableArguments(plan);
    const options: string[] = [];
    if (schema) options.push(`${pyString('schema')}: ${pyString(schema)}`);
    const partitionBy = this.partitionBy(entity);
    if (partitionBy) options.push(`${pyString('postgresql_partition_by')}: ${pyString(partitionBy)}`);
    if (args.length > 0 || options.length > 0) {
      lines.push('    __table_args__ = (');
      for (const arg of args) lines.push(`        ${arg},`);
      if (options.length > 0) lines.push(`        {${options.join(', ')}},`);
      lines.push('    )');
    }
    // Server-made values (keys, defaults, updated_at) come back with INSERT/UPDATE … RETURNING:
    // an AsyncSession cannot load an expired attribute lazily.
    lines.push(`    __mapper_args__ = {${pyString('eager_defaults')}: True}`);
    lines.push('');
    const inlineForeignKeys = this.inlineForeignKeys(entity);
    for (const column of entity.columns) {
      const key = plan.keys.get(column.name)!;
      const definition = this.columnArguments(entity, column, key, inlineForeignKeys.get(column.name));
      if (definition === undefined) continue;
      if (this.typed) {
        const python = definition.python;
        const optional = column.nullable && !column.primaryKey;
        lines.push(`    ${key}: Mapped[${optional ? `Optional[${python}]` : python}] = mapped_column(${definition.args.join(', ')})`);
      } else {
        lines.push(`    ${key} = sa.Column(${definition.args.join(', ')})`);
      }
    }
    if (plan.relationships.length > 0) lines.push('', ...plan.relationships.map((r) => `    ${r}`));
    this.afterTable(plan, `${plan.variable}.__table__`);
    return lines;
  }

  private coreTable(plan: TablePlan): string[] {
    const { entity } = plan;
    const schema = schemaOfQualifiedName(entity.name);
    const lines: string[] = [];
    for (const note of [...entity.notes, ...(entity.securityNote ? [`Security: ${entity.securityNote}`] : [])]) lines.push(`# ${pyComment(note)}`);
    if (!entity.partitionOf) lines.push(`# ${pyComment(`${entity.name} has no primary key, so it is a table, not a mapped class.`)}`);
    lines.push(`${plan.variable} = sa.Table(`, `    ${pyString(schema ? entity.name.slice(schema.length + 1) : entity.name)},`, '    metadata,');
    const inlineForeignKeys = this.inlineForeignKeys(entity);
    for (const column of entity.columns) {
      const definition = this.columnArguments(entity, column, column.name, inlineForeignKeys.get(column.name));
      if (definition) lines.push(`    sa.Column(${definition.args.join(', ')}),`);
    }
    for (const arg of this.tableArguments(plan)) lines.push(`    ${arg},`);
    if (schema) lines.push(`    schema=${pyString(schema)},`);
    const partitionBy = this.partitionBy(entity);
    if (partitionBy) lines.push(`    postgresql_partition_by=${pyString(partitionBy)},`);
    if (entity.partitionOf) {
      const bound = this.out.guarded({ kind: 'partition-bound', text: entity.partitionBound ?? '', entity }, entity.headingRange ?? entity.range);
      lines.push(`    info={${pyString('partition_of')}: ${pyString(entity.partitionOf)}, ${pyString('partition_bound')}: ${pyString(bound ?? '')}},`);
      const parent = this.plans.get(entity.partitionOf);
      if (parent) this.trailer.push(`${plan.variable}.add_is_dependent_on(${parent.mapped ? `${parent.variable}.__table__` : parent.variable})`);
    }
    lines.push(')');
    this.afterTable(plan, plan.variable);
    return lines;
  }

  private partitionBy(entity: Entity): string | undefined {
    if (!entity.partitionBy?.trim()) return undefined;
    return this.out.guarded({ kind: 'partition-key', text: entity.partitionBy, entity }, entity.headingRange ?? entity.range);
  }

  /** The updated_at trigger, and foreign keys that cannot be written as strings, after the class. */
  private afterTable(plan: TablePlan, table: string): void {
    if (plan.entity.columns.some((c) => c.name === 'updated_at')) {
      const trigger = `${plan.entity.name.replace(/^.*\./, '')}_set_updated_at`;
      this.trailer.push(`sa.event.listen(${table}, ${pyString('after_create')}, updated_at_trigger(${pyString(trigger)}))`);
    }
    for (const fk of (this.foreignKeysOf.get(plan.entity.name) ?? []).filter((f) => !this.writableAsStrings(f))) {
      const parent = this.plans.get(fk.refTable);
      const refColumns = this.refColumns(fk);
      if (!parent || !refColumns) {
        this.out.problem(`Foreign key ${fk.name}: ${fk.refTable} is not a table of the document; left out of the models`, fk.range, 'warning');
        continue;
      }
      const parentTable = parent.mapped ? `${parent.variable}.__table__` : parent.variable;
      // `Table.c` is keyed by the columns' own names, in classes too (each Column is given its name).
      const local = fk.columns.map((c) => `${table}.c[${pyString(c)}]`);
      const remote = refColumns.map((c) => `${parentTable}.c[${pyString(c)}]`);
      this.trailer.push(`${table}.append_constraint(sa.ForeignKeyConstraint([${local.join(', ')}], [${remote.join(', ')}]${this.foreignKeyOptions(fk)}))`);
    }
  }

  // ─── Columns ───────────────────────────────────────────────────────────

  private columnArguments(entity: Entity, column: Column, key: string, foreignKey: string | undefined): { args: string[]; python: string } | undefined {
    const typeSql = this.out.guarded({ kind: 'column-type', text: column.type, entity, column }, column.range);
    if (typeSql === undefined) return undefined;
    const clauses = splitTypeClauses(typeSql);
    const type = sqlAlchemyType(clauses.base, (name) => this.enumVariables.get(name));
    const args: string[] = [];
    // The name is given only when the attribute differs from it (classes) and always for Core tables' readability.
    if (key !== column.name || !this.plans.get(entity.name)!.mapped) args.push(pyString(column.name));
    const primaryKeyColumns = entity.columns.filter((c) => c.primaryKey);
    const serialKey = type.serial && column.primaryKey && primaryKeyColumns.filter((c) => sqlAlchemyType(c.type.replace(/\s+GENERATED\b[\s\S]*$/i, ''), () => undefined).serial)[0] === column;
    // A serial that SQLAlchemy cannot make SERIAL itself (not the table's autoincrement key) is written as the type.
    args.push(type.serial && !serialKey ? `PgType(${pyString(clauses.base.trim().toUpperCase())})` : type.expression);
    if (foreignKey) args.push(foreignKey);
    // The default cell as the compiler reads it: `auto` on an integer is an identity.
    const defaultClause = clauses.identity ? undefined : columnDefault(entity, column, column.type.trim(), this.out);
    const identity = clauses.identity ?? (defaultClause === 'GENERATED BY DEFAULT AS IDENTITY' ? { always: false } : undefined);
    if (identity) args.push(identity.always ? 'sa.Identity(always=True)' : 'sa.Identity()');
    if (clauses.computed !== undefined) args.push(`sa.Computed(${sqlText(clauses.computed)}, persisted=True)`);
    if (clauses.identity?.options) this.out.problem(`Column ${entity.name}.${column.name}: identity options (${clauses.identity.options}) are not exported to the models`, column.range, 'warning');
    if (column.primaryKey) args.push('primary_key=True');
    if (!column.nullable && !column.primaryKey) args.push('nullable=False');
    if (column.unique && !column.primaryKey) args.push('unique=True');
    if (defaultClause?.startsWith('DEFAULT ')) args.push(`server_default=${sqlText(defaultClause.slice('DEFAULT '.length))}`);
    if (type.serial && !serialKey) args.push('server_default=sa.FetchedValue()');
    // Integer keys: SERIAL only where the document says so (SQLAlchemy would make any other
    // integer key SERIAL); an identity is the database's numbering already.
    if (column.primaryKey && type.integer && !identity && this.plans.get(entity.name)!.mapped) args.push(serialKey ? 'autoincrement=True' : 'autoincrement=False');
    if (column.name === 'updated_at') args.push('onupdate=sa.func.now()');
    // A comment is PostgreSQL text, which cannot hold NUL.
    const comment = column.description.split('\u0000').join('').trim();
    if (comment) args.push(`comment=${pyString(comment)}`);
    return { args, python: type.python };
  }

  // ─── Constraints and indexes ───────────────────────────────────────────

  /** A foreign key SQLAlchemy can resolve from `'schema.table.column'` strings: no dots or odd names. */
  private writableAsStrings(fk: ForeignKey): boolean {
    let plain = this.plainForeignKeys.get(fk);
    if (plain === undefined) {
      plain = this.computeWritableAsStrings(fk);
      this.plainForeignKeys.set(fk, plain);
    }
    return plain;
  }

  private computeWritableAsStrings(fk: ForeignKey): boolean {
    const child = this.plans.get(fk.table);
    const parent = this.plans.get(fk.refTable);
    const refColumns = this.refColumns(fk);
    if (!child || !parent || !refColumns) return false;
    const plain = (name: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
    const parts = fk.refTable.split('.');
    return parts.length <= 2 && parts.every(plain) && refColumns.every(plain) && fk.columns.every((c) => child.keys.has(c));
  }

  /** Single-column foreign keys written on their column, keyed by column name. */
  private inlineForeignKeys(entity: Entity): Map<string, string> {
    const known = this.inlineOf.get(entity.name);
    if (known) return known;
    const inline = new Map<string, string>();
    for (const fk of this.foreignKeysOf.get(entity.name) ?? []) {
      if (fk.columns.length !== 1 || !this.writableAsStrings(fk) || inline.has(fk.columns[0]!)) continue;
      inline.set(fk.columns[0]!, `sa.ForeignKey(${pyString(`${fk.refTable}.${this.refColumns(fk)![0]}`)}${this.foreignKeyOptions(fk)})`);
      this.inlined.add(fk);
    }
    this.inlineOf.set(entity.name, inline);
    return inline;
  }

  private foreignKeyOptions(fk: ForeignKey): string {
    let options = fk.name ? `, name=${pyString(fk.name)}` : '';
    if (fk.onDelete && fk.onDelete !== 'NO ACTION') options += `, ondelete=${pyString(fk.onDelete)}`;
    if (fk.onUpdate && fk.onUpdate !== 'NO ACTION') options += `, onupdate=${pyString(fk.onUpdate)}`;
    return options;
  }

  /** Checks, multi-column foreign keys and indexes of a table, as `__table_args__` items. */
  private tableArguments(plan: TablePlan): string[] {
    const { entity } = plan;
    const args: string[] = [];
    for (const check of this.checksOf.get(entity.name) ?? []) {
      const expression = this.out.guarded({ kind: 'check', text: check.expression, check }, check.range);
      if (expression !== undefined) args.push(`sa.CheckConstraint(${sqlText(expression)}${check.name ? `, name=${pyString(check.name)}` : ''})`);
    }
    this.inlineForeignKeys(entity);
    for (const fk of (this.foreignKeysOf.get(entity.name) ?? []).filter((f) => this.writableAsStrings(f))) {
      if (this.inlined.has(fk)) continue;
      const local = fk.columns.map((c) => pyString(c));
      const remote = this.refColumns(fk)!.map((c) => pyString(`${fk.refTable}.${c}`));
      args.push(`sa.ForeignKeyConstraint([${local.join(', ')}], [${remote.join(', ')}]${this.foreignKeyOptions(fk)})`);
    }
    const names = new Set(entity.columns.map((c) => c.name));
    for (const index of this.indexesOf.get(entity.name) ?? []) {
      const elements: string[] = [];
      let ok = true;
      for (const column of index.columns) {
        if (isIndexExpression(column.name, names) || !names.has(column.name)) {
          const expression = this.out.guarded({ kind: 'index-expression', text: column.name, index }, index.range);
          if (expression === undefined) ok = false;
          else elements.push(sqlText(`(${expression})${column.direction === 'DESC' ? ' DESC' : ''}`));
        } else if (column.direction === 'DESC') {
          elements.push(sqlText(`${quoteIdent(column.name)} DESC`));
        } else {
          elements.push(pyString(column.name));
        }
      }
      if (!ok) continue;
      const method = index.method.trim().toLowerCase() || 'btree';
      let options = index.unique ? ', unique=True' : '';
      if (method !== 'btree') options += `, postgresql_using=${pyString(method)}`;
      if (index.where?.trim()) {
        const where = this.out.guarded({ kind: 'index-predicate', text: index.where, index }, index.range);
        if (where === undefined) continue;
        options += `, postgresql_where=${sqlText(where)}`;
      }
      args.push(`sa.Index(${pyString(index.name)}, ${elements.join(', ')}${options})`);
    }
    return args;
  }

  // ─── Domains and the updated_at function ───────────────────────────────

  private domains(): string[] {
    const domains = (this.model.domains ?? []).flatMap((domain) => {
      const definition = this.out.guarded({ kind: 'domain', text: domain.definition, domain }, domain.range);
      if (definition === undefined) return [];
      const schema = schemaOfQualifiedName(domain.name);
      return [`(${schema ? pyString(schema) : 'None'}, ${pyString(schema ? domain.name.slice(schema.length + 1) : domain.name)}, ${pyString(definition)}),`];
    });
    if (domains.length === 0) return [];
    return [
      '',
      '# Domains of the document (schema, name, definition), created before the tables.',
      'DOMAINS = (',
      ...domains.map((d) => `    ${d}`),
      ')',
      '',
      '',
      "@sa.event.listens_for(metadata, 'before_create')",
      'def create_domains(target, connection, checkfirst=False, **kw):',
      '    for schema, name, definition in DOMAINS:',
      '        domain = qualified(connection, schema, name)',
      "        if checkfirst and connection.execute(sa.select(sa.func.to_regtype(domain))).scalar() is not None:",
      '            continue',
      "        execute_ddl(connection, 'CREATE DOMAIN ' + domain + ' AS ' + definition)",
    ];
  }

  private updatedAtFunction(): string[] {
    const [fn] = updatedAtTriggerStatements(this.model);
    if (!fn) return [];
    return [
      '',
      `# Keeps updated_at current for writes outside the ORM too (the document's trigger).`,
      `UPDATED_AT_FUNCTION = ${pyString(fn.sql)}`,
      '',
      '',
      "@sa.event.listens_for(metadata, 'before_create')",
      'def create_updated_at_function(target, connection, **kw):',
      '    execute_ddl(connection, UPDATED_AT_FUNCTION)',
      '',
      '',
      'def updated_at_trigger(name):',
      '    def create(table, connection, **kw):',
      '        execute_ddl(',
      '            connection,',
      "            'CREATE TRIGGER ' + connection.dialect.identifier_preparer.quote(name)",
      "            + ' BEFORE UPDATE ON ' + qualified(connection, table.schema, table.name)",
      `            + ${pyString(` FOR EACH ROW EXECUTE FUNCTION ${UPDATED_AT_FUNCTION}()`)},`,
      '        )',
      '',
      '    return create',
    ];
  }
}

/**
 * `sa.text('…')` of guarded SQL. A colon before a word would be a bind parameter to `text()`
 * (`'a:b'` in a check): it is escaped as `\:`, which `text()` writes back as `:`.
 */
function sqlText(sql: string): string {
  return `sa.text(${pyString(sql.replace(/(?<![:\w\\]):(?=\w)/g, '\\:'))})`;
}

/** The module's helpers, the same in both styles (SQLAlchemy 1.4 and 2.x). */
const HELPERS = `class PgType(sa.types.UserDefinedType):
    """A PostgreSQL type SQLAlchemy has no class for (a domain, an extension's type), created as written."""

    cache_ok = True

    def __init__(self, sql):
        self.sql = sql

    def get_col_spec(self, **kw):
        return self.sql


class InSchema:
    """Something in a schema, for connection.schema_for_object (honours schema_translate_map)."""

    _use_schema_map = True

    def __init__(self, schema):
        self.schema = schema


def qualified(connection, schema, name):
    """The quoted name in the schema the connection maps \`schema\` to (None: the search_path's)."""
    preparer = connection.dialect.identifier_preparer
    schema = connection.schema_for_object(InSchema(schema))
    return preparer.quote(name) if schema is None else preparer.quote_schema(schema) + '.' + preparer.quote(name)


def execute_ddl(connection, sql):
    connection.execute(sa.DDL(sql.replace('%', '%%')))


@compiles(CreateTable, 'postgresql')
def create_table(create, compiler, **kw):
    """Partitions as CREATE TABLE ... PARTITION OF (with their own checks and foreign keys); other tables as usual."""
    table = create.element
    parent = table.info.get('partition_of')
    if parent is None:
        return compiler.visit_create_table(create, **kw)
    constraints = [
        compiler.process(constraint)
        for constraint in sorted(table.constraints, key=lambda c: c.name or '')
        if isinstance(constraint, (sa.CheckConstraint, sa.ForeignKeyConstraint))
    ]
    return 'CREATE TABLE %s PARTITION OF %s%s %s' % (
        compiler.preparer.format_table(table),
        compiler.preparer.format_table(table.metadata.tables[parent]),
        ' (' + ', '.join(constraints) + ')' if constraints else '',
        table.info['partition_bound'],
    )`;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** PostgreSQL's NAMEDATALEN - 1: a longer name is cut, and the object would not have the document's name. */
const NAME_BYTES = 63;

function refuseTruncatedNames(model: DataModel, out: DdlOutput): void {
  const check = (name: string, what: string, range: Located['range']) => {
    // A UTF-16 unit is at most 3 bytes of UTF-8: most names need no counting.
    if (name.length * 3 <= NAME_BYTES) return;
    for (const part of name.split('.')) {
      if (Buffer.byteLength(part, 'utf8') <= NAME_BYTES) continue;
      out.refused = true;
      out.problem(`${what} "${name}": "${part}" is longer than PostgreSQL's ${NAME_BYTES} bytes and would be cut short; no models were exported`, range);
      return;
    }
  };
  for (const entity of model.entities) {
    check(entity.name, 'Table', entity.headingRange ?? entity.range);
    for (const column of entity.columns) check(column.name, `Column of ${entity.name}`, column.range);
  }
  for (const fk of model.foreignKeys) check(fk.name, 'Foreign key', fk.range);
  for (const c of model.checks) check(c.name, 'Check', c.range);
  for (const index of model.indexes) check(index.name, 'Index', index.range);
  for (const type of [...(model.enums ?? []), ...(model.domains ?? [])]) check(type.name, 'Type', type.range);
}
