/**
 * The Markdown writer: the reference layout byte for byte, determinism, and round trips
 * through the reader.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { scanSync } from 'libpg-query';
import { readMarkdown } from '../../server/src/markdown/reader';
import { RESERVED_WORDS, quoteIdentifier } from '../../server/src/markdown/sql-identifiers';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { writeMarkdown } from '../../server/src/markdown/writer';
import type { Column, DataModel, Entity } from '../../server/src/model/types';
import { emptyModel, stripRanges } from '../../server/src/model/util';
import { diagramEntityFor } from '../../server/src/mermaid/diagram';
import { featureModel, largeModel } from './markdown-models';

const reference = readFileSync(path.join(__dirname, '../fixtures/reference/label-suite-data-model.md'), 'utf8');

/** Read, insisting on no problems, and drop ranges. */
function readBack(text: string): DataModel {
  const { model, problems } = readMarkdown(text);
  assert.deepEqual(problems, []);
  return stripRanges(model);
}

function assertRoundTrip(model: DataModel): void {
  const text = writeMarkdown(model);
  assert.deepEqual(readBack(text), stripRanges(model));
  // And writing what was read gives the same bytes.
  assert.equal(writeMarkdown(readBack(text)), text);
}

before(async () => {
  await loadSqlParser();
});

describe('writing the reference model', () => {
  it('reproduces label-suite-data-model.md except the defective row and the SENSITIVE spelling', () => {
    const written = writeMarkdown(readMarkdown(reference).model);
    const expected = reference
      .replace('| VARCHAR(255) UK | No | — | Unique email address | |\n', '')
      .replace('| SENSITIVE — gold label', '| HIGH — gold label');
    assert.equal(written, expected);
  });

  it('round-trips the reference model', () => {
    assertRoundTrip(stripRanges(readMarkdown(reference).model));
  });
});

describe('format details', () => {
  const text = writeMarkdown(featureModel());
  const lines = text.split('\n');

  it('ends with exactly one newline and is deterministic', () => {
    assert.ok(text.endsWith(')\n') || text.endsWith('.\n'));
    assert.ok(!text.endsWith('\n\n'));
    assert.equal(writeMarkdown(featureModel()), text);
    assert.equal(writeMarkdown(JSON.parse(JSON.stringify(featureModel())) as DataModel), text);
  });

  it('writes hard breaks after the Database, ORM and Date lines only', () => {
    assert.deepEqual(lines.slice(1, 5), ['**Database**: PostgreSQL 16  ', '**ORM**: Prisma  ', '**Date**: 2026-01-31  ', '**Spec Reference**: specs/007-orders/spec.md']);
  });

  it('writes key markers, sensitivity prefixes, escaped pipes and the no-default dash', () => {
    assert.ok(lines.includes('| email | CITEXT UK | No | — | HIGH — Login e-mail |'));
    assert.ok(lines.includes('| card_token | VARCHAR(128) | Yes | NULL | CRITICAL — Tokenised card |'));
    assert.ok(lines.includes('| phone | VARCHAR(32) | Yes | — | MEDIUM — Phone \\| mobile or landline |'));
    assert.ok(lines.includes('| ref | UUID PK, FK, UK | No | — | Odd but legal: all three markers |'));
    assert.ok(lines.includes('| placed_at | TIMESTAMPTZ | No | NOW() | |'));
  });

  it('writes diagram key lists comma-separated and non-identifying links with ..', () => {
    assert.ok(lines.includes('uuid ref PK, FK'));
    assert.ok(lines.includes('ORDERS |o..|{ USER : "touched by"'));
    assert.ok(lines.includes('"Audit Log" {'));
  });

  it('writes unique and partial indexes', () => {
    assert.ok(lines.includes('| uq_customers_email | customers | (lower(email)) | UNIQUE BTREE | One account per e-mail |'));
    assert.ok(lines.includes("| idx_customers_open | customers | (status ASC) WHERE status <> 'closed' | BTREE | Open accounts only |"));
  });

  it('writes constraint SQL with quoted identifiers, ON DELETE and ON UPDATE', () => {
    assert.ok(lines.includes('FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE RESTRICT ON UPDATE CASCADE;'));
    assert.ok(lines.includes('ALTER TABLE "user" ADD CONSTRAINT fk_user_order'));
    assert.ok(lines.includes('FOREIGN KEY ("Order") REFERENCES orders(id);'));
  });

  it('writes one access column per role', () => {
    assert.ok(lines.includes('| Table | Sensitivity | Customer Access | Support Access | Admin Access |'));
    assert.ok(lines.includes('| orders | Medium | Own records | | Full |'));
  });

  it('writes every section heading even for an empty model, and reads it back without problems', () => {
    const empty = writeMarkdown(emptyModel());
    for (const title of ['Entity Relationship Diagram', 'Entity Definitions', 'Indexes', 'Constraints', 'Security Annotations', 'Data Type Guidelines', 'Audit Trail']) {
      assert.ok(empty.includes(`\n## ${title}\n`), title);
    }
    assertRoundTrip(emptyModel());
  });
});

