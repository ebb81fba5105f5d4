// Runs the suite in code-server + headless Chromium: the host used on machines that cannot
// download a desktop VS Code (update.code.visualstudio.com is out of reach; npm is not).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CODE_SERVER_VERSION, ensureCodeServer, installedCodeServerVersion } from '../../../scripts/install-code-server';
import { isSuiteResults, progressFile, RESULTS_ENV, type SuiteResults } from '../results';
import { openWorkbench, type Workbench } from './browser';
import { installVsix, startCodeServer, type CodeServer } from './code-server';
import { startWebviewProbeService, type WebviewProbeService } from './webview-probe-service';
import { WEBVIEW_PROBE_ENV } from '../webview-probe';
import type { HostOutcome, RunOptions } from './options';
import { resultsFolder, suiteBundle } from './paths';
import { installedExtensionFolder } from './workspace';

/** Reads the results file once it is complete (index.ts writes it with a rename). */
function readResults(file: string): SuiteResults | undefined {
  if (!existsSync(file)) return undefined;
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isSuiteResults(parsed)) throw new Error(`${file} is not a results file`);
  return parsed;
}

async function waitForResults(file: string, server: CodeServer, timeoutMs: number): Promise<SuiteResults> {
  let serverGone: string | undefined;
  void server.exited.then((message) => (serverGone = message));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const results = readResults(file);
    if (results) return results;
    if (serverGone) throw new Error(serverGone);
    if (Date.now() > deadline) {
      throw new Error(
        `No test results after ${timeoutMs / 1000} s: the suite did not start or hung (extension not activating, test stuck, workbench not loading). See the screenshot and logs in ${resultsFolder}.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * The extension under test, as a folder for extensionDevelopmentPath.
 *
 * --vsix: the package is installed with `code-server --install-extension` into a separate
 * folder, exactly as a user installs it (VS Code validates the manifest and engine, and only
 * the packaged files land there), and that installed folder is then loaded as the development
 * extension. That keeps the test hook (extensionTestsPath is honoured only together with
 * extensionDevelopmentPath) while the code that runs is what users get: a module that the
 * .vsix lacks fails the suite. code-server itself runs with an empty extensions-dir, so the
 * extension is not loaded twice.
 */
async function extensionUnderTest(options: RunOptions, entry: string, runFolder: string): Promise<string> {
  if (!options.vsix) return options.extensionFolder;
  const installDir = path.join(runFolder, 'installed-extensions');
  console.log(`installing ${options.vsix} with code-server --install-extension`);
  await installVsix(entry, options.vsix, installDir, path.join(runFolder, 'install-user-data'));
  return installedExtensionFolder(installDir);
}

export async function runOnCodeServer(options: RunOptions): Promise<HostOutcome> {
  let entry: string;
  if (options.install) {
    entry = await ensureCodeServer();
  } else {
    const installed = installedCodeServerVersion();
    if (installed !== CODE_SERVER_VERSION) {
      throw new Error(
        `code-server ${CODE_SERVER_VERSION} is not installed in .vscode-test/code-server. Install it with: node --import tsx scripts/install-code-server.ts`,
      );
    }
    entry = await ensureCodeServer({ quiet: true });
  }
  const hostLabel = `code-server ${CODE_SERVER_VERSION} + headless Chromium`;
  const { runFolder, workspace, label } = options;
  const resultsFile = path.join(runFolder, 'results.json');
  mkdirSync(resultsFolder, { recursive: true });
  // A screenshot left by an earlier failed run must not be mistaken for this run's.
  for (const name of readdirSync(resultsFolder)) {
    if (name.startsWith(`vscode-${label}-`)) rmSync(path.join(resultsFolder, name), { force: true });
  }
  const serverLog = path.join(resultsFolder, `vscode-${label}-code-server.log`);
  const consoleLog = path.join(resultsFolder, `vscode-${label}-browser-console.log`);

  const extension = await extensionUnderTest(options, entry, runFolder);
  console.log(`host: ${hostLabel}`);
  console.log(`extension: ${extension}${options.vsix ? ` (installed from ${options.vsix})` : ' (source folder)'}`);
  console.log(`workspace: ${workspace} (temporary copy of ${options.sampleWorkspace})`);

  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let webviewProbe: WebviewProbeService | undefined;
  // Where the suite asks the runner to look into webviews (see ../webview-probe.ts).
  const webviewProbeDir = path.join(runFolder, 'webview-probe');
  try {
    server = await startCodeServer({
      entry,
      runFolder,
      workspace,
      // The extension host inherits code-server's environment: that is how the suite learns
      // where to write its results.
      env: { ...process.env, [RESULTS_ENV]: resultsFile, [WEBVIEW_PROBE_ENV]: webviewProbeDir },
      logFile: serverLog,
    });
    const remote = (file: string) => `vscode-remote://localhost:${server!.port}${file}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extension)],
      ['extensionTestsPath', remote(suiteBundle)],
    ];
    // localhost, not 127.0.0.1: webviews need a secure context, which browsers grant localhost.
    const url =
      `http://localhost:${server.port}/?folder=${encodeURIComponent(workspace)}` +
      `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    workbench = await openWorkbench(url);
    webviewProbe = startWebviewProbeService(workbench.page, webviewProbeDir);
    let results: SuiteResults;
    try {
      results = await waitForResults(resultsFile, server, options.timeoutMs);
    } catch (error) {
      // Report the tests that did finish before the time limit or the crash.
      const progress = existsSync(progressFile(resultsFile)) ? readResults(progressFile(resultsFile)) : undefined;
      return {
        hostLabel,
        ...(progress ? { results: progress } : {}),
        failure: error instanceof Error ? error.message : String(error),
        artifacts: await saveArtifacts(),
        notifications: await visibleNotifications(),
      };
    }
    const failed = results.failed > 0 || results.passed === 0;
    if (!failed) return { hostLabel, results, artifacts: [] };
    return { hostLabel, results, artifacts: await saveArtifacts(), notifications: await visibleNotifications() };
  } catch (error) {
    return {
      hostLabel,
      failure: error instanceof Error ? error.message : String(error),
      artifacts: await saveArtifacts(),
      notifications: await visibleNotifications(),
    };
  } finally {
    await webviewProbe?.stop();
    await workbench?.close();
    await server?.stop();
  }

  async function visibleNotifications(): Promise<string[]> {
    try {
      return (await workbench?.notifications()) ?? [];
    } catch {
      return [];
    }
  }

  /** Screenshot of the workbench (notifications show what went wrong) and the logs. */
  async function saveArtifacts(): Promise<string[]> {
    const saved: string[] = [];
    if (workbench) {
      const shot = path.join(resultsFolder, `vscode-${label}-failure.png`);
      try {
        await workbench.screenshot(shot);
        saved.push(shot);
      } catch (error) {
        console.error(`could not take a screenshot: ${error instanceof Error ? error.message : error}`);
      }
      writeFileSync(consoleLog, workbench.consoleLines.join('\n') + '\n');
      saved.push(consoleLog);
    }
    if (existsSync(serverLog)) saved.push(serverLog);
    if (existsSync(resultsFile)) {
      const copy = path.join(resultsFolder, `vscode-${label}-suite-results.json`);
      copyFileSync(resultsFile, copy);
      saved.push(copy);
    }
    return saved;
  }
}
