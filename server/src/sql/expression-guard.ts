/**
 * The SQL a document writes itself — column types, defaults, CHECK expressions, index
 * expressions and predicates, partition keys and bounds, domain definitions — is untrusted input
 * that cannot be quoted. Each piece is parsed here with the real PostgreSQL parser (libpg-query)
 * as one element of its kind and accepted only when its tree has an allowed shape:
 *
 *  - literals, operators, casts to known types (built-in ones, and those the document creates or
 *    uses as column types), `CASE`, `COALESCE`, `NULLIF`, `GREATEST`/`LEAST`, `IN` lists, boolean
 *    tests, `CURRENT_TIMESTAMP` and the other SQL value functions;
 *  - column references only where PostgreSQL has a row (checks, indexes, partition keys), and
 *    only to columns of the fragment's own table;
 *  - calls only to the built-ins in `ALLOWED_FUNCTIONS` (immutable or stable, no side effect,
 *    no access to files, large objects, other servers, settings or locks), and `nextval` only
 *    of a sequence the document itself creates (a serial or identity column's);
 *  - no subquery, no parameter, nothing that is not one element of the expected kind.
 *
 * What the compiler emits is then written from the tree (pgsql-deparser for expressions and
 * type names, a few lines here for partition bounds and keys), never the document's text, and
 * the written text is parsed again and must give the same tree. So no difference between how
 * we and a server lex text (non-ASCII dollar-quote tags, `éE'…'`, `standard_conforming_strings =
 * off`) can change what runs: the emitted text contains only what the deparser writes, which is
 * plain `'…'` strings, `E'…'` for backslashes and double-quoted identifiers.
 */
import { parseSync } from 'libpg-query';
import { deparseSync } from 'pgsql-deparser';
import { isSqlParserLoaded } from '../markdown/sql-fences';
import { memoizeByString } from '../model/memo';
import { quoteIdent } from './quote';

/** What the guard knows of the document: sequences it creates and type names it may cast to. */
export interface GuardEnvironment {
  /** `schema.sequence` of every serial or identity column's sequence (schema `public` when unqualified). */
  sequences: ReadonlySet<string>;
  /** Lower-case type names (last name part) the document creates or uses as column types. */
  types: ReadonlySet<string>;
}

/** Where an expression sits: which columns it may name. */
export interface ExpressionScope {
  /** Table the expression belongs to, as named in the model (`schema.table` or `table`). */
  table?: string;
  /** It is evaluated on a row of `table` (a check, an index, a partition key, a generated column), so it may
   *  name that table's columns (PostgreSQL says whether each exists); otherwise (a default, a partition bound) none. */
  row?: boolean;
  /** `VALUE` in a domain's CHECK. */
  domainValue?: boolean;
  /** `MINVALUE` / `MAXVALUE` in a range partition bound. */
  rangeBound?: boolean;
}

/** The canonical SQL to emit, or why the fragment is refused. */
export type Guarded = { sql: string; reason?: undefined } | { sql?: undefined; reason: string };

type AnyNode = Record<string, unknown>;

/**
 * Built-in functions a data model needs in defaults, checks and index expressions: immutable or
 * stable, no side effects, no access to anything outside the row. Names as the parser gives them
 * (the SQL-syntax forms `TRIM(…)`, `EXTRACT(…)`, `SUBSTRING(… FROM …)`, `POSITION(… IN …)` and
 * `AT TIME ZONE` arrive as `pg_catalog.btrim`, `extract`, `substring`, `position`, `timezone`).
 */
