/**
 * Apply the quick fixes of chosen lint rules to a whole document: what the editor's "Fix all
 * <rule> problems in this document" does, rule after rule, re-reading and re-linting after each
 * pass (a fix computed on the old text is never applied to the new one), until no chosen rule
 * offers a fix. Used by the MCP server's `fix` tool; pure (needs `loadSqlParser()` done once).
 */
import { readMarkdown } from '../markdown/reader';
import { applyEdits, combinableEdits } from '../rules/edits';
import { ruleById } from '../rules/index';
import type { RuleLevel } from '../rules/types';
import { lintDocument, type DocumentFinding } from './lint-document';

/** A fix applied: its rule, its title, and the line (1-based) of its finding in the text it was applied to. */
export interface AppliedFix {
  ruleId: string;
  title: string;
  line: number;
}

export interface FixResult {
  text: string;
  applied: AppliedFix[];
  /** The findings left after the last pass (of every rule, fixed or not). */
  remaining: DocumentFinding[];
}

/** Passes at most: each applies every combinable fix of one rule, so 25 is far more than any document needs. */
const MAX_PASSES = 25;

export class UnknownRuleError extends Error {}

/** The rule ids for ids or aliases (`DM201`, `fk-missing-index`); throws on names that are no rule. */
export function ruleIdsOf(names: readonly string[]): string[] {
  const unknown = names.filter((name) => !ruleById(name));
  if (unknown.length > 0) throw new UnknownRuleError(`no lint rule named ${unknown.map((name) => `"${name}"`).join(', ')} (use ids like DM201 or aliases like fk-missing-index)`);
  return [...new Set(names.map((name) => ruleById(name)!.id))];
}

/**
 * `rules`: the rule ids whose fixes to apply (all rules when undefined). `levels`: the lint
 * configuration (a rule configured off has no findings, so nothing of it is fixed).
 * `shouldStop` is asked between passes (cancellation).
 */
export function fixDocument(
  text: string,
  rules: readonly string[] | undefined,
  levels?: ReadonlyMap<string, RuleLevel>,
  shouldStop: () => boolean = () => false,
): FixResult {
  const wanted = rules ? new Set(rules) : undefined;
  const applied: AppliedFix[] = [];
  let current = text;
  const lintOf = (source: string) => {
    const { model, problems } = readMarkdown(source);
    return lintDocument(model, source, problems, levels).findings;
  };
  let findings = lintOf(current);
  for (let pass = 0; pass < MAX_PASSES && !shouldStop(); pass++) {
    const fixable = findings.filter((finding) => finding.fix && finding.ruleId && (!wanted || wanted.has(finding.ruleId)));
    if (fixable.length === 0) break;
    // One rule per pass, as "fix all" in the editor: its fixes were written to combine.
    const ruleId = fixable[0]!.ruleId!;
    const ofRule = fixable.filter((finding) => finding.ruleId === ruleId);
    const { edits, taken } = combinableEdits(ofRule.map((finding) => finding.fix!.edits));
    const next = applyEdits(current, edits);
    if (next === current) break; // a fix that changes nothing would loop forever
    for (const index of taken) {
      const finding = ofRule[index]!;
      applied.push({ ruleId, title: finding.fix!.title, line: finding.range.start.line + 1 });
    }
    current = next;
    findings = lintOf(current);
  }
  return { text: current, applied, remaining: findings };
}
