/**
 * The language client, loaded after activation instead of during it.
 *
 * vscode-languageclient is nearly all of the client bundle, and evaluating it took about 60 ms
 * of the ~110 ms activation measured in VS Code (`npm run bench -- --only activation`). esbuild
 * evaluates a bundled CommonJS package on its first `require`, so the dynamic import below keeps
 * it out of activation: activate() registers the commands at once and schedules the load for
 * after VS Code has recorded the activation. A command run earlier simply waits for it.
 */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** What the commands and the preview need of the language client. */
export interface ServerClient {
  /** Starts the language server if it is not running yet; resolves when it can answer. */
  start(): Promise<void>;
  sendRequest<R>(method: string, params: unknown, token?: vscode.CancellationToken): Promise<R>;
}

export class DeferredLanguageClient implements ServerClient {
  private loading: Promise<LanguageClient> | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {}

  /** The client, created on first use. */
  private client(): Promise<LanguageClient> {
    this.loading ??= import('./language-client.js').then(({ createLanguageClient }) => createLanguageClient(this.context));
    return this.loading;
  }

  async start(): Promise<void> {
    await (await this.client()).start();
  }

  async sendRequest<R>(method: string, params: unknown, token?: vscode.CancellationToken): Promise<R> {
    return (await this.client()).sendRequest<R>(method, params, token);
  }

  /** Stops the server if it was ever started (deactivation). */
  async stop(): Promise<void> {
    if (this.loading) await (await this.loading).stop();
  }
}
