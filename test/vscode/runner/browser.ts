// Headless Debian Chromium showing code-server's workbench, driven by playwright-core (which
// downloads nothing: it is pointed at /usr/bin/chromium).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../../../server/src/erd-render/chromium-flags';

export const CHROMIUM_PATH = process.env.DATA_MODEL_CHROMIUM ?? '/usr/bin/chromium';


/** Console lines that are expected here and say nothing about the extension. */
const IGNORED_CONSOLE = [/open-vsx\.org/, /vsda/, /marketplace/i];

export interface Workbench {
  page: Page;
  /** Browser console lines (the extension host's console output is forwarded there too). */
  consoleLines: string[];
  screenshot(file: string): Promise<void>;
  /** Texts of the notifications on screen (an error toast usually says why a test failed). */
  notifications(): Promise<string[]>;
  close(): Promise<void>;
}

export async function openWorkbench(url: string): Promise<Workbench> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Install it with: bash scripts/ensure-system-packages.sh ` +
        '(Debian package chromium), or point DATA_MODEL_CHROMIUM at a Chromium binary.',
    );
  }
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    timeout: 60_000,
  });
  const consoleLines: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (message) => {
      const text = message.text();
      if (!IGNORED_CONSOLE.some((pattern) => pattern.test(text))) consoleLines.push(`[${message.type()}] ${text}`);
    });
    page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    return {
      page,
      consoleLines,
      screenshot: async (file) => {
        await page.screenshot({ path: file, timeout: 15_000 });
      },
      notifications: async () => {
        const texts = await page.locator('.notification-list-item-message').allInnerTexts();
        return texts.map((text) => text.trim()).filter(Boolean);
      },
      close: async () => {
        await browser.close().catch(() => undefined);
      },
    };
  } catch (error) {
    await browser.close().catch(() => undefined);
    throw error;
  }
}
