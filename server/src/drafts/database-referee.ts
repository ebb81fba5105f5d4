/** The referee the editor and the tests use: validation on the embedded PostgreSQL (PGlite), security probes included. */
import { validateDocument } from '../api/database-requests';
import type { DatabaseReferee } from './draft-pipeline';

export function embeddedReferee(cacheDir?: string): DatabaseReferee {
  return async (markdown, signal) => (await validateDocument({ text: markdown, target: { kind: 'embedded' }, probes: true }, { cacheDir }, undefined, signal)).problems;
}
