// Shared by the rules-*.test.ts files: read a fixture through the real reader and lint it.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readMarkdown } from '../../server/src/markdown/reader';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { runRules } from '../../server/src/rules/index';
import { lint, type LintResult } from '../../server/src/rules/lint';
import { applyEdits } from '../../server/src/rules/edits';
import type { Finding } from '../../server/src/rules/types';

export const root = path.resolve(__dirname, '../..');
export const referencePath = path.join(root, 'test/fixtures/reference/label-suite-data-model.md');
export const sampleSpecPath = path.join(root, 'examples/label-suite/specs/001-annotation-scoring/spec.md');

/** The reader needs libpg-query loaded before it reads sql fences. */
export const ready: Promise<void> = loadSqlParser();

export function fixture(name: string): string {
  return readFileSync(path.join(root, 'test/fixtures/rules', name), 'utf8');
}

export function lintText(text: string): LintResult {
  const { model, problems } = readMarkdown(text);
  return lint(model, text, problems);
}

/** Findings of one rule, through the reader, without config or suppressions. */
export function findingsOf(text: string, ruleId: string): Finding[] {
  return runRules(readMarkdown(text).model, text, { only: [ruleId] });
}

/**
 * Applies the rule's fixes one at a time, re-reading after each (edits of two fixes computed
 * on the same text must not be combined), until no finding of the rule offers a fix.
 */
export function applyAllFixes(text: string, ruleId: string, limit = 25): { text: string; applied: number } {
  let current = text;
  for (let applied = 0; applied < limit; applied++) {
    const next = findingsOf(current, ruleId).find((finding) => finding.fix);
    if (!next) return { text: current, applied };
    current = applyEdits(current, next.fix!.edits);
  }
  throw new Error(`${ruleId}: fixes never converge`);
}
