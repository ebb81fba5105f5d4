import type { Entity, ForeignKey, SecurityAnnotation, Sensitivity } from '../model/types';
import { SENSITIVITIES } from '../model/types';
import { titleCase } from './naming';
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

/** Administrators (and managers, super users) see everything. */
export function isAdministrativeRole(role: string): boolean {
  return /\b(admin|administrator|superuser|super user|manager|owner|root)\b/i.test(role);
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

export function securityAnnotations(input: SecurityInput): SecurityAnnotation[] {
  return input.entities.map((entity) => {
    const sensitivity = tableSensitivity(entity, input.foreignKeys, input.usersTable, input.markedSensitive.has(entity.name));
    const ownedByUser = input.usersTable !== undefined &&
      input.foreignKeys.some((fk) => fk.table === entity.name && fk.refTable === input.usersTable);
    const access: Record<string, string> = {};
    for (const role of input.roles) {
      if (isAdministrativeRole(role)) access[role] = 'Full';
      else if (sensitivity === 'CRITICAL') access[role] = 'NONE';
      else if (entity.name === input.usersTable) access[role] = 'Own record only';
      else if (ownedByUser) access[role] = 'Own records';
      else access[role] = 'Read';
    }
    return { table: entity.name, sensitivity, access };
  });
}

/** The `⚠️ Security` paragraph of a CRITICAL table: who may read it, and who never. */
export function criticalTableNote(table: string, roles: readonly string[], paragraphs: readonly SpecText[], holds: string): string {
  const workers = paragraphs.some((p) => /\b(background|scoring|worker|workers|job|jobs|queue)\b/i.test(p.text) && /\bworkers?\b/i.test(p.text));
  const readers = workers ? 'background workers and administrators' : 'administrators';
  const others = roles.filter((r) => !isAdministrativeRole(r));
  const never = others.length > 0 ? ` ${others.join(', ')}-role database users and API responses must never expose it.` : ' API responses must never expose it.';
  return `\`${table}\` holds ${holds} (CRITICAL): readable only by ${readers}.${never}`;
}
