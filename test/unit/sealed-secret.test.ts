/**
 * The database password reaches the language server sealed: what the client sends (and what a
 * verbose trace writes to the output channel) holds no trace of it, and only the server started
 * with this window's key can open it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionUrl, UserFacingError } from '../../server/src/api/database-requests';
import { newSessionKey, sealSecret, unsealSecret } from '../../server/src/api/sealed-secret';

const password = 'S3cret-p@ss w0rd';

test('a sealed password appears nowhere in the request parameters as they are traced', () => {
  const key = newSessionKey();
  const target = { kind: 'server' as const, url: 'postgres://app@db.example:5432/dev', sealedPassword: sealSecret(password, key), connectTimeoutMs: 5000, statementTimeoutMs: 15000 };
  const traced = JSON.stringify({ text: '# Data Model: x', target, probes: true });
  assert.ok(!traced.includes(password));
  assert.ok(!traced.includes(encodeURIComponent(password)));
  assert.ok(!traced.includes(Buffer.from(password).toString('base64')));
  // Two seals of the same password differ (a fresh IV), so a trace does not even show it is unchanged.
  assert.notEqual(sealSecret(password, key), target.sealedPassword);
});

test('the server started with the key gets the password back into the URL it connects with', () => {
  const key = newSessionKey();
  const url = new URL(connectionUrl({ kind: 'server', url: 'postgres://app@db.example:5432/dev', sealedPassword: sealSecret(password, key), connectTimeoutMs: 1, statementTimeoutMs: 1 }, key));
  assert.equal(decodeURIComponent(url.password), password);
  assert.equal(url.username, 'app');
  assert.equal(url.host, 'db.example:5432');
});

test('another session key, or an altered seal, opens nothing and says so plainly', () => {
  const sealed = sealSecret(password, newSessionKey());
  assert.equal(unsealSecret(sealed, newSessionKey()), undefined);
  const key = newSessionKey();
  const altered = Buffer.from(sealSecret(password, key), 'base64');
  altered[altered.length - 1]! ^= 1;
  assert.equal(unsealSecret(altered.toString('base64'), key), undefined);
  const target = { kind: 'server' as const, url: 'postgres://app@db.example/dev', sealedPassword: sealed, connectTimeoutMs: 1, statementTimeoutMs: 1 };
  assert.throws(() => connectionUrl(target, newSessionKey()), (error: unknown) => error instanceof UserFacingError && /Reload the window/.test((error as Error).message));
  assert.throws(() => connectionUrl(target, undefined), UserFacingError);
});

test('a target without a stored password connects with its URL unchanged', () => {
  const target = { kind: 'server' as const, url: 'postgres://postgres@127.0.0.1:5432/test', connectTimeoutMs: 1, statementTimeoutMs: 1 };
  assert.equal(connectionUrl(target, undefined), target.url);
});
