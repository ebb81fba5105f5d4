import type { Entity, ForeignKey, SecurityAnnotation, Sensitivity } from '../model/types';
import { ownerColumnOf, parseAccess } from '../model/access';
import { SENSITIVITIES } from '../model/types';
import { titleCase } from './naming';
import { isAdminRole } from '../rules/model-queries';
import type { SpecText } from './spec-reader';

/**
 * Who may read what: the roles (from the spec's "role (annotator or administrator)", else the
 * options, else a TODO and a default pair), each table's sensitivity (the most sensitive
 * thing it holds) and the access matrix the Security Annotations table shows.
 */

export const DEFAULT_ROLES = ['User', 'Admin'];

export interface RoleChoice {
  roles: string[];
  /** Set when neither the spec nor the options named roles. */
  todo?: string;
}

export function chooseRoles(specRoles: readonly string[], optionRoles: readonly string[] | undefined): RoleChoice {
  if (specRoles.length > 0) return { roles: unique(specRoles.map(titleCase)) };
  if (optionRoles && optionRoles.length > 0) return { roles: unique(optionRoles) };
  return {
    roles: [...DEFAULT_ROLES],
    todo: `TODO: The spec names no roles; the Security Annotations use ${DEFAULT_ROLES.join(' and ')}. Replace them with the application's roles.`,
  };
}

function unique(values: readonly string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) === index);
}

export function maxSensitivity(values: readonly (Sensitivity | undefined)[]): Sensitivity {
  let highest = 0;
  for (const value of values) if (value) highest = Math.max(highest, SENSITIVITIES.indexOf(value));
  return SENSITIVITIES[highest];
}

/**
 * Administrators read everything, sensitive data included. This is the lint rules' own test
 * (DM302 asks it of every role), so a generated matrix and the rule cannot disagree about
 * who counts as one: a "Manager" or "Owner" is not an administrator of the data.
 */
export const isAdministrativeRole: (role: string) => boolean = isAdminRole;

/** Roles that run the business day to day: full access to ordinary data, but not to credentials or secrets. */
export function isManagingRole(role: string): boolean {
  return /\b(manager|owner|supervisor|lead|superuser|super user|root)\b/i.test(role);
}

export interface SecurityInput {
  entities: readonly Entity[];
  foreignKeys: readonly ForeignKey[];
  roles: readonly string[];
  usersTable?: string;
  /** Tables the spec marks sensitive in so many words ("Sensitive: never visible to annotators"). */
  markedSensitive: ReadonlySet<string>;
  paragraphs: readonly SpecText[];
}

export function tableSensitivity(entity: Entity, foreignKeys: readonly ForeignKey[], usersTable: string | undefined, marked: boolean): Sensitivity {
  const fromColumns = maxSensitivity(entity.columns.map((c) => c.sensitivity));
  // Rows that belong to a person are personal data even when no column is.
  const ownedByPerson = usersTable !== undefined && foreignKeys.some((fk) => fk.table === entity.name && fk.refTable === usersTable);
  return maxSensitivity([fromColumns, ownedByPerson ? 'Medium' : 'Low', marked ? 'CRITICAL' : 'Low']);
}

/** How a table's rows relate to the person signed in: the row is them, the row is theirs, or neither. */
type Ownership = 'self' | 'owned' | 'none';

/**
 * One cell of the matrix. Ordinary data is readable, and managers run it in full; a
 * person's rows are limited to their own. Credentials (High) are never readable across
 * people, not even by managers: a non-administrator sees only the row that is them or
 * theirs, and where the table has no way to say whose a row is, nothing. Secrets and hidden
 * answers (CRITICAL) are not readable even when they are one's own.
 */
function accessFor(role: string, sensitivity: Sensitivity, ownership: Ownership): string {
  if (isAdministrativeRole(role)) return 'Full';
  if (sensitivity === 'CRITICAL') return 'NONE';
  const credentials = sensitivity === 'High';
  if (!credentials && isManagingRole(role)) return 'Full';
  if (ownership === 'self') return 'Own record only';
  if (ownership === 'owned') return 'Own records';
  return credentials ? 'NONE' : 'Read';
}

export interface SecurityDesign {
  annotations: SecurityAnnotation[];
  /** Notes for a table's definition, explaining a cell the generator had to decide conservatively. */
  notes: Map<string, string[]>;
}

export function securityAnnotations(input: SecurityInput): SecurityDesign {
  const notes = new Map<string, string[]>();
  const annotations = input.entities.map((entity) => {
    const sensitivity = tableSensitivity(entity, input.foreignKeys, input.usersTable, input.markedSensitive.has(entity.name));
    const ownedByUser = input.usersTable !== undefined &&
      input.foreignKeys.some((fk) => fk.table === entity.name && fk.refTable === input.usersTable);
    const ownership: Ownership = entity.name === input.usersTable ? 'self' : ownedByUser ? 'owned' : 'none';
    const access: SecurityAnnotation['access'] = {};
    for (const role of input.roles) access[role] = parseAccess(accessFor(role, sensitivity, ownership));
    const shut = input.roles.filter((role) => !isAdministrativeRole(role) && access[role]?.level === 'none');
    if (sensitivity === 'High' && ownership === 'none' && shut.length > 0 && holdsCredential(entity)) {
      // A second table of people who sign in (clients beside staff): whose row is whose is the
      // application's sign-in design, which the spec does not give.
      notes.set(entity.name, [
        `TODO: ${entity.name} holds sign-in credentials but is not the users table, so the ${roleList(shut)} ${shut.length > 1 ? 'roles get' : 'role gets'} NONE on it. ` +
          `To let people read their own ${entity.name} row, first tie a session to a row (one users table with a role, or a user_id column).`,
      ]);
    }
    // The owner column as the reader will find it in the written document (model/access.ts).
    const owner = ownerColumnOf({ entities: input.entities, foreignKeys: input.foreignKeys, roles: input.roles }, entity);
    return { table: entity.name, sensitivity, access, ...(owner ? { owner } : {}) };
  });
  return { annotations, notes };
}

function roleList(roles: readonly string[]): string {
  return roles.length > 1 ? `${roles.slice(0, -1).join(', ')} and ${roles[roles.length - 1]}` : roles.join('');
}

/** A column holding a password hash or other credential the generator wrote. */
function holdsCredential(entity: Entity): boolean {
  return entity.columns.some((column) => column.sensitivity === 'High' && /(^|_)(hashed|hash)(_|$)/.test(column.name));
}

/** The `⚠️ Security` paragraph of a CRITICAL table: who may read it, and who never. */
export function criticalTableNote(table: string, roles: readonly string[], paragraphs: readonly SpecText[], holds: string): string {
  const workers = paragraphs.some((p) => /\b(background|scoring|worker|workers|job|jobs|queue)\b/i.test(p.text) && /\bworkers?\b/i.test(p.text));
  const readers = workers ? 'background workers and administrators' : 'administrators';
  const others = roles.filter((r) => !isAdministrativeRole(r));
  const never = others.length > 0 ? ` ${others.join(', ')}-role database users and API responses must never expose it.` : ' API responses must never expose it.';
  return `\`${table}\` holds ${holds} (CRITICAL): readable only by ${readers}.${never}`;
}
