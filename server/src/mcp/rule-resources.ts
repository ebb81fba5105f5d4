/**
 * The lint rules' pages (docs/rules/DMxxx.md, shipped beside dist/ in the .vsix and the npm
 * package) as MCP resources `data-model://rules/DMxxx`, so a model can read why a finding
 * matters and how to fix it by hand. A template with a list: the rules are loaded when a
 * client lists or reads them, not when the server starts.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { modules } from './tool-modules';
import { ToolInputError } from './tool-error';

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
  const template = new ResourceTemplate('data-model://rules/{rule}', {
    list: async () => ({
      resources: modules.rules().allRules.map((rule) => ({
        uri: ruleResourceUri(rule.id),
        name: `${rule.id}/${rule.alias}`,
        title: `${rule.id} ${rule.alias}`,
        description: rule.description,
        mimeType: 'text/markdown',
      })),
    }),
  });
  server.registerResource('rule page', template, { title: 'Lint rule page', description: 'What a data-model lint rule finds, why, and how to fix it', mimeType: 'text/markdown' }, async (uri, variables) => {
    const { ruleById, ruleDocPath } = modules.rules();
    // By id or alias; anything else (a path, `..`) names no rule and reads nothing.
    const rule = typeof variables.rule === 'string' ? ruleById(decodeURIComponent(variables.rule)) : undefined;
    if (!rule) throw new ToolInputError(`${uri.href}: no such lint rule (the rules are data-model://rules/DM001 … listed by resources/list)`);
    return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: await fs.readFile(path.join(base, ruleDocPath(rule)), 'utf8') }] };
  });
}
