import { cellOf } from '../document';
import { findEntity, namedColumns, securityRowFor, sensitivityRank } from '../model-queries';
import { dataKind, KIND_LABEL, REQUIRED } from '../security-knowledge';
import type { Column, Sensitivity } from '../../model/types';
import type { Finding, Rule } from '../types';

/**
 * The sensitivity rating drives who may read a table and how it is backed up and logged; a
 * table holding password hashes rated Medium gets Medium care. Floors: tokens, secrets and API
 * keys CRITICAL; credentials (password hashes) High; contact data and birth dates Medium. A
 * column rated on its own at or above the floor is accepted.
 */
export const sensitivityUnderstated: Rule = {
  id: 'DM303',
  alias: 'sensitivity-understated',
  defaultSeverity: 'warning',
  quickFix: 'always',
  description: 'Credentials, secrets or personal data sit in a table rated lower than they require.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const entity of model.entities) {
      const row = securityRowFor(model, entity.name);
      if (!row) continue; // DM301
      let required: Sensitivity = row.sensitivity;
      const causes: Column[] = [];
      for (const column of namedColumns(entity)) {
        const kind = dataKind(column);
        if (!kind) continue;
        const floor = REQUIRED[kind];
        if (sensitivityRank(row.sensitivity) >= sensitivityRank(floor)) continue;
        if (column.sensitivity && sensitivityRank(column.sensitivity) >= sensitivityRank(floor)) continue;
        causes.push(column);
        if (sensitivityRank(floor) > sensitivityRank(required)) required = floor;
      }
      if (causes.length === 0) continue;
      const range = cellOf(lines, row, 1);
      findings.push({
        ruleId: 'DM303',
        message: `${entity.name} is rated ${row.sensitivity} but holds ${causes
          .map((column) => `${KIND_LABEL[dataKind(column)!]} (${column.name})`)
          .join(', ')}: rate it at least ${required}.`,
        range,
        related: causes.filter((c) => c.range).map((column) => ({ message: `${entity.name}.${column.name}`, range: cellOf(lines, column, 0) })),
        fix: row.range && findEntity(model, entity.name) ? { title: `Rate ${entity.name} ${required}`, edits: [{ range, newText: required }] } : undefined,
      });
    }
    return findings;
  },
};
