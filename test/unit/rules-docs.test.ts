// The rules index (docs/rules/README.md) and the README's rule count are generated from the
// registry and the rule pages (scripts/rules/rules-index.ts): this fails when either was edited
// by hand or a rule changed without regenerating them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rulesDocs } from '../../scripts/rules/rules-index';

describe('rules documentation', () => {
  for (const { file, actual, expected } of rulesDocs()) {
    it(`${file} is what the rule registry and pages give (npm run rules-index)`, () => {
      const actualLines = actual.split('\n');
      const expectedLines = expected.split('\n');
      const first = expectedLines.findIndex((line, i) => line !== actualLines[i]);
      assert.ok(first < 0 && actualLines.length === expectedLines.length, `${file} line ${first + 1}:\n  is:        ${actualLines[first]}\n  should be: ${expectedLines[first]}`);
    });
  }
});
