/**
 * Set commands against the redis-server oracle (7.0.15), RESP2 and RESP3.
 *
 * 7.0 vs 7.2: small sets of non-integers are "listpack" in 7.2 (insertion order) but
 * "hashtable" in 7.0 (dict order), so replies listing set members are compared after sorting
 * their elements (order-insensitive); the 7.2 listpack order and encodings are asserted
 * explicitly against Cinder (Redis 7.2 t_set.c setTypeCreate / setTypeAdd).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, RawClient, type Pair } from '../helpers/oracle.js';
import type { RedisObject } from '../../src/keyspace/object.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

/** Splits a flat aggregate reply of bulk strings into [header, items]. */
function splitBulks(raw: string): [string, string[]] | null {
  const eol = raw.indexOf('\r\n');
  const t = raw[0];
  if (t !== '*' && t !== '~') return null;
  const n = parseInt(raw.slice(1, eol), 10);
  const items: string[] = [];
  let p = eol + 2;
  for (let i = 0; i < n; i++) {
    if (raw[p] !== '$') return null;
    const e = raw.indexOf('\r\n', p);
    const len = parseInt(raw.slice(p + 1, e), 10);
    items.push(raw.slice(e + 2, e + 2 + len));
    p = e + 2 + len + 2;
  }
  if (p !== raw.length) return null;
  return [raw.slice(0, eol + 2), items];
}

/** Sorts the members of set-valued replies (and the element list of an SSCAN reply). */
export function unordered(raw: string, argv: readonly string[]): string {
  const name = argv[0].toLowerCase();
  if (name === 'sscan' && raw.startsWith('*2\r\n')) {
    const e = raw.indexOf('\r\n', 4);
    const len = parseInt(raw.slice(5, e), 10);
    const head = raw.slice(0, e + 2 + len + 2);
    return head + unordered(raw.slice(head.length), ['smembers']);
  }
  const s = splitBulks(raw);
  if (s === null) return raw;
  return s[0] + s[1].sort().map((x) => '$' + x.length + '\r\n' + x + '\r\n').join('');
}

function enc(key: string): string {
  const v = pair.cinder.server.db[0].dict.get(key);
  return v === undefined ? 'none' : (v as RedisObject).encoding();
}

async function cinderRun(cmds: string[][]): Promise<string[]> {
  const c = await RawClient.connect(pair.cinder.port);
  const out: string[] = [];
  await c.send('FLUSHALL');
  for (const a of cmds) out.push(await c.send(...a));
  c.close();
  return out;
}

const check = (cmds: string[][]) => pair.check(cmds, { normalize: unordered });

test('SADD / SCARD / SISMEMBER / SMISMEMBER / SMEMBERS', async () => {
  await check([
    ['SADD', 's', '1', '2', '3', '2'],
    ['SCARD', 's'],
    ['SMEMBERS', 's'],
    ['SISMEMBER', 's', '2'],
    ['SISMEMBER', 's', '02'],
    ['SISMEMBER', 'nokey', '2'],
    ['SMISMEMBER', 's', '1', 'x', '3'],
    ['SMISMEMBER', 'nokey', '1'],
    ['SADD', 's', 'a', 'b'],
    ['SMEMBERS', 's'],
    ['SCARD', 'nokey'],
    ['SMEMBERS', 'nokey'],
    ['SET', 'str', 'x'],
    ['SADD', 'str', 'a'],
    ['SCARD', 'str'],
    ['SMEMBERS', 'str'],
    ['SISMEMBER', 'str', 'a'],
    ['SMISMEMBER', 'str', 'a'],
    ['SADD', 's'],
    ['SMISMEMBER', 's'],
  ]);
});

test('intset keeps numeric order, big and negative ints', async () => {
  await pair.check([
    ['SADD', 's', '10', '-5', '9223372036854775807', '-9223372036854775808', '3', '0', '9007199254740993', '9007199254740992'],
    ['SMEMBERS', 's'],
    ['SREM', 's', '9007199254740993', '-0', '00'],
    ['SMEMBERS', 's'],
    ['SADD', 's', '9223372036854775808'],
    ['SCARD', 's'],
    ['SISMEMBER', 's', '9223372036854775807'],
  ]);
});

