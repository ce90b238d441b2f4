/**
 * Generic keyspace commands, differential against real redis-server (RESP2 and RESP3):
 * DEL, UNLINK, EXISTS, TYPE, KEYS, SCAN, RANDOMKEY, RENAME, RENAMENX, MOVE, COPY, SWAPDB,
 * TOUCH, the EXPIRE and TTL families, PERSIST and OBJECT.
 *
 * Time-dependent replies use deterministic setups: absolute times far in the future read
 * back exactly with (P)EXPIRETIME, and TTL in seconds (rounded) of a fresh 100 s TTL.
 * Replies whose element order is a hash-table detail (KEYS, SCAN) are compared sorted.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, RawClient, encodeCommand, type Pair } from '../helpers/oracle.js';
import { buildCommandTable } from '../../src/commands/table.js';

/** Parses one RESP reply into nested arrays of strings (enough for KEYS/SCAN replies). */
function parse(raw: string, pos = 0): [unknown, number] {
  const t = raw[pos];
  const eol = raw.indexOf('\r\n', pos);
  const line = raw.slice(pos + 1, eol);
  let p = eol + 2;
  if (t === '*' || t === '~') {
    const n = parseInt(line, 10);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const [v, np] = parse(raw, p);
      out.push(v);
      p = np;
    }
    return [out, p];
  }
  if (t === '$') {
    const n = parseInt(line, 10);
    if (n < 0) return [null, p];
    return [raw.slice(p, p + n), p + n + 2];
  }
  return [t + line, p];
}

/** Normalizer: sorts the elements of KEYS replies and the key list of SCAN replies. */
function sortKeys(raw: string, argv: readonly string[]): string {
  const cmd = argv[0].toUpperCase();
  if (raw[0] !== '*') return raw;
  const [v] = parse(raw);
  if (cmd === 'KEYS') return JSON.stringify((v as string[]).slice().sort());
  if (cmd === 'SCAN') {
    const [cursor, keys] = v as [string, string[]];
    return JSON.stringify([cursor, keys.slice().sort()]);
  }
  return raw;
}

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

const table = buildCommandTable();
/** True when Cinder has all these commands (families written by others may not be there yet). */
function has(...names: string[]): boolean {
  return names.every((n) => table.has(n));
}

describe('DEL, UNLINK, EXISTS, TOUCH, TYPE', () => {
  test('counts, repeats and missing keys', async () => {
    await pair.check([
      ['SET', 'a', '1'],
      ['SET', 'b', '2'],
      ['EXISTS', 'a', 'a', 'b', 'c'],
      ['EXISTS', 'nokey'],
      ['TOUCH', 'a', 'a', 'b', 'c'],
      ['TOUCH', 'nokey'],
      ['DEL', 'a', 'a', 'c'],
      ['EXISTS', 'a'],
      ['UNLINK', 'b', 'x', 'b'],
      ['DEL', 'nokey'],
      ['EXISTS', 'a', 'b'],
    ]);
  });

  test('arity errors', async () => {
    await pair.check([['DEL'], ['UNLINK'], ['EXISTS'], ['TOUCH'], ['TYPE'], ['TYPE', 'a', 'b']]);
  });

  test('TYPE of strings and missing keys', async () => {
    await pair.check([['SET', 's', 'v'], ['TYPE', 's'], ['TYPE', 'nokey'], ['APPEND', 'r', 'x'], ['TYPE', 'r']].filter((c) => c[0] !== 'APPEND' || has('append')));
  });

  test('TYPE of collections', { skip: !has('rpush', 'sadd', 'hset', 'zadd') && 'collection families not registered yet' }, async () => {
    await pair.check([
      ['RPUSH', 'l', 'a'],
      ['SADD', 's', 'a'],
      ['HSET', 'h', 'f', 'v'],
      ['ZADD', 'z', '1', 'a'],
      ['TYPE', 'l'],
      ['TYPE', 's'],
      ['TYPE', 'h'],
      ['TYPE', 'z'],
    ]);
  });
});

