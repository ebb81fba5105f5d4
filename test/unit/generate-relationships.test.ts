import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateFromSpec, type GenerateOptions } from '../../server/src/generate/index';
import type { DataModel } from '../../server/src/model/types';

/**
 * Relationships read from how teams describe an entity in prose: a row linking two entities,
 * a relationship verb followed by the row's own attributes, an entity named as the owner
 * ("per-playlist", "user bookmarks"), and people who come into a row later (nullable).
 * The phrasings are ours, not taken from any corpus spec.
 */

const options: GenerateOptions = { specReference: 'specs/001-x/spec.md', date: '2026-12-01', idType: 'serial', orm: 'none' };

function generate(entities: string): DataModel {
  const spec = `# Feature Specification: Music library\n\n## Requirements\n\n### Key Entities\n\n${entities}\n`;
  const result = generateFromSpec(spec, options);
  assert.ok(result.model, result.problems.map((p) => p.message).join('\n'));
  return result.model;
}

function foreignKeysOf(model: DataModel, table: string): string[] {
  return model.foreignKeys.filter((fk) => fk.table === table).map((fk) => `${fk.columns.join(',')}->${fk.refTable}`).sort();
}

function columnOf(model: DataModel, table: string, column: string) {
  return model.entities.find((e) => e.name === table)?.columns.find((c) => c.name === column);
}

const USERS_AND_SONGS = [
  '- **User**: A person who signs in. Has a display name and an email.',
  '- **Song**: A track with a title and a duration in seconds.',
  '- **Playlist**: A named list of songs, with a description.',
].join('\n');

describe('generate: relationships stated in prose', () => {
  const cases: { title: string; entity: string; table: string; expected: string[] }[] = [
    {
      title: 'a relationship between two entities references both',
      entity: '- **Playlist Entry**: The association between a Playlist and a Song, with the position in the list.',
      table: 'playlist_entries',
      expected: ['playlist_id->playlists', 'song_id->songs'],
    },
    {
      title: 'a link between plural entities references both',
      entity: '- **Favourite**: Represents the link between users and songs they starred.',
      table: 'favourites',
      expected: ['song_id->songs', 'user_id->users'],
    },
    {
      title: 'a relationship verb followed by the row\'s attributes',
      entity: '- **Play**: One listening of a track. References a song with a play time and a device name.',
      table: 'plays',
      expected: ['song_id->songs'],
    },
    {
      title: '"links X to …" names X',
      entity: '- **Rating**: Links a song to a star value given by a listener.',
      table: 'ratings',
      expected: ['song_id->songs'],
    },
    {
      title: '"X-specific" makes the row one X\'s',
      entity: '- **Preference**: Stores user-specific playback settings such as volume and shuffle.',
      table: 'preferences',
      expected: ['user_id->users'],
    },
    {
      title: 'the users entity as a modifier names the owner',
      entity: '- **Bookmark**: Represents user bookmarks with a label.',
      table: 'bookmarks',
      expected: ['user_id->users'],
    },
    {
      title: '"per-X" makes the row one X\'s',
      entity: '- **Statistic**: Per-song counters of plays and skips.',
      table: 'statistics',
      expected: ['song_id->songs'],
    },
    {
      title: '"<entity> details" in an attribute list is a reference to it',
      entity: '- **Licence**: Attributes: song details, territory, start date.',
      table: 'licences',
      expected: ['song_id->songs'],
    },
    {
      title: 'an item marked "(linked)" is a reference',
      entity: '- **Review**: Attributes: playlist (linked), verdict, text.',
      table: 'reviews',
      expected: ['playlist_id->playlists'],
    },
  ];
  for (const { title, entity, table, expected } of cases) {
    it(title, () => {
      const model = generate(`${USERS_AND_SONGS}\n${entity}`);
      assert.deepEqual(foreignKeysOf(model, table).filter((fk) => expected.includes(fk)), expected);
    });
  }

  it('reads the attributes after "with" in a relationship clause', () => {
    const model = generate(`${USERS_AND_SONGS}\n- **Play**: One listening of a track. References a song with a device name.`);
    assert.ok(columnOf(model, 'plays', 'device_name'), 'device_name is a column of plays');
  });

  it('"<words> information" that names no entity stays a plain column', () => {
    const model = generate(`${USERS_AND_SONGS}\n- **Venue**: Attributes: contact information, capacity.`);
    assert.deepEqual(foreignKeysOf(model, 'venues'), []);
    assert.ok(columnOf(model, 'venues', 'contact_information'));
  });

  it('a modifier that is not the users entity stays a plain noun phrase', () => {
    const model = generate(`${USERS_AND_SONGS}\n- **Concert**: Represents a song festival with a venue and a date.`);
    assert.deepEqual(foreignKeysOf(model, 'concerts'), []);
  });
});

