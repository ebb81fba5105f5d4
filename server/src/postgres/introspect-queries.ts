/**
 * The catalog queries of `introspect`: one per kind of object, each over every table of the
 * chosen schemas at once, so the number of round trips does not grow with the schema
 * (`INTROSPECTION_QUERIES.length` of them, whatever the number of tables).
 *
 * Every query takes the schema names as `$1::text[]`. Names of relations and types outside
 * `public` come back qualified (`bookings.flights`), because the session's search_path is set
 * to `public` for the transaction: `format_type`, `pg_get_expr` and `pg_get_constraintdef`
 * then qualify exactly what the document must qualify.
 *
 * Cost, for a database of 1,000 tables (see scripts/bench/postgres-figures.ts):
 *  - comments come from a LEFT JOIN on pg_description, not from `obj_description` /
 *    `col_description`: those are SQL functions, each call a little query of its own;
 *  - a per-row subquery looks names up through an index (`(SELECT attname … WHERE attnum = k)`),
 *    which is cheaper than joining pg_attribute inside it and sorting;
 *  - what the model does not use is not computed (constraint definitions other than CHECKs).
 * `introspect` also turns JIT off for its transaction: these queries are many cheap lookups, and
 * their estimated cost (per-row subqueries) would otherwise make PostgreSQL spend longer
 * compiling them than running them.
 */

/** `schema.name`, or just `name` in public: the document's way of naming tables and types. */
const MODEL_NAME = (schema: string, name: string) => `CASE WHEN ${schema} = 'public' THEN ${name} ELSE ${schema} || '.' || ${name} END`;

/** The comment of a table or index `oid`: a join instead of `obj_description`, which runs a query per row. */
const CLASS_COMMENT_JOIN = (alias: string, oid: string) =>
  `LEFT JOIN pg_catalog.pg_description ${alias} ON ${alias}.objoid = ${oid} AND ${alias}.classoid = 'pg_catalog.pg_class'::regclass AND ${alias}.objsubid = 0`;

/** Ordinary and partitioned tables of the chosen schemas (the base of every other query). */
const TABLES = `
  SELECT c.oid, n.nspname, c.relname, c.relkind, c.relowner, c.relrowsecurity
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY ($1::text[])`;

export interface TableRow {
  oid: number;
  name: string;
  kind: 'r' | 'p';
  comment: string | null;
  partition_key: string | null;
  parent: string | null;
  partition_bound: string | null;
  row_security: boolean;
  owner: string;
}

export const TABLES_QUERY = `
  WITH t AS (${TABLES})
  SELECT t.oid::int AS oid,
         ${MODEL_NAME('t.nspname', 't.relname')} AS name,
         t.relkind AS kind,
         tc.description AS comment,
         CASE WHEN t.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(t.oid) END AS partition_key,
         (SELECT ${MODEL_NAME('pn.nspname', 'p.relname')}
            FROM pg_catalog.pg_inherits i
            JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
            JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
           WHERE i.inhrelid = t.oid AND p.relkind = 'p') AS parent,
         pg_catalog.pg_get_expr(c.relpartbound, t.oid) AS partition_bound,
         t.relrowsecurity AS row_security,
         pg_catalog.pg_get_userbyid(t.relowner) AS owner
    FROM t JOIN pg_catalog.pg_class c ON c.oid = t.oid
    ${CLASS_COMMENT_JOIN('tc', 't.oid')}
   ORDER BY t.nspname <> 'public', t.nspname, t.relname`;

export interface ColumnRow {
  table_oid: number;
  name: string;
  type: string;
  /** The type (element type for arrays) lives in pg_catalog: written in upper case. */
  builtin: boolean;
  /** The type's name without modifiers, as casts in defaults print it (`character varying`). */
  bare_type: string;
  not_null: boolean;
  default: string | null;
  identity: '' | 'a' | 'd';
  generated: '' | 's';
  comment: string | null;
  /** The sequence the default takes values from (nextval), if any. */
  sequence_oid: number | null;
  /** The table and column that own that sequence (serial or identity), if any. */
  sequence_owner_oid: number | null;
  sequence_owner_column: string | null;
}

