/**
 * List commands against the oracle (redis-server), byte for byte in RESP2 and RESP3, plus
 * explicit 7.2 encoding assertions (7.0's oracle always says "quicklist").
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../helpers/fc-seed.js';
import { startPair, RawClient, type Pair } from '../helpers/oracle.js';
import { eventsOf } from '../helpers/trace.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

test('LPUSH/RPUSH/LPUSHX/RPUSHX/LLEN/LRANGE', async () => {
  await pair.check([
    ['LPUSH', 'l', 'a', 'b', 'c'],
    ['RPUSH', 'l', '1', '2', '-3', '9223372036854775807', '9223372036854775808'],
    ['LRANGE', 'l', '0', '-1'],
    ['LRANGE', 'l', '-100', '100'],
    ['LRANGE', 'l', '2', '1'],
    ['LRANGE', 'l', '5', '-1'],
    ['LRANGE', 'l', '-2', '-1'],
    ['LRANGE', 'l', '0', '-9223372036854775808'],
    ['LRANGE', 'l', '9223372036854775807', '-1'],
    ['LRANGE', 'l', 'x', '1'],
    ['LRANGE', 'l', '0', '9223372036854775808'],
    ['LRANGE', 'nokey', '0', '-1'],
    ['LLEN', 'l'],
    ['LLEN', 'nokey'],
    ['LPUSHX', 'nokey', 'a'],
    ['RPUSHX', 'nokey', 'a', 'b'],
    ['LPUSHX', 'l', 'x', 'y'],
    ['RPUSHX', 'l', 'z'],
    ['LRANGE', 'l', '0', '-1'],
    ['EXISTS', 'nokey'],
    ['SET', 's', 'v'],
    ['LPUSH', 's', 'a'],
    ['RPUSHX', 's', 'a'],
    ['LLEN', 's'],
    ['LRANGE', 's', '0', '1'],
    ['LRANGE', 's', 'x', '1'],
    ['LPUSH', 'l'],
  ]);
});

test('LPOP/RPOP with and without count', async () => {
  await pair.check([
    ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e'],
    ['LPOP', 'l'],
    ['RPOP', 'l'],
    ['LPOP', 'l', '0'],
    ['LPOP', 'l', '-1'],
    ['LPOP', 'l', 'x'],
    ['RPOP', 'l', '2'],
    ['LPOP', 'l', '5'],
    ['EXISTS', 'l'],
    ['LPOP', 'l'],
    ['LPOP', 'l', '1'],
    ['RPOP', 'l', '0'],
    ['LPOP', 'l', '-1'],
    ['LPOP', 'l', '1', '2'],
    ['RPOP', 'nokey', '9223372036854775807'],
    ['RPOP', 'nokey', '9223372036854775808'],
    ['SET', 's', 'v'],
    ['LPOP', 's'],
    ['LPOP', 's', '0'],
    ['LPOP', 's', '-1'],
  ]);
});

test('LINDEX, LSET', async () => {
  await pair.check([
    ['RPUSH', 'l', 'a', 'b', 'c'],
    ['LINDEX', 'l', '0'],
    ['LINDEX', 'l', '-1'],
    ['LINDEX', 'l', '-3'],
    ['LINDEX', 'l', '-4'],
    ['LINDEX', 'l', '3'],
    ['LINDEX', 'l', 'x'],
    ['LINDEX', 'nokey', 'x'],
    ['LINDEX', 'nokey', '0'],
    ['LSET', 'l', '1', 'B'],
    ['LSET', 'l', '-1', 'C'],
    ['LSET', 'l', '3', 'x'],
    ['LSET', 'l', '-4', 'x'],
    ['LSET', 'l', 'x', 'x'],
    ['LSET', 'nokey', '0', 'x'],
    ['LSET', 'nokey', 'x', 'x'],
    ['LRANGE', 'l', '0', '-1'],
    ['SET', 's', 'v'],
    ['LINDEX', 's', '0'],
    ['LINDEX', 's', 'x'],
    ['LSET', 's', '0', 'x'],
  ]);
});

test('LINSERT', async () => {
  await pair.check([
    ['RPUSH', 'l', 'a', 'b', 'c', 'b'],
    ['LINSERT', 'l', 'BEFORE', 'b', 'x'],
    ['LINSERT', 'l', 'after', 'b', 'y'],
    ['LINSERT', 'l', 'AFTER', 'c', 'z'],
    ['LINSERT', 'l', 'before', 'a', '0'],
    ['LINSERT', 'l', 'before', 'nope', '0'],
    ['LINSERT', 'l', 'middle', 'a', '0'],
    ['LINSERT', 'nokey', 'before', 'a', '0'],
    ['LINSERT', 'nokey', 'middle', 'a', '0'],
    ['LRANGE', 'l', '0', '-1'],
    ['SET', 's', 'v'],
    ['LINSERT', 's', 'before', 'a', '0'],
    ['LINSERT', 's', 'bad', 'a', '0'],
  ]);
});

test('LREM, LTRIM', async () => {
  await pair.check([
    ['RPUSH', 'l', 'a', 'b', 'a', 'c', 'a', 'b', 'a'],
    ['LREM', 'l', '2', 'a'],
    ['LRANGE', 'l', '0', '-1'],
    ['LREM', 'l', '-1', 'a'],
    ['LRANGE', 'l', '0', '-1'],
    ['LREM', 'l', '0', 'b'],
    ['LREM', 'l', 'x', 'b'],
    ['LREM', 'l', '0', 'nope'],
    ['LRANGE', 'l', '0', '-1'],
    ['LREM', 'l', '0', 'a'],
    ['LREM', 'l', '0', 'c'],
    ['EXISTS', 'l'],
    ['LREM', 'nokey', '0', 'a'],
    ['RPUSH', 't', '1', '2', '3', '4', '5', '6'],
    ['LTRIM', 't', '1', '-2'],
    ['LRANGE', 't', '0', '-1'],
    ['LTRIM', 't', '-100', '100'],
    ['LRANGE', 't', '0', '-1'],
    ['LTRIM', 't', '2', '1'],
    ['EXISTS', 't'],
    ['LTRIM', 'nokey', '0', '1'],
    ['LTRIM', 'nokey', 'x', '1'],
    ['SET', 's', 'v'],
    ['LTRIM', 's', '0', '1'],
    ['LREM', 's', '0', 'a'],
    ['LREM', 's', 'x', 'a'],
  ]);
});

test('LPOS with RANK, COUNT, MAXLEN and errors', async () => {
  await pair.check([
    ['RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c', 'a'],
    ['LPOS', 'l', 'a'],
    ['LPOS', 'l', 'c'],
    ['LPOS', 'l', 'z'],
    ['LPOS', 'l', 'a', 'RANK', '2'],
    ['LPOS', 'l', 'a', 'RANK', '-1'],
    ['LPOS', 'l', 'a', 'RANK', '-2'],
    ['LPOS', 'l', 'a', 'RANK', '4'],
    ['LPOS', 'l', 'a', 'RANK', '0'],
    ['LPOS', 'l', 'a', 'RANK', 'x'],
    ['LPOS', 'l', 'a', 'RANK', '9223372036854775807'],
    ['LPOS', 'l', 'a', 'COUNT', '0'],
    ['LPOS', 'l', 'a', 'COUNT', '2'],
    ['LPOS', 'l', 'a', 'COUNT', '2', 'RANK', '2'],
    ['LPOS', 'l', 'a', 'COUNT', '0', 'RANK', '-1'],
    ['LPOS', 'l', 'z', 'COUNT', '0'],
    ['LPOS', 'l', 'a', 'COUNT', '-1'],
    ['LPOS', 'l', 'a', 'COUNT', 'x'],
    ['LPOS', 'l', 'a', 'MAXLEN', '3'],
    ['LPOS', 'l', 'a', 'MAXLEN', '3', 'COUNT', '0'],
    ['LPOS', 'l', 'c', 'MAXLEN', '2'],
    ['LPOS', 'l', 'a', 'MAXLEN', '-1'],
    ['LPOS', 'l', 'a', 'MAXLEN'],
    ['LPOS', 'l', 'a', 'FOO', '1'],
    ['LPOS', 'nokey', 'a'],
    ['LPOS', 'nokey', 'a', 'COUNT', '1'],
    ['LPOS', 'nokey', 'a', 'RANK', '0'],
    ['SET', 's', 'v'],
    ['LPOS', 's', 'a'],
    ['LPOS', 's', 'a', 'RANK', '0'],
  ]);
});

test('LPOS RANK LONG_MIN is out of range (7.2, redis#12167; 7.0 overflowed to -1)', async () => {
  const c = await RawClient.connect(pair.cinder.port);
  try {
    await c.send('RPUSH', 'lposmin', 'a');
    assert.equal(await c.send('LPOS', 'lposmin', 'a', 'RANK', '-9223372036854775808'), '-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n');
    await c.send('DEL', 'lposmin');
  } finally {
    c.close();
  }
});

test('LMOVE, RPOPLPUSH', async () => {
  await pair.check([
    ['RPUSH', 'src', 'a', 'b', 'c'],
    ['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'],
    ['LMOVE', 'src', 'dst', 'right', 'left'],
    ['LRANGE', 'dst', '0', '-1'],
    ['LMOVE', 'src', 'src', 'LEFT', 'RIGHT'],
    ['LRANGE', 'src', '0', '-1'],
    ['LMOVE', 'src', 'dst', 'UP', 'LEFT'],
    ['LMOVE', 'src', 'dst', 'LEFT', 'DOWN'],
    ['LMOVE', 'nokey', 'dst', 'LEFT', 'LEFT'],
    ['RPOPLPUSH', 'src', 'dst'],
    ['EXISTS', 'src'],
    ['RPOPLPUSH', 'src', 'dst'],
    ['LRANGE', 'dst', '0', '-1'],
    ['RPOPLPUSH', 'dst', 'dst'],
    ['LRANGE', 'dst', '0', '-1'],
    ['SET', 's', 'v'],
    ['RPOPLPUSH', 'dst', 's'],
    ['RPOPLPUSH', 's', 'dst'],
    ['LMOVE', 's', 'dst', 'LEFT', 'LEFT'],
    ['LMOVE', 'nokey', 's', 'LEFT', 'LEFT'],
    ['LRANGE', 'dst', '0', '-1'],
  ]);
});

test('LMPOP', async () => {
  await pair.check([
    ['RPUSH', 'l1', 'a', 'b', 'c'],
    ['RPUSH', 'l2', 'x', 'y'],
    ['LMPOP', '2', 'nokey', 'l1', 'LEFT'],
    ['LMPOP', '2', 'nokey', 'l1', 'RIGHT', 'COUNT', '10'],
    ['LMPOP', '2', 'l1', 'l2', 'LEFT', 'COUNT', '1'],
    ['LMPOP', '1', 'nokey', 'LEFT'],
    ['LMPOP', '0', 'l2', 'LEFT'],
    ['LMPOP', '-1', 'l2', 'LEFT'],
    ['LMPOP', 'x', 'l2', 'LEFT'],
    ['LMPOP', '3', 'l2', 'LEFT'],
    ['LMPOP', '1', 'l2', 'MIDDLE'],
    ['LMPOP', '1', 'l2', 'LEFT', 'COUNT', '0'],
    ['LMPOP', '1', 'l2', 'LEFT', 'COUNT', '-1'],
    ['LMPOP', '1', 'l2', 'LEFT', 'COUNT', 'x'],
    ['LMPOP', '1', 'l2', 'LEFT', 'COUNT', '1', 'COUNT', '1'],
    ['LMPOP', '1', 'l2', 'LEFT', 'COUNT'],
    ['LMPOP', '1', 'l2', 'LEFT', 'FOO'],
    ['LMPOP', '9223372036854775807', 'l2', 'LEFT'],
    ['SET', 's', 'v'],
    ['LMPOP', '2', 's', 'l2', 'LEFT'],
    ['LMPOP', '2', 'nokey', 's', 'LEFT'],
  ]);
});

test('non-blocking forms of blocking commands: errors, immediate serve', async () => {
  await pair.check([
    ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'],
    ['BLPOP', 'nokey', 'l', '0'],
    ['BRPOP', 'l', '0.5'],
    ['BLPOP', 'l', '-1'],
    ['BLPOP', 'l', 'x'],
    ['BLPOP', 'l', ''],
    ['BLPOP', 'l', ' 1'],
    ['BLPOP', 'l', '1x'],
    ['BLPOP', 'l', 'nan'],
    ['BLPOP', 'l', '-inf'],
    ['BLPOP', 'l', '0x10'],
    ['BLPOP', 'l', '1e-3'],
    ['BLMOVE', 'l', 'd', 'LEFT', 'RIGHT', '0'],
    ['BLMOVE', 'l', 'd', 'LEFT', 'X', '0'],
    ['BLMOVE', 'l', 'd', 'LEFT', 'LEFT', '-1'],
    ['BRPOPLPUSH', 'l', 'd', '0'],
    ['BRPOPLPUSH', 'l', 'd', '-0.5'],
    ['BLMPOP', '0', '1', 'd', 'LEFT', 'COUNT', '5'],
    ['BLMPOP', '-1', '1', 'd', 'LEFT'],
    ['BLMPOP', '0', '0', 'd', 'LEFT'],
    ['BLMPOP', 'x', '1', 'd', 'LEFT'],
    ['BLMPOP', '0', '1', 'd', 'LEFT', 'COUNT', '0'],
    ['SET', 's', 'v'],
    ['BLPOP', 's', '0'],
    ['BLPOP', 'nokey', 's', '0'],
    ['BLMOVE', 's', 'd', 'LEFT', 'LEFT', '0'],
    ['BLMPOP', '0', '1', 's', 'LEFT'],
    ['BRPOPLPUSH', 'l', 's', '0'],
  ]);
});

test('timeout parsing follows strtold (long double): hex, subnormal, ERANGE, signs, spaces', async () => {
  const cmds: string[][] = [['RPUSH', 'l', ...Array.from({ length: 30 }, (_, i) => 'e' + i)]];
  for (const t of ['1e5000', '1e-5000', '0x1p-3', '1e-400', '-1e-400', '  1', '1 ', '+1', '.5', '5.', '-0', '1e', '0x', '-inf', 'NaN', '0.0001', '-0.0009', '-1e-5000', '0x1p-16446', '1e-4950', '1\x00']) {
    cmds.push(['BLPOP', 'l', t]);
  }
  await pair.check(cmds);
});

test('timeout overflow is "timeout is out of range" (7.2, redis#11338; 7.0 said "negative")', async () => {
  const c = await RawClient.connect(pair.cinder.port);
  try {
    for (const t of ['inf', '1e300', '9223372036854775807', '9223372036854775.808']) {
      assert.equal(await c.send('BLPOP', 'nokey', t), '-ERR timeout is out of range\r\n', t);
    }
    assert.equal(await c.send('BLPOP', 'nokey', '-0.001'), '-ERR timeout is negative\r\n');
  } finally {
    c.close();
  }
});

test('blocking commands inside MULTI behave as non-blocking', async () => {
  await pair.check([
    ['MULTI'],
    ['BLPOP', 'nokey', '0'],
    ['BRPOP', 'nokey', '1'],
    ['BLMOVE', 'nokey', 'd', 'LEFT', 'LEFT', '0'],
    ['BRPOPLPUSH', 'nokey', 'd', '0'],
    ['BLMPOP', '0', '1', 'nokey', 'LEFT'],
    ['RPUSH', 'l', 'a'],
    ['BLPOP', 'l', '0'],
    ['EXEC'],
  ]);
});

test('keyspace events and dirty are kept consistent: empty list deleted', async () => {
  await pair.check([
    ['RPUSH', 'l', 'a'],
    ['LPOP', 'l'],
    ['TYPE', 'l'],
    ['RPUSH', 'l', 'a', 'b'],
    ['LMOVE', 'l', 'm', 'LEFT', 'LEFT'],
    ['LMOVE', 'l', 'm', 'LEFT', 'LEFT'],
    ['TYPE', 'l'],
    ['LLEN', 'm'],
  ]);
});

// ---------------------------------------------------------------------------------------
// Encodings (Redis 7.2: t_list.c listTypeTryConvertListpack / listTypeTryConvertQuicklist;
// the 7.0 oracle always reports "quicklist", so these are explicit assertions).
// ---------------------------------------------------------------------------------------

async function encodingOf(port: number, setup: string[][], key: string): Promise<string> {
  const c = await RawClient.connect(port);
  try {
    await c.send('FLUSHALL');
    for (const a of setup) await c.send(...a);
    const r = await c.send('OBJECT', 'ENCODING', key);
    return r.slice(r.indexOf('\n') + 1, -2);
  } finally {
    c.close();
  }
}

test('7.2 list encodings: listpack while small, quicklist past list-max-listpack-size, back when under half', async () => {
  const port = pair.cinder.port;
  assert.equal(await encodingOf(port, [['RPUSH', 'l', 'a', 'b']], 'l'), 'listpack');
  // -2 = 8 KiB per node: 8192 bytes of payload overflow the listpack.
  const big = 'x'.repeat(1000);
  const many = Array.from({ length: 9 }, () => big);
  assert.equal(await encodingOf(port, [['RPUSH', 'l', ...many]], 'l'), 'quicklist');
  assert.equal(await encodingOf(port, [['RPUSH', 'l', ...many.slice(0, 8)]], 'l'), 'listpack');
  // Shrinking: back to listpack only under half the limit (4096 bytes) with one node.
  assert.equal(await encodingOf(port, [['RPUSH', 'l', ...many], ['RPOP', 'l', '4']], 'l'), 'quicklist');
  assert.equal(await encodingOf(port, [['RPUSH', 'l', ...many], ['RPOP', 'l', '5']], 'l'), 'listpack');
  // A count limit.
  await pair.cinder.server.config.setFromString(pair.cinder.server.config.lookup('list-max-listpack-size')!, '4', false);
  try {
    assert.equal(await encodingOf(port, [['RPUSH', 'l', '1', '2', '3', '4']], 'l'), 'listpack');
    assert.equal(await encodingOf(port, [['RPUSH', 'l', '1', '2', '3', '4', '5']], 'l'), 'quicklist');
    // Nodes [1 2 3 4] [5]: two nodes stay a quicklist; one node of <= 2 (half of 4) converts.
    assert.equal(await encodingOf(port, [['RPUSH', 'l', '1', '2', '3', '4', '5'], ['LPOP', 'l', '3']], 'l'), 'quicklist');
    assert.equal(await encodingOf(port, [['RPUSH', 'l', '1', '2', '3', '4', '5'], ['LPOP', 'l', '4']], 'l'), 'listpack');
    assert.equal(await encodingOf(port, [['RPUSH', 'l', '1', '2', '3', '4'], ['RPUSH', 'l', '5', '6'], ['RPOP', 'l', '2'], ['RPOP', 'l']], 'l'), 'quicklist');
    // Two nodes never convert back even when small.
    assert.equal(await encodingOf(port, [['RPUSH', 'l', '1', '2', '3', '4'], ['RPUSH', 'l', '5', '6'], ['LTRIM', 'l', '3', '4']], 'l'), 'quicklist');
    assert.equal(await encodingOf(port, [['RPUSH', 'l', '1', '2', '3', '4'], ['RPUSH', 'l', '5', '6'], ['LTRIM', 'l', '4', '5']], 'l'), 'listpack');
  } finally {
    await pair.cinder.server.config.setFromString(pair.cinder.server.config.lookup('list-max-listpack-size')!, '-2', false);
  }
});

test('replies stay identical on large lists (quicklist with many nodes)', async () => {
  const vals = Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? 'v' + i + 'x'.repeat(i % 50) : String(i)));
  await pair.check(
    [
      ['RPUSH', 'l', ...vals.slice(0, 1500)],
      ['LPUSH', 'l', ...vals.slice(1500)],
      ['LLEN', 'l'],
      ['LINDEX', 'l', '1777'],
      ['LINDEX', 'l', '-1234'],
      ['LRANGE', 'l', '1000', '1010'],
      ['LSET', 'l', '2000', 'y'.repeat(300)],
      ['LINSERT', 'l', 'BEFORE', '700', 'ins'],
      ['LINSERT', 'l', 'AFTER', '701', 'ins2'],
      ['LREM', 'l', '3', '7'],
      ['LPOS', 'l', 'ins2'],
      ['LTRIM', 'l', '100', '-100'],
      ['LRANGE', 'l', '0', '20'],
      ['LRANGE', 'l', '-20', '-1'],
      ['RPOP', 'l', '500'],
      ['LPOP', 'l', '10'],
      ['LLEN', 'l'],
      ['LRANGE', 'l', '1200', '1300'],
    ],
    { protocols: [2] },
  );
});

// ---------------------------------------------------------------------------------------
// Property test: random deterministic list command sequences give identical replies.
// ---------------------------------------------------------------------------------------

const keyArb = fc.constantFrom('k1', 'k2', 's');
const valArb = fc.oneof(fc.constantFrom('a', 'b', 'c', '1', '-2', '300', ''), fc.string({ maxLength: 5 }), fc.constant('z'.repeat(70)));
const idxArb = fc.integer({ min: -8, max: 8 }).map(String);
const cmdArb: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(fc.constantFrom('LPUSH', 'RPUSH', 'LPUSHX', 'RPUSHX'), keyArb, fc.array(valArb, { minLength: 1, maxLength: 4 })).map(([c, k, v]) => [c, k, ...v]),
  fc.tuple(fc.constantFrom('LPOP', 'RPOP'), keyArb).map(([c, k]) => [c, k]),
  fc.tuple(fc.constantFrom('LPOP', 'RPOP'), keyArb, fc.integer({ min: -1, max: 5 }).map(String)).map(([c, k, n]) => [c, k, n]),
  fc.tuple(keyArb, idxArb, idxArb).map(([k, a, b]) => ['LRANGE', k, a, b]),
  fc.tuple(keyArb, idxArb, idxArb).map(([k, a, b]) => ['LTRIM', k, a, b]),
  fc.tuple(keyArb, idxArb).map(([k, a]) => ['LINDEX', k, a]),
  fc.tuple(keyArb, idxArb, valArb).map(([k, a, v]) => ['LSET', k, a, v]),
  fc.tuple(keyArb, fc.constantFrom('BEFORE', 'AFTER'), valArb, valArb).map(([k, w, p, v]) => ['LINSERT', k, w, p, v]),
  fc.tuple(keyArb, idxArb, valArb).map(([k, n, v]) => ['LREM', k, n, v]),
  fc.tuple(keyArb, valArb, fc.constantFrom([], ['RANK', '-1'], ['COUNT', '0'], ['RANK', '2', 'COUNT', '2'], ['MAXLEN', '2'])).map(([k, v, o]) => ['LPOS', k, v, ...o]),
  fc.tuple(keyArb, keyArb, fc.constantFrom('LEFT', 'RIGHT'), fc.constantFrom('LEFT', 'RIGHT')).map(([a, b, x, y]) => ['LMOVE', a, b, x, y]),
  fc.tuple(keyArb, keyArb).map(([a, b]) => ['RPOPLPUSH', a, b]),
  fc.tuple(keyArb, keyArb, fc.constantFrom('LEFT', 'RIGHT'), fc.integer({ min: 1, max: 4 }).map(String)).map(([a, b, w, n]) => ['LMPOP', '2', a, b, w, 'COUNT', n]),
  fc.tuple(keyArb).map(([k]) => ['LLEN', k]),
  fc.constant(['SET', 's', 'str'] as string[]),
  fc.tuple(keyArb).map(([k]) => ['DEL', k]),
);

test('property: random list command sequences match the oracle', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(cmdArb, { minLength: 1, maxLength: 40 }), async (cmds) => {
      const [a, b] = await pair.run([...cmds, ['LRANGE', 'k1', '0', '-1'], ['LRANGE', 'k2', '0', '-1']], 2);
      assert.deepEqual(b, a);
    }),
    { numRuns: 150 },
  );
});

test('property: random list sequences with a tiny list-max-listpack-size (many quicklist nodes)', async () => {
  const cfg = pair.cinder.server.config;
  const oc = await RawClient.connect(pair.oracle.port);
  await oc.send('CONFIG', 'SET', 'list-max-listpack-size', '2');
  await cfg.setFromString(cfg.lookup('list-max-listpack-size')!, '2', false);
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb, { minLength: 1, maxLength: 40 }), async (cmds) => {
        const [a, b] = await pair.run([...cmds, ['LRANGE', 'k1', '0', '-1'], ['LRANGE', 'k2', '0', '-1']], 2);
        assert.deepEqual(b, a);
      }),
      { numRuns: 100 },
    );
  } finally {
    await oc.send('CONFIG', 'SET', 'list-max-listpack-size', '-2');
    oc.close();
    await cfg.setFromString(cfg.lookup('list-max-listpack-size')!, '-2', false);
  }
});

// ---------------------------------------------------------------------------------------
// Keyspace notifications: same events, same order as the oracle.
// ---------------------------------------------------------------------------------------

test('list keyspace notifications match the oracle', async () => {
  const cmds = [
    ['RPUSH', 'l', 'a', 'b', 'c', 'd'],
    ['LPUSH', 'l', 'z'],
    ['LPUSHX', 'nokey', 'z'],
    ['RPUSHX', 'l', 'y'],
    ['LPOP', 'l'],
    ['RPOP', 'l', '2'],
    ['LSET', 'l', '0', 'q'],
    ['LINSERT', 'l', 'BEFORE', 'q', 'p'],
    ['LINSERT', 'l', 'BEFORE', 'nope', 'p'],
    ['LREM', 'l', '0', 'p'],
    ['LREM', 'l', '0', 'nope'],
    ['LMOVE', 'l', 'm', 'LEFT', 'RIGHT'],
    ['RPOPLPUSH', 'l', 'l'],
    ['LMPOP', '1', 'l', 'LEFT', 'COUNT', '10'],
    ['RPUSH', 't', '1', '2', '3'],
    ['LTRIM', 't', '0', '1'],
    ['LTRIM', 't', '5', '1'],
    ['RPUSH', 'b', 'x'],
    ['BLPOP', 'b', '0'],
    ['RPUSH', 'b', 'x', 'y'],
    ['BLMOVE', 'b', 'c', 'RIGHT', 'LEFT', '0'],
    ['BLMPOP', '0', '1', 'b', 'RIGHT'],
  ];
  assert.equal(await eventsOf(pair.cinder.port, cmds), await eventsOf(pair.oracle.port, cmds));
});
