/**
 * `data-model migrate <new.md> [--from OLD.md | --from-git REV | --from-database URL] …`: the
 * migration from a previous version of the document (git HEAD by default) to this one, as SQL
 * or as an Alembic revision. Refuses (exit 1, nothing written) when it would lose data and
 * `--allow-data-loss` is absent, and when either version cannot be read cleanly.
 */
import * as path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { schemasOf } from '../api/database-requests';
import { loadSqlParser } from '../markdown/sql-fences';
import { migrateModels, readVersion, renderMigration, type MigrationFormat, type MigrationPair, type RenameCandidate, type RenameMode } from '../migrate';
import { planMigration } from '../migrate/plan';
import { GitVersionError, inGitRepository, readAtRevision } from '../migrate/git-version';
import type { DataModel, Problem } from '../model/types';
import { DatabaseError } from '../postgres/database';
import { introspect } from '../postgres/introspect';
import { PgDatabase } from '../postgres/pg-database';
import { CliError, EXIT_INPUT, EXIT_OK, EXIT_USAGE, exists, formatProblem, readInput, writeAtomically } from './io';

export const migrateUsage = `Usage: data-model migrate <new.md> [options]

Writes the migration that takes a database from a previous version of the document to this
one: safe on a busy PostgreSQL (lock_timeout and statement_timeout first, indexes built
CONCURRENTLY outside the transaction, foreign keys and checks added NOT VALID then validated,
NOT NULL through a validated check), renames kept as RENAME, grants and policies following the
Security Annotations.

The previous version (one of; default --from-git HEAD inside a git repository):
  --from OLD.md           another file
  --from-git REV          the document at a git revision (a file missing there: everything is created)
  --from-database URL     a live schema, introspected read-only (--schema NAME to choose; default:
                          the schemas of the document's tables); checks are matched by name

Options:
  --out FILE              write there (default: standard output); never replaces a file without --force
  --force                 replace an existing --out file
  --format sql|alembic    an SQL file for psql (default) or an Alembic revision (upgrade and downgrade)
  --down                  also the down migration (sql: FILE.down.sql beside --out; alembic: downgrade())
  --revises REV           alembic: the revision this one follows (down_revision)
  --allow-data-loss       write drops of tables and columns and narrowing type changes (each with a
                          comment saying what is lost); without it they refuse the migration
  --renames MODE          detect (default): a table or column gone while one of the same shape
                          appeared is renamed; never: dropped and added; ask: asked on the terminal
  --lock-timeout SECS     how long a statement waits for a lock (default 5)

Exit 0 when written, 1 when refused (data loss, unreadable document, unknown revision), 2 on usage errors.`;

