/**
 * Issue 14: one meaning for every access cell. Every access level (in its usual spellings,
 * `Read (own)` among them) × every sensitivity, in one document read by the real reader:
 *  - the linter accepts exactly the cells the policy allows (a non-administrator reads a High or
 *    CRITICAL table only as own rows, and not even that on CRITICAL);
 *  - the DDL grants exactly the cell's level, checked on the database by doing (the role sees
 *    only user 1's rows for own-rows levels, can write only with write levels), never by reading
 *    the SQL text;
 *  - the probes (`validate --probes`) prove every cell and report nothing;
 *  - a cell the linter rejects for a missing owner column or an unclear text gets nothing.
 * On PGlite and on the server at $PGURL. Role names carry a random suffix (roles are
 * cluster-wide); the DDL runs inside a transaction that is rolled back, and the roles are
 * dropped afterwards in case anything was left.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { readMarkdown } from '../../server/src/markdown/reader';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { ACCESS_LEVELS, SENSITIVITIES, type AccessLevel, type DataModel, type Sensitivity } from '../../server/src/model/types';
import { DatabaseError, type Database } from '../../server/src/postgres/database';
import { validate } from '../../server/src/postgres/validate';
import { lint } from '../../server/src/rules/lint';
import { compileDdl } from '../../server/src/sql/ddl';
import { roleName } from '../../server/src/sql/security';
import { pgliteTarget, serverTarget, type Target } from './targets';

/** Every level, in the spellings documents use; `Read (own)` is the one issue 14 found compiled to SELECT on every row. */
const SPELLINGS: [AccessLevel, string][] = [
  ['none', 'NONE'],
  ['read', 'Read'],
  ['read-own', 'Own records'],
  ['read-own', 'Read (own)'],
  ['write-own', 'Read/Write (own)'],
  ['full', 'Full'],
];

const suffix = randomBytes(4).toString('hex');
const READER = `Reader ${suffix}`;
const ADMIN = `Admin ${suffix}`;

interface Cell {
  table: string;
  level: AccessLevel | undefined;
  text: string;
  sensitivity: Sensitivity;
  /** Whether the table has a column saying whose a row is. */
  owned: boolean;
}

const cells: Cell[] = [];
SPELLINGS.forEach(([level, text], i) => {
  for (const sensitivity of SENSITIVITIES) cells.push({ table: `t${i}_${sensitivity.toLowerCase()}`, level, text, sensitivity, owned: true });
});
// Own rows on a table nothing ties to a user, and a text with no single meaning.
cells.push({ table: 'orphan_read_own', level: 'read-own', text: 'Own records', sensitivity: 'Low', owned: false });
cells.push({ table: 'orphan_write_own', level: 'write-own', text: 'Read/Write (own)', sensitivity: 'Low', owned: false });
cells.push({ table: 'unclear', level: undefined, text: 'Read (own and assigned)', sensitivity: 'Low', owned: true });

const columnsHeader = ['| Column | Type | Nullable | Default | Description |', '|---|---|---|---|---|'];
const document = [
  '# Data Model: Access matrix',
  '',
  '## Entity Definitions',
  '',
  '### users',
  '',
  ...columnsHeader,
  '| id | SERIAL PK | No | auto | ID |',
  '| name | TEXT | No | — | Display name |',
  '',
  ...cells.flatMap((cell) => [
    `### ${cell.table}`,
    '',
    ...columnsHeader,
    '| id | SERIAL PK | No | auto | ID |',
    ...(cell.owned ? ['| user_id | INT FK | No | — | References users.id |'] : []),
    '| body | TEXT | No | — | Text |',
    '',
  ]),
  '## Constraints',
  '',
  '```sql',
  ...cells.filter((c) => c.owned).map((c) => `ALTER TABLE ${c.table} ADD CONSTRAINT fk_${c.table}_user FOREIGN KEY (user_id) REFERENCES users(id);`),
  '```',
  '',
  '## Security Annotations',
  '',
  `| Table | Sensitivity | ${READER} Access | ${ADMIN} Access |`,
  '|---|---|---|---|',
  `| users | Low | Read | Full |`,
  ...cells.map((c) => `| ${c.table} | ${c.sensitivity} | ${c.text} | Full |`),
  '',
].join('\n');