export const COLUMNS_QUERY = `
  WITH t AS (${TABLES})
  SELECT a.attrelid::int AS table_oid,
         a.attname AS name,
         pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
         COALESCE(et.typnamespace, ty.typnamespace) = 'pg_catalog'::regnamespace AS builtin,
         pg_catalog.format_type(a.atttypid, NULL) AS bare_type,
         a.attnotnull AS not_null,
         pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default,
         a.attidentity AS identity,
         a.attgenerated AS generated,
         ds.description AS comment,
         seq.oid::int AS sequence_oid,
         owner.refobjid::int AS sequence_owner_oid,
         owner_column.attname AS sequence_owner_column
    FROM t
    JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
    LEFT JOIN pg_catalog.pg_type et ON et.oid = ty.typelem AND ty.typcategory = 'A'
    LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    LEFT JOIN pg_catalog.pg_description ds
      ON ds.objoid = a.attrelid AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = a.attnum
    LEFT JOIN LATERAL (
      SELECT dep.refobjid AS oid
        FROM pg_catalog.pg_depend dep
        JOIN pg_catalog.pg_class s ON s.oid = dep.refobjid AND s.relkind = 'S'
       WHERE dep.classid = 'pg_catalog.pg_attrdef'::regclass AND dep.objid = d.oid
         AND dep.refclassid = 'pg_catalog.pg_class'::regclass
       LIMIT 1) seq ON true
    LEFT JOIN pg_catalog.pg_depend owner
      ON owner.classid = 'pg_catalog.pg_class'::regclass AND owner.objid = seq.oid
     AND owner.refclassid = 'pg_catalog.pg_class'::regclass AND owner.deptype IN ('a', 'i') AND owner.refobjsubid > 0
    LEFT JOIN pg_catalog.pg_attribute owner_column ON owner_column.attrelid = owner.refobjid AND owner_column.attnum = owner.refobjsubid
   ORDER BY a.attrelid, a.attnum`;

export interface ConstraintRow {
  table_oid: number;
  name: string;
  type: 'p' | 'u' | 'f' | 'c' | 'x' | 't';
  columns: string[];
  ref_table: string | null;
  ref_columns: string[] | null;
  on_delete: string;
  on_update: string;
  /** `CHECK (…)` as pg_get_constraintdef prints it; CHECK constraints only (the others' is not used). */
  definition: string | null;
  /** Copied from a partitioned parent's constraint (PostgreSQL makes it; nobody declared it here). */
  inherited: boolean;
}

export const CONSTRAINTS_QUERY = `
  WITH t AS (${TABLES})
  SELECT con.conrelid::int AS table_oid,
         con.conname AS name,
         con.contype AS type,
         ARRAY(SELECT (SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid = con.conrelid AND a.attnum = k.num)
                 FROM unnest(con.conkey) WITH ORDINALITY k(num, pos) ORDER BY k.pos)::text[] AS columns,
         CASE WHEN con.contype = 'f' THEN ${MODEL_NAME('rn.nspname', 'r.relname')} END AS ref_table,
         CASE WHEN con.contype = 'f' THEN
           ARRAY(SELECT (SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid = con.confrelid AND a.attnum = k.num)
                   FROM unnest(con.confkey) WITH ORDINALITY k(num, pos) ORDER BY k.pos)::text[] END AS ref_columns,
         con.confdeltype AS on_delete,
         con.confupdtype AS on_update,
         CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid, true) END AS definition,
         (con.conparentid <> 0 OR NOT con.conislocal) AS inherited
    FROM t
    JOIN pg_catalog.pg_constraint con ON con.conrelid = t.oid
    LEFT JOIN pg_catalog.pg_class r ON r.oid = con.confrelid
    LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
   ORDER BY con.conrelid, con.contype, con.conname`;

export interface IndexRow {
  table_oid: number;
  name: string;
  method: string;
  unique: boolean;
  /** The index backs a PRIMARY KEY, UNIQUE or EXCLUDE constraint. */
  constraint_backed: boolean;
  /** The index is a partition of a partitioned table's index (made by PostgreSQL). */
  inherited: boolean;
  /** Per key column: the column's name, or the expression's text. */
  elements: string[];
  /** Per key column: pg_index.indoption (bit 1 DESC, bit 2 NULLS FIRST). */
  options: number[];
  include_count: number;
  predicate: string | null;
  comment: string | null;
}

