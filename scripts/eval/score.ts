/**
 * Scores one generated data model against a pair's expect.json, exactly as
 * ../shared/corpus/EXPECT-FORMAT.md says: tables by name or alias; columns in three passes
 * (name/alias, the only FK to the expected target, the only column holding every word);
 * foreign keys; type family; nullable and unique agreement where either side says so; enums;
 * junk names; not_tables respected.
 */
import type { Column, DataModel, Entity } from '../../server/src/model/types';
import type { ExpectedColumn, ExpectedTable, Expectation } from './expect';
import { familyAgrees, familyOf, type Family } from './families';
import { nameWords, normalise } from './names';

/** A count of hits over a count of chances; summed over pairs for the totals. */
export interface Ratio {
  hit: number;
  of: number;
}

export interface PairScore {
  tables: Ratio;
  columns: Ratio;
  foreignKeys: Ratio;
  family: Ratio;
  nullable: Ratio;
  unique: Ratio;
  enums: Ratio;
  enumValues: Ratio;
  uniqueTogether: Ratio;
  notTables: Ratio;
  roles: Ratio;
  /** Junk names over generated columns (lower is better). */
  junk: Ratio;
  junkNames: string[];
  missedTables: string[];
  missedColumns: string[];
  /** Expected foreign keys not declared: `table.column → references`, with what the document has instead. */
  missedForeignKeys: string[];
  /** Expected composite unique keys not found. */
  missedUniqueTogether: string[];
  wrongFamilies: string[];
  /** Columns whose NULL the spec and the document disagree on. */
  wrongNullable: string[];
}

const AUDIT = new Set(['id', 'created_at', 'updated_at']);
const JUNK_WORDS = new Set(['include', 'including', 'with', 'attribute', 'list', 'etc', 'entity', 'represent']);
const QUALIFIERS = new Set([
  'unique', 'optional', 'required', 'personal_data', 'existing', 'nullable', 'mandatory', 'confidential',
  'sensitive', 'encrypted', 'hashed', 'indexed', 'immutable', 'generated', 'computed', 'calculated',
  'derived', 'read_only', 'readonly', 'primary_key', 'foreign_key', 'fk', 'pk', 'not_null', 'null', 'default',
  'pii', 'deprecated', 'auto_generated', 'auto_increment', 'uuid', 'timestamp', 'string',
  'integer', 'boolean', 'text', 'number', 'enum', 'date', 'datetime', 'decimal', 'json',
]);

const ratio = (): Ratio => ({ hit: 0, of: 0 });

