/**
 * A migration as an Alembic revision file for SQLAlchemy projects: `upgrade()` runs the same
 * statements as the SQL file through `op.execute`, the transaction's inside Alembic's
 * transaction and the rest in an `autocommit_block()` (CONCURRENTLY cannot run in a transaction
 * block); `downgrade()` runs the down migration the same way.
 */
import { createHash } from 'node:crypto';
import { PHASE_COMMENTS, stepsIn, timeoutStatements, type RenderOptions } from './render-sql';
import type { Migration } from './types';

export interface AlembicOptions extends RenderOptions {
  /** The revision this one follows (`down_revision`); none for the first. */
  revises?: string;
  /** ISO date for the header; default now. */
  createDate?: string;
}

/**
 * A Python string literal holding `sql` exactly as SQLAlchemy's `text()` must receive it: a colon
 * that `text()` would take for a bind parameter (`:name`) is escaped as `\:`.
 */
function pythonSql(sql: string): string {
  const forText = sql.replace(/(?<![:\w\\]):(?=\w)/g, '\\:');
  const escaped = forText.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  return `'${escaped}'`;
}

function pythonComment(text: string, indent: string): string {
  return `${indent}# ${text.replace(/\r?\n/g, ' ')}\n`;
}

function functionBody(migration: Migration, options: RenderOptions, indent: string): string {
  if (migration.steps.length === 0) return `${indent}pass  # no changes\n`;
  const limits = timeoutStatements(options);
  let body = `${indent}op.execute(${pythonSql(limits.lock)})\n${indent}op.execute(${pythonSql(limits.statement)})\n`;
  const execute = (steps: ReturnType<typeof stepsIn>, pad: string) => {
    for (const step of steps) {
      for (const line of step.comments ?? []) body += pythonComment(line, pad);
      body += `${pad}op.execute(${pythonSql(step.sql)})\n`;
    }
  };
  execute(stepsIn(migration, 'transaction'), indent);
  const after = [...stepsIn(migration, 'concurrent'), ...stepsIn(migration, 'validate')];
  if (after.length > 0) {
    body += '\n';
    const phases = (['concurrent', 'validate'] as const).filter((phase) => stepsIn(migration, phase).length > 0);
    for (const line of phases.flatMap((phase) => PHASE_COMMENTS[phase])) body += pythonComment(line, indent);
    body += `${indent}with op.get_context().autocommit_block():\n`;
    body += `${indent}    op.execute(${pythonSql(limits.unlimited)})\n`;
    execute(after, `${indent}    `);
  }
  return body;
}

export function renderAlembic(up: Migration, down: Migration | undefined, options: AlembicOptions): string {
  const upBody = functionBody(up, options, '    ');
  const downBody = down ? functionBody(down, options, '    ') : "    raise NotImplementedError('no downgrade: generate with --down (and --allow-data-loss when it drops data)')\n";
  const revision = createHash('sha256').update(upBody).update(downBody).update(options.revises ?? '').digest('hex').slice(0, 12);
  const docLines = [`Migration: ${options.title}`, '', `Revision ID: ${revision}`, `Revises: ${options.revises ?? ''}`, `Create Date: ${options.createDate ?? new Date().toISOString()}`, '', 'Written by data-model migrate; review it before running.'];
  if (up.dataLoss.length > 0) docLines.push('', 'DATA LOSS on upgrade:', ...up.dataLoss.map((d) => `  ${d}`));
  if (down && down.dataLoss.length > 0) docLines.push('', 'DATA LOSS on downgrade:', ...down.dataLoss.map((d) => `  ${d}`));
  if (up.warnings.length > 0) docLines.push('', 'Warnings:', ...up.warnings.map((w) => `  ${w}`));
  const doc = docLines.join('\n').replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"');
  return (
    `"""${doc}\n"""\nfrom alembic import op\n\n` +
    `revision = ${pythonSql(revision)}\ndown_revision = ${options.revises ? pythonSql(options.revises) : 'None'}\nbranch_labels = None\ndepends_on = None\n\n\n` +
    `def upgrade():\n${upBody}\n\ndef downgrade():\n${downBody}`
  );
}
