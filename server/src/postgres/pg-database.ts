/**
 * A PostgreSQL server through `pg`: one dedicated session (a Client, not a Pool, so BEGIN and
 * the statements after it share a connection), opened on first use, with a connect timeout, a
 * server-side statement timeout, and a client-side read timeout behind it for a server that
 * stops answering altogether. Every failure becomes one sentence naming host and port.
 */
import { Client } from 'pg';
import { describeConnectionFailure, describeStatementFailure, type ServerAddress } from './connection-errors';
import { DatabaseError, SerialQueue, type Database, type Row } from './database';

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
  private serverVersion?: string;
  private readonly queue = new SerialQueue();

  constructor(options: PgOptions = {}) {
    this.connectionString = options.connectionString ?? process.env.PGURL ?? DEFAULT_PGURL;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.statementTimeoutMs = options.statementTimeoutMs ?? 15000;
    // pg's own parsing of the URL (and of PGHOST & co.), so messages name what it will dial.
    const probe = new Client({ connectionString: this.connectionString });
    this.address = { host: probe.host, port: probe.port, user: probe.user ?? '', database: probe.database ?? '' };
  }

  async query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]> {
    const client = await this.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
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
    if (client) await (await client.catch(() => undefined))?.end().catch(() => undefined);
  }

  describe(): string {
    const { host, port, database } = this.address;
    return `${this.serverVersion ?? 'PostgreSQL'} at ${host}:${port}/${database}`;
  }

  private connect(): Promise<Client> {
    if (!this.client) {
      const client = new Client({
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
      this.client = client
        .connect()
        .then(async () => {
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
    if (failure.fatal) {
      const client = this.client;
      this.client = undefined;
      void client?.then((c) => c.end()).catch(() => undefined);
    }
    return failure;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
