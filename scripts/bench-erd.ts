/**
 * ERD render timings in headless Chromium: the preview bundle on the 6-table sample and a
 * generated 200-table model (full and focus view), against bare mermaid (its own UMD build,
 * default settings) on the same 200-table text.
 *   node --import tsx scripts/bench-erd.ts
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { erdFromText } from '../server/src/api/erd';
import { loadSqlParser } from '../server/src/markdown/sql-fences';
import { launchChromium, PreviewPage } from '../server/src/erd-render/headless';
import { largeDocument, sampleDocument, tableName } from '../test/webview/fixtures';

const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  await loadSqlParser();
  const sample = erdFromText(sampleDocument());
  const large = erdFromText(largeDocument(200));
  const browser = await launchChromium();
  try {
    const timings: Record<string, number[]> = { 'sample, 6 tables': [], '200 tables, full': [], '200 tables, focus depth 1 (5 tables)': [], '200 tables, focus depth 3': [] };
    for (let run = 0; run < RUNS; run++) {
      const preview = await PreviewPage.open(browser);
      const record = async (label: string, promise: Promise<unknown>) => {
        const outcome = (await promise) as { type: string; milliseconds?: number; entities?: number };
        if (outcome.type !== 'rendered') throw new Error(`${label}: ${JSON.stringify(outcome)}`);
        timings[label]!.push(outcome.milliseconds!);
      };
      await record('sample, 6 tables', preview.render(sample));
      await record('200 tables, full', preview.render(large, undefined, 300_000));
      for (const [label, depth] of [['200 tables, focus depth 1 (5 tables)', 1], ['200 tables, focus depth 3', 3]] as const) {
        const before = (await preview.posted()).length;
        await preview.send({ type: 'focus', focus: { entity: tableName(10), depth } });
        await record(label, preview.waitForMessage((m) => m.type === 'rendered' || m.type === 'renderError', 60_000, before));
      }
      await preview.close();
    }

    // Bare mermaid: its own build, default configuration, same 200-table text.
    const bare: number[] = [];
    const page = await browser.newPage();
    await page.addScriptTag({ content: readFileSync(path.join(__dirname, '../node_modules/mermaid/dist/mermaid.min.js'), 'utf8') });
    for (let run = 0; run < RUNS; run++) {
      bare.push(
        await page.evaluate(async ({ text, id }) => {
          const mermaid = (window as unknown as { mermaid: { initialize(c: object): void; render(id: string, t: string): Promise<unknown> } }).mermaid;
          mermaid.initialize({ startOnLoad: false, maxTextSize: 5_000_000 });
          const started = performance.now();
          await mermaid.render(id, text);
          return performance.now() - started;
        }, { text: large.mermaid, id: `bare${run}` }),
      );
    }
    await page.close();

    console.log(`ERD render, headless Chromium, median of ${RUNS} (ms):`);
    for (const [label, values] of Object.entries(timings)) console.log(`  preview  ${label.padEnd(38)} ${Math.round(median(values))}`);
    console.log(`  bare mermaid ${'200 tables, full'.padEnd(34)} ${Math.round(median(bare))}`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
