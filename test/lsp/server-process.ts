// Starts the bundled language server (dist/server.js) over stdio and initializes it, as an
// editor would, so tests talk to exactly what ships.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const root = path.resolve(__dirname, '../..');

export interface ServerUnderTest {
  connection: MessageConnection;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** `workspaceFolders`: folder paths the editor has open (the server reads their data models at start). */
export async function startServer(initializationOptions: object = {}, workspaceFolders: string[] = []): Promise<ServerUnderTest> {
  const child = spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.listen();
  const result = await connection.sendRequest<{ serverInfo?: { name: string } }>('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    workspaceFolders: workspaceFolders.length === 0 ? null : workspaceFolders.map((folder) => ({ uri: pathToFileURL(folder).toString(), name: path.basename(folder) })),
    initializationOptions,
  });
  assert.equal(result.serverInfo?.name, 'Data Model language server');
  await connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    async stop() {
      await connection.sendRequest('shutdown').catch(() => undefined);
      await connection.sendNotification('exit').catch(() => undefined);
      connection.dispose();
      child.kill();
    },
  };
}
