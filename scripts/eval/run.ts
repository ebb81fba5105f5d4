/**
 * `npm run eval [-- --corpus DIR] [--database URL] [--no-ddl] [--pair TEXT] [--verbose] [--raise-baseline]`
 *
 * The generator's yardstick on real teams' specs: generates every corpus spec in process with
 * the function the CLI and the language server use, reads the written document back, scores
 * it against the pair's expect.json (score.ts), applies its DDL on PostgreSQL (PGlite, or the
 * server at --database / PGURL), prints a table per pair and the totals (English and the other
 * languages apart), writes them to eval-results/latest.json, and exits 1 when a total falls
 * below the figures recorded in scripts/eval/baseline.json. Not part of `npm test`: the corpus
 * (../shared/corpus) is not in a fresh clone, and it is never copied into the repository.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { generateDocument } from '../../server/src/api/generate-document';
import { readMarkdown } from '../../server/src/markdown/reader';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import type { Database } from '../../server/src/postgres/database';
import { PgDatabase } from '../../server/src/postgres/pg-database';
import { PgliteDatabase, closeWarmPglite } from '../../server/src/postgres/pglite-database';
import { validate } from '../../server/src/postgres/validate';
import { pgliteCacheDir } from '../../server/src/cli/validate-command';
import { loadCorpus, type Pair } from './corpus';
import { scorePair, type PairScore, type Ratio } from './score';

const repoRoot = path.resolve(__dirname, '..', '..');
const BASELINE = path.join(__dirname, 'baseline.json');

/** The figures of the totals, in print order; `junk` is better when lower. */
const METRICS = ['tables', 'columns', 'foreignKeys', 'family', 'nullable', 'unique', 'enums', 'enumValues', 'uniqueTogether', 'notTables', 'roles', 'junk', 'ddl'] as const;
type Metric = (typeof METRICS)[number];
const LOWER_IS_BETTER = new Set<Metric>(['junk']);
const SHORT: Record<Metric, string> = {
  tables: 'tables', columns: 'cols', foreignKeys: 'FKs', family: 'family', nullable: 'null', unique: 'uniq',
  enums: 'enums', enumValues: 'enumV', uniqueTogether: 'uniq2', notTables: 'notT', roles: 'roles', junk: 'junk', ddl: 'DDL',
};

interface PairResult {
  name: string;
  language: string;
  generated: boolean;
  problems: string[];
  ddl: Ratio;
  ddlErrors: string[];
  score?: PairScore;
  figures: Record<Metric, Ratio>;
  ms: number;
}

type Totals = Record<Metric, Ratio>;

const empty = (): Ratio => ({ hit: 0, of: 0 });
const pct = (r: Ratio) => (r.of === 0 ? NaN : (100 * r.hit) / r.of);
const show = (r: Ratio) => (r.of === 0 ? '—' : `${pct(r).toFixed(0)}%`);

