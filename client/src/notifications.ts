/**
 * Notifications: messages that come from the server (written for Markdown, the CLI and the
 * Problems panel) pass through `plainText` (plain-text.ts) first; database and configuration
 * errors offer "Open Settings" on the settings that would fix them.
 */
import * as vscode from 'vscode';
import { plainText } from './plain-text';

export { plainText };

export const OPEN_SETTINGS = 'Open Settings';

/** Opens the Settings editor filtered to `query` (`dataModel.database`). */
export async function openSettings(query: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openSettings', query);
}

/** An error about the database connection or its configuration, with "Open Settings". */
export async function showDatabaseError(message: string): Promise<void> {
  const answer = await vscode.window.showErrorMessage(plainText(message), OPEN_SETTINGS);
  if (answer === OPEN_SETTINGS) await openSettings('dataModel.database');
}
