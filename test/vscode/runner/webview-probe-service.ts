// The runner's half of the webview probe (protocol and rationale: ../webview-probe.ts):
// answers the suite's requests by querying or clicking inside webview frames of the
// workbench page with playwright.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import {
  REQUEST_SUFFIX,
  RESPONSE_SUFFIX,
  writeJsonAtomically,
  type WebviewProbeRequest,
  type WebviewProbeResponse,
} from '../webview-probe';

const POLL_MS = 100;
const CLICK_TIMEOUT_MS = 5000;

export interface WebviewProbeService {
  stop(): Promise<void>;
}

/** The one frame whose document matches `frameSelector`. Webviews live in nested iframes
 *  (VS Code's host frame, then the content frame); page.frames() lists them all. */
async function frameShowing(page: Page, frameSelector: string): Promise<Frame> {
  const matches: Frame[] = [];
  for (const frame of page.frames()) {
    if (frame.isDetached()) continue;
    try {
      if (await frame.$(frameSelector)) matches.push(frame);
    } catch {
      // the frame navigated or went away meanwhile
    }
  }
  if (matches.length === 0) throw new Error(`no frame of the workbench shows ${frameSelector} (is the webview open and loaded?)`);
  if (matches.length > 1) throw new Error(`${matches.length} frames show ${frameSelector}: the request is ambiguous`);
  return matches[0];
}

async function answer(page: Page, request: WebviewProbeRequest): Promise<string[]> {
  const frame = await frameShowing(page, request.frame);
  switch (request.action) {
    case 'attributes':
      return frame.$$eval(
        request.selector,
        (elements, attribute) => elements.map((element) => element.getAttribute(attribute) ?? ''),
        request.attribute,
      );
    case 'text':
      return frame.$$eval(request.selector, (elements) => elements.map((element) => element.textContent ?? ''));
    case 'click':
      // A real click: playwright waits for the element to be visible and stable, checks that
      // nothing covers it, and sends mouse events at its centre.
      await frame.locator(request.selector).first().click({ timeout: CLICK_TIMEOUT_MS });
      return [];
    case 'screenshot':
      await frame.locator(request.selector).first().screenshot({ path: request.path, timeout: CLICK_TIMEOUT_MS, animations: 'disabled' });
      return [request.path];
  }
}

/** Serves requests written to `dir` until stopped. */
export function startWebviewProbeService(page: Page, dir: string): WebviewProbeService {
  mkdirSync(dir, { recursive: true });
  let stopped = false;
  const serve = async (): Promise<void> => {
    while (!stopped) {
      for (const name of readdirSync(dir).filter((file) => file.endsWith(REQUEST_SUFFIX)).sort()) {
        const file = path.join(dir, name);
        const id = name.slice(0, -REQUEST_SUFFIX.length);
        let response: WebviewProbeResponse;
        try {
          const request = JSON.parse(readFileSync(file, 'utf8')) as WebviewProbeRequest;
          response = { id, ok: true, values: await answer(page, request) };
        } catch (error) {
          // Playwright's message plus the start of its call log (why a click could not happen).
          response = { id, ok: false, error: error instanceof Error ? error.message.split('\n').slice(0, 8).join('\n') : String(error) };
        }
        rmSync(file, { force: true });
        writeJsonAtomically(path.join(dir, `${id}${RESPONSE_SUFFIX}`), response);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };
  const running = serve().catch((error: unknown) => {
    console.error(`webview probe service stopped: ${error instanceof Error ? error.message : String(error)}`);
  });
  return {
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}
