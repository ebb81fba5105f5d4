/**
 * A loopback HTTP server for the headless preview page: the page (same HTML and CSP as the VS
 * Code panel), the webview bundle and its stylesheet, nothing else. Bound to 127.0.0.1 on a
 * free port, so nothing outside the machine can reach it, and closed after the render.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newNonce, previewPageHtml } from '../../../media/page';
import type { PreviewState } from '../../../client/src/preview/messages';
import type { PreviewAssets } from './assets';

export type HeadlessTheme = 'light' | 'dark' | 'high-contrast';

export interface PageServer {
  origin: string;
  /** URL of a page with this theme and initial webview state. */
  pageUrl(theme: HeadlessTheme, state?: PreviewState): string;
  close(): Promise<void>;
}

const BODY_CLASS: Record<HeadlessTheme, string> = {
  light: 'vscode-light',
  dark: 'vscode-dark',
  'high-contrast': 'vscode-high-contrast',
};

/**
 * Stands in for VS Code's `acquireVsCodeApi`: messages the webview posts are collected in
 * `window.__erdPosted` (the renderer waits on them), state lives in memory.
 */
function bootScript(state: PreviewState | undefined): string {
  return `(() => {
  let state = ${JSON.stringify(state ?? null).replace(/</g, '\\u003c')} ?? undefined;
  window.__erdPosted = [];
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => { window.__erdPosted.push(message); },
    getState: () => state,
    setState: (next) => { state = next; window.__erdState = next; },
  });
})();`;
}

export async function startPageServer(assets: PreviewAssets): Promise<PageServer> {
  const [script, style] = await Promise.all([readFile(assets.script), readFile(assets.style)]);
  let origin = '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const send = (type: string, body: string | Buffer): void => {
      response.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      response.end(body);
    };
    if (url.pathname === '/preview.js') return send('text/javascript; charset=utf-8', script);
    if (url.pathname === '/preview.css') return send('text/css; charset=utf-8', style);
    if (url.pathname === '/') {
      const theme = (url.searchParams.get('theme') as HeadlessTheme | null) ?? 'light';
      const stateText = url.searchParams.get('state');
      const state = stateText ? (JSON.parse(stateText) as PreviewState) : undefined;
      return send(
        'text/html; charset=utf-8',
        previewPageHtml({
          cspSource: origin,
          nonce: newNonce(),
          scriptUri: `${origin}/preview.js`,
          styleUri: `${origin}/preview.css`,
          bodyClass: BODY_CLASS[theme] ?? BODY_CLASS.light,
          bootScript: bootScript(state),
        }),
      );
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    pageUrl: (theme, state) => `${origin}/?theme=${encodeURIComponent(theme)}${state ? `&state=${encodeURIComponent(JSON.stringify(state))}` : ''}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
