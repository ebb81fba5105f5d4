import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateFromSpec, type GenerateOptions } from '../../server/src/generate/index';
import type { DataModel } from '../../server/src/model/types';

/**
 * Attributes however a spec introduces them: labelled lists ("Attributes include: …"), grouped
 * sub-bullets ("Identity: …", "Dates (optional): …"), a field and its explanation
 * ("paid_at: when the invoice was paid"), values stated apart from their column ("Status types
 * include: …"), and names that must never be prose. The phrasings are ours, not any corpus spec's.
 */

const options: GenerateOptions = { specReference: 'specs/001-x/spec.md', date: '2026-12-01', idType: 'serial', orm: 'none' };

function generate(entities: string, rest = ''): DataModel {
  const spec = `# Feature Specification: Workshop\n\n## Requirements\n\n### Key Entities\n\n${entities}\n${rest}`;
  const result = generateFromSpec(spec, options);
  assert.ok(result.model, result.problems.map((p) => p.message).join('\n'));
  return result.model;
}

function columnsOf(model: DataModel, table: string): string[] {
  return (model.entities.find((e) => e.name === table)?.columns ?? []).map((c) => c.name).filter((n) => !['id', 'created_at', 'updated_at'].includes(n));
}

/** The values a CHECK lists for a column (`status IN ('a', 'b')`), or undefined when none does. */
function checkValuesOf(model: DataModel, table: string, column: string): string[] | undefined {
  for (const check of model.checks.filter((c) => c.table === table)) {
    const match = new RegExp(`^\\s*\\(?\\s*"?${column}"?\\s+IN\\s*\\((.*)\\)`, 'is').exec(check.expression);
    if (match) return [...match[1].matchAll(/'([^']*)'/g)].map((m) => m[1]);
  }
  return undefined;
}

function columnOf(model: DataModel, table: string, column: string) {
  return model.entities.find((e) => e.name === table)?.columns.find((c) => c.name === column);
}

describe('generate: attribute lists however introduced', () => {
  const cases: { title: string; entity: string; table: string; has: string[]; lacks?: string[] }[] = [
    {
      title: '"Attributes include" hands over to the list',
      entity: '- **Tool**: A piece of equipment lent to members. Attributes include label, purchase date and purchase price.',
      table: 'tools', has: ['label', 'purchase_date', 'purchase_price'], lacks: ['include', 'include_label'],
    },
    {
      title: 'group labels in sub-bullets are not part of the names',
      entity: '- **Repair**: A fix done on a tool.\n  - **Identity**: repair number, tool reference\n  - **Costs**: labour cost, parts cost',
      table: 'repairs', has: ['repair_number', 'labour_cost', 'parts_cost'], lacks: ['identity_repair_number', 'costs_labour_cost'],
    },
    {
      title: 'a field and its explanation in a sub-bullet is one column',
      entity: '- **Loan**: A tool lent to a member.\n  - returned_on: the day the tool came back (optional)\n  - due_on: the agreed return day',
      table: 'loans', has: ['returned_on', 'due_on'],
    },
    {
      title: 'a qualifier after the noun does not enter the name',
      entity: '- **Deposit**: Money held for a loan, with an amount in EUR at two decimal places and a score based on past loans.',
      table: 'deposits', has: ['amount', 'score'], lacks: ['amount_in_eur_at_two_decimal_places'],
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      const columns = columnsOf(generate(c.entity), c.table);
      for (const name of c.has) assert.ok(columns.includes(name), `${name} missing from ${c.table}: ${columns.join(', ')}`);
      for (const name of c.lacks ?? []) assert.ok(!columns.includes(name), `${name} should not be in ${c.table}: ${columns.join(', ')}`);
    });
  }

  it('a nullable group makes each of its columns nullable', () => {
    const model = generate('- **Booking**: A reservation of a tool.\n  - **Pickup** (optional): pickup time, pickup notes\n  - **Core**: booked from');
    assert.equal(columnOf(model, 'bookings', 'pickup_time')?.nullable, true);
  });

  it('no column name is prose', () => {
    const model = generate('- **Swatch**: Represents the desired colour input through various methods and the closest achievable colour with its accuracy rating');
    for (const entity of model.entities) {
      for (const column of entity.columns) {
        assert.ok(column.name.length <= 40 && !/(^|_)(through|various|its|with|include|list)(_|$)/.test(column.name), `prose column ${entity.name}.${column.name}`);
      }
    }
  });
});