test('SREM deletes emptied keys; SMOVE', async () => {
  await check([
    ['SADD', 's', 'a', 'b'],
    ['SREM', 's', 'a', 'x'],
    ['SREM', 's', 'b', 'a'],
    ['EXISTS', 's'],
    ['SREM', 'nokey', 'a'],
    ['SADD', 'a', '1', '2'],
    ['SADD', 'b', 'x'],
    ['SMOVE', 'a', 'b', '1'],
    ['SMOVE', 'a', 'b', '1'],
    ['SMOVE', 'a', 'c', '2'],
    ['EXISTS', 'a'],
    ['SMEMBERS', 'b'],
    ['SMEMBERS', 'c'],
    ['SMOVE', 'nokey', 'b', 'x'],
    ['SMOVE', 'b', 'b', 'x'],
    ['SMOVE', 'b', 'b', 'zz'],
    ['SET', 'str', 'v'],
    ['SMOVE', 'str', 'b', 'x'],
    ['SMOVE', 'b', 'str', 'x'],
    ['SMOVE', 'nokey', 'str', 'x'],
    ['SMEMBERS', 'b'],
  ]);
});

test('SINTER / SUNION / SDIFF and STORE forms', async () => {
  const setup = [
    ['SADD', 'a', '1', '2', '3', '4', 'x', 'y'],
    ['SADD', 'b', '2', '3', 'x', 'z'],
    ['SADD', 'c', '3', 'x', 'q'],
    ['SADD', 'i1', '1', '2', '3'],
    ['SADD', 'i2', '2', '3', '4'],
    ['SET', 'str', 'v'],
  ];
  await check([
    ...setup,
    ['SINTER', 'a', 'b', 'c'],
    ['SINTER', 'a', 'b', 'nokey'],
    ['SINTER', 'i1', 'i2'],
    ['SINTER', 'a'],
    ['SINTER', 'a', 'a'],
    ['SINTER', 'a', 'str'],
    ['SINTER', 'nokey', 'str'],
    ['SUNION', 'a', 'b', 'c', 'nokey'],
    ['SUNION', 'i1', 'i2'],
    ['SUNION', 'nokey'],
    ['SUNION', 'a', 'str'],
    ['SDIFF', 'a', 'b', 'c'],
    ['SDIFF', 'a', 'a'],
    ['SDIFF', 'a', 'nokey', 'b'],
    ['SDIFF', 'nokey', 'a'],
    ['SDIFF', 'i1', 'i2'],
    ['SDIFF', 'i1', 'str'],
    ['SINTERSTORE', 'd', 'a', 'b'],
    ['SMEMBERS', 'd'],
    ['SINTERSTORE', 'd', 'a', 'nokey'],
    ['EXISTS', 'd'],
    ['SINTERSTORE', 'd', 'i1', 'i2'],
    ['SMEMBERS', 'd'],
    ['SUNIONSTORE', 'd', 'i1', 'i2'],
    ['SMEMBERS', 'd'],
    ['SUNIONSTORE', 'd', 'nokey'],
    ['EXISTS', 'd'],
    ['SDIFFSTORE', 'd', 'a', 'b'],
    ['SMEMBERS', 'd'],
    ['SDIFFSTORE', 'd', 'a', 'a'],
    ['EXISTS', 'd'],
    ['SDIFFSTORE', 'str', 'a', 'b'],
    ['TYPE', 'str'],
    ['SINTERSTORE', 'd', 'a', 'str'],
    ['SUNIONSTORE', 'a', 'a', 'b'],
    ['SCARD', 'a'],
  ]);
});

test('SINTERCARD', async () => {
  await check([
    ['SADD', 'a', '1', '2', '3', 'x'],
    ['SADD', 'b', '2', '3', 'x', 'y'],
    ['SINTERCARD', '2', 'a', 'b'],
    ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '2'],
    ['SINTERCARD', '2', 'a', 'b', 'limit', '0'],
    ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '10'],
    ['SINTERCARD', '1', 'a'],
    ['SINTERCARD', '2', 'a', 'nokey'],
    ['SINTERCARD', '0', 'a'],
    ['SINTERCARD', '-1', 'a'],
    ['SINTERCARD', 'x', 'a'],
    ['SINTERCARD', '3', 'a', 'b'],
    ['SINTERCARD', '2', 'a', 'b', 'LIMIT'],
    ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '-1'],
    ['SINTERCARD', '2', 'a', 'b', 'LIMIT', 'x'],
    ['SINTERCARD', '2', 'a', 'b', 'FOO', '1'],
    ['SET', 'str', 'v'],
    ['SINTERCARD', '2', 'a', 'str'],
  ]);
});

