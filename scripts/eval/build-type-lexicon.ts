/**
 * `node --import tsx scripts/eval/build-type-lexicon.ts [--corpus DIR]`
 *
 * Derives the generator's column-name → type-family statistics (server/src/generate/
 * name-families.ts) from real teams' data models: every `data-model.md` of the corpus pairs
 * (../shared/corpus/pairs/<pair>/data-model.md and ../shared/examples/real-specs). Only counts
 * are kept (word → family), never the documents' text. Column names are read from Markdown
 * field tables (a name cell and a type cell), SQL column definitions and Prisma fields; each
 * type is mapped to a family; the table keeps, per column name and per last word of a name,
 * the family most teams chose, when at least two pairs use it and 60% of the uses agree.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { nameWords } from './names';

const repoRoot = path.resolve(__dirname, '..', '..');
const OUT = path.join(repoRoot, 'server', 'src', 'generate', 'name-families.ts');

type Family = 'text' | 'integer' | 'numeric' | 'boolean' | 'temporal' | 'date' | 'time' | 'duration' | 'json' | 'uuid' | 'array' | 'binary';

/** A team's type as written (any stack) → family; undefined when it says nothing (`FK`, `enum`, `str?`). */
export function familyOfWrittenType(written: string): Family | undefined {
  const t = written.toLowerCase().replace(/`/g, '').trim();
  if (/\[\]|^array|^list\b|^text\[|vector/.test(t)) return 'array';
  if (/^(uuid|guid)\b/.test(t)) return 'uuid';
  if (/^(interval|duration|timespan)\b/.test(t)) return 'duration';
  if (/^(timestamptz|timestamp|datetime|instant|date ?time|zoneddatetime|offsetdatetime)/.test(t)) return 'temporal';
  if (/^date\b/.test(t)) return 'date';
  if (/^time\b/.test(t)) return 'time';
  if (/^(bool|boolean|bit)\b/.test(t)) return 'boolean';
  if (/^(json|jsonb|dict|object|map|hash)\b/.test(t)) return 'json';
  if (/^(decimal|numeric|money|float|double|real|number\(\d+,\s*\d+\)|currency)/.test(t)) return 'numeric';
  if (/^(int|integer|bigint|smallint|tinyint|serial|bigserial|long|short|int4|int8|number)\b/.test(t)) return 'integer';
  if (/^(bytea|bytes|blob|binary|varbinary|buffer)\b/.test(t)) return 'binary';
  if (/^(text|varchar|string|str|char|citext|character|nvarchar|email|url|slug)\b/.test(t)) return 'text';
  return undefined;
}

function* fieldsOf(document: string): Generator<{ name: string; type: string }> {
  const lines = document.split(/\r?\n/);
  let typeColumn = -1;

  for (const line of lines) {
    // Markdown tables: remember the header's type column; rows give (first cell, type cell).
    if (/^\s*\|/.test(line)) {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
      const header = cells.findIndex((c) => /^(type|tipo|typ|data type|sql type|postgres(?:ql)? type|db type)$/i.test(c.replace(/\*/g, '')));
      if (header >= 0) {
        typeColumn = header;
        continue;
      }
      if (typeColumn > 0 && cells[typeColumn] !== undefined) {
        const name = cells[0].replace(/[`*]/g, '').trim();
        if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) yield { name, type: cells[typeColumn] };
      }
      continue;
    }
    typeColumn = -1;
    // SQL column definitions and Prisma/Drizzle-like fields: `name TYPE…`.
    const sql = /^\s*"?([a-z_][a-z0-9_]*)"?\s+([A-Za-z][A-Za-z0-9_ ]*?(?:\([^)]*\))?(?:\[\])?)(?:\s|,|\?|$)/.exec(line);
    if (sql && !/^(create|alter|primary|foreign|unique|constraint|check|index|references|on|and|or|not|if|select|insert|update|delete|where|from|set|with|as|-)$/i.test(sql[1])) {
      if (familyOfWrittenType(sql[2])) yield { name: sql[1], type: sql[2] };
    }
  }
}

function main() {
  const { values } = parseArgs({ options: { corpus: { type: 'string', default: path.resolve(repoRoot, '..', 'shared', 'corpus') } } });
  const folders = [path.join(values.corpus, 'pairs'), path.join(values.corpus, '..', 'examples', 'real-specs')];
  /** key → family → set of pairs using it (and a count of uses). */
  const byName = new Map<string, Map<Family, { pairs: Set<string>; uses: number }>>();
  const byHead = new Map<string, Map<Family, { pairs: Set<string>; uses: number }>>();
  const add = (table: typeof byName, key: string, family: Family, pair: string) => {
    const families = table.get(key) ?? new Map();
    table.set(key, families);
    const entry = families.get(family) ?? { pairs: new Set<string>(), uses: 0 };
    families.set(family, entry);
    entry.pairs.add(pair);
    entry.uses++;
  };
  let fields = 0;
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    for (const pair of readdirSync(folder)) {
      const file = path.join(folder, pair, 'data-model.md');
      if (!existsSync(file)) continue;
      for (const field of fieldsOf(readFileSync(file, 'utf8'))) {
        const family = familyOfWrittenType(field.type);
        const words = nameWords(field.name);
        // Keys and audit columns say nothing about a spec's attributes; ids are the id setting's.
        if (!family || words.length === 0 || /^(id|created_at|updated_at)$/.test(words.join('_')) || words[words.length - 1] === 'id') continue;
        fields++;
        add(byName, words.join('_'), family, pair);
        add(byHead, words[words.length - 1], family, pair);
      }
    }
  }
  const decide = (table: typeof byName) => {
    const decided: Record<string, Family> = {};
    for (const [key, families] of [...table.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const total = [...families.values()].reduce((sum, e) => sum + e.uses, 0);
      const pairs = new Set([...families.values()].flatMap((e) => [...e.pairs]));
      const [best, entry] = [...families.entries()].sort((a, b) => b[1].uses - a[1].uses)[0];
      if (pairs.size >= 2 && entry.uses / total >= 0.6) decided[key] = best;
    }
    return decided;
  };
  const names = decide(byName);
  const heads = decide(byHead);
  const body = (record: Record<string, Family>) =>
    Object.entries(record).map(([k, f]) => `${k}:${f}`).join(' ').replace(/(.{1,100})(\s|$)/g, '  $1\n');
  writeFileSync(
    OUT,
    `/**
 * Column name → type family, as real teams typed them: statistics derived by
 * scripts/eval/build-type-lexicon.ts from ${fields} typed fields of the data-model.md files of the
 * real-spec corpus (../shared/corpus; counts only, no text kept). A key is kept when at least two
 * teams use it and 60% of its uses agree. Generated: do not edit by hand, re-run the script.
 */
export type NameFamily = 'text' | 'integer' | 'numeric' | 'boolean' | 'temporal' | 'date' | 'time' | 'duration' | 'json' | 'uuid' | 'array' | 'binary';

const parse = (table: string): ReadonlyMap<string, NameFamily> =>
  new Map(table.trim().split(/\\s+/).map((entry) => entry.split(':') as [string, NameFamily]));

/** Whole column names (snake_case, each word singular). */
export const FAMILY_BY_NAME = parse(\`
${body(names)}\`);

/** The last word of a column name, when the whole name is not known. */
export const FAMILY_BY_LAST_WORD = parse(\`
${body(heads)}\`);

`,
  );
  console.log(`${fields} fields → ${Object.keys(names).length} names, ${Object.keys(heads).length} last words: ${path.relative(process.cwd(), OUT)}`);
}

main();