async function main() {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string', default: path.resolve(repoRoot, '..', 'shared', 'corpus') },
      database: { type: 'string', default: process.env.EVAL_PGURL },
      'no-ddl': { type: 'boolean', default: false },
      pair: { type: 'string' },
      verbose: { type: 'boolean', short: 'v', default: false },
      'raise-baseline': { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(repoRoot, 'eval-results', 'latest.json') },
    },
  });
  if (!existsSync(values.corpus)) {
    console.error(`No corpus at ${values.corpus}: pass --corpus DIR (a folder with pairs/*/spec.md and expect.json).`);
    process.exit(2);
  }
  await loadSqlParser(); // the document's constraint fences are read with libpg-query
  let pairs = loadCorpus(values.corpus);
  if (values.pair) pairs = pairs.filter((p) => p.name.includes(values.pair!));
  if (pairs.length === 0) {
    console.error(`No pair with spec.md and expect.json under ${values.corpus}.`);
    process.exit(2);
  }

  const db: Database | undefined = values['no-ddl']
    ? undefined
    : values.database
      ? new PgDatabase({ connectionString: values.database })
      : new PgliteDatabase({ cacheDir: pgliteCacheDir() });
  const results: PairResult[] = [];
  try {
    for (const pair of pairs) results.push(await evaluate(pair, db, values.verbose));
  } finally {
    await db?.close().catch(() => undefined);
    await closeWarmPglite().catch(() => undefined);
  }

  printTable(results);
  const totals = {
    english: total(results.filter((r) => r.language === 'en')),
    other: total(results.filter((r) => r.language !== 'en')),
    all: total(results),
  };
  console.log('');
  printTotals(totals);

  mkdirSync(path.dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify({ corpus: values.corpus, totals: percentages(totals), pairs: results }, null, 1)}\n`);
  console.log(`\nwritten: ${path.relative(process.cwd(), values.out)}`);

  if (values.pair || values['no-ddl']) return; // a partial run is not comparable with the baseline
  const falls = compareWithBaseline(totals, values['raise-baseline']);
  if (falls.length > 0) {
    console.error(`\nBelow the recorded baseline (${path.relative(process.cwd(), BASELINE)}):\n  ${falls.join('\n  ')}`);
    process.exitCode = 1;
  }
}

async function evaluate(pair: Pair, db: Database | undefined, verbose: boolean): Promise<PairResult> {
  const began = performance.now();
  const response = generateDocument({
    specText: pair.spec,
    specPath: `specs/${pair.name}/spec.md`,
    date: '2026-01-01',
    settings: { idType: 'serial', orm: 'SQLAlchemy (async)', roles: [] },
  });
  const ms = performance.now() - began;
  const result: PairResult = {
    name: pair.name, language: pair.language, generated: !!response.markdown,
    problems: response.problems.map((p) => `${p.severity}: ${p.message}`), ddl: { hit: 0, of: 1 }, ddlErrors: [], ms,
    figures: Object.fromEntries(METRICS.map((m) => [m, empty()])) as Record<Metric, Ratio>,
  };
  const model = response.markdown ? readMarkdown(response.markdown).model : undefined;
  const score = scorePair(pair.expect, model ?? readMarkdown('').model);
  result.score = score;
  for (const metric of METRICS) if (metric !== 'ddl') result.figures[metric] = score[metric as Exclude<Metric, 'ddl'>];
  if (model && db) {
    const validation = await validate(model, db, { probes: false });
    result.ddl.hit = validation.ok ? 1 : 0;
    result.ddlErrors = validation.problems.filter((p) => p.severity === 'error').map((p) => p.message);
  } else if (model && !db) result.ddl = empty();
  result.figures.ddl = result.ddl;
  if (verbose) {
    console.log(`\n## ${pair.name} (${pair.language})`);
    if (score.missedTables.length) console.log(`  missed tables: ${score.missedTables.join(', ')}`);
    if (score.missedColumns.length) console.log(`  missed columns: ${score.missedColumns.join(', ')}`);
    if (score.wrongFamilies.length) console.log(`  wrong family: ${score.wrongFamilies.join('; ')}`);
    if (score.wrongNullable.length) console.log(`  wrong nullable: ${score.wrongNullable.join('; ')}`);
    if (score.junkNames.length) console.log(`  junk: ${score.junkNames.join(', ')}`);
    if (result.ddlErrors.length) console.log(`  DDL: ${result.ddlErrors.join(' | ')}`);
    if (model) console.log(`  generated: ${model.entities.map((e) => `${e.name}(${e.columns.filter((c) => !['id', 'created_at', 'updated_at'].includes(c.name)).map((c) => c.name).join(',')})`).join(' ')}`);
  }
  return result;
}

