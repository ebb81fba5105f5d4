/**
 * `lint`: the findings of `data-model lint` for one document (path or text), each with its rule
 * id and alias, 1-based position, and the quick fix the rule offers (title and text edits), so
 * a model can apply one fix itself or call `fix`.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { DocumentFinding } from '../../api/lint-document';
import type { RuleLevel } from '../../rules/types';
import { documentInput, handled, progressOf, readDocumentInput, result, throwIfCancelled, type DocumentSource } from '../tool-support';
import { modules } from '../tool-modules';
import type { WorkspaceRoot } from '../workspace-root';

/** The lint levels for a document: the nearest .datamodel-lint.json above its file, up to the root; defaults for text. */
export async function levelsForSource(root: WorkspaceRoot, source: DocumentSource): Promise<{ levels?: ReadonlyMap<string, RuleLevel>; messages: string[] }> {
  if (!source.file) return { messages: [] };
  const { levels, messages } = await modules.lintCommand().lintLevelsFor(source.file, undefined, root.folder);
  return { levels, messages: messages.map((message) => message.split(root.folder).join('.')) };
}

export function findingJson(name: string, finding: DocumentFinding) {
  const { file: _file, code, ...position } = modules.lintCommand().toJsonFinding(name, finding);
  const fix = finding.fix && {
    title: finding.fix.title,
    edits: finding.fix.edits.map((edit) => ({
      line: edit.range.start.line + 1,
      column: edit.range.start.character + 1,
      endLine: edit.range.end.line + 1,
      endColumn: edit.range.end.character + 1,
      newText: edit.newText,
    })),
  };
  return { ruleId: code, ...position, ...(fix ? { fix } : {}) };
}

export type FindingJson = ReturnType<typeof findingJson>;

export function findingLine(name: string, finding: FindingJson): string {
  const rule = finding.ruleId ? ` [${finding.ruleId}/${finding.alias}]` : '';
  const fix = finding.fix ? ` (fix: ${finding.fix.title})` : '';
  return `${name}:${finding.line}:${finding.column}: ${finding.severity}: ${finding.message}${rule}${fix}`;
}

export function registerLintTool(server: McpServer, root: WorkspaceRoot): void {
  server.registerTool(
    'lint',
    {
      title: 'Lint a data model',
      description:
        'Lint a data-model.md document with the same 27 rules as `data-model lint` and the editor. Returns each finding with its rule id (DMxxx) and alias, ' +
        '1-based line and column, severity, message, and the quick fix when the rule has one. Rule pages are resources (data-model://rules/DMxxx).',
      inputSchema: z.strictObject(documentInput),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    handled('lint', async (args, extra) => {
      const progress = progressOf(extra);
      const source = await readDocumentInput(root, args);
      const { levels, messages } = await levelsForSource(root, source);
      throwIfCancelled(extra);
      progress('linting');
      const { model, problems } = modules.reader().readMarkdown(source.text);
      const linted = modules.lintDocument().lintDocument(model, source.text, problems, levels);
      const findings = linted.findings.map((finding) => findingJson(source.name, finding));
      const count = (severity: string) => findings.filter((finding) => finding.severity === severity).length;
      const summary = { errors: count('error'), warnings: count('warning'), infos: count('info') + count('hint') };
      const text = [
        ...messages,
        ...findings.map((finding) => findingLine(source.name, finding)),
        `${source.name}: ${findings.length} finding(s), ${summary.errors} error(s), ${summary.warnings} warning(s)`,
      ].join('\n');
      return result(text, { document: source.name, findings, ...summary, configMessages: messages });
    }),
  );
}
