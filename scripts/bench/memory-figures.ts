/**
 * Memory of the language server (the shipped `dist/server.js --stdio`, driven over LSP as an
 * editor would): resident set size after the first lint of the 300-table document, the peak
 * while doing it, and after 1,000 one-character edits. Beside it, the heap the same pipeline
 * holds after a full garbage collection (`retained-heap-child.ts`), which tells a leak from
 * garbage V8 has not collected yet.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startServer } from '../../test/lsp/server-process';

function memoryOf(pid: number): { rssKB: number; peakKB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKB: field('VmRSS'), peakKB: field('VmHWM') };
}

export async function memoryFigures(text: string, edits = 1000, batch = 25) {
  const server = await startServer();
  const uri = 'file:///bench/data-model.md';
  let publishes = 0;
  let waiting: (() => void) | undefined;
  server.connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string }) => {
    if (params.uri !== uri) return;
    publishes++;
    waiting?.();
  });
  const nextPublish = (timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no diagnostics from the language server')), timeoutMs);
      waiting = () => {
        clearTimeout(timer);
        waiting = undefined;
        resolve();
      };
    });
  try {
    const pid = server.process.pid!;
    const before = memoryOf(pid);
    const first = nextPublish();
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    await first;
    const afterFirstLint = memoryOf(pid);
    const lines = text.split('\n');
    const line = lines.findIndex((candidate, index) => index > lines.length / 2 && /^\| column_4 \|/.test(candidate));
    const character = lines[line]!.lastIndexOf('|') - 1;
    let version = 1;
    for (let sent = 0; sent < edits; ) {
      const published = nextPublish();
      for (let i = 0; i < batch && sent < edits; i++, sent++) {
        const typing = sent % 2 === 0;
        version++;
        await server.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri, version },
          contentChanges: [
            typing
              ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
              : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' },
          ],
        });
      }
      await published;
    }
    const afterEdits = memoryOf(pid);
    const growth = (afterEdits.rssKB - afterFirstLint.rssKB) / afterFirstLint.rssKB;
    const retained = retainedHeap();
    const heapGrowth = (retained.heapAfterEditsMB - retained.heapAfterFirstLintMB) / retained.heapAfterFirstLintMB;
    return {
      server: 'dist/server.js --stdio',
      idleRssMB: Math.round(before.rssKB / 1024),
      rssAfterFirstLintMB: Math.round(afterFirstLint.rssKB / 1024),
      peakRssDuringFirstLintMB: Math.round(afterFirstLint.peakKB / 1024),
      edits,
      lintsPublished: publishes - 1,
      rssAfterEditsMB: Math.round(afterEdits.rssKB / 1024),
      peakRssOverallMB: Math.round(afterEdits.peakKB / 1024),
      rssGrowthAfterEdits: Math.round(growth * 1000) / 1000,
      heapAfterCollectionMB: { afterFirstLint: Math.round(retained.heapAfterFirstLintMB * 10) / 10, afterEdits: Math.round(retained.heapAfterEditsMB * 10) / 10 },
      heapGrowthAfterEdits: Math.round(heapGrowth * 1000) / 1000,
      note: `edits sent in bursts of ${batch}, each burst answered by one publish (debounced); RSS read from /proc/<pid>/status`,
      targets: { growthWithin10Percent: growth <= 0.1, heapGrowthWithin10Percent: heapGrowth <= 0.1 },
    };
  } finally {
    await server.stop();
  }
}

function retainedHeap(): { heapAfterFirstLintMB: number; heapAfterEditsMB: number } {
  const child = path.join(__dirname, 'retained-heap-child.ts');
  const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', child], { encoding: 'utf8', timeout: 300_000 });
  return JSON.parse(output.trim().split('\n').pop()!) as { heapAfterFirstLintMB: number; heapAfterEditsMB: number };
}
