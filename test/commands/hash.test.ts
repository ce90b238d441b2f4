/**
 * Hash commands against the oracle (redis-server), byte for byte in RESP2 and RESP3, while
 * hashes are listpack-encoded (insertion order, identical to Redis); hashtable-encoded
 * replies are compared order-insensitively.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../helpers/fc-seed.js';
import { startPair, RawClient, type Pair } from '../helpers/oracle.js';
import { eventsOf } from '../helpers/trace.js';
import { decodeReply } from '../../src/protocol/reply-parser.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

test('HSET/HMSET/HSETNX/HGET/HMGET/HLEN/HEXISTS/HSTRLEN', async () => {
  await pair.check([
    ['HSET', 'h', 'a', '1', 'b', '2'],
    ['HSET', 'h', 'a', '10', 'c', '3'],
    ['HSET', 'h', 'a'],
    ['HSET', 'h', 'a', '1', 'b'],
    ['HMSET', 'h', 'd', '4'],
    ['HMSET', 'h', 'd'],
    ['HSETNX', 'h', 'a', 'x'],
    ['HSETNX', 'h', 'e', 'x'],
    ['HSETNX', 'n', 'e', 'x'],
    ['HGET', 'h', 'a'],
    ['HGET', 'h', 'zz'],
    ['HGET', 'nokey', 'a'],
    ['HMGET', 'h', 'a', 'zz', 'c'],
    ['HMGET', 'nokey', 'a', 'b'],
    ['HLEN', 'h'],
    ['HLEN', 'nokey'],
    ['HEXISTS', 'h', 'a'],
    ['HEXISTS', 'h', 'zz'],
    ['HEXISTS', 'nokey', 'a'],
    ['HSTRLEN', 'h', 'a'],
    ['HSTRLEN', 'h', 'zz'],
    ['HSTRLEN', 'nokey', 'a'],
    ['HGETALL', 'h'],
    ['SET', 's', 'v'],
    ['HSET', 's', 'a', '1'],
    ['HSET', 's', 'a'],
    ['HMSET', 's', 'a', '1'],
    ['HSETNX', 's', 'a', '1'],
    ['HGET', 's', 'a'],
    ['HMGET', 's', 'a'],
    ['HLEN', 's'],
    ['HEXISTS', 's', 'a'],
    ['HSTRLEN', 's', 'a'],
  ]);
});

test('HDEL, HKEYS, HVALS, HGETALL (map in RESP3), empty hash deleted', async () => {
  await pair.check([
    ['HSET', 'h', 'f1', 'v1', 'f2', 'v2', 'f3', 'v3', 'f4', 'v4'],
    ['HDEL', 'h', 'f2', 'nope', 'f2'],
    ['HKEYS', 'h'],
    ['HVALS', 'h'],
    ['HGETALL', 'h'],
    ['HSET', 'h', 'f2', 'again', 'f1', 'upd'],
    ['HGETALL', 'h'],
    ['HDEL', 'h', 'f1', 'f2', 'f3', 'f4', 'f5'],
    ['EXISTS', 'h'],
    ['HDEL', 'h', 'f1'],
    ['HKEYS', 'nokey'],
    ['HVALS', 'nokey'],
    ['HGETALL', 'nokey'],
    ['SET', 's', 'v'],
    ['HDEL', 's', 'a'],
    ['HKEYS', 's'],
    ['HVALS', 's'],
    ['HGETALL', 's'],
  ]);
});

test('HINCRBY', async () => {
  await pair.check([
    ['HINCRBY', 'h', 'a', '5'],
    ['HINCRBY', 'h', 'a', '-10'],
    ['HINCRBY', 'h', 'a', 'x'],
    ['HINCRBY', 'h', 'a', '1.5'],
    ['HINCRBY', 'h', 'a', '9223372036854775808'],
    ['HSET', 'h', 'b', 'abc', 'c', '007', 'd', ' 1', 'm', '9223372036854775807', 'n', '-9223372036854775808'],
    ['HINCRBY', 'h', 'b', '1'],
    ['HINCRBY', 'h', 'c', '1'],
    ['HINCRBY', 'h', 'd', '1'],
    ['HINCRBY', 'h', 'm', '1'],
    ['HINCRBY', 'h', 'm', '0'],
    ['HINCRBY', 'h', 'm', '-1'],
    ['HINCRBY', 'h', 'n', '-1'],
    ['HINCRBY', 'h', 'n', '1'],
    ['HGETALL', 'h'],
    ['HINCRBY', 'nokey', 'f', 'x'],
    ['EXISTS', 'nokey'],
    ['SET', 's', 'v'],
    ['HINCRBY', 's', 'a', '1'],
    ['HINCRBY', 's', 'a', 'x'],
  ]);
});

test('HINCRBYFLOAT (long double arithmetic and formatting)', async () => {
  await pair.check([
    ['HINCRBYFLOAT', 'h', 'a', '0.1'],
    ['HINCRBYFLOAT', 'h', 'a', '0.2'],
    ['HINCRBYFLOAT', 'h', 'a', '-0.3'],
    ['HINCRBYFLOAT', 'h', 'b', '1e20'],
    ['HINCRBYFLOAT', 'h', 'b', '1.5e-5'],
    ['HINCRBYFLOAT', 'h', 'c', '3'],
    ['HINCRBYFLOAT', 'h', 'c', '-3'],
    ['HINCRBYFLOAT', 'h', 'd', '10.50'],
    ['HINCRBYFLOAT', 'h', 'e', '0x10'],
    ['HINCRBYFLOAT', 'h', 'e', 'inf'],
    ['HINCRBYFLOAT', 'h', 'e', '-inf'],
    ['HINCRBYFLOAT', 'h', 'e', 'nan'],
    ['HINCRBYFLOAT', 'h', 'e', 'abc'],
    ['HINCRBYFLOAT', 'h', 'e', ''],
    ['HINCRBYFLOAT', 'h', 'e', '1e5000'],
    ['HSET', 'h', 'x', 'abc', 'y', '1.5', 'z', '100'],
    ['HINCRBYFLOAT', 'h', 'x', '1'],
    ['HINCRBYFLOAT', 'h', 'y', '1'],
    ['HINCRBYFLOAT', 'h', 'z', '1.25'],
    ['HGETALL', 'h'],
    ['HSET', 'h', 'big', '1e4000'],
    ['HINCRBYFLOAT', 'h', 'big', '1'],
    ['HGET', 'h', 'big'],
    ['OBJECT', 'ENCODING', 'h'],
    ['SET', 's', 'v'],
    ['HINCRBYFLOAT', 's', 'a', '1'],
    ['HINCRBYFLOAT', 's', 'a', 'x'],
  ]);
});

test('HRANDFIELD: deterministic shapes and errors', async () => {
  await pair.check([
    ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
    ['HRANDFIELD', 'h', '3'],
    ['HRANDFIELD', 'h', '10'],
    ['HRANDFIELD', 'h', '10', 'WITHVALUES'],
    ['HRANDFIELD', 'h', '3', 'withvalues'],
    ['HRANDFIELD', 'h', '0'],
    ['HRANDFIELD', 'h', '0', 'WITHVALUES'],
    ['HRANDFIELD', 'h', '1', 'FOO'],
    ['HRANDFIELD', 'h', '1', 'WITHVALUES', 'x'],
    ['HRANDFIELD', 'h', 'x'],
    ['HRANDFIELD', 'h', '-9223372036854775808'],
    ['HRANDFIELD', 'h', '-9223372036854775807', 'WITHVALUES'],
    ['HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES'],
    ['HRANDFIELD', 'nokey'],
    ['HRANDFIELD', 'nokey', '5'],
    ['HRANDFIELD', 'nokey', '-5', 'WITHVALUES'],
    ['HSET', 'one', 'f', 'v'],
    ['HRANDFIELD', 'one'],
    ['HRANDFIELD', 'one', '-3'],
    ['HRANDFIELD', 'one', '-2', 'WITHVALUES'],
    ['HRANDFIELD', 'one', '1', 'WITHVALUES'],
    ['SET', 's', 'v'],
    ['HRANDFIELD', 's'],
    ['HRANDFIELD', 's', '0'],
    ['HRANDFIELD', 's', 'x'],
  ]);
});

/** Parses a RESP reply with the project's decoder. */
function decode(raw: string): unknown {
  return decodeReply(raw)[0];
}

