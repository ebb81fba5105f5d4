// The webview probe: lets a test look into a webview and click in it as a user does.
//
// Why: the extension host cannot see inside a webview (it only exchanges messages with it),
// but the runner drives the browser that shows the workbench, and playwright reaches every
// frame of that page, including each webview's inner iframe. So the test asks the runner:
//
//   test (extension host)                       runner (Node, playwright)
//   writes <dir>/<id>.request.json   ───────►   finds the one frame showing `frame`,
//                                               queries or clicks `selector` (a real mouse
//   reads  <dir>/<id>.response.json  ◄───────   click through Chromium's input pipeline)
//
// <dir> is in DATA_MODEL_TEST_WEBVIEW_PROBE, set by the code-server host only (it owns the
// browser). The desktop host has no page to drive: tests that need the probe skip there.
// This file holds the protocol (both sides import it, so it cannot drift) and the test side.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const WEBVIEW_PROBE_ENV = 'DATA_MODEL_TEST_WEBVIEW_PROBE';

export const REQUEST_SUFFIX = '.request.json';
export const RESPONSE_SUFFIX = '.response.json';

interface ProbeTarget {
  /** A CSS selector only the wanted webview's document matches (its frame is found by it). */
  frame: string;
  /** What to query or click inside that frame. */
  selector: string;
}

export type WebviewProbeRequest =
  /** The `attribute` of every element matching `selector` (empty list: none yet). */
  | (ProbeTarget & { id: string; action: 'attributes'; attribute: string })
  /** The text content of every element matching `selector` (empty list: none yet). */
  | (ProbeTarget & { id: string; action: 'text' })
  /** A mouse click on the centre of the first element matching `selector`. */
  | (ProbeTarget & { id: string; action: 'click' })
  /** A PNG of the first element matching `selector`, written to `path` (docs/screenshots/). */
  | (ProbeTarget & { id: string; action: 'screenshot'; path: string });

export type WebviewProbeResponse = { id: string; ok: true; values: string[] } | { id: string; ok: false; error: string };

/** Writes `value` to `file` atomically: the other side polls and must never read half a file. */
export function writeJsonAtomically(file: string, value: unknown): void {
  const partial = `${file}.partial`;
  writeFileSync(partial, JSON.stringify(value));
  renameSync(partial, file);
}

// ─── Test side (extension host) ─────────────────────────────────────────────

let sequence = 0;

/** Whether the runner serves probe requests (false on the desktop host). */
export function webviewProbeAvailable(): boolean {
  return Boolean(process.env[WEBVIEW_PROBE_ENV]);
}

type ProbeInput =
  | Omit<Extract<WebviewProbeRequest, { action: 'attributes' }>, 'id'>
  | Omit<Extract<WebviewProbeRequest, { action: 'text' }>, 'id'>
  | Omit<Extract<WebviewProbeRequest, { action: 'click' }>, 'id'>
  | Omit<Extract<WebviewProbeRequest, { action: 'screenshot' }>, 'id'>;

/** The workbench's own frame (the page itself): for probes of the editor title bar, the status bar… */
export const WORKBENCH_FRAME = 'body > .monaco-workbench';

/** Sends one request to the runner and waits for its answer; throws the runner's error. */
export async function probeWebview(input: ProbeInput, timeoutMs = 20_000): Promise<string[]> {
  const dir = process.env[WEBVIEW_PROBE_ENV];
  if (!dir) throw new Error(`${WEBVIEW_PROBE_ENV} is not set: this host cannot look into webviews`);
  const id = `${process.pid}-${Date.now()}-${++sequence}`;
  const responseFile = path.join(dir, `${id}${RESPONSE_SUFFIX}`);
  writeJsonAtomically(path.join(dir, `${id}${REQUEST_SUFFIX}`), { ...input, id } satisfies WebviewProbeRequest);
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(responseFile)) {
    if (Date.now() > deadline) {
      throw new Error(`the runner did not answer the webview probe "${input.action} ${input.selector}" within ${timeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const response = JSON.parse(readFileSync(responseFile, 'utf8')) as WebviewProbeResponse;
  rmSync(responseFile, { force: true });
  if (!response.ok) throw new Error(`webview probe "${input.action} ${input.selector}": ${response.error}`);
  return response.values;
}
