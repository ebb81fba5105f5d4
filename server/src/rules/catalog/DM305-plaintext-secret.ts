import { cellOf } from '../document';
import { namedColumns } from '../model-queries';
import { dataKind, isProtectedName } from '../security-knowledge';
import type { Finding, Rule } from '../types';

/**
 * A password, token or key stored as written is disclosed by any backup, replica or SQL
 * injection. The column name is how the next developer knows: `password_hash`,
 * `hashed_password`, `encrypted_api_key` say what is stored; `password` says the opposite.
 */
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
          message: `${entity.name}.${column.name} looks like a ${kind === 'secret' ? 'secret' : 'password or credential'} stored as written: store a hash (${column.name}_hash, e.g. bcrypt/argon2) or encrypt it (encrypted_${column.name}).`,
          range: cellOf(lines, column, 0),
        });
      }
    }
    return findings;
  },
};
