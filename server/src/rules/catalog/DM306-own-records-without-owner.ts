import pluralize from 'pluralize';
import type { DataModel, Entity } from '../../model/types';
import { cellOf } from '../document';
import { findEntity, foreignKeysOf, nameWords, namedColumns } from '../model-queries';
import { isOwnRecords } from '../security-knowledge';
import type { Finding, Rule } from '../types';

/** Tables whose rows are people or accounts: their own record is the row itself. */
const PERSON_TABLE = /(^|_)(users?|accounts?|members?|customers?|people|persons?|profiles?|employees?|students?|patients?|annotators?)$/i;
/** Column words that tie a row to a user. */
const OWNER_WORDS = new Set(['user', 'owner', 'author', 'account', 'member', 'customer', 'creator', 'created_by', 'profile', 'employee', 'student', 'patient', 'annotator', 'submitter', 'assignee', 'reporter']);

/**
 * Tables of people: the usual names, and the tables named after a role of the document (role
 * `Reviewer` → `reviewers`, `Lab Technician` → `lab_technicians`): a role is a kind of user.
 */
function isPersonTable(model: DataModel, table: string): boolean {
  if (PERSON_TABLE.test(table)) return true;
  const name = table.trim().toLowerCase().replace(/^.*\./, '');
  return model.roles.some((role) => {
    const singular = nameWords(role).join('_');
    return singular !== '' && (name === singular || name === pluralize.plural(singular) || name.endsWith(`_${pluralize.plural(singular)}`));
  });
}

function hasOwner(model: DataModel, entity: Entity): boolean {
  if (isPersonTable(model, entity.name)) return true;
  const byName = namedColumns(entity).some((column) => {
    const words = nameWords(column.name);
    return words.some((word) => OWNER_WORDS.has(word)) || /(^|_)created_by$|(^|_)owned_by$/.test(column.name);
  });
  if (byName) return true;
  return foreignKeysOf(model, entity.name).some((fk) => isPersonTable(model, fk.refTable));
}

/**
 * "Own records" is enforced by comparing a row's owner with the current user (a row-level
 * security policy or a WHERE clause); a table with no owner column cannot express it.
 */
export const ownRecordsWithoutOwner: Rule = {
  id: 'DM306',
  alias: 'own-records-without-owner',
  defaultSeverity: 'warning',
  description: '"Own records" access on a table with no column tying rows to a user.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const row of model.security) {
      const entity = findEntity(model, row.table);
      if (!entity || hasOwner(model, entity)) continue;
      model.roles.forEach((role, i) => {
        if (!isOwnRecords(row.access[role])) return;
        findings.push({
          ruleId: 'DM306',
          message: `${role} has "${row.access[role].trim()}" access to ${row.table}, but no column ties its rows to a user (such as user_id REFERENCES users).`,
          range: cellOf(lines, row, 2 + i),
        });
      });
    }
    return findings;
  },
};
