/**
 * Which feature a document belongs to and the order features come in. A spec-kit project
 * numbers its feature folders (`specs/001-auth`, `specs/002-orders`): the number is the order in
 * which the schema grew, so a table belongs to the lowest-numbered feature that defines it.
 */

export interface FeatureId {
  /** The folder name: `001-auth`. */
  name: string;
  /** Its leading number as written (`001`), when it has one. */
  number?: string;
}

/** The decoded path of a `file:` URI, or the string itself when it is a path already. */
export function pathOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return decodeURIComponent(uri.replace(/^file:\/\//, ''));
  } catch {
    return uri.replace(/^file:\/\//, '');
  }
}

/** The feature of a document: the folder it sits in. */
export function featureOf(uri: string): FeatureId {
  const parts = pathOf(uri).split(/[\\/]+/).filter(Boolean);
  const name = parts.length >= 2 ? parts[parts.length - 2]! : '';
  const number = /^(\d+)/.exec(name)?.[1];
  return number === undefined ? { name } : { name, number };
}

/** Numbered features first, by number; then the rest by name; ties by the document's path. */
export function compareFeatures(a: { feature: FeatureId; uri: string }, b: { feature: FeatureId; uri: string }): number {
  const an = a.feature.number === undefined ? Number.POSITIVE_INFINITY : Number(a.feature.number);
  const bn = b.feature.number === undefined ? Number.POSITIVE_INFINITY : Number(b.feature.number);
  if (an !== bn) return an < bn ? -1 : 1;
  if (a.feature.name !== b.feature.name) return a.feature.name < b.feature.name ? -1 : 1;
  return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0;
}

/** Whether `(extends 001)` (or `(extends 001-auth)`) names this feature. */
export function namesFeature(written: string, feature: FeatureId): boolean {
  const wanted = written.trim().toLowerCase();
  if (wanted === feature.name.toLowerCase()) return true;
  const number = /^(\d+)$/.exec(wanted)?.[1];
  return number !== undefined && feature.number !== undefined && Number(number) === Number(feature.number);
}

/** How a feature is named in messages: `001-auth`, or the folder's path when it has no name. */
export function featureLabel(feature: FeatureId): string {
  return feature.name === '' ? 'the workspace root' : feature.name;
}
