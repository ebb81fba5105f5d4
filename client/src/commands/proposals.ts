/**
 * Proposed documents waiting for the user's decision. When `data-model.md` already exists,
 * Generate never writes it: it opens a diff of the file against the proposal (a read-only
 * virtual document) and writes only when the user accepts. Nothing a person typed is lost.
 */
import * as vscode from 'vscode';
import { describeFileError, openDocument, readTextIfExists, writeTextAtomically } from '../files';

export const PROPOSAL_SCHEME = 'data-model-proposal';
const CONTEXT_KEY = 'dataModel.proposalOpen';

interface Proposal {
  target: vscode.Uri;
  proposalUri: vscode.Uri;
  markdown: string;
  /** The file's content when the proposal was made: accepting over anything else would lose work. */
  baseline: string;
}

export class ProposalStore implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly proposals = new Map<string, Proposal>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.proposals.get(this.keyOfProposalUri(uri))?.markdown ?? '';
  }

  /** Shows the diff and asks; resolves once the proposal is shown (not when it is decided). */
  async propose(target: vscode.Uri, markdown: string, baseline: string): Promise<void> {
    const proposalUri = target.with({ scheme: PROPOSAL_SCHEME, query: target.scheme });
    const proposal: Proposal = { target, proposalUri, markdown, baseline };
    this.proposals.set(target.toString(), proposal);
    this.changed.fire(proposalUri);
    await this.updateContext();
    const name = target.path.slice(target.path.lastIndexOf('/') + 1);
    await vscode.commands.executeCommand('vscode.diff', target, proposalUri, `${name} ↔ Proposed by Data Model: Generate`, {
      preview: false,
    });
    // Not awaited: the notification stays until the user answers; the editor-title buttons
    // and the commands do the same thing.
    void vscode.window
      .showInformationMessage(
        `${name} already exists. Review the proposed changes: nothing is written unless you accept.`,
        'Accept',
        'Discard',
      )
      .then((answer) => {
        if (this.proposals.get(target.toString()) !== proposal) return; // already decided elsewhere
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
    const name = proposal.target.fsPath;
    if (openDocument(proposal.target)?.isDirty) {
      void vscode.window.showWarningMessage(
        `${name} has unsaved changes. Save or revert them, then accept the proposal again.`,
      );
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
        `${name} changed on disk after the proposal was made; nothing was written. Run Data Model: Generate again to compare with the new content.`,
      );
      return false;
    }
    try {
      await writeTextAtomically(proposal.target, proposal.markdown);
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
      return false;
    }
    await this.forget(proposal);
    await vscode.window.showTextDocument(proposal.target, { preview: false });
    return true;
  }

  async discard(target?: vscode.Uri): Promise<boolean> {
    const proposal = this.find(target);
    if (!proposal) return false;
    await this.forget(proposal);
    return true;
  }

  dispose(): void {
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

  private keyOfProposalUri(uri: vscode.Uri): string {
    return uri.with({ scheme: uri.query || 'file', query: '' }).toString();
  }

  private async forget(proposal: Proposal): Promise<void> {
    this.proposals.delete(proposal.target.toString());
    const diffTabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter(
        (tab) =>
          tab.input instanceof vscode.TabInputTextDiff &&
          tab.input.modified.toString() === proposal.proposalUri.toString(),
      );
    if (diffTabs.length > 0) await vscode.window.tabGroups.close(diffTabs);
    await this.updateContext();
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', CONTEXT_KEY, this.proposals.size > 0);
  }
}
