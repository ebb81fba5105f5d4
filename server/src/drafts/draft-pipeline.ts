/**
 * A draft from a language model, refereed by the deterministic pipeline:
 *
 *   deterministic draft → prompt (spec + draft) → the model's changes (JSON, schema-checked,
 *   each quoting the spec) → applied to the draft → completed by our conventions (the lint
 *   rules' own quick fixes: diagram, foreign key indexes, security rows, audit columns, trigger)
 *   → refereed by lint and by PostgreSQL → at most two repair rounds with the findings →
 *   what still fails written as located `TODO:` lines under its table, never hidden.
 *
 * Any failure of the model (an error, malformed output, nothing usable) falls back to the
 * deterministic draft with a message. Pure: the model and the database referee are given.
 */
import { diagramFromTables } from '../api/erd';
import { fixDocument } from '../api/fix-document';
import { lintDocument } from '../api/lint-document';
import type { IdType } from '../api/protocol';
import { generateFromSpec, type GenerateOptions } from '../generate';
import { readMarkdown } from '../markdown/reader';
import { writeMarkdown } from '../markdown/writer';
import type { DataModel, Problem } from '../model/types';
import { applyChanges, type RejectedChange } from './apply-changes';
import type { ChatMessage, ChatModel } from './chat-model';
import { describeChange, parseChanges, type DraftChange } from './draft-changes';
import { draftPrompt, repairPrompt } from './prompt';

/** Applies a document to a real PostgreSQL and returns its problems (validate.ts behind it). */
export type DatabaseReferee = (markdown: string, signal?: AbortSignal) => Promise<Problem[]>;

export interface DraftOptions extends GenerateOptions {
  model: ChatModel;
  referee: DatabaseReferee;
  signal?: AbortSignal;
  /** Stages, for a progress bar. */
  onProgress?: (message: string) => void;
}

/** A finding of the referee on the final document, 1-based. */
export interface RefereeFinding {
  line: number;
  source: 'lint' | 'postgres';
  message: string;
}

export interface DraftOutcome {
  /** The document to offer (the model's refereed draft, or the deterministic one). */
  markdown: string;
  /** Whose draft it is. */
  source: 'model' | 'deterministic';
  /** For the user: why the deterministic draft is offered, or what the model's draft left failing. */
  message?: string;
  /** The model's changes kept, each with the spec phrase that justifies it. */
  applied: { change: string; because: string }[];
  rejected: { change: string; reason: string }[];
  /** Repair rounds used (0 to 2). */
  repairRounds: number;
  /** What the referee still reports (written into the document as TODO lines). */
  remaining: RefereeFinding[];
}

const MAX_REPAIR_ROUNDS = 2;

/** Lint errors and warnings, and what PostgreSQL refused: what a repair round is about. */
async function referee(markdown: string, databaseReferee: DatabaseReferee, signal?: AbortSignal): Promise<RefereeFinding[]> {
  const { model, problems } = readMarkdown(markdown);
  const linted = lintDocument(model, markdown, problems).findings.filter((finding) => finding.severity === 'error' || finding.severity === 'warning');
  const findings: RefereeFinding[] = linted.map((finding) => ({
    line: finding.range.start.line + 1,
    source: 'lint',
    message: `${finding.message}${finding.ruleId ? ` [${finding.ruleId}]` : ''}`,
  }));
  // A document lint already refuses (DM006, SQL not allowed) is never run.
  if (!linted.some((finding) => finding.ruleId === 'DM006')) {
    for (const problem of await databaseReferee(markdown, signal)) {
      if (problem.severity === 'error') findings.push({ line: problem.range.start.line + 1, source: 'postgres', message: problem.message });
    }
  }
  return findings;
}

/** The draft with the model's changes, completed by the conventions (the rules' quick fixes). */
function complete(draft: DataModel, changes: readonly DraftChange[], specText: string, idType: IdType) {
  const result = applyChanges(draft, changes, specText, idType);
  result.model.diagram = diagramFromTables(result.model);
  const fixed = fixDocument(writeMarkdown(result.model), undefined);
  return { ...result, markdown: fixed.text };
}

