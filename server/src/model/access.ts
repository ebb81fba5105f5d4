/**
 * The one interpretation of a Security Annotations access cell, and of which column says whose a
 * row is. The reader calls these once; the lint rules, the DDL compiler, the security probes and
 * drift read the typed result, so what the linter approves is what the database is made to
 * enforce (issue 14: `Read (own)` used to pass DM302 as "own rows" yet compile to SELECT on
 * every row).
 *
 *   none       `NONE`, `No`, `—`, `N/A`, `Deny`, `✗`
 *   read       `Read`, `Read-only`, `Select`, `View`; a qualifier such as `Read (metadata)` is kept
 *              for display and is not enforced: the role reads every row
 *   read-own   `Own records`, `Own record only`, `Read (own)`, `Read own`
 *   write-own  `Read/Write (own)`, `Write (own)`, `Full (own)`, `Own records (read/write)`
 *   full       `Full`, `All`, `Read/Write`, `CRUD`
 * Anything else (`Write only`, `Read (own and assigned)`) has no level: the reader reports it on
 * the cell and nothing is granted for it.
 */
import pluralize from 'pluralize';
import type { Access, AccessLevel, DataModel, Entity, ForeignKey, OwnerColumn } from './types';

/** What owner resolution reads of a model (the generator has these before it has a model). */
interface Tables {
  entities: readonly Entity[];
  foreignKeys: readonly ForeignKey[];
  roles: readonly string[];
}

/** The words the writer, the generator and introspection use for each level. */
export const ACCESS_TEXT: Record<AccessLevel, string> = {
  none: 'NONE',
  read: 'Read',
  'read-own': 'Own records',
  'write-own': 'Read/Write (own)',
  full: 'Full',
};

const NONE = /^(none|no|no access|n\/a|—|–|-|✗|✘|❌|deny|denied)\.?$/i;
const FULL = /^(full|all|read\s*\/\s*write|read-write|rw|crud)\b(.*)$/i;
const READ = /^(read|read-only|read only|select|view)\b(.*)$/i;
const WRITE = /^(write|read\s*\/\s*write|edit|manage)\b(.*)$/i;
const OWN_RECORDS = /^own(\s+(records?|rows?))?\b(.*)$/i;
/** A qualifier that limits access to the role's own rows: `own`, `own records`, `own rows only`. */
const OWN_QUALIFIER = /^own(\s+(records?|rows?))?(\s+only)?$/i;
const WRITE_QUALIFIER = /^(read\s*\/\s*write|read-write|rw|write|edit)$/i;

/** `(metadata)` → `metadata`; `` → undefined. */
function qualifierOf(rest: string): string | undefined {
  return rest.replace(/^[\s(,:;–—-]+|[\s).]+$/g, '') || undefined;
}

/** The typed value of one access cell. */
export function parseAccess(text: string): Access {
  const t = text.trim();
  const typed = (level: AccessLevel | undefined, qualifier?: string): Access => (qualifier ? { level, text, qualifier } : { level, text });
  if (t === '' || NONE.test(t)) return typed('none');
  let m: RegExpExecArray | null;
  if ((m = OWN_RECORDS.exec(t))) {
    const rest = qualifierOf(m[3]!);
    if (rest === undefined || /^only$/i.test(rest) || /^read(-only)?$/i.test(rest)) return typed('read-own');
    if (WRITE_QUALIFIER.test(rest)) return typed('write-own');
    return typed(undefined);
  }
  // `Write (own)`, `Read/Write (own)`, `Full (own)`: writing limited to the role's rows.
  const writing = WRITE.exec(t) ?? FULL.exec(t);
  if (writing) {
    const rest = qualifierOf(writing[2]!);
    if (rest !== undefined && OWN_QUALIFIER.test(rest)) return typed('write-own');
    if (/\bown\b/i.test(rest ?? '')) return typed(undefined); // `Full (own and team)`: no single meaning
  }
  if ((m = FULL.exec(t))) return typed('full', qualifierOf(m[2]!));
  if ((m = READ.exec(t))) {
    const rest = qualifierOf(m[2]!);
    if (rest !== undefined && OWN_QUALIFIER.test(rest)) return typed('read-own');
    if (/\bown\b/i.test(rest ?? '')) return typed(undefined);
    return typed('read', rest);
  }
  return typed(undefined);
}

export function limitsToOwnRows(level: AccessLevel | undefined): level is 'read-own' | 'write-own' {
  return level === 'read-own' || level === 'write-own';
}

/** Whether a level allows writing (INSERT, UPDATE, DELETE), on every row or the role's own. */
export function allowsWriting(level: AccessLevel | undefined): boolean {
  return level === 'full' || level === 'write-own';
}

