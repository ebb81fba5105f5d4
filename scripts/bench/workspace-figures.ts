/**
 * The workspace: 1,000 tables as 50 feature documents of 20 tables each, read and linted as one
 * workspace (cross-document rules included), beside the same 1,000 tables as one document
 * (target: at most 1.5x). Then an edit in one feature: the workspace re-reads that document
 * and re-lints it and its dependents only (target: under 100 ms at the 95th percentile).
 */
import { writeMarkdown } from '../../server/src/markdown/writer';
import type { DataModel } from '../../server/src/model/types';
import { emptyModel } from '../../server/src/model/util';
import { lintWorkspace, WorkspaceLinter } from '../../server/src/workspace/workspace-lint';
import { WorkspaceModel } from '../../server/src/workspace/workspace-model';
import { largeDocumentModel } from './documents';
import { fullLint } from './lint-figures';
import { interleaved, median, ms, ratio, time } from './stats';

/** The model's tables in `documents` slices, each with its own constraints, indexes, security rows and diagram. */
export function splitIntoFeatures(model: DataModel, documents: number): { uri: string; text: string }[] {
  const per = Math.ceil(model.entities.length / documents);
  const result: { uri: string; text: string }[] = [];
  for (let k = 0; k < documents; k++) {
    const part = emptyModel();
    const entities = model.entities.slice(k * per, (k + 1) * per);
    const names = new Set(entities.map((entity) => entity.name));
    const drawn = new Set(entities.map((entity) => entity.name.toUpperCase()));
    part.header = { ...model.header, domain: `Part ${k + 1}` };
    part.roles = model.roles;
    part.entities = entities;
    part.foreignKeys = model.foreignKeys.filter((fk) => names.has(fk.table));
    part.indexes = model.indexes.filter((index) => names.has(index.table));
    part.checks = model.checks.filter((check) => names.has(check.table));
    part.security = model.security.filter((row) => names.has(row.table));
    part.diagram = {
      entities: model.diagram.entities.filter((entity) => drawn.has(entity.name)),
      relationships: model.diagram.relationships.filter((r) => drawn.has(r.left) && drawn.has(r.right)),
    };
    part.typeGuidelines = model.typeGuidelines;
    part.audit = model.audit;
    const feature = `${String(k + 1).padStart(3, '0')}-part-${k + 1}`;
    result.push({ uri: `/bench/specs/${feature}/data-model.md`, text: writeMarkdown(part) });
  }
  return result;
}

function lintAll(documents: readonly { uri: string; text: string }[]): number {
  const workspace = new WorkspaceModel();
  for (const document of documents) workspace.set(document.uri, document.text);
  return lintWorkspace(workspace).reduce((count, { lint }) => count + lint.findings.length, 0);
}

export function workspaceFigures(documents = 50, tablesEach = 20, rounds = 5, edits = 60) {
  const model = largeDocumentModel(documents * tablesEach);
  const single = writeMarkdown(model);
  const features = splitIntoFeatures(model, documents);
  const samples = interleaved({ workspace: () => lintAll(features), oneDocument: () => fullLint(single) }, rounds, 1);
  const workspaceMs = median(samples.workspace!);
  const singleMs = median(samples.oneDocument!);

  // Edits in the middle feature: a column type changed back and forth (not prose: every rule runs again).
  const workspace = new WorkspaceModel();
  for (const document of features) workspace.set(document.uri, document.text);
  // As the language server does: each member's last findings kept, so a dependent whose text did not change re-runs only the rules that read the workspace.
  const linter = new WorkspaceLinter(workspace);
  for (const document of features) linter.lint(document.uri);
  const target = features[Math.floor(documents / 2)]!;
  const variants = [target.text, target.text.replace('| column_2 | VARCHAR(64) |', '| column_2 | VARCHAR(80) |')];
  const editMs: number[] = [];
  let relinted = 0;
  for (let k = 0; k < edits; k++) {
    editMs.push(
      time(() => {
        const affected = workspace.set(target.uri, variants[k % 2]!);
        relinted = affected.length;
        for (const uri of affected) linter.lint(uri);
      }),
    );
  }
  const sorted = [...editMs].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
  return {
    input: { documents, tablesEach, tables: documents * tablesEach, singleDocumentBytes: Buffer.byteLength(single) },
    runs: rounds,
    workspaceReadAndLintMs: ms(workspaceMs),
    oneDocumentReadAndLintMs: ms(singleMs),
    ratioToOneDocument: ratio(workspaceMs, singleMs),
    edit: { edits, documentsRelinted: relinted, medianMs: ms(median(editMs)), p95Ms: ms(p95) },
    targets: {
      atMost1_5xOneDocument: workspaceMs <= 1.5 * singleMs,
      editP95Under100ms: p95 < 100,
    },
  };
}
