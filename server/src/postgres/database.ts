/**
 * The one interface validation talks to, whatever PostgreSQL is behind it: the embedded one
 * (PGlite) or a server (pg). Errors leave an implementation as `DatabaseError` with a message
 * fit to show a user, never a stack trace from a driver.
 */

export type Row = Record<string, unknown>;

export interface Database {
  /**
   * Exactly one statement, with `$1…` parameters, always sent with the extended query protocol
   * (Parse/Bind/Execute), so PostgreSQL itself refuses a string holding two statements ("cannot
   * insert multiple commands into a prepared statement"). Validation sends every statement of a
   * document through here: an injected `; COMMIT; …` cannot end its transaction.
   */
  query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** SQL without parameters; may be several statements. Never used for SQL a document contributed. */
  exec(sql: string): Promise<void>;
  /**
   * Stops whatever the session is running now and closes it, for a deadline or a user's cancel:
   * on a server, `pg_cancel_backend` from a second connection (then `pg_terminate_backend` if the
   * backend is still busy), so nothing keeps running after the client gave up. Optional: an
   * implementation without it is closed instead.
   */
  cancel?(): Promise<void>;
  /**
   * The transaction state PostgreSQL reported with its last ReadyForQuery: `idle` (no
   * transaction), `open` (inside a transaction block) or `failed` (inside one, after an error).
   * Optional, free where the protocol is visible (pg); validation checks by a query otherwise.
   */
  transactionStatus?(): 'idle' | 'open' | 'failed' | undefined;
  /**
   * Runs `work` when no other `exclusive` section of this database is running. Both
   * implementations hold a single session, so whoever opens a transaction (BEGIN … ROLLBACK)
   * must do it in here, or two validations would interleave their statements.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Where this is, for messages: `PostgreSQL 15.20 at 127.0.0.1:5432/test`. */
  describe(): string;
}

/** A failure from the database, with what PostgreSQL said about it. */
export class DatabaseError extends Error {
  /** SQLSTATE (`42P01`), or a driver code (`ECONNREFUSED`) for failures before PostgreSQL answered. */
  readonly code?: string;
  /** 1-based character offset into the statement, as PostgreSQL reports it. */
  readonly position?: number;
  readonly detail?: string;
  readonly hint?: string;
  /** True when the session is unusable (connection lost or never made). */
  readonly fatal: boolean;

  constructor(message: string, info: { code?: string; position?: number; detail?: string; hint?: string; fatal?: boolean } = {}) {
    super(message);
    this.name = 'DatabaseError';
    this.code = info.code;
    this.position = info.position;
    this.detail = info.detail;
    this.hint = info.hint;
    this.fatal = info.fatal ?? false;
  }
}

/** What PostgreSQL's error fields look like on errors from both pg and PGlite. */
interface PostgresErrorFields {
  message?: unknown;
  code?: unknown;
  position?: unknown;
  detail?: unknown;
  hint?: unknown;
  severity?: unknown;
}

/** An error PostgreSQL raised for a statement (it has a SQLSTATE and a severity), as a DatabaseError. */
export function fromPostgresError(error: unknown): DatabaseError | undefined {
  if (error instanceof DatabaseError) return error;
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as PostgresErrorFields;
  if (typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code) || typeof e.message !== 'string') return undefined;
  const position = Number(e.position);
  return new DatabaseError(e.message, {
    code: e.code,
    position: Number.isFinite(position) && position > 0 ? position : undefined,
    detail: typeof e.detail === 'string' ? e.detail : undefined,
    hint: typeof e.hint === 'string' ? e.hint : undefined,
    fatal: e.severity === 'FATAL' || e.severity === 'PANIC',
  });
}

/** A queue of one: runs the tasks given to it one after another. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    // The next task waits for this one to settle, whatever its outcome.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
