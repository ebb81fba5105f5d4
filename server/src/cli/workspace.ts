/**
 * A folder of features as one workspace, for the CLI: `lint <folder>`, and `sql`, `validate` and
 * `erd` with `--workspace <folder>`. Documents are keyed by their path as the user gave it, so
 * messages name files the way the user wrote the folder.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadSqlParser } from '../markdown/sql-fences';
import type { DataModel } from '../model/types';
import { ruleById } from '../rules/index';
import { scanFolder } from '../workspace/folder-scan';
import { lintWorkspace } from '../workspace/workspace-lint';
import { workspaceSchema } from '../workspace/schema';
import { WorkspaceModel } from '../workspace/workspace-model';
import { CliError } from './io';

/** Rules whose errors make the merged schema wrong: it is not compiled while they stand. */
const SCHEMA_RULES = new Set(['DM701', 'DM702', 'DM704', 'DM705']);

export async function isFolder(input: string): Promise<boolean> {
  return fs.stat(input).then(
    (stat) => stat.isDirectory(),
    () => false,
  );
}

/** Reads the data models and specs under `folder`; a folder without data models is an error. */
export async function loadWorkspaceFolder(folder: string, err: NodeJS.WritableStream): Promise<WorkspaceModel> {
  if (!(await isFolder(folder))) throw new CliError(`${folder}: no such folder`);
  await loadSqlParser();
  const { files, truncated } = await scanFolder(folder);
  if (truncated) err.write(`${folder}: note: more Markdown files than are read in one workspace; only the first were read\n`);
  const workspace = new WorkspaceModel();
  const relative = (file: string) => path.join(folder, path.relative(path.resolve(folder), file));
  for (const file of files) {
    if (file.kind === 'spec') workspace.setSpec(relative(file.path), file.text);
    else workspace.set(relative(file.path), file.text);
  }
  if (workspace.size === 0) throw new CliError(`${folder}: no data-model documents (specs/*/data-model.md, or Markdown starting with "# Data Model:") under this folder`);
  return workspace;
}

/** The workspace's schema, or a CliError listing the cross-document errors that make it wrong. */
export async function loadWorkspaceSchema(folder: string, err: NodeJS.WritableStream): Promise<{ workspace: WorkspaceModel; model: DataModel }> {
  const workspace = await loadWorkspaceFolder(folder, err);
  const blocking = lintWorkspace(workspace).flatMap(({ uri, lint }) =>
    lint.findings
      .filter((finding) => finding.severity === 'error' && finding.ruleId !== undefined && SCHEMA_RULES.has(finding.ruleId))
      .map((finding) => `${uri}:${finding.range.start.line + 1}:${finding.range.start.character + 1}: error: ${finding.message} [${finding.ruleId}/${ruleById(finding.ruleId!)?.alias}]`),
  );
  if (blocking.length > 0) {
    throw new CliError(`${blocking.join('\n')}\n${folder}: the features disagree about the schema (above); nothing was compiled`);
  }
  return { workspace, model: workspaceSchema(workspace, path.basename(path.resolve(folder))) };
}
