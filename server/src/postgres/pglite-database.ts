/**
 * The embedded PostgreSQL (PGlite, WebAssembly), the default: nothing to install or configure.
 *
 * PGlite runs in a child process (pglite-host.ts), never in the language server's or CLI's own
 * event loop: a statement that never ends (`pg_sleep(600)` in a document's default) would
 * otherwise freeze every lint of the editor, and a started cluster holds a few hundred MB that a
 * process never gives back. So:
 *  - one child per cache folder, shared by every `PgliteDatabase` handle of the process, started
 *    on first use (from the prepared or cached data directory, see pglite-data-directory.ts);
 *  - every call has a deadline: past it the child is killed, the caller gets a DatabaseError
 *    saying so, and the next call starts a fresh child;
 *  - the child exits after an idle minute, and its memory goes with it.
 * A child that dies inside an `exclusive` section (validation's BEGIN … ROLLBACK) took the
 * transaction with it: the rest of that section fails at once instead of running its statements
 * on a fresh child outside any transaction.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import * as path from 'node:path';
import { DatabaseError, fromPostgresError, SerialQueue, type Database, type Row } from './database';
import type { HostReply, HostRequest, PgliteStart } from './pglite-protocol';

export type { PgliteStart, PgliteStartMode } from './pglite-protocol';

/**
 * A call (one query, or one exec of a script) running longer than this stops the embedded
 * PostgreSQL. Generous: while validation sends its whole script as one exec, the 300-table
 * benchmark document's batch took over 30 s with both cores of this machine overloaded.
 */
export const DEFAULT_DEADLINE_MS = 60_000;
/** Loading the data directory, or initdb on a busy machine (measured up to 70 s with both cores overloaded; over 120 s once). */
export const DEFAULT_START_DEADLINE_MS = 300_000;
/** The child exits after this long without a call, so its memory returns to the system. */
export const DEFAULT_IDLE_MS = 60_000;
/** Said before a start from the prepared or cached data directory (measured 1.6 s on an idle machine, 25–75 s with this 2-core machine's load at 23–30). */
const START_ESTIMATE = 'a few seconds, longer on a busy machine';

export interface PgliteOptions {
  /** Folder for the dump a cold start writes (the extension's global storage); without one, no cache. */
  cacheDir?: string;
  /** Folder of the data directory prepared at build time; default: beside the bundle (dist/). */
  preparedDir?: string;
  /** A child of its own instead of the process-wide shared one (tests that must not share). */
  private?: boolean;
  /** Per call (statement); past it the child is killed and the call fails. */
  deadlineMs?: number;
  /** Starting the child and PostgreSQL in it. */
  startDeadlineMs?: number;
  /** Idle time before the child exits. The shared child takes the value of the handle that first made it. */
  idleMs?: number;
  /** Stages of starting (`starting the embedded PostgreSQL…`), for a progress bar; only called when this handle has to start it. */
  onProgress?: (message: string) => void;
}

/** A running child: what it is and how it started. */
interface Running {
  start: PgliteStart;
  version: string;
}

interface Pending {
  resolve(rows: Row[]): void;
  reject(error: DatabaseError): void;
  timer: NodeJS.Timeout;
}

/** One child process and its conversation. */
interface Child {
  process: ChildProcess;
  /** Resolves once PostgreSQL in it answered its first statement. */
  ready: Promise<Running>;
  rejectReady(error: DatabaseError): void;
  pending: Map<number, Pending>;
  /** Set when it is gone or going: every later call on it fails with this. */
  failure?: DatabaseError;
  /** The last lines it wrote to stderr, for a crash message. */
  stderr: string;
  /** Who wants to hear its start-up stages. */
  progress: Set<(message: string) => void>;
}

type Call = { kind: 'query'; sql: string; params?: unknown[] } | { kind: 'exec'; sql: string };

/** Where the child's entry point is: beside the bundle in dist/, or the source under tsx (tests). */
function hostEntry(): { file: string; execArgv: string[] } {
  const bundled = path.join(__dirname, 'pglite-host.js');
  if (existsSync(bundled)) return { file: bundled, execArgv: [] };
  // Running from the sources: the child needs the same TypeScript loader (`--import tsx`).
  return { file: path.join(__dirname, 'pglite-host.ts'), execArgv: loaderFlags(process.execArgv) };
}

