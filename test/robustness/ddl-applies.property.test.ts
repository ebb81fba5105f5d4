/**
 * The DDL compiled from random valid models applies on PGlite: tables with random columns and
 * types, foreign keys to earlier tables with their indexes, checks, unique columns, roles and
 * security rows. Validation (a rolled-back transaction) must report no error and no compiler
 * problem. (read(write(m)) = m for random models is already a property in
 * test/unit/markdown-writer.test.ts.)
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { diagramEntityFor } from '../../server/src/mermaid/diagram';
import type { Column, DataModel, Entity } from '../../server/src/model/types';
import { emptyModel } from '../../server/src/model/util';
import { PgliteDatabase } from '../../server/src/postgres/pglite-database';
import { validate } from '../../server/src/postgres/validate';
import { accessMap } from '../../server/src/model/access';

const RUNS = Number(process.env.ROBUSTNESS_DDL_CASES ?? 60);

const TYPES = ['INT', 'BIGINT', 'SMALLINT', 'TEXT', 'VARCHAR(64)', 'CHAR(8)', 'NUMERIC(10, 2)', 'BOOLEAN', 'TIMESTAMPTZ', 'DATE', 'JSONB', 'UUID', 'BYTEA', 'INET', 'TEXT[]'];
const DEFAULTS: Record<string, string[]> = {
  INT: ['0', '42'], BIGINT: ['0'], SMALLINT: ['1'], TEXT: ["'x'", "'o''brien'"], 'VARCHAR(64)': ["'draft'"], 'CHAR(8)': ["'abcdefgh'"],
  'NUMERIC(10, 2)': ['0', '9.99'], BOOLEAN: ['TRUE', 'FALSE'], TIMESTAMPTZ: ['NOW()'], DATE: ['CURRENT_DATE'], JSONB: ["'{}'"],
  UUID: ['gen_random_uuid()'], BYTEA: [], INET: [], 'TEXT[]': [],
};

// Names PostgreSQL accepts once quoted: keywords, capitals, unicode, spaces are the compiler's job.
const name = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,14}$/) },
  { weight: 1, arbitrary: fc.constantFrom('user', 'order', 'select', 'Group', 'naïve', 'two words', 'from') },
);

const columnArb = fc.record({
  name,
  type: fc.constantFrom(...TYPES),
  nullable: fc.boolean(),
  unique: fc.boolean(),
  withDefault: fc.boolean(),
  defaultPick: fc.nat(),
});

const tableArb = fc.record({
  name,
  columns: fc.uniqueArray(columnArb, { maxLength: 6, selector: (c) => c.name.toLowerCase() }),
  parent: fc.option(fc.nat(), { nil: undefined }),
  check: fc.boolean(),
  sensitivity: fc.constantFrom('Low' as const, 'Medium' as const, 'High' as const, 'CRITICAL' as const),
  access: fc.constantFrom('Full', 'Read', 'NONE'),
});

type RandomTable = typeof tableArb extends fc.Arbitrary<infer T> ? T : never;

function modelFrom(tables: RandomTable[]): DataModel {
  const model = emptyModel();
  model.roles = ['Admin', 'Reader'];
  tables.forEach((table, t) => {
    const columns: Column[] = [{ name: 'id', type: 'SERIAL', nullable: false, description: 'Row ID', primaryKey: true, unique: false, foreignKey: false, default: 'auto' }];
    for (const c of table.columns) {
      if (c.name.toLowerCase() === 'id' || c.name.toLowerCase() === 'parent_ref') continue;
      const defaults = DEFAULTS[c.type] ?? [];
      const column: Column = { name: c.name, type: c.type, nullable: c.nullable, description: '', primaryKey: false, unique: c.unique && c.type !== 'JSONB', foreignKey: false };
      if (c.withDefault && defaults.length > 0) column.default = defaults[c.defaultPick % defaults.length]!;
      columns.push(column);
    }
    const entity: Entity = { name: table.name, columns, notes: [] };
    if (t > 0 && table.parent !== undefined) {
      const parent = tables[table.parent % t]!.name;
      columns.push({ name: 'parent_ref', type: 'INT', nullable: true, description: `References ${parent}.id`, primaryKey: false, unique: false, foreignKey: true });
      model.foreignKeys.push({ name: `fk_${t}_parent`, table: table.name, columns: ['parent_ref'], refTable: parent, refColumns: ['id'], onDelete: 'SET NULL' });
      model.indexes.push({ name: `idx_${t}_parent`, table: table.name, columns: [{ name: 'parent_ref' }], method: 'BTREE', unique: false, purpose: 'FK' });
    }
    if (table.check) model.checks.push({ name: `chk_${t}_id`, table: table.name, expression: 'id > 0' });
    model.entities.push(entity);
    model.diagram.entities.push(diagramEntityFor(entity));
    model.security.push({ table: table.name, sensitivity: table.sensitivity, access: accessMap({ Admin: 'Full', Reader: table.access }) });
  });
  return model;
}

describe('the DDL of random valid models applies on PGlite', () => {
  const database = new PgliteDatabase({ private: true });
  before(async () => {
    await loadSqlParser();
    await database.start();
  });
  after(async () => {
    await database.close();
  });

  it(`${RUNS} random models validate with no error`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(tableArb, { minLength: 1, maxLength: 6, selector: (t) => t.name.toLowerCase() }), async (tables) => {
        const result = await validate(modelFrom(tables), database);
        const errors = result.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.message);
        assert.deepEqual(errors, []);
        assert.equal(result.statementsSkipped, 0);
      }),
      { numRuns: RUNS, includeErrorInReport: true },
    );
  });

  it('the property can fail: an invalid type is reported', async () => {
    const model = modelFrom([{ name: 't', columns: [], parent: undefined, check: false, sensitivity: 'Low', access: 'Read' }]);
    model.entities[0]!.columns.push({ name: 'bad', type: 'NOT_A_TYPE', nullable: true, description: '', primaryKey: false, unique: false, foreignKey: false });
    const result = await validate(model, database);
    assert.ok(result.problems.some((problem) => problem.severity === 'error'));
  });
});
