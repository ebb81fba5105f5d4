// Python literals and identifiers the model export writes: checked by Python itself (Debian's
// /usr/bin/python3 parses them), on hostile texts and on random ones.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { pyClassName, pyComment, pyDocstring, pyIdentifier, PythonScope, pyString } from '../../server/src/orm/python-source';

const HOSTILE = [
  '',
  "it's",
  'say "hi"',
  `both ' and "`,
  '"""',
  "'''",
  '""""',
  'ends with a quote"',
  'ends with a backslash\\',
  '\\"""',
  'line\nbreak\r\nand\ttab',
  'nul\u0000byte',
  'line\u2028separator\u2029paragraph\u0085next\u000c',
  '\ufeffbom',
  'lone \ud800 surrogate',
  '"""; import os; os.system("x") #',
  'ünïcødé 名前 🎉',
];

function randomText(seed: number): string {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) & 0x7fffffff);
  const alphabet = ['"', "'", '\\', '\n', '\r', '#', 'a', ' ', '\u0000', '\u2028', 'é', '{', '}', '%', ':'];
  return Array.from({ length: next() % 24 }, () => alphabet[next() % alphabet.length]).join('');
}

/** Evaluates Python expressions (one per line) and returns their values, as Python sees them. */
function evaluate(expressions: string[]): unknown[] {
  const program = `import ast, json, sys\nvalues = [${expressions.join(',\n')}]\nsys.stdout.write(json.dumps(values, ensure_ascii=True))\n`;
  const result = spawnSync('/usr/bin/python3', ['-c', program], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout);
}

/** A character that would end a Python line or literal, or that a source file cannot hold. */
function breaksALine(text: string): boolean {
  return ['\n', '\r', '\u2028', '\u2029', '\u0000'].some((c) => text.includes(c));
}

/** What Python can hold of a JS string: a lone surrogate stays one code point in both. */
const texts = [...HOSTILE, ...Array.from({ length: 200 }, (_, i) => randomText(i + 1))];

describe('Python source', () => {
  it('pyString: every text is one literal Python reads back unchanged', () => {
    const values = evaluate(texts.map(pyString));
    assert.deepEqual(values, texts);
    for (const text of texts) assert.equal(breaksALine(pyString(text)), false, pyString(text));
  });

  it('pyDocstring: every text is one docstring Python reads back unchanged', () => {
    // A text of several lines gets its closing quotes on a line of their own: one more newline.
    const values = evaluate(texts.map((t) => pyDocstring(t)));
    assert.deepEqual(values, texts.map((t) => (t.includes('\n') ? `${t}\n` : t)));
  });

  it('pyComment: one line that cannot end the comment', () => {
    for (const text of texts) assert.equal(breaksALine(pyComment(text)), false, pyComment(text));
  });

  it('pyIdentifier and pyClassName give valid, non-keyword identifiers', () => {
    const names = [...texts, 'class', 'None', 'import', '1st', 'user-id', 'Größe', 'dataset_items', 'bookings.ticket_flights'];
    const program = names.flatMap((n) => [pyString(pyIdentifier(n)), pyString(pyClassName(n))]).map((s) => `(lambda s: s.isidentifier() and not __import__('keyword').iskeyword(s))(${s})`);
    assert.deepEqual(evaluate(program), program.map(() => true));
    assert.equal(pyIdentifier('dataset_items'), 'dataset_items');
    assert.equal(pyClassName('dataset_items'), 'DatasetItem');
    assert.equal(pyClassName('categories'), 'Category');
    assert.equal(pyClassName('bookings.ticket_flights'), 'TicketFlight');
    assert.equal(pyIdentifier('class'), 'class_');
    assert.equal(pyClassName('none'), 'None_');
  });

  it('PythonScope hands each name out once', () => {
    const scope = new PythonScope(['metadata']);
    assert.deepEqual([scope.claim('metadata'), scope.claim('user'), scope.claim('user'), scope.claim('user')], ['metadata_2', 'user', 'user_2', 'user_3']);
  });
});
