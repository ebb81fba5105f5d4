// One build script, one esbuild context per bundle (the esbuild-sample layout).
//   node esbuild.mjs               development build (sourcemaps)
//   node esbuild.mjs --production  minified build for the .vsix
//   node esbuild.mjs --watch       rebuild on change
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmod } from 'node:fs/promises';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Packages that must stay in node_modules: WebAssembly loaders break when bundled,
 *  pg's optional native binding is never installed, and playwright-core (the CLI's
 *  `erd` export drives Chromium with it) reads its own files at run time. */
const nodeExternals = ['vscode', '@electric-sql/pglite', 'libpg-query', 'pg-native', 'playwright-core'];

/** ESM-only dependencies (fdir, under tinyglobby) read `import.meta.url`, which CommonJS lacks. */
const importMetaUrlShim = {
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const common = {
  ...importMetaUrlShim,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  external: nodeExternals,
  logLevel: 'warning',
};

/** @type {esbuild.BuildOptions[]} */
const bundles = [
  {
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client.js',
    // The bundle's first statement notes the time, so the activation figure activate() reports
    // includes loading the bundle itself, not only activate()'s own work.
    banner: { js: `const dataModelBundleLoadStarted = performance.now();\n${importMetaUrlShim.banner.js}` },
  },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  {
    ...common,
    entryPoints: ['server/src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: `#!/usr/bin/env node\n${importMetaUrlShim.banner.js}` },
  },
  // The child process that runs the embedded PostgreSQL, out of the server's event loop.
  { ...common, entryPoints: ['server/src/postgres/pglite-host.ts'], outfile: 'dist/pglite-host.js' },
  // The ERD preview webview: one browser IIFE with mermaid inside (no lazy chunks: the
  // webview's CSP would block them). Also loaded by the CLI's headless renderer.
  {
    entryPoints: ['media/preview.ts'],
    outfile: 'dist/preview.js',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
  },
  // The in-VS Code test suite (loaded by the test host as extensionTestsPath).
  {
    ...common,
    entryPoints: ['test/vscode/index.ts'],
    outfile: 'out/test/vscode/index.js',
    external: [...nodeExternals, 'mocha'],
  },
];

async function main() {
  const contexts = await Promise.all(bundles.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    console.log('[esbuild] watching…');
    return;
  }
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  await chmod('dist/cli.js', 0o755);
  // The embedded PostgreSQL's data directory, initialised once here (initdb in WebAssembly,
  // 3–30 s) instead of on a user's first validation; the .vsix carries it. Skipped when this
  // PGlite build's is already in dist/.
  execFileSync(process.execPath, ['dist/pglite-host.js', '--prepare', 'dist'], { stdio: 'inherit' });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
