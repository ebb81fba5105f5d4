/**
 * A language-server session for the robustness tests: the shipped server over stdio (through
 * `test/lsp/server-process.ts`), with a way to wait for the next diagnostics of one document.
 */
import { startServer, type ServerUnderTest } from '../lsp/server-process';

export interface Published {
  uri: string;
  version?: number;
  diagnostics: unknown[];
  /** performance.now() when the notification arrived. */
  at: number;
}

export class DiagnosticsSession {
  readonly published: Published[] = [];
  private waiters: { uri: string; resolve: (p: Published) => void }[] = [];

  private constructor(readonly server: ServerUnderTest) {
    server.connection.onNotification('textDocument/publishDiagnostics', (params: Omit<Published, 'at'>) => {
      const entry = { ...params, at: performance.now() };
      this.published.push(entry);
      const ready = this.waiters.filter((waiter) => waiter.uri === params.uri);
      this.waiters = this.waiters.filter((waiter) => waiter.uri !== params.uri);
      for (const waiter of ready) waiter.resolve(entry);
    });
  }

  static async start(): Promise<DiagnosticsSession> {
    return new DiagnosticsSession(await startServer());
  }

  nextPublish(uri: string, timeoutMs: number): Promise<Published> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        uri,
        resolve: (published) => {
          clearTimeout(timer);
          resolve(published);
        },
      });
    });
  }

  open(uri: string, text: string): Promise<void> {
    return this.server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  }

  /** Resident set size of the server process, in kB. */
  rssKB(): number {
    const status = require('node:fs').readFileSync(`/proc/${this.server.process.pid}/status`, 'utf8') as string;
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  }

  /** The server still answers requests (it did not die or wedge). */
  async answers(uri: string, timeoutMs = 10_000): Promise<boolean> {
    const request = this.server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    return (await Promise.race([request.then(() => 'ok' as const, () => 'error' as const), timeout])) === 'ok';
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}
