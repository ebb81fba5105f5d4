/** The focus view's sub-diagram: a table and its neighbours N relationship steps out. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDiagramEntity, focusDiagram, MAX_FOCUS_DEPTH } from '../../server/src/mermaid/focus';
import type { Diagram, Relationship } from '../../server/src/model/types';

function link(left: string, right: string): Relationship {
  return { left, right, leftCardinality: 'exactly-one', rightCardinality: 'zero-or-more', identifying: true, label: 'has' };
}

// The sample's shape: DATASETS → ITEMS → ANSWERS, DATASETS → TASKS → SUBMISSIONS ← USERS, plus a loner.
const sample: Diagram = {
  entities: ['USERS', 'DATASETS', 'DATASET_ITEMS', 'DATASET_ANSWERS', 'TASKS', 'SUBMISSIONS', 'AUDIT_LOG'].map((name) => ({
    name,
    attributes: [{ type: 'int', name: 'id', keys: ['PK'] }],
  })),
  relationships: [
    link('DATASETS', 'DATASET_ITEMS'),
    link('DATASETS', 'DATASET_ANSWERS'),
    link('DATASET_ITEMS', 'DATASET_ANSWERS'),
    link('DATASETS', 'TASKS'),
    link('TASKS', 'SUBMISSIONS'),
    link('USERS', 'SUBMISSIONS'),
  ],
};

const names = (diagram: Diagram): string[] => diagram.entities.map((entity) => entity.name);

describe('focusDiagram', () => {
  it('depth 1 keeps the table and its direct neighbours, both directions, in diagram order', () => {
    const result = focusDiagram(sample, 'SUBMISSIONS', 1)!;
    assert.deepEqual(names(result.diagram), ['USERS', 'TASKS', 'SUBMISSIONS']);
    assert.deepEqual(
      result.diagram.relationships.map((r) => `${r.left}-${r.right}`),
      ['TASKS-SUBMISSIONS', 'USERS-SUBMISSIONS'],
    );
    assert.equal(result.center, 'SUBMISSIONS');
    assert.deepEqual([...result.distances.entries()].sort(), [['SUBMISSIONS', 0], ['TASKS', 1], ['USERS', 1]]);
  });

  it('depth 2 reaches one step further, and keeps relationships among kept tables only', () => {
    const result = focusDiagram(sample, 'SUBMISSIONS', 2)!;
    assert.deepEqual(names(result.diagram), ['USERS', 'DATASETS', 'TASKS', 'SUBMISSIONS']);
    assert.ok(!result.diagram.relationships.some((r) => r.right === 'DATASET_ITEMS'));
  });

  it('depth 0 is the table alone; a table without relationships is alone at any depth', () => {
    assert.deepEqual(names(focusDiagram(sample, 'TASKS', 0)!.diagram), ['TASKS']);
    assert.deepEqual(focusDiagram(sample, 'TASKS', 0)!.diagram.relationships, []);
    assert.deepEqual(names(focusDiagram(sample, 'AUDIT_LOG', 5)!.diagram), ['AUDIT_LOG']);
  });

  it('accepts the table name in any case (submissions finds SUBMISSIONS)', () => {
    assert.equal(findDiagramEntity(sample, 'submissions'), 'SUBMISSIONS');
    assert.equal(findDiagramEntity(sample, 'dataset_items'), 'DATASET_ITEMS');
    assert.equal(focusDiagram(sample, 'users', 1)!.center, 'USERS');
  });

  it('an unknown table gives undefined', () => {
    assert.equal(focusDiagram(sample, 'nope', 1), undefined);
    assert.equal(findDiagramEntity(sample, ''), undefined);
  });

  it('clamps odd depths (negative, fractional, huge, NaN)', () => {
    assert.deepEqual(names(focusDiagram(sample, 'SUBMISSIONS', -3)!.diagram), ['SUBMISSIONS']);
    assert.deepEqual(names(focusDiagram(sample, 'SUBMISSIONS', 1.9)!.diagram), ['USERS', 'TASKS', 'SUBMISSIONS']);
    assert.deepEqual(names(focusDiagram(sample, 'SUBMISSIONS', Number.NaN)!.diagram), ['SUBMISSIONS']);
    assert.equal(focusDiagram(sample, 'SUBMISSIONS', 1e9)!.diagram.entities.length, 6); // all but the loner
    assert.ok(MAX_FOCUS_DEPTH >= 5);
  });

  it('follows names that only relationships mention (no entity block)', () => {
    const diagram: Diagram = { entities: [], relationships: [link('A', 'B'), link('B', 'C'), link('C', 'D')] };
    const result = focusDiagram(diagram, 'B', 1)!;
    assert.deepEqual(result.diagram.relationships.map((r) => `${r.left}-${r.right}`), ['A-B', 'B-C']);
    assert.deepEqual([...result.distances.keys()].sort(), ['A', 'B', 'C']);
  });

  it('handles cycles and self-references', () => {
    const diagram: Diagram = {
      entities: ['A', 'B', 'C'].map((name) => ({ name, attributes: [] })),
      relationships: [link('A', 'B'), link('B', 'C'), link('C', 'A'), link('A', 'A')],
    };
    const result = focusDiagram(diagram, 'A', 1)!;
    assert.deepEqual(names(result.diagram), ['A', 'B', 'C']);
    assert.equal(result.diagram.relationships.length, 4);
  });
});
