/**
 * String family (t_string.c) against the real redis-server: replies in RESP2 and RESP3,
 * keyspace events, dirty counts and OBJECT ENCODING after every write.
 */
import { test, before, after } from 'node:test';
import { startPair, type Pair } from '../helpers/oracle.js';
import { trace, ALL_BYTES, rng } from '../helpers/trace.js';

let pair: Pair;
before(async () => {
  pair = await startPair({ 'notify-keyspace-events': 'KEAmn' });
});
after(async () => {
  await pair.stop();
});


/** Splits a RESP array reply of bulk strings into its items (enough for pub/sub frames). */

/* ------------------------------------------------------------------------------------ */
/* GET / SET                                                                             */
/* ------------------------------------------------------------------------------------ */

test('GET/SET basics, binary-safe values, wrong type', async () => {
  await trace(
  pair,
    [
      ['GET', 'k'],
      ['SET', 'k', 'v'],
      ['GET', 'k'],
      ['SET', 'k', ''],
      ['GET', 'k'],
      ['SET', 'bin', ALL_BYTES],
      ['GET', 'bin'],
      ['SET', ALL_BYTES, ALL_BYTES + ALL_BYTES],
      ['GET', ALL_BYTES],
      ['SET', 'big', 'x'.repeat(100000)],
      ['STRLEN', 'big'],
      ['RPUSH', 'list', 'a'],
      ['GET', 'list'],
      ['SET', 'list', 'now-a-string'],
      ['GET', 'list'],
    ],
    ['k', 'bin', 'big', 'list'],
  );
});

test('SET encodings: int, embstr, raw boundaries', async () => {
  const vals = ['0', '-0', '1', '-1', '01', '+1', ' 1', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '-9223372036854775809', '12345678901234567890', '1'.repeat(21), 'a'.repeat(44), 'a'.repeat(45), '1.5', '1e5', '10000', '9999'];
  const cmds: string[][] = [];
  const keys: string[] = [];
  vals.forEach((v, i) => {
    cmds.push(['SET', 'k' + i, v]);
    keys.push('k' + i);
  });
  await trace(pair, cmds, keys);
});

test('SET options: NX/XX/GET/KEEPTTL and TTLs', async () => {
  await trace(
  pair,
    [
      ['SET', 'k', 'v1', 'NX'],
      ['SET', 'k', 'v2', 'NX'],
      ['SET', 'k', 'v3', 'XX'],
      ['SET', 'nokey', 'v', 'XX'],
      ['GET', 'k'],
      ['SET', 'k', 'v4', 'GET'],
      ['SET', 'new', 'v', 'GET'],
      ['SET', 'k', 'v5', 'NX', 'GET'],
      ['SET', 'k', 'v6', 'XX', 'GET'],
      ['SET', 'none', 'v', 'XX', 'GET'],
      ['GET', 'k'],
      ['SET', 'k', 'v', 'EX', '100'],
      ['TTL', 'k'],
      ['SET', 'k', 'v', 'KEEPTTL'],
      ['TTL', 'k'],
      ['SET', 'k', 'v'],
      ['TTL', 'k'],
      ['SET', 'k', 'v', 'PX', '100000'],
      ['TTL', 'k'],
      ['SET', 'k', 'v', 'EXAT', '4102444800'],
      ['EXPIRETIME', 'k'],
      ['SET', 'k', 'v', 'PXAT', '4102444800000'],
      ['PEXPIRETIME', 'k'],
      ['SET', 'k', 'v', 'ex', '100', 'nx'],
      ['SET', 'k', 'v', 'xX', 'Get', 'pX', '50000'],
      ['TTL', 'k'],
      ['SET', 'k', 'v', 'EXAT', '9223372036854775'],
      ['EXPIRETIME', 'k'],
      ['PEXPIRETIME', 'k'],
      ['SET', 'k', 'v', 'PXAT', '9223372036854775807'],
      ['PEXPIRETIME', 'k'],
      ['GETEX', 'k', 'PXAT', '9007199254740993'],
      ['PEXPIRETIME', 'k'],
      ['SET', 'k', 'v', 'EXAT', '1'],
      ['GET', 'k'],
      ['SET', 'k', 'v', 'PXAT', '1'],
      ['EXISTS', 'k'],
      ['RPUSH', 'l', 'a'],
      ['SET', 'l', 'v', 'GET'],
      ['SET', 'l', 'v', 'NX', 'GET'],
      ['SET', 'l', 'v', 'NX'],
      ['TYPE', 'l'],
    ],
    ['k', 'new'],
  );
});

