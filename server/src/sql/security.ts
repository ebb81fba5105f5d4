/**
 * The Security Annotations table as real access control.
 *
 *  - One role per annotated role (`Annotator` → `annotator`), created NOLOGIN only if it does not
 *    exist yet (roles are cluster-wide, so the migration must be re-runnable on a server that
 *    already has them). Applications log in as their own users and `SET ROLE` / are granted these.
 *  - Per table and role, from the access text:
 *      `Full…`        → GRANT ALL PRIVILEGES (+ USAGE, SELECT on the table's serial sequences)
 *      `Read…`        → GRANT SELECT (a qualifier such as "(assigned)" is reported as not enforced)
 *      `NONE`         → REVOKE ALL
 *      `Own record(s)…` → GRANT SELECT + a row-level security policy
 *    and, for a table outside `public`, USAGE on its schema to every role granted anything on it
 *    (without it the role's table privileges are unusable: permission denied for schema).
 *  - "Own records": the database cannot know which application user is asking, so the
 *    application states it per transaction with `SET LOCAL app.user_id = '<users.id>'`; the policy
 *    keeps the rows whose owner column equals `current_setting('app.user_id', true)` cast to the
 *    owner column's type (no setting → NULL → no rows). The owner column is `user_id` when the
 *    table has one, the primary key on the users table itself, otherwise the column of a foreign
 *    key to the users table. Once row-level security is on, a role without a policy sees no rows,
 *    so `Full` and `Read` roles of that table get a policy that lets them see every row.
 */
import type { DataModel, Entity, SecurityAnnotation } from '../model/types';
import { columnTypeName } from './expression-guard';
import type { DdlOutput } from './output';
import { dollarQuote, quoteIdent, quoteLiteral, quoteQualifiedIdent, schemaOfQualifiedName } from './quote';

/** The setting the application sets to the current user's id for "Own records" policies. */
export const CURRENT_USER_SETTING = 'app.user_id';

export type AccessKind = 'full' | 'read' | 'none' | 'own' | 'unknown';

export interface Access {
  kind: AccessKind;
  /** What follows the keyword, e.g. `assigned` in `Read (assigned)`; not enforced. */
  qualifier?: string;
}

/** Reads an access cell: `Full`, `Read (metadata)`, `NONE`, `Own records`, `Own record only`. */
export function classifyAccess(text: string): Access {
  const t = text.trim();
  const qualifierOf = (rest: string): string | undefined => rest.replace(/^[\s(]+|[\s)]+$/g, '') || undefined;
  let m: RegExpExecArray | null;
  if ((m = /^full\b(.*)$/i.exec(t))) return { kind: 'full', qualifier: qualifierOf(m[1]!) };
  if ((m = /^own\s+records?\b(.*)$/i.exec(t))) {
    const rest = qualifierOf(m[1]!);
    return { kind: 'own', qualifier: rest && !/^only$/i.test(rest) ? rest : undefined };
  }
  if ((m = /^read\b(.*)$/i.exec(t))) return { kind: 'read', qualifier: qualifierOf(m[1]!) };
  if (/^(none|no access|no|—|-|)$/i.test(t)) return { kind: 'none' };
  return { kind: 'unknown' };
}

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
  const rolesRange = model.security[0]?.range;
  for (const label of model.roles) {
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
  const usersTable = findUsersTable(model);
  const schemaUsage = new Set<string>();
  for (const row of model.security) {
    grantSchemaUsage(row, model, schemaUsage, out);
    compileRow(row, model, usersTable, out);
  }
}

