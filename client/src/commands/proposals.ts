/**
 * Proposed documents waiting for the user's decision. When `data-model.md` already exists,
 * Generate never writes it: it opens a diff of the file against the proposal (a read-only
 * virtual document: the merge of the user's edits with the new generation, or the whole new
 * generation) and writes only when the user accepts. Nothing a person typed is lost.
 *
 * Accept and Discard stay within reach until the user decides, whatever happens meanwhile:
 * - labelled buttons in the diff's title bar (the commands have no icon, so VS Code shows their
 *   titles rather than two unexplained glyphs);
 * - two status bar items, which stay when the notification hides itself (VS Code hides an
 *   extension's information message after ~15 s), when the diff is closed or another editor is
 *   active, and in an inline (narrow) diff;
 * - the notification, and the commands in the palette.
 *
 * Accept writes the file and leaves the editor where the user had it: an open document gets
 * only the changed lines as one edit, then is saved (its cursor and scroll stay, one Undo takes
 * it back); the file takes the diff's place in the tab row; a plain message says what was written.
 */
import * as vscode from 'vscode';
import { describeFileError, openDocument, readTextIfExists, writeTextAtomically } from '../files';
import { lineReplacements } from '../text-edits';

export const PROPOSAL_SCHEME = 'data-model-proposal';
const CONTEXT_KEY = 'dataModel.proposalOpen';

/** What the user is told about a proposal. Plain text: notifications do not render Markdown. */
export interface ProposalMessages {
  /** Shown with the diff: what the proposal is and what Accept will do. */
  review: string;
  /** Shown after Accept wrote the file. */
  written: string;
  /** 1-based lines of conflict blocks in the proposal: Accept puts the cursor on the first. */
  conflictLines: number[];
}

interface Proposal {
  target: vscode.Uri;
  proposalUri: vscode.Uri;
  markdown: string;
  /** The file's content when the proposal was made: accepting over anything else would lose work. */
  baseline: string;
  messages: ProposalMessages;
  statusItems: vscode.StatusBarItem[];
}

