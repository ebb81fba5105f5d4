/**
 * Checking that the database enforces the Security Annotations, by trying: after the migration
 * is applied (still inside validation's transaction), for each table and role, `SET LOCAL ROLE`
 * and do what the matrix allows and forbids:
 *   NONE         → SELECT must fail with permission denied
 *   Read…        → SELECT must work; INSERT, UPDATE and DELETE must be denied
 *   Full         → SELECT, INSERT, UPDATE and DELETE must work
 *   Own records  → with rows of two users inserted, the role sees only the rows of the user in
 *   (read-own)     `app.user_id`, and sees them; UPDATE and DELETE must change none of them
 *   Read/Write (own) → the same rows seen; UPDATE reaches only them, and a row cannot be given
 *   (write-own)    to another user
 * The level is the one the reader gave the cell (model/access.ts), the same the DDL compiled.
 * Every annotation the database does not enforce is an error on the Security Annotations row.
 * A probe that cannot be set up (no permission to SET ROLE, test rows that cannot be inserted)
 * is reported as info, never as a pass.
 * Each probe runs under a savepoint that is rolled back, so probes leave nothing behind, and the
 * writes touch no row (`WHERE false`): PostgreSQL checks privileges when it plans a statement,
 * whether or not any row matches.
 */
import type { DataModel, Problem, SecurityAnnotation } from '../model/types';
import { quoteIdent, quoteLiteral, quoteQualifiedIdent } from '../sql/quote';
import type { AccessLevel } from '../model/types';
import { CURRENT_USER_SETTING, roleName } from '../sql/security';
import { DOCUMENT_START } from '../sql/statements';
import { DatabaseError, type Database } from './database';

const PROBE = 'data_model_probe';

export async function runSecurityProbes(model: DataModel, db: Database): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const row of model.security) {
    const exists = await db.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [quoteQualifiedIdent(row.table)]);
    if (!exists[0]?.exists) continue; // already reported as a failed GRANT on a missing table
    for (const label of model.roles) {
      // An empty cell compiles to REVOKE ALL; a cell with no level to nothing (already an error).
      const level = row.access[label] ? row.access[label].level : 'none';
      if (level === undefined) continue;
      const role = roleName(label);
      const report = (message: string, severity: Problem['severity'] = 'error') =>
        problems.push({ message: `Security of ${row.table} for ${label}: ${message}`, range: row.range ?? DOCUMENT_START, severity });
      try {
        await probe(db, row, role, level, report);
      } catch (error) {
        if (!(error instanceof DatabaseError) || error.fatal) throw error;
        report(`could not be checked: ${error.message}`, 'info');
      } finally {
        await db.exec(`ROLLBACK TO SAVEPOINT ${PROBE}`).catch(() => undefined);
        await db.exec(`RELEASE SAVEPOINT ${PROBE}`).catch(() => undefined);
      }
    }
  }
  return problems;
}

type Report = (message: string, severity?: Problem['severity']) => void;

async function probe(db: Database, row: SecurityAnnotation, role: string, kind: AccessLevel, report: Report): Promise<void> {
  const table = quoteQualifiedIdent(row.table);
  await db.exec(`SAVEPOINT ${PROBE}`);
  if (kind === 'read-own' || kind === 'write-own') await insertRowsOfTwoUsers(db, row.table);
  // Looked up as ourselves, before taking the role: the role may lack USAGE on the schema.
  const writable = kind !== 'none' ? quoteIdent(await writableColumn(db, row.table)) : undefined;
  await db.exec(`SET LOCAL ROLE ${quoteIdent(role)}`);
  const can = async (sql: string) => {
    await db.exec(`SAVEPOINT ${PROBE}_try`);
    try {
      await db.exec(sql);
      await db.exec(`RELEASE SAVEPOINT ${PROBE}_try`);
      return true;
    } catch (error) {
      await db.exec(`ROLLBACK TO SAVEPOINT ${PROBE}_try`);
      if (error instanceof DatabaseError && error.code === '42501') return false;
      throw error;
    }
  };
  const read = () => can(`SELECT FROM ${table} LIMIT 1`);
  // The writes the role can make, by the verb a message names. None touches a row.
  const writesAllowed = async () => {
    const column = writable!;
    const writes: [string, string][] = [
      ['insert into', `INSERT INTO ${table} (${column}) SELECT ${column} FROM ${table} WHERE false`],
      ['update', `UPDATE ${table} SET ${column} = DEFAULT WHERE false`],
      ['delete from', `DELETE FROM ${table} WHERE false`],
    ];
    const allowed = new Map<string, boolean>();
    for (const [verb, sql] of writes) allowed.set(verb, await can(sql));
    return allowed;
  };
  switch (kind) {
    case 'none':
      if (await read()) report('annotated NONE, but the role can read the table');
      break;
    case 'read': {
      if (!(await read())) report('annotated Read, but the role cannot read the table');
      const allowed = [...(await writesAllowed())].filter(([, can]) => can).map(([verb]) => verb);
      if (allowed.length) report(`annotated Read, but the role can ${listOf(allowed)} the table`);
      break;
    }
    case 'full': {
      const denied: string[] = [];
      if (!(await read())) denied.push('read');
      for (const [verb, can] of await writesAllowed()) if (!can) denied.push(verb);
      if (denied.length) report(`annotated Full, but the role cannot ${listOf(denied)} the table`);
      break;
    }
    case 'read-own':
    case 'write-own': {
      const owner = quoteIdent(await ownerColumn(db, row.table));
      await db.exec(`SET LOCAL ${CURRENT_USER_SETTING} = '1'`);
      const rows = await db.query<{ owner: string | null }>(`SELECT ${owner}::text AS owner FROM ${table}`);
      if (rows.length === 0) report(`annotated ${ACCESS_WORD[kind]}, but the role sees none of its own rows`);
      if (rows.some((r) => r.owner !== '1')) report(`annotated ${ACCESS_WORD[kind]}, but the role sees other users' rows`);
      if (kind === 'read-own') {
        // A privilege alone writes nothing here: with only a SELECT policy, row-level security
        // lets no row be changed. So try on the rows the role sees, and count what changed.
        const changed: string[] = [];
        const tries: [string, string][] = [
          ['update', `UPDATE ${table} SET ${owner} = ${owner} RETURNING 1`],
          ['delete from', `DELETE FROM ${table} RETURNING 1`],
        ];
        for (const [verb, sql] of tries) {
          await db.exec(`SAVEPOINT ${PROBE}_try`);
          try {
            if ((await db.query(sql)).length > 0) changed.push(verb);
          } catch (error) {
            if (!(error instanceof DatabaseError) || error.code !== '42501') throw error;
          } finally {
            await db.exec(`ROLLBACK TO SAVEPOINT ${PROBE}_try`);
          }
        }
        if (changed.length) report(`annotated ${ACCESS_WORD[kind]}, but the role can ${listOf(changed)} its rows`);
        break;
      }
      const allowed = [...(await writesAllowed())].filter(([, can]) => can).map(([verb]) => verb);
      if (allowed.length < 3) report(`annotated ${ACCESS_WORD[kind]}, but the role cannot ${listOf(['insert into', 'update', 'delete from'].filter((v) => !allowed.includes(v)))} the table`);
      // Writes reach only the role's rows, and cannot hand a row to another user.
      const updated = await db.query<{ owner: string | null }>(`UPDATE ${table} SET ${owner} = ${owner} RETURNING ${owner}::text AS owner`);
      if (updated.some((r) => r.owner !== '1')) report(`annotated ${ACCESS_WORD[kind]}, but the role can update other users' rows`);
      if (await can(`UPDATE ${table} SET ${owner} = '2'`)) report(`annotated ${ACCESS_WORD[kind]}, but the role can give its rows to another user`);
      break;
    }
  }
}

