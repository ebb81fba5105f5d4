/**
 * The sandbox one validation transaction runs a document in, set up right after BEGIN by the
 * connecting user, before any of the document's SQL:
 *  - settings for this transaction only (`set_config(…, true)`): standard_conforming_strings on
 *    (so a string literal means what the compiler meant), the sandbox schemas first on the
 *    search_path, statement and lock timeouts, an idle-in-transaction timeout and (PostgreSQL
 *    14+) a check that the client is still there, so a server never works for a client that left;
 *  - a marker setting only this transaction carries: if a statement ever ended the transaction
 *    (an injected COMMIT), the marker is gone and validation stops;
 *  - a temporary role `NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`, owner of fresh schemas
 *    (see sandbox-names.ts): the document's DDL and every probe step run as it (`SET LOCAL
 *    ROLE`), so a function a default, check or bound calls runs without the connecting user's
 *    power; it can create only in its own schemas and use only what PUBLIC may;
 *  - the roles the document names, created by the connecting user (the temporary role may not
 *    create roles), so the DDL's own `CREATE ROLE … IF NOT EXISTS` finds them.
 * Everything here is undone by the transaction's ROLLBACK, roles included (CREATE ROLE is
 * transactional).
 *
 * A connecting user that is not a superuser and cannot create roles has no superuser power to
 * lend: the document then runs as that user, in the same fresh schemas.
 */
import type { DataModel } from '../model/types';
import { quoteIdent } from '../sql/quote';
import { roleName } from '../sql/security';
import { DatabaseError, type Database } from './database';
import type { SandboxNames } from './sandbox-names';

/** A setting only validation's own transaction carries (custom settings need a dotted name). */
const RUN_MARKER = 'data_model.validation_run';

export interface SandboxSettings {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  /** Until the run's deadline: the server ends the session if the client goes quiet this long inside it. */
  idleTimeoutMs: number;
}

export interface Sandbox {
  names: SandboxNames;
  /** The role the document runs as: the temporary role, or the connecting user when it has no power to lend. */
  runAs: string;
  /** Roles this run created for the document (dropped again should the transaction ever escape). */
  createdRoles: string[];
  /** Roles of the document that already exist as superusers: no probe may take them on. */
  superuserRoles: Set<string>;
  marker: string;
}

export async function enterSandbox(db: Database, model: DataModel, names: SandboxNames, settings: SandboxSettings): Promise<Sandbox> {
  const marker = names.role;
  const searchPath = [names.defaultSchema, 'public', 'pg_temp'].map(quoteIdent).join(', ');
  await db.query(
    `SELECT set_config(name, value, true) FROM (VALUES
       ($1, $2), ('standard_conforming_strings', 'on'), ('search_path', $3), ('statement_timeout', $4),
       ('lock_timeout', $5), ('idle_in_transaction_session_timeout', $6)) AS s(name, value)`,
    [RUN_MARKER, marker, searchPath, String(settings.statementTimeoutMs), String(settings.lockTimeoutMs), String(settings.idleTimeoutMs)],
  );
  // PostgreSQL 14+: notice a vanished client during a long statement, not only at its end.
  await db.query(`SELECT set_config(name, '1000', true) FROM pg_settings WHERE name = 'client_connection_check_interval'`);

  const me = (await db.query<{ name: string; superuser: boolean; createrole: boolean }>(
    `SELECT rolname AS name, rolsuper AS superuser, rolcreaterole AS createrole FROM pg_roles WHERE rolname = current_user`,
  ))[0];
  if (!me) throw new DatabaseError('Cannot find the connecting user in pg_roles', { fatal: true });
  const lend = me.superuser || me.createrole;
  const runAs = lend ? names.role : me.name;
  if (lend) {
    await db.query(`CREATE ROLE ${quoteIdent(names.role)} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS`);
    // A CREATEROLE user that is not a superuser must be a member to hand it schemas and take it on.
    if (!me.superuser) await db.query(`GRANT ${quoteIdent(names.role)} TO ${quoteIdent(me.name)}`);
  }
  for (const schema of [names.defaultSchema, ...names.schemas.values()]) {
    await sandboxStep(db, `CREATE SCHEMA ${quoteIdent(schema)} AUTHORIZATION ${quoteIdent(runAs)}`, () =>
      `Validation creates temporary schemas (rolled back at its end), and ${me.name} may not create schemas in this database (it needs CREATE on the database)`,
    );
  }

  // As on `public`, which the default schema stands for: every role may look up names in it.
  await db.query(`GRANT USAGE ON SCHEMA ${quoteIdent(names.defaultSchema)} TO PUBLIC`);

  const documentRoles = [...new Set(model.roles.map(roleName))];
  const existing = await db.query<{ name: string; superuser: boolean }>(`SELECT rolname AS name, rolsuper AS superuser FROM pg_roles WHERE rolname = ANY($1)`, [
    documentRoles,
  ]);
  const superuserRoles = new Set(existing.filter((r) => r.superuser).map((r) => r.name));
  const createdRoles: string[] = [];
  if (me.superuser || me.createrole) {
    for (const role of documentRoles.filter((r) => !existing.some((e) => e.name === r))) {
      await db.query(`CREATE ROLE ${quoteIdent(role)} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`);
      createdRoles.push(role);
    }
  }

  if (lend) await db.query(`SET LOCAL ROLE ${quoteIdent(names.role)}`);
  const sandbox: Sandbox = { names, runAs, createdRoles, superuserRoles, marker };
  await checkSandbox(db, sandbox, 'setting up the sandbox');
  return sandbox;
}

