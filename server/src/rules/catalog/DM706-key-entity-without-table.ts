import { rangeOf } from '../../model/util';
import { featureLabel } from '../../workspace/features';
import { specExpectations } from '../../workspace/spec-expectations';
import { DOCUMENT_START, findSection } from '../document';
import { sameName } from '../model-queries';
import type { Finding, Rule } from '../types';

const NOT_PERSISTED = /\bnot\s+(?:be\s+)?(?:persisted|stored|saved)\b|\bno\s+table\b/i;

/**
 * The feature's spec names its Key Entities; each needs a table somewhere in the workspace (this
 * feature's or an earlier one's), or a note saying it is not persisted. An entity with neither
 * was forgotten: the spec and the model have drifted apart.
 */
export const keyEntityWithoutTable: Rule = {
  id: 'DM706',
  alias: 'key-entity-without-table',
  defaultSeverity: 'warning',
  readsWorkspace: true,
  description: "A Key Entity of the feature's spec.md has no table in the workspace and no \"not persisted\" note.",
  readsProse: true,
  check({ model, lines, workspace }) {
    const spec = workspace?.model.specOf(workspace.uri);
    if (!workspace || !spec) return [];
    const findings: Finding[] = [];
    const section = findSection(lines, /^entity definitions/i);
    const at = section ? rangeOf(section.heading, 0, section.heading, lines[section.heading]!.length) : (model.header.range ?? DOCUMENT_START);
    const notes = lines.filter((line) => NOT_PERSISTED.test(line)).join('\n').toLowerCase();
    for (const expected of specExpectations(spec.text).tables) {
      if (model.entities.some((entity) => sameName(entity.name, expected.table))) continue;
      if (workspace.model.owner(expected.table)) continue;
      if (notes.includes(expected.entity.toLowerCase()) || notes.includes(expected.table)) continue;
      findings.push({
        ruleId: 'DM706',
        message: `The spec's Key Entity "${expected.entity}" has no table (${expected.table}) in ${featureLabel(workspace.model.get(workspace.uri)?.feature ?? { name: '' })} or an earlier feature, and no "not persisted" note names it.`,
        range: at,
        related: [{ message: `Key Entity "${expected.entity}"`, range: rangeOf(expected.line, 0, expected.line, 0), uri: spec.uri }],
      });
    }
    return findings;
  },
};
