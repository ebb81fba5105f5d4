/**
 * `erd`: the document's entity relationship diagram drawn as `data-model erd` draws it (the
 * preview's bundle in headless Chromium): SVG text, and optionally a PNG returned as an image.
 * The SVG passes the same check for foreign content before it is returned.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { HeadlessTheme } from '../../erd-render/page-server';
import { findDiagramEntity, MAX_FOCUS_DEPTH } from '../../mermaid/focus';
import { documentInput, formatLocated, handled, located, progressOf, readDocumentInput, throwIfCancelled, ToolInputError } from '../tool-support';
import { modules } from '../tool-modules';
import type { WorkspaceRoot } from '../workspace-root';

const TIMEOUT_MS = 120_000;

export function registerErdTool(server: McpServer, root: WorkspaceRoot): void {
  server.registerTool(
    'erd',
    {
      title: 'Draw the ERD',
      description:
        "Draw a data-model document's entity relationship diagram as the ERD preview does (headless Chromium): returns the SVG, and with png: true also a PNG image. " +
        'focus draws one table and its neighbours.',
      inputSchema: z.strictObject({
        ...documentInput,
        png: z.boolean().optional().describe('Also return the diagram as a PNG image (default false).'),
        theme: z.enum(['light', 'dark', 'high-contrast']).optional().describe('Default light.'),
        focus: z.string().min(1).optional().describe('Only this table and its neighbours.'),
        depth: z.number().int().min(0).max(MAX_FOCUS_DEPTH).optional().describe('Relationship steps around focus (default 1).'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    handled('erd', async (args, extra): Promise<CallToolResult> => {
      const progress = progressOf(extra);
      if (args.depth !== undefined && args.focus === undefined) throw new ToolInputError('"depth" needs "focus" (a table)');
      const source = await readDocumentInput(root, args);
      const erd = modules.erd().erdFromText(source.text);
      const { HeadlessRenderError, renderErdHeadless } = modules.headless();
      const notes = erd.problems.map((problem) => formatLocated(source.name, located(problem)));
      if (erd.diagram.entities.length === 0 && erd.diagram.relationships.length === 0) throw new ToolInputError(`${source.name}: nothing to draw: ${erd.sourceNote}`);
      let focus: { entity: string; depth: number } | undefined;
      if (args.focus !== undefined) {
        const entity = findDiagramEntity(erd.diagram, args.focus);
        if (!entity) throw new ToolInputError(`${source.name}: no table "${args.focus}" in the diagram (tables: ${erd.entities.map((e) => e.table).join(', ')})`);
        focus = { entity, depth: args.depth ?? 1 };
      }
      const theme = (args.theme ?? 'light') as HeadlessTheme;
      const draw = async (format: 'svg' | 'png') => {
        throwIfCancelled(extra);
        progress(`drawing the ${format.toUpperCase()} in headless Chromium`);
        const drawn = await renderErdHeadless({ erd, format, theme, focus, timeoutMs: TIMEOUT_MS }).catch((error: unknown) => {
          if (error instanceof HeadlessRenderError) throw new ToolInputError(`could not draw in headless Chromium: ${error.message}`);
          throw error;
        });
        if (!drawn.ok) throw new ToolInputError(`mermaid cannot draw the diagram${drawn.line !== undefined ? ` (diagram line ${drawn.line})` : ''}: ${drawn.message}`);
        return drawn;
      };
      const svg = await draw('svg');
      const svgText = svg.data.toString('utf8');
      const foreign = modules.erdCommand().foreignContent(svgText);
      if (foreign) throw new ToolInputError(`${source.name}: the drawn SVG contains ${foreign}, which our theme never produces; it is not returned`);
      const png = args.png ? await draw('png') : undefined;
      const summary = `${source.name}: ${svg.entities} entities, ${focus ? `${focus.entity} and neighbours (depth ${focus.depth})` : 'the whole model'}, ${erd.source === 'document' ? 'diagram as written' : 'derived from the tables'}`;
      return {
        content: [
          { type: 'text', text: [...notes, summary].join('\n') },
          { type: 'text', text: svgText },
          ...(png ? [{ type: 'image' as const, data: png.data.toString('base64'), mimeType: 'image/png' }] : []),
        ],
        structuredContent: { document: source.name, entities: svg.entities, source: erd.source, problems: erd.problems.map(located), svg: svgText },
      };
    }),
  );
}
