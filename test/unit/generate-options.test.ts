import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateFromSpec, specTitle, type GenerateOptions } from '../../server/src/generate/index';
import type { DataModel } from '../../server/src/model/types';

/** Options change keys, roles, ORM rows and the domain; the same input always gives the same model. */

const repoRoot = path.resolve(__dirname, '../..');
const sample = readFileSync(path.join(repoRoot, 'examples/label-suite/specs/001-annotation-scoring/spec.md'), 'utf8');
const base: GenerateOptions = { specReference: 'specs/001-annotation-scoring/spec.md', date: '2026-11-24', idType: 'serial', orm: 'SQLAlchemy' };

function model(extra: Partial<GenerateOptions> = {}, text = sample): DataModel {
  const result = generateFromSpec(text, { ...base, ...extra });
  assert.ok(result.model);
  return result.model;
}

describe('generate: options', () => {
  it('specTitle strips the "Feature Specification:" prefix', () => {
    assert.equal(specTitle(sample), 'Annotation Submission and Scoring');
    assert.equal(specTitle('No heading here'), undefined);
  });

  it('the domain defaults to the spec title', () => {
    const result = generateFromSpec(sample, base);
    assert.equal(result.domain, 'Annotation Submission and Scoring');
    assert.equal(result.model?.header.domain, 'Annotation Submission and Scoring');
  });

  it('idType identity / bigint / uuid change the key and every FK type', () => {
    const cases: [GenerateOptions['idType'], string, string, string | undefined][] = [
      ['serial', 'SERIAL', 'INT', 'auto'],
      ['identity', 'INT GENERATED ALWAYS AS IDENTITY', 'INT', 'auto'],
      ['bigint', 'BIGINT GENERATED ALWAYS AS IDENTITY', 'BIGINT', 'auto'],
      ['uuid', 'UUID', 'UUID', 'gen_random_uuid()'],
    ];
    for (const [idType, keyType, fkType, keyDefault] of cases) {
      const m = model({ idType });
      for (const entity of m.entities) {
        const id = entity.columns.find((c) => c.primaryKey);
        assert.equal(id?.type, keyType, `${idType}: ${entity.name}.id`);
        assert.equal(id?.default, keyDefault);
        for (const fk of entity.columns.filter((c) => c.foreignKey)) assert.equal(fk.type, fkType, `${idType}: ${entity.name}.${fk.name}`);
      }
      assert.equal(m.typeGuidelines[0].postgresType, keyType);
    }
  });

  it('is deterministic: the same input and options give the same model', () => {
    assert.deepEqual(model(), model());
    const fixture = readFileSync(path.join(repoRoot, 'test/fixtures/specs/001-library-loans/spec.md'), 'utf8');
    assert.deepEqual(model({}, fixture), model({}, fixture));
  });

  it('the ORM selects the Data Type Guidelines and the audit note', () => {
    const prisma = model({ orm: 'Prisma' });
    assert.ok(prisma.typeGuidelines.some((g) => g.postgresType === 'JSONB' && g.ormType === 'Json'));
    assert.match(prisma.audit.note, /@updatedAt/);
    const django = model({ orm: 'Django ORM' });
    assert.ok(django.typeGuidelines.some((g) => g.ormType === 'JSONField'));
    const generic = model({ orm: 'Knex' });
    assert.match(generic.audit.note, /trigger/);
    assert.equal(generic.header.orm, 'Knex');
  });

  it('roles come from the spec first, then from the options, else a TODO and a default pair', () => {
    assert.deepEqual(model({ roles: ['Viewer', 'Admin'] }).roles, ['Annotator', 'Administrator']);
    const fleet = readFileSync(path.join(repoRoot, 'test/fixtures/specs/002-fleet-maintenance/spec.md'), 'utf8');
    const withRoles = model({ roles: ['Dispatcher', 'Fleet Admin'] }, fleet);
    assert.deepEqual(withRoles.roles, ['Dispatcher', 'Fleet Admin']);
    assert.equal(withRoles.security[0].access['Fleet Admin']?.text, 'Full');
    assert.ok(!withRoles.entities.some((e) => e.notes.some((n) => /names no roles/.test(n))));
    const without = model({}, fleet);
    assert.deepEqual(without.roles, ['User', 'Admin']);
    assert.ok(without.entities[0].notes.some((n) => n.startsWith('TODO:') && /names no roles/.test(n)));
  });
});

describe('generate: the domain selects entities', () => {
  it('a domain covering the spec title takes every entity', () => {
    assert.equal(model({ domain: 'Annotation submission and scoring results' }).entities.length, 6);
  });

  it('a narrower domain takes the entities it names plus what they reference, and says what it left out', () => {
    const m = model({ domain: 'Task configuration and dataset management' });
    assert.deepEqual(m.entities.map((e) => e.name), ['datasets', 'tasks']);
    assert.ok(m.foreignKeys.every((fk) => ['datasets', 'tasks'].includes(fk.refTable)));
    const note = m.entities[0].notes.find((n) => n.startsWith('TODO:') && /Left out/.test(n));
    assert.ok(note, 'left-out entities are named');
    for (const table of ['users', 'dataset_items', 'dataset_answers', 'submissions']) assert.match(note, new RegExp(table));
  });

  it('referenced entities come along transitively', () => {
    const m = model({ domain: 'Submissions' });
    assert.deepEqual(m.entities.map((e) => e.name), ['users', 'datasets', 'tasks', 'submissions']);
  });

  it('a domain naming no entity takes everything', () => {
    assert.equal(model({ domain: 'Leaderboard performance' }).entities.length, 6);
  });
});
