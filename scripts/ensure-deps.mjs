// Installs the npm packages when they are missing, so each README command works on its own
// on a fresh clone.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function ensureNodeModules() {
  if (existsSync('node_modules/.package-lock.json')) return;
  console.log('[setup] node_modules is missing: running npm ci');
  execSync('npm ci', { stdio: 'inherit' });
}
