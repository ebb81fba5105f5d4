/**
 * ERD render: runs the ERD benchmark script (`scripts/bench-erd.ts`, headless Chromium, median
 * of 3: the preview's full and focus renders, and bare mermaid on the same 200-table text) and
 * the layout comparison (`scripts/bench-erd-layouts.ts`: time and edge crossings per mermaid
 * build and layout engine), each in its own process, and reads their figures from their output.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ratio } from './stats';

function figure(output: string, pattern: RegExp): number {
  const match = pattern.exec(output);
  if (!match) throw new Error(`bench-erd.ts printed no ${pattern}:\n${output}`);
  return Number(match[1]);
}

export function erdFigures() {
  const script = path.join(__dirname, '..', 'bench-erd.ts');
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 900_000 });
  if (result.status !== 0) throw new Error(`bench-erd.ts failed: ${result.stderr || result.stdout}`);
  const output = result.stdout;
  const full = figure(output, /preview\s+200 tables, full\s+(\d+)/);
  const bare = figure(output, /bare mermaid\s+200 tables, full\s+(\d+)/);
  const focus = figure(output, /preview\s+200 tables, focus depth 1 \(5 tables\)\s+(\d+)/);
  const focusDepth3 = figure(output, /preview\s+200 tables, focus depth 3\s+(\d+)/);
  return {
    source: 'scripts/bench-erd.ts (headless Chromium, median of 3)',
    full200Ms: full,
    bareMermaid200Ms: bare,
    ratioToBareMermaid: ratio(full, bare),
    focusDepth1Ms: focus,
    focusDepth3Ms: focusDepth3,
    sample6TablesMs: figure(output, /preview\s+sample, 6 tables\s+(\d+)/),
    targets: { fullAtMost1_1xBare: full <= 1.1 * bare, focusUnder300ms: focus < 300 },
  };
}

/**
 * ERD layouts: time and edge crossings of the 200-table diagrams for each layout the run can
 * bundle: the shipped mermaid (dagre), and another install named by DATA_MODEL_BENCH_MERMAID_ALT
 * (a directory where `npm install mermaid@12 @mermaid-js/layout-elk` was run) with and without ELK.
 * The 80-table mesh is there because the 200-table documents are trees: 0 crossings in any layout.
 */
export function erdLayoutFigures() {
  const script = path.join(__dirname, '..', 'bench-erd-layouts.ts');
  const alt = process.env.DATA_MODEL_BENCH_MERMAID_ALT;
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, '--mesh', '80', ...(alt ? ['--alt', alt] : [])], { encoding: 'utf8', timeout: 1_800_000 });
  if (result.status !== 0) throw new Error(`bench-erd-layouts.ts failed: ${result.stderr || result.stdout}`);
  const layouts = [...result.stdout.matchAll(/^layout (.+?), (.+?)\s+(\d+) ms\s+(\d+) crossings\s+(\d+) edges (\d+) KB$/gm)].map((m) => ({
    build: m[1]!,
    document: m[2]!,
    renderMs: Number(m[3]),
    crossings: Number(m[4]),
    edges: Number(m[5]),
    bundleKB: Number(m[6]),
  }));
  if (layouts.length === 0) throw new Error(`bench-erd-layouts.ts printed no layout lines:\n${result.stdout}`);
  const fetched = result.stdout.split('\n').filter((line) => line.includes('fetched at run time'));
  return { source: 'scripts/bench-erd-layouts.ts (headless Chromium, median of 3; crossings: scripts/bench/edge-crossings.ts)', alt: alt ?? null, layouts, fetchedAtRunTime: fetched };
}
