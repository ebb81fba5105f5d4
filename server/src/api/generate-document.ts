/**
 * Generate a data-model document from a spec: the one entry point shared by the language
 * server (`dataModel/generate`) and the CLI (`data-model generate`), so both give the same bytes.
 */
import { generateFromSpec, specTitle } from '../generate';
import { writeMarkdown } from '../markdown/writer';
import { linkToWorkspace, withUsesSection } from '../workspace/link-generated';
import type { WorkspaceModel } from '../workspace/workspace-model';
import type { DataModel, Problem } from '../model/types';
import { splitGeneratedBase, withGeneratedBase } from '../regenerate/generated-base';
import { regenerate } from '../regenerate/regenerate';
import type { GenerateParams, GenerateResponse, SpecTitleResponse } from './protocol';

/** `specs/001-x/spec.md` from any path that contains a `specs/<feature>/` segment. */
export function specReferenceFor(specPath: string): string {
  const parts = specPath.split(/[\\/]+/);
  const specsAt = parts.lastIndexOf('specs');
  if (specsAt >= 0 && specsAt < parts.length - 1) return parts.slice(specsAt).join('/');
  return parts.slice(-2).join('/');
}

/** Today's date as YYYY-MM-DD in local time (what a person writing the document would put). */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The workspace the generated document joins, and the document's key in it (see `linkToWorkspace`). */
export interface GenerateWorkspace {
  model: WorkspaceModel;
  uri: string;
}

export function generateDocument(params: GenerateParams, workspace?: GenerateWorkspace): GenerateResponse {
  // Regenerating an unchanged spec on a later day must not propose a one-line change of the
  // header's date: the date says when the generation last changed, so keep the remembered
  // generation's date when generating with it gives that very text.
  const remembered = params.date === undefined && params.current !== undefined ? rememberedGeneration(params.current) : undefined;
  if (remembered) {
    const again = draft(params, remembered.date, workspace);
    if (again.generated === remembered.text) return respond(params, again);
  }
  return respond(params, draft(params, params.date ?? today(), workspace));
}

interface Draft {
  result: ReturnType<typeof generateFromSpec>;
  /** The model written: the generator's, linked to the workspace's tables when there is one. */
  model?: DataModel;
  generated?: string;
}

function draft(params: GenerateParams, date: string, workspace?: GenerateWorkspace): Draft {
  const domain = params.domain?.trim() || undefined;
  const result = generateFromSpec(params.specText, {
    domain,
    specReference: specReferenceFor(params.specPath),
    date,
    idType: params.settings.idType,
    roles: params.settings.roles.length > 0 ? params.settings.roles : undefined,
    orm: params.settings.orm,
  });
  const failed = !result.model || result.problems.some((p) => p.severity === 'error');
  if (failed || !result.model) return { result };
  // In a workspace, tables earlier features define are referenced, not generated again.
  const linked = workspace ? linkToWorkspace(result.model, workspace.model, workspace.uri) : { model: result.model, uses: [] };
  return { result, model: linked.model, generated: withUsesSection(writeMarkdown(linked.model), linked.uses) };
}

/** What Generate wrote last time into `current` (its hidden base) and the date in its header. */
function rememberedGeneration(current: string): { text: string; date: string } | undefined {
  const { base } = splitGeneratedBase(current.replace(/\r\n/g, '\n'));
  const date = base === undefined ? undefined : /^\*\*Date\*\*: (\d{4}-\d{2}-\d{2})\s*$/m.exec(base)?.[1];
  return base !== undefined && date !== undefined ? { text: base, date } : undefined;
}

function respond(params: GenerateParams, { result, model, generated }: Draft): GenerateResponse {
  if (generated === undefined || !model) {
    return { domain: result.domain, tables: [], problems: result.problems, todoCount: 0 };
  }
  const todoCount = model.entities.reduce(
    (count, entity) => count + entity.notes.filter((note) => /^TODO:/.test(note)).length,
    0,
  );
  const spec = specReferenceFor(params.specPath);
  return {
    markdown: withGeneratedBase(generated),
    regeneration: params.current === undefined ? undefined : regenerate(params.current, generated, spec),
    domain: result.domain,
    tables: model.entities.filter((entity) => entity.extends === undefined).map((entity) => entity.name),
    problems: result.problems,
    todoCount,
  };
}

/**
 * The spec's title (to prefill the domain) and the errors that stop generation whatever the
 * domain, so Generate can report them before asking anything. Generation takes milliseconds,
 * and running the generator itself keeps this check from drifting from what it rejects.
 */
export function checkSpec(specText: string): SpecTitleResponse {
  const result = generateFromSpec(specText, {
    specReference: 'spec.md',
    date: today(),
    idType: 'serial',
    orm: 'SQLAlchemy (async)',
  });
  const problems: Problem[] = result.problems.filter((problem) => problem.severity === 'error');
  return { title: specTitle(specText), problems };
}
