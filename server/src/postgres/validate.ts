/**
 * Applies the compiled migration to a real PostgreSQL inside a transaction that is always
 * rolled back, and says on which document line each error is.
 *
 * Most documents are valid, so the whole script is tried first as one batch under one SAVEPOINT:
 * one round trip, as psql would apply it (on the 300-table document a statement-by-statement run
 * took 1.3x psql's time, the batch 0.8x). Only when the batch fails is it rolled back and the
 * script run again one statement at a time, each under its own SAVEPOINT: a failure rolls back
 * to it and validation goes on, so one run reports every problem, not only the first, each on
 * the element its statement came from. Statements needing a table whose CREATE
 * TABLE failed are skipped (one missing table → one error, not one per index and grant).
 * CREATE ROLE is transactional in PostgreSQL even though roles are cluster-wide, so the final
 * ROLLBACK removes the roles too (tests check the catalog before and after).
 *
 * Connection failures are thrown as DatabaseError (a sentence naming host and port); problems
 * in the model are returned.
 */
import type { DataModel, Problem, SourceRange } from '../model/types';
import { loadSqlParser } from '../markdown/sql-fences';
import { compileDdl, type DdlStatement } from '../sql/ddl';
import { DOCUMENT_START } from '../sql/statements';
import { DatabaseError, type Database } from './database';
import { runSecurityProbes } from './security-probes';

export interface ValidateOptions {
  /** After applying, check as each role that the database enforces the Security Annotations. */
  probes?: boolean;
}

export interface ValidationResult {
  /** No error-severity problem. */
  ok: boolean;
  problems: Problem[];
  statementsApplied: number;
  /** Statements not run because a table they need failed to be created. */
  statementsSkipped: number;
  durationMs: number;
  /** Which database judged the model, e.g. `PostgreSQL 15.20 at 127.0.0.1:5432/test`. */
  database: string;
}

const SAVEPOINT = 'data_model_statement';

export async function validate(model: DataModel, db: Database, options: ValidateOptions = {}): Promise<ValidationResult> {
  const began = Date.now();
  await loadSqlParser(); // the compiler parses every SQL fragment of the document (sql/expression-guard.ts)
  const compiled = compileDdl(model);
  const problems: Problem[] = [...compiled.problems];
  // A refused document (SQL the guard does not allow) runs nothing at all, not even BEGIN.
  if (compiled.refused) return { ok: false, problems, statementsApplied: 0, statementsSkipped: 0, durationMs: Date.now() - began, database: db.describe() };
  let applied = 0;
  let skipped = 0;

  await db.exclusive(async () => {
    await db.exec('BEGIN');
    try {
      const batchError = compiled.statements.length > 0 ? await attempt(db, compiled.sql) : undefined;
      if (!batchError) applied = compiled.statements.length;
      else ({ applied, skipped } = await applyOneByOne(db, compiled.statements, problems));
      if (options.probes) problems.push(...(await runSecurityProbes(model, db)));
    } finally {
      // Always, whatever happened above; if the connection is gone the server rolls back itself.
      await db.exec('ROLLBACK').catch(() => undefined);
    }
  });

  return {
    ok: !problems.some((p) => p.severity === 'error'),
    problems,
    statementsApplied: applied,
    statementsSkipped: skipped,
    durationMs: Date.now() - began,
    database: db.describe(),
  };
}

/**
 * Runs each statement under its own savepoint, adding a Problem for each failure; statements
 * needing a table that failed are counted as skipped. Inside the caller's transaction.
 */
async function applyOneByOne(db: Database, statements: DdlStatement[], problems: Problem[]): Promise<{ applied: number; skipped: number }> {
  let applied = 0;
  let skipped = 0;
  const failedTables = new Set<string>();
  // The same error on the same element (both roles' grants on one missing table) is said once.
  const reported = new Set<string>();
  for (const statement of statements) {
    if (statement.needs.some((t) => failedTables.has(t))) {
      skipped++;
      continue;
    }
    const error = await attempt(db, statement.sql);
    if (error) {
      const problem = problemFor(error, statement);
      const key = `${JSON.stringify(problem.range)} ${error.message}`;
      if (!reported.has(key)) problems.push(problem);
      reported.add(key);
      if (statement.creates) failedTables.add(statement.creates);
    } else applied++;
  }
  return { applied, skipped };
}

/**
 * Runs `sql` under a savepoint; returns PostgreSQL's error, or undefined on success.
 * Errors that end the session (connection lost) are thrown: nothing more can be learnt.
 */
export async function attempt(db: Database, sql: string): Promise<DatabaseError | undefined> {
  await db.exec(`SAVEPOINT ${SAVEPOINT}`);
  try {
    await db.exec(sql);
    await db.exec(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    return undefined;
  } catch (error) {
    if (!(error instanceof DatabaseError) || error.fatal) throw error;
    await db.exec(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
    await db.exec(`RELEASE SAVEPOINT ${SAVEPOINT}`);
    return error;
  }
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
