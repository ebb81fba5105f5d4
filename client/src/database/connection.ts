/**
 * Which PostgreSQL the database commands use: the embedded one (no setting), or the server in
 * `dataModel.database.url`, whose password lives in VS Code's SecretStorage, never in settings.
 * In an untrusted workspace a URL from the workspace's own settings is ignored: opening a
 * folder must not make VS Code connect wherever that folder says.
 */
import * as vscode from 'vscode';
import type { DatabaseTarget } from '../../../server/src/api/protocol';
import { sealSecret } from '../../../server/src/api/sealed-secret';

const SECRET_PREFIX = 'dataModel.databasePassword:';

/** The URL without any password, as the key of its secret and for messages. */
function redacted(url: URL): string {
  const copy = new URL(url.toString());
  copy.password = '';
  return copy.toString();
}

function configuredUrl(): string {
  const inspected = vscode.workspace.getConfiguration('dataModel.database').inspect<string>('url');
  const fromUser = inspected?.globalValue ?? '';
  if (!vscode.workspace.isTrusted) return fromUser.trim();
  return (inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? fromUser).trim();
}

/** `sessionKey` seals the password for the language server (never sent in clear: sealed-secret.ts). */
export async function databaseTarget(secrets: vscode.SecretStorage, sessionKey: string): Promise<DatabaseTarget> {
  const text = configuredUrl();
  if (!text) return { kind: 'embedded' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`dataModel.database.url is not a URL: "${text}". Expected postgres://user@host:5432/database.`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`dataModel.database.url must start with postgres://, not ${url.protocol}//`);
  }
  if (url.password) {
    throw new Error('dataModel.database.url contains a password. Remove it from the setting and run "Data Model: Set Database Password" (kept in VS Code\'s secret storage).');
  }
  const password = await secrets.get(SECRET_PREFIX + redacted(url));
  const settings = vscode.workspace.getConfiguration('dataModel.database');
  return {
    kind: 'server',
    url: url.toString(),
    ...(password ? { sealedPassword: sealSecret(password, sessionKey) } : {}),
    connectTimeoutMs: Math.max(1, settings.get<number>('connectTimeout', 5)) * 1000,
    statementTimeoutMs: Math.max(1, settings.get<number>('statementTimeout', 15)) * 1000,
  };
}

export function describeTarget(target: DatabaseTarget): string {
  return target.kind === 'embedded' ? 'the embedded PostgreSQL' : redacted(new URL(target.url));
}

export async function setDatabasePassword(secrets: vscode.SecretStorage): Promise<void> {
  const text = configuredUrl();
  if (!text) {
    void vscode.window.showInformationMessage('Set dataModel.database.url first (without the password): the embedded PostgreSQL needs none.');
    return;
  }
  const url = new URL(text);
  const password = await vscode.window.showInputBox({
    title: `Password for ${redacted(url)}`,
    prompt: 'Kept in VS Code\'s secret storage, never in settings. Leave empty to forget it.',
    password: true,
    ignoreFocusOut: true,
  });
  if (password === undefined) return;
  const key = SECRET_PREFIX + redacted(url);
  if (password === '') await secrets.delete(key);
  else await secrets.store(key, password);
  void vscode.window.showInformationMessage(password ? `Password stored for ${redacted(url)}.` : `Password forgotten for ${redacted(url)}.`);
}