/** Values a CHECK lists for a column: `status IN ('a', 'b')` or `status = ANY (ARRAY['a', 'b'])`. */
export function checkValues(model: DataModel): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const check of model.checks) {
    const match = /^\s*\(?\s*"?([a-z_][a-z0-9_]*)"?(?:::text)?\s*(?:IN\s*\(|=\s*ANY\s*\(\s*ARRAY\s*\[)(.*)$/is.exec(check.expression);
    if (!match) continue;
    const listed = [...match[2].matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
    if (listed.length > 0) values.set(`${check.table}.${match[1]}`, listed);
  }
  return values;
}

interface Found {
  table: Entity;
  column: Column;
}

export function scorePair(expect: Expectation, model: DataModel): PairScore {
  const score: PairScore = {
    tables: ratio(), columns: ratio(), foreignKeys: ratio(), family: ratio(), nullable: ratio(), unique: ratio(),
    enums: ratio(), enumValues: ratio(), uniqueTogether: ratio(), notTables: ratio(), roles: ratio(), junk: ratio(),
    junkNames: [], missedTables: [], missedColumns: [], missedForeignKeys: [], missedUniqueTogether: [], wrongFamilies: [], wrongNullable: [],
  };
  const values = checkValues(model);
  const enumTypes = new Set((model.enums ?? []).map((e) => e.name.toLowerCase()));
  const enumTypeValues = new Map((model.enums ?? []).map((e) => [e.name.toLowerCase(), e.values]));
  const uniqueSingles = new Set<string>();
  const uniqueSets: { table: string; columns: string[] }[] = [];
  for (const index of model.indexes) {
    if (!index.unique) continue;
    if (index.columns.length === 1 && !index.where) uniqueSingles.add(`${index.table}.${index.columns[0].name}`);
    uniqueSets.push({ table: index.table, columns: index.columns.map((c) => c.name) });
  }
  for (const entity of model.entities) {
    const uniques = entity.columns.filter((c) => c.unique);
    for (const column of uniques) uniqueSingles.add(`${entity.name}.${column.name}`);
  }
  const familyOfColumn = (table: Entity, column: Column): Family =>
    familyOf(column.type, column.name, values.has(`${table.name}.${column.name}`), enumTypes);

  // Tables: by normalised name or alias; one expected table may match several generated ones.
  const keysOf = (table: ExpectedTable) => new Set([table.name, ...(table.aka ?? [])].map(normalise));
  const matches = new Map<ExpectedTable, Entity[]>();
  for (const table of expect.tables) {
    const keys = keysOf(table);
    const found = model.entities.filter((entity) => keys.has(normalise(entity.name)));
    matches.set(table, found);
    score.tables.of++;
    if (found.length > 0) score.tables.hit++;
    else score.missedTables.push(table.name);
  }
  const expectedByName = (name: string) => {
    const key = normalise(name);
    return expect.tables.find((t) => keysOf(t).has(key));
  };
  /** Generated tables a `references` names: through the expected table it names, or by name. */
  const targetTables = (references: string): Set<string> => {
    const target = expectedByName(references);
    const names = new Set(model.entities.filter((e) => normalise(e.name) === normalise(references)).map((e) => e.name));
    for (const entity of target ? (matches.get(target) ?? []) : []) names.add(entity.name);
    return names;
  };

  for (const table of expect.tables) {
    const generated = matches.get(table) ?? [];
    const fks = (expect.foreign_keys ?? []).filter((fk) => expectedByName(fk.table) === table);
    const plain = table.columns;
    score.columns.of += plain.length + fks.length;
    score.foreignKeys.of += fks.length;
    if (generated.length === 0) {
      for (const column of plain) score.missedColumns.push(`${table.name}.${column.name}`);
      for (const fk of fks) score.missedColumns.push(`${table.name}.${fk.column}`);
      for (const fk of fks) score.missedForeignKeys.push(`${table.name}.${fk.column} → ${fk.references} (no table)`);
      continue;
    }
    const pool: Found[] = generated.flatMap((entity) => entity.columns.map((column) => ({ table: entity, column })));
    const claimed = new Set<Found>();
    const foundFor = new Map<object, Found>();
    type Wanted = { key: object; names: string[] };
    const wanted: Wanted[] = [
      ...plain.map((c) => ({ key: c as object, names: [c.name, ...(c.aka ?? [])] })),
      ...fks.map((fk) => ({ key: fk as object, names: [fk.column, ...(fk.aka ?? [])] })),
    ];
    // Pass 1: name or alias exactly.
    for (const want of wanted) {
      const keys = new Set(want.names.map(normalise));
      const hit = pool.find((f) => !claimed.has(f) && keys.has(normalise(f.column.name)));
      if (hit) {
        claimed.add(hit);
        foundFor.set(want.key, hit);
      }
    }
    // Pass 2: for an expected FK column, the only generated FK pointing at its target.
    for (const fk of fks) {
      if (foundFor.has(fk)) continue;
      const targets = targetTables(fk.references);
      const pointing = pool.filter(
        (f) =>
          !claimed.has(f) &&
          model.foreignKeys.some((k) => k.table === f.table.name && k.columns.length === 1 && k.columns[0] === f.column.name && targets.has(k.refTable)),
      );
      if (pointing.length === 1) {
        claimed.add(pointing[0]);
        foundFor.set(fk, pointing[0]);
      }
    }
    // Pass 3: the only column containing every word of the name or of a multi-word alias;
    // a column holding the words of two expected attributes counts for neither.
    const open = wanted.filter((w) => !foundFor.has(w.key));
    const wordSets = (w: Wanted) => [w.names[0], ...w.names.slice(1).filter((n) => nameWords(n).length > 1)].map(nameWords);
    const holds = (f: Found, w: Wanted) => {
      const words = new Set(nameWords(f.column.name));
      return wordSets(w).some((set) => set.length > 0 && set.every((word) => words.has(word)));
    };
    const candidates = pool.filter((f) => !claimed.has(f) && !AUDIT.has(f.column.name));
    const ambiguous = new Set(candidates.filter((f) => open.filter((w) => holds(f, w)).length > 1));
    for (const want of open) {
      const hits = candidates.filter((f) => !ambiguous.has(f) && !claimed.has(f) && holds(f, want));
      if (hits.length === 1) {
        claimed.add(hits[0]);
        foundFor.set(want.key, hits[0]);
      }
    }

    for (const column of plain) {
      const found = foundFor.get(column);
      if (!found) {
        score.missedColumns.push(`${table.name}.${column.name}`);
        continue;
      }
      score.columns.hit++;
      scoreColumn(score, table, column, found, familyOfColumn(found.table, found.column), uniqueSingles);
    }
    for (const fk of fks) {
      const found = foundFor.get(fk);
      if (!found) {
        score.missedColumns.push(`${table.name}.${fk.column}`);
        const have = model.foreignKeys.filter((k) => generated.some((g) => g.name === k.table)).map((k) => `${k.columns.join(',')}→${k.refTable}`);
        score.missedForeignKeys.push(`${table.name}.${fk.column} → ${fk.references} (no column; has ${have.join(' ') || 'no FK'})`);
        continue;
      }
      score.columns.hit++;
      const targets = targetTables(fk.references);
      const declared = model.foreignKeys.some(
        (k) => k.table === found.table.name && k.columns.includes(found.column.name) && targets.has(k.refTable),
      );
      if (declared) score.foreignKeys.hit++;
      else score.missedForeignKeys.push(`${table.name}.${fk.column} → ${fk.references} (column ${found.column.name} is no FK to it)`);
      if (fk.nullable || found.column.nullable) {
        score.nullable.of++;
        if (fk.nullable && found.column.nullable) score.nullable.hit++;
        else score.wrongNullable.push(`${table.name}.${found.column.name}: spec ${fk.nullable ? 'NULL' : 'NOT NULL'} (foreign key)`);
      }
    }

    // Enumerations of this table: found as an enum, and how many of the values are listed.
    for (const wantedEnum of (expect.enums ?? []).filter((e) => expectedByName(e.table) === table)) {
      score.enums.of++;
      score.enumValues.of += wantedEnum.values.length;
      const column = plain.find((c) => normalise(c.name) === normalise(wantedEnum.column));
      const found = column ? foundFor.get(column) : pool.find((f) => normalise(f.column.name) === normalise(wantedEnum.column));
      if (!found || familyOfColumn(found.table, found.column) !== 'enum') continue;
      score.enums.hit++;
      const listed = (values.get(`${found.table.name}.${found.column.name}`) ?? enumTypeValues.get(found.column.type.toLowerCase()) ?? []).map(normalise);
      score.enumValues.hit += wantedEnum.values.filter((v) => listed.includes(normalise(v))).length;
    }

    // Composite unique keys: a unique index or constraint over exactly the matched columns.
    for (const together of (expect.unique_together ?? []).filter((u) => expectedByName(u.table) === table)) {
      score.uniqueTogether.of++;
      const columns = together.columns.map((name) => {
        const want = wanted.find((w) => w.names.some((n) => normalise(n) === normalise(name)));
        return want ? foundFor.get(want.key) : undefined;
      });
      if (columns.some((c) => !c)) {
        score.missedUniqueTogether.push(`${table.name}(${together.columns.join(', ')}): columns missing`);
        continue;
      }
      const names = new Set(columns.map((c) => c!.column.name));
      if (uniqueSets.some((u) => generated.some((g) => g.name === u.table) && u.columns.length === names.size && u.columns.every((c) => names.has(c)))) {
        score.uniqueTogether.hit++;
      } else score.missedUniqueTogether.push(`${table.name}(${together.columns.join(', ')}): no unique key`);
    }
  }

  // Non-persisted entities: respected when no generated table matches them.
  for (const notTable of expect.not_tables ?? []) {
    score.notTables.of++;
    const key = normalise(notTable.entity);
    if (!model.entities.some((e) => normalise(e.name) === key)) score.notTables.hit++;
  }

  // Roles: the actors the spec gives access rules for, found among the document's roles.
  const roles = new Set(model.roles.map(normalise));
  for (const role of expect.roles ?? []) {
    score.roles.of++;
    if (roles.has(normalise(role))) score.roles.hit++;
  }

  scoreJunk(score, model, values);
  return score;
}

function scoreColumn(score: PairScore, table: ExpectedTable, column: ExpectedColumn, found: Found, family: Family, uniqueSingles: Set<string>) {
  score.family.of++;
  if (familyAgrees(column.family, family)) score.family.hit++;
  else score.wrongFamilies.push(`${table.name}.${column.name}: ${column.family} ≠ ${family} (${found.column.type})`);
  if (column.nullable || found.column.nullable) {
    score.nullable.of++;
    if (column.nullable && found.column.nullable) score.nullable.hit++;
    else score.wrongNullable.push(`${table.name}.${found.column.name}: spec ${column.nullable ? 'NULL' : 'NOT NULL'} ("${column.evidence ?? ''}")`);
  }
  const unique = found.column.unique || uniqueSingles.has(`${found.table.name}.${found.column.name}`);
  if (column.unique || unique) {
    score.unique.of++;
    if (column.unique && unique) score.unique.hit++;
  }
}

function isJunkName(name: string): boolean {
  if (name.length > 40 || Buffer.byteLength(name, 'utf8') > 63) return true;
  return nameWords(name).some((word) => JUNK_WORDS.has(word));
}

function scoreJunk(score: PairScore, model: DataModel, values: Map<string, string[]>) {
  for (const entity of model.entities) {
    if (isJunkName(entity.name)) score.junkNames.push(`table ${entity.name}`);
    if (entity.columns.every((c) => AUDIT.has(c.name))) score.junkNames.push(`empty table ${entity.name}`);
    const columnNames = new Set(entity.columns.map((c) => c.name));
    for (const column of entity.columns) {
      score.junk.of++;
      if (isJunkName(column.name)) score.junkNames.push(`${entity.name}.${column.name}`);
      for (const value of values.get(`${entity.name}.${column.name}`) ?? []) {
        const key = normalise(value);
        if (QUALIFIERS.has(key) || QUALIFIERS.has(value.toLowerCase()) || (columnNames.has(value) && value !== column.name)) {
          score.junkNames.push(`${entity.name}.${column.name} CHECK value '${value}'`);
        }
      }
    }
  }
  score.junk.hit = score.junkNames.length;
}