function loaderFlags(execArgv: string[]): string[] {
  const flags: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i];
    if (/^--(import|require|loader|experimental-loader)=/.test(arg)) flags.push(arg);
    else if (/^(--import|--require|-r|--loader|--experimental-loader)$/.test(arg) && i + 1 < execArgv.length) flags.push(arg, execArgv[++i]);
  }
  return flags;
}

/** The prepared data directory ships beside the bundles; from the sources there is none. */
function defaultPreparedDir(): string | undefined {
  return existsSync(path.join(__dirname, 'pglite-host.js')) ? __dirname : undefined;
}

/** The child process running PGlite, restarted on demand; one per cache folder (or per private handle). */
class PgliteProcess {
  readonly queue = new SerialQueue();
  private child?: Child;
  private nextId = 1;
  private idleTimer?: NodeJS.Timeout;
  /** The exclusive section running now, and the child it began on. */
  private section?: { child?: Child };

  constructor(
    private readonly config: { cacheDir?: string; preparedDir?: string; idleMs: number; startDeadlineMs: number },
  ) {}

  /** The running child, started now if there is none; `startedNow` when this call started it. */
  private async ensure(onProgress?: (message: string) => void): Promise<{ child: Child; running: Running; startedNow: boolean }> {
    const startedNow = !this.child;
    if (!this.child) {
      onProgress?.(`starting the embedded PostgreSQL (${START_ESTIMATE})…`);
      this.child = this.spawn();
    }
    const child = this.child;
    if (onProgress) child.progress.add(onProgress);
    try {
      return { child, running: await child.ready, startedNow };
    } finally {
      if (onProgress) child.progress.delete(onProgress);
    }
  }

  /** Starts the child if it is not running (then idles out like after a call). */
  async start(onProgress?: (message: string) => void): Promise<{ running: Running; startedNow: boolean }> {
    this.clearIdle();
    try {
      return await this.ensure(onProgress);
    } finally {
      this.armIdle();
    }
  }

