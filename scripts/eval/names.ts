/**
 * Name normalisation of the corpus yardstick (../shared/corpus/EXPECT-FORMAT.md): quotes and a
 * leading schema dropped, camelCase split, lower snake_case, each word made singular.
 */
import pluralize from 'pluralize';

/** Words of a name, each singular: `"public"."ServiceJobs"` → `['service', 'job']`. */
export function nameWords(name: string): string[] {
  const bare = name.replace(/["`]/g, '').replace(/^[a-z_][a-z0-9_]*\./i, '');
  return bare
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((word) => (/^(data|status|address|access|news|series|analysis)$/.test(word) ? word : pluralize.singular(word)));
}

export function normalise(name: string): string {
  return nameWords(name).join('_');
}
