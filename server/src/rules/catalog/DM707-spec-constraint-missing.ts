import { rangeOf } from '../../model/util';
import { specExpectations } from '../../workspace/spec-expectations';
import { findColumn, findEntity, primaryKeyColumns } from '../model-queries';
import { rangeOrStart } from '../document';
import type { DataModel } from '../../model/types';
import type { Finding, Rule } from '../types';

/**
 * What the spec states as a rule (unique names, a status that is one of a few values) is
 * what the database must enforce; a model that has the column but not the constraint lets
 * the data break the spec. Checked on this document's own tables and extensions.
 */
export const specConstraintMissing: Rule = {
  id: 'DM707',
  alias: 'spec-constraint-missing',
  defaultSeverity: 'warning',
  readsWorkspace: true,
  description: "A uniqueness or enumeration the feature's spec.md states is not enforced by the model's column.",
  check({ model, workspace }) {
    const spec = workspace?.model.specOf(workspace.uri);
    if (!workspace || !spec) return [];
    const findings: Finding[] = [];
    for (const expected of specExpectations(spec.text).constraints) {
      const entity = findEntity(model, expected.table);
      const column = entity && findColumn(entity, expected.column);
      if (!entity || !column) continue;
      const related = [{ message: 'stated in the spec', range: rangeOf(expected.line, 0, expected.line, 0), uri: spec.uri }];
      if (expected.kind === 'unique') {
        if (column.unique || uniquelyIndexed(model, entity.name, column.name) || isWholeKey(entity, column.name)) continue;
        findings.push({ ruleId: 'DM707', message: `The spec says ${entity.name}.${column.name} is unique, but nothing here enforces it (mark it UK or add a unique index).`, range: rangeOrStart(column), related });
      } else {
        if (constrained(model, entity.name, column.name, column.type)) continue;
        findings.push({
          ruleId: 'DM707',
          message: `The spec lists the values of ${entity.name}.${column.name} (${(expected.values ?? []).join(', ')}), but no check or enum type here restricts it to them.`,
          range: rangeOrStart(column),
          related,
        });
      }
    }
    return findings;
  },
};

function uniquelyIndexed(model: DataModel, table: string, column: string): boolean {
  return model.indexes.some((index) => index.unique && index.table.toLowerCase() === table.toLowerCase() && index.columns.length === 1 && index.columns[0]!.name.toLowerCase() === column.toLowerCase());
}

function isWholeKey(entity: NonNullable<ReturnType<typeof findEntity>>, column: string): boolean {
  const key = primaryKeyColumns(entity);
  return key.length === 1 && key[0]!.toLowerCase() === column.toLowerCase();
}

/** A check on the table that mentions the column, or a column whose type is one of the document's enum or domain types. */
function constrained(model: DataModel, table: string, column: string, type: string): boolean {
  const word = new RegExp(`(^|[^\\w$])"?${column.replace(/[$]/g, '\\$')}"?([^\\w$]|$)`, 'i');
  if (model.checks.some((check) => check.table.toLowerCase() === table.toLowerCase() && word.test(check.expression))) return true;
  const base = type.trim().toLowerCase().replace(/\[\]$/, '');
  return [...(model.enums ?? []), ...(model.domains ?? [])].some((named) => named.name.toLowerCase() === base);
}
