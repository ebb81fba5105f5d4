// `npm test`: every test the project has, in the order that fails fastest.
//   0. the Debian packages the tests need (scripts/ensure-system-packages.sh): installed when
//      running as root, otherwise it stops here with the one `sudo apt-get install` line to run
//   1. build the bundles, type-check and lint (Biome)
//   2. package the .vsix
//   3. node test runner: unit, CLI, language server (stdio), PostgreSQL (PGlite and the
//      server), the webview in headless Chromium, robustness (property, hostile input, load,
//      faults), and the unzipped .vsix
//   4. the suite inside a real VS Code: from the source folder, then from the .vsix
// Prints "N passed, N failed" last, summed over every step.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ensureNodeModules } from './ensure-deps.mjs';

const totals = { passed: 0, failed: 0 };

function step(title, command) {
  console.log(`\n=== ${title}\n$ ${command}`);
  const result = spawnSync(command, { shell: true, stdio: 'inherit' });
  return result.status === 0;
}

function testFiles(folder) {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.join(folder, name));
}

/** Every role of the test server ($PGURL), or [] when it cannot be reached (the database tests then fail on their own). */
async function serverRoles() {
  const { Client } = createRequire(import.meta.url)('pg');
  const client = new Client({ connectionString: process.env.PGURL ?? 'postgres://postgres@127.0.0.1:5432/test', connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return (await client.query('SELECT rolname FROM pg_roles ORDER BY 1')).rows.map((row) => row.rolname);
  } catch {
    return [];
  } finally {
    await client.end().catch(() => undefined);
  }
}

function fail(message) {
  console.error(`\n${message}`);
  console.log(`${totals.passed} passed, ${Math.max(totals.failed, 1)} failed`);
  process.exit(1);
}

if (spawnSync('bash', ['scripts/ensure-system-packages.sh'], { stdio: 'inherit' }).status !== 0) {
  fail('Debian packages are missing (see above); nothing was run.');
}
ensureNodeModules();
if (!step('build', 'node esbuild.mjs')) fail('The build failed.');
if (!step('type-check', 'npx tsc -p . --noEmit')) fail('Type-checking failed.');
if (!step('lint (Biome)', 'npx biome lint')) fail('Lint failed: run npm run lint and fix what it reports.');

if (!step('package the .vsix', 'npm run --silent package')) fail('Packaging failed.');

mkdirSync('test-results', { recursive: true });
// Roles are cluster-wide: a test that creates one must drop it. Checked around the node tests
// (the only ones that reach the server). Another client creating roles on the same server while
// the tests run would show up here too; CI has the server to itself.
const rolesBefore = await serverRoles();
const nodeTests = ['test/unit', 'test/cli', 'test/lsp', 'test/postgres', 'test/webview', 'test/robustness', 'test/package'].flatMap(testFiles);
const tap = 'test-results/node-tests.tap';
const nodeOk = step(
  `node tests (${nodeTests.length} files)`,
  `node --import tsx --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination=${tap} ${nodeTests.join(' ')}`,
);
const tapText = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
const count = (label) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(tapText)?.[1] ?? 0);
totals.passed += count('pass');
totals.failed += count('fail') + (nodeOk || count('fail') > 0 ? 0 : 1);
const rolesLeft = (await serverRoles()).filter((role) => !rolesBefore.includes(role));
if (rolesLeft.length > 0) {
  console.error(`\nThe node tests left ${rolesLeft.length} role(s) on the server: ${rolesLeft.join(', ')}`);
  totals.failed += 1;
} else totals.passed += 1;

for (const [title, args] of [
  ['VS Code suite on the source folder', ''],
  ['VS Code suite on the installed .vsix', '--vsix data-model.vsix'],
]) {
  const results = `test-results/vscode${args ? '-vsix' : ''}.json`;
  const ok = step(title, `node test/vscode/run.mjs ${args} --results ${results}`);
  const summary = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : undefined;
  totals.passed += summary?.passed ?? 0;
  totals.failed += (summary?.failed ?? 0) + (ok || (summary?.failed ?? 0) > 0 ? 0 : 1);
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
