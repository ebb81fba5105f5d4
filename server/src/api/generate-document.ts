/**
 * Generate a data-model document from a spec: the one entry point shared by the language
 * server (`dataModel/generate`) and the CLI (`data-model generate`), so both give the same bytes.
 */
import { generateFromSpec } from '../generate';
import { writeMarkdown } from '../markdown/writer';
import type { GenerateParams, GenerateResponse } from './protocol';

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

export function generateDocument(params: GenerateParams): GenerateResponse {
  const domain = params.domain?.trim() || undefined;
  const result = generateFromSpec(params.specText, {
    domain,
    specReference: specReferenceFor(params.specPath),
    date: params.date ?? today(),
    idType: params.settings.idType,
    roles: params.settings.roles.length > 0 ? params.settings.roles : undefined,
    orm: params.settings.orm,
  });
  const failed = !result.model || result.problems.some((p) => p.severity === 'error');
  if (failed || !result.model) {
    return { domain: result.domain, tables: [], problems: result.problems, todoCount: 0 };
  }
  const todoCount = result.model.entities.reduce(
    (count, entity) => count + entity.notes.filter((note) => /^TODO:/.test(note)).length,
    0,
  );
  return {
    markdown: writeMarkdown(result.model),
    domain: result.domain,
    tables: result.model.entities.map((entity) => entity.name),
    problems: result.problems,
    todoCount,
  };
}
