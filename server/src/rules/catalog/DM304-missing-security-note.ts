import { lastTableRow } from '../document';
import { insertLines } from '../edits';
import { entityAnchor, findEntity, isAdminRole } from '../model-queries';
import type { Finding, Rule } from '../types';

/**
 * The matrix says who may read a CRITICAL table; the `⚠️ **Security**:` note under the table
 * is where the people who build it read why and how (which services, what must never leak).
 */
export const missingSecurityNote: Rule = {
  id: 'DM304',
  alias: 'missing-security-note',
  defaultSeverity: 'warning',
  quickFix: 'always',
  readsProse: true,
  description: 'A CRITICAL table has no ⚠️ Security: note under its definition.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const row of model.security) {
      if (row.sensitivity !== 'CRITICAL') continue;
      const entity = findEntity(model, row.table);
      if (!entity || (entity.securityNote ?? '').trim() !== '') continue;
      const readers = model.roles.filter((role) => (row.access[role]?.level ?? 'none') !== 'none');
      const others = model.roles.filter((role) => !readers.includes(role) && !isAdminRole(role));
      const note =
        `⚠️ **Security**: \`${entity.name}\` is CRITICAL: accessible ONLY to ${readers.length ? readers.join(', ') : 'administrators'}.` +
        (others.length ? ` ${others.join(', ')} database users and API responses must NEVER expose this table.` : '');
      const lastRow = entity.columns.length ? entity.columns[entity.columns.length - 1].range?.start.line : undefined;
      const tableEnd = lastRow ?? (entity.headingRange ? lastTableRow(lines, entity.headingRange.start.line + 1) : undefined);
      findings.push({
        ruleId: 'DM304',
        message: `${entity.name} is CRITICAL but has no "⚠️ **Security**:" note saying who may access it and what must never expose it.`,
        range: entityAnchor(entity),
        related: row.range ? [{ message: `rated CRITICAL here`, range: row.range }] : undefined,
        fix: tableEnd !== undefined ? { title: `Add a security note under ${entity.name}`, edits: [insertLines(lines, tableEnd + 1, ['', note])] } : undefined,
      });
    }
    return findings;
  },
};
