/**
 * Export of the current view (the rendered diagram, whole, in the current focus and theme) as
 * a standalone SVG file or a PNG. The SVG gets the pane's background as a rectangle, so a
 * dark-theme export is readable on a white page. The PNG is drawn through a canvas from the
 * same SVG; labels are SVG text (no foreignObject), so the canvas stays exportable.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';
/** Chrome's canvas limits: 32,767 px a side and ~268 M pixels; stay well inside both. */
const MAX_SIDE = 16_000;
const MAX_PIXELS = 120_000_000;

export interface ExportSize {
  width: number;
  height: number;
}

/** The diagram's natural size, from its viewBox. */
export function svgSize(svg: SVGSVGElement): ExportSize {
  const box = svg.viewBox.baseVal;
  if (box && box.width > 0 && box.height > 0) return { width: box.width, height: box.height };
  const bounds = svg.getBBox();
  return { width: Math.max(1, bounds.width), height: Math.max(1, bounds.height) };
}

/** A reference to something outside the SVG: `url(...)` not to `#id`, or `@import`. */
const EXTERNAL_CSS = /@import\b[^;]*;?|url\(\s*(?!['"]?#)[^)]*\)/gi;

/**
 * Removes from an SVG (in place) whatever could reach outside it or run: scripts, foreign
 * objects, event handlers, links and CSS `url()`/`@import` to anything but the SVG's own ids.
 * Mermaid's theme and markers use only `url(#…)`, so an export keeps everything we drew.
 * Returns how many things were removed (0 for any diagram our theme drew).
 */
export function scrubSvg(root: Element): number {
  let removed = 0;
  root.querySelectorAll('script, foreignObject, iframe, object, embed, image, use[href]:not([href^="#"])').forEach((node) => {
    node.remove();
    removed++;
  });
  for (const element of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value;
      const externalLink = (name === 'href' || name === 'xlink:href' || name === 'src') && !value.startsWith('#');
      if (name.startsWith('on') || externalLink) {
        element.removeAttribute(attribute.name);
        removed++;
      } else if (EXTERNAL_CSS.test(value)) {
        element.setAttribute(attribute.name, value.replace(EXTERNAL_CSS, 'none'));
        removed++;
      }
      EXTERNAL_CSS.lastIndex = 0;
    }
  }
  root.querySelectorAll('style').forEach((style) => {
    const text = style.textContent ?? '';
    const clean = text.replace(EXTERNAL_CSS, 'none');
    if (clean !== text) {
      style.textContent = clean;
      removed++;
    }
  });
  return removed;
}

export function exportSvg(svg: SVGSVGElement, background: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  scrubSvg(copy);
  const { width, height } = svgSize(svg);
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('width', String(Math.ceil(width)));
  copy.setAttribute('height', String(Math.ceil(height)));
  copy.removeAttribute('style');
  // Preview-only decoration (cursor highlight, search dimming) is not part of the export.
  for (const node of copy.querySelectorAll('.erd-highlight, .erd-match, .erd-dim, .erd-revealable')) {
    node.classList.remove('erd-highlight', 'erd-match', 'erd-dim', 'erd-revealable');
  }
  const box = svg.viewBox.baseVal;
  const rect = document.createElementNS(SVG_NS, 'rect');
  rect.setAttribute('x', String(box?.x ?? 0));
  rect.setAttribute('y', String(box?.y ?? 0));
  rect.setAttribute('width', String(width));
  rect.setAttribute('height', String(height));
  rect.setAttribute('fill', background);
  copy.insertBefore(rect, copy.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/** PNG bytes as base64 (no `data:` prefix), at `scale` pixels per SVG unit when the limits allow. */
export async function exportPng(svg: SVGSVGElement, background: string, scale = 2): Promise<string> {
  const text = exportSvg(svg, background);
  const { width, height } = svgSize(svg);
  const fitted = Math.min(scale, MAX_SIDE / width, MAX_SIDE / height, Math.sqrt(MAX_PIXELS / (width * height)));
  const pixelWidth = Math.max(1, Math.round(width * fitted));
  const pixelHeight = Math.max(1, Math.round(height * fitted));

  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the diagram could not be drawn as an image'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = pixelWidth;
    canvas.height = pixelHeight;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas available');
    context.fillStyle = background;
    context.fillRect(0, 0, pixelWidth, pixelHeight);
    context.drawImage(image, 0, 0, pixelWidth, pixelHeight);
    const dataUrl = canvas.toDataURL('image/png');
    return dataUrl.slice(dataUrl.indexOf(',') + 1);
  } finally {
    URL.revokeObjectURL(url);
  }
}
