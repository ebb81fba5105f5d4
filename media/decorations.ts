/**
 * What the preview adds to mermaid's SVG after each render, in the SVG itself (attributes, not
 * page CSS) so exports and the CLI's images carry it too:
 *
 * - cardinality markers: mermaid draws the "zero" circles with `fill="white"`, hollow on a white
 *   page but solid white dots on a dark one; they take the diagram's background instead;
 * - entity headers: a band in the theme's accent colour behind the table name;
 * - sensitivity: a badge on the header (Low, Medium, High, CRITICAL from the Security
 *   Annotations), explained by the legend below the diagram.
 */
import type { ErdEntity } from '../server/src/api/protocol';
import type { PreviewTheme, SensitivityLevel } from './theme';

const SVG_NS = 'http://www.w3.org/2000/svg';
export const SENSITIVITY_ORDER: readonly SensitivityLevel[] = ['Low', 'Medium', 'High', 'CRITICAL'];

/** Marker circles drawn hollow by mermaid get the background as their fill. */
export function hollowMarkers(svg: SVGSVGElement, background: string): void {
  for (const circle of Array.from(svg.querySelectorAll<SVGCircleElement>('marker circle'))) {
    circle.setAttribute('fill', background);
    circle.style.fill = background;
  }
}

/** The vertical extent of an entity's header: from the box's top to its first attribute row. */
function headerBox(node: SVGGElement): { x: number; y: number; width: number; height: number } | undefined {
  const outer = node.querySelector<SVGGraphicsElement>(':scope > g.outer-path');
  const firstRow = node.querySelector<SVGGraphicsElement>(':scope > g.row-rect-odd, :scope > g.row-rect-even');
  if (!outer) return undefined;
  const box = outer.getBBox();
  const bottom = firstRow ? firstRow.getBBox().y : box.y + box.height;
  if (!(box.width > 0) || !(bottom > box.y)) return undefined;
  return { x: box.x, y: box.y, width: box.width, height: bottom - box.y };
}

/**
 * An SVG element; `fill` and `stroke` also go in its style attribute, because mermaid's
 * stylesheet (`.node rect { fill: … }`) outranks presentation attributes.
 */
function svgElement<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (attributes.fill !== undefined) element.style.fill = String(attributes.fill);
  if (attributes.stroke !== undefined) element.style.stroke = String(attributes.stroke);
  return element;
}

/** Header bands and sensitivity badges on every entity box (`nodes`: entity name → box). */
export function decorateEntities(nodes: ReadonlyMap<string, SVGGElement>, entities: readonly ErdEntity[], theme: PreviewTheme): void {
  const byName = new Map(entities.map((entity) => [entity.name, entity]));
  for (const [name, node] of nodes) {
    for (const element of node.querySelectorAll('.erd-header, .erd-badge')) element.remove();
    const header = headerBox(node);
    if (!header) continue;
    const band = svgElement('rect', {
      class: 'erd-header',
      x: header.x,
      y: header.y,
      width: header.width,
      height: header.height,
      fill: theme.header.background,
      stroke: theme.kind.startsWith('high-contrast') ? theme.header.foreground : 'none',
    });
    // After the box's background, before the rows and labels: the name stays on top.
    node.querySelector(':scope > g.outer-path')?.after(band);
    for (const text of Array.from(node.querySelectorAll<SVGTextElement>(':scope > g.label.name text, :scope > g.label.name tspan'))) {
      text.setAttribute('fill', theme.header.foreground);
      text.style.fill = theme.header.foreground;
    }
    const level = byName.get(name)?.sensitivity;
    if (!level) continue;
    node.dataset.sensitivity = level;
    const label = level === 'CRITICAL' ? 'CRIT' : level.toUpperCase();
    const height = Math.min(16, header.height - 6);
    const width = label.length * 7 + 10;
    const badge = svgElement('g', { class: 'erd-badge', 'data-sensitivity': level });
    const title = svgElement('title', {});
    title.textContent = `Sensitivity: ${level}`;
    badge.append(
      title,
      svgElement('rect', { x: header.x + header.width - width - 4, y: header.y + (header.height - height) / 2, width, height, rx: 3, fill: theme.sensitivity[level], stroke: 'none' }),
    );
    const text = svgElement('text', {
      x: header.x + header.width - width / 2 - 4,
      y: header.y + header.height / 2,
      'text-anchor': 'middle',
      'dominant-baseline': 'central',
      'font-size': 10,
      'font-weight': 'bold',
      fill: theme.badgeText,
    });
    text.textContent = label;
    badge.append(text);
    node.append(badge);
  }
}

/** The legend under the diagram: one swatch per sensitivity level the model uses; hidden when none. */
export function renderLegend(legend: HTMLElement, entities: readonly ErdEntity[], theme: PreviewTheme): void {
  const used = SENSITIVITY_ORDER.filter((level) => entities.some((entity) => entity.sensitivity === level));
  legend.replaceChildren();
  legend.hidden = used.length === 0;
  if (used.length === 0) return;
  const title = document.createElement('span');
  title.textContent = 'Sensitivity:';
  legend.append(title);
  for (const level of used) {
    const item = document.createElement('span');
    item.className = 'erd-legend-item';
    const swatch = document.createElement('span');
    swatch.className = 'erd-legend-swatch';
    swatch.style.background = theme.sensitivity[level];
    item.append(swatch, document.createTextNode(level));
    legend.append(item);
  }
}
