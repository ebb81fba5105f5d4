// What users install: unzip data-model.vsix (built by `npm run package` before this runs) and
// use it from a folder with no node_modules around it, so a module the package forgot fails
// here — the classic failure of extensions that worked under F5.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { MCP_SERVER_PROVIDER_ID, mcpServerCommandLine } from '../../client/src/mcp/server-command-line';

const root = path.resolve(__dirname, '../..');
const vsix = path.join(root, 'data-model.vsix');
const reference = path.join(root, 'test/fixtures/reference/label-suite-data-model.md');

function listFiles(folder: string, prefix = ''): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(folder, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

describe('the packaged .vsix', () => {
  let extension: string;

  before(() => {
    assert.ok(existsSync(vsix), 'data-model.vsix exists (npm run package)');
    const folder = mkdtempSync(path.join(tmpdir(), 'dm-vsix-'));
    execFileSync('unzip', ['-q', vsix, '-d', folder]);
    extension = path.join(folder, 'extension');
  });

  it('holds the bundles and runtime modules, and nothing from sources or tests', () => {
    const files = listFiles(extension);
    for (const bundle of ['dist/client.js', 'dist/server.js', 'dist/cli.js', 'dist/pglite-host.js', 'package.json', 'docs/rules/DM201.md', 'media/icon.png', 'media/walkthrough/validate.md']) {
      assert.ok(files.includes(bundle), `${bundle} is packaged`);
    }
    // The embedded PostgreSQL's data directory, prepared at build time (no initdb on first use).
    assert.equal(files.filter((file) => /^dist\/pglite-datadir-[0-9a-f]{12}\.tar$/.test(file)).length, 1, files.filter((file) => file.startsWith('dist/')).join(', '));
    assert.deepEqual(files.filter((file) => /^(client|server|test|scripts)\//.test(file) || /^media\/.*\.ts$/.test(file) || (file.endsWith('.ts') && !file.endsWith('.d.ts'))), []);
    assert.ok(files.some((file) => file.startsWith('node_modules/libpg-query/')));
    assert.ok(files.some((file) => file.startsWith('node_modules/@electric-sql/pglite/')));
  });

  it('keeps mermaid and PGlite out of the client bundle (activation stays light)', () => {
    const size = statSync(path.join(extension, 'dist/client.js')).size;
    assert.ok(size < 500 * 1024, `client bundle is ${size} bytes`);
    const count = (args: string[]) => spawnSync('grep', ['-c', ...args, path.join(extension, 'dist/client.js')], { encoding: 'utf8' });
    assert.equal(count(['mermaid']).stdout.trim(), '0');
    assert.equal(count(['electric-sql']).stdout.trim(), '0');
  });

  it('lints with the real SQL parser from the packaged folder', () => {
    const result = spawnSync(process.execPath, [path.join(extension, 'dist/cli.js'), 'lint', reference, '--format', 'json'], {
      cwd: tmpdir(),
      encoding: 'utf8',
    });
    assert.equal(result.status, 1, result.stderr);
    const codes = (JSON.parse(result.stdout) as { code: string }[]).map((finding) => finding.code);
    assert.equal(codes.filter((code) => code === 'DM101').length, 3);
  });

  it('validates on the embedded PostgreSQL from the packaged folder', () => {
    const generated = spawnSync(process.execPath, [path.join(extension, 'dist/cli.js'), 'generate', path.join(root, 'examples/label-suite/specs/001-annotation-scoring'), '--out', '-'], {
      encoding: 'utf8',
    });
    assert.equal(generated.status, 0, generated.stderr);
    const folder = mkdtempSync(path.join(tmpdir(), 'dm-vsix-doc-'));
    const document = path.join(folder, 'data-model.md');
    writeFileSync(document, generated.stdout);
    // An empty cache folder, as on a machine that never ran it: the prepared data directory is used.
    const env = { ...process.env, XDG_CACHE_HOME: mkdtempSync(path.join(tmpdir(), 'dm-vsix-cache-')) };
    // A hang bound: about ten times a first start of the embedded PostgreSQL on an idle machine.
    const result = spawnSync(process.execPath, [path.join(extension, 'dist/cli.js'), 'validate', document], { cwd: folder, encoding: 'utf8', timeout: 180_000, env });
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /^Starting the embedded PostgreSQL/m);
    assert.doesNotMatch(result.stdout, /first run|initdb/i);
    assert.match(result.stdout, /valid on embedded PostgreSQL [\d.]+ \(PGlite [\d.]+\), started in \d+\.\d s:/);
  });

  it('draws the ERD as SVG from the packaged folder (playwright-core and the webview bundle ship)', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'dm-vsix-erd-'));
    const svg = path.join(folder, 'erd.svg');
    const result = spawnSync(process.execPath, [path.join(extension, 'dist/cli.js'), 'erd', reference, '--out', svg], { cwd: folder, encoding: 'utf8', timeout: 120_000 });
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(readFileSync(svg, 'utf8'), /SUBMISSIONS/);
  });
  it('offers the MCP server to VS Code: the contribution, and its command line serves lint from the packaged folder', async () => {
    const manifest = JSON.parse(readFileSync(path.join(extension, 'package.json'), 'utf8')) as {
      contributes: { mcpServerDefinitionProviders?: { id: string; label: string }[] };
      activationEvents: string[];
    };
    assert.deepEqual(manifest.contributes.mcpServerDefinitionProviders, [{ id: MCP_SERVER_PROVIDER_ID, label: 'Data Model' }]);
    assert.ok(manifest.activationEvents.includes(`onMcpCollection:${MCP_SERVER_PROVIDER_ID}`));
    // The client registers the same id (minified bundle: the string survives).
    assert.ok(readFileSync(path.join(extension, 'dist/client.js'), 'utf8').includes(`"${MCP_SERVER_PROVIDER_ID}"`));

    const workspace = mkdtempSync(path.join(tmpdir(), 'dm-vsix-mcp-'));
    writeFileSync(path.join(workspace, 'data-model.md'), readFileSync(reference, 'utf8'));
    // What the provider gives VS Code, with this node standing in for VS Code's runtime.
    const line = mcpServerCommandLine(extension, process.execPath, workspace);
    const client = new Client({ name: 'vsix-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: line.command, args: line.args, env: { ...line.env, PATH: process.env.PATH ?? '' }, cwd: tmpdir(), stderr: 'ignore' }));
    try {
      const { tools } = await client.listTools();
      assert.ok(['lint', 'validate', 'fix', 'generate'].every((name) => tools.some((tool) => tool.name === name)));
      const linted = (await client.callTool({ name: 'lint', arguments: { path: 'data-model.md' } })) as { structuredContent?: { findings: { ruleId: string | null }[] } };
      assert.equal(linted.structuredContent?.findings.filter((finding) => finding.ruleId === 'DM101').length, 3);
    } finally {
      await client.close();
    }
  });
});
