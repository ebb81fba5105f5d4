/**
 * Data Model: Generate Migration — the active document against its version in git HEAD. The
 * server plans and writes the SQL (`dataModel/migrate`); this asks rename-or-drop for each
 * candidate, warns before showing a migration that loses data, and opens the SQL as a new
 * untitled document (nothing is written to disk).
 */
import * as vscode from 'vscode';
import type { ServerClient } from '../server-client';
import { MigrateRequestMethod, type MigrateParams, type MigrateResponse } from '../../../server/src/api/protocol';

export async function generateMigrationCommand(client: ServerClient, argument?: unknown): Promise<void> {
  const document = argument instanceof vscode.Uri ? await vscode.workspace.openTextDocument(argument) : vscode.window.activeTextEditor?.document;
  if (document?.languageId !== 'markdown' || document.uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('Open a data-model.md file of a git repository first.');
    return;
  }
  await client.start();
  const params: MigrateParams = { text: document.getText(), path: document.uri.fsPath };
  let response = await client.sendRequest<MigrateResponse>(MigrateRequestMethod, params);
  if (response.renameCandidates.length > 0) {
    // Tables first: which columns look renamed depends on which tables are.
    const decisions: Record<string, boolean> = {};
    for (const candidate of response.renameCandidates) {
      const what = candidate.kind === 'table' ? `Table ${candidate.from} → ${candidate.to}` : `Column ${candidate.table}.${candidate.from} → ${candidate.to}`;
      const choice = await vscode.window.showQuickPick(
        [
          { label: 'Rename', description: 'keeps the rows', rename: true },
          { label: 'Drop and add', description: 'loses the data in it', rename: false },
        ],
        { title: `${what}: rename or drop and add?`, ignoreFocusOut: true },
      );
      if (!choice) return;
      decisions[candidate.id] = choice.rename;
    }
    response = await client.sendRequest<MigrateResponse>(MigrateRequestMethod, { ...params, decisions });
  }
  if (response.refused) {
    const first = response.problems.find((p) => p.severity === 'error');
    void vscode.window.showErrorMessage(`No migration: ${first ? `line ${first.range.start.line + 1}: ${first.message}` : 'the document cannot be compiled'}`);
    return;
  }
  if (response.dataLoss.length > 0) {
    const open = await vscode.window.showWarningMessage(
      `This migration loses data: ${response.dataLoss.join('; ')}.`,
      { modal: true, detail: 'Each loss is marked with a comment in the SQL.' },
      'Open Anyway',
    );
    if (open !== 'Open Anyway') return;
  }
  const sql = await vscode.workspace.openTextDocument({ language: 'sql', content: response.sql });
  await vscode.window.showTextDocument(sql, { preview: false });
  if (response.warnings.length > 0) void vscode.window.showWarningMessage(`Migration from ${response.from}: ${response.warnings.length} warning(s), see the comments at the top.`);
}
