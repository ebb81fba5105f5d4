/**
 * Runs the MCP server on this process's standard input and output until the client closes
 * them. Standard output is the protocol's channel: anything else printed there would corrupt
 * it, so console output goes to standard error while the server runs.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CliError, EXIT_OK } from '../cli/io';
import { DATABASE_URL_ENV } from './config';
import { createMcpServer } from './server';
import { modules } from './tool-modules';
import { WorkspaceRoot } from './workspace-root';

export async function serveMcp(options: { root: string; databaseUrl?: string }, err: NodeJS.WritableStream): Promise<number> {
  const root = await WorkspaceRoot.open(options.root).catch((error: Error) => {
    throw new CliError(error.message);
  });
  const databaseUrl = options.databaseUrl ?? (process.env[DATABASE_URL_ENV] || undefined);
  console.log = console.error;
  console.info = console.error;
  const server = createMcpServer({ root, databaseUrl });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  err.write(`data-model mcp: serving ${root.folder}${databaseUrl ? ' (with a configured database)' : ''}\n`);
  await closed;
  await server.close().catch(() => undefined);
  // The embedded PostgreSQL's child, if a validation started it, stops with the server.
  await modules.pglite().closeWarmPglite().catch(() => undefined);
  return EXIT_OK;
}
