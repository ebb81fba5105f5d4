/**
 * The ERD preview panel: one webview beside the editor that shows the diagram of a data-model
 * document. It follows the document's edits (debounced; the server answers `dataModel/erd`,
 * an unchanged answer is not even posted), follows the active Markdown editor, highlights the
 * entity under the cursor, reveals a table when its box is clicked, and saves exports.
 * The webview app is media/preview.ts; this side holds no diagram logic.
 */
import * as vscode from 'vscode';
import type { ServerClient } from '../server-client';
import { newNonce, previewPageHtml } from '../../../media/page';
import { ErdRequestMethod, type ErdParams, type ErdResponse } from '../../../server/src/api/protocol';
import type { ExportFormat, FromWebview, PreviewState, ToWebview } from './messages';

export const ERD_VIEW_TYPE = 'dataModel.erdPreview';
/** Quiet time after a keystroke before asking the server: one request per pause, not per key. */
const EDIT_DELAY_MS = 300;
const EXPORT_TIMEOUT_MS = 120_000;

/** Markdown that holds a data model: named data-model.md, titled `# Data Model:`, or with an erDiagram. */
export function looksLikeDataModel(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'markdown') return false;
  if (/(^|[\\/])data-model\.md$/i.test(document.uri.path)) return true;
  const head = document.getText(new vscode.Range(0, 0, 200, 0));
  return /^#\s+Data Model:/m.test(head) || /^\s*erDiagram\b/m.test(document.getText());
}

