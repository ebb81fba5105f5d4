/**
 * The language server: LSP wiring only. Each request is answered by a pure function from the
 * server's modules; nothing here knows about Markdown or SQL.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type CancellationToken,
  createConnection,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  FileChangeType,
  ErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  CodeActionKind,
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { exportModels } from './api/orm-models';
import { compareRequest, compileSql, introspectRequest, UserFacingError, validateDocument, type EmbeddedSettings } from './api/database-requests';
import { textSizeRefusal } from './api/document-size';
import { erdRequest } from './api/erd';
import { migrateRequest } from './api/migrate-request';
import { checkSpec, generateDocument, type GenerateWorkspace } from './api/generate-document';
import {
  GenerateRequestMethod,
  SpecTitleRequestMethod,
  SqlRequestMethod,
  OrmRequestMethod,
  type OrmParams,
  type OrmResponse,
  MigrateRequestMethod,
  type MigrateParams,
  type MigrateResponse,
  ValidateRequestMethod,
  IntrospectRequestMethod,
  CompareRequestMethod,
  type CompareParams,
  type CompareResponse,
  type IntrospectParams,
  type IntrospectResponse,
  type GenerateParams,
  type GenerateResponse,
  type ServerInitializationOptions,
  type SpecTitleParams,
  type SpecTitleResponse,
  type SqlParams,
  type SqlResponse,
  type ValidateParams,
  type ValidateResponse,
} from './api/protocol';
import { ErdRequestMethod, type ErdParams, type ErdResponse } from './api/protocol';
import { codeActionsFor } from './lsp/code-actions';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from './lsp/diagnostics';
import { LintConfigFiles, resolveLintConfig } from './lsp/lint-config';
import { definitionFor, documentSymbols, hoverFor } from './lsp/navigation';
import { workspaceDefinition, workspaceHover, workspaceSymbols } from './lsp/workspace-navigation';
import { LineTextDocument } from './lsp/line-text-document';
import { LintedDocuments } from './lsp/linted-documents';
import { WorkspaceDocuments } from './lsp/workspace-documents';
import { lintDocument } from './api/lint-document';
import { isDataModelDocument, ParsedDocuments } from './lsp/parsed-documents';
import { loadSqlParser } from './markdown/sql-fences';

/**
 * Quiet time after a keystroke before linting, so a burst of keys costs one lint. Short, since
 * a keystroke in a column row re-lints a 300-table document in about 10-30 ms (the reader's row
 * fast path); a full read and lint takes about 65 ms.
 */
const LINT_DELAY_MS = 50;
/** Under continuous typing the quiet time never comes: lint at least this often anyway. */
const LINT_MAX_WAIT_MS = 250;

const connection = createConnection(ProposedFeatures.all);
// Line arrays, not one string per version: a keystroke on a large document makes no 700 KB copy.
const documents = new TextDocuments(LineTextDocument);
const parsed = new ParsedDocuments();
const linted = new LintedDocuments();
const lintConfigFiles = new LintConfigFiles();
const workspaces = new WorkspaceDocuments();
const published = new Map<string, Diagnostic[]>();
const scheduled = new Map<string, NodeJS.Timeout>();
/** When the oldest edit not yet linted arrived, per document. */
const pendingSince = new Map<string, number>();
let workspaceRoots: string[] = [];
let canAskConfiguration = false;
/** The embedded PostgreSQL's settings, from the client's initialization options. */
let embedded: EmbeddedSettings = {};

/** The SQL parser is WebAssembly: load it once; linting waits for it (a few milliseconds). */
const sqlParserReady = loadSqlParser().catch((error: unknown) => {
  connection.console.error(`Could not load the PostgreSQL parser: ${String(error)}`);
});

