/**
 * Where lint levels come from in the editor: the `dataModel.lint.rules` setting (asked for per
 * document, never cached in a global) and the nearest `.datamodel-lint.json` above the document.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LINT_CONFIG_FILE, parseLintConfigFile, resolveConfig, type ConfigLayer, type ConfigMessage, type ResolvedConfig } from '../rules/config';

/** The nearest config file in the document's folder or above it, stopping at `stopAt` (a workspace root). */
export async function findLintConfigFile(documentPath: string, stopAt?: string): Promise<string | undefined> {
  let folder = path.dirname(documentPath);
  for (;;) {
    const candidate = path.join(folder, LINT_CONFIG_FILE);
    if (await fs.stat(candidate).then((stat) => stat.isFile(), () => false)) return candidate;
    const parent = path.dirname(folder);
    if (parent === folder || (stopAt && path.relative(stopAt, folder) === '')) return undefined;
    folder = parent;
  }
}

export async function resolveLintConfig(documentUri: string, settingRules: unknown, workspaceRoots: readonly string[]): Promise<ResolvedConfig> {
  const layers: ConfigLayer[] = [{ source: 'setting dataModel.lint.rules', rules: settingRules }];
  const messages: ConfigMessage[] = [];
  if (documentUri.startsWith('file:')) {
    const documentPath = fileURLToPath(documentUri);
    const root = workspaceRoots.find((candidate) => !path.relative(candidate, documentPath).startsWith('..'));
    const file = await findLintConfigFile(documentPath, root);
    if (file) {
      const text = await fs.readFile(file, 'utf8').catch(() => undefined);
      if (text !== undefined) {
        const parsed = parseLintConfigFile(text, file);
        messages.push(...parsed.messages);
        if (parsed.layer) layers.push(parsed.layer);
      }
    }
  }
  const resolved = resolveConfig(layers);
  return { levels: resolved.levels, messages: [...messages, ...resolved.messages] };
}
