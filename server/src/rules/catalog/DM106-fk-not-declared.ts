import type { DataModel } from '../../model/types';
import { foreignKeyFenceEnd, foreignKeyStatement } from '../constraints-text';
import { firstLineOf, rangeOrStart } from '../document';
import { insertLines } from '../edits';
import { findColumn, findEntity, guessReferencedTable, namedColumns, typeRange } from '../model-queries';
import type { Finding, Rule } from '../types';

const nameKey = (name: string) => name.trim().toLowerCase();
const pairKey = (a: string, b: string) => `${nameKey(a)}\u0000${nameKey(b)}`;

/**
 * The declared foreign keys as two sets, built once per run: `table.column` pairs that some
 * constraint covers, and table pairs some constraint links (either way). Asking the constraint
 * list per column made a table of many FK columns quadratic.
 */
function declaredKeys(model: DataModel): { covered: Set<string>; linked: Set<string> } {
  const covered = new Set<string>();
  const linked = new Set<string>();
  for (const fk of model.foreignKeys) {
    for (const column of fk.columns) covered.add(pairKey(fk.table, column));
    linked.add(pairKey(fk.table, fk.refTable)).add(pairKey(fk.refTable, fk.table));
  }
  return { covered, linked };
}

/**
 * A key drawn or marked but never declared is not enforced: the database accepts orphans.
 * The reverse (a declared constraint whose column is not marked FK) leaves the table and the
 * diagram understating the design.
 */
export const fkNotDeclared: Rule = {
  id: 'DM106',
  alias: 'fk-not-declared',
  defaultSeverity: 'warning',
  quickFix: 'sometimes',
  readsProse: true,
  description: 'A column marked FK (or a diagram relationship) has no foreign key constraint, or a constraint names a column not marked FK.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    const fenceEnd = foreignKeyFenceEnd(lines);
    /** Table pairs already explained by an undeclared FK column, so the relationship is not reported twice. */
    const explained = new Set<string>();
    const declared = declaredKeys(model);

    for (const entity of model.entities) {
      for (const column of namedColumns(entity)) {
        if (!column.foreignKey || declared.covered.has(pairKey(entity.name, column.name))) continue;
        const target = guessReferencedTable(model, column);
        if (target) explained.add(pairKey(entity.name, target.table)).add(pairKey(target.table, entity.name));
        const statement = target ? foreignKeyStatement(entity.name, [column.name], target.table, [target.column]) : undefined;
        findings.push({
          ruleId: 'DM106',
          message: `${entity.name}.${column.name} is marked FK but no foreign key constraint declares it${target ? ` (it seems to reference ${target.table}.${target.column})` : ''}.`,
          range: typeRange(lines, column),
          fix:
            statement && fenceEnd !== undefined && column.range
              ? { title: `Declare ${entity.name}.${column.name} → ${target!.table}.${target!.column}`, edits: [insertLines(lines, fenceEnd, statement)] }
              : undefined,
        });
      }
    }

    for (const fk of model.foreignKeys) {
      const entity = findEntity(model, fk.table);
      if (!entity) continue;
      for (const name of fk.columns) {
        const column = findColumn(entity, name);
        if (!column || column.foreignKey) continue;
        const at = typeRange(lines, column);
        findings.push({
          ruleId: 'DM106',
          message: `${fk.table}.${column.name} is declared a foreign key by ${fk.name} but not marked FK in its table.`,
          range: rangeOrStart(fk),
          related: column.range ? [{ message: `${fk.table}.${column.name}`, range: at }] : undefined,
          fix: column.range
            ? { title: `Mark ${column.name} as FK`, edits: [{ range: { start: at.end, end: at.end }, newText: ' FK' }] }
            : undefined,
        });
      }
    }

    for (const relationship of model.diagram.relationships) {
      const { left, right } = relationship;
      // A self-relationship is linked by a constraint of the table on itself; any other pair by one either way.
      if (declared.linked.has(pairKey(left, right))) continue;
      if (explained.has(pairKey(left, right))) continue;
      findings.push({
        ruleId: 'DM106',
        message: `The diagram relates ${left} and ${right} ("${relationship.label}") but no foreign key constraint links them.`,
        range: firstLineOf(lines, relationship.range),
      });
    }
    return findings;
  },
};
