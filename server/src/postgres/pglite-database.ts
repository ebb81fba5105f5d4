/**
 * The embedded PostgreSQL (PGlite, WebAssembly), the default: nothing to install or configure.
 *
 * Starting PGlite from nothing runs initdb inside WebAssembly (measured here ~3 s, 8–11 s on
 * slower machines). So:
 *  - one warm instance per process (and per cache folder), started on first use, shared by
 *    every `PgliteDatabase` handle;
 *  - after the first cold start, a dump of the freshly initialised data directory is written to
 *    the cache folder (e.g. the extension's global storage); later processes load that dump
 *    into memory (~0.7 s) instead of running initdb.
 * Why a dump and not PGlite's on-disk data directory (~0.25 s to reopen)? Two VS Code windows
 * share the global storage, and two processes opening one data directory would corrupt it. A
 * dump is only ever read (written once, atomically, by rename), each process works in memory,
 * and validation rolls everything back anyway, so nothing needs to be written back.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { DatabaseError, fromPostgresError, SerialQueue, type Database, type Row } from './database';

// Required on first use, not at import: the module pulls in ~10 MB of WebAssembly. Its
// CommonJS entry is used (a dynamic import() breaks under loaders that rewrite modules, such as
// tsx), and it stays external to the bundle (see esbuild.mjs).
function loadPgliteModule(): typeof import('@electric-sql/pglite') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
}

export interface PgliteStart {
  /** `cold`: initdb ran; `cached`: loaded from the cached data directory. */
  mode: 'cold' | 'cached';
  ms: number;
  /** The cached data directory used or written, if any. */
  cacheFile?: string;
}

interface WarmInstance {
  pglite: PGlite;
  start: PgliteStart;
  version: string;
  queue: SerialQueue;
}

/** One per cache folder ('' for none), for the life of the process. */
const warmInstances = new Map<string, Promise<WarmInstance>>();

export interface PgliteOptions {
  /** Folder for the cached data directory; without one every process starts cold. */
  cacheDir?: string;
  /** A private instance instead of the process-wide warm one (tests that must not share). */
  private?: boolean;
}

export class PgliteDatabase implements Database {
  private instance?: Promise<WarmInstance>;
  private started?: WarmInstance;
  private closed = false;

  constructor(private readonly options: PgliteOptions = {}) {}

  /** Starts PGlite now (it starts on first use otherwise) and says how it started. */
  async start(): Promise<PgliteStart> {
    return (await this.warm()).start;
  }

  async query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]> {
    const { pglite } = await this.warm();
    try {
      return (await pglite.query<T>(sql, params)).rows;
    } catch (error) {
      throw toDatabaseError(error);
    }
  }

  async exec(sql: string): Promise<void> {
    const { pglite } = await this.warm();
    try {
      await pglite.exec(sql);
    } catch (error) {
      throw toDatabaseError(error);
    }
  }

  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    return (await this.warm()).queue.run(work);
  }

  /** Closes a private instance; the shared warm instance stays up for the next user (see `closeWarmPglite`). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.options.private && this.instance) {
      const instance = this.instance;
      this.instance = undefined;
      await (await instance).pglite.close();
    }
  }

  describe(): string {
    if (!this.started) return 'embedded PostgreSQL (PGlite), not started yet';
    const { start, version } = this.started;
    const how = start.mode === 'cached' ? 'from the cached data directory' : 'cold (initdb)';
    return `embedded ${version}, in memory, started ${how} in ${(start.ms / 1000).toFixed(1)} s`;
  }

  private async warm(): Promise<WarmInstance> {
    if (this.closed) throw new DatabaseError('This embedded database handle is closed', { fatal: true });
    if (!this.instance) {
      const key = this.options.cacheDir ?? '';
      if (this.options.private) this.instance = startPglite(this.options.cacheDir);
      else {
        let shared = warmInstances.get(key);
        if (!shared) {
          shared = startPglite(this.options.cacheDir);
          // A failed start must not poison the process: the next caller tries again.
          shared.catch(() => warmInstances.delete(key));
          warmInstances.set(key, shared);
        }
        this.instance = shared;
      }
    }
    this.started = await this.instance;
    return this.started;
  }
}

/** Stops every shared warm instance (process shutdown, end of a test run). */
export async function closeWarmPglite(): Promise<void> {
  const instances = [...warmInstances.values()];
  warmInstances.clear();
  await Promise.all(instances.map(async (p) => (await p.catch(() => undefined))?.pglite.close()));
}

