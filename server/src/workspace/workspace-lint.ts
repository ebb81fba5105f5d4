/**
 * Lint documents as members of a workspace: every rule runs with the workspace in its context,
 * so the single-document rules leave other features' tables alone (a foreign key to 001's
 * `users` is not "unknown") and the cross-document rules (DM701–DM707) speak. Shared by the
 * language server and `data-model lint <folder>`.
 */
import { lintDocument, type DocumentLint, type DocumentLintOptions } from '../api/lint-document';
import type { Finding, RuleLevel } from '../rules/types';
import type { WorkspaceModel } from './workspace-model';

export function lintWorkspaceDocument(
  workspace: WorkspaceModel,
  uri: string,
  levels?: ReadonlyMap<string, RuleLevel>,
  options: Omit<DocumentLintOptions, 'workspace'> = {},
): DocumentLint | undefined {
  const document = workspace.get(uri);
  if (!document) return undefined;
  return lintDocument(document.model, document.text, document.problems, levels, {
    lines: options.lines ?? document.lines,
    reuse: options.reuse,
    workspace: { uri, model: workspace },
  });
}

/** Every document of the workspace, in feature order. */
export function lintWorkspace(
  workspace: WorkspaceModel,
  levelsFor: (uri: string) => ReadonlyMap<string, RuleLevel> | undefined = () => undefined,
): { uri: string; lint: DocumentLint }[] {
  return workspace.documents().map((document) => ({ uri: document.uri, lint: lintWorkspaceDocument(workspace, document.uri, levelsFor(document.uri))! }));
}

/**
 * Lints workspace members, remembering each one's last findings per rule: a document whose text
 * did not change since (it is linted again because another feature changed) re-runs only the
 * rules that read the workspace.
 */
export class WorkspaceLinter {
  private readonly last = new Map<string, { text: string; byRule: Map<string, Finding[]> }>();

  constructor(private readonly workspace: WorkspaceModel) {}

  lint(uri: string, levels?: ReadonlyMap<string, RuleLevel>): DocumentLint | undefined {
    const document = this.workspace.get(uri);
    if (!document) {
      this.last.delete(uri);
      return undefined;
    }
    const previous = this.last.get(uri);
    const unchanged = previous?.text === document.text ? { byRule: previous.byRule } : undefined;
    const result = lintDocument(document.model, document.text, document.problems, levels, {
      lines: document.lines,
      workspace: { uri, model: this.workspace },
      unchanged,
    });
    this.last.set(uri, { text: document.text, byRule: result.byRule });
    return result;
  }
}