test('HRANDFIELD random variants: shapes match, members come from the hash', async () => {
  for (const resp of [2, 3]) {
    const cmds = [
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3', 'd', '4', 'e', '5', 'f', '6', 'g', '7'],
      ['HRANDFIELD', 'h'],
      ['HRANDFIELD', 'h', '-5'],
      ['HRANDFIELD', 'h', '-5', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '2'],
      ['HRANDFIELD', 'h', '5', 'WITHVALUES'],
    ];
    const [a, b] = await pair.run(cmds, resp);
    for (let i = 1; i < cmds.length; i++) {
      // Same reply header (type and length) on both servers.
      assert.equal(b[i].split('\r\n')[0], a[i].split('\r\n')[0], JSON.stringify(cmds[i]));
      const flat = JSON.stringify(decode(b[i]));
      for (const m of flat.match(/"[^"]*"/g) ?? []) assert.match(m, /^"[a-g1-7]"$/);
    }
    // Unique counts give distinct fields.
    const two = decode(b[4]) as string[];
    assert.equal(new Set(two).size, 2);
  }
});

test('HSCAN: listpack hashes return everything with cursor 0', async () => {
  await pair.check([
    ['HSET', 'h', 'a1', '1', 'b1', '2', 'a2', '3'],
    ['HSCAN', 'h', '0'],
    ['HSCAN', 'h', '0', 'MATCH', 'a*'],
    ['HSCAN', 'h', '0', 'COUNT', '1'],
    ['HSCAN', 'h', '0', 'COUNT', '0'],
    ['HSCAN', 'h', '0', 'COUNT', 'x'],
    ['HSCAN', 'h', '0', 'TYPE', 'hash'],
    ['HSCAN', 'h', '0', 'MATCH'],
    ['HSCAN', 'h', 'x'],
    ['HSCAN', 'h', '-1'],
    ['HSCAN', 'nokey', '0'],
    ['HSCAN', 'nokey', '0', 'COUNT', '0'],
    ['SET', 's', 'v'],
    ['HSCAN', 's', '0'],
    ['HSCAN', 's', 'x'],
  ]);
});

async function sendAll(port: number, cmds: string[][], resp = 2): Promise<string[]> {
  const c = await RawClient.connect(port);
  try {
    await c.send('FLUSHALL');
    if (resp === 3) await c.send('HELLO', '3');
    const out: string[] = [];
    for (const a of cmds) out.push(await c.send(...a));
    return out;
  } finally {
    c.close();
  }
}

test('HSCAN on a hashtable visits every field exactly as a full iteration', async () => {
  const fields: string[] = [];
  for (let i = 0; i < 1500; i++) fields.push('f' + i, 'v' + i);
  const c = await RawClient.connect(pair.cinder.port);
  try {
    await c.send('FLUSHALL');
    await c.send('HSET', 'h', ...fields);
    const seen = new Map<string, string>();
    let cursor = '0';
    let calls = 0;
    do {
      const r = decode(await c.send('HSCAN', 'h', cursor, 'COUNT', '37')) as [string, string[]];
      cursor = r[0];
      for (let i = 0; i < r[1].length; i += 2) seen.set(r[1][i], r[1][i + 1]);
      calls++;
    } while (cursor !== '0');
    assert.equal(seen.size, 1500);
    assert.ok(calls > 5);
    for (let i = 0; i < 1500; i++) assert.equal(seen.get('f' + i), 'v' + i);
  } finally {
    c.close();
  }
});

// ---------------------------------------------------------------------------------------
// Encodings (Redis 7.2 t_hash.c hashTypeTryConversion / hashTypeSet; same in 7.0)
// ---------------------------------------------------------------------------------------

test('hash encodings follow hash-max-listpack-entries/-value and never go back', async () => {
  const many: string[] = [];
  // hash-max-listpack-entries defaults to 512 (config.c; same in 7.0 and 7.2).
  for (let i = 0; i < 513; i++) many.push('f' + i, 'v');
  const dup: string[] = [];
  for (let i = 0; i < 513; i++) dup.push('f', 'v');
  await pair.check([
    ['HSET', 'h', 'a', '1'],
    ['OBJECT', 'ENCODING', 'h'],
    ['HSET', 'h', 'b', 'x'.repeat(64)],
    ['OBJECT', 'ENCODING', 'h'],
    ['HSET', 'h', 'c', 'x'.repeat(65)],
    ['OBJECT', 'ENCODING', 'h'],
    ['HDEL', 'h', 'c'],
    ['OBJECT', 'ENCODING', 'h'],
    ['HSET', 'h2', 'x'.repeat(65), '1'],
    ['OBJECT', 'ENCODING', 'h2'],
    ['HSET', 'h3', ...many.slice(0, 1024)],
    ['OBJECT', 'ENCODING', 'h3'],
    ['HSET', 'h3', 'last', '1'],
    ['OBJECT', 'ENCODING', 'h3'],
    ['HSET', 'h4', ...many],
    ['OBJECT', 'ENCODING', 'h4'],
    ['HSET', 'h6', 'a', '1'],
    ['HINCRBYFLOAT', 'h6', 'a', '0.1111111111111111111111111111111111111111111111111111111111111111111'],
    ['OBJECT', 'ENCODING', 'h6'],
    ['HSET', 'h7', 'a', 'v'],
    ['HSETNX', 'h7', 'b', 'y'.repeat(100)],
    ['OBJECT', 'ENCODING', 'h7'],
  ]);
});

test('7.2: HSET with more pairs than hash-max-listpack-entries converts at once, even with duplicates (redis#12019)', async () => {
  const dup: string[] = [];
  for (let i = 0; i < 513; i++) dup.push('f', 'v');
  const c = await RawClient.connect(pair.cinder.port);
  try {
    await c.send('DEL', 'hdup');
    assert.equal(await c.send('HSET', 'hdup', ...dup), ':1\r\n');
    assert.equal(await c.send('OBJECT', 'ENCODING', 'hdup'), '$9\r\nhashtable\r\n');
    assert.equal(await c.send('HLEN', 'hdup'), ':1\r\n');
    await c.send('DEL', 'hdup');
  } finally {
    c.close();
  }
});

/** Sorts the [field, value] pairs of a flat array / map reply for order-insensitive compare. */
function pairsOf(v: unknown): string[] {
  let flat: string[];
  if (v instanceof Map) {
    flat = [];
    for (const [k, x] of v) flat.push(String(k), String(x));
  } else flat = (v as unknown[]).map(String);
  const pairs: string[] = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push(flat[i] + '=' + flat[i + 1]);
  return pairs.sort();
}

test('hashtable-encoded replies match order-insensitively', async () => {
  const fields: string[] = [];
  for (let i = 0; i < 600; i++) fields.push('f' + i, 'v' + i);
  const cmds = [['HSET', 'h', ...fields], ['HDEL', 'h', 'f3', 'f77'], ['HGETALL', 'h'], ['HKEYS', 'h'], ['HVALS', 'h'], ['HRANDFIELD', 'h', '1000', 'WITHVALUES'], ['HLEN', 'h']];
  for (const resp of [2, 3]) {
    const a = await sendAll(pair.oracle.port, cmds, resp);
    const b = await sendAll(pair.cinder.port, cmds, resp);
    assert.equal(b[0], a[0]);
    assert.equal(b[1], a[1]);
    assert.deepEqual(pairsOf(decode(b[2])), pairsOf(decode(a[2])));
    assert.deepEqual((decode(b[3]) as string[]).sort(), (decode(a[3]) as string[]).sort());
    assert.deepEqual((decode(b[4]) as string[]).sort(), (decode(a[4]) as string[]).sort());
    if (resp === 2) assert.deepEqual(pairsOf(decode(b[5])), pairsOf(decode(a[5])));
    else assert.deepEqual(pairsOf((decode(b[5]) as string[][]).flat()), pairsOf((decode(a[5]) as string[][]).flat()));
    assert.equal(b[6], a[6]);
  }
});

// ---------------------------------------------------------------------------------------
// Property test
// ---------------------------------------------------------------------------------------

const keyArb = fc.constantFrom('h1', 'h2', 's');
const fieldArb = fc.constantFrom('a', 'b', 'c', 'd', '1', '');
const valArb = fc.oneof(fc.constantFrom('1', '-5', '0', '2.5', 'x', '', '9223372036854775807'), fc.string({ maxLength: 4 }));
const cmdArb: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(fc.constantFrom('HSET', 'HMSET'), keyArb, fc.array(fc.tuple(fieldArb, valArb), { minLength: 1, maxLength: 3 })).map(([c, k, p]) => [c, k, ...p.flat()]),
  fc.tuple(keyArb, fieldArb, valArb).map(([k, f, v]) => ['HSETNX', k, f, v]),
  fc.tuple(keyArb, fieldArb).map(([k, f]) => ['HGET', k, f]),
  fc.tuple(keyArb, fc.array(fieldArb, { minLength: 1, maxLength: 3 })).map(([k, f]) => ['HMGET', k, ...f]),
  fc.tuple(keyArb, fc.array(fieldArb, { minLength: 1, maxLength: 3 })).map(([k, f]) => ['HDEL', k, ...f]),
  fc.tuple(fc.constantFrom('HLEN', 'HKEYS', 'HVALS', 'HGETALL'), keyArb).map(([c, k]) => [c, k]),
  fc.tuple(fc.constantFrom('HSTRLEN', 'HEXISTS'), keyArb, fieldArb).map(([c, k, f]) => [c, k, f]),
  fc.tuple(keyArb, fieldArb, fc.constantFrom('1', '-3', '100', 'x', '9223372036854775807')).map(([k, f, n]) => ['HINCRBY', k, f, n]),
  fc.tuple(keyArb, fieldArb, fc.constantFrom('1.5', '-0.1', '3', 'x', '1e10')).map(([k, f, n]) => ['HINCRBYFLOAT', k, f, n]),
  fc.tuple(keyArb).map(([k]) => ['HRANDFIELD', k, '100', 'WITHVALUES']),
  fc.tuple(keyArb).map(([k]) => ['HSCAN', k, '0']),
  fc.constant(['SET', 's', 'str'] as string[]),
  fc.tuple(keyArb).map(([k]) => ['DEL', k]),
);

