/**
 * The ERD webview (dist/preview.js) in headless Chromium, fed the messages the extension
 * sends, under the panel's own CSP (the page comes from media/page.ts, like the panel's).
 * Needs /usr/bin/chromium (scripts/ensure-system-packages.sh): without it these tests fail.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { erdFromText } from '../../server/src/api/erd';
import type { ErdResponse } from '../../server/src/api/protocol';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { launchChromium, PreviewPage } from '../../server/src/erd-render/headless';
import type { FromWebview, PreviewState } from '../../client/src/preview/messages';
import { largeDocument, SAMPLE_TABLES, sampleDocument, tableName } from './fixtures';

let browser: Browser;
let sample: ErdResponse;

before(async () => {
  await loadSqlParser();
  sample = erdFromText(sampleDocument());
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** A response carrying hand-made mermaid text (what a broken or hostile server answer would be). */
function withMermaid(mermaid: string): ErdResponse {
  return { ...sample, mermaid, diagram: { entities: [{ name: 'X', attributes: [] }], relationships: [] }, entities: [] };
}

async function withPage<T>(run: (preview: PreviewPage) => Promise<T>, theme: 'light' | 'dark' = 'light'): Promise<T> {
  const preview = await PreviewPage.open(browser, { theme });
  try {
    return await run(preview);
  } finally {
    await preview.close();
  }
}

const svgText = (preview: PreviewPage): Promise<string> => preview.page.locator('#canvas svg').evaluate((svg) => svg.textContent ?? '');
const drawnEntities = (preview: PreviewPage): Promise<string[]> =>
  preview.page.evaluate(() => Array.from(document.querySelectorAll<SVGGElement>('#canvas g.node[data-entity]'), (node) => node.dataset.entity ?? '').sort());

function rendered(message: FromWebview): Extract<FromWebview, { type: 'rendered' }> {
  assert.equal(message.type, 'rendered', JSON.stringify(message));
  return message as Extract<FromWebview, { type: 'rendered' }>;
}

/** The scale "Fit" would choose in this page (to tell a restored zoom from a fresh fit). */
async function fittedScale(preview: PreviewPage): Promise<number> {
  await preview.page.locator('#fit').click();
  const view = await preview.page.evaluate(() => (window as unknown as { __erdState: { view: { scale: number } } }).__erdState.view);
  return view.scale;
}

