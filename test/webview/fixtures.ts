/**
 * Documents for the ERD tests: the project's sample (generated from the label-suite spec, as
 * `data-model generate` writes it) and a generated 200-table model.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** The sample data-model.md for specs/001-annotation-scoring: six tables. */
export function sampleDocument(): string {
  return execFileSync(process.execPath, [path.join(root, 'dist/cli.js'), 'generate', 'examples/label-suite/specs/001-annotation-scoring', '--out', '-', '--date', '2026-01-01'], {
    cwd: root,
    encoding: 'utf8',
  });
}

export const SAMPLE_TABLES = ['USERS', 'DATASETS', 'DATASET_ITEMS', 'DATASET_ANSWERS', 'TASKS', 'SUBMISSIONS'];

export function tableName(i: number): string {
  return `table_${String(i).padStart(3, '0')}`;
}

/**
 * A data-model document with `count` tables in a tree: table i (i > 0) has a foreign key to
 * table ⌊(i-1)/3⌋, so each table has one parent and up to three children.
 */
export function largeDocument(count = 200): string {
  const lines = ['# Data Model: Generated large model', '', '## Entity Relationship Diagram', '', '```mermaid', 'erDiagram'];
  for (let i = 0; i < count; i++) {
    lines.push(`${tableName(i).toUpperCase()} {`, 'int id PK');
    if (i > 0) lines.push('int parent_id FK');
    lines.push('string name', 'datetime created_at', '}');
  }
  for (let i = 1; i < count; i++) lines.push(`${tableName(Math.floor((i - 1) / 3)).toUpperCase()} ||--o{ ${tableName(i).toUpperCase()} : "has"`);
  lines.push('```', '', '## Entity Definitions', '');
  for (let i = 0; i < count; i++) {
    lines.push(`### ${tableName(i)}`, '', '| Column | Type | Nullable | Default | Description |', '|---|---|---|---|---|', '| id | SERIAL PK | No | auto | ID |');
    if (i > 0) lines.push(`| parent_id | INT FK | No | — | References ${tableName(Math.floor((i - 1) / 3))}.id |`);
    lines.push('| name | VARCHAR(64) | No | — | Name |', '| created_at | TIMESTAMPTZ | No | NOW() | Creation time |', '');
  }
  return `${lines.join('\n')}\n`;
}
