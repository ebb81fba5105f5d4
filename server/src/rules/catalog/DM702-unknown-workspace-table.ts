import { featureLabel } from '../../workspace/features';
import { entityAnchor, findEntity, tableExists } from '../model-queries';
import { rangeOrStart } from '../document';
import type { Finding, Rule } from '../types';

/**
 * A foreign key to a table that no feature of the workspace defines cannot be created, and one
 * to a column the other feature's table does not have fails the same way. In a workspace this
 * rule answers for every referenced table outside the document; DM104 keeps the document's own.
 */
export const unknownWorkspaceTable: Rule = {
  id: 'DM702',
  alias: 'unknown-workspace-table',
  defaultSeverity: 'error',
  readsWorkspace: true,
  description: 'A foreign key references a table no feature of the workspace defines, or a column that table does not have.',
  check({ model, workspace }) {
    if (!workspace) return [];
    const findings: Finding[] = [];
    for (const fk of model.foreignKeys) {
      const here = findEntity(model, fk.refTable);
      if (here && here.extends === undefined) continue; // this document's own table: DM104's
      const owner = workspace.model.owner(fk.refTable);
      const at = rangeOrStart(fk);
      if (!owner) {
        if (here || tableExists(model, fk.refTable)) continue; // drawn here, defined nowhere: DM101 and DM104 say so
        findings.push({ ruleId: 'DM702', message: `Foreign key ${fk.name} references table ${fk.refTable}, which no feature of the workspace defines.`, range: at });
        continue;
      }
      const columns = workspace.model.columnsOf(fk.refTable);
      for (const name of fk.refColumns) {
        const plain = name.replace(/"/g, '');
        if (columns.some(({ column }) => column.name.toLowerCase() === plain.toLowerCase())) continue;
        findings.push({
          ruleId: 'DM702',
          message: `Foreign key ${fk.name} references ${fk.refTable}.${plain}, which ${fk.refTable} (defined by ${featureLabel(owner.document.feature)}) does not have.`,
          range: at,
          related: [{ message: `${fk.refTable} defined by ${featureLabel(owner.document.feature)}`, range: entityAnchor(owner.entity), uri: owner.document.uri }],
        });
      }
    }
    return findings;
  },
};

