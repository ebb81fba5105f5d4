/** Shared plumbing of the CLI commands: exit codes, located messages, safe file writes. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { documentSizeRefusal } from '../api/document-size';

export const EXIT_OK = 0;
/** A problem with the input: a missing file, a spec the generator cannot use, findings. */
export const EXIT_INPUT = 1;
/** Wrong command line. */
export const EXIT_USAGE = 2;

/** An error the user can act on; the CLI prints its message (never a stack) and exits. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_INPUT,
  ) {
    super(message);
  }
}

/** `file:line:column: severity: message`, 1-based, as compilers print it. */
export { formatProblem } from '../api/validation-report';

/** A file over `MAX_DOCUMENT_BYTES`, refused before it is read. */
export class InputTooLarge extends CliError {
  constructor(
    file: string,
    /** The reason alone, for a caller that reports it as a finding of the file. */
    readonly refusal: string,
  ) {
    super(`${file}:1:1: error: ${refusal}`);
  }
}

export async function readInput(file: string): Promise<string> {
  try {
    // Checked before reading: a 50 MB file is refused in milliseconds, not after a minute of parsing.
    const refusal = documentSizeRefusal((await fs.stat(file)).size);
    if (refusal) throw new InputTooLarge(file, refusal);
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`${file}: no such file`);
    if (code === 'EISDIR') throw new CliError(`${file}: is a folder, not a file`);
    if (code === 'EACCES') throw new CliError(`${file}: permission denied`);
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
}

export async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Writes through a temporary file in the same folder and a rename, so a failure (disk full,
 * read-only folder) never leaves a half-written file in place of the previous one. The
 * temporary file has a random name and is created exclusively (`wx`: O_CREAT|O_EXCL), so a
 * file or symlink someone placed at that name is never followed or overwritten; the rename
 * replaces the target's directory entry itself, never a file a symlink there points to.
 */
export async function writeAtomically(file: string, data: string | Buffer): Promise<void> {
  // node:crypto is loaded here, on the first write, not when the CLI starts (it costs every command ~20 ms).
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await fs.open(temporary, 'wx', 0o644);
    created = true;
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, file);
  } catch (error) {
    // Only a file this call created is removed: never one that was already there.
    if (created) await fs.rm(temporary, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOSPC' ? 'no space left on the device' : code === 'EACCES' || code === 'EROFS' ? 'the folder is not writable' : (error as Error).message;
    throw new CliError(`${file}: could not write: ${reason}; any previous file is unchanged`);
  }
}
