import { cellOf, findSection, textAt } from '../document';
import { COLUMN_CELL, findColumn } from '../model-queries';
import type { Finding, Rule } from '../types';

/** Words that say something keeps a column current on UPDATE: a trigger or an ORM hook. */
const KEEPS_CURRENT = /\btrigger\b|\bonupdate\b|\bon_update\b|\bon update\b|@updatedAt|\bauto_now\b|\bhook\b|@UpdateDateColumn|\bupdatedAt\b|before update|timestamps:\s*true|moddatetime/i;

/**
 * `updated_at DEFAULT NOW()` is only right on INSERT; without a trigger or an ORM hook it
 * keeps the creation time forever and every "changed since" query lies.
 */
export const missingUpdatedAtTrigger: Rule = {
  id: 'DM502',
  alias: 'missing-updated-at-trigger',
  defaultSeverity: 'warning',
  quickFix: 'always',
  readsProse: true,
  description: '`updated_at` has no trigger or ORM hook keeping it current.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    const section = findSection(lines, /^audit trail\b/i);
    const auditText = section ? lines.slice(section.heading, section.end).join('\n') : '';
    const documentWide = KEEPS_CURRENT.test(model.audit.note) || KEEPS_CURRENT.test(auditText) || lines.some((line) => /\bCREATE\s+(OR\s+REPLACE\s+)?TRIGGER\b/i.test(line));
    if (documentWide) return findings;
    for (const entity of model.entities) {
      const column = findColumn(entity, 'updated_at');
      if (!column) continue;
      if (KEEPS_CURRENT.test(column.description) || entity.notes.some((note) => KEEPS_CURRENT.test(note))) continue;
      const cell = cellOf(lines, column, COLUMN_CELL.description);
      const current = column.range ? textAt(lines, cell) : '';
      const addition = 'kept current by a BEFORE UPDATE trigger';
      findings.push({
        ruleId: 'DM502',
        message: `${entity.name}.updated_at has no trigger or ORM hook keeping it current: its DEFAULT only applies on INSERT.`,
        range: cellOf(lines, column, COLUMN_CELL.name),
        fix: column.range
          ? { title: 'State that a BEFORE UPDATE trigger keeps updated_at current', edits: [{ range: cell, newText: current.trim() ? `${current.trim()}; ${addition}` : addition[0].toUpperCase() + addition.slice(1) }] }
          : undefined,
      });
    }
    return findings;
  },
};