describe('KEYS', () => {
  const setup = ['foo', 'foobar', 'fo', 'bar', 'f*o', 'f?o', 'f[o', 'a\\b', 'hello', 'hallo', 'hxllo', 'hllo', 'heeeello', 'H', '', 'x y', 'caf\xe9', '\xff\x80'].map((k) => ['SET', k, '1']);
  test('glob patterns', async () => {
    const patterns = ['*', 'f*', '*o', 'f?o', 'f\\*o', 'f\\?o', 'h?llo', 'h*llo', 'h[ae]llo', 'h[^e]llo', 'h[a-b]llo', 'h[b-a]llo', 'h[a-]llo', '[', '[]', 'f[', 'f[o', 'f\\[o', 'a\\\\b', '\\', '*\\', '**', '?', '??', '', 'x y', 'caf?', '[\x80-\xff]*', '[a-\xff]*', '*[^a-z]*', 'H', 'h', '[H]', 'f[^', 'f[^]o', '[\\]', '[a\\-z]*'];
    await pair.check([...setup, ...patterns.map((p) => ['KEYS', p])], { normalize: sortKeys });
  });

  test('logically expired keys are not listed', async () => {
    const o = await RawClient.connect(pair.oracle.port);
    const c = await RawClient.connect(pair.cinder.port);
    for (const cl of [o, c]) {
      await cl.send('FLUSHALL');
      await cl.send('SET', 'live', '1');
      await cl.send('SET', 'dead', '1', 'PX', '1');
    }
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(await c.send('KEYS', '*'), await o.send('KEYS', '*'));
    o.close();
    c.close();
  });
});

describe('SCAN', () => {
  test('cursor and option errors', async () => {
    await pair.check([
      ['SCAN', 'abc'],
      ['SCAN', ' 1'],
      ['SCAN', '\t0'],
      ['SCAN', '1 '],
      ['SCAN', '+'],
      ['SCAN', '-'],
      ['SCAN', '0x10'],
      ['SCAN', '18446744073709551616'],
      ['SCAN', '99999999999999999999999'],
      ['SCAN', '-18446744073709551616'],
      ['SCAN', 'abc', 'COUNT', '0'],
      ['SCAN', '0', 'COUNT', '0'],
      ['SCAN', '0', 'COUNT', '-1'],
      ['SCAN', '0', 'COUNT', 'x'],
      ['SCAN', '0', 'COUNT', '9223372036854775808'],
      ['SCAN', '0', 'COUNT', '0', 'MATCH'],
      ['SCAN', '0', 'MATCH'],
      ['SCAN', '0', 'COUNT'],
      ['SCAN', '0', 'TYPE'],
      ['SCAN', '0', 'FOO', 'bar'],
      ['SCAN', '0', 'MATCH', '*', 'x'],
      ['SCAN'],
    ]);
  });

  test('valid cursor spellings on an empty db', async () => {
    await pair.check([['SCAN', '0'], ['SCAN', ''], ['SCAN', '+0'], ['SCAN', '-0'], ['SCAN', '0\x00junk'], ['SCAN', '7'], ['SCAN', '18446744073709551615']]);
  });

  test('small db in one call, MATCH, TYPE, COUNT', async () => {
    await pair.check(
      [
        ['SET', 'a1', '1'],
        ['SET', 'a2', '1'],
        ['SET', 'b1', '1'],
        ['SET', 'c', '1'],
        ['SCAN', '0'],
        ['SCAN', '', 'COUNT', '100'],
        ['SCAN', '0', 'MATCH', 'a*'],
        ['SCAN', '0', 'match', '*1', 'count', '50'],
        ['SCAN', '0', 'MATCH', '*'],
        ['SCAN', '0', 'TYPE', 'string'],
        ['SCAN', '0', 'TYPE', 'STRING'],
        ['SCAN', '0', 'TYPE', 'list'],
        ['SCAN', '0', 'TYPE', 'foo'],
        ['SCAN', '0', 'COUNT', '9223372036854775807'],
        ['SCAN', '0', 'MATCH', 'a*', 'MATCH', 'b*'],
      ],
      { normalize: sortKeys },
    );
  });

  test('a full iteration returns every key, in RESP2 and RESP3', async () => {
    for (const resp of [2, 3]) {
      const sets: Array<Set<string>> = [];
      for (const port of [pair.oracle.port, pair.cinder.port]) {
        const cl = await RawClient.connect(port);
        await cl.send('FLUSHALL');
        if (resp === 3) await cl.send('HELLO', '3');
        let pipeline = '';
        for (let i = 0; i < 1000; i++) pipeline += '*3\r\n$3\r\nSET\r\n$' + ('key:' + i).length + '\r\nkey:' + i + '\r\n$1\r\nv\r\n';
        cl.write(pipeline);
        for (let i = 0; i < 1000; i++) await cl.readReply();
        const seen = new Set<string>();
        let cursor = '0';
        let calls = 0;
        do {
          const raw = await cl.send('SCAN', cursor, 'COUNT', '7', 'MATCH', 'key:*');
          const [v] = parse(raw);
          const [next, keys] = v as [string, string[]];
          for (const k of keys) seen.add(k);
          cursor = next;
          calls++;
        } while (cursor !== '0' && calls < 10000);
        sets.push(seen);
        cl.close();
      }
      assert.equal(sets[1].size, 1000);
      assert.deepEqual([...sets[1]].sort(), [...sets[0]].sort());
    }
  });
});

