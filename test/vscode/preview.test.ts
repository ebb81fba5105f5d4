// The ERD preview as a user sees it: "Data Model: Open ERD Preview" opens a webview beside the
// document that draws its entities; clicking an entity's box jumps to its `### table` section;
// the entity under the cursor is highlighted; edits redraw it; "Export ERD" saves an SVG.
//
// How the webview is checked: the extension host cannot see inside a webview, so the tests ask
// the runner, which drives the browser showing the workbench, to read attributes from the
// webview's DOM and to click in it with a real mouse click (see webview-probe.ts). The export
// test needs no probe: its SVG is serialized by the webview from what it drew.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { exists, readText, runCommandAnswering, waitFor, within } from './helpers';
import { generateSampleDocument, lineOf, removeSampleDocument, replaceOnce, SAMPLE_TABLES, type SampleDocument } from './sample-document';
import { probeWebview, webviewProbeAvailable } from './webview-probe';

const ERD_VIEW_TYPE = 'dataModel.erdPreview';
/** Only the ERD page has this element (media/page.ts): it identifies the webview's frame. */
const ERD_FRAME = '#viewport[aria-label="Entity relationship diagram"]';
/** Entity boxes, once media/preview.ts has drawn them and named them after their entity. */
const ENTITY_NODES = 'g.node[data-entity]';
/** The sample's entities as the erDiagram names them. */
const SAMPLE_ENTITIES = SAMPLE_TABLES.map((table) => table.toUpperCase()).sort();
/** Mermaid draws in the webview; the first render includes loading the 3 MB bundle. */
const RENDER_WAIT_MS = 30_000;

function erdTabs(): { tab: vscode.Tab; group: vscode.TabGroup }[] {
  return vscode.window.tabGroups.all.flatMap((group) =>
    group.tabs
      .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes(ERD_VIEW_TYPE))
      .map((tab) => ({ tab, group })),
  );
}

/** The entity names of the boxes drawn in the preview right now. */
function drawnEntities(): Promise<string[]> {
  return probeWebview({ action: 'attributes', frame: ERD_FRAME, selector: ENTITY_NODES, attribute: 'data-entity' });
}