export class ProposalStore implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly proposals = new Map<string, Proposal>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.proposals.get(this.keyOfProposalUri(uri))?.markdown ?? '';
  }

  /** Shows the diff and asks; resolves once the proposal is shown (not when it is decided). */
  async propose(target: vscode.Uri, markdown: string, baseline: string, messages: ProposalMessages): Promise<void> {
    const previous = this.proposals.get(target.toString());
    if (previous) this.disposeStatusItems(previous);
    const proposalUri = target.with({ scheme: PROPOSAL_SCHEME, query: target.scheme });
    const proposal: Proposal = { target, proposalUri, markdown, baseline, messages, statusItems: [] };
    this.proposals.set(target.toString(), proposal);
    this.changed.fire(proposalUri);
    await this.updateContext();
    proposal.statusItems = this.createStatusItems(proposal);
    const name = fileName(target);
    const conflicts = messages.conflictLines.length;
    const title = conflicts > 0 ? `${name}: yours ↔ proposed (${conflicts} conflict${conflicts === 1 ? '' : 's'})` : `${name}: yours ↔ proposed by Generate`;
    await vscode.commands.executeCommand('vscode.diff', target, proposalUri, title, {
      preview: false,
      selection: conflicts > 0 ? lineStart(messages.conflictLines[0]) : undefined,
    });
    // Not awaited: the notification stays until the user answers or it hides itself; the
    // status bar items, the title-bar buttons and the commands do the same thing.
    void vscode.window.showInformationMessage(messages.review, 'Accept', 'Discard').then((answer) => {
      if (this.proposals.get(target.toString()) !== proposal) return undefined; // already decided elsewhere
      if (answer === 'Accept') return this.accept(target);
      if (answer === 'Discard') return this.discard(target);
      return undefined;
    });
  }

  /** Writes the proposal over the file, unless the file changed since the proposal was made. */
  async accept(target?: vscode.Uri): Promise<boolean> {
    const proposal = this.find(target);
    if (!proposal) {
      void vscode.window.showWarningMessage('There is no proposed data model to accept.');
      return false;
    }
    const name = vscode.workspace.asRelativePath(proposal.target);
    if (openDocument(proposal.target)?.isDirty) {
      void vscode.window.showWarningMessage(`${name} has unsaved changes. Save or revert them, then accept the proposal again.`);
      return false;
    }
    let current: string | undefined;
    try {
      current = await readTextIfExists(proposal.target);
    } catch (error) {
      void vscode.window.showErrorMessage(describeFileError(proposal.target, 'read', error));
      return false;
    }
    if (current !== undefined && current !== proposal.baseline) {
      void vscode.window.showWarningMessage(
        `${name} changed on disk after the proposal was made; nothing was written. Run Data Model: Generate again to merge with the new content.`,
      );
      return false;
    }
    const place = this.placeOf(proposal);
    try {
      await write(proposal.target, proposal.markdown);
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
      return false;
    }
    await vscode.window.showTextDocument(proposal.target, { viewColumn: place.viewColumn, preview: false, selection: place.selection });
    await this.forget(proposal);
    void vscode.window.showInformationMessage(proposal.messages.written);
    return true;
  }

  async discard(target?: vscode.Uri): Promise<boolean> {
    const proposal = this.find(target);
    if (!proposal) return false;
    await this.forget(proposal);
    void vscode.window.showInformationMessage(`Discarded the proposal: ${vscode.workspace.asRelativePath(proposal.target)} is unchanged.`);
    return true;
  }

  dispose(): void {
    for (const proposal of this.proposals.values()) this.disposeStatusItems(proposal);
    this.changed.dispose();
    this.proposals.clear();
  }

  /** The proposal for `target`, or the one in the active diff, or the only one pending. */
  private find(target?: vscode.Uri): Proposal | undefined {
    if (target) {
      const key = target.scheme === PROPOSAL_SCHEME ? this.keyOfProposalUri(target) : target.toString();
      return this.proposals.get(key);
    }
    const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (active instanceof vscode.TabInputTextDiff && active.modified.scheme === PROPOSAL_SCHEME) {
      return this.proposals.get(this.keyOfProposalUri(active.modified));
    }
    return this.proposals.size === 1 ? [...this.proposals.values()][0] : undefined;
  }

  /**
   * Where the written file is shown: in the diff's group, opened while the diff is the active
   * tab (so it lands beside it, and takes its place when the diff closes); with the cursor on
   * the first conflict, else where it was in the proposal, else (a tab of the file already
   * open) wherever that editor has it.
   */
  private placeOf(proposal: Proposal): { viewColumn?: vscode.ViewColumn; selection?: vscode.Range } {
    const diffTab = this.diffTabs(proposal)[0];
    const group = diffTab?.group ?? vscode.window.tabGroups.activeTabGroup;
    const fileTabOpen = group.tabs.some(
      (tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === proposal.target.toString(),
    );
    const conflicts = proposal.messages.conflictLines;
    if (conflicts.length > 0) return { viewColumn: group.viewColumn, selection: lineStart(conflicts[0]) };
    if (fileTabOpen) return { viewColumn: group.viewColumn };
    const proposalEditor = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === proposal.proposalUri.toString());
    return { viewColumn: group.viewColumn, selection: proposalEditor?.selection };
  }

  private keyOfProposalUri(uri: vscode.Uri): string {
    return uri.with({ scheme: uri.query || 'file', query: '' }).toString();
  }

  private diffTabs(proposal: Proposal): vscode.Tab[] {
    return vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === proposal.proposalUri.toString());
  }

  private createStatusItems(proposal: Proposal): vscode.StatusBarItem[] {
    const name = fileName(proposal.target);
    const where = vscode.workspace.asRelativePath(proposal.target);
    const accept = vscode.window.createStatusBarItem('dataModel.proposal.accept', vscode.StatusBarAlignment.Left, 1000);
    accept.name = 'Data Model: accept the proposal';
    accept.text = `$(check) Accept proposed ${name}`;
    accept.tooltip = `Write the proposal of Data Model: Generate to ${where}`;
    accept.accessibilityInformation = { label: `Accept proposed ${name}` };
    accept.command = { title: 'Accept', command: 'dataModel.acceptProposal', arguments: [proposal.target] };
    // A decision is pending: the warning colours are the ones the status bar allows for that.
    accept.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    const discard = vscode.window.createStatusBarItem('dataModel.proposal.discard', vscode.StatusBarAlignment.Left, 999);
    discard.name = 'Data Model: discard the proposal';
    discard.text = '$(discard) Discard';
    discard.tooltip = `Discard the proposal of Data Model: Generate; ${where} stays as it is`;
    discard.accessibilityInformation = { label: `Discard proposed ${name}` };
    discard.command = { title: 'Discard', command: 'dataModel.discardProposal', arguments: [proposal.target] };
    discard.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    accept.show();
    discard.show();
    return [accept, discard];
  }

  private disposeStatusItems(proposal: Proposal): void {
    for (const item of proposal.statusItems) item.dispose();
    proposal.statusItems = [];
  }

  private async forget(proposal: Proposal): Promise<void> {
    this.proposals.delete(proposal.target.toString());
    this.disposeStatusItems(proposal);
    const diffTabs = this.diffTabs(proposal);
    if (diffTabs.length > 0) await vscode.window.tabGroups.close(diffTabs);
    await this.updateContext();
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', CONTEXT_KEY, this.proposals.size > 0);
  }
}

function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function lineStart(line: number): vscode.Range {
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  return new vscode.Range(position, position);
}

/**
 * Writes `text` to `uri`: through the open document when there is one (only the lines that
 * change, then saved), else to disk through a temporary file.
 */
async function write(uri: vscode.Uri, text: string): Promise<void> {
  const document = openDocument(uri);
  if (!document) {
    await writeTextAtomically(uri, text);
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const change of lineReplacements(document.getText(), text)) {
    edit.replace(uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not edit ${uri.fsPath}; it is unchanged.`);
  if (!(await document.save())) throw new Error(`Could not save ${uri.fsPath}; the proposal is in its editor, unsaved.`);
}
