/**
 * Documents for the robustness tests: the 300-table document of the benchmarks (the Markdown
 * tests' `largeModel`, written by our writer), a small valid one to mutate, and hostile inputs.
 */
import { writeMarkdown } from '../../server/src/markdown/writer';
import { largeModel } from '../unit/markdown-models';

/** ~10,000 lines, ~350 KB. */
export function largeDocument(tables = 300): string {
  return writeMarkdown(largeModel(tables, 9));
}

/** A valid document with every section, small enough to mutate thousands of times. */
export function smallDocument(): string {
  return writeMarkdown(largeModel(4, 5));
}

/** A table with `count` columns (the writer's output format, one table). */
export function wideTableDocument(count: number): string {
  const rows = Array.from({ length: count }, (_, i) => `| column_${i} | TEXT | Yes | — | Column ${i} |`);
  return [
    '# Data Model: Wide',
    '',
    '## Entity Definitions',
    '',
    '### wide',
    '',
    '| Column | Type | Nullable | Default | Description |',
    '|---|---|---|---|---|',
    '| id | SERIAL PK | No | auto | ID |',
    ...rows,
    '',
  ].join('\n');
}

/** Block quotes and lists nested `depth` deep, then a table inside the innermost. */
export function deeplyNestedDocument(depth: number): string {
  return [
    '# Data Model: Nested',
    '',
    '## Entity Definitions',
    '',
    `${'> '.repeat(depth)}- ${'- '.repeat(Math.min(depth, 2000))}| Column | Type |`,
    `${'['.repeat(depth)}${'*'.repeat(depth)}${'`'.repeat(50)}`,
    '',
  ].join('\n');
}

/** Identifiers PostgreSQL can hold but Markdown and SQL make hard: quotes, semicolons, unicode, 200 characters. */
export const HOSTILE_IDENTIFIERS = [
  'robert"); DROP TABLE students;--',
  "o'brien",
  'semi;colon',
  'zwj\u200d𝔘𝔫𝔦𝔠𝔬𝔡𝔢_日本語_🙂',
  'back`tick|pipe\\slash',
  'x'.repeat(200),
];

export function hostileIdentifierDocument(): string {
  const tables = HOSTILE_IDENTIFIERS.map((name) =>
    [`### ${name}`, '', '| Column | Type | Nullable | Default | Description |', '|---|---|---|---|---|', '| id | SERIAL PK | No | auto | ID |', `| ${name} | TEXT | Yes | — | ${name} |`, ''].join('\n'),
  );
  const diagram = HOSTILE_IDENTIFIERS.map((name) => `${name} {\n  int id PK\n}`).join('\n');
  return ['# Data Model: Hostile', '', '## Entity Relationship Diagram', '', '```mermaid', 'erDiagram', diagram, '```', '', '## Entity Definitions', '', ...tables, '## Security Annotations', '', '| Table | Sensitivity | Admin |', '|---|---|---|', ...HOSTILE_IDENTIFIERS.map((name) => `| ${name} | High | Full |`), ''].join('\n');
}
