import type { Rule } from '../types';

/**
 * Meta rule: a suppression comment names a rule that does not exist (a typo silences nothing,
 * which is worse than an error). Its findings come from `suppressions.ts`, which reads the
 * comments; `check` has nothing to look at in the model.
 */
export const unknownRule: Rule = {
  id: 'DM000',
  alias: 'unknown-rule',
  defaultSeverity: 'warning',
  description: 'A data-model-disable/enable comment names a rule that does not exist.',
  check: () => [],
};
