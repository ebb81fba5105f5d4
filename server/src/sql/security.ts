/**
 * The Security Annotations table as real access control.
 *
 *  - One role per annotated role (`Annotator` → `annotator`), created NOLOGIN only if it does not
 *    exist yet (roles are cluster-wide, so the migration must be re-runnable on a server that
 *    already has them). Applications log in as their own users and `SET ROLE` / are granted these.
 *  - Per table and role, from the access level the reader gave the cell (model/access.ts):
 *      full       → GRANT ALL PRIVILEGES (+ USAGE, SELECT on the table's serial sequences)
 *      read       → GRANT SELECT (a qualifier such as "(assigned)" is reported as not enforced)
 *      none       → REVOKE ALL
 *      read-own   → GRANT SELECT + a row-level security policy FOR SELECT USING (owner = user)
 *      write-own  → GRANT SELECT, INSERT, UPDATE, DELETE + a policy FOR ALL USING and WITH CHECK (owner = user)
 *      no level   → nothing granted, an error (the reader reported the cell)
 *    and, for a table outside `public`, USAGE on its schema to every role granted anything on it
 *    (without it the role's table privileges are unusable: permission denied for schema).
 *  - "Own records": the database cannot know which application user is asking, so the
 *    application states it per transaction with `SET LOCAL app.user_id = '<users.id>'`; the policy
 *    keeps the rows whose owner column equals `current_setting('app.user_id', true)` cast to the
 *    owner column's type (no setting → NULL → no rows). The owner column is the one the reader
 *    found (`SecurityAnnotation.owner`, see `ownerColumnOf`); without one the own-rows roles get
 *    nothing and an error (DM306 says the same in the editor). Once row-level security is on, a
 *    role without a policy sees no rows,
 *    so `Full` and `Read` roles of that table get a policy that lets them see every row.
 */
import type { AccessLevel, DataModel, OwnerColumn, SecurityAnnotation } from '../model/types';
import { limitsToOwnRows } from '../model/access';
import { columnTypeName } from './expression-guard';
import type { DdlOutput } from './output';
import { dollarQuote, quoteIdent, quoteLiteral, quoteQualifiedIdent, schemaOfQualifiedName } from './quote';

/** The setting the application sets to the current user's id for "Own records" policies. */
export const CURRENT_USER_SETTING = 'app.user_id';

/**
 * The database role for a role label: lower-case snake_case (`Annotator` → `annotator`,
 * `Celery Worker` → `celery_worker`). Names PostgreSQL reserves (`pg_…`, `public`, `none`,
 * keywords such as `user`) get an `app_` prefix so CREATE ROLE accepts them.
 */
export function roleName(label: string): string {
  let name = label.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (name === '' || /^\d/.test(name) || /^pg_/.test(name) || ['public', 'none', 'current_user', 'session_user', 'current_role', 'user'].includes(name)) {
    name = `app_${name}`.replace(/_+$/, '');
  }
  return name;
}

export function compileSecurity(model: DataModel, out: DdlOutput): void {
  if (model.security.length === 0 || model.roles.length === 0) return;
  createRoles(model, model.roles, out);
  const schemaUsage = new Set<string>();
  for (const row of model.security) {
    grantSchemaUsage(row, model, schemaUsage, out);
    compileRow(row, model, out);
  }
}

/** `CREATE ROLE … NOLOGIN` for each of `labels` that does not exist yet (re-runnable). */
export function createRoles(model: DataModel, labels: readonly string[], out: DdlOutput): void {
  const rolesRange = model.security[0]?.range;
  for (const label of labels) {
    const role = roleName(label);
    out.add({
      sql:
        'DO ' +
        dollarQuote(
          `\nBEGIN\n  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${quoteLiteral(role)}) THEN\n` +
            `    CREATE ROLE ${quoteIdent(role)} NOLOGIN;\n  END IF;\nEND\n`,
        ),
      range: rolesRange,
      what: `role ${role} (${label})`,
      needs: [],
      expect: { kind: 'DoStmt' },
    });
  }
}