test('SPOP / SRANDMEMBER errors and deterministic cases', async () => {
  await check([
    ['SADD', 's', '1', '2', '3'],
    ['SPOP', 's', '0'],
    ['SPOP', 's', '-1'],
    ['SPOP', 's', 'x'],
    ['SPOP', 's', '1', '2'],
    ['SPOP', 'nokey'],
    ['SPOP', 'nokey', '3'],
    ['SRANDMEMBER', 'nokey'],
    ['SRANDMEMBER', 'nokey', '3'],
    ['SRANDMEMBER', 'nokey', '-3'],
    ['SRANDMEMBER', 's', '0'],
    ['SRANDMEMBER', 's', '10'],
    ['SRANDMEMBER', 's', '3'],
    ['SRANDMEMBER', 's', 'x'],
    ['SRANDMEMBER', 's', '-9223372036854775808'],
    ['SRANDMEMBER', 's', '1', '2'],
    ['SPOP', 's', '10'],
    ['EXISTS', 's'],
    ['SET', 'str', 'v'],
    ['SPOP', 'str'],
    ['SPOP', 'str', '2'],
    ['SRANDMEMBER', 'str'],
    ['SRANDMEMBER', 'str', '2'],
    ['SPOP', 'str', '-1'],
  ]);
});

test('SPOP / SRANDMEMBER random cases keep invariants', async () => {
  const members = Array.from({ length: 50 }, (_, i) => 'm' + i);
  for (const n of [5, 50]) {
    const ms = members.slice(0, n);
    for (const count of [1, 2, Math.floor(n / 2), n - 1]) {
      const r = await cinderRun([['SADD', 's', ...ms], ['SPOP', 's', String(count)], ['SMEMBERS', 's']]);
      const popped = splitBulks(r[1])![1];
      const rest = splitBulks(r[2])![1];
      assert.equal(popped.length, count);
      assert.deepEqual([...popped, ...rest].sort(), ms.slice().sort());
    }
    const r = await cinderRun([['SADD', 's', ...ms], ['SRANDMEMBER', 's', '-100'], ['SRANDMEMBER', 's', String(n - 1)], ['SPOP', 's'], ['SCARD', 's']]);
    const rnd = splitBulks(r[1])![1];
    assert.equal(rnd.length, 100);
    for (const m of rnd) assert.ok(ms.includes(m));
    const uniq = splitBulks(r[2])![1];
    assert.equal(new Set(uniq).size, n - 1);
    assert.equal(r[4], ':' + (n - 1) + '\r\n');
  }
});

test('SSCAN', async () => {
  const many = Array.from({ length: 300 }, (_, i) => 'k' + i);
  await check([
    ['SADD', 's', '1', '2', '3', 'ab', 'ac', 'b'],
    ['SSCAN', 's', '0'],
    ['SSCAN', 's', '0', 'MATCH', 'a*'],
    ['SSCAN', 's', '0', 'COUNT', '0'],
    ['SSCAN', 's', '0', 'COUNT', 'x'],
    ['SSCAN', 's', '0', 'MATCH'],
    ['SSCAN', 's', '0', 'TYPE', 'string'],
    ['SSCAN', 's', 'x'],
    ['SSCAN', 'i', '-1'],
    ['SSCAN', 'nokey', '0'],
    ['SSCAN', 'nokey', 'x'],
    ['SADD', 'i', '1', '2', '3'],
    ['SSCAN', 'i', '0', 'MATCH', '1'],
    ['SSCAN', 'i', '0', 'COUNT', '1', 'MATCH', '*'],
    ['SSCAN', 'i', '7', 'COUNT', '1'],
    ['SET', 'str', 'v'],
    ['SSCAN', 'str', '0'],
  ]);
  // hashtable: a full iteration returns every member.
  const c = await RawClient.connect(pair.cinder.port);
  await c.send('FLUSHALL');
  await c.send('SADD', 'big', ...many);
  const seen = new Set<string>();
  let cursor = '0';
  do {
    const r = await c.send('SSCAN', 'big', cursor, 'COUNT', '20');
    const e = r.indexOf('\r\n', 4);
    const len = parseInt(r.slice(5, e), 10);
    cursor = r.slice(e + 2, e + 2 + len);
    for (const m of splitBulks(r.slice(e + 2 + len + 2))![1]) seen.add(m);
  } while (cursor !== '0');
  c.close();
  assert.equal(seen.size, 300);
});

