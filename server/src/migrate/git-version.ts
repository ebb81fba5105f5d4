/**
 * The version of a document at a git revision (`git show REV:./file`), for `migrate --from-git`
 * and the editor's Generate Migration. Read-only: nothing in the repository changes.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const GIT_TIMEOUT_MS = 30_000;

export class GitVersionError extends Error {}

async function git(dir: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', dir, ...args], { timeout: GIT_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  return stdout;
}

/** Whether `file` lies in a git working tree (false without git). */
export async function inGitRepository(file: string): Promise<boolean> {
  try {
    return (await git(path.dirname(path.resolve(file)), ['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
  } catch {
    return false;
  }
}

/**
 * The text of `file` at `revision`, or undefined when the revision has no such file (a new
 * document: the migration creates everything). Throws GitVersionError with a message for the
 * user when there is no repository or no such revision.
 */
export async function readAtRevision(file: string, revision: string): Promise<string | undefined> {
  const dir = path.dirname(path.resolve(file));
  if (!(await inGitRepository(file))) throw new GitVersionError(`${file} is not in a git repository (use --from OLD.md or --from-database URL)`);
  if (revision.startsWith('-')) throw new GitVersionError(`git revision "${revision}" not found`);
  try {
    await git(dir, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
  } catch {
    throw new GitVersionError(`git revision "${revision}" not found in the repository of ${file}`);
  }
  try {
    return await git(dir, ['show', `${revision}:./${path.basename(file)}`]);
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '');
    if (/does not exist|exists on disk, but not in/.test(stderr)) return undefined;
    throw new GitVersionError(`git could not read ${file} at ${revision}: ${stderr.trim() || (error as Error).message}`);
  }
}
