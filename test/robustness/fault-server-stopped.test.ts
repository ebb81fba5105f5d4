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

  // validate() first sends the whole script as one batch, and only when that fails goes
  // statement by statement: the stop must be handled in either phase.
  const phases = [
    {
      name: 'while the whole script runs as one batch',
      model: () => largeModel(300, 9),
      // BEGIN, SAVEPOINT, then the script: stop as soon as it is on its way.
      stopWhen: (execs: string[]) => execs.some((sql) => sql.length > 100_000),
    },
    {
      name: 'while it goes statement by statement after a failed batch',
      model: () => {
        const model = largeModel(300, 9);
        // The last check is broken: the batch fails at its end, then each statement runs alone.
        model.checks.at(-1)!.expression = 'no_such_column > 0';
        return model;
      },
      // 200 statements into the second phase.
      stopWhen: (execs: string[]) => execs.findIndex((sql) => sql.length > 100_000) + 200 < execs.length,
    },
  ];

  let stopped = false;
  for (const phase of phases) {
    it(`validate fails promptly with a message naming the server, ${phase.name}`, async (t) => {
      // The previous phase left the server stopped.
      if (stopped) server.start();
      stopped = false;
      const database = new PgDatabase({ connectionString: server.url, connectTimeoutMs: 3000, statementTimeoutMs: 5000 });
      try {
        // 2,100 statements: a second or more of work, so the stop lands mid-way.
        const execs: string[] = [];
        const running = validate(phase.model(), {
          query: (sql, params) => database.query(sql, params),
          exec: (sql) => {
            execs.push(sql);
            return database.exec(sql);
          },
          exclusive: (work) => database.exclusive(work),
          close: () => database.close(),
          describe: () => database.describe(),
        });
        let finished = false;
        const outcome = running.then(
          (result) => `finished before the stop: ${JSON.stringify(result).slice(0, 600)}`,
          (error: unknown) => error,
        ).finally(() => (finished = true));
        while (!phase.stopWhen(execs) && !finished) await new Promise((resolve) => setTimeout(resolve, 1));
        if (finished) assert.fail(`validate ended before the stop: ${String(await outcome)}`);
        const stoppedAt = performance.now();
        server.stopImmediately();
        stopped = true;
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
  }

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
