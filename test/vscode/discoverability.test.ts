// What a new user finds without reading the docs (issue 12): the ERD preview button on
// data-model documents only, the status bar item with the document's problem count, the
// walkthrough, and an ERD whose optional-cardinality markers stay hollow in a dark theme.
// The suite also saves the screenshots the README shows (docs/screenshots/).
//
// How: the extension host cannot see the workbench's DOM, so the tests ask the runner, which
// drives the browser showing code-server, to read attributes and take element screenshots
// (webview-probe.ts). On the desktop host, which has no such browser, the DOM checks skip.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './extension-id';
import { sleep, waitFor, within } from './helpers';
import { lintDiagnostics } from './lint-diagnostics';
import { generateSampleDocument, removeSampleDocument, revertAndCloseAll, type SampleDocument } from './sample-document';
import { probeWebview, webviewProbeAvailable, WORKBENCH_FRAME } from './webview-probe';

const PREVIEW_BUTTON = '.editor-actions .action-label[aria-label*="Open ERD Preview"]';
const STATUS_ITEM = '.statusbar-item[aria-label^="Data Model:"]';
const ERD_FRAME = '#viewport[aria-label="Entity relationship diagram"]';
const RENDER_WAIT_MS = 30_000;

/** docs/screenshots/ of the repository the extension runs from (the suite runs the sources). */
function screenshotPath(name: string): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const folder = path.join(extension.extensionPath, 'docs', 'screenshots');
  mkdirSync(folder, { recursive: true });
  return path.join(folder, name);
}

async function workbenchAttributes(selector: string, attribute: string): Promise<string[]> {
  return probeWebview({ action: 'attributes', frame: WORKBENCH_FRAME, selector, attribute });
}

async function setTheme(theme: string): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  // The webview gets the new colours through its body class and CSS variables, then redraws.
  await sleep(1500);
}

