// The database requests over a real stdio connection: compile to SQL, and validate the
// generated sample on the embedded PostgreSQL and on the real server (never mocked).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { CompareResponse, IntrospectResponse, SqlResponse, ValidateResponse } from '../../server/src/api/protocol';
import { root, startServer, type ServerUnderTest } from './server-process';

const PGURL = process.env.PGURL ?? 'postgres://postgres@127.0.0.1:5432/test';
const reference = path.resolve(root, '../shared/reference/label-suite-data-model.md');

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