describe('generate: values stated apart from their column', () => {
  it('"Status types include" gives the status column its values', () => {
    const model = generate('- **Job Card**: A unit of work in the workshop. Status types include: Open, Waiting Parts, Done. Contains a title and a status.');
    assert.deepEqual(checkValuesOf(model, 'job_cards', 'status'), ['open', 'waiting_parts', 'done']);
  });

  it('a group of fields is not taken for values', () => {
    const model = generate('- **Part**: A spare part.\n  - **Classification**: part_kind (Bolt/Nut), part_family (Metric/Imperial)');
    const columns = columnsOf(model, 'parts');
    assert.ok(columns.includes('part_kind') && columns.includes('part_family'), columns.join(', '));
    assert.equal(checkValuesOf(model, 'parts', 'classification'), undefined);
  });
});

describe('generate: a column\'s values found elsewhere in the spec', () => {
  const ENTITIES = [
    '- **Ticket**: A request for help. Has a subject, a status and a channel.',
    '- **Reply**: An answer to a ticket, with a body.',
  ].join('\n');

  it('states a status is said to change to, in sentences about the entity', () => {
    const model = generate(ENTITIES, [
      '\n## User Scenarios',
      '1. **Given** a ticket is in "Open" status, **When** an agent answers, **Then** the ticket status changes to "Answered".',
      '2. **Given** an answered ticket, **When** the customer confirms, **Then** the ticket status changes to "Closed".',
    ].join('\n'));
    assert.deepEqual(checkValuesOf(model, 'tickets', 'status'), ['open', 'answered', 'closed']);
  });

  it('a lifecycle written with arrows', () => {
    const model = generate(ENTITIES, '\n## Notes\n\nA ticket status moves through its lifecycle: new → triaged → resolved.\n');
    assert.deepEqual(checkValuesOf(model, 'tickets', 'status'), ['new', 'triaged', 'resolved']);
  });

  it('a parenthesised list after the column words in a requirement', () => {
    const model = generate(ENTITIES, '\n## Requirements\n\n- **FR-001**: System MUST accept tickets from every channel (email, phone, chat).\n');
    assert.deepEqual(checkValuesOf(model, 'tickets', 'channel'), ['email', 'phone', 'chat']);
  });

  it('states said of another entity do not land on this one', () => {
    const model = generate(ENTITIES, [
      '\n## User Scenarios',
      '1. **Given** a ticket, **When** a reply is sent, **Then** the reply status changes to "Delivered" and later to "Read".',
    ].join('\n'));
    assert.equal(checkValuesOf(model, 'tickets', 'status'), undefined);
  });
});

describe('generate: nullability stated in the spec', () => {
  const cases: { title: string; entity: string; rest?: string; table: string; column: string; nullable: boolean }[] = [
    {
      title: '"optional X" in a requirement about the entity',
      entity: '- **Ticket**: A request for help. Has a subject, a description and a category.',
      rest: '\n## Requirements\n\n- **FR-001**: Users MUST be able to open a ticket with a subject, a description and an optional category.\n',
      table: 'tickets', column: 'category', nullable: true,
    },
    {
      title: '"X is optional" in a scenario',
      entity: '- **Member**: A person who borrows tools. Has a name and a phone number.',
      rest: '\n## User Scenarios\n\n1. **Given** a new member, **When** they register, **Then** the phone number is optional.\n',
      table: 'members', column: 'phone_number', nullable: true,
    },
    {
      title: 'a value that comes with an event ("if failed")',
      entity: '- **Delivery**: One attempt to send a message. Tracks the attempt time and error details if failed.',
      table: 'deliveries', column: 'error_details', nullable: true,
    },
    {
      title: 'an identifier written "(if approved)"',
      entity: '- **Claim**: A request for a refund. Has an amount, a payout ID (if approved) and a status.',
      table: 'claims', column: 'payout_id', nullable: true,
    },
    {
      title: 'the time of a later event is absent when the row is made',
      entity: '- **Claim**: A request for a refund. Has an amount and an approval timestamp.',
      table: 'claims', column: 'approved_at', nullable: true,
    },
    {
      title: '"X (required)" keeps a column NOT NULL',
      entity: '- **Member**: A person who borrows tools. Has a name and notes.',
      rest: '\n## Requirements\n\n- **FR-002**: A member record MUST have notes (required) written by staff.\n',
      table: 'members', column: 'notes', nullable: false,
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      const model = generate(c.entity, c.rest);
      const column = columnOf(model, c.table, c.column);
      assert.ok(column, `${c.table}.${c.column} missing: ${columnsOf(model, c.table).join(', ')}`);
      assert.equal(column.nullable, c.nullable);
    });
  }
});

