import { cellOf } from '../document';
import { entityAnchor, findEntity, isAdminRole, namedColumns } from '../model-queries';
import { describedSensitive } from '../security-knowledge';
import { limitsToOwnRows } from '../../model/access';
import type { Finding, Rule } from '../types';

/**
 * CRITICAL data (gold answers, secrets) read by an ordinary role is the leak the annotation
 * exists to prevent. "Own records" is a real limit for ordinary data, but on a CRITICAL table
 * a user's own rows are still the secret (their own gold answers), so there it counts.
 */
export const sensitiveDataExposed: Rule = {
  id: 'DM302',
  alias: 'sensitive-data-exposed',
  defaultSeverity: 'error',
  quickFix: 'always',
  readsProse: true,
  description: 'A CRITICAL or SENSITIVE (High) table or column can be read by a non-administrator role.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const row of model.security) {
      const critical = row.sensitivity === 'CRITICAL';
      // The reader reads the reference's word SENSITIVE as High: High and above count as sensitive.
      const sensitiveTable = critical || row.sensitivity === 'High';
      const entity = findEntity(model, row.table);
      const sensitiveColumns = entity
        ? namedColumns(entity).filter((column) => column.sensitivity === 'CRITICAL' || column.sensitivity === 'High' || describedSensitive(column))
        : [];
      if (!sensitiveTable && sensitiveColumns.length === 0) continue;
      model.roles.forEach((role, i) => {
        if (isAdminRole(role)) return;
        const access = row.access[role];
        // No level: the reader already reports the cell, and nothing is granted for it.
        if (!access || access.level === undefined || access.level === 'none') return;
        // Own rows are enforced by a row-level security policy (sql/security.ts), so they pass below CRITICAL.
        if (limitsToOwnRows(access.level) && !critical) return;
        const what = sensitiveTable ? `${row.table} is rated ${row.sensitivity}` : `${row.table} has sensitive column${sensitiveColumns.length > 1 ? 's' : ''} ${sensitiveColumns.map((c) => c.name).join(', ')}`;
        findings.push({
          ruleId: 'DM302',
          message: `${what}, but role ${role} has "${access.text.trim()}" access: only administrator roles should read it.`,
          range: cellOf(lines, row, 2 + i),
          related: [
            ...(entity && !sensitiveTable
              ? sensitiveColumns.filter((c) => c.range).map((c) => ({ message: `${row.table}.${c.name}`, range: cellOf(lines, c, 0) }))
              : []),
            ...(entity?.range ? [{ message: `table ${entity.name}`, range: entityAnchor(entity) }] : []),
          ],
          fix: row.range ? { title: `Set ${role}'s access to ${row.table} to NONE`, edits: [{ range: cellOf(lines, row, 2 + i), newText: 'NONE' }] } : undefined,
        });
      });
    }
    return findings;
  },
};
