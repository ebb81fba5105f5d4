/** The compiler's working state, shared by the table, trigger and security compilers. */
import type { Problem, SourceRange } from '../model/types';
import { unsafeFragmentReason } from './fragment';
import { DOCUMENT_START, type DdlStatement } from './statements';

/** Collects statements and the compiler's own problems. */
export class DdlOutput {
  readonly statements: DdlStatement[] = [];
  readonly problems: Problem[] = [];
  /** Tables whose CREATE TABLE the compiler refused; statements needing them are dropped. */
  readonly tablesNotCompiled = new Set<string>();

  add(statement: DdlStatement): void {
    this.statements.push(statement);
  }

  problem(message: string, range: SourceRange | undefined, severity: Problem['severity'] = 'error'): void {
    this.problems.push({ message, range: range ?? DOCUMENT_START, severity });
  }

  /** True when `fragment` can be placed in a statement; otherwise records why not. */
  safe(fragment: string, what: string, range: SourceRange | undefined): boolean {
    const reason = unsafeFragmentReason(fragment);
    if (reason === undefined) return true;
    this.problem(`${what} \`${fragment}\` cannot be compiled: ${reason}`, range);
    return false;
  }
}
