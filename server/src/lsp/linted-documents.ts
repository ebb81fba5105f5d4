/**
 * The last lint of each open document, so that after an edit to a column's description (see
 * `ParsedDocuments`) only the rules that read prose run again and the others' findings are
 * carried over.
 */
import { lintDocument, type DocumentLint } from '../api/lint-document';
import type { Finding, RuleLevel, WorkspaceContext } from '../rules/types';
import type { ParsedDocument } from './parsed-documents';

export class LintedDocuments {
  private readonly last = new Map<string, { version: number; byRule: Map<string, Finding[]> }>();

  lint(parsed: ParsedDocument, levels?: ReadonlyMap<string, RuleLevel>, workspace?: WorkspaceContext): DocumentLint {
    const previous = this.last.get(parsed.uri);
    const edited = parsed.rowEdit;
    const reuse = edited?.proseOnly && previous?.version === edited.fromVersion ? { byRule: previous.byRule, edit: edited.edit } : undefined;
    // The same version linted again: another feature changed, so only the rules that read the workspace can differ.
    const unchanged = workspace && previous?.version === parsed.version ? { byRule: previous.byRule } : undefined;
    const result = lintDocument(parsed.model, parsed.text, parsed.problems, levels, { lines: parsed.lines, reuse, workspace, unchanged });
    this.last.set(parsed.uri, { version: parsed.version, byRule: result.byRule });
    return result;
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }
}
