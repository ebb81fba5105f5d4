import type { SuiteResults } from '../results';

export type HostKind = 'code-server' | 'electron';

export interface RunOptions {
  host: HostKind;
  /** The repository (source mode): its package.json and dist/ are the extension. */
  extensionFolder: string;
  /** --vsix: the packaged extension to test instead of the source folder. */
  vsix?: string;
  /** The sample workspace the copy is made from. */
  sampleWorkspace: string;
  /** The temporary copy the tests run in. */
  workspace: string;
  /** A temporary folder for this run (user data, extensions, results). */
  runFolder: string;
  /** Names the artifacts under test-results/: "source" or "vsix". */
  label: string;
  /** Time limit for the whole suite, from the workbench's start. */
  timeoutMs: number;
  /** Install code-server into .vscode-test/ when missing (default) or fail. */
  install: boolean;
}

export interface HostOutcome {
  hostLabel: string;
  /** The suite's own results, when it reported any. */
  results?: SuiteResults;
  /** Why there are no results (host did not start, time limit...). */
  failure?: string;
  /** Screenshots and logs saved for a failure. */
  artifacts: string[];
  /** Notifications the workbench showed when the run failed. */
  notifications?: string[];
}
