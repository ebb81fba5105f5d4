/**
 * The reader and every rule on random and mutated documents: each returns (no exception, no
 * rule skipped for throwing) and does not hang.
 *
 * Case counts: 10,000 random token soups and 10,000 mutations of a valid 150-line document
 * (about 10 s together on 2 cores), plus 25 mutations of the 300-table document (each a full
 * read and lint of ~10,000 lines).
 *
 * The time bounds only catch a hang (a runaway regular expression, a loop that does not end):
 * a small document takes a few ms and the 300-table one ~0.3 s on an idle 2-core machine, and
 * the bounds are ten times more than the worst of those on a loaded one. The speed target (a
 * full lint of the 300-table document under 1 s) is `npm run bench`'s (lint.targets).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lintDocument } from '../../server/src/api/lint-document';
import { readMarkdown } from '../../server/src/markdown/reader';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { largeDocument, smallDocument } from './documents';

const RANDOM_CASES = Number(process.env.ROBUSTNESS_RANDOM_CASES ?? 10_000);
const MUTATED_CASES = Number(process.env.ROBUSTNESS_MUTATED_CASES ?? 10_000);
const SMALL_DOCUMENT_MS = 3_000;
const LARGE_DOCUMENT_MS = 10_000;

/** Reads and lints; fails on an exception, on a rule that threw (a note), or on a case that hangs. */
function readAndLintWithinBudget(text: string, boundMs = SMALL_DOCUMENT_MS): void {
  const started = performance.now();
  const { model, problems } = readMarkdown(text);
  const result = lintDocument(model, text, problems);
  const elapsed = performance.now() - started;
  assert.deepEqual(result.notes.map((note) => note.split('\n')[0]), [], 'a rule threw');
  assert.ok(elapsed < boundMs, `took ${elapsed.toFixed(0)} ms (bound ${boundMs} ms)`);
}

/** Pieces that steer the reader into its branches: headings it knows, tables, fences, markers, SQL. */
const TOKENS = [
  '# Data Model: X', '## Entity Relationship Diagram', '## Entity Definitions', '## Indexes', '## Foreign Keys', '## Constraints',
  '## Security Annotations', '## Data Type Guidelines', '## Audit Trail', '### users', '### ', '#', '\n', '\n\n', ' ', '  ', '\t',
  '|', '| Column | Type | Nullable | Default | Description |', '|---|---|---|---|---|', '| id | SERIAL PK | No | auto | ID |',
  '| x | INT FK | Yes | — | References users.id |', '| Table | Sensitivity | Admin | User |', '| users | CRITICAL | Full | NONE |',
  '```', '```mermaid', '```sql', '~~~', 'erDiagram', 'USERS ||--o{ ORDERS : "has"', 'USERS {', 'int id PK', '}', '{', '%%',
  'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (x) REFERENCES users(id) ON DELETE CASCADE;', 'CREATE INDEX i ON users (id);',
  'CHECK (', ')', ';', '"', "'", '`', '\\', '\\|', '--', '<!-- data-model-disable DM201 -->', '<!-- data-model-enable -->',
  '<!-- data-model-disable-next-line DM999 -->', '<!--', '-->', '> ', '- ', '1. ', '***', '===', 'é', '😀', '\u0000', '\r', '\r\n',
  'VARCHAR(', 'NUMERIC(10, 2)', 'TIMESTAMP', 'JSON', 'FLOAT', 'PK', 'FK', 'UK', 'NOT NULL', 'DEFAULT', 'NOW()', '999999999999999999999',
];

const tokenSoup = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TOKENS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) }), {
  maxLength: 120,
}).map((parts) => parts.join(''));

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'swap'; at: number; other: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'replaceChar'; at: number; text: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'grapheme', maxLength: 20 })) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replaceChar' as const), at: fc.nat(), text: fc.constantFrom('|', '`', '#', '-', ' ', '', '\n', '"', '\\') }),
);

function mutate(base: string, mutations: readonly Mutation[]): string {
  let lines = base.split('\n');
  for (const mutation of mutations) {
    const at = mutation.at % Math.max(lines.length, 1);
    switch (mutation.kind) {
      case 'delete':
        lines.splice(at, mutation.length);
        break;
      case 'duplicate':
        lines.splice(at, 0, lines[at] ?? '');
        break;
      case 'insert': {
        const line = lines[at] ?? '';
        const offset = mutation.at % (line.length + 1);
        lines[at] = line.slice(0, offset) + mutation.text + line.slice(offset);
        break;
      }
      case 'swap': {
        const other = mutation.other % Math.max(lines.length, 1);
        [lines[at], lines[other]] = [lines[other] ?? '', lines[at] ?? ''];
        break;
      }
      case 'truncate':
        lines = lines.slice(0, at);
        break;
      case 'replaceChar': {
        const line = lines[at] ?? '';
        const offset = mutation.at % Math.max(line.length, 1);
        lines[at] = line.slice(0, offset) + mutation.text + line.slice(offset + 1);
        break;
      }
    }
  }
  return lines.join('\n');
}

describe('reader and rules on random and mutated documents', () => {
  before(async () => {
    await loadSqlParser();
  });

  it(`token soup and random bytes (${RANDOM_CASES} documents)`, () => {
    fc.assert(fc.property(tokenSoup, (text) => readAndLintWithinBudget(text)), { numRuns: RANDOM_CASES, includeErrorInReport: true });
  });

  it(`mutations of a valid document (${MUTATED_CASES} documents)`, () => {
    const base = smallDocument();
    readAndLintWithinBudget(base);
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 12 }), (mutations) => readAndLintWithinBudget(mutate(base, mutations))),
      { numRuns: MUTATED_CASES, includeErrorInReport: true },
    );
  });

  it('mutations of the 300-table document (25 documents)', () => {
    const base = largeDocument();
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 12 }), (mutations) => readAndLintWithinBudget(mutate(base, mutations), LARGE_DOCUMENT_MS)),
      { numRuns: 25, includeErrorInReport: true },
    );
  });

  it('the budget check can fail: a rule that throws is reported as a note', () => {
    // The property above relies on notes to see rules that threw; prove a throwing rule yields one.
    const { model, problems } = readMarkdown(smallDocument());
    const broken = { ...model, entities: null as unknown as typeof model.entities };
    assert.ok(lintDocument(broken, smallDocument(), problems).notes.length > 0);
  });
});
