/**
 * The crossing counter the ERD layout benchmark uses (scripts/bench/edge-crossings.ts): it must
 * find two relationship lines that cross, not count lines that only meet at a shared table, and
 * read the lines out of mermaid's SVG by their class.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { countCrossings, flattenPath, svgEdgeCrossings } from '../../scripts/bench/edge-crossings';

describe('ERD edge crossing counter', () => {
  it('counts an X of two straight lines once', () => {
    assert.equal(countCrossings([flattenPath('M0,0 L100,100'), flattenPath('M0,100 L100,0')]), 1);
  });

  it('does not count lines that only share an end (two relationships of one table)', () => {
    assert.equal(countCrossings([flattenPath('M50,0 L0,100'), flattenPath('M50,0 L100,100')]), 0);
  });

  it('finds where a curve crosses a line, with relative commands', () => {
    // A cubic from (0,50) bulging up to y≈0 and back to (100,50) crosses x=50 once; the vertical
    // line from (50,-10) down to (50,40), written relatively, meets it there.
    assert.equal(countCrossings([flattenPath('M0,50 C0,-15 100,-15 100,50'), flattenPath('M50,-10 l0,50')]), 1);
    assert.equal(countCrossings([flattenPath('M0,50 C0,-15 100,-15 100,50'), flattenPath('M200,-10 l0,50')]), 0);
  });

  it('reads only relationship lines from the SVG', () => {
    const svg = [
      '<svg>',
      '<path d="M0,0 L100,100" class="edge-thickness-normal relationshipLine"/>',
      '<path class="relationshipLine" d="M0,100 L100,0"/>',
      '<path class="er entityBox" d="M0,50 L100,50"/>',
      '</svg>',
    ].join('');
    assert.deepEqual(svgEdgeCrossings(svg), { edges: 2, crossings: 1 });
  });
});
