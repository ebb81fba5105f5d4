/**
 * Failures talking to a server give one clear sentence, naming host and port, within seconds.
 *
 * What can honestly be tested here: the server at $PGURL trusts every connection from loopback
 * (pg_hba `trust`), so it never checks a password and a wrong password cannot be provoked on it.
 * Tested against the real server: a closed port, a role that may not log in (NOLOGIN, checked
 * after authentication whatever pg_hba says), a role that does not exist, a missing database, a
 * statement timeout. The wrong password is tested against a minimal stand-in that speaks the
 * PostgreSQL wire protocol only far enough to ask for a password and answer with the error a
 * real server sends (SQLSTATE 28P01); it is a stand-in, and says so.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import { test } from 'node:test';
import { DatabaseError } from '../../server/src/postgres/database';
import { PgDatabase } from '../../server/src/postgres/pg-database';
import { onServer, PGURL, urlForDatabase } from './targets';

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function failure(db: PgDatabase, sql = 'SELECT 1'): Promise<{ error: DatabaseError; ms: number }> {
  const began = Date.now();
  try {
    await db.query(sql);
  } catch (error) {
    assert.ok(error instanceof DatabaseError, `not a DatabaseError: ${String(error)}`);
    return { error, ms: Date.now() - began };
  } finally {
    await db.close();
  }
  assert.fail('the query succeeded');
}

function assertClear(error: DatabaseError, host: string, port: number): void {
  assert.ok(error.message.includes(`${host}:${port}`), `message does not name ${host}:${port}: ${error.message}`);
  assert.doesNotMatch(error.message, /\n\s+at /, 'message contains a stack trace');
}

test('an unreachable server (closed loopback port) is reported within seconds', async () => {
  const port = await closedPort();
  const { error, ms } = await failure(new PgDatabase({ connectionString: `postgres://postgres@127.0.0.1:${port}/test` }));
  assert.match(error.message, /^Cannot reach PostgreSQL at 127\.0\.0\.1:\d+: connection refused/);
  assertClear(error, '127.0.0.1', port);
  assert.ok(ms < 3000, `took ${ms} ms`);
});

test('a server that never answers is given up on after the connect timeout', async () => {
  // Accepts the TCP connection and then says nothing, like a firewall that swallows packets.
  const accepted: net.Socket[] = [];
  const silent = net.createServer((socket) => void accepted.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as net.AddressInfo).port;
  try {
    const { error, ms } = await failure(new PgDatabase({ connectionString: `postgres://postgres@127.0.0.1:${port}/test`, connectTimeoutMs: 1000 }));
    assert.match(error.message, /no answer within 1 s/);
    assertClear(error, '127.0.0.1', port);
    // The message says the 1 s timeout fired; this only bounds a hang, ten times that.
    assert.ok(ms < 10_000, `took ${ms} ms`);
  } finally {
    for (const socket of accepted) socket.destroy();
    silent.close();
  }
});

test('a role that may not log in, a role that does not exist and a missing database are named', async () => {
  const role = `dm_test_nologin_${randomBytes(4).toString('hex')}`;
  const { hostname, port } = new URL(PGURL);
  await onServer((c) => c.query(`CREATE ROLE ${role} NOLOGIN PASSWORD 'secret'`));
  try {
    const url = new URL(PGURL);
    url.username = role;
    url.password = 'secret';
    const nologin = await failure(new PgDatabase({ connectionString: url.toString() }));
    assert.match(nologin.error.message, new RegExp(`refused user "${role}": role "${role}" is not permitted to log in`));
    assertClear(nologin.error, hostname, Number(port || 5432));

    url.username = `${role}_missing`;
    const missing = await failure(new PgDatabase({ connectionString: url.toString() }));
    assert.match(missing.error.message, /role ".*_missing" does not exist/);

    const noDatabase = await failure(new PgDatabase({ connectionString: urlForDatabase(`${role}_db`) }));
    assert.match(noDatabase.error.message, new RegExp(`has no database "${role}_db"`));
    assertClear(noDatabase.error, hostname, Number(port || 5432));
  } finally {
    await onServer((c) => c.query(`DROP ROLE IF EXISTS ${role}`));
  }
});

test('a statement running past the statement timeout is cancelled with a clear message, and the session survives', async () => {
  const db = new PgDatabase({ statementTimeoutMs: 500 });
  try {
    const began = Date.now();
    const error = await db.query('SELECT pg_sleep(10)').then(
      () => assert.fail('pg_sleep(10) finished'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DatabaseError);
    assert.match(error.message, /^Statement cancelled by PostgreSQL at .+:\d+ after the 0\.5 s statement timeout$/);
    // Cancelled, not finished: well before pg_sleep's 10 s (the usual time is the 0.5 s timeout).
    assert.ok(Date.now() - began < 9000);
    assert.deepEqual(await db.query('SELECT 1 AS one'), [{ one: 1 }]);
  } finally {
    await db.close();
  }
});

test('a wrong password (against a wire-protocol stand-in, see the file comment) is named as such', async () => {
  // Startup message → AuthenticationCleartextPassword → PasswordMessage → ErrorResponse 28P01.
  const standIn = net.createServer((socket) => {
    let stage = 0;
    socket.on('error', () => undefined);
    socket.on('data', () => {
      if (socket.writableEnded) return;
      if (stage++ === 0) {
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3])); // 'R', length 8, code 3: cleartext password
        return;
      }
      const fields = ['SFATAL', 'VFATAL', 'C28P01', 'Mpassword authentication failed for user "postgres"'];
      const body = Buffer.concat([...fields.map((f) => Buffer.from(`${f}\0`)), Buffer.from([0])]);
      const header = Buffer.alloc(5);
      header.write('E', 0);
      header.writeInt32BE(body.length + 4, 1);
      socket.end(Buffer.concat([header, body]));
    });
  });
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  const port = (standIn.address() as net.AddressInfo).port;
  try {
    const { error, ms } = await failure(new PgDatabase({ connectionString: `postgres://postgres:wrong@127.0.0.1:${port}/test` }));
    assert.equal(error.message, `PostgreSQL at 127.0.0.1:${port} rejected the password for user "postgres"`);
    assert.ok(ms < 3000);
  } finally {
    standIn.close();
  }
});
