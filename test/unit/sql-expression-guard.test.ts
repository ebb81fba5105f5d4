// The SQL a document writes itself is parsed, checked against the allowed shapes and emitted from
// its parse tree: one test per attack found against the old lexer (issue 11), each through the
// guard, the compiler (no injected statement in the emitted SQL, a located refusal) and the lint
// rule (DM006 on the cell's line); and the shapes real documents use still compile.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { parseSync } from 'libpg-query';
import { readMarkdown } from '../../server/src/markdown/reader';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import type { DataModel } from '../../server/src/model/types';
import { runRules } from '../../server/src/rules/index';
import { compileDdl } from '../../server/src/sql/ddl';
import { guardEnvironment, serialSequenceName } from '../../server/src/sql/document-fragments';
import {
  guardColumnType,
  guardDefaultExpression,
  guardDomainDefinition,
  guardExpression,
  guardPartitionBound,
  guardPartitionKey,
  sequenceKey,
  type GuardEnvironment,
} from '../../server/src/sql/expression-guard';
import { checkScript } from '../../server/src/sql/script-check';
import type { DdlStatement } from '../../server/src/sql/statements';
import { fixture } from './rules-support';

before(() => loadSqlParser());

const env: GuardEnvironment = { sequences: new Set(['public.users_id_seq']), types: new Set(['mood']) };
const usersScope = { table: 'users', row: true };

/** The statements of `sql` as PostgreSQL's parser sees them: node kinds, in order. */
function statementKinds(sql: string): string[] {
  return (parseSync(sql).stmts ?? []).map((s) => Object.keys(s.stmt ?? {})[0]!);
}

// ---------------------------------------------------------------------------------------------
// The attacks, each as a cell of a document: where it goes, the text, and what the refusal says.

interface Attack {
  name: string;
  /** The line of clean.md to change, and the cell text to put there instead of the original. */
  line: string;
  cell: string;
  /** What the refusal must say. */
  reason: RegExp;
}

const COMMIT_COPY = "); COMMIT; COPY (SELECT 1) TO PROGRAM 'id'; --";

const ATTACKS: Attack[] = [
  {
    name: 'a dollar-quote tag with a non-ASCII letter',
    line: "| role | VARCHAR(32) | No | 'member' | 'member' or 'admin' |",
    cell: `$é$'$é$${COMMIT_COPY}'`,
    reason: /more than one statement|not valid SQL/,
  },
  {
    name: "an E'…' string preceded by a non-ASCII letter",
    line: "| role | VARCHAR(32) | No | 'member' | 'member' or 'admin' |",
    cell: `éE'\\'${COMMIT_COPY}'`,
    reason: /more than one statement|not valid SQL/,
  },
  {
    name: '; COMMIT; COPY … TO PROGRAM appended to a default',
    line: "| role | VARCHAR(32) | No | 'member' | 'member' or 'admin' |",
    cell: `'member'${COMMIT_COPY}`,
    reason: /more than one statement|not valid SQL/,
  },
  {
    name: 'pg_read_file in a default',
    line: "| role | VARCHAR(32) | No | 'member' | 'member' or 'admin' |",
    cell: "pg_read_file('/etc/passwd')::int",
    reason: /pg_read_file\(\) is not an allowed function/,
  },
  {
    name: 'nextval of a sequence the document does not create',
    line: '| budget | NUMERIC(12,2) | Yes | NULL | Approved budget |',
    cell: "nextval('orders_id_seq')",
    reason: /sequence the document does not create/,
  },
  {
    name: 'dblink in a default',
    line: "| settings | JSONB | No | '{}' | Display settings |",
    cell: "dblink('host=evil', 'SELECT 1')",
    reason: /dblink\(\) is not an allowed function/,
  },
  {
    name: 'set_config in a default',
    line: "| settings | JSONB | No | '{}' | Display settings |",
    cell: "set_config('search_path', 'evil', false)::jsonb",
    reason: /set_config\(\) is not an allowed function/,
  },
  {
    name: 'an advisory lock in a default',
    line: "| settings | JSONB | No | '{}' | Display settings |",
    cell: "pg_advisory_lock(42)::text::jsonb",
    reason: /pg_advisory_lock\(\) is not an allowed function/,
  },
  {
    name: 'a subquery in a default',
    line: "| settings | JSONB | No | '{}' | Display settings |",
    cell: "(SELECT to_jsonb(rolname) FROM pg_authid LIMIT 1)",
    reason: /subquery/,
  },
  {
    name: 'a statement smuggled in the type cell',
    line: '| password_hash | VARCHAR(255) | No | — | Argon2 hash of the password |',
    cell: 'TEXT); DROP TABLE users; --',
    reason: /more than one statement|not valid SQL|not one type/,
  },
];