/** USAGE on the schema of a table outside `public`, once per schema and role (`done` holds `schema role`). */
function grantSchemaUsage(row: SecurityAnnotation, model: DataModel, done: Set<string>, out: DdlOutput): void {
  const schema = schemaOfQualifiedName(row.table);
  if (!schema) return;
  for (const label of model.roles) {
    const kind = classifyAccess(row.access[label] ?? '').kind;
    if (kind === 'none' || kind === 'unknown') continue;
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

function compileRow(row: SecurityAnnotation, model: DataModel, usersTable: string | undefined, out: DdlOutput): void {
  const table = quoteQualifiedIdent(row.table);
  const entity = model.entities.find((e) => e.name === row.table);
  const accesses = model.roles.map((label) => ({ label, role: roleName(label), access: classifyAccess(row.access[label] ?? '') }));
  const base = { range: row.range, needs: [row.table] };
  const grant = { kind: 'GrantStmt', target: row.table };

  const ownRoles = accesses.filter((a) => a.access.kind === 'own');
  let ownerCondition: string | undefined;
  if (ownRoles.length > 0) {
    ownerCondition = entity && ownerConditionFor(entity, model, usersTable);
    if (!ownerCondition) {
      out.problem(
        `Security of ${row.table}: "Own records" needs an owner column (user_id, or a foreign key to ${usersTable ?? 'the users table'}); ` +
          `nothing is granted to ${ownRoles.map((a) => a.role).join(', ')}`,
        row.range,
        entity ? 'warning' : 'error',
      );
    }
  }

  for (const { label, role, access } of accesses) {
    const what = `${label} access to ${row.table}`;
    const to = quoteIdent(role);
    switch (access.kind) {
      case 'full':
        out.add({ ...base, sql: `GRANT ALL PRIVILEGES ON TABLE ${table} TO ${to}`, what, expect: grant });
        for (const column of entity?.columns ?? []) {
          if (!/^(small|big)?serial[248]?$/i.test(column.type.trim())) continue;
          // The sequence's name is PostgreSQL's choice (truncated for long names), so ask for it.
          const grantSequence = `format('GRANT USAGE, SELECT ON SEQUENCE %s TO %I', pg_get_serial_sequence(${quoteLiteral(table)}, ${quoteLiteral(column.name)}), ${quoteLiteral(role)})`;
          out.add({ ...base, sql: `DO ${dollarQuote(`\nBEGIN\n  EXECUTE ${grantSequence};\nEND\n`)}`, what: `${what} (sequence of ${column.name})`, expect: { kind: 'DoStmt' } });
        }
        break;
      case 'read':
        out.add({ ...base, sql: `GRANT SELECT ON TABLE ${table} TO ${to}`, what, expect: grant });
        if (access.qualifier) {
          out.problem(`Security of ${row.table}: ${label} gets SELECT on every row and column; "${access.qualifier}" is not enforced by the database`, row.range, 'info');
        }
        break;
      case 'own':
        if (ownerCondition) out.add({ ...base, sql: `GRANT SELECT ON TABLE ${table} TO ${to}`, what, expect: grant });
        break;
      case 'none':
        out.add({ ...base, sql: `REVOKE ALL ON TABLE ${table} FROM ${to}`, what, expect: grant });
        break;
      case 'unknown':
        out.problem(`Security of ${row.table}: access "${row.access[label]}" for ${label} is not understood (Full, Read, NONE, Own records); nothing is granted`, row.range, 'warning');
        break;
    }
  }

  if (!ownerCondition) return;
  out.add({ ...base, sql: `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`, what: `row-level security on ${row.table}`, expect: { kind: 'AlterTableStmt', target: row.table } });
  for (const { label, role, access } of accesses) {
    const policy = (suffix: string) => quoteIdent(`${row.table.replace(/^.*\./, '')}_${role}_${suffix}`);
    const what = `${label} policy on ${row.table}`;
    const to = quoteIdent(role);
    const expect = { kind: 'CreatePolicyStmt', target: row.table };
    if (access.kind === 'own') {
      out.add({ ...base, sql: `CREATE POLICY ${policy('own_rows')} ON ${table} FOR ALL TO ${to} USING (${ownerCondition}) WITH CHECK (${ownerCondition})`, what, expect });
    } else if (access.kind === 'full') {
      out.add({ ...base, sql: `CREATE POLICY ${policy('all_rows')} ON ${table} FOR ALL TO ${to} USING (true) WITH CHECK (true)`, what, expect });
    } else if (access.kind === 'read') {
      out.add({ ...base, sql: `CREATE POLICY ${policy('read_rows')} ON ${table} FOR SELECT TO ${to} USING (true)`, what, expect });
    }
  }
}

/** The users table: the one `user_id` foreign keys point at, else a table named `users`. */
function findUsersTable(model: DataModel): string | undefined {
  const fk = model.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === 'user_id');
  return fk?.refTable ?? model.entities.find((e) => e.name === 'users')?.name;
}

/** `owner = NULLIF(current_setting('app.user_id', true), '')::type`, or undefined if no owner column. */
function ownerConditionFor(entity: Entity, model: DataModel, usersTable: string | undefined): string | undefined {
  const primaryKey = entity.columns.filter((c) => c.primaryKey);
  const owner =
    entity.columns.find((c) => c.name === 'user_id') ??
    (entity.name === usersTable && primaryKey.length === 1 ? primaryKey[0] : undefined) ??
    entity.columns.find((c) =>
      model.foreignKeys.some((f) => f.table === entity.name && f.refTable === usersTable && f.columns.length === 1 && f.columns[0] === c.name),
    );
  if (!owner) return undefined;
  // The type as written back from its parse tree (a refused type refuses the whole document).
  const written = columnTypeName(owner.type.trim());
  if (written === undefined) return undefined;
  const type = written
    .replace(/^(serial|serial4)$/i, 'integer')
    .replace(/^(bigserial|serial8)$/i, 'bigint')
    .replace(/^(smallserial|serial2)$/i, 'smallint');
  return `${quoteIdent(owner.name)} = NULLIF(current_setting(${quoteLiteral(CURRENT_USER_SETTING)}, true), '')::${type}`;
}

