/**
 * The Alembic revision `migrate --format alembic --down` writes, run by Debian's Alembic
 * (/usr/bin/python3 with python3-alembic, python3-sqlalchemy 1.4 and python3-asyncpg, as .ci/run
 * installs them; not the pyenv python3 on PATH): `upgrade head` on a database holding the old
 * version leaves the same schema as the SQL migration (and as the new version's DDL), and
 * `downgrade base` takes it back to the old version's schema. A scratch database
 * `migrate_alembic_…`; the role the documents name is dropped at the end.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { runCliInProcess } from '../cli/in-process';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { readMarkdown } from '../../server/src/markdown/reader';
import type { PgDatabase } from '../../server/src/postgres/pg-database';
import { applyDdl, fingerprint, migrateScratch, psqlFile } from './migrate-support';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
// The role the document's "Alembic Clerk Access" column names (created by the migration, dropped after).
const ROLE = 'alembic_clerk';

function documentOf(tables: string[][], sections: string): string {
  const table = ([name, ...rows]: string[]) => [`### ${name}`, '', '| Column | Type | Nullable | Default | Description |', '|---|---|---|---|---|', '| id | SERIAL PK | No | auto | ID |', ...rows, ''];
  return ['# Data Model: Shop', '', '## Entity Definitions', '', ...tables.flatMap(table), sections].join('\n');
}

const OLD = documentOf(
  [
    ['users', '| email | TEXT UK | No | — | E-mail |'],
    ['orders', '| user_id | INT FK | No | — | Owner |', '| status | VARCHAR(64) | Yes | — | Status |', '| note | TEXT | Yes | — | Note |', '| updated_at | TIMESTAMPTZ | No | NOW() | Last change |'],
  ],
  [
    '## Constraints', '', '```sql', 'ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;', '```', '',
    '## Security Annotations', '', '| Table | Sensitivity | Alembic Clerk Access |', '|---|---|---|', '| users | High | Read |', '| orders | Medium | Own records |', '',
  ].join('\n'),
);

/** A rename, a wider type, NOT NULL, a new column and table, an index, a check, a foreign key, an access change. */
const NEW = documentOf(
  [
    ['users', '| email | TEXT UK | No | — | E-mail |'],
    ['orders', '| user_id | INT FK | No | — | Owner |', '| status | VARCHAR(128) | No | \'new\' | Status |', '| remark | TEXT | Yes | — | Note |', '| updated_at | TIMESTAMPTZ | No | NOW() | Last change |', '| total | NUMERIC(10, 2) | No | 0 | Total |'],
    ['payments', '| order_id | INT FK | No | — | Order |', '| amount | NUMERIC(10, 2) | No | — | Amount |'],
  ],
  [
    '## Indexes', '', '| Index Name | Table | Columns | Type | Purpose |', '|---|---|---|---|---|', '| idx_orders_status | orders | (status) | BTREE | Find by status |', '| idx_payments_order | payments | (order_id) | BTREE | FK lookup |', '',
    '## Constraints', '', '```sql',
    'ALTER TABLE orders ADD CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;',
    'ALTER TABLE payments ADD CONSTRAINT fk_payments_order FOREIGN KEY (order_id) REFERENCES orders(id) ON DELETE RESTRICT;',
    'ALTER TABLE orders ADD CONSTRAINT chk_orders_total CHECK (total >= 0);', '```', '',
    '## Security Annotations', '', '| Table | Sensitivity | Alembic Clerk Access |', '|---|---|---|', '| users | High | Read |', '| orders | Medium | Read/Write (own) |', '| payments | High | Full |', '',
  ].join('\n'),
);

const ENV_PY = `
import asyncio
from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine


def run(connection):
    context.configure(connection=connection, target_metadata=None, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()


async def main():
    engine = create_async_engine(context.config.get_main_option('sqlalchemy.url'))
    async with engine.connect() as connection:
        await connection.run_sync(run)
        await connection.commit()
    await engine.dispose()


asyncio.run(main())
`;

