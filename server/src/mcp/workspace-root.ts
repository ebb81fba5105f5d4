/**
 * The folder the MCP server was started in (or given with --root): every path a tool receives
 * is resolved against it and refused when it leads outside, symlinks followed first, so a
 * model cannot read `/etc/passwd`, `../../secrets` or a link planted inside pointing out.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ToolInputError } from './tool-error';

export class OutsideRootError extends ToolInputError {}

export class WorkspaceRoot {
  private constructor(
    /** The root's real path (symlinks resolved). */
    readonly folder: string,
  ) {}

  static async open(folder: string): Promise<WorkspaceRoot> {
    const real = await fs.realpath(folder).catch(() => undefined);
    if (!real || !(await fs.stat(real)).isDirectory()) throw new Error(`${folder}: no such folder to serve as the workspace root`);
    return new WorkspaceRoot(real);
  }

  contains(real: string): boolean {
    const relative = path.relative(this.folder, real);
    return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
  }

  /** How a path inside the root is shown to the model: relative, with `/`. */
  display(real: string): string {
    return path.relative(this.folder, real).split(path.sep).join('/') || '.';
  }

  /** The real path of an existing file or folder inside the root; `given` is relative to the root or absolute. */
  async existing(given: string): Promise<string> {
    const absolute = path.resolve(this.folder, given);
    let real: string;
    try {
      real = await fs.realpath(absolute);
    } catch (error) {
      // Refused before saying whether it exists: the answer itself would leak outside paths.
      if (!this.contains(absolute)) throw this.refusal(given);
      const code = (error as NodeJS.ErrnoException).code;
      throw new ToolInputError(code === 'ENOENT' ? `${given}: no such file in the workspace` : `${given}: ${(error as Error).message}`);
    }
    if (!this.contains(real)) throw this.refusal(given);
    return real;
  }

  /**
   * Where to write `given`: its folder must exist inside the root (real path), and when the
   * file exists and is a symlink, what it points to must be inside too.
   */
  async writable(given: string): Promise<string> {
    const absolute = path.resolve(this.folder, given);
    const folder = await this.existing(path.dirname(absolute));
    const target = path.join(folder, path.basename(absolute));
    const real = await fs.realpath(target).catch(() => target);
    if (!this.contains(real)) throw this.refusal(given);
    return target;
  }

  private refusal(given: string): OutsideRootError {
    return new OutsideRootError(`${given}: outside the workspace root this server was started in (${this.folder}); only files inside it can be read or written`);
  }
}