test('SCAN: keys present for the whole iteration are returned while others come and go', async () => {
  const cl = await RawClient.connect(pair.cinder.port);
  await cl.send('FLUSHALL');
  let pipe = '';
  for (let i = 0; i < 500; i++) pipe += encodeCommand(['SET', 'stable:' + i, '1']) + encodeCommand(['SET', 'churn:' + i, '1']);
  cl.write(pipe);
  for (let i = 0; i < 1000; i++) await cl.readReply();
  const seen = new Set<string>();
  let cursor = '0';
  let step = 0;
  do {
    const [v] = parse(await cl.send('SCAN', cursor, 'COUNT', '13'));
    const [next, keys] = v as [string, string[]];
    for (const k of keys) seen.add(k);
    cursor = next;
    // Between steps: delete some churn keys, add new ones, expire a few.
    await cl.send('DEL', 'churn:' + ((step * 7) % 500), 'churn:' + ((step * 11 + 3) % 500));
    await cl.send('SET', 'new:' + step, '1');
    await cl.send('SET', 'vol:' + step, '1', 'PX', '1');
    step++;
  } while (cursor !== '0' && step < 10000);
  for (let i = 0; i < 500; i++) assert.ok(seen.has('stable:' + i), 'stable:' + i + ' missing');
  cl.close();
});

describe('RANDOMKEY', () => {
  test('empty db and single key', async () => {
    await pair.check([['RANDOMKEY'], ['SET', 'only', '1'], ['RANDOMKEY'], ['RANDOMKEY', 'x']]);
  });
});

describe('RENAME, RENAMENX', () => {
  test('basic, same key, missing key', async () => {
    await pair.check([
      ['SET', 'a', '1'],
      ['RENAME', 'a', 'b'],
      ['GET', 'a'],
      ['GET', 'b'],
      ['RENAME', 'nokey', 'x'],
      ['RENAME', 'nokey', 'nokey'],
      ['RENAMENX', 'nokey', 'nokey'],
      ['RENAMENX', 'nokey', 'x'],
      ['RENAME', 'b', 'b'],
      ['RENAMENX', 'b', 'b'],
      ['SET', 'c', '3'],
      ['RENAMENX', 'b', 'c'],
      ['GET', 'b'],
      ['RENAMENX', 'b', 'd'],
      ['GET', 'd'],
      ['RENAME', 'd', 'c'],
      ['GET', 'c'],
      ['EXISTS', 'd'],
      ['RENAME', 'c'],
      ['RENAMENX', 'c', 'd', 'e'],
    ]);
  });

  test('the TTL moves with the value; an overwritten target loses its TTL', async () => {
    await pair.check([
      ['SET', 'a', '1'],
      ['PEXPIREAT', 'a', '5000000000123'],
      ['RENAME', 'a', 'b'],
      ['PEXPIRETIME', 'b'],
      ['PEXPIRETIME', 'a'],
      ['SET', 'x', '1'],
      ['PEXPIREAT', 'x', '6000000000000'],
      ['SET', 'y', '2'],
      ['RENAME', 'y', 'x'],
      ['PEXPIRETIME', 'x'],
      ['RENAMENX', 'b', 'z'],
      ['PEXPIRETIME', 'z'],
    ]);
  });
});

describe('MOVE', () => {
  test('moves between dbs with errors in Redis order', async () => {
    await pair.check([
      ['SET', 'a', '1'],
      ['MOVE', 'a', '0'],
      ['MOVE', 'nokey', '0'],
      ['MOVE', 'nokey', '16'],
      ['MOVE', 'a', '-1'],
      ['MOVE', 'a', 'x'],
      ['MOVE', 'a', '2147483648'],
      ['MOVE', 'a', '-2147483649'],
      ['MOVE', 'a', '9223372036854775808'],
      ['MOVE', 'a', '1.5'],
      ['MOVE', 'nokey', '1'],
      ['PEXPIREAT', 'a', '5000000000000'],
      ['MOVE', 'a', '1'],
      ['EXISTS', 'a'],
      ['SELECT', '1'],
      ['GET', 'a'],
      ['PEXPIRETIME', 'a'],
      ['SET', 'b', 'in1'],
      ['SELECT', '0'],
      ['SET', 'b', 'in0'],
      ['MOVE', 'b', '1'],
      ['GET', 'b'],
      ['MOVE', 'a'],
    ]);
  });
});

