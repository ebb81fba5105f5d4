/**
 * Edge crossings of a rendered ERD: reads the relationship paths out of mermaid's SVG, flattens
 * each into line segments (curves sampled) and counts the points where two different
 * relationships cross. A figure for comparing layouts (mermaid versions, dagre against ELK), so
 * it only has to count the same way for every layout, not match a graph-drawing textbook.
 */

export interface Point {
  x: number;
  y: number;
}

/** Points sampled on each Bézier curve: enough that a crossing near a bend is still found. */
const CURVE_SAMPLES = 8;
/**
 * Intersections this close (px) to either path's end are not crossings: relationships of one
 * table meet at its border, and mermaid's paths may touch there.
 */
const END_TOLERANCE = 3;

/** The `d` attribute of each relationship line (ER edges carry `relationshipLine`) in the SVG. */
export function relationshipPaths(svg: string): string[] {
  const paths: string[] = [];
  for (const match of svg.matchAll(/<path\b[^>]*>/g)) {
    const tag = match[0];
    if (!/class="[^"]*relationshipLine[^"]*"/.test(tag)) continue;
    const d = /\sd="([^"]*)"/.exec(tag);
    if (d) paths.push(d[1]!);
  }
  return paths;
}

/** A path's `d` as a polyline (absolute and relative M, L, H, V, C, S, Q, T, Z; arcs as chords). */
export function flattenPath(d: string): Point[] {
  const tokens = d.match(/[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) ?? [];
  const points: Point[] = [];
  let index = 0;
  let command = '';
  let current: Point = { x: 0, y: 0 };
  let start: Point = { x: 0, y: 0 };
  let lastControl: Point | undefined;
  const number = () => Number(tokens[index++]);
  const point = (relative: boolean): Point => {
    const x = number();
    const y = number();
    return relative ? { x: current.x + x, y: current.y + y } : { x, y };
  };
  const sampleCubic = (p0: Point, p1: Point, p2: Point, p3: Point) => {
    for (let i = 1; i <= CURVE_SAMPLES; i++) {
      const t = i / CURVE_SAMPLES;
      const u = 1 - t;
      points.push({
        x: u * u * u * p0.x + 3 * u * u * t * p1.x + 3 * u * t * t * p2.x + t * t * t * p3.x,
        y: u * u * u * p0.y + 3 * u * u * t * p1.y + 3 * u * t * t * p2.y + t * t * t * p3.y,
      });
    }
  };
  const lineTo = (to: Point) => {
    current = to;
    points.push(to);
    lastControl = undefined;
  };
  const curveTo = (c1: Point, c2: Point, end: Point) => {
    sampleCubic(current, c1, c2, end);
    lastControl = c2;
    current = end;
  };
  while (index < tokens.length) {
    if (/[a-zA-Z]/.test(tokens[index]!)) command = tokens[index++]!;
    const relative = command === command.toLowerCase();
    switch (command.toUpperCase()) {
      case 'M':
        lineTo(point(relative));
        start = current;
        command = relative ? 'l' : 'L'; // further pairs are line-tos
        break;
      case 'L':
      case 'T': // a smooth quadratic's end: the chord is close enough for counting crossings
        lineTo(point(relative));
        break;
      case 'H':
        lineTo({ x: (relative ? current.x : 0) + number(), y: current.y });
        break;
      case 'V':
        lineTo({ x: current.x, y: (relative ? current.y : 0) + number() });
        break;
      case 'C': {
        const c1 = point(relative);
        const c2 = point(relative);
        curveTo(c1, c2, point(relative));
        break;
      }
      case 'S': {
        const c1 = lastControl ? { x: 2 * current.x - lastControl.x, y: 2 * current.y - lastControl.y } : current;
        const c2 = point(relative);
        curveTo(c1, c2, point(relative));
        break;
      }
      case 'Q': {
        const q = point(relative);
        const end = point(relative);
        // A quadratic as the cubic with the same shape.
        curveTo({ x: current.x + (2 / 3) * (q.x - current.x), y: current.y + (2 / 3) * (q.y - current.y) }, { x: end.x + (2 / 3) * (q.x - end.x), y: end.y + (2 / 3) * (q.y - end.y) }, end);
        lastControl = undefined;
        break;
      }
      case 'A':
        index += 5; // radii, rotation, flags: the chord is close enough for counting crossings
        lineTo(point(relative));
        break;
      case 'Z':
        lineTo(start);
        break;
      default:
        index++; // an unknown command's number: skip rather than loop forever
    }
  }
  return points;
}

/**
 * Where segments ab and cd meet. A segment owns its start but not its end (unless it is its
 * line's last), so a crossing exactly at a vertex of a polyline is counted once, not twice.
 */
function segmentIntersection(a: Point, b: Point, c: Point, d: Point, abLast: boolean, cdLast: boolean): Point | undefined {
  const denominator = (b.x - a.x) * (d.y - c.y) - (b.y - a.y) * (d.x - c.x);
  if (Math.abs(denominator) < 1e-9) return undefined; // parallel or collinear: not a crossing
  const t = ((c.x - a.x) * (d.y - c.y) - (c.y - a.y) * (d.x - c.x)) / denominator;
  const u = ((c.x - a.x) * (b.y - a.y) - (c.y - a.y) * (b.x - a.x)) / denominator;
  if (t < 0 || t > 1 || u < 0 || u > 1 || (t > 1 - 1e-9 && !abLast) || (u > 1 - 1e-9 && !cdLast)) return undefined;
  return { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) };
}

function nearEnd(point: Point, line: Point[]): boolean {
  const ends = [line[0]!, line[line.length - 1]!];
  return ends.some((end) => Math.hypot(point.x - end.x, point.y - end.y) <= END_TOLERANCE);
}

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function boundingBox(line: Point[]): Box {
  const xs = line.map((p) => p.x);
  const ys = line.map((p) => p.y);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

/** Crossings between different polylines (each pair of segments counted once). */
export function countCrossings(lines: Point[][]): number {
  const boxes = lines.map(boundingBox);
  let crossings = 0;
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const [p, q] = [boxes[i]!, boxes[j]!];
      if (p.maxX < q.minX || q.maxX < p.minX || p.maxY < q.minY || q.maxY < p.minY) continue;
      const [first, second] = [lines[i]!, lines[j]!];
      for (let s = 1; s < first.length; s++) {
        for (let t = 1; t < second.length; t++) {
          const hit = segmentIntersection(first[s - 1]!, first[s]!, second[t - 1]!, second[t]!, s === first.length - 1, t === second.length - 1);
          if (hit && !nearEnd(hit, first) && !nearEnd(hit, second)) crossings++;
        }
      }
    }
  }
  return crossings;
}

/** Relationship lines and their crossings in a rendered ERD's SVG. */
export function svgEdgeCrossings(svg: string): { edges: number; crossings: number } {
  const lines = relationshipPaths(svg).map(flattenPath).filter((line) => line.length >= 2);
  return { edges: lines.length, crossings: countCrossings(lines) };
}
