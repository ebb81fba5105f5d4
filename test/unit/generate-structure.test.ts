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

  it('a hierarchy of one entity gives an optional parent reference', () => {
    const model = generate('- **Bed Group**: Groups of beds in a two-level hierarchy (parent/child), with a label.');
    assert.deepEqual(foreignKeysOf(model, 'bed_groups'), ['parent_id->bed_groups']);
    const parent = model.entities.find((e) => e.name === 'bed_groups')?.columns.find((c) => c.name === 'parent_id');
    assert.equal(parent?.nullable, true, 'the top of the tree has no parent');
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

describe('generate: relationships stated in requirements', () => {
  const ENTITIES = [
    '- **Gardener**: A person who rents plots, with a name and a phone number.',
    '- **Plot**: A rented bed in the garden, with a size in square metres.',
    '- **Tool**: A shared tool, with a name and a condition.',
  ].join('\n');

  it('"X records linked to exactly one Y" is a foreign key', () => {
    const model = generate(ENTITIES, '- **FR-001**: The system MUST keep plot records linked to exactly one gardener.');
    assert.deepEqual(foreignKeysOf(model, 'plots'), ['gardener_id->gardeners']);
  });

  it('a key field named in a requirement references the entity it names', () => {
    const model = generate(ENTITIES, '- **FR-002**: Each tool loan stores the Tool with its `plot_id` and the `lent_by` person.');
    assert.deepEqual(foreignKeysOf(model, 'tools'), ['plot_id->plots']);
  });

  it('an entity\'s own identifier is never a reference to itself', () => {
    const model = generate(ENTITIES, '- **FR-003**: Every Plot is found by its `plot_id`.');
    assert.deepEqual(foreignKeysOf(model, 'plots'), []);
  });

  it('a name that only modifies another noun is no relationship', () => {
    const model = generate(ENTITIES, '- **FR-004**: Each plot links to its gardener-facing page.');
    assert.deepEqual(foreignKeysOf(model, 'plots'), []);
  });
});

describe('generate: owners read from definitions and actions', () => {
  it('a possessive at the start of a definition names the owner, by head noun too', () => {
    const model = generate([
      '- **Club Gardener**: A person who rents plots, with a name and a phone number.',
      '- **Shed Key**: A gardener\'s copy of the shed key, with a serial number.',
    ].join('\n'));
    assert.deepEqual(foreignKeysOf(model, 'shed_keys'), ['club_gardener_id->club_gardeners']);
  });

  it('the person who creates a row owns it', () => {
    const model = generate([
      '- **Gardener**: A person who rents plots, with a name and a phone number.',
      '- **Notice**: A message on the board, with a title and a body.',
    ].join('\n'), '- **FR-001**: Gardeners MUST be able to post notices on the board.');
    assert.deepEqual(foreignKeysOf(model, 'notices'), ['gardener_id->gardeners']);
  });

  it('a tenant entity scopes the rows that hang from no other entity', () => {
    const model = generate([
      '- **Club**: The tenant container for everything a garden club keeps.',
      '- **Plot**: A rented bed in the garden, with a size in square metres.',
      '- **Plot Inspection**: A visit to check the bed, with a visit date and a grade.',
    ].join('\n'));
    assert.deepEqual(foreignKeysOf(model, 'plots'), ['club_id->clubs']);
    assert.deepEqual(foreignKeysOf(model, 'plot_inspections'), ['plot_id->plots'], 'a child row is scoped through its parent');
  });
});

describe('generate: many-to-many links', () => {
  it('linked to one or more on a link verb gives a join table with a composite unique key', () => {
    const model = generate([
      '- **Gardener**: A person who rents plots, with a name and a phone number.',
      '- **Skill**: Something a gardener can teach, with a title.',
    ].join('\n'), '- **FR-001**: A gardener MUST be linked to one or more skills.');
    assert.deepEqual(foreignKeysOf(model, 'gardener_skills'), ['gardener_id->gardeners', 'skill_id->skills']);
    const unique = model.indexes.find((i) => i.table === 'gardener_skills' && i.unique);
    assert.deepEqual(unique?.columns.map((c) => c.name), ['gardener_id', 'skill_id']);
  });

  it('"assign X to one or more <role>" joins X to the users table', () => {
    const model = generate([
      '- **User**: A person who signs in, with an email and a role (gardener, warden).',
      '- **Chore**: A job in the garden, with a title and a due date.',
      '- **Remark**: A note on a chore by a user, with a text.',
    ].join('\n'), '- **FR-001**: Wardens MUST be able to assign a chore to one or more gardeners.');
    assert.deepEqual(foreignKeysOf(model, 'chore_users'), ['chore_id->chores', 'user_id->users']);
  });

  it('an entity that links two others gets one row per pair', () => {
    const model = generate([
      '- **Gardener**: A person who rents plots, with a name and a phone number.',
      '- **Workshop**: A session on a date, with a topic.',
      '- **Attendance**: The link between a Gardener and a Workshop, with a seat number.',
    ].join('\n'));
    const unique = model.indexes.find((i) => i.table === 'attendances' && i.unique);
    assert.deepEqual(unique?.columns.map((c) => c.name).sort(), ['gardener_id', 'workshop_id']);
  });

  it('a transfer between two rows of one table is not a link', () => {
    const model = generate([
      '- **Plot**: A rented bed in the garden, with a size in square metres.',
      '- **Swap**: A move between two plots, with a from plot (reference to Plot), a to plot (reference to Plot) and a date.',
    ].join('\n'));
    assert.equal(model.indexes.some((i) => i.table === 'swaps' && i.unique), false);
  });
});

describe('generate: roles from the people the spec writes about', () => {
  const ENTITIES = '- **Plot**: A rented bed in the garden, with a size in square metres.';

  it('user-story actors become the roles, with an administrator added when the spec names none', () => {
    const spec = `# Feature Specification: Garden club\n\n## User Scenarios\n\n### User Story 1\n\nAs a gardener, I want to book a plot.\n\nAs a logged-in treasurer, I need to see the fees.\n\nAs a system, I need to purge old bookings.\n\n## Requirements\n\n### Key Entities\n\n${ENTITIES}\n`;
    const result = generateFromSpec(spec, options);
    assert.deepEqual(result.model?.roles, ['Gardener', 'Treasurer', 'Admin']);
    assert.ok(result.problems.some((p) => /no administrator/.test(p.message)), 'the added Admin is a TODO');
  });

  it('a listed set of roles and "only … may" name the roles', () => {
    const spec = `# Feature Specification: Garden club\n\n## Requirements\n\n- **FR-001**: The club has three roles (member, plot manager, administrator).\n- **FR-002**: Only inspectors may grade a plot.\n\n### Key Entities\n\n${ENTITIES}\n`;
    const result = generateFromSpec(spec, options);
    assert.deepEqual(result.model?.roles, ['Member', 'Plot Manager', 'Administrator', 'Inspector']);
  });

  it('a list of things that are not people is no role list', () => {
    const spec = `# Feature Specification: Garden club\n\n## Requirements\n\n- **FR-001**: Plots have roles (sunny, shaded).\n\n### Key Entities\n\n${ENTITIES}\n`;
    const result = generateFromSpec(spec, options);
    assert.deepEqual(result.model?.roles, ['User', 'Admin'], 'the placeholder pair, with its TODO');
  });
});

describe('generate: header and line documents', () => {
  it('"line items" on a header entity give a line table holding the header\'s key', () => {
    const model = generate('- **Seed Order**: Order number, order date, line items, total amount.');
    assert.deepEqual(tables(model), ['seed_order_items', 'seed_orders']);
    assert.deepEqual(foreignKeysOf(model, 'seed_order_items'), ['seed_order_id->seed_orders']);
    const header = model.entities.find((e) => e.name === 'seed_orders');
    assert.ok(!header?.columns.some((c) => /line/.test(c.name)), 'the lines are no column of the header');
  });

  it('no second line table when the spec lists the lines as an entity', () => {
    const model = generate([
      '- **Seed Order**: Order number, order date, line items, total amount.',
      '- **Seed Order Line**: One packet on a seed order, with a quantity.',
    ].join('\n'));
    assert.deepEqual(tables(model), ['seed_order_lines', 'seed_orders']);
  });
});

describe('generate: entities that are not rows', () => {
  it('derived, aggregated, value-object and generated-on-demand entities get no table', () => {
    const model = generate([
      '- **Plot**: A rented bed in the garden, with a size in square metres and a current balance.',
      '- **Plot Balance**: Derived amount per plot from the fees paid.',
      '- **Club Total**: Represents aggregated fees across all plots, for the treasurer.',
      '- **Watering Step**: A typed, parameterised object representing one action of a watering plan.',
      '- **Rota**: Ordered list of who waters when, generated from the members\' availability.',
    ].join('\n'));
    assert.deepEqual(tables(model), ['plots']);
    const plots = model.entities.find((e) => e.name === 'plots');
    assert.ok(plots?.columns.some((c) => /balance/.test(c.name)), 'the plot keeps its own balance column');
  });

  it('a calculated value the spec keeps is still a table', () => {
    const model = generate('- **Feeding Plan**: Represents calculated amounts of feed per week, with a label.');
    assert.deepEqual(tables(model), ['feeding_plans']);
  });
});
