import type { SourceRange } from '../../model/types';
import { cellOf, firstLineOf, rangeOrStart } from '../document';
import { columnExists, definedInWorkspace, findDiagramEntity, findEntity, tableExists } from '../model-queries';
import type { Finding, Rule } from '../types';

/** Index "columns" may be expressions (`lower(email)`, `(data->>'k')`); only plain names are checked. */
function isPlainName(name: string): boolean {
  return /^"?[A-Za-z_][\w$]*"?$/.test(name.trim());
}

/** Cells of the Indexes table: | Index Name | Table | Columns | Type | Purpose |. */
const INDEX_CELL = { table: 1, columns: 2 } as const;

export const unknownReference: Rule = {
  id: 'DM104',
  alias: 'unknown-reference',
  defaultSeverity: 'error',
  readsWorkspace: true,
  description: 'An index, constraint, relationship or security row names a table or column that does not exist.',
  check({ model, lines, workspace }) {
    const findings: Finding[] = [];
    // In a workspace, tables other features define are checked by the cross-document rules (DM702).
    const elsewhere = (table: string) => !findEntity(model, table) && definedInWorkspace(workspace, table);
    const report = (message: string, range: SourceRange) => findings.push({ ruleId: 'DM104', message, range });
    const columnsOf = (table: string, columns: readonly string[], what: string, range: SourceRange) => {
      // An extension (`### users (extends 001)`) holds only the added columns; the others are the defining feature's.
      if (findEntity(model, table)?.extends !== undefined) return;
      for (const column of columns) {
        if (!isPlainName(column)) continue;
        const name = column.replace(/"/g, '');
        if (!columnExists(model, table, name)) report(`${what} names ${table}.${name}, which does not exist.`, range);
      }
    };

    for (const index of model.indexes) {
      if (elsewhere(index.table)) continue;
      if (!tableExists(model, index.table)) {
        report(`Index ${index.name} is on table ${index.table}, which does not exist.`, cellOf(lines, index, INDEX_CELL.table));
        continue;
      }
      columnsOf(index.table, index.columns.map((c) => c.name), `Index ${index.name}`, cellOf(lines, index, INDEX_CELL.columns));
    }
    for (const fk of model.foreignKeys) {
      const at = rangeOrStart(fk);
      if (elsewhere(fk.table)) {
        // the child table is another feature's: its columns are that document's to check
      } else if (!tableExists(model, fk.table)) report(`Foreign key ${fk.name} is on table ${fk.table}, which does not exist.`, at);
      else columnsOf(fk.table, fk.columns, `Foreign key ${fk.name}`, at);
      // In a workspace, a referenced table this document does not define or draw is DM702's question (one finding, not two).
      if (workspace && (elsewhere(fk.refTable) || !tableExists(model, fk.refTable))) continue;
      if (!tableExists(model, fk.refTable)) report(`Foreign key ${fk.name} references table ${fk.refTable}, which does not exist.`, at);
      else columnsOf(fk.refTable, fk.refColumns, `Foreign key ${fk.name}`, at);
    }
    for (const check of model.checks) {
      if (!elsewhere(check.table) && !tableExists(model, check.table)) report(`Check constraint ${check.name} is on table ${check.table}, which does not exist.`, rangeOrStart(check));
    }
    for (const relationship of model.diagram.relationships) {
      for (const end of [relationship.left, relationship.right]) {
        if (!findDiagramEntity(model, end) && !findEntity(model, end)) {
          report(`Relationship "${relationship.label}" names ${end}, which is neither drawn in the diagram nor defined.`, firstLineOf(lines, relationship.range));
        }
      }
    }
    const seen = new Set<string>();
    for (const row of model.security) {
      if (elsewhere(row.table)) {
        // another feature's table: DM703 compares the rows
      } else if (!tableExists(model, row.table)) {
        report(`Security annotation for ${row.table}, which does not exist.`, cellOf(lines, row, 0));
      } else if (seen.has(row.table.trim().toLowerCase())) {
        report(`${row.table} has more than one security annotation row.`, cellOf(lines, row, 0));
      }
      seen.add(row.table.trim().toLowerCase());
    }
    return findings;
  },
};
