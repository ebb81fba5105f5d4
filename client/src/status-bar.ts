/**
 * The status bar item on data-model documents: the document's problem count (lint and
 * database findings) and the last validation's result; a click opens a quick pick of the
 * commands that act on the document.
 */
import * as vscode from 'vscode';
import type { DataModelDocuments } from './data-model-documents';

export const SHOW_COMMANDS = 'dataModel.showCommands';
/** Diagnostics sources this extension publishes: the linter (server) and the database commands (client). */
const SOURCES = new Set(['data-model', 'data-model (database)']);

export interface ValidationRecord {
  ok: boolean;
  /** `12 statements applied … on PGlite` */
  summary: string;
  at: Date;
  /** Document version validated: an edit since makes the result stale. */
  version: number;
}

interface CommandItem extends vscode.QuickPickItem {
  command: string;
  /** Pass the document's URI as the argument. */
  withUri: boolean;
}

const COMMANDS: CommandItem[] = [
  { label: '$(type-hierarchy) Open ERD Preview', description: 'the diagram beside the document', command: 'dataModel.openErdPreview', withUri: true },
  { label: '$(pass) Validate against PostgreSQL', description: 'apply the DDL in a rolled-back transaction', command: 'dataModel.validate', withUri: true },
  { label: '$(export) Export SQL', description: 'write the migration', command: 'dataModel.exportSql', withUri: true },
  { label: '$(symbol-class) Export SQLAlchemy Models', description: 'models.py as a new untitled document', command: 'dataModel.exportSqlAlchemy', withUri: true },
  { label: '$(file-media) Export ERD as SVG or PNG', description: 'save the diagram', command: 'dataModel.exportErd', withUri: false },
  { label: '$(diff) Compare with Database', description: 'drift against dataModel.database.url', command: 'dataModel.compareWithDatabase', withUri: true },
  { label: '$(warning) Show Problems', description: 'the lint findings', command: 'workbench.actions.view.problems', withUri: false },
  { label: '$(gear) Open Settings', description: 'Data Model settings', command: 'workbench.action.openSettings', withUri: false },
];

export class DataModelStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly validations = new Map<string, ValidationRecord>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly documents: DataModelDocuments) {
    this.item = vscode.window.createStatusBarItem('dataModel.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Data Model';
    this.item.command = SHOW_COMMANDS;
    this.disposables.push(
      this.item,
      documents.onDidChange(() => this.update()),
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = documents.active;
        if (active && event.uris.some((uri) => uri.toString() === active.uri.toString())) this.update();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === documents.active && this.validations.has(event.document.uri.toString())) this.update();
      }),
      vscode.commands.registerCommand(SHOW_COMMANDS, () => this.showCommands()),
    );
    this.update();
  }

  /** Remembers a validation's outcome for the status bar (called by the Validate command). */
  recordValidation(document: vscode.TextDocument, record: Omit<ValidationRecord, 'at' | 'version'>): void {
    this.validations.set(document.uri.toString(), { ...record, at: new Date(), version: document.version });
    this.update();
  }

  private update(): void {
    const document = this.documents.active;
    if (!document) {
      this.item.hide();
      return;
    }
    const diagnostics = vscode.languages.getDiagnostics(document.uri).filter((d) => typeof d.source === 'string' && SOURCES.has(d.source));
    const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    const others = diagnostics.length - errors - warnings;
    const validation = this.validations.get(document.uri.toString());
    const stale = validation !== undefined && validation.version !== document.version;

    const parts = ['$(database) Data Model'];
    parts.push(diagnostics.length === 0 ? '$(check) no problems' : `$(error) ${errors} $(warning) ${warnings}`);
    if (validation) parts.push(validation.ok ? `$(pass) valid${stale ? ' (edited since)' : ''}` : `$(circle-slash) invalid${stale ? ' (edited since)' : ''}`);
    this.item.text = parts.join('  ');

    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**Data Model** — ${vscode.workspace.asRelativePath(document.uri)}\n\n`);
    tooltip.appendMarkdown(`Problems: ${errors} error(s), ${warnings} warning(s)${others ? `, ${others} other(s)` : ''}\n\n`);
    tooltip.appendMarkdown(
      validation
        ? `Last validation (${validation.at.toLocaleTimeString()}): ${validation.ok ? 'valid' : 'problems found'} — ${validation.summary}${stale ? ' (the document changed since)' : ''}\n\n`
        : 'Not validated in this session.\n\n',
    );
    tooltip.appendMarkdown('Click for the Data Model commands.');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Data Model: ${errors} errors, ${warnings} warnings${validation ? `, last validation ${validation.ok ? 'valid' : 'invalid'}` : ''}` };
    this.item.backgroundColor = errors > 0 || (validation && !validation.ok) ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  private async showCommands(): Promise<void> {
    const document = this.documents.active ?? vscode.window.activeTextEditor?.document;
    const picked = await vscode.window.showQuickPick(COMMANDS, {
      title: document ? `Data Model: ${vscode.workspace.asRelativePath(document.uri)}` : 'Data Model',
      placeHolder: 'Choose a command for this document',
    });
    if (!picked) return;
    if (picked.command === 'workbench.action.openSettings') await vscode.commands.executeCommand(picked.command, 'dataModel');
    else if (picked.withUri && document) await vscode.commands.executeCommand(picked.command, document.uri);
    else await vscode.commands.executeCommand(picked.command);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
