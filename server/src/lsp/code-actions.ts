/**
 * Quick fixes for data-model diagnostics: the rule's own fix (preferred), fix-all for a rule,
 * "disable for this line/table/file", and "show documentation".
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import { combinableEdits } from '../rules/edits';
import { ruleById } from '../rules/index';
import { DIAGNOSTIC_SOURCE, ruleDocUri, type DiagnosticData } from './diagnostics';

export const SHOW_RULE_DOCUMENTATION_COMMAND = 'dataModel.showRuleDocumentation';

/** Where a suppression comment can go without breaking what surrounds the line. */
type LineContext = { kind: 'text' } | { kind: 'fence'; language: string } | { kind: 'table'; first: number; last: number };

function contextOf(lines: readonly string[], line: number): LineContext {
  let fence: string | undefined;
  for (let index = 0; index < line; index++) {
    const match = /^\s*(```|~~~)\s*([\w-]*)/.exec(lines[index]);
    if (match) fence = fence === undefined ? match[2].toLowerCase() : undefined;
  }
  if (fence !== undefined) return { kind: 'fence', language: fence };
  const isRow = (index: number) => /^\s*\|/.test(lines[index] ?? '');
  if (!isRow(line)) return { kind: 'text' };
  let first = line;
  while (first > 0 && isRow(first - 1)) first--;
  let last = line;
  while (last < lines.length - 1 && isRow(last + 1)) last++;
  return { kind: 'table', first, last };
}

function indentOf(text: string): string {
  return /^\s*/.exec(text)?.[0] ?? '';
}

function insertLineBefore(line: number, text: string): TextEdit {
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${text}\n` };
}

function insertLineAfter(lines: readonly string[], line: number, text: string): TextEdit {
  const end = { line, character: lines[line]?.length ?? 0 };
  return { range: { start: end, end }, newText: `\n${text}` };
}

/** Edits that silence `ruleId` at `line`, and the action's title; undefined where no comment can go. */
function disableForLine(lines: readonly string[], line: number, ruleId: string): { title: string; edits: TextEdit[] } | undefined {
  const context = contextOf(lines, line);
  const indent = indentOf(lines[line] ?? '');
  switch (context.kind) {
    case 'text':
      return { title: `Disable ${ruleId} for this line`, edits: [insertLineBefore(line, `${indent}<!-- data-model-disable-next-line ${ruleId} -->`)] };
    case 'fence': {
      const marker = context.language === 'mermaid' ? '%%' : context.language === 'sql' ? '--' : undefined;
      if (!marker) return undefined;
      return { title: `Disable ${ruleId} for this line`, edits: [insertLineBefore(line, `${indent}${marker} data-model-disable-next-line ${ruleId}`)] };
    }
    case 'table':
      // A comment line inside a Markdown table would end the table: wrap the whole table.
      return {
        title: `Disable ${ruleId} for this table`,
        edits: [
          insertLineBefore(context.first, `<!-- data-model-disable ${ruleId} -->`),
          insertLineAfter(lines, context.last, `<!-- data-model-enable ${ruleId} -->`),
        ],
      };
  }
}

/** After the `# Data Model:` title, so the title stays the first line. */
function disableForFile(lines: readonly string[], ruleId: string): TextEdit {
  const title = lines.findIndex((text) => /^#\s/.test(text));
  const comment = `<!-- data-model-disable-file ${ruleId} -->`;
  return title >= 0 ? insertLineAfter(lines, title, comment) : insertLineBefore(0, comment);
}

function dataOf(diagnostic: Diagnostic): DiagnosticData | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data = diagnostic.data as DiagnosticData | undefined;
  return data && typeof data.ruleId === 'string' ? data : undefined;
}

/**
 * The code actions for the diagnostics in a request. `allDiagnostics` are the document's
 * current diagnostics, for fix-all.
 */
export function codeActionsFor(
  uri: string,
  lines: readonly string[],
  requested: readonly Diagnostic[],
  allDiagnostics: readonly Diagnostic[],
): CodeAction[] {
  const actions: CodeAction[] = [];
  const offeredFixAll = new Set<string>();
  for (const diagnostic of requested) {
    const data = dataOf(diagnostic);
    if (!data) continue;
    const rule = ruleById(data.ruleId);
    const ruleId = rule?.id ?? data.ruleId;
    if (data.fix) {
      actions.push({
        title: data.fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [uri]: data.fix.edits } },
      });
      const sameRule = allDiagnostics.filter((other) => dataOf(other)?.ruleId === data.ruleId && dataOf(other)?.fix);
      if (sameRule.length > 1 && !offeredFixAll.has(ruleId)) {
        offeredFixAll.add(ruleId);
        // Fixes whose edits overlap an earlier one are left for a second pass.
        const { edits } = combinableEdits(sameRule.map((other) => dataOf(other)!.fix!.edits));
        actions.push({
          title: `Fix all ${ruleId} problems in this document`,
          kind: CodeActionKind.QuickFix,
          diagnostics: sameRule,
          edit: { changes: { [uri]: edits } },
        });
      }
    }
    const line = disableForLine(lines, diagnostic.range.start.line, ruleId);
    if (line) actions.push({ title: line.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: line.edits } } });
    actions.push({
      title: `Disable ${ruleId} for this file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [uri]: [disableForFile(lines, ruleId)] } },
    });
    actions.push({
      title: `Show documentation for ${rule ? `${rule.id}/${rule.alias}` : ruleId}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: 'Show documentation', command: SHOW_RULE_DOCUMENTATION_COMMAND, arguments: [ruleDocUri(ruleId)] },
    });
  }
  return actions;
}
