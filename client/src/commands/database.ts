/**
 * Data Model: Export SQL and Data Model: Validate against PostgreSQL. The server compiles and
 * validates; this shows progress, writes files and turns problems into diagnostics.
 */
import * as vscode from 'vscode';
import type { ServerClient } from '../server-client';
import {
  CompareRequestMethod,
  IntrospectRequestMethod,
  SqlRequestMethod,
  ValidateRequestMethod,
  type CompareResponse,
  type IntrospectResponse,
  type SqlResponse,
  type ValidateParams,
  type ValidateResponse,
} from '../../../server/src/api/protocol';
import type { Problem } from '../../../server/src/model/types';
import { formatProblem, validationVerdict } from '../../../server/src/api/validation-report';
import { openDocument, writeTextAtomically } from '../files';
import { databaseTarget, describeTarget } from '../database/connection';
import { showDatabaseError } from '../notifications';

export interface DatabaseCommandDependencies {
  client: ServerClient;
  secrets: vscode.SecretStorage;
  /** Problems found by a database (validation, drift): kept apart from the linter's. */
  diagnostics: vscode.DiagnosticCollection;
}

/** The data-model document the command is about: the argument, or the active Markdown editor. */
export async function targetDocument(argument: unknown): Promise<vscode.TextDocument | undefined> {
  if (argument instanceof vscode.Uri) return vscode.workspace.openTextDocument(argument);
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.languageId === 'markdown') return editor.document;
  void vscode.window.showErrorMessage('Open a data-model.md document first.');
  return undefined;
}

export function toDiagnostic(problem: Problem): vscode.Diagnostic {
  const range = new vscode.Range(problem.range.start.line, problem.range.start.character, problem.range.end.line, problem.range.end.character);
  const severity =
    problem.severity === 'error'
      ? vscode.DiagnosticSeverity.Error
      : problem.severity === 'warning'
        ? vscode.DiagnosticSeverity.Warning
        : vscode.DiagnosticSeverity.Information;
  const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
  diagnostic.source = 'data-model (database)';
  if (problem.code) diagnostic.code = problem.code;
  return diagnostic;
}

