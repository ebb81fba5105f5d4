import { lastTableRow } from '../document';
import { insertLines } from '../edits';
import { entityAnchor, findColumn, primaryKeyColumns, isExtension } from '../model-queries';
import type { Finding, Rule } from '../types';

/**
 * Without a primary key rows cannot be addressed one by one: updates and deletes by identity,
 * foreign keys into the table, logical replication and most ORMs all need one.
 */
export const missingPrimaryKey: Rule = {
  id: 'DM203',
  alias: 'missing-primary-key',
  defaultSeverity: 'error',
  quickFix: 'always',
  description: 'A table has no primary key.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const entity of model.entities) {
      if (isExtension(entity)) continue; // an extension adds columns; the key is the defining feature's
      if (primaryKeyColumns(entity).length > 0) continue;
      // The fix adds `id SERIAL PK` as the first row, unless an `id` column exists (then which key is right is the author's call).
      const heading = entity.headingRange?.start.line ?? entity.range?.start.line;
      const header = heading !== undefined ? lastTableRow(lines, heading + 1) : undefined;
      const firstRow = entity.columns[0]?.range?.start.line;
      const at = firstRow ?? (header !== undefined && /^\s*\|[\s|:-]+\|\s*$/.test(lines[header]) ? header + 1 : undefined);
      findings.push({
        ruleId: 'DM203',
        message: `Table ${entity.name} has no primary key.`,
        range: entityAnchor(entity),
        fix:
          at !== undefined && !findColumn(entity, 'id')
            ? { title: `Add an id SERIAL primary key to ${entity.name}`, edits: [insertLines(lines, at, ['| id | SERIAL PK | No | auto | Primary key |'])] }
            : undefined,
      });
    }
    return findings;
  },
};
