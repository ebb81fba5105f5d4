// Activation as a user meets it: opening a spec-kit workspace activates the extension without
// any command, and activate() reports how long it took (the benchmark reads that figure from
// the results file: `npm run bench -- --only activation`; no time limit is asserted here).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './extension-id';
import { waitFor } from './helpers';
import type { ActivationFigures } from './results';

suite('Data Model: Activation', () => {
  test('a workspace with specs/*/spec.md activates the extension, which reports its activation time', async () => {
    const extension = vscode.extensions.getExtension<{ activation?: ActivationFigures }>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded in this VS Code`);
    // No command has run yet: only the workspaceContains activation event can have started it.
    await waitFor(`${EXTENSION_ID} to be activated by the spec-kit workspace`, () => extension.isActive, 30_000);
    const activation = extension.exports?.activation;
    assert.ok(activation, 'activate() returned no activation figures');
    for (const key of ['loadMs', 'activateMs', 'totalMs'] as const) {
      assert.ok(Number.isFinite(activation[key]) && activation[key] >= 0, `${key} is ${activation[key]}`);
    }
    // The bundle's first line set the start, so loading the bundle is counted, not only activate().
    assert.ok(activation.loadMs > 0, 'the bundle load was not measured (is the esbuild banner missing?)');
    assert.ok(Math.abs(activation.loadMs + activation.activateMs - activation.totalMs) < 0.05, JSON.stringify(activation));
  });
});
