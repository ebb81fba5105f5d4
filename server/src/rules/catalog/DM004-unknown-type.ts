import { namedColumns, typeRange } from '../model-queries';
import { isKnownBuiltinType, parseType } from '../postgres-types';
import type { Finding, Rule } from '../types';

/**
 * Names the document itself defines as types: `CREATE TYPE x` / `CREATE DOMAIN x` anywhere in
 * its text (usually a sql fence), and every table (each table is also a composite type).
 */
function userTypes(lines: readonly string[], tables: readonly string[]): Set<string> {
  const names = new Set(tables.map((table) => table.toLowerCase()));
  const pattern = /\bCREATE\s+(?:TYPE|DOMAIN)\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"?\w+"?\.)?"?([A-Za-z_][\w$]*)"?/gi;
  for (const line of lines) {
    for (const match of line.matchAll(pattern)) names.add(match[1].toLowerCase());
  }
  return names;
}

export const unknownType: Rule = {
  id: 'DM004',
  alias: 'unknown-type',
  defaultSeverity: 'error',
  readsProse: true,
  description: 'A column has a type PostgreSQL does not have.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    let defined: Set<string> | undefined;
    for (const entity of model.entities) {
      for (const column of namedColumns(entity)) {
        const parsed = parseType(column.type);
        if (parsed.written === '' || isKnownBuiltinType(parsed)) continue;
        // An enum or domain: acceptable only when the document defines it.
        defined ??= userTypes(lines, model.entities.map((e) => e.name));
        const name = parsed.raw.replace(/\s*(\[.*|\(.*|\bARRAY\b.*)$/i, '').replace(/^(?:"?\w+"?\.)/, '').replace(/"/g, '');
        if (/^[a-z_][a-z0-9_$]*$/.test(name) && defined.has(name)) continue;
        const hint = /^[a-z_][a-z0-9_$]*$/.test(name)
          ? ` If it is an enum or domain, define it in the document (CREATE TYPE ${name} AS ENUM (…)).`
          : '';
        findings.push({
          ruleId: 'DM004',
          message: `${entity.name}.${column.name}: "${column.type.trim()}" is not a PostgreSQL type.${hint}`,
          range: typeRange(lines, column),
        });
      }
    }
    return findings;
  },
};
