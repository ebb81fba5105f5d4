import { findDiagramEntity, entityAnchor, namedColumns } from '../model-queries';
import { attributeIndent, entityBlock, entityIndent, newBlockLine } from '../diagram-text';
import { insertLines } from '../edits';
import type { Finding, Rule } from '../types';

/** A table missing from the diagram is invisible to whoever reads the picture first. */
export const tableNotInDiagram: Rule = {
  id: 'DM102',
  alias: 'table-not-in-diagram',
  defaultSeverity: 'warning',
  quickFix: 'always',
  description: 'A definition table is absent from the diagram.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    const at = newBlockLine(lines, model);
    for (const entity of model.entities) {
      if (findDiagramEntity(model, entity.name)) continue;
      const block = entityBlock(entity.name, namedColumns(entity), entityIndent(lines, model), attributeIndent(lines, model));
      findings.push({
        ruleId: 'DM102',
        message: `Table ${entity.name} is not in the diagram.`,
        range: entityAnchor(entity),
        fix: at !== undefined && entity.range ? { title: `Add ${entity.name} to the diagram`, edits: [insertLines(lines, at, block)] } : undefined,
      });
    }
    return findings;
  },
};
