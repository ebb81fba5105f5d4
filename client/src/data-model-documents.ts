/**
 * Which open documents are data models, as VS Code context keys, so menus and the preview
 * button appear on them only:
 *
 * - `dataModel.documents`: the URIs of open data-model documents (for `resource in …`
 *   clauses, which hold per editor, also in split views);
 * - `dataModel.isDataModelDocument`: the active editor holds one.
 *
 * The test is the language server's own (`server/src/api/data-model-document.ts`): the
 * documents it lints are the documents these menus are for.
 */
import * as vscode from 'vscode';
import { isDataModelDocument } from '../../server/src/api/data-model-document';

export const DOCUMENTS_KEY = 'dataModel.documents';
export const ACTIVE_KEY = 'dataModel.isDataModelDocument';

export function isDataModel(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'markdown') return false;
  // The heading test reads the first 4,000 characters only; no need to copy a large document.
  const head = document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, 200), 0));
  return isDataModelDocument(document.uri.toString(), head);
}

export class DataModelDocuments implements vscode.Disposable {
  private readonly uris = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the set or the active editor's membership changes. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private activeIs = false;

  constructor() {
    for (const document of vscode.workspace.textDocuments) this.check(document, false);
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.check(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document)),
      // The title can be typed in: `# Data Model: …` makes a document one.
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.some((change) => change.range.start.line < 200)) this.check(event.document);
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.publish()),
    );
    this.publish(true);
  }

  has(document: vscode.TextDocument | undefined): boolean {
    return document !== undefined && this.uris.has(document.uri.toString());
  }

  /** The active editor's document when it is a data model. */
  get active(): vscode.TextDocument | undefined {
    const document = vscode.window.activeTextEditor?.document;
    return this.has(document) ? document : undefined;
  }

  private check(document: vscode.TextDocument, publish = true): void {
    const key = document.uri.toString();
    const was = this.uris.has(key);
    const is = isDataModel(document);
    if (is) this.uris.add(key);
    else this.uris.delete(key);
    if (publish && was !== is) this.publish(true);
  }

  private forget(document: vscode.TextDocument): void {
    if (this.uris.delete(document.uri.toString())) this.publish(true);
  }

  private publish(setChanged = false): void {
    if (setChanged) void vscode.commands.executeCommand('setContext', DOCUMENTS_KEY, [...this.uris]);
    const activeIs = this.active !== undefined;
    if (setChanged || activeIs !== this.activeIs) {
      this.activeIs = activeIs;
      void vscode.commands.executeCommand('setContext', ACTIVE_KEY, activeIs);
    }
    this.changed.fire();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