function attackDocument(attack: Attack): { text: string; line: number } {
  const clean = fixture('clean.md');
  assert.ok(clean.includes(attack.line), attack.line);
  const cells = attack.line.split(' | ');
  const replaced = attack.line.includes("| role |") || attack.line.includes('| budget |') || attack.line.includes('| settings |')
    ? [...cells.slice(0, 3), attack.cell.replace(/\|/g, '\\|'), ...cells.slice(4)].join(' | ')
    : [cells[0], attack.cell.replace(/\|/g, '\\|'), ...cells.slice(2)].join(' | ');
  const text = clean.replace(attack.line, () => replaced);
  return { text, line: text.split('\n').indexOf(replaced) };
}

describe('each attack is refused: by the guard, by the compiler (nothing emitted), by DM006 on its cell', () => {
  for (const attack of ATTACKS) {
    test(attack.name, () => {
      const { text, line } = attackDocument(attack);
      const { model } = readMarkdown(text);
      const compiled = compileDdl(model);
      assert.equal(compiled.refused, true);
      assert.equal(compiled.sql, '');
      assert.deepEqual(compiled.statements, []);
      const located = compiled.problems.filter((p) => p.range.start.line === line);
      assert.equal(located.length, 1, compiled.problems.map((p) => `${p.range.start.line}: ${p.message}`).join('\n'));
      assert.equal(located[0]!.severity, 'error');
      assert.match(located[0]!.message, attack.reason);
      const findings = runRules(model, text, { only: ['DM006'] });
      assert.deepEqual(findings.map((f) => f.range.start.line), [line]);
      assert.match(findings[0]!.message, attack.reason);
    });
  }
});

test('standard_conforming_strings = off: a backslash string is emitted as E\'…\', which reads the same under either setting', () => {
  // With the setting off, the old lexer's pasted `'\' || '); COMMIT; …'` ended the string at `\'`
  // and ran the rest. The tree is two strings; the deparser writes the backslash one as E'\\'.
  const written = String.raw`'\' || '); COMMIT; DROP TABLE users; --'`;
  const verdict = guardDefaultExpression(written, env);
  assert.equal(verdict.sql, String.raw`E'\\' || '); COMMIT; DROP TABLE users; --'`);
  // No character sequence in it means anything different with the setting off: the only
  // backslash is inside E'…', where a backslash escapes under both settings.
  assert.doesNotMatch(verdict.sql!.replace(/E'(?:[^'\\]|\\.|'')*'/g, ''), /\\/);
  assert.deepEqual(statementKinds(`SELECT ${verdict.sql}`), ['SelectStmt']);
});

