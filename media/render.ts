/**
 * Mermaid, the only place the webview calls it. Rendering is single-flight: while one render
 * runs, newer requests collapse into one "latest" follow-up, and a render whose result is no
 * longer wanted is dropped instead of drawn (a 200-table model takes seconds; typing must not
 * queue a render per keystroke). Parse runs first so a broken diagram reports mermaid's own
 * message and line instead of leaving a blank pane or mermaid's bomb icon.
 */
import { PREVIEW_MERMAID_SETTINGS } from './mermaid-settings';
import type { PreviewTheme } from './theme';

/**
 * Mermaid is an ES module and this project type-checks as CommonJS, so it is loaded with
 * import(); esbuild inlines it into the one IIFE bundle all the same (no chunk is fetched).
 */
const mermaidModule = import('mermaid').then((module) => module.default);

export interface RenderRequest {
  text: string;
  theme: PreviewTheme;
}

export type RenderOutcome =
  | { kind: 'svg'; svg: string; renderId: string; milliseconds: number }
  | { kind: 'error'; message: string; line?: number; lineText?: string };

let renderCount = 0;

type Mermaid = Awaited<typeof mermaidModule>;

function configure(mermaid: Mermaid, theme: PreviewTheme): void {
  mermaid.initialize({
    ...PREVIEW_MERMAID_SETTINGS,
    ...theme.mermaid,
    // Keys a diagram's own `%%{init}%%` directive may never change (the server's sanitiser
    // already removes directives; this holds even if one slipped through): no CSS or colours
    // from the document, no HTML labels, no looser security.
    secure: LOCKED_CONFIG_KEYS,
  });
}

const LOCKED_CONFIG_KEYS = [
  'secure', 'securityLevel', 'startOnLoad', 'maxTextSize', 'maxEdges', 'suppressErrorRendering',
  'htmlLabels', 'theme', 'themeVariables', 'themeCSS', 'fontFamily', 'altFontFamily', 'fontSize',
  'darkMode', 'look', 'layout', 'elk', 'er', 'flowchart', 'deterministicIds', 'deterministicIDSeed', 'arrowMarkerAbsolute', 'dompurifyConfig',
];

/**
 * How long one render may take before the preview gives up on it and says so. A render that
 * never settles (mermaid waiting on itself after a bad diagram) must not keep every later
 * diagram from drawing: the loop moves on and the late result, if any, is dropped.
 */
export const RENDER_DEADLINE_MS = 60_000;

function withDeadline(work: Promise<RenderOutcome>, ms: number): Promise<RenderOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<RenderOutcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ kind: 'error', message: `The diagram did not finish drawing within ${Math.round(ms / 1000)} s; it is too large or malformed. Use the focus view to draw part of it.` }),
      ms,
    );
  });
  return Promise.race([work.catch((error: unknown) => ({ kind: 'error' as const, message: error instanceof Error ? error.message : String(error) })), late]).finally(() => clearTimeout(timer));
}

/** Mermaid's parse errors carry the line (1-based) in `hash.loc` or in the message text. */
function errorLine(error: unknown): number | undefined {
  const hash = (error as { hash?: { loc?: { first_line?: number }; line?: number } } | undefined)?.hash;
  if (typeof hash?.loc?.first_line === 'number') return hash.loc.first_line;
  if (typeof hash?.line === 'number') return hash.line + 1;
  const match = /line (\d+)/i.exec(error instanceof Error ? error.message : String(error));
  return match ? Number(match[1]) : undefined;
}

async function renderOnce(request: RenderRequest): Promise<RenderOutcome> {
  const mermaid = await mermaidModule;
  configure(mermaid, request.theme);
  try {
    await mermaid.parse(request.text);
  } catch (error) {
    const line = errorLine(error);
    const lineText = line !== undefined ? request.text.split('\n')[line - 1] : undefined;
    return { kind: 'error', message: error instanceof Error ? error.message : String(error), line, lineText };
  }
  const renderId = `erd-${++renderCount}`;
  const started = performance.now();
  try {
    const { svg } = await mermaid.render(renderId, request.text);
    return { kind: 'svg', svg, renderId, milliseconds: performance.now() - started };
  } catch (error) {
    // Mermaid leaves its scratch element behind when layout fails.
    document.getElementById(`d${renderId}`)?.remove();
    return { kind: 'error', message: error instanceof Error ? error.message : String(error), line: errorLine(error) };
  }
}

/** Renders the latest request; superseded requests resolve to undefined without drawing. */
export class Renderer {
  constructor(private readonly deadlineMs = RENDER_DEADLINE_MS) {}

  private running = false;
  private latest: RenderRequest | undefined;
  private waiters: ((outcome: RenderOutcome | undefined) => void)[] = [];

  request(request: RenderRequest): Promise<RenderOutcome | undefined> {
    this.latest = request;
    for (const waiter of this.waiters.splice(0)) waiter(undefined); // superseded
    const result = new Promise<RenderOutcome | undefined>((resolve) => this.waiters.push(resolve));
    if (!this.running) void this.loop();
    return result;
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.latest) {
        const request = this.latest;
        this.latest = undefined;
        // Never stuck: a render that throws or never settles becomes an error outcome.
        const outcome = await withDeadline(renderOnce(request), this.deadlineMs);
        // A newer request arrived meanwhile: this result is stale, render again.
        if (this.latest) continue;
        for (const waiter of this.waiters.splice(0)) waiter(outcome);
      }
    } finally {
      this.running = false;
    }
  }
}