/** Alembic's own bookkeeping table, which the other schemas do not have. */
function withoutAlembicVersion(print: Record<string, unknown[]>): Record<string, unknown[]> {
  const ours = (row: unknown) => !Object.values(row as Record<string, unknown>).some((v) => typeof v === 'string' && v.startsWith('alembic_version'));
  return Object.fromEntries(Object.entries(print).map(([key, rows]) => [key, rows.filter(ours)]));
}

describe('migrate --format alembic with Debian\'s Alembic', { timeout: 300_000 }, () => {
  let scratch: Awaited<ReturnType<typeof migrateScratch>>;
  let db: PgDatabase;
  let url: string;
  let folder: string;

  before(async () => {
    await loadSqlParser();
    scratch = await migrateScratch('migrate_alembic', [ROLE]);
    ({ db, url, folder } = scratch);
  });
  after(async () => {
    await scratch?.drop();
  });

  async function alembic(...args: string[]): Promise<void> {
    try {
      await run(PYTHON, ['-m', 'alembic', '-c', path.join(folder, 'alembic.ini'), ...args], { cwd: folder, timeout: 120_000 });
    } catch (error) {
      assert.fail(`alembic ${args.join(' ')} failed: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
    }
  }

  it('upgrade gives the SQL migration\'s schema (and the new DDL\'s); downgrade gives the old one back', async () => {
    writeFileSync(path.join(folder, 'old.md'), OLD);
    writeFileSync(path.join(folder, 'new.md'), NEW);
    mkdirSync(path.join(folder, 'versions'));
    const revision = path.join(folder, 'versions', 'data_model_revision.py');
    const written = await runCliInProcess(['migrate', path.join(folder, 'new.md'), '--from', path.join(folder, 'old.md'), '--format', 'alembic', '--down', '--allow-data-loss', '--out', revision]);
    assert.equal(written.code, 0, written.err);
    const sqlFile = path.join(folder, 'migration.sql');
    const sql = await runCliInProcess(['migrate', path.join(folder, 'new.md'), '--from', path.join(folder, 'old.md'), '--out', sqlFile]);
    assert.equal(sql.code, 0, sql.err);

    // Three schemas: old + Alembic, old + the SQL file, new's DDL. The revision runs in `alembic` through search_path.
    for (const schema of ['alembic', 'by_sql', 'fresh_new', 'fresh_old']) await db.exec(`CREATE SCHEMA ${schema}`);
    await applyDdl(db, 'alembic', readMarkdown(OLD).model);
    await applyDdl(db, 'by_sql', readMarkdown(OLD).model);
    await applyDdl(db, 'fresh_new', readMarkdown(NEW).model);
    await applyDdl(db, 'fresh_old', readMarkdown(OLD).model);
    const applied = await psqlFile(url, 'by_sql', sqlFile);
    assert.ok(applied.ok, applied.stderr);

    const asyncUrl = new URL(url);
    asyncUrl.protocol = 'postgresql+asyncpg:';
    // asyncpg takes search_path as a server setting of the connection.
    writeFileSync(path.join(folder, 'env.py'), ENV_PY.replace("create_async_engine(context.config.get_main_option('sqlalchemy.url'))", "create_async_engine(context.config.get_main_option('sqlalchemy.url'), connect_args={'server_settings': {'search_path': 'alembic'}})"));
    writeFileSync(path.join(folder, 'alembic.ini'), `[alembic]\nscript_location = ${folder}\nsqlalchemy.url = ${asyncUrl.toString().replace(/%/g, '%%')}\n`);

    await alembic('upgrade', 'head');
    const upgraded = withoutAlembicVersion(await fingerprint(db, 'alembic'));
    assert.deepEqual(upgraded, await fingerprint(db, 'by_sql'));
    assert.deepEqual(upgraded, await fingerprint(db, 'fresh_new'));

    await alembic('downgrade', 'base');
    assert.deepEqual(withoutAlembicVersion(await fingerprint(db, 'alembic')), await fingerprint(db, 'fresh_old'));
  });
});
