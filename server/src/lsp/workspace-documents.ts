/**
 * The language server's workspaces: one `WorkspaceModel` per `specs/` folder, fed from disk (a
 * scan at start, then the client's file events: created, changed, renamed, deleted) and from
 * the editor (an open document's unsaved text wins over its file). Each change answers which
 * documents to lint again: the changed one and its dependents, nothing else.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DocumentLint } from '../api/lint-document';
import type { RuleLevel, WorkspaceContext } from '../rules/types';
import { WorkspaceLinter } from '../workspace/workspace-lint';
import { readWorkspaceFile, scanFolder, workspaceFolderOf } from '../workspace/folder-scan';
import { WorkspaceModel, type ReadDocument } from '../workspace/workspace-model';

export class WorkspaceDocuments {
  private readonly models = new Map<string, WorkspaceModel>();
  private readonly linters = new WeakMap<WorkspaceModel, WorkspaceLinter>();

  /** Reads every workspace under the roots (but not documents open in an editor: theirs is the editor's text); returns the data-model documents found. */
  async scan(roots: readonly string[], isOpen: (uri: string) => boolean = () => false): Promise<string[]> {
    const found: string[] = [];
    for (const root of roots) {
      const { files } = await scanFolder(root);
      for (const file of files) {
        const uri = pathToFileURL(file.path).toString();
        if (isOpen(uri)) continue;
        if (file.kind === 'spec') this.modelFor(uri, true)!.setSpec(uri, file.text);
        else {
          this.modelFor(uri, true)!.set(uri, file.text);
          found.push(uri);
        }
      }
    }
    return found;
  }

  /** The editor's text of a data-model document (already read by the caller); returns the others to lint again. */
  setOpen(uri: string, read: ReadDocument): string[] {
    const model = this.modelFor(uri, true);
    if (!model) return [];
    if (model.get(uri)?.text === read.text) return [];
    return model.set(uri, read.text, read).filter((other) => other !== uri);
  }

  /** A file changed, was created or deleted on disk (or an editor closed): re-read it; returns the documents to lint again. */
  async fromDisk(uri: string): Promise<string[]> {
    const model = this.modelFor(uri, true);
    if (!model) return [];
    const file = await readWorkspaceFile(fileURLToPath(uri));
    if (!file) {
      if (model.specOf(uri)?.uri === uri) return model.setSpec(uri, undefined);
      return model.delete(uri);
    }
    if (file.kind === 'spec') return model.setSpec(uri, file.text);
    return model.set(uri, file.text);
  }

  /** Forgets a document (no longer a data model); returns its dependents. */
  forget(uri: string): string[] {
    return this.modelFor(uri, false)?.delete(uri) ?? [];
  }

  has(uri: string): boolean {
    return this.modelFor(uri, false)?.has(uri) ?? false;
  }

  /** The rules' workspace context for a document, when its workspace holds other documents too. */
  contextFor(uri: string): WorkspaceContext | undefined {
    const model = this.modelFor(uri, false);
    return model?.has(uri) && model.size > 1 ? { uri, model } : undefined;
  }

  /** Lints a member no editor shows, as part of its workspace (re-running only what its workspace changed, when its text did not). */
  lintClosed(uri: string, levels?: ReadonlyMap<string, RuleLevel>): DocumentLint | undefined {
    const model = this.modelFor(uri, false);
    if (!model?.has(uri)) return undefined;
    let linter = this.linters.get(model);
    if (!linter) this.linters.set(model, (linter = new WorkspaceLinter(model)));
    return linter.lint(uri, levels);
  }

  /** The workspace a document belongs to, when it has one. */
  modelOf(uri: string): WorkspaceModel | undefined {
    return this.modelFor(uri, false);
  }

  /** Every workspace read so far. */
  allModels(): WorkspaceModel[] {
    return [...this.models.values()];
  }

  /** Every document of every workspace. */
  allDocuments(): string[] {
    return [...this.models.values()].flatMap((model) => model.documents().map((document) => document.uri));
  }

  private modelFor(uri: string, create: boolean): WorkspaceModel | undefined {
    if (!uri.startsWith('file:')) return undefined;
    let folder: string;
    try {
      folder = workspaceFolderOf(fileURLToPath(uri));
    } catch {
      return undefined;
    }
    let model = this.models.get(folder);
    if (!model && create) this.models.set(folder, (model = new WorkspaceModel()));
    return model;
  }
}
