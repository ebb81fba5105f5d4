import type { Column, Entity } from '../../model/types';
import { featureLabel } from '../../workspace/features';
import { entityAnchor, findColumn, namedColumns } from '../model-queries';
import type { Finding, Rule } from '../types';

/**
 * One database, one `users`: when a later feature writes its own `### users`, the workspace's
 * schema has two CREATE TABLEs for it, and the two features' code disagree about its columns.
 * A later feature references the table (no section at all) or adds columns with
 * `### users (extends 001)`.
 */
export const tableRedefined: Rule = {
  id: 'DM701',
  alias: 'table-redefined',
  defaultSeverity: 'error',
  readsWorkspace: true,
  description: 'A table another feature of the workspace already defines is defined again (with the same or different columns).',
  check({ model, workspace }) {
    if (!workspace) return [];
    const findings: Finding[] = [];
    for (const entity of model.entities) {
      if (entity.extends !== undefined) continue;
      const owner = workspace.model.owner(entity.name);
      if (!owner || owner.document.uri === workspace.uri || owner.entity === entity) continue;
      const differences = columnDifferences(owner.entity, entity);
      const feature = featureLabel(owner.document.feature);
      const what = differences.length === 0 ? 'with the same columns' : `differently (${differences.slice(0, 4).join('; ')}${differences.length > 4 ? '; …' : ''})`;
      findings.push({
        ruleId: 'DM701',
        message: `Table ${entity.name} is already defined by feature ${feature}; this defines it again ${what}. Reference it (remove this section), or add columns under "### ${entity.name} (extends ${owner.document.feature.number ?? feature})".`,
        range: entityAnchor(entity),
        related: [{ message: `${entity.name} defined by ${feature}`, range: entityAnchor(owner.entity), uri: owner.document.uri }],
      });
    }
    return findings;
  },
};

/** What differs between two definitions of a table, as short phrases. */
export function columnDifferences(first: Entity, second: Entity): string[] {
  const differences: string[] = [];
  for (const column of namedColumns(second)) {
    const other = findColumn(first, column.name);
    if (!other) differences.push(`${column.name} is not in the first definition`);
    else if (!sameColumn(other, column)) differences.push(`${column.name} is ${describe(column)} here, ${describe(other)} there`);
  }
  for (const column of namedColumns(first)) {
    if (!findColumn(second, column.name)) differences.push(`${column.name} is missing here`);
  }
  return differences;
}

function sameColumn(a: Column, b: Column): boolean {
  return normalType(a.type) === normalType(b.type) && a.nullable === b.nullable && a.primaryKey === b.primaryKey && a.unique === b.unique;
}

function normalType(type: string): string {
  return type.replace(/\s+/g, ' ').trim().toUpperCase();
}

function describe(column: Column): string {
  const keys = [column.primaryKey ? 'PK' : '', column.unique ? 'UK' : ''].filter(Boolean).join(' ');
  return `${column.type.trim()}${keys ? ` ${keys}` : ''}${column.nullable ? ' NULL' : ' NOT NULL'}`;
}
