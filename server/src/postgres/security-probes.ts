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
 *
 * Every step runs without the connecting user's power: the test rows of "Own records" are
 * inserted, and the catalog looked up, as the sandbox's temporary role (the tables' owner, so it
 * bypasses row-level security; a default or CHECK the insert evaluates runs as that role), then
 * `SET LOCAL ROLE` takes the annotated role. A role of the document that already exists in the
 * cluster as a superuser is never taken on: its restricted annotations are reported as not enforced.
 * A permission error on something other than the table itself (its schema, a sequence) is said
 * as such, not as the role lacking access to the table.
 */
import type { DataModel, Problem, SecurityAnnotation } from '../model/types';
import { quoteIdent, quoteLiteral, quoteQualifiedIdent } from '../sql/quote';
import type { AccessLevel } from '../model/types';
import { CURRENT_USER_SETTING, roleName } from '../sql/security';
import { DOCUMENT_START } from '../sql/statements';
import { DatabaseError, type Database } from './database';
import { checkSandbox, type Sandbox } from './sandbox';

const PROBE = 'data_model_probe';

/** How every probe result starts (`Security of tasks for Annotator: …`), so callers can tell them from DDL errors. */
const SECURITY_PROBLEM_PREFIX = 'Security of ';

export function isSecurityProbeProblem(problem: Problem): boolean {
  return problem.message.startsWith(SECURITY_PROBLEM_PREFIX);
}

export async function runSecurityProbes(model: DataModel, db: Database, sandbox: Sandbox, throwIfStopped: () => void = () => undefined): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const row of model.security) {
    throwIfStopped();
    const exists = await db.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [quoteQualifiedIdent(row.table)]);
    if (!exists[0]?.exists) continue; // already reported as a failed GRANT on a missing table
    for (const label of model.roles) {
      // An empty cell compiles to REVOKE ALL; a cell with no level to nothing (already an error).
      const level = row.access[label] ? row.access[label].level : 'none';
      if (level === undefined) continue;
      const role = roleName(label);
      const report = (message: string, severity: Problem['severity'] = 'error') =>
        problems.push({ message: `${SECURITY_PROBLEM_PREFIX}${row.table} for ${label}: ${message}`, range: row.range ?? DOCUMENT_START, severity });
      if (sandbox.superuserRoles.has(role)) {
        // A superuser reads and writes everything: only Full is what the database enforces.
        if (level !== 'full') {
          report(`role ${role} is a superuser in this cluster, so the database enforces none of its restrictions (not probed: validation never takes on a superuser role)`);
        }
        continue;
      }
      await db.query(`SAVEPOINT ${PROBE}`);
      try {
        await probe(db, row, role, level, report);
      } catch (error) {
        if (!(error instanceof DatabaseError) || error.fatal) throw error;
        report(`could not be checked: ${error.message}`, 'info');
      } finally {
        await db.query(`ROLLBACK TO SAVEPOINT ${PROBE}`).catch(() => undefined);
        await db.query(`RELEASE SAVEPOINT ${PROBE}`).catch(() => undefined);
      }
      // Back as the sandbox's role, in the same transaction: else nothing more may run.
      await checkSandbox(db, sandbox, `the security probe of ${row.table} for ${label}`);
    }
  }
  return problems;
}

type Report = (message: string, severity?: Problem['severity']) => void;

