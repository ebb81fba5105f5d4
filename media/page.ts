/**
 * The ERD preview's HTML page, shared by the VS Code panel, the `data-model erd` headless
 * renderer and the webview tests, so all three run the bundle under the same CSP:
 * scripts by nonce only (nothing from the document can run), styles allow 'unsafe-inline'
 * because mermaid writes a <style> into each SVG, images only from the extension (and the
 * data:/blob: URLs the PNG export draws through).
 */

export interface PreviewPageOptions {
  /** `webview.cspSource` in VS Code; the loopback origin in the headless page. */
  cspSource: string;
  /** Fresh per page load. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** Script run before the bundle (the headless page's stand-in for `acquireVsCodeApi`). */
  bootScript?: string;
  /** VS Code sets the theme class itself; the headless page states it. */
  bodyClass?: string;
}

export function previewContentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data: blob:`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/** 32 random bytes as hex: unguessable, so only our own <script> tags run. */
export function newNonce(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function previewPageHtml(options: PreviewPageOptions): string {
  const nonce = attribute(options.nonce);
  const boot = options.bootScript ? `\n  <script nonce="${nonce}">${options.bootScript.replace(/<\/script/gi, '<\\/script')}</script>` : '';
  const bodyClass = options.bodyClass ? ` class="${attribute(options.bodyClass)}"` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attribute(previewContentSecurityPolicy(options.cspSource, options.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${attribute(options.styleUri)}">
  <title>ERD Preview</title>
</head>
<body${bodyClass}>
  <div id="toolbar" role="toolbar" aria-label="ERD preview">
    <span id="source" class="source" title=""></span>
    <input id="search" type="search" placeholder="Find table…" aria-label="Find table" spellcheck="false">
    <span id="matches" class="matches" aria-live="polite"></span>
    <span class="group">
      <button id="focus-button" type="button" title="Focus on the found or highlighted table and its neighbours">Focus</button>
      <label class="depth" title="Relationship steps shown around the focused table">depth
        <input id="depth" type="number" min="0" max="10" value="1" aria-label="Focus depth">
      </label>
      <button id="all-button" type="button" title="Show the whole model">Whole model</button>
    </span>
    <span class="group">
      <button id="zoom-out" type="button" title="Zoom out (-)">−</button>
      <button id="zoom-in" type="button" title="Zoom in (+)">+</button>
      <button id="fit" type="button" title="Fit to the pane (0)">Fit</button>
    </span>
    <span class="group">
      <button id="export-svg" type="button" title="Export the current view as SVG">SVG</button>
      <button id="export-png" type="button" title="Export the current view as PNG">PNG</button>
    </span>
  </div>
  <div id="notice" class="notice" hidden></div>
  <div id="error" class="error" role="alert" hidden></div>
  <div id="viewport" tabindex="0" aria-label="Entity relationship diagram">
    <div id="canvas"></div>
    <div id="status" class="status">Waiting for the document…</div>
  </div>${boot}
  <script nonce="${nonce}" src="${attribute(options.scriptUri)}"></script>
</body>
</html>
`;
}
