/**
 * What a feature's spec.md promises its data model: the Key Entities that need a table, and the
 * uniqueness and enumerations it states. Read with the generator's own modules (its spec
 * reader, its catalogue, and the generator itself for the constraints), read-only, so the
 * linter and Generate never disagree about what a spec says. Cached per spec text: a spec is
 * read once per change, not once per lint.
 */
import { generateFromSpec } from '../generate';
import { catalogueOf } from '../generate/catalogue';
import { readSpec } from '../generate/spec-reader';

export interface ExpectedTable {
  /** The entity's name as the spec writes it: `Task Board`. */
  entity: string;
  table: string;
  /** 0-based line of its Key Entities bullet. */
  line: number;
}

export interface ExpectedConstraint {
  table: string;
  column: string;
  kind: 'unique' | 'enumeration';
  /** For enumerations, the values the spec lists. */
  values?: string[];
  line: number;
}

export interface SpecExpectations {
  tables: ExpectedTable[];
  constraints: ExpectedConstraint[];
}

const cache = new Map<string, SpecExpectations>();
const CACHE_LIMIT = 200;
/** `status IN ('a', 'b')`, as the generator writes an enumeration's check. */
const ENUM_CHECK = /^\(?\s*"?([A-Za-z_][\w$]*)"?\s+IN\s*\(([^)]*)\)\s*\)?$/i;

export function specExpectations(specText: string): SpecExpectations {
  const cached = cache.get(specText);
  if (cached) return cached;
  const result = compute(specText);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(specText, result);
  return result;
}

function compute(specText: string): SpecExpectations {
  const spec = readSpec(specText);
  const drafts = catalogueOf(spec.entities);
  const lineOf = new Map<string, number>();
  const tables: ExpectedTable[] = [];
  for (const draft of drafts) {
    lineOf.set(draft.table, draft.bullet.line);
    // Not persisted, a fixed list of values, or a kind of user folded into users.role: no table of its own.
    if (!draft.persisted || draft.values || draft.foldedInto) continue;
    tables.push({ entity: draft.name, table: draft.table, line: draft.bullet.line });
  }
  const constraints: ExpectedConstraint[] = [];
  if (drafts.length > 0) {
    const generated = generateFromSpec(specText, { specReference: 'spec.md', date: '2000-01-01', idType: 'serial', orm: 'SQLAlchemy (async)' }).model;
    for (const entity of generated?.entities ?? []) {
      const line = lineOf.get(entity.name) ?? spec.keyEntitiesLine ?? 0;
      for (const column of entity.columns) {
        if (column.unique && !column.primaryKey) constraints.push({ table: entity.name, column: column.name, kind: 'unique', line });
      }
    }
    for (const check of generated?.checks ?? []) {
      const match = ENUM_CHECK.exec(check.expression.trim());
      if (!match) continue;
      const values = match[2]!.split(',').map((value) => value.trim().replace(/^'|'$/g, ''));
      constraints.push({ table: check.table, column: match[1]!, kind: 'enumeration', values, line: lineOf.get(check.table) ?? spec.keyEntitiesLine ?? 0 });
    }
  }
  return { tables, constraints };
}
