import { cellOf } from '../document';
import { namedColumns } from '../model-queries';
import { dataKind, isProtectedName } from '../security-knowledge';
import type { Finding, Rule } from '../types';

/**
 * A password, token or key stored as written is disclosed by any backup, replica or SQL
 * injection. The column name is how the next developer knows: `password_hash`,
 * `hashed_password`, `encrypted_api_key` say what is stored; `password` says the opposite.
 */
/**
 * Passwords are checked, never looked up: a slow salted hash (bcrypt, argon2). A token or API
 * key is looked up by its value on every request, so it needs a fast keyed hash that gives the
 * same digest each time (HMAC-SHA-256), or encryption when the service must read it back.
 */
const HOW_TO_STORE = {
  credential: 'store a slow salted hash ({column}_hash, e.g. argon2 or bcrypt) or encrypt it (encrypted_{column}).',
  secret: 'store a keyed hash that can be looked up ({column}_hash, e.g. HMAC-SHA-256), or encrypt it (encrypted_{column}) if it must be read back.',
} as const;

export const plaintextSecret: Rule = {
  id: 'DM305',
  alias: 'plaintext-secret',
  defaultSeverity: 'error',
  description: 'A password or secret column is not stored hashed or encrypted.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const entity of model.entities) {
      for (const column of namedColumns(entity)) {
        const kind = dataKind(column);
        if ((kind !== 'secret' && kind !== 'credential') || isProtectedName(column.name)) continue;
        findings.push({
          ruleId: 'DM305',
          message: `${entity.name}.${column.name} looks like a ${kind === 'secret' ? 'secret' : 'password or credential'} stored as written: ${HOW_TO_STORE[kind]}`
            .replace(/\{column\}/g, column.name),
          range: cellOf(lines, column, 0),
        });
      }
    }
    return findings;
  },
};
