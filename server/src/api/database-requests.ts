/**
 * The database requests of the language server: compile a document to SQL, and validate it
 * on the embedded PostgreSQL (one warm instance per server process) or on a server.
 */
import { readMarkdown } from '../markdown/reader';
import { writeMarkdown } from '../markdown/writer';
import type { Problem } from '../model/types';
import { diff } from '../postgres/drift';
import { introspect } from '../postgres/introspect';
import { schemaOfQualifiedName } from '../sql/quote';
import type { Database } from '../postgres/database';
import { DatabaseError } from '../postgres/database';
import { PgDatabase } from '../postgres/pg-database';
import { PgliteDatabase, type PgliteOptions } from '../postgres/pglite-database';
import { validate } from '../postgres/validate';
import { compileDdl } from '../sql/ddl';
import { SESSION_KEY_ENV, unsealSecret } from './sealed-secret';
import type {
  CompareParams,
  CompareResponse,
  DatabaseTarget,
  IntrospectParams,
  IntrospectResponse,
  SqlParams,
  SqlResponse,
  ValidateParams,
  ValidateResponse,
} from './protocol';

/** An error whose message is for the user as it is (a connection failure names host and port). */
export class UserFacingError extends Error {}

export function compileSql(params: SqlParams): SqlResponse {
  const { model } = readMarkdown(params.text);
  const compiled = compileDdl(model);
  return { sql: compiled.sql, statements: compiled.statements.length, problems: compiled.problems, refused: compiled.refused };
}

/** How the server runs the embedded PostgreSQL: its cache folder, idle time and deadline. */
export type EmbeddedSettings = Pick<PgliteOptions, 'cacheDir' | 'idleMs' | 'deadlineMs'>;

/** Stages of a request (`starting the embedded PostgreSQL…`), for the client's progress notification. */
export type ReportProgress = (message: string) => void;

export function openDatabase(target: DatabaseTarget, embedded: EmbeddedSettings, onProgress?: ReportProgress): Database {
  if (target.kind === 'embedded') return new PgliteDatabase({ ...embedded, onProgress });
  return new PgDatabase({
    connectionString: connectionUrl(target),
    connectTimeoutMs: target.connectTimeoutMs,
    statementTimeoutMs: target.statementTimeoutMs,
  });
}

/** The target's URL with its password unsealed (it arrives sealed with the session's key: sealed-secret.ts). */
export function connectionUrl(target: Extract<DatabaseTarget, { kind: 'server' }>, key = process.env[SESSION_KEY_ENV]): string {
  if (target.sealedPassword === undefined) return target.url;
  const password = key === undefined ? undefined : unsealSecret(target.sealedPassword, key);
  if (password === undefined) throw new UserFacingError('The database password could not be read: the language server was not started by this VS Code window. Reload the window and try again.');
  const url = new URL(target.url);
  url.password = password;
  return url.toString();
}

/**
 * `signal` is the request's cancellation (VS Code's Cancel button): validation then cancels the
 * database's work too, not only the reply.
 */
export async function validateDocument(params: ValidateParams, embedded: EmbeddedSettings, onProgress?: ReportProgress, signal?: AbortSignal): Promise<ValidateResponse> {
  const { model } = readMarkdown(params.text);
  if (model.entities.length === 0) throw new UserFacingError('The document has no definition tables (### <table>) to validate.');
  const statementTimeoutMs = params.target.kind === 'server' ? params.target.statementTimeoutMs : undefined;
  // Closing a server connection ends it; the embedded instance stays warm for the next request.
  return withDatabase(openDatabase(params.target, embedded, onProgress), async (db) => {
    // Started first, so its stages (said only when it is not running yet) come before the DDL's.
    if (db instanceof PgliteDatabase) await db.start();
    onProgress?.(`applying the document's DDL (all rolled back)${params.probes ? ', then probing each role' : ''}…`);
    return validate(model, db, { probes: params.probes, deadlineMs: params.deadlineMs, statementTimeoutMs, signal });
  });
}

/** Runs `work` on a fresh connection to `db`, closing it after; connection failures become user-facing. */
async function withDatabase<T>(db: Database, work: (db: Database) => Promise<T>): Promise<T> {
  try {
    return await work(db);
  } catch (error) {
    if (error instanceof DatabaseError) throw new UserFacingError(error.message);
    throw error;
  } finally {
    await db.close().catch(() => undefined);
  }
}

/** A live schema as a data-model document (read-only transaction, fixed number of catalog queries). */
export function introspectDatabase(db: Database, options: { schemas?: string[]; domain?: string; date?: string }): Promise<IntrospectResponse> {
  return withDatabase(db, async () => {
    const { model } = await introspect(db, options);
    return { markdown: writeMarkdown(model), tables: model.entities.length, database: db.describe() };
  });
}

/** The schemas a document's tables live in: `public`, and `x` for tables named `x.table`. */
export function schemasOf(entities: readonly { name: string }[]): string[] {
  const schemas = [...new Set(entities.map((entity) => schemaOfQualifiedName(entity.name) ?? 'public'))];
  return schemas.length > 0 ? schemas : ['public'];
}

/** Drift between a document and a live schema, located on the document. */
export function compareWithDatabase(text: string, db: Database, schemas?: string[]): Promise<CompareResponse> {
  const read = readMarkdown(text);
  return withDatabase(db, async () => {
    const { model } = await introspect(db, { schemas: schemas && schemas.length > 0 ? schemas : schemasOf(read.model.entities) });
    const problems: Problem[] = diff(read.model, model, { lines: text.replace(/\r\n?/g, '\n').split('\n') });
    problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return { problems, tables: read.model.entities.length, database: db.describe() };
  });
}

export function introspectRequest(params: IntrospectParams, embedded: EmbeddedSettings): Promise<IntrospectResponse> {
  return introspectDatabase(openDatabase(params.target, embedded), { schemas: params.schemas, domain: params.domain });
}

export function compareRequest(params: CompareParams, embedded: EmbeddedSettings): Promise<CompareResponse> {
  return compareWithDatabase(params.text, openDatabase(params.target, embedded));
}
