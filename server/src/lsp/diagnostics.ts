/** Lint findings → LSP diagnostics: source, rule code with a link to its page, the fix in `data`. */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { ruleById, ruleDocPath } from '../rules/index';
import type { DocumentFinding } from '../api/lint-document';
import type { Fix, Severity } from '../rules/types';

export const DIAGNOSTIC_SOURCE = 'data-model';

/** What a diagnostic carries for its code actions. */
export interface DiagnosticData {
  ruleId: string;
  fix?: Fix;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The rule pages ship with the extension (`docs/rules/` beside `dist/`), so the link works
 * offline and always matches the installed version.
 */
export function ruleDocUri(ruleId: string): string {
  return pathToFileURL(path.join(__dirname, '..', ruleDocPath(ruleId))).toString();
}

export function toDiagnostic(finding: DocumentFinding, documentUri: string): Diagnostic {
  const rule = finding.ruleId ? ruleById(finding.ruleId) : undefined;
  const related: DiagnosticRelatedInformation[] | undefined = finding.related?.map((entry) => ({
    message: entry.message,
    location: { uri: entry.uri ?? documentUri, range: entry.range },
  }));
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    relatedInformation: related,
  };
  if (rule) {
    diagnostic.code = `${rule.id}/${rule.alias}`;
    diagnostic.codeDescription = { href: ruleDocUri(rule.id) };
    diagnostic.data = { ruleId: rule.id, fix: finding.fix } satisfies DiagnosticData;
  }
  return diagnostic;
}