describe('quoting identifiers', () => {
  it('quotes exactly what PostgreSQL cannot take bare', () => {
    assert.equal(quoteIdentifier('users'), 'users');
    assert.equal(quoteIdentifier('user'), '"user"');
    assert.equal(quoteIdentifier('Order'), '"Order"');
    assert.equal(quoteIdentifier('order items'), '"order items"');
    assert.equal(quoteIdentifier('say"hi'), '"say""hi"');
    assert.equal(quoteIdentifier('1st'), '"1st"');
  });

  it('lists only words the PostgreSQL scanner calls reserved', () => {
    for (const word of RESERVED_WORDS) {
      const kind = scanSync(word).tokens[0]!.keywordName;
      assert.ok(kind === 'RESERVED_KEYWORD' || kind === 'TYPE_FUNC_NAME_KEYWORD', `${word}: ${kind}`);
    }
  });
});

describe('round trips', () => {
  it('a model with every feature', () => {
    assertRoundTrip(featureModel());
  });

  it('a generated 300-table model', () => {
    assertRoundTrip(largeModel(300, 9));
  });

  it('generated models (property)', () => {
    // Texts the format can hold: no leading/trailing spaces, no line breaks, no `"`.
    const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
    const text = fc.stringMatching(/^[A-Za-z0-9(][A-Za-z0-9 ,.()'|:\\/é—-]{0,30}[A-Za-z0-9.)é]$/);
    const sensitivity = fc.constantFrom(undefined, 'Medium' as const, 'High' as const, 'CRITICAL' as const);
    const columnArb = fc.record({
      name: word,
      type: fc.constantFrom('INT', 'TEXT', 'VARCHAR(64)', 'NUMERIC(10, 2)', 'TIMESTAMPTZ', 'JSONB'),
      nullable: fc.boolean(),
      default: fc.constantFrom(undefined, 'NOW()', "'x'", 'NULL', '0'),
      description: fc.oneof(fc.constant(''), text),
      primaryKey: fc.boolean(),
      unique: fc.boolean(),
      foreignKey: fc.boolean(),
      sensitivity,
    });
    const entityArb = fc.record({
      name: word,
      columns: fc.array(columnArb, { maxLength: 6 }),
      notes: fc.array(text, { maxLength: 2 }),
      securityNote: fc.option(text, { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(entityArb, { maxLength: 5 }), text, (entities, domain) => {
        const model = emptyModel();
        model.header.domain = domain;
        model.entities = entities.map((entity) => {
          const cleaned: Entity = { name: entity.name, columns: entity.columns.map(withoutUndefined), notes: entity.notes };
          if (entity.securityNote !== undefined) cleaned.securityNote = entity.securityNote;
          return cleaned;
        });
        model.diagram.entities = model.entities.map(diagramEntityFor);
        assertRoundTrip(model);
      }),
      { numRuns: 150 },
    );
  });
});

function withoutUndefined(column: Column): Column {
  const copy: Column = { ...column };
  if (copy.default === undefined) delete copy.default;
  if (copy.sensitivity === undefined) delete copy.sensitivity;
  return copy;
}
