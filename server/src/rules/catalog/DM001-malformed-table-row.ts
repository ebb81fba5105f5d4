import type { Rule } from '../types';

/**
 * Reported by the Markdown reader (`readMarkdown(...).problems`, code DM001) while it reads a
 * table: a row whose cells do not fit the table's columns (the reference's users row that lost
 * its name). Registered so it can be configured, suppressed and documented like every rule;
 * `findingsFromProblems` in `lint.ts` turns the reader's problems into findings.
 */
export const malformedTableRow: Rule = {
  id: 'DM001',
  alias: 'malformed-table-row',
  defaultSeverity: 'error',
  description: 'A table row cannot be read: cells missing, extra or in the wrong place.',
  check: () => [],
};
