// `data-model mcp` as an assistant's client runs it: the built dist/cli.js in a child process,
// driven through the MCP SDK's own Client over stdio. Every tool, its schema errors, bad input,
// a path outside the root, a hostile document and cancellation; introspect and diff against the
// real PostgreSQL at $PGURL (a scratch schema, dropped after). ERD needs /usr/bin/chromium.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Client as PgClient } from 'pg';
import { largeDocument } from '../../scripts/bench/documents';
import { allRules } from '../../server/src/rules/index';

const repo = path.resolve(__dirname, '../..');
const cli = path.join(repo, 'dist/cli.js');
const PGURL = process.env.PGURL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Connected {
  client: Client;
  stderr: () => string;
}

async function connect(root: string, extraArgs: string[] = [], env: Record<string, string> = {}): Promise<Connected> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'mcp', ...extraArgs],
    cwd: root,
    // The embedded PostgreSQL's cache goes to a scratch folder, not the user's ~/.cache.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? root, XDG_CACHE_HOME: path.join(root, '..', 'cache'), ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'data-model-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args }, undefined, { timeout: 300_000 })) as CallToolResult;
}

function textOf(result: CallToolResult): string {
  return result.content
    .filter((part): part is { type: 'text'; text: string } => part.type === 'text')
    .map((part) => part.text)
    .join('\n');
}

function structured<T>(result: CallToolResult): T {
  assert.ok(!result.isError, `tool error: ${textOf(result)}`);
  return result.structuredContent as T;
}

interface Finding {
  ruleId: string | null;
  alias: string | null;
  line: number;
  column: number;
  severity: string;
  message: string;
  fix?: { title: string; edits: unknown[] };
}

