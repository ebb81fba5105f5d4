/**
 * `fix`: applies the quick fixes of chosen rules (all fixable rules by default) to a document,
 * as the editor's "Fix all" does, and returns the fixed text; with `write` (and a path) the
 * file is replaced, atomically, and only then.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { writeAtomically } from '../../cli/io';
import { documentInput, handled, progressOf, readDocumentInput, result, throwIfCancelled, ToolInputError } from '../tool-support';
import type { WorkspaceRoot } from '../workspace-root';
import { modules } from '../tool-modules';
import { findingJson, findingLine, levelsForSource } from './lint-tool';

export function registerFixTool(server: McpServer, root: WorkspaceRoot): void {
  server.registerTool(
    'fix',
    {
      title: 'Apply lint quick fixes',
      description:
        "Apply the quick fixes of the chosen lint rules (ids like DM201 or aliases like fk-missing-index; every rule that has fixes when omitted) to a data-model document, re-linting after each rule's pass. " +
        'Returns the fixed document, the fixes applied and the findings left. With write: true and a path, the file is replaced by the fixed text.',
      inputSchema: z.strictObject({
        ...documentInput,
        rules: z.array(z.string().min(1)).min(1).optional().describe('Rules whose fixes to apply; default: all.'),
        write: z.boolean().optional().describe('Replace the file given as "path" with the fixed text (default false: only return it).'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    handled('fix', async (args, extra) => {
      const progress = progressOf(extra);
      const { fixDocument, ruleIdsOf, UnknownRuleError } = modules.fixDocument();
      let rules: string[] | undefined;
      try {
        rules = args.rules && ruleIdsOf(args.rules);
      } catch (error) {
        if (error instanceof UnknownRuleError) throw new ToolInputError(error.message);
        throw error;
      }
      if (args.write && args.path === undefined) throw new ToolInputError('"write" needs the document as "path" (there is no file to write for "text")');
      const source = await readDocumentInput(root, args);
      const { levels } = await levelsForSource(root, source);
      progress('applying fixes');
      const fixed = fixDocument(source.text, rules, levels, () => extra.signal.aborted);
      throwIfCancelled(extra);
      const remaining = fixed.remaining.map((finding) => findingJson(source.name, finding));
      const written = Boolean(args.write && source.file && fixed.applied.length > 0);
      if (written) await writeAtomically(source.file!, fixed.text);
      const lines = [
        ...fixed.applied.map((fix) => `applied ${fix.ruleId} at line ${fix.line}: ${fix.title}`),
        `${fixed.applied.length} fix(es) applied${written ? `; ${source.name} written` : args.write ? '; nothing to write' : ''}; ${remaining.length} finding(s) left:`,
        ...remaining.map((finding) => findingLine(source.name, finding)),
      ];
      // The text is returned unless it was written (the model can read the file) to keep answers short.
      if (!written) lines.push('', 'Fixed document:', fixed.text);
      return result(lines.join('\n'), {
        document: source.name,
        applied: fixed.applied,
        written,
        remaining,
        ...(written ? {} : { text: fixed.text }),
      });
    }),
  );
}
