/**
 * Every piece of SQL a document writes itself, each with the guard for its kind (see
 * `expression-guard.ts`) and the element it belongs to. The compiler guards each fragment as it
 * places it; the lint rule DM006 lists the refused ones on their cells. Both go through
 * `guardFragment`, so the editor and validation refuse the same text for the same reason.
 */
import type { CheckConstraint, Column, DataModel, DomainType, Entity, Index } from '../model/types';
import {
  guardColumnType,
  guardDefaultExpression,
  guardDomainDefinition,
  guardExpression,
  guardPartitionBound,
  guardPartitionKey,
  type Guarded,
  type GuardEnvironment,
} from './expression-guard';
import { schemaOfQualifiedName } from './quote';

export type { Guarded, GuardEnvironment } from './expression-guard';

const SERIAL_TYPES = /^(small|big)?serial[248]?$/i;
const INTEGER_TYPES = /^(int|integer|int[248]|smallint|bigint)$/i;

/** A fragment and where it comes from. */
export type DocumentFragment =
  | { kind: 'column-type'; text: string; entity: Entity; column: Column }
  | { kind: 'column-default'; text: string; entity: Entity; column: Column }
  | { kind: 'check'; text: string; check: CheckConstraint }
  | { kind: 'index-expression'; text: string; index: Index }
  | { kind: 'index-predicate'; text: string; index: Index }
  | { kind: 'partition-key'; text: string; entity: Entity }
  | { kind: 'partition-bound'; text: string; entity: Entity }
  | { kind: 'domain'; text: string; domain: DomainType };