async function waitForDrawn(expected: readonly string[], what: string): Promise<void> {
  let last: string[] = [];
  await waitFor(
    what,
    async () => {
      last = (await drawnEntities()).sort();
      return last.join() === [...expected].sort().join();
    },
    RENDER_WAIT_MS,
    500,
  ).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; drawn: ${last.join(', ') || 'nothing'}`);
  });
}

suite('Data Model: ERD preview', () => {
  let sample: SampleDocument;
  let document: vscode.TextDocument;

  suiteSetup(async function () {
    this.timeout(90_000);
    sample = await generateSampleDocument('902-erd-preview-check');
    document = await vscode.workspace.openTextDocument(sample.uri);
    await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
  });

  suiteTeardown(async () => {
    await removeSampleDocument(sample); // also closes the preview
  });

  test('opens a webview beside the document that draws its six entities', async function () {
    this.timeout(RENDER_WAIT_MS + 20_000);
    await within('dataModel.openErdPreview', vscode.commands.executeCommand('dataModel.openErdPreview'), 15_000);
    const [preview] = await waitFor('an ERD preview tab', () => (erdTabs().length > 0 ? erdTabs() : undefined), 10_000);
    assert.equal(erdTabs().length, 1, 'more than one ERD preview tab');
    const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === document);
    assert.ok(editor, 'the document is no longer visible after opening the preview');
    assert.notEqual(preview.group.viewColumn, editor.viewColumn, 'the preview did not open beside the document');
    assert.equal(vscode.window.activeTextEditor?.document, document, 'opening the preview took the focus from the document');

    if (!webviewProbeAvailable()) return; // desktop host: the tab checks above are all it can see
    await waitForDrawn(SAMPLE_ENTITIES, 'the six sample entities in the preview');
  });

  test('clicking an entity box reveals its ### table in the editor', async function () {
    if (!webviewProbeAvailable()) this.skip(); // needs a browser the runner drives
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(0, 0, 0, 0); // far from the target, so a move is visible
    const heading = lineOf(document, '### submissions');

    // Toasts (e.g. Generate's "Wrote …") sit over the bottom right of the workbench, where the
    // preview is: a user closes them before clicking under them, and so does the test.
    await vscode.commands.executeCommand('notifications.clearAll');
    await probeWebview({ action: 'click', frame: ERD_FRAME, selector: `${ENTITY_NODES}[data-entity="SUBMISSIONS"]` });
    await waitFor(
      `the cursor to move to "### submissions" (line ${heading + 1}) after the click`,
      () => {
        const active = vscode.window.activeTextEditor;
        return active?.document === document && active.selection.active.line === heading;
      },
      10_000,
    ).catch((error: unknown) => {
      const now = vscode.window.activeTextEditor;
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}; active editor: ${now ? `${vscode.workspace.asRelativePath(now.document.uri)} line ${now.selection.active.line + 1}` : 'none'}`,
      );
    });
    // The renderer reports the scrolled position a moment after the selection.
    await waitFor(
      `"### submissions" to be scrolled into view`,
      () => vscode.window.activeTextEditor?.visibleRanges.some((range) => range.contains(new vscode.Position(heading, 0))),
      5000,
    ).catch((error: unknown) => {
      const ranges = vscode.window.activeTextEditor?.visibleRanges.map((range) => `${range.start.line + 1}-${range.end.line + 1}`).join(', ');
      throw new Error(`${error instanceof Error ? error.message : String(error)}; visible lines: ${ranges || 'none'}`);
    });
  });

  test('highlights the entity whose section holds the cursor', async function () {
    if (!webviewProbeAvailable()) this.skip();
    const editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    const highlighted = () => probeWebview({ action: 'attributes', frame: ERD_FRAME, selector: `${ENTITY_NODES}.erd-highlight`, attribute: 'data-entity' });
    for (const table of ['tasks', 'dataset_items']) {
      const line = lineOf(document, `### ${table}`) + 3; // a column row of that table
      editor.selection = new vscode.Selection(line, 2, line, 2);
      await waitFor(`${table.toUpperCase()} to be highlighted with the cursor on line ${line + 1}`, async () => (await highlighted()).join() === table.toUpperCase(), 10_000);
    }
  });

  test('Export ERD (SVG) saves the drawn diagram beside the document', async function () {
    this.timeout(60_000);
    const target = vscode.Uri.joinPath(sample.folder, 'data-model.erd.svg');
    assert.equal(await exists(target), false);
    // The format is the command's argument (as a keybinding passes it); the save dialog,
    // prefilled with data-model.erd.svg beside the document, is accepted with Enter. The web
    // workbench always uses VS Code's own (quick input) file dialog; the desktop app is told to
    // use it too, for this run's temporary user data, since a native dialog cannot be answered.
    const files = vscode.workspace.getConfiguration('files');
    const simpleDialog = files.inspect<boolean>('simpleDialog.enable')?.globalValue;
    await files.update('simpleDialog.enable', true, vscode.ConfigurationTarget.Global);
    try {
      await runCommandAnswering('dataModel.exportErd', ['svg'], `${vscode.workspace.asRelativePath(target)} to be written`, () => exists(target));
    } finally {
      await files.update('simpleDialog.enable', simpleDialog, vscode.ConfigurationTarget.Global);
    }
    const svg = await readText(target);
    assert.match(svg, /^<\?xml[^>]*>\s*<svg[\s>]/, 'the export is not an SVG document');
    // What a reader of the image sees: the text of the drawing, without tags and attributes.
    const visibleText = svg.replace(/<[^>]*>/g, ' ');
    for (const entity of SAMPLE_ENTITIES) {
      assert.match(visibleText, new RegExp(`\\b${entity}\\b`), `the exported SVG does not show ${entity}`);
    }
    // One box per entity, named by the preview when it drew them (so this is its rendering).
    const boxes = [...svg.matchAll(/<g [^>]*class="node[\s"][^>]*data-entity="([^"]+)"/g)].map((match) => match[1]).sort();
    assert.deepEqual(boxes, SAMPLE_ENTITIES, 'the exported SVG does not hold one box per entity');
  });

  test('follows edits: an entity added to the erDiagram appears without saving', async function () {
    if (!webviewProbeAvailable()) this.skip();
    await replaceOnce(document, '```mermaid\nerDiagram\n', '```mermaid\nerDiagram\nAUDIT_LOG {\nint id PK\n}\n');
    assert.ok(document.isDirty);
    await waitForDrawn([...SAMPLE_ENTITIES, 'AUDIT_LOG'], 'AUDIT_LOG to be drawn after the edit');
  });
});
