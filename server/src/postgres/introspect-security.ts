/**
 * Grants and row-level security policies → the Security Annotations table.
 *
 * One column per role that holds a privilege on any of the tables (other than a table's owner,
 * whose rights are implicit, and PUBLIC, which is not a role the document can name). Per table:
 *   - `Full`  when the role may SELECT, INSERT, UPDATE and DELETE;
 *   - `Read`  when it may SELECT (with or without some, but not all, of the others);
 *   - `NONE`  otherwise (privileges without SELECT are not expressible in the annotation);
 *   - `Own records` when row-level security is on and a policy for the role limits rows to the
 *     current user (its USING mentions current_user, session_user or a current_setting, as the
 *     compiler's `app.user_id` policies do); `Read/Write (own)` when the role may also write;
 *   - `NONE` too when row-level security is on and no policy lets the role see any row.
 * PUBLIC's privileges count for every role, since every role has them.
 * The database knows nothing about sensitivity: every row says `Low`, for people to decide.
 */
import type { SecurityAnnotation } from '../model/types';
import { roleName } from '../sql/security';
import { ACCESS_TEXT, parseAccess } from '../model/access';
import type { GrantRow, PolicyRow } from './introspect-queries';

export interface TableAccessInput {
  oid: number;
  name: string;
  rowSecurity: boolean;
}

const WRITE_PRIVILEGES = ['INSERT', 'UPDATE', 'DELETE'];

/** A label whose `roleName` is the role itself (`annotator` → `Annotator`), or the role's own name. */
export function roleLabel(role: string): string {
  const titled = role
    .split('_')
    .map((word) => (word === '' ? word : word[0]!.toUpperCase() + word.slice(1)))
    .join(' ');
  return roleName(titled) === role ? titled : role;
}

/** Whether a policy expression keeps only the current user's rows. */
function limitsToCurrentUser(expression: string | null): boolean {
  return expression !== null && /\b(current_user|session_user|current_role|current_setting\s*\()/i.test(expression);
}

export function securityAnnotations(
  tables: readonly TableAccessInput[],
  grants: readonly GrantRow[],
  policies: readonly PolicyRow[],
): { roles: string[]; security: SecurityAnnotation[] } {
  const roleNames = [...new Set(grants.map((g) => g.grantee).filter((g) => g !== 'PUBLIC'))].sort();
  if (roleNames.length === 0) return { roles: [], security: [] };
  const labels = new Map(roleNames.map((role) => [role, roleLabel(role)]));
  // Looked up per table and role: keyed once here rather than searched for in every row each time.
  const grantOf = new Map<string, string[]>();
  for (const grant of grants) {
    const key = `${grant.table_oid}:${grant.grantee}`;
    // The first row wins, as a search would find it (a role may be named "PUBLIC").
    if (!grantOf.has(key)) grantOf.set(key, grant.privileges);
  }
  const policiesOf = new Map<number, PolicyRow[]>();
  for (const policy of policies) {
    const own = policiesOf.get(policy.table_oid);
    if (own) own.push(policy);
    else policiesOf.set(policy.table_oid, [policy]);
  }
  const security: SecurityAnnotation[] = [];
  for (const table of tables) {
    const access: SecurityAnnotation['access'] = {};
    const publicPrivileges = grantOf.get(`${table.oid}:PUBLIC`) ?? [];
    for (const role of roleNames) {
      const privileges = new Set([...publicPrivileges, ...(grantOf.get(`${table.oid}:${role}`) ?? [])]);
      const writes = WRITE_PRIVILEGES.every((p) => privileges.has(p));
      let text = !privileges.has('SELECT') ? ACCESS_TEXT.none : writes ? ACCESS_TEXT.full : ACCESS_TEXT.read;
      if (text !== ACCESS_TEXT.none && table.rowSecurity) {
        const applicable = (policiesOf.get(table.oid) ?? []).filter(
          (p) => p.permissive && (p.command === '*' || p.command === 'r') && (p.roles.includes(role) || p.roles.includes('PUBLIC')),
        );
        if (applicable.length === 0) text = ACCESS_TEXT.none;
        else if (applicable.every((p) => limitsToCurrentUser(p.using))) text = writes ? ACCESS_TEXT['write-own'] : ACCESS_TEXT['read-own'];
      }
      access[labels.get(role)!] = parseAccess(text);
    }
    security.push({ table: table.name, sensitivity: 'Low', access });
  }
  return { roles: roleNames.map((role) => labels.get(role)!), security };
}
