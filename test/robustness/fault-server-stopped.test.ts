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

  // validate() first runs the statements one by one without savepoints, and only when one fails
  // runs them again with a savepoint each: the stop must be handled in either phase.
  const phases = [
    {
      name: 'while the statements run without savepoints',
      model: () => largeModel(300, 9),
      // Some 200 statements in (each is followed by the sandbox check).
      stopWhen: (sent: string[]) => sent.length > 400,
    },
    {
      name: 'while it goes statement by statement with savepoints after a failure',
      model: () => {
        const model = largeModel(300, 9);
        // The last check is broken: the first attempt fails at its end, then each statement runs under a savepoint.
        model.checks.at(-1)!.expression = 'no_such_column > 0';
        return model;
      },
      // 200 statements into the second attempt.
      stopWhen: (sent: string[]) => {
        const first = sent.indexOf('SAVEPOINT data_model_statement');
        return first > 0 && first + 800 < sent.length;
      },
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
        // 2,100 statements: seconds of work, so the stop lands mid-way.
        const sent: string[] = [];
        const running = validate(phase.model(), {
          query: (sql, params) => {
            sent.push(sql);
            return database.query(sql, params);
          },
          exec: (sql) => database.exec(sql),
          exclusive: (work) => database.exclusive(work),
          close: () => database.close(),
          cancel: () => database.cancel(),
          transactionStatus: () => database.transactionStatus(),
          describe: () => database.describe(),
        });
        let finished = false;
        const outcome = running.then(
          (result) => `finished before the stop: ${JSON.stringify(result).slice(0, 600)}`,
          (error: unknown) => error,
        ).finally(() => (finished = true));
        while (!phase.stopWhen(sent) && !finished) await new Promise((resolve) => setTimeout(resolve, 1));
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