export const INDEXES_QUERY = `
  WITH t AS (${TABLES})
  SELECT i.indrelid::int AS table_oid,
         ic.relname AS name,
         am.amname AS method,
         i.indisunique AS unique,
         EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')) AS constraint_backed,
         EXISTS (SELECT 1 FROM pg_catalog.pg_inherits inh WHERE inh.inhrelid = i.indexrelid) AS inherited,
         -- indkey and indoption are int2vectors, numbered from 0; a slice of one is an array from 1.
         ARRAY(SELECT CASE WHEN k.num <> 0
                           THEN (SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = k.num)::text
                           ELSE pg_catalog.pg_get_indexdef(i.indexrelid, k.pos::int, true) END
                 FROM unnest(i.indkey[0:i.indnkeyatts - 1]) WITH ORDINALITY k(num, pos) ORDER BY k.pos) AS elements,
         i.indoption[0:i.indnkeyatts - 1]::int[] AS options,
         (i.indnatts - i.indnkeyatts)::int AS include_count,
         pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
         ixc.description AS comment
    FROM t
    JOIN pg_catalog.pg_index i ON i.indrelid = t.oid
    JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_catalog.pg_am am ON am.oid = ic.relam
    ${CLASS_COMMENT_JOIN('ixc', 'i.indexrelid')}
   ORDER BY i.indrelid, ic.relname`;

export interface EnumRow {
  name: string;
  values: string[];
}

export const ENUMS_QUERY = `
  SELECT ${MODEL_NAME('n.nspname', 'ty.typname')} AS name,
         ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum e WHERE e.enumtypid = ty.oid ORDER BY e.enumsortorder)::text[] AS values
    FROM pg_catalog.pg_type ty
    JOIN pg_catalog.pg_namespace n ON n.oid = ty.typnamespace
   WHERE ty.typtype = 'e' AND n.nspname = ANY ($1::text[])
   ORDER BY ty.oid`;

export interface DomainRow {
  name: string;
  base_type: string;
  not_null: boolean;
  default: string | null;
  constraints: string[];
}

export const DOMAINS_QUERY = `
  SELECT ${MODEL_NAME('n.nspname', 'ty.typname')} AS name,
         pg_catalog.format_type(ty.typbasetype, ty.typtypmod) AS base_type,
         ty.typnotnull AS not_null,
         ty.typdefault AS default,
         ARRAY(SELECT 'CONSTRAINT ' || quote_ident(con.conname) || ' ' || pg_catalog.pg_get_constraintdef(con.oid, true)
                 FROM pg_catalog.pg_constraint con WHERE con.contypid = ty.oid AND con.contype = 'c' ORDER BY con.conname)::text[] AS constraints
    FROM pg_catalog.pg_type ty
    JOIN pg_catalog.pg_namespace n ON n.oid = ty.typnamespace
   WHERE ty.typtype = 'd' AND n.nspname = ANY ($1::text[])
   ORDER BY ty.oid`;

export interface GrantRow {
  table_oid: number;
  /** Role name, or `PUBLIC`. */
  grantee: string;
  privileges: string[];
}

/** Privileges granted on the tables to anyone but their owner (whose own rights are implicit). */
export const GRANTS_QUERY = `
  WITH t AS (${TABLES})
  SELECT t.oid::int AS table_oid,
         CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(acl.grantee) END AS grantee,
         array_agg(acl.privilege_type ORDER BY acl.privilege_type)::text[] AS privileges
    FROM t
    JOIN pg_catalog.pg_class c ON c.oid = t.oid
    CROSS JOIN LATERAL aclexplode(c.relacl) acl
   WHERE acl.grantee <> t.relowner
   GROUP BY t.oid, acl.grantee
   ORDER BY t.oid, 2`;

export interface PolicyRow {
  table_oid: number;
  name: string;
  command: string;
  permissive: boolean;
  /** Role names; `PUBLIC` for a policy on everyone. */
  roles: string[];
  using: string | null;
  with_check: string | null;
}

export const POLICIES_QUERY = `
  WITH t AS (${TABLES})
  SELECT p.polrelid::int AS table_oid,
         p.polname AS name,
         p.polcmd AS command,
         p.polpermissive AS permissive,
         ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(r) END FROM unnest(p.polroles) r)::text[] AS roles,
         pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS using,
         pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
    FROM t JOIN pg_catalog.pg_policy p ON p.polrelid = t.oid
   ORDER BY p.polrelid, p.polname`;

export interface DatabaseRow {
  database: string;
  version_num: number;
}

export const DATABASE_QUERY = `SELECT current_database() AS database, current_setting('server_version_num')::int AS version_num`;

/** The schemas to read when none are named: every schema but PostgreSQL's own. */
export const USER_SCHEMAS_QUERY = `
  SELECT n.nspname AS name FROM pg_catalog.pg_namespace n
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
   ORDER BY n.nspname`;
