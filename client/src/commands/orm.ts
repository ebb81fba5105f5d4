/**
 * Data Model: Export SQLAlchemy Models. The server writes the module (`dataModel/orm`); the
 * result opens as a new untitled Python document, so nothing on disk is ever replaced: the user
 * saves it where the models belong.
 */
import * as vscode from 'vscode';
import { OrmRequestMethod, type OrmParams, type OrmResponse } from '../../../server/src/api/protocol';
import type { DatabaseCommandDependencies } from './database';
import { targetDocument, toDiagnostic } from './database';

const STYLES: (vscode.QuickPickItem & { style: OrmParams['style'] })[] = [
  { label: 'Typed', description: 'Mapped[...] / mapped_column: SQLAlchemy 2.x', style: 'typed' },
  { label: 'Classic', description: 'Column(...) declarative: SQLAlchemy 1.4 and 2.x', style: 'classic' },
];

export async function exportSqlAlchemyCommand(deps: DatabaseCommandDependencies, argument?: unknown): Promise<vscode.TextDocument | undefined> {
  const document = await targetDocument(argument);
  if (!document) return undefined;
  const picked = await vscode.window.showQuickPick(STYLES, { title: 'Export SQLAlchemy Models', placeHolder: 'Which declarative style?' });
  if (!picked) return undefined;
  await deps.client.start();
  const params: OrmParams = { text: document.getText(), style: picked.style, source: document.uri.path.replace(/^.*\//, '') };
  const response = await deps.client.sendRequest<OrmResponse>(OrmRequestMethod, params);
  deps.diagnostics.set(document.uri, response.problems.map(toDiagnostic));
  if (response.refused) {
    void vscode.window.showErrorMessage('Nothing was exported: the document holds SQL that is not allowed (see the Problems panel).');
    return undefined;
  }
  const models = await vscode.workspace.openTextDocument({ language: 'python', content: response.python });
  await vscode.window.showTextDocument(models, { preview: false });
  const leftOut = response.problems.length > 0 ? `; ${response.problems.length} note(s) in the Problems panel` : '';
  void vscode.window.showInformationMessage(`SQLAlchemy models (${picked.label.toLowerCase()}) for ${response.tables} tables, unsaved${leftOut}.`);
  return models;
}
