/**
 * Writing data-model.md through the CLI when the target cannot take it: a read-only folder and
 * a full disk (tmpfs mounts: root ignores permissions, so chmod would prove nothing). The CLI
 * must say so clearly, exit 1, and leave the previous file as it was, with no temporary file.
 * Needs root for mount; skipped with the reason otherwise.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const SPEC_FOLDER = path.join(root, 'examples/label-suite/specs/001-annotation-scoring');
const PREVIOUS = '# Data Model: previous version\n\nKept as it was.\n';

function canMount(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to mount a tmpfs';
  return undefined;
}

function generateInto(file: string) {
  return spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'generate', SPEC_FOLDER, '--out', file, '--force', '--date', '2026-01-01'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
}

function mountTmpfs(size: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'dm-write-target-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', folder]);
  return folder;
}

function unmount(folder: string | undefined): void {
  if (!folder) return;
  spawnSync('umount', [folder]);
  rmdirSync(folder);
}

function assertRefusedAndIntact(folder: string, result: ReturnType<typeof generateInto>, reason: RegExp): void {
  assert.equal(result.status, 1, `exit ${result.status}: ${result.stderr}`);
  assert.match(result.stderr, reason);
  assert.match(result.stderr, /previous file is unchanged/);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'a stack trace');
  assert.equal(readFileSync(path.join(folder, 'data-model.md'), 'utf8'), PREVIOUS);
  assert.deepEqual(readdirSync(folder).filter((name) => name.endsWith('.tmp')), [], 'a temporary file was left behind');
}

describe('writing data-model.md where it cannot be written', { skip: canMount() }, () => {
  let readOnly: string | undefined;
  let full: string | undefined;

  before(() => {
    readOnly = mountTmpfs('1m');
    writeFileSync(path.join(readOnly, 'data-model.md'), PREVIOUS);
    execFileSync('mount', ['-o', 'remount,ro', readOnly]);

    full = mountTmpfs('64k');
    writeFileSync(path.join(full, 'data-model.md'), PREVIOUS);
    // Fill what is left, so the new document cannot be written.
    const filler = path.join(full, 'filler');
    const chunk = Buffer.alloc(4096, 0x61);
    try {
      for (let i = 0; i < 64; i++) writeFileSync(filler, chunk, { flag: 'a' });
    } catch (error) {
      assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
    }
  });

  after(() => {
    unmount(readOnly);
    unmount(full);
  });

  it('a read-only folder: "not writable", previous file intact', () => {
    assertRefusedAndIntact(readOnly!, generateInto(path.join(readOnly!, 'data-model.md')), /not writable/);
  });

  it('a full disk: "no space left", previous file intact', () => {
    assertRefusedAndIntact(full!, generateInto(path.join(full!, 'data-model.md')), /no space left on the device/);
  });

  it('the same command writes when there is room (the refusals above are about the target)', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'dm-write-ok-'));
    writeFileSync(path.join(folder, 'data-model.md'), PREVIOUS);
    try {
      const result = generateInto(path.join(folder, 'data-model.md'));
      assert.equal(result.status, 0, result.stderr);
      assert.match(readFileSync(path.join(folder, 'data-model.md'), 'utf8'), /^# Data Model:/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
