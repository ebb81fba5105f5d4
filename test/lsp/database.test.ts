// The database requests over a real stdio connection: compile to SQL, and validate the
// generated sample on the embedded PostgreSQL and on the real server (never mocked).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { ProgressType } from 'vscode-jsonrpc/node';
import type { CompareResponse, IntrospectResponse, SqlResponse, ValidateResponse } from '../../server/src/api/protocol';
import { root, startServer, type ServerUnderTest } from './server-process';

const PGURL = process.env.PGURL ?? 'postgres://postgres@127.0.0.1:5432/test';
const reference = path.join(root, 'test/fixtures/reference/label-suite-data-model.md');

function generatedSample(): string {
  const result = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'generate', 'examples/label-suite/specs/001-annotation-scoring', '--out', '-'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe('database requests over stdio', () => {
  let server: ServerUnderTest;
  let sample: string;

  before(async () => {
    sample = generatedSample();
    server = await startServer({ pgliteCacheDir: path.join(tmpdir(), 'data-model-test-pglite') });
  });

  after(() => server.stop());

  it('dataModel/sql compiles the sample to a migration', async () => {
    const response = await server.connection.sendRequest<SqlResponse>('dataModel/sql', { text: sample });
    assert.deepEqual(response.problems, []);
    assert.match(response.sql, /CREATE TABLE users \(/);
    assert.match(response.sql, /REVOKE ALL ON TABLE dataset_answers FROM annotator;/);
    assert.match(response.sql, /ENABLE ROW LEVEL SECURITY/);
    assert.equal(response.refused, false);
  });

  it('dataModel/sql refuses a document with SQL that is not allowed: no script, the refusal said, the cell located', async () => {
    const lines = sample.split('\n');
    const row = lines.findIndex((line) => /^\| created_at \|/.test(line));
    assert.ok(row > 0, 'the sample has a created_at row');
    lines[row] = lines[row]!.replace(/NOW\(\)/i, "pg_read_file('/etc/passwd')");
    const response = await server.connection.sendRequest<SqlResponse>('dataModel/sql', { text: lines.join('\n') });
    assert.equal(response.refused, true);
    assert.equal(response.sql, '');
    const located = response.problems.filter((p) => p.severity === 'error' && p.range.start.line === row);
    assert.ok(located.some((p) => /pg_read_file/.test(p.message)), JSON.stringify(response.problems));
  });

  for (const target of [
    { name: 'the embedded PostgreSQL', value: { kind: 'embedded' } },
    { name: 'the server', value: { kind: 'server', url: PGURL, connectTimeoutMs: 5000, statementTimeoutMs: 15000 } },
  ]) {
    it(`dataModel/validate passes the generated sample on ${target.name}, probes included`, async () => {
      const response = await server.connection.sendRequest<ValidateResponse>('dataModel/validate', { text: sample, target: target.value, probes: true });
      assert.deepEqual(response.problems.filter((p) => p.severity !== 'info'), []);
      assert.ok(response.ok);
      assert.ok(response.statementsApplied > 40, `${response.statementsApplied} statements`);
    });
  }

  it('dataModel/validate locates the reference document\'s errors on its lines', async () => {
    const text = readFileSync(reference, 'utf8');
    const lines = text.split('\n');
    const response = await server.connection.sendRequest<ValidateResponse>('dataModel/validate', { text, target: { kind: 'embedded' }, probes: false });
    assert.equal(response.ok, false);
    const errorLines = response.problems.filter((p) => p.severity === 'error').map((p) => lines[p.range.start.line]);
    assert.ok(errorLines.some((line) => line.includes('fk_submission_task')), errorLines.join('\n'));
    assert.ok(errorLines.some((line) => line.startsWith('| tasks |')), errorLines.join('\n'));
  });

  it('an unreachable server gives a clear error within seconds, not a hang', async () => {
    const began = Date.now();
    await assert.rejects(
      server.connection.sendRequest('dataModel/validate', {
        text: sample,
        target: { kind: 'server', url: 'postgres://postgres@127.0.0.1:1/test', connectTimeoutMs: 2000, statementTimeoutMs: 5000 },
        probes: false,
      }),
      (error: Error) => /127\.0\.0\.1:1/.test(error.message) && !/\n\s+at /.test(error.message),
    );
    assert.ok(Date.now() - began < 10_000);
  });

  it('dataModel/introspect and dataModel/compare read a live schema and report drift on the document', async () => {
    const name = `dm_test_lsp_${process.pid}_${Date.now()}`;
    const admin = new Client({ connectionString: PGURL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(PGURL);
    url.pathname = `/${name}`;
    const target = { kind: 'server', url: url.toString(), connectTimeoutMs: 5000, statementTimeoutMs: 15000 };
    // Roles are cluster-wide: the ones this test's DDL creates are dropped again at the end,
    // so other tests (and later runs) find the server as it was.
    const rolesBefore = new Set((await admin.query<{ rolname: string }>('SELECT rolname FROM pg_roles')).rows.map((row) => row.rolname));
    try {
      const { sql } = await server.connection.sendRequest<SqlResponse>('dataModel/sql', { text: sample });
      const live = new Client({ connectionString: url.toString() });
      await live.connect();
      await live.query(sql);

      const introspected = await server.connection.sendRequest<IntrospectResponse>('dataModel/introspect', { target, schemas: ['public'] });
      assert.equal(introspected.tables, 6);
      assert.match(introspected.markdown, /^### submissions$/m);

      const same = await server.connection.sendRequest<CompareResponse>('dataModel/compare', { text: sample, target });
      assert.deepEqual(same.problems, []);

      await live.query('DROP INDEX idx_submissions_status');
      await live.end();
      const drifted = await server.connection.sendRequest<CompareResponse>('dataModel/compare', { text: sample, target });
      assert.equal(drifted.problems.length, 1);
      const line = sample.split('\n')[drifted.problems[0].range.start.line];
      assert.match(line, /^\| idx_submissions_status \|/);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      const created = (await admin.query<{ rolname: string }>('SELECT rolname FROM pg_roles')).rows.map((row) => row.rolname).filter((role) => !rolesBefore.has(role));
      for (const role of created) await admin.query(`DROP ROLE ${JSON.stringify(role)}`);
      await admin.end();
    }
  });
});

/** The language server's children (the embedded PostgreSQL's process), by pid. */
function childrenOf(pid: number): number[] {
  const result = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return result.stdout.split('\n').filter(Boolean).map(Number);
}

function rssMb(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) / 1024 : 0;
}

describe('the embedded PostgreSQL out of the language server', () => {
  let server: ServerUnderTest;
  let sample: string;
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'dm-lsp-pglite-'));

  before(async () => {
    sample = generatedSample();
    // dist/ carries the prepared data directory (node esbuild.mjs); the cache folder starts empty.
    server = await startServer({ pgliteCacheDir: cacheDir, pgliteIdleMs: 2000 });
  });

  after(async () => {
    await server.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('reports its start as progress, answers other requests while it starts, and lets the child go when idle', async () => {
    const pid = server.process.pid!;
    await server.connection.sendRequest<SqlResponse>('dataModel/sql', { text: sample });
    const baseline = rssMb(pid);

    const stages: string[] = [];
    const progress = new ProgressType<{ kind: string; message?: string }>();
    const listening = server.connection.onProgress(progress, 'validate-1', (value) => {
      if (value.message) stages.push(value.message);
    });
    let validated = false;
    const validation = server.connection
      .sendRequest<ValidateResponse>('dataModel/validate', { text: sample, target: { kind: 'embedded' }, probes: true, workDoneToken: 'validate-1' })
      .finally(() => (validated = true));
    // PGlite starts in a child process: the server's own requests are answered meanwhile.
    const compiled = await server.connection.sendRequest<SqlResponse>('dataModel/sql', { text: sample });
    assert.ok(compiled.statements > 40);
    assert.equal(validated, false, 'the validation ended before the other request was answered');
    const children = childrenOf(pid);
    assert.equal(children.length, 1, `children of the server: ${children.join(', ')}`);

    const first = await validation;
    listening.dispose();
    const childMb = rssMb(children[0]);
    assert.ok(first.ok, JSON.stringify(first.problems));
    assert.match(stages[0], /^starting the embedded PostgreSQL/);
    assert.ok(stages.some((stage) => /^applying the document's DDL/.test(stage)), stages.join(' | '));
    // Started from the data directory prepared at build time, and it says so this once.
    assert.match(first.database, /^embedded PostgreSQL [\d.]+ \(PGlite [\d.]+\), started in \d+\.\d s$/);

    // A second run finds it running: no start stage, no start in its description.
    const warmStages: string[] = [];
    const warmListening = server.connection.onProgress(progress, 'validate-2', (value) => {
      if (value.message) warmStages.push(value.message);
    });
    const second = await server.connection.sendRequest<ValidateResponse>('dataModel/validate', { text: sample, target: { kind: 'embedded' }, probes: false, workDoneToken: 'validate-2' });
    warmListening.dispose();
    assert.ok(second.ok);
    assert.deepEqual(warmStages.filter((stage) => /starting/.test(stage)), []);
    assert.match(second.database, /^embedded PostgreSQL [\d.]+ \(PGlite [\d.]+\)$/);

    // Idle for 2 s (set above; a minute by default), the child exits.
    const deadline = Date.now() + 30_000;
    while (childrenOf(pid).length > 0) {
      assert.ok(Date.now() < deadline, 'the embedded PostgreSQL is still running 30 s after its last use');
      await sleep(200);
    }
    const after = rssMb(pid);
    console.log(`language server RSS: ${baseline.toFixed(0)} MB before validating, ${after.toFixed(0)} MB after the child (${childMb.toFixed(0)} MB) exited`);
    // Generous (the precise figures are in `npm run bench`): the cluster never lived in the server.
    assert.ok(after < baseline + 60, `the server grew from ${baseline.toFixed(0)} MB to ${after.toFixed(0)} MB`);
  });
});