suite('Data Model: discoverability', () => {
  let sample: SampleDocument;
  let theme: string | undefined;

  suiteSetup(async function () {
    this.timeout(90_000);
    theme = vscode.workspace.getConfiguration('workbench').inspect<string>('colorTheme')?.globalValue;
    sample = await generateSampleDocument('903-discoverability-check');
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
    await removeSampleDocument(sample);
  });

  test('the ERD preview button is on data-model.md and absent on spec.md', async function () {
    if (!webviewProbeAvailable()) this.skip(); // needs the browser the runner drives
    this.timeout(60_000);
    await revertAndCloseAll();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sample.uri), vscode.ViewColumn.One);
    await waitFor('the Open ERD Preview button on data-model.md', async () => (await workbenchAttributes(PREVIEW_BUTTON, 'aria-label')).length === 1, 15_000, 300);

    await revertAndCloseAll();
    const spec = vscode.Uri.joinPath(sample.folder, 'spec.md');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(spec), vscode.ViewColumn.One);
    // Wait for the editor's title bar to show spec.md before asking whether the button is there.
    await waitFor('spec.md in the editor title', async () => (await workbenchAttributes('.tabs-container .tab.active', 'aria-label')).some((label) => label.includes('spec.md')), 15_000, 300);
    await sleep(500);
    assert.deepEqual(await workbenchAttributes(PREVIEW_BUTTON, 'aria-label'), [], 'the preview button shows on spec.md');
    assert.deepEqual(await workbenchAttributes(STATUS_ITEM, 'aria-label'), [], 'the status bar item shows on spec.md');
  });

  test('the status bar item shows the problem count on a data-model document, and a click offers the commands', async function () {
    if (!webviewProbeAvailable()) this.skip();
    this.timeout(60_000);
    await revertAndCloseAll();
    const document = await vscode.workspace.openTextDocument(sample.uri);
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    // One finding the user can see: a TIMESTAMP without time zone (DM401).
    await editor.edit((edit) => {
      const line = document.getText().split('\n').findIndex((text) => text.startsWith('| created_at | TIMESTAMPTZ'));
      assert.ok(line >= 0, 'the sample has no created_at row');
      const start = document.lineAt(line).text.indexOf('TIMESTAMPTZ');
      edit.replace(new vscode.Range(line, start, line, start + 'TIMESTAMPTZ'.length), 'TIMESTAMP');
    });
    await waitFor('a lint finding on the edited document', () => lintDiagnostics(document.uri).length > 0, 20_000);
    const expected = lintDiagnostics(document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    let label = '';
    await waitFor(
      `the status bar item to count ${expected} warning(s)`,
      async () => {
        [label = ''] = await workbenchAttributes(STATUS_ITEM, 'aria-label');
        return label.includes(`${expected} warnings`);
      },
      15_000,
      300,
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; status bar item: "${label}"`);
    });
    await vscode.commands.executeCommand('notifications.clearAll');
    await probeWebview({ action: 'screenshot', frame: WORKBENCH_FRAME, selector: '#workbench\\.parts\\.statusbar', path: screenshotPath('status-bar.png') });

    await probeWebview({ action: 'click', frame: WORKBENCH_FRAME, selector: STATUS_ITEM });
    await waitFor(
      'the quick pick of Data Model commands',
      async () => (await workbenchAttributes('.quick-input-widget .quick-input-list .monaco-list-row', 'aria-label')).some((row) => row.includes('Validate against PostgreSQL')),
      10_000,
      300,
    );
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  test('the walkthrough opens with its four steps', async function () {
    if (!webviewProbeAvailable()) this.skip();
    this.timeout(60_000);
    await revertAndCloseAll();
    await within(
      'workbench.action.openWalkthrough',
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#dataModel.gettingStarted`, false),
      15_000,
    );
    let steps: string[] = [];
    await waitFor(
      'the walkthrough steps',
      async () => {
        steps = await workbenchAttributes('.getting-started-step .step-title', 'class');
        return steps.length === 4;
      },
      15_000,
      300,
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; steps: ${steps.length}`);
    });
    await sleep(1000); // the step's Markdown page loads in its own frame
    await probeWebview({ action: 'screenshot', frame: WORKBENCH_FRAME, selector: '.part.editor', path: screenshotPath('walkthrough.png') });
    await revertAndCloseAll();
  });

  for (const [kind, name, bodyClass] of [
    ['dark', 'Default Dark Modern', 'vscode-dark'],
    ['light', 'Default Light Modern', 'vscode-light'],
    ['high-contrast', 'Default High Contrast', 'vscode-high-contrast'],
  ] as const) {
    test(`the ERD in the ${kind} theme: no filled marker where mermaid draws a hollow one, headers and sensitivity badges`, async function () {
      if (!webviewProbeAvailable()) this.skip();
      this.timeout(RENDER_WAIT_MS + 40_000);
      await revertAndCloseAll();
      await setTheme(name);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sample.uri), vscode.ViewColumn.One);
      await within('dataModel.openErdPreview', vscode.commands.executeCommand('dataModel.openErdPreview'), 15_000);
      await waitFor('six entities drawn', async () => {
        try {
          return (await probeWebview({ action: 'attributes', frame: ERD_FRAME, selector: 'g.node[data-entity]', attribute: 'data-entity' })).length === 6;
        } catch {
          return false; // the webview is still loading
        }
      }, RENDER_WAIT_MS, 500);
      await waitFor(`the preview in the ${kind} theme`, async () => {
        const [classes = ''] = await probeWebview({ action: 'attributes', frame: ERD_FRAME, selector: 'body', attribute: 'class' });
        return classes.split(/\s+/).includes(bodyClass);
      }, 15_000, 300);
      await sleep(1500); // the redraw in the new theme

      const fills = await probeWebview({ action: 'attributes', frame: ERD_FRAME, selector: 'marker circle', attribute: 'fill' });
      assert.ok(fills.length > 0, 'mermaid drew no optional-cardinality marker (the sample has zero-or-more ends)');
      const background = (await probeWebview({ action: 'attributes', frame: ERD_FRAME, selector: '#canvas', attribute: 'data-background' }))[0];
      for (const fill of fills) {
        assert.equal(fill.toLowerCase(), background.toLowerCase(), `a marker circle is filled ${fill} on a ${background} diagram: it reads as a solid dot`);
        if (kind !== 'light') assert.doesNotMatch(fill, /^(white|#fff(fff)?)$/i, 'a white marker dot in the dark theme');
      }
      assert.equal((await probeWebview({ action: 'attributes', frame: ERD_FRAME, selector: 'rect.erd-header', attribute: 'fill' })).length, 6, 'a header band on each entity');
      const badges = await probeWebview({ action: 'attributes', frame: ERD_FRAME, selector: 'g.erd-badge', attribute: 'data-sensitivity' });
      assert.ok(badges.includes('CRITICAL'), `the sample's dataset_answers is CRITICAL: badges ${badges.join(', ')}`);
      await probeWebview({ action: 'screenshot', frame: ERD_FRAME, selector: 'body', path: screenshotPath(`erd-${kind}.png`) });
    });
  }
});