describe('COPY', () => {
  test('options, errors and results', async () => {
    await pair.check([
      ['SET', 'a', 'hello'],
      ['COPY', 'a', 'b'],
      ['GET', 'b'],
      ['COPY', 'a', 'b'],
      ['SET', 'a', 'world'],
      ['COPY', 'a', 'b', 'REPLACE'],
      ['GET', 'b'],
      ['COPY', 'a', 'a'],
      ['COPY', 'nokey', 'nokey'],
      ['COPY', 'a', 'a', 'DB', '0'],
      ['COPY', 'a', 'a', 'db', '1'],
      ['COPY', 'a', 'b', 'DB', '99'],
      ['COPY', 'a', 'b', 'DB', '-1'],
      ['COPY', 'a', 'b', 'DB', 'x'],
      ['COPY', 'a', 'b', 'DB', '4294967296'],
      ['COPY', 'a', 'b', 'DB', '99', 'FOO'],
      ['COPY', 'a', 'b', 'FOO', 'DB', '99'],
      ['COPY', 'a', 'b', 'DB'],
      ['COPY', 'a', 'b', 'REPLACE', 'REPLACE'],
      ['COPY', 'nokey', 'b'],
      ['COPY', 'a', 'c', 'DB', '2', 'REPLACE'],
      ['SELECT', '1'],
      ['GET', 'a'],
      ['SELECT', '2'],
      ['GET', 'c'],
      ['COPY', 'a'],
    ]);
  });

  test('the TTL is copied', async () => {
    await pair.check([['SET', 'a', '1'], ['PEXPIREAT', 'a', '5000000000007'], ['COPY', 'a', 'b'], ['PEXPIRETIME', 'b'], ['SET', 'c', 'x'], ['COPY', 'c', 'b', 'REPLACE'], ['PEXPIRETIME', 'b']]);
  });

  test('copied values are independent', { skip: !has('rpush', 'lrange') && 'list family not registered yet' }, async () => {
    await pair.check([['RPUSH', 'l', 'a', 'b'], ['COPY', 'l', 'm'], ['RPUSH', 'm', 'c'], ['LRANGE', 'l', '0', '-1'], ['LRANGE', 'm', '0', '-1']]);
  });

  test('copied hashes, sets and sorted sets are independent', { skip: !has('hset', 'sadd', 'zadd') && 'collection families not registered yet' }, async () => {
    await pair.check([
      ['HSET', 'h', 'f', '1', 'g', '2'],
      ['COPY', 'h', 'h2'],
      ['HSET', 'h2', 'f', 'changed', 'n', 'new'],
      ['HGET', 'h', 'f'],
      ['HLEN', 'h'],
      ['HGET', 'h2', 'f'],
      ['SADD', 's', 'a', 'b', '1'],
      ['COPY', 's', 's2', 'DB', '1'],
      ['SADD', 's', 'c'],
      ['SCARD', 's'],
      ['SELECT', '1'],
      ['SCARD', 's'],
      ['SISMEMBER', 's', 'c'],
      ['SELECT', '0'],
      ['ZADD', 'z', '1', 'a', '2', 'b'],
      ['COPY', 'z', 'z2'],
      ['ZINCRBY', 'z2', '10', 'a'],
      ['ZSCORE', 'z', 'a'],
      ['ZSCORE', 'z2', 'a'],
      ['TYPE', 'z2'],
    ]);
  });
});

describe('SWAPDB', () => {
  test('swaps and errors', async () => {
    await pair.check([
      ['SET', 'a', 'zero'],
      ['SELECT', '1'],
      ['SET', 'b', 'one'],
      ['SWAPDB', '0', '1'],
      ['GET', 'a'],
      ['GET', 'b'],
      ['SELECT', '0'],
      ['GET', 'a'],
      ['GET', 'b'],
      ['SWAPDB', '0', '0'],
      ['SWAPDB', 'x', '0'],
      ['SWAPDB', '0', 'x'],
      ['SWAPDB', 'x', 'y'],
      ['SWAPDB', '0', '16'],
      ['SWAPDB', '-1', '0'],
      ['SWAPDB', '2147483648', '0'],
      ['SWAPDB', '0', '2147483648'],
      ['SWAPDB', '0'],
    ]);
  });

  test('SWAPDB touches WATCHed keys that exist in either db', async () => {
    await pair.check([['SELECT', '1'], ['SET', 'k', '1'], ['SELECT', '0'], ['WATCH', 'k'], ['SWAPDB', '0', '1'], ['MULTI'], ['PING'], ['EXEC']]);
    await pair.check([['WATCH', 'k'], ['SWAPDB', '0', '1'], ['MULTI'], ['PING'], ['EXEC']]);
  });

  test('SWAPDB wakes clients blocked on keys that now exist', { skip: !has('blpop', 'rpush') && 'list family not registered yet' }, async () => {
    for (const port of [pair.oracle.port, pair.cinder.port]) {
      const a = await RawClient.connect(port);
      const b = await RawClient.connect(port);
      await a.send('FLUSHALL');
      await a.send('SELECT', '1');
      await a.send('RPUSH', 'q', 'x');
      b.write('*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n5\r\n');
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(await a.send('SWAPDB', '0', '1'), '+OK\r\n');
      assert.equal(await b.readReply(2000), '*2\r\n$1\r\nq\r\n$1\r\nx\r\n');
      a.close();
      b.close();
    }
  });
});

