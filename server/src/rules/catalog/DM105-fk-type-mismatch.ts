import { rangeOrStart } from '../document';
import { findColumn, findEntity, typeRange } from '../model-queries';
import { storageType } from '../postgres-types';
import type { Finding, Rule } from '../types';

/**
 * A foreign key must hold the referenced key's values: INT referencing a BIGINT key
 * overflows once ids pass 2³¹, and mismatched types make joins cast (and skip indexes).
 * Serials compare as the integer they store; length limits are not compared.
 */
export const fkTypeMismatch: Rule = {
  id: 'DM105',
  alias: 'fk-type-mismatch',
  defaultSeverity: 'error',
  quickFix: 'always',
  description: 'A foreign key column has a different type from the column it references.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const fk of model.foreignKeys) {
      const child = findEntity(model, fk.table);
      const parent = findEntity(model, fk.refTable);
      if (!child || !parent) continue; // DM101 / DM104
      fk.columns.forEach((name, i) => {
        const column = findColumn(child, name);
        const referenced = findColumn(parent, fk.refColumns[i] ?? 'id');
        if (!column || !referenced) return;
        const own = storageType(column.type);
        const theirs = storageType(referenced.type);
        if (own === theirs) return;
        findings.push({
          ruleId: 'DM105',
          message: `${fk.table}.${column.name} is ${column.type.trim()} but references ${parent.name}.${referenced.name}, which is ${referenced.type.trim()} (stored as ${theirs}).`,
          range: typeRange(lines, column),
          related: [
            { message: `${parent.name}.${referenced.name}`, range: typeRange(lines, referenced) },
            ...(fk.range ? [{ message: `foreign key ${fk.name}`, range: rangeOrStart(fk) }] : []),
          ],
          fix: column.range
            ? { title: `Change the type to ${theirs}`, edits: [{ range: typeRange(lines, column), newText: theirs }] }
            : undefined,
        });
      });
    }
    return findings;
  },
};
