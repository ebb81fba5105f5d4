/**
 * The report of one validation, in the words both the CLI (`data-model validate`) and VS Code's
 * "Show details" (the Data Model output channel) print, so the two never tell it differently.
 */
import type { ValidationResult } from '../postgres/validate';
import type { Problem } from '../model/types';

/** `file:line:col: severity: message [code]`, the compiler-style line editors and CI understand. */
export function formatProblem(file: string, problem: Problem): string {
  const { line, character } = problem.range.start;
  const code = problem.code ? ` [${problem.code}]` : '';
  return `${file}:${line + 1}:${character + 1}: ${problem.severity}: ${problem.message}${code}`;
}

/** The last line: verdict, database, statements, time, and whether the security annotations were probed. */
export function validationVerdict(file: string, result: ValidationResult, probed: boolean): string {
  const verdict = result.ok ? 'valid' : 'INVALID';
  const skipped = result.statementsSkipped ? `, ${result.statementsSkipped} skipped` : '';
  return (
    `${file}: ${verdict} on ${result.database}: ${result.statementsApplied} statements applied${skipped} in ${result.durationMs} ms, all rolled back` +
    `${probed ? '; security annotations probed as each role' : ''}`
  );
}
