/** The compiler's output: statements that remember where in the document they came from. */
import type { Problem, SourceRange } from '../model/types';

/** A piece of a statement's text that came from a finer element (a column inside CREATE TABLE). */
export interface StatementPart {
  /** Offsets into the statement's `sql`, half-open. */
  start: number;
  end: number;
  /** The element's name, e.g. the column name, so errors naming it (`column "x" …`) can be located. */
  name: string;
  range?: SourceRange;
}

export interface DdlStatement {
  /** One SQL statement, without the terminating `;`. */
  sql: string;
  /** Range of the model element the statement came from. */
  range?: SourceRange;
  /** What the statement does, for messages: `table users`, `foreign key fk_submission_task`. */
  what: string;
  /** Finer locations inside the statement (columns of a CREATE TABLE). */
  parts?: StatementPart[];
  /** Tables (as named in the model) the statement needs; when one fails to be created, the
   *  statement is skipped rather than reported, so one missing table gives one error. */
  needs: string[];
  /** The table (as named in the model) this statement creates, if any. */
  creates?: string;
  /** What the statement is meant to be once parsed; `script-check.ts` holds the compiled text to it. */
  expect: ExpectedStatement;
}

/**
 * A statement's kind as libpg-query names its node (`CreateStmt`, `AlterTableStmt`, `IndexStmt`,
 * `GrantStmt`, `DoStmt`…) and the object it acts on, as the model names it (`schema.table` or
 * `table`; a role for GRANT and REVOKE; none for DO blocks).
 */
export interface ExpectedStatement {
  kind: string;
  target?: string;
}

export interface CompiledDdl {
  /** The whole migration, statements separated by `;` and blank lines. */
  sql: string;
  statements: DdlStatement[];
  /** What the compiler itself refused or could not express (unsafe SQL fragments, access texts it
   *  cannot enforce); located at the element's range when the model has one. */
  problems: Problem[];
  /** True when the document was refused (a fragment the guard rejects, or a compiled script that is
   *  not the statements the compiler meant): then `sql` is empty and `statements` too, so nothing
   *  of it can be exported or run; `problems` say why and where. */
  refused: boolean;
}

/** Builds one statement's text while recording which part came from which element. */
export class StatementText {
  private text = '';
  readonly parts: StatementPart[] = [];

  add(sql: string): this {
    this.text += sql;
    return this;
  }

  /** Appends `sql` and remembers that it came from the element `name` at `range`. */
  addPart(sql: string, name: string, range: SourceRange | undefined): this {
    const start = this.text.length;
    this.text += sql;
    this.parts.push({ start, end: this.text.length, name, range });
    return this;
  }

  toString(): string {
    return this.text;
  }
}

/** Where a problem goes when its element has no range (models built in code): the first line. */
export const DOCUMENT_START: SourceRange = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
