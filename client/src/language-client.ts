import * as vscode from 'vscode';
import type { ServerInitializationOptions } from '../../server/src/api/protocol';
import { SESSION_KEY_ENV } from '../../server/src/api/sealed-secret';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Starts the language server from its bundle over IPC (the lsp-sample wiring). */
export function createLanguageClient(context: vscode.ExtensionContext, sessionKey: string): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  // The key reaches the server in its environment, never over the (traceable) protocol.
  const env = { ...process.env, [SESSION_KEY_ENV]: sessionKey };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'markdown' }, { scheme: 'untitled', language: 'markdown' }],
    outputChannelName: 'Data Model',
    initializationOptions: {
      pgliteCacheDir: vscode.Uri.joinPath(context.globalStorageUri, 'pglite').fsPath,
    } satisfies ServerInitializationOptions,
    // The server re-lints when a lint config file changes, and follows the workspace's data models
    // and specs on disk (created, changed, renamed, deleted) for the cross-document rules.
    synchronize: {
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/.datamodel-lint.json'), vscode.workspace.createFileSystemWatcher('**/*.md')],
    },
  };
  return new LanguageClient('dataModel', 'Data Model', serverOptions, clientOptions);
}