test('large-object, file and sleep functions in partition bounds are refused', () => {
  for (const [bound, reason] of [
    ["FOR VALUES IN (lo_from_bytea(0, 'x'))", /lo_from_bytea\(\) is not an allowed function/],
    ["FOR VALUES IN (lo_export(1, '/tmp/x'))", /lo_export\(\) is not an allowed function/],
    ["FOR VALUES FROM (pg_sleep(30)::text) TO ('z')", /pg_sleep\(\) is not an allowed function/],
    ["FOR VALUES IN (pg_read_file('/etc/passwd'))", /pg_read_file\(\) is not an allowed function/],
    ["FOR VALUES IN ('a') PARTITION BY LIST (x)", /not one partition bound/],
    ["FOR VALUES IN ('a'); COMMIT", /more than one statement/],
    ["FOR VALUES IN ((SELECT 'a'))", /subquery/],
    ['FOR VALUES IN (id)', /column reference/],
  ] as const) {
    assert.match(guardPartitionBound(bound, env).reason ?? 'accepted', reason, bound);
  }
  const text = fixture('clean.md').replace(
    '\n## Indexes',
    '\n**Partitioned by**: LIST (name)\n\n### categories_a\n\n' +
      "**Partition of**: categories FOR VALUES IN (lo_from_bytea(0, 'evil'))\n\n" +
      '| Column | Type | Nullable | Default | Description |\n|---|---|---|---|---|\n| id | INT | No | — | Category ID |\n\n## Indexes',
  );
  assert.equal(readMarkdown(text).model.entities.find((e) => e.name === 'categories')?.partitionBy, 'LIST (name)');
  const { model } = readMarkdown(text);
  assert.equal(model.entities.find((e) => e.name === 'categories_a')?.partitionBound, "FOR VALUES IN (lo_from_bytea(0, 'evil'))");
  const compiled = compileDdl(model);
  assert.equal(compiled.refused, true);
  assert.equal(compiled.sql, '');
  const line = text.split('\n').findIndex((l) => l.startsWith('**Partition of**'));
  assert.deepEqual(runRules(model, text, { only: ['DM006'] }).map((f) => f.range.start.line), [line]);
});

test('pg_read_file in a CHECK is refused at the check', () => {
  const text = fixture('clean.md').replace('CHECK (budget IS NULL OR budget >= 0);', "CHECK (budget >= pg_read_file('/etc/passwd')::int);");
  const { model } = readMarkdown(text);
  const compiled = compileDdl(model);
  assert.equal(compiled.refused, true);
  const check = model.checks.find((c) => c.name === 'chk_project_budget')!;
  assert.ok(compiled.problems.some((p) => p.range === check.range && /pg_read_file\(\) is not an allowed function/.test(p.message)));
  assert.deepEqual(runRules(model, text, { only: ['DM006'] }).map((f) => f.range.start.line), [check.range!.start.line]);
});

// ---------------------------------------------------------------------------------------------
// The guard's judgement, kind by kind

test('expressions: refused shapes', () => {
  const refused: [string, RegExp][] = [
    ['', /empty/],
    ["1) FROM pg_read_file('/etc/passwd'", /not one expression/],
    ['1) AS x, (2', /not one expression/],
    ['1); SELECT 2; SELECT (3', /more than one statement/],
    ['1 -- x', /not valid SQL/],
    ['EXISTS (SELECT 1)', /subquery/],
    ['score > ALL (SELECT 1)', /subquery/],
    ['$1', /parameter/],
    ['count(*)', /count\(\) is not an allowed function/],
    ['lower(email) OVER ()', /not valid SQL|aggregate or window/],
    ['public.lower(email)', /public\.lower\(\) is not an allowed function/],
    ['a OPERATOR(public.+) 1', /operator may not be schema-qualified/],
    ["'x'::regproc", /cast to regproc is not allowed/],
    ["'<a/>'::xml", /cast to xml is not allowed/],
    ['other_table.email', /not a column of users/],
    ['public.users.email IS NULL', /public\.users\.email is not a column of users/],
    ['ROW(1, 2)', /row constructor/],
    ["lo_import('/etc/passwd')", /lo_import\(\) is not an allowed function/],
    ['pg_terminate_backend(1)', /pg_terminate_backend\(\) is not an allowed function/],
    ["currval('users_id_seq')", /currval\(\) is not an allowed function/],
    ["setval('users_id_seq', 1)", /setval\(\) is not an allowed function/],
    ["nextval('users_id_seq'::text)", /takes a sequence name/],
  ];
  for (const [text, reason] of refused) assert.match(guardExpression(text, env, usersScope).reason ?? 'accepted', reason, text);
  assert.match(guardDefaultExpression('email', env, { table: 'users' }).reason ?? 'accepted', /column reference \(email\) is not allowed here/);
});

