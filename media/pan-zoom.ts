/**
 * Pan and zoom by CSS transform on the element holding the SVG (the SVG itself is never
 * re-laid out, so zooming a 200-table diagram is instant). Mouse wheel zooms around the
 * pointer, dragging pans, `+`/`-` zoom around the centre, `0` fits. The transform is reported
 * through `onChange` so the preview can keep it in the webview state across reloads.
 */
import type { ViewTransform } from '../client/src/preview/messages';

const MIN_SCALE = 0.02;
const MAX_SCALE = 8;
const KEY_STEP = 1.25;
/** Pointer travel (px) below which a press-release is a click, not a drag. */
export const DRAG_THRESHOLD = 4;

export class PanZoom {
  private view: ViewTransform = { scale: 1, x: 0, y: 0 };
  private content = { width: 0, height: 0 };
  /** The smallest scale at which the diagram's text is readable (see `setReadableScale`). */
  private readableScale = 0;
  private drag: { pointerId: number; startX: number; startY: number; x: number; y: number; moved: boolean } | undefined;
  /** True right after a drag ended, so the click that follows is not taken as a click on an entity. */
  private justDragged = false;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly canvas: HTMLElement,
    private readonly onChange: (view: ViewTransform) => void,
  ) {
    viewport.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    viewport.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    viewport.addEventListener('pointermove', (event) => this.onPointerMove(event));
    viewport.addEventListener('pointerup', (event) => this.onPointerUp(event));
    viewport.addEventListener('pointercancel', (event) => this.onPointerUp(event));
    // On the document, not the viewport: keys work wherever the pane has focus (except in inputs).
    viewport.ownerDocument.addEventListener('keydown', (event) => this.onKey(event));
  }

  get transform(): ViewTransform {
    return { ...this.view };
  }

  /** Whether the last pointer gesture was a drag (the click handler asks before revealing). */
  consumeDrag(): boolean {
    const dragged = this.justDragged;
    this.justDragged = false;
    return dragged;
  }

  setContentSize(width: number, height: number): void {
    this.content = { width, height };
  }

  /** Fit never goes below this scale: a big model is fitted to the width, or shown at this size, and panned. */
  setReadableScale(scale: number): void {
    this.readableScale = Number.isFinite(scale) && scale > 0 ? scale : 0;
  }

  set(view: ViewTransform): void {
    const scale = clamp(view.scale, MIN_SCALE, MAX_SCALE);
    this.view = { scale, x: finite(view.x), y: finite(view.y) };
    this.apply();
  }

  fit(): void {
    const { clientWidth, clientHeight } = this.viewport;
    const { width, height } = this.content;
    if (width <= 0 || height <= 0 || clientWidth <= 0 || clientHeight <= 0) return;
    const margin = 16;
    const toWidth = Math.min((clientWidth - 2 * margin) / width, 1.5);
    const whole = Math.min(toWidth, (clientHeight - 2 * margin) / height);
    if (whole >= this.readableScale) {
      const scale = clamp(whole, MIN_SCALE, MAX_SCALE);
      this.set({ scale, x: (clientWidth - width * scale) / 2, y: (clientHeight - height * scale) / 2 });
      return;
    }
    // The whole model would make its text too small to read: fit the width if that is readable,
    // else the readable size; start at the top (left) and let the user pan to the rest.
    const scale = clamp(Math.max(toWidth, this.readableScale), MIN_SCALE, MAX_SCALE);
    const x = width * scale <= clientWidth - 2 * margin ? (clientWidth - width * scale) / 2 : margin;
    this.set({ scale, x, y: margin });
  }

  /** Zooms by `factor` keeping the pane point (px, py) still. */
  zoomAt(factor: number, px: number, py: number): void {
    const scale = clamp(this.view.scale * factor, MIN_SCALE, MAX_SCALE);
    const ratio = scale / this.view.scale;
    this.set({ scale, x: px - (px - this.view.x) * ratio, y: py - (py - this.view.y) * ratio });
  }

  zoomCentre(factor: number): void {
    this.zoomAt(factor, this.viewport.clientWidth / 2, this.viewport.clientHeight / 2);
  }

  /** Pans so that the content point (cx, cy) (in SVG user units) is in the pane's centre. */
  centreOn(cx: number, cy: number): void {
    this.set({ ...this.view, x: this.viewport.clientWidth / 2 - cx * this.view.scale, y: this.viewport.clientHeight / 2 - cy * this.view.scale });
  }

  private apply(): void {
    this.canvas.style.transform = `translate(${this.view.x}px, ${this.view.y}px) scale(${this.view.scale})`;
    this.onChange(this.transform);
  }

  private onWheel(event: WheelEvent): void {
    event.preventDefault();
    const bounds = this.viewport.getBoundingClientRect();
    // Trackpad pinches arrive as ctrl+wheel with small deltas; mouse wheels as ±100.
    const factor = Math.exp(-event.deltaY * (event.ctrlKey ? 0.01 : 0.0015));
    this.zoomAt(factor, event.clientX - bounds.left, event.clientY - bounds.top);
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0 || (event.target as Element | null)?.closest?.('#toolbar')) return;
    this.drag = { pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, x: this.view.x, y: this.view.y, moved: false };
    this.justDragged = false;
  }

  private onPointerMove(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    if (!drag.moved) {
      drag.moved = true;
      this.viewport.setPointerCapture(event.pointerId);
      this.viewport.classList.add('dragging');
    }
    this.set({ ...this.view, x: drag.x + dx, y: drag.y + dy });
  }

  private onPointerUp(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    this.drag = undefined;
    this.justDragged = drag.moved;
    this.viewport.classList.remove('dragging');
    if (this.viewport.hasPointerCapture(event.pointerId)) this.viewport.releasePointerCapture(event.pointerId);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.target instanceof HTMLInputElement) return;
    if (event.key === '+' || event.key === '=') this.zoomCentre(KEY_STEP);
    else if (event.key === '-' || event.key === '_') this.zoomCentre(1 / KEY_STEP);
    else if (event.key === '0') this.fit();
    else return;
    event.preventDefault();
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, Number.isFinite(value) ? value : 1));
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}
