/**
 * `generate`: a spec (path or text) → a data-model document, with the TODO lines the generator
 * left for a person to decide, located. The shared `generateDocument` of the CLI and the editor.
 * With `write` (spec given as a path) it writes data-model.md beside the spec as
 * `data-model generate` does without flags: a new file, or the spec's changes merged into the
 * existing one with the user's edits kept; never over a conflict or a file it cannot merge.
 */
import * as path from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { textSizeRefusal } from '../../api/document-size';
import { ID_TYPES } from '../../api/protocol';
import { CliError, exists, readInput, writeAtomically } from '../../cli/io';
import type { Regeneration } from '../../regenerate/regenerate';
import { formatLocated, handled, located, progressOf, result, ToolInputError } from '../tool-support';
import { modules } from '../tool-modules';
import type { WorkspaceRoot } from '../workspace-root';

/** Each `TODO:` line of a document, 1-based, with its text. */
export function todoLines(markdown: string): { line: number; text: string }[] {
  return markdown.split(/\r?\n/).flatMap((text, index) => (/\bTODO:/.test(text) ? [{ line: index + 1, text: text.trim() }] : []));
}

/** What `write` does with the generator's answer for an existing file: the text to write, or why not. */
function textToWrite(regeneration: Regeneration | undefined, markdown: string, target: string): { text?: string; refusal?: string; note?: string } {
  if (!regeneration) return { text: markdown, note: `wrote ${target}` };
  switch (regeneration.kind) {
    case 'new':
      return { text: regeneration.text, note: `wrote ${target}` };
    case 'unchanged':
      return { note: `${target} is already up to date` };
    case 'merged':
      if (regeneration.conflictLines.length === 0) return { text: regeneration.text, note: `merged the spec's changes into ${target}; ${regeneration.keptEdits} edit(s) kept` };
      return { refusal: `${target}: the user's edits and the new generation change the same lines (merge lines ${regeneration.conflictLines.join(', ')}); nothing was written. Ask the user to run "data-model generate --write-conflicts" and resolve them` };
    case 'unresolved':
      return { refusal: `${target} still has conflict blocks at line(s) ${regeneration.conflictLines.join(', ')}; nothing was written` };
    case 'replace':
      return { refusal: `${target} already exists and holds no usable record of what generate last wrote, so it cannot be merged; nothing was written (the document is returned instead)` };
  }
}

export function registerGenerateTool(server: McpServer, root: WorkspaceRoot): void {
  server.registerTool(
    'generate',
    {
      title: 'Generate a data model from a spec',
      description:
        "Generate a data-model.md (PostgreSQL tables, keys, diagram, security annotations) from a spec-kit spec's Key Entities, deterministically, as `data-model generate` does. " +
        'Give the spec as specPath (a spec.md or its folder) or specText. Returns the document and its TODO lines (decisions left to a person). ' +
        'With write: true and specPath, writes data-model.md beside the spec (new, or merged keeping the user\'s edits; never over a conflict).',
      inputSchema: z.strictObject({
        specPath: z.string().min(1).optional().describe('spec.md, or the spec folder holding it, inside the workspace.'),
        specText: z.string().optional().describe('The spec itself.'),
        domain: z.string().optional().describe("The model's domain (default: the spec's title)."),
        idType: z.enum(ID_TYPES as [string, ...string[]]).optional().describe('Primary key type (default serial).'),
        orm: z.string().optional().describe('ORM named in the header and type guidelines (default SQLAlchemy (async)).'),
        roles: z.array(z.string().min(1)).optional().describe('Roles for the security annotations when the spec names none.'),
        date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD').optional().describe("Header date, YYYY-MM-DD (default today)."),
        write: z.boolean().optional().describe('Write data-model.md beside the spec (needs specPath).'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    handled('generate', async (args, extra) => {
      const progress = progressOf(extra);
      if ((args.specPath === undefined) === (args.specText === undefined)) throw new ToolInputError('give the spec as either "specPath" or "specText" (exactly one of them)');
      if (args.write && args.specPath === undefined) throw new ToolInputError('"write" needs the spec as "specPath" (data-model.md is written beside it)');
      let specText: string;
      let specFile: string | undefined;
      let name = '<spec>';
      if (args.specPath !== undefined) {
        const real = await root.existing(args.specPath);
        try {
          specFile = await modules.generateCommand().resolveSpecFile(real);
          specFile = await root.existing(specFile); // spec.md inside the folder may itself be a link out
          specText = await readInput(specFile);
        } catch (error) {
          if (error instanceof CliError) throw new ToolInputError(error.message.split(real).join(args.specPath));
          throw error;
        }
        name = root.display(specFile);
      } else {
        specText = args.specText!;
        const refusal = textSizeRefusal(specText);
        if (refusal) throw new ToolInputError(refusal);
      }
      const target = specFile && path.join(path.dirname(specFile), 'data-model.md');
      const writeTarget = args.write && target ? await root.writable(target) : undefined;
      const current = writeTarget && (await exists(writeTarget)) ? await readInput(writeTarget) : undefined;
      progress('generating');
      const response = modules.generateDocument().generateDocument({
        specText,
        specPath: specFile ?? 'specs/spec/spec.md',
        domain: args.domain,
        date: args.date,
        settings: { idType: (args.idType ?? 'serial') as (typeof ID_TYPES)[number], orm: args.orm ?? 'SQLAlchemy (async)', roles: args.roles ?? [] },
        current,
      });
      const problems = response.problems.map(located);
      const problemLines = problems.map((problem) => formatLocated(name, problem));
      if (!response.markdown) {
        return result([...problemLines, `${name}: no data model generated`].join('\n'), { spec: name, problems, tables: [] }, true);
      }
      const todos = todoLines(response.markdown);
      let note = '';
      let written = false;
      if (writeTarget) {
        const shown = root.display(writeTarget);
        const decision = textToWrite(response.regeneration, response.markdown, shown);
        if (decision.refusal) throw new ToolInputError(decision.refusal);
        if (decision.text !== undefined) {
          await writeAtomically(writeTarget, decision.text);
          written = true;
        }
        note = decision.note ?? '';
      }
      const text = [
        ...problemLines,
        `${response.tables.length} tables (${response.tables.join(', ')}), ${todos.length} TODO line(s)${note ? `; ${note}` : ''}`,
        ...todos.map((todo) => `TODO at line ${todo.line}: ${todo.text}`),
        ...(written ? [] : ['', response.markdown]),
      ].join('\n');
      return result(text, {
        spec: name,
        domain: response.domain,
        tables: response.tables,
        todos,
        problems,
        written: written ? root.display(writeTarget!) : null,
        ...(written ? {} : { markdown: response.markdown }),
      });
    }),
  );
}
