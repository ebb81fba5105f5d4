/** `data-model mcp [--root DIR] [--database URL]`: the Model Context Protocol server, over stdio. */
import { parseArgs } from 'node:util';
import { serveMcp } from '../mcp/stdio';
import { CliError, EXIT_OK, EXIT_USAGE } from './io';

export const mcpUsage = `Usage: data-model mcp [options]

Serves the data-model tools (generate, lint, fix, validate, sql, erd; introspect and diff with a
database) and the lint rules' pages to an AI assistant over the Model Context Protocol, on
standard input and output. An MCP client starts it; see "For AI assistants" in the README.

Options:
  --root DIR       the workspace: tools read and write only inside it (default: the current folder)
  --database URL   a PostgreSQL server for introspect, diff and validate's "configured" target
                   (default: $DATA_MODEL_DATABASE_URL; the assistant can never pass one)`;

export async function runMcp(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      root: { type: 'string' },
      database: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.write(`${mcpUsage}\n`);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"\n\n${mcpUsage}`, EXIT_USAGE);
  return serveMcp({ root: values.root ?? process.cwd(), databaseUrl: values.database }, err);
}