test('expressions: allowed shapes, written back from the tree', () => {
  const accepted: [string, string][] = [
    ['NOW()', 'now()'],
    ['CURRENT_TIMESTAMP', 'CURRENT_TIMESTAMP'],
    ['current_date', 'CURRENT_DATE'],
    ['gen_random_uuid()', 'gen_random_uuid()'],
    ["'pending'", "'pending'"],
    ["'it''s'", "'it''s'"],
    ['0', '0'],
    ['-1.5', '-1.5'],
    ['false', 'false'],
    ["'{}'::jsonb", "'{}'::jsonb"],
    ["'{}'::mood", "CAST('{}' AS mood)"],
    ["ARRAY[]::text[]", 'CAST(ARRAY[] AS text[])'],
    ["now() + interval '30 days'", "now() + '30 days'::interval"],
    ["nextval('users_id_seq'::regclass)", "nextval(CAST('users_id_seq' AS regclass))"],
    ["nextval('public.users_id_seq')", "nextval('public.users_id_seq')"],
    ["status IN ('a', 'b')", "status IN ('a', 'b')"],
    ['score IS NULL OR (score >= 0 AND score <= 1)', 'score IS NULL OR (score >= 0 AND score <= 1)'],
    ['score BETWEEN 0 AND 100', 'score BETWEEN 0 AND 100'],
    ['char_length(btrim(name)) <= 64', 'char_length(btrim(name)) <= 64'],
    ['lower(email)', 'lower(email)'],
    ["email ~* '^[^@]+@[^@]+$'", "email ~* '^[^@]+@[^@]+$'"],
    ['coalesce(name, email)', 'COALESCE(name, email)'],
    ["NULLIF(name, '')", "NULLIF (name, '')"],
    ["CASE WHEN score > 0 THEN 'x' ELSE 'y' END", "CASE WHEN score > 0 THEN 'x' ELSE 'y' END"],
    ["date_trunc('day', created_at)", "date_trunc('day', created_at)"],
    ["to_tsvector('english', name)", "to_tsvector('english', name)"],
    ['users.email IS NOT NULL', 'users.email IS NOT NULL'],
    ["extract(year from created_at) >= 2000", 'EXTRACT(YEAR FROM created_at) >= 2000'],
  ];
  for (const [text, sql] of accepted) assert.equal(guardExpression(text, env, usersScope).sql, sql, text);
});

test('defaults are written bare when the DEFAULT clause reads them so, else in parentheses', () => {
  assert.equal(guardDefaultExpression("now() AT TIME ZONE 'utc'", env).sql, "(now() AT TIME ZONE 'utc')");
  assert.equal(guardDefaultExpression('true AND false', env).sql, '(true AND false)');
  assert.equal(guardDefaultExpression("'a' || 'b'", env).sql, "'a' || 'b'");
  assert.equal(guardDefaultExpression('now()', env).sql, 'now()');
});

