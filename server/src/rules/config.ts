/**
 * Per-rule levels (`off`, `hint`, `info`, `warning`, `error`) from configuration layers, merged
 * in order, later layers winning rule by rule:
 *
 *   1. each rule's default severity
 *   2. the VS Code setting (a `{ "DM201": "off", "json-not-jsonb": "error" }` map; VS Code has
 *      already merged user, workspace and folder settings into one value)
 *   3. `.datamodel-lint.json` at the workspace root (`{ "rules": { … } }`)
 *
 * The file wins over the settings because it is committed: the CLI and CI read it too, so the
 * editor shows what CI will enforce. Unknown rule names, bad levels and malformed files become
 * messages for the user, never exceptions.
 */
import { allRules, ruleById } from './index';
import type { RuleLevel } from './types';

export const LINT_CONFIG_FILE = '.datamodel-lint.json';
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'hint', 'info', 'warning', 'error'];

export interface ConfigMessage {
  /** Where the problem is: `settings (dataModel.lint.rules)`, `.datamodel-lint.json`. */
  source: string;
  message: string;
}

export interface ConfigLayer {
  source: string;
  /** The `{ idOrAlias: level }` map as found (anything: it is validated here). */
  rules: unknown;
}

export interface ResolvedConfig {
  /** Level of every rule, keyed by id. */
  levels: Map<string, RuleLevel>;
  messages: ConfigMessage[];
}

/** Levels people write that mean one of ours (eslint's numbers, markdownlint's booleans, `warn`). */
const SYNONYMS: Record<string, RuleLevel> = { warn: 'warning', information: 'info', false: 'off', none: 'off', '0': 'off', '1': 'warning', '2': 'error' };

function levelOf(value: unknown): RuleLevel | undefined {
  if (typeof value === 'boolean') return value ? undefined : 'off';
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim().toLowerCase();
  if ((RULE_LEVELS as readonly string[]).includes(text)) return text as RuleLevel;
  return SYNONYMS[text];
}

export function resolveConfig(layers: readonly ConfigLayer[]): ResolvedConfig {
  const levels = new Map<string, RuleLevel>(allRules.map((rule) => [rule.id, rule.defaultSeverity]));
  const messages: ConfigMessage[] = [];
  for (const layer of layers) {
    const { rules, source } = layer;
    if (rules === undefined || rules === null) continue;
    if (typeof rules !== 'object' || Array.isArray(rules)) {
      messages.push({ source, message: `Rule levels must be an object such as { "DM201": "off" }; ignored.` });
      continue;
    }
    for (const [name, value] of Object.entries(rules as Record<string, unknown>)) {
      const rule = ruleById(name);
      if (!rule) {
        messages.push({ source, message: `"${name}" is not a rule id or alias; ignored.` });
        continue;
      }
      // `true` keeps the default level (markdownlint style): enabled, nothing else said.
      if (value === true) {
        levels.set(rule.id, rule.defaultSeverity);
        continue;
      }
      const level = levelOf(value);
      if (!level) {
        messages.push({ source, message: `${rule.id}/${rule.alias}: ${JSON.stringify(value)} is not a level (${RULE_LEVELS.join(', ')}); ignored.` });
        continue;
      }
      levels.set(rule.id, level);
    }
  }
  return { levels, messages };
}

/**
 * Reads the text of `.datamodel-lint.json`: `{ "rules": { "DM201": "off" } }`. A bad file
 * yields no rules and a message saying why (with the JSON error's position when there is one).
 */
export function parseLintConfigFile(text: string, source = LINT_CONFIG_FILE): { layer?: ConfigLayer; messages: ConfigMessage[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { messages: [{ source, message: `Not valid JSON (${error instanceof Error ? error.message : String(error)}); the file is ignored.` }] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { messages: [{ source, message: 'Expected an object such as { "rules": { "DM201": "off" } }; the file is ignored.' }] };
  }
  const messages: ConfigMessage[] = [];
  for (const key of Object.keys(parsed)) {
    if (key !== 'rules' && key !== '$schema') messages.push({ source, message: `Unknown key "${key}" (only "rules" is read); ignored.` });
  }
  return { layer: { source, rules: (parsed as { rules?: unknown }).rules }, messages };
}
