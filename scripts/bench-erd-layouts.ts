/**
 * ERD layouts compared in one run: render time and edge crossings of the same 200-table diagram
 * drawn by each mermaid build under test, with the preview's own settings (strict, SVG text
 * labels, no width cap). Each build is bundled here with esbuild into one browser IIFE, as
 * esbuild.mjs bundles the preview (so ELK must work without fetching anything), and loaded into a
 * blank headless-Chromium page. Builds come from an install directory: this repository's
 * node_modules ("shipped"), and any other given with --alt DIR (a second `npm install` of
 * another mermaid, with @mermaid-js/layout-elk beside it to measure ELK too).
 * The bench's 200-table documents are trees (no layout needs a crossing); --mesh N adds an
 * N-table diagram where each table also references a table far from it, which does.
 *   node --import tsx scripts/bench-erd-layouts.ts [--alt /tmp/mermaid12-alt] [--mesh 80 [--only-mesh]]
 * Prints one line per layout: "layout <label> <ms> ms <crossings> crossings <edges> edges <KB> KB".
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { erdFromText } from '../server/src/api/erd';
import { loadSqlParser } from '../server/src/markdown/sql-fences';
import { launchChromium } from '../server/src/erd-render/headless';
import { largeDocument as benchDocument } from './bench/documents';
import { largeDocument as treeDocument } from '../test/webview/fixtures';
import { svgEdgeCrossings } from './bench/edge-crossings';
import { median } from './bench/stats';
import { PREVIEW_MERMAID_SETTINGS } from '../media/mermaid-settings';

const RUNS = 3;
const root = path.resolve(__dirname, '..');

interface Variant {
  label: string;
  installDir: string;
  elk: boolean;
}

function mermaidVersion(installDir: string): string {
  return JSON.parse(readFileSync(path.join(installDir, 'node_modules/mermaid/package.json'), 'utf8')).version as string;
}

/** One IIFE exposing `window.benchMermaid`, ELK's loaders registered when asked. */
async function bundle(variant: Variant): Promise<{ code: string; bytes: number }> {
  const contents = [
    "import mermaid from 'mermaid';",
    variant.elk ? "import elkLayouts from '@mermaid-js/layout-elk';\nmermaid.registerLayoutLoaders(elkLayouts);" : '',
    'window.benchMermaid = mermaid;',
  ].join('\n');
  const result = await esbuild.build({
    stdin: { contents, resolveDir: variant.installDir, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0]!.text;
  return { code, bytes: Buffer.byteLength(code) };
}

function variants(): Variant[] {
  const list: Variant[] = [{ label: `mermaid ${mermaidVersion(root)} dagre (shipped)`, installDir: root, elk: false }];
  const altIndex = process.argv.indexOf('--alt');
  if (altIndex > 0) {
    const alt = path.resolve(process.argv[altIndex + 1]!);
    const version = mermaidVersion(alt);
    list.push({ label: `mermaid ${version} dagre`, installDir: alt, elk: false });
    if (existsSync(path.join(alt, 'node_modules/@mermaid-js/layout-elk'))) list.push({ label: `mermaid ${version} elk`, installDir: alt, elk: true });
  }
  if (existsSync(path.join(root, 'node_modules/@mermaid-js/layout-elk'))) list.push({ label: `mermaid ${mermaidVersion(root)} elk (shipped)`, installDir: root, elk: true });
  return list;
}

/** N tables in the tree above, and each table from the 4th also referencing one spread across the model, off the tree. */
function meshDiagram(count: number): string {
  const name = (i: number) => `T${String(i).padStart(3, '0')}`;
  const lines = ['erDiagram'];
  for (let i = 0; i < count; i++) lines.push(`${name(i)} {`, 'int id PK', 'string name', '}');
  for (let i = 1; i < count; i++) lines.push(`${name(Math.floor((i - 1) / 3))} ||--o{ ${name(i)} : "parent"`);
  for (let i = 4; i < count; i++) {
    const other = (i * 17 + 5) % count;
    if (other !== i) lines.push(`${name(other)} ||--o{ ${name(i)} : "other"`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  await loadSqlParser();
  const documents = [
    { name: 'bench 200 tables', text: erdFromText(benchDocument(200)).mermaid },
    { name: 'tree 200 tables', text: erdFromText(treeDocument(200)).mermaid },
  ];
  const meshAt = process.argv.indexOf('--mesh');
  if (meshAt > 0) documents.push({ name: `mesh ${process.argv[meshAt + 1]} tables`, text: meshDiagram(Number(process.argv[meshAt + 1])) });
  if (process.argv.includes('--only-mesh')) documents.splice(0, 2); // a quicker run
  const browser = await launchChromium();
  try {
    for (const variant of variants()) {
      const { code, bytes } = await bundle(variant);
      const page = await browser.newPage();
      // Any request the build makes at run time (a lazy chunk, a web font) would be a download.
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.addScriptTag({ content: code });
      for (const document of documents) {
        const times: number[] = [];
        let svg = '';
        for (let run = 0; run < RUNS; run++) {
          const result = await page.evaluate(
            async ({ text, id, elk, settings }) => {
              const mermaid = (window as unknown as { benchMermaid: { initialize(c: object): void; render(id: string, t: string): Promise<{ svg: string }> } }).benchMermaid;
              mermaid.initialize({ ...settings, layout: elk ? 'elk' : 'dagre' });
              const started = performance.now();
              const { svg } = await mermaid.render(id, text);
              return { ms: performance.now() - started, svg };
            },
            { text: document.text, id: `bench${run}`, elk: variant.elk, settings: PREVIEW_MERMAID_SETTINGS },
          );
          times.push(result.ms);
          svg = result.svg;
        }
        const { edges, crossings } = svgEdgeCrossings(svg);
        console.log(`layout ${`${variant.label}, ${document.name}`.padEnd(52)} ${String(Math.round(median(times))).padStart(6)} ms ${String(crossings).padStart(6)} crossings ${String(edges).padStart(4)} edges ${Math.round(bytes / 1024)} KB`);
      }
      if (requests.length > 0) console.log(`  ${variant.label} fetched at run time: ${requests.join(', ')}`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
