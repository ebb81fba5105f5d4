/**
 * The erDiagram injection grammar: valid, wired in package.json, and its rules match (with the
 * intended captures) the lines data-model documents use. Two Oniguruma constructs are
 * translated for JavaScript's RegExp: `\G` (where the last match ended: at a line start here,
 * so it can never match anything `^` does not) and the inline case-insensitive group `(?i:…)`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '../..');
const grammarPath = 'syntaxes/erdiagram.injection.tmLanguage.json';
const grammar = JSON.parse(readFileSync(path.join(root, grammarPath), 'utf8'));
const rule = (name: string) => grammar.repository[name];
function re(source: string): RegExp {
  const caseless = source.includes('(?i:');
  return new RegExp(source.replace(/\\G/g, '(?!)').replace(/\(\?i:/g, '(?:'), caseless ? 'i' : '');
}

describe('erDiagram injection grammar', () => {
  it('is contributed for Markdown with a matching scope name', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const entry = pkg.contributes.grammars.find((g: { path: string }) => g.path === `./${grammarPath}`);
    assert.equal(entry.scopeName, grammar.scopeName);
    assert.deepEqual(entry.injectTo, ['text.html.markdown']);
    assert.equal(grammar.injectionSelector, 'L:text.html.markdown');
  });

  it('every pattern compiles', () => {
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (['match', 'begin', 'end', 'while'].includes(key) && typeof value === 'string') assert.doesNotThrow(() => re(value), value);
        else walk(value);
      }
    };
    walk(grammar);
  });

  it('opens on ```mermaid fences only and ends on the closing fence', () => {
    const fence = rule('mermaid-fence');
    assert.ok(re(fence.begin).test('```mermaid'));
    assert.ok(re(fence.begin).test('~~~ mermaid'));
    assert.ok(!re(fence.begin).test('```sql'));
    assert.ok(!re(fence.begin).test('```mermaidx'));
    assert.ok(re(fence.patterns[0].while).test('USERS {'));
    assert.ok(!re(fence.patterns[0].while).test('```'));
    assert.ok(re(rule('erdiagram').begin).test('erDiagram'));
    assert.ok(!re(rule('erdiagram').begin).test('flowchart TD'));
  });

  it('captures entity, attribute parts, keys, cardinality and labels', () => {
    assert.equal(re(rule('entity-block').begin).exec('DATASET_ITEMS {')?.[1], 'DATASET_ITEMS');
    const attribute = re(rule('attribute').match).exec('int item_id FK, UK "the item"')!;
    assert.deepEqual(attribute.slice(1, 5), ['int', 'item_id', 'FK, UK', '"the item"']);
    const plain = re(rule('attribute').match).exec('datetime created_at')!;
    assert.deepEqual(plain.slice(1, 5), ['datetime', 'created_at', undefined, undefined]);
    const relationship = re(rule('relationship').match).exec('DATASET_ITEMS ||--o| DATASET_ANSWERS : "answered by"')!;
    assert.deepEqual(relationship.slice(1, 8), ['DATASET_ITEMS', '||', '--', 'o|', 'DATASET_ANSWERS', ':', '"answered by"']);
    assert.equal(re(rule('relationship').match).exec('A }|..|{ B : rel')?.[7], 'rel');
    assert.ok(re(rule('comment').match).test('  %% a comment'));
  });
});
