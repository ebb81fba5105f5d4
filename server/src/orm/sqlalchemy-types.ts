/**
 * A column's PostgreSQL type (as the SQL compiler's guard writes it back) → the SQLAlchemy type
 * that creates exactly that type, and the Python type of its values for `Mapped[...]`.
 *
 * Types are recognised through the linter's canonical names (`rules/postgres-types.ts`), so
 * `INT`, `INT4` and `INTEGER` map alike. Only classes present in SQLAlchemy 1.4 and 2.x are
 * used. A type SQLAlchemy has no class for (a domain, `CITEXT`, `INTERVAL DAY`, geometric and
 * extension types) becomes the module's `PgType('<the type as SQL>')`, which creates the column
 * with that type as written, so nothing is lost or approximated.
 */
import { parseType } from '../rules/postgres-types';
import { pyString } from './python-source';

export interface SqlAlchemyType {
  /** Python expression of the type, e.g. `sa.String(64)`. */
  expression: string;
  /** Python type of the values, for `Mapped[...]`: `str`, `int`, `datetime.datetime`. */
  python: string;
  /** SERIAL, BIGSERIAL or SMALLSERIAL: an integer the database numbers. */
  serial: boolean;
  /** Integer types, which SQLAlchemy may make SERIAL when they are the table's autoincrement key. */
  integer: boolean;
}

/** What follows the base type in a type cell: an identity or a stored generated column. */
export interface TypeClauses {
  base: string;
  identity?: { always: boolean; options?: string };
  /** The expression of `GENERATED ALWAYS AS (…) STORED`. */
  computed?: string;
}

export function splitTypeClauses(typeSql: string): TypeClauses {
  const text = typeSql.trim();
  const identity = /^([\s\S]*?)\s+GENERATED\s+(ALWAYS|BY\s+DEFAULT)\s+AS\s+IDENTITY\s*(?:\(([\s\S]*)\))?$/i.exec(text);
  if (identity) return { base: identity[1]!, identity: { always: /^ALWAYS$/i.test(identity[2]!), options: identity[3]?.trim() || undefined } };
  const computed = /^([\s\S]*?)\s+GENERATED\s+ALWAYS\s+AS\s*\(([\s\S]*)\)\s*STORED$/i.exec(text);
  if (computed) return { base: computed[1]!, computed: computed[2]!.trim() };
  return { base: text };
}

type Mapper = (modifier: string | undefined) => [expression: string, python: string] | undefined;

const noModifier = (expression: string, python: string): Mapper => (m) => (m === undefined ? [expression, python] : undefined);
const precision = (cls: string, python: string, extra = ''): Mapper => (m) =>
  m === undefined ? [`${cls}(${extra})`, python] : /^\d+$/.test(m) ? [`${cls}(${extra ? `${extra}, ` : ''}precision=${m})`, python] : undefined;
const length = (cls: string, python: string): Mapper => (m) => (m === undefined ? [`${cls}()`, python] : /^\d+$/.test(m) ? [`${cls}(${m})`, python] : undefined);

