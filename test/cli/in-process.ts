/**
 * Runs the `data-model` CLI in this process, capturing what it writes: for tests that call it
 * many times against a database, where a child process per call would only add start-up time.
 */
import { Writable } from 'node:stream';
import { main } from '../../server/src/cli';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    text: () => chunks.join(''),
  };
}

export async function runCliInProcess(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await main(args, out.stream, err.stream);
  return { code, out: out.text(), err: err.text() };
}
