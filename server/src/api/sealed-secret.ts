/**
 * The database password travels from the client to the language server sealed, never in clear:
 * request parameters are written to the "Data Model" output channel when `dataModel.trace.server`
 * is `verbose` (a workspace can set it), and an answer from the client would be traced the same
 * way. The client makes a random key per session and gives it to the server process in its
 * environment at start (never over the protocol); the password is sealed with it (AES-256-GCM),
 * so a trace shows only ciphertext that no later session can open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The environment variable the client starts the server with. */
export const SESSION_KEY_ENV = 'DATA_MODEL_SESSION_KEY';

export function newSessionKey(): string {
  return randomBytes(32).toString('base64');
}

export function sealSecret(secret: string, key: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

/** The secret, or undefined when `sealed` was not sealed with `key` (or was altered). */
export function unsealSecret(sealed: string, key: string): string | undefined {
  try {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key, 'base64'), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
