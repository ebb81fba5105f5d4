import path from 'node:path';

/** The repository root (this file is test/vscode/runner/paths.ts). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The bundled suite (esbuild.mjs builds test/vscode/index.ts into it). */
export const suiteBundle = path.join(repoRoot, 'out', 'test', 'vscode', 'index.js');

/** Where failure screenshots and logs go (git-ignored). */
export const resultsFolder = path.join(repoRoot, 'test-results');
