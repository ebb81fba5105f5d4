/**
 * The focus view of a large model: one table and its neighbours up to N relationships away.
 * Pure and browser-safe (the webview bundle imports it, so does the CLI): relationships are
 * followed in both directions, because "what touches submissions" is the question whichever
 * side holds the foreign key.
 */
import type { Diagram } from '../model/types';

export interface FocusResult {
  /** The sub-diagram: the kept entities and every relationship between two kept entities. */
  diagram: Diagram;
  /** The centre's name as the diagram spells it (`SUBMISSIONS` for a request of `submissions`). */
  center: string;
  /** Steps from the centre, per kept entity name. */
  distances: Map<string, number>;
}

/** Deepest focus the UI offers; deeper than this is the whole model for any real schema. */
export const MAX_FOCUS_DEPTH = 10;

/**
 * Finds `name` among the diagram's entities (and the names only relationships mention):
 * exact first, then ignoring case, so the table name `dataset_items` finds `DATASET_ITEMS`.
 */
export function findDiagramEntity(diagram: Diagram, name: string): string | undefined {
  const names = allNames(diagram);
  if (names.includes(name)) return name;
  const wanted = name.trim().toLowerCase();
  return names.find((candidate) => candidate.toLowerCase() === wanted);
}

/** Entity names in diagram order: blocks first, then names that only relationships mention. */
function allNames(diagram: Diagram): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  const add = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    names.push(name);
  };
  for (const entity of diagram.entities) add(entity.name);
  for (const relationship of diagram.relationships) {
    add(relationship.left);
    add(relationship.right);
  }
  return names;
}

/**
 * The sub-diagram around `center`, `depth` steps out (0: the table alone). Undefined when the
 * diagram has no such entity. Entity order and relationship order follow the input, so the
 * emitted text is stable and the preview's "unchanged text, no re-render" check works.
 */
export function focusDiagram(diagram: Diagram, center: string, depth: number): FocusResult | undefined {
  const found = findDiagramEntity(diagram, center);
  if (found === undefined) return undefined;
  const steps = Math.max(0, Math.min(MAX_FOCUS_DEPTH, Math.floor(Number.isFinite(depth) ? depth : 0)));

  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string): void => {
    if (!neighbours.has(a)) neighbours.set(a, new Set());
    neighbours.get(a)!.add(b);
  };
  for (const relationship of diagram.relationships) {
    link(relationship.left, relationship.right);
    link(relationship.right, relationship.left);
  }

  // Breadth-first: the first time a name is reached is its distance.
  const distances = new Map<string, number>([[found, 0]]);
  let frontier = [found];
  for (let step = 1; step <= steps && frontier.length > 0; step++) {
    const next: string[] = [];
    for (const name of frontier) {
      for (const neighbour of neighbours.get(name) ?? []) {
        if (distances.has(neighbour)) continue;
        distances.set(neighbour, step);
        next.push(neighbour);
      }
    }
    frontier = next;
  }

  const kept = (name: string): boolean => distances.has(name);
  return {
    center: found,
    distances,
    diagram: {
      entities: diagram.entities.filter((entity) => kept(entity.name)),
      relationships: diagram.relationships.filter((relationship) => kept(relationship.left) && kept(relationship.right)),
    },
  };
}