export async function runMigrate(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      'from-git': { type: 'string' },
      'from-database': { type: 'string' },
      schema: { type: 'string', multiple: true },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      format: { type: 'string', default: 'sql' },
      down: { type: 'boolean', default: false },
      revises: { type: 'string' },
      'allow-data-loss': { type: 'boolean', default: false },
      renames: { type: 'string', default: 'detect' },
      'lock-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.write(`${migrateUsage}\n`);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new CliError(`expected one data-model document\n\n${migrateUsage}`, EXIT_USAGE);
  const format = values.format as MigrationFormat;
  if (format !== 'sql' && format !== 'alembic') throw new CliError(`--format must be sql or alembic, not "${values.format}"`, EXIT_USAGE);
  const renames = values.renames;
  if (renames !== 'detect' && renames !== 'never' && renames !== 'ask') throw new CliError(`--renames must be ask, detect or never, not "${renames}"`, EXIT_USAGE);
  const sources = [values.from, values['from-git'], values['from-database']].filter((v) => v !== undefined);
  if (sources.length > 1) throw new CliError('give only one of --from, --from-git and --from-database', EXIT_USAGE);
  const lockTimeout = values['lock-timeout'] === undefined ? 5 : Number(values['lock-timeout']);
  if (!Number.isFinite(lockTimeout) || lockTimeout <= 0) throw new CliError('--lock-timeout must be a number of seconds above 0', EXIT_USAGE);
  const toFile = values.out !== undefined && values.out !== '-';
  if (values.down && format === 'sql' && !toFile) throw new CliError('--down with --format sql needs --out FILE (the down migration is written to FILE.down.sql)', EXIT_USAGE);
  if (renames === 'ask' && !process.stdin.isTTY) throw new CliError('--renames ask needs a terminal to ask on; use --renames detect or --renames never', EXIT_USAGE);

  const file = positionals[0]!;
  const downFile = toFile && format === 'sql' && values.down ? values.out!.replace(/(\.sql)?$/i, '.down.sql') : undefined;
  // Refuse before any work: nothing is computed when nothing could be written.
  for (const target of [toFile ? values.out! : undefined, downFile]) {
    if (target && !values.force && (await exists(target))) throw new CliError(`${target} already exists; nothing was written (use --force to replace it)`);
  }

  await loadSqlParser();
  const next = readVersion(await readInput(file));
  let label: string;
  let old: { model: DataModel; problems: Problem[] };
  if (values.from !== undefined) {
    old = readVersion(await readInput(values.from));
    label = values.from;
  } else if (values['from-database'] !== undefined) {
    old = { model: await introspectOld(values['from-database'], values.schema?.length ? values.schema : schemasOf(next.model.entities)), problems: [] };
    label = 'the database';
  } else {
    const revision = values['from-git'] ?? 'HEAD';
    if (values['from-git'] === undefined && !(await inGitRepository(file))) {
      throw new CliError(`${file} is not in a git repository: say what to migrate from (--from OLD.md, --from-git REV or --from-database URL)`, EXIT_USAGE);
    }
    let text: string | undefined;
    try {
      text = await readAtRevision(file, revision);
    } catch (error) {
      if (error instanceof GitVersionError) throw new CliError(error.message);
      throw error;
    }
    if (text === undefined) err.write(`${file} is not in ${revision}: the migration creates every table\n`);
    old = readVersion(text);
    label = `${path.basename(file)} at ${revision}`;
  }

  // A version read with errors could make the migration drop what the reader skipped (a broken
  // row). A missing section (DM002) or an unreadable diagram line (DM003) skips no table element.
  const blocking = (p: Problem) => p.severity === 'error' && p.code !== 'DM002' && p.code !== 'DM003';
  const readErrors = [
    ...next.problems.filter(blocking).map((p) => formatProblem(file, p)),
    ...old.problems.filter(blocking).map((p) => formatProblem(values.from ?? `${file} (${label})`, p)),
  ];
  if (readErrors.length > 0) {
    for (const line of readErrors) err.write(`${line}\n`);
    throw new CliError(`the documents must read without errors before a migration is written (${readErrors.length} error(s) above); nothing was written`);
  }

  const decisions = renames === 'ask' ? await askRenames(old.model, next.model, err) : undefined;
  const pair = migrateModels(old.model, next.model, {
    renames: renames === 'never' ? 'never' : 'detect',
    decisions,
    down: values.down || format === 'alembic',
    // PostgreSQL prints a live check its own way: a check is the same when its name is.
    checksByName: values['from-database'] !== undefined,
  });
  for (const problem of pair.up.problems) err.write(`${formatProblem(file, problem)}\n`);
  if (pair.up.refused || pair.down?.refused) return EXIT_INPUT;

  if (!values['allow-data-loss']) {
    const losses = [...pair.up.dataLoss.map((d) => `the migration ${d}`), ...(values.down ? (pair.down?.dataLoss ?? []).map((d) => `the down migration ${d}`) : [])];
    if (losses.length > 0) {
      for (const loss of losses) err.write(`data-model migrate: data loss: ${loss}\n`);
      const notRenamed = pair.up.renameCandidates.filter((c) => !pair.up.renames.includes(c));
      const hint = notRenamed.length > 0 ? ` If ${notRenamed.map((c) => `${c.from} became ${c.to}`).join(', ')}, keep the rows with --renames detect.` : '';
      throw new CliError(`the migration would lose data (${losses.length} change(s) above); nothing was written. Add --allow-data-loss to write it with a comment on each loss.${hint}`);
    }
  }
  if (format === 'alembic' && !values.down) pair.down = values['allow-data-loss'] || (pair.down?.dataLoss.length ?? 0) === 0 ? pair.down : undefined;

  const rendered = renderMigration(pair, format, { title: `${label} → ${path.basename(file)}`, lockTimeoutMs: lockTimeout * 1000, revises: values.revises });
  summarise(pair, err);
  if (!toFile) {
    out.write(rendered.up);
    return EXIT_OK;
  }
  await writeAtomically(values.out!, rendered.up);
  if (downFile && rendered.down !== undefined) await writeAtomically(downFile, rendered.down);
  out.write(`Wrote ${values.out}${downFile ? ` and ${downFile}` : ''}: ${pair.up.steps.length} statements\n`);
  return EXIT_OK;
}

function summarise(pair: MigrationPair, err: NodeJS.WritableStream): void {
  for (const r of pair.up.renames) err.write(`rename: ${describeRename(r)} (rows kept)\n`);
  for (const w of pair.up.warnings) err.write(`warning: ${w}\n`);
  for (const d of pair.up.dataLoss) err.write(`data loss (allowed): ${d}\n`);
}

function describeRename(r: RenameCandidate): string {
  return r.kind === 'table' ? `table ${r.from} → ${r.to}` : `column ${r.table}.${r.from} → ${r.to}`;
}

async function introspectOld(url: string, schemas: string[]): Promise<DataModel> {
  const db = new PgDatabase({ connectionString: url });
  try {
    return (await introspect(db, { schemas })).model;
  } catch (error) {
    if (error instanceof DatabaseError) throw new CliError(error.message);
    throw error;
  } finally {
    await db.close().catch(() => undefined);
  }
}

/** `--renames ask`: one question per candidate on the terminal; Enter means rename. */
async function askRenames(old: DataModel, next: DataModel, err: NodeJS.WritableStream): Promise<Record<string, boolean>> {
  const decisions: Record<string, boolean> = {};
  const rl = createInterface({ input: process.stdin, output: err as NodeJS.WritableStream });
  try {
    // Column candidates depend on which tables were renamed: ask for tables first, then columns.
    for (const kind of ['table', 'column'] as const) {
      const { renameCandidates } = planMigration(old, next, { renames: 'never' as RenameMode, decisions });
      for (const candidate of renameCandidates.filter((c) => c.kind === kind && !(c.id in decisions))) {
        const answer = (await rl.question(`${describeRename(candidate)}: rename (keeps the rows) or drop and add? [R/d] `)).trim().toLowerCase();
        decisions[candidate.id] = !answer.startsWith('d');
      }
    }
  } finally {
    rl.close();
  }
  return decisions;
}
