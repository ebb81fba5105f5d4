/**
 * Two versions of a data model → the ordered, lock-aware steps that take a database from the
 * first to the second. Every statement is written by the SQL compiler's own functions (sql/:
 * quoting, guarded types, defaults, checks, index expressions, grants and policies), or from
 * names passed through `quoteIdent`; the finished list is parsed again and held to the
 * statements meant (`checkScript`), as for Export SQL.
 *
 * Order, in one transaction: schemas, roles, types; renames (tables, then columns, with the
 * names PostgreSQL derived from them: sequences, primary and unique keys, triggers); what
 * security no longer wants (policies, grants); removed foreign keys, checks, keys and
 * triggers; dropped tables and columns; new tables and columns; changed columns; new checks and
 * foreign keys (`NOT VALID` on tables that have rows); new tables' indexes, triggers; grants and
 * policies; dropped types. After the commit: index drops and builds `CONCURRENTLY`, and unique
 * or primary keys attached to the indexes built; then `VALIDATE CONSTRAINT` and `SET NOT NULL`
 * behind a validated check. See types.ts for why.
 */
import type { CheckConstraint, Column, DataModel, Entity, ForeignKey, Index, SecurityAnnotation, SourceRange } from '../model/types';
import { allowsWriting } from '../model/access';
import { resolve, sqlKey, typeKey } from '../postgres/drift';
import { addCheck, addForeignKey, columnDefault, columnDefinition, createDomain, createEnum, createIndex, createPartition, createSchemas, createTable } from '../sql/ddl';
import { derivedObjectName, documentFragments, guardEnvironment, guardFragment, refusalMessage, serialSequenceName, type DocumentFragment } from '../sql/document-fragments';
import { DdlOutput } from '../sql/output';
import { dollarQuote, quoteIdent, quoteLiteral, quoteQualifiedIdent, schemaOfQualifiedName } from '../sql/quote';
import { checkScript } from '../sql/script-check';
import { compileRow, createRoles, grantSchemaUsage, policiesOf, roleName } from '../sql/security';
import { DOCUMENT_START, type ExpectedStatement } from '../sql/statements';
import { updatedAtTriggerName, updatedAtTriggerStatements } from '../sql/updated-at';
import { accepted, applyRenames, localName, renameCandidates } from './renames';
import { classifyTypeChange } from './type-change';
import type { MigrateOptions, Migration, MigrationPhase, MigrationStep, RenameCandidate } from './types';

