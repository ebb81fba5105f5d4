// Installs code-server (VS Code's own server + web workbench, from the npm registry) into the
// git-ignored cache folder `.vscode-test/code-server/`, once. It is the VS Code that the
// in-editor test suite runs in on machines that cannot download a desktop VS Code (the npm
// registry is reachable, update.code.visualstudio.com is not). Kept out of package.json on purpose: it compiles native modules for
// about two minutes, and only the in-VS Code tests need it.
//
//   node --import tsx scripts/install-code-server.ts          install when missing or stale
//   node --import tsx scripts/install-code-server.ts --force  reinstall
//
// How (npm 11 runs no dependency's install script unless the project approves it):
//   1. `npm install --ignore-scripts` in the prefix, whose package.json lists the approved
//      packages in `allowScripts`;
//   2. a project `.npmrc` with `allow-scripts=` in the two nested projects that code-server's
//      postinstall runs `npm install` in (lib/vscode, lib/vscode/extensions);
//   3. `npm rebuild`, which runs the approved scripts: argon2's build and code-server's
//      postinstall, whose nested installs build VS Code's native modules.
// Then the key files are checked and a stamp is written: only a finished install counts.
//
// Nothing here downloads from anywhere but the npm registry:
// - @vscode/ripgrep's postinstall would fetch `rg` from GitHub; it first looks in a cache
//   folder under os.tmpdir(), so we put Debian's /usr/bin/rg there as the tarball it expects,
//   inside a private TMPDIR for the install.
// - argon2 and kerberos would try prebuilt binaries from GitHub first; build-from-source makes
//   them compile straight away (with Debian's libkrb5-dev), with no download attempt.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
/** @vscode/ripgrep version pinned by code-server 4.100.3's lib/vscode, and the rg build it wants. */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
/** A fresh install takes about 2-4 minutes on 2 cores; a hang must fail, not stall CI. */
const INSTALL_TIMEOUT_MS = 20 * 60 * 1000;

/**
 * Dependencies whose install scripts must run (npm 11 skips unapproved ones). Reviewed from the
 * shrinkwraps of code-server 4.100.3: code-server's own postinstall (which runs `npm install` in
 * lib/vscode and lib/vscode/extensions), and the native modules those installs build.
 * The windows-* ones are in the list because their scripts are part of a normal install; on
 * Linux their binding.gyp builds nothing.
 */
const PACKAGES_WITH_APPROVED_SCRIPTS = [
  'code-server',
  'argon2',
  '@parcel/watcher',
  '@vscode/deviceid',
  '@vscode/ripgrep',
  '@vscode/spdlog',
  '@vscode/windows-process-tree',
  '@vscode/windows-registry',
  'kerberos',
  'native-watchdog',
  'node-pty',
];

const repoRoot = path.resolve(__dirname, '..');
export const codeServerPrefix = path.join(repoRoot, '.vscode-test', 'code-server');
/** Written last, so an interrupted install is detected and redone. */
const stampFile = (prefix: string) => path.join(prefix, '.install-complete');

