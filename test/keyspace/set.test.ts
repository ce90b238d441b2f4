/**
 * The set type's encodings and conversions (Redis 7.2 t_set.c), and the numeric order of
 * intsets including int64 values beyond 2^53.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisSet, SET_ENC_INTSET, SET_ENC_LISTPACK, setTypeCreate, setTypeMaybeConvert } from '../../src/keyspace/set.js';

const limits = { maxIntsetEntries: 512, maxListpackEntries: 128, maxListpackValue: 64 };

test('intset keeps int64 numeric order', () => {
  const s = new RedisSet(SET_ENC_INTSET);
  for (const v of ['9007199254740993', '9007199254740992', '-9223372036854775808', '9223372036854775807', '0', '-1', '10', '9']) s.add(v, limits);
  assert.deepEqual(s.members(), ['-9223372036854775808', '-1', '0', '9', '10', '9007199254740992', '9007199254740993', '9223372036854775807']);
  assert.equal(s.has('9007199254740993'), true);
  assert.equal(s.has('09'), false);
  assert.equal(s.remove('9007199254740992'), true);
  assert.equal(s.has('9007199254740992'), false);
  assert.equal(s.encoding(), 'intset');
});

test('conversions', () => {
  const s = setTypeCreate('1', 1, limits);
  assert.equal(s.encoding(), 'intset');
  s.add('1', limits);
  s.add('abc', limits);
  assert.equal(s.encoding(), 'listpack');
  assert.deepEqual(s.members(), ['1', 'abc']);
  s.add('x'.repeat(65), limits);
  assert.equal(s.encoding(), 'hashtable');
  assert.equal(s.size, 3);
  const t = setTypeCreate('a', 200, limits);
  assert.equal(t.encoding(), 'hashtable');
  const u = new RedisSet(SET_ENC_LISTPACK);
  setTypeMaybeConvert(u, 129, limits);
  assert.equal(u.encoding(), 'hashtable');
  // 600 > set-max-intset-entries and > set-max-listpack-entries: straight to hashtable.
  assert.equal(setTypeCreate('1', 600, limits).encoding(), 'hashtable');
  assert.equal(setTypeCreate('1', 300, limits).encoding(), 'intset');
  const big = new RedisSet(SET_ENC_INTSET);
  for (let k = 0; k < 513; k++) big.add(String(k), limits);
  assert.equal(big.encoding(), 'hashtable');
  const d = big.dup();
  assert.equal(d.size, 513);
  assert.equal(d.encoding(), 'hashtable');
});
