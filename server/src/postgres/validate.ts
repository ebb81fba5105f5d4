/**
 * Applies the compiled migration to a real PostgreSQL inside transactions that are always
 * rolled back, and says on which document line each error is. A document is untrusted input, so:
 *
 *  - **one statement per message**: every statement goes through `Database.query` (extended
 *    protocol), never the script as one string, so an injected `; COMMIT; …` is refused by the
 *    server instead of ending the transaction; after each statement `checkSandbox` confirms the
 *    session is still in the same transaction, as the same unprivileged role;
 *  - **in a sandbox** (sandbox.ts, sandbox-names.ts): fresh schemas and a temporary role without
 *    superuser power apply the DDL and run the probes, so a database that already holds the schema
 *    validates the document (not its current contents), and functions the DDL calls have no
 *    power to lend;
 *  - **bounded**: a deadline for the whole run (default 2 minutes) on top of per-statement and
 *    lock timeouts; at the deadline, or when the caller aborts, the backend is cancelled from a
 *    second connection and the session closed (`Database.cancel`);
 *  - **locks bounded**: a transaction holds a lock per relation it creates until it ends (~17
 *    per table here: table, TOAST, indexes, sequences, referenced tables), and PostgreSQL's lock
 *    table is shared by the whole cluster (max_locks_per_transaction × connections). A document
 *    larger than a quarter of that table is validated in batches of tables, each in its own
 *    rolled-back transaction together with the tables its statements reference;
 *  - **nothing left behind**: what a rollback does not undo (sequences, large objects, committed
 *    roles) is compared before and after the run (tripwire.ts); any difference is an error.
 *
 * Speed: most documents are valid, so a batch is first run without savepoints (one round trip
 * per statement, plus the sandbox check). Only when a statement fails is the batch rolled back
 * and run again with a SAVEPOINT per statement: a failure rolls back to it and validation goes
 * on, so one run reports every problem, each on the element its statement came from.
 * Statements needing a table whose CREATE TABLE failed are skipped (one missing table → one
 * error, not one per index and grant).
 *
 * Connection failures, refusals and stops are thrown as DatabaseError (a sentence for the user);
 * problems in the model are returned.
 */
import type { DataModel, Problem, SourceRange } from '../model/types';
import { loadSqlParser } from '../markdown/sql-fences';
import { compileDdl, type DdlStatement } from '../sql/ddl';
import { roleName } from '../sql/security';
import { DOCUMENT_START } from '../sql/statements';
import { DatabaseError, type Database } from './database';
import { checkSandbox, createdBySandbox, dropEscapedSandbox, enterSandbox, ESCAPED_TRANSACTION, type Sandbox } from './sandbox';
import { sandboxedModel, sandboxNames, unsandboxedText, type SandboxNames } from './sandbox-names';
import { runSecurityProbes } from './security-probes';
import { tripwireProblems, tripwireSnapshot } from './tripwire';

export const DEFAULT_DEADLINE_MS = 120_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;
const DEFAULT_LOCK_TIMEOUT_MS = 5_000;
/** Locks one table of a document takes, measured on the 300-table bench document (17) with room. */
const LOCKS_PER_TABLE = 20;
/**
 * Above this many tables validation refuses: even in batches, a run this size takes minutes on a
 * shared server (the 300-table bench document, 2,100 statements, took 5-30 s here depending on load).
 */
export const MAX_TABLES = 2000;
/** The share of the cluster's lock table one validation may hold. */
const LOCK_TABLE_SHARE = 4;

export interface ValidateOptions {
  /** After applying, check as each role that the database enforces the Security Annotations. */
  probes?: boolean;
  /** The whole run, all batches, stops after this long (default 2 minutes). */
  deadlineMs?: number;
  /** PostgreSQL cancels any one statement running longer (default 15 s, never past the deadline). */
  statementTimeoutMs?: number;
  /** Stops the run (VS Code's Cancel, the CLI's Ctrl+C): the backend is cancelled too. */
  signal?: AbortSignal;
  /**
   * Run these statements instead of the model's compiled DDL, or the compiled DDL as this
   * function changes it (tests of the runner itself, with SQL the compiler would never emit).
   */
  statements?: DdlStatement[] | ((compiled: DdlStatement[]) => DdlStatement[]);
  /** Tables per rolled-back transaction; default from the server's lock table (tests). */
  tablesPerBatch?: number;
}

