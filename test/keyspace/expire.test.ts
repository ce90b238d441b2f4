/**
 * Expiry: lazy (on access) and active (the cron's activeExpireCycle), the exact int64
 * expire times, the LFU/LRU helpers, and the keyspace bookkeeping around them.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type CinderServer } from '../../src/index.js';
import { RawClient, encodeCommand, startOracle } from '../helpers/oracle.js';
import { lfuDecrAndReturn, lfuLogIncr, lfuTimeInMinutes, estimateIdleSeconds, LRU_CLOCK_MAX } from '../../src/keyspace/db.js';
import { activeExpireCycle } from '../../src/keyspace/expire.js';

let srv: CinderServer;
before(async () => {
  srv = await startServer();
});
after(async () => {
  await srv.close();
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Adds `key` to db 0 with an expire time already in the past, without any cron in between. */
function addExpired(key: string, value = 'v'): void {
  const db = srv.server.db[0];
  db.setKey(null, key, value);
  db.setExpire(key, Date.now() - 10);
}

describe('active expiry', () => {
  test('10,000 keys with a short PX expire disappear without being accessed', async () => {
    srv.call('FLUSHALL');
    const before = srv.server.stats.expiredKeys;
    const cl = await RawClient.connect(srv.port);
    let pipe = '';
    const setAt = Date.now();
    for (let i = 0; i < 10000; i++) pipe += encodeCommand(['SET', 'k:' + i, 'v', 'PX', '100']);
    cl.write(pipe);
    for (let i = 0; i < 10000; i++) await cl.readReply();
    // Nothing accessed the keys: whatever is gone was reclaimed by the cron.
    assert.equal(srv.server.db[0].size + (srv.server.stats.expiredKeys - before), 10000);
    const t0 = setAt + 100;
    while (srv.server.db[0].size > 0 && Date.now() - t0 < 3000) await sleep(50);
    const took = Date.now() - t0;
    assert.equal(srv.server.db[0].size, 0, 'keys left after ' + took + ' ms');
    assert.ok(took < 2000, 'took ' + took + ' ms');
    assert.equal(srv.server.stats.expiredKeys - before, 10000);
    assert.equal(srv.server.db[0].expires.size, 0);
    cl.close();
  });

  test('only expired keys are reclaimed; keys with a live TTL and without TTL stay', () => {
    srv.call('FLUSHALL');
    const db = srv.server.db[0];
    const now = Date.now();
    for (let i = 0; i < 3000; i++) {
      db.setKey(null, 'dead:' + i, 'v');
      db.setExpire('dead:' + i, now - 1);
      db.setKey(null, 'live:' + i, 'v');
      db.setExpire('live:' + i, now + 3600_000);
      db.setKey(null, 'plain:' + i, 'v');
    }
    for (let i = 0; i < 200 && db.expires.size > 3000; i++) activeExpireCycle(srv.server, 10);
    assert.equal(db.expires.size, 3000);
    assert.equal(db.size, 6000);
    for (let i = 0; i < 3000; i++) {
      assert.equal(db.dict.has('dead:' + i), false);
      assert.equal(db.dict.has('live:' + i), true);
    }
    assert.ok(db.avgTtl > 3500_000 && db.avgTtl <= 3600_000, 'avg_ttl ' + db.avgTtl);
  });

  test('every db is visited', () => {
    srv.call('FLUSHALL');
    const now = Date.now();
    for (const db of srv.server.db) {
      for (let i = 0; i < 50; i++) {
        db.setKey(null, 'x' + i, 'v');
        db.setExpire('x' + i, now - 1);
      }
    }
    for (let i = 0; i < 10; i++) activeExpireCycle(srv.server, 10);
    for (const db of srv.server.db) assert.equal(db.size, 0, 'db ' + db.id);
  });

  test('the expired key fires the expired event and touches WATCHers', async () => {
    srv.call('FLUSHALL');
    const server = srv.server;
    const events: string[] = [];
    const prev = server.publishHook;
    server.config.setFromString(server.config.lookup('notify-keyspace-events')!, 'Ex', false);
    server.publishHook = (ch, msg) => events.push(ch + ' ' + msg);
    try {
      addExpired('gone');
      activeExpireCycle(server, 10);
      assert.deepEqual(events, ['__keyevent@0__:expired gone']);
    } finally {
      server.publishHook = prev;
      server.config.setFromString(server.config.lookup('notify-keyspace-events')!, '', false);
    }
  });
});

