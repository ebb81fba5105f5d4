import { definedInWorkspace, findEntity } from '../model-queries';
import { firstLineOf } from '../document';
import type { Finding, Rule } from '../types';

/**
 * The diagram is a picture of the tables; an entity drawn there without a definition table
 * has no types, nullability or defaults anywhere, so nothing can be built from it.
 */
export const entityUndefined: Rule = {
  id: 'DM101',
  alias: 'entity-undefined',
  defaultSeverity: 'error',
  readsWorkspace: true,
  description: 'An entity in the diagram has no definition table.',
  check({ model, lines, workspace }) {
    const findings: Finding[] = [];
    for (const drawn of model.diagram.entities) {
      // In a workspace, a table another feature defines may be drawn here as an external entity.
      if (findEntity(model, drawn.name) || definedInWorkspace(workspace, drawn.name)) continue;
      findings.push({
        ruleId: 'DM101',
        message: `${drawn.name} is in the diagram but has no definition table (### ${drawn.name.toLowerCase()} under Entity Definitions).`,
        range: firstLineOf(lines, drawn.range),
      });
    }
    return findings;
  },
};
