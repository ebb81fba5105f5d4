/**
 * A migration as an SQL file for psql (`psql -v ON_ERROR_STOP=1 -f migration.sql`): the time
 * limits first, the transaction, then the steps that must run outside one, each part saying
 * what it does and what to do when a step fails.
 */
import { PHASES, type Migration, type MigrationPhase, type MigrationStep } from './types';

export interface RenderOptions {
  /** What the migration goes from and to, for the header: `data-model.md at HEAD → data-model.md`. */
  title: string;
  /** How long a statement waits for a lock before giving up (default 5 s). */
  lockTimeoutMs?: number;
  /** How long a statement of the transaction may run (default 60 s; index builds and validations after it have none). */
  statementTimeoutMs?: number;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 5000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 60000;

/** `SET` statements for the limits, as the SQL file and the Alembic revision both state them. */
export function timeoutStatements(options: RenderOptions): { lock: string; statement: string; unlimited: string } {
  return {
    lock: `SET lock_timeout = '${duration(options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS)}'`,
    statement: `SET statement_timeout = '${duration(options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS)}'`,
    unlimited: 'SET statement_timeout = 0',
  };
}

/** `5s`, or `1500ms` when not whole seconds. */
function duration(ms: number): string {
  const whole = Math.max(1, Math.round(ms));
  return whole % 1000 === 0 ? `${whole / 1000}s` : `${whole}ms`;
}

/** Comment lines of the part of a migration that runs in `phase`. */
export const PHASE_COMMENTS: Record<MigrationPhase, string[]> = {
  transaction: ['One transaction: if any statement fails (a lock not granted within lock_timeout), nothing of it is applied; run the file again.'],
  concurrent: [
    'Outside the transaction: indexes are built and dropped CONCURRENTLY (not possible inside a transaction block),',
    'so reads and writes go on meanwhile. Each statement is re-runnable: if one fails, run this part again.',
  ],
  validate: [
    'Outside the transaction: constraints added NOT VALID are checked now, a scan that lets writes go on;',
    'NOT NULL follows from a validated check without a second scan. Each statement is re-runnable: if one fails, run this part again.',
  ],
};

export function stepsIn(migration: Migration, phase: MigrationPhase): MigrationStep[] {
  return migration.steps.filter((s) => s.phase === phase);
}

function comment(lines: readonly string[]): string {
  return lines.map((line) => `-- ${line.replace(/\r?\n/g, ' ')}\n`).join('');
}

export function renderSql(migration: Migration, options: RenderOptions): string {
  const limits = timeoutStatements(options);
  const header = [`Migration: ${options.title}`, 'Written by data-model migrate. Review it, then run: psql -v ON_ERROR_STOP=1 -f <this file>'];
  if (migration.renames.length > 0) header.push('Renames assumed (rows kept):', ...migration.renames.map((r) => `  ${r.kind} ${r.kind === 'column' ? `${r.table}.` : ''}${r.from} → ${r.to}`));
  if (migration.dataLoss.length > 0) header.push('DATA LOSS (allowed with --allow-data-loss):', ...migration.dataLoss.map((d) => `  ${d}`));
  if (migration.warnings.length > 0) header.push('Warnings:', ...migration.warnings.map((w) => `  ${w}`));
  let text = comment(header);
  if (migration.steps.length === 0) return `${text}-- No changes: the two versions give the same schema.\n`;
  text += `\n${limits.lock};\n${limits.statement};\n`;
  for (const phase of PHASES) {
    const steps = stepsIn(migration, phase);
    if (steps.length === 0) continue;
    text += `\n${comment(PHASE_COMMENTS[phase])}`;
    if (phase === 'transaction') text += 'BEGIN;\n\n';
    else if (phase === 'concurrent' || stepsIn(migration, 'concurrent').length === 0) text += `${limits.unlimited};\n\n`;
    else text += '\n';
    for (const step of steps) text += `${step.comments ? comment(step.comments) : ''}${step.sql};\n\n`;
    if (phase === 'transaction') text += 'COMMIT;\n';
  }
  return text;
}
