/**
 * The ERD preview webview: receives the diagram from the extension (`diagram` messages carry
 * the server's `dataModel/erd` response), renders it with mermaid, and offers pan/zoom, search,
 * a focus view, click-to-reveal, cursor highlighting and export. The same bundle runs in the
 * CLI's headless page, which speaks the same messages through a stand-in `acquireVsCodeApi`.
 *
 * Rendering happens only when the text mermaid would draw changes (the full diagram or the
 * focus view, plus the theme): an edit that does not touch the diagram costs nothing here.
 */
import type { ErdEntity, ErdResponse } from '../server/src/api/protocol';
import { emitErDiagram } from '../server/src/mermaid/emit';
import { findDiagramEntity, focusDiagram, MAX_FOCUS_DEPTH } from '../server/src/mermaid/focus';
import type { ExportFormat, FocusState, FromWebview, PreviewState, ToWebview } from '../client/src/preview/messages';
import { decorateEntities, hollowMarkers, renderLegend } from './decorations';
import { exportPng, exportSvg, svgSize } from './export';
import { PanZoom } from './pan-zoom';
import { Renderer } from './render';
import { readTheme, type PreviewTheme } from './theme';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): PreviewState | undefined;
  setState(state: PreviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const state: PreviewState = { ...(vscode.getState() ?? {}) };
const saveState = (): void => vscode.setState(state);

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the preview page lacks #${id}`);
  return found as T;
}

const viewport = element<HTMLDivElement>('viewport');
const canvas = element<HTMLDivElement>('canvas');
const status = element<HTMLDivElement>('status');
const notice = element<HTMLDivElement>('notice');
const errorBox = element<HTMLDivElement>('error');
const sourceBadge = element<HTMLSpanElement>('source');
const searchInput = element<HTMLInputElement>('search');
const matchesLabel = element<HTMLSpanElement>('matches');
const depthInput = element<HTMLInputElement>('depth');
/** Sensitivity legend, bottom left of the diagram (created here: the page has no slot for it). */
const legend = document.createElement('div');
legend.id = 'legend';
legend.className = 'erd-legend';
legend.hidden = true;
viewport.append(legend);
/** Text smaller than this (CSS px) at "Fit" is unreadable: fit stops here and the user pans. */
const MIN_TEXT_PX = 11;

const renderer = new Renderer();
const panZoom = new PanZoom(viewport, canvas, (view) => {
  state.view = view;
  saveState();
});

/** The last response from the server, and which document it describes. */
let erd: ErdResponse | undefined;
let documentName = '';
/** The last render asked for (theme + text; drawn, failed or in flight): the same key is never rendered twice. */
let requestedKey: string | undefined;
let renderedFocusKey: string | undefined;
let nodes = new Map<string, SVGGElement>();
let highlighted: string | undefined;
let searchHits: string[] = [];
let searchCursor = -1;

// ─── Rendering ──────────────────────────────────────────────────────────────

/** The text to draw now: the focus view when one is set (and its table exists), else everything. */
function currentText(): { text: string; focus?: FocusState } {
  if (!erd) return { text: '' };
  if (state.focus) {
    const focused = focusDiagram(erd.diagram, state.focus.entity, state.focus.depth);
    if (focused) return { text: emitErDiagram(focused.diagram).join('\n'), focus: { entity: focused.center, depth: state.focus.depth } };
    showNotice(`${state.focus.entity} is no longer in the diagram; showing the whole model.`);
    state.focus = undefined;
    saveState();
  }
  return { text: erd.mermaid };
}

async function update(): Promise<void> {
  if (!erd) return;
  const theme = readTheme();
  const { text, focus } = currentText();
  reflectControls();
  const key = `${theme.key}\n${text}`;
  if (key === requestedKey) {
    // Same drawing; the sensitivity ratings may still have changed.
    if (canvas.querySelector('svg')) {
      decorateEntities(nodes, erd.entities, theme);
      renderLegend(legend, erd.entities, theme);
    }
    decorate();
    return;
  }
  requestedKey = key;
  if (erd.diagram.entities.length === 0 && erd.diagram.relationships.length === 0) {
    canvas.replaceChildren();
    nodes = new Map();
    showStatus(erd.sourceNote);
    return;
  }
  showStatus(`Rendering ${erd.entities.length > 50 ? `${erd.entities.length} tables` : 'the diagram'}…`, true);
  const outcome = await renderer.request({ text, theme });
  if (!outcome) return; // superseded by a newer request, which will draw
  if (outcome.kind === 'error') {
    showError(outcome.message, outcome.line, outcome.lineText);
    post({ type: 'renderError', message: outcome.message, line: outcome.line });
    return;
  }
  install(outcome.svg, outcome.renderId, theme);
  const focusKey = focus ? `${focus.entity}/${focus.depth}` : '';
  // A different subject (another focus, or the first render) is fitted; edits keep the view.
  if (renderedFocusKey !== focusKey) {
    if (renderedFocusKey === undefined && state.view) panZoom.set(state.view);
    else panZoom.fit();
    renderedFocusKey = focusKey;
  }
  post({ type: 'rendered', entities: nodes.size, milliseconds: Math.round(outcome.milliseconds), focus });
}

