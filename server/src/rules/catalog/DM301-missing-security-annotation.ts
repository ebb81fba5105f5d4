import { cellOf, DOCUMENT_START, findSection, wholeLine } from '../document';
import { entityAnchor, namedColumns, securityRowFor, sensitivityRank, isExtension } from '../model-queries';
import { dataKind, REQUIRED } from '../security-knowledge';
import { defaultSecurityCells, insertSecurityRow } from '../security-text';
import type { Sensitivity } from '../../model/types';
import type { Finding, Rule } from '../types';

/**
 * A table nobody rated is a table nobody thought about: its access defaults to whatever the
 * application happens to do. A role without an access cell leaves the same gap for one role.
 */
export const missingSecurityAnnotation: Rule = {
  id: 'DM301',
  alias: 'missing-security-annotation',
  defaultSeverity: 'warning',
  quickFix: 'sometimes',
  description: 'A table has no row in Security Annotations, or a row has no access for a role.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const entity of model.entities) {
      if (isExtension(entity)) continue; // an extension is covered by the defining feature's row
      if (securityRowFor(model, entity.name)) continue;
      // The fix rates the table as high as its columns require (so DM303 stays quiet) and grants only administrators.
      let level: Sensitivity = 'Low';
      for (const column of namedColumns(entity)) {
        const kind = dataKind(column);
        if (kind && sensitivityRank(REQUIRED[kind]) > sensitivityRank(level)) level = REQUIRED[kind];
      }
      const edit = entity.range ? insertSecurityRow(lines, defaultSecurityCells(model, entity.name, level)) : undefined;
      findings.push({
        ruleId: 'DM301',
        message: `Table ${entity.name} has no row in Security Annotations: rate its sensitivity and state each role's access.`,
        range: entityAnchor(entity),
        fix: edit ? { title: `Add a Security Annotations row for ${entity.name} (${level}, administrators only)`, edits: [edit] } : undefined,
      });
    }
    if (model.roles.length === 0 && model.security.length > 0) {
      const section = findSection(lines, /^security annotations\b/i);
      findings.push({
        ruleId: 'DM301',
        message: 'Security Annotations has no role columns: add one "<Role> Access" column per database role.',
        range: section ? wholeLine(lines, section.heading) : DOCUMENT_START,
      });
    }
    for (const row of model.security) {
      model.roles.forEach((role, i) => {
        if ((row.access[role]?.text ?? '').trim() !== '') return;
        findings.push({
          ruleId: 'DM301',
          message: `The security annotation for ${row.table} states no access for role ${role}.`,
          range: cellOf(lines, row, 2 + i),
        });
      });
    }
    return findings;
  },
};
