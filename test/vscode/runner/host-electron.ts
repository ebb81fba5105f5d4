// Runs the suite in a desktop VS Code through @vscode/test-electron's runTests(), for machines
// that have one or can download one (a developer's laptop, a public CI with internet).
// Chosen with DATA_MODEL_TEST_HOST=electron or --host electron; DATA_MODEL_VSCODE_EXECUTABLE
// points at an installed VS Code so nothing is downloaded.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  downloadAndUnzipVSCode,
  resolveCliArgsFromVSCodeExecutablePath,
  runTests,
} from '@vscode/test-electron';
import { isSuiteResults, RESULTS_ENV } from '../results';
import type { HostOutcome, RunOptions } from './options';
import { suiteBundle } from './paths';
import { installedExtensionFolder, runBounded } from './workspace';

export async function runOnElectron(options: RunOptions): Promise<HostOutcome> {
  const resultsFile = path.join(options.runFolder, 'results.json');
  let executable = process.env.DATA_MODEL_VSCODE_EXECUTABLE;
  if (!executable) {
    try {
      executable = await downloadAndUnzipVSCode();
    } catch (error) {
      throw new Error(
        `@vscode/test-electron could not download VS Code (${error instanceof Error ? error.message : error}). ` +
          'Set DATA_MODEL_VSCODE_EXECUTABLE to an installed VS Code, or use the code-server host (the default).',
      );
    }
  }
  const hostLabel = `desktop VS Code (${executable}) via @vscode/test-electron`;

  let extension = options.extensionFolder;
  if (options.vsix) {
    // Same choice as on code-server: install the package as a user would, then load the
    // installed folder as the development extension so the suite can still be attached.
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable);
    const installDir = path.join(options.runFolder, 'installed-extensions');
    await runBounded(cli, [...cliArgs, '--install-extension', options.vsix, '--extensions-dir', installDir], 120_000);
    extension = installedExtensionFolder(installDir);
  }
  console.log(`host: ${hostLabel}`);
  console.log(`extension: ${extension}${options.vsix ? ` (installed from ${options.vsix})` : ' (source folder)'}`);
  console.log(`workspace: ${options.workspace} (temporary copy of ${options.sampleWorkspace})`);

  let timer: NodeJS.Timeout | undefined;
  const timeLimit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`VS Code did not finish the suite within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
  });
  try {
    await Promise.race([
      runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: extension,
        extensionTestsPath: suiteBundle,
        extensionTestsEnv: { [RESULTS_ENV]: resultsFile },
        launchArgs: [
          options.workspace,
          '--user-data-dir', path.join(options.runFolder, 'user-data'),
          '--extensions-dir', path.join(options.runFolder, 'extensions'),
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
        ],
      }).catch(() => undefined), // a non-zero exit is reported through the results file below
      timeLimit,
    ]);
  } catch (error) {
    return { hostLabel, failure: error instanceof Error ? error.message : String(error), artifacts: [] };
  } finally {
    clearTimeout(timer);
  }
  if (!existsSync(resultsFile)) {
    return { hostLabel, failure: 'VS Code exited without writing test results (the suite did not load?)', artifacts: [] };
  }
  const parsed: unknown = JSON.parse(readFileSync(resultsFile, 'utf8'));
  if (!isSuiteResults(parsed)) return { hostLabel, failure: `${resultsFile} is not a results file`, artifacts: [] };
  return { hostLabel, results: parsed, artifacts: [] };
}
