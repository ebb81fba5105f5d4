import type { Rule } from '../types';

/** Reported by the Markdown reader (code DM002): a required `## …` section is absent. See DM001 for why it is registered here. */
export const missingSection: Rule = {
  id: 'DM002',
  alias: 'missing-section',
  defaultSeverity: 'warning',
  description: 'A section the data-model format requires is missing.',
  check: () => [],
};