describe('generate: fields named in requirements and stories', () => {
  const ENTITIES = [
    '- **Account**: A bank account or card that transactions come from.',
    '- **Transfer**: Money moved between two accounts.',
  ].join('\n');

  it('"create accounts with a name, a type and an opening balance" adds those columns to accounts', () => {
    const model = generate(ENTITIES, '\n## Requirements\n\n- **FR-001**: Users MUST be able to create accounts with a name, a type and an opening balance.\n');
    const columns = columnsOf(model, 'accounts');
    for (const name of ['name', 'type', 'opening_balance']) assert.ok(columns.includes(name), `${name}: ${columns.join(', ')}`);
    assert.equal(columnOf(model, 'accounts', 'opening_balance')?.type, 'NUMERIC(12,2)');
  });

  it('a scenario\'s prose after "with" gives no column', () => {
    const model = generate(ENTITIES, '\n## User Scenarios\n\n1. **Given** an account with correct details, **When** the user saves it, **Then** the page shows a success message.\n');
    assert.deepEqual(columnsOf(model, 'accounts'), []);
  });

  it('a list in another entity\'s bullet is not this entity\'s', () => {
    const model = generate('- **Account**: A bank account.\n- **Statement**: A monthly summary of an account with an opening total and a closing total.');
    assert.ok(!columnsOf(model, 'accounts').includes('opening_total'), columnsOf(model, 'accounts').join(', '));
  });
});

describe('generate: lifecycle arrows with alternatives', () => {
  it('the last state\'s alternatives are values too, and "from" is not part of a state', () => {
    const model = generate('- **Parcel**: A box sent to a member. Has a weight and a status.', '\n## Requirements\n\n- **FR-003**: A parcel status goes from packed → in transit → delivered / returned to sender.\n');
    assert.deepEqual(checkValuesOf(model, 'parcels', 'status'), ['packed', 'in_transit', 'delivered', 'returned_to_sender']);
  });
});

describe('generate: fields a requirement lists belong to the right entity', () => {
  const entities = [
    '- **Course**: A programme of lessons, with a title.',
    '- **Lesson**: One session of a course, with a topic and a duration in minutes.',
  ].join('\n');

  it('a list after a noun in a prepositional phrase is not that noun\'s ("a lesson in a course with …")', () => {
    const model = generate(entities, '\n### Functional Requirements\n\n- **FR-001**: Teachers MUST be able to schedule a lesson in a course with a room number and a start time.\n');
    assert.deepEqual(columnsOf(model, 'courses').filter((c) => /room|start/.test(c)), [], `courses got the lesson's fields: ${columnsOf(model, 'courses').join(', ')}`);
  });

  it('"with its chapters and their summaries" names owned rows, not columns', () => {
    const model = generate(entities, '\n### Functional Requirements\n\n- **FR-001**: Teachers MUST be able to publish a course with its chapters and their summaries.\n');
    assert.deepEqual(columnsOf(model, 'courses').filter((c) => /chapter|summar/.test(c)), [], `courses got columns from owned rows: ${columnsOf(model, 'courses').join(', ')}`);
  });

  it('a list right after the entity still gives its columns', () => {
    const model = generate(entities, '\n### Functional Requirements\n\n- **FR-001**: Teachers MUST be able to create a course with a title, a capacity and a start date.\n');
    assert.ok(columnsOf(model, 'courses').includes('capacity'), `courses: ${columnsOf(model, 'courses').join(', ')}`);
  });
});