describe('lazy expiry: a key whose TTL has passed is never returned', () => {
  const reads: Array<[string[], unknown]> = [
    [['GET', 'k'], null],
    [['EXISTS', 'k'], 0],
    [['TYPE', 'k'], 'none'],
    [['TTL', 'k'], -2],
    [['PTTL', 'k'], -2],
    [['EXPIRETIME', 'k'], -2],
    [['PEXPIRETIME', 'k'], -2],
    [['TOUCH', 'k'], 0],
    [['PERSIST', 'k'], 0],
    [['EXPIRE', 'k', '100'], 0],
    [['OBJECT', 'ENCODING', 'k'], null],
    [['OBJECT', 'REFCOUNT', 'k'], null],
    [['KEYS', '*'], []],
    [['KEYS', 'k'], []],
    [['SCAN', '0'], ['0', []]],
    [['RANDOMKEY'], null],
    [['MOVE', 'k', '1'], 0],
    [['COPY', 'k', 'k2'], 0],
    [['RENAMENX', 'k', 'k2'], null],
    [['DEL', 'k'], 0],
    [['UNLINK', 'k'], 0],
  ];
  for (const [cmd, expected] of reads) {
    test(cmd.join(' '), () => {
      srv.call('FLUSHALL');
      addExpired('k');
      const before = srv.server.stats.expiredKeys;
      const r = srv.call(...cmd);
      if (cmd[0] === 'RENAMENX') assert.equal((r as Error).message, 'ERR no such key');
      else assert.deepEqual(r, expected);
      if (cmd[0] !== 'KEYS') {
        // Every access but KEYS reclaims the key at once (KEYS only skips it).
        assert.equal(srv.server.db[0].dict.has('k'), false);
        assert.equal(srv.server.stats.expiredKeys - before, 1);
      }
    });
  }

  test('RANDOMKEY skips expired keys and deletes them on the way', () => {
    srv.call('FLUSHALL');
    for (let i = 0; i < 50; i++) addExpired('dead' + i);
    srv.call('SET', 'alive', '1');
    for (let i = 0; i < 20; i++) assert.equal(srv.call('RANDOMKEY'), 'alive');
  });

  test('SET ... KEEPTTL on a logically expired key does not keep the old TTL', () => {
    srv.call('FLUSHALL');
    addExpired('k');
    const db = srv.server.db[0];
    db.setKey(null, 'k', 'new', true);
    assert.equal(db.getExpire('k'), -1);
    assert.equal(srv.call('GET', 'k'), 'new');
  });

  test('SCAN with TYPE and MATCH filters never return expired keys', () => {
    srv.call('FLUSHALL');
    for (let i = 0; i < 30; i++) addExpired('d' + i);
    for (let i = 0; i < 30; i++) srv.call('SET', 'l' + i, '1');
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, keys] = srv.call('SCAN', cursor, 'COUNT', '7', 'TYPE', 'string') as [string, string[]];
      for (const k of keys) seen.add(k);
      cursor = next;
    } while (cursor !== '0');
    assert.equal(seen.size, 30);
    for (const k of seen) assert.ok(k.startsWith('l'));
  });

  test('matches the real server on a key that expires between commands', async () => {
    const oracle = await startOracle();
    try {
      const out: string[][] = [];
      for (const port of [oracle.port, srv.port]) {
        const cl = await RawClient.connect(port);
        await cl.send('FLUSHALL');
        await cl.send('SET', 'k', 'v', 'PX', '30');
        const r: string[] = [await cl.send('GET', 'k'), await cl.send('EXISTS', 'k')];
        await sleep(60);
        r.push(await cl.send('GET', 'k'), await cl.send('EXISTS', 'k'), await cl.send('TTL', 'k'), await cl.send('DBSIZE'));
        out.push(r);
        cl.close();
      }
      assert.deepEqual(out[1], out[0]);
    } finally {
      await oracle.stop();
    }
  });
});

