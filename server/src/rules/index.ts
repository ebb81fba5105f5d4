/**
 * The rule registry and the raw runner. `runRules` gives every finding the rules produce,
 * sorted by position; `lint.ts` adds the reader's problems, suppression comments and
 * configured severities on top.
 */
import { shiftRange, type LineEdit } from '../model/line-edit';
import { appendAll } from '../model/util';
import type { DataModel } from '../model/types';
import { unknownRule } from './catalog/DM000-unknown-rule';
import { malformedTableRow } from './catalog/DM001-malformed-table-row';
import { missingSection } from './catalog/DM002-missing-section';
import { diagramSyntax } from './catalog/DM003-diagram-syntax';
import { unknownType } from './catalog/DM004-unknown-type';
import { identifierTooLong } from './catalog/DM005-identifier-too-long';
import { sqlNotAllowed } from './catalog/DM006-sql-not-allowed';
import { entityUndefined } from './catalog/DM101-entity-undefined';
import { tableNotInDiagram } from './catalog/DM102-table-not-in-diagram';
import { diagramColumnMismatch } from './catalog/DM103-diagram-column-mismatch';
import { unknownReference } from './catalog/DM104-unknown-reference';
import { fkTypeMismatch } from './catalog/DM105-fk-type-mismatch';
import { fkNotDeclared } from './catalog/DM106-fk-not-declared';
import { defaultViolatesCheck } from './catalog/DM107-default-violates-check';
import { fkMissingIndex } from './catalog/DM201-fk-missing-index';
import { duplicateIndex } from './catalog/DM202-duplicate-index';
import { missingPrimaryKey } from './catalog/DM203-missing-primary-key';
import { emptyTable } from './catalog/DM204-empty-table';
import { missingSecurityAnnotation } from './catalog/DM301-missing-security-annotation';
import { sensitiveDataExposed } from './catalog/DM302-sensitive-data-exposed';
import { sensitivityUnderstated } from './catalog/DM303-sensitivity-understated';
import { missingSecurityNote } from './catalog/DM304-missing-security-note';
import { plaintextSecret } from './catalog/DM305-plaintext-secret';
import { ownRecordsWithoutOwner } from './catalog/DM306-own-records-without-owner';
import { timestampWithoutTimeZone } from './catalog/DM401-timestamp-without-time-zone';
import { varcharWithoutLength } from './catalog/DM402-varchar-without-length';
import { floatForMoney } from './catalog/DM403-float-for-money';
import { jsonNotJsonb } from './catalog/DM404-json-not-jsonb';
import { textForTypedValue } from './catalog/DM405-text-for-typed-value';
import { missingAuditColumn } from './catalog/DM501-missing-audit-column';
import { missingUpdatedAtTrigger } from './catalog/DM502-missing-updated-at-trigger';
import { proseColumnName } from './catalog/DM601-prose-column-name';
import { checkValueNotData } from './catalog/DM602-check-value-not-data';
import { tableRedefined } from './catalog/DM701-table-redefined';
import { unknownWorkspaceTable } from './catalog/DM702-unknown-workspace-table';
import { workspaceSecurityConflict } from './catalog/DM703-workspace-security-conflict';
import { columnExtendedTwice } from './catalog/DM704-column-extended-twice';
import { extensionBeforeDefinition } from './catalog/DM705-extension-before-definition';
import { keyEntityWithoutTable } from './catalog/DM706-key-entity-without-table';
import { specConstraintMissing } from './catalog/DM707-spec-constraint-missing';
import { splitLines } from './edits';
import type { Finding, Rule, WorkspaceContext } from './types';

export type { Finding, Fix, Rule, RuleContext, RuleLevel, Severity, TextEdit, RelatedLocation, WorkspaceContext } from './types';

/** Every rule, in id order: the meta rule, the reader's rules, then the model rules. */
export const allRules: readonly Rule[] = [
  unknownRule,
  malformedTableRow,
  missingSection,
  diagramSyntax,
  unknownType,
  identifierTooLong,
  sqlNotAllowed,
  entityUndefined,
  tableNotInDiagram,
  diagramColumnMismatch,
  unknownReference,
  fkTypeMismatch,
  fkNotDeclared,
  defaultViolatesCheck,
  fkMissingIndex,
  duplicateIndex,
  missingPrimaryKey,
  emptyTable,
  missingSecurityAnnotation,
  sensitiveDataExposed,
  sensitivityUnderstated,
  missingSecurityNote,
  plaintextSecret,
  ownRecordsWithoutOwner,
  timestampWithoutTimeZone,
  varcharWithoutLength,
  floatForMoney,
  jsonNotJsonb,
  textForTypedValue,
  missingAuditColumn,
  missingUpdatedAtTrigger,
  proseColumnName,
  checkValueNotData,
  // Cross-document rules: quiet unless the document is linted as part of a workspace.
  tableRedefined,
  unknownWorkspaceTable,
  workspaceSecurityConflict,
  columnExtendedTwice,
  extensionBeforeDefinition,
  keyEntityWithoutTable,
  specConstraintMissing,
];

/** Rules whose findings come from elsewhere: the reader (DM001–DM003) and the suppression comments (DM000). */
export const EXTERNAL_RULE_IDS: readonly string[] = ['DM000', 'DM001', 'DM002', 'DM003'];

/**
 * A rule by id (`DM201`, `dm201`), alias (`fk-missing-index`) or both (`DM201/fk-missing-index`,
 * as diagnostics show them); undefined for anything else.
 */
