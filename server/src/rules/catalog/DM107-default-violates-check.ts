import { cellOf, rangeOrStart } from '../document';
import { CannotEvaluate, evaluateCheck, literalValue, type SqlValue } from '../check-evaluator';
import { COLUMN_CELL, findEntity, namedColumns, sameName } from '../model-queries';
import type { Finding, Rule } from '../types';

/**
 * A default the table's own CHECK rejects makes every INSERT that relies on the default fail.
 * A CHECK that evaluates to NULL passes (SQL's rule), so a NULL default under `x IN (…)` is fine.
 */
export const defaultViolatesCheck: Rule = {
  id: 'DM107',
  alias: 'default-violates-check',
  defaultSeverity: 'error',
  description: "A column's default is rejected by its table's CHECK constraint.",
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const check of model.checks) {
      const entity = findEntity(model, check.table);
      if (!entity) continue;
      for (const column of namedColumns(entity)) {
        if (column.default === undefined) continue;
        // Every metacharacter escaped: a column name is text from the document (`i)d` once threw here).
        if (!new RegExp(`(^|[^\\w$])"?${column.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?([^\\w$]|$)`, 'i').test(check.expression)) continue;
        let value: SqlValue;
        let verdict: boolean | null;
        try {
          value = literalValue(column.default);
          verdict = evaluateCheck(check.expression, column.name, value);
        } catch (error) {
          if (error instanceof CannotEvaluate) continue; // another column, NOW(), auto: cannot tell
          throw error;
        }
        if (verdict !== false) continue;
        findings.push({
          ruleId: 'DM107',
          message: `${entity.name}.${column.name} defaults to ${column.default.trim()}, which ${check.name} (CHECK ${check.expression}) rejects.`,
          range: cellOf(lines, column, COLUMN_CELL.default),
          related: check.range ? [{ message: `check constraint ${check.name}`, range: rangeOrStart(check) }] : undefined,
        });
      }
    }
    return findings.filter((finding, i) => findings.findIndex((other) => sameName(other.message, finding.message)) === i);
  },
};
