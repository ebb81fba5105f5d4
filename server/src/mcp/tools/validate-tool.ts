/**
 * `validate`: applies the document's DDL to PostgreSQL inside transactions that are always
 * rolled back, then probes the Security Annotations as each role: the shared `validateDocument`
 * of the language server, with every protection of postgres/validate.ts (one statement per
 * message, sandbox schemas and role, deadline, tripwire). The embedded PostgreSQL by default;
 * the server's own configured database only when asked, never a URL from the model.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { DatabaseTarget } from '../../api/protocol';
import { documentInput, formatLocated, handled, located, progressOf, readDocumentInput, result, throwIfCancelled, ToolInputError } from '../tool-support';
import type { McpConfig } from '../config';
import { modules } from '../tool-modules';

const CONNECT_TIMEOUT_MS = 10_000;

/** The configured server as a validation target (the URL stays in this process). */
export function configuredTarget(config: McpConfig): DatabaseTarget | undefined {
  if (!config.databaseUrl) return undefined;
  return { kind: 'server', url: config.databaseUrl, connectTimeoutMs: CONNECT_TIMEOUT_MS, statementTimeoutMs: modules.validate().DEFAULT_STATEMENT_TIMEOUT_MS };
}

export function registerValidateTool(server: McpServer, config: McpConfig): void {
  server.registerTool(
    'validate',
    {
      title: 'Validate a data model against PostgreSQL',
      description:
        "Apply a data-model document's DDL to PostgreSQL (the embedded one by default, no server needed) in transactions that are always rolled back, then check as each role " +
        'that the database enforces the Security Annotations. Returns every error located on the document (line, column) and the security-probe results. Reports progress; can be cancelled.',
      inputSchema: z.strictObject({
        ...documentInput,
        probes: z.boolean().optional().describe('Probe the Security Annotations as each role (default true).'),
        database: z
          .enum(['embedded', 'configured'])
          .optional()
          .describe('"embedded" (default): PGlite inside this server. "configured": the PostgreSQL server this MCP server was started with (--database), if any.'),
        timeoutSeconds: z.number().positive().max(600).optional().describe('Stop the whole run after this long, in seconds (default 120, as data-model validate).'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    handled('validate', async (args, extra) => {
      const progress = progressOf(extra);
      const target: DatabaseTarget | undefined = args.database === 'configured' ? configuredTarget(config) : { kind: 'embedded' };
      if (!target) throw new ToolInputError('no database was configured for this server (start it with --database URL or DATA_MODEL_DATABASE_URL); use database "embedded"');
      const source = await readDocumentInput(config.root, args);
      throwIfCancelled(extra);
      const probes = args.probes ?? true;
      const validation = await modules.databaseRequests().validateDocument(
        { text: source.text, target, probes, deadlineMs: args.timeoutSeconds === undefined ? undefined : args.timeoutSeconds * 1000 },
        { cacheDir: modules.validateCommand().pgliteCacheDir() },
        progress,
        extra.signal,
      );
      throwIfCancelled(extra);
      const { isSecurityProbeProblem } = modules.securityProbes();
      const problems = validation.problems.map(located);
      const security = validation.problems.filter(isSecurityProbeProblem).map(located);
      const ddl = validation.problems.filter((problem) => !isSecurityProbeProblem(problem)).map(located);
      const verdict = validation.ok ? 'valid' : 'INVALID';
      const skipped = validation.statementsSkipped ? `, ${validation.statementsSkipped} skipped` : '';
      const text = [
        ...problems.map((problem) => formatLocated(source.name, problem)),
        `${source.name}: ${verdict} on ${validation.database}: ${validation.statementsApplied} statements applied${skipped} in ${validation.durationMs} ms, all rolled back` +
          (probes ? `; security annotations probed as each role (${security.length} finding(s))` : '; security probes skipped'),
      ].join('\n');
      return result(text, {
        document: source.name,
        ok: validation.ok,
        database: validation.database,
        statementsApplied: validation.statementsApplied,
        statementsSkipped: validation.statementsSkipped,
        durationMs: validation.durationMs,
        probed: probes,
        errors: ddl,
        security,
      });
    }),
  );
}
