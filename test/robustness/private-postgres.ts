/**
 * A PostgreSQL server of the test's own, on a loopback port, in a temporary folder: tests that
 * stop a server mid-work stop this one, never the shared server at $PGURL. Runs as the
 * `postgres` user when started as root (initdb refuses root).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** The newest server binaries Debian's postgresql packages installed (15 on Debian 12, 16 on Ubuntu 24.04). */
function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`No PostgreSQL server binaries under ${root}: install them with bash scripts/ensure-system-packages.sh`);
  return path.join(root, newest, 'bin');
}

const BIN = serverBinaries();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export class PrivatePostgres {
  private constructor(
    readonly folder: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private static run(args: string[]): void {
    const [command, ...rest] = args;
    const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', command!, ...rest] : args;
    execFileSync(asPostgres[0]!, asPostgres.slice(1), { stdio: 'pipe', timeout: 60_000 });
  }

  static async create(): Promise<PrivatePostgres> {
    const folder = mkdtempSync(path.join(tmpdir(), 'dm-private-pg-'));
    chmodSync(folder, 0o755);
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(folder, uid, gid);
    }
    const server = new PrivatePostgres(folder, await freePort());
    PrivatePostgres.run([`${BIN}/initdb`, '-D', path.join(folder, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
    server.start();
    return server;
  }

  start(): void {
    PrivatePostgres.run([
      `${BIN}/pg_ctl`, '-D', path.join(this.folder, 'data'), '-w', '-t', '30', '-l', path.join(this.folder, 'log'),
      '-o', `-c listen_addresses=127.0.0.1 -c port=${this.port} -c unix_socket_directories=${this.folder} -c fsync=off`, 'start',
    ]);
  }

  /** Immediate shutdown: every session is cut, as when a server crashes or is killed. */
  stopImmediately(): void {
    PrivatePostgres.run([`${BIN}/pg_ctl`, '-D', path.join(this.folder, 'data'), '-m', 'immediate', '-w', '-t', '30', 'stop']);
  }

  destroy(): void {
    try {
      this.stopImmediately();
    } catch {
      // already stopped
    }
    rmSync(this.folder, { recursive: true, force: true });
  }
}
