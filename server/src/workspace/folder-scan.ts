/**
 * Finding a workspace's documents on disk: the data-model documents and specs of its `specs/`
 * folders. Which folder a document's workspace is: the nearest ancestor named `specs` (a
 * spec-kit project's), else the document's own folder. Shared by the language server and the CLI.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import { isDataModelDocument } from '../api/data-model-document';
import { documentSizeRefusal } from '../api/document-size';

/** More Markdown files than this under one folder are not read (a vendored documentation tree, not specs). */
export const MAX_SCANNED_FILES = 5000;

export interface ScannedFile {
  path: string;
  text: string;
  kind: 'data-model' | 'spec';
}

/** The workspace folder a file belongs to: its nearest `specs` ancestor, else its own folder. */
export function workspaceFolderOf(file: string): string {
  const parts = path.resolve(file).split(path.sep);
  for (let k = parts.length - 2; k >= 0; k--) {
    if (parts[k]!.toLowerCase() === 'specs') return parts.slice(0, k + 1).join(path.sep) || path.sep;
  }
  return path.dirname(path.resolve(file));
}

/** What a Markdown file is to the workspace, from its name and text. */
export function kindOf(file: string, text: string): ScannedFile['kind'] | undefined {
  if (isDataModelDocument(file, text)) return 'data-model';
  if (path.basename(file).toLowerCase() === 'spec.md') return 'spec';
  return undefined;
}

/** Reads a file if it is a data model or a spec of reasonable size; undefined otherwise (or when it is gone). */
export async function readWorkspaceFile(file: string): Promise<ScannedFile | undefined> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile() || documentSizeRefusal(stat.size)) return undefined;
    const text = await fs.readFile(file, 'utf8');
    const kind = kindOf(file, text);
    return kind ? { path: file, text, kind } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The data models and specs under `folder`: `specs/**` Markdown when the folder is or contains
 * a `specs` folder, else every Markdown file under it. Sorted by path.
 */
export async function scanFolder(folder: string, limit = MAX_SCANNED_FILES): Promise<{ files: ScannedFile[]; truncated: boolean }> {
  const inSpecs = path.resolve(folder).split(path.sep).some((part) => part.toLowerCase() === 'specs');
  const patterns = inSpecs ? ['**/*.md'] : ['**/specs/**/*.md', '**/data-model.md'];
  const found = await glob(patterns, { cwd: folder, absolute: true, ignore: ['**/node_modules/**', '**/.git/**'] });
  const paths = [...new Set(found)].sort();
  const truncated = paths.length > limit;
  const files: ScannedFile[] = [];
  for (const file of paths.slice(0, limit)) {
    const read = await readWorkspaceFile(file);
    if (read) files.push(read);
  }
  return { files, truncated };
}