describe('generate: people who come into a row later are nullable', () => {
  const cases: { role: string; column: string; nullable: boolean }[] = [
    { role: 'assignee', column: 'assignee_id', nullable: true },
    { role: 'reviewer', column: 'reviewer_id', nullable: true },
    { role: 'approver', column: 'approver_id', nullable: true },
    { role: 'author', column: 'author_id', nullable: false },
  ];
  for (const { role, column, nullable } of cases) {
    it(`${role} → ${column} ${nullable ? 'NULL' : 'NOT NULL'}`, () => {
      const model = generate(`- **User**: A person who signs in. Has a name.\n- **Ticket**: A support request. Attributes: subject, ${role}.`);
      const found = columnOf(model, 'tickets', column);
      assert.ok(found, `${column} exists`);
      assert.equal(found.nullable, nullable);
    });
  }
});

describe('generate: fields named in functional requirements', () => {
  const spec = (requirement: string) => [
    '# Feature Specification: Workshop',
    '',
    '## Requirements',
    '',
    '### Functional Requirements',
    '',
    `- **FR-001**: ${requirement}`,
    '',
    '### Key Entities',
    '',
    '- **Repair**: A job done on a bicycle. Has a title.',
    '- **Bicycle**: A customer bicycle with a frame number.',
  ].join('\n');
  const cases: { requirement: string; table: string; columns: string[]; absent: string[] }[] = [
    { requirement: 'The system MUST record each repair with labour cost, finish date and a price.', table: 'repairs', columns: ['labour_cost', 'finish_date', 'price'], absent: [] },
    { requirement: 'Mechanics MUST be able to log bicycles including the purchase date.', table: 'bicycles', columns: ['purchase_date'], absent: [] },
    // The fields belong to the entity named last before the list, not to one named earlier.
    { requirement: 'For each bicycle the system MUST track repairs with a start date.', table: 'bicycles', columns: [], absent: ['start_date'] },
  ];
  for (const { requirement, table, columns, absent } of cases) {
    it(requirement, () => {
      const result = generateFromSpec(spec(requirement), options);
      assert.ok(result.model);
      const names = result.model.entities.find((e) => e.name === table)?.columns.map((c) => c.name) ?? [];
      for (const column of columns) assert.ok(names.includes(column), `${table}.${column} in ${names.join(', ')}`);
      for (const column of absent) assert.ok(!names.includes(column), `${table}.${column} not expected`);
    });
  }
});

describe('generate: one foreign key per column', () => {
  it('an attribute and a relationship line naming the same reference give one foreign key', () => {
    // The same link read twice, under two role words ("borrowing member" and "borrowing Member"):
    // two constraints on one column would make the DDL fail ("constraint … already exists").
    const model = generate(
      [
        '- **Member**: A person who borrows tools, with a name and an email.',
        '- **LoanRequest**: Represents a request to borrow a tool',
        '  - Attributes: id, borrowing member (reference to Member), note (string), requested return date',
        '  - Relationships: Belongs to borrowing Member (many-to-one)',
      ].join('\n'),
    );
    assert.deepEqual(foreignKeysOf(model, 'loan_requests'), ['borrowing_member_id->members']);
    const names = model.foreignKeys.map((fk) => fk.name);
    assert.equal(new Set(names).size, names.length, `constraint names repeat: ${names.join(', ')}`);
  });
});