/** Each finding as a `TODO:` note under the table whose lines hold it (the first table when none does). */
function withTodoNotes(markdown: string, findings: readonly RefereeFinding[]): string {
  if (findings.length === 0) return markdown;
  const { model } = readMarkdown(markdown);
  if (model.entities.length === 0) return markdown;
  for (const finding of findings) {
    const line = finding.line - 1;
    const owner =
      model.entities.find((entity) => entity.range && entity.range.start.line <= line && line <= entity.range.end.line) ??
      [...model.entities].reverse().find((entity) => (entity.headingRange?.start.line ?? Infinity) <= line) ??
      model.entities[0]!;
    owner.notes.push(`TODO: ${finding.source === 'postgres' ? 'PostgreSQL' : 'lint'} still reports (line ${finding.line} of the model's draft): ${finding.message.replace(/\s+/g, ' ')}`);
  }
  return writeMarkdown(model);
}

function summary(applied: readonly DraftChange[], rejected: readonly RejectedChange[]) {
  return {
    applied: applied.map((change) => ({ change: describeChange(change), because: change.because })),
    rejected: rejected.map(({ change, reason }) => ({ change: describeChange(change), reason })),
  };
}

export async function draftWithModel(specText: string, options: DraftOptions): Promise<DraftOutcome> {
  const generated = generateFromSpec(specText, options);
  if (!generated.model) throw new Error(generated.problems.map((problem) => problem.message).join('; ') || 'no data model could be generated from this spec');
  const draft = generated.model;
  const deterministic = writeMarkdown(draft);
  const fallBack = (message: string): DraftOutcome => ({ markdown: deterministic, source: 'deterministic', message, applied: [], rejected: [], repairRounds: 0, remaining: [] });

  let messages: ChatMessage[] = draftPrompt(specText, deterministic);
  let best: { markdown: string; applied: DraftChange[]; rejected: RejectedChange[]; findings: RefereeFinding[] } | undefined;
  let repairRounds = 0;
  for (let round = 0; round <= MAX_REPAIR_ROUNDS; round++) {
    if (options.signal?.aborted) throw new Error('cancelled');
    options.onProgress?.(round === 0 ? `asking ${options.model.name} for a draft` : `asking ${options.model.name} to repair what the referee found (round ${round} of ${MAX_REPAIR_ROUNDS})`);
    let answer: string;
    try {
      answer = await options.model.send(messages, options.signal);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const reason = `${options.model.name} did not answer: ${error instanceof Error ? error.message : String(error)}`;
      if (!best) return fallBack(`${reason}; the deterministic draft is offered instead`);
      break;
    }
    const parsed = parseChanges(answer);
    if (!parsed.ok) {
      const reason = `${options.model.name}'s answer was not usable: ${parsed.error}`;
      if (!best) return fallBack(`${reason}; the deterministic draft is offered instead`);
      break;
    }
    const completed = complete(draft, parsed.changes, specText, options.idType);
    if (completed.applied.length === 0 && !best) {
      return { ...fallBack(`${options.model.name} proposed no change the spec supports; the deterministic draft is offered`), ...summary([], completed.rejected) };
    }
    options.onProgress?.('checking the draft: lint, then the embedded PostgreSQL');
    const findings = await referee(completed.markdown, options.referee, options.signal);
    repairRounds = round;
    // A repair that makes things worse is not taken.
    if (!best || findings.length <= best.findings.length) best = { markdown: completed.markdown, applied: completed.applied, rejected: completed.rejected, findings };
    if (findings.length === 0) break;
    messages = repairPrompt(messages, answer, findings.map((finding) => `line ${finding.line}: ${finding.message}`));
  }

  if (!best) return fallBack(`${options.model.name} gave no usable draft; the deterministic draft is offered instead`);
  const remaining = best.findings;
  return {
    markdown: withTodoNotes(best.markdown, remaining),
    source: 'model',
    message: remaining.length > 0 ? `${remaining.length} finding(s) still reported after ${repairRounds} repair round(s); written as TODO lines` : undefined,
    ...summary(best.applied, best.rejected),
    repairRounds,
    remaining,
  };
}
