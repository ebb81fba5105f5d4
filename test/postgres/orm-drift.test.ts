/**
 * `data-model diff <doc> --orm models.py`: the models' create_all (Debian's Python, SQLAlchemy
 * 1.4, asyncpg) into scratch schemas of the PostgreSQL server (never mocked), compared with the
 * document; drift is reported on the document's lines, the scratch schemas are dropped, and a
 * Python without SQLAlchemy gives a clear message.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { generateFromSpec } from '../../server/src/generate/index';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { writeMarkdown } from '../../server/src/markdown/writer';
import { exportSqlAlchemyModels } from '../../server/src/orm/sqlalchemy-models';
import { runPython } from '../../server/src/orm/python-environment';
import { runCliInProcess } from '../cli/in-process';
import { scratchDatabase, type ScratchDatabase } from './roundtrip-databases';

const work = mkdtempSync(path.join(tmpdir(), 'orm-drift-'));
const documentFile = path.join(work, 'data-model.md');
const modelsFile = path.join(work, 'models.py');
const savedPython = process.env.DATA_MODEL_PYTHON;
let scratch: ScratchDatabase;
let documentText: string;
let models: string;

/** 1-based line of the document's row for `column` (the first such row). */
function rowLine(column: string): number {
  return documentText.split('\n').findIndex((line) => line.startsWith(`| ${column} |`)) + 1;
}