/** Canonical PostgreSQL type (parseType's `base`) → SQLAlchemy. */
const TYPES: Record<string, Mapper> = {
  INTEGER: noModifier('sa.Integer()', 'int'),
  SERIAL: noModifier('sa.Integer()', 'int'),
  SMALLINT: noModifier('sa.SmallInteger()', 'int'),
  SMALLSERIAL: noModifier('sa.SmallInteger()', 'int'),
  BIGINT: noModifier('sa.BigInteger()', 'int'),
  BIGSERIAL: noModifier('sa.BigInteger()', 'int'),
  REAL: noModifier('postgresql.REAL()', 'float'),
  'DOUBLE PRECISION': noModifier('postgresql.DOUBLE_PRECISION()', 'float'),
  NUMERIC: (m) => {
    if (m === undefined) return ['sa.Numeric()', 'decimal.Decimal'];
    const parts = m.split(',');
    return parts.every((p) => /^-?\d+$/.test(p)) && parts.length <= 2 ? [`sa.Numeric(${parts.join(', ')})`, 'decimal.Decimal'] : undefined;
  },
  MONEY: noModifier('postgresql.MONEY()', 'decimal.Decimal'),
  VARCHAR: length('sa.String', 'str'),
  CHAR: length('sa.CHAR', 'str'),
  TEXT: noModifier('sa.Text()', 'str'),
  BYTEA: noModifier('postgresql.BYTEA()', 'bytes'),
  BOOLEAN: noModifier('sa.Boolean()', 'bool'),
  DATE: noModifier('sa.Date()', 'datetime.date'),
  TIMESTAMP: precision('postgresql.TIMESTAMP', 'datetime.datetime'),
  TIMESTAMPTZ: precision('postgresql.TIMESTAMP', 'datetime.datetime', 'timezone=True'),
  TIME: precision('postgresql.TIME', 'datetime.time'),
  TIMETZ: precision('postgresql.TIME', 'datetime.time', 'timezone=True'),
  INTERVAL: precision('postgresql.INTERVAL', 'datetime.timedelta'),
  UUID: noModifier('postgresql.UUID(as_uuid=True)', 'uuid.UUID'),
  JSON: noModifier('postgresql.JSON()', 'Any'),
  JSONB: noModifier('postgresql.JSONB()', 'Any'),
  INET: noModifier('postgresql.INET()', 'str'),
  CIDR: noModifier('postgresql.CIDR()', 'str'),
  MACADDR: noModifier('postgresql.MACADDR()', 'str'),
  TSVECTOR: noModifier('postgresql.TSVECTOR()', 'Any'),
  BIT: (m) => (m === undefined ? ['postgresql.BIT()', 'Any'] : /^\d+$/.test(m) ? [`postgresql.BIT(${m})`, 'Any'] : undefined),
  VARBIT: (m) => (m === undefined ? ['postgresql.BIT(varying=True)', 'Any'] : /^\d+$/.test(m) ? [`postgresql.BIT(${m}, varying=True)`, 'Any'] : undefined),
  INT4RANGE: noModifier('postgresql.INT4RANGE()', 'Any'),
  INT8RANGE: noModifier('postgresql.INT8RANGE()', 'Any'),
  NUMRANGE: noModifier('postgresql.NUMRANGE()', 'Any'),
  DATERANGE: noModifier('postgresql.DATERANGE()', 'Any'),
  TSRANGE: noModifier('postgresql.TSRANGE()', 'Any'),
  TSTZRANGE: noModifier('postgresql.TSTZRANGE()', 'Any'),
};

/**
 * `enumVariable` gives the module's variable for an enum type of the document (by the type's
 * name as written in a column, `order_status` or `inventory.unit`), or undefined.
 */
export function sqlAlchemyType(baseSql: string, enumVariable: (name: string) => string | undefined): SqlAlchemyType {
  const parsed = parseType(baseSql);
  const serial = ['SERIAL', 'BIGSERIAL', 'SMALLSERIAL'].includes(parsed.base);
  const integer = serial || ['INTEGER', 'SMALLINT', 'BIGINT'].includes(parsed.base);
  // `INTERVAL DAY`: fields SQLAlchemy 1.4 cannot express in every version; written as SQL.
  const intervalFields = parsed.base === 'INTERVAL' && /\b(YEAR|MONTH|DAY|HOUR|MINUTE|SECOND)\b/i.test(baseSql);
  const arrayText = /(\[\s*\d*\s*\])+$/.exec(baseSql.trim())?.[0];
  const elementSql = arrayText ? baseSql.trim().slice(0, -arrayText.length).trim() : baseSql.trim();
  const element = ((): [string, string] | undefined => {
    const enumName = enumVariable(elementSql.replace(/"/g, ''));
    if (enumName) return [enumName, 'str'];
    if (intervalFields || (parsed.array && !arrayText)) return undefined; // `INT ARRAY`: written as SQL
    return TYPES[parsed.base]?.(parsed.modifier);
  })();
  if (!element) return { expression: `PgType(${pyString(baseSql.trim())})`, python: 'Any', serial, integer };
  if (arrayText) {
    const dimensions = (arrayText.match(/\[/g) ?? []).length;
    return {
      expression: `postgresql.ARRAY(${element[0]}${dimensions > 1 ? `, dimensions=${dimensions}` : ''})`,
      python: `list[${element[1]}]`.replace('list[', 'List['),
      serial: false,
      integer: false,
    };
  }
  return { expression: element[0], python: element[1], serial, integer };
}
