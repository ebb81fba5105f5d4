import type { DataModel, Problem } from '../model/types';
import { lineRange } from '../model/util';
import { assembleModel } from './assemble';
import { readSpec } from './spec-reader';

/**
 * The generator: a spec-kit `spec.md` → a PostgreSQL data model, the way a senior designer
 * would draft it from the spec's Key Entities and functional requirements. What it cannot
 * decide it writes as visible `TODO:` notes on the tables, never as an invention.
 *
 *   spec-reader   markdown-it tokens → title, Key Entities bullets, requirements (with lines)
 *   catalogue     entities → tables; persisted? person? kind of user?
 *   entity-text   one bullet → attribute drafts and reference drafts
 *   attributes    one phrase → a typed column (the typing conventions)
 *   requirements  enumerations, uniqueness and ranges stated in FR-… bullets
 *   relationships references → foreign keys, ON DELETE, diagram cardinalities
 *   domain        which entities the requested domain covers
 *   indexes / security / conventions / assemble
 */

export interface GenerateOptions {
  /** Titles the document and selects the entities; defaults to the spec's title. */
  domain?: string;
  /** Path of the spec relative to the repository root, e.g. `specs/001-x/spec.md`. */
  specReference: string;
  /** YYYY-MM-DD. Passed in (not read from the clock) so generation is deterministic. */
  date: string;
  idType: 'serial' | 'identity' | 'bigint' | 'uuid';
  /** Roles for the Security Annotations when the spec names none. */
  roles?: string[];
  orm: string;
}

export interface GenerateResult {
  model?: DataModel;
  problems: Problem[];
  domain: string;
}

const KEY_ENTITIES_HELP =
  'Add a `### Key Entities` section with one `- **Name**: description` bullet per entity, e.g. ' +
  '`- **User**: a person who signs in; has a unique email and a role (member or admin).`';

export function generateFromSpec(specText: string, options: GenerateOptions): GenerateResult {
  const document = readSpec(specText);
  const domain = options.domain?.trim() || document.title?.text || 'Data Model';
  if (document.entities.length === 0) {
    const hasSection = document.keyEntitiesLine !== undefined;
    const line = hasSection ? (document.keyEntitiesLine as number) : (document.title?.line ?? 0);
    const message = hasSection
      ? `The Key Entities section has no entity bullets, so there is nothing to generate. ${KEY_ENTITIES_HELP}`
      : `The spec has no Key Entities section, so there is nothing to generate. ${KEY_ENTITIES_HELP}`;
    return { model: undefined, domain, problems: [{ message, range: lineRange(document.lines, line), severity: 'error' }] };
  }
  const { model, problems } = assembleModel(document, { ...options, domain });
  return { model, problems, domain };
}

/** The spec's title without its `Feature Specification:` prefix, to prefill the domain. */
export function specTitle(specText: string): string | undefined {
  return readSpec(specText).title?.text;
}