test('property: random hash command sequences match the oracle (RESP2 and RESP3)', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(cmdArb, { minLength: 1, maxLength: 30 }), fc.constantFrom(2, 3), async (cmds, resp) => {
      const [a, b] = await pair.run([...cmds, ['HGETALL', 'h1'], ['HGETALL', 'h2']], resp);
      assert.deepEqual(b, a);
    }),
    { numRuns: 150 },
  );
});

// ---------------------------------------------------------------------------------------
// Keyspace notifications: same events, same order as the oracle.
// ---------------------------------------------------------------------------------------

test('hash keyspace notifications match the oracle', async () => {
  const cmds = [
    ['HSET', 'h', 'a', '1', 'b', '2'],
    ['HMSET', 'h', 'c', '3'],
    ['HSETNX', 'h', 'a', '9'],
    ['HSETNX', 'h', 'd', '9'],
    ['HINCRBY', 'h', 'a', '5'],
    ['HINCRBY', 'h', 'x', 'nan'],
    ['HINCRBYFLOAT', 'h', 'b', '1.5'],
    ['HDEL', 'h', 'nope'],
    ['HDEL', 'h', 'a', 'b'],
    ['HDEL', 'h', 'c', 'd'],
    ['HGET', 'nokey', 'f'],
  ];
  assert.equal(await eventsOf(pair.cinder.port, cmds), await eventsOf(pair.oracle.port, cmds));
});