test('SET syntax and expire errors', async () => {
  await pair.check([
    ['SET', 'k', 'v', 'NX', 'XX'],
    ['SET', 'k', 'v', 'XX', 'NX'],
    ['SET', 'k', 'v', 'EX', '10', 'PX', '10'],
    ['SET', 'k', 'v', 'EX', '10', 'EX', '10'],
    ['SET', 'k', 'v', 'EX', '10', 'EXAT', '10'],
    ['SET', 'k', 'v', 'PXAT', '10', 'PX', '10'],
    ['SET', 'k', 'v', 'KEEPTTL', 'EX', '10'],
    ['SET', 'k', 'v', 'EX', '10', 'KEEPTTL'],
    ['SET', 'k', 'v', 'PERSIST'],
    ['SET', 'k', 'v', 'EX'],
    ['SET', 'k', 'v', 'PX'],
    ['SET', 'k', 'v', 'GET', 'EX'],
    ['SET', 'k', 'v', 'FOO'],
    ['SET', 'k', 'v', 'NXX'],
    ['SET', 'k', 'v', 'EX', '0'],
    ['SET', 'k', 'v', 'EX', '-1'],
    ['SET', 'k', 'v', 'PX', '0'],
    ['SET', 'k', 'v', 'EXAT', '0'],
    ['SET', 'k', 'v', 'PXAT', '-5'],
    ['SET', 'k', 'v', 'EX', 'abc'],
    ['SET', 'k', 'v', 'EX', '1.5'],
    ['SET', 'k', 'v', 'EX', ''],
    ['SET', 'k', 'v', 'EX', '9223372036854775807'],
    ['SET', 'k', 'v', 'EX', '9223372036854775'],
    ['SET', 'k', 'v', 'EX', '9223372036854776'],
    ['SET', 'k', 'v', 'EXAT', '9223372036854776'],
    ['SET', 'k', 'v', 'PX', '9223372036854775807'],
    ['SET', 'k', 'v', 'PX', '9223372036854775808'],
    ['SET', 'k', 'v', 'NX', 'EX', '0'],
    ['SET', 'k'],
    ['SET'],
    ['EXISTS', 'k'],
    // Option names are compared as C strings: they end at a NUL byte.
    ['SET', 'k', 'v', 'nx\0junk'],
    ['SET', 'k', 'v', 'GET\0'],
    ['SET', 'k', 'v', 'EX\0', '10'],
    ['TTL', 'k'],
  ]);
});

test('SET with EX: "set" then "expire" events; expired key on access', async () => {
  await trace(
  pair,
    [
      ['SET', 'k', 'v', 'EX', '100'],
      ['SET', 'k', 'v', 'PXAT', '1'],
      ['GET', 'k'],
      ['SET', 'k', 'v', 'NX', 'EX', '5'],
      ['SET', 'k', 'v2', 'XX', 'KEEPTTL'],
      ['SET', 'x', 'v', 'XX', 'EX', '5'],
    ],
    ['k', 'x'],
  );
});

test('SETNX, SETEX, PSETEX', async () => {
  await trace(
  pair,
    [
      ['SETNX', 'k', 'v'],
      ['SETNX', 'k', 'w'],
      ['GET', 'k'],
      ['SETEX', 'k', '100', 'x'],
      ['TTL', 'k'],
      ['GET', 'k'],
      ['PSETEX', 'k', '100000', 'y'],
      ['TTL', 'k'],
      ['SETEX', 'k', '0', 'x'],
      ['SETEX', 'k', '-10', 'x'],
      ['SETEX', 'k', 'abc', 'x'],
      ['SETEX', 'k', '9223372036854775807', 'x'],
      ['PSETEX', 'k', '0', 'x'],
      ['PSETEX', 'k', '1.5', 'x'],
      ['PSETEX', 'k', '9223372036854775807', 'x'],
      ['SETEX', 'k', '10'],
      ['RPUSH', 'l', 'a'],
      ['SETNX', 'l', 'v'],
      ['SETEX', 'l', '10', '123'],
      ['TYPE', 'l'],
      ['SETNX', 'n', '42'],
    ],
    ['k', 'n'],
  );
});

/* ------------------------------------------------------------------------------------ */
/* GETEX / GETDEL / GETSET / MGET / MSET / MSETNX                                        */
/* ------------------------------------------------------------------------------------ */

