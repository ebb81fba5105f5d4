/**
 * Fresh names for one validation run, so a document is checked on its own and never against
 * what the database already holds (a team's development database usually has the schema the
 * document describes: every CREATE TABLE would fail with "already exists").
 *
 *  - the default schema (unqualified names, `public.x` too) becomes `dm_validate_<id>`, first on
 *    the `search_path`;
 *  - every schema the document names (`app.users`) becomes `dm_validate_<id>_<n>`;
 *  - the run's unprivileged role is `dm_validate_<id>_role`.
 * The model is copied with those names before it is compiled; messages are mapped back, so a
 * user reads `app.users`, never the sandbox's name.
 */
import { randomBytes } from 'node:crypto';
import type { DataModel } from '../model/types';
import { quoteIdent, schemaOfQualifiedName } from '../sql/quote';

export interface SandboxNames {
  /** The unprivileged role that applies the DDL and runs the probes. */
  role: string;
  /** Where unqualified names (and `public.x`) are created. */
  defaultSchema: string;
  /** Each schema the document names (`public` excepted) → its fresh name. */
  schemas: Map<string, string>;
}

export const SANDBOX_PREFIX = 'dm_validate_';

export function sandboxNames(model: DataModel): SandboxNames {
  const id = `${SANDBOX_PREFIX}${randomBytes(5).toString('hex')}`;
  const named = [...model.entities.map((e) => e.name), ...(model.enums ?? []).map((t) => t.name), ...(model.domains ?? []).map((d) => d.name)];
  const documentSchemas = [...new Set(named.map(schemaOfQualifiedName).filter((s): s is string => s !== undefined && s !== 'public'))];
  return { role: `${id}_role`, defaultSchema: id, schemas: new Map(documentSchemas.map((schema, i) => [schema, `${id}_${i + 1}`])) };
}

/** A copy of `model` whose names and SQL fragments point into the sandbox schemas. */
export function sandboxedModel(model: DataModel, names: SandboxNames): DataModel {
  const copy = structuredClone(model);
  const name = (n: string) => sandboxedName(n, names);
  const sql = (text: string) => sandboxedFragment(text, names);
  for (const entity of copy.entities) {
    entity.name = name(entity.name);
    if (entity.partitionOf !== undefined) entity.partitionOf = name(entity.partitionOf);
    if (entity.partitionBy !== undefined) entity.partitionBy = sql(entity.partitionBy);
    if (entity.partitionBound !== undefined) entity.partitionBound = sql(entity.partitionBound);
    for (const column of entity.columns) {
      column.type = sql(column.type);
      if (column.default !== undefined) column.default = sql(column.default);
    }
  }
  for (const type of copy.enums ?? []) type.name = name(type.name);
  for (const domain of copy.domains ?? []) {
    domain.name = name(domain.name);
    domain.definition = sql(domain.definition);
  }
  for (const fk of copy.foreignKeys) {
    fk.table = name(fk.table);
    fk.refTable = name(fk.refTable);
  }
  for (const check of copy.checks) {
    check.table = name(check.table);
    check.expression = sql(check.expression);
  }
  for (const index of copy.indexes) {
    index.table = name(index.table);
    for (const column of index.columns) column.name = sql(column.name);
    if (index.where !== undefined) index.where = sql(index.where);
  }
  for (const row of copy.security) row.table = name(row.table);
  return copy;
}

/** `app.users` → `dm_validate_…_1.users`; `public.users` → `dm_validate_….users`; `users` stays (search_path). */
function sandboxedName(name: string, names: SandboxNames): string {
  const schema = schemaOfQualifiedName(name);
  if (schema === undefined) return name;
  const rest = name.slice(schema.length + 1);
  if (schema === 'public') return `${names.defaultSchema}.${rest}`;
  const mapped = names.schemas.get(schema);
  return mapped ? `${mapped}.${rest}` : name;
}

/**
 * A fragment's references to the document's schemas (`app.status`, `"app".status`, also inside a
 * string such as `nextval('app.seq')`) pointed at the sandbox. `public.` in fragments is left
 * alone: it is where extensions' functions and types live.
 */
function sandboxedFragment(text: string, names: SandboxNames): string {
  let result = text;
  for (const [schema, mapped] of names.schemas) {
    const quoted = escapeRegExp(`"${schema.replace(/"/g, '""')}".`);
    result = result.replace(new RegExp(quoted, 'g'), `${mapped}.`);
    if (/^[a-z_][a-z0-9_$]*$/.test(schema)) {
      result = result.replace(new RegExp(`(?<![A-Za-z0-9_$."])${escapeRegExp(schema)}\\.`, 'gi'), `${mapped}.`);
    }
  }
  return result;
}

/** A message about sandbox objects, in the document's own names. */
export function unsandboxedText(text: string, names: SandboxNames): string {
  let result = text.split(`"${names.role}"`).join(names.role).split(names.role).join("validation's temporary role");
  // Longest first: `dm_validate_x_1` before `dm_validate_x`.
  for (const [schema, mapped] of [...names.schemas].sort((a, b) => b[1].length - a[1].length)) {
    result = result.split(`"${mapped}"`).join(quoteIdent(schema)).split(mapped).join(schema);
  }
  return result.split(`${names.defaultSchema}.`).join('').split(names.defaultSchema).join('public');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
