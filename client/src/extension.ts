/**
 * The client is the hands: commands, pickers, progress, file writes. All domain logic lives
 * in the language server (server/src), which this starts over IPC.
 */
import * as vscode from 'vscode';
import { compareWithDatabaseCommand, exportSqlCommand, generateFromDatabaseCommand, validateCommand } from './commands/database';
import { generateMigrationCommand } from './commands/migrate';
import { exportSqlAlchemyCommand } from './commands/orm';
import { generateCommand } from './commands/generate';
import { setDatabasePassword } from './database/connection';
import { PROPOSAL_SCHEME, ProposalStore } from './commands/proposals';
import { registerErdPreview } from './preview/register';
import { DeferredLanguageClient } from './server-client';
import { DataModelDocuments } from './data-model-documents';
import { OPEN_SETTINGS, openSettings, plainText } from './notifications';
import { DataModelStatusBar } from './status-bar';
import { registerMcpServerDefinitionProvider } from './mcp/server-definition-provider';

let client: DeferredLanguageClient | undefined;

/** Set by the bundle's first line (esbuild.mjs banner); undefined when loaded unbundled. */
declare const dataModelBundleLoadStarted: number | undefined;

/** How long activation took, in milliseconds, as VS Code waited for it. */
export interface ActivationTiming {
  /** Evaluating the bundle, from its first line to the call of activate(). */
  loadMs: number;
  /** activate() itself: registering commands and views (the language client loads after it). */
  activateMs: number;
  totalMs: number;
}

/** What the extension exports to other extensions (and to its own in-VS Code tests). */
export interface DataModelApi {
  activation: ActivationTiming;
}

/** Runs a command, turning any failure into a message (never an unhandled rejection). Its
 *  result is passed on (e.g. Validate's response), so `executeCommand` callers (tests,
 *  other extensions) get it; undefined when the command failed. Commands that use the
 *  database name the settings that configure it: their failures offer "Open Settings". */
function guarded<A extends unknown[], R>(what: string, command: (...args: A) => Promise<R>, settings?: string) {
  return async (...args: A): Promise<R | undefined> => {
    try {
      return await command(...args);
    } catch (error) {
      if (error instanceof vscode.CancellationError || (error as { code?: number })?.code === -32800) return undefined;
      const message = plainText(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      if (settings) {
        void vscode.window.showErrorMessage(message, OPEN_SETTINGS).then((answer) => (answer === OPEN_SETTINGS ? openSettings(settings) : undefined));
      } else {
        void vscode.window.showErrorMessage(message);
      }
      return undefined;
    }
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<DataModelApi> {
  const activateStarted = performance.now();
  client = new DeferredLanguageClient(context);
  const proposals = new ProposalStore();
  const languageClient = client;
  const databaseDiagnostics = vscode.languages.createDiagnosticCollection('data-model-database');
  const databaseDeps = { client: languageClient, secrets: context.secrets, diagnostics: databaseDiagnostics };
  const dataModelDocuments = new DataModelDocuments();
  const statusBar = new DataModelStatusBar(dataModelDocuments);
  // The MCP server for the editor's agents, where this VS Code has the API (1.101 and later).
  const mcpServerDefinitions = registerMcpServerDefinitionProvider(context);
  if (mcpServerDefinitions) context.subscriptions.push(mcpServerDefinitions);
  context.subscriptions.push(
    dataModelDocuments,
    statusBar,
    databaseDiagnostics,
    // What a database said is about the text it saw: an edit makes it stale.
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) databaseDiagnostics.delete(event.document.uri);
    }),
    vscode.commands.registerCommand('dataModel.exportSql', guarded('Data Model: Export SQL', (uri?: vscode.Uri) => exportSqlCommand(databaseDeps, uri))),
    vscode.commands.registerCommand('dataModel.generateMigration', guarded('Data Model: Generate Migration', (uri?: vscode.Uri) => generateMigrationCommand(databaseDeps.client, uri))),
    vscode.commands.registerCommand(
      'dataModel.exportSqlAlchemy',
      guarded('Data Model: Export SQLAlchemy Models', (uri?: vscode.Uri) => exportSqlAlchemyCommand(databaseDeps, uri)),
    ),
    vscode.commands.registerCommand(
      'dataModel.validate',
      guarded(
        'Data Model: Validate against PostgreSQL',
        async (uri?: vscode.Uri) => {
          const response = await validateCommand(databaseDeps, uri);
          const document = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeTextEditor?.document;
          if (response && document) {
            statusBar.recordValidation(document, { ok: response.ok, summary: `${response.statementsApplied} statements on ${response.database}, ${response.durationMs} ms` });
          }
          return response;
        },
        'dataModel.database',
      ),
    ),
    vscode.commands.registerCommand(
      'dataModel.generateFromDatabase',
      guarded('Data Model: Generate from Database', () => generateFromDatabaseCommand(databaseDeps), 'dataModel.database'),
    ),
    vscode.commands.registerCommand(
      'dataModel.compareWithDatabase',
      guarded('Data Model: Compare with Database', (uri?: vscode.Uri) => compareWithDatabaseCommand(databaseDeps, uri), 'dataModel.database'),
    ),
    vscode.commands.registerCommand('dataModel.setDatabasePassword', guarded('Data Model: Set Database Password', () => setDatabasePassword(context.secrets))),
    proposals,
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, proposals),
    vscode.commands.registerCommand(
      'dataModel.generate',
      guarded('Data Model: Generate', async (argument?: unknown) => {
        await languageClient.start();
        await generateCommand({ client: languageClient, proposals }, argument);
      }),
    ),
    // Rule pages ship inside the extension; the diagnostics' code links and the quick fix open them.
    vscode.commands.registerCommand('dataModel.showRuleDocumentation', (page: string) =>
      vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.parse(page)),
    ),
    vscode.commands.registerCommand(
      'dataModel.acceptProposal',
      guarded('Data Model: Accept', (target?: vscode.Uri) => proposals.accept(target)),
    ),
    vscode.commands.registerCommand(
      'dataModel.discardProposal',
      guarded('Data Model: Discard', (target?: vscode.Uri) => proposals.discard(target)),
    ),
  );
  registerErdPreview(context, languageClient);
  // After activation, not during it: a timer runs once VS Code has recorded the activation
  // (see server-client.ts). Commands await the start themselves.
  setTimeout(() => {
    languageClient.start().catch((error: unknown) => {
      void vscode.window.showErrorMessage(`The Data Model language server did not start: ${String(error)}`);
    });
  }, 0);
  return { activation: activationTiming(activateStarted) };
}

function activationTiming(activateStarted: number): ActivationTiming {
  const activated = performance.now();
  const loadStarted = typeof dataModelBundleLoadStarted === 'number' ? dataModelBundleLoadStarted : activateStarted;
  const round = (value: number) => Math.round(value * 100) / 100;
  return { loadMs: round(activateStarted - loadStarted), activateMs: round(activated - activateStarted), totalMs: round(activated - loadStarted) };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
