/**
 * The database requests of the language server: compile a document to SQL, and validate it
 * on the embedded PostgreSQL (one warm instance per server process) or on a server.
 */
import { readMarkdown } from '../markdown/reader';
import type { Database } from '../postgres/database';
import { DatabaseError } from '../postgres/database';
import { PgDatabase } from '../postgres/pg-database';
import { PgliteDatabase } from '../postgres/pglite-database';
import { validate } from '../postgres/validate';
import { compileDdl } from '../sql/ddl';
import type { DatabaseTarget, SqlParams, SqlResponse, ValidateParams, ValidateResponse } from './protocol';

/** An error whose message is for the user as it is (a connection failure names host and port). */
export class UserFacingError extends Error {}

export function compileSql(params: SqlParams): SqlResponse {
  const { model } = readMarkdown(params.text);
  const compiled = compileDdl(model);
  return { sql: compiled.sql, statements: compiled.statements.length, problems: compiled.problems };
}

export function openDatabase(target: DatabaseTarget, pgliteCacheDir: string | undefined): Database {
  if (target.kind === 'embedded') return new PgliteDatabase({ cacheDir: pgliteCacheDir });
  return new PgDatabase({
    connectionString: target.url,
    connectTimeoutMs: target.connectTimeoutMs,
    statementTimeoutMs: target.statementTimeoutMs,
  });
}

export async function validateDocument(params: ValidateParams, pgliteCacheDir: string | undefined): Promise<ValidateResponse> {
  const { model } = readMarkdown(params.text);
  if (model.entities.length === 0) throw new UserFacingError('The document has no definition tables (### <table>) to validate.');
  const db = openDatabase(params.target, pgliteCacheDir);
  try {
    return await validate(model, db, { probes: params.probes });
  } catch (error) {
    if (error instanceof DatabaseError) throw new UserFacingError(error.message);
    throw error;
  } finally {
    // A server connection is closed; the embedded instance stays warm for the next validation.
    await db.close().catch(() => undefined);
  }
}