test('GETEX options, TTL changes and events', async () => {
  await trace(
  pair,
    [
      ['GETEX', 'missing'],
      ['GETEX', 'missing', 'EX', 'abc'],
      ['GETEX', 'missing', 'EX'],
      ['SET', 'k', 'v'],
      ['GETEX', 'k'],
      ['TTL', 'k'],
      ['GETEX', 'k', 'EX', '100'],
      ['TTL', 'k'],
      ['GETEX', 'k', 'PX', '200000'],
      ['TTL', 'k'],
      ['GETEX', 'k', 'EXAT', '4102444800'],
      ['EXPIRETIME', 'k'],
      ['GETEX', 'k', 'PXAT', '4102444800123'],
      ['PEXPIRETIME', 'k'],
      ['GETEX', 'k', 'PERSIST'],
      ['TTL', 'k'],
      ['GETEX', 'k', 'PERSIST'],
      ['GETEX', 'k', 'EX', '0'],
      ['GETEX', 'k', 'EX', '-1'],
      ['GETEX', 'k', 'EX', 'abc'],
      ['GETEX', 'k', 'PX', '9223372036854775807'],
      ['GETEX', 'k', 'EX', '10', 'PX', '10'],
      ['GETEX', 'k', 'PERSIST', 'EX', '10'],
      ['GETEX', 'k', 'EX', '10', 'PERSIST'],
      ['GETEX', 'k', 'KEEPTTL'],
      ['GETEX', 'k', 'NX'],
      ['GETEX', 'k', 'GET'],
      ['GETEX', 'k', 'FOO'],
      ['GETEX', 'k', 'EXAT', '1'],
      ['EXISTS', 'k'],
      ['SET', 'k', 'v'],
      ['GETEX', 'k', 'PXAT', '1000'],
      ['EXISTS', 'k'],
      ['RPUSH', 'l', 'a'],
      ['GETEX', 'l'],
      ['GETEX', 'l', 'EX', 'abc'],
      ['GETEX', 'l', 'BAD'],
      ['SET', 'n', '12'],
      ['GETEX', 'n', 'EX', '50'],
    ],
    ['k', 'n'],
  );
});

test('GETDEL and GETSET', async () => {
  await trace(
  pair,
    [
      ['GETDEL', 'k'],
      ['SET', 'k', 'v', 'EX', '100'],
      ['GETDEL', 'k'],
      ['EXISTS', 'k'],
      ['GETDEL', 'k'],
      ['RPUSH', 'l', 'a'],
      ['GETDEL', 'l'],
      ['GETSET', 'l', 'x'],
      ['GETSET', 'k', '1'],
      ['SET', 'k', 'v', 'EX', '100'],
      ['GETSET', 'k', '123'],
      ['TTL', 'k'],
      ['GETSET', 'k', ALL_BYTES],
      ['GET', 'k'],
    ],
    ['k'],
  );
});

test('MGET, MSET, MSETNX', async () => {
  await trace(
  pair,
    [
      ['MSET', 'a', '1', 'b', '2', 'c', 'xx'],
      ['MGET', 'a', 'b', 'c', 'd'],
      ['RPUSH', 'l', 'x'],
      ['MGET', 'a', 'l', 'nope', 'b'],
      ['MSET', 'a'],
      ['MSET', 'a', '1', 'b'],
      ['MSETNX', 'a', '1', 'b'],
      ['MSETNX', 'x', '1', 'a', '2'],
      ['MGET', 'x'],
      ['MSETNX', 'x', '1', 'y', '2', 'x', '3'],
      ['MGET', 'x', 'y'],
      ['MSET', 'a', 'v1', 'a', 'v2'],
      ['GET', 'a'],
      ['SET', 'e', 'v', 'EX', '100'],
      ['MSET', 'e', 'w'],
      ['TTL', 'e'],
      ['MSET', 'l', '5'],
      ['MGET', 'l', 'a', 'b', 'c', 'e', 'x', 'y'],
    ],
    ['a', 'b', 'c', 'l', 'x', 'y', 'e'],
  );
});

/* ------------------------------------------------------------------------------------ */
/* INCR family                                                                           */
/* ------------------------------------------------------------------------------------ */