/** The users table: the one `user_id` foreign keys point at, else a table named `users`. */
export function usersTableOf(model: Omit<Tables, 'roles'>): string | undefined {
  const fk = model.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === 'user_id');
  return fk?.refTable ?? model.entities.find((e) => e.name === 'users')?.name;
}

/** Tables whose rows are people or accounts: their own record is the row itself. */
const PERSON_TABLE = /(^|_)(users?|accounts?|members?|customers?|people|persons?|profiles?|employees?|students?|patients?|annotators?)$/i;

/**
 * Tables of people: the users table, the usual names, and the tables named after a role of the
 * document (role `Reviewer` → `reviewers`, `Lab Technician` → `lab_technicians`): a role is a
 * kind of user, so the application's `app.user_id` is a row of that table.
 */
export function isPersonTable(model: Tables, table: string, lookup?: Pick<OwnerLookup, 'usersTable' | 'roleTableNames'>): boolean {
  // From the lookup when given, even when it found no users table (a default parameter would scan again).
  const { usersTable, roleTableNames } = lookup ?? { usersTable: usersTableOf(model), roleTableNames: roleTableNamesOf(model.roles) };
  if (table === usersTable || PERSON_TABLE.test(table)) return true;
  const name = table.trim().toLowerCase().replace(/^.*\./, '');
  return roleTableNames.some(({ singular, plural }) => name === singular || name === plural || name.endsWith(`_${plural}`));
}

/** Each role's table names, singular and plural (`Lab Technician` → `lab_technician`, `lab_technicians`). */
function roleTableNamesOf(roles: readonly string[]): { singular: string; plural: string }[] {
  return roles
    .map((role) => role.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, ''))
    .filter((singular) => singular !== '')
    .map((singular) => ({ singular, plural: pluralize.plural(singular) }));
}

/**
 * The column an own-rows policy compares with the current user's id: `user_id` when the table
 * has one; on a table of people, its single-column primary key (a person's own record is their
 * row); otherwise the column of a single-column foreign key to the users table, else to another
 * table of people. Undefined when none: own-rows access cannot be enforced (DM306, and the DDL
 * grants nothing for it). A column merely named like an owner (`created_by`) without such a
 * foreign key does not count: nothing says its values are user ids.
 */
export function ownerColumnOf(model: Tables, entity: Entity, lookup: OwnerLookup = ownerLookup(model)): OwnerColumn | undefined {
  const { usersTable } = lookup;
  const primaryKey = entity.columns.filter((c) => c.primaryKey);
  const ownForeignKeys = lookup.foreignKeysOf.get(entity.name) ?? [];
  const foreignKeyTo = (refersTo: (table: string) => boolean) =>
    entity.columns.find((c) => ownForeignKeys.some((f) => refersTo(f.refTable) && f.columns.length === 1 && f.columns[0] === c.name));
  const owner =
    entity.columns.find((c) => c.name === 'user_id') ??
    (isPersonTable(model, entity.name, lookup) && primaryKey.length === 1 ? primaryKey[0] : undefined) ??
    foreignKeyTo((table) => table === usersTable) ??
    foreignKeyTo((table) => table !== entity.name && isPersonTable(model, table, lookup));
  return owner ? { name: owner.name, type: owner.type } : undefined;
}

/** What `ownerColumnOf` needs of the whole model, computed once for a model rather than once per table
 *  (per table, a 20 MB document's 17,000 tables made reading it quadratic). */
export interface OwnerLookup {
  usersTable: string | undefined;
  roleTableNames: { singular: string; plural: string }[];
  foreignKeysOf: Map<string, ForeignKey[]>;
}

export function ownerLookup(model: Tables): OwnerLookup {
  const foreignKeysOf = new Map<string, ForeignKey[]>();
  for (const fk of model.foreignKeys) {
    const list = foreignKeysOf.get(fk.table);
    if (list) list.push(fk);
    else foreignKeysOf.set(fk.table, [fk]);
  }
  return { usersTable: usersTableOf(model), roleTableNames: roleTableNamesOf(model.roles), foreignKeysOf };
}

/** Sets `owner` on every annotation whose table has an owner column (call once the whole model is read). */
export function resolveOwners(model: DataModel): void {
  const lookup = ownerLookup(model);
  // The first table of a name, as a search from the start would find it.
  const entityByName = new Map<string, Entity>();
  for (const entity of model.entities) if (!entityByName.has(entity.name)) entityByName.set(entity.name, entity);
  for (const row of model.security) {
    const entity = entityByName.get(row.table);
    const owner = entity && ownerColumnOf(model, entity, lookup);
    if (owner) row.owner = owner;
    else delete row.owner;
  }
}

/** A typed access map from cell texts, for models built in code (generator, introspection, tests). */
export function accessMap(texts: Record<string, string>): Record<string, Access> {
  return Object.fromEntries(Object.entries(texts).map(([role, text]) => [role, parseAccess(text)]));
}
