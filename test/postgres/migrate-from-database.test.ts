/**
 * `migrate --from-database`: the old version is a live schema, introspected read-only. A
 * database holding the old document's schema is migrated with the file written against it,
 * and the same command then finds nothing left to do. A scratch database `migrate_fromdb_…`
 * (public schema, as a project's database has it); the role the documents name is dropped.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCliInProcess } from '../cli/in-process';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { readMarkdown } from '../../server/src/markdown/reader';
import type { PgDatabase } from '../../server/src/postgres/pg-database';
import { applyDdl, migrateScratch, psqlFile } from './migrate-support';

// The role the document's access column names (created by the migration, dropped after).
const ROLE = 'fromdb_clerk';

function documentOf(orders: string[], sections: string): string {
  return [
    '# Data Model: Shop', '', '## Entity Definitions', '',
    '### customers', '', '| Column | Type | Nullable | Default | Description |', '|---|---|---|---|---|', '| id | SERIAL PK | No | auto | ID |', '| name | VARCHAR(64) | No | — | Name |', '',
    '### orders', '', '| Column | Type | Nullable | Default | Description |', '|---|---|---|---|---|', '| id | SERIAL PK | No | auto | ID |', ...orders, '',
    sections,
  ].join('\n');
}

const SECURITY = (orders: string) => ['## Security Annotations', '', '| Table | Sensitivity | Fromdb Clerk Access |', '|---|---|---|', '| customers | Medium | Read |', `| orders | Medium | ${orders} |`, ''].join('\n');
const OLD = documentOf(['| customer_id | INT FK | Yes | — | Customer |', '| status | VARCHAR(64) | Yes | \'new\' | Status |'], [
  '## Constraints', '', '```sql', 'ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE SET NULL;', '```', '', SECURITY('Read'),
].join('\n'));
const NEW = documentOf(['| customer_id | INT FK | Yes | — | Customer |', '| status | VARCHAR(128) | No | \'new\' | Status |', '| total | NUMERIC(10, 2) | No | 0 | Total |'], [
  '## Indexes', '', '| Index Name | Table | Columns | Type | Purpose |', '|---|---|---|---|---|', '| idx_orders_customer | orders | (customer_id) | BTREE | FK lookup |', '',
  '## Constraints', '', '```sql', 'ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers(id) ON DELETE SET NULL;',
  'ALTER TABLE orders ADD CONSTRAINT chk_orders_total CHECK (total >= 0);', '```', '', SECURITY('Full'),
].join('\n'));

describe('migrate --from-database', { timeout: 180_000 }, () => {
  let scratch: Awaited<ReturnType<typeof migrateScratch>>;
  let db: PgDatabase;
  let url: string;
  let folder: string;

  before(async () => {
    await loadSqlParser();
    scratch = await migrateScratch('migrate_fromdb', [ROLE]);
    ({ db, url, folder } = scratch);
  });
  after(async () => {
    await scratch?.drop();
  });

  it('migrates the live schema to the document, after which nothing is left to migrate', async () => {
    await applyDdl(db, 'public', readMarkdown(OLD).model);
    const file = path.join(folder, 'new.md');
    writeFileSync(file, NEW);
    const migration = path.join(folder, 'migration.sql');
    const written = await runCliInProcess(['migrate', file, '--from-database', url, '--out', migration]);
    assert.equal(written.code, 0, written.err);
    const applied = await psqlFile(url, 'public', migration);
    assert.ok(applied.ok, applied.stderr);
    const again = await runCliInProcess(['migrate', file, '--from-database', url]);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /-- No changes: the two versions give the same schema\./, again.out);
  });
});
