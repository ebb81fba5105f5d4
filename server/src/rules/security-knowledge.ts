/**
 * What the security rules know about data and access: which column names hold credentials,
 * secrets or personal data (and the sensitivity each requires), and what an access cell such
 * as `Own records` or `Read (metadata)` permits.
 */
import type { Column, Sensitivity } from '../model/types';
import { nameWords } from './model-queries';
import { parseType } from './postgres-types';
import { memoizeByString } from '../model/memo';

const METADATA_WORDS = new Set(['at', 'on', 'type', 'types', 'expires', 'expiry', 'count', 'length', 'hint', 'required', 'id', 'version', 'enabled', 'changed', 'kind', 'scope', 'scopes', 'status', 'provider', 'prefix', 'last4', 'verified', 'confirmed', 'policy', 'algorithm', 'salt_rounds']);
const NON_SECRET_TYPES = new Set(['BOOLEAN', 'TIMESTAMP', 'TIMESTAMPTZ', 'DATE', 'TIME', 'TIMETZ', 'INTERVAL']);

export type DataKind = 'secret' | 'credential' | 'personal';

/** `hashed_password`, `password_hash`, `encrypted_token`, `api_key_digest`: stored in a non-recoverable or protected form. */
export function isProtectedName(name: string): boolean {
  const words = nameWords(name);
  return words.some((word) => ['hashed', 'hash', 'encrypted', 'digest', 'enc', 'bcrypt', 'argon2', 'hmac', 'ciphertext'].includes(word));
}

/** What sensitive kind of data a column's name says it holds, if any. */
export function dataKind(column: Column): DataKind | undefined {
  return dataKindOf(`${column.name}\u0000${column.type}`);
}

/** Memoised on name and type together: several rules ask it of every column on every lint. */
const dataKindOf = memoizeByString((nameAndType: string): DataKind | undefined => {
  const [name = '', type = ''] = nameAndType.split('\u0000');
  const words = nameWords(name);
  const has = (word: string) => words.includes(word);
  const pair = (a: string, b: string) => words.some((word, i) => word === a && words[i + 1] === b);
  // Metadata about a secret or an address (`password_changed_at`, `token_type`, `email_verified`)
  // is not the secret; nor is a flag or a time, whatever its name.
  const metadata = METADATA_WORDS.has(words[words.length - 1] ?? '');
  const notStorage = metadata || NON_SECRET_TYPES.has(parseType(type).base);
  const secretWord = has('token') || has('tokens') || has('secret') || has('apikey') || pair('api', 'key') || pair('private', 'key') || pair('access', 'key') || has('otp') || has('totp');
  const credentialWord = has('password') || has('passwd') || has('pwd') || has('passphrase') || has('credential') || has('credentials') || has('pin');
  if (!notStorage && secretWord) return isProtectedName(name) ? 'credential' : 'secret';
  if (!notStorage && credentialWord) return 'credential';
  const personal =
    has('email') || has('phone') || has('mobile') || has('address') || has('birth') || has('birthdate') || has('birthday') || has('dob') ||
    has('ssn') || has('passport') || pair('date', 'of') || has('postcode') || has('zip');
  return personal && !metadata ? 'personal' : undefined;
});

/** The lowest sensitivity a table holding this kind of data may be rated. */
export const REQUIRED: Record<DataKind, Sensitivity> = { secret: 'CRITICAL', credential: 'High', personal: 'Medium' };

export const KIND_LABEL: Record<DataKind, string> = {
  secret: 'a token, secret or API key',
  credential: 'a credential',
  personal: 'personal data',
};

/** An access cell that grants no reading: `NONE`, `No`, `—`, `Write only`, `Insert`. */
export function grantsNothing(access: string | undefined): boolean {
  const text = (access ?? '').trim().toLowerCase();
  if (text === '' || /^(none|no|no access|n\/a|—|–|-|✗|✘|❌|deny|denied)\.?$/.test(text)) return true;
  return !/read|full|select|all|yes|own|view|✓|✔|rw/.test(text) && /write|insert|create|append|execute/.test(text);
}

/** `Own records`, `Own record only`, `Read (own)`: access limited to the role's own rows. */
export function isOwnRecords(access: string | undefined): boolean {
  return /\bown\b/i.test(access ?? '');
}

/** A column the document marks as sensitive in its description (`SENSITIVE — gold label`). */
export function describedSensitive(column: Column): boolean {
  return /\b(SENSITIVE|CRITICAL)\b/.test(column.description);
}