export function codeServerEntry(prefix = codeServerPrefix): string {
  return path.join(prefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** The installed version, or undefined when the install is missing or did not finish. */
export function installedCodeServerVersion(prefix = codeServerPrefix): string | undefined {
  const stamp = stampFile(prefix);
  if (!existsSync(stamp) || !existsSync(codeServerEntry(prefix))) return undefined;
  // node_modules.asar is the symlink code-server's postinstall makes after lib/vscode's install.
  if (!existsSync(path.join(prefix, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules.asar'))) {
    return undefined;
  }
  return readFileSync(stamp, 'utf8').trim();
}

function fail(message: string): never {
  throw new Error(`install-code-server: ${message}`);
}

function checkPrerequisites(): void {
  const missing: string[] = [];
  if (!existsSync('/usr/bin/rg')) missing.push('ripgrep');
  // kerberos's binding.gyp needs the GSSAPI headers and krb5-config from libkrb5-dev.
  if (!existsSync('/usr/bin/krb5-config')) missing.push('libkrb5-dev');
  for (const tool of ['make', 'g++', 'python3']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) missing.push(tool);
  }
  if (missing.length > 0) {
    fail(`missing system packages: ${missing.join(', ')}. Run: bash scripts/ensure-system-packages.sh`);
  }
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor !== 20) fail(`code-server ${CODE_SERVER_VERSION} needs Node 20, this is ${process.version}`);
}

/** Puts Debian's rg where @vscode/ripgrep's postinstall looks before it downloads. */
function seedRipgrepCache(tmpDir: string): void {
  const cacheDir = path.join(tmpDir, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(path.join(tmpDir, 'rg-'));
  const copy = spawnSync('cp', ['/usr/bin/rg', path.join(staging, 'rg')]);
  if (copy.status !== 0) fail(`could not copy /usr/bin/rg: ${copy.stderr}`);
  const tar = spawnSync('tar', ['-czf', path.join(cacheDir, RIPGREP_TARBALL), '-C', staging, 'rg']);
  if (tar.status !== 0) fail(`could not make the ripgrep tarball: ${tar.stderr}`);
}

/** Runs one npm command in `prefix` with the install environment; its output goes to a log. */
function runNpm(prefix: string, tmpDir: string, args: string[], deadline: number): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TMPDIR: tmpDir,
    // code-server's postinstall refuses to run as root without it.
    npm_config_unsafe_perm: 'true',
    // A nested `npx node-gyp` otherwise stops at an "ok to proceed?" prompt.
    npm_config_yes: 'true',
    // node-pre-gyp (argon2) and prebuild-install (kerberos) would try GitHub first.
    npm_config_build_from_source: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, {
      cwd: prefix,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // own process group, so a timeout can stop node-gyp children too
    });
    const logPath = path.join(prefix, `npm-${args[0]}.log`);
    const log: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => log.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => log.push(chunk));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, Math.max(deadline - Date.now(), 1000));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      writeFileSync(logPath, Buffer.concat(log));
      if (code === 0) resolve();
      else {
        const tail = Buffer.concat(log).toString('utf8').split('\n').slice(-40).join('\n');
        const why = signal ? `was stopped (${signal}; time limit ${INSTALL_TIMEOUT_MS / 60000} min)` : `exited ${code}`;
        reject(new Error(`install-code-server: npm ${args.join(' ')} ${why}. Full log: ${logPath}\n${tail}`));
      }
    });
  });
}

/**
 * Makes sure code-server CODE_SERVER_VERSION is installed under `prefix`; returns the path of
 * its entry script. Reinstalls only when missing, unfinished, or of another version.
 */
