import { featureLabel } from '../../workspace/features';
import { entityAnchor, findColumn, namedColumns } from '../model-queries';
import { rangeOrStart } from '../document';
import type { Finding, Rule } from '../types';

/**
 * An extension adds columns; adding one the table already has (from its definition or an
 * earlier extension) makes `ALTER TABLE … ADD COLUMN` fail, and the two features then disagree
 * about what the column is.
 */
export const columnExtendedTwice: Rule = {
  id: 'DM704',
  alias: 'column-extended-twice',
  defaultSeverity: 'error',
  readsWorkspace: true,
  description: 'An extension adds a column the table already has, from its definition or an earlier extension.',
  check({ model, workspace }) {
    if (!workspace) return [];
    const findings: Finding[] = [];
    for (const entity of model.entities) {
      if (entity.extends === undefined) continue;
      const sections = workspace.model.sections(entity.name);
      const mine = sections.findIndex((section) => section.entity === entity);
      const earlier = sections.slice(0, mine < 0 ? sections.length : mine);
      const owner = earlier.find((section) => section.kind === 'define');
      if (!owner) continue; // DM705's concern
      for (const column of namedColumns(entity)) {
        const first = [owner, ...earlier.filter((section) => section.kind === 'extend')].find((section) => findColumn(section.entity, column.name));
        if (!first) continue;
        const where = first.kind === 'define' ? `the definition of ${entity.name} in ${featureLabel(first.document.feature)}` : `an extension in ${featureLabel(first.document.feature)}`;
        const firstColumn = findColumn(first.entity, column.name);
        findings.push({
          ruleId: 'DM704',
          message: `${entity.name}.${column.name} is already added by ${where}; an extension adds only new columns.`,
          range: rangeOrStart(column),
          related: [{ message: `${entity.name}.${column.name} in ${featureLabel(first.document.feature)}`, range: firstColumn?.range ?? entityAnchor(first.entity), uri: first.document.uri }],
        });
      }
    }
    return findings;
  },
};
