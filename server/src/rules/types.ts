/**
 * The lint engine's vocabulary. A rule is a pure function from a data model (and the text it
 * was read from, for precise ranges and fixes) to findings; severity, suppression and
 * configuration are applied afterwards by `lint.ts`, so a rule never needs to know about them.
 */
import type { DataModel, SourceRange } from '../model/types';
import type { WorkspaceModel } from '../workspace/workspace-model';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
/** A configured level: a severity, or `off` to drop the rule's findings. */
export type RuleLevel = Severity | 'off';

export interface TextEdit {
  range: SourceRange;
  newText: string;
}

/** A quick fix: text edits on the document that make the finding go away. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface RelatedLocation {
  message: string;
  range: SourceRange;
  /** Another document (a workspace rule pointing at the feature that defines a table); absent: this one. */
  uri?: string;
}

export interface Finding {
  ruleId: string;
  message: string;
  range: SourceRange;
  /** The other side of a mismatch (the diagram attribute for a table row, the index it duplicates, …). */
  related?: RelatedLocation[];
  fix?: Fix;
}

export interface RuleContext {
  model: DataModel;
  /** The document's lines, without line terminators; ranges index into these. */
  lines: readonly string[];
  /** Set when the document is linted as part of a workspace (see `server/src/workspace/`). */
  workspace?: WorkspaceContext;
}

/** The document's place in its workspace: the other features' tables, for the cross-document rules. */
export interface WorkspaceContext {
  /** This document's key in the workspace model. */
  uri: string;
  model: WorkspaceModel;
}

export interface Rule {
  /** `DM201`: stable, used in settings, suppression comments and the docs page name. */
  id: string;
  /** `fk-missing-index`: a readable synonym accepted everywhere the id is. */
  alias: string;
  defaultSeverity: Severity;
  /** One sentence: what the rule finds. */
  description: string;
  /** Whether its findings come with a quick fix: on every one, on some, or (absent) never.
   *  The rules index (docs/rules/README.md) is generated from it; the catalog test checks it. */
  quickFix?: 'always' | 'sometimes';
  /**
   * Reads prose: column descriptions, entity notes or security notes, or scans the document's
   * text for content. After an edit to prose only, the language server re-runs these rules and
   * keeps the others' previous findings (see `runRulesWithNotes`'s `reuse`), so a rule that
   * reads prose and does not say so goes stale while the user types.
   * `test/unit/rule-prose-reads.test.ts` checks the rules that do not say so.
   */
  readsProse?: true;
  /**
   * Reads `context.workspace` (the other features' tables): when another document of the
   * workspace changes and this one does not, only these rules run again on it (see
   * `RunOptions.unchanged`); the others keep their findings.
   */
  readsWorkspace?: true;
  check(context: RuleContext): Finding[];
}
