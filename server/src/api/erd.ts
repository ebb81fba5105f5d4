/**
 * `dataModel/erd`: document text → the diagram the ERD preview (and `data-model erd`) renders.
 *
 * The diagram is re-emitted from the data model rather than copied from the fence, so a
 * written diagram with a few unreadable lines still previews (those lines are left out and
 * reported), and when the written diagram is missing or lost entities to its errors, one is
 * derived from the Entity Definitions and the foreign keys instead. The response says which.
 */
import { emitErDiagram } from '../mermaid/emit';
import { sanitizeDiagram } from '../mermaid/sanitize';
import { diagramEntityFor, diagramNameFor } from '../mermaid/diagram';
import { readMarkdown } from '../markdown/reader';
import { loadSqlParser } from '../markdown/sql-fences';
import type { Cardinality, DataModel, Diagram, Entity, Problem, Relationship, SourceRange } from '../model/types';
import { rangeOf, stripRanges } from '../model/util';
import { securityRowFor } from '../rules/model-queries';
import { textSizeRefusal } from './document-size';
import type { ErdEntity, ErdParams, ErdResponse, ErdSource } from './protocol';

/** The request handler: loads the SQL parser (once; foreign keys live in SQL fences) and reads. */
export async function erdRequest(params: ErdParams): Promise<ErdResponse> {
  const text = typeof params?.text === 'string' ? params.text : '';
  const refusal = textSizeRefusal(text);
  if (refusal) {
    return {
      mermaid: emitErDiagram({ entities: [], relationships: [] }).join('\n'),
      source: 'tables',
      sourceNote: refusal,
      diagram: { entities: [], relationships: [] },
      entities: [],
      problems: [{ message: refusal, range: rangeOf(0, 0, 0, 0), severity: 'error' }],
    };
  }
  // Without the parser the written diagram still previews; only derived relationships are lost.
  await loadSqlParser().catch(() => undefined);
  return erdFromText(text);
}

/** Pure: reads the document and builds the response (call `loadSqlParser()` once first). */
export function erdFromText(text: string): ErdResponse {
  const { model, problems } = readMarkdown(text);
  return erdFromModel(model, problems);
}

export function erdFromModel(model: DataModel, readProblems: readonly Problem[]): ErdResponse {
  const written = model.diagram;
  const problems = readProblems.filter((problem) => problem.code === 'DM003' || within(problem.range, written.range));
  const choice = chooseSource(model, problems);
  // Everything mermaid will see passes the one sanitiser (written and derived alike).
  const diagram = sanitizeDiagram(stripRanges(choice.diagram));
  return {
    mermaid: emitErDiagram(diagram).join('\n'),
    source: choice.source,
    sourceNote: choice.note,
    diagram,
    entities: locateEntities(model, diagram),
    problems,
  };
}

interface SourceChoice {
  source: ErdSource;
  diagram: Diagram;
  note: string;
}

function chooseSource(model: DataModel, problems: readonly Problem[]): SourceChoice {
  const written = model.diagram;
  const errors = problems.filter((problem) => problem.severity === 'error');
  const writtenNames = new Set(written.entities.map((entity) => entity.name.toLowerCase()));
  const missing = model.entities.filter((entity) => !writtenNames.has(diagramNameFor(entity.name).toLowerCase()));
  const skipped = errors.length === 0 ? '' : ` ${plural(errors.length, 'line')} of it could not be read and ${errors.length === 1 ? 'is' : 'are'} left out (first at line ${errors[0]!.range.start.line + 1}).`;

  if (written.entities.length > 0 && (errors.length === 0 || missing.length === 0)) {
    return { source: 'document', diagram: written, note: `The document's erDiagram, as written.${skipped}` };
  }
  if (model.entities.length === 0) {
    if (written.entities.length > 0) return { source: 'document', diagram: written, note: `The document's erDiagram, as written.${skipped}` };
    return { source: 'tables', diagram: { entities: [], relationships: [] }, note: 'The document has no erDiagram and no table definitions yet.' };
  }
  const why =
    written.range === undefined
      ? 'the document has no erDiagram'
      : written.entities.length === 0
        ? 'the document\u2019s erDiagram has no readable entity'
        : `the document\u2019s erDiagram has errors and lacks ${plural(missing.length, 'defined table')} (${missing
            .slice(0, 3)
            .map((entity) => entity.name)
            .join(', ')}${missing.length > 3 ? ', …' : ''}); fix it to see it as written`;
  return { source: 'tables', diagram: diagramFromTables(model), note: `Derived from the Entity Definitions and foreign keys: ${why}.` };
}

/** The diagram the tables imply: one box per table, one line per foreign key (parent on the left). */
export function diagramFromTables(model: DataModel): Diagram {
  const relationships: Relationship[] = [];
  for (const foreignKey of model.foreignKeys) {
    const child = model.entities.find((entity) => entity.name === foreignKey.table);
    const columns = foreignKey.columns.map((name) => child?.columns.find((column) => column.name === name));
    const nullable = columns.some((column) => column?.nullable === true);
    // A foreign key that is also unique (or the primary key) allows one child per parent.
    const single =
      columns.length === 1 && columns[0] !== undefined && (columns[0].unique || columns[0].primaryKey);
    const leftCardinality: Cardinality = nullable ? 'zero-or-one' : 'exactly-one';
    const rightCardinality: Cardinality = single ? 'zero-or-one' : 'zero-or-more';
    relationships.push({
      left: diagramNameFor(foreignKey.refTable),
      right: diagramNameFor(foreignKey.table),
      leftCardinality,
      rightCardinality,
      identifying: !nullable,
      label: foreignKey.columns.join(', '),
    });
  }
  return { entities: model.entities.map(diagramEntityFor), relationships };
}

/** Every name the diagram draws, with the table that defines it (for click-to-reveal and cursor sync). */
function locateEntities(model: DataModel, diagram: Diagram): ErdEntity[] {
  const names: string[] = [];
  const add = (name: string): void => {
    if (!names.includes(name)) names.push(name);
  };
  for (const entity of diagram.entities) add(entity.name);
  for (const relationship of diagram.relationships) {
    add(relationship.left);
    add(relationship.right);
  }
  return names.map((name) => {
    const table = tableFor(model.entities, name);
    const block = model.diagram.entities.find((entity) => entity.name === name);
    const located: ErdEntity = { name, table: table?.name ?? name.toLowerCase() };
    if (table?.headingRange) located.range = table.headingRange;
    if (table?.range) located.sectionRange = table.range;
    if (block?.range) located.diagramRange = block.range;
    const sensitivity = securityRowFor(model, table?.name ?? name)?.sensitivity;
    if (sensitivity) located.sensitivity = sensitivity;
    return located;
  });
}

function tableFor(entities: readonly Entity[], diagramName: string): Entity | undefined {
  const wanted = diagramName.toLowerCase();
  return entities.find((entity) => diagramNameFor(entity.name) === diagramName) ?? entities.find((entity) => entity.name.toLowerCase() === wanted);
}

function within(range: SourceRange, outer: SourceRange | undefined): boolean {
  return outer !== undefined && range.start.line >= outer.start.line && range.end.line <= outer.end.line;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
