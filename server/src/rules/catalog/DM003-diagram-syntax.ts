import type { Rule } from '../types';

/** Reported by the Markdown reader (code DM003): a line of the `erDiagram` it cannot read. See DM001 for why it is registered here. */
export const diagramSyntax: Rule = {
  id: 'DM003',
  alias: 'diagram-syntax',
  defaultSeverity: 'error',
  description: 'A line of the Mermaid erDiagram cannot be read.',
  check: () => [],
};