test('INCR/DECR/INCRBY/DECRBY: int64 range, overflow, TTL kept', async () => {
  await trace(
  pair,
    [
      ['INCR', 'k'],
      ['INCR', 'k'],
      ['DECR', 'k'],
      ['DECR', 'k'],
      ['DECR', 'k'],
      ['INCRBY', 'k', '100'],
      ['DECRBY', 'k', '1000'],
      ['INCRBY', 'k', '-5'],
      ['DECRBY', 'k', '-5'],
      ['SET', 'k', '9223372036854775806'],
      ['INCR', 'k'],
      ['INCR', 'k'],
      ['GET', 'k'],
      ['SET', 'k', '-9223372036854775807'],
      ['DECR', 'k'],
      ['DECR', 'k'],
      ['INCRBY', 'k', '9223372036854775807'],
      ['INCRBY', 'k', '9223372036854775807'],
      ['INCRBY', 'k', '9223372036854775807'],
      ['SET', 'k', '0'],
      ['INCRBY', 'k', '-9223372036854775808'],
      ['DECRBY', 'k', '1'],
      ['SET', 'k', '5'],
      ['DECRBY', 'k', '-9223372036854775808'],
      ['DECRBY', 'k', '9223372036854775807'],
      ['INCRBY', 'k', '4503599627370496'],
      ['INCRBY', 'k', '4503599627370497'],
      ['INCRBY', 'k', '9007199254740993'],
      ['DECRBY', 'k', '18014398509481985'],
      ['SET', 'k', '4503599627370495'],
      ['INCR', 'k'],
      ['INCR', 'k'],
      ['INCRBY', 'k', '9007199254740991'],
      ['SET', 'e', '10', 'EX', '100'],
      ['INCR', 'e'],
      ['TTL', 'e'],
    ],
    ['k', 'e'],
  );
});

test('INCR family errors', async () => {
  const bad = ['1.5', ' 1', '1 ', '+1', '01', '-0', '', 'abc', '9223372036854775808', '-9223372036854775809', '12345678901234567890123', '1e3', '0x10', '\x001'];
  const cmds: string[][] = [];
  for (const v of bad) {
    cmds.push(['SET', 'k', v], ['INCR', 'k'], ['DECR', 'k'], ['INCRBY', 'k', '1'], ['INCRBY', 'x', v], ['DECRBY', 'x', v]);
  }
  cmds.push(['RPUSH', 'l', 'a'], ['INCR', 'l'], ['INCRBY', 'l', 'abc'], ['INCRBY', 'l', '1'], ['DECRBY', 'l', '-9223372036854775808'], ['INCR'], ['INCRBY', 'k']);
  await trace(pair, cmds, ['k', 'x']);
});

test('INCR encodings: shared-range and large values, after APPEND', async () => {
  await trace(
  pair,
    [
      ['SET', 'a', '9998'],
      ['INCR', 'a'],
      ['INCR', 'a'],
      ['SET', 'b', '12'],
      ['APPEND', 'b', '3'],
      ['INCR', 'b'],
      ['SET', 'c', 'a'.repeat(50)],
      ['SET', 'd', '-5'],
      ['DECRBY', 'd', '100000'],
    ],
    ['a', 'b', 'c', 'd'],
  );
});

/* ------------------------------------------------------------------------------------ */
/* INCRBYFLOAT                                                                           */
/* ------------------------------------------------------------------------------------ */

test('INCRBYFLOAT: long double arithmetic and %.17Lf formatting', async () => {
  const incrs = [
    '0.1', '0.2', '0.3', '1', '-1', '1.5', '10.5', '-0', '0', '5.0e3', '5.0E+3', '1e-3', '3.0e-2', '1.23456789012345678901234567890',
    '0.000003814697265625', '0.000011444091796875', '1e400', '-1e400', '1.1e4932', '1.18973149535723176502e+4932', '1e-4950', '4e-4951',
    '1e-20', '-1e-20', '123456789012345678901234567890', '9223372036854775807', '-9223372036854775808', '18446744073709551615',
    '18446744073709551616', '0x1.8p3', '0X10', '0x.8', '0x1p-16445', '.5', '1.', '+.5e+2', '-.5E-2', '00012.5000', '3.14159265358979323846264338327950288',
    '2.5e-17', '5e-18', '1.5e-17', '0.99999999999999999', '0.999999999999999999', '1e17', '1e18', '1e19', '1e20', '123.456e10',
  ];
  const cmds: string[][] = [];
  for (const v of incrs) cmds.push(['DEL', 'k'], ['INCRBYFLOAT', 'k', v], ['GET', 'k']);
  for (const v of incrs) cmds.push(['SET', 'k', v], ['INCRBYFLOAT', 'k', '0'], ['INCRBYFLOAT', 'k', '0.1']);
  await pair.check(cmds, { protocols: [2] });
});

