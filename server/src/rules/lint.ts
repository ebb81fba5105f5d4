/**
 * The engine the language server (and the CLI) call: rules on the model, plus the reader's own
 * problems (DM001–DM003), minus what suppression comments silence, at the configured levels,
 * plus DM000 for suppression comments naming unknown rules. Never throws.
 */
import type { DataModel, Problem } from '../model/types';
import { appendAll } from '../model/util';
import { compareFindings, ruleById, runRulesWithNotes, type InternalNote, type PreviousRun, type RunOptions } from './index';
import { parseSuppressions } from './suppressions';
import { splitLines } from './edits';
import type { Finding, RuleLevel, Severity, WorkspaceContext } from './types';

export interface LintFinding extends Finding {
  severity: Severity;
}

export interface LintOptions {
  /** Levels by rule id (from `resolveConfig(...).levels`); rules not in the map keep their default. */
  levels?: ReadonlyMap<string, RuleLevel>;
  /** Run only these rules (ids or aliases). */
  only?: readonly string[];
  /** The text's lines, when the caller has them. */
  lines?: readonly string[];
  /** See `RunOptions.reuse`: the previous run, when the model changed by a prose edit only. */
  reuse?: PreviousRun;
  /** The document's workspace (see `RunOptions.workspace`). */
  workspace?: WorkspaceContext;
  /** See `RunOptions.unchanged`. */
  unchanged?: RunOptions['unchanged'];
}

export interface LintResult {
  findings: LintFinding[];
  notes: InternalNote[];
  /** Each rule's findings before suppressions and levels, for the next run's `reuse`. */
  byRule: Map<string, Finding[]>;
}

/** The reader's problems that carry a rule code, as findings of that rule; other problems are left to the caller. */
export function findingsFromProblems(problems: readonly Problem[]): Finding[] {
  const findings: Finding[] = [];
  for (const problem of problems) {
    const rule = problem.code ? ruleById(problem.code) : undefined;
    if (rule) findings.push({ ruleId: rule.id, message: problem.message, range: problem.range });
  }
  return findings;
}

export function lint(model: DataModel, text: string, problems: readonly Problem[] = [], options: LintOptions = {}): LintResult {
  const notes: InternalNote[] = [];
  let byRule = new Map<string, Finding[]>();
  try {
    const lines = options.lines ?? splitLines(text);
    const run = runRulesWithNotes(model, text, { only: options.only, lines, reuse: options.reuse, workspace: options.workspace, unchanged: options.unchanged });
    byRule = run.byRule;
    appendAll(notes, run.notes);
    const only = options.only ? new Set(options.only.map((name) => ruleById(name)?.id).filter(Boolean)) : undefined;
    const fromReader = findingsFromProblems(problems).filter((finding) => !only || only.has(finding.ruleId));
    const suppressions = parseSuppressions(lines);
    const kept = suppressions.filter([...run.findings, ...fromReader]);
    if (!only || only.has('DM000')) appendAll(kept, suppressions.unknownNames);
    const findings: LintFinding[] = [];
    for (const finding of kept) {
      const rule = ruleById(finding.ruleId);
      const level = options.levels?.get(finding.ruleId) ?? rule?.defaultSeverity ?? 'warning';
      if (level === 'off') continue;
      findings.push({ ...finding, severity: level });
    }
    findings.sort(compareFindings);
    return { findings, notes, byRule };
  } catch (error) {
    notes.push({ ruleId: '*', message: `Linting failed: ${error instanceof Error ? error.message : String(error)}` });
    return { findings: [], notes, byRule: new Map() };
  }
}
