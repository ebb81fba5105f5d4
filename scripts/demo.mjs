// The README's main job: generate the data model of the project's sample spec, then prove it
// on the embedded PostgreSQL (PGlite): the DDL applies and the security annotations hold.
//   npm run demo
import { execFileSync, execSync } from 'node:child_process';
import { ensureNodeModules } from './ensure-deps.mjs';

const SAMPLE = 'examples/label-suite/specs/001-annotation-scoring';

ensureNodeModules();
execSync('node esbuild.mjs', { stdio: 'inherit' });
const run = (...args) => execFileSync(process.execPath, ['dist/cli.js', ...args], { stdio: 'inherit' });
// The sample's data-model.md is an output of this demo (git-ignored), so replacing it is safe.
run('generate', SAMPLE, '--domain', 'Annotation submission and scoring results', '--force');
run('validate', `${SAMPLE}/data-model.md`);