function total(results: PairResult[]): Totals {
  const totals = Object.fromEntries(METRICS.map((m) => [m, empty()])) as Totals;
  for (const result of results) {
    for (const metric of METRICS) {
      totals[metric].hit += result.figures[metric].hit;
      totals[metric].of += result.figures[metric].of;
    }
  }
  return totals;
}

export function percentages(totals: Record<string, Totals>): Record<string, Record<Metric, number | null>> {
  return Object.fromEntries(
    Object.entries(totals).map(([group, t]) => [
      group,
      Object.fromEntries(METRICS.map((m) => [m, t[m].of === 0 ? null : Math.round(pct(t[m]) * 10) / 10])) as Record<Metric, number | null>,
    ]),
  );
}

function printTable(results: PairResult[]) {
  const width = 44;
  console.log(`${'pair'.padEnd(width)} lang ${METRICS.map((m) => SHORT[m].padStart(6)).join('')}`);
  for (const r of results) {
    const name = r.name.length > width ? `${r.name.slice(0, width - 1)}…` : r.name;
    const cells = METRICS.map((m) => (m === 'junk' ? String(r.figures.junk.hit) : show(r.figures[m])).padStart(6)).join('');
    console.log(`${name.padEnd(width)} ${r.language.padEnd(4)} ${cells}${r.generated ? '' : '  (nothing generated)'}`);
  }
}

function printTotals(totals: Record<string, Totals>) {
  console.log(`${'totals'.padEnd(12)} ${METRICS.map((m) => SHORT[m].padStart(13)).join('')}`);
  for (const [group, t] of Object.entries(totals)) {
    const cells = METRICS.map((m) => `${show(t[m])} ${t[m].hit}/${t[m].of}`.padStart(13)).join('');
    console.log(`${group.padEnd(12)} ${cells}`);
  }
}

/** A figure over fewer chances than this is noise (1/1 is 100%): recorded, but not held to. */
const MIN_CHANCES = 20;

/**
 * Totals below the recorded ones (junk: above), for figures recorded over at least
 * MIN_CHANCES chances; with --raise-baseline and no fall, records every better figure.
 */
function compareWithBaseline(now: Record<string, Totals>, raise: boolean): string[] {
  type Recorded = Record<string, Record<string, { percent: number; hit: number; of: number }>>;
  const recorded: Recorded = existsSync(BASELINE) ? JSON.parse(readFileSync(BASELINE, 'utf8')).totals : {};
  const falls: string[] = [];
  const next: Recorded = JSON.parse(JSON.stringify(recorded));
  for (const [group, figures] of Object.entries(now)) {
    next[group] ??= {};
    for (const metric of METRICS) {
      const ratioNow = figures[metric];
      if (ratioNow.of === 0) continue;
      const value = Math.round(pct(ratioNow) * 10) / 10;
      const was = recorded[group]?.[metric];
      const lower = LOWER_IS_BETTER.has(metric);
      const held = was !== undefined && was.of >= MIN_CHANCES;
      if (held && (lower ? value > was.percent : value < was.percent)) {
        falls.push(`${group} ${metric}: ${value}% (${ratioNow.hit}/${ratioNow.of}; recorded ${was.percent}%, ${was.hit}/${was.of})`);
      }
      const better = was === undefined || !held || (lower ? value < was.percent : value > was.percent);
      if (better) next[group][metric] = { percent: value, hit: ratioNow.hit, of: ratioNow.of };
    }
  }
  if (raise && falls.length === 0) {
    const note =
      'Totals of `npm run eval` on ../shared/corpus (percent, and hits over chances; junk: junk names per 100 generated columns, lower is better). ' +
      `The eval fails when a figure recorded over at least ${MIN_CHANCES} chances falls below these; raise them with --raise-baseline as the generator improves, never lower them.`;
    writeFileSync(BASELINE, `${JSON.stringify({ note, totals: next }, null, 1)}\n`);
    console.log(`\nrecorded: ${path.relative(process.cwd(), BASELINE)}`);
  }
  return falls;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