describe('data-model mcp', () => {
  let scratch: string;
  let root: string;
  let server: Connected;
  let sample: string;

  before(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'dm-mcp-'));
    root = path.join(scratch, 'workspace');
    mkdirSync(path.join(root, 'specs', '001-annotation-scoring'), { recursive: true });
    copyFileSync(path.join(repo, 'examples/label-suite/specs/001-annotation-scoring/spec.md'), path.join(root, 'specs/001-annotation-scoring/spec.md'));
    copyFileSync(path.join(repo, 'test/fixtures/rules/DM201-fails.md'), path.join(root, 'fk-index.md'));
    writeFileSync(path.join(scratch, 'secret.md'), '# Data Model: Secret\n');
    symlinkSync(path.join(scratch, 'secret.md'), path.join(root, 'link-out.md'));
    server = await connect(root);
  });

  after(async () => {
    await server?.client.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('lists the tools, each with a strict input schema, and no database tools without a configured database', async () => {
    const { tools } = await server.client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), ['erd', 'fix', 'generate', 'lint', 'sql', 'validate']);
    for (const tool of tools) assert.equal(tool.inputSchema.additionalProperties, false, `${tool.name} accepts unknown fields`);
  });

  it('generate: the sample spec gives its six tables and lists the TODO lines; write puts data-model.md beside the spec', async () => {
    const generated = structured<{ tables: string[]; todos: { line: number; text: string }[]; markdown: string }>(
      await call(server.client, 'generate', { specPath: 'specs/001-annotation-scoring', date: '2026-01-02' }),
    );
    assert.deepEqual([...generated.tables].sort(), ['dataset_answers', 'dataset_items', 'datasets', 'submissions', 'tasks', 'users']);
    const lines = generated.markdown.split('\n');
    for (const todo of generated.todos) assert.match(lines[todo.line - 1]!, /TODO:/);
    assert.equal(generated.todos.length, lines.filter((line) => /\bTODO:/.test(line)).length);
    sample = generated.markdown;

    const written = structured<{ written: string | null }>(await call(server.client, 'generate', { specPath: 'specs/001-annotation-scoring/spec.md', date: '2026-01-02', write: true }));
    assert.equal(written.written, 'specs/001-annotation-scoring/data-model.md');
    assert.equal(readFileSync(path.join(root, 'specs/001-annotation-scoring/data-model.md'), 'utf8'), sample);
    // Again: the file is up to date, nothing is rewritten.
    const again = await call(server.client, 'generate', { specPath: 'specs/001-annotation-scoring', date: '2026-01-02', write: true });
    assert.match(textOf(again), /already up to date/);
  });

  it('lint: findings with rule ids, 1-based lines and fixes, the same for a path and for its text', async () => {
    const byPath = structured<{ findings: Finding[]; errors: number }>(await call(server.client, 'lint', { path: 'fk-index.md' }));
    const fkFindings = byPath.findings.filter((finding) => finding.ruleId === 'DM201');
    assert.ok(fkFindings.length > 0, JSON.stringify(byPath.findings));
    const text = readFileSync(path.join(root, 'fk-index.md'), 'utf8');
    for (const finding of fkFindings) {
      assert.equal(finding.alias, 'fk-missing-index');
      assert.ok(finding.fix && finding.fix.edits.length > 0, 'DM201 offers a fix');
      // The line is the document's line of a foreign key column (1-based).
      assert.match(text.split('\n')[finding.line - 1]!, /_id\b/);
    }
    const byText = structured<{ findings: Finding[] }>(await call(server.client, 'lint', { text }));
    assert.deepEqual(byText.findings, byPath.findings);
  });

  it('fix: applies the chosen rule’s fixes until lint is quiet on it, and writes only when asked', async () => {
    const before = readFileSync(path.join(root, 'fk-index.md'), 'utf8');
    const fixed = structured<{ applied: { ruleId: string }[]; remaining: Finding[]; text: string; written: boolean }>(
      await call(server.client, 'fix', { path: 'fk-index.md', rules: ['fk-missing-index'] }),
    );
    assert.ok(fixed.applied.length > 0);
    assert.ok(fixed.applied.every((fix) => fix.ruleId === 'DM201'));
    assert.equal(fixed.written, false);
    assert.deepEqual(fixed.remaining.filter((finding) => finding.ruleId === 'DM201'), []);
    assert.equal(readFileSync(path.join(root, 'fk-index.md'), 'utf8'), before, 'not written without write: true');
    const relinted = structured<{ findings: Finding[] }>(await call(server.client, 'lint', { text: fixed.text }));
    assert.deepEqual(relinted.findings.filter((finding) => finding.ruleId === 'DM201'), []);

    const written = structured<{ written: boolean }>(await call(server.client, 'fix', { path: 'fk-index.md', rules: ['DM201'], write: true }));
    assert.equal(written.written, true);
    assert.equal(readFileSync(path.join(root, 'fk-index.md'), 'utf8'), fixed.text);
  });

  it('sql: compiles the generated sample', async () => {
    const compiled = structured<{ sql: string; statements: number; refused: boolean }>(await call(server.client, 'sql', { text: sample }));
    assert.equal(compiled.refused, false);
    assert.match(compiled.sql, /CREATE TABLE users \(/);
    assert.ok(compiled.statements > 40);
  });

  it('validate: the sample is valid on the embedded PostgreSQL, security probed, with progress reported', async () => {
    const progress: string[] = [];
    const result = (await server.client.callTool({ name: 'validate', arguments: { path: 'specs/001-annotation-scoring/data-model.md' } }, undefined, {
      timeout: 300_000,
      onprogress: (update) => progress.push(update.message ?? ''),
    })) as CallToolResult;
    const validation = structured<{ ok: boolean; probed: boolean; errors: unknown[]; security: { severity: string }[]; database: string; statementsApplied: number }>(result);
    assert.equal(validation.ok, true, textOf(result));
    assert.equal(validation.probed, true);
    assert.deepEqual(validation.errors, []);
    assert.deepEqual(validation.security.filter((finding) => finding.severity === 'error'), []);
    assert.match(validation.database, /embedded PostgreSQL/);
    assert.ok(validation.statementsApplied > 40);
    assert.ok(progress.some((message) => /applying the document's DDL/.test(message)), JSON.stringify(progress));
  });

  it('a hostile document: a default calling pg_read_file is refused and located, never run, and the file is not read out', async () => {
    const lines = sample.split('\n');
    const row = lines.findIndex((line) => /^\| created_at \|/.test(line));
    assert.ok(row > 0);
    lines[row] = lines[row]!.replace(/NOW\(\)/i, "pg_read_file('/etc/passwd')");
    const hostile = lines.join('\n');
    const result = await call(server.client, 'validate', { text: hostile });
    const validation = structured<{ ok: boolean; errors: { line: number; message: string }[]; statementsApplied: number }>(result);
    assert.equal(validation.ok, false);
    assert.equal(validation.statementsApplied, 0, 'nothing was run');
    assert.ok(validation.errors.some((error) => error.line === row + 1 && /pg_read_file/.test(error.message)), JSON.stringify(validation.errors));
    assert.doesNotMatch(textOf(result), /root:x:0:0/);
    const compiled = structured<{ refused: boolean; sql: string }>(await call(server.client, 'sql', { text: hostile }));
    assert.equal(compiled.refused, true);
    assert.equal(compiled.sql, '');
  });

  it('erd: the sample as SVG, and as a PNG image when asked', async () => {
    const result = await call(server.client, 'erd', { text: sample, png: true });
    const drawn = structured<{ entities: number; svg: string }>(result);
    assert.equal(drawn.entities, 6);
    // Checked with ok(), not match(): a failure would print the whole 150 KB drawing.
    assert.ok(/^(<\?xml[^>]*>\s*)?<svg\b/.test(drawn.svg), drawn.svg.slice(0, 200));
    assert.ok(/-entity-USERS-\d+"/.test(drawn.svg), 'the users table is drawn');
    const image = result.content.find((part) => part.type === 'image') as { data: string; mimeType: string } | undefined;
    assert.ok(image, 'a PNG image part');
    assert.equal(image.mimeType, 'image/png');
    assert.deepEqual([...Buffer.from(image.data, 'base64').subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  });

  it('the rule pages are resources', async () => {
    const { resources } = await server.client.listResources();
    assert.equal(resources.length, allRules.length);
    const page = await server.client.readResource({ uri: 'data-model://rules/DM201' });
    const content = page.contents[0] as { text: string; mimeType: string };
    assert.equal(content.mimeType, 'text/markdown');
    assert.equal(content.text, readFileSync(path.join(repo, 'docs/rules/DM201.md'), 'utf8'));
  });

  it('schema errors and bad input are tool errors with a clear message, and the server goes on', async () => {
    const cases: { tool: string; args: Record<string, unknown>; expected: RegExp }[] = [
      { tool: 'lint', args: {}, expected: /either "path" or "text"/ },
      { tool: 'lint', args: { path: 'a.md', text: 'x' }, expected: /either "path" or "text"/ },
      { tool: 'lint', args: { path: 42 }, expected: /Input validation error.*path/s },
      { tool: 'lint', args: { path: 'fk-index.md', database: 'postgres://evil@example.org/x' }, expected: /Input validation error.*database/s },
      { tool: 'validate', args: { text: sample, database: 'postgres://evil@example.org/x' }, expected: /Input validation error/ },
      { tool: 'validate', args: { text: sample, database: 'configured' }, expected: /no database was configured/ },
      { tool: 'fix', args: { path: 'fk-index.md', rules: ['no-such-rule'] }, expected: /no lint rule named "no-such-rule"/ },
      { tool: 'fix', args: { text: sample, write: true }, expected: /"write" needs the document as "path"/ },
      { tool: 'generate', args: { specText: 'x', date: '2 January' }, expected: /YYYY-MM-DD/ },
      { tool: 'generate', args: { specPath: 'specs' }, expected: /no spec\.md in this folder/ },
      { tool: 'lint', args: { path: 'missing.md' }, expected: /missing\.md: no such file in the workspace/ },
      { tool: 'validate', args: { text: '# Data Model: Empty\n' }, expected: /no definition tables/ },
      { tool: 'erd', args: { text: sample, focus: 'nothing_like_this' }, expected: /no table "nothing_like_this"/ },
    ];
    for (const { tool, args, expected } of cases) {
      const result = await call(server.client, tool, args);
      assert.equal(result.isError, true, `${tool} ${JSON.stringify(args)}: ${textOf(result)}`);
      assert.match(textOf(result), expected, `${tool} ${JSON.stringify(args)}`);
      assert.doesNotMatch(textOf(result), /\n\s+at /, 'no stack trace');
    }
    const unknown = await server.client.callTool({ name: 'drop_database', arguments: {} }).then(
      (result) => textOf(result as CallToolResult),
      (error: Error) => error.message,
    );
    assert.match(unknown, /Tool drop_database not found/);
    const { tools } = await server.client.listTools();
    assert.equal(tools.length, 6, 'the server still answers');
  });

  it('refuses paths outside the workspace root, symlinks resolved, for reading and writing', async () => {
    const attempts: { tool: string; args: Record<string, unknown> }[] = [
      { tool: 'lint', args: { path: '../secret.md' } },
      { tool: 'lint', args: { path: path.join(scratch, 'secret.md') } },
      { tool: 'lint', args: { path: '/etc/passwd' } },
      { tool: 'lint', args: { path: 'link-out.md' } },
      { tool: 'fix', args: { path: 'link-out.md', write: true } },
      { tool: 'generate', args: { specPath: '..' } },
      { tool: 'validate', args: { path: '../../../../../../etc/passwd' } },
    ];
    for (const { tool, args } of attempts) {
      const result = await call(server.client, tool, args);
      assert.equal(result.isError, true, `${tool} ${JSON.stringify(args)}`);
      assert.match(textOf(result), /outside the workspace root/, `${tool} ${JSON.stringify(args)}: ${textOf(result)}`);
      assert.doesNotMatch(textOf(result), /Secret|root:x/);
    }
    assert.equal(readFileSync(path.join(scratch, 'secret.md'), 'utf8'), '# Data Model: Secret\n');
  });

  it('cancellation: a validation of 300 tables stops when the client cancels, and the server serves the next call', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = server.client.callTool({ name: 'validate', arguments: { text: largeDocument(300) } }, undefined, {
      signal: controller.signal,
      timeout: 300_000,
      onprogress: (update) => {
        if (/applying/.test(update.message ?? '')) controller.abort();
      },
    });
    await assert.rejects(pending, /abort/i);
    assert.ok(Date.now() - started < 120_000, `cancelled after ${Date.now() - started} ms`);
    const linted = await call(server.client, 'lint', { path: 'fk-index.md' });
    assert.ok(!linted.isError, textOf(linted));
    // The embedded PostgreSQL is usable again after the cancelled run.
    const validation = structured<{ ok: boolean }>(await call(server.client, 'validate', { text: sample, probes: false }));
    assert.equal(validation.ok, true);
  });
});

describe('data-model mcp with a configured database', () => {
  const schema = `mcp_${process.pid}_${Date.now()}`;
  let scratch: string;
  let server: Connected;
  let pg: PgClient;

  before(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'dm-mcp-db-'));
    mkdirSync(path.join(scratch, 'workspace'));
    pg = new PgClient({ connectionString: PGURL });
    await pg.connect();
    await pg.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.projects (id serial PRIMARY KEY, name varchar(100) NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    // The URL comes from the server's environment, as an MCP client's configuration gives it.
    server = await connect(path.join(scratch, 'workspace'), [], { DATA_MODEL_DATABASE_URL: PGURL });
  });

  after(async () => {
    await server?.client.close();
    await pg?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pg?.end();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('introspect reads the configured database; diff reports the drift of a document, located', async () => {
    const { tools } = await server.client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), ['diff', 'erd', 'fix', 'generate', 'introspect', 'lint', 'sql', 'validate']);
    const introspected = structured<{ tables: number; markdown: string }>(await call(server.client, 'introspect', { schemas: [schema] }));
    assert.equal(introspected.tables, 1);
    assert.match(introspected.markdown, /### .*projects/);

    const same = structured<{ differences: unknown[] }>(await call(server.client, 'diff', { text: introspected.markdown, schemas: [schema] }));
    assert.deepEqual(same.differences, []);
    const lines = introspected.markdown.split('\n');
    const nameRow = lines.findIndex((line) => /^\| name \|/.test(line));
    assert.ok(nameRow > 0, introspected.markdown);
    lines.splice(nameRow + 1, 0, '| budget | DECIMAL(12,2) | Yes | | Budget |');
    const drift = structured<{ differences: { line: number; message: string }[] }>(await call(server.client, 'diff', { text: lines.join('\n'), schemas: [schema] }));
    assert.ok(drift.differences.some((difference) => /budget/.test(difference.message) && difference.line === nameRow + 2), JSON.stringify(drift.differences));
  });

  it('the model cannot point introspect at another database', async () => {
    const result = await call(server.client, 'introspect', { database: 'postgres://postgres@127.0.0.1:5432/postgres', schemas: [schema] });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /Input validation error/);
  });
});
