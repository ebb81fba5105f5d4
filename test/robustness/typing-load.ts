/**
 * Typing into the 300-table document through the language server, as a user would at a given
 * rate: used by the load test (which checks that the server keeps up and stays bounded) and by
 * `npm run bench` (which reports the latency figures against their target).
 *
 * Each edit renames one FK-marked column to `v<version>`, so the diagnostics a publish carries
 * (DM106 names the column) say which didChange they answer; latency is measured from that
 * didChange to the publish.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { largeDocument } from './documents';
import type { DiagnosticsSession } from './lsp-client';

export interface TypingRun {
  edits: number;
  /** Publishes that answered an edit while edits were still arriving. */
  publishesDuringLoad: number;
  /** Resident set size of the server after the first lint, and its peak during the run (kB). */
  rssBeforeKB: number;
  rssPeakKB: number;
  /** Whether the last edit got its diagnostics (waited for up to `settleMs` after the last edit). */
  lastAnswered: boolean;
  /** Milliseconds from each answered didChange to the publish that answers it. */
  latencies: number[];
}

/** The version a publish answers: the `v<version>` column its DM106 diagnostic names. */
function versionOf(diagnostics: unknown[]): number | undefined {
  for (const diagnostic of diagnostics as { message: string }[]) {
    const match = /\.v(\d+) is marked FK/.exec(diagnostic.message);
    if (match) return Number(match[1]);
  }
  return undefined;
}

export async function typeIntoLargeDocument(
  session: DiagnosticsSession,
  { uri, editsPerSecond, seconds, settleMs = 10_000 }: { uri: string; editsPerSecond: number; seconds: number; settleMs?: number },
): Promise<TypingRun> {
  const text = largeDocument(300);
  const lines = text.split('\n');
  const line = lines.findIndex((candidate, index) => index > lines.length / 2 && /^\| parent_id \| INT FK \|/.test(candidate));
  if (line < 0) throw new Error('no FK row to edit in the 300-table document');
  const original = lines[line]!;
  const sentAt = new Map<number, number>();
  const first = session.nextPublish(uri, 60_000);
  await session.open(uri, text);
  await first;
  const rssBeforeKB = session.rssKB();
  let rssPeakKB = rssBeforeKB;
  const publishedBefore = session.published.length;
  const started = performance.now();
  let edits = 0;
  for (let version = 2; version < 2 + editsPerSecond * seconds; version++) {
    // Paced against the clock, not by fixed sleeps, so slow sends do not stretch the run.
    const due = started + ((version - 2) * 1000) / editsPerSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const renamed = original.replace(/^\| parent_id \|/, `| v${version} |`);
    sentAt.set(version, performance.now());
    void session.server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: original.length } }, text: renamed }],
    });
    edits++;
    rssPeakKB = Math.max(rssPeakKB, session.rssKB());
  }
  const publishesDuringLoad = session.published.length - publishedBefore;
  const answers = () => session.published.filter((p) => p.uri === uri).map((p) => ({ version: versionOf(p.diagnostics), at: p.at }));
  // Let the last edit be answered.
  const deadline = performance.now() + settleMs;
  while (performance.now() < deadline && !answers().some((a) => a.version === edits + 1)) await sleep(20);
  rssPeakKB = Math.max(rssPeakKB, session.rssKB());
  const latencies = answers()
    .filter((a): a is { version: number; at: number } => a.version !== undefined)
    .map((a) => a.at - sentAt.get(a.version)!);
  return { edits, publishesDuringLoad, rssBeforeKB, rssPeakKB, lastAnswered: answers().some((a) => a.version === edits + 1), latencies };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