describe('exact int64 expire times', () => {
  test('values beyond 2^53 read back exactly and survive RENAME/COPY/MOVE/SWAPDB', () => {
    srv.call('FLUSHALL');
    srv.call('SET', 'a', '1');
    assert.equal(srv.call('PEXPIREAT', 'a', '9223372036854775807'), 1);
    assert.equal(srv.call('PEXPIRETIME', 'a'), 9223372036854775807n);
    srv.call('RENAME', 'a', 'b');
    srv.call('COPY', 'b', 'c');
    srv.call('MOVE', 'c', '1');
    srv.call('SWAPDB', '0', '1');
    assert.equal(srv.call('PEXPIRETIME', 'c'), 9223372036854775807n);
    srv.call('SWAPDB', '0', '1');
    assert.equal(srv.call('PEXPIRETIME', 'b'), 9223372036854775807n);
    // A later small TTL replaces the exact one.
    srv.call('PEXPIREAT', 'b', '4102444800000');
    assert.equal(srv.call('PEXPIRETIME', 'b'), 4102444800000);
    srv.call('PEXPIREAT', 'b', '9007199254740993');
    srv.call('PERSIST', 'b');
    assert.equal(srv.call('PEXPIRETIME', 'b'), -1);
  });

  test('a stale exact entry left by a flush is ignored', () => {
    srv.call('FLUSHALL');
    srv.call('SET', 'a', '1');
    srv.call('PEXPIREAT', 'a', '9007199254740993');
    srv.call('FLUSHALL');
    srv.call('SET', 'a', '1');
    srv.call('PEXPIREAT', 'a', '4102444800000');
    assert.equal(srv.call('PEXPIRETIME', 'a'), 4102444800000);
  });
});

