/**
 * What the rules need to know about PostgreSQL's types: which names exist (built-in types and
 * the SQL-standard spellings the grammar accepts), and a canonical form so `INT`, `INT4`,
 * `INTEGER` and `SERIAL` compare equal where PostgreSQL considers them the same column type.
 * Written by hand because no library ships the catalog without a running server.
 */
import { memoizeByString } from '../model/memo';

export interface ParsedType {
  /** The type as written, trimmed. */
  raw: string;
  /** Canonical upper-case name without modifiers, array marks or identity clause: `INTEGER`, `TIMESTAMPTZ`. */
  base: string;
  /** Upper-case name as written (spaces collapsed), before canonicalisation: `INT4`, `TIMESTAMP WITHOUT TIME ZONE`. */
  written: string;
  /** Text inside the type modifier parentheses, e.g. `12,2` or `255`. */
  modifier?: string;
  array: boolean;
  /** `GENERATED … AS IDENTITY` followed the type. */
  identity: boolean;
}

/** Spellings → canonical name. Canonical names are PostgreSQL's preferred SQL spellings. */
const CANONICAL: Record<string, string> = {
  INT: 'INTEGER', INT4: 'INTEGER', INTEGER: 'INTEGER',
  SMALLINT: 'SMALLINT', INT2: 'SMALLINT',
  BIGINT: 'BIGINT', INT8: 'BIGINT',
  SERIAL: 'SERIAL', SERIAL4: 'SERIAL', SMALLSERIAL: 'SMALLSERIAL', SERIAL2: 'SMALLSERIAL',
  BIGSERIAL: 'BIGSERIAL', SERIAL8: 'BIGSERIAL',
  REAL: 'REAL', FLOAT4: 'REAL',
  'DOUBLE PRECISION': 'DOUBLE PRECISION', FLOAT8: 'DOUBLE PRECISION', FLOAT: 'DOUBLE PRECISION',
  NUMERIC: 'NUMERIC', DECIMAL: 'NUMERIC', DEC: 'NUMERIC', MONEY: 'MONEY',
  VARCHAR: 'VARCHAR', 'CHARACTER VARYING': 'VARCHAR', 'CHAR VARYING': 'VARCHAR', 'NATIONAL CHARACTER VARYING': 'VARCHAR',
  CHAR: 'CHAR', CHARACTER: 'CHAR', BPCHAR: 'CHAR', NCHAR: 'CHAR', 'NATIONAL CHARACTER': 'CHAR', 'NATIONAL CHAR': 'CHAR',
  TEXT: 'TEXT', NAME: 'NAME', '"CHAR"': '"CHAR"', CITEXT: 'CITEXT',
  BYTEA: 'BYTEA',
  TIMESTAMP: 'TIMESTAMP', 'TIMESTAMP WITHOUT TIME ZONE': 'TIMESTAMP',
  TIMESTAMPTZ: 'TIMESTAMPTZ', 'TIMESTAMP WITH TIME ZONE': 'TIMESTAMPTZ',
  DATE: 'DATE',
  TIME: 'TIME', 'TIME WITHOUT TIME ZONE': 'TIME', TIMETZ: 'TIMETZ', 'TIME WITH TIME ZONE': 'TIMETZ',
  INTERVAL: 'INTERVAL',
  BOOLEAN: 'BOOLEAN', BOOL: 'BOOLEAN',
  UUID: 'UUID', JSON: 'JSON', JSONB: 'JSONB', JSONPATH: 'JSONPATH', XML: 'XML',
  BIT: 'BIT', 'BIT VARYING': 'VARBIT', VARBIT: 'VARBIT',
  INET: 'INET', CIDR: 'CIDR', MACADDR: 'MACADDR', MACADDR8: 'MACADDR8',
  POINT: 'POINT', LINE: 'LINE', LSEG: 'LSEG', BOX: 'BOX', PATH: 'PATH', POLYGON: 'POLYGON', CIRCLE: 'CIRCLE',
  TSVECTOR: 'TSVECTOR', TSQUERY: 'TSQUERY',
  INT4RANGE: 'INT4RANGE', INT8RANGE: 'INT8RANGE', NUMRANGE: 'NUMRANGE', TSRANGE: 'TSRANGE',
  TSTZRANGE: 'TSTZRANGE', DATERANGE: 'DATERANGE',
  INT4MULTIRANGE: 'INT4MULTIRANGE', INT8MULTIRANGE: 'INT8MULTIRANGE', NUMMULTIRANGE: 'NUMMULTIRANGE',
  TSMULTIRANGE: 'TSMULTIRANGE', TSTZMULTIRANGE: 'TSTZMULTIRANGE', DATEMULTIRANGE: 'DATEMULTIRANGE',
  OID: 'OID', REGCLASS: 'REGCLASS', REGTYPE: 'REGTYPE', REGPROC: 'REGPROC', REGPROCEDURE: 'REGPROCEDURE',
  REGOPER: 'REGOPER', REGNAMESPACE: 'REGNAMESPACE', REGROLE: 'REGROLE', REGCONFIG: 'REGCONFIG',
  PG_LSN: 'PG_LSN', PG_SNAPSHOT: 'PG_SNAPSHOT', TXID_SNAPSHOT: 'TXID_SNAPSHOT', XID: 'XID', XID8: 'XID8',
  CID: 'CID', TID: 'TID',
  // Types from extensions that ship with PostgreSQL (contrib) or are near-universal; a
  // document using them still needs CREATE EXTENSION, which is outside a data model's scope.
  HSTORE: 'HSTORE', LTREE: 'LTREE', CUBE: 'CUBE', ISBN: 'ISBN', VECTOR: 'VECTOR', GEOMETRY: 'GEOMETRY', GEOGRAPHY: 'GEOGRAPHY',
};

