/**
 * The messages between the language server (or CLI) and the child process that runs the
 * embedded PostgreSQL (pglite-host.ts). They travel over Node's IPC channel with the `advanced`
 * serialization (structured clone), so rows keep their Dates, bigints and byte arrays.
 */

/** How the embedded PostgreSQL got its data directory this time. */
export type PgliteStartMode =
  /** The data directory prepared when the extension was built, shipped beside the bundles. */
  | 'prepared'
  /** The dump a previous cold start wrote to the cache folder. */
  | 'cached'
  /** initdb ran, inside WebAssembly (no prepared or cached data directory for this PGlite build). */
  | 'cold';

export interface PgliteStart {
  mode: PgliteStartMode;
  /** From the request to start until PostgreSQL answered its first statement. */
  ms: number;
  /** The data directory dump loaded or written, if any. */
  dataDirFile?: string;
  /** The child process running it. */
  pid: number;
}

export interface HostOptions {
  /** Folder for the dump a cold start writes; without one every cold start runs initdb. */
  cacheDir?: string;
  /** Folder of the dump prepared at build time (dist/); used when it holds one of this PGlite build. */
  preparedDir?: string;
}

/** Parent → child. */
export type HostRequest =
  | { kind: 'start'; options: HostOptions }
  | { kind: 'query'; id: number; sql: string; params?: unknown[] }
  | { kind: 'exec'; id: number; sql: string }
  | { kind: 'close' };

/** PostgreSQL's error fields, as both pg and PGlite name them (see fromPostgresError). */
export interface HostError {
  message: string;
  code?: string;
  position?: string | number;
  detail?: string;
  hint?: string;
  severity?: string;
}

/** Child → parent. */
export type HostReply =
  | { kind: 'progress'; message: string }
  | { kind: 'started'; mode: PgliteStartMode; dataDirFile?: string; version: string }
  | { kind: 'start-failed'; message: string }
  | { kind: 'result'; id: number; rows: Record<string, unknown>[] }
  | { kind: 'failed'; id: number; error: HostError };
