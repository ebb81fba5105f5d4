// `data-model lint` on big input, as CI runs it (the bundled CLI in a child process): a file
// over the 20 MB limit is refused at once with a located message, and a 4 MB document (about
// 3,600 tables) is linted in full. Bounds are "does not hang" limits, about ten times the
// usual time on 2 busy cores; the speed figures themselves are in `npm run bench` (lint scaling).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { largeDocument } from '../robustness/documents';

const root = path.resolve(__dirname, '../..');

function lint(args: string[], timeout: number) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'lint', ...args], { encoding: 'utf8', timeout, maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
}

describe('data-model lint on big input', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'dm-lint-size-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('refuses a 50 MB file at once, with its size and the limit, and still lints the other files', () => {
    const big = path.join(folder, 'fifty.md');
    // A real data-model document repeated to 50 MB, written in pieces (never one 50 MB string).
    const piece = largeDocument(300);
    const fd = openSync(big, 'w');
    for (let written = 0; written < 50 * 1024 * 1024; written += Buffer.byteLength(piece)) writeSync(fd, piece);
    closeSync(fd);
    const small = path.join(folder, 'small.md');
    writeFileSync(small, largeDocument(3));

    const result = lint([big, small, '--format', 'json'], 20_000);
    assert.equal(result.signal, null, `killed after ${result.ms} ms: the refusal is not quick`);
    assert.equal(result.code, 1, result.stderr);
    const findings = JSON.parse(result.stdout) as { file: string; line: number; severity: string; message: string }[];
    const refused = findings.filter((finding) => finding.file === big);
    assert.equal(refused.length, 1, 'one finding for the refused file');
    assert.equal(refused[0]!.line, 1);
    assert.equal(refused[0]!.severity, 'error');
    assert.match(refused[0]!.message, /is 5\d\.\d MB; data-model reads documents up to 20\.0 MB/);
    assert.ok(findings.some((finding) => finding.file === small), 'the small file after it was still linted');
    assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
  });

  it('lints a 4 MB document (3,600 tables) in full', () => {
    const file = path.join(folder, 'four.md');
    const text = largeDocument(3600);
    assert.ok(Buffer.byteLength(text) > 4_000_000);
    writeFileSync(file, text);
    const result = lint([file, '--format', 'json'], 60_000);
    assert.equal(result.signal, null, `killed after ${result.ms} ms (limit 60 s; about 3 s usual)`);
    assert.ok(result.code === 0 || result.code === 1, result.stderr);
    const findings = JSON.parse(result.stdout) as { message: string }[];
    // Every table's findings, from the first to the last: nothing was cut short.
    assert.ok(findings.length >= 3600, `${findings.length} findings`);
    assert.ok(findings.some((finding) => /^table_3599 /.test(finding.message)), 'the last table was linted');
  });
});
