import type { Column } from '../../model/types';
import { auditRowCells, parseAuditColumn, type AuditColumn } from '../audit-columns';
import { attributeIndent, attributeLine, blockEnd } from '../diagram-text';
import { tableRow } from '../document';
import { insertLines } from '../edits';
import { entityAnchor, findColumn, findDiagramEntity, sameName, isExtension } from '../model-queries';
import type { Finding, Rule, TextEdit } from '../types';

function asColumn(audit: AuditColumn): Column {
  return { name: audit.name, type: audit.type, nullable: audit.nullable, default: audit.default, description: '', primaryKey: false, unique: false, foreignKey: false };
}

/**
 * The Audit Trail says "all tables include" these columns; a table without them breaks the
 * promise (no way to tell when a row last changed), usually because it was written before the
 * convention or by hand.
 */
export const missingAuditColumn: Rule = {
  id: 'DM501',
  alias: 'missing-audit-column',
  defaultSeverity: 'warning',
  quickFix: 'always',
  description: 'A table lacks audit columns the Audit Trail says every table includes.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    const promised = model.audit.columns.map(parseAuditColumn).filter((c): c is AuditColumn => c !== undefined);
    if (promised.length === 0) return findings;
    const indent = attributeIndent(lines, model);
    for (const entity of model.entities) {
      if (isExtension(entity)) continue; // an extension adds columns; the audit columns are the defining feature's
      const missing = promised.filter((audit) => !findColumn(entity, audit.name));
      if (missing.length === 0) continue;
      const edits: TextEdit[] = [];
      const lastRow = entity.columns.length ? entity.columns[entity.columns.length - 1].range?.start.line : undefined;
      if (lastRow !== undefined) {
        edits.push(insertLines(lines, lastRow + 1, missing.map((audit) => tableRow(auditRowCells(audit)))));
        // Draw them too, so the fix does not trade this finding for a DM103.
        const drawn = findDiagramEntity(model, entity.name);
        const end = drawn ? blockEnd(lines, drawn) : undefined;
        const undrawn = missing.filter((audit) => !drawn?.attributes.some((a) => sameName(a.name, audit.name)));
        if (end !== undefined && undrawn.length > 0) edits.push(insertLines(lines, end, undrawn.map((audit) => attributeLine(asColumn(audit), indent))));
      }
      findings.push({
        ruleId: 'DM501',
        message: `${entity.name} lacks ${missing.map((audit) => audit.name).join(', ')}, which the Audit Trail says every table includes.`,
        range: entityAnchor(entity),
        related: model.audit.range ? [{ message: 'the Audit Trail', range: model.audit.range }] : undefined,
        fix: edits.length ? { title: `Add ${missing.map((audit) => audit.name).join(' and ')} to ${entity.name}`, edits } : undefined,
      });
    }
    return findings;
  },
};
