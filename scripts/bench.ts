/**
 * `npm run bench`: every performance figure of the issue, each beside its reference measured in
 * the same run, as ONE JSON object on stdout (progress goes to stderr).
 *   node --import tsx scripts/bench.ts [--only lint,lintScaling,incremental,typing,generate,migrate,validate,embedded,introspect,erd,erdLayouts,activation,memory,orm,workspace,mcp]
 * Needs a build (`npm run build`; activation reads the .vsix when present), the local PostgreSQL
 * at $PGURL with psql and pg_dump, and Chromium for the ERD figures.
 */
import { activationFigures } from './bench/activation-figures';
import { largeDocument, largeDocumentModel } from './bench/documents';
import { erdFigures, erdLayoutFigures } from './bench/erd-figures';
import { generateFigures } from './bench/generate-figures';
import { incrementalFigures, lintFigures, lintScalingFigures } from './bench/lint-figures';
import { mcpFigures } from './bench/mcp-figures';
import { memoryFigures } from './bench/memory-figures';
import { migrateFigures } from './bench/migrate-figures';
import { ormFigures } from './bench/orm-figures';
import { typingFigures } from './bench/typing-figures';
import { workspaceFigures } from './bench/workspace-figures';
import { embeddedFigures, introspectFigures, validateFigures } from './bench/postgres-figures';
import { loadSqlParser } from '../server/src/markdown/sql-fences';

const SECTIONS = ['lint', 'lintScaling', 'incremental', 'typing', 'generate', 'migrate', 'validate', 'embedded', 'introspect', 'erd', 'erdLayouts', 'activation', 'memory', 'orm', 'workspace', 'mcp'] as const;
type Section = (typeof SECTIONS)[number];

function selectedSections(): Section[] {
  const at = process.argv.indexOf('--only');
  if (at < 0) return [...SECTIONS];
  const wanted = (process.argv[at + 1] ?? '').split(',');
  const unknown = wanted.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  return wanted as Section[];
}

async function main(): Promise<void> {
  await loadSqlParser();
  const text = largeDocument(300);
  const runs: Record<Section, () => unknown> = {
    lint: () => lintFigures(text),
    lintScaling: () => lintScalingFigures(),
    incremental: () => incrementalFigures(text),
    typing: () => typingFigures(),
    generate: () => generateFigures(),
    migrate: () => migrateFigures(),
    validate: () => validateFigures(largeDocumentModel(300)),
    embedded: () => embeddedFigures(largeDocumentModel(300)),
    introspect: () => introspectFigures(1000),
    erd: () => erdFigures(),
    erdLayouts: () => erdLayoutFigures(),
    activation: () => activationFigures(),
    memory: () => memoryFigures(text),
    orm: () => ormFigures(largeDocumentModel(300)),
    workspace: () => workspaceFigures(),
    mcp: () => mcpFigures(text),
  };
  const report: Record<string, unknown> = {
    machine: { node: process.version, cpus: (await import('node:os')).cpus().length, platform: process.platform },
  };
  for (const section of selectedSections()) {
    process.stderr.write(`bench: ${section}…\n`);
    const started = performance.now();
    try {
      report[section] = await runs[section]();
    } catch (error) {
      // One broken figure must not hide the others; it is reported, not faked.
      report[section] = { error: error instanceof Error ? error.message : String(error) };
      process.exitCode = 1;
    }
    process.stderr.write(`bench: ${section} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  console.log(JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
