import type { Column, DiagramAttribute } from '../../model/types';
import { mermaidTypeFor } from '../../mermaid/diagram';
import { parseType } from '../postgres-types';
import { attributeIndent, attributeLine, blockEnd } from '../diagram-text';
import { firstLineOf, wholeLine } from '../document';
import { insertLines, replace } from '../edits';
import { entityAnchor, findAttribute, findColumn, findDiagramEntity, namedColumns } from '../model-queries';
import type { Finding, Rule } from '../types';
import { memoizeByString } from '../../model/memo';

/**
 * The family a type belongs to, whether written as a PostgreSQL type (`VARCHAR(64)`) or a
 * diagram word (`string`). A diagram is a sketch: `int` for BIGINT or `string` for TEXT is
 * not a disagreement, `datetime` for an INT is.
 */
export const typeFamily: (type: string) => string = memoizeByString((type) => {
  // Canonical first, so `INT GENERATED ALWAYS AS IDENTITY`, `INT4[]` and `CHARACTER VARYING(20)` are seen as their base type.
  const word = mermaidTypeFor(parseType(type).base);
  switch (word) {
    case 'int':
    case 'bigint':
    case 'integer':
    case 'smallint':
      return 'integer';
    case 'string':
    case 'text':
    case 'varchar':
    case 'str':
      return 'text';
    case 'double':
    case 'float':
    case 'real':
      return 'float';
    case 'numeric':
    case 'decimal':
      return 'decimal';
    case 'bool':
    case 'boolean':
      return 'boolean';
    case 'timestamptz':
    case 'timestamp':
    case 'datetime':
      return 'datetime';
    default:
      return word;
  }
});

function keysOf(column: Column): string[] {
  const keys: string[] = [];
  if (column.primaryKey) keys.push('PK');
  if (column.foreignKey) keys.push('FK');
  if (column.unique && !column.primaryKey) keys.push('UK');
  return keys;
}

function sameKeys(column: Column, attribute: DiagramAttribute): boolean {
  const expected = keysOf(column);
  // PK implies unique; a diagram writing `PK, UK` says nothing different.
  const drawn = [...new Set(attribute.keys)].filter((key) => !(key === 'UK' && column.primaryKey));
  return expected.length === drawn.length && expected.every((key) => drawn.includes(key as DiagramAttribute['keys'][number]));
}

export const diagramColumnMismatch: Rule = {
  id: 'DM103',
  alias: 'diagram-column-mismatch',
  defaultSeverity: 'warning',
  quickFix: 'sometimes',
  description: 'A column is present on one side only (diagram or table), or differs in type or key markers.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    const indent = attributeIndent(lines, model);
    for (const entity of model.entities) {
      const drawn = findDiagramEntity(model, entity.name);
      if (!drawn) continue; // DM102's concern
      // Where the block ends is only needed for a fix: found once, when first needed.
      let end: number | undefined | null = null;
      const endOfBlock = () => (end === null ? (end = blockEnd(lines, drawn)) : end);
      const drawnAt = firstLineOf(lines, drawn.range);
      for (const column of namedColumns(entity)) {
        const attribute = findAttribute(drawn, column.name);
        const rowAt = firstLineOf(lines, column.range);
        if (!attribute) {
          findings.push({
            ruleId: 'DM103',
            message: `${entity.name}.${column.name} is in the table but not in the diagram's ${drawn.name}.`,
            range: rowAt,
            related: drawn.range ? [{ message: `${drawn.name} in the diagram`, range: drawnAt }] : undefined,
            fix:
              endOfBlock() !== undefined && column.range
                ? { title: `Add ${column.name} to ${drawn.name} in the diagram`, edits: [insertLines(lines, endOfBlock()!, [attributeLine(column, indent)])] }
                : undefined,
          });
          continue;
        }
        const typeDiffers = typeFamily(attribute.type) !== typeFamily(column.type);
        const keysDiffer = !sameKeys(column, attribute);
        if (!typeDiffers && !keysDiffer) continue;
        const differences: string[] = [];
        if (typeDiffers) differences.push(`type ${attribute.type} in the diagram, ${column.type.trim()} in the table`);
        if (keysDiffer) {
          const shown = (keys: readonly string[]) => (keys.length ? keys.join(', ') : 'none');
          differences.push(`keys ${shown(attribute.keys)} in the diagram, ${shown(keysOf(column))} in the table`);
        }
        const attributeAt = firstLineOf(lines, attribute.range);
        const current = attribute.range ? lines[attribute.range.start.line] : '';
        const ownIndent = /^\s*/.exec(current)?.[0] ?? indent;
        const comment = attribute.comment !== undefined ? ` "${attribute.comment}"` : '';
        findings.push({
          ruleId: 'DM103',
          message: `${entity.name}.${column.name} differs between diagram and table: ${differences.join('; ')}.`,
          range: attributeAt,
          related: column.range ? [{ message: `${entity.name}.${column.name} in the definition table`, range: rowAt }] : undefined,
          fix: attribute.range
            ? {
                title: `Update ${column.name} in the diagram to match the table`,
                edits: [replace(wholeLine(lines, attribute.range.start.line), attributeLine(column, ownIndent) + comment)],
              }
            : undefined,
        });
      }
      for (const attribute of drawn.attributes) {
        if (findColumn(entity, attribute.name)) continue;
        findings.push({
          ruleId: 'DM103',
          message: `${drawn.name}.${attribute.name} is in the diagram but not in the ${entity.name} table.`,
          range: firstLineOf(lines, attribute.range),
          related: [{ message: `the ${entity.name} definition table`, range: entityAnchor(entity) }],
        });
      }
    }
    return findings;
  },
};
