/**
 * A reader for the part of Mermaid's `erDiagram` language that data-model documents use.
 * It is a line grammar, so a hand-written reader is smaller than any dependency and gives
 * us exact ranges:
 *
 *   erDiagram
 *   NAME {
 *   type name [PK|FK|UK[, …]] ["comment"]
 *   }
 *   A <card>--<card> B : label        (`..` instead of `--` when not identifying)
 */
import type { Cardinality, Diagram, DiagramAttribute, DiagramEntity, Problem, Relationship, SourceRange } from '../model/types';
import { rangeOf } from '../model/util';

/** One line of diagram source and where it is in the document. */
export interface DiagramSourceLine {
  text: string;
  /** 0-based document line. */
  line: number;
  /** Character offset of `text[0]` on that line (non-zero when the fence is indented). */
  character?: number;
}

export const DIAGRAM_KEYWORD = 'erDiagram';

const NAME = String.raw`(?:[A-Za-z_][\w-]*|"[^"]*")`;
const CARDINALITY = String.raw`(?:\|\||\|o|o\||\}o|o\{|\}\||\|\{)`;
const ENTITY_OPEN = new RegExp(String.raw`^(${NAME})\s*\{$`);
const ENTITY_BARE = new RegExp(String.raw`^(${NAME})$`);
const ATTRIBUTE = /^([^\s"]+)\s+([^\s"]+)((?:\s+(?:PK|FK|UK)(?:\s*,\s*(?:PK|FK|UK))*)?)(?:\s+"([^"]*)")?$/;
const RELATIONSHIP = new RegExp(
  String.raw`^(${NAME})\s*(${CARDINALITY})(--|\.\.)(${CARDINALITY})\s*(${NAME})\s*:\s*(.*)$`,
);

function cardinalityOf(marker: string): Cardinality {
  switch (marker) {
    case '||':
      return 'exactly-one';
    case '|o':
    case 'o|':
      return 'zero-or-one';
    case '}o':
    case 'o{':
      return 'zero-or-more';
    default:
      // `}|` and `|{`
      return 'one-or-more';
  }
}

function unquote(name: string): string {
  return name.startsWith('"') && name.endsWith('"') && name.length >= 2 ? name.slice(1, -1) : name;
}

function isSkippable(text: string): boolean {
  return text === '' || text.startsWith('%%');
}

/**
 * Whether a line can belong to an erDiagram outside a fence (or in a fence that was never
 * closed): used to find where such a diagram ends. Bare entity names are not accepted
 * there, because a plain word such as a table name would otherwise be swallowed.
 */
export function looksLikeDiagramLine(text: string, insideEntity: boolean): boolean {
  const trimmed = text.trim();
  if (insideEntity) return trimmed === '}' || ATTRIBUTE.test(trimmed) || isSkippable(trimmed);
  return (
    trimmed === DIAGRAM_KEYWORD ||
    isSkippable(trimmed) ||
    ENTITY_OPEN.test(trimmed) ||
    RELATIONSHIP.test(trimmed) ||
    /^direction\s+(TB|BT|LR|RL)$/.test(trimmed)
  );
}

/**
 * How many of `lines` (from the first) form a diagram when it is not delimited by a fence:
 * the `erDiagram` line and every following line that fits the grammar.
 */
export function unfencedDiagramLength(lines: readonly string[]): number {
  let insideEntity = false;
  let count = 0;
  for (const text of lines) {
    if (!looksLikeDiagramLine(text, insideEntity)) break;
    const trimmed = text.trim();
    if (!insideEntity && ENTITY_OPEN.test(trimmed)) insideEntity = true;
    else if (insideEntity && trimmed === '}') insideEntity = false;
    count++;
  }
  return count;
}

/**
 * Parse diagram lines into a `Diagram`. Lines that do not fit the grammar are reported as
 * DM003 and skipped; the rest is still read.
 */
export function parseErDiagram(lines: readonly DiagramSourceLine[]): { diagram: Diagram; problems: Problem[] } {
  const problems: Problem[] = [];
  const entities: DiagramEntity[] = [];
  const relationships: Relationship[] = [];
  let current: DiagramEntity | undefined;
  let sawKeyword = false;

  const rangeOfLine = (source: DiagramSourceLine): SourceRange => {
    const base = source.character ?? 0;
    const start = source.text.search(/\S/);
    const end = source.text.trimEnd().length;
    return rangeOf(source.line, base + Math.max(start, 0), source.line, base + end);
  };
  const report = (source: DiagramSourceLine, message: string): void => {
    problems.push({ message, range: rangeOfLine(source), severity: 'error', code: 'DM003' });
  };

  for (const source of lines) {
    const text = source.text.trim();
    if (isSkippable(text)) continue;

    if (!sawKeyword) {
      if (text === DIAGRAM_KEYWORD || text.startsWith(DIAGRAM_KEYWORD + ' ')) {
        sawKeyword = true;
        continue;
      }
      report(source, `Expected \`${DIAGRAM_KEYWORD}\` as the diagram's first line.`);
      // Read on: the rest may still be an entity-relationship diagram.
      sawKeyword = true;
    }

    if (current) {
      if (text === '}') {
        const range = current.range!;
        current.range = rangeOf(range.start.line, range.start.character, source.line, rangeOfLine(source).end.character);
        current = undefined;
        continue;
      }
      const attribute = ATTRIBUTE.exec(text);
      if (attribute) {
        const keys = attribute[3]!
          .split(',')
          .map((key) => key.trim())
          .filter((key): key is DiagramAttribute['keys'][number] => key === 'PK' || key === 'FK' || key === 'UK');
        const parsed: DiagramAttribute = { type: attribute[1]!, name: attribute[2]!, keys, range: rangeOfLine(source) };
        if (attribute[4] !== undefined) parsed.comment = attribute[4];
        current.attributes.push(parsed);
      } else {
        report(source, `Cannot read this attribute of ${current.name}: expected \`type name [PK|FK|UK] ["comment"]\`.`);
      }
      continue;
    }

    const open = ENTITY_OPEN.exec(text);
    if (open) {
      current = { name: unquote(open[1]!), attributes: [], range: rangeOfLine(source) };
      entities.push(current);
      continue;
    }
    const relationship = RELATIONSHIP.exec(text);
    if (relationship) {
      relationships.push({
        left: unquote(relationship[1]!),
        leftCardinality: cardinalityOf(relationship[2]!),
        identifying: relationship[3] === '--',
        rightCardinality: cardinalityOf(relationship[4]!),
        right: unquote(relationship[5]!),
        label: unquote(relationship[6]!.trim()),
        range: rangeOfLine(source),
      });
      continue;
    }
    const bare = ENTITY_BARE.exec(text);
    if (bare) {
      entities.push({ name: unquote(bare[1]!), attributes: [], range: rangeOfLine(source) });
      continue;
    }
    if (/^direction\s+(TB|BT|LR|RL)$/.test(text)) continue;
    report(source, 'Cannot read this erDiagram line: expected an entity block `NAME {`, `}` or a relationship `A ||--o{ B : "label"`.');
  }

  if (current) {
    problems.push({
      message: `The block of ${current.name} is not closed with \`}\`.`,
      range: current.range!,
      severity: 'error',
      code: 'DM003',
    });
  }

  const diagram: Diagram = { entities, relationships };
  if (lines.length > 0) {
    const first = lines[0]!;
    const last = lines[lines.length - 1]!;
    diagram.range = rangeOf(first.line, first.character ?? 0, last.line, (last.character ?? 0) + last.text.length);
  }
  return { diagram, problems };
}