const SERIAL = /^(small|big)?serial[248]?$/i;
const INTEGER = /^(int|integer|int[248]|smallint|bigint)$/i;
/** Defaults PostgreSQL must compute per row, so adding a column with one rewrites the table. */
const VOLATILE_DEFAULT = /\b(gen_random_uuid|uuid_generate_v[14]|random|clock_timestamp|timeofday|nextval)\s*\(/i;

export function planMigration(old: DataModel, next: DataModel, options: MigrateOptions = {}): Migration {
  const candidates = renameCandidates(old, next, options);
  const renames = candidates.filter((c) => accepted(c, options));
  const base: Migration = { steps: [], renameCandidates: candidates, renames, dataLoss: [], warnings: [], problems: [], refused: false };
  // The new version is held to what Export SQL holds it to: one refused fragment anywhere refuses
  // it. The old version's SQL is never emitted (only compared), so it needs no such check.
  const nextEnv = guardEnvironment(next);
  const refusals = documentFragments(next).flatMap((fragment) => {
    const verdict = guardFragment(fragment, nextEnv);
    return verdict.sql === undefined ? [{ message: refusalMessage(fragment, verdict.reason), range: fragmentRange(fragment) ?? DOCUMENT_START, severity: 'error' as const }] : [];
  });
  if (refusals.length > 0) {
    return { ...base, problems: [...refusals, { message: 'The new version was refused: it writes SQL that is not allowed (see the other problems); no migration is written.', range: DOCUMENT_START, severity: 'error' }], refused: true };
  }
  const plan = new Plan(old, applyRenames(old, renames), next, renames, options.checksByName ?? false);
  plan.build();
  const steps = plan.steps.filter((s) => !s.needs.some((t) => plan.out.tablesNotCompiled.has(t)));
  const mismatch = steps.length === 0 ? undefined : checkScript(steps.map((s) => `${s.sql};\n`).join('\n'), steps);
  if (mismatch || plan.out.refused) {
    const message = mismatch ? `The migration was refused: ${mismatch.message}.` : 'The migration was refused: the new version writes SQL that is not allowed.';
    return { ...base, problems: [...plan.out.problems, { message, range: DOCUMENT_START, severity: 'error' }], refused: true };
  }
  return { ...base, steps, dataLoss: plan.dataLoss, warnings: plan.warnings, problems: plan.out.problems };
}

/** Where a fragment was written, for its refusal. */
function fragmentRange(fragment: DocumentFragment): SourceRange | undefined {
  switch (fragment.kind) {
    case 'column-type':
    case 'column-default':
      return fragment.column.range;
    case 'check':
      return fragment.check.range;
    case 'index-expression':
    case 'index-predicate':
      return fragment.index.range;
    case 'partition-key':
    case 'partition-bound':
      return fragment.entity.headingRange ?? fragment.entity.range;
    case 'domain':
      return fragment.domain.range;
  }
}

/** Elements of the old version gone or changed (`removed`), of the new one new or changed (`added`). */
interface Changes<T> {
  removed: T[];
  added: T[];
}

function changes<T>(before: readonly T[], next: readonly T[], key: (item: T) => string, same: (a: T, b: T) => boolean): Changes<T> {
  const nextByKey = new Map(next.map((item) => [key(item), item]));
  const beforeByKey = new Map(before.map((item) => [key(item), item]));
  return {
    removed: before.filter((item) => { const now = nextByKey.get(key(item)); return !now || !same(item, now); }),
    added: next.filter((item) => { const was = beforeByKey.get(key(item)); return !was || !same(was, item); }),
  };
}

/** Keys that say "the same element" across versions. */
const checkKey = (c: CheckConstraint) => `${c.table}|${c.name}`;
const indexKey = (i: Index) => `${i.table}|${i.name}`;
const foreignKeyKey = (f: ForeignKey) => (f.name ? `${f.table}|${f.name}` : `${f.table}|${f.columns.join(',')}|${f.refTable}`);

function primaryKeyOf(entity: Entity): string[] {
  return entity.columns.filter((c) => c.primaryKey).map((c) => c.name);
}

/** UNIQUE as compiled: a single primary key column's own UNIQUE marker adds nothing. */
function isUnique(entity: Entity, column: Column): boolean {
  return column.unique && !(column.primaryKey && primaryKeyOf(entity).length === 1);
}

/** NOT NULL as the database has it: a primary key column is NOT NULL whatever its cell says. */
function isNullable(column: Column): boolean {
  return column.nullable && !column.primaryKey;
}

/** Has a sequence PostgreSQL named after the table and column (serial, or identity). */
function hasSequence(column: Column): boolean {
  const type = column.type.trim();
  return SERIAL.test(type) || /\bAS\s+IDENTITY\b/i.test(type) || (INTEGER.test(type) && /^auto$/i.test(column.default?.trim() ?? ''));
}

/** `schema.name` for an object that lives in the schema of `table`. */
function inSchemaOf(table: string, name: string): string {
  const schema = schemaOfQualifiedName(table);
  return schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
}

class Plan {
  readonly steps: MigrationStep[] = [];
  readonly dataLoss: string[] = [];
  readonly warnings: string[] = [];
  /** Compiles the new version's elements (its guard environment accepts the new version's types and sequences). */
  readonly out: DdlOutput;
  /** Compiles the renamed old version's elements, to compare their SQL with the new one's. */
  private readonly beforeOut: DdlOutput;
  private readonly beforeTables: Map<string, Entity>;
  private readonly nextTables: Map<string, Entity>;
  /** New table name → old name, for renamed tables. */
  private readonly oldNameOf = new Map<string, string>();
  /** Tables that get a unique or primary key after the commit: foreign keys to them wait for it. */
  private readonly keysAddedLater = new Set<string>();

  constructor(
    private readonly old: DataModel,
    private readonly before: DataModel,
    private readonly next: DataModel,
    private readonly renames: readonly RenameCandidate[],
    private readonly checksByName: boolean,
  ) {
    this.out = new DdlOutput(next);
    this.beforeOut = new DdlOutput(before);
    this.beforeTables = new Map(before.entities.map((e) => [e.name, e]));
    this.nextTables = new Map(next.entities.map((e) => [e.name, e]));
    for (const r of renames) if (r.kind === 'table') this.oldNameOf.set(r.to, r.from);
  }

  /** The statements `compile` adds to `out`, as steps of `phase`. */
  private compiled(phase: MigrationPhase, compile: (out: DdlOutput) => void, comments?: string[]): void {
    const start = this.out.statements.length;
    compile(this.out);
    this.out.statements.slice(start).forEach((statement, i) => {
      this.steps.push({ ...statement, phase, comments: i === 0 ? comments : undefined });
    });
  }

  private add(phase: MigrationPhase, sql: string, what: string, expect: ExpectedStatement, comments?: string[], needs: string[] = []): void {
    this.steps.push({ sql, what, needs, expect, phase, comments });
  }

  private alter(table: string, change: string, what: string, phase: MigrationPhase = 'transaction', comments?: string[]): void {
    this.add(phase, `ALTER TABLE ${quoteQualifiedIdent(table)} ${change}`, what, { kind: 'AlterTableStmt', target: table }, comments);
  }

  /** `DO` block running `statement` only when the constraint does (or does not) exist: re-runnable steps after the commit. */
  private whenConstraint(exists: boolean, table: string, name: string, statement: string, what: string, phase: MigrationPhase): void {
    const test = `SELECT FROM pg_catalog.pg_constraint WHERE conrelid = ${quoteLiteral(quoteQualifiedIdent(table))}::regclass AND conname = ${quoteLiteral(name)}`;
    const body = `\nBEGIN\n  IF ${exists ? '' : 'NOT '}EXISTS (${test}) THEN\n    ${statement};\n  END IF;\nEND\n`;
    this.add(phase, `DO ${dollarQuote(body)}`, what, { kind: 'DoStmt' });
  }

  build(): void {
    const kept = this.next.entities.filter((e) => this.beforeTables.has(e.name));
    const added = this.next.entities.filter((e) => !this.beforeTables.has(e.name));
    const dropped = this.before.entities.filter((e) => !this.nextTables.has(e.name));

    this.schemasRolesAndTypes();
    this.renameSteps();
    const securityChanged = this.securityTeardown(kept);
    this.dropConstraints(kept, dropped);
    for (const entity of dropped) {
      const loss = `table ${entity.name} and all its rows (${entity.columns.length} columns)`;
      this.dataLoss.push(`drops ${loss}`);
      this.add('transaction', `DROP TABLE ${quoteQualifiedIdent(entity.name)}`, `drop table ${entity.name}`, { kind: 'DropStmt' }, [`DATA LOSS: drops ${loss}`]);
    }
    for (const entity of kept) this.dropColumns(entity);
    for (const entity of added.filter((e) => !e.partitionOf)) this.compiled('transaction', (out) => createTable(entity, out));
    for (const entity of added.filter((e) => e.partitionOf)) this.compiled('transaction', (out) => createPartition(entity, out));
    for (const entity of kept) this.changeColumns(entity);
    this.addChecks();
    this.addForeignKeys();
    this.indexes(added);
    this.triggers(kept, added);
    this.securityBuild(kept, added, securityChanged);
    this.dropTypes();
  }

  private schemasRolesAndTypes(): void {
    const oldSchemas = new Set([...this.old.entities.map((e) => e.name), ...(this.old.enums ?? []).map((t) => t.name), ...(this.old.domains ?? []).map((d) => d.name)].map((n) => schemaOfQualifiedName(n)));
    const start = this.steps.length;
    this.compiled('transaction', (out) => createSchemas(this.next, out));
    // Schemas the old version had exist already.
    this.steps.splice(start, this.steps.length - start, ...this.steps.slice(start).filter((s) => !oldSchemas.has(s.expect.target)));

    const existing = new Set(this.rolesCreatedBy(this.old).map(roleName));
    const newRoles = this.rolesCreatedBy(this.next).filter((label) => !existing.has(roleName(label)));
    if (newRoles.length > 0) this.compiled('transaction', (out) => createRoles(this.next, newRoles, out));
    const nextRoles = new Set(this.rolesCreatedBy(this.next).map(roleName));
    for (const role of existing) {
      if (!nextRoles.has(role)) this.warnings.push(`role ${role} is no longer in the document: its grants on the document's tables are revoked, the role itself is not dropped (roles are shared by every database of the server)`);
    }

    const oldEnums = new Map((this.old.enums ?? []).map((t) => [t.name, t]));
    for (const type of this.next.enums ?? []) {
      const before = oldEnums.get(type.name);
      if (!before) this.compiled('transaction', (out) => createEnum(type, out));
      else if (before.values.join('\u0000') !== type.values.join('\u0000')) {
        const appended = type.values.slice(0, before.values.length).join('\u0000') === before.values.join('\u0000');
        if (appended) {
          for (const value of type.values.slice(before.values.length)) {
            this.add('transaction', `ALTER TYPE ${quoteQualifiedIdent(type.name)} ADD VALUE IF NOT EXISTS ${quoteLiteral(value)}`, `enum ${type.name} value ${value}`, { kind: 'AlterEnumStmt' });
          }
        } else this.warnings.push(`enum ${type.name}: values removed or reordered; not migrated (write it by hand)`);
      }
    }
    const oldDomains = new Map((this.old.domains ?? []).map((d) => [d.name, d]));
    for (const domain of this.next.domains ?? []) {
      const before = oldDomains.get(domain.name);
      if (!before) this.compiled('transaction', (out) => createDomain(domain, out));
      else if (sqlKey(before.definition) !== sqlKey(domain.definition)) this.warnings.push(`domain ${domain.name}: its definition changed; not migrated (write it by hand)`);
    }
  }

  /** The role labels whose roles a version's DDL creates (none without security rows). */
  private rolesCreatedBy(model: DataModel): string[] {
    return model.security.length > 0 ? model.roles : [];
  }

  private renameSteps(): void {
    for (const r of this.renames) {
      if (r.kind === 'table') {
        const entity = this.nextTables.get(r.to)!;
        this.alter(r.from, `RENAME TO ${quoteIdent(localName(r.to))}`, `rename table ${r.from} to ${r.to}`);
        this.steps[this.steps.length - 1]!.expect = { kind: 'RenameStmt' };
        this.derivedRenames(r.from, r.to, entity, entity.columns.map((c) => [c, c]));
      } else {
        const entity = this.nextTables.get(r.table)!;
        const column = entity.columns.find((c) => c.name === r.to)!;
        this.add('transaction', `ALTER TABLE ${quoteQualifiedIdent(r.table)} RENAME COLUMN ${quoteIdent(r.from)} TO ${quoteIdent(r.to)}`, `rename column ${r.table}.${r.from} to ${r.to}`, { kind: 'RenameStmt' });
        this.derivedRenames(r.table, r.table, entity, [[{ ...column, name: r.from }, column]]);
      }
    }
  }

  /**
   * The names PostgreSQL and the compiler derived from a table's or column's name follow it, so
   * the migrated database names things as a fresh one would: serial sequences, the primary key,
   * one-column unique constraints, the updated_at trigger.
   */
  private derivedRenames(fromTable: string, toTable: string, entity: Entity, columns: [Column, Column][]): void {
    const a = localName(fromTable);
    const b = localName(toTable);
    const table = quoteQualifiedIdent(toTable);
    const renameConstraint = (from: string, to: string) => {
      if (from === to) return;
      this.add('transaction', `ALTER TABLE ${table} RENAME CONSTRAINT ${quoteIdent(from)} TO ${quoteIdent(to)}`, `rename constraint ${from} to ${to}`, { kind: 'RenameStmt' });
    };
    // PostgreSQL 18 keeps NOT NULL as named constraints (`table_column_not_null`); older servers have none to rename.
    const notNull: string[] = [];
    for (const [before, after] of columns) {
      const from = serialSequenceName(a, before.name);
      const to = serialSequenceName(b, after.name);
      if (hasSequence(after) && from !== to) {
        this.add('transaction', `ALTER SEQUENCE ${inSchemaOf(toTable, from)} RENAME TO ${quoteIdent(to)}`, `rename sequence ${from} to ${to}`, { kind: 'RenameStmt' });
      }
      if (isUnique(entity, after)) renameConstraint(derivedObjectName(a, before.name, 'key'), derivedObjectName(b, after.name, 'key'));
      const [nnFrom, nnTo] = [derivedObjectName(a, before.name, 'not_null'), derivedObjectName(b, after.name, 'not_null')];
      if (!isNullable(after) && nnFrom !== nnTo) {
        const test = `SELECT FROM pg_catalog.pg_constraint WHERE conrelid = ${quoteLiteral(table)}::regclass AND conname = ${quoteLiteral(nnFrom)} AND contype = 'n'`;
        notNull.push(`  IF EXISTS (${test}) THEN\n    ALTER TABLE ${table} RENAME CONSTRAINT ${quoteIdent(nnFrom)} TO ${quoteIdent(nnTo)};\n  END IF;\n`);
      }
    }
    if (notNull.length > 0) {
      this.add('transaction', `DO ${dollarQuote(`\nBEGIN\n${notNull.join('')}END\n`)}`, `rename NOT NULL constraints of ${toTable} (PostgreSQL 18)`, { kind: 'DoStmt' });
    }
    if (fromTable === toTable) return;
    if (primaryKeyOf(entity).length > 0) renameConstraint(derivedObjectName(a, undefined, 'pkey'), derivedObjectName(b, undefined, 'pkey'));
    if (this.hadTrigger(toTable) && entity.columns.some((c) => c.name === 'updated_at')) {
      this.add('transaction', `ALTER TRIGGER ${quoteIdent(updatedAtTriggerName(fromTable))} ON ${table} RENAME TO ${quoteIdent(updatedAtTriggerName(toTable))}`, `rename trigger on ${toTable}`, { kind: 'RenameStmt' });
    }
  }

  // ─── Security ────────────────────────────────────────────────────────────

  /** What a row makes the database do, as a comparable string. */
  private securitySignature(row: SecurityAnnotation | undefined, model: DataModel): string {
    if (!row || this.rolesCreatedBy(model).length === 0) return 'none';
    const entity = model.entities.find((e) => e.name === row.table);
    const levels = model.roles.map((label) => [roleName(label), row.access[label]?.level ?? 'none'] as const).filter(([, level]) => level !== 'none').sort();
    return JSON.stringify([levels, row.owner ? [row.owner.name, typeKey(row.owner.type)] : null, entity?.columns.filter((c) => SERIAL.test(c.type.trim())).map((c) => c.name), policiesOf(row, model).map((p) => p.name)]);
  }

  /**
   * For each kept table whose security changed (or whose policies carry its old name): its old
   * policies dropped, row-level security off if no longer wanted, and every grant of the
   * document's roles revoked, so `securityBuild` can state the new ones from a clean slate.
   */
  private securityTeardown(kept: readonly Entity[]): Set<string> {
    const changed = new Set<string>();
    const oldRoles = this.rolesCreatedBy(this.old).map(roleName);
    const roles = [...new Set([...oldRoles, ...this.rolesCreatedBy(this.next).map(roleName)])];
    for (const entity of kept) {
      const oldName = this.oldNameOf.get(entity.name) ?? entity.name;
      const oldRow = this.old.security.find((s) => s.table === oldName);
      const beforeRow = this.before.security.find((s) => s.table === entity.name);
      const nextRow = this.next.security.find((s) => s.table === entity.name);
      const oldPolicies = oldRow && this.rolesCreatedBy(this.old).length > 0 ? policiesOf(oldRow, this.old) : [];
      const renamedWithPolicies = oldName !== entity.name && oldPolicies.length > 0;
      if (this.securitySignature(beforeRow, this.before) === this.securitySignature(nextRow, this.next) && !renamedWithPolicies) continue;
      changed.add(entity.name);
      const table = quoteQualifiedIdent(entity.name);
      for (const policy of oldPolicies) {
        this.add('transaction', `DROP POLICY IF EXISTS ${quoteIdent(policy.name)} ON ${table}`, `drop policy ${policy.name}`, { kind: 'DropStmt' });
      }
      const nextPolicies = nextRow && this.rolesCreatedBy(this.next).length > 0 ? policiesOf(nextRow, this.next) : [];
      if (oldPolicies.length > 0 && nextPolicies.length === 0) this.alter(entity.name, 'DISABLE ROW LEVEL SECURITY', `row-level security off on ${entity.name}`);
      if (roles.length === 0) continue;
      for (const role of roles) {
        this.add('transaction', `REVOKE ALL ON TABLE ${table} FROM ${quoteIdent(role)}`, `revoke ${role} on ${entity.name}`, { kind: 'GrantStmt', target: entity.name });
      }
      // The serial sequences' grants of roles that could insert (renamed along with their columns).
      const beforeEntity = this.beforeTables.get(entity.name)!;
      for (const label of this.rolesCreatedBy(this.old)) {
        if (!beforeRow || !allowsWriting(beforeRow.access[label]?.level)) continue;
        for (const column of beforeEntity.columns.filter((c) => SERIAL.test(c.type.trim()))) {
          const revoke = `format('REVOKE ALL ON SEQUENCE %s FROM %I', pg_get_serial_sequence(${quoteLiteral(table)}, ${quoteLiteral(column.name)}), ${quoteLiteral(roleName(label))})`;
          this.add('transaction', `DO ${dollarQuote(`\nBEGIN\n  EXECUTE ${revoke};\nEND\n`)}`, `revoke ${roleName(label)} on the sequence of ${entity.name}.${column.name}`, { kind: 'DoStmt' });
        }
      }
    }
    return changed;
  }

  private securityBuild(kept: readonly Entity[], added: readonly Entity[], changed: ReadonlySet<string>): void {
    if (this.rolesCreatedBy(this.next).length === 0) return;
    const tables = new Set([...added.map((e) => e.name), ...kept.filter((e) => changed.has(e.name)).map((e) => e.name)]);
    const schemaUsage = new Set<string>();
    for (const row of this.next.security) {
      if (!tables.has(row.table)) continue;
      this.compiled('transaction', (out) => {
        grantSchemaUsage(row, this.next, schemaUsage, out);
        compileRow(row, this.next, out);
      });
    }
  }

  // ─── Constraints, columns, tables ────────────────────────────────────────

  private checkSql(check: CheckConstraint, out: DdlOutput): string | undefined {
    return guardFragment({ kind: 'check', text: check.expression, check }, out.env).sql;
  }

  private foreignKeyText(fk: ForeignKey, model: DataModel): string {
    const ref = fk.refColumns.length > 0 ? fk.refColumns : primaryKeyOf(model.entities.find((e) => e.name === fk.refTable) ?? { name: '', columns: [], notes: [] });
    return JSON.stringify([fk.columns, fk.refTable, ref, fk.onDelete ?? 'NO ACTION', fk.onUpdate ?? 'NO ACTION']);
  }

  private checkChanges?: Changes<CheckConstraint>;
  private foreignKeyChanges?: Changes<ForeignKey>;

  private changedChecks(): Changes<CheckConstraint> {
    return (this.checkChanges ??= changes(this.before.checks, this.next.checks, checkKey, (a, b) => this.checksByName || this.checkSql(a, this.beforeOut) === this.checkSql(b, this.out)));
  }

  private changedForeignKeys(): Changes<ForeignKey> {
    return (this.foreignKeyChanges ??= changes(this.before.foreignKeys, this.next.foreignKeys, foreignKeyKey, (a, b) => this.foreignKeyText(a, this.before) === this.foreignKeyText(b, this.next)));
  }

  /** Foreign keys, checks, keys and triggers the new version no longer has, on tables it keeps (a dropped table takes its own along). */
  private dropConstraints(kept: readonly Entity[], dropped: readonly Entity[]): void {
    const droppedNames = new Set(dropped.map((e) => e.name));
    for (const fk of this.changedForeignKeys().removed) {
      // Between two dropped tables the key goes first, so the tables can go in any order.
      if (droppedNames.has(fk.table) && (!droppedNames.has(fk.refTable) || fk.refTable === fk.table)) continue;
      const name = fk.name || derivedObjectName(localName(fk.table), fk.columns.join('_'), 'fkey');
      this.alter(fk.table, `DROP CONSTRAINT IF EXISTS ${quoteIdent(name)}`, `drop foreign key ${name}`);
    }
    for (const check of this.changedChecks().removed) {
      if (droppedNames.has(check.table) || !check.name) continue;
      this.alter(check.table, `DROP CONSTRAINT IF EXISTS ${quoteIdent(check.name)}`, `drop check ${check.name}`);
    }
    for (const entity of kept) {
      const before = this.beforeTables.get(entity.name)!;
      const table = localName(entity.name);
      for (const column of before.columns) {
        const now = entity.columns.find((c) => c.name === column.name);
        if (isUnique(before, column) && (!now || !isUnique(entity, now))) {
          const name = derivedObjectName(table, column.name, 'key');
          this.alter(entity.name, `DROP CONSTRAINT IF EXISTS ${quoteIdent(name)}`, `drop unique ${name}`);
        }
      }
      const beforeKey = primaryKeyOf(before);
      if (beforeKey.length > 0 && beforeKey.join() !== primaryKeyOf(entity).join()) {
        const name = derivedObjectName(table, undefined, 'pkey');
        this.alter(entity.name, `DROP CONSTRAINT IF EXISTS ${quoteIdent(name)}`, `drop primary key ${name}`);
      }
      if (this.hadTrigger(entity.name) && !entity.columns.some((c) => c.name === 'updated_at')) {
        this.add('transaction', `DROP TRIGGER IF EXISTS ${quoteIdent(updatedAtTriggerName(entity.name))} ON ${quoteQualifiedIdent(entity.name)}`, `drop trigger on ${entity.name}`, { kind: 'DropStmt' });
      }
    }
  }

  private dropColumns(entity: Entity): void {
    if (entity.partitionOf) return; // a partition's columns are its parent's
    const before = this.beforeTables.get(entity.name)!;
    for (const column of before.columns) {
      if (entity.columns.some((c) => c.name === column.name)) continue;
      const loss = `column ${entity.name}.${column.name} (${column.type}) and every value in it`;
      this.dataLoss.push(`drops ${loss}`);
      this.alter(entity.name, `DROP COLUMN ${quoteIdent(column.name)}`, `drop column ${entity.name}.${column.name}`, 'transaction', [`DATA LOSS: drops ${loss}`]);
    }
  }

  private changeColumns(entity: Entity): void {
    const before = this.beforeTables.get(entity.name)!;
    if (entity.partitionOf) {
      if ((before.partitionBound ?? '') !== (entity.partitionBound ?? '')) this.warnings.push(`partition ${entity.name}: its bound changed; not migrated (write it by hand)`);
      return;
    }
    if ((before.partitionBy ?? '') !== (entity.partitionBy ?? '')) this.warnings.push(`table ${entity.name}: its partitioning changed; not migrated (a table cannot be re-partitioned in place)`);
    const table = localName(entity.name);
    for (const column of entity.columns) {
      const was = before.columns.find((c) => c.name === column.name);
      if (!was) this.addColumn(entity, column);
      else this.changeColumn(entity, was, column);
    }
    // Keys after the columns exist: built concurrently, then attached (a table in use keeps its writes).
    for (const column of entity.columns) {
      const was = before.columns.find((c) => c.name === column.name);
      if (isUnique(entity, column) && !(was && isUnique(before, was))) this.keyUsingIndex(entity.name, derivedObjectName(table, column.name, 'key'), [column.name], 'UNIQUE');
    }
    const key = primaryKeyOf(entity);
    if (key.length > 0 && key.join() !== primaryKeyOf(before).join()) this.keyUsingIndex(entity.name, derivedObjectName(table, undefined, 'pkey'), key, 'PRIMARY KEY');
  }

  private addColumn(entity: Entity, column: Column): void {
    // Keys are added after the commit, from an index built concurrently.
    const definition = columnDefinition(entity, { ...column, unique: false, primaryKey: false }, false, this.out);
    if (definition === undefined) return;
    const comments: string[] = [];
    const written = column.default?.trim() ?? '';
    if (hasSequence(column) || VOLATILE_DEFAULT.test(written) || (/^auto$/i.test(written) && /^uuid$/i.test(column.type.trim()))) {
      const warning = `adding ${entity.name}.${column.name} rewrites table ${entity.name} (its default is computed for every row) under an ACCESS EXCLUSIVE lock`;
      this.warnings.push(warning);
      comments.push(`WARNING: ${warning}`);
    } else if (!isNullable(column) && (written === '' || /^null$/i.test(written))) {
      const warning = `${entity.name}.${column.name} is NOT NULL without a default: adding it fails if ${entity.name} has rows (give it a default, or add it nullable, fill it, then make it NOT NULL)`;
      this.warnings.push(warning);
      comments.push(`WARNING: ${warning}`);
    }
    this.alter(entity.name, `ADD COLUMN ${definition}`, `add column ${entity.name}.${column.name}`, 'transaction', comments);
  }

  private changeColumn(entity: Entity, was: Column, column: Column): void {
    const what = `${entity.name}.${column.name}`;
    const from = resolve(was);
    const to = resolve(column);
    const typeChanged = typeKey(from.type) !== typeKey(to.type);
    let defaultDropped = false;
    if (typeChanged || from.identity !== to.identity) {
      if (hasSequence(was) || hasSequence(column) || from.identity !== to.identity) {
        this.warnings.push(`column ${what}: ${was.type} → ${column.type} changes a serial or identity column; not migrated (write it by hand)`);
        return;
      }
      const change = classifyTypeChange(was.type, column.type);
      const typeSql = this.out.guarded({ kind: 'column-type', text: column.type, entity, column }, column.range);
      if (typeSql === undefined) return;
      const comments: string[] = [];
      if (change.kind === 'narrow') {
        const loss = `column ${what} ${was.type} → ${column.type}: ${change.loss}`;
        this.dataLoss.push(`narrows ${loss}`);
        comments.push(`DATA LOSS: narrows ${loss}`);
      } else if (change.kind === 'rewrite') {
        const warning = `${was.type} → ${column.type} rewrites table ${entity.name} under an ACCESS EXCLUSIVE lock (reads and writes wait)${change.note ? `; ${change.note}` : ''}`;
        this.warnings.push(`column ${what}: ${warning}`);
        comments.push(`WARNING: ${warning}`);
      }
      if (from.default !== undefined) {
        this.alter(entity.name, `ALTER COLUMN ${quoteIdent(column.name)} DROP DEFAULT`, `drop default of ${what}`);
        defaultDropped = true;
      }
      this.alter(entity.name, `ALTER COLUMN ${quoteIdent(column.name)} TYPE ${typeSql} USING ${quoteIdent(column.name)}::${typeSql}`, `type of ${what}`, 'transaction', comments);
    }
    const defaultChanged = (from.default === undefined ? '' : sqlKey(from.default)) !== (to.default === undefined ? '' : sqlKey(to.default));
    if (defaultChanged || (defaultDropped && to.default !== undefined)) {
      if (to.default === undefined) {
        if (!defaultDropped) this.alter(entity.name, `ALTER COLUMN ${quoteIdent(column.name)} DROP DEFAULT`, `drop default of ${what}`);
      } else {
        const clause = columnDefault(entity, column, column.type.trim(), this.out);
        if (clause?.startsWith('DEFAULT ')) this.alter(entity.name, `ALTER COLUMN ${quoteIdent(column.name)} SET ${clause}`, `default of ${what}`);
      }
    }
    if (column.primaryKey) return; // the primary key makes it NOT NULL
    if (!isNullable(was) && isNullable(column)) this.alter(entity.name, `ALTER COLUMN ${quoteIdent(column.name)} DROP NOT NULL`, `${what} nullable`);
    else if (isNullable(was) && !isNullable(column)) this.setNotNull(entity, column);
  }

  /**
   * NOT NULL on a column with rows: a check `IS NOT NULL` added NOT VALID (instant), validated
   * after the commit (a scan that lets writes go on), then SET NOT NULL, which PostgreSQL 12+
   * proves from the validated check without scanning again, and the check dropped.
   */
  private setNotNull(entity: Entity, column: Column): void {
    // Not `_not_null`: PostgreSQL 18 gives that name to the NOT NULL constraint SET NOT NULL creates.
    const name = derivedObjectName(localName(entity.name), column.name, 'nn_check');
    const table = quoteQualifiedIdent(entity.name);
    const what = `${entity.name}.${column.name} NOT NULL`;
    this.alter(entity.name, `ADD CONSTRAINT ${quoteIdent(name)} CHECK (${quoteIdent(column.name)} IS NOT NULL) NOT VALID`, `${what} (check, not yet validated)`, 'transaction', [
      `${entity.name}.${column.name} becomes NOT NULL: checked after the commit without blocking writes (it fails if a row holds NULL)`,
    ]);
    this.whenConstraint(true, entity.name, name, `ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdent(name)}`, `${what} (validate the check)`, 'validate');
    this.alter(entity.name, `ALTER COLUMN ${quoteIdent(column.name)} SET NOT NULL`, what, 'validate');
    this.alter(entity.name, `DROP CONSTRAINT IF EXISTS ${quoteIdent(name)}`, `${what} (drop the check)`, 'validate');
  }

  /** A unique or primary key on a table in use: its index built concurrently, then attached to a constraint (instant). */
  private keyUsingIndex(table: string, name: string, columns: readonly string[], kind: 'UNIQUE' | 'PRIMARY KEY'): void {
    this.keysAddedLater.add(table);
    this.add('concurrent', `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${quoteIdent(name)} ON ${quoteQualifiedIdent(table)} (${columns.map(quoteIdent).join(', ')})`, `index for ${kind.toLowerCase()} ${name}`, { kind: 'IndexStmt', target: table });
    this.leftoverIndexes.push(inSchemaOf(table, name));
    this.whenConstraint(false, table, name, `ALTER TABLE ${quoteQualifiedIdent(table)} ADD CONSTRAINT ${quoteIdent(name)} ${kind} USING INDEX ${quoteIdent(name)}`, `${kind.toLowerCase()} ${name}`, 'concurrent');
  }

  /** Indexes built concurrently: an interrupted build leaves an invalid one, which a rerun must drop first. */
  private readonly leftoverIndexes: string[] = [];

  private addChecks(): void {
    for (const check of this.changedChecks().added) {
      const existing = this.beforeTables.has(check.table);
      this.compiled('transaction', (out) => addCheck(check, out, { notValid: existing }));
      if (existing && check.name) this.alter(check.table, `VALIDATE CONSTRAINT ${quoteIdent(check.name)}`, `validate check ${check.name}`, 'validate');
    }
  }

  private addForeignKeys(): void {
    for (const fk of this.changedForeignKeys().added) {
      const existing = this.beforeTables.has(fk.table) || this.beforeTables.has(fk.refTable);
      if (!existing) {
        this.compiled('transaction', (out) => addForeignKey(fk, out));
        continue;
      }
      const name = fk.name || derivedObjectName(localName(fk.table), fk.columns.join('_'), 'fkey');
      if (this.keysAddedLater.has(fk.refTable)) {
        // Its referenced key is attached after the commit: the foreign key follows it there.
        const start = this.out.statements.length;
        addForeignKey(fk, this.out, { notValid: true });
        for (const statement of this.out.statements.slice(start)) this.whenConstraint(false, fk.table, name, statement.sql, statement.what, 'validate');
      } else {
        this.compiled('transaction', (out) => addForeignKey(fk, out, { notValid: true }));
      }
      this.alter(fk.table, `VALIDATE CONSTRAINT ${quoteIdent(name)}`, `validate foreign key ${name}`, 'validate');
    }
  }

  private indexSql(index: Index, model: DataModel, out: DdlOutput): string | undefined {
    const start = out.statements.length;
    createIndex(index, model, out);
    const sql = out.statements[start]?.sql;
    out.statements.splice(start);
    return sql;
  }

  private indexes(added: readonly Entity[]): void {
    const addedNames = new Set(added.map((e) => e.name));
    const nextByKey = new Map(this.next.indexes.map((i) => [indexKey(i), i]));
    const beforeByKey = new Map(this.before.indexes.map((i) => [indexKey(i), i]));
    // Index names are per schema: one a new table's index takes must be free inside the transaction.
    const takenInTransaction = new Set(this.next.indexes.filter((i) => addedNames.has(i.table)).map((i) => inSchemaOf(i.table, i.name)));
    for (const index of this.before.indexes) {
      if (!this.nextTables.has(index.table) || !index.name) continue; // its table is dropped
      const now = nextByKey.get(indexKey(index));
      if (now && this.indexSql(index, this.before, this.beforeOut) === this.indexSql(now, this.next, this.out)) continue;
      const name = inSchemaOf(index.table, index.name);
      if (takenInTransaction.has(name)) this.add('transaction', `DROP INDEX IF EXISTS ${name}`, `drop index ${index.name} (its name is taken by a new table's index)`, { kind: 'DropStmt' });
      else this.add('concurrent', `DROP INDEX CONCURRENTLY IF EXISTS ${name}`, `drop index ${index.name}`, { kind: 'DropStmt' });
    }
    for (const index of this.next.indexes) {
      const was = beforeByKey.get(indexKey(index));
      if (was && this.indexSql(was, this.before, this.beforeOut) === this.indexSql(index, this.next, this.out)) continue;
      if (addedNames.has(index.table)) {
        this.compiled('transaction', (out) => createIndex(index, this.next, out));
        continue;
      }
      if (index.name) this.leftoverIndexes.push(inSchemaOf(index.table, index.name));
      this.compiled('concurrent', (out) => createIndex(index, this.next, out, { concurrently: true }));
    }
    if (this.leftoverIndexes.length > 0) {
      const names = this.leftoverIndexes.map((n) => quoteLiteral(n)).join(', ');
      const body =
        `\nDECLARE\n  leftover regclass;\nBEGIN\n` +
        `  FOR leftover IN SELECT indexrelid::regclass FROM pg_catalog.pg_index WHERE NOT indisvalid AND indexrelid IN (SELECT to_regclass(n) FROM unnest(ARRAY[${names}]) AS n) LOOP\n` +
        `    EXECUTE format('DROP INDEX %s', leftover);\n  END LOOP;\nEND\n`;
      const first = this.steps.findIndex((s) => s.phase === 'concurrent');
      const step: MigrationStep = {
        sql: `DO ${dollarQuote(body)}`,
        what: 'drop indexes left invalid by an interrupted run',
        needs: [],
        expect: { kind: 'DoStmt' },
        phase: 'concurrent',
        comments: ['An index build interrupted in an earlier run leaves an invalid index behind: drop it so the build below starts again.'],
      };
      this.steps.splice(first < 0 ? this.steps.length : first, 0, step);
    }
  }

  /** Whether the old version's table (by its new name) had the updated_at trigger: it had the column before any rename. */
  private hadTrigger(table: string): boolean {
    const oldName = this.oldNameOf.get(table) ?? table;
    return this.old.entities.some((e) => e.name === oldName && e.columns.some((c) => c.name === 'updated_at'));
  }

  private triggers(kept: readonly Entity[], added: readonly Entity[]): void {
    const gaining = [
      ...added,
      ...kept.filter((e) => e.columns.some((c) => c.name === 'updated_at') && !this.hadTrigger(e.name)),
    ];
    if (gaining.length === 0) return;
    for (const statement of updatedAtTriggerStatements({ ...this.next, entities: gaining })) this.steps.push({ ...statement, phase: 'transaction' });
  }

  private dropTypes(): void {
    const nextEnums = new Set((this.next.enums ?? []).map((t) => t.name));
    for (const type of this.old.enums ?? []) {
      if (!nextEnums.has(type.name)) this.add('transaction', `DROP TYPE IF EXISTS ${quoteQualifiedIdent(type.name)}`, `drop enum ${type.name}`, { kind: 'DropStmt' });
    }
    const nextDomains = new Set((this.next.domains ?? []).map((d) => d.name));
    for (const domain of this.old.domains ?? []) {
      if (!nextDomains.has(domain.name)) this.add('transaction', `DROP DOMAIN IF EXISTS ${quoteQualifiedIdent(domain.name)}`, `drop domain ${domain.name}`, { kind: 'DropStmt' });
    }
  }
}