/** The policy DM302 and DM306 state: what a non-administrator may be given, by level and rating. */
function policyAllows(cell: Cell): boolean {
  if (cell.level === undefined) return false;
  if (cell.level === 'none') return true;
  const ownRows = cell.level === 'read-own' || cell.level === 'write-own';
  if (ownRows && !cell.owned) return false;
  if (cell.sensitivity === 'CRITICAL') return false;
  return ownRows || cell.sensitivity === 'Low' || cell.sensitivity === 'Medium';
}

/** What the role can do, found by doing it as the role with `app.user_id` = 1 and rows of users 1 and 2. */
interface Enforced {
  sees: 'nothing' | 'own rows' | 'every row';
  writes: 'nothing' | 'own rows' | 'every row';
}

/** What each level must give on the database; a rejected or unenforceable cell gets nothing. */
function expected(cell: Cell): Enforced {
  const level = cell.level === undefined || (!cell.owned && cell.level !== 'none') ? 'none' : cell.level;
  const byLevel: Record<AccessLevel, Enforced> = {
    none: { sees: 'nothing', writes: 'nothing' },
    read: { sees: 'every row', writes: 'nothing' },
    'read-own': { sees: 'own rows', writes: 'nothing' },
    'write-own': { sees: 'own rows', writes: 'own rows' },
    full: { sees: 'every row', writes: 'every row' },
  };
  return byLevel[level];
}

async function attempt<T>(db: Database, work: () => Promise<T>): Promise<T | 'denied'> {
  await db.exec('SAVEPOINT matrix_try');
  try {
    const result = await work();
    await db.exec('RELEASE SAVEPOINT matrix_try');
    return result;
  } catch (error) {
    await db.exec('ROLLBACK TO SAVEPOINT matrix_try');
    if (error instanceof DatabaseError && error.code === '42501') return 'denied';
    throw error;
  }
}

function reach(owners: string[] | 'denied'): Enforced['sees'] {
  if (owners === 'denied' || owners.length === 0) return 'nothing';
  return owners.every((o) => o === '1') ? 'own rows' : 'every row';
}

/** Applies the compiled DDL in a transaction, tries each table as the reader role, rolls back. */
async function enforcedOnDatabase(db: Database, model: DataModel): Promise<Map<string, Enforced>> {
  const role = roleName(READER);
  const result = new Map<string, Enforced>();
  await db.exec('BEGIN');
  try {
    for (const statement of compileDdl(model).statements) await db.exec(statement.sql);
    await db.exec(`INSERT INTO users (id, name) VALUES (1, 'one'), (2, 'two')`);
    for (const cell of cells) {
      if (cell.owned) await db.exec(`INSERT INTO ${cell.table} (user_id, body) VALUES (1, 'mine'), (2, 'theirs')`);
      else await db.exec(`INSERT INTO ${cell.table} (body) VALUES ('a'), ('b')`);
    }
    for (const cell of cells) {
      await db.exec('SAVEPOINT matrix_cell');
      await db.exec(`SET LOCAL ROLE ${role}`);
      await db.exec(`SET LOCAL app.user_id = '1'`);
      const owner = cell.owned ? 'user_id::text' : `'2'`;
      const seen = await attempt(db, async () => (await db.query<{ o: string }>(`SELECT ${owner} AS o FROM ${cell.table}`)).map((r) => r.o));
      const written = await attempt(db, async () => (await db.query<{ o: string }>(`UPDATE ${cell.table} SET body = body RETURNING ${owner} AS o`)).map((r) => r.o));
      result.set(cell.table, { sees: reach(seen), writes: reach(written) });
      await db.exec('ROLLBACK TO SAVEPOINT matrix_cell');
    }
  } finally {
    await db.exec('ROLLBACK');
  }
  return result;
}

