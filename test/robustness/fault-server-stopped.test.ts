/**
 * The PostgreSQL server stops in the middle of a validation (immediate shutdown of a private
 * server, see private-postgres.ts): validate must end promptly with a message naming the
 * server, not hang or crash; and a later validation against the stopped server says it cannot
 * connect.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { DatabaseError } from '../../server/src/postgres/database';
import { PgDatabase } from '../../server/src/postgres/pg-database';
import { validate } from '../../server/src/postgres/validate';
import { largeModel } from '../unit/markdown-models';
import { PrivatePostgres } from './private-postgres';

const PROMPT_MS = 15_000;

describe('the server stops during validation', () => {
  let server: PrivatePostgres;
  before(async () => {
    await loadSqlParser();
    server = await PrivatePostgres.create();
  });
  after(() => {
    server?.destroy();
  });

  it('validate fails promptly with a message naming the server', async (t) => {
    const database = new PgDatabase({ connectionString: server.url, connectTimeoutMs: 3000, statementTimeoutMs: 5000 });
    try {
      // 2,100 statements: a few seconds of work, so the stop lands mid-way.
      const model = largeModel(300, 9);
      let statementsSeen = 0;
      const running = validate(model, {
        query: (sql, params) => database.query(sql, params),
        exec: (sql) => {
          statementsSeen++;
          return database.exec(sql);
        },
        exclusive: (work) => database.exclusive(work),
        close: () => database.close(),
        describe: () => database.describe(),
      });
      const outcome = running.then(
        () => undefined,
        (error: unknown) => error,
      );
      while (statementsSeen < 200) await new Promise((resolve) => setTimeout(resolve, 10));
      const stoppedAt = performance.now();
      server.stopImmediately();
      const error = await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('hung'), PROMPT_MS))]);
      assert.notEqual(error, 'hung', `validate did not return within ${PROMPT_MS} ms of the stop`);
      assert.ok(error instanceof DatabaseError, `expected a DatabaseError, got ${String(error)}`);
      t.diagnostic(`message: ${error.message}`);
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${server.port}|connection|terminat`, 'i'));
      assert.doesNotMatch(error.message, /\n\s+at /, 'a stack trace in the message');
      assert.ok(performance.now() - stoppedAt < PROMPT_MS);
    } finally {
      await database.close().catch(() => undefined);
    }
  });

  it('a new validation against the stopped server says it cannot connect', async () => {
    const database = new PgDatabase({ connectionString: server.url, connectTimeoutMs: 2000 });
    try {
      const started = performance.now();
      await assert.rejects(validate(largeModel(2, 3), database), (error: unknown) => {
        assert.ok(error instanceof DatabaseError);
        assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${server.port}`));
        return true;
      });
      assert.ok(performance.now() - started < 10_000);
    } finally {
      await database.close().catch(() => undefined);
    }
  });
});
