/**
 * The command line that starts `data-model mcp` from the installed extension: the CLI bundle
 * beside the client (dist/cli.js) run by VS Code's own runtime as Node (ELECTRON_RUN_AS_NODE;
 * plain Node, as code-server's, ignores it), so no Node installation is needed. Pure (no
 * `vscode` import): the package test starts the server from an unpacked .vsix with it.
 */
import * as path from 'node:path';

/** The provider's id, also in package.json's `contributes.mcpServerDefinitionProviders` and activation event. */
export const MCP_SERVER_PROVIDER_ID = 'dataModel.mcpServer';

export interface McpServerCommandLine {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export function mcpServerCommandLine(extensionPath: string, runtime: string, workspaceFolder: string): McpServerCommandLine {
  return {
    command: runtime,
    args: [path.join(extensionPath, 'dist', 'cli.js'), 'mcp', '--root', workspaceFolder],
    env: { ELECTRON_RUN_AS_NODE: '1' },
  };
}