export class ErdPanel implements vscode.Disposable {
  private document: vscode.TextDocument | undefined;
  private last: ErdResponse | undefined;
  private lastPosted = '';
  private requestSeq = 0;
  private exportSeq = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly waiters = new Set<(message: FromWebview) => void>();
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly client: ServerClient,
    private readonly onDispose: (panel: ErdPanel) => void,
  ) {
    const webview = panel.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
    webview.html = previewPageHtml({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'preview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'preview.css')).toString(),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((message: FromWebview) => this.receive(message)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === this.document && event.contentChanges.length > 0) this.schedule();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && editor.document !== this.document && looksLikeDataModel(editor.document)) this.show(editor.document);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor.document === this.document) this.highlightAt(event.selections[0]?.active.line);
      }),
    );
  }

  get documentUri(): vscode.Uri | undefined {
    return this.document?.uri;
  }

  /** Shows `document` (the webview asks for the diagram with `ready` when it first loads). */
  show(document: vscode.TextDocument): void {
    const switched = document !== this.document;
    this.document = document;
    this.panel.title = `ERD: ${vscode.workspace.asRelativePath(document.uri, false).split(/[\\/]/).pop() ?? 'data model'}`;
    if (switched) {
      this.last = undefined;
      this.lastPosted = '';
    }
    void this.refresh();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), EDIT_DELAY_MS);
  }

  private async refresh(): Promise<void> {
    const document = this.document;
    if (!document || this.disposed) return;
    const seq = ++this.requestSeq;
    try {
      await this.client.start();
      const response = await this.client.sendRequest<ErdResponse>(ErdRequestMethod, { text: document.getText() } satisfies ErdParams);
      if (seq !== this.requestSeq || this.disposed || document !== this.document) return; // a newer request will answer
      this.last = response;
      const message: ToWebview = {
        type: 'diagram',
        documentUri: document.uri.toString(),
        documentName: document.uri.path.split('/').pop() ?? '',
        erd: response,
      };
      // Typing in a description changes nothing the pane shows: do not even post it.
      const text = JSON.stringify(message);
      if (text !== this.lastPosted) {
        this.lastPosted = text;
        void this.panel.webview.postMessage(message);
      }
      const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === document);
      if (editor) this.highlightAt(editor.selection.active.line);
    } catch (error) {
      if (seq !== this.requestSeq || this.disposed) return;
      void this.panel.webview.postMessage({ type: 'failure', message: `The language server could not build the diagram: ${error instanceof Error ? error.message : String(error)}` } satisfies ToWebview);
    }
  }

  private highlightAt(line: number | undefined): void {
    const contains = (range: { start: { line: number }; end: { line: number } } | undefined): boolean =>
      range !== undefined && line !== undefined && line >= range.start.line && line <= range.end.line;
    const entity = this.last?.entities.find((candidate) => contains(candidate.sectionRange) || contains(candidate.diagramRange));
    void this.panel.webview.postMessage({ type: 'highlight', entity: entity?.name } satisfies ToWebview);
  }

  private receive(message: FromWebview): void {
    for (const waiter of [...this.waiters]) waiter(message);
    switch (message.type) {
      case 'ready':
        this.lastPosted = ''; // a (re)loaded webview has nothing: post again
        void this.refresh();
        return;
      case 'reveal':
        void this.reveal(message.entity);
        return;
      case 'exported':
        if (message.requestId === 0) void this.save(message.format, message.data, message.encoding).catch(showError);
        return;
      case 'exportFailed':
        if (message.requestId === 0) void vscode.window.showErrorMessage(`ERD export failed: ${message.message}`);
        return;
      default:
        return;
    }
  }

  private async reveal(name: string): Promise<void> {
    const document = this.document;
    const range = this.last?.entities.find((entity) => entity.name === name)?.range;
    if (!document || !range) {
      void vscode.window.showInformationMessage(`${name} has no table section (### ${name.toLowerCase()}) in this document.`);
      return;
    }
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    const target = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    editor.selection = new vscode.Selection(target.start, target.start);
    editor.revealRange(target, vscode.TextEditorRevealType.AtTop);
  }

  /** Waits for a message from the webview (the export command waits for the first render). */
  private waitFor(predicate: (message: FromWebview) => boolean, timeout: number): Promise<FromWebview> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error('the preview did not answer in time'));
      }, timeout);
      const waiter = (message: FromWebview): void => {
        if (!predicate(message)) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(message);
      };
      this.waiters.add(waiter);
    });
  }

  /** Exports the current view through the webview, then asks where to save it. */
  async export(format: ExportFormat): Promise<vscode.Uri | undefined> {
    const requestId = ++this.exportSeq;
    const answer = this.waitFor((message) => (message.type === 'exported' || message.type === 'exportFailed') && message.requestId === requestId, EXPORT_TIMEOUT_MS);
    void this.panel.webview.postMessage({ type: 'export', format, requestId } satisfies ToWebview);
    const message = await answer;
    if (message.type === 'exportFailed') throw new Error(message.message);
    if (message.type !== 'exported') return undefined;
    return this.save(format, message.data, message.encoding);
  }

  /** Resolves once the webview has drawn (or failed to draw) a diagram after this call. */
  whenRendered(timeout = EXPORT_TIMEOUT_MS): Promise<FromWebview> {
    return this.waitFor((message) => message.type === 'rendered' || message.type === 'renderError', timeout);
  }

  private async save(format: ExportFormat, data: string, encoding: 'utf8' | 'base64'): Promise<vscode.Uri | undefined> {
    const source = this.document?.uri;
    const base = source ? source.path.replace(/\.[^./]*$/, '') : 'data-model';
    const defaultUri = source ? source.with({ path: `${base}.erd.${format}` }) : undefined;
    const target = await vscode.window.showSaveDialog({
      defaultUri,
      filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      title: `Export ERD as ${format.toUpperCase()}`,
    });
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, Buffer.from(data, encoding));
    void vscode.window.showInformationMessage(`ERD exported to ${vscode.workspace.asRelativePath(target)}`);
    return target;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    this.onDispose(this);
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
  }
}

function showError(error: unknown): void {
  void vscode.window.showErrorMessage(`ERD export failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** What the serializer receives: the webview's own state (see media/preview.ts). */
export function documentUriFromState(state: unknown): vscode.Uri | undefined {
  const uri = (state as PreviewState | undefined)?.documentUri;
  if (typeof uri !== 'string') return undefined;
  try {
    return vscode.Uri.parse(uri, true);
  } catch {
    return undefined;
  }
}
