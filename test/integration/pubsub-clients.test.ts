/**
 * Pub/Sub and client-side caching through real clients: ioredis and node-redis subscribers
 * (RESP2 and RESP3), pattern and sharded subscriptions, keyspace notifications, and tracking
 * invalidations while a node-redis client writes.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startServer, type CinderServer } from '../../src/index.js';
import { RawClient } from '../helpers/oracle.js';

let srv: CinderServer;
before(async () => {
  srv = await startServer({ port: 0 });
});
after(async () => {
  await srv.close();
});

function waitFor<T>(fn: (resolve: (v: T) => void) => void, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timed out')), ms);
    fn((v) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}

test('ioredis: subscribe, psubscribe, keyspace notifications', async () => {
  const sub = new Redis({ port: srv.port, host: '127.0.0.1', lazyConnect: true });
  const pub = new Redis({ port: srv.port, host: '127.0.0.1', lazyConnect: true });
  await sub.connect();
  await pub.connect();
  try {
    assert.equal(await sub.subscribe('news', 'sport'), 2);
    assert.equal(await sub.psubscribe('n*'), 3);
    const got: string[] = [];
    sub.on('message', (ch: string, msg: string) => got.push('message ' + ch + ' ' + msg));
    sub.on('pmessage', (p: string, ch: string, msg: string) => got.push('pmessage ' + p + ' ' + ch + ' ' + msg));
    assert.equal(await pub.publish('news', 'hello'), 2);
    assert.equal(await pub.publish('sport', 'goal'), 1);
    assert.equal(await pub.publish('none', 'x'), 1);
    await waitFor<void>((done) => {
      const check = (): void => (got.length >= 4 ? done() : void setTimeout(check, 5));
      check();
    });
    assert.deepEqual(got, ['message news hello', 'pmessage n* news hello', 'message sport goal', 'pmessage n* none x']);
    await pub.config('SET', 'notify-keyspace-events', 'KEA');
    const events: string[] = [];
    await sub.psubscribe('__keyevent@0__:*');
    sub.on('pmessage', (_p: string, ch: string, msg: string) => {
      if (ch.startsWith('__keyevent')) events.push(ch + ' ' + msg);
    });
    await pub.set('k', 'v');
    await pub.lpush('l', 'a');
    await pub.del('k');
    await waitFor<void>((done) => {
      const check = (): void => (events.length >= 3 ? done() : void setTimeout(check, 5));
      check();
    });
    assert.deepEqual(events, ['__keyevent@0__:set k', '__keyevent@0__:lpush l', '__keyevent@0__:del k']);
    await pub.config('SET', 'notify-keyspace-events', '');
  } finally {
    sub.disconnect();
    pub.disconnect();
  }
});

test('node-redis: RESP2 and RESP3 subscribers, sharded channels', async () => {
  for (const RESP of [2, 3] as const) {
    const pub = createClient({ url: 'redis://127.0.0.1:' + srv.port, RESP });
    const sub = pub.duplicate();
    await pub.connect();
    await sub.connect();
    try {
      const msg = waitFor<string>((done) => void sub.subscribe('chan', (m: string) => done(m)));
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(await pub.publish('chan', 'payload-' + RESP), 1);
      assert.equal(await msg, 'payload-' + RESP);
      const smsg = waitFor<string>((done) => void sub.sSubscribe('shard', (m: string) => done(m)));
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(await pub.sPublish('shard', 's-' + RESP), 1);
      assert.equal(await smsg, 's-' + RESP);
      assert.deepEqual(await pub.pubSubNumSub('chan'), { chan: 1 });
    } finally {
      await sub.quit();
      await pub.quit();
    }
  }
});

test('client-side caching over RESP3: invalidation pushes while node-redis writes', async () => {
  const writer = createClient({ url: 'redis://127.0.0.1:' + srv.port });
  await writer.connect();
  const rc = await RawClient.connect(srv.port);
  try {
    await rc.send('HELLO', '3');
    assert.equal(await rc.send('CLIENT', 'TRACKING', 'ON'), '+OK\r\n');
    await writer.set('cached', '1');
    assert.equal(await rc.send('GET', 'cached'), '$1\r\n1\r\n');
    await writer.set('cached', '2');
    assert.equal(await rc.readReply(), '>2\r\n$10\r\ninvalidate\r\n*1\r\n$6\r\ncached\r\n');
    await writer.flushAll();
    assert.equal(await rc.readReply(), '>2\r\n$10\r\ninvalidate\r\n_\r\n');
  } finally {
    rc.close();
    await writer.quit();
  }
});