describe('ERD webview', () => {
  it('renders the sample\'s six entities and says the diagram is the document\'s own', async () => {
    await withPage(async (preview) => {
      const outcome = rendered(await preview.render(sample));
      assert.equal(outcome.entities, 6);
      const text = await svgText(preview);
      for (const table of SAMPLE_TABLES) assert.ok(text.includes(table), `${table} in the SVG`);
      assert.deepEqual(await drawnEntities(preview), [...SAMPLE_TABLES].sort());
      assert.match(await preview.page.locator('#source').innerText(), /Diagram as written/);
    });
  });

  it('says when the diagram is derived from the tables', async () => {
    const derived = erdFromText(sampleDocument().replace(/```mermaid[\s\S]*?```/, ''));
    assert.equal(derived.source, 'tables');
    await withPage(async (preview) => {
      rendered(await preview.render(derived));
      assert.match(await preview.page.locator('#source').innerText(), /Derived from tables/);
      assert.match(await preview.page.locator('#notice').innerText(), /no erDiagram/);
      assert.deepEqual(await drawnEntities(preview), [...SAMPLE_TABLES].sort());
    });
  });

  it('follows the theme: switching the body class to dark re-renders with other colours', async () => {
    await withPage(async (preview) => {
      rendered(await preview.render(sample));
      const colours = () =>
        preview.page.evaluate(() => {
          const svg = document.querySelector('#canvas svg')!;
          const box = svg.querySelector('g.node path, g.node rect')!;
          // An attribute's label: the entity's name sits on the header band, in the theme's button colours.
          const label = svg.querySelector('g.node g.label.attribute-name text')!;
          return { box: getComputedStyle(box).fill + getComputedStyle(box).stroke, text: getComputedStyle(label).fill, style: svg.querySelector('style')?.textContent ?? '' };
        });
      const light = await colours();
      const before = (await preview.posted()).length;
      await preview.page.evaluate(() => {
        document.body.classList.replace('vscode-light', 'vscode-dark');
      });
      rendered(await preview.waitForMessage((m) => m.type === 'rendered', 30_000, before));
      const dark = await colours();
      assert.notEqual(dark.style, light.style);
      assert.notEqual(dark.text, light.text, 'label colour changes');
      // VS Code's own colour variables win over the fallbacks (high contrast uses them verbatim).
      const beforeHc = (await preview.posted()).length;
      await preview.page.evaluate(() => {
        document.documentElement.style.setProperty('--vscode-editor-foreground', '#ffff00');
        document.body.className = 'vscode-high-contrast';
      });
      rendered(await preview.waitForMessage((m) => m.type === 'rendered', 30_000, beforeHc));
      assert.equal((await colours()).text, 'rgb(255, 255, 0)');
    });
  });

  it('does not re-render when the same diagram arrives again (an edit elsewhere in the document)', async () => {
    await withPage(async (preview) => {
      rendered(await preview.render(sample));
      const before = (await preview.posted()).length;
      const moved = { ...sample, entities: sample.entities.map((e) => ({ ...e })) }; // same text, new object
      await preview.send({ type: 'diagram', documentUri: 'file:///headless/data-model.md', documentName: 'data-model.md', erd: moved });
      await new Promise((resolve) => setTimeout(resolve, 700));
      const after = (await preview.posted()).slice(before);
      assert.deepEqual(after.filter((m) => m.type === 'rendered' || m.type === 'renderError'), []);
    });
  });

  it('focus view of submissions, depth 1: only submissions, users and tasks', async () => {
    await withPage(async (preview) => {
      const outcome = rendered(await preview.render(sample, { entity: 'submissions', depth: 1 }));
      assert.deepEqual(outcome.focus, { entity: 'SUBMISSIONS', depth: 1 });
      assert.deepEqual(await drawnEntities(preview), ['SUBMISSIONS', 'TASKS', 'USERS']);
      const text = await svgText(preview);
      assert.ok(!text.includes('DATASETS'));
      // "Whole model" goes back to all six.
      const before = (await preview.posted()).length;
      await preview.page.locator('#all-button').click();
      rendered(await preview.waitForMessage((m) => m.type === 'rendered', 30_000, before));
      assert.equal((await drawnEntities(preview)).length, 6);
    });
  });

  it('exports the current view as SVG (with the entities) and PNG', async () => {
    await withPage(async (preview) => {
      rendered(await preview.render(sample));
      const svg = (await preview.export('svg')).toString('utf8');
      assert.match(svg, /^<\?xml/);
      assert.match(svg, /<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      for (const table of SAMPLE_TABLES) assert.ok(svg.includes(table), `${table} in the export`);
      const png = await preview.export('png');
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.ok(png.length > 10_000);
    });
  });

  it('labels with markup render as text and run nothing', async () => {
    const hostile = [
      'erDiagram',
      'USERS {',
      'int id PK "<img src=x onerror=window.__pwned=1>"',
      '}',
      'USERS ||--o{ POSTS : "<script>window.__pwned=2</script><img src=y onerror=window.__pwned=3>"',
    ].join('\n');
    // And through the server: a document whose diagram carries the same labels.
    const fromDocument = erdFromText(`# Data Model: X\n\n## Entity Relationship Diagram\n\n\`\`\`mermaid\n${hostile}\n\`\`\`\n`);
    for (const erd of [withMermaid(hostile), fromDocument]) {
      await withPage(async (preview) => {
        rendered(await preview.render(erd));
        await new Promise((resolve) => setTimeout(resolve, 300)); // give an onerror time to fire
        const result = await preview.page.evaluate(() => ({
          pwned: (window as unknown as { __pwned?: number }).__pwned,
          elements: document.querySelectorAll('#canvas img, #canvas script, #canvas foreignObject, #canvas iframe').length,
          text: document.querySelector('#canvas svg')?.textContent ?? '',
        }));
        assert.equal(result.pwned, undefined);
        assert.equal(result.elements, 0);
        assert.ok(result.text.includes('<script>'), `the markup is shown as text: ${result.text}`);
        assert.ok(result.text.includes('<img'), 'the img markup is shown as text');
      });
    }
  });

  it('a broken diagram shows mermaid\'s message and its line, not a blank pane', async () => {
    const broken = ['erDiagram', 'USERS {', 'int id PK', '}', 'USERS }}--{{ POSTS : "bad cardinality"'].join('\n');
    await withPage(async (preview) => {
      const outcome = await preview.render(withMermaid(broken));
      assert.equal(outcome.type, 'renderError');
      assert.equal(outcome.type === 'renderError' ? outcome.line : undefined, 5);
      const error = preview.page.locator('#error');
      assert.ok(await error.isVisible());
      const text = await error.innerText();
      assert.match(text, /error on line 5/);
      assert.match(text, /Parse error/i);
      assert.match(text, /USERS \}\}--\{\{ POSTS/);
    });
  });

  it('clicking an entity asks to reveal it; the cursor\'s entity is highlighted', async () => {
    await withPage(async (preview) => {
      rendered(await preview.render(sample));
      await preview.page.locator('#fit').click();
      const before = (await preview.posted()).length;
      await preview.page.locator('#canvas g.node[data-entity="TASKS"]').click();
      const reveal = await preview.waitForMessage((m) => m.type === 'reveal', 5_000, before);
      assert.deepEqual(reveal, { type: 'reveal', entity: 'TASKS' });
      await preview.send({ type: 'highlight', entity: 'USERS' });
      await preview.page.waitForSelector('#canvas g.node.erd-highlight[data-entity="USERS"]', { timeout: 5_000 });
      assert.equal(await preview.page.locator('#canvas g.node.erd-highlight').count(), 1);
    });
  });

  it('keeps pan and zoom across a re-render and a reload (webview state)', async () => {
    const state = await withPage(async (preview) => {
      rendered(await preview.render(sample));
      await preview.page.locator('#viewport').click({ position: { x: 5, y: 5 } });
      await preview.page.keyboard.press('+');
      await preview.page.keyboard.press('+');
      const zoomed = await preview.page.evaluate(() => (window as unknown as { __erdState: { view: { scale: number } } }).__erdState);
      // An edit that changes the diagram keeps the view.
      const edited = erdFromText(sampleDocument().replace('USERS ||--o{ SUBMISSIONS : "has"', 'USERS ||--o{ SUBMISSIONS : "submits"'));
      const before = (await preview.posted()).length;
      await preview.send({ type: 'diagram', documentUri: 'file:///headless/data-model.md', documentName: 'data-model.md', erd: edited });
      rendered(await preview.waitForMessage((m) => m.type === 'rendered', 30_000, before));
      assert.ok((await svgText(preview)).includes('submits'));
      const kept = await preview.page.evaluate(() => (window as unknown as { __erdState: PreviewState }).__erdState);
      assert.deepEqual(kept.view, zoomed.view);
      return kept;
    });
    const preview = await PreviewPage.open(browser, { state });
    try {
      rendered(await preview.render(sample));
      const restored = await preview.page.evaluate(() => (window as unknown as { __erdState: { view: unknown } }).__erdState.view);
      assert.deepEqual(restored, state.view);
      const transform = await preview.page.locator('#canvas').evaluate((canvas) => (canvas as HTMLElement).style.transform);
      const scale = Number(/scale\(([\d.]+)\)/.exec(transform)?.[1]);
      assert.ok(Math.abs(scale - state.view!.scale) < 1e-4, `${transform} vs ${JSON.stringify(state.view)}`);
      assert.ok(state.view!.scale > 1.2 * (await fittedScale(preview)), 'the restored zoom is not just a fresh fit');
    } finally {
      await preview.close();
    }
  });

  it('search marks matching tables and dims the rest', async () => {
    await withPage(async (preview) => {
      rendered(await preview.render(sample));
      await preview.page.locator('#search').fill('dataset');
      assert.equal(await preview.page.locator('#matches').innerText(), '3 found');
      assert.equal(await preview.page.locator('#canvas g.node.erd-match').count(), 3);
      assert.equal(await preview.page.locator('#canvas g.node.erd-dim').count(), 3);
      // Focus on the found table from the toolbar.
      const before = (await preview.posted()).length;
      await preview.page.locator('#depth').fill('0');
      await preview.page.locator('#focus-button').click();
      const focused = rendered(await preview.waitForMessage((m) => m.type === 'rendered', 30_000, before));
      assert.deepEqual(focused.focus, { entity: 'DATASETS', depth: 0 });
    });
  });

  it('focusing clears the search, so the focused table\'s neighbours are not dimmed', async () => {
    await withPage(async (preview) => {
      rendered(await preview.render(sample));
      await preview.page.locator('#search').fill('submissions');
      assert.equal(await preview.page.locator('#canvas g.node.erd-dim').count(), 5);
      const before = (await preview.posted()).length;
      await preview.page.locator('#focus-button').click(); // depth 1: submissions, users, tasks
      const focused = rendered(await preview.waitForMessage((m) => m.type === 'rendered', 30_000, before));
      assert.equal(focused.entities, 3);
      assert.equal(await preview.page.locator('#search').inputValue(), '');
      assert.equal(await preview.page.locator('#canvas g.node.erd-dim').count(), 0, 'neighbours of the focused table are dimmed');
    });
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`${theme} theme: the optional-cardinality circles are hollow (background-filled), never white dots on dark`, async () => {
      await withPage(async (preview) => {
        rendered(await preview.render(sample));
        const { fills, background } = await preview.page.evaluate(() => ({
          fills: Array.from(document.querySelectorAll('#canvas svg marker circle'), (circle) => getComputedStyle(circle).fill),
          background: (document.getElementById('canvas') as HTMLElement).dataset.background ?? '',
        }));
        assert.ok(fills.length > 0, 'no marker circles: the sample has zero-or-more ends');
        const hex = (rgb: string) => '#' + (rgb.match(/\d+/g) ?? []).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('');
        for (const fill of fills) assert.equal(hex(fill), background.toLowerCase(), `marker filled ${fill} on ${background}`);
        if (theme === 'dark') assert.ok(fills.every((fill) => fill !== 'rgb(255, 255, 255)'));
        // The export carries the same fills (they are attributes of the SVG, not page CSS).
        const exported = await preview.page.evaluate(() => new XMLSerializer().serializeToString(document.querySelector('#canvas svg')!));
        assert.doesNotMatch(exported, /<circle[^>]*fill="white"/);
      }, theme);
    });
  }

  it('shows each table\'s sensitivity as a badge on its header, with a legend of the levels used', async () => {
    await withPage(async (preview) => {
      rendered(await preview.render(sample));
      const badges = await preview.page.evaluate(() =>
        Object.fromEntries(Array.from(document.querySelectorAll<SVGGElement>('#canvas g.node[data-entity]'), (node) => [node.dataset.entity, node.querySelector<SVGGElement>('g.erd-badge')?.dataset.sensitivity ?? ''])),
      );
      assert.deepEqual(badges, { USERS: 'High', DATASETS: 'Low', DATASET_ITEMS: 'Low', DATASET_ANSWERS: 'CRITICAL', TASKS: 'Low', SUBMISSIONS: 'Medium' });
      assert.equal(await preview.page.locator('#canvas rect.erd-header').count(), 6);
      assert.deepEqual(await preview.page.locator('#legend .erd-legend-item').allInnerTexts(), ['Low', 'Medium', 'High', 'CRITICAL']);
      assert.ok(await preview.page.locator('#legend').isVisible());
    });
  });

  it('"Fit" never shrinks text below 11 px: a big model is fitted to the width and panned', async () => {
    const large = erdFromText(largeDocument(60));
    await withPage(async (preview) => {
      rendered(await preview.render(large, undefined, 120_000));
      await preview.page.locator('#fit').click();
      const { textPx, svgWidth, paneWidth } = await preview.page.evaluate(() => {
        const text = document.querySelector('#canvas g.node g.label.attribute-name text')!;
        return {
          textPx: text.getBoundingClientRect().height,
          svgWidth: document.querySelector('#canvas svg')!.getBoundingClientRect().width,
          paneWidth: document.getElementById('viewport')!.clientWidth,
        };
      });
      assert.ok(textPx >= 10.5, `attribute text is ${textPx.toFixed(1)} px tall at Fit`);
      assert.ok(svgWidth > paneWidth * 0.5, `the diagram is ${svgWidth} px wide in a ${paneWidth} px pane: not fitted to the width`);
    });
  });

  it('a 200-table model renders, and its focus view works', async () => {
    const large = erdFromText(largeDocument(200));
    assert.equal(large.source, 'document');
    assert.equal(large.entities.length, 200);
    await withPage(async (preview) => {
      const full = rendered(await preview.render(large, undefined, 180_000));
      assert.equal(full.entities, 200);
      const before = (await preview.posted()).length;
      await preview.send({ type: 'focus', focus: { entity: tableName(10), depth: 1 } });
      const focused = rendered(await preview.waitForMessage((m) => m.type === 'rendered', 60_000, before));
      // table_010: parent table_003 (⌊9/3⌋), children 031, 032, 033.
      assert.deepEqual(await drawnEntities(preview), ['TABLE_003', 'TABLE_010', 'TABLE_031', 'TABLE_032', 'TABLE_033']);
      assert.equal(focused.entities, 5);
      console.log(`    200 tables: full render ${full.milliseconds} ms, focus (5 tables) ${focused.milliseconds} ms`);
    });
  });
});