describe('EXPIRE family', () => {
  test('setting, reading and clearing TTLs', async () => {
    await pair.check([
      ['SET', 'a', '1'],
      ['TTL', 'a'],
      ['PTTL', 'a'],
      ['EXPIRETIME', 'a'],
      ['PEXPIRETIME', 'a'],
      ['TTL', 'nokey'],
      ['PTTL', 'nokey'],
      ['EXPIRETIME', 'nokey'],
      ['PEXPIRETIME', 'nokey'],
      ['EXPIRE', 'a', '100'],
      ['TTL', 'a'],
      ['EXPIREAT', 'a', '4102444800'],
      ['EXPIRETIME', 'a'],
      ['PEXPIRETIME', 'a'],
      ['PEXPIREAT', 'a', '4102444800499'],
      ['EXPIRETIME', 'a'],
      ['PEXPIREAT', 'a', '4102444800500'],
      ['EXPIRETIME', 'a'],
      ['PEXPIRETIME', 'a'],
      ['PERSIST', 'a'],
      ['PERSIST', 'a'],
      ['PERSIST', 'nokey'],
      ['TTL', 'a'],
      ['PEXPIRE', 'a', '100000'],
      ['TTL', 'a'],
      ['SET', 'a', '2'],
      ['TTL', 'a'],
      ['EXPIRE', 'nokey', '100'],
      ['PEXPIREAT', 'nokey', '4102444800000'],
    ]);
  });

  test('a time in the past deletes the key', async () => {
    await pair.check([
      ['SET', 'a', '1'],
      ['EXPIRE', 'a', '-1'],
      ['EXISTS', 'a'],
      ['SET', 'a', '1'],
      ['EXPIRE', 'a', '0'],
      ['EXISTS', 'a'],
      ['SET', 'a', '1'],
      ['PEXPIREAT', 'a', '1'],
      ['EXISTS', 'a'],
      ['SET', 'a', '1'],
      ['EXPIREAT', 'a', '-100'],
      ['GET', 'a'],
      ['SET', 'a', '1'],
      ['PEXPIRE', 'a', '-9223372036854775808'],
      ['EXISTS', 'a'],
      ['SET', 'a', '1'],
      ['EXPIRE', 'a', '-9223372036854775'],
      ['EXISTS', 'a'],
    ]);
  });

  test('NX, XX, GT, LT', async () => {
    await pair.check([
      ['SET', 'a', '1'],
      ['EXPIREAT', 'a', '4102444800', 'XX'],
      ['EXPIREAT', 'a', '4102444800', 'GT'],
      ['EXPIREAT', 'a', '4102444800', 'NX'],
      ['EXPIREAT', 'a', '4102444900', 'NX'],
      ['EXPIREAT', 'a', '4102444700', 'GT'],
      ['EXPIREAT', 'a', '4102444800', 'GT'],
      ['EXPIREAT', 'a', '4102444900', 'gt'],
      ['EXPIRETIME', 'a'],
      ['EXPIREAT', 'a', '4102444900', 'LT'],
      ['EXPIREAT', 'a', '4102445000', 'LT'],
      ['EXPIREAT', 'a', '4102444850', 'lt'],
      ['EXPIRETIME', 'a'],
      ['EXPIREAT', 'a', '4102444860', 'XX', 'GT'],
      ['EXPIREAT', 'a', '4102444800', 'XX', 'LT'],
      ['EXPIRETIME', 'a'],
      ['PERSIST', 'a'],
      ['EXPIREAT', 'a', '4102444800', 'GT'],
      ['EXPIREAT', 'a', '4102444800', 'LT'],
      ['EXPIRETIME', 'a'],
      ['PERSIST', 'a'],
      ['EXPIRE', 'a', '-5', 'LT'],
      ['EXISTS', 'a'],
      ['EXPIRE', 'nokey', '100', 'NX'],
      ['EXPIRE', 'a', '100', 'NX', 'NX'],
    ]);
  });

  test('option and argument errors in Redis order', async () => {
    await pair.check([
      ['SET', 'a', '1'],
      ['EXPIRE', 'a', '100', 'NX', 'XX'],
      ['EXPIRE', 'a', '100', 'XX', 'NX'],
      ['EXPIRE', 'a', '100', 'NX', 'GT'],
      ['EXPIRE', 'a', '100', 'LT', 'NX'],
      ['EXPIRE', 'a', '100', 'GT', 'LT'],
      ['EXPIRE', 'a', '100', 'lt', 'gt'],
      ['EXPIRE', 'a', '100', 'FOO'],
      ['EXPIRE', 'a', '100', 'NX', 'foo'],
      ['EXPIRE', 'a', 'abc', 'FOO'],
      ['EXPIRE', 'a', 'abc', 'GT', 'LT'],
      ['EXPIRE', 'a', 'abc'],
      ['EXPIRE', 'a', '1.5'],
      ['EXPIRE', 'a', ''],
      ['EXPIRE', 'a', ' 1'],
      ['EXPIRE', 'nokey', 'abc'],
      ['PEXPIRE', 'a', '9223372036854775808'],
      ['EXPIRE', 'a'],
      ['TTL'],
      ['PERSIST'],
      ['PERSIST', 'a', 'b'],
    ]);
  });

  test('int64 overflow checks', async () => {
    await pair.check([
      ['SET', 'a', '1'],
      ['EXPIRE', 'a', '9223372036854775'],
      ['EXPIRE', 'a', '9223372036854776'],
      ['EXPIRE', 'a', '-9223372036854776'],
      ['PEXPIRE', 'a', '9223372036854775807'],
      ['PEXPIRE', 'a', '9223372036854000000'],
      ['EXPIREAT', 'a', '9223372036854776'],
      ['EXISTS', 'a'],
      ['EXPIREAT', 'a', '9223372036854775'],
      ['PEXPIRETIME', 'a'],
      ['EXPIRETIME', 'a'],
      ['PEXPIREAT', 'a', '9223372036854775807'],
      ['PEXPIRETIME', 'a'],
      ['EXPIRETIME', 'a'],
      ['PEXPIREAT', 'a', '9007199254740993'],
      ['PEXPIRETIME', 'a'],
      ['RENAME', 'a', 'b'],
      ['PEXPIRETIME', 'b'],
      ['COPY', 'b', 'c'],
      ['PEXPIRETIME', 'c'],
      ['PEXPIREAT', 'c', '9007199254740993', 'GT'],
      ['PEXPIREAT', 'c', '9007199254740994', 'GT'],
      ['PEXPIREAT', 'c', '9007199254740993', 'LT'],
      ['PEXPIRETIME', 'c'],
    ]);
  });

  test('the overflow error names the command inside MULTI and in any case', async () => {
    await pair.check([['SET', 'a', '1'], ['MULTI'], ['expire', 'a', '9223372036854776'], ['PEXPIRE', 'a', '9223372036854775807'], ['ExpireAt', 'a', '9223372036854776'], ['EXEC']]);
  });

  test('commands on a logically expired key', async () => {
    const o = await RawClient.connect(pair.oracle.port);
    const c = await RawClient.connect(pair.cinder.port);
    const seq: string[][] = [
      ['SET', 'k', 'v', 'PX', '1'],
      ['SET', 'j', 'v', 'PX', '1'],
      ['SET', 'm', 'v', 'PX', '1'],
      ['SET', 'n', 'v', 'PX', '1'],
      ['SET', 'p', 'v', 'PX', '1'],
    ];
    const after: string[][] = [
      ['TTL', 'k'],
      ['PERSIST', 'j'],
      ['EXPIRE', 'm', '100'],
      ['RENAME', 'n', 'x'],
      ['TYPE', 'p'],
      ['EXISTS', 'k', 'j', 'm', 'n', 'p'],
      ['OBJECT', 'ENCODING', 'k'],
      ['RANDOMKEY'],
      ['SCAN', '0'],
      ['DBSIZE'],
    ];
    const out: string[][] = [];
    for (const cl of [o, c]) {
      await cl.send('FLUSHALL');
      for (const cmd of seq) await cl.send(...cmd);
    }
    await new Promise((r) => setTimeout(r, 10));
    for (const cl of [o, c]) {
      const r: string[] = [];
      for (const cmd of after) r.push(await cl.send(...cmd));
      out.push(r);
    }
    assert.deepEqual(out[1], out[0]);
    o.close();
    c.close();
  });
});

