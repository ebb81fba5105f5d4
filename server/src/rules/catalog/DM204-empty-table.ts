import type { Column, Entity } from '../../model/types';
import { parseAuditColumn } from '../audit-columns';
import { entityAnchor, nameWords } from '../model-queries';
import { parseType } from '../postgres-types';
import type { Finding, Rule } from '../types';

/** Columns every table carries whatever it holds, besides those the Audit Trail lists. */
const AUDIT_NAMES = ['created_at', 'updated_at', 'deleted_at', 'created_by', 'updated_by', 'deleted_by'];

/**
 * A surrogate key: a generated number or UUID named `id`/`…_id`/`uuid`. A natural key
 * (`code VARCHAR(3) PK` in a currencies table) is data, and a key column that is also a
 * foreign key (a join table's) is the link the table exists for.
 */
function isSurrogateKey(column: Column): boolean {
  if (!column.primaryKey || column.foreignKey) return false;
  const base = parseType(column.type).base;
  const words = nameWords(column.name);
  const last = words[words.length - 1];
  return ['SERIAL', 'BIGSERIAL', 'SMALLSERIAL', 'UUID'].includes(base) || parseType(column.type).identity || last === 'id' || last === 'uuid';
}

/**
 * A table with nothing but its key and audit columns stores no facts: usually a draft that
 * found the entity in the spec but not its attributes (a description it could not read, a
 * spec in another language), so every row would be an id and a timestamp.
 */
export const emptyTable: Rule = {
  id: 'DM204',
  alias: 'empty-table',
  defaultSeverity: 'warning',
  description: 'A table with no column besides its surrogate key and audit columns.',
  check({ model }) {
    const findings: Finding[] = [];
    const audit = new Set([...AUDIT_NAMES, ...model.audit.columns.map((definition) => parseAuditColumn(definition)?.name.toLowerCase()).filter((name): name is string => !!name)]);
    const holdsData = (column: Column) => column.name.trim() !== '' && !isSurrogateKey(column) && !audit.has(column.name.trim().toLowerCase());
    for (const entity of model.entities) {
      // A partition takes its columns from its parent; the parent is judged instead.
      if (entity.partitionOf || entity.columns.some(holdsData)) continue;
      findings.push({
        ruleId: 'DM204',
        message: `${entity.name} has ${describeColumns(entity)}: add the attributes it stores, or remove it if it is not stored.`,
        range: entityAnchor(entity),
      });
    }
    return findings;
  },
};

function describeColumns(entity: Entity): string {
  const names = entity.columns.map((column) => column.name.trim()).filter(Boolean);
  return names.length === 0 ? 'no columns' : `no column besides its key and audit columns (${names.join(', ')})`;
}