export interface ValidationResult {
  /** No error-severity problem. */
  ok: boolean;
  problems: Problem[];
  statementsApplied: number;
  /** Statements not run because a table they need failed to be created. */
  statementsSkipped: number;
  /** Rolled-back transactions the document was validated in (more than one for large documents). */
  batches: number;
  /** The most locks the session held at the end of a batch. */
  locksHeld: number;
  durationMs: number;
  /** Which database judged the model, e.g. `PostgreSQL 15.20 at 127.0.0.1:5432/test`. */
  database: string;
}

const SAVEPOINT = 'data_model_statement';

export async function validate(model: DataModel, db: Database, options: ValidateOptions = {}): Promise<ValidationResult> {
  const began = Date.now();
  await loadSqlParser(); // the compiler parses every SQL fragment of the document (sql/expression-guard.ts)
  const names = sandboxNames(model);
  const sandboxed = sandboxedModel(model, names);
  const compiled = Array.isArray(options.statements) ? { statements: options.statements, problems: [] } : compileDdl(sandboxed);
  if (typeof options.statements === 'function') compiled.statements = options.statements(compiled.statements);
  const tables = compiled.statements.filter((s) => s.creates !== undefined).length;
  if (tables > MAX_TABLES) {
    throw new DatabaseError(
      `The document defines ${tables.toLocaleString('en-US')} tables; validation runs at most ${MAX_TABLES.toLocaleString('en-US')} ` +
        `(each table holds about ${LOCKS_PER_TABLE} of the server's shared locks while it is checked). Split the document, or validate its parts.`,
      { code: 'DM_TOO_LARGE' },
    );
  }
  const problems: Problem[] = [...compiled.problems];
  // A refused document (SQL the guard does not allow) runs nothing at all, not even BEGIN.
  if ('refused' in compiled && compiled.refused) {
    return { ok: false, problems: problems.map((p) => ({ ...p, message: unsandboxedText(p.message, names) })), statementsApplied: 0, statementsSkipped: 0, batches: 0, locksHeld: 0, durationMs: Date.now() - began, database: db.describe() };
  }
  const totals = { applied: 0, skipped: 0, locksHeld: 0 };
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  // Counted from when the database is ours (an embedded one may first take seconds to start).
  const run = new RunStop(db, options.signal);
  let batches: Batch[] = [];

  try {
    await db.exclusive(async () => {
      run.startDeadline(deadlineMs);
      run.throwIfStopped();
      const tablesPerBatch = options.tablesPerBatch ?? (await tablesPerTransaction(db));
      batches = planBatches(compiled.statements, tablesPerBatch);
      const documentRoles = model.roles.map(roleName);
      const before = await tripwireSnapshot(db, documentRoles);
      const settings = {
        statementTimeoutMs: Math.min(options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS, deadlineMs),
        lockTimeoutMs: Math.min(DEFAULT_LOCK_TIMEOUT_MS, deadlineMs),
        idleTimeoutMs: deadlineMs + 10_000,
      };
      for (const batch of batches) {
        const security = batch.tables === undefined ? sandboxed.security : sandboxed.security.filter((row) => batch.tables!.has(row.table));
        const inBatch = async (probes: boolean, savepoints: boolean) => {
          await db.query('BEGIN');
          let sandbox: Sandbox | undefined;
          try {
            sandbox = await enterSandbox(db, model, names, settings);
            const outcome = await applyStatements(db, sandbox, batch.statements, run, savepoints);
            if (outcome.failed) return outcome;
            if (probes && security.length > 0) {
              outcome.problems.push(...(await runSecurityProbes({ ...sandboxed, security }, db, sandbox, () => run.throwIfStopped())));
            }
            outcome.locks = await locksHeld(db);
            return outcome;
          } catch (error) {
            // A statement ended the transaction: what the sandbox made so far was committed.
            if (error instanceof DatabaseError && error.code === ESCAPED_TRANSACTION && sandbox) {
              throw new DatabaseError(`${error.message} ${await dropEscapedSandbox(db, sandbox)}`, { code: error.code, fatal: true });
            }
            throw error;
          } finally {
            // Always, whatever happened above; if the connection is gone the server rolls back itself.
            await db.query('ROLLBACK').catch(() => undefined);
          }
        };
        let outcome = await inBatch(options.probes ?? false, false);
        if (outcome.failed) outcome = await inBatch(options.probes ?? false, true);
        problems.push(...outcome.problems);
        totals.applied += outcome.applied;
        totals.skipped += outcome.skipped;
        totals.locksHeld = Math.max(totals.locksHeld, outcome.locks);
      }
      problems.push(...tripwireProblems(before, await tripwireSnapshot(db, documentRoles)));
    });
  } catch (error) {
    throw run.explain(error);
  } finally {
    run.dispose();
  }

  const located = dedupe(problems).map((p) => ({ ...p, message: unsandboxedText(p.message, names) }));
  return {
    ok: !located.some((p) => p.severity === 'error'),
    problems: located,
    statementsApplied: totals.applied,
    statementsSkipped: totals.skipped,
    batches: batches.length,
    locksHeld: totals.locksHeld,
    durationMs: Date.now() - began,
    database: db.describe(),
  };
}

