import { featureLabel, namesFeature } from '../../workspace/features';
import { entityAnchor } from '../model-queries';
import type { Finding, Rule } from '../types';

/**
 * Features are applied in order (001, then 002…): an extension can only add columns to a table
 * an earlier feature defines. Extending a table no feature defines, or one a later feature
 * defines, leaves `ALTER TABLE` with nothing to alter; naming the wrong feature in
 * `(extends …)` misleads the reader about where the table lives.
 */
export const extensionBeforeDefinition: Rule = {
  id: 'DM705',
  alias: 'extension-before-definition',
  defaultSeverity: 'error',
  readsWorkspace: true,
  description: 'An extension of a table that no earlier feature defines, or that names the wrong feature.',
  check({ model, workspace }) {
    if (!workspace) return [];
    const findings: Finding[] = [];
    const self = workspace.model.get(workspace.uri);
    for (const entity of model.entities) {
      if (entity.extends === undefined) continue;
      const owner = workspace.model.owner(entity.name);
      const at = entityAnchor(entity);
      if (!owner) {
        findings.push({ ruleId: 'DM705', message: `${entity.name} (extends ${entity.extends}) extends a table that no feature of the workspace defines.`, range: at });
        continue;
      }
      const feature = featureLabel(owner.document.feature);
      const related = [{ message: `${entity.name} defined by ${feature}`, range: entityAnchor(owner.entity), uri: owner.document.uri }];
      if (owner.document.uri === workspace.uri) {
        findings.push({ ruleId: 'DM705', message: `${entity.name} is defined in this document; add the columns to its table instead of extending it.`, range: at, related });
      } else if (self && !workspace.model.before(owner.document, self)) {
        findings.push({ ruleId: 'DM705', message: `${entity.name} is defined by ${feature}, which comes after this feature: an extension needs a table an earlier feature defines.`, range: at, related });
      } else if (!namesFeature(entity.extends, owner.document.feature)) {
        findings.push({ ruleId: 'DM705', message: `${entity.name} is defined by ${feature}, not by "${entity.extends}": write (extends ${owner.document.feature.number ?? feature}).`, range: at, related });
      }
    }
    return findings;
  },
};