connection.onInitialize((params): InitializeResult => {
  canAskConfiguration = Boolean(params.capabilities.workspace?.configuration);
  const options = params.initializationOptions as ServerInitializationOptions | undefined;
  embedded = { cacheDir: options?.pgliteCacheDir, idleMs: options?.pgliteIdleMs, deadlineMs: options?.pgliteDeadlineMs };
  workspaceRoots = (params.workspaceFolders ?? [])
    .filter((folder) => folder.uri.startsWith('file:'))
    .map((folder) => fileURLToPath(folder.uri));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
      definitionProvider: true,
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
    },
    serverInfo: { name: 'Data Model language server' },
  };
});

connection.onInitialized(() => {
  if (canAskConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  // The workspace's data models, open or not, so cross-document findings appear without opening every file.
  workspaces
    .scan(workspaceRoots, (uri) => documents.get(uri) !== undefined)
    .then((found) => {
      for (const uri of new Set([...found, ...documents.keys()])) scheduleLint(uri, 0);
    })
    .catch((error: unknown) => connection.console.error(`Reading the workspace's data models failed: ${String(error)}`));
});

/** Turns an unexpected exception into an LSP error the client can show, never a crash. */
function guarded<P, R>(what: string, handler: (params: P) => R | Promise<R>) {
  return async (params: P): Promise<R | ResponseError<void>> => {
    try {
      return await handler(params);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof UserFacingError) return new ResponseError(ErrorCodes.InvalidRequest, message);
      connection.console.error(`${what} failed: ${error instanceof Error && error.stack ? error.stack : message}`);
      return new ResponseError(ErrorCodes.InternalError, `${what} failed: ${message}`);
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Diagnostics: debounced per document; a result for an outdated version is dropped.

async function lintSettingsFor(uri: string): Promise<unknown> {
  if (!canAskConfiguration) return undefined;
  const section = (await connection.workspace.getConfiguration({ scopeUri: uri, section: 'dataModel.lint' })) as { rules?: unknown } | null;
  return section?.rules;
}

function publish(uri: string, diagnostics: Diagnostic[]): void {
  if (diagnostics.length === 0 && !published.has(uri)) return;
  if (diagnostics.length === 0) published.delete(uri);
  else published.set(uri, diagnostics);
  void connection.sendDiagnostics({ uri, diagnostics });
}

function configMessages(messages: readonly { source: string; message: string }[]): Diagnostic[] {
  return messages.map((message) => ({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    message: `${message.source}: ${message.message}`,
  }));
}

/** Lints a document: the open editor's version, or (for a workspace member not open) its file as last read. */
async function lintNow(uri: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return lintClosed(uri);
  const version = document.version;
  const text = document.getText();
  if (!isDataModelDocument(uri, text)) {
    // It may have been one a moment ago: its workspace no longer counts it.
    for (const other of workspaces.forget(uri)) scheduleLint(other, 0);
    publish(uri, []);
    return;
  }
  const refusal = textSizeRefusal(text);
  if (refusal) {
    // Not read at all (neither here nor for hovers and symbols): one error says why.
    parsed.forget(uri);
    linted.forget(uri);
    publish(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, message: refusal }]);
    return;
  }
  await sqlParserReady;
  const config = await resolveLintConfig(uri, await lintSettingsFor(uri), workspaceRoots, lintConfigFiles);
  if (documents.get(uri)?.version !== version) return; // a newer edit will lint again
  const current = parsed.get(document);
  // The workspace follows the editor's text; the documents that depend on this one are linted again.
  const dependents = workspaces.setOpen(uri, current);
  const result = linted.lint(current, config.levels, workspaces.contextFor(uri));
  for (const note of result.notes) connection.console.warn(note);
  publish(uri, [...result.findings.map((finding) => toDiagnostic(finding, uri)), ...configMessages(config.messages)]);
  for (const other of dependents) scheduleLint(other, 0);
}

/** A workspace member that no editor shows: its findings still appear in the Problems view. */
async function lintClosed(uri: string): Promise<void> {
  const member = workspaces.modelOf(uri)?.get(uri);
  if (!member) {
    publish(uri, []);
    return;
  }
  await sqlParserReady;
  const config = await resolveLintConfig(uri, await lintSettingsFor(uri), workspaceRoots, lintConfigFiles);
  if (documents.get(uri)) return; // opened meanwhile: the open path lints it
  const result = workspaces.contextFor(uri)
    ? workspaces.lintClosed(uri, config.levels)!
    : lintDocument(member.model, member.text, member.problems, config.levels, { lines: member.lines });
  for (const note of result.notes) connection.console.warn(note);
  publish(uri, [...result.findings.map((finding) => toDiagnostic(finding, uri)), ...configMessages(config.messages)]);
}

function scheduleLint(uri: string, delay = LINT_DELAY_MS): void {
  clearTimeout(scheduled.get(uri));
  const since = pendingSince.get(uri) ?? Date.now();
  pendingSince.set(uri, since);
  const wait = Math.max(0, Math.min(delay, since + LINT_MAX_WAIT_MS - Date.now()));
  scheduled.set(
    uri,
    setTimeout(() => {
      scheduled.delete(uri);
      pendingSince.delete(uri);
      lintNow(uri).catch((error: unknown) => connection.console.error(`Linting ${uri} failed: ${String(error)}`));
    }, wait),
  );
}

function relintAll(): void {
  for (const uri of new Set([...documents.all().map((document) => document.uri), ...workspaces.allDocuments()])) scheduleLint(uri, 0);
}

documents.onDidOpen((event) => scheduleLint(event.document.uri, 0));
documents.onDidChangeContent((event) => scheduleLint(event.document.uri));
documents.onDidClose((event) => {
  const uri = event.document.uri;
  clearTimeout(scheduled.get(uri));
  scheduled.delete(uri);
  pendingSince.delete(uri);
  parsed.forget(uri);
  linted.forget(uri);
  if (!workspaces.has(uri)) {
    publish(uri, []);
    return;
  }
  // Unsaved edits are gone with the editor: the workspace goes back to the file on disk (or forgets it).
  void workspaces.fromDisk(uri).then((affected) => {
    for (const other of new Set([uri, ...affected])) scheduleLint(other, 0);
  });
});
connection.onDidChangeConfiguration(relintAll);
// Files created, changed, renamed (deleted + created) or deleted on disk: a .datamodel-lint.json
// re-lints everything; a data model or spec updates its workspace, and its dependents are linted again.
connection.onDidChangeWatchedFiles(async (params) => {
  let configChanged = false;
  const again = new Set<string>();
  for (const change of params.changes) {
    if (change.uri.endsWith('.datamodel-lint.json')) {
      configChanged = true;
      continue;
    }
    if (!/\.md$/i.test(change.uri)) continue;
    // An open editor's text wins over its file; a deleted file that is still open stays as the editor has it.
    if (documents.get(change.uri)) continue;
    const affected = await workspaces.fromDisk(change.uri);
    for (const uri of affected) again.add(uri);
    if (change.type === FileChangeType.Deleted || workspaces.has(change.uri)) again.add(change.uri);
  }
  if (configChanged) {
    lintConfigFiles.clear();
    relintAll();
    return;
  }
  for (const uri of again) scheduleLint(uri, 0);
});

// ---------------------------------------------------------------------------------------------
// Code actions, hovers, symbols, definitions: all from the cached parse of the open version.

function parsedOpenDocument(uri: string) {
  const document = documents.get(uri);
  if (!document) return undefined;
  const text = document.getText();
  return isDataModelDocument(uri, text) && !textSizeRefusal(text) ? parsed.get(document) : undefined;
}

connection.onCodeAction((params) => {
  const current = parsedOpenDocument(params.textDocument.uri);
  if (!current) return [];
  return codeActionsFor(params.textDocument.uri, current.lines, params.context.diagnostics, published.get(params.textDocument.uri) ?? []);
});

connection.onHover((params) => {
  const current = parsedOpenDocument(params.textDocument.uri);
  if (!current) return undefined;
  // In a workspace the hover also says which feature defines the table, and which extend or use it.
  const workspace = workspaces.contextFor(params.textDocument.uri)?.model;
  return workspace ? workspaceHover(workspace, current.model, current.lines, params.position) : hoverFor(current.model, current.lines, params.position);
});

connection.onDefinition((params) => {
  const current = parsedOpenDocument(params.textDocument.uri);
  if (!current) return undefined;
  const workspace = workspaces.contextFor(params.textDocument.uri)?.model;
  const elsewhere = workspace && workspaceDefinition(workspace, params.textDocument.uri, current.model, current.lines, params.position);
  return elsewhere || definitionFor(current.model, current.lines, params.textDocument.uri, params.position);
});

// Every feature's tables, by name: Go to Symbol in Workspace.
connection.onWorkspaceSymbol((params) => workspaceSymbols(workspaces.allModels(), params.query));

connection.onDocumentSymbol((params) => {
  const current = parsedOpenDocument(params.textDocument.uri);
  return current ? documentSymbols(current.model) : [];
});

// ---------------------------------------------------------------------------------------------
// Custom requests.

/** The workspace a spec's new data model joins (earlier features' tables are referenced, not generated again). */
function generateWorkspaceFor(specPath: string): GenerateWorkspace | undefined {
  if (!path.isAbsolute(specPath)) return undefined;
  const uri = pathToFileURL(path.join(path.dirname(specPath), 'data-model.md')).toString();
  const model = workspaces.modelOf(uri);
  return model?.documents().some((document) => document.uri !== uri) ? { model, uri } : undefined;
}

connection.onRequest(
  GenerateRequestMethod,
  guarded<GenerateParams, GenerateResponse>('Generating the data model', (params) => generateDocument(params, generateWorkspaceFor(params.specPath))),
);

connection.onRequest(
  SpecTitleRequestMethod,
  guarded<SpecTitleParams, SpecTitleResponse>('Reading the spec', (params) => checkSpec(params.specText)),
);

connection.onRequest(SqlRequestMethod, guarded<SqlParams, SqlResponse>('Compiling SQL', (params) => sqlParserReady.then(() => compileSql(params))));

connection.onRequest(OrmRequestMethod, guarded<OrmParams, OrmResponse>('Exporting SQLAlchemy models', (params) => sqlParserReady.then(() => exportModels(params))));

connection.onRequest(ValidateRequestMethod, (params: ValidateParams, token: CancellationToken) => {
  // The client's Cancel reaches the database: validation cancels the backend's work.
  const aborted = new AbortController();
  const listener = token.onCancellationRequested(() => aborted.abort());
  return guarded<ValidateParams, ValidateResponse>('Validating against PostgreSQL', async (p) => {
    await sqlParserReady;
    // Stages go to the client's progress notification when it asked for them (a workDoneToken).
    const progress = connection.window.attachWorkDoneProgress(p.workDoneToken);
    progress.begin('Validating');
    try {
      return await validateDocument(p, embedded, (message) => progress.report(message), aborted.signal);
    } finally {
      progress.done();
    }
  })(params).finally(() => listener.dispose());
});

connection.onRequest(ErdRequestMethod, guarded<ErdParams, ErdResponse>('Building the ERD', erdRequest));

connection.onRequest(
  IntrospectRequestMethod,
  guarded<IntrospectParams, IntrospectResponse>('Reading the database schema', (params) => introspectRequest(params, embedded)),
);

connection.onRequest(
  CompareRequestMethod,
  guarded<CompareParams, CompareResponse>('Comparing with the database', async (params) => {
    await sqlParserReady;
    return compareRequest(params, embedded);
  }),
);

connection.onRequest(
  MigrateRequestMethod,
  guarded<MigrateParams, MigrateResponse>('Generating the migration', async (params) => {
    await sqlParserReady;
    return migrateRequest(params);
  }),
);

documents.listen(connection);
connection.listen();