/** The deadline and the caller's abort: either cancels the backend, and then every step stops. */
class RunStop {
  private reason?: string;
  private timer?: NodeJS.Timeout;
  private readonly onAbort = () => this.stop('it was cancelled');

  constructor(
    private readonly db: Database,
    private readonly signal?: AbortSignal,
  ) {
    if (signal?.aborted) this.reason = 'it was cancelled';
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  startDeadline(deadlineMs: number): void {
    this.timer ??= setTimeout(() => this.stop(`it ran past its deadline of ${formatSeconds(deadlineMs)}`), deadlineMs);
  }

  private stop(reason: string): void {
    if (this.reason) return;
    this.reason = reason;
    // Cancel what the backend runs now and close the session; without `cancel`, closing it is all we can do.
    void (this.db.cancel ? this.db.cancel() : this.db.close()).catch(() => undefined);
  }

  throwIfStopped(): void {
    if (this.reason) throw this.explain(undefined);
  }

  /** After a stop, whatever failed in flight is reported as the stop itself. */
  explain(error: unknown): unknown {
    if (!this.reason) return error;
    return new DatabaseError(`Validation stopped: ${this.reason}. Its work on the database was cancelled and rolled back.`, { code: 'DM_STOPPED', fatal: true });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}

interface BatchOutcome {
  problems: Problem[];
  applied: number;
  skipped: number;
  locks: number;
  /** Without savepoints: a statement failed and the batch must be run again with them. */
  failed: boolean;
}

/**
 * Runs a batch's statements as the sandbox's role. Without savepoints the first failure ends
 * the attempt (`failed`); with them, each statement has its own, a failure adds a Problem, and
 * statements needing a table that failed are skipped. Statements only there as context for
 * another batch's tables are run but neither counted nor reported.
 */
async function applyStatements(db: Database, sandbox: Sandbox, statements: BatchStatement[], run: RunStop, savepoints: boolean): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { problems: [], applied: 0, skipped: 0, locks: 0, failed: false };
  const failedTables = new Set<string>();
  // The same error on the same element (both roles' grants on one missing table) is said once.
  const reported = new Set<string>();
  for (const { statement, own } of statements) {
    run.throwIfStopped();
    if (statement.needs.some((t) => failedTables.has(t))) {
      if (own) outcome.skipped++;
      continue;
    }
    if (createdBySandbox(statement.sql, sandbox)) {
      if (own) outcome.applied++;
      continue;
    }
    const error = savepoints ? await attempt(db, statement.sql) : await once(db, statement.sql);
    if (error && !savepoints) {
      outcome.failed = true;
      return outcome;
    }
    await checkSandbox(db, sandbox, statement.what);
    if (error) {
      const problem = problemFor(error, statement);
      const key = `${JSON.stringify(problem.range)} ${error.message}`;
      if (own && !reported.has(key)) outcome.problems.push(problem);
      reported.add(key);
      if (statement.creates) failedTables.add(statement.creates);
    } else if (own) outcome.applied++;
  }
  return outcome;
}

/** Runs one statement; returns PostgreSQL's error, or undefined. Fatal errors (session lost) are thrown. */
async function once(db: Database, sql: string): Promise<DatabaseError | undefined> {
  try {
    await db.query(sql);
    return undefined;
  } catch (error) {
    if (!(error instanceof DatabaseError) || error.fatal) throw error;
    return error;
  }
}

/**
 * Runs `sql` under a savepoint; returns PostgreSQL's error, or undefined on success.
 * Errors that end the session (connection lost) are thrown: nothing more can be learnt.
 */
export async function attempt(db: Database, sql: string): Promise<DatabaseError | undefined> {
  await db.query(`SAVEPOINT ${SAVEPOINT}`);
  const error = await once(db, sql);
  if (error) await db.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
  await db.query(`RELEASE SAVEPOINT ${SAVEPOINT}`);
  return error;
}

interface BatchStatement {
  statement: DdlStatement;
  /** False for statements run only so this batch's own ones can (shared types, referenced tables). */
  own: boolean;
}

interface Batch {
  statements: BatchStatement[];
  /** The tables (sandboxed names) whose statements this batch owns; undefined: all of them. */
  tables?: Set<string>;
}

/**
 * The statements in transactions of at most `tablesPerBatch` tables each. Every batch also runs
 * the statements that need no table (schemas, types, roles, functions; owned by the first), and
 * the CREATE TABLE of every table its own statements reference (a foreign key's target, a
 * partition's parent, and theirs in turn), in the compiled order.
 */
export function planBatches(statements: DdlStatement[], tablesPerBatch: number): Batch[] {
  const tables = statements.filter((s) => s.creates !== undefined).map((s) => s.creates!);
  if (tables.length <= tablesPerBatch) return [{ statements: statements.map((statement) => ({ statement, own: true })) }];
  const creator = new Map(statements.filter((s) => s.creates !== undefined).map((s) => [s.creates!, s]));
  const tableOf = (s: DdlStatement) => s.creates ?? s.needs[0];
  const batches: Batch[] = [];
  for (let first = 0; first < tables.length; first += tablesPerBatch) {
    const own = new Set(tables.slice(first, first + tablesPerBatch));
    const context = new Set<string>();
    const addContext = (table: string) => {
      if (own.has(table) || context.has(table) || !creator.has(table)) return;
      context.add(table);
      for (const needed of creator.get(table)!.needs) addContext(needed);
    };
    for (const s of statements) {
      const table = tableOf(s);
      if (table !== undefined && own.has(table)) for (const needed of s.needs) addContext(needed);
    }
    const chosen: BatchStatement[] = [];
    for (const s of statements) {
      const table = tableOf(s);
      if (table === undefined) chosen.push({ statement: s, own: first === 0 });
      else if (own.has(table)) chosen.push({ statement: s, own: true });
      else if (s.creates !== undefined && context.has(s.creates)) chosen.push({ statement: s, own: false });
    }
    batches.push({ statements: chosen, tables: own });
  }
  return batches;
}

/** How many of a document's tables one transaction may create: a quarter of the cluster's lock table. */
async function tablesPerTransaction(db: Database): Promise<number> {
  const rows = await db.query<{ slots: number }>(
    `SELECT current_setting('max_locks_per_transaction')::int
            * (current_setting('max_connections')::int + current_setting('max_prepared_transactions')::int) AS slots`,
  );
  const slots = Number(rows[0]?.slots ?? 6400);
  return Math.max(5, Math.floor(slots / LOCK_TABLE_SHARE / LOCKS_PER_TABLE));
}

async function locksHeld(db: Database): Promise<number> {
  const rows = await db.query<{ locks: number }>(`SELECT count(*)::int AS locks FROM pg_locks WHERE pid = pg_backend_pid()`);
  return Number(rows[0]?.locks ?? 0);
}

/** The same error on the same element (both roles' grants on one missing table) is said once. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${JSON.stringify(p.range)} ${p.severity} ${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The error as a Problem on the finest element it can be traced to. */
export function problemFor(error: DatabaseError, statement: DdlStatement): Problem {
  let message = `${capitalise(statement.what)}: ${error.message}`;
  if (error.detail) message += ` (${error.detail})`;
  if (error.hint) message += `. Hint: ${error.hint}`;
  return { message, range: locate(error, statement), severity: 'error', code: error.code };
}

function locate(error: DatabaseError, statement: DdlStatement): SourceRange {
  const parts = statement.parts ?? [];
  // PostgreSQL's position is a 1-based character offset into the statement.
  if (error.position !== undefined) {
    const offset = error.position - 1;
    const part = parts.find((p) => offset >= p.start && offset < p.end);
    if (part?.range) return part.range;
  }
  // Errors without a position often name the column: `column "score" is of type … but default …`.
  const named = /column "((?:[^"]|"")*)"/.exec(error.message)?.[1]?.replace(/""/g, '"');
  const byName = named !== undefined ? parts.find((p) => p.name === named) : undefined;
  return byName?.range ?? statement.range ?? DOCUMENT_START;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export type { SandboxNames };