function install(svgText: string, renderId: string, theme: PreviewTheme): void {
  // Parsed as XML and adopted, never assigned as HTML: nothing in it is interpreted as page markup.
  const parsed = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const svg = document.importNode(parsed.documentElement, true) as unknown as SVGSVGElement;
  const { width, height } = svgSize(svg);
  svg.removeAttribute('style'); // mermaid's max-width would fight the zoom
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  canvas.replaceChildren(svg);
  canvas.dataset.background = theme.background;
  panZoom.setContentSize(width, height);
  hollowMarkers(svg, theme.background);
  panZoom.setReadableScale(readableScale(svg, width));
  errorBox.hidden = true;
  status.hidden = true;

  nodes = new Map();
  const prefix = `${renderId}-entity-`;
  for (const node of Array.from(svg.querySelectorAll<SVGGElement>('g.node'))) {
    const match = node.id.startsWith(prefix) ? /^(.*)-\d+$/.exec(node.id.slice(prefix.length)) : null;
    const name = match?.[1];
    if (!name) continue;
    node.dataset.entity = name;
    const located = entityNamed(name);
    if (located?.range) node.classList.add('erd-revealable');
    nodes.set(name, node);
  }
  decorateEntities(nodes, erd?.entities ?? [], theme);
  renderLegend(legend, erd?.entities ?? [], theme);
  decorate();
}

/** The scale at which the diagram's attribute text is MIN_TEXT_PX tall on screen. */
function readableScale(svg: SVGSVGElement, width: number): number {
  const text = svg.querySelector<SVGTextElement>('g.node g.label text');
  if (!text) return 0;
  const fontSize = parseFloat(getComputedStyle(text).fontSize);
  const viewBox = svg.viewBox.baseVal;
  const unit = viewBox && viewBox.width > 0 ? width / viewBox.width : 1;
  return fontSize > 0 ? MIN_TEXT_PX / (fontSize * unit) : 0;
}

// ─── Decoration: cursor highlight and search ───────────────────────────────

function decorate(): void {
  const query = searchInput.value.trim().toLowerCase();
  searchHits = [];
  for (const [name, node] of nodes) {
    const table = entityNamed(name)?.table ?? name;
    const hit = query !== '' && (name.toLowerCase().includes(query) || table.toLowerCase().includes(query));
    if (hit) searchHits.push(name);
    node.classList.toggle('erd-match', hit);
    node.classList.toggle('erd-dim', query !== '' && !hit);
    node.classList.toggle('erd-highlight', name === highlighted);
  }
  matchesLabel.textContent = query === '' ? '' : searchHits.length === 0 ? 'no match' : `${searchHits.length} found`;
}

function entityNamed(name: string): ErdEntity | undefined {
  return erd?.entities.find((entity) => entity.name === name);
}

function centreOn(name: string): void {
  const node = nodes.get(name);
  const svg = canvas.querySelector('svg');
  if (!node || !svg) return;
  const box = node.getBBox();
  const matrix = node.getCTM();
  const root = svg.getCTM();
  if (!matrix || !root) return;
  // The node's centre in the SVG's own pixel space (before our CSS transform).
  const centre = new DOMPoint(box.x + box.width / 2, box.y + box.height / 2).matrixTransform(root.inverse().multiply(matrix));
  const viewBox = svg.viewBox.baseVal;
  const { width } = svgSize(svg);
  const unit = viewBox && viewBox.width > 0 ? width / viewBox.width : 1;
  panZoom.centreOn((centre.x - (viewBox?.x ?? 0)) * unit, (centre.y - (viewBox?.y ?? 0)) * unit);
}

// ─── Focus view ─────────────────────────────────────────────────────────────

function setFocus(focus: FocusState | undefined): void {
  if (focus && erd) {
    const name = findDiagramEntity(erd.diagram, focus.entity);
    if (!name) {
      showNotice(`No table named ${focus.entity} in the diagram.`);
      return;
    }
    const depth = Math.max(0, Math.min(MAX_FOCUS_DEPTH, Math.floor(focus.depth)));
    state.focus = { entity: name, depth };
    // The focus view is the answer to the search: keeping its dimming would grey out the neighbours.
    clearSearch();
  } else {
    state.focus = focus;
  }
  saveState();
  void update();
}

function clearSearch(): void {
  searchInput.value = '';
  state.search = '';
  searchCursor = -1;
}

function reflectControls(): void {
  element<HTMLButtonElement>('all-button').disabled = !state.focus;
  if (state.focus) depthInput.value = String(state.focus.depth);
  const focusLabel = state.focus ? ` · focus: ${state.focus.entity}, depth ${state.focus.depth}` : '';
  if (erd) {
    sourceBadge.textContent = `${erd.source === 'document' ? 'Diagram as written' : 'Derived from tables'}${focusLabel}`;
    sourceBadge.title = erd.sourceNote;
    sourceBadge.dataset.source = erd.source;
  }
}

