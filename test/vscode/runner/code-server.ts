// code-server: VS Code's own server and web workbench, with a Node extension host. Started
// on a free loopback port with a fresh user-data-dir and extensions-dir for each run.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runBounded } from './workspace';

const START_TIMEOUT_MS = 60_000;

export interface CodeServer {
  port: number;
  logFile: string;
  /** Resolves with a message if the server exits before stop() is called. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** User settings that keep the workbench quiet: no welcome page, no update or marketplace checks. */
function writeUserSettings(userDataDir: string): void {
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'files.autoSave': 'off',
  };
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

async function waitUntilHealthy(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited while starting (code ${child.exitCode ?? child.signalCode}); see ${logFile}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer on 127.0.0.1:${port}/healthz within ${START_TIMEOUT_MS / 1000} s; see ${logFile}`);
}

/**
 * Installs a .vsix the way a user does, into `extensionsDir`. It validates the package
 * (manifest, engine) as VS Code does for users, and unpacks exactly the files that ship.
 */
export async function installVsix(entry: string, vsix: string, extensionsDir: string, userDataDir: string): Promise<string> {
  return runBounded(
    process.execPath,
    [entry, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir],
    120_000,
  );
}

export async function startCodeServer(options: {
  entry: string;
  runFolder: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
}): Promise<CodeServer> {
  const port = await freeLoopbackPort();
  const userDataDir = path.join(options.runFolder, 'user-data');
  const extensionsDir = path.join(options.runFolder, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir);
  // Its own config file: a user's ~/.config/code-server/config.yaml (password, cert,
  // bind-addr) must neither change the test server nor be created by it.
  const configFile = path.join(options.runFolder, 'code-server.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile);

  const child = spawn(
    process.execPath,
    [
      options.entry,
      '--config', configFile,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`, // loopback only
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      options.workspace,
    ],
    {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: stop() ends the extension host and the language server too
    },
  );
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });

  let stopping = false;
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => {
      if (!stopping) resolve(`code-server exited unexpectedly (${signal ?? `code ${code}`}); see ${options.logFile}`);
    });
  });

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const killed = await Promise.race([done.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      if (!killed) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    log.end();
  };

  try {
    await waitUntilHealthy(port, child, options.logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, logFile: options.logFile, exited, stop };
}
