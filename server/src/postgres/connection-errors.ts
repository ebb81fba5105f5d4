/**
 * Turning what `pg` and the network throw into one sentence a user can act on, naming the host
 * and port, instead of `Error: connect ECONNREFUSED` and a stack.
 */
import { DatabaseError, fromPostgresError } from './database';

export interface ServerAddress {
  host: string;
  port: number;
  user: string;
  database: string;
}

const where = (a: ServerAddress) => `PostgreSQL at ${a.host}:${a.port}`;

/** Why the connection could not be opened. */
export function describeConnectionFailure(error: unknown, address: ServerAddress, connectTimeoutMs: number): string {
  const server = where(address);
  const e = (error ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `Cannot reach ${server}: connection refused (is the server running and listening on that port?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot reach ${server}: the host name "${address.host}" does not resolve`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Cannot reach ${server}: no route to the host`;
    case 'ECONNRESET':
      return `${server} closed the connection while it was being opened`;
    case '28P01':
      return `${server} rejected the password for user "${address.user}"`;
    case '28000':
      return `${server} refused user "${address.user}": ${message}`;
    case '3D000':
      return `${server} has no database "${address.database}"`;
    case '57P03':
      return `${server} is not accepting connections yet (starting up or shutting down)`;
    case '53300':
      return `${server} has no free connection slots`;
  }
  if (/timeout/i.test(message)) {
    return `Cannot reach ${server}: no answer within ${(connectTimeoutMs / 1000).toFixed(0)} s`;
  }
  // pg's SASL client says this when the server asks for a password and none was given.
  if (/password must be a string|SASL.*password/i.test(message)) {
    return `${server} asks for a password for user "${address.user}", and none was given`;
  }
  return `Cannot connect to ${server}: ${message}`;
}

/** A statement's failure: PostgreSQL's own error when it sent one, otherwise what happened to the session. */
export function describeStatementFailure(error: unknown, address: ServerAddress, statementTimeoutMs: number): DatabaseError {
  const postgres = fromPostgresError(error);
  if (postgres) {
    if (postgres.code === '57014' && /statement timeout/i.test(postgres.message)) {
      return new DatabaseError(`Statement cancelled by ${where(address)} after the ${statementTimeoutMs / 1000} s statement timeout`, {
        code: postgres.code,
      });
    }
    return postgres;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/query read timeout/i.test(message)) {
    return new DatabaseError(`${where(address)} stopped answering: no reply within ${(statementTimeoutMs + 5000) / 1000} s`, { fatal: true });
  }
  if (/Connection terminated|not queryable|ECONNRESET|EPIPE/i.test(message)) {
    return new DatabaseError(`Lost the connection to ${where(address)}: ${message}`, { fatal: true });
  }
  return new DatabaseError(`${where(address)}: ${message}`, { fatal: true });
}
