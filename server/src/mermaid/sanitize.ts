/**
 * The one gate between a document and mermaid: every name and label of a diagram the preview
 * or `data-model erd` draws passes through `sanitizeDiagram` (entities, attributes, types,
 * comments, relationship ends and labels; written in the document's fence or derived from its
 * tables). A document is untrusted input, and mermaid reads configuration from the diagram
 * text itself: a `%%{init: {"themeCSS": "… url(https://…)"}}%%` directive anywhere in it (even
 * inside a column name or a quoted label) lands in the SVG's <style> (a tracking pixel), and
 * `{"htmlLabels": true}` would turn labels into HTML. So:
 *
 * - `%` never appears twice in a row (no `%%` directive or comment can start), and `#word;`
 *   entity codes are broken up so mermaid cannot decode them into such characters later;
 * - attribute names and types keep letters, digits, `_` and `-` only (anything else is `_`): they
 *   are syntax in mermaid's grammar, so nothing else is needed and nothing else is safe;
 * - quoted text (labels, comments) loses `"`, braces and line breaks.
 *
 * The renderer also locks mermaid's configuration (`media/render.ts`), and the exported SVG is
 * checked for anything our theme did not put there (`media/export.ts`, the CLI).
 */
import type { Diagram } from '../model/types';

/** No `%%` (directives, comments) and no `#name;` entity codes. */
function withoutDirectives(text: string): string {
  return text.replace(/%{2,}/g, '%').replace(/#(?=[\w]+;)/g, '#\u200b').replace(/[\r\n]+/g, ' ');
}

/** An entity name: drawn quoted when it is not a plain word, so only the quote itself and directive characters must go. */
export function sanitizeName(name: string): string {
  return withoutDirectives(name).replace(/["{}<>`]/g, '_').trim() || '_';
}

/** An attribute's name or type: a bare word in mermaid's grammar. */
export function sanitizeWord(word: string): string {
  return word.normalize('NFC').replace(/[^\p{L}\p{N}_-]/gu, '_') || '_';
}

/** Text inside mermaid's double quotes: a label or a comment. */
export function sanitizeLabel(text: string): string {
  return withoutDirectives(text).replace(/"/g, '\u201d').replace(/[{}]/g, '').replace(/%(?=\{)/g, '');
}

/** The diagram as mermaid may see it. */
export function sanitizeDiagram(diagram: Diagram): Diagram {
  return {
    entities: diagram.entities.map((entity) => ({
      ...entity,
      name: sanitizeName(entity.name),
      attributes: entity.attributes.map((attribute) => {
        const clean = { ...attribute, type: sanitizeWord(attribute.type), name: sanitizeWord(attribute.name) };
        if (attribute.comment !== undefined) clean.comment = sanitizeLabel(attribute.comment);
        return clean;
      }),
    })),
    relationships: diagram.relationships.map((relationship) => ({
      ...relationship,
      left: sanitizeName(relationship.left),
      right: sanitizeName(relationship.right),
      label: sanitizeLabel(relationship.label),
    })),
  };
}
