/**
 * ERD render: runs the ERD benchmark script (`scripts/bench-erd.ts`, headless Chromium, median
 * of 3: the preview's full and focus renders, and bare mermaid on the same 200-table text) in
 * its own process and reads its figures from its output.
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
