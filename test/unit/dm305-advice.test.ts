/**
 * DM305 says how to store what it found: a password gets a slow salted hash, but a token is
 * looked up by value, so it needs a repeatable keyed hash (a bcrypt hash of a token cannot be
 * looked up) or encryption.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readMarkdown } from '../../server/src/markdown/reader';
import { runRules } from '../../server/src/rules/index';

const document = [
  '# Data Model: Secrets',
  '',
  '## Entity Definitions',
  '',
  '### users',
  '',
  '| Column | Type | Nullable | Default | Description |',
  '|---|---|---|---|---|',
  '| id | SERIAL PK | No | auto | ID |',
  '| password | VARCHAR(255) | No | — | Login password |',
  '| api_token | VARCHAR(64) | Yes | NULL | Personal API token |',
  '',
].join('\n');

describe('DM305 advice', () => {
  const { model } = readMarkdown(document);
  const messages = runRules(model, document, { only: ['DM305'] }).map((finding) => finding.message);

  it('tells a password to use a slow salted hash', () => {
    const message = messages.find((text) => text.startsWith('users.password '));
    assert.match(message ?? '', /argon2 or bcrypt/);
  });

  it('tells a token to use a keyed hash that can be looked up, not bcrypt', () => {
    const message = messages.find((text) => text.startsWith('users.api_token '));
    assert.match(message ?? '', /HMAC-SHA-256/);
    assert.doesNotMatch(message ?? '', /bcrypt/);
  });
});
