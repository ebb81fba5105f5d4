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
import { newSessionKey } from '../../server/src/api/sealed-secret';
import type { LanguageClient, ProgressType, WorkDoneProgressBegin, WorkDoneProgressEnd, WorkDoneProgressReport } from 'vscode-languageclient/node';

/** LSP's WorkDoneProgress.type without loading vscode-languageclient at activation (a ProgressType is an empty marker object). */
const workDoneProgress = {} as ProgressType<WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd>;

/** What the commands and the preview need of the language client. */
export interface ServerClient {
  /** Starts the language server if it is not running yet; resolves when it can answer. */
  start(): Promise<void>;
  sendRequest<R>(method: string, params: unknown, token?: vscode.CancellationToken): Promise<R>;
  /** A request whose params take a `workDoneToken`: the server's progress messages go to `onProgress` while it runs. */
  sendRequestWithProgress<R>(method: string, params: object, onProgress: (message: string) => void, token?: vscode.CancellationToken): Promise<R>;
  /** The key the server process was started with, sealing the database password (api/sealed-secret.ts). */
  readonly sessionKey: string;
  /** The "Data Model" output channel (the language client's own): full reports go there. */
  outputChannel(): Promise<vscode.OutputChannel>;
}

export class DeferredLanguageClient implements ServerClient {
  private loading: Promise<LanguageClient> | undefined;
  private progressTokens = 0;
  /** One per window: every server process this client starts (restarts included) gets it. */
  readonly sessionKey = newSessionKey();

  constructor(private readonly context: vscode.ExtensionContext) {}

  /** The client, created on first use. */
  private client(): Promise<LanguageClient> {
    this.loading ??= import('./language-client.js').then(({ createLanguageClient }) => createLanguageClient(this.context, this.sessionKey));
    return this.loading;
  }

  async start(): Promise<void> {
    await (await this.client()).start();
  }

  async sendRequest<R>(method: string, params: unknown, token?: vscode.CancellationToken): Promise<R> {
    return (await this.client()).sendRequest<R>(method, params, token);
  }

  async sendRequestWithProgress<R>(method: string, params: object, onProgress: (message: string) => void, token?: vscode.CancellationToken): Promise<R> {
    const client = await this.client();
    const workDoneToken = `dataModel/${method}/${++this.progressTokens}`;
    // The progress type is only a marker for the handler's type; the token picks the messages.
    const subscription = client.onProgress(workDoneProgress, workDoneToken, (value) => {
      if (value.kind !== 'end' && value.message) onProgress(value.message);
    });
    try {
      return await client.sendRequest<R>(method, { ...params, workDoneToken }, token);
    } finally {
      subscription.dispose();
    }
  }

  async outputChannel(): Promise<vscode.OutputChannel> {
    return (await this.client()).outputChannel;
  }

  /** Stops the server if it was ever started (deactivation). */
  async stop(): Promise<void> {
    if (this.loading) await (await this.loading).stop();
  }
}
