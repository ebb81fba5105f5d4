/** The compiler's working state, shared by the table, trigger and security compilers. */
import type { DataModel, Problem, SourceRange } from '../model/types';
import { guardEnvironment, guardFragment, refusalMessage, type DocumentFragment, type GuardEnvironment } from './document-fragments';
import { DOCUMENT_START, type DdlStatement } from './statements';

/** Collects statements and the compiler's own problems. */
export class DdlOutput {
  readonly statements: DdlStatement[] = [];
  readonly problems: Problem[] = [];
  /** Tables whose CREATE TABLE the compiler refused; statements needing them are dropped. */
  readonly tablesNotCompiled = new Set<string>();
  /** A fragment of the document was refused by the guard: nothing of this document may run. */
  refused = false;
  readonly env: GuardEnvironment;

  constructor(readonly model: DataModel) {
    this.env = guardEnvironment(model);
  }

  add(statement: DdlStatement): void {
    this.statements.push(statement);
  }

  problem(message: string, range: SourceRange | undefined, severity: Problem['severity'] = 'error'): void {
    this.problems.push({ message, range: range ?? DOCUMENT_START, severity });
  }

  /**
   * The SQL to emit for a fragment the document wrote (written back from its parse tree), or
   * undefined when the guard refuses it; the refusal is recorded at `range`.
   */
  guarded(fragment: DocumentFragment, range: SourceRange | undefined): string | undefined {
    const verdict = guardFragment(fragment, this.env);
    if (verdict.sql !== undefined) return verdict.sql;
    this.refused = true;
    this.problem(refusalMessage(fragment, verdict.reason), range);
    return undefined;
  }
}
