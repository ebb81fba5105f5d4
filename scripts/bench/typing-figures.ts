/**
 * Latency of the language server while a user types: 50 edits a second for 10 seconds on the
 * 300-table document, each answer timed from the didChange it answers to its diagnostics
 * (the driver is the load test's, test/robustness/typing-load.ts). The target, p95 under
 * 200 ms, lives here and not in the test suite: it is a speed figure, which a loaded machine
 * would miss without anything being wrong.
 */
import { DiagnosticsSession } from '../../test/robustness/lsp-client';
import { percentile, typeIntoLargeDocument } from '../../test/robustness/typing-load';
import { ms } from './stats';

export async function typingFigures(editsPerSecond = 50, seconds = 10) {
  const session = await DiagnosticsSession.start();
  try {
    const run = await typeIntoLargeDocument(session, { uri: 'file:///bench/typing/data-model.md', editsPerSecond, seconds });
    if (run.latencies.length === 0) throw new Error('no edit was answered');
    const p95 = percentile(run.latencies, 95);
    return {
      load: `${editsPerSecond} edits a second for ${seconds} s on the 300-table document`,
      edits: run.edits,
      answers: run.latencies.length,
      answersWhileTyping: run.publishesDuringLoad,
      lastEditAnswered: run.lastAnswered,
      p50Ms: ms(percentile(run.latencies, 50)),
      p95Ms: ms(p95),
      maxMs: ms(Math.max(...run.latencies)),
      targets: {
        p95Under200ms: p95 < 200,
        // The server lints at least every 250 ms under continuous typing.
        answerEvery250msWhileTyping: run.publishesDuringLoad >= (seconds * 1000) / 250,
      },
    };
  } finally {
    await session.stop();
  }
}