test('7.2 encodings: intset, listpack (insertion order), hashtable and conversions', async () => {
  // Redis 7.2 t_set.c: setTypeCreate picks intset for an integer first member, else listpack
  // up to set-max-listpack-entries (128) members of <= set-max-listpack-value (64) bytes.
  let r = await cinderRun([['SADD', 'i', '3', '1', '2'], ['SADD', 'l', 'c', 'a', 'b'], ['SMEMBERS', 'l'], ['SADD', 'i', 'x'], ['SMEMBERS', 'i']]);
  assert.equal(enc('l'), 'listpack');
  assert.equal(r[2], '*3\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n');
  // intset -> listpack when a string is added: intset order, then the new member.
  assert.equal(enc('i'), 'listpack');
  assert.equal(r[4], '*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\nx\r\n');
  r = await cinderRun([['SADD', 'l', 'a', 'b', 'c'], ['SREM', 'l', 'b'], ['SADD', 'l', 'b'], ['SMEMBERS', 'l']]);
  assert.equal(r[3], '*3\r\n$1\r\na\r\n$1\r\nc\r\n$1\r\nb\r\n');
  await cinderRun([['SADD', 'l', 'a', 'x'.repeat(65)]]);
  assert.equal(enc('l'), 'hashtable');
  await cinderRun([['SADD', 'l', ...Array.from({ length: 129 }, (_, i) => 'm' + i)]]);
  assert.equal(enc('l'), 'hashtable');
  await cinderRun([['SADD', 'l', ...Array.from({ length: 128 }, (_, i) => 'm' + i)]]);
  assert.equal(enc('l'), 'listpack');
  await cinderRun([['SADD', 'i', ...Array.from({ length: 512 }, (_, i) => String(i))]]);
  assert.equal(enc('i'), 'intset');
  await cinderRun([['SADD', 'i', ...Array.from({ length: 513 }, (_, i) => String(i))]]);
  assert.equal(enc('i'), 'hashtable');
  // 200 integers then a string: intset too large for listpack -> hashtable.
  await cinderRun([['SADD', 'i', ...Array.from({ length: 200 }, (_, i) => String(i))], ['SADD', 'i', 'x']]);
  assert.equal(enc('i'), 'hashtable');
  // SUNIONSTORE of listpacks stores a listpack in addition order.
  r = await cinderRun([['SADD', 'a', 'z', 'y'], ['SADD', 'b', 'y', 'w', '1'], ['SUNIONSTORE', 'd', 'a', 'b'], ['SMEMBERS', 'd']]);
  assert.equal(enc('d'), 'listpack');
  assert.equal(r[3], '*4\r\n$1\r\nz\r\n$1\r\ny\r\n$1\r\nw\r\n$1\r\n1\r\n');
  await cinderRun([['SADD', 'a', '5', '1'], ['SADD', 'b', '1', '7'], ['SUNIONSTORE', 'd', 'a', 'b']]);
  assert.equal(enc('d'), 'intset');
});

test('the oracle agrees on intset encodings and hashtable for large sets', async () => {
  // Only the parts 7.0 and 7.2 share: intset, and hashtable past the listpack limits.
  const r = await pair.run([['SADD', 'i', '1', '2'], ['OBJECT', 'ENCODING', 'i']]);
  assert.equal(r[0][1], '$6\r\nintset\r\n');
  await cinderRun([['SADD', 'i', '1', '2']]);
  assert.equal(enc('i'), 'intset');
});

test('property: random set command sequences match the oracle', async () => {
  await setProperty(pair, Number(process.env.SET_RUNS ?? 60), Number(process.env.SET_SEED ?? 7202));
});

test('property: same with tiny intset/listpack limits (encoding conversions everywhere)', async () => {
  // set-max-listpack-* do not exist in 7.0: they are given to Cinder only.
  const small = await startPair({ 'set-max-intset-entries': '3' }, { config: { 'set-max-listpack-entries': '3', 'set-max-listpack-value': '4' } });
  try {
    await setProperty(small, Number(process.env.SET_RUNS ?? 60), Number(process.env.SET_SEED ?? 7206));
  } finally {
    await small.stop();
  }
});