describe('OBJECT', () => {
  test('ENCODING and REFCOUNT of strings', async () => {
    await pair.check([
      ['SET', 'i0', '0'],
      ['SET', 'i9999', '9999'],
      ['SET', 'i10000', '10000'],
      ['SET', 'neg', '-1'],
      ['SET', 'big', '9223372036854775807'],
      ['SET', 'toobig', '9223372036854775808'],
      ['SET', 'lead0', '007'],
      ['SET', 'negzero', '-0'],
      ['SET', 'short', 'hello'],
      ['SET', 'e44', 'x'.repeat(44)],
      ['SET', 'r45', 'x'.repeat(45)],
      ['SET', 'empty', ''],
      ...['i0', 'i9999', 'i10000', 'neg', 'big', 'toobig', 'lead0', 'negzero', 'short', 'e44', 'r45', 'empty', 'nokey'].flatMap((k) => [
        ['OBJECT', 'ENCODING', k],
        ['OBJECT', 'REFCOUNT', k],
      ]),
      ['object', 'encoding', 'short'],
      ['OBJECT', 'IDLETIME', 'short'],
      ['OBJECT', 'IDLETIME', 'nokey'],
      ['OBJECT', 'FREQ', 'short'],
      ['OBJECT', 'FREQ', 'nokey'],
    ]);
  });

  test('APPEND makes a raw string', { skip: !has('append') && 'string family not complete yet' }, async () => {
    await pair.check([['SET', 'a', '1'], ['APPEND', 'a', '2'], ['OBJECT', 'ENCODING', 'a'], ['OBJECT', 'REFCOUNT', 'a']]);
  });

  test('subcommand and arity errors', async () => {
    await pair.check([['OBJECT'], ['OBJECT', 'FOO'], ['OBJECT', 'FOO', 'k'], ['OBJECT', 'ENCODING'], ['OBJECT', 'ENCODING', 'a', 'b'], ['OBJECT', 'HELP', 'x'], ['OBJECT', 'REFCOUNT'], ['OBJECT', 'IDLETIME', 'a', 'b'], ['OBJECT', 'FREQ']]);
  });

  test('HELP', async () => {
    // 7.2 prints "Print this help." as the last line where 7.0.15 says "Prints this help."
    // (networking.c addReplyHelp); everything else is compared with the oracle.
    const [o, c] = await pair.run([['OBJECT', 'HELP']]);
    assert.equal(c[0], o[0].replace('+    Prints this help.\r\n', '+    Print this help.\r\n'));
    assert.ok(c[0].endsWith('+HELP\r\n+    Print this help.\r\n'));
  });
});