/** What the guard may accept in `model`: the sequences it creates and the types it uses. */
export function guardEnvironment(model: DataModel): GuardEnvironment {
  const sequences = new Set<string>();
  const types = new Set<string>();
  for (const entity of model.entities) {
    types.add(lastName(entity.name));
    if (entity.partitionOf) continue; // a partition's columns are its parent's, sequences included
    const schema = schemaOfQualifiedName(entity.name) ?? 'public';
    for (const column of entity.columns) {
      const type = column.type.trim();
      types.add(lastName(type.replace(/\s*(\(.*|\[.*)$/s, '')).toLowerCase());
      const identity = (/^auto$/i.test(column.default?.trim() ?? '') && INTEGER_TYPES.test(type)) || /\bAS\s+IDENTITY\b/i.test(type);
      if (SERIAL_TYPES.test(type) || identity) sequences.add(`${schema}.${serialSequenceName(lastName(entity.name), column.name)}`);
    }
  }
  for (const named of [...(model.enums ?? []), ...(model.domains ?? [])]) types.add(lastName(named.name));
  return { sequences, types };
}

/** Every fragment of the model, in document order of kind. */
export function documentFragments(model: DataModel): DocumentFragment[] {
  const fragments: DocumentFragment[] = [];
  for (const domain of model.domains ?? []) fragments.push({ kind: 'domain', text: domain.definition, domain });
  for (const entity of model.entities) {
    if (entity.partitionBy?.trim()) fragments.push({ kind: 'partition-key', text: entity.partitionBy, entity });
    if (entity.partitionOf) {
      fragments.push({ kind: 'partition-bound', text: entity.partitionBound ?? '', entity });
      continue; // its columns are the parent's and are not compiled again
    }
    for (const column of entity.columns) {
      fragments.push({ kind: 'column-type', text: column.type, entity, column });
      if (isExpressionDefault(column.default)) fragments.push({ kind: 'column-default', text: column.default!, entity, column });
    }
  }
  for (const check of model.checks) fragments.push({ kind: 'check', text: check.expression, check });
  for (const index of model.indexes) {
    const columns = columnsOf(model, index.table);
    for (const column of index.columns) if (isIndexExpression(column.name, columns)) fragments.push({ kind: 'index-expression', text: column.name, index });
    if (index.where?.trim()) fragments.push({ kind: 'index-predicate', text: index.where, index });
  }
  return fragments;
}

/** The guard's verdict on one fragment. */
export function guardFragment(fragment: DocumentFragment, env: GuardEnvironment): Guarded {
  const text = fragment.text.trim();
  switch (fragment.kind) {
    case 'column-type':
      return guardColumnType(text, env, { table: fragment.entity.name, row: true });
    case 'column-default':
      return guardDefaultExpression(text, env, { table: fragment.entity.name });
    case 'check':
      return guardExpression(text, env, { table: fragment.check.table, row: true });
    case 'index-expression':
    case 'index-predicate':
      return guardExpression(text, env, { table: fragment.index.table, row: true });
    case 'partition-key':
      return guardPartitionKey(text, env, { table: fragment.entity.name, row: true });
    case 'partition-bound':
      return guardPartitionBound(text, env);
    case 'domain':
      return guardDomainDefinition(text, env);
  }
}

/** How a refused fragment is named in messages: `Default of column users.role`. */
export function describeFragment(fragment: DocumentFragment): string {
  switch (fragment.kind) {
    case 'column-type':
      return `Type of column ${fragment.entity.name}.${fragment.column.name}`;
    case 'column-default':
      return `Default of column ${fragment.entity.name}.${fragment.column.name}`;
    case 'check':
      return `Check ${fragment.check.name || `on ${fragment.check.table}`}`;
    case 'index-expression':
      return `Index ${fragment.index.name} expression`;
    case 'index-predicate':
      return `Index ${fragment.index.name} predicate`;
    case 'partition-key':
      return `Partition key of ${fragment.entity.name}`;
    case 'partition-bound':
      return `Partition bound of ${fragment.entity.name}`;
    case 'domain':
      return `Domain ${fragment.domain.name}`;
  }
}

/** The message for a refused fragment, the same in lint and in the compiler. */
export function refusalMessage(fragment: DocumentFragment, reason: string): string {
  return `${describeFragment(fragment)} \`${fragment.text.trim()}\` is refused: ${reason}`;
}

/** A Default cell that is an SQL expression (not empty, `NULL` or `auto`). */
export function isExpressionDefault(text: string | undefined): boolean {
  const written = text?.trim();
  return !!written && !/^(null|auto)$/i.test(written);
}

/** An index column that is an expression rather than a column name (`lower(email)`). */
export function isIndexExpression(name: string, columns: ReadonlySet<string>): boolean {
  return !columns.has(name) && !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(name);
}

/** The column names of `table` (none when the model lacks it). */
export function columnsOf(model: DataModel, table: string): ReadonlySet<string> {
  return new Set(model.entities.find((e) => e.name === table)?.columns.map((c) => c.name) ?? []);
}

function lastName(name: string): string {
  return name.replace(/^.*\./, '').replace(/^"|"$/g, '');
}

const NAME_BYTES = 63; // NAMEDATALEN - 1

/**
 * The name PostgreSQL gives the sequence of a serial or identity column: `table_column_seq`,
 * with the longer of the two names shortened until it fits in 63 bytes (its makeObjectName).
 */
export function serialSequenceName(table: string, column: string): string {
  return derivedObjectName(table, column, 'seq');
}

/**
 * A name PostgreSQL derives for an object (its makeObjectName): `name1_name2_label`, or
 * `name1_label`, the longer of the names shortened until the whole fits in 63 bytes. Sequences
 * (`seq`), primary keys (`pkey`) and one-column unique constraints (`key`) are named so.
 */
export function derivedObjectName(name1: string, name2: string | undefined, label: string): string {
  const a = Buffer.from(name1, 'utf8');
  const b = Buffer.from(name2 ?? '', 'utf8');
  const available = NAME_BYTES - (label.length + 1) - (name2 === undefined ? 0 : 1);
  let aBytes = a.length;
  let bBytes = b.length;
  while (aBytes + bBytes > available) {
    if (aBytes > bBytes) aBytes--;
    else bBytes--;
  }
  const first = clip(a, aBytes).toString('utf8');
  return name2 === undefined ? `${first}_${label}` : `${first}_${clip(b, bBytes).toString('utf8')}_${label}`;
}

/** The first `bytes` bytes of `text`, not cutting a UTF-8 character in two. */
function clip(text: Buffer, bytes: number): Buffer {
  let end = bytes;
  while (end > 0 && (text[end]! & 0xc0) === 0x80) end--;
  return text.subarray(0, end);
}
