/**
 * `introspect` and `diff`: a live PostgreSQL schema as a data-model document, and the drift
 * between a document and that schema. Registered only when the server was started with a
 * database (--database URL or $DATA_MODEL_DATABASE_URL): the model chooses schemas, never the
 * server or the credentials (the input schemas are strict, so a `database` field is refused).
 * Both read in a read-only transaction; nothing is changed.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpConfig } from '../config';
import { modules } from '../tool-modules';
import { documentInput, formatLocated, handled, located, progressOf, readDocumentInput, result, throwIfCancelled } from '../tool-support';

const schemasInput = z
  .array(z.string().min(1))
  .optional()
  .describe('Schemas to read (default: introspect every non-system schema; diff the schemas the document uses).');

export function registerDatabaseTools(server: McpServer, config: McpConfig & { databaseUrl: string }): void {
  const open = () => new (modules.pgDatabase().PgDatabase)({ connectionString: config.databaseUrl });

  server.registerTool(
    'introspect',
    {
      title: 'Read the configured database as a data model',
      description:
        'Read the tables of the PostgreSQL database this server was configured with (read-only) and return them as a data-model document, as `data-model introspect` does.',
      inputSchema: z.strictObject({
        schemas: schemasInput,
        domain: z.string().optional().describe("Domain for the header (default: the database's name)."),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    handled('introspect', async (args, extra) => {
      progressOf(extra)('reading the schema');
      const introspected = await modules.databaseRequests().introspectDatabase(open(), { schemas: args.schemas, domain: args.domain });
      throwIfCancelled(extra);
      return result(`${introspected.tables} tables from ${introspected.database}\n\n${introspected.markdown}`, {
        tables: introspected.tables,
        database: introspected.database,
        markdown: introspected.markdown,
      });
    }),
  );

  server.registerTool(
    'diff',
    {
      title: 'Compare a data model with the configured database',
      description:
        'Compare a data-model document with the live schema of the PostgreSQL database this server was configured with (read-only), as `data-model diff` does: every difference located on the document.',
      inputSchema: z.strictObject({ ...documentInput, schemas: schemasInput }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    handled('diff', async (args, extra) => {
      const source = await readDocumentInput(config.root, args);
      progressOf(extra)('reading the schema');
      const compared = await modules.databaseRequests().compareWithDatabase(source.text, open(), args.schemas);
      throwIfCancelled(extra);
      const differences = compared.problems.map(located);
      const lines = differences.map((problem) => formatLocated(source.name, problem));
      lines.push(differences.length === 0 ? `${source.name}: no drift from ${compared.database} (${compared.tables} tables)` : `${differences.length} difference(s) between ${source.name} and ${compared.database}`);
      return result(lines.join('\n'), { document: source.name, database: compared.database, tables: compared.tables, differences });
    }),
  );
}