test('property: random hash sequences with tiny listpack limits (conversions mid-sequence)', async () => {
  const orderFree = (c: string[]): boolean => !['HGETALL', 'HKEYS', 'HVALS', 'HRANDFIELD', 'HSCAN'].includes(c[0]);
  const oc = await RawClient.connect(pair.oracle.port);
  const cfg = pair.cinder.server.config;
  const set = async (name: string, v: string): Promise<void> => {
    await oc.send('CONFIG', 'SET', name, v);
    const err = cfg.setFromString(cfg.lookup(name)!, v, false);
    assert.equal(err, null);
  };
  await set('hash-max-listpack-entries', '2');
  await set('hash-max-listpack-value', '3');
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb.filter(orderFree), { minLength: 1, maxLength: 30 }), async (cmds) => {
        const final = [['HGETALL', 'h1'], ['HGETALL', 'h2']];
        const [a, b] = await pair.run([...cmds, ...final], 2);
        assert.deepEqual(b.slice(0, cmds.length), a.slice(0, cmds.length));
        for (let i = cmds.length; i < a.length; i++) assert.deepEqual(pairsOf(decode(b[i])), pairsOf(decode(a[i])));
      }),
      { numRuns: 150 },
    );
  } finally {
    await set('hash-max-listpack-entries', '512');
    await set('hash-max-listpack-value', '64');
    oc.close();
  }
});