/**
 * The document's own `CREATE SCHEMA IF NOT EXISTS app` for a schema the sandbox already made
 * (under its fresh name): not sent, as PostgreSQL checks the right to create schemas before it
 * sees that the schema exists, and the sandbox's role has no such right.
 */
export function createdBySandbox(sql: string, sandbox: Sandbox): boolean {
  return [...sandbox.names.schemas.values()].some((schema) => sql === `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
}

/**
 * Stops validation (a fatal DatabaseError) unless the session is still in the transaction that
 * set up the sandbox, as the sandbox's role, with standard-conforming strings. `after` names
 * what just ran, for the message.
 */
export async function checkSandbox(db: Database, sandbox: Sandbox, after: string): Promise<void> {
  const status = db.transactionStatus?.();
  if (status === 'idle') throw escaped(after, 'the transaction ended', ESCAPED_TRANSACTION);
  const state = (await db.query<{ run: string | null; role: string; superuser: string; scs: string }>(
    `SELECT current_setting($1, true) AS run, current_user AS role, current_setting('is_superuser') AS superuser,
            current_setting('standard_conforming_strings') AS scs`,
    [RUN_MARKER],
  ))[0];
  if (state?.run !== sandbox.marker) throw escaped(after, 'the transaction ended', ESCAPED_TRANSACTION);
  if (state.role !== sandbox.runAs || (sandbox.runAs === sandbox.names.role && state.superuser !== 'off')) {
    throw escaped(after, `the session switched to role ${state.role}`);
  }
  if (state.scs !== 'on') throw escaped(after, 'standard_conforming_strings was turned off');
}

/** The code of the error `checkSandbox` throws when the transaction itself ended (a COMMIT got through). */
export const ESCAPED_TRANSACTION = 'DM_ESCAPED_TRANSACTION';

function escaped(after: string, what: string, code = 'DM_SANDBOX'): DatabaseError {
  return new DatabaseError(`Validation stopped: after ${after}, ${what}. Nothing more was run; everything still open was rolled back.`, { code, fatal: true });
}

/**
 * After the transaction ended under a statement (so the sandbox was committed), drops what the
 * sandbox made: its schemas with everything in them, its role and the roles it created. Run as
 * the connecting user, outside any transaction. Says what it dropped, or what it could not.
 */
export async function dropEscapedSandbox(db: Database, sandbox: Sandbox): Promise<string> {
  const failures: string[] = [];
  const step = async (sql: string) => {
    try {
      await db.query(sql);
    } catch (error) {
      failures.push(`${sql}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await step('ROLLBACK'); // if a new transaction was opened after the COMMIT
  await step('RESET ROLE');
  for (const schema of [sandbox.names.defaultSchema, ...sandbox.names.schemas.values()]) await step(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  for (const role of [...sandbox.createdRoles, ...(sandbox.runAs === sandbox.names.role ? [sandbox.names.role] : [])]) {
    const exists = await db.query(`SELECT FROM pg_roles WHERE rolname = $1`, [role]).catch(() => []);
    if (exists.length === 0) continue;
    await step(`DROP OWNED BY ${quoteIdent(role)}`);
    await step(`DROP ROLE ${quoteIdent(role)}`);
  }
  return failures.length === 0
    ? 'The committed sandbox (its schemas and roles) was dropped again.'
    : `Some of the committed sandbox could not be dropped: ${failures.join('; ')}`;
}

/** A set-up statement whose refusal means validation cannot run here: said in a sentence, not as PostgreSQL's error. */
async function sandboxStep(db: Database, sql: string, refusal: () => string): Promise<void> {
  try {
    await db.query(sql);
  } catch (error) {
    if (error instanceof DatabaseError && error.code === '42501') throw new DatabaseError(`${refusal()}: ${error.message}`, { code: error.code, fatal: true });
    throw error;
  }
}
