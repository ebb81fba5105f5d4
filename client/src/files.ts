import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';

/** A message naming the file and what went wrong, for people rather than stack traces. */
export function describeFileError(uri: vscode.Uri, action: string, error: unknown): string {
  const reason =
    error instanceof vscode.FileSystemError
      ? error.code === 'NoPermissions'
        ? 'permission denied'
        : error.message
      : error instanceof Error
        ? error.message
        : String(error);
  return `Could not ${action} ${uri.fsPath}: ${reason}`;
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
}

export async function readTextIfExists(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return await readText(uri);
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
    throw error;
  }
}

/**
 * Writes through a temporary file in the same folder and a rename, so a failure (disk full,
 * read-only folder) leaves any previous file exactly as it was.
 */
export async function writeTextAtomically(uri: vscode.Uri, text: string): Promise<void> {
  const folder = vscode.Uri.joinPath(uri, '..');
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  // A random name, created exclusively: a file or symlink placed in advance at a guessable
  // name is never followed or overwritten. Local files go through node's O_EXCL open; other
  // schemes (remote) through VS Code's file system, where only the random name protects it.
  const temporary = vscode.Uri.joinPath(folder, `.${name}.${randomBytes(8).toString('hex')}.tmp`);
  let created = false;
  try {
    if (temporary.scheme === 'file') {
      const handle = await fs.open(temporary.fsPath, 'wx', 0o644);
      created = true;
      try {
        await handle.writeFile(text, 'utf8');
      } finally {
        await handle.close();
      }
    } else {
      await vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(text));
      created = true;
    }
    await vscode.workspace.fs.rename(temporary, uri, { overwrite: true });
  } catch (error) {
    if (created) await vscode.workspace.fs.delete(temporary).then(undefined, () => undefined);
    throw new Error(`${describeFileError(uri, 'write', error)}. Any previous file is unchanged.`);
  }
}

/** The open editor document for `uri`, if any. */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
}
