/**
 * What a migration between two versions of a data model is made of: ordered steps, each an SQL
 * statement the compiler (sql/) wrote, placed in one of three phases, plus what the person who
 * runs it must know first (renames assumed, data lost, tables rewritten).
 */
import type { Problem } from '../model/types';
import type { DdlStatement } from '../sql/statements';

/**
 * Where a step runs:
 *  - `transaction`: one transaction (`BEGIN` … `COMMIT`): every change to tables, columns,
 *    constraints (added `NOT VALID`), grants and policies; a lock that cannot be had in time
 *    fails it as a whole, leaving nothing applied;
 *  - `concurrent`: after the commit, one statement at a time: index builds and drops
 *    `CONCURRENTLY` (they cannot run in a transaction block) and constraints attached to the
 *    indexes they build; each re-runnable;
 *  - `validate`: after those, one statement at a time: `VALIDATE CONSTRAINT` (a scan that lets
 *    writes go on), `SET NOT NULL` once a validated check proves it; each re-runnable.
 */
export type MigrationPhase = 'transaction' | 'concurrent' | 'validate';
export const PHASES: readonly MigrationPhase[] = ['transaction', 'concurrent', 'validate'];

export interface MigrationStep extends DdlStatement {
  phase: MigrationPhase;
  /** Lines written as `-- …` above the statement: what it loses, that it rewrites the table. */
  comments?: string[];
}

/** A table or column that disappeared while one of the same shape appeared: maybe a rename. */
export interface RenameCandidate {
  /** Stable key for the decision: `table:old->new` or `column:table.old->new`. */
  id: string;
  kind: 'table' | 'column';
  /** The table (its name in the new version) for a column; the new name for a table. */
  table: string;
  from: string;
  to: string;
}

/** How renames are decided: every candidate taken (`detect`), none (`never`, drop and add). */
export type RenameMode = 'detect' | 'never';

export interface MigrateOptions {
  renames?: RenameMode;
  /** Per candidate id: true = rename, false = drop and add; overrides `renames`. */
  decisions?: Record<string, boolean>;
  /**
   * Compare checks by name only, as drift does: for an old version introspected from a database,
   * whose check expressions PostgreSQL prints its own way (`total >= (0)::numeric`).
   */
  checksByName?: boolean;
}

export interface Migration {
  steps: MigrationStep[];
  /** Every candidate found, whatever was decided. */
  renameCandidates: RenameCandidate[];
  /** The candidates written as RENAME. */
  renames: RenameCandidate[];
  /** What the migration destroys (dropped tables and columns, narrowed types), one sentence each. */
  dataLoss: string[];
  /** What the person running it should know: table rewrites, changes written by hand. */
  warnings: string[];
  /** The compiler's problems with either version (a refused fragment refuses the migration). */
  problems: Problem[];
  /** A version holds SQL the guard refuses: no steps are given. */
  refused: boolean;
}
