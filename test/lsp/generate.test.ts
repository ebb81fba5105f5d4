// The language server over a real stdio connection, as VS Code talks to it: initialize,
// then the custom generate requests. Runs the bundle (dist/server.js), so a module missing
// from the bundle fails here too.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { GenerateResponse, SpecTitleResponse } from '../../server/src/api/protocol';
import { root, startServer, type ServerUnderTest } from './server-process';

const sampleSpec = path.join(root, 'examples/label-suite/specs/001-annotation-scoring/spec.md');

describe('language server over stdio', () => {
  let server: ServerUnderTest;

  before(async () => {
    server = await startServer();
  });

  after(() => server.stop());

  it('answers dataModel/specTitle with the spec title', async () => {
    const specText = readFileSync(sampleSpec, 'utf8');
    const response = await server.connection.sendRequest<SpecTitleResponse>('dataModel/specTitle', { specText });
    assert.ok(response.title && /annotation/i.test(response.title), `title was ${response.title}`);
  });

  it('answers dataModel/specTitle with what stops generation, located, so nothing is asked first', async () => {
    const response = await server.connection.sendRequest<SpecTitleResponse>('dataModel/specTitle', {
      specText: '# Feature Specification: Nothing\n\n## Requirements\n\n- **FR-001**: Something.\n',
    });
    assert.equal(response.title, 'Nothing');
    assert.equal(response.problems?.length, 1);
    assert.match(response.problems?.[0].message ?? '', /no Key Entities section/);
    assert.equal(response.problems?.[0].range.start.line, 0);
    const sample = await server.connection.sendRequest<SpecTitleResponse>('dataModel/specTitle', { specText: readFileSync(sampleSpec, 'utf8') });
    assert.deepEqual(sample.problems, []);
  });

  it('answers dataModel/generate with a merge when given the current file', async () => {
    const params = {
      specText: readFileSync(sampleSpec, 'utf8'),
      specPath: 'specs/001-annotation-scoring/spec.md',
      domain: 'Annotation submission and scoring results',
      date: '2026-11-24',
      settings: { idType: 'serial', roles: [], orm: 'SQLAlchemy (async)' },
    };
    const first = await server.connection.sendRequest<GenerateResponse>('dataModel/generate', params);
    const edited = `${first.markdown}\n## Notes\n\nKept by hand.\n`;
    const again = await server.connection.sendRequest<GenerateResponse>('dataModel/generate', {
      ...params,
      specText: params.specText.replace('a score between 0 and 1', 'a score between 0 and 100'),
      current: edited,
    });
    assert.equal(again.regeneration?.kind, 'merged');
    assert.ok(again.regeneration?.kind === 'merged' && again.regeneration.text.includes('Kept by hand.'));
    assert.ok(again.regeneration?.kind === 'merged' && again.regeneration.text.includes('score <= 100'));
  });

  it('answers dataModel/generate with the document of the sample spec', async () => {
    const specText = readFileSync(sampleSpec, 'utf8');
    const response = await server.connection.sendRequest<GenerateResponse>('dataModel/generate', {
      specText,
      specPath: 'specs/001-annotation-scoring/spec.md',
      domain: 'Annotation submission and scoring results',
      date: '2026-11-24',
      settings: { idType: 'serial', roles: [], orm: 'SQLAlchemy (async)' },
    });
    assert.deepEqual([...response.tables].sort(), ['dataset_answers', 'dataset_items', 'datasets', 'submissions', 'tasks', 'users']);
    assert.ok(response.markdown?.startsWith('# Data Model: Annotation submission and scoring results\n'));
    assert.match(response.markdown ?? '', /\*\*Spec Reference\*\*: specs\/001-annotation-scoring\/spec\.md/);
  });

  it('answers a spec without Key Entities with a located error, not a crash', async () => {
    const response = await server.connection.sendRequest<GenerateResponse>('dataModel/generate', {
      specText: '# Feature Specification: Nothing\n\n## Requirements\n\n- **FR-001**: Something.\n',
      specPath: 'specs/002-nothing/spec.md',
      domain: 'Nothing',
      settings: { idType: 'serial', roles: [], orm: 'SQLAlchemy (async)' },
    });
    assert.equal(response.markdown, undefined);
    const error = response.problems.find((problem) => problem.severity === 'error');
    assert.ok(error, 'an error problem');
    assert.match(error.message, /Key Entities/);
    assert.equal(error.range.start.line, 0);
  });
});
