/**
 * Where the embedded PostgreSQL's data directory comes from. Runs in the child process
 * (pglite-host.ts), never in the language server.
 *
 * Starting PGlite from nothing runs initdb inside WebAssembly: ~3 s on an idle machine, 8–35 s
 * on a busy or slow one. A dump of a freshly initialised data directory loads in a fraction of
 * that, so in order of preference:
 *  1. `prepared`: a dump made when the extension was built (`node esbuild.mjs` writes
 *     dist/pglite-datadir-<build>.tar, and the .vsix carries it: ~38 MB, ~4 MB zipped), so even
 *     the very first validation after installing skips initdb;
 *  2. `cached`: the dump a previous cold start wrote to the cache folder (the extension's global
 *     storage, or ~/.cache/data-model/pglite for the CLI);
 *  3. `cold`: initdb, after which the dump is written to the cache folder for next time.
 * Dumps carry the PGlite build in their name, so an upgrade never loads a foreign one.
 * Why a dump and not PGlite's on-disk data directory? Two VS Code windows share the global
 * storage, and two processes opening one data directory would corrupt it. A dump is only ever
 * read (written once, atomically, by rename), each process works in memory, and validation rolls
 * everything back anyway, so nothing needs to be written back.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { HostOptions, PgliteStartMode } from './pglite-protocol';

// Required on first use, not at import: the module pulls in ~10 MB of WebAssembly. Its
// CommonJS entry is used (a dynamic import() breaks under loaders that rewrite modules, such as
// tsx), and it stays external to the bundle (see esbuild.mjs).
function loadPgliteModule(): typeof import('@electric-sql/pglite') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
}

/** What a cold start costs, said to the user before it begins (measured: 3 s idle, 34–108 s with both cores overloaded). */
export const COLD_START_ESTIMATE = 'once; about 5–30 s, longer on a busy machine';

export interface OpenedPglite {
  pglite: PGlite;
  mode: PgliteStartMode;
  dataDirFile?: string;
}

/** Opens PGlite from the best data directory available (see the module comment). */
export async function openPglite(options: HostOptions, progress: (message: string) => void): Promise<OpenedPglite> {
  const { PGlite } = loadPgliteModule();
  const build = await pgliteBuildId();
  const candidates: { mode: PgliteStartMode; file: string }[] = [];
  if (options.preparedDir) candidates.push({ mode: 'prepared', file: dumpFileIn(options.preparedDir, build) });
  if (options.cacheDir) candidates.push({ mode: 'cached', file: dumpFileIn(options.cacheDir, build) });

  for (const { mode, file } of candidates) {
    const dump = await readFile(file).catch(() => undefined);
    if (!dump) continue;
    try {
      return { pglite: await PGlite.create({ loadDataDir: tarBlob(dump) }), mode, dataDirFile: file };
    } catch {
      // A damaged cache: forget it (a cold start writes a fresh one). A prepared dump is the
      // extension's own file and is left alone.
      if (mode === 'cached') await rm(file, { force: true });
    }
  }

  progress(`first run: preparing the embedded PostgreSQL's data directory (${COLD_START_ESTIMATE})…`);
  const pglite = await PGlite.create();
  // Dumped before anyone has run a statement, so the cache holds a pristine cluster.
  const cacheFile = options.cacheDir ? dumpFileIn(options.cacheDir, build) : undefined;
  const written = cacheFile !== undefined && (await writeDump(pglite, cacheFile));
  return { pglite, mode: 'cold', dataDirFile: written ? cacheFile : undefined };
}

/**
 * Makes the prepared data directory in `folder` (at build time), unless this PGlite build's is
 * already there. Returns the file and whether it was written now.
 */
export async function prepareDataDirectory(folder: string): Promise<{ file: string; written: boolean }> {
  const build = await pgliteBuildId();
  const target = dumpFileIn(folder, build);
  // Another PGlite build's dump would only be dead weight in the package.
  const stale = (await readdir(folder).catch(() => [])).filter((name) => /^pglite-datadir-[0-9a-f]+\.tar$/.test(name) && name !== path.basename(target));
  await Promise.all(stale.map((name) => rm(path.join(folder, name), { force: true })));
  if (await stat(target).catch(() => undefined)) return { file: target, written: false };
  const { PGlite } = loadPgliteModule();
  const pglite = await PGlite.create();
  try {
    if (!(await writeDump(pglite, target))) throw new Error(`could not write ${target}`);
  } finally {
    await pglite.close();
  }
  return { file: target, written: true };
}

/** The dump of this PGlite build in a folder (the prepared one beside the bundles, or the cache). */
function dumpFileIn(folder: string, build: string): string {
  return path.join(folder, `pglite-datadir-${build}.tar`);
}

/** Writes the dump atomically; a cache that cannot be written only costs speed, so it is not an error. */
async function writeDump(pglite: PGlite, file: string): Promise<boolean> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const dump = await pglite.dumpDataDir('none');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temporary, Buffer.from(await dump.arrayBuffer()));
    await rename(temporary, file);
    return true;
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
    return false;
  }
}

/** Identifies the installed PGlite build, so an upgrade never loads a dump made by another version. */
export async function pgliteBuildId(): Promise<string> {
  const entry = require.resolve('@electric-sql/pglite');
  const files = ['pglite.wasm', 'pglite.data'].map((f) => path.join(path.dirname(entry), f));
  const sizes = await Promise.all(files.map(async (f) => (await stat(f).catch(() => undefined))?.size ?? 0));
  return createHash('sha256').update(sizes.join(':')).digest('hex').slice(0, 12);
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