/** `FLOAT(p)`: p ≤ 24 is REAL, otherwise DOUBLE PRECISION (PostgreSQL's rule). */
function floatWithPrecision(modifier: string | undefined): string {
  const p = Number(modifier);
  return Number.isFinite(p) && p >= 1 && p <= 24 ? 'REAL' : 'DOUBLE PRECISION';
}

/** Parses a Type cell; memoised, since a document repeats a few dozen types thousands of times. */
export const parseType: (type: string) => Readonly<ParsedType> = memoizeByString(parseTypeUncached);

function parseTypeUncached(type: string): ParsedType {
  const raw = type.trim();
  let rest = raw.replace(/\s+/g, ' ');
  const identity = /\bGENERATED\s+(ALWAYS|BY\s+DEFAULT)\s+AS\s+IDENTITY\b.*$/i.test(rest);
  rest = rest.replace(/\s*\bGENERATED\b.*$/i, '');
  let array = false;
  // `INT[]`, `INT[3][]`, `INT ARRAY`, `INT ARRAY[3]`
  const arrayMatch = /^(.*?)\s*((\[\s*\d*\s*\])+|\s+ARRAY(\s*\[\s*\d*\s*\])?)\s*$/i.exec(rest);
  if (arrayMatch) {
    array = true;
    rest = arrayMatch[1];
  }
  let modifier: string | undefined;
  // The modifier may sit inside the name: `TIMESTAMP(3) WITH TIME ZONE`, `CHARACTER VARYING(20)`.
  rest = rest.replace(/\s*\(([^()]*)\)\s*/, (_all, inner: string) => {
    modifier = inner.replace(/\s+/g, '');
    return ' ';
  });
  // `INTERVAL DAY TO SECOND`, `INTERVAL HOUR`: the fields are part of the interval type.
  rest = rest.replace(/^(INTERVAL)\s+(YEAR|MONTH|DAY|HOUR|MINUTE|SECOND)\b.*$/i, '$1');
  const written = rest.trim().toUpperCase();
  let base = CANONICAL[written] ?? written;
  if (written === 'FLOAT' && modifier !== undefined) base = floatWithPrecision(modifier);
  return { raw, base, written, modifier, array, identity };
}

export function isKnownBuiltinType(parsed: ParsedType): boolean {
  return Object.prototype.hasOwnProperty.call(CANONICAL, parsed.written);
}

/** The stored type of a column: serials are integers with a default, so an FK to SERIAL is INTEGER. */
export function storageType(type: string): string {
  const parsed = parseType(type);
  const base =
    parsed.base === 'SERIAL' ? 'INTEGER' : parsed.base === 'BIGSERIAL' ? 'BIGINT' : parsed.base === 'SMALLSERIAL' ? 'SMALLINT' : parsed.base;
  return parsed.array ? `${base}[]` : base;
}

/** Text-like storage where a secret could sit readable. */
export function isTextLike(type: string): boolean {
  return ['VARCHAR', 'CHAR', 'TEXT', 'CITEXT', 'NAME', 'BYTEA', 'JSON', 'JSONB'].includes(parseType(type).base);
}

export function isFloatingPoint(type: string): boolean {
  return ['REAL', 'DOUBLE PRECISION'].includes(parseType(type).base);
}