test('INCRBYFLOAT: 0.1 repeatedly and mixed chains', async () => {
  const cmds: string[][] = [];
  for (let i = 0; i < 120; i++) cmds.push(['INCRBYFLOAT', 'k', '0.1']);
  for (let i = 0; i < 60; i++) cmds.push(['INCRBYFLOAT', 'k', '-0.3']);
  for (let i = 0; i < 40; i++) cmds.push(['INCRBYFLOAT', 'j', i % 2 === 0 ? '1e15' : '0.01']);
  for (let i = 0; i < 40; i++) cmds.push(['INCRBYFLOAT', 'm', '-1.1e-7']);
  await pair.check(cmds, { protocols: [2] });
});

test('INCRBYFLOAT: random values (seeded fuzz)', async () => {
  const r = rng(12345);
  const cmds: string[][] = [];
  for (let i = 0; i < 400; i++) {
    const digits = 1 + Math.floor(r() * 25);
    let m = '';
    for (let d = 0; d < digits; d++) m += Math.floor(r() * 10);
    const dot = Math.floor(r() * (digits + 1));
    let s = m.slice(0, dot) + '.' + m.slice(dot);
    if (s === '.') s = '0';
    if (r() < 0.4) s += 'e' + (Math.floor(r() * 60) - 30);
    if (r() < 0.5) s = '-' + s;
    if (r() < 0.3) cmds.push(['DEL', 'k']);
    cmds.push(['INCRBYFLOAT', 'k', s]);
  }
  await pair.check(cmds, { protocols: [2] });
});

test('INCRBYFLOAT: errors, RESP3, events, encoding', async () => {
  await trace(
  pair,
    [
      ['INCRBYFLOAT', 'k', '1.5'],
      ['INCRBYFLOAT', 'k', '1.5'],
      ['INCRBYFLOAT', 'k', 'inf'],
      ['INCRBYFLOAT', 'k', '-inf'],
      ['INCRBYFLOAT', 'k', 'INFINITY'],
      ['INCRBYFLOAT', 'k', 'nan'],
      ['INCRBYFLOAT', 'k', 'NaN'],
      ['INCRBYFLOAT', 'k', 'abc'],
      ['INCRBYFLOAT', 'k', ''],
      ['INCRBYFLOAT', 'k', ' 1'],
      ['INCRBYFLOAT', 'k', '1 '],
      ['INCRBYFLOAT', 'k', '1e'],
      ['INCRBYFLOAT', 'k', '1e+'],
      ['INCRBYFLOAT', 'k', '0x'],
      ['INCRBYFLOAT', 'k', '0x1p'],
      ['INCRBYFLOAT', 'k', '1e5000'],
      ['INCRBYFLOAT', 'k', '1e-5000'],
      ['INCRBYFLOAT', 'k', '1.5e4932'],
      ['INCRBYFLOAT', 'k', '1' + '0'.repeat(5119)],
      ['INCRBYFLOAT', 'k', '1' + '0'.repeat(5118)],
      ['INCRBYFLOAT', 'k', '0'.repeat(5118) + '1'],
      ['INCRBYFLOAT', 'k', '0'.repeat(5119) + '1'],
      ['INCRBYFLOAT', 'k', '0.' + '0'.repeat(5116) + '1'],
      ['INCRBYFLOAT', 'k', '\x001'],
      ['GET', 'k'],
      ['SET', 'big', '1.1e4932'],
      ['INCRBYFLOAT', 'big', '1.1e4932'],
      ['INCRBYFLOAT', 'big', '-1.1e4932'],
      ['SET', 's', 'abc'],
      ['INCRBYFLOAT', 's', '1'],
      ['SET', 's', 'inf'],
      ['INCRBYFLOAT', 's', '1'],
      ['SET', 's', '-inf'],
      ['INCRBYFLOAT', 's', 'inf'],
      ['RPUSH', 'l', 'a'],
      ['INCRBYFLOAT', 'l', 'abc'],
      ['SET', 'e', '3', 'EX', '100'],
      ['INCRBYFLOAT', 'e', '2'],
      ['TTL', 'e'],
      ['INCRBYFLOAT', 'i', '3'],
      ['INCRBYFLOAT', 'f', '3.25'],
      ['INCRBYFLOAT', 'g', '1e60'],
      ['INCRBYFLOAT', 'z', '-0.0'],
    ],
    ['k', 'big', 's', 'e', 'i', 'f', 'g', 'z'],
  );
});