const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set(
  (
    // time
    'now transaction_timestamp statement_timestamp clock_timestamp date_trunc date_part extract age ' +
    'make_date make_time make_timestamp make_timestamptz make_interval to_char to_date to_timestamp to_number ' +
    'timezone isfinite justify_days justify_hours justify_interval ' +
    // identifiers
    'gen_random_uuid uuidv4 uuidv7 uuid_generate_v4 nextval ' +
    // text
    'lower upper initcap length char_length character_length octet_length bit_length btrim ltrim rtrim trim ' +
    'substring substr position strpos replace concat concat_ws left right lpad rpad split_part reverse repeat ' +
    'starts_with format md5 regexp_replace regexp_match regexp_like translate ascii chr normalize unaccent ' +
    // numbers
    'abs round trunc ceil ceiling floor mod sign power sqrt greatest least div width_bucket ' +
    // full-text search
    'to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery setweight ' +
    // arrays, json, ranges
    'array_length cardinality array_position array_to_string string_to_array array_lower array_upper ' +
    'jsonb_typeof json_typeof jsonb_array_length json_array_length jsonb_build_object jsonb_build_array ' +
    'json_build_object json_build_array jsonb_path_exists jsonb_exists to_jsonb to_json ' +
    'lower_inc upper_inc lower_inf upper_inf isempty num_nulls num_nonnulls'
  ).split(' '),
);

/** Built-in types an expression may cast to (besides the document's own). Not `xml`, not `reg*` but regclass/regconfig. */
const CAST_TYPES: ReadonlySet<string> = new Set(
  (
    'int int2 int4 int8 smallint integer bigint serial serial4 serial8 bigserial smallserial serial2 ' +
    'float4 float8 real numeric decimal money bool boolean text varchar bpchar char name citext ' +
    'bytea timestamp timestamptz date time timetz interval uuid json jsonb jsonpath bit varbit ' +
    'inet cidr macaddr macaddr8 point line lseg box path polygon circle tsvector tsquery ' +
    'int4range int8range numrange tsrange tstzrange daterange int4multirange int8multirange nummultirange ' +
    'tsmultirange tstzmultirange datemultirange regclass regconfig oid'
  ).split(' '),
);

/** Words of built-in type names: a type made only of these is written in upper case, as documents write it (see `canonicalType`). */
const BUILTIN_TYPE_NAMES: ReadonlySet<string> = new Set([...CAST_TYPES, 'double', 'precision', 'character', 'varying', 'with', 'without', 'time', 'zone']);

// ---------------------------------------------------------------------------------------------
// Entry points

/** One expression (a default, a CHECK, an index expression or predicate, a partition datum). */
export function guardExpression(text: string, env: GuardEnvironment, scope: ExpressionScope = {}): Guarded {
  const parsed = parseExpression(text);
  if (parsed.node === undefined) return { reason: parsed.reason };
  const reason = checkExpression(parsed.node, env, scope);
  if (reason) return { reason };
  return writtenExpression(text);
}

// Parsing and writing back depend on the text alone, and a document repeats the same few
// fragments (`NOW()`, `'{}'::jsonb`, `VARCHAR(255)`) thousands of times: both are memoised, so
// only the allowed-shape walk, which depends on the table and the document, runs per fragment.
const writtenExpression = memoizeByString((text: string): Guarded => {
  const parsed = parseExpression(text);
  return parsed.node === undefined ? { reason: parsed.reason } : roundTrip(parsed.node, deparseExpression, parseExpression);
});

/**
 * A column default: an expression as above, written bare when PostgreSQL's DEFAULT clause (which
 * takes a restricted expression grammar) reads it as the same tree, else in parentheses.
 */
export function guardDefaultExpression(text: string, env: GuardEnvironment, scope: ExpressionScope = {}): Guarded {
  const verdict = guardExpression(text, env, scope);
  if (verdict.sql === undefined) return verdict;
  return { sql: readsAsDefault(verdict.sql) ? verdict.sql : `(${verdict.sql})` };
}

const readsAsDefault = memoizeByString((sql: string): boolean => {
  const one = parseOne(`CREATE TABLE t (c int DEFAULT ${sql})`);
  if ('reason' in one) return false;
  const column = body(list(body(one.stmt, 'CreateStmt')?.tableElts)[0], 'ColumnDef');
  const constraints = list(column?.constraints);
  const expression = constraints.length === 1 ? body(constraints[0], 'Constraint')?.raw_expr : undefined;
  const expected = parseExpression(sql);
  return expression !== undefined && expected.node !== undefined && stableJson(expression) === stableJson(expected.node);
});