export async function exportSqlCommand(deps: DatabaseCommandDependencies, argument?: unknown): Promise<void> {
  const document = await targetDocument(argument);
  if (!document) return;
  await deps.client.start();
  const response = await deps.client.sendRequest<SqlResponse>(SqlRequestMethod, { text: document.getText() });
  const errors = response.problems.filter((problem) => problem.severity === 'error');
  if (response.refused) {
    // No save dialog and no file: an empty or partial script would look like an export.
    deps.diagnostics.set(document.uri, response.problems.map(toDiagnostic));
    void vscode.window.showErrorMessage(`Nothing was exported: the document holds SQL that is not allowed (${errors.length} problem(s), see the Problems panel).`);
    return;
  }
  if (errors.length > 0) {
    deps.diagnostics.set(document.uri, response.problems.map(toDiagnostic));
    void vscode.window.showErrorMessage(`${errors.length} element(s) cannot be compiled safely and were left out of the SQL; see the Problems panel.`);
  }
  const suggested = vscode.Uri.joinPath(document.uri, '..', document.uri.path.replace(/^.*\//, '').replace(/\.md$/i, '') + '.sql');
  const target = await vscode.window.showSaveDialog({ defaultUri: suggested, filters: { SQL: ['sql'] }, title: 'Export the schema as SQL' });
  if (!target) return;
  await writeTextAtomically(target, response.sql);
  await vscode.window.showTextDocument(target, { preview: false });
  void vscode.window.showInformationMessage(`Wrote ${vscode.workspace.asRelativePath(target)}: ${response.statements} statements.`);
}

export async function validateCommand(deps: DatabaseCommandDependencies, argument?: unknown): Promise<ValidateResponse | undefined> {
  const document = await targetDocument(argument);
  if (!document) return undefined;
  const target = await databaseTarget(deps.secrets, deps.client.sessionKey);
  const settings = vscode.workspace.getConfiguration('dataModel.validate', document.uri);
  const probes = settings.get<boolean>('probes', true);
  const deadlineMs = Math.max(5, settings.get<number>('timeout', 120)) * 1000;
  await deps.client.start();
  const response = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Validating against ${describeTarget(target)}`, cancellable: true },
    (progress, token) => {
      // The server says its stages (starting the embedded PostgreSQL only when it is not running).
      if (target.kind === 'server') progress.report({ message: 'connecting…' });
      const params: ValidateParams = { text: document.getText(), target, probes, deadlineMs };
      return deps.client.sendRequestWithProgress<ValidateResponse>(ValidateRequestMethod, params, (message) => progress.report({ message }), token);
    },
  );
  deps.diagnostics.set(document.uri, response.problems.map(toDiagnostic));
  const output = await deps.client.outputChannel();
  writeValidationReport(output, document, response, probes);
  // Short, so the toast is never cut off; the whole report is one click away.
  const errors = response.problems.filter((problem) => problem.severity === 'error').length;
  const message = response.ok
    ? `Valid on ${response.database}: ${response.statementsApplied} statements, all rolled back${probes ? '; security annotations enforced' : ''}.`
    : `${errors} problem(s) found by PostgreSQL; see the Problems panel.`;
  const show = response.ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
  void show(message, SHOW_DETAILS).then((answer) => {
    if (answer === SHOW_DETAILS) output.show(true);
  });
  return response;
}

const SHOW_DETAILS = 'Show details';

/** The validation's full report, as `data-model validate` prints it, appended to the output channel. */
function writeValidationReport(output: vscode.OutputChannel, document: vscode.TextDocument, response: ValidateResponse, probes: boolean): void {
  const file = vscode.workspace.asRelativePath(document.uri);
  output.appendLine(`[${new Date().toLocaleTimeString()}] Validate against PostgreSQL: ${file}`);
  for (const problem of response.problems) output.appendLine(formatProblem(file, problem));
  if (response.batches > 1) output.appendLine(`${response.batches} rolled-back transactions (at most ${response.locksHeld} locks held at once)`);
  output.appendLine(validationVerdict(file, response, probes));
  output.appendLine('');
}

/** Data Model: Generate from Database — document a live schema (read-only). */
export async function generateFromDatabaseCommand(deps: DatabaseCommandDependencies): Promise<void> {
  const target = await databaseTarget(deps.secrets, deps.client.sessionKey);
  if (target.kind === 'embedded') {
    void showDatabaseError('Set dataModel.database.url to the server to read (the embedded PostgreSQL starts empty).');
    return;
  }
  const schemaText = await vscode.window.showInputBox({
    title: 'Data Model: Generate from Database',
    prompt: `Schemas to document from ${describeTarget(target)}, separated by commas (empty: all but PostgreSQL's own)`,
    placeHolder: 'public',
  });
  if (schemaText === undefined) return;
  const schemas = schemaText.split(',').map((schema) => schema.trim()).filter(Boolean);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const destination = await vscode.window.showSaveDialog({
    title: 'Write the data model document',
    defaultUri: folder ? vscode.Uri.joinPath(folder, 'data-model.md') : undefined,
    filters: { Markdown: ['md'] },
  });
  if (!destination) return;
  await deps.client.start();
  const response = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Reading the schema of ${describeTarget(target)}`, cancellable: true },
    (_progress, token) => deps.client.sendRequest<IntrospectResponse>(IntrospectRequestMethod, { target, schemas }, token),
  );
  // The save dialog already asked before replacing a file; an open editor with unsaved edits still wins.
  if (openDocument(destination)?.isDirty) {
    void vscode.window.showWarningMessage(`${destination.fsPath} has unsaved changes; nothing was written.`);
    return;
  }
  await writeTextAtomically(destination, response.markdown);
  await vscode.window.showTextDocument(destination, { preview: false });
  void vscode.window.showInformationMessage(`Wrote ${vscode.workspace.asRelativePath(destination)}: ${response.tables} tables from ${response.database}.`);
}

/** Data Model: Compare with Database — drift as diagnostics on the document. */
export async function compareWithDatabaseCommand(deps: DatabaseCommandDependencies, argument?: unknown): Promise<CompareResponse | undefined> {
  const document = await targetDocument(argument);
  if (!document) return undefined;
  const target = await databaseTarget(deps.secrets, deps.client.sessionKey);
  if (target.kind === 'embedded') {
    void showDatabaseError('Set dataModel.database.url to the server to compare with (the embedded PostgreSQL starts empty).');
    return undefined;
  }
  await deps.client.start();
  const response = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Comparing with ${describeTarget(target)}`, cancellable: true },
    (_progress, token) => deps.client.sendRequest<CompareResponse>(CompareRequestMethod, { text: document.getText(), target }, token),
  );
  deps.diagnostics.set(document.uri, response.problems.map(toDiagnostic));
  if (response.problems.length === 0) void vscode.window.showInformationMessage(`No drift: the document matches ${response.database}.`);
  else void vscode.window.showWarningMessage(`${response.problems.length} difference(s) from ${response.database}; see the Problems panel.`);
  return response;
}
