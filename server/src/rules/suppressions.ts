/**
 * Inline suppression comments, in the style of eslint and markdownlint:
 *
 *   <!-- data-model-disable DM201 -->           off from this line …
 *   <!-- data-model-enable DM201 -->            … to this one (or the end of the file)
 *   <!-- data-model-disable-next-line DM401 --> off for the next non-blank line
 *   <!-- data-model-disable-file DM101 -->      off for the whole file, wherever it stands
 *
 * Names are ids or aliases, several separated by spaces or commas; none means every rule.
 * Inside the mermaid fence (where HTML comments would break the diagram) `%% data-model-…`
 * works the same, and inside sql fences `-- data-model-…`. A finding is suppressed by the
 * state at the line where it starts. Unknown names become DM000/unknown-rule findings.
 */
import { rangeOf } from '../model/util';
import { ruleById } from './index';
import type { Finding } from './types';

type Directive = 'disable' | 'enable' | 'disable-next-line' | 'disable-file';

export interface SuppressionComment {
  directive: Directive;
  line: number;
  /** Rule ids named (canonical `DMnnn`); empty = all rules. */
  ruleIds: string[];
}

export interface Suppressions {
  comments: SuppressionComment[];
  /** DM000 findings for names that are not rules. */
  unknownNames: Finding[];
  /** Whether a finding of `ruleId` starting on `line` is suppressed. */
  isSuppressed(ruleId: string, line: number): boolean;
  /** The findings that are not suppressed. */
  filter<T extends Finding>(findings: readonly T[]): T[];
}

const COMMENT = /(?:<!--|%%|--)\s*data-model-(disable-next-line|disable-file|disable|enable)\b([^\n]*?)(?:-->|$)/g;

export function parseSuppressions(lines: readonly string[]): Suppressions {
  const comments: SuppressionComment[] = [];
  const unknownNames: Finding[] = [];
  lines.forEach((text, line) => {
    if (!text.includes('data-model-')) return;
    for (const match of text.matchAll(COMMENT)) {
      const directive = match[1] as Directive;
      const listStart = (match.index ?? 0) + match[0].indexOf(match[2]);
      const ruleIds: string[] = [];
      for (const name of match[2].matchAll(/[^\s,]+/g)) {
        if (name[0] === '--') continue;
        const rule = ruleById(name[0]);
        if (rule) {
          ruleIds.push(rule.id);
          continue;
        }
        const start = listStart + (name.index ?? 0);
        unknownNames.push({
          ruleId: 'DM000',
          message: `"${name[0]}" in data-model-${directive} is not a rule id or alias; nothing is suppressed by it.`,
          range: rangeOf(line, start, line, start + name[0].length),
        });
      }
      // A comment whose every name is unknown suppresses nothing (rather than everything).
      const namedSomething = match[2].replace(/--$/, '').trim() !== '';
      if (namedSomething && ruleIds.length === 0) continue;
      comments.push({ directive, line, ruleIds });
    }
  });

  const nextNonBlank = (line: number) => {
    let next = line + 1;
    while (next < lines.length && lines[next].trim() === '') next++;
    return next;
  };
  // Indexed once, so that asking about each of 100,000 findings does not rescan every comment.
  const fileWide = new Set<string>();
  let fileWideAll = false;
  for (const comment of comments) {
    if (comment.directive !== 'disable-file') continue;
    if (comment.ruleIds.length === 0) fileWideAll = true;
    for (const id of comment.ruleIds) fileWide.add(id);
  }
  const nextLine = new Map<number, SuppressionComment[]>();
  for (const comment of comments) {
    if (comment.directive !== 'disable-next-line') continue;
    const target = nextNonBlank(comment.line);
    nextLine.set(target, [...(nextLine.get(target) ?? []), comment]);
  }
  const regions = comments.filter((c) => c.directive === 'disable' || c.directive === 'enable');
  /** Per rule id: the disable/enable comments that name it (or name no rule), in line order. */
  const regionsByRule = new Map<string, SuppressionComment[]>();

  const covers = (ids: readonly string[], ruleId: string) => ids.length === 0 || ids.includes(ruleId);

  function isSuppressed(ruleId: string, line: number): boolean {
    if (ruleId === 'DM000') return false; // a typo in a suppression is never silenced by another
    if (fileWideAll || fileWide.has(ruleId)) return true;
    if (nextLine.get(line)?.some((c) => covers(c.ruleIds, ruleId))) return true;
    // The last disable/enable naming the rule on or before the finding's line decides: a comment
    // applies from its own line on.
    let relevant = regionsByRule.get(ruleId);
    if (!relevant) regionsByRule.set(ruleId, (relevant = regions.filter((c) => covers(c.ruleIds, ruleId))));
    let low = 0;
    let high = relevant.length; // first comment after `line`
    while (low < high) {
      const middle = (low + high) >> 1;
      if (relevant[middle]!.line <= line) low = middle + 1;
      else high = middle;
    }
    return low > 0 && relevant[low - 1]!.directive === 'disable';
  }

  return {
    comments,
    unknownNames,
    isSuppressed,
    filter: (findings) => findings.filter((finding) => !isSuppressed(finding.ruleId, finding.range.start.line)),
  };
}