/* ------------------------------------------------------------------------------------ */
/* APPEND / STRLEN / SETRANGE / GETRANGE / SUBSTR                                        */
/* ------------------------------------------------------------------------------------ */

test('APPEND and STRLEN (encodings, events, binary)', async () => {
  await trace(
  pair,
    [
      ['STRLEN', 'k'],
      ['APPEND', 'k', '12'],
      ['STRLEN', 'k'],
      ['APPEND', 'k', '3'],
      ['GET', 'k'],
      ['APPEND', 'e', ''],
      ['APPEND', 'e', ''],
      ['APPEND', 's', 'hello'],
      ['APPEND', 'b', ALL_BYTES],
      ['APPEND', 'b', ALL_BYTES],
      ['STRLEN', 'b'],
      ['GET', 'b'],
      ['SET', 'n', '99'],
      ['APPEND', 'n', ''],
      ['SET', 't', 'v', 'EX', '100'],
      ['APPEND', 't', 'w'],
      ['TTL', 't'],
      ['RPUSH', 'l', 'a'],
      ['APPEND', 'l', 'x'],
      ['STRLEN', 'l'],
    ],
    ['k', 'e', 's', 'b', 'n', 't'],
  );
});

test('SETRANGE: padding, overwrite, empty values, errors', async () => {
  await trace(
  pair,
    [
      ['SETRANGE', 'k', '0', ''],
      ['EXISTS', 'k'],
      ['SETRANGE', 'k', '5', ''],
      ['SETRANGE', 'k', '5', 'abc'],
      ['GET', 'k'],
      ['SETRANGE', 'k', '0', 'X'],
      ['SETRANGE', 'k', '6', 'YZW'],
      ['GET', 'k'],
      ['SETRANGE', 'k', '2', ''],
      ['SETRANGE', 'k', '100', ''],
      ['SETRANGE', 'k', '12', ALL_BYTES],
      ['GET', 'k'],
      ['SETRANGE', 'k', '-1', 'x'],
      ['SETRANGE', 'k', 'abc', 'x'],
      ['SETRANGE', 'k', '1.5', 'x'],
      ['SETRANGE', 'k', '536870911', 'xx'],
      ['SETRANGE', 'k', '9223372036854775807', 'x'],
      ['SETRANGE', 'k', '9223372036854775808', 'x'],
      ['SETRANGE', 'n', '536870912', 'x'],
      ['SETRANGE', 'n', '536870911', ''],
      ['SET', 'i', '1234'],
      ['SETRANGE', 'i', '0', '9'],
      ['SET', 'j', '1234'],
      ['SETRANGE', 'j', '0', ''],
      ['SETRANGE', 'z', '0', '5'],
      ['SET', 't', 'hello', 'EX', '100'],
      ['SETRANGE', 't', '1', 'a'],
      ['TTL', 't'],
      ['RPUSH', 'l', 'a'],
      ['SETRANGE', 'l', '0', 'x'],
      ['SETRANGE', 'l', '0', ''],
      ['SETRANGE', 'l', '-1', 'x'],
    ],
    ['k', 'n', 'i', 'j', 'z', 't'],
  );
});

test('GETRANGE / SUBSTR index matrix', async () => {
  const idx = ['0', '1', '2', '4', '5', '6', '100', '-1', '-2', '-5', '-6', '-100', '9223372036854775807', '-9223372036854775808'];
  const cmds: string[][] = [['SET', 's', 'hello'], ['SET', 'n', '-12345'], ['SET', 'e', '']];
  for (const a of idx) for (const b of idx) cmds.push(['GETRANGE', 's', a, b]);
  for (const a of ['0', '-1', '2', '-3']) for (const b of ['0', '-1', '3', '-10']) cmds.push(['SUBSTR', 'n', a, b], ['GETRANGE', 'e', a, b], ['GETRANGE', 'missing', a, b]);
  cmds.push(['GETRANGE', 's', 'a', '1'], ['GETRANGE', 's', '1', 'b'], ['GETRANGE', 'missing', 'a', '1'], ['GETRANGE', 's', '1.0', '2'], ['RPUSH', 'l', 'x'], ['GETRANGE', 'l', '0', '1'], ['GETRANGE', 'l', 'a', '1'], ['SUBSTR', 'l', '0', '1']);
  await pair.check(cmds);
});