test('column types: one type name with constant modifiers, written as documents write them', () => {
  const accepted: [string, string][] = [
    ['VARCHAR(255)', 'VARCHAR(255)'],
    ['varchar(64)', 'VARCHAR(64)'],
    ['INT', 'INT'],
    ['TIMESTAMPTZ', 'TIMESTAMPTZ'],
    ['TIMESTAMP(3) WITH TIME ZONE', 'TIMESTAMP(3) WITH TIME ZONE'],
    ['DOUBLE PRECISION', 'DOUBLE PRECISION'],
    ['NUMERIC(12,2)', 'NUMERIC(12, 2)'],
    ['TEXT[]', 'TEXT[]'],
    ['SERIAL', 'SERIAL'],
    ['BIGINT GENERATED ALWAYS AS IDENTITY', 'BIGINT GENERATED ALWAYS AS IDENTITY'],
    ['INT GENERATED BY DEFAULT AS IDENTITY', 'INT GENERATED BY DEFAULT AS IDENTITY'],
    ['geometry(Point, 4326)', 'geometry(point, 4326)'],
    ['public.mood', 'public.mood'],
    ['"Mood"', '"Mood"'],
  ];
  for (const [text, sql] of accepted) assert.equal(guardColumnType(text).sql, sql, text);
  // A generated column's expression is held to the expression shapes, over the table's columns.
  assert.equal(guardColumnType('INT GENERATED ALWAYS AS (score * 2) STORED', env, usersScope).sql, 'INT GENERATED ALWAYS AS (score * 2) STORED');
  assert.equal(guardColumnType('INT GENERATED ALWAYS AS (0)', env, usersScope).sql, 'INT GENERATED ALWAYS AS (0)');
  assert.match(guardColumnType("TEXT GENERATED ALWAYS AS (pg_read_file('/etc/passwd')) STORED", env, usersScope).reason ?? '', /pg_read_file\(\) is not an allowed function/);
  for (const [text, reason] of [
    ['TEXT); DROP TABLE users; --', /more than one statement|not valid SQL/],
    ["TEXT DEFAULT pg_read_file('/etc/passwd')", /type name only/],
    ["TEXT CHECK (pg_sleep(1) IS NULL)", /type name only/],
    ['TEXT, evil INT', /not one type name/],
    ['VARCHAR(pg_sleep(1))', /type modifier must be a constant|not valid SQL/],
    ["VARCHAR(lower('x'))", /type modifier must be a constant|not valid SQL/],
    ['SETOF TEXT', /SETOF|not valid SQL/],
    ['users.email%TYPE', /%TYPE|not valid SQL/],
  ] as const) {
    assert.match(guardColumnType(text).reason ?? 'accepted', reason, text);
  }
});

