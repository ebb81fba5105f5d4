/**
 * SQLAlchemy models exported from documents, proven on the PostgreSQL server (never mocked; an
 * unreachable server fails the test) with Debian's Python 3, SQLAlchemy 1.4 and asyncpg
 * (`/usr/bin/python3`, installed by scripts/ensure-system-packages.sh):
 *  - the CLASSIC models' create_all through asyncpg (the same code path as `diff --orm`, into
 *    scratch schemas) gives the same tables, columns, types, nullability, defaults, keys, checks
 *    and indexes as the document's own DDL applied to the same database, compared by introspection;
 *    for the reference sample, the generated sample, the markdown fixtures and the real schemas;
 *  - the TYPED models compile and describe, at the AST level, the same tables, columns, types
 *    and keys as the classic ones (SQLAlchemy 2 is not installable here, so they cannot run);
 *  - hostile names stay strings: the module compiles and creates the literal names.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { generateFromSpec } from '../../server/src/generate/index';
import { readMarkdown } from '../../server/src/markdown/reader';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { writeMarkdown } from '../../server/src/markdown/writer';
import type { DataModel } from '../../server/src/model/types';
import { emptyModel } from '../../server/src/model/util';
import { introspect } from '../../server/src/postgres/introspect';
import { ModelsError, modelsSchema } from '../../server/src/orm/models-schema';
import { exportSqlAlchemyModels, type ModelStyle } from '../../server/src/orm/sqlalchemy-models';
import { compileDdl } from '../../server/src/sql/ddl';
import { schemaOfQualifiedName } from '../../server/src/sql/quote';
import { loadSqlFile, SCHEMAS, scratchDatabase, type ScratchDatabase } from './roundtrip-databases';

const run = promisify(execFile);
const DEBIAN_PYTHON = '/usr/bin/python3';
const PYTHON_ENV = { ...process.env, DATA_MODEL_PYTHON: DEBIAN_PYTHON };
const FIXTURES = path.resolve(__dirname, '../fixtures');
const work = mkdtempSync(path.join(tmpdir(), 'orm-models-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** What both sides must agree on, in the document's terms (descriptions aside: the DDL has none). */
function shape(model: DataModel) {
  return {
    tables: model.entities
      .map((e) => ({
        name: e.name,
        partitionBy: e.partitionBy,
        partitionOf: e.partitionOf,
        partitionBound: e.partitionBound,
        columns: e.columns.map(({ name, type, nullable, default: value, primaryKey, unique, foreignKey }) => ({ name, type, nullable, default: value, primaryKey, unique, foreignKey })),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    indexes: model.indexes.map(({ name, table, columns, method, unique, where }) => ({ name, table, columns, method, unique, where })).sort((a, b) => `${a.table} ${a.name}`.localeCompare(`${b.table} ${b.name}`)),
    foreignKeys: model.foreignKeys.map(({ range: _r, ...fk }) => fk).sort((a, b) => `${a.table} ${a.name}`.localeCompare(`${b.table} ${b.name}`)),
    checks: model.checks.map(({ range: _r, ...check }) => check).sort((a, b) => `${a.table} ${a.name}`.localeCompare(`${b.table} ${b.name}`)),
    enums: model.enums,
    domains: model.domains,
  };
}

/** The document's DDL without access control (models carry no grants), as `data-model sql` writes it. */
function tableStatements(model: DataModel): string[] {
  const compiled = compileDdl(model);
  assert.equal(compiled.refused, false, compiled.problems.map((p) => p.message).join('; '));
  const kinds = new Set(['CreateSchemaStmt', 'CreateEnumStmt', 'CreateDomainStmt', 'CreateStmt', 'IndexStmt', 'CreateFunctionStmt', 'CreateTrigStmt']);
  return compiled.statements.filter((s) => kinds.has(s.expect.kind) || (s.expect.kind === 'AlterTableStmt' && /^(check|foreign key) /.test(s.what))).map((s) => s.sql);
}

function writeModels(name: string, model: DataModel, style: ModelStyle): string {
  const exported = exportSqlAlchemyModels(model, { style });
  assert.equal(exported.refused, false, exported.problems.map((p) => p.message).join('; '));
  const file = path.join(work, `${name.replace(/[^A-Za-z0-9]+/g, '_')}_${style}.py`);
  writeFileSync(file, exported.python);
  return file;
}

/**
 * Classic models create_all (asyncpg) vs the document's DDL, both into one scratch database.
 * Returns false when the document's own SQL fails on PostgreSQL (a fixture with a type that does
 * not exist): then the models' create_all must fail too.
 */
async function assertModelsCreateTheDocument(name: string, model: DataModel, shared?: ScratchDatabase): Promise<boolean> {
  const file = writeModels(name, model, 'classic');
  const scratch = shared ?? (await scratchDatabase('orm_test'));
  // A database shared by several documents starts each one empty.
  if (shared) await scratch.db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  try {
    let documentError: Error | undefined;
    await scratch.db.exec('BEGIN');
    try {
      for (const sql of tableStatements(model)) await scratch.db.exec(sql);
    } catch (error) {
      documentError = error as Error;
    } finally {
      await scratch.db.exec('ROLLBACK');
    }
    if (documentError) {
      await assert.rejects(modelsSchema(file, scratch.url, scratch.db, { env: PYTHON_ENV }), ModelsError, `the document's SQL fails (${documentError.message}), so must the models`);
      return false;
    }
    // The models first, into an empty database: nothing of the document's DDL can stand in for them.
    const fromModels = await modelsSchema(file, scratch.url, scratch.db, { env: PYTHON_ENV });
    assert.match(fromModels.python.sqlalchemyVersion, /^\d+\./);
    for (const sql of tableStatements(model)) await scratch.db.exec(sql);
    const schemas = [...new Set(model.entities.map((e) => schemaOfQualifiedName(e.name) ?? 'public'))];
    const { model: fromDocument } = await introspect(scratch.db, { schemas });
    assert.ok(fromDocument.entities.length > 0, 'the document created tables');
    assert.deepEqual(shape(fromModels.model), shape(fromDocument));
    const leftOver = await scratch.db.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'orm_scratch_%'`);
    assert.deepEqual(leftOver, [], 'the scratch schemas are dropped');
    return true;
  } finally {
    if (!shared) await scratch.drop();
  }
}

/** A document introspected from one of the real schemas (as `data-model introspect` writes it). */
async function documentOf(sqlFile: string): Promise<DataModel> {
  const source = await scratchDatabase('orm_test');
  try {
    await loadSqlFile(source.url, path.join(SCHEMAS, sqlFile));
    const { model } = await introspect(source.db, { domain: sqlFile, date: '2025-01-01' });
    return readMarkdown(writeMarkdown(model)).model;
  } finally {
    await source.drop();
  }
}

function markdownFixture(file: string): DataModel {
  return readMarkdown(readFileSync(file, 'utf8')).model;
}

/**
 * The markdown fixtures that have tables, whose DDL compiles (the refused ones are refused by the
 * export too: below) and whose foreign keys name tables of the document (else its own SQL fails).
 */
function markdownFixtures(): string[] {
  const files = [
    ...readdirSync(path.join(FIXTURES, 'reference')).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => path.join(FIXTURES, 'reference', f)),
    path.join(FIXTURES, 'markdown', 'variations.md'),
    ...readdirSync(path.join(FIXTURES, 'rules')).filter((f) => f.endsWith('.md')).map((f) => path.join(FIXTURES, 'rules', f)),
  ];
  return files.filter((file) => {
    const model = markdownFixture(file);
    const tables = new Set(model.entities.map((e) => e.name));
    return model.entities.length > 0 && !compileDdl(model).refused && model.foreignKeys.every((fk) => tables.has(fk.refTable));
  });
}

describe('classic SQLAlchemy models create the document\'s schema (create_all through asyncpg)', { timeout: 1_800_000 }, () => {
  test('the sample: the document generated from examples/label-suite', async () => {
    await loadSqlParser();
    const spec = path.resolve(__dirname, '../../examples/label-suite/specs/001-annotation-scoring/spec.md');
    const generated = generateFromSpec(readFileSync(spec, 'utf8'), { specReference: 'specs/001-annotation-scoring/spec.md', date: '2026-11-24', idType: 'serial', orm: 'SQLAlchemy (async)' });
    assert.ok(generated.model);
    const model = readMarkdown(writeMarkdown(generated.model)).model;
    assert.ok(model.entities.length >= 6);
    assert.equal(await assertModelsCreateTheDocument('sample', model), true);
  });

  test('the markdown fixtures (reference, variations, lint rules)', async () => {
    await loadSqlParser();
    const files = markdownFixtures();
    assert.ok(files.length >= 10, `found ${files.length} fixtures`);
    let compared = 0;
    const shared = await scratchDatabase('orm_test');
    try {
      for (const file of files) {
        const same = await assertModelsCreateTheDocument(path.basename(file), markdownFixture(file), shared).catch((error: Error) => {
          throw new Error(`${path.relative(FIXTURES, file)}: ${error.message}`);
        });
        if (same) compared++;
      }
    } finally {
      await shared.drop();
    }
    assert.ok(compared >= files.length - 3, `compared ${compared} of ${files.length} fixtures; the rest fail as SQL too`);
  });

  for (const sqlFile of ['everything.sql', 'pagila.sql', 'airlines_demo.sql']) {
    test(`${sqlFile}, introspected into a document`, async () => {
      await loadSqlParser();
      assert.equal(await assertModelsCreateTheDocument(sqlFile, await documentOf(sqlFile)), true);
    });
  }

  test('a refused document exports nothing', async () => {
    await loadSqlParser();
    const refused = readdirSync(path.join(FIXTURES, 'rules'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => markdownFixture(path.join(FIXTURES, 'rules', f)))
      .filter((m) => compileDdl(m).refused);
    assert.ok(refused.length > 0);
    for (const model of refused) {
      const exported = exportSqlAlchemyModels(model, { style: 'classic' });
      assert.equal(exported.refused, true);
      assert.equal(exported.python, '');
    }
  });
});

/**
 * Each table's description as the module's AST states it: table name, schema and table
 * arguments; per column its attribute, positional arguments and keywords; relationships.
 * Prints JSON; checks the typed annotations agree with nullability (Optional iff nullable).
 */
const DESCRIBE = `
import ast, json, sys
tree = ast.parse(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1])
def call_name(node):
    return ast.unparse(node.func) if isinstance(node, ast.Call) else None
def describe_call(node):
    return {'args': [ast.unparse(a) for a in node.args], 'keywords': sorted('%s=%s' % (k.arg, ast.unparse(k.value)) for k in node.keywords)}
tables, annotations = {}, []
for node in tree.body:
    if isinstance(node, ast.ClassDef):
        table = {'columns': {}, 'relationships': {}, 'args': None}
        for item in node.body:
            target = value = annotation = None
            if isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(item.targets[0], ast.Name):
                target, value = item.targets[0].id, item.value
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                target, value, annotation = item.target.id, item.value, ast.unparse(item.annotation)
            if target is None:
                continue
            if target == '__tablename__':
                table['name'] = ast.literal_eval(value)
            elif target == '__table_args__':
                table['args'] = ast.unparse(value)
            elif call_name(value) in ('sa.Column', 'mapped_column'):
                table['columns'][target] = describe_call(value)
                if annotation is not None:
                    annotations.append([node.name, target, annotation, table['columns'][target]['keywords']])
            elif call_name(value) == 'relationship':
                table['relationships'][target] = describe_call(value)
        if 'name' in table:
            tables[node.name] = table
    elif isinstance(node, ast.Assign) and call_name(node.value) == 'sa.Table':
        tables[node.targets[0].id] = {'core': ast.unparse(node.value)}
print(json.dumps({'tables': tables, 'annotations': annotations}))
`;

async function describeModule(file: string): Promise<{ tables: Record<string, unknown>; annotations: [string, string, string, string[]][] }> {
  await run(DEBIAN_PYTHON, ['-m', 'py_compile', file]);
  const { stdout } = await run(DEBIAN_PYTHON, ['-c', DESCRIBE, file], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout);
}

describe('typed SQLAlchemy models describe the same tables as the classic ones (AST)', { timeout: 1_800_000 }, () => {
  test('every fixture, the sample and the real schemas', async () => {
    await loadSqlParser();
    const models: [string, DataModel][] = markdownFixtures().map((file) => [path.basename(file), markdownFixture(file)]);
    for (const sqlFile of ['everything.sql', 'pagila.sql', 'airlines_demo.sql']) models.push([sqlFile, await documentOf(sqlFile)]);
    for (const [name, model] of models) {
      const classic = await describeModule(writeModels(name, model, 'classic'));
      const typed = await describeModule(writeModels(name, model, 'typed'));
      assert.ok(Object.keys(classic.tables).length > 0, `${name}: tables described`);
      assert.deepEqual(typed.tables, classic.tables, `${name}: typed and classic describe the same tables`);
      assert.equal(classic.annotations.length, 0);
      const columns = Object.values(classic.tables).reduce<number>((n, t) => n + Object.keys((t as { columns?: object }).columns ?? {}).length, 0);
      assert.equal(typed.annotations.length, columns, `${name}: every typed column is annotated`);
      for (const [cls, attribute, annotation, keywords] of typed.annotations) {
        const nullable = !keywords.includes('nullable=False') && !keywords.includes('primary_key=True');
        assert.equal(annotation.startsWith('Mapped[Optional['), nullable, `${name}: ${cls}.${attribute} is ${annotation} with ${keywords.join(', ')}`);
      }
    }
  });

  test('typed models on SQLAlchemy 1.4 give a clear message, not a traceback', async () => {
    await loadSqlParser();
    const file = writeModels('typed-on-14', markdownFixture(path.join(FIXTURES, 'reference', 'label-suite-data-model.md')), 'typed');
    const scratch = await scratchDatabase('orm_test');
    try {
      await assert.rejects(modelsSchema(file, scratch.url, scratch.db, { env: PYTHON_ENV }), /uses SQLAlchemy 2's typed API .* has SQLAlchemy 1\.4\.\d+: install SQLAlchemy 2, or export the models with --style classic/);
    } finally {
      await scratch.drop();
    }
  });
});

describe('hostile names stay strings', { timeout: 120_000 }, () => {
  test('quotes, newlines and """ in table, column, index and constraint names compile and create the literal names', async () => {
    await loadSqlParser();
    // No dot: a dotted name is `schema.table` in a document (tested by everything.sql's inventory schema).
    const table = `x"""; getattr(__import__('os'), 'system')('echo owned') #\n'''`;
    const column = `a"b\\c'\n"""d`;
    const model = emptyModel();
    model.header.domain = `Evil """ domain\n\\`;
    model.entities.push({
      name: table,
      notes: [`ends with a quote"`, `"""; raise SystemExit #`],
      securityNote: '\\"""',
      columns: [
        { name: 'id', type: 'INT', nullable: false, default: 'auto', description: `"""\nmulti'line\\`, primaryKey: true, unique: false, foreignKey: false },
        { name: column, type: 'TEXT', nullable: false, default: `'it''s'`, description: '\u2028\u0000', primaryKey: false, unique: true, foreignKey: false },
        { name: 'class', type: 'INT', nullable: true, description: '', primaryKey: false, unique: false, foreignKey: true },
      ],
    });
    model.foreignKeys.push({ name: `fk "self"\n`, table, columns: ['class'], refTable: table, refColumns: ['id'], onDelete: 'CASCADE' });
    model.checks.push({ name: `chk '"""'`, table, expression: `"${column.replace(/"/g, '""')}" <> 'x:y'` });
    model.indexes.push({ name: `ix\n"""`, table, columns: [{ name: column, direction: 'DESC' }], method: 'BTREE', unique: false, where: `"class" > 0`, purpose: '' });
    for (const style of ['classic', 'typed'] as const) {
      const file = writeModels(`hostile-${style}`, model, style);
      await run(DEBIAN_PYTHON, ['-m', 'py_compile', file]);
      // Not a single statement of the module may come from a name: its AST holds them as strings only.
      const { stdout } = await run(DEBIAN_PYTHON, ['-c', 'import ast,sys; t=ast.parse(open(sys.argv[1]).read()); print(sum(isinstance(n,(ast.Import,ast.ImportFrom)) for n in ast.walk(t)))', file]);
      assert.equal(stdout.trim(), '10', `${style}: only the module's own imports`);
    }
    const scratch = await scratchDatabase('orm_test');
    try {
      const { model: created } = await modelsSchema(writeModels('hostile-classic', model, 'classic'), scratch.url, scratch.db, { env: PYTHON_ENV });
      assert.deepEqual(created.entities.map((e) => e.name), [table]);
      assert.deepEqual(created.entities[0]!.columns.map((c) => [c.name, c.type, c.default]), [['id', 'INT GENERATED BY DEFAULT AS IDENTITY', undefined], [column, 'TEXT', `'it''s'`], ['class', 'INT', undefined]]);
      assert.deepEqual(created.foreignKeys.map((f) => [f.name, f.onDelete]), [[`fk "self"\n`, 'CASCADE']]);
      assert.deepEqual(created.checks.map((c) => c.name), [`chk '"""'`]);
      const index = created.indexes.find((i) => i.name === `ix\n"""`);
      assert.deepEqual([index?.columns, index?.where], [[{ name: column, direction: 'DESC' }], 'class > 0']);
    } finally {
      await scratch.drop();
    }
  });
});
