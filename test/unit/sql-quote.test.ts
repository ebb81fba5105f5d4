import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dollarQuote, quoteIdent, quoteLiteral } from '../../server/src/sql/quote';

test('quoteIdent leaves plain snake_case bare and quotes everything else', () => {
  assert.equal(quoteIdent('dataset_items'), 'dataset_items');
  assert.equal(quoteIdent('role'), 'role'); // unreserved keyword
  assert.equal(quoteIdent('user'), '"user"'); // reserved
  assert.equal(quoteIdent('left'), '"left"'); // reserved (can be function or type)
  assert.equal(quoteIdent('position'), '"position"'); // cannot be function or type
  assert.equal(quoteIdent('Users'), '"Users"');
  assert.equal(quoteIdent('2fa'), '"2fa"');
  assert.equal(quoteIdent('naïve'), '"naïve"');
  assert.equal(quoteIdent(''), '""');
  assert.equal(quoteIdent('x"; DROP TABLE users; --'), '"x""; DROP TABLE users; --"');
});

test('quoteLiteral doubles quotes and keeps backslashes literal', () => {
  assert.equal(quoteLiteral("it's"), "'it''s'");
  assert.equal(quoteLiteral('a\\b'), "E'a\\\\b'");
});

test('dollarQuote picks a tag the body does not contain', () => {
  assert.equal(dollarQuote('x'), '$dm$x$dm$');
  assert.equal(dollarQuote('$dm$ END $dm$'), '$dm1$$dm$ END $dm$$dm1$');
});
