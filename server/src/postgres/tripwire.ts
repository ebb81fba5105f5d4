/**
 * What a rolled-back transaction does NOT undo, checked before and after a validation run:
 *  - sequences (`nextval` is not transactional): every sequence's last_value in this database;
 *  - large objects exported or created by a function (counted and summed by oid);
 *  - roles with power (superuser, CREATEROLE, BYPASSRLS, replication), the document's roles and
 *    any validation role, committed by something that escaped the transaction.
 * Any difference is an error of the run. Sequences are shared with other sessions, so a
 * difference there is worded as what it is: validation or another session moved it.
 */
import type { Problem } from '../model/types';
import { DOCUMENT_START } from '../sql/statements';
import type { Database } from './database';
import { SANDBOX_PREFIX } from './sandbox-names';

export interface Tripwire {
  sequences: Map<string, string | null>;
  largeObjects: string;
  roles: Map<string, string>;
}

export async function tripwireSnapshot(db: Database, documentRoles: string[]): Promise<Tripwire> {
  const sequences = await db.query<{ name: string; last: string | null }>(
    `SELECT format('%I.%I', schemaname, sequencename) AS name, last_value::text AS last FROM pg_sequences`,
  );
  const objects = await db.query<{ summary: string }>(`SELECT count(*) || ' (oid sum ' || coalesce(sum(oid::int8), 0) || ')' AS summary FROM pg_largeobject_metadata`);
  const roles = await db.query<{ name: string; attributes: string }>(
    `SELECT rolname AS name, concat_ws(' ', CASE WHEN rolsuper THEN 'SUPERUSER' END, CASE WHEN rolcreaterole THEN 'CREATEROLE' END,
            CASE WHEN rolcreatedb THEN 'CREATEDB' END, CASE WHEN rolcanlogin THEN 'LOGIN' END, CASE WHEN rolreplication THEN 'REPLICATION' END,
            CASE WHEN rolbypassrls THEN 'BYPASSRLS' END) AS attributes
       FROM pg_roles
      WHERE rolsuper OR rolcreaterole OR rolbypassrls OR rolreplication OR rolname = ANY($1) OR starts_with(rolname, $2)`,
    [documentRoles, SANDBOX_PREFIX],
  );
  return {
    sequences: new Map(sequences.map((s) => [s.name, s.last])),
    largeObjects: objects[0]?.summary ?? '',
    roles: new Map(roles.map((r) => [r.name, r.attributes])),
  };
}

/** Each difference between two snapshots, as an error on the document. */
export function tripwireProblems(before: Tripwire, after: Tripwire): Problem[] {
  const changes: string[] = [];
  for (const [name, last] of after.sequences) {
    if (!before.sequences.has(name)) changes.push(`sequence ${name} appeared`);
    else if (before.sequences.get(name) !== last) {
      changes.push(`sequence ${name} moved from ${before.sequences.get(name) ?? 'unused'} to ${last ?? 'unused'} (sequences are not rolled back; validation or another session advanced it)`);
    }
  }
  if (before.largeObjects !== after.largeObjects) changes.push(`large objects changed: ${before.largeObjects} before, ${after.largeObjects} after`);
  for (const [name, attributes] of after.roles) {
    if (!before.roles.has(name)) changes.push(`role ${name} (${attributes || 'no attributes'}) now exists (roles are cluster-wide; validation or another session committed it)`);
    else if (before.roles.get(name) !== attributes) changes.push(`role ${name} changed from "${before.roles.get(name)}" to "${attributes}"`);
  }
  for (const name of before.roles.keys()) if (!after.roles.has(name)) changes.push(`role ${name} no longer exists`);
  return changes.map((change) => ({
    message: `Validation must leave the database as it found it, but after the run ${change}`,
    range: DOCUMENT_START,
    severity: 'error',
    code: 'validation-changed-database',
  }));
}
