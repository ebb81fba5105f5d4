import { cellOf } from '../document';
import { findEntity } from '../model-queries';
import { limitsToOwnRows } from '../../model/access';
import type { Finding, Rule } from '../types';

/**
 * "Own records" is enforced by a row-level security policy comparing a row's owner column with
 * the current user (sql/security.ts). The reader finds that column once (`SecurityAnnotation.owner`,
 * model/access.ts); without it the DDL grants nothing to the role, so the document promises
 * access the database will not give.
 */
export const ownRecordsWithoutOwner: Rule = {
  id: 'DM306',
  alias: 'own-records-without-owner',
  defaultSeverity: 'error',
  description: '"Own records" access on a table with no column tying rows to a user.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const row of model.security) {
      if (row.owner || !findEntity(model, row.table)) continue;
      model.roles.forEach((role, i) => {
        const access = row.access[role];
        if (!access || !limitsToOwnRows(access.level)) return;
        findings.push({
          ruleId: 'DM306',
          message:
            `${role} has "${access.text.trim()}" access to ${row.table}, but no column ties its rows to a user ` +
            `(user_id, or a foreign key to the users table or a table of people): the database cannot enforce it and nothing is granted.`,
          range: cellOf(lines, row, 2 + i),
        });
      });
    }
    return findings;
  },
};
