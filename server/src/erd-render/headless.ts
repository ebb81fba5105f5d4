/**
 * Renders the ERD with the webview bundle itself in headless Chromium (Debian's, or one the
 * user names; never a downloaded browser): the page receives the same messages the VS Code
 * panel does, so `data-model erd` draws exactly what the preview shows.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { ErdResponse } from '../api/protocol';
import type { ExportFormat, FocusState, FromWebview, PreviewState, ToWebview } from '../../../client/src/preview/messages';
import { findPreviewAssets } from './assets';
import { CHROMIUM_FLAGS } from './chromium-flags';
import { startPageServer, type HeadlessTheme, type PageServer } from './page-server';

const BROWSER_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** An error the CLI reports as an input/environment problem (exit 1) with this message. */
export class HeadlessRenderError extends Error {}

export function findChromium(explicit?: string): string {
  const wanted = explicit ?? process.env.DATA_MODEL_CHROMIUM;
  if (wanted) {
    if (!existsSync(wanted)) throw new HeadlessRenderError(`${wanted}: no such browser executable`);
    return wanted;
  }
  const found = BROWSER_CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new HeadlessRenderError(
      `no Chromium found (looked for ${BROWSER_CANDIDATES.join(', ')}); install it (Debian: apt-get install chromium) or name one with --browser PATH or DATA_MODEL_CHROMIUM`,
    );
  }
  return found;
}

export async function launchChromium(executablePath?: string): Promise<Browser> {
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new HeadlessRenderError('the playwright-core package is missing; it drives Chromium for the ERD export');
  }
  return playwright.chromium.launch({ executablePath: findChromium(executablePath), headless: true, args: CHROMIUM_FLAGS });
}

/** One preview page, driven like the extension drives the panel. */
export class PreviewPage {
  private constructor(
    readonly page: Page,
    private readonly server: PageServer,
  ) {}

  static async open(browser: Browser, options: { theme?: HeadlessTheme; state?: PreviewState; width?: number; height?: number } = {}): Promise<PreviewPage> {
    const assets = findPreviewAssets();
    if (!assets) throw new HeadlessRenderError('the preview bundle (dist/preview.js, media/preview.css) is missing; run the build');
    const server = await startPageServer(assets);
    try {
      const page = await browser.newPage({ viewport: { width: options.width ?? 1400, height: options.height ?? 900 } });
      const preview = new PreviewPage(page, server);
      await page.goto(server.pageUrl(options.theme ?? 'light', options.state));
      await preview.waitForMessage((message) => message.type === 'ready', 30_000);
      return preview;
    } catch (error) {
      await server.close();
      throw error;
    }
  }

  async send(message: ToWebview): Promise<void> {
    await this.page.evaluate((data) => window.postMessage(data, '*'), message);
  }

  /** Everything the webview posted so far. */
  async posted(): Promise<FromWebview[]> {
    return this.page.evaluate(() => (window as unknown as { __erdPosted: FromWebview[] }).__erdPosted.slice());
  }

  /** Waits for a posted message matching `predicate` that arrives after `after` earlier ones. */
  async waitForMessage(predicate: (message: FromWebview) => boolean, timeout = 60_000, after = 0): Promise<FromWebview> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = (await this.posted()).slice(after).find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new HeadlessRenderError(`the preview did not answer within ${Math.round(timeout / 1000)} s`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Sends the diagram (and focus) and waits for the render, or its error. */
  async render(erd: ErdResponse, focus?: FocusState, timeout = 120_000): Promise<FromWebview> {
    const before = (await this.posted()).length;
    if (focus) await this.send({ type: 'focus', focus });
    await this.send({ type: 'diagram', documentUri: 'file:///headless/data-model.md', documentName: 'data-model.md', erd });
    return this.waitForMessage((message) => message.type === 'rendered' || message.type === 'renderError', timeout, before);
  }

  async export(format: ExportFormat, timeout = 60_000): Promise<Buffer> {
    const before = (await this.posted()).length;
    const requestId = before + 1;
    await this.send({ type: 'export', format, requestId });
    const answer = await this.waitForMessage(
      (message) => (message.type === 'exported' || message.type === 'exportFailed') && message.requestId === requestId,
      timeout,
      before,
    );
    if (answer.type === 'exportFailed') throw new HeadlessRenderError(`export failed: ${answer.message}`);
    if (answer.type !== 'exported') throw new HeadlessRenderError('unexpected answer from the preview');
    return Buffer.from(answer.data, answer.encoding === 'base64' ? 'base64' : 'utf8');
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
    await this.server.close();
  }
}

export interface HeadlessRenderOptions {
  erd: ErdResponse;
  format: ExportFormat;
  theme?: HeadlessTheme;
  focus?: FocusState;
  browserPath?: string;
  /** The whole run (start, draw, export): past it the page and Chromium are closed and it fails. */
  timeoutMs?: number;
}

export type HeadlessRenderResult =
  | { ok: true; data: Buffer; entities: number; milliseconds: number }
  | { ok: false; message: string; line?: number };

/** Launches Chromium, renders, exports, closes everything. */
export async function renderErdHeadless(options: HeadlessRenderOptions): Promise<HeadlessRenderResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const browser = await launchChromium(options.browserPath);
  // A real deadline: mermaid's layout of a huge diagram runs in the page's one thread and never
  // yields, so waiting for its answer is not enough. Closing the browser ends it, and every
  // wait below then fails at once; the caller reports the deadline, not that failure.
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    void browser.close().catch(() => undefined);
  }, timeoutMs);
  try {
    return await drawAndExport(browser, options, timeoutMs);
  } catch (error) {
    if (expired) throw new HeadlessRenderError(`the diagram was not drawn within ${Math.round(timeoutMs / 1000)} s (${options.erd.diagram.entities.length} entities, ${options.erd.diagram.relationships.length} relationships); Chromium was closed. Draw part of it with --focus TABLE, or allow more time with --timeout SECONDS`);
    throw error;
  } finally {
    clearTimeout(timer);
    await browser.close().catch(() => undefined);
  }
}

async function drawAndExport(browser: Browser, options: HeadlessRenderOptions, timeoutMs: number): Promise<HeadlessRenderResult> {
  const preview = await PreviewPage.open(browser, { theme: options.theme });
  try {
      const outcome = await preview.render(options.erd, options.focus, timeoutMs);
      if (outcome.type === 'renderError') return { ok: false, message: outcome.message, line: outcome.line };
      if (outcome.type !== 'rendered') return { ok: false, message: 'unexpected answer from the preview' };
      const data = await preview.export(options.format);
      return { ok: true, data, entities: outcome.entities, milliseconds: outcome.milliseconds };
  } finally {
    await preview.close();
  }
}