const ACCESS_WORD = { 'read-own': 'Own records', 'write-own': 'Read/Write (own)' } as const;

/** `a`, `a and b`, `a, b and c`. */
function listOf(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * A column the INSERT and UPDATE probes can name: any will do, as they write nothing, but not a
 * generated or GENERATED ALWAYS identity column, into which PostgreSQL refuses to insert at all.
 */
async function writableColumn(db: Database, table: string): Promise<string> {
  const rows = await db.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute
      WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped AND attgenerated = '' AND attidentity <> 'a'
      ORDER BY attnum LIMIT 1`,
    [quoteQualifiedIdent(table)],
  );
  if (!rows[0]) throw new DatabaseError('the table has no column a probe can write');
  return rows[0].name;
}

/** The column the "own rows" policy compares (the policy text names it). */
async function ownerColumn(db: Database, table: string): Promise<string> {
  const rows = await db.query<{ qual: string }>(
    `SELECT pg_get_expr(polqual, polrelid) AS qual FROM pg_policy WHERE polrelid = to_regclass($1) AND polname LIKE '%\\_own\\_rows'`,
    [quoteQualifiedIdent(table)],
  );
  const column = /^\(?\s*("(?:[^"]|"")+"|[a-z_][a-z0-9_]*)\s*=/.exec(rows[0]?.qual ?? '')?.[1];
  if (!column) throw new DatabaseError('the table has no "own rows" policy');
  return column.startsWith('"') ? column.slice(1, -1).replace(/""/g, '"') : column;
}

/**
 * Two rows, owned by users 1 and 2, inserted as the table's owner (who bypasses row-level
 * security). Foreign keys are dropped first (inside the probe's savepoint) so no parent rows are
 * needed; every NOT NULL column without a default gets a value of its type.
 */
async function insertRowsOfTwoUsers(db: Database, table: string): Promise<void> {
  const regclass = quoteQualifiedIdent(table);
  for (const { conname } of await db.query<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype = 'f'`, [regclass])) {
    await db.exec(`ALTER TABLE ${regclass} DROP CONSTRAINT ${quoteIdent(conname)}`);
  }
  const owner = await ownerColumn(db, table);
  const columns = await db.query<{ name: string; type: string; category: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typcategory AS category
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
        AND (a.attname = $2 OR (a.attnotnull AND NOT a.atthasdef AND a.attidentity = ''))`,
    [regclass, owner],
  );
  for (const user of [1, 2]) {
    const values = columns.map((c) => {
      if (c.name === owner) return `${quoteLiteral(String(user))}::${c.type}`;
      if (c.category === 'D') return `now()::${c.type}`;
      if (c.type === 'uuid') return 'gen_random_uuid()';
      return `${quoteLiteral(String(user))}::${c.type}`;
    });
    await db.exec(`INSERT INTO ${regclass} (${columns.map((c) => quoteIdent(c.name)).join(', ')}) VALUES (${values.join(', ')})`);
  }
}