describe('OBJECT under maxmemory policies', () => {
  test('LFU: FREQ counts accesses, IDLETIME is an error', async () => {
    const lfu = await startPair({ 'maxmemory-policy': 'allkeys-lfu' });
    try {
      await lfu.check([
        ['SET', 'a', 'hello'],
        ['OBJECT', 'FREQ', 'a'],
        ['GET', 'a'],
        ['OBJECT', 'FREQ', 'a'],
        ['OBJECT', 'IDLETIME', 'a'],
        ['OBJECT', 'FREQ', 'nokey'],
        ['OBJECT', 'IDLETIME', 'nokey'],
        ['SET', 'b', 'x'],
        ['TOUCH', 'b'],
        ['OBJECT', 'FREQ', 'b'],
      ]);
      // Overwriting keeps the counter (Redis dbSetValue copies the old lru under LFU); the
      // lookups of SET may add one or two more (probability 1/11 each), so only bound it.
      const cl = await RawClient.connect(lfu.cinder.port);
      await cl.send('FLUSHALL');
      await cl.send('SET', 'b', 'x');
      await cl.send('TOUCH', 'b');
      await cl.send('SET', 'b', 'y');
      const freq = Number((await cl.send('OBJECT', 'FREQ', 'b')).slice(1, -2));
      assert.ok(freq >= 6 && freq <= 8, 'freq ' + freq);
      cl.close();
    } finally {
      await lfu.stop();
    }
  });

  test('maxmemory with an LRU policy: small integers are not shared', async () => {
    const lru = await startPair({ maxmemory: '1gb', 'maxmemory-policy': 'allkeys-lru' });
    try {
      await lru.check([['SET', 'a', '1'], ['OBJECT', 'REFCOUNT', 'a'], ['OBJECT', 'ENCODING', 'a'], ['OBJECT', 'IDLETIME', 'a']]);
    } finally {
      await lru.stop();
    }
  });
});