  async call(request: Call, deadlineMs: number, onProgress?: (message: string) => void): Promise<{ rows: Row[]; running: Running; startedNow: boolean }> {
    const section = this.section;
    if (section?.child && section.child !== this.child) {
      throw section.child.failure ?? new DatabaseError('The embedded PostgreSQL was stopped during this run; its transaction is gone.', { fatal: true });
    }
    this.clearIdle();
    const { child, running, startedNow } = await this.ensure(onProgress);
    if (section && !section.child) section.child = child;
    const id = this.nextId++;
    try {
      const rows = await new Promise<Row[]>((resolve, reject) => {
        if (child.failure) return reject(child.failure);
        const timer = setTimeout(() => {
          this.stop(
            child,
            new DatabaseError(
              `The embedded PostgreSQL did not finish a statement within ${formatSeconds(deadlineMs)}, so it was stopped ` +
                '(something in the document runs too long, such as pg_sleep in a default or check); it starts afresh on the next run.',
              { code: '57014', fatal: true },
            ),
          );
        }, deadlineMs);
        child.pending.set(id, { resolve, reject, timer });
        this.send(child, { ...request, id });
      });
      return { rows, running, startedNow };
    } finally {
      this.armIdle();
    }
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      this.section = {};
      try {
        return await work();
      } finally {
        this.section = undefined;
        this.armIdle();
      }
    });
  }

  /** Kills the running child now, failing its calls with `error` (a cancelled run). */
  abort(error: DatabaseError): void {
    if (this.child) this.stop(this.child, error);
  }

  /** Is a child running now (its pid), for tests and the bench. */
  pid(): number | undefined {
    return this.child?.process.pid;
  }

  /** Stops the child (it exits at once; nothing in it needs saving) and waits until it is gone. */
  async close(): Promise<void> {
    this.clearIdle();
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    this.fail(child, new DatabaseError('The embedded PostgreSQL was closed.', { fatal: true }));
    if (child.process.exitCode !== null || child.process.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
    // Held open until the exit is seen (the child is unref'd, so this process could end first).
    child.process.ref();
    if (child.process.connected) child.process.send({ kind: 'close' } satisfies HostRequest, () => undefined);
    else child.process.kill('SIGKILL');
    const kill = setTimeout(() => child.process.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(kill);
  }

  private spawn(): Child {
    const began = Date.now();
    const { file, execArgv } = hostEntry();
    const process_ = fork(file, [], {
      execArgv,
      serialization: 'advanced',
      // stdout stays closed: the language server's own stdout may be its LSP channel.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    // Neither the child nor its channel keeps this process alive; a call's deadline timer does
    // while the call runs, and an exiting parent takes the child with it (it exits on disconnect).
    process_.unref();
    process_.channel?.unref();
    let readyResolve!: (running: Running) => void;
    let rejectReady!: (error: DatabaseError) => void;
    const ready = new Promise<Running>((resolve, reject) => {
      readyResolve = resolve;
      rejectReady = reject;
    });
    // Nobody may be waiting on `ready` when it fails (a failed start is reported to the callers that are).
    ready.catch(() => undefined);
    const child: Child = { process: process_, ready, rejectReady, pending: new Map(), stderr: '', progress: new Set() };
    const stderr = process_.stderr as Socket | null;
    stderr?.unref();
    stderr?.on('data', (chunk: Buffer) => {
      child.stderr = (child.stderr + chunk.toString()).slice(-2000);
    });
    const startTimer = setTimeout(() => {
      this.stop(child, new DatabaseError(`The embedded PostgreSQL did not start within ${formatSeconds(this.config.startDeadlineMs)}, so it was stopped.`, { fatal: true }));
    }, this.config.startDeadlineMs);
    const clearStartTimer = () => clearTimeout(startTimer);
    ready.then(clearStartTimer, clearStartTimer);

    process_.on('message', (reply: HostReply) => {
      switch (reply.kind) {
        case 'progress':
          for (const listener of child.progress) listener(reply.message);
          return;
        case 'started':
          readyResolve({
            start: { mode: reply.mode, ms: Date.now() - began, dataDirFile: reply.dataDirFile, pid: process_.pid ?? 0 },
            version: reply.version,
          });
          return;
        case 'start-failed':
          this.fail(child, new DatabaseError(`The embedded PostgreSQL (PGlite) failed to start: ${reply.message}`, { fatal: true }));
          return;
        case 'result':
        case 'failed': {
          const pending = child.pending.get(reply.id);
          if (!pending) return;
          child.pending.delete(reply.id);
          clearTimeout(pending.timer);
          if (reply.kind === 'result') pending.resolve(reply.rows);
          else pending.reject(fromPostgresError(reply.error) ?? new DatabaseError(reply.error.message));
        }
      }
    });
    process_.on('error', (error) => {
      this.fail(child, new DatabaseError(`The embedded PostgreSQL could not be run: ${error.message}`, { fatal: true }));
    });
    process_.on('exit', (code, signal) => {
      const stderr = child.stderr.trim().split('\n').slice(-3).join(' ').trim();
      const how = signal ? `was stopped (${signal})` : `exited (code ${code})`;
      this.fail(child, new DatabaseError(`The embedded PostgreSQL ${how} unexpectedly${stderr ? `: ${stderr}` : ''}.`, { fatal: true }));
    });
    this.send(child, { kind: 'start', options: { cacheDir: this.config.cacheDir, preparedDir: this.config.preparedDir } });
    return child;
  }

  /** A message to the child; if its channel is gone, the child is. */
  private send(child: Child, request: HostRequest): void {
    child.process.send(request, (error) => {
      if (error) this.stop(child, new DatabaseError(`The embedded PostgreSQL stopped answering: ${error.message}`, { fatal: true }));
    });
  }

  /** Kills the child now: its calls fail with `error`, and the next call starts a new one. */
  private stop(child: Child, error: DatabaseError): void {
    this.fail(child, error);
    child.process.kill('SIGKILL');
  }

  /** Fails every call on `child` (the first failure wins) and forgets it. */
  private fail(child: Child, error: DatabaseError): void {
    if (this.child === child) this.child = undefined;
    if (child.failure) return;
    child.failure = error;
    child.rejectReady(error);
    for (const pending of child.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    child.pending.clear();
  }

  private armIdle(): void {
    this.clearIdle();
    if (!this.child || this.section || this.child.pending.size > 0) return;
    this.idleTimer = setTimeout(() => void this.close(), this.config.idleMs);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** The shared child per cache folder ('' for none), for the life of the process. */
const sharedProcesses = new Map<string, PgliteProcess>();

export class PgliteDatabase implements Database {
  private readonly host: PgliteProcess;
  private readonly deadlineMs: number;
  /** What this handle saw: the version, and the start it caused (for `describe`). */
  private version?: string;
  private startedHere?: PgliteStart;
  private closed = false;
  /** Calls of this handle still running (close() stops the child under them). */
  private running = 0;

  constructor(private readonly options: PgliteOptions = {}) {
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    const config = {
      cacheDir: options.cacheDir,
      preparedDir: options.preparedDir ?? defaultPreparedDir(),
      idleMs: options.idleMs ?? DEFAULT_IDLE_MS,
      startDeadlineMs: options.startDeadlineMs ?? DEFAULT_START_DEADLINE_MS,
    };
    if (options.private) this.host = new PgliteProcess(config);
    else {
      const key = options.cacheDir ?? '';
      let shared = sharedProcesses.get(key);
      if (!shared) sharedProcesses.set(key, (shared = new PgliteProcess(config)));
      this.host = shared;
    }
  }

  /** Starts PostgreSQL now if it is not running (it starts on first use otherwise) and says how the running one started. */
  async start(): Promise<PgliteStart> {
    this.checkOpen();
    const { running, startedNow } = await this.host.start(this.options.onProgress);
    this.saw(running, startedNow);
    return running.start;
  }

  async query<T extends Row = Row>(sql: string, params?: unknown[]): Promise<T[]> {
    return (await this.call({ kind: 'query', sql, params })) as T[];
  }

  async exec(sql: string): Promise<void> {
    await this.call({ kind: 'exec', sql });
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.host.exclusive(work);
  }

  /**
   * Stops a private child; the shared one stays up for the next handle until it idles out (see
   * `closeWarmPglite`). Closing while a call of this handle still runs is how a caller cancels
   * it: PGlite cannot be interrupted, so the child is stopped (and the call fails).
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.running > 0) this.host.abort(new DatabaseError('The run was cancelled, and the embedded PostgreSQL stopped under it.', { fatal: true }));
    if (this.options.private) await this.host.close();
  }

  /** `embedded PostgreSQL 18.6 (PGlite 0.5.16)`, and how it started when this handle started it (never a stale start). */
  describe(): string {
    if (!this.version) return 'embedded PostgreSQL (PGlite), not started yet';
    const start = this.startedHere;
    if (!start) return `embedded ${this.version}`;
    const seconds = `${(start.ms / 1000).toFixed(1)} s`;
    const how = start.mode === 'prepared' ? `started in ${seconds}` : start.mode === 'cached' ? `started from its cache in ${seconds}` : `first start (initdb) in ${seconds}`;
    return `embedded ${this.version}, ${how}`;
  }

  /** The pid of the child running PostgreSQL now, if one is. */
  processId(): number | undefined {
    return this.host.pid();
  }

  private async call(request: Call): Promise<Row[]> {
    this.checkOpen();
    this.running++;
    try {
      const { rows, running, startedNow } = await this.host.call(request, this.deadlineMs, this.options.onProgress);
      this.saw(running, startedNow);
      return rows;
    } catch (error) {
      throw error instanceof DatabaseError ? error : new DatabaseError(error instanceof Error ? error.message : String(error));
    } finally {
      this.running--;
    }
  }

  private saw(running: Running, startedNow: boolean): void {
    this.version = running.version;
    if (startedNow) this.startedHere = running.start;
  }

  private checkOpen(): void {
    if (this.closed) throw new DatabaseError('This embedded database handle is closed', { fatal: true });
  }
}

/** Stops every shared child (process shutdown, end of a CLI run or a test file). */
export async function closeWarmPglite(): Promise<void> {
  const processes = [...sharedProcesses.values()];
  sharedProcesses.clear();
  await Promise.all(processes.map((p) => p.close()));
}