export function ruleById(idOrAlias: string): Rule | undefined {
  const wanted = idOrAlias.trim().toLowerCase();
  if (wanted === '') return undefined;
  const slash = /^(dm\d{3})\/([a-z0-9-]+)$/.exec(wanted);
  if (slash) {
    const rule = allRules.find((r) => r.id.toLowerCase() === slash[1]);
    return rule && rule.alias === slash[2] ? rule : undefined;
  }
  return allRules.find((rule) => rule.id.toLowerCase() === wanted || rule.alias === wanted);
}

/** `docs/rules/DM201.md`, relative to the repository (and the packaged extension) root. */
export function ruleDocPath(rule: Rule | string): string {
  return `docs/rules/${typeof rule === 'string' ? rule : rule.id}.md`;
}

/** Something that went wrong inside the engine (a rule threw): for logs, never shown as a diagnostic. */
export interface InternalNote {
  ruleId: string;
  message: string;
}

/** The previous run's findings, and the prose edit made since, for `RunOptions.reuse`. */
export interface PreviousRun {
  byRule: ReadonlyMap<string, readonly Finding[]>;
  edit: LineEdit;
}

export interface RunOptions {
  /** Run only these rules (ids or aliases); unknown names are ignored. */
  only?: readonly string[];
  /** The text's lines, when the caller has them (the language server keeps them per version). */
  lines?: readonly string[];
  /**
   * The model differs from the previous run's by an edit to one column description only (`readAfterRowEdit`): rules
   * that do not read prose keep their previous findings, moved along the edited line.
   */
  reuse?: PreviousRun;
  /** The document's workspace, for the cross-document rules (DM7xx) and the rules that defer to them. */
  workspace?: WorkspaceContext;
  /**
   * The document is as it was for `byRule` and only its workspace changed (another feature's
   * document was edited): rules that do not read the workspace keep those findings.
   */
  unchanged?: { byRule: ReadonlyMap<string, readonly Finding[]> };
  /** Receives a note for each rule that threw; that rule then contributes no findings. */
  onInternalNote?: (note: InternalNote) => void;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.message.localeCompare(b.message)
  );
}

/** Runs the rules on a model and the text it was read from; never throws. Findings sorted by position. */
export function runRules(model: DataModel, text: string, options: RunOptions = {}): Finding[] {
  return runRulesWithNotes(model, text, options).findings;
}

/** `runRules`, also returning the internal notes (rules that threw). */
export interface RuleRun {
  findings: Finding[];
  notes: InternalNote[];
  /** Each rule's findings, for the next run's `reuse`. */
  byRule: Map<string, Finding[]>;
}

export function runRulesWithNotes(model: DataModel, text: string, options: RunOptions = {}): RuleRun {
  const notes: InternalNote[] = [];
  const findings: Finding[] = [];
  const byRule = new Map<string, Finding[]>();
  const note = (entry: InternalNote) => {
    notes.push(entry);
    try {
      options.onInternalNote?.(entry);
    } catch {
      // a logger that throws must not take the linter down with it
    }
  };
  let lines: readonly string[];
  try {
    lines = options.lines ?? splitLines(typeof text === 'string' ? text : '');
  } catch (error) {
    note({ ruleId: '*', message: `Could not split the text: ${describe(error)}` });
    return { findings, notes, byRule };
  }
  const selected = options.only
    ? options.only.map(ruleById).filter((rule): rule is Rule => rule !== undefined)
    : allRules;
  for (const rule of selected) {
    const kept = options.unchanged && !rule.readsWorkspace ? options.unchanged.byRule.get(rule.id) : undefined;
    if (kept) {
      byRule.set(rule.id, [...kept]);
      appendAll(findings, kept);
      continue;
    }
    const previous = options.reuse && !rule.readsProse ? options.reuse.byRule.get(rule.id) : undefined;
    if (previous) {
      const moved = previous.map((finding) => shiftFinding(finding, options.reuse!.edit));
      byRule.set(rule.id, moved);
      appendAll(findings, moved);
      continue;
    }
    try {
      const produced = rule.check({ model, lines, workspace: options.workspace }).map((finding) => ({ ...finding, ruleId: rule.id }));
      byRule.set(rule.id, produced);
      appendAll(findings, produced);
    } catch (error) {
      note({ ruleId: rule.id, message: `${rule.id}/${rule.alias} failed and was skipped: ${describe(error)}` });
    }
  }
  findings.sort(compareFindings);
  return { findings, notes, byRule };
}

/** A finding from before a one-line edit, with every position on that line moved as the text moved. */
function shiftFinding(finding: Finding, edit: LineEdit): Finding {
  const touches = (range: { start: { line: number }; end: { line: number } }) => range.start.line <= edit.line && range.end.line >= edit.line;
  const onLine =
    touches(finding.range) || finding.related?.some((entry) => touches(entry.range)) || finding.fix?.edits.some((change) => touches(change.range));
  if (!onLine) return finding;
  // Optional members stay absent when they were (not `undefined`): a reused finding must be
  // indistinguishable from a fresh one.
  const shifted: Finding = { ...finding, range: shiftRange(finding.range, edit) };
  if (finding.related) shifted.related = finding.related.map((entry) => ({ ...entry, range: shiftRange(entry.range, edit) }));
  if (finding.fix) shifted.fix = { ...finding.fix, edits: finding.fix.edits.map((change) => ({ ...change, range: shiftRange(change.range, edit) })) };
  return shifted;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.message}${error.stack ? `\n${error.stack}` : ''}` : String(error);
}