/** USAGE on the schema of a table outside `public`, once per schema and role (`done` holds `schema role`). */
export function grantSchemaUsage(row: SecurityAnnotation, model: DataModel, done: Set<string>, out: DdlOutput): void {
  const schema = schemaOfQualifiedName(row.table);
  if (!schema) return;
  for (const label of model.roles) {
    const level = row.access[label]?.level;
    if (level === undefined || level === 'none') continue;
    const role = roleName(label);
    const key = JSON.stringify([schema, role]);
    if (done.has(key)) continue;
    done.add(key);
    out.add({
      sql: `GRANT USAGE ON SCHEMA ${quoteIdent(schema)} TO ${quoteIdent(role)}`,
      range: row.range,
      what: `${label} access to schema ${schema}`,
      needs: [],
      expect: { kind: 'GrantStmt', target: schema },
    });
  }
}

/** The grants, revokes, row-level security and policies of one Security Annotations row. */
export function compileRow(row: SecurityAnnotation, model: DataModel, out: DdlOutput): void {
  const table = quoteQualifiedIdent(row.table);
  const entity = model.entities.find((e) => e.name === row.table);
  // An empty cell reads as NONE (DM301 asks for it to be stated).
  const none = { level: 'none' as AccessLevel, text: '' };
  const accesses = model.roles.map((label) => ({ label, role: roleName(label), access: row.access[label] ?? none }));
  const base = { range: row.range, needs: [row.table] };
  const grant = { kind: 'GrantStmt', target: row.table };

  const ownRoles = accesses.filter((a) => limitsToOwnRows(a.access.level));
  const ownerCondition = ownRoles.length > 0 && entity && row.owner ? ownerConditionOf(row.owner) : undefined;
  if (ownRoles.length > 0 && !ownerCondition) {
    out.problem(
      `Security of ${row.table}: own-rows access needs an owner column (user_id, or a foreign key to the users table or a table of people); ` +
        `nothing is granted to ${ownRoles.map((a) => a.role).join(', ')}`,
      row.range,
      'error',
    );
  }

  for (const { label, role, access } of accesses) {
    const what = `${label} access to ${row.table}`;
    const to = quoteIdent(role);
    switch (access.level) {
      case 'full':
        out.add({ ...base, sql: `GRANT ALL PRIVILEGES ON TABLE ${table} TO ${to}`, what, expect: grant });
        grantSequences(entity?.columns ?? [], table, role, base, what, out);
        break;
      case 'read':
        out.add({ ...base, sql: `GRANT SELECT ON TABLE ${table} TO ${to}`, what, expect: grant });
        if (access.qualifier) {
          out.problem(`Security of ${row.table}: ${label} gets SELECT on every row and column; "${access.qualifier}" is not enforced by the database`, row.range, 'info');
        }
        break;
      case 'read-own':
        if (ownerCondition) out.add({ ...base, sql: `GRANT SELECT ON TABLE ${table} TO ${to}`, what, expect: grant });
        break;
      case 'write-own':
        if (!ownerCondition) break;
        out.add({ ...base, sql: `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE ${table} TO ${to}`, what, expect: grant });
        grantSequences(entity?.columns ?? [], table, role, base, what, out);
        break;
      case 'none':
        out.add({ ...base, sql: `REVOKE ALL ON TABLE ${table} FROM ${to}`, what, expect: grant });
        break;
      case undefined:
        out.problem(
          `Security of ${row.table}: access "${access.text}" for ${label} has no single meaning (NONE, Read, Own records, Read/Write (own), Full); nothing is granted`,
          row.range,
          'error',
        );
        break;
    }
  }

  if (!ownerCondition) return;
  out.add({ ...base, sql: `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`, what: `row-level security on ${row.table}`, expect: { kind: 'AlterTableStmt', target: row.table } });
  for (const { label, role, access } of accesses) {
    const suffix = access.level === undefined ? undefined : POLICY_SUFFIX[access.level];
    if (!suffix) continue;
    const policy = quoteIdent(policyName(row.table, role, suffix));
    const what = `${label} policy on ${row.table}`;
    const to = quoteIdent(role);
    const expect = { kind: 'CreatePolicyStmt', target: row.table };
    if (access.level === 'read-own') {
      out.add({ ...base, sql: `CREATE POLICY ${policy} ON ${table} FOR SELECT TO ${to} USING (${ownerCondition})`, what, expect });
    } else if (access.level === 'write-own') {
      out.add({ ...base, sql: `CREATE POLICY ${policy} ON ${table} FOR ALL TO ${to} USING (${ownerCondition}) WITH CHECK (${ownerCondition})`, what, expect });
    } else if (access.level === 'full') {
      out.add({ ...base, sql: `CREATE POLICY ${policy} ON ${table} FOR ALL TO ${to} USING (true) WITH CHECK (true)`, what, expect });
    } else if (access.level === 'read') {
      out.add({ ...base, sql: `CREATE POLICY ${policy} ON ${table} FOR SELECT TO ${to} USING (true)`, what, expect });
    }
  }
}

