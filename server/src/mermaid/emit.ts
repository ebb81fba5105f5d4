/**
 * Mermaid `erDiagram` text for a `Diagram`, in the reference's layout: the keyword, entity
 * blocks (attributes unindented), then relationship lines. `parse.ts` reads it back.
 */
import type { Cardinality, Diagram, DiagramAttribute, DiagramEntity, Relationship } from '../model/types';
import { DIAGRAM_KEYWORD } from './parse';

const LEFT_MARKER: Record<Cardinality, string> = {
  'exactly-one': '||',
  'zero-or-one': '|o',
  'zero-or-more': '}o',
  'one-or-more': '}|',
};

const RIGHT_MARKER: Record<Cardinality, string> = {
  'exactly-one': '||',
  'zero-or-one': 'o|',
  'zero-or-more': 'o{',
  'one-or-more': '|{',
};

/** Names that are not plain words are quoted, as Mermaid allows. */
function entityName(name: string): string {
  return /^[A-Za-z_][\w-]*$/.test(name) ? name : `"${name}"`;
}

function attributeLine(attribute: DiagramAttribute): string {
  let line = `${attribute.type} ${attribute.name}`;
  if (attribute.keys.length > 0) line += ` ${attribute.keys.join(', ')}`;
  if (attribute.comment !== undefined) line += ` "${attribute.comment}"`;
  return line;
}

function entityLines(entity: DiagramEntity): string[] {
  return [`${entityName(entity.name)} {`, ...entity.attributes.map(attributeLine), '}'];
}

function relationshipLine(relationship: Relationship): string {
  const link = relationship.identifying ? '--' : '..';
  return (
    `${entityName(relationship.left)} ${LEFT_MARKER[relationship.leftCardinality]}${link}` +
    `${RIGHT_MARKER[relationship.rightCardinality]} ${entityName(relationship.right)} : "${relationship.label}"`
  );
}

/** The diagram's lines, starting with `erDiagram`, without the surrounding fence. */
export function emitErDiagram(diagram: Diagram): string[] {
  return [DIAGRAM_KEYWORD, ...diagram.entities.flatMap(entityLines), ...diagram.relationships.map(relationshipLine)];
}
