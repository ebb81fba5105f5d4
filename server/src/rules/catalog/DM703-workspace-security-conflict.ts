import type { Access } from '../../model/types';
import { featureLabel } from '../../workspace/features';
import { cellOf } from '../document';
import { findEntity, securityRowFor } from '../model-queries';
import type { Finding, Rule } from '../types';

/**
 * A table has one sensitivity and one set of grants in the database, whichever feature's
 * document is read: when a later feature rates another feature's table differently, the two
 * documents promise different protection for the same rows. The defining feature's row is the
 * reference; a later row must agree with it (or be removed).
 */
export const workspaceSecurityConflict: Rule = {
  id: 'DM703',
  alias: 'workspace-security-conflict',
  defaultSeverity: 'error',
  readsWorkspace: true,
  description: "A security row for another feature's table gives it a different sensitivity or access than the defining feature does.",
  check({ model, lines, workspace }) {
    if (!workspace) return [];
    const findings: Finding[] = [];
    for (const row of model.security) {
      const own = findEntity(model, row.table);
      if (own && own.extends === undefined) continue; // its own table: the reference row is this one
      const owner = workspace.model.owner(row.table);
      if (!owner || owner.document.uri === workspace.uri) continue;
      const reference = securityRowFor(owner.document.model, row.table);
      if (!reference) continue;
      const feature = featureLabel(owner.document.feature);
      const related = [{ message: `${row.table} rated by ${feature}`, range: cellOf(owner.document.lines, reference, 0), uri: owner.document.uri }];
      if (reference.sensitivity !== row.sensitivity) {
        findings.push({
          ruleId: 'DM703',
          message: `${row.table} is rated ${row.sensitivity} here but ${reference.sensitivity} by ${feature}, which defines it.`,
          range: cellOf(lines, row, 1),
          related,
        });
      }
      model.roles.forEach((role, k) => {
        const mine = row.access[role];
        const theirs = accessFor(reference.access, role);
        if (!mine || !theirs || mine.level === undefined || theirs.level === undefined || mine.level === theirs.level) return;
        findings.push({
          ruleId: 'DM703',
          message: `${role} access to ${row.table} is "${mine.text}" here but "${theirs.text}" in ${feature}, which defines it.`,
          range: cellOf(lines, row, 2 + k),
          related,
        });
      });
    }
    return findings;
  },
};

function accessFor(access: Record<string, Access>, role: string): Access | undefined {
  const key = Object.keys(access).find((name) => name.toLowerCase() === role.toLowerCase());
  return key === undefined ? undefined : access[key];
}
