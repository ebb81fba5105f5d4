// Shared by the workspace tests: the four-feature workspace of test/fixtures/workspace (our own
// content), optionally with one document replaced by a variant from test/fixtures/workspace-variants.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkspaceModel } from '../../server/src/workspace/workspace-model';

export const root = path.resolve(__dirname, '../..');
export const workspaceFixture = path.join(root, 'test/fixtures/workspace');
export const variantsFixture = path.join(root, 'test/fixtures/workspace-variants');

/** A copy of the fixture workspace in a temporary folder, with the variant's files laid over it. */
export function copyWorkspace(variant?: string): string {
  const target = mkdtempSync(path.join(os.tmpdir(), 'workspace-fixture-'));
  cpSync(workspaceFixture, target, { recursive: true });
  if (variant) cpSync(path.join(variantsFixture, variant), target, { recursive: true });
  return target;
}

/** The fixture workspace read into a model, keyed by paths under `/ws` (as if opened there). */
export function loadWorkspace(variant?: string): WorkspaceModel {
  const folder = copyWorkspace(variant);
  const workspace = new WorkspaceModel();
  for (const feature of readdirSync(path.join(folder, 'specs')).sort()) {
    const dir = path.join(folder, 'specs', feature);
    if (existsSync(path.join(dir, 'data-model.md'))) workspace.set(`/ws/specs/${feature}/data-model.md`, readFileSync(path.join(dir, 'data-model.md'), 'utf8'));
    if (existsSync(path.join(dir, 'spec.md'))) workspace.setSpec(`/ws/specs/${feature}/spec.md`, readFileSync(path.join(dir, 'spec.md'), 'utf8'));
  }
  return workspace;
}

export const doc = (feature: string) => `/ws/specs/${feature}/data-model.md`;
