import { cellOf, rangeOrStart } from '../document';
import { CannotEvaluate, evaluateCheck, literalValue, type SqlValue } from '../check-evaluator';
import type { Column, Entity } from '../../model/types';
import { COLUMN_CELL, findColumn, findEntity, namedColumns } from '../model-queries';
import type { Finding, Rule } from '../types';

const PLAIN_NAME = /^[\w$]+$/;
const plainNamesOf = new WeakMap<Entity, { size: number; others: Column[] }>();

/**
 * The columns `expression` may mention: its words and quoted names looked up by name, plus the
 * few columns whose names are not plain words (checked by the caller's pattern). A check then
 * costs its own length rather than its table's width (thousands of columns and checks on one
 * table made this rule quadratic).
 */
function columnsMentioned(entity: Entity, expression: string): Column[] {
  let cached = plainNamesOf.get(entity);
  if (!cached || cached.size !== entity.columns.length) {
    cached = { size: entity.columns.length, others: namedColumns(entity).filter((column) => !PLAIN_NAME.test(column.name.trim())) };
    plainNamesOf.set(entity, cached);
  }
  const found = new Set<Column>(cached.others);
  for (const match of expression.matchAll(/"((?:[^"]|"")+)"|[\w$]+/g)) {
    const column = findColumn(entity, match[1] !== undefined ? match[1].replace(/""/g, '"') : match[0]);
    if (column && column.name.trim() !== '') found.add(column);
  }
  return [...found];
}

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
      for (const column of columnsMentioned(entity, check.expression)) {
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
    // The same column and check can be reached twice (a check listed twice): report it once.
    const seen = new Set<string>();
    return findings.filter((finding) => {
      const key = finding.message.trim().toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  },
};
