/**
 * A PostgreSQL server through `pg`: one dedicated session (a Client, not a Pool, so BEGIN and
 * the statements after it share a connection), opened on first use, with a connect timeout, a
 * server-side statement timeout, and a client-side read timeout behind it for a server that
 * stops answering altogether. Every failure becomes one sentence naming host and port.
 *
 * `query` always uses the extended protocol (one statement per Parse message); giving up on a
 * session (`cancel`, or the client-side timeout) cancels its backend from a second connection,
 * since closing the socket alone leaves a busy backend running until its statement ends.
 */
import type { Client, QueryConfig } from 'pg';
import { describeConnectionFailure, describeStatementFailure, type ServerAddress } from './connection-errors';
import { DatabaseError, SerialQueue, type Database, type Row } from './database';

/**
 * `pg` is loaded on first use, not with this module: loading it probes the runtime (which makes
 * Node load its fetch implementation), ~50 ms on an idle machine that every CLI command and the
 * MCP server's start would pay, though only the commands given a --database connect.
 */
function newClient(config: ConstructorParameters<typeof Client>[0]): Client {
  const pg = require('pg') as typeof import('pg');
  return new pg.Client(config);
}

export const DEFAULT_PGURL = 'postgres://postgres@127.0.0.1:5432/test';

export interface PgOptions {
  /** `postgres://user:password@host:port/database`; defaults to `$PGURL`, then `DEFAULT_PGURL`. */
  connectionString?: string;
  /** Give up connecting after this long (default 5 s). */
  connectTimeoutMs?: number;
  /** PostgreSQL cancels any statement running longer (default 15 s). */
  statementTimeoutMs?: number;
}

export class PgDatabase implements Database {
  readonly address: ServerAddress;
  private readonly connectionString: string;
  private readonly connectTimeoutMs: number;
  private readonly statementTimeoutMs: number;
  private client?: Promise<Client>;
  /** The open session's backend, once connected (for cancelling it from another connection). */
  private backendPid?: number;
  private status?: 'idle' | 'open' | 'failed';
  private serverVersion?: string;
  private readonly queue = new SerialQueue();

  constructor(options: PgOptions = {}) {
    this.connectionString = options.connectionString ?? process.env.PGURL ?? DEFAULT_PGURL;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.statementTimeoutMs = options.statementTimeoutMs ?? 15000;
    // pg's own parsing of the URL (and of PGHOST & co.), so messages name what it will dial.
    const probe = newClient({ connectionString: this.connectionString });
    this.address = { host: probe.host, port: probe.port, user: probe.user ?? '', database: probe.database ?? '' };
  }

  async query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]> {
    const client = await this.connect();
    try {
      // pg would use the simple protocol for a query without values, which runs any number of
      // statements in one string; `queryMode: 'extended'` makes PostgreSQL refuse more than one.
      const config = { text: sql, values: params ?? [], queryMode: 'extended' } as QueryConfig;
      return (await client.query(config)).rows as T[];
    } catch (error) {
      throw this.statementFailure(error);
    }
  }

  async exec(sql: string): Promise<void> {
    const client = await this.connect();
    try {
      await client.query(sql);
    } catch (error) {
      throw this.statementFailure(error);
    }
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.run(work);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.status = undefined;
    if (client) await endWithin((await client.catch(() => undefined)) ?? undefined, 2000);
  }

  transactionStatus(): 'idle' | 'open' | 'failed' | undefined {
    return this.client ? this.status : undefined;
  }

  /**
   * Cancels the statement the session is running (`pg_cancel_backend` from a second connection),
   * terminates the backend if it is still busy a second later, and closes the session. Safe to
   * call at any time, also while a query is in flight (that query then fails).
   */
  async cancel(): Promise<void> {
    const session = this.client;
    const pid = this.backendPid;
    this.client = undefined;
    this.status = undefined;
    if (!session) return;
    if (pid !== undefined) await this.stopBackend(pid).catch(() => undefined);
    await endWithin((await session.catch(() => undefined)) ?? undefined, 2000);
  }

  private async stopBackend(pid: number): Promise<void> {
    const other = newClient({ connectionString: this.connectionString, connectionTimeoutMillis: this.connectTimeoutMs, application_name: 'data-model-vscode cancel' });
    other.on('error', () => undefined);
    await other.connect();
    try {
      await other.query('SELECT pg_cancel_backend($1)', [pid]);
      for (let waited = 0; waited < 1000; waited += 100) {
        const rows = (await other.query<{ state: string }>('SELECT state FROM pg_stat_activity WHERE pid = $1', [pid])).rows;
        if (rows[0]?.state !== 'active') return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await other.query('SELECT pg_terminate_backend($1)', [pid]);
    } finally {
      await endWithin(other, 1000);
    }
  }

  describe(): string {
    const { host, port, database } = this.address;
    return `${this.serverVersion ?? 'PostgreSQL'} at ${host}:${port}/${database}`;
  }

  private connect(): Promise<Client> {
    if (!this.client) {
      const client = newClient({
        connectionString: this.connectionString,
        connectionTimeoutMillis: this.connectTimeoutMs,
        statement_timeout: this.statementTimeoutMs,
        // Only fires if PostgreSQL itself stops answering; its statement_timeout comes first.
        query_timeout: this.statementTimeoutMs + 5000,
        application_name: 'data-model-vscode',
      });
      // Without a listener a dropped connection would crash the extension host.
      client.on('error', () => {
        this.client = undefined;
      });
      // The transaction status byte of every ReadyForQuery ('I', 'T' or 'E'): whether the
      // session is still inside the transaction validation opened, at no extra round trip.
      const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
      connection.on('readyForQuery', (message: { status?: string }) => {
        this.status = message.status === 'T' ? 'open' : message.status === 'E' ? 'failed' : 'idle';
      });
      this.client = client
        .connect()
        .then(async () => {
          this.backendPid = (client as unknown as { processID?: number }).processID ?? undefined;
          const rows = (await client.query<{ server_version: string }>('SHOW server_version')).rows;
          this.serverVersion = `PostgreSQL ${rows[0]?.server_version ?? ''}`.trim();
          return client;
        })
        .catch((error: unknown) => {
          this.client = undefined;
          void client.end().catch(() => undefined);
          throw new DatabaseError(describeConnectionFailure(error, this.address, this.connectTimeoutMs), {
            code: errorCode(error),
            fatal: true,
          });
        });
    }
    return this.client;
  }

  private statementFailure(error: unknown): DatabaseError {
    const failure = describeStatementFailure(error, this.address, this.statementTimeoutMs);
    // After a lost connection or a client-side timeout the session is gone: reconnect next time.
    // The backend of a timed-out session may still be running its statement: cancel it.
    if (failure.fatal) void this.cancel();
    return failure;
  }
}

/** `client.end()`, but a session whose server does not answer is dropped after `ms`. */
async function endWithin(client: Client | undefined, ms: number): Promise<void> {
  if (!client) return;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
      resolve();
    }, ms);
  });
  await Promise.race([client.end().catch(() => undefined), gaveUp]);
  clearTimeout(timer);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