export async function ensureCodeServer(options: { force?: boolean; prefix?: string; quiet?: boolean } = {}): Promise<string> {
  const prefix = options.prefix ?? codeServerPrefix;
  const say = (line: string) => {
    if (!options.quiet) console.log(line);
  };
  const installed = installedCodeServerVersion(prefix);
  if (!options.force && installed === CODE_SERVER_VERSION) {
    say(`code-server ${installed} already installed in ${path.relative(process.cwd(), prefix) || prefix}`);
    return codeServerEntry(prefix);
  }
  return withInstallLock(prefix, async () => {
    // Another run may have installed it while this one waited for the lock.
    const now = installedCodeServerVersion(prefix);
    if (!options.force && now === CODE_SERVER_VERSION) return codeServerEntry(prefix);
    return install(prefix, now, say);
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One install at a time per prefix: several people (or the source and .vsix runs) may start
 * the runner at once in one checkout, and two npm installs in one folder corrupt each other.
 * The lock is a folder (mkdir is atomic) holding the owner's pid; a dead owner's lock is removed.
 */
async function withInstallLock<T>(prefix: string, body: () => Promise<T>): Promise<T> {
  const lock = `${prefix}.lock`;
  const pidFile = path.join(lock, 'pid');
  mkdirSync(path.dirname(prefix), { recursive: true });
  const deadline = Date.now() + INSTALL_TIMEOUT_MS;
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(pidFile, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const lockStat = statSync(lock, { throwIfNoEntry: false });
    if (!lockStat) continue; // released meanwhile
    const owner = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined;
    // A lock without a pid yet may be one that another run is creating right now.
    const justCreated = owner === undefined && Date.now() - lockStat.mtimeMs < 10_000;
    if (!justCreated && (owner === undefined || !isAlive(owner))) {
      rmSync(lock, { recursive: true, force: true }); // left by a run that died
      continue;
    }
    if (Date.now() > deadline) fail(`another install (pid ${owner}) holds ${lock} for too long`);
    if (!told) {
      console.log(`waiting for another code-server install (pid ${owner ?? '?'}) to finish`);
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  try {
    return await body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function install(prefix: string, installed: string | undefined, say: (line: string) => void): Promise<string> {
  checkPrerequisites();
  say(
    installed
      ? `code-server ${installed} found, ${CODE_SERVER_VERSION} wanted: reinstalling`
      : `installing code-server ${CODE_SERVER_VERSION} into ${prefix} (compiles native modules, a few minutes)`,
  );
  const started = Date.now();
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  const manifest = {
    name: 'data-model-vscode-test-host',
    private: true,
    description: 'code-server for the in-VS Code tests; installed by scripts/install-code-server.ts',
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    allowScripts: Object.fromEntries(PACKAGES_WITH_APPROVED_SCRIPTS.map((name) => [name, true])),
  };
  writeFileSync(path.join(prefix, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  const tmpDir = mkdtempSync(path.join(path.dirname(prefix), 'install-tmp-'));
  try {
    seedRipgrepCache(tmpDir);
    const deadline = Date.now() + INSTALL_TIMEOUT_MS;
    // Phase 1: fetch the packages without running any install script.
    await runNpm(prefix, tmpDir, ['install', '--ignore-scripts', '--no-audit', '--no-fund'], deadline);
    // code-server's postinstall runs `npm install` again inside lib/vscode and
    // lib/vscode/extensions. npm 11 skips dependencies' install scripts there unless those
    // projects approve them, and it refuses `allow-scripts` passed on the command line or in
    // the environment of a project install (EALLOWSCRIPTS; the parent npm would export it to
    // the postinstall too). A project `.npmrc` is accepted, so each nested project gets one.
    const vscodeDir = path.join(prefix, 'node_modules', 'code-server', 'lib', 'vscode');
    for (const project of [vscodeDir, path.join(vscodeDir, 'extensions')]) {
      writeFileSync(path.join(project, '.npmrc'), `allow-scripts=${PACKAGES_WITH_APPROVED_SCRIPTS.join(',')}\n`);
    }
    // Phase 2: run the install scripts approved by the prefix's package.json (argon2 and
    // code-server's postinstall, which builds VS Code's native modules).
    await runNpm(prefix, tmpDir, ['rebuild', '--foreground-scripts'], deadline);
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
  // Check what the skipped-scripts failure mode would leave behind: no rg, no native modules.
  const vscodeModules = path.join(prefix, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
  const mustExist = [
    codeServerEntry(prefix),
    path.join(prefix, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules.asar'),
    path.join(vscodeModules, '@vscode', 'ripgrep', 'bin', 'rg'),
    path.join(vscodeModules, 'node-pty', 'build', 'Release', 'pty.node'),
    path.join(vscodeModules, 'kerberos', 'build', 'Release', 'kerberos.node'),
    path.join(vscodeModules, '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
  ];
  const absent = mustExist.filter((file) => !existsSync(file));
  if (absent.length > 0) {
    fail(`npm install finished but these are missing (an install script did not run?):\n  ${absent.join('\n  ')}`);
  }
  writeFileSync(stampFile(prefix), CODE_SERVER_VERSION + '\n');
  say(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return codeServerEntry(prefix);
}

if (require.main === module) {
  ensureCodeServer({ force: process.argv.includes('--force') }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