describe('every access level × every sensitivity: the linter, the DDL and the probes agree', async () => {
  await loadSqlParser();
  const { model, problems } = readMarkdown(document);
  const lines = document.split('\n');
  const lineOf = (table: string) => lines.findIndex((l) => l.startsWith(`| ${table} |`));
  /** The character range of the reader role's cell on a Security Annotations row. */
  const readerCell = (line: number) => {
    const text = lines[line]!;
    const start = text.split('|').slice(0, 3).join('|').length + 1;
    return { start, end: start + text.split('|')[3]!.length };
  };

  test('the reader gives every cell its level, and an owner column where there is one', () => {
    for (const cell of cells) {
      const row = model.security.find((s) => s.table === cell.table)!;
      assert.equal(row.access[READER]?.level, cell.level, `${cell.table}: "${cell.text}"`);
      assert.equal(row.owner?.name, cell.owned ? 'user_id' : undefined, cell.table);
    }
    assert.deepEqual(ACCESS_LEVELS.filter((level) => !cells.some((c) => c.level === level)), [], 'every level is enumerated');
  });

  test('the linter accepts exactly the cells the policy allows', () => {
    const { findings } = lint(model, document, problems);
    for (const cell of cells) {
      const line = lineOf(cell.table);
      const { start, end } = readerCell(line);
      const errors = findings.filter((f) => f.severity === 'error' && f.range.start.line === line && f.range.start.character >= start && f.range.start.character <= end);
      assert.equal(errors.length === 0, policyAllows(cell), `${cell.table} (${cell.sensitivity}, "${cell.text}"): ${errors.map((f) => `${f.ruleId} ${f.message}`).join('; ') || 'accepted'}`);
    }
  });

  test('the DDL refuses own rows without an owner column and text with no single meaning, on their rows', () => {
    const errors = compileDdl(model).problems.filter((p) => p.severity === 'error').map((p) => p.range.start.line);
    assert.deepEqual(errors.sort((a, b) => a - b), ['orphan_read_own', 'orphan_write_own', 'unclear'].map(lineOf));
  });

  const pglite = pgliteTarget();
  after(() => pglite.close());
  for (const target of [pglite, serverTarget] as Target[]) {
    test(`${target.name}: the database enforces each cell's level, and what the linter accepts on a High or CRITICAL table never shows other users' rows`, async () => {
      const { db, dispose } = await target.open();
      try {
        const enforced = await enforcedOnDatabase(db, model);
        for (const cell of cells) {
          assert.deepEqual(enforced.get(cell.table), expected(cell), `${cell.table} (${cell.sensitivity}, "${cell.text}")`);
          if (policyAllows(cell) && (cell.sensitivity === 'High' || cell.sensitivity === 'CRITICAL')) {
            assert.notEqual(enforced.get(cell.table)!.sees, 'every row', cell.table);
          }
        }
      } finally {
        await dropRoles(db);
        await dispose();
      }
    });

    test(`${target.name}: the probes prove every cell and report nothing but the refused rows`, async () => {
      const { db, dispose } = await target.open();
      try {
        const result = await validate(model, db, { probes: true });
        const errors = result.problems.filter((p) => p.severity === 'error');
        assert.deepEqual(
          [...new Set(errors.map((p) => p.range.start.line))].sort((a, b) => a - b),
          ['orphan_read_own', 'orphan_write_own', 'unclear'].map(lineOf),
          errors.map((p) => p.message).join('\n'),
        );
        // Only the own-rows cells the DDL refused have no policy to probe; every other cell was checked.
        const unchecked = result.problems.filter((p) => p.severity === 'info' && /could not be checked/.test(p.message));
        assert.deepEqual(unchecked.map((p) => p.range.start.line), ['orphan_read_own', 'orphan_write_own'].map(lineOf), unchecked.map((p) => p.message).join('\n'));
      } finally {
        await dropRoles(db);
        await dispose();
      }
    });
  }
});

/** The DDL is rolled back, so this normally finds nothing; it is here so a failure midway leaves no role behind. */
async function dropRoles(db: Database): Promise<void> {
  for (const label of [READER, ADMIN]) await db.exec(`DROP ROLE IF EXISTS ${roleName(label)}`).catch(() => undefined);
}
