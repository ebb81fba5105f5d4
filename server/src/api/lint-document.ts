/**
 * Lint one document: the rules' findings plus the reader's problems that no rule owns (an SQL
 * statement that does not parse, …), as one list. Shared by the language server and the CLI so
 * the editor and CI report the same things.
 */
import type { DataModel, Problem, SourceRange } from '../model/types';
import { ruleById, type PreviousRun, type RunOptions } from '../rules/index';
import { lint, type LintFinding } from '../rules/lint';
import type { Finding, RuleLevel, WorkspaceContext } from '../rules/types';

export interface DocumentFinding extends Omit<LintFinding, 'ruleId'> {
  /** Undefined for reader problems that belong to no rule. */
  ruleId?: string;
  alias?: string;
}

export interface DocumentLint {
  findings: DocumentFinding[];
  /** Rules that threw (for logs; never shown as findings). */
  notes: string[];
  /** Each rule's findings, for an incremental re-lint after the next prose edit. */
  byRule: Map<string, Finding[]>;
}

export interface DocumentLintOptions {
  /** The text's lines, when the caller already split it. */
  lines?: readonly string[];
  /** The previous lint, when the model changed by a prose edit only (see `RunOptions.reuse`). */
  reuse?: PreviousRun;
  /** The document's workspace, for the cross-document rules. */
  workspace?: WorkspaceContext;
  /** See `RunOptions.unchanged`: the document's previous rule findings, when only its workspace changed. */
  unchanged?: RunOptions['unchanged'];
}

export function lintDocument(
  model: DataModel,
  text: string,
  problems: readonly Problem[],
  levels?: ReadonlyMap<string, RuleLevel>,
  options: DocumentLintOptions = {},
): DocumentLint {
  const result = lint(model, text, problems, { levels, lines: options.lines, reuse: options.reuse, workspace: options.workspace, unchanged: options.unchanged });
  const findings: DocumentFinding[] = result.findings.map((finding) => ({ ...finding, alias: ruleById(finding.ruleId)?.alias }));
  for (const problem of problems) {
    if (problem.code) continue;
    findings.push({ message: problem.message, range: problem.range, severity: problem.severity });
  }
  findings.sort((a, b) => compareRanges(a.range, b.range));
  return { findings, notes: result.notes.map((note) => `${note.ruleId}: ${note.message}`), byRule: result.byRule };
}

function compareRanges(a: SourceRange, b: SourceRange): number {
  return a.start.line - b.start.line || a.start.character - b.start.character;
}
