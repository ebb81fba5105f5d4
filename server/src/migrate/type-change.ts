/**
 * What changing a column's type costs on PostgreSQL: nothing (a longer VARCHAR, VARCHAR to
 * TEXT, a wider NUMERIC: catalog only), a rewrite of the whole table under an exclusive lock
 * (INTEGER to BIGINT, anything to TEXT), or data (a shorter VARCHAR truncates, BIGINT to
 * INTEGER or TEXT to INTEGER can fail or change values): the migration refuses those unless
 * data loss is allowed.
 */
import { parseType } from '../rules/postgres-types';
import { typeKey } from '../postgres/drift';

export type TypeChange =
  | { kind: 'same' }
  | { kind: 'widen' }
  | { kind: 'rewrite'; note?: string }
  | { kind: 'narrow'; loss: string };

/** Integer-like widenings in order: each may become any later one without losing values. */
const NUMBERS = ['SMALLINT', 'INTEGER', 'BIGINT', 'NUMERIC'];
const SERIALS: Record<string, string> = { SMALLSERIAL: 'SMALLINT', SERIAL: 'INTEGER', BIGSERIAL: 'BIGINT' };

function numbers(text: string | undefined): number[] {
  return (text ?? '').split(',').filter((s) => s !== '').map(Number);
}

export function classifyTypeChange(from: string, to: string): TypeChange {
  if (typeKey(from) === typeKey(to)) return { kind: 'same' };
  const a = parseType(from);
  const b = parseType(to);
  const aBase = SERIALS[a.base] ?? a.base;
  const bBase = SERIALS[b.base] ?? b.base;
  const narrow = (loss: string): TypeChange => ({ kind: 'narrow', loss });
  if (a.array !== b.array) return narrow(`values of ${from} are cast to ${to}; the cast can fail or change them`);
  if (aBase === bBase && (aBase === 'VARCHAR' || aBase === 'CHAR' || aBase === 'BIT' || aBase === 'VARBIT')) {
    const [n] = numbers(a.modifier);
    const [m] = numbers(b.modifier);
    if (m === undefined || (n !== undefined && m >= n)) return aBase === 'CHAR' ? { kind: 'rewrite' } : { kind: 'widen' };
    return narrow(`values longer than ${m} characters are cut to ${m}`);
  }
  if (aBase === 'VARCHAR' && (bBase === 'TEXT' || bBase === 'CITEXT')) return { kind: 'widen' };
  if (aBase === 'NUMERIC' && bBase === 'NUMERIC') {
    const [p1, s1 = 0] = numbers(a.modifier);
    const [p2, s2 = 0] = numbers(b.modifier);
    if (p2 === undefined) return { kind: 'widen' };
    if (p1 !== undefined && s2 === s1 && p2 >= p1) return { kind: 'widen' };
    return narrow(`values are rounded to ${s2} decimal places, and those over ${p2 - s2} integer digits fail the cast`);
  }
  const i = NUMBERS.indexOf(aBase);
  const j = NUMBERS.indexOf(bBase);
  if (i >= 0 && j >= 0) return j > i ? { kind: 'rewrite' } : narrow(`values outside the range of ${to} fail the cast, fractions are rounded`);
  if (aBase === 'REAL' && bBase === 'DOUBLE PRECISION') return { kind: 'rewrite' };
  if (aBase === 'TIMESTAMP' && bBase === 'TIMESTAMPTZ') return { kind: 'rewrite', note: 'existing values are read in the session TimeZone' };
  if (aBase === 'JSON' && bBase === 'JSONB') return { kind: 'rewrite', note: 'JSONB keeps the last of duplicate keys and drops whitespace' };
  if (bBase === 'TEXT' && !b.array) return { kind: 'rewrite' };
  return narrow(`values of ${from} are cast to ${to}; the cast can fail or change them`);
}
