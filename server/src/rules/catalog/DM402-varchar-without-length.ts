import { namedColumns, typeRange } from '../model-queries';
import { parseType } from '../postgres-types';
import type { Finding, Rule } from '../types';

/**
 * The data type guidelines ask for a length limit on VARCHAR: without one it is TEXT under
 * another name, and the limit the design meant to state is lost.
 */
export const varcharWithoutLength: Rule = {
  id: 'DM402',
  alias: 'varchar-without-length',
  defaultSeverity: 'info',
  quickFix: 'always',
  description: 'A VARCHAR column has no length limit.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const entity of model.entities) {
      for (const column of namedColumns(entity)) {
        const parsed = parseType(column.type);
        if (parsed.base !== 'VARCHAR' || parsed.modifier !== undefined) continue;
        const range = typeRange(lines, column);
        const replacement = `VARCHAR(255)${parsed.array ? '[]' : ''}`;
        findings.push({
          ruleId: 'DM402',
          message: `${entity.name}.${column.name} is VARCHAR without a length: state the limit (VARCHAR(n)), or use TEXT if there is none.`,
          range,
          fix: column.range ? { title: `Change the type to ${replacement}`, edits: [{ range, newText: replacement }] } : undefined,
        });
      }
    }
    return findings;
  },
};
