/**
 * Offers the data-model MCP server to VS Code's agents (agent mode, "check this data model"):
 * an MCP server definition provider whose one server is rooted at the first workspace folder
 * (the tools read and write only inside it). The API is final from VS Code 1.101; the extension's engine allows
 * 1.100, where `vscode.lm.registerMcpServerDefinitionProvider` does not exist, so it is looked
 * up at run time and nothing happens without it. The types are declared here because the
 * pinned @types/vscode (1.100) predates them.
 */
import * as vscode from 'vscode';
import { MCP_SERVER_PROVIDER_ID, mcpServerCommandLine } from './server-command-line';

interface McpServerDefinitionProvider {
  onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): unknown[];
}

interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: McpServerDefinitionProvider): vscode.Disposable;
}

type McpStdioServerDefinitionConstructor = new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string) => unknown;

/** Whether this VS Code has the final API (1.101+). 1.100 already has the function, but checks
 *  the contribution under its earlier name and throws, which would fail the whole activation. */
function hasFinalMcpApi(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major > 1 || (major === 1 && minor >= 101);
}

/** Registers the provider when this VS Code has the API; returns what to dispose, or undefined. */
export function registerMcpServerDefinitionProvider(context: vscode.ExtensionContext): vscode.Disposable | undefined {
  const lm = vscode.lm as unknown as Partial<McpApi> | undefined;
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: McpStdioServerDefinitionConstructor }).McpStdioServerDefinition;
  if (!hasFinalMcpApi(vscode.version) || typeof lm?.registerMcpServerDefinitionProvider !== 'function' || typeof Definition !== 'function') return undefined;
  try {
    return register(context, lm as McpApi, Definition);
  } catch (error) {
    // Offering the tools to agents is an extra: whatever this VS Code objects to, the editor's
    // own features (commands, lint, preview) must still activate.
    console.warn(`Data Model: the MCP server is not offered to VS Code's agents: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function register(context: vscode.ExtensionContext, lm: McpApi, Definition: McpStdioServerDefinitionConstructor): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const version = (context.extension.packageJSON as { version?: string }).version;
  const registration = lm.registerMcpServerDefinitionProvider(MCP_SERVER_PROVIDER_ID, {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file');
      if (!folder) return [];
      const line = mcpServerCommandLine(context.extensionPath, process.execPath, folder.uri.fsPath);
      return [new Definition('Data Model', line.command, line.args, line.env, version)];
    },
  });
  const folders = vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire());
  return vscode.Disposable.from(registration, folders, changed);
}