/**
 * A column type: exactly one type name, with constant modifiers, and at most an identity clause
 * or a generated-column expression (`NUMERIC GENERATED ALWAYS AS (price * qty) STORED`), whose
 * expression is held to the shapes above with the table's columns in `scope`.
 */
export function guardColumnType(text: string, env: GuardEnvironment = NO_ENVIRONMENT, scope: ExpressionScope = {}): Guarded {
  const parsed = parseColumnType(text);
  if (parsed.node === undefined) return { reason: parsed.reason };
  const reason = checkTypeName(parsed.node.typeName as AnyNode);
  if (reason) return { reason };
  const generated = parsed.node.generated as AnyNode | undefined;
  const generatedReason = generated && checkExpression(generated.expr as AnyNode, env, scope);
  if (generatedReason) return { reason: generatedReason };
  return writtenColumnType(text);
}

/** The type name alone of an accepted column type, written back (`INT` of `INT GENERATED ALWAYS AS IDENTITY`). */
export function columnTypeName(text: string): string | undefined {
  const parsed = parseColumnType(text);
  return parsed.node === undefined ? undefined : canonicalType(parsed.node.typeName as AnyNode);
}

const NO_ENVIRONMENT: GuardEnvironment = { sequences: new Set(), types: new Set() };

const writtenColumnType = memoizeByString((text: string): Guarded => {
  const parsed = parseColumnType(text);
  return parsed.node === undefined ? { reason: parsed.reason } : roundTrip(parsed.node, writeColumnType, parseColumnType);
});

/** `FOR VALUES IN (…)`, `FOR VALUES FROM (…) TO (…)`, `FOR VALUES WITH (MODULUS m, REMAINDER r)` or `DEFAULT`. */
export function guardPartitionBound(text: string, env: GuardEnvironment): Guarded {
  const parsed = parsePartitionBound(text);
  if (parsed.node === undefined) return { reason: parsed.reason };
  const bound = parsed.node;
  for (const datum of [...list(bound.listdatums), ...list(bound.lowerdatums), ...list(bound.upperdatums)]) {
    const reason = checkExpression(datum, env, { rangeBound: bound.strategy === 'r' });
    if (reason) return { reason };
  }
  return roundTrip(bound, writePartitionBound, parsePartitionBound);
}

/** `RANGE (column, (expression))`, `LIST (…)` or `HASH (…)`, over columns of the table. */
export function guardPartitionKey(text: string, env: GuardEnvironment, scope: ExpressionScope): Guarded {
  const parsed = parsePartitionKey(text);
  if (parsed.node === undefined) return { reason: parsed.reason };
  for (const element of list(parsed.node.partParams)) {
    const elem = body(element, 'PartitionElem');
    if (!elem) return { reason: 'a partition key lists columns or expressions' };
    if (elem.collation || elem.opclass) return { reason: 'a collation or operator class in a partition key is not supported' };
    if (typeof elem.name !== 'string') {
      const reason = checkExpression(elem.expr as AnyNode, env, scope);
      if (reason) return { reason };
    }
  }
  return roundTrip(parsed.node, writePartitionKey, parsePartitionKey);
}

/** What follows `CREATE DOMAIN name AS`: a type, an optional collation, NOT NULL/NULL, DEFAULT and CHECK constraints. */
export function guardDomainDefinition(text: string, env: GuardEnvironment): Guarded {
  const parsed = parseDomain(text);
  if (parsed.node === undefined) return { reason: parsed.reason };
  const domain = parsed.node;
  const typeReason = checkTypeName(domain.typeName as AnyNode);
  if (typeReason) return { reason: typeReason };
  for (const item of list(domain.constraints)) {
    const constraint = body(item, 'Constraint');
    const kind = constraint?.contype;
    if (kind === 'CONSTR_NOTNULL' || kind === 'CONSTR_NULL') continue;
    if (kind === 'CONSTR_DEFAULT' || kind === 'CONSTR_CHECK') {
      if (constraint!.is_no_inherit || constraint!.skip_validation || constraint!.deferrable) return { reason: 'a domain constraint takes no options' };
      const reason = checkExpression(constraint!.raw_expr as AnyNode, env, { domainValue: kind === 'CONSTR_CHECK' });
      if (reason) return { reason };
      continue;
    }
    return { reason: 'a domain takes NOT NULL, NULL, DEFAULT and CHECK only' };
  }
  return roundTrip(domain, writeDomain, parseDomain);
}

