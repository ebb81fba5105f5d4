// Temporary folders for one run: the sample workspace copy (tests write data-model.md into
// it, never into the repository) and, in --vsix mode, the packaged extension.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './paths';

/** The repository's own sample workspace (examples/label-suite/). */
export function defaultSampleWorkspace(): string {
  const sample = path.join(repoRoot, 'examples', 'label-suite');
  if (!existsSync(path.join(sample, 'specs'))) {
    throw new Error(`No sample workspace: ${sample} has no specs/ folder. Pass --workspace DIR.`);
  }
  return sample;
}

export function makeRunFolder(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'data-model-vscode-test-'));
}

export function removeRunFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
}

/** Copies the sample workspace without anything generated in it earlier. */
export function copyWorkspace(sample: string, runFolder: string): string {
  const target = path.join(runFolder, 'workspace', path.basename(sample));
  cpSync(sample, target, {
    recursive: true,
    filter: (source) => !['node_modules', '.git'].includes(path.basename(source)),
  });
  return target;
}

/** Runs a command with a time limit; resolves with its output, rejects with it on failure. */
export function runBounded(command: string, args: string[], timeoutMs: number, env = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${command} could not start: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} ${signal ? `was stopped after ${timeoutMs / 1000} s` : `exited ${code}`}:\n${output}`));
    });
  });
}

/** The one extension folder that `code-server --install-extension` created in `extensionsDir`. */
export function installedExtensionFolder(extensionsDir: string): string {
  mkdirSync(extensionsDir, { recursive: true });
  const folders = readdirSync(extensionsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  if (folders.length !== 1) {
    throw new Error(`expected one installed extension in ${extensionsDir}, found: ${folders.map((f) => f.name).join(', ') || 'none'}`);
  }
  return path.join(extensionsDir, folders[0].name);
}
