/** `sql`: the document compiled to a PostgreSQL migration, as `data-model sql` prints it, with the compiler's located problems. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { documentInput, formatLocated, handled, located, readDocumentInput, result } from '../tool-support';
import { modules } from '../tool-modules';
import type { WorkspaceRoot } from '../workspace-root';

export function registerSqlTool(server: McpServer, root: WorkspaceRoot): void {
  server.registerTool(
    'sql',
    {
      title: 'Compile a data model to SQL',
      description:
        'Compile a data-model document to a PostgreSQL migration (tables, constraints, indexes, the updated_at trigger, roles, grants, row-level security), as `data-model sql` does. ' +
        'A document holding SQL the guard does not allow (DM006) is refused: no SQL is returned.',
      inputSchema: z.strictObject(documentInput),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    handled('sql', async (args) => {
      const source = await readDocumentInput(root, args);
      const compiled = modules.databaseRequests().compileSql({ text: source.text });
      const problems = compiled.problems.map(located);
      const lines = problems.map((problem) => formatLocated(source.name, problem));
      lines.push(compiled.refused ? `${source.name}: refused; no SQL compiled` : `${source.name}: ${compiled.statements} statements`);
      if (!compiled.refused) lines.push('', compiled.sql);
      return result(lines.join('\n'), { document: source.name, refused: compiled.refused, statements: compiled.statements, problems, sql: compiled.refused ? '' : compiled.sql });
    }),
  );
}
