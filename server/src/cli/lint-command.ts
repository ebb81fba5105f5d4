/** `data-model lint <files or globs...> [--format text|json|sarif] [--config FILE]` */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { glob, isDynamicPattern } from 'tinyglobby';
import { lintDocument, type DocumentFinding } from '../api/lint-document';
import { rangeOf } from '../model/util';
import { readMarkdown } from '../markdown/reader';
import { loadSqlParser } from '../markdown/sql-fences';
import { allRules, ruleDocPath } from '../rules/index';
import { parseLintConfigFile, resolveConfig, type ConfigLayer } from '../rules/config';
import type { RuleLevel } from '../rules/types';
import { findLintConfigFile } from '../lsp/lint-config';
import { CliError, EXIT_INPUT, EXIT_OK, EXIT_USAGE, exists, InputTooLarge, readInput } from './io';
import { isFolder, loadWorkspaceFolder } from './workspace';
import { lintWorkspace } from '../workspace/workspace-lint';

export const lintUsage = `Usage: data-model lint <files, globs or folders...> [options]

Lints data-model documents with the same rules as the editor. A folder (e.g. specs/) is linted
as one workspace: its features' data models together, in feature order, with the
cross-document rules (DM701-DM707) and each feature's spec.md.

Options:
  --format text|json|sarif   output format (default: text)
  --config FILE              rule levels ({ "rules": { "DM201": "off" } }); default: the nearest
                             .datamodel-lint.json above each file

Exit 0 when no finding is at error level, 1 otherwise, 2 on usage errors.`;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

interface FileFindings {
  file: string;
  findings: DocumentFinding[];
}

/** The JSON format: one array, lines and columns 1-based. */
export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string | null;
  alias: string | null;
  severity: string;
  message: string;
}

async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    if (isDynamicPattern(input)) {
      const matched = await glob(input, { ignore: ['**/node_modules/**'], absolute: false });
      if (matched.length === 0) throw new CliError(`${input}: no file matches this pattern`);
      files.push(...matched.sort());
    } else {
      if (!(await exists(input))) throw new CliError(`${input}: no such file`);
      files.push(input);
    }
  }
  return [...new Set(files)];
}

/**
 * The rule levels for one file: `explicitConfig` (--config), else the nearest
 * .datamodel-lint.json above the file (not above `stopAt`, when given). Also used by the MCP
 * server's lint and fix tools, so they judge a file as `data-model lint` does.
 */
export async function lintLevelsFor(
  file: string,
  explicitConfig: ConfigLayer | undefined,
  stopAt?: string,
): Promise<{ levels: ReadonlyMap<string, RuleLevel>; messages: string[] }> {
  const layers: ConfigLayer[] = [];
  const messages: string[] = [];
  if (explicitConfig) layers.push(explicitConfig);
  else {
    const found = await findLintConfigFile(path.resolve(file), stopAt);
    if (found) {
      const parsed = parseLintConfigFile(await readInput(found), found);
      for (const message of parsed.messages) messages.push(`${message.source}: ${message.message}`);
      if (parsed.layer) layers.push(parsed.layer);
    }
  }
  const resolved = resolveConfig(layers);
  for (const message of resolved.messages) messages.push(`${message.source}: ${message.message}`);
  return { levels: resolved.levels, messages };
}

async function levelsFor(file: string, explicitConfig: ConfigLayer | undefined, err: NodeJS.WritableStream) {
  const { levels, messages } = await lintLevelsFor(file, explicitConfig);
  for (const message of messages) err.write(`${message}\n`);
  return levels;
}

/** One finding as the JSON format writes it (1-based lines and columns). */
export function toJsonFinding(file: string, finding: DocumentFinding): JsonFinding {
  return {
    file,
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    code: finding.ruleId ?? null,
    alias: finding.alias ?? null,
    severity: finding.severity,
    message: finding.message,
  };
}

function toJson(results: FileFindings[]): JsonFinding[] {
  return results.flatMap(({ file, findings }) => findings.map((finding) => toJsonFinding(file, finding)));
}

function toText(results: FileFindings[]): string {
  return toJson(results)
    .map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message}${f.code ? ` [${f.code}/${f.alias}]` : ''}\n`)
    .join('');
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0, as GitHub code scanning reads it. */
function toSarif(results: FileFindings[]): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'data-model',
            informationUri: 'https://github.com/',
            rules: allRules.map((rule) => ({
              id: rule.id,
              name: rule.alias,
              shortDescription: { text: rule.description },
              helpUri: ruleDocPath(rule),
              defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
            })),
          },
        },
        results: toJson(results).map((f) => ({
          ruleId: f.code ?? 'reader',
          level: SARIF_LEVEL[f.severity] ?? 'warning',
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file.split(path.sep).join('/') },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}

export async function runLint(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.write(`${lintUsage}\n`);
    return EXIT_OK;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')}`, EXIT_USAGE);
  if (positionals.length === 0) throw new CliError(`expected files or globs to lint\n\n${lintUsage}`, EXIT_USAGE);

  let explicitConfig: ConfigLayer | undefined;
  if (values.config) {
    const parsed = parseLintConfigFile(await readInput(values.config), values.config);
    if (!parsed.layer) throw new CliError(parsed.messages.map((m) => `${m.source}: ${m.message}`).join('\n'));
    for (const message of parsed.messages) err.write(`${message.source}: ${message.message}\n`);
    explicitConfig = parsed.layer;
  }

  await loadSqlParser();
  const results: FileFindings[] = [];
  const folders: string[] = [];
  const files: string[] = [];
  for (const input of positionals) (await isFolder(input) ? folders : files).push(input);
  for (const folder of folders) {
    const workspace = await loadWorkspaceFolder(folder, err);
    const levels = new Map<string, Awaited<ReturnType<typeof levelsFor>>>();
    for (const document of workspace.documents()) levels.set(document.uri, await levelsFor(document.uri, explicitConfig, err));
    for (const { uri, lint } of lintWorkspace(workspace, (uri) => levels.get(uri))) {
      for (const note of lint.notes) err.write(`${uri}: internal: ${note}\n`);
      results.push({ file: uri, findings: lint.findings });
    }
  }
  for (const file of files.length > 0 ? await expandInputs(files) : []) {
    let text: string;
    try {
      text = await readInput(file);
    } catch (error) {
      if (!(error instanceof InputTooLarge)) throw error;
      // Reported like any finding of that file, and the other files are still linted.
      results.push({ file, findings: [{ message: error.refusal, range: rangeOf(0, 0, 0, 0), severity: 'error' }] });
      continue;
    }
    const { model, problems } = readMarkdown(text);
    const linted = lintDocument(model, text, problems, await levelsFor(file, explicitConfig, err));
    for (const note of linted.notes) err.write(`${file}: internal: ${note}\n`);
    results.push({ file, findings: linted.findings });
  }

  if (format === 'json') out.write(`${JSON.stringify(toJson(results), null, 2)}\n`);
  else if (format === 'sarif') out.write(`${JSON.stringify(toSarif(results), null, 2)}\n`);
  else out.write(toText(results));

  const errors = results.reduce((count, result) => count + result.findings.filter((f) => f.severity === 'error').length, 0);
  if (format === 'text') {
    const total = results.reduce((count, result) => count + result.findings.length, 0);
    err.write(`${results.length} file(s), ${total} finding(s), ${errors} error(s)\n`);
  }
  return errors > 0 ? EXIT_INPUT : EXIT_OK;
}
