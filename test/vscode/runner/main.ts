// Runs the in-VS Code suite (test/vscode/index.ts, bundled to out/test/vscode/index.js) in a
// real VS Code and prints its results. Entry point: test/vscode/run.mjs.
//
//   node test/vscode/run.mjs                      the source folder (npm run build first)
//   node test/vscode/run.mjs --vsix data-model.vsix   the packaged extension (npm run package first)
//
// Options:
//   --host code-server|electron   which VS Code (default: $DATA_MODEL_TEST_HOST, else code-server)
//   --workspace DIR               sample workspace to copy (default: examples/label-suite)
//   --results FILE                also write the results JSON (passed, failed, tests) there
//   --timeout SECONDS             time limit for the suite (default 300)
//   --grep PATTERN                run only the tests whose full title matches (mocha's grep)
//   --no-install                  fail instead of installing code-server when it is missing
//   --keep                        keep the temporary folder (workspace copy, user data)
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GREP_ENV, type SuiteResults } from '../results';
import { runOnCodeServer } from './host-code-server';
import { runOnElectron } from './host-electron';
import type { HostKind, HostOutcome, RunOptions } from './options';
import { repoRoot, suiteBundle } from './paths';
import { copyWorkspace, defaultSampleWorkspace, makeRunFolder, removeRunFolder } from './workspace';

class UsageError extends Error {}

function pickHost(requested: string | undefined): HostKind {
  const host = requested ?? process.env.DATA_MODEL_TEST_HOST ?? 'code-server';
  if (host !== 'code-server' && host !== 'electron') {
    throw new UsageError(`unknown host "${host}": use code-server or electron`);
  }
  return host;
}

/** The suite bundle must exist and be newer than the suite's sources: testing stale code
 *  passes or fails for the wrong reasons. */
function checkBuild(vsix: string | undefined): void {
  if (!existsSync(suiteBundle)) {
    throw new UsageError(`${path.relative(repoRoot, suiteBundle)} is missing: run npm run build first`);
  }
  const bundleTime = statSync(suiteBundle).mtimeMs;
  const sources = readdirSync(path.join(repoRoot, 'test', 'vscode')).filter((name) => name.endsWith('.ts'));
  const newer = sources.filter((name) => statSync(path.join(repoRoot, 'test', 'vscode', name)).mtimeMs > bundleTime);
  if (newer.length > 0) {
    throw new UsageError(`${path.relative(repoRoot, suiteBundle)} is older than ${newer.join(', ')}: run npm run build first`);
  }
  if (vsix) {
    if (!existsSync(vsix)) throw new UsageError(`${vsix} does not exist: run npm run package first`);
  } else if (!existsSync(path.join(repoRoot, 'dist', 'client.js'))) {
    throw new UsageError('dist/client.js is missing: run npm run build first');
  }
}

function firstLines(text: string, count: number): string {
  return text.split('\n').slice(0, count).join('\n');
}

function printResults(outcome: HostOutcome, results: SuiteResults | undefined): { passed: number; failed: number; skipped: number } {
  console.log('');
  if (results) {
    console.log(`suite ran in: ${results.host}`);
    for (const test of results.tests) {
      const mark = test.state === 'passed' ? 'PASS' : test.state === 'failed' ? 'FAIL' : 'SKIP';
      console.log(`  ${mark}  ${test.title}  (${test.durationMs} ms)`);
      if (test.error) console.log(firstLines(test.error, 12).replace(/^/gm, '        '));
    }
    if (results.error) console.log(`  FAIL  ${firstLines(results.error, 12)}`);
    if (results.activation) {
      const { loadMs, activateMs, totalMs } = results.activation;
      console.log(`  activation: ${totalMs} ms (bundle load ${loadMs} ms, activate() ${activateMs} ms)`);
    }
  }
  if (outcome.failure) console.log(`  FAIL  ${outcome.failure}`);
  for (const text of outcome.notifications ?? []) console.log(`  notification on screen: ${firstLines(text, 3)}`);
  for (const artifact of outcome.artifacts) console.log(`  saved: ${path.relative(process.cwd(), artifact)}`);

  const passed = results?.passed ?? 0;
  let failed = (results?.failed ?? 0) + (outcome.failure ? 1 : 0);
  if (passed === 0 && failed === 0) {
    console.log('  FAIL  no test ran');
    failed = 1;
  }
  const skipped = results?.pending ?? 0;
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return { passed, failed, skipped };
}

export async function main(argv: string[]): Promise<number> {
  let options: RunOptions;
  let keep = false;
  let resultsCopy: string | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        vsix: { type: 'string' },
        host: { type: 'string' },
        workspace: { type: 'string' },
        results: { type: 'string' },
        timeout: { type: 'string' },
        'no-install': { type: 'boolean' },
        keep: { type: 'boolean' },
        grep: { type: 'string' },
      },
      strict: true,
    });
    const vsix = values.vsix ? path.resolve(values.vsix) : undefined;
    checkBuild(vsix);
    const timeoutSeconds = Number(values.timeout ?? 300);
    if (!(timeoutSeconds > 0)) throw new UsageError(`--timeout must be a number of seconds, got ${values.timeout}`);
    const sampleWorkspace = path.resolve(values.workspace ?? defaultSampleWorkspace());
    if (!existsSync(sampleWorkspace)) throw new UsageError(`--workspace ${sampleWorkspace} does not exist`);
    // The extension host inherits the environment of the VS Code the hosts start.
    if (values.grep) process.env[GREP_ENV] = values.grep;
    const runFolder = makeRunFolder();
    keep = values.keep ?? false;
    resultsCopy = values.results ? path.resolve(values.results) : undefined;
    options = {
      host: pickHost(values.host),
      extensionFolder: repoRoot,
      vsix,
      sampleWorkspace,
      workspace: copyWorkspace(sampleWorkspace, runFolder),
      runFolder,
      label: vsix ? 'vsix' : 'source',
      timeoutMs: timeoutSeconds * 1000,
      install: !values['no-install'],
    };
  } catch (error) {
    console.error(`test/vscode/run: ${error instanceof Error ? error.message : error}`);
    console.log('0 passed, 1 failed');
    return 1;
  }

  const started = Date.now();
  console.log(`in-VS Code suite: ${options.vsix ? `packaged extension ${options.vsix}` : 'source folder'}, host ${options.host}`);
  let outcome: HostOutcome;
  try {
    outcome = options.host === 'electron' ? await runOnElectron(options) : await runOnCodeServer(options);
  } catch (error) {
    outcome = { hostLabel: options.host, failure: error instanceof Error ? error.message : String(error), artifacts: [] };
  } finally {
    if (keep) console.log(`kept ${options.runFolder}`);
    else removeRunFolder(options.runFolder);
  }
  const totals = printResults(outcome, outcome.results);
  console.log(`(${options.host}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (resultsCopy) {
    mkdirSync(path.dirname(resultsCopy), { recursive: true });
    const summary = {
      mode: options.label,
      host: outcome.hostLabel,
      ...totals,
      tests: outcome.results?.tests ?? [],
      activation: outcome.results?.activation,
      ...(outcome.failure || outcome.results?.error ? { error: outcome.failure ?? outcome.results?.error } : {}),
    };
    writeFileSync(resultsCopy, JSON.stringify(summary, null, 2) + '\n');
  }
  return totals.failed > 0 ? 1 : 0;
}
