/**
 * The flush family from spec/flushall.md: SYNC/ASYNC, lazyfree-lazy-user-flush, what a
 * flush leaves alone, dirty counting, WATCH invalidation, lazyfree INFO counters.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, RawClient, type Pair } from '../helpers/oracle.js';
import { ReplyError } from '../../src/index.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

test('FLUSHALL/FLUSHDB modes and syntax errors match Redis', async () => {
  await pair.check([
    ['SET', 'a', '1'], ['SELECT', '1'], ['SET', 'b', '2'], ['FLUSHDB'], ['DBSIZE'], ['SELECT', '0'], ['DBSIZE'],
    ['FLUSHALL', 'SYNC'], ['DBSIZE'], ['FLUSHALL', 'async'], ['FLUSHALL', 'Sync'], ['FLUSHDB', 'ASYNC'],
    ['FLUSHALL', 'LAZY'], ['FLUSHALL', 'SYNC', 'ASYNC'], ['FLUSHDB', 'now'], ['FLUSHDB', 'ASYNC', 'x'],
  ]);
});

test('FLUSHALL empties every database', async () => {
  const { cinder } = pair;
  for (let db = 0; db < 16; db++) {
    cinder.call('SELECT', db);
    cinder.call('SET', 'k' + db, 'v');
  }
  cinder.call('SELECT', 0);
  assert.equal(cinder.call('FLUSHALL'), 'OK');
  for (const db of cinder.server.db) assert.equal(db.size, 0);
});

test('lazyfree-lazy-user-flush makes the default ASYNC (and CONFIG SET can change it)', async () => {
  const { cinder } = pair;
  const server = cinder.server;
  server.config.setFromString(server.config.lookup('lazyfree-lazy-user-flush')!, 'yes');
  for (let i = 0; i < 50000; i++) server.db[0].dict.set('key:' + i, 'v');
  const freedBefore = server.lazyfree.freedObjects;
  assert.equal(cinder.call('FLUSHALL'), 'OK');
  assert.equal(server.db[0].size, 0);
  assert.ok(server.lazyfree.pendingObjects > 0, 'the old keys are handed to lazyfree');
  while (server.lazyfree.pendingObjects > 0) await new Promise((r) => setImmediate(r));
  assert.equal(server.lazyfree.freedObjects - freedBefore, 50000);
  server.config.setFromString(server.config.lookup('lazyfree-lazy-user-flush')!, 'no');
  for (let i = 0; i < 10; i++) server.db[0].dict.set('key:' + i, 'v');
  cinder.call('FLUSHALL');
  assert.equal(server.lazyfree.pendingObjects, 0, 'SYNC flush frees inline');
});

test('ASYNC removes only the keys present when called; keys written right after survive', async () => {
  const { cinder } = pair;
  const c = await RawClient.connect(cinder.port);
  for (let i = 0; i < 1000; i++) cinder.call('SET', 'old' + i, 'x');
  // One pipelined batch: flush, then writes that must survive.
  c.write('*2\r\n$8\r\nFLUSHALL\r\n$5\r\nASYNC\r\n*3\r\n$3\r\nSET\r\n$3\r\nnew\r\n$1\r\n1\r\n*1\r\n$6\r\nDBSIZE\r\n');
  assert.equal(await c.readReply(), '+OK\r\n');
  assert.equal(await c.readReply(), '+OK\r\n');
  assert.equal(await c.readReply(), ':1\r\n');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(cinder.call('GET', 'new'), '1');
  assert.equal(cinder.call('GET', 'old1'), null);
  c.close();
});

test('FLUSHALL and FLUSHDB add the removed keys to dirty (no extra one: redis-server 7.0.15 and 7.2 flushAllDataAndResetRDB)', async () => {
  const { cinder } = pair;
  const server = cinder.server;
  cinder.call('FLUSHALL');
  for (let i = 0; i < 5; i++) cinder.call('SET', 'k' + i, 'v');
  let before = server.dirty;
  cinder.call('FLUSHALL');
  assert.equal(server.dirty - before, 5);
  for (let i = 0; i < 3; i++) cinder.call('SET', 'k' + i, 'v');
  before = server.dirty;
  cinder.call('FLUSHDB');
  assert.equal(server.dirty - before, 3);
});

test('FLUSHALL ASYNC answers without waiting for the freeing', async () => {
  const { cinder } = pair;
  const server = cinder.server;
  for (let i = 0; i < 200000; i++) server.db[0].dict.set('key:' + i, 'value');
  const reply = cinder.call('FLUSHALL', 'ASYNC');
  assert.equal(reply, 'OK');
  assert.equal(server.db[0].size, 0);
  assert.equal(server.lazyfree.pendingObjects, 200000, 'nothing has been freed inline');
  while (server.lazyfree.pendingObjects > 0) await new Promise((r) => setImmediate(r));
});

test('unknown flush mode is a syntax error, not a flush', async () => {
  const { cinder } = pair;
  cinder.call('SET', 'k', 'v');
  const r = cinder.call('FLUSHALL', 'NOW');
  assert.ok(r instanceof ReplyError);
  assert.equal(r.message, 'ERR syntax error');
  assert.equal(cinder.call('GET', 'k'), 'v');
});
