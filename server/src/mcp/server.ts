/**
 * The data-model MCP server: the CLI's tools (generate, lint, fix, validate, sql, erd, and with
 * a configured database introspect and diff) and the rule pages, for any MCP client.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpConfig } from './config';
import { registerRuleResources } from './rule-resources';
import { registerDatabaseTools } from './tools/database-tools';
import { registerErdTool } from './tools/erd-tool';
import { registerFixTool } from './tools/fix-tool';
import { registerGenerateTool } from './tools/generate-tool';
import { registerLintTool } from './tools/lint-tool';
import { registerSqlTool } from './tools/sql-tool';
import { registerValidateTool } from './tools/validate-tool';

/** The package's version (package.json sits above dist/ and above server/src/mcp's grandparent). */
function packageVersion(): string {
  for (const candidate of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', '..', 'package.json')]) {
    try {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'data-model-vscode' && manifest.version) return manifest.version;
    } catch {
      // not there: the next candidate
    }
  }
  return '0.0.0';
}

/** What the client shows the model about this server. */
function instructions(root: string): string {
  return `Tools for PostgreSQL data models (data-model.md) in spec-kit projects.
After writing or changing a data-model.md: call lint, apply what it reports (fix applies the rules' quick fixes), then validate (applies the DDL to an embedded PostgreSQL, rolled back, and probes the security annotations as each role) and fix what it reports. Paths are relative to the workspace root: ${root}.`;
}

export function createMcpServer(config: McpConfig): McpServer {
  const server = new McpServer(
    { name: 'data-model', version: packageVersion() },
    { instructions: instructions(config.root.folder) },
  );
  registerGenerateTool(server, config.root);
  registerLintTool(server, config.root);
  registerFixTool(server, config.root);
  registerValidateTool(server, config);
  registerSqlTool(server, config.root);
  registerErdTool(server, config.root);
  if (config.databaseUrl) registerDatabaseTools(server, { ...config, databaseUrl: config.databaseUrl });
  registerRuleResources(server);
  return server;
}