async function scratchSchemasLeft(): Promise<unknown[]> {
  return scratch.db.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'orm\\_scratch\\_%'`);
}

before(async () => {
  await loadSqlParser();
  const spec = path.resolve(__dirname, '../../examples/label-suite/specs/001-annotation-scoring/spec.md');
  const generated = generateFromSpec(readFileSync(spec, 'utf8'), { specReference: 'specs/001-annotation-scoring/spec.md', date: '2026-11-24', idType: 'serial', orm: 'SQLAlchemy (async)' });
  assert.ok(generated.model);
  documentText = writeMarkdown(generated.model);
  writeFileSync(documentFile, documentText);
  models = exportSqlAlchemyModels(generated.model, { style: 'classic' }).python;
  scratch = await scratchDatabase('orm_test');
});

afterEach(() => {
  if (savedPython === undefined) delete process.env.DATA_MODEL_PYTHON;
  else process.env.DATA_MODEL_PYTHON = savedPython;
});

after(async () => {
  await scratch.drop();
  rmSync(work, { recursive: true, force: true });
});

describe('data-model diff --orm', { timeout: 300_000 }, () => {
  test('the exported models have no drift from their document', async () => {
    process.env.DATA_MODEL_PYTHON = '/usr/bin/python3';
    writeFileSync(modelsFile, models);
    const result = await runCliInProcess(['diff', documentFile, '--orm', modelsFile, '--database', scratch.url]);
    assert.equal(result.code, 0, result.out + result.err);
    assert.match(result.out, /data-model\.md: no drift from .*models\.py \(6 tables\)/);
    assert.deepEqual(await scratchSchemasLeft(), []);
  });

  test('a dropped column and a changed type are reported on the document\'s lines', async () => {
    process.env.DATA_MODEL_PYTHON = '/usr/bin/python3';
    const edited = models
      .replace(/^ {4}hashed_password = sa\.Column\(.*\)\n/m, '')
      .replace(/^( {4}username = sa\.Column\()sa\.String\(64\)/m, '$1sa.Text()');
    assert.notEqual(edited, models);
    assert.match(edited, /username = sa\.Column\(sa\.Text\(\)/);
    writeFileSync(modelsFile, edited);
    const result = await runCliInProcess(['diff', documentFile, '--orm', modelsFile, '--database', scratch.url]);
    assert.equal(result.code, 1, result.out + result.err);
    const lines = result.out.trim().split('\n');
    assert.deepEqual(lines, [
      `${documentFile}:${rowLine('username')}:1: error: Column users.username: the document says VARCHAR(64), the models have TEXT [drift]`,
      `${documentFile}:${rowLine('hashed_password')}:1: error: Column users.hashed_password is not in the models [drift]`,
    ]);
    assert.match(result.err, /2 difference\(s\) between .*data-model\.md and .*models\.py/);
    assert.deepEqual(await scratchSchemasLeft(), []);
  });

  test('models that fail to create are said with their error, and nothing is left behind', async () => {
    process.env.DATA_MODEL_PYTHON = '/usr/bin/python3';
    writeFileSync(modelsFile, models.replace("sa.ForeignKey('users.id'", "sa.ForeignKey('no_such_table.id'"));
    const result = await runCliInProcess(['diff', documentFile, '--orm', modelsFile, '--database', scratch.url]);
    assert.equal(result.code, 1);
    assert.match(result.err, /data-model diff: create_all of .*models\.py failed: NoReferencedTableError: .*no_such_table/);
    assert.doesNotMatch(result.err, /Traceback| {4}at /);
    assert.deepEqual(await scratchSchemasLeft(), []);
  });

  test('updated_at follows every update, through the ORM and outside it (create_all in the scratch database)', async () => {
    writeFileSync(modelsFile, models);
    const script = `
import asyncio, importlib.util, os, sys
spec = importlib.util.spec_from_file_location('models', sys.argv[1])
models = importlib.util.module_from_spec(spec)
spec.loader.exec_module(models)
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

async def main():
    engine = create_async_engine(os.environ['ASYNC_URL'])
    async with engine.begin() as connection:
        await connection.run_sync(models.Base.metadata.create_all)
    async with AsyncSession(engine, expire_on_commit=False) as session:
        user = models.User(username='ada', email='ada@example.org', hashed_password='x')
        session.add(user)
        await session.commit()
        created = user.updated_at
    async with engine.begin() as connection:  # outside the ORM: the trigger
        await connection.execute(sa.text("UPDATE users SET role = 'administrator'"))
    async with engine.connect() as connection:
        by_trigger = (await connection.execute(sa.text('SELECT updated_at FROM users'))).scalar_one()
    async with AsyncSession(engine, expire_on_commit=False) as session:  # through the ORM: onupdate
        user = (await session.execute(sa.select(models.User))).scalar_one()
        user.is_active = False
        await session.commit()
        await session.refresh(user)
        by_orm = user.updated_at
    await engine.dispose()
    print(created < by_trigger < by_orm, user.role)

asyncio.run(main())
`;
    const url = new URL(scratch.url);
    url.protocol = 'postgresql+asyncpg:';
    const { stdout, stderr } = await runPython('/usr/bin/python3', ['-c', script, modelsFile], { env: { ...process.env, ASYNC_URL: url.toString() } });
    assert.equal(stdout.trim(), 'True administrator', stderr);
  });

  test('a Python without SQLAlchemy gives a clear message', async () => {
    // Debian's Python without its site-packages: a real interpreter that has no SQLAlchemy.
    const bare = path.join(work, 'python-without-sqlalchemy');
    writeFileSync(bare, '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n');
    chmodSync(bare, 0o755);
    writeFileSync(modelsFile, models);
    process.env.DATA_MODEL_PYTHON = bare;
    const result = await runCliInProcess(['diff', documentFile, '--orm', modelsFile, '--database', scratch.url]);
    assert.equal(result.code, 1);
    assert.equal(result.out, '');
    assert.match(
      result.err,
      /data-model diff: No Python with SQLAlchemy was found \(tried .*python-without-sqlalchemy: no SQLAlchemy \(ModuleNotFoundError: No module named 'sqlalchemy'\)\)\. Install SQLAlchemy and asyncpg in that Python .* or point DATA_MODEL_PYTHON at a Python that has them\./,
    );
    process.env.DATA_MODEL_PYTHON = path.join(work, 'no-such-python');
    const missing = await runCliInProcess(['diff', documentFile, '--orm', modelsFile, '--database', scratch.url]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /No Python with SQLAlchemy was found \(tried .*no-such-python: not found\)/);
  });
});