async function probe(db: Database, row: SecurityAnnotation, role: string, kind: AccessLevel, report: Report): Promise<void> {
  const table = quoteQualifiedIdent(row.table);
  if (kind === 'read-own' || kind === 'write-own') await insertRowsOfTwoUsers(db, row.table);
  // Looked up as the sandbox's role (the owner), before taking the annotated one: that role may lack USAGE on the schema.
  const writable = kind !== 'none' ? quoteIdent(await writableColumn(db, row.table)) : undefined;
  await db.query(`SET LOCAL ROLE ${quoteIdent(role)}`);
  /** Permission errors on something other than the table (its schema, a sequence), by the verb they stopped. */
  const otherDenials = new Map<string, string>();
  const can = async (sql: string, verb: string) => {
    await db.query(`SAVEPOINT ${PROBE}_try`);
    try {
      await db.query(sql);
      await db.query(`RELEASE SAVEPOINT ${PROBE}_try`);
      return true;
    } catch (error) {
      await db.query(`ROLLBACK TO SAVEPOINT ${PROBE}_try`);
      if (error instanceof DatabaseError && error.code === '42501') {
        if (!deniedOnTable(error, row.table)) otherDenials.set(verb, error.message);
        return false;
      }
      throw error;
    }
  };
  const read = () => can(`SELECT FROM ${table} LIMIT 1`, 'read');
  // The writes the role can make, by the verb a message names. None touches a row.
  const writesAllowed = async () => {
    const column = writable!;
    const writes: [string, string][] = [
      ['insert into', `INSERT INTO ${table} (${column}) SELECT ${column} FROM ${table} WHERE false`],
      ['update', `UPDATE ${table} SET ${column} = DEFAULT WHERE false`],
      ['delete from', `DELETE FROM ${table} WHERE false`],
    ];
    const allowed = new Map<string, boolean>();
    for (const [verb, sql] of writes) allowed.set(verb, await can(sql, verb));
    return allowed;
  };
  switch (kind) {
    case 'none':
      if (await read()) report('annotated NONE, but the role can read the table');
      break;
    case 'read': {
      if (!(await read())) report(`annotated Read, but the role cannot read the table${why(otherDenials, ['read'])}`);
      const allowed = [...(await writesAllowed())].filter(([, can]) => can).map(([verb]) => verb);
      if (allowed.length) report(`annotated Read, but the role can ${listOf(allowed)} the table`);
      break;
    }
    case 'full': {
      const denied: string[] = [];
      if (!(await read())) denied.push('read');
      for (const [verb, can] of await writesAllowed()) if (!can) denied.push(verb);
      if (denied.length) report(`annotated Full, but the role cannot ${listOf(denied)} the table${why(otherDenials, denied)}`);
      break;
    }
    case 'read-own':
    case 'write-own': {
      const owner = quoteIdent(await ownerColumn(db, row.table));
      await db.query(`SET LOCAL ${CURRENT_USER_SETTING} = '1'`);
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
          await db.query(`SAVEPOINT ${PROBE}_try`);
          try {
            if ((await db.query(sql)).length > 0) changed.push(verb);
          } catch (error) {
            if (!(error instanceof DatabaseError) || error.code !== '42501') throw error;
          } finally {
            await db.query(`ROLLBACK TO SAVEPOINT ${PROBE}_try`);
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
      if (await can(`UPDATE ${table} SET ${owner} = '2'`, 'update')) report(`annotated ${ACCESS_WORD[kind]}, but the role can give its rows to another user`);
      break;
    }
  }
}

/**
 * Whether a 42501 is about the table itself (`permission denied for table users`), rather
 * than its schema, a sequence or a function the statement needed.
 */
function deniedOnTable(error: DatabaseError, table: string): boolean {
  const name = table.includes('.') ? table.slice(table.indexOf('.') + 1) : table;
  const denied = /^permission denied for (?:table|relation) (.+)$/.exec(error.message)?.[1];
  return denied !== undefined && denied.replace(/^"|"$/g, '') === name;
}

/**
 * Why, when what stopped a verb was not the table's own privileges: the fix is then a grant on
 * the schema or the sequence, so it is said apart (`; to insert into: permission denied for
 * sequence users_id_seq, not by the table's own privileges`).
 */
function why(otherDenials: Map<string, string>, verbs: string[]): string {
  const reasons = verbs.filter((v) => otherDenials.has(v)).map((v) => `to ${v}: ${otherDenials.get(v)}`);
  return reasons.length ? ` (${reasons.join('; ')}; not the table's own privileges)` : '';
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
 * Two rows, owned by users 1 and 2, inserted as the table's owner, the sandbox's role (who
 * bypasses row-level security, and has no power for a default or CHECK to borrow). Foreign keys are dropped first (inside the probe's savepoint) so no parent rows are
 * needed; every NOT NULL column without a default gets a value of its type.
 */
async function insertRowsOfTwoUsers(db: Database, table: string): Promise<void> {
  const regclass = quoteQualifiedIdent(table);
  for (const { conname } of await db.query<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE conrelid = to_regclass($1) AND contype = 'f'`, [regclass])) {
    await db.query(`ALTER TABLE ${regclass} DROP CONSTRAINT ${quoteIdent(conname)}`);
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
    await db.query(`INSERT INTO ${regclass} (${columns.map((c) => quoteIdent(c.name)).join(', ')}) VALUES (${values.join(', ')})`);
  }
}
