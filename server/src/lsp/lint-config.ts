/**
 * Where lint levels come from in the editor: the `dataModel.lint.rules` setting (asked for per
 * document, never cached in a global) and the nearest `.datamodel-lint.json` above the document.
 *
 * The file is looked up and read once per folder, not on every lint (every keystroke pause):
 * `LintConfigFiles` keeps what it found until the client reports a `.datamodel-lint.json`
 * created, changed or deleted (the client watches them) and the server calls `clear()`.
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

interface ConfigFile {
  file: string;
  text: string;
}

/** The nearest config file of each folder, with its text; cleared when a config file changes. */
export class LintConfigFiles {
  private readonly found = new Map<string, Promise<ConfigFile | undefined>>();

  nearest(documentPath: string, stopAt?: string): Promise<ConfigFile | undefined> {
    const key = `${path.dirname(documentPath)}\u0000${stopAt ?? ''}`;
    let lookup = this.found.get(key);
    if (!lookup) {
      lookup = readNearest(documentPath, stopAt);
      this.found.set(key, lookup);
    }
    return lookup;
  }

  clear(): void {
    this.found.clear();
  }
}

async function readNearest(documentPath: string, stopAt?: string): Promise<ConfigFile | undefined> {
  const file = await findLintConfigFile(documentPath, stopAt);
  if (!file) return undefined;
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : { file, text };
}

export async function resolveLintConfig(
  documentUri: string,
  settingRules: unknown,
  workspaceRoots: readonly string[],
  files: LintConfigFiles = new LintConfigFiles(),
): Promise<ResolvedConfig> {
  const layers: ConfigLayer[] = [{ source: 'setting dataModel.lint.rules', rules: settingRules }];
  const messages: ConfigMessage[] = [];
  if (documentUri.startsWith('file:')) {
    const documentPath = fileURLToPath(documentUri);
    const root = workspaceRoots.find((candidate) => !path.relative(candidate, documentPath).startsWith('..'));
    const found = await files.nearest(documentPath, root);
    if (found) {
      const parsed = parseLintConfigFile(found.text, found.file);
      messages.push(...parsed.messages);
      if (parsed.layer) layers.push(parsed.layer);
    }
  }
  const resolved = resolveConfig(layers);
  return { levels: resolved.levels, messages: [...messages, ...resolved.messages] };
}