/** `schema.name` of the sequence a `nextval('…')` literal names, read as regclass input reads it (unquoted parts in lower case). */
export function sequenceKey(literal: string): string | undefined {
  const part = /^\s*(?:"((?:[^"]|"")*)"|([^\s."]+))\s*/;
  const names: string[] = [];
  let rest = literal;
  for (;;) {
    const m = part.exec(rest);
    if (!m) return undefined;
    names.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!.replace(/[A-Z]/g, (c) => c.toLowerCase()));
    rest = rest.slice(m[0].length);
    if (rest === '') break;
    if (!rest.startsWith('.')) return undefined;
    rest = rest.slice(1);
  }
  if (names.length === 1) return `public.${names[0]}`;
  if (names.length === 2) return `${names[0]}.${names[1]}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Parsing each kind in its context, and checking it is exactly one element of that kind

type Parsed = { node: AnyNode; reason?: undefined } | { node?: undefined; reason: string };

function parseOne(sql: string): { stmt: AnyNode } | { reason: string } {
  if (!isSqlParserLoaded()) throw new Error('The SQL parser is not loaded (await loadSqlParser() first)');
  let result: { stmts?: { stmt?: AnyNode }[] };
  try {
    result = parseSync(sql) as typeof result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { reason: `it is not valid SQL here (${message})` };
  }
  const stmts = result.stmts ?? [];
  if (stmts.length !== 1 || !stmts[0]!.stmt) return { reason: 'it is more than one statement' };
  return { stmt: stmts[0]!.stmt };
}

/** `SELECT (<text>)` must be a select of one unnamed target and nothing else. */
const parseExpression = memoizeByString((text: string): Parsed => {
  if (text.trim() === '') return { reason: 'it is empty' };
  const one = parseOne(`SELECT (${text})`);
  if ('reason' in one) return one;
  const select = body(one.stmt, 'SelectStmt');
  const targets = list(select?.targetList);
  const extras = select ? Object.keys(select).filter((k) => !['targetList', 'limitOption', 'op'].includes(k)) : [];
  const target = targets.length === 1 ? body(targets[0]!, 'ResTarget') : undefined;
  if (!select || extras.length > 0 || select.op !== 'SETOP_NONE' || !target || target.name || target.indirection || !target.val) {
    return { reason: 'it is not one expression' };
  }
  return { node: target.val as AnyNode };
});

/**
 * `CREATE TABLE t (c <text>)`: one column of that type and nothing else, except an identity
 * clause (`INT GENERATED ALWAYS AS IDENTITY`) or a generated column's expression, which documents
 * write in the type cell. The node returned is `{ typeName, identity?, generated? }` (identity:
 * `a` always, `d` by default; generated: `{ expr, kind }`, kind `s` stored, `v` virtual).
 */
const parseColumnType = memoizeByString((text: string): Parsed => {
  if (text.trim() === '') return { reason: 'it is empty' };
  const one = parseOne(`CREATE TABLE t (c ${text})`);
  if ('reason' in one) return one;
  const create = body(one.stmt, 'CreateStmt');
  const elements = list(create?.tableElts);
  const column = elements.length === 1 ? body(elements[0]!, 'ColumnDef') : undefined;
  if (!create || !column || onlyKeys(create, ['relation', 'tableElts', 'oncommit']) || column.colname !== 'c') {
    return { reason: 'it is not one type name' };
  }
  const constraints = list(column.constraints);
  const clause = constraints.length === 1 ? body(constraints[0], 'Constraint') : undefined;
  const plain = clause !== undefined && !clause.conname && !clause.options && (clause.generated_when === 'a' || clause.generated_when === 'd');
  const identity = plain && clause!.contype === 'CONSTR_IDENTITY' ? { identity: clause!.generated_when } : undefined;
  const generated = plain && clause!.contype === 'CONSTR_GENERATED' && clause!.raw_expr ? { generated: { expr: clause!.raw_expr, kind: clause!.generated_kind } } : undefined;
  if (onlyKeys(column, ['colname', 'typeName', 'is_local', 'location', ...(identity || generated ? ['constraints'] : [])])) {
    return { reason: 'a type cell holds the type name only (no constraint, default or collation)' };
  }
  return { node: { typeName: column.typeName, ...identity, ...generated } };
});

/** `CREATE TABLE p PARTITION OF t <text>`: a bound and nothing else. */
function parsePartitionBound(text: string): Parsed {
  const one = parseOne(`CREATE TABLE p PARTITION OF t ${text.trim() || 'DEFAULT'}`);
  if ('reason' in one) return one;
  const create = body(one.stmt, 'CreateStmt');
  if (!create || !create.partbound || onlyKeys(create, ['relation', 'inhRelations', 'partbound', 'oncommit']) || list(create.inhRelations).length !== 1) {
    return { reason: 'it is not one partition bound' };
  }
  return { node: create.partbound as AnyNode };
}

/** `CREATE TABLE t () PARTITION BY <text>`: a partition key and nothing else. */
function parsePartitionKey(text: string): Parsed {
  if (text.trim() === '') return { reason: 'it is empty' };
  const one = parseOne(`CREATE TABLE t () PARTITION BY ${text}`);
  if ('reason' in one) return one;
  const create = body(one.stmt, 'CreateStmt');
  if (!create || !create.partspec || onlyKeys(create, ['relation', 'partspec', 'oncommit'])) return { reason: 'it is not one partition key' };
  return { node: create.partspec as AnyNode };
}

/** `CREATE DOMAIN d AS <text>`. */
function parseDomain(text: string): Parsed {
  if (text.trim() === '') return { reason: 'it is empty' };
  const one = parseOne(`CREATE DOMAIN d AS ${text}`);
  if ('reason' in one) return one;
  const domain = body(one.stmt, 'CreateDomainStmt');
  if (!domain || onlyKeys(domain, ['domainname', 'typeName', 'collClause', 'constraints'])) return { reason: 'it is not one domain definition' };
  return { node: domain };
}

/** True when `node` has a key outside `allowed` (the caller refuses it). */
function onlyKeys(node: AnyNode, allowed: readonly string[]): boolean {
  return Object.keys(node).some((key) => !allowed.includes(key));
}

// ---------------------------------------------------------------------------------------------
// The allowed shapes

function checkExpression(node: AnyNode | undefined, env: GuardEnvironment, scope: ExpressionScope): string | undefined {
  if (!node) return 'an expression is missing';
  const [kind, value] = only(node);
  const n = value as AnyNode;
  const sub = (child: unknown): string | undefined => checkExpression(child as AnyNode, env, scope);
  const all = (children: unknown): string | undefined => {
    for (const child of list(children)) {
      const reason = sub(child);
      if (reason) return reason;
    }
    return undefined;
  };
  switch (kind) {
    case 'A_Const':
    case 'SQLValueFunction':
      return undefined;
    case 'ColumnRef':
      return checkColumnRef(n, scope);
    case 'A_Expr': {
      const name = list(n.name).map(stringOf);
      const operator = name.length === 1 || (name.length === 2 && name[0] === 'pg_catalog') ? name[name.length - 1] : undefined;
      if (!operator) return 'an operator may not be schema-qualified';
      const right = body(n.rexpr, 'List');
      return (n.lexpr === undefined ? undefined : sub(n.lexpr)) ?? (right ? all(right.items) : n.rexpr === undefined ? undefined : sub(n.rexpr));
    }
    case 'BoolExpr':
    case 'CoalesceExpr':
    case 'MinMaxExpr':
      return all(n.args);
    case 'NullTest':
    case 'BooleanTest':
      return sub(n.arg);
    case 'CaseExpr':
      if (n.arg !== undefined) {
        const reason = sub(n.arg);
        if (reason) return reason;
      }
      for (const when of list(n.args)) {
        const w = body(when, 'CaseWhen');
        if (!w) return 'a CASE has only WHEN branches';
        const reason = sub(w.expr) ?? sub(w.result);
        if (reason) return reason;
      }
      return n.defresult === undefined ? undefined : sub(n.defresult);
    case 'TypeCast':
      return checkCastType(n.typeName as AnyNode, env) ?? sub(n.arg);
    case 'CollateClause':
      return sub(n.arg);
    case 'A_ArrayExpr':
      return all(n.elements);
    case 'A_Indirection':
      for (const step of list(n.indirection)) {
        const indices = body(step, 'A_Indices');
        if (!indices) return 'only array subscripts may follow an expression';
        const reason = (indices.lidx ? sub(indices.lidx) : undefined) ?? (indices.uidx ? sub(indices.uidx) : undefined);
        if (reason) return reason;
      }
      return sub(n.arg);
    case 'FuncCall':
      return checkFunctionCall(n, env) ?? all(n.args);
    case 'SubLink':
      return 'a subquery is not allowed';
    case 'ParamRef':
      return 'a parameter ($1) is not allowed';
    default:
      return `${describeNode(kind)} is not allowed in a data-model expression`;
  }
}

/**
 * A column of the fragment's own table: `column` or `table.column`. Whether the column exists is
 * PostgreSQL's to say (and lint's, DM104): a misspelt column is an ordinary error, not a danger.
 */
function checkColumnRef(ref: AnyNode, scope: ExpressionScope): string | undefined {
  const fields = list(ref.fields);
  if (fields.some((f) => body(f, 'A_Star'))) return '"*" is not allowed';
  const names = fields.map(stringOf);
  if (scope.rangeBound && names.length === 1 && (names[0] === 'minvalue' || names[0] === 'maxvalue')) return undefined;
  if (scope.domainValue && names.length === 1 && names[0] === 'value') return undefined;
  if (!scope.row) return `a column reference (${names.join('.')}) is not allowed here`;
  const table = scope.table?.replace(/^.*\./, '');
  if (names.length === 1 || (names.length === 2 && names[0] === table)) return undefined;
  return `${names.join('.')} is not a column of ${scope.table ?? 'this table'}`;
}

function checkFunctionCall(call: AnyNode, env: GuardEnvironment): string | undefined {
  const names = list(call.funcname).map(stringOf);
  const name = names.length === 1 || (names.length === 2 && names[0] === 'pg_catalog') ? names[names.length - 1]! : undefined;
  const written = names.join('.');
  if (!name || !ALLOWED_FUNCTIONS.has(name)) return `${written}() is not an allowed function (the allowed ones are built-ins without side effects, such as now(), gen_random_uuid(), lower(), length(), round())`;
  if (call.agg_star || call.agg_distinct || call.agg_order || call.agg_filter || call.over || call.agg_within_group) return `${written}() may not be used as an aggregate or window function`;
  if (list(call.args).some((arg) => body(arg, 'NamedArgExpr'))) return `${written}() takes positional arguments only`;
  if (name === 'nextval') return checkNextval(call, env);
  return undefined;
}

/** `nextval('seq')` or `nextval('seq'::regclass)` of a sequence the document creates. */
function checkNextval(call: AnyNode, env: GuardEnvironment): string | undefined {
  const args = list(call.args);
  let arg = args.length === 1 ? args[0]! : undefined;
  const cast = arg && body(arg, 'TypeCast');
  if (cast) {
    const type = list(body(cast.typeName as AnyNode, 'TypeName')?.names ?? (cast.typeName as AnyNode).names).map(stringOf);
    if (type[type.length - 1] !== 'regclass') return "nextval() takes a sequence name ('users_id_seq')";
    arg = cast.arg as AnyNode;
  }
  const literal = arg && body(arg, 'A_Const')?.sval;
  const text = literal ? (literal as { sval?: string }).sval ?? '' : undefined;
  if (text === undefined) return "nextval() takes a sequence name ('users_id_seq')";
  const key = sequenceKey(text);
  if (!key || !env.sequences.has(key)) {
    return `nextval('${text}') uses a sequence the document does not create (only the sequences of its own serial or identity columns may be used)`;
  }
  return undefined;
}

function checkCastType(typeName: AnyNode, env: GuardEnvironment): string | undefined {
  const reason = checkTypeName(typeName);
  if (reason) return reason;
  const names = list(typeName.names).map(stringOf);
  const last = names[names.length - 1]!;
  if (names.length === 1 || names[0] === 'pg_catalog') {
    if (CAST_TYPES.has(last) || env.types.has(last)) return undefined;
  } else if (env.types.has(last)) return undefined;
  return `a cast to ${names.join('.')} is not allowed (cast to a built-in type or a type the document uses)`;
}

/** A type name with constant modifiers: no `%TYPE`, no `SETOF`. */
function checkTypeName(typeName: AnyNode | undefined): string | undefined {
  if (!typeName) return 'a type is missing';
  if (typeName.setof || typeName.pct_type) return 'a type cannot be SETOF or %TYPE';
  const names = list(typeName.names).map(stringOf);
  if (names.length === 0 || names.length > 2 || names.some((n) => n === '')) return 'a type name is one name, or schema.name';
  for (const modifier of list(typeName.typmods)) {
    const constant = body(modifier, 'A_Const');
    const ref = body(modifier, 'ColumnRef');
    if (!constant && !(ref && list(ref.fields).length === 1 && stringOf(list(ref.fields)[0]!) !== '')) {
      return 'a type modifier must be a constant';
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Writing the tree back

function deparseExpression(node: AnyNode): string {
  return deparseSync(node as never, { pretty: false });
}

/** Deparsed, with built-in type names upper-cased as documents write them (`VARCHAR(255)`). */
function canonicalType(typeName: AnyNode): string {
  const sql = deparseSync({ TypeName: typeName } as never, { pretty: false });
  const words = sql.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? [];
  const builtin = /^[a-z0-9_ (),[\]]+$/.test(sql) && words.every((w) => BUILTIN_TYPE_NAMES.has(w));
  return builtin ? sql.toUpperCase() : sql;
}

function writeColumnType(column: AnyNode): string {
  const type = canonicalType(column.typeName as AnyNode);
  if (column.identity === 'a') return `${type} GENERATED ALWAYS AS IDENTITY`;
  if (column.identity === 'd') return `${type} GENERATED BY DEFAULT AS IDENTITY`;
  const generated = column.generated as AnyNode | undefined;
  // Without a keyword PostgreSQL 18 makes the column virtual, and older servers refuse it: as written.
  if (generated) return `${type} GENERATED ALWAYS AS (${deparseExpression(generated.expr as AnyNode)})${generated.kind === 's' ? ' STORED' : ''}`;
  return type;
}

function writePartitionBound(bound: AnyNode): string {
  if (bound.is_default) return 'DEFAULT';
  const datums = (items: unknown) => list(items).map(writeDatum).join(', ');
  switch (bound.strategy) {
    case 'l':
      return `FOR VALUES IN (${datums(bound.listdatums)})`;
    case 'r':
      return `FOR VALUES FROM (${datums(bound.lowerdatums)}) TO (${datums(bound.upperdatums)})`;
    case 'h':
      return `FOR VALUES WITH (MODULUS ${Number(bound.modulus ?? 0)}, REMAINDER ${Number(bound.remainder ?? 0)})`;
    default:
      throw new Error(`unknown partition strategy ${String(bound.strategy)}`);
  }
}

function writeDatum(datum: AnyNode): string {
  const ref = body(datum, 'ColumnRef');
  if (ref) return stringOf(list(ref.fields)[0]!).toUpperCase(); // MINVALUE / MAXVALUE, checked above
  return deparseExpression(datum);
}

const STRATEGIES: Record<string, string> = {
  PARTITION_STRATEGY_RANGE: 'RANGE',
  PARTITION_STRATEGY_LIST: 'LIST',
  PARTITION_STRATEGY_HASH: 'HASH',
};

function writePartitionKey(spec: AnyNode): string {
  const strategy = STRATEGIES[String(spec.strategy)];
  if (!strategy) throw new Error(`unknown partition strategy ${String(spec.strategy)}`);
  const elements = list(spec.partParams).map((element) => {
    const elem = body(element, 'PartitionElem')!;
    return typeof elem.name === 'string' ? quoteIdent(elem.name) : `(${deparseExpression(elem.expr as AnyNode)})`;
  });
  return `${strategy} (${elements.join(', ')})`;
}

function writeDomain(domain: AnyNode): string {
  let sql = canonicalType(domain.typeName as AnyNode);
  const collation = domain.collClause as AnyNode | undefined;
  if (collation) sql += ` COLLATE ${list(collation.collname).map((n) => quoteIdent(stringOf(n))).join('.')}`;
  for (const item of list(domain.constraints)) {
    const constraint = body(item, 'Constraint')!;
    const name = typeof constraint.conname === 'string' ? `CONSTRAINT ${quoteIdent(constraint.conname)} ` : '';
    if (constraint.contype === 'CONSTR_NOTNULL') sql += ` ${name}NOT NULL`;
    else if (constraint.contype === 'CONSTR_NULL') sql += ` ${name}NULL`;
    else if (constraint.contype === 'CONSTR_DEFAULT') sql += ` DEFAULT (${deparseExpression(constraint.raw_expr as AnyNode)})`;
    else if (constraint.contype === 'CONSTR_CHECK') sql += ` ${name}CHECK (${deparseExpression(constraint.raw_expr as AnyNode)})`;
  }
  return sql;
}

/**
 * Writes `node` back with `write`, parses the text again with `parse`, and accepts it only when
 * it gives the same tree (locations aside): what is emitted is exactly what was checked, even
 * if the deparser had a bug.
 */
function roundTrip(node: AnyNode, write: (node: AnyNode) => string, parse: (text: string) => Parsed): Guarded {
  let sql: string;
  try {
    sql = write(node);
  } catch (error) {
    return { reason: `it cannot be written back as SQL (${error instanceof Error ? error.message : String(error)})` };
  }
  const again = parse(sql);
  if (again.node === undefined || stableJson(again.node) !== stableJson(node)) {
    return { reason: `it cannot be written back as the same SQL (it would read as ${JSON.stringify(sql)})` };
  }
  return { sql };
}

/** JSON of a parse tree without source positions, which differ between the two texts. */
function stableJson(node: unknown): string {
  return JSON.stringify(node, (key, value) => (key === 'location' || key === 'list_start' || key === 'list_end' ? undefined : value));
}

// ---------------------------------------------------------------------------------------------
// Small readers of libpg-query's JSON tree

function only(node: AnyNode): [string, unknown] {
  const keys = Object.keys(node ?? {});
  if (keys.length !== 1) return ['(malformed)', {}];
  return [keys[0]!, node[keys[0]!]];
}

function body(node: unknown, kind: string): AnyNode | undefined {
  const value = (node as AnyNode | undefined)?.[kind];
  return value && typeof value === 'object' ? (value as AnyNode) : undefined;
}

function list(value: unknown): AnyNode[] {
  return Array.isArray(value) ? (value as AnyNode[]) : [];
}

function stringOf(node: AnyNode): string {
  const value = body(node, 'String')?.sval;
  return typeof value === 'string' ? value : '';
}

const NODE_NAMES: Record<string, string> = {
  RowExpr: 'a row constructor',
  A_Star: '"*"',
  GroupingFunc: 'GROUPING',
  XmlExpr: 'an XML expression',
  XmlSerialize: 'an XML expression',
  JsonObjectConstructor: 'a JSON constructor',
  JsonArrayConstructor: 'a JSON constructor',
  SetToDefault: 'DEFAULT',
};

function describeNode(kind: string): string {
  return NODE_NAMES[kind] ?? kind;
}
