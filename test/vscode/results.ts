// The results file the in-VS Code suite writes and the runner reads. Shared by both sides so
// the shape cannot drift: index.ts (bundled into the extension host) and run/ (Node).

/** Environment variable naming the results file. The runner sets it on the VS Code process
 *  (code-server or the desktop app); the extension host inherits it. */
export const RESULTS_ENV = 'DATA_MODEL_TEST_RESULTS';

/** Environment variable with a mocha --grep pattern: only the tests whose title matches run
 *  (the activation benchmark needs no more than a started workbench). */
export const GREP_ENV = 'DATA_MODEL_TEST_GREP';

/** The extension's own activation figures (its exported `activation`), in milliseconds. */
export interface ActivationFigures {
  loadMs: number;
  activateMs: number;
  totalMs: number;
}

/** Results so far, rewritten after each test; the final file appears only at the end. */
export function progressFile(resultsFile: string): string {
  return `${resultsFile}.progress`;
}

export type TestState = 'passed' | 'failed' | 'pending';

export interface TestResult {
  /** Suite path and test title, e.g. "Data Model: Generate generates data-model.md ...". */
  title: string;
  state: TestState;
  durationMs: number;
  error?: string;
}

export interface SuiteResults {
  /** Which VS Code ran the suite, and its version (from the API). */
  host: string;
  passed: number;
  failed: number;
  pending: number;
  tests: TestResult[];
  /** How long the extension took to activate in this VS Code, when it did activate. */
  activation?: ActivationFigures;
  /** Set when the suite could not run or finish at all (load error, global time limit). */
  error?: string;
}

export function isSuiteResults(value: unknown): value is SuiteResults {
  const v = value as Partial<SuiteResults> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.passed === 'number' &&
    typeof v.failed === 'number' &&
    Array.isArray(v.tests)
  );
}
