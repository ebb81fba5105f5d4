import { nameWords, namedColumns, typeRange } from '../model-queries';
import { MONEY_WORDS } from '../name-meaning';
import { isFloatingPoint, parseType } from '../postgres-types';
import type { Finding, Rule } from '../types';

/**
 * Binary floating point cannot represent 0.10 exactly; sums of prices drift by cents.
 * NUMERIC keeps decimal amounts exact.
 */
export const floatForMoney: Rule = {
  id: 'DM403',
  alias: 'float-for-money',
  defaultSeverity: 'warning',
  quickFix: 'always',
  description: 'An amount, price, cost or balance is stored in a floating-point type.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const entity of model.entities) {
      for (const column of namedColumns(entity)) {
        if (!isFloatingPoint(column.type)) continue;
        if (!nameWords(column.name).some((word) => MONEY_WORDS.has(word))) continue;
        const range = typeRange(lines, column);
        const replacement = `NUMERIC(12,2)${parseType(column.type).array ? '[]' : ''}`;
        findings.push({
          ruleId: 'DM403',
          message: `${entity.name}.${column.name} looks like money but is ${column.type.trim()}: floating point cannot hold decimal amounts exactly; use NUMERIC(p,s).`,
          range,
          fix: column.range ? { title: `Change the type to ${replacement}`, edits: [{ range, newText: replacement }] } : undefined,
        });
      }
    }
    return findings;
  },
};
