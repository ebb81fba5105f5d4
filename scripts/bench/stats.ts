/** Timing helpers for the benchmarks: medians of interleaved runs, ratios rounded for reading. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Milliseconds with two decimals: enough to compare, not so many that noise looks like data. */
export function ms(value: number): number {
  return Math.round(value * 100) / 100;
}

export function ratio(value: number, reference: number): number {
  return Math.round((value / reference) * 1000) / 1000;
}

export async function timeAsync(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export function time(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

/**
 * Runs each contender once per round, in turn, for `rounds` rounds after `warmup` unmeasured
 * rounds, so that all of them see the same machine state (GC, CPU frequency, other jobs):
 * side by side, not one after the other.
 */
export function interleaved(contenders: Record<string, () => unknown>, rounds: number, warmup = 2): Record<string, number[]> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (const [name, run] of Object.entries(contenders)) {
      const elapsed = time(run);
      if (round >= warmup) samples[name]!.push(elapsed);
    }
  }
  return samples;
}

export interface Target {
  /** What the target says, in words: `<= 2x markdown-it`. */
  target: string;
  met: boolean;
}
