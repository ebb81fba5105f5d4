// The language server's lint diagnostics as the suites read them from VS Code.
import * as vscode from 'vscode';

/** `source` of the diagnostics the language server publishes. */
export const LINT_SOURCE = 'data-model';
export const TIMESTAMP_CODE = 'DM401/timestamp-without-time-zone';
export const FK_INDEX_CODE = 'DM201/fk-missing-index';

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code ?? '');
}

/** The lint diagnostics on `uri`, or only those with `code`. */
export function lintDiagnostics(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.source === LINT_SOURCE && (code === undefined || codeOf(diagnostic) === code))
    .filter((diagnostic) => code !== undefined || !CROSS_DOCUMENT.test(codeOf(diagnostic)));
}

/** The workspace rules (DM701–DM707): each suite writes its own copy of the sample into its own
 *  feature folder, so the copies redefine one another's tables by design; the suites here test
 *  one document's findings. (test/lsp/workspace.test.ts tests the workspace rules.) */
const CROSS_DOCUMENT = /^DM7\d\d\//;

/** `DM401/…@12, DM201/…@40`, or `none`: for failure messages. */
export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  return diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line + 1}`).join(', ') || 'none';
}