/** The policy each level gets once row-level security is on (`none` gets none). */
const POLICY_SUFFIX: Record<AccessLevel, string | undefined> = { none: undefined, read: 'read_rows', 'read-own': 'own_rows', 'write-own': 'own_rows', full: 'all_rows' };

/** `<table>_<role>_<suffix>`: the name of a role's policy on a table (without the table's schema). */
export function policyName(table: string, role: string, suffix: string): string {
  return `${table.replace(/^.*\./, '')}_${role}_${suffix}`;
}

/**
 * The policies `compileRow` creates for a row: none unless an own-rows role turns row-level
 * security on (and the table has an owner column), then one per role with a level.
 */
export function policiesOf(row: SecurityAnnotation, model: DataModel): { name: string; role: string }[] {
  const levels = model.roles.map((label) => ({ role: roleName(label), level: row.access[label]?.level }));
  if (!row.owner || !levels.some((l) => limitsToOwnRows(l.level)) || !model.entities.some((e) => e.name === row.table)) return [];
  if (ownerConditionOf(row.owner) === undefined) return [];
  return levels.flatMap(({ role, level }) => {
    const suffix = level === undefined ? undefined : POLICY_SUFFIX[level];
    return suffix ? [{ name: policyName(row.table, role, suffix), role }] : [];
  });
}

/** USAGE, SELECT on the sequences of the table's serial columns, for a role that may insert. */
function grantSequences(
  columns: readonly { name: string; type: string }[],
  table: string,
  role: string,
  base: { range: SecurityAnnotation['range']; needs: string[] },
  what: string,
  out: DdlOutput,
): void {
  for (const column of columns) {
    if (!/^(small|big)?serial[248]?$/i.test(column.type.trim())) continue;
    // The sequence's name is PostgreSQL's choice (truncated for long names), so ask for it.
    const grant = `format('GRANT USAGE, SELECT ON SEQUENCE %s TO %I', pg_get_serial_sequence(${quoteLiteral(table)}, ${quoteLiteral(column.name)}), ${quoteLiteral(role)})`;
    out.add({ ...base, sql: `DO ${dollarQuote(`\nBEGIN\n  EXECUTE ${grant};\nEND\n`)}`, what: `${what} (sequence of ${column.name})`, expect: { kind: 'DoStmt' } });
  }
}

/** `owner = NULLIF(current_setting('app.user_id', true), '')::type`, or undefined if its type is refused. */
function ownerConditionOf(owner: OwnerColumn): string | undefined {
  // The type as written back from its parse tree (a refused type refuses the whole document).
  const written = columnTypeName(owner.type.trim());
  if (written === undefined) return undefined;
  const type = written
    .replace(/^(serial|serial4)$/i, 'integer')
    .replace(/^(bigserial|serial8)$/i, 'bigint')
    .replace(/^(smallserial|serial2)$/i, 'smallint');
  return `${quoteIdent(owner.name)} = NULLIF(current_setting(${quoteLiteral(CURRENT_USER_SETTING)}, true), '')::${type}`;
}
