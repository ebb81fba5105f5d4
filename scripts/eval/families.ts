/**
 * PostgreSQL types → the type families of the corpus yardstick: the meaning of a column, not
 * its spelling. A text column with a CHECK listing values is an `enum`; INTERVAL, or a number
 * whose name carries a unit, is a `duration`.
 */
export type Family =
  | 'text' | 'integer' | 'numeric' | 'boolean' | 'temporal' | 'date' | 'time' | 'duration'
  | 'json' | 'uuid' | 'enum' | 'array' | 'binary' | 'other';

const DURATION_UNIT = /(^|_)(ms|millis|milliseconds?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)$/;

export function familyOf(type: string, columnName: string, hasValueCheck: boolean, enumTypes: ReadonlySet<string>): Family {
  const t = type.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t.endsWith('[]') || t.startsWith('_')) return 'array';
  if (enumTypes.has(t.replace(/^public\./, ''))) return 'enum';
  if (/^interval/.test(t)) return 'duration';
  const isInteger = /^(smallint|integer|int|int2|int4|int8|bigint|serial|smallserial|bigserial)\b/.test(t);
  const isNumeric = /^(numeric|decimal|real|double precision|float|float4|float8|money)\b/.test(t);
  if ((isInteger || isNumeric) && DURATION_UNIT.test(columnName)) return 'duration';
  if (isInteger) return 'integer';
  if (isNumeric) return 'numeric';
  if (/^(text|varchar|character varying|char|character|citext|bpchar|name)\b/.test(t)) return hasValueCheck ? 'enum' : 'text';
  if (/^bool/.test(t)) return 'boolean';
  if (/^timestamp/.test(t)) return 'temporal';
  if (/^date$/.test(t)) return 'date';
  if (/^time\b/.test(t) || t === 'timetz') return 'time';
  if (/^jsonb?$/.test(t)) return 'json';
  if (t === 'uuid') return 'uuid';
  if (t === 'bytea') return 'binary';
  if (/^(inet|cidr|macaddr)/.test(t)) return 'text';
  return 'other';
}

/** Does a found column's family satisfy the expected one? `date` is met by a timestamp too. */
export function familyAgrees(expected: string, found: Family): boolean {
  if (expected === found) return true;
  return expected === 'date' && found === 'temporal';
}
