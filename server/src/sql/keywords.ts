/**
 * PostgreSQL keywords that cannot always be used as bare identifiers.
 *
 * Taken from `pg_get_keywords()` of PostgreSQL 18 (the version PGlite embeds), categories
 * R (reserved), T (reserved, can be function or type) and C (non-reserved, cannot be function
 * or type). C keywords are legal as column and table names, but quoting them costs nothing and
 * keeps generated SQL valid in every position (type names, function calls, expressions), so the
 * compiler quotes all three. Unreserved keywords (category U, e.g. `role`, `name`, `action`)
 * stay bare.
 */
const RESERVED =
  'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
  'current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc ' +
  'distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral ' +
  'leading limit localtime localtimestamp not null offset on only or order placing primary references returning ' +
  'select session_user some symmetric system_user table then to trailing true union unique user using variadic when ' +
  'where window with';

const RESERVED_CAN_BE_FUNCTION_OR_TYPE =
  'authorization binary collation concurrently cross current_schema freeze full ilike inner is isnull join left like ' +
  'natural notnull outer overlaps right similar tablesample verbose';

const NOT_FUNCTION_OR_TYPE =
  'between bigint bit boolean char character coalesce dec decimal exists extract float greatest grouping inout int ' +
  'integer interval json json_array json_arrayagg json_exists json_object json_objectagg json_query json_scalar ' +
  'json_serialize json_table json_value least merge_action national nchar none normalize nullif numeric out overlay ' +
  'position precision real row setof smallint substring time timestamp treat trim values varchar xmlattributes ' +
  'xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable';

export const KEYWORDS_NEEDING_QUOTES: ReadonlySet<string> = new Set(
  [RESERVED, RESERVED_CAN_BE_FUNCTION_OR_TYPE, NOT_FUNCTION_OR_TYPE].join(' ').split(' '),
);
