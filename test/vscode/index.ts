// Entry of the in-VS Code suite (extensionTestsPath). VS Code's extension host calls `run()`
// with the real `vscode` API, in code-server as in the desktop app. esbuild bundles this file
// and the test files into out/test/vscode/index.js (mocha stays external, loaded from the
// repository's node_modules).
//
// The suite reports its own results: it writes a JSON file (path in DATA_MODEL_TEST_RESULTS)
// that the runner waits for. That file is written in every outcome — passes, failures, a test
// file that throws while loading, or the suite's own time limit — so the runner is never left
// waiting for a file that will not come.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './extension-id';
import { GREP_ENV, progressFile, RESULTS_ENV, type ActivationFigures, type SuiteResults, type TestResult } from './results';

/** Below the runner's own limit (5 min), so a stuck suite still reports what it has. */
const SUITE_TIME_LIMIT_MS = Number(process.env.DATA_MODEL_TEST_SUITE_TIMEOUT_MS ?? 240_000);

function hostName(): string {
  // code-server's extension host runs under the web workbench (appHost 'web'); the desktop
  // app's under 'desktop'.
  return `${vscode.env.appName} ${vscode.version} (${vscode.env.appHost}, ui: ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`;
}

/** Writes the final results, or (progress) the results so far beside them: if the runner's
 *  time limit strikes first, it still reports which tests had passed or failed. */
function writeResults(results: SuiteResults, progress = false): void {
  const finalFile = process.env[RESULTS_ENV];
  if (!finalFile) {
    if (!progress) console.error(`[data-model tests] ${RESULTS_ENV} is not set; results are only in this log.`);
    return;
  }
  const file = progress ? progressFile(finalFile) : finalFile;
  mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename: the runner polls for the file and must never read half of it.
  const partial = `${file}.partial`;
  writeFileSync(partial, JSON.stringify(results, null, 2));
  renameSync(partial, file);
}

/** The figures the extension exports from activate(), once it is active. */
function activationFigures(): ActivationFigures | undefined {
  const extension = vscode.extensions.getExtension<{ activation?: ActivationFigures }>(EXTENSION_ID);
  return extension?.isActive ? extension.exports?.activation : undefined;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** Loads the test files into mocha. They are required (not imported) so that their top-level
 *  `suite()`/`test()` calls run after mocha has put its TDD globals in place; esbuild still
 *  bundles them, and runs each module's body at this call. */
function loadTestFiles(mocha: Mocha): void {
  const files: [string, () => unknown][] = [
    ['activation.test.ts', () => require('./activation.test')],
    ['generate.test.ts', () => require('./generate.test')],
    ['lint.test.ts', () => require('./lint.test')],
    ['preview.test.ts', () => require('./preview.test')],
    ['discoverability.test.ts', () => require('./discoverability.test')],
    ['validate.test.ts', () => require('./validate.test')],
    ['server-restart.test.ts', () => require('./server-restart.test')],
  ];
  for (const [name, load] of files) {
    mocha.suite.emit('pre-require', globalThis, name, mocha);
    load();
  }
}

export function run(): Promise<void> {
  const grep = process.env[GREP_ENV];
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 90_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  const tests: TestResult[] = [];
  const results = (error?: string): SuiteResults => ({
    host: hostName(),
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: tests.filter((t) => t.state === 'failed').length + (error ? 1 : 0),
    pending: tests.filter((t) => t.state === 'pending').length,
    tests,
    activation: activationFigures(),
    ...(error ? { error } : {}),
  });

  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      const summary = results(error);
      try {
        writeResults(summary);
      } catch (writeError) {
        console.error(`[data-model tests] could not write results: ${describeError(writeError)}`);
      }
      if (summary.failed > 0 || summary.passed === 0) {
        reject(new Error(error ?? `${summary.failed} test(s) failed, ${summary.passed} passed`));
      } else resolve();
    };
    const guard = setTimeout(
      () => finish(`The suite did not finish within ${SUITE_TIME_LIMIT_MS / 1000} s (a test or hook is stuck).`),
      SUITE_TIME_LIMIT_MS,
    );

    try {
      loadTestFiles(mocha);
    } catch (error) {
      finish(`A test file failed to load: ${describeError(error)}`);
      return;
    }
    const record = (result: TestResult) => {
      tests.push(result);
      try {
        writeResults(results(), true);
      } catch {
        // progress is a convenience; the final write reports any problem
      }
    };
    const runner = mocha.run(() => finish());
    runner.on('pass', (test) => {
      record({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 });
    });
    // Also fires for failing hooks (suiteSetup, setup...), which then appear as their own entry.
    runner.on('fail', (test, error: unknown) => {
      record({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: describeError(error) });
    });
    // A skipped test is reported as such and never counted as passed.
    runner.on('pending', (test) => {
      record({ title: test.fullTitle(), state: 'pending', durationMs: 0 });
    });
  });
}