async function startPglite(cacheDir: string | undefined): Promise<WarmInstance> {
  const began = Date.now();
  const { PGlite } = loadPgliteModule();
  const cacheFile = cacheDir ? path.join(cacheDir, `pglite-datadir-${await pgliteBuildId()}.tar`) : undefined;

  if (cacheFile) {
    const dump = await readFile(cacheFile).catch(() => undefined);
    if (dump) {
      try {
        const pglite = await PGlite.create({ loadDataDir: tarBlob(dump) });
        return finish(pglite, { mode: 'cached', ms: Date.now() - began, cacheFile });
      } catch {
        // A damaged or foreign dump: forget it and start cold, which writes a fresh one.
        await rm(cacheFile, { force: true });
      }
    }
  }

  let pglite: PGlite;
  try {
    pglite = await PGlite.create();
  } catch (error) {
    throw new DatabaseError(`The embedded PostgreSQL (PGlite) failed to start: ${error instanceof Error ? error.message : String(error)}`, { fatal: true });
  }
  const start: PgliteStart = { mode: 'cold', ms: Date.now() - began };
  if (cacheFile) {
    // Dumped before anyone has run a statement, so the cache holds a pristine cluster.
    if (await writeCache(pglite, cacheFile)) start.cacheFile = cacheFile;
  }
  return finish(pglite, start);
}

/**
 * The dump as a Blob whose `arrayBuffer()` hands over the bytes already read, which is all PGlite
 * asks of it. `new Blob([dump])` would copy the ~40 MB once more, and Node's Blob reads it back
 * in chunks: together ~0.3 s of a ~1.6 s start. Any other use gets a real Blob, made then.
 */
function tarBlob(dump: Buffer): Blob {
  // readFile gives a Buffer over an ArrayBuffer of its own for files this large.
  const buffer = dump.buffer as ArrayBuffer;
  const whole = dump.byteOffset === 0 && dump.byteLength === buffer.byteLength;
  const bytes = () => (whole ? buffer : buffer.slice(dump.byteOffset, dump.byteOffset + dump.byteLength));
  let real: Blob | undefined;
  const blob = () => (real ??= new Blob([bytes()], { type: TAR_TYPE }));
  const fast: Pick<Blob, 'size' | 'type' | 'arrayBuffer' | 'slice' | 'stream' | 'text'> = {
    size: dump.byteLength,
    type: TAR_TYPE,
    arrayBuffer: async () => bytes(),
    slice: (...args) => blob().slice(...args),
    stream: () => blob().stream(),
    text: () => blob().text(),
  };
  return fast as Blob;
}

const TAR_TYPE = 'application/x-tar';

async function finish(pglite: PGlite, start: PgliteStart): Promise<WarmInstance> {
  const rows = (await pglite.query<{ version: string }>('SELECT version()')).rows;
  const version = (rows[0]?.version ?? 'PostgreSQL').replace(/ on .*$/, '');
  return { pglite, start, version, queue: new SerialQueue() };
}

/** Writes the dump atomically; a cache that cannot be written only costs speed, so it is not an error. */
async function writeCache(pglite: PGlite, cacheFile: string): Promise<boolean> {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    const dump = await pglite.dumpDataDir('none');
    await mkdir(path.dirname(cacheFile), { recursive: true });
    await writeFile(temporary, Buffer.from(await dump.arrayBuffer()));
    await rename(temporary, cacheFile);
    return true;
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
    return false;
  }
}

/** Identifies the installed PGlite build, so an upgrade never loads a dump made by another version. */
async function pgliteBuildId(): Promise<string> {
  const entry = require.resolve('@electric-sql/pglite');
  const files = ['pglite.wasm', 'pglite.data'].map((f) => path.join(path.dirname(entry), f));
  const sizes = await Promise.all(files.map(async (f) => (await stat(f).catch(() => undefined))?.size ?? 0));
  return createHash('sha256').update(sizes.join(':')).digest('hex').slice(0, 12);
}

function toDatabaseError(error: unknown): DatabaseError {
  return fromPostgresError(error) ?? new DatabaseError(error instanceof Error ? error.message : String(error));
}
