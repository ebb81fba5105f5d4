import type { Sensitivity } from '../model/types';
import { snakeCase } from './naming';

/**
 * How a secret the spec names is stored. A value the application only has to *recognise*
 * when it comes back (a refresh token, an API key it issued, a one-time code) is stored as a
 * digest: a stolen backup then holds nothing an attacker can present. A value the
 * application must *use* itself (a private or signing key, a third party's client secret) is
 * stored encrypted, with the key kept outside the database. Salts and nonces are not secrets.
 * The column's name says which, so the next developer cannot mistake it for the value.
 */

export interface SecretStorage {
  name: string;
  type: string;
  description: string;
  sensitivity: Sensitivity;
  todo?: string;
}

/** Keys and secrets the application signs, decrypts or authenticates with: it needs the value back. */
const USED_BY_THE_APPLICATION = /\b(private|signing|encryption)\s+(key|secret)\b|\b(webhook|signing|client)\s+secret\b/i;
/** Short codes a person types: a plain digest of six digits is reversed by trying them all. */
const SHORT_CODE = /\b(otp|one[\s-]time\s+(code|password)|pin|verification\s+code)\b/i;
/** Words that only say "the value of", dropped from the column name: `token value` → `token_hash`. */
const VALUE_WORDS = /^(value|string|text|plaintext)$/;

export function secretStorage(words: readonly string[], core: string): SecretStorage {
  const kept = words.filter((word) => !VALUE_WORDS.test(word));
  const base = snakeCase((kept.length > 0 ? kept : words).join(' '));
  const what = base.replace(/_/g, ' ');
  if (/^(salt|nonce)$/.test(base)) {
    return {
      name: base,
      type: 'VARCHAR(64)',
      description: `${what}; not secret on its own`,
      sensitivity: 'Low',
      todo: base === 'salt' ? 'TODO: salt: bcrypt and argon2 keep the salt inside the hash; drop this column unless the hashing scheme stores it apart.' : undefined,
    };
  }
  if (USED_BY_THE_APPLICATION.test(core)) {
    return {
      name: `encrypted_${base}`,
      type: 'BYTEA',
      description: `${what}, encrypted at rest (key held outside the database, e.g. a KMS); decrypted only by the service that uses it`,
      sensitivity: 'CRITICAL',
    };
  }
  const digest = SHORT_CODE.test(core)
    ? 'HMAC-SHA-256 digest (hex, keyed with a server secret: a short code is guessed back from a plain hash)'
    : 'SHA-256 digest (hex)';
  return {
    name: `${base}_hash`,
    type: 'CHAR(64)',
    description: `${digest} of the ${what}; the ${what} itself is given out once and never stored, and is looked up by its hash`,
    sensitivity: 'CRITICAL',
  };
}