describe('LRU and LFU helpers (Redis evict.c / object.c)', () => {
  test('lfuLogIncr: always from the initial value, saturates at 255, rarer as it grows', () => {
    for (let i = 0; i < 100; i++) assert.equal(lfuLogIncr(5, 10), 6);
    for (let i = 0; i < 100; i++) assert.equal(lfuLogIncr(0, 10), 1);
    assert.equal(lfuLogIncr(255, 10), 255);
    let c = 5;
    for (let i = 0; i < 1000; i++) c = lfuLogIncr(c, 10);
    // Redis's table (redis.conf): factor 10 reaches about 18 after 1k hits.
    assert.ok(c >= 12 && c <= 25, 'counter ' + c);
    assert.equal(lfuLogIncr(100, 0), 101);
  });

  test('lfuDecrAndReturn: one decrement per lfu-decay-time minutes, never below 0', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const minutes = lfuTimeInMinutes(now);
    assert.equal(lfuDecrAndReturn((minutes << 8) | 20, 1, now), 20);
    assert.equal(lfuDecrAndReturn(((minutes - 3) << 8) | 20, 1, now), 17);
    assert.equal(lfuDecrAndReturn(((minutes - 3) << 8) | 20, 2, now), 19);
    assert.equal(lfuDecrAndReturn(((minutes - 30) << 8) | 20, 1, now), 0);
    assert.equal(lfuDecrAndReturn(((minutes - 30) << 8) | 20, 0, now), 20);
  });

  test('the 16-bit minute clock wraps', () => {
    const now = 65536 * 60000 + 2 * 60000; // minute 2 after a wrap
    assert.equal(lfuTimeInMinutes(now), 2);
    // Last access at minute 65534: 65535 - 65534 + 2 = 3 minutes elapsed.
    assert.equal(lfuDecrAndReturn((65534 << 8) | 10, 1, now), 7);
  });

  test('estimateIdleSeconds handles the 24-bit LRU clock wrap', () => {
    assert.equal(estimateIdleSeconds(100, 150), 50);
    assert.equal(estimateIdleSeconds(LRU_CLOCK_MAX - 5, 10), 15);
  });

  test('OBJECT IDLETIME grows with the LRU clock and resets on access', () => {
    srv.call('FLUSHALL');
    srv.call('SET', 'k', 'v');
    const db = srv.server.db[0];
    db.setLru('k', (srv.server.lruClock - 42) & LRU_CLOCK_MAX);
    assert.equal(srv.call('OBJECT', 'IDLETIME', 'k'), 42);
    srv.call('TYPE', 'k');
    srv.call('EXISTS', 'k');
    assert.equal(srv.call('OBJECT', 'IDLETIME', 'k'), 42, 'TYPE/EXISTS do not touch');
    srv.call('GET', 'k');
    assert.equal(srv.call('OBJECT', 'IDLETIME', 'k'), 0);
    db.setLru('k', (srv.server.lruClock - 42) & LRU_CLOCK_MAX);
    // RENAME's lookupKeyWrite touches the source; the object keeps that clock under its new name.
    srv.call('RENAME', 'k', 'k2');
    assert.equal(srv.call('OBJECT', 'IDLETIME', 'k2'), 0);
  });
});

describe('CLIENT NO-TOUCH (7.2)', () => {
  // Redis 7.2 db.c lookupKey: a NO-TOUCH client does not update the access clock, except
  // with TOUCH itself. Not in the 7.0.15 oracle, so asserted here.
  test('reads do not touch, TOUCH does', async () => {
    srv.call('FLUSHALL');
    srv.call('SET', 'k', 'v');
    const db = srv.server.db[0];
    const cl = await RawClient.connect(srv.port);
    assert.equal(await cl.send('CLIENT', 'NO-TOUCH', 'ON'), '+OK\r\n');
    db.setLru('k', (srv.server.lruClock - 42) & LRU_CLOCK_MAX);
    await cl.send('GET', 'k');
    assert.equal(await cl.send('OBJECT', 'IDLETIME', 'k'), ':42\r\n');
    assert.equal(await cl.send('TOUCH', 'k'), ':1\r\n');
    assert.equal(await cl.send('OBJECT', 'IDLETIME', 'k'), ':0\r\n');
    cl.close();
  });
});

describe('CLIENT PAUSE pauses expiry', () => {
  test('an expired key reads as missing but stays until the pause ends', async () => {
    const oracle = await startOracle();
    try {
      const out: string[][] = [];
      for (const port of [oracle.port, srv.port]) {
        const cl = await RawClient.connect(port);
        await cl.send('FLUSHALL');
        const r: string[] = [];
        r.push(await cl.send('SET', 'k', 'v', 'PX', '5'));
        r.push(await cl.send('CLIENT', 'PAUSE', '400', 'WRITE'));
        await sleep(150);
        r.push(await cl.send('GET', 'k'), await cl.send('EXISTS', 'k'), await cl.send('TTL', 'k'), await cl.send('DBSIZE'));
        await sleep(600);
        r.push(await cl.send('DBSIZE'));
        out.push(r);
        cl.close();
      }
      assert.deepEqual(out[1], out[0]);
      assert.deepEqual(out[0].slice(2), ['$-1\r\n', ':0\r\n', ':-2\r\n', ':1\r\n', ':0\r\n']);
    } finally {
      await oracle.stop();
    }
  });
});