// ─── Messages ───────────────────────────────────────────────────────────────

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

async function exportView(format: ExportFormat, requestId: number): Promise<void> {
  const svg = canvas.querySelector('svg');
  if (!svg) {
    post({ type: 'exportFailed', requestId, message: 'Nothing is rendered yet.' });
    return;
  }
  const background = canvas.dataset.background ?? '#ffffff';
  try {
    if (format === 'svg') post({ type: 'exported', requestId, format, data: exportSvg(svg, background), encoding: 'utf8' });
    else post({ type: 'exported', requestId, format, data: await exportPng(svg, background), encoding: 'base64' });
  } catch (error) {
    post({ type: 'exportFailed', requestId, message: error instanceof Error ? error.message : String(error) });
  }
}

function receive(message: ToWebview): void {
  switch (message.type) {
    case 'diagram': {
      const switched = state.documentUri !== undefined && state.documentUri !== message.documentUri;
      if (switched) {
        // Another document: its own subject, fitted, unfocused.
        state.focus = undefined;
        state.view = undefined;
        renderedFocusKey = undefined;
      }
      state.documentUri = message.documentUri;
      saveState();
      erd = message.erd;
      documentName = message.documentName;
      document.title = `ERD: ${documentName}`;
      const problems = erd.problems.filter((problem) => problem.severity === 'error').length;
      showNotice(erd.source === 'tables' || problems > 0 ? erd.sourceNote : '');
      void update();
      return;
    }
    case 'highlight':
      highlighted = message.entity;
      decorate();
      return;
    case 'focus':
      setFocus(message.focus);
      return;
    case 'export':
      void exportView(message.format, message.requestId);
      return;
    case 'failure':
      showError(message.message);
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  if (event.data && typeof event.data === 'object' && typeof event.data.type === 'string') receive(event.data);
});

// ─── Status areas ───────────────────────────────────────────────────────────

function showStatus(text: string, busy = false): void {
  status.textContent = text;
  status.hidden = text === '';
  status.classList.toggle('busy', busy);
}

function showNotice(text: string): void {
  notice.textContent = text;
  notice.hidden = text === '';
}

function showError(message: string, line?: number, lineText?: string): void {
  // textContent only: mermaid quotes the diagram in its messages.
  errorBox.replaceChildren();
  const title = document.createElement('strong');
  title.textContent = line !== undefined ? `The diagram cannot be drawn: error on line ${line}` : 'The diagram cannot be drawn';
  const detail = document.createElement('pre');
  detail.textContent = lineText !== undefined ? `${message}\n\nLine ${line}: ${lineText}` : message;
  errorBox.append(title, detail);
  errorBox.hidden = false;
  status.hidden = true;
}

// ─── Controls ───────────────────────────────────────────────────────────────

canvas.addEventListener('click', (event) => {
  if (panZoom.consumeDrag()) return;
  const node = (event.target as Element | null)?.closest<SVGGElement>('g.node[data-entity]');
  const name = node?.dataset.entity;
  if (name) post({ type: 'reveal', entity: name });
});
canvas.addEventListener('dblclick', (event) => {
  const name = (event.target as Element | null)?.closest<SVGGElement>('g.node[data-entity]')?.dataset.entity;
  if (name) setFocus({ entity: name, depth: Number(depthInput.value) || 1 });
});

searchInput.value = state.search ?? '';
searchInput.addEventListener('input', () => {
  state.search = searchInput.value;
  saveState();
  searchCursor = -1;
  decorate();
});
searchInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && searchHits.length > 0) {
    searchCursor = (searchCursor + 1) % searchHits.length;
    centreOn(searchHits[searchCursor]!);
    event.preventDefault();
  } else if (event.key === 'Escape') {
    searchInput.value = '';
    searchInput.dispatchEvent(new Event('input'));
  }
});

element('focus-button').addEventListener('click', () => {
  const target = searchHits[Math.max(0, searchCursor)] ?? highlighted ?? state.focus?.entity;
  if (!target) {
    showNotice('Type a table name in the search box (or put the cursor in a table) to focus on it.');
    return;
  }
  setFocus({ entity: target, depth: Number(depthInput.value) || 0 });
});
depthInput.addEventListener('change', () => {
  if (state.focus) setFocus({ entity: state.focus.entity, depth: Number(depthInput.value) || 0 });
});
element('all-button').addEventListener('click', () => setFocus(undefined));
element('zoom-in').addEventListener('click', () => panZoom.zoomCentre(1.25));
element('zoom-out').addEventListener('click', () => panZoom.zoomCentre(0.8));
element('fit').addEventListener('click', () => panZoom.fit());
element('export-svg').addEventListener('click', () => void exportView('svg', 0));
element('export-png').addEventListener('click', () => void exportView('png', 0));

// VS Code switches themes by changing <body>'s class and <html>'s style (the colour variables).
const themeObserver = new MutationObserver(() => void update());
themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

post({ type: 'ready' });