test('partition keys and bounds, and domains', () => {
  assert.equal(guardPartitionKey('RANGE (created_at)', env, usersScope).sql, 'RANGE (created_at)');
  assert.equal(guardPartitionKey('list (lower(email))', env, usersScope).sql, 'LIST ((lower(email)))');
  assert.match(guardPartitionKey('RANGE ((other.x))', env, usersScope).reason ?? '', /other\.x is not a column of users/);
  assert.match(guardPartitionKey('RANGE ((pg_sleep(1)))', env, usersScope).reason ?? '', /pg_sleep\(\) is not an allowed function/);
  assert.equal(guardPartitionBound("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", env).sql, "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  assert.equal(guardPartitionBound('for values from (minvalue) to (10)', env).sql, 'FOR VALUES FROM (MINVALUE) TO (10)');
  assert.equal(guardPartitionBound("FOR VALUES IN ('a', 'b')", env).sql, "FOR VALUES IN ('a', 'b')");
  assert.equal(guardPartitionBound('FOR VALUES WITH (MODULUS 4, REMAINDER 0)', env).sql, 'FOR VALUES WITH (MODULUS 4, REMAINDER 0)');
  assert.equal(guardPartitionBound('DEFAULT', env).sql, 'DEFAULT');
  assert.equal(guardPartitionBound('', env).sql, 'DEFAULT');
  assert.equal(guardDomainDefinition("VARCHAR(64) CHECK (VALUE ~ '^[a-z]+$')", env).sql, "VARCHAR(64) CHECK (value ~ '^[a-z]+$')");
  assert.equal(guardDomainDefinition('INT NOT NULL DEFAULT 0', env).sql, 'INT NOT NULL DEFAULT (0)');
  assert.match(guardDomainDefinition("TEXT CHECK (pg_read_file(VALUE) <> '')", env).reason ?? '', /pg_read_file\(\) is not an allowed function/);
  assert.match(guardDomainDefinition('TEXT; DROP TABLE users', env).reason ?? '', /more than one statement/);
});

test('nextval: the sequences a document creates, named as PostgreSQL names them', () => {
  const { model } = readMarkdown(fixture('clean.md'));
  const sequences = [...guardEnvironment(model).sequences].sort();
  assert.deepEqual(sequences, ['public.categories_id_seq', 'public.projects_id_seq', 'public.users_id_seq']);
  assert.equal(sequenceKey('users_id_seq'), 'public.users_id_seq');
  assert.equal(sequenceKey('Users_ID_seq'), 'public.users_id_seq');
  assert.equal(sequenceKey('"Users_ID_seq"'), 'public.Users_ID_seq');
  assert.equal(sequenceKey('app.t_id_seq'), 'app.t_id_seq');
  assert.equal(sequenceKey('a.b.c'), undefined);
  // Long names are shortened as PostgreSQL's makeObjectName does: the longer side first, to 63 bytes.
  assert.equal(serialSequenceName('a'.repeat(60), 'id'), `${'a'.repeat(56)}_id_seq`);
  assert.equal(serialSequenceName('t'.repeat(40), 'c'.repeat(40)), `${'t'.repeat(29)}_${'c'.repeat(29)}_seq`);
});

// ---------------------------------------------------------------------------------------------
// The whole script

test('the compiled script is held to the statements meant: count, span, kind and target', () => {
  const statement = (sql: string, kind: string, target?: string): DdlStatement => ({ sql, what: 'table a', needs: [], expect: { kind, target } });
  const one = [statement('CREATE TABLE a (x int)', 'CreateStmt', 'a')];
  assert.equal(checkScript('CREATE TABLE a (x int);\n', one), undefined);
  assert.match(checkScript("CREATE TABLE a (x int DEFAULT 1); COMMIT; COPY a TO PROGRAM 'id';\n", one)?.message ?? '', /3 statements where 1 were written/);
  assert.match(checkScript('DROP TABLE a;\n', one)?.message ?? '', /parses as DropStmt, not CreateStmt/);
  assert.match(checkScript('CREATE TABLE b (x int);\n', one)?.message ?? '', /acts on "b", not "a"/);
  const grant = [statement('GRANT SELECT ON TABLE a TO r', 'GrantStmt', 'a')];
  assert.match(checkScript('GRANT SELECT ON TABLE a TO r, s;\n', grant)?.message ?? '', /does not span exactly its own text|more than one role/);
  // Two statements whose texts were glued differently than meant.
  const two = [statement('CREATE TABLE a (x int)', 'CreateStmt', 'a'), statement('CREATE TABLE b (x int)', 'CreateStmt', 'b')];
  assert.match(checkScript('CREATE TABLE a (x int); CREATE TABLE b (x int);\n', [two[0]!, { ...two[1]!, sql: 'CREATE TABLE c (x int)' }])?.message ?? '', /does not span exactly its own text/);
});

test('documents the generator and the fixtures use compile, and the script check passes on them', () => {
  for (const name of ['clean.md', 'DM006-passes.md', 'DM107-passes.md', 'DM004-passes.md', 'DM202-passes.md']) {
    const { model } = readMarkdown(fixture(name));
    const compiled = compileDdl(model);
    assert.equal(compiled.refused, false, `${name}: ${compiled.problems.map((p) => p.message).join('\n')}`);
    assert.ok(compiled.statements.length > 5);
    assert.equal(statementKinds(compiled.sql).length, compiled.statements.length);
  }
  const passes = compileDdl(readMarkdown(fixture('DM006-passes.md')).model).sql;
  assert.match(passes, /budget NUMERIC\(12, 2\) DEFAULT nextval\('users_id_seq'\)/);
  assert.match(passes, /CREATE INDEX idx_users_email_lower ON users USING btree \(\(lower\(email\)\)\) WHERE \(role <> 'admin'\)/);
});

test('a model built in code (no ranges) is refused at the document start, never with an exception', () => {
  const { model } = readMarkdown(fixture('clean.md'));
  const bare: DataModel = JSON.parse(JSON.stringify(model), (key, value) => (key === 'range' || key === 'headingRange' ? undefined : value));
  bare.entities[0]!.columns[3]!.default = "pg_ls_dir('/')";
  const compiled = compileDdl(bare);
  assert.equal(compiled.refused, true);
  assert.ok(compiled.problems.some((p) => /pg_ls_dir\(\) is not an allowed function/.test(p.message) && p.range.start.line === 0));
});
