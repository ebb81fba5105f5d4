/**
 * Registers the ERD preview: the Open and Export commands, and the serializer that brings the
 * panel back (same document, same pan/zoom and focus: they are in the webview's state) after
 * a window reload.
 */
import * as vscode from 'vscode';
import type { ServerClient } from '../server-client';
import { plainText } from '../notifications';
import type { ExportFormat } from './messages';
import { documentUriFromState, ERD_VIEW_TYPE, ErdPanel, looksLikeDataModel } from './erd-panel';

export function registerErdPreview(context: vscode.ExtensionContext, client: ServerClient): void {
  let current: ErdPanel | undefined;
  const forget = (panel: ErdPanel): void => {
    if (current === panel) current = undefined;
  };
  const adopt = (panel: vscode.WebviewPanel): ErdPanel => {
    current?.dispose();
    current = new ErdPanel(panel, context.extensionUri, client, forget);
    return current;
  };

  const targetDocument = async (argument?: unknown): Promise<vscode.TextDocument | undefined> => {
    if (argument instanceof vscode.Uri) return vscode.workspace.openTextDocument(argument);
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === 'markdown') return active;
    const visible = vscode.window.visibleTextEditors.map((editor) => editor.document).find(looksLikeDataModel);
    return visible ?? (current?.documentUri ? vscode.workspace.openTextDocument(current.documentUri) : undefined);
  };

  const open = async (argument?: unknown): Promise<ErdPanel | undefined> => {
    const document = await targetDocument(argument);
    if (!document) {
      void vscode.window.showInformationMessage('Open a data-model.md (a Markdown document with an erDiagram) to preview its ERD.');
      return undefined;
    }
    if (current) {
      current.panel.reveal(undefined, true);
    } else {
      const panel = vscode.window.createWebviewPanel(
        ERD_VIEW_TYPE,
        'ERD',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        // Kept alive when hidden: re-rendering a 200-table model costs seconds.
        { enableScripts: true, retainContextWhenHidden: true },
      );
      adopt(panel);
    }
    current!.show(document);
    return current;
  };

  const exportErd = async (format?: unknown): Promise<void> => {
    let chosen: ExportFormat | undefined = format === 'svg' || format === 'png' ? format : undefined;
    chosen ??= (await vscode.window.showQuickPick(
      [
        { label: 'SVG', description: 'vector, for documents and the web', format: 'svg' as const },
        { label: 'PNG', description: 'image, twice the on-screen size', format: 'png' as const },
      ],
      { title: 'Export the ERD as' },
    ))?.format;
    if (!chosen) return;
    let panel = current;
    if (!panel) {
      panel = await open();
      if (!panel) return;
      const first = await panel.whenRendered();
      if (first.type === 'renderError') throw new Error(`the diagram cannot be drawn: ${first.message}`);
    }
    await panel.export(chosen);
  };

  const guarded = (what: string, command: (argument?: unknown) => Promise<unknown>) => async (argument?: unknown) => {
    try {
      await command(argument);
    } catch (error) {
      void vscode.window.showErrorMessage(plainText(`${what}: ${error instanceof Error ? error.message : String(error)}`));
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('dataModel.openErdPreview', guarded('Data Model: Open ERD Preview', open)),
    vscode.commands.registerCommand('dataModel.exportErd', guarded('Data Model: Export ERD', exportErd)),
    vscode.window.registerWebviewPanelSerializer(ERD_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const erd = adopt(panel);
        const uri = documentUriFromState(state);
        const document = uri ? await vscode.workspace.openTextDocument(uri).then(undefined, () => undefined) : undefined;
        if (document) erd.show(document);
        else {
          const fallback = await targetDocument();
          if (fallback) erd.show(fallback);
        }
      },
    }),
    { dispose: () => current?.dispose() },
  );
}
