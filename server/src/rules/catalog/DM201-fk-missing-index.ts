import type { SourceRange } from '../../model/types';
import { coverageLookup } from '../index-coverage';
import { indexName, insertIndexRow } from '../indexes-text';
import { findColumn, findEntity, namedColumns, typeRange } from '../model-queries';
import { rangeOrStart } from '../document';
import type { Finding, Rule } from '../types';

/**
 * Without an index whose leading columns are the foreign key, every DELETE or key UPDATE on the
 * parent scans the child table to check for references, and joins from parent to children scan
 * too. A composite index only helps when the key is its prefix: (task_id, user_id) serves
 * task_id, not user_id.
 */
export const fkMissingIndex: Rule = {
  id: 'DM201',
  alias: 'fk-missing-index',
  defaultSeverity: 'warning',
  quickFix: 'always',
  description: 'Foreign key columns are not the leading columns of any index or the primary key.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    const keys: { table: string; columns: string[]; declaredAt?: SourceRange; name?: string }[] = [];
    for (const fk of model.foreignKeys) {
      if (findEntity(model, fk.table)) keys.push({ table: fk.table, columns: fk.columns, declaredAt: fk.range, name: fk.name });
    }
    // Columns marked FK with no constraint yet are still foreign keys in the design (DM106 asks to declare them).
    const declared = new Set(keys.flatMap((key) => key.columns.map((c) => `${key.table}.${c}`.toLowerCase())));
    for (const entity of model.entities) {
      for (const column of namedColumns(entity)) {
        if (!column.foreignKey || declared.has(`${entity.name}.${column.name}`.toLowerCase())) continue;
        keys.push({ table: entity.name, columns: [column.name] });
      }
    }
    const taken = new Set(model.indexes.map((index) => index.name.toLowerCase()));
    const covering = coverageLookup(model);
    for (const key of keys) {
      if (covering(key.table, key.columns)) continue;
      const entity = findEntity(model, key.table);
      if (!entity) continue; // a table whose heading gives no usable name: the reader reports it
      const first = findColumn(entity, key.columns[0]);
      const name = indexName(entity.name, key.columns, taken);
      const cells = [name, entity.name, `(${key.columns.join(', ')})`, 'BTREE', `Foreign key lookups (${key.columns.join(', ')})`];
      findings.push({
        ruleId: 'DM201',
        message: `Foreign key ${entity.name}(${key.columns.join(', ')}) is not the leading part of any index: deletes on the parent and joins will scan ${entity.name}.`,
        range: first?.range ? typeRange(lines, first) : rangeOrStart({ range: key.declaredAt }),
        related: key.declaredAt ? [{ message: `foreign key ${key.name}`, range: key.declaredAt }] : undefined,
        fix: entity.range ? { title: `Add index ${name} on ${entity.name}(${key.columns.join(', ')})`, edits: [insertIndexRow(lines, cells)] } : undefined,
      });
    }
    return findings;
  },
};
