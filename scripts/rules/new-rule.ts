/**
 * `npm run new-rule -- DM603 alias-in-kebab-case "What the rule finds, in one sentence."`
 *
 * Scaffolds a lint rule where the registry and its tests expect one, so adding a rule touches
 * only the files it must (CONTRIBUTING.md, "Add a lint rule"):
 *
 *   server/src/rules/catalog/DMnnn-alias.ts   the rule, with a check that finds nothing yet
 *   server/src/rules/index.ts                 its import and its place in `allRules` (id order)
 *   docs/rules/DMnnn.md                       its page, with every section the catalog test requires
 *   test/fixtures/rules/DMnnn-{fails,passes}.md  copies of the clean fixture to edit
 *   test/unit/rules-catalog.test.ts           its row in CASES (fires once on the failing fixture)
 *   docs/rules/README.md, README.md           regenerated index and rule count
 *
 * The catalog test fails on the new row until the rule finds the problem in its failing
 * fixture: the scaffold is where the work starts, not a rule that passes by doing nothing.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../server/src/rules/index';
import { rulesDocs } from './rules-index';

const ROOT = path.resolve(__dirname, '../..');

function fail(message: string): never {
  console.error(`new-rule: ${message}`);
  console.error('usage: npm run new-rule -- DMnnn alias-in-kebab-case "What the rule finds, in one sentence."');
  process.exit(2);
}

const [id, alias, description] = process.argv.slice(2);
if (!id || !/^DM\d{3}$/.test(id)) fail(`the id must look like DM603, not "${id ?? ''}"`);
if (!alias || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(alias)) fail(`the alias must be kebab-case, not "${alias ?? ''}"`);
if (!description || description.trim().length < 10) fail('give the one-sentence description the rules index shows');
const taken = allRules.find((rule) => rule.id === id || rule.alias === alias);
if (taken) fail(`${taken.id}/${taken.alias} already has that ${taken.id === id ? 'id' : 'alias'}`);

const identifier = alias.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const sentence = description.trim().replace(/\.?$/, '.');
const files = {
  rule: `server/src/rules/catalog/${id}-${alias}.ts`,
  page: `docs/rules/${id}.md`,
  fails: `test/fixtures/rules/${id}-fails.md`,
  passes: `test/fixtures/rules/${id}-passes.md`,
};
for (const file of Object.values(files)) {
  if (existsSync(path.join(ROOT, file))) fail(`${file} exists already; nothing was written`);
}
const write = (file: string, text: string) => {
  writeFileSync(path.join(ROOT, file), text, { flag: 'wx' });
  console.log(`wrote ${file}`);
};

write(
  files.rule,
  `import type { Finding, Rule } from '../types';

/**
 * ${sentence}
 * Why it matters, in a sentence or two (the page says it at length: ${files.page}).
 */
export const ${identifier}: Rule = {
  id: '${id}',
  alias: '${alias}',
  defaultSeverity: 'warning',
  description: ${JSON.stringify(sentence)},
  check({ model }) {
    const findings: Finding[] = [];
    // model-queries.ts has the usual lookups (entityAnchor for a table's heading, column ranges).
    void model;
    return findings;
  },
};
`,
);

write(
  files.page,
  `# ${id}/${alias}

Default severity: **warning**

${sentence}

## Why

What goes wrong in PostgreSQL or for the people using the data when this slips through.

## Fires

\`\`\`markdown
the smallest document excerpt that shows the problem
\`\`\`

## Does not fire

The nearby cases that are fine.

## Quick fix

None, or what the fix changes.

## Silencing

- For the file: \`<!-- data-model-disable-file ${id} -->\` (or \`${alias}\`).
- For a region: \`<!-- data-model-disable ${id} -->\` … \`<!-- data-model-enable ${id} -->\`. An HTML comment ends a Markdown table, so put the pair around the whole table.
- For one line: \`<!-- data-model-disable-next-line ${id} -->\` before it; inside the diagram use \`%% data-model-disable-next-line ${id}\`, inside a sql fence \`-- data-model-disable-next-line ${id}\`.
- Everywhere: \`"${id}": "off"\` (or another level) in the \`rules\` of \`.datamodel-lint.json\`, or in the editor settings; see [README](README.md#configuration).
`,
);

for (const fixture of [files.fails, files.passes]) {
  copyFileSync(path.join(ROOT, 'test/fixtures/rules/clean.md'), path.join(ROOT, fixture));
  console.log(`wrote ${fixture} (a copy of clean.md: edit it)`);
}

/** Inserts `line` into `text` before the first line matching `after` whose key sorts after `key`, or after the last one. */
function insertSorted(text: string, pattern: RegExp, key: string, line: string): string {
  const lines = text.split('\n');
  const matches = lines.map((l, i) => ({ i, m: pattern.exec(l) })).filter((x) => x.m);
  if (matches.length === 0) throw new Error(`no line matching ${pattern}`);
  const next = matches.find((x) => (x.m as RegExpExecArray)[1] > key);
  lines.splice(next ? next.i : matches[matches.length - 1].i + 1, 0, line);
  return lines.join('\n');
}

const indexFile = path.join(ROOT, 'server/src/rules/index.ts');
let index = readFileSync(indexFile, 'utf8');
index = insertSorted(index, /^import \{ \w+ \} from '\.\/catalog\/(DM\d{3})-/, id, `import { ${identifier} } from './catalog/${id}-${alias}';`);
// The array entries are the identifiers, in id order: find the entry of the next id by its import.
const importedIds = new Map([...index.matchAll(/^import \{ (\w+) \} from '\.\/catalog\/(DM\d{3})-/gm)].map((m) => [m[1], m[2]]));
const arrayStart = index.indexOf('export const allRules');
const arrayEnd = index.indexOf('];', arrayStart);
const entries = index.slice(arrayStart, arrayEnd).split('\n');
const nextEntry = entries.findIndex((entry) => (importedIds.get(entry.trim().replace(/,$/, '')) ?? '') > id);
// The slice ends with the newline before `];`, so its last piece is empty: insert before it.
entries.splice(nextEntry >= 0 ? nextEntry : entries.length - 1, 0, `  ${identifier},`);
writeFileSync(indexFile, index.slice(0, arrayStart) + entries.join('\n') + index.slice(arrayEnd));
console.log('registered it in server/src/rules/index.ts');

const testFile = path.join(ROOT, 'test/unit/rules-catalog.test.ts');
const test = insertSorted(
  readFileSync(testFile, 'utf8'),
  /^ {2}\{ id: '(DM\d{3})', fails: /,
  id,
  `  { id: '${id}', fails: 1, passes: '${id}-passes.md', allFixable: false },`,
);
writeFileSync(testFile, test);
console.log('added its row to test/unit/rules-catalog.test.ts (fires once on the failing fixture: adjust)');

for (const { file, actual, expected } of rulesDocs()) {
  if (actual !== expected) {
    writeFileSync(path.join(ROOT, file), expected);
    console.log(`regenerated ${file}`);
  }
}
console.log(`\nNext: write the check in ${files.rule}, make ${files.fails} show the problem, then\n  node --import tsx --test test/unit/rules-catalog.test.ts`);
