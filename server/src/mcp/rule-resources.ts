/**
 * The lint rules' pages (docs/rules/DMxxx.md, shipped beside dist/ in the .vsix and the npm
 * package) as MCP resources `data-model://rules/DMxxx`, so a model can read why a finding
 * matters and how to fix it by hand.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { allRules, ruleDocPath } from '../rules/index';

/** The folder holding docs/: above dist/ in the bundle, the repository root from the sources. */
function docsBase(): string {
  const candidates = [path.join(__dirname, '..'), path.join(__dirname, '..', '..', '..')];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'docs', 'rules'))) ?? candidates[0]!;
}

export function ruleResourceUri(ruleId: string): string {
  return `data-model://rules/${ruleId}`;
}

export function registerRuleResources(server: McpServer): void {
  const base = docsBase();
  for (const rule of allRules) {
    server.registerResource(
      `${rule.id}/${rule.alias}`,
      ruleResourceUri(rule.id),
      { title: `${rule.id} ${rule.alias}`, description: rule.description, mimeType: 'text/markdown' },
      async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: await fs.readFile(path.join(base, ruleDocPath(rule)), 'utf8') }] }),
    );
  }
}