async function setProperty(pair: Pair, numRuns: number, seed: number): Promise<void> {
  const fc = (await import('fast-check')).default;
  const key = fc.constantFrom('s1', 's2', 's3', 'str');
  const member = fc.constantFrom('1', '2', '3', '10', '-5', '007', 'a', 'b', 'c', 'dd', 'x'.repeat(70));
  const members = fc.array(member, { minLength: 1, maxLength: 6 });
  const keys = fc.array(key, { minLength: 1, maxLength: 3 });
  const cmd = fc.oneof(
    fc.tuple(key, members).map(([k, m]) => ['SADD', k, ...m]),
    fc.tuple(key, members).map(([k, m]) => ['SADD', k, ...m]),
    fc.tuple(key, members).map(([k, m]) => ['SREM', k, ...m]),
    fc.tuple(key, member).map(([k, m]) => ['SISMEMBER', k, m]),
    fc.tuple(key, members).map(([k, m]) => ['SMISMEMBER', k, ...m]),
    key.map((k) => ['SCARD', k]),
    key.map((k) => ['SMEMBERS', k]),
    fc.tuple(key, key, member).map(([a, b, m]) => ['SMOVE', a, b, m]),
    keys.map((k) => ['SINTER', ...k]),
    keys.map((k) => ['SUNION', ...k]),
    keys.map((k) => ['SDIFF', ...k]),
    fc.tuple(keys, fc.constantFrom('0', '1', '2')).map(([k, l]) => ['SINTERCARD', String(k.length), ...k, 'LIMIT', l]),
    fc.tuple(key, keys).map(([d, k]) => ['SINTERSTORE', d, ...k]),
    fc.tuple(key, keys).map(([d, k]) => ['SUNIONSTORE', d, ...k]),
    fc.tuple(key, keys).map(([d, k]) => ['SDIFFSTORE', d, ...k]),
    key.map((k) => ['SPOP', k, '100']),
    fc.tuple(key, fc.constantFrom('100', '-3', '0')).map(([k, n]) => ['SRANDMEMBER', k, n]),
  );
  const normalize = (raw: string, argv: readonly string[]): string => {
    if (argv[0] === 'SRANDMEMBER' && argv[2] !== '100') return raw.split('\r\n')[0];
    return unordered(raw, argv);
  };
  await fc.assert(
    fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 30 }), async (cmds) => {
      await pair.check([['SET', 'str', 'v'], ...cmds], { normalize });
    }),
    { numRuns, seed },
  );
}

// Keyspace notifications of the set, zset and sort families: same events, names and order.
async function events(port: number, cmds: string[][]): Promise<string[]> {
  const sub = await RawClient.connect(port);
  const c = await RawClient.connect(port);
  await c.send('FLUSHALL');
  await c.send('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
  await sub.send('PSUBSCRIBE', '__keyevent@0__:*');
  for (const a of cmds) await c.send(...a);
  await c.send('SET', 'sentinel', '1');
  const out: string[] = [];
  for (;;) {
    const r = await sub.readReply();
    const parts = r.split('\r\n');
    const ev = parts[6] + ' ' + parts[8];
    if (ev === '__keyevent@0__:set sentinel') break;
    out.push(ev);
  }
  await c.send('CONFIG', 'SET', 'notify-keyspace-events', '');
  sub.close();
  c.close();
  return out;
}

test('set, zset and sort commands fire the same events as Redis', async () => {
  const cmds = [
    ['SADD', 's', 'a', 'b', 'c'],
    ['SADD', 's', 'a'],
    ['SREM', 's', 'a', 'zz'],
    ['SMOVE', 's', 't', 'b'],
    ['SMOVE', 's', 't', 'c'],
    ['SADD', 'u', '1', '2'],
    ['SINTERSTORE', 'd', 't', 'u'],
    ['SUNIONSTORE', 'd', 't', 'u'],
    ['SDIFFSTORE', 'd', 't', 'nokey'],
    ['SPOP', 'u', '5'],
    ['SADD', 'u', '1'],
    ['SPOP', 'u'],
    ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
    ['ZADD', 'z', 'NX', '5', 'a'],
    ['ZINCRBY', 'z', '1', 'a'],
    ['ZREM', 'z', 'a'],
    ['ZREMRANGEBYRANK', 'z', '0', '0'],
    ['ZREMRANGEBYSCORE', 'z', '3', '3'],
    ['ZADD', 'z', '0', 'x', '0', 'y'],
    ['ZREMRANGEBYLEX', 'z', '[x', '[x'],
    ['ZPOPMIN', 'z'],
    ['ZPOPMAX', 'z', '5'],
    ['ZADD', 'z', '1', 'a', '2', 'b'],
    ['ZUNIONSTORE', 'zd', '1', 'z'],
    ['ZINTERSTORE', 'zd', '2', 'z', 'nokey'],
    ['ZDIFFSTORE', 'zd', '1', 'z'],
    ['ZRANGESTORE', 'zr', 'z', '0', '0'],
    ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '10'],
    ['RPUSH', 'l', '3', '1', '2'],
    ['SORT', 'l', 'STORE', 'sorted'],
    ['SORT', 'nokey', 'STORE', 'sorted'],
  ];
  const a = await events(pair.oracle.port, cmds);
  const b = await events(pair.cinder.port, cmds);
  assert.deepEqual(b, a);
});
