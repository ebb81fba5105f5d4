import { namedColumns, typeRange } from '../model-queries';
import { parseType } from '../postgres-types';
import type { Finding, Rule } from '../types';

/**
 * TIMESTAMP stores a wall-clock reading with no zone: the same instant written from two
 * servers in different zones compares wrong. TIMESTAMPTZ stores the instant.
 */
export const timestampWithoutTimeZone: Rule = {
  id: 'DM401',
  alias: 'timestamp-without-time-zone',
  defaultSeverity: 'warning',
  quickFix: 'always',
  description: 'A column uses TIMESTAMP (without time zone) instead of TIMESTAMPTZ.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const entity of model.entities) {
      for (const column of namedColumns(entity)) {
        const parsed = parseType(column.type);
        if (parsed.base !== 'TIMESTAMP') continue;
        const range = typeRange(lines, column);
        const replacement = `TIMESTAMPTZ${parsed.modifier !== undefined ? `(${parsed.modifier})` : ''}${parsed.array ? '[]' : ''}`;
        findings.push({
          ruleId: 'DM401',
          message: `${entity.name}.${column.name} is ${column.type.trim()}: use TIMESTAMPTZ so the value is an instant, not a wall-clock reading.`,
          range,
          fix: column.range ? { title: `Change the type to ${replacement}`, edits: [{ range, newText: replacement }] } : undefined,
        });
      }
    }
    return findings;
  },
};
