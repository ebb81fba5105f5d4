import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateFromSpec, type GenerateOptions } from '../../server/src/generate/index';
import type { DataModel } from '../../server/src/model/types';

/**
 * The structure a generated model takes from how a spec states it: foreign keys read from
 * entity names, from requirements and from field names; tables the spec references without
 * listing; join tables for many-to-many links; roles from the people the spec writes about.
 * The example sentences are ours, not taken from any corpus spec.
 */

const options: GenerateOptions = { specReference: 'specs/001-x/spec.md', date: '2026-12-01', idType: 'serial', orm: 'none' };

function generate(entities: string, requirements = ''): DataModel {
  const spec = `# Feature Specification: Garden club\n\n## Requirements\n\n### Functional Requirements\n\n${requirements}\n\n### Key Entities\n\n${entities}\n`;
  const result = generateFromSpec(spec, options);
  assert.ok(result.model, result.problems.map((p) => p.message).join('\n'));
  return result.model;
}

function foreignKeysOf(model: DataModel, table: string): string[] {
  return model.foreignKeys.filter((fk) => fk.table === table).map((fk) => `${fk.columns.join(',')}->${fk.refTable}`).sort();
}

const tables = (model: DataModel) => model.entities.map((e) => e.name).sort();

describe('generate: structure from entity names', () => {
  it('an entity named after another belongs to it', () => {
    const model = generate([
      '- **Plot**: A rented bed in the garden, with a size in square metres.',
      '- **Plot Inspection**: A visit to check the bed, with a visit date and a grade.',
    ].join('\n'));
    assert.deepEqual(foreignKeysOf(model, 'plot_inspections'), ['plot_id->plots']);
  });

  it('a classifying name ("Plot Type") is a lookup, not a row of the entity', () => {
    const model = generate([
      '- **Plot**: A rented bed in the garden, with a size in square metres.',
      '- **Plot Type**: A kind of bed, with a label and a yearly fee.',
    ].join('\n'));
    assert.deepEqual(foreignKeysOf(model, 'plot_types'), []);
  });
});

describe('generate: tables the spec references without listing them', () => {
  it('a person role with no users entity implies a users table', () => {
    const model = generate([
      '- **Harvest Log**: One weighing of produce. Has a weight in kilograms, a crop name and a recorder (User).',
    ].join('\n'));
    assert.ok(tables(model).includes('users'), tables(model).join(', '));
    assert.deepEqual(foreignKeysOf(model, 'harvest_logs'), ['recorder_id->users']);
    const users = model.entities.find((e) => e.name === 'users');
    assert.ok(users?.notes.some((n) => n.startsWith('TODO: Implied')), 'the implied table says so');
  });

  it('"(reference to X)" names an entity to create and reference', () => {
    const model = generate([
      '- **Seed Order**: A purchase of seeds. Attributes: supplier (reference to Supplier), quantity, order date.',
    ].join('\n'));
    assert.ok(tables(model).includes('suppliers'), tables(model).join(', '));
    assert.deepEqual(foreignKeysOf(model, 'seed_orders'), ['supplier_id->suppliers']);
  });

  it('plural mentions of unlisted names do not become tables', () => {
    const model = generate('- **Member**: A person in the club, with a name and a joining date. Linked to Committees.');
    assert.deepEqual(tables(model), ['members']);
  });
});
