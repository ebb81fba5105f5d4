/**
 * The packaged client: its size, what it must not contain, and the cost of loading it and
 * calling `activate()`, measured two ways:
 *  - inside a real VS Code (code-server, as the in-VS Code suite runs it): the extension is
 *    installed from the .vsix and activated by the sample workspace; activate() returns its own
 *    timing, from the bundle's first line to its end (see client/src/extension.ts), which the
 *    suite writes to its results file. This is the figure the target is about;
 *  - in a bare node process, where `vscode` is answered by a stand-in (a Proxy whose every member
 *    is a no-op function returning another stand-in): only our own work, without VS Code's side
 *    of the calls, and without the rest of the machine's load; a cheap cross-check.
 * The language server starts after activation (`client.start()` is not awaited), so neither
 * figure includes it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median, ms } from './stats';

const root = path.resolve(__dirname, '../..');

/** The client as packaged: from the .vsix when there is one (minified), else dist/. */
function packagedClient(): { source: string; code: Buffer } {
  const vsix = path.join(root, 'data-model.vsix');
  if (existsSync(vsix)) {
    try {
      const code = execFileSync('unzip', ['-p', vsix, 'extension/dist/client.js'], { maxBuffer: 64 * 1024 * 1024 });
      if (code.length > 0) return { source: 'data-model.vsix: extension/dist/client.js', code };
    } catch {
      // fall through to dist/
    }
  }
  return { source: 'dist/client.js', code: readFileSync(path.join(root, 'dist/client.js')) };
}

/** Any mention of mermaid; for PGlite its package or class (the client names a `pglite` cache folder, which is not PGlite). */
const MERMAID_CODE = /mermaid/i;
const PGLITE_CODE = /@electric-sql\/pglite|PGlite/;

const CHILD = String.raw`
const Module = require('node:module');
const stand = () => new Proxy(function () {}, {
  get: (target, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : stand()),
  apply: () => stand(),
  construct: () => stand(),
});
// esbuild's CommonJS interop copies the module's own properties, so the stand-in must have
// the members the bundle uses as own properties.
const bundleText = require('node:fs').readFileSync(process.argv[1], 'utf8');
const vscode = {};
// The language client reaches the module under other local names (code.X, vscode_1.X): every
// member name in the bundle is offered, which is harmless since each is a no-op.
for (const match of bundleText.matchAll(/\.([A-Za-z_$][\w$]*)/g)) {
  if (!['__esModule', 'default', 'then'].includes(match[1])) vscode[match[1]] = stand();
}
vscode.version = '1.100.3'; // the language client checks the engine version
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, request === 'vscode' ? undefined : rest[0], rest[1]); };
const file = process.argv[1];
const t0 = performance.now();
const extension = require(file);
const t1 = performance.now();
const context = { subscriptions: [], asAbsolutePath: (p) => require('node:path').join(require('node:path').dirname(file), '..', p), globalStorageUri: { fsPath: '/tmp/bench-global-storage' }, secrets: stand(), extensionUri: stand(), extensionPath: require('node:path').dirname(file) };
let activateMs;
let activateError;
const t2 = performance.now();
Promise.resolve()
  .then(() => extension.activate(context))
  .then(() => { activateMs = performance.now() - t2; }, (error) => { activateError = String(error && error.message || error); })
  .finally(() => { console.log(JSON.stringify({ requireMs: t1 - t0, activateMs, activateError, subscriptions: context.subscriptions.length })); process.exit(0); });
`;

/** Runs the in-VS Code suite's activation test once per round, each in a new code-server. */
function inVsCodeFigures(rounds: number) {
  const vsix = path.join(root, 'data-model.vsix');
  const folder = mkdtempSync(path.join(os.tmpdir(), 'bench-activation-'));
  try {
    const samples = Array.from({ length: rounds }, (_, round) => {
      const results = path.join(folder, `results-${round}.json`);
      const args = ['test/vscode/run.mjs', ...(existsSync(vsix) ? ['--vsix', vsix] : []), '--grep', 'Activation', '--results', results];
      const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 600_000 });
      const summary = existsSync(results) ? (JSON.parse(readFileSync(results, 'utf8')) as { passed: number; activation?: { loadMs: number; activateMs: number; totalMs: number }; host?: string }) : undefined;
      if (run.status !== 0 || !summary?.activation) {
        throw new Error(`the in-VS Code activation run failed: ${(run.stdout + run.stderr).split('\n').slice(-15).join('\n')}`);
      }
      return { ...summary.activation, host: summary.host };
    });
    const totalMs = median(samples.map((s) => s.totalMs));
    return {
      extension: existsSync(vsix) ? 'installed from data-model.vsix' : 'source folder (no .vsix: run npm run package)',
      host: samples[0]?.host,
      runs: rounds,
      bundleLoadMs: ms(median(samples.map((s) => s.loadMs))),
      activateMs: ms(median(samples.map((s) => s.activateMs))),
      totalMs: ms(totalMs),
      samplesTotalMs: samples.map((s) => s.totalMs),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export function activationFigures(rounds = 5, vsCodeRounds = 3) {
  const { source, code } = packagedClient();
  const text = code.toString('utf8');
  const contains = (word: RegExp) => word.test(text);
  // The packaged bundle itself is loaded (it requires nothing but vscode and Node's own modules).
  const folder = mkdtempSync(path.join(os.tmpdir(), 'bench-client-'));
  const file = path.join(folder, 'client.js');
  writeFileSync(file, code);
  let runs: { requireMs: number; activateMs?: number; activateError?: string; subscriptions: number }[];
  try {
    runs = Array.from({ length: rounds }, () => {
      const output = execFileSync(process.execPath, ['-e', CHILD, file], { encoding: 'utf8', timeout: 60_000 });
      return JSON.parse(output.trim().split('\n').pop()!) as { requireMs: number; activateMs?: number; activateError?: string; subscriptions: number };
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const loadMs = median(runs.map((run) => run.requireMs));
  const activated = runs.filter((run) => run.activateMs !== undefined);
  const activateMs = activated.length ? median(activated.map((run) => run.activateMs!)) : undefined;
  const total = activateMs === undefined ? undefined : loadMs + activateMs;
  const inVsCode = inVsCodeFigures(vsCodeRounds);
  return {
    bundle: source,
    bundleBytes: code.length,
    distClientBytes: readFileSync(path.join(root, 'dist/client.js')).length,
    containsMermaid: contains(MERMAID_CODE),
    containsPglite: contains(PGLITE_CODE),
    inVsCode,
    standIn: {
      runs: rounds,
      loadBundleMs: ms(loadMs),
      activateMs: activateMs === undefined ? null : ms(activateMs),
      activateError: runs.find((run) => run.activateError)?.activateError ?? null,
      loadPlusActivateMs: total === undefined ? null : ms(total),
      subscriptionsRegistered: runs[0]?.subscriptions ?? 0,
      note: 'the packaged client.js loaded in a fresh node process with a no-op stand-in for the vscode module (VS Code itself is not measured)',
    },
    targets: {
      bundleUnder500KB: code.length < 500 * 1024,
      noMermaidOrPglite: !contains(MERMAID_CODE) && !contains(PGLITE_CODE),
      activationInVsCodeUnder100ms: inVsCode.totalMs < 100,
    },
  };
}
