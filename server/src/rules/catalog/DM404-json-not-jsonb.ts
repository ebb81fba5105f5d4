import { namedColumns, typeRange } from '../model-queries';
import { parseType } from '../postgres-types';
import type { Finding, Rule } from '../types';

/**
 * JSON keeps the text as written and re-parses it on every access; JSONB is parsed once,
 * supports GIN indexes and containment operators. JSON is only right when key order or
 * duplicate keys must survive, which a data model should then say (and silence the rule).
 */
export const jsonNotJsonb: Rule = {
  id: 'DM404',
  alias: 'json-not-jsonb',
  defaultSeverity: 'info',
  quickFix: 'always',
  description: 'A column uses JSON instead of JSONB.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const entity of model.entities) {
      for (const column of namedColumns(entity)) {
        const parsed = parseType(column.type);
        if (parsed.base !== 'JSON') continue;
        const range = typeRange(lines, column);
        const replacement = `JSONB${parsed.array ? '[]' : ''}`;
        findings.push({
          ruleId: 'DM404',
          message: `${entity.name}.${column.name} is JSON: use JSONB (parsed once, indexable) unless the exact text must be kept.`,
          range,
          fix: column.range ? { title: `Change the type to ${replacement}`, edits: [{ range, newText: replacement }] } : undefined,
        });
      }
    }
    return findings;
  },
};