describe('keyspace events', () => {
  /** Runs cmds on the oracle while a RESP3 client PSUBSCRIBEs to everything; returns the events. */
  async function oracleEvents(cmds: string[][]): Promise<string[]> {
    const sub = await RawClient.connect(pair.oracle.port);
    const cl = await RawClient.connect(pair.oracle.port);
    await cl.send('FLUSHALL');
    await cl.send('CONFIG', 'SET', 'notify-keyspace-events', 'KEAnm');
    await sub.send('PSUBSCRIBE', '__keyevent@*');
    for (const c of cmds) await cl.send(...c);
    await cl.send('SELECT', '9');
    await cl.send('SET', 'end-marker', '1');
    const events: string[] = [];
    for (;;) {
      const raw = await sub.readReply();
      const [v] = parse(raw);
      const [, , channel, key] = v as string[];
      if (key === 'end-marker') break;
      events.push(channel + ' ' + key);
    }
    await cl.send('CONFIG', 'SET', 'notify-keyspace-events', '');
    sub.close();
    cl.close();
    return events;
  }

  /** Runs cmds on Cinder, recording notifications through the publish hook. */
  async function cinderEvents(cmds: string[][]): Promise<string[]> {
    const server = pair.cinder.server;
    const events: string[] = [];
    const prevHook = server.publishHook;
    const cl = await RawClient.connect(pair.cinder.port);
    await cl.send('FLUSHALL');
    server.config.setFromString(server.config.lookup('notify-keyspace-events')!, 'KEAnm', false);
    server.publishHook = (channel: string, message: string) => {
      if (channel.startsWith('__keyevent@')) events.push(channel + ' ' + message);
    };
    try {
      for (const c of cmds) await cl.send(...c);
    } finally {
      server.publishHook = prevHook;
      server.config.setFromString(server.config.lookup('notify-keyspace-events')!, '', false);
      cl.close();
    }
    return events;
  }

  test('event names and order match Redis', async () => {
    const cmds = [
      ['SET', 'a', '1'],
      ['EXPIRE', 'a', '100'],
      ['PERSIST', 'a'],
      ['RENAME', 'a', 'b'],
      ['COPY', 'b', 'c'],
      ['COPY', 'b', 'c', 'REPLACE'],
      ['MOVE', 'c', '1'],
      ['EXPIRE', 'b', '-1'],
      ['SET', 'd', '1'],
      ['DEL', 'd', 'nokey'],
      ['SET', 'e', '1'],
      ['UNLINK', 'e'],
      ['GET', 'missing'],
      ['TYPE', 'missing'],
      ['EXISTS', 'missing'],
      ['TOUCH', 'missing'],
      ['OBJECT', 'ENCODING', 'missing'],
      ['TTL', 'missing'],
      ['SET', 'f', '1'],
      ['RENAMENX', 'f', 'g'],
      ['SWAPDB', '0', '1'],
    ];
    const o = await oracleEvents(cmds);
    const c = await cinderEvents(cmds);
    assert.ok(o.length > 20, JSON.stringify(o));
    if (process.env.SHOW_EVENTS) console.log(o);
    assert.deepEqual(c, o);
  });
});

describe('WATCH and expiry', () => {
  /** Runs steps (commands, or a number = sleep ms) on a fresh connection; returns the replies. */
  async function runTimed(port: number, steps: ReadonlyArray<readonly string[] | number>): Promise<string[]> {
    const cl = await RawClient.connect(port);
    await cl.send('FLUSHALL');
    const out: string[] = [];
    for (const s of steps) {
      if (typeof s === 'number') await new Promise((r) => setTimeout(r, s));
      else out.push(await cl.send(...s));
    }
    cl.close();
    return out;
  }
  async function checkTimed(steps: ReadonlyArray<readonly string[] | number>): Promise<void> {
    const o = await runTimed(pair.oracle.port, steps);
    const c = await runTimed(pair.cinder.port, steps);
    assert.deepEqual(c, o);
  }

  test('a key already expired when WATCHed: its lazy deletion does not abort EXEC', async () => {
    await checkTimed([['SET', 'k', 'v', 'PX', '5'], 30, ['WATCH', 'k'], ['GET', 'k'], ['MULTI'], ['PING'], ['EXEC']]);
  });

  test('a key already expired when WATCHed: writing it aborts EXEC', async () => {
    await checkTimed([['SET', 'k', 'v', 'PX', '5'], 30, ['WATCH', 'k'], ['SET', 'k', 'x'], ['MULTI'], ['PING'], ['EXEC']]);
  });

  test('a key already expired when WATCHed, then FLUSHALL / SWAPDB', async () => {
    await checkTimed([['SET', 'k', 'v', 'PX', '5'], 30, ['WATCH', 'k'], ['FLUSHALL'], ['MULTI'], ['PING'], ['EXEC']]);
    await checkTimed([['SET', 'k', 'v', 'PX', '5'], 30, ['WATCH', 'k'], ['SWAPDB', '0', '1'], ['MULTI'], ['PING'], ['EXEC']]);
    await checkTimed([['SELECT', '1'], ['SET', 'k', 'v'], ['SELECT', '0'], ['SET', 'k', 'v', 'PX', '5'], 30, ['WATCH', 'k'], ['SWAPDB', '0', '1'], ['MULTI'], ['PING'], ['EXEC']]);
  });

  test('a live WATCHed key that expires before EXEC aborts it', async () => {
    await checkTimed([['SET', 'k', 'v', 'PX', '20'], ['WATCH', 'k'], 60, ['MULTI'], ['PING'], ['EXEC']]);
  });
});
