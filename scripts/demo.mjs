// The README's main job: generate the data model of the project's sample spec, then prove it
// on the embedded PostgreSQL (PGlite): the DDL applies and the security annotations hold.
//   npm run demo
import { execSync, spawnSync } from 'node:child_process';
import { ensureNodeModules } from './ensure-deps.mjs';

const SAMPLE = 'examples/label-suite/specs/001-annotation-scoring';

ensureNodeModules();
execSync('node esbuild.mjs', { stdio: 'inherit' });
/** Runs the CLI; its own message says what went wrong, so stop with its exit code, no trace. */
function run(...args) {
  const { status } = spawnSync(process.execPath, ['dist/cli.js', ...args], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
// The sample's data-model.md is an output of this demo (git-ignored), so replacing it is safe.
run('generate', SAMPLE, '--domain', 'Annotation submission and scoring results', '--force');
run('validate', `${SAMPLE}/data-model.md`);
