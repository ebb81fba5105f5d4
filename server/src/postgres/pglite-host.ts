/**
 * The child process that runs the embedded PostgreSQL (bundled as dist/pglite-host.js).
 *
 * PGlite is WebAssembly on the JavaScript thread: a statement that runs long (`pg_sleep` in a
 * document's default) blocks that thread for as long as it runs, and a started cluster holds
 * a few hundred MB. Here it blocks and holds only this process, which the parent kills when a
 * call passes its deadline and stops after an idle minute (see pglite-database.ts).
 *
 * Forked with an IPC channel: answers HostRequests one at a time, in order, with HostReplies.
 * `node pglite-host.js --prepare <folder>` instead writes the prepared data directory there
 * (esbuild.mjs runs it at build time) and exits.
 */
import type { PGlite } from '@electric-sql/pglite';
import { openPglite, prepareDataDirectory } from './pglite-data-directory';
import type { HostError, HostReply, HostRequest } from './pglite-protocol';

function send(reply: HostReply): void {
  process.send?.(reply);
}

/** PostgreSQL's error fields, or the message of anything else. */
function errorFields(error: unknown): HostError {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const e = error as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    message: text(e.message) ?? String(error),
    code: text(e.code),
    position: typeof e.position === 'number' ? e.position : text(e.position),
    detail: text(e.detail),
    hint: text(e.hint),
    severity: text(e.severity),
  };
}

function serve(): void {
  let pglite: PGlite | undefined;

  async function handle(request: HostRequest): Promise<void> {
    switch (request.kind) {
      case 'start':
        try {
          const opened = await openPglite(request.options, (message) => send({ kind: 'progress', message }));
          pglite = opened.pglite;
          const rows = (await pglite.query<{ version: string }>('SELECT version()')).rows;
          const version = (rows[0]?.version ?? 'PostgreSQL').replace(/ on .*$/, '');
          send({ kind: 'started', mode: opened.mode, dataDirFile: opened.dataDirFile, version });
        } catch (error) {
          send({ kind: 'start-failed', message: errorFields(error).message });
          process.exit(1);
        }
        return;
      case 'query':
      case 'exec':
        try {
          if (!pglite) throw new Error('the embedded PostgreSQL was asked to run a statement before it started');
          if (request.kind === 'query') send({ kind: 'result', id: request.id, rows: (await pglite.query(request.sql, request.params)).rows as Record<string, unknown>[] });
          else {
            await pglite.exec(request.sql);
            send({ kind: 'result', id: request.id, rows: [] });
          }
        } catch (error) {
          send({ kind: 'failed', id: request.id, error: errorFields(error) });
        }
        return;
      case 'close':
        // Handled on arrival (see below); never queued.
        return;
    }
  }

  // One at a time, in order: PGlite has one session, and BEGIN … ROLLBACK must stay in order.
  let tail = Promise.resolve();
  process.on('message', (request: HostRequest) => {
    // Not queued behind other requests: the cluster is in memory and validation rolls everything
    // back, so there is nothing to save. (A statement still running blocks this thread; the
    // parent kills the process if it has not exited 2 s after asking.)
    if (request.kind === 'close') process.exit(0);
    tail = tail.then(() => handle(request));
  });
  // The parent is gone (closed, crashed or killed): nobody is left to answer.
  process.on('disconnect', () => process.exit(0));
}

async function prepare(folder: string): Promise<void> {
  const began = Date.now();
  const { file, written } = await prepareDataDirectory(folder);
  console.log(written ? `prepared the embedded PostgreSQL's data directory in ${Date.now() - began} ms: ${file}` : `prepared data directory up to date: ${file}`);
  // PGlite may leave handles behind after close; nothing more is to be done.
  process.exit(0);
}

const prepareAt = process.argv.indexOf('--prepare');
if (prepareAt >= 0) {
  prepare(process.argv[prepareAt + 1] ?? '.').catch((error: unknown) => {
    console.error(`could not prepare the embedded PostgreSQL's data directory: ${errorFields(error).message}`);
    process.exitCode = 1;
  });
} else if (process.send) serve();
else {
  console.error('pglite-host runs as a child process of the Data Model language server or CLI (or with --prepare <folder>).');
  process.exitCode = 2;
}