/* ------------------------------------------------------------------------------------ */
/* LCS                                                                                   */
/* ------------------------------------------------------------------------------------ */

test('LCS: string, LEN, IDX, MINMATCHLEN, WITHMATCHLEN (RESP2 and RESP3 maps)', async () => {
  await pair.check([
    ['MSET', 'a', 'ohmytext', 'b', 'mynewtext'],
    ['LCS', 'a', 'b'],
    ['LCS', 'a', 'b', 'LEN'],
    ['LCS', 'a', 'b', 'IDX'],
    ['LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN'],
    ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4'],
    ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
    ['LCS', 'a', 'b', 'idx', 'minmatchlen', '-5', 'withmatchlen'],
    ['LCS', 'a', 'b', 'WITHMATCHLEN'],
    ['LCS', 'a', 'b', 'MINMATCHLEN', '2'],
    ['LCS', 'a', 'b', 'LEN', 'MINMATCHLEN', '2'],
    ['LCS', 'a', 'missing'],
    ['LCS', 'missing', 'missing2', 'IDX'],
    ['LCS', 'missing', 'a', 'LEN'],
    ['LCS', 'a', 'a', 'IDX', 'WITHMATCHLEN'],
    ['LCS', 'a', 'b', 'LEN', 'IDX'],
    ['LCS', 'a', 'b', 'IDX', 'LEN'],
    ['LCS', 'a', 'b', 'FOO'],
    ['LCS', 'a', 'b', 'MINMATCHLEN'],
    ['LCS', 'a', 'b', 'MINMATCHLEN', 'x'],
    ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '9223372036854775808'],
    ['RPUSH', 'l', 'x'],
    ['LCS', 'a', 'l'],
    ['LCS', 'l', 'a', 'FOO'],
    ['LCS', 'a'],
    ['SET', 'n1', '12345'],
    ['SET', 'n2', '2x4y5'],
    ['LCS', 'n1', 'n2', 'IDX', 'WITHMATCHLEN'],
  ]);
});

test('LCS: random strings, binary bytes', async () => {
  const r = rng(777);
  const cmds: string[][] = [];
  for (let i = 0; i < 30; i++) {
    const alpha = i % 3 === 0 ? 'ab' : i % 3 === 1 ? 'abcd' : ALL_BYTES;
    const mk = (n: number): string => {
      let s = '';
      for (let k = 0; k < n; k++) s += alpha[Math.floor(r() * alpha.length)];
      return s;
    };
    const a = mk(Math.floor(r() * 40));
    const b = mk(Math.floor(r() * 40));
    cmds.push(['MSET', 'a', a, 'b', b], ['LCS', 'a', 'b'], ['LCS', 'a', 'b', 'LEN'], ['LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN'], ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '2']);
  }
  await pair.check(cmds);
});

test('LCS: transient memory limit follows proto-max-bulk-len', async () => {
  // Both servers get the same CONFIG SET; the 1001x1001 table needs ~4MB > 1MB.
  const cmds: string[][] = [
    ['CONFIG', 'SET', 'proto-max-bulk-len', '1048576'],
    ['MSET', 'a', 'x'.repeat(1000), 'b', 'x'.repeat(1000)],
    ['LCS', 'a', 'b', 'LEN'],
    ['MSET', 'a', 'x'.repeat(400), 'b', 'x'.repeat(400)],
    ['LCS', 'a', 'b', 'LEN'],
    ['CONFIG', 'SET', 'proto-max-bulk-len', '536870912'],
  ];
  await pair.check(cmds, { protocols: [2] });
});

/* ------------------------------------------------------------------------------------ */
/* Transactions and 7.2-specific notes                                                    */
/* ------------------------------------------------------------------------------------ */

test('string commands inside MULTI/EXEC', async () => {
  await pair.check([
    ['MULTI'],
    ['SET', 'k', '1'],
    ['INCR', 'k'],
    ['INCRBYFLOAT', 'k', '0.5'],
    ['APPEND', 'k', 'x'],
    ['GETRANGE', 'k', '0', '-1'],
    ['SET', 'k', 'v', 'EX', '0'],
    ['MGET', 'k', 'nope'],
    ['EXEC'],
  ]);
});
