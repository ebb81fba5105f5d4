/**
 * The rules index (docs/rules/README.md's table) and the README's rule count, generated from the
 * registry (server/src/rules/index.ts: id, alias, default severity, quick fix) and each rule's
 * page (its summary paragraph), so neither is maintained by hand and neither drifts.
 *
 *   npm run rules-index            rewrite both files
 *   npm run rules-index -- --check exit 1 and say what differs (test/unit/rules-docs.test.ts runs the check)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { allRules, ruleDocPath, type Rule } from '../../server/src/rules/index';

const ROOT = path.resolve(__dirname, '../..');
const INDEX = 'docs/rules/README.md';
const README = 'README.md';
const TABLE_HEADER = '| id | alias | default | finds | quick fix |';
/** The README's sentence naming how many rules there are: `(\`docs/rules/\`, 33 rules, \`DM001\`–\`DM602\`)`. */
const README_COUNT = /\(`docs\/rules\/`, \d+ rules, `DM\d+`–`DM\d+`\)/;

/** The page's one-paragraph summary: the first paragraph after the "Default severity" line. */
export function pageSummary(page: string, rule: Rule): string {
  const lines = page.split('\n');
  const severityAt = lines.findIndex((line) => line.startsWith('Default severity:'));
  if (severityAt < 0) throw new Error(`${ruleDocPath(rule)}: no "Default severity:" line`);
  const declared = /\*\*(\w+)\*\*/.exec(lines[severityAt])?.[1];
  if (declared !== rule.defaultSeverity) {
    throw new Error(`${ruleDocPath(rule)} says the default severity is ${declared}; the rule's is ${rule.defaultSeverity}`);
  }
  const paragraph: string[] = [];
  for (const line of lines.slice(severityAt + 1)) {
    if (line.trim() === '') {
      if (paragraph.length > 0) break;
      continue;
    }
    if (line.startsWith('#')) break;
    paragraph.push(line.trim());
  }
  if (paragraph.length === 0) throw new Error(`${ruleDocPath(rule)}: no summary paragraph after the severity line`);
  // One table cell: no trailing period, no pipe that would split the cell.
  return paragraph.join(' ').replace(/\.$/, '').replace(/\|/g, '\\|');
}

function quickFixCell(rule: Rule): string {
  return rule.quickFix === 'always' ? 'yes' : rule.quickFix === 'sometimes' ? 'partly' : 'no';
}

export function indexTable(rules: readonly Rule[], readPage: (rule: Rule) => string): string {
  const rows = rules.map((rule) => {
    const page = path.basename(ruleDocPath(rule));
    return `| [${rule.id}](${page}) | \`${rule.alias}\` | ${rule.defaultSeverity} | ${pageSummary(readPage(rule), rule)} | ${quickFixCell(rule)} |`;
  });
  return [TABLE_HEADER, '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** `text` with the table that starts at TABLE_HEADER (up to the first blank line) replaced. */
function replaceTable(text: string, table: string): string {
  const start = text.indexOf(TABLE_HEADER);
  if (start < 0) throw new Error(`${INDEX}: no rules table (a line "${TABLE_HEADER}")`);
  const end = text.indexOf('\n\n', start);
  return text.slice(0, start) + table + (end < 0 ? '\n' : text.slice(end));
}

function countSentence(rules: readonly Rule[]): string {
  const ids = rules.map((rule) => rule.id).filter((id) => id !== 'DM000').sort();
  return `(\`docs/rules/\`, ${rules.length} rules, \`${ids[0]}\`–\`${ids[ids.length - 1]}\`)`;
}

/** Each generated file: its path, its text now, and the text the registry and pages give. */
export function rulesDocs(root: string = ROOT): { file: string; actual: string; expected: string }[] {
  const readPage = (rule: Rule) => readFileSync(path.join(root, ruleDocPath(rule)), 'utf8');
  const index = readFileSync(path.join(root, INDEX), 'utf8');
  const readme = readFileSync(path.join(root, README), 'utf8');
  if (!README_COUNT.test(readme)) throw new Error(`${README}: no rule count sentence like ${countSentence(allRules)}`);
  return [
    { file: INDEX, actual: index, expected: replaceTable(index, indexTable(allRules, readPage)) },
    { file: README, actual: readme, expected: readme.replace(README_COUNT, countSentence(allRules)) },
  ];
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { file, actual, expected } of rulesDocs()) {
    if (actual === expected) continue;
    stale += 1;
    if (check) console.error(`${file} is out of date with the rule registry: run npm run rules-index`);
    else {
      writeFileSync(path.join(ROOT, file), expected);
      console.log(`rewrote ${file}`);
    }
  }
  if (check && stale > 0) process.exit(1);
  if (!check && stale === 0) console.log('the rules index and the README count are up to date');
}
