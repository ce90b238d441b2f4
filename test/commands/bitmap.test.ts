/**
 * Bitmap family (bitops.c) against the real redis-server: replies in RESP2 and RESP3,
 * keyspace events, dirty counts and OBJECT ENCODING after writes.
 */
import { test, before, after } from 'node:test';
import { startPair, type Pair } from '../helpers/oracle.js';
import { trace, ALL_BYTES, rng, randBytes } from '../helpers/trace.js';

let pair: Pair;
before(async () => {
  pair = await startPair({ 'notify-keyspace-events': 'KEAmn' });
});
after(async () => {
  await pair.stop();
});




/* ------------------------------------------------------------------------------------ */

test('SETBIT/GETBIT: values, growth, no-op writes, events, encodings', async () => {
  await trace(
  pair,
    [
      ['GETBIT', 'k', '0'],
      ['SETBIT', 'k', '7', '1'],
      ['GET', 'k'],
      ['SETBIT', 'k', '7', '1'],
      ['SETBIT', 'k', '7', '0'],
      ['SETBIT', 'k', '7', '0'],
      ['SETBIT', 'k', '100', '0'],
      ['STRLEN', 'k'],
      ['GETBIT', 'k', '100'],
      ['GETBIT', 'k', '1000000'],
      ['SETBIT', 'k', '0', '1'],
      ['GETBIT', 'k', '0'],
      ['GET', 'k'],
      ['SET', 'n', '1'],
      ['GETBIT', 'n', '2'],
      ['GETBIT', 'n', '3'],
      ['SETBIT', 'n', '0', '0'],
      ['SET', 'm', '5'],
      ['SETBIT', 'm', '6', '1'],
      ['GET', 'm'],
      ['SET', 'e', 'abc'],
      ['SETBIT', 'e', '1', '1'],
      ['SET', 't', 'v', 'EX', '100'],
      ['SETBIT', 't', '3', '1'],
      ['TTL', 't'],
      ['SETBIT', 'z', '0', '0'],
    ],
    ['k', 'n', 'm', 'e', 't', 'z'],
  );
});

test('SETBIT/GETBIT errors', async () => {
  await pair.check([
    ['SETBIT', 'k', '-1', '1'],
    ['SETBIT', 'k', 'abc', '1'],
    ['SETBIT', 'k', '4294967296', '1'],
    ['SETBIT', 'k', '#1', '1'],
    ['SETBIT', 'k', '1.0', '1'],
    ['SETBIT', 'k', '0', '2'],
    ['SETBIT', 'k', '0', '-1'],
    ['SETBIT', 'k', '0', 'a'],
    ['SETBIT', 'k', '0', ''],
    ['SETBIT', 'k', 'x', 'y'],
    ['GETBIT', 'k', '-1'],
    ['GETBIT', 'k', '4294967296'],
    ['GETBIT', 'k', '4294967295'],
    ['GETBIT', 'k', ' 1'],
    ['RPUSH', 'l', 'a'],
    ['SETBIT', 'l', '0', '1'],
    ['SETBIT', 'l', '-1', '1'],
    ['SETBIT', 'l', '0', '3'],
    ['GETBIT', 'l', '0'],
    ['GETBIT', 'l', 'x'],
  ]);
});

test('SETBIT offsets follow proto-max-bulk-len', async () => {
  await pair.check(
    [
      ['CONFIG', 'SET', 'proto-max-bulk-len', '1048576'],
      ['SETBIT', 'k', '8388608', '1'],
      ['SETBIT', 'k', '8388607', '1'],
      ['STRLEN', 'k'],
      ['GETBIT', 'k', '8388608'],
      ['BITFIELD', 'k', 'SET', 'u8', '8388600', '1'],
      ['BITFIELD', 'k', 'GET', 'u8', '8388601'],
      ['BITFIELD', 'k', 'GET', 'u8', '#1048576'],
      ['CONFIG', 'SET', 'proto-max-bulk-len', '536870912'],
    ],
    { protocols: [2] },
  );
});

test('BITCOUNT: BYTE and BIT ranges (random data)', async () => {
  const r = rng(42);
  const cmds: string[][] = [];
  const idx = ['0', '1', '2', '3', '7', '8', '9', '15', '16', '17', '63', '64', '-1', '-2', '-8', '-9', '-100', '1000', '-9223372036854775808', '9223372036854775807'];
  for (let round = 0; round < 4; round++) {
    cmds.push(['SET', 's', randBytes(r, [0, 1, 3, 9][round])]);
    cmds.push(['BITCOUNT', 's']);
    for (const a of idx) {
      for (const b of idx) {
        if (r() < 0.3) cmds.push(['BITCOUNT', 's', a, b]);
        if (r() < 0.3) cmds.push(['BITCOUNT', 's', a, b, 'BIT']);
        if (r() < 0.1) cmds.push(['BITCOUNT', 's', a, b, 'byte']);
      }
    }
  }
  await pair.check(cmds);
});

test('BITCOUNT: whole strings, int values, errors, 7.2 missing-key order', async () => {
  await pair.check([
    ['SET', 'b', ALL_BYTES],
    ['BITCOUNT', 'b'],
    ['BITCOUNT', 'b', '0', '-1'],
    ['BITCOUNT', 'b', '10', '200', 'BIT'],
    ['SET', 'n', '1234567'],
    ['BITCOUNT', 'n'],
    ['BITCOUNT', 'n', '1', '2'],
    ['BITCOUNT', 'n', '3', '20', 'BIT'],
    ['BITCOUNT', 'missing'],
    ['BITCOUNT', 'missing', '0', '-1'],
    // 7.2 answers 0 for a missing key before checking the arguments (#11734 is 8.0).
    ['BITCOUNT', 'missing', '0'],
    ['BITCOUNT', 'missing', 'a', 'b'],
    ['BITCOUNT', 'missing', '0', '1', 'FOO'],
    ['BITCOUNT', 'b', '0'],
    ['BITCOUNT', 'b', 'a', '1'],
    ['BITCOUNT', 'b', '0', 'b'],
    ['BITCOUNT', 'b', '0', '1', 'FOO'],
    ['BITCOUNT', 'b', '-1', '-2', 'FOO'],
    ['BITCOUNT', 'b', '0', '1', 'BIT', 'x'],
    ['BITCOUNT', 'b', 'a', 'b', 'c', 'd'],
    ['SET', 'e', ''],
    ['BITCOUNT', 'e'],
    ['BITCOUNT', 'e', '0', '-1'],
    ['BITCOUNT', 'e', '0', '-1', 'BIT'],
    ['RPUSH', 'l', 'a'],
    ['BITCOUNT', 'l'],
    ['BITCOUNT', 'l', 'a', 'b'],
  ]);
});

test('BITPOS: BYTE and BIT ranges, end given or not (random data)', async () => {
  const r = rng(7);
  const cmds: string[][] = [];
  const idx = ['0', '1', '2', '5', '7', '8', '9', '15', '16', '23', '24', '31', '-1', '-2', '-8', '-9', '-17', '-100', '100'];
  const values = ['\xff\xff\xff', '\x00\x00\x00', '\xff\xf0\x00', '\x00\x0f\xff', '\x00\x00\x80', '\xff\xff\xfe', '\x01', '\xfe', randBytes(r, 5), '\x00\xff\x00\xff\x00'];
  for (const v of values) {
    cmds.push(['SET', 's', v]);
    for (const bit of ['0', '1']) {
      cmds.push(['BITPOS', 's', bit]);
      for (const a of idx) {
        if (r() < 0.4) cmds.push(['BITPOS', 's', bit, a]);
        for (const b of idx) {
          if (r() < 0.12) cmds.push(['BITPOS', 's', bit, a, b]);
          if (r() < 0.25) cmds.push(['BITPOS', 's', bit, a, b, 'BIT']);
          if (r() < 0.05) cmds.push(['BITPOS', 's', bit, a, b, 'BYTE']);
        }
      }
    }
  }
  await pair.check(cmds, { protocols: [2] });
});

test('BITPOS: long strings, int values, errors, 7.2 missing-key order', async () => {
  const zeros = '\x00'.repeat(100);
  const ones = '\xff'.repeat(100);
  await pair.check([
    ['SET', 'z', zeros + '\x10' + zeros],
    ['BITPOS', 'z', '1'],
    ['BITPOS', 'z', '1', '3'],
    ['BITPOS', 'z', '1', '101'],
    ['BITPOS', 'z', '0'],
    ['BITPOS', 'z', '1', '0', '-1', 'BIT'],
    ['BITPOS', 'z', '1', '805', '-1', 'BIT'],
    ['SET', 'o', ones + '\xfe' + ones],
    ['BITPOS', 'o', '0'],
    ['BITPOS', 'o', '0', '101'],
    ['BITPOS', 'o', '0', '101', '-1'],
    ['BITPOS', 'o', '0', '0', '-1', 'BIT'],
    ['BITPOS', 'o', '0', '808', '-1', 'BIT'],
    ['SET', 'f', ones],
    ['BITPOS', 'f', '0'],
    ['BITPOS', 'f', '0', '0'],
    ['BITPOS', 'f', '0', '0', '-1'],
    ['BITPOS', 'f', '0', '0', '-1', 'BIT'],
    ['BITPOS', 'f', '1', '0', '-1', 'BIT'],
    ['SET', 'n', '12'],
    ['BITPOS', 'n', '1'],
    ['BITPOS', 'n', '0', '1'],
    ['BITPOS', 'missing', '1'],
    ['BITPOS', 'missing', '0'],
    ['BITPOS', 'missing', '0', 'a'],
    ['BITPOS', 'missing', '1', '0', '1', 'FOO'],
    ['BITPOS', 'missing', '2'],
    ['BITPOS', 'missing', 'x'],
    ['BITPOS', 'f', '2'],
    ['BITPOS', 'f', '-1'],
    ['BITPOS', 'f', '1', 'a'],
    ['BITPOS', 'f', '1', '0', 'b'],
    ['BITPOS', 'f', '1', '0', '1', 'FOO'],
    ['BITPOS', 'f', '1', 'a', '1', 'FOO'],
    ['BITPOS', 'f', '1', '0', 'b', 'FOO'],
    ['BITPOS', 'f', '1', '0', '1', 'BIT', 'x'],
    ['SET', 'e', ''],
    ['BITPOS', 'e', '0'],
    ['BITPOS', 'e', '1'],
    ['BITPOS', 'e', '0', '0', '-1'],
    ['RPUSH', 'l', 'a'],
    ['BITPOS', 'l', '1'],
    ['BITPOS', 'l', '2'],
    ['BITPOS', 'l', '1', 'a'],
  ]);
});

test('BITOP: AND/OR/XOR/NOT, missing keys, empty results, events', async () => {
  await trace(
  pair,
    [
      ['SET', 'a', '\xff\x0f\xaa'],
      ['SET', 'b', '\x0f\xff'],
      ['SET', 'c', ''],
      ['BITOP', 'AND', 'd', 'a', 'b'],
      ['GET', 'd'],
      ['BITOP', 'or', 'd', 'a', 'b', 'missing'],
      ['GET', 'd'],
      ['BITOP', 'Xor', 'd', 'a', 'b', 'a'],
      ['GET', 'd'],
      ['BITOP', 'NOT', 'd', 'a'],
      ['GET', 'd'],
      ['BITOP', 'AND', 'd', 'a', 'missing'],
      ['GET', 'd'],
      ['BITOP', 'AND', 'd', 'missing', 'c'],
      ['EXISTS', 'd'],
      ['BITOP', 'AND', 'd', 'missing'],
      ['BITOP', 'NOT', 'd', 'c'],
      ['SET', 'ttl', 'x', 'EX', '100'],
      ['BITOP', 'OR', 'ttl', 'a'],
      ['TTL', 'ttl'],
      ['SET', 'n1', '12'],
      ['SET', 'n2', '3'],
      ['BITOP', 'OR', 'num', 'n1', 'n2'],
      ['GET', 'num'],
      ['BITOP', 'OR', 'a', 'a'],
      ['BITOP', 'NOT', 'x', 'n1'],
    ],
    ['d', 'ttl', 'num', 'a', 'x'],
  );
});

test('BITOP: errors and random data', async () => {
  const r = rng(99);
  const cmds: string[][] = [
    ['BITOP', 'NOT', 'd', 'a', 'b'],
    ['BITOP', 'NOT', 'd'],
    ['BITOP', 'NAND', 'd', 'a'],
    ['BITOP', 'AND', 'd'],
    ['RPUSH', 'l', 'x'],
    ['SET', 'a', 'abc'],
    ['BITOP', 'AND', 'd', 'a', 'l'],
    ['BITOP', 'OR', 'd', 'l'],
    ['BITOP', 'NOT', 'd', 'l'],
    ['BITOP', 'AND', 'l', 'a'],
    ['TYPE', 'l'],
  ];
  for (let i = 0; i < 20; i++) {
    const n = 1 + Math.floor(r() * 4);
    const keys: string[] = [];
    for (let k = 0; k < n; k++) {
      cmds.push(['SET', 'k' + k, randBytes(r, Math.floor(r() * 70))]);
      keys.push('k' + k);
    }
    for (const op of ['AND', 'OR', 'XOR']) cmds.push(['BITOP', op, 'dest', ...keys], ['GET', 'dest']);
    cmds.push(['BITOP', 'NOT', 'dest', 'k0'], ['GET', 'dest']);
  }
  await pair.check(cmds);
});

test('BITFIELD: GET/SET/INCRBY, signed and unsigned widths, #offsets', async () => {
  await trace(
  pair,
    [
      ['BITFIELD', 'k', 'SET', 'i8', '0', '-100', 'GET', 'i8', '0', 'GET', 'u8', '0'],
      ['BITFIELD', 'k', 'INCRBY', 'u2', '100', '1', 'OVERFLOW', 'SAT', 'INCRBY', 'i8', '0', '-100', 'GET', 'u4', '0'],
      ['GET', 'k'],
      ['BITFIELD', 'k', 'SET', 'u63', '3', '9223372036854775807', 'GET', 'u63', '3', 'GET', 'i64', '3', 'GET', 'i64', '0'],
      ['BITFIELD', 'k', 'SET', 'i64', '#1', '-9223372036854775808', 'GET', 'i64', '#1', 'GET', 'u1', '64'],
      ['BITFIELD', 'k', 'SET', 'u5', '#3', '31', 'GET', 'u5', '15', 'GET', 'u5', '#3'],
      ['BITFIELD', 'k', 'INCRBY', 'i64', '0', '9223372036854775807', 'INCRBY', 'i64', '0', '9223372036854775807'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'i64', '0', '9223372036854775807', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '9223372036854775807'],
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '-9223372036854775808', 'INCRBY', 'i64', '0', '-9223372036854775808'],
      ['BITFIELD', 'k', 'GET', 'u8', '100000', 'GET', 'i3', '5'],
      ['BITFIELD', 'k'],
      ['BITFIELD', 'missing'],
      ['BITFIELD', 'missing', 'GET', 'u8', '0'],
      ['EXISTS', 'missing'],
      ['BITFIELD', 'n', 'OVERFLOW', 'FAIL', 'SET', 'u2', '0', '7'],
      ['EXISTS', 'n'],
      ['GET', 'n'],
      ['BITFIELD', 'same', 'SET', 'u8', '0', '0'],
      ['BITFIELD', 'same', 'SET', 'u8', '0', '0'],
      ['BITFIELD', 'same', 'INCRBY', 'u8', '0', '0'],
      ['BITFIELD', 'same', 'SET', 'u8', '0', '1', 'SET', 'u8', '0', '1'],
      ['SET', 'int', '123'],
      ['BITFIELD', 'int', 'GET', 'u8', '0'],
      ['BITFIELD', 'int', 'SET', 'u8', '0', '49'],
      ['SET', 'ttl', 'x', 'EX', '100'],
      ['BITFIELD', 'ttl', 'SET', 'u8', '0', '1'],
      ['TTL', 'ttl'],
      ['BITFIELD_RO', 'k', 'GET', 'u8', '0', 'GET', 'i64', '3'],
      ['BITFIELD_RO', 'missing', 'GET', 'u8', '0'],
      ['BITFIELD_RO', 'k'],
    ],
    ['k', 'missing', 'n', 'same', 'int', 'ttl'],
  );
});

test('BITFIELD: overflow semantics WRAP/SAT/FAIL on many widths (random)', async () => {
  const r = rng(2024);
  const cmds: string[][] = [];
  const types = ['i1', 'i2', 'i3', 'i7', 'i8', 'i9', 'i15', 'i16', 'i31', 'i32', 'i33', 'i53', 'i63', 'i64', 'u1', 'u2', 'u3', 'u7', 'u8', 'u9', 'u16', 'u31', 'u32', 'u33', 'u53', 'u62', 'u63'];
  const vals = ['0', '1', '-1', '2', '-2', '3', '127', '128', '-128', '-129', '255', '256', '65535', '2147483647', '-2147483648', '4294967295', '4294967296', '9007199254740993', '4611686018427387904', '9223372036854775807', '-9223372036854775808', '-9223372036854775807'];
  for (let i = 0; i < 300; i++) {
    const t = types[Math.floor(r() * types.length)];
    const ow = ['WRAP', 'SAT', 'FAIL'][Math.floor(r() * 3)];
    const off = String(Math.floor(r() * 40));
    const v = vals[Math.floor(r() * vals.length)];
    const op = r() < 0.5 ? 'SET' : 'INCRBY';
    cmds.push(['BITFIELD', 'k', 'OVERFLOW', ow, op, t, off, v, 'GET', t, off]);
  }
  cmds.push(['GET', 'k']);
  await pair.check(cmds);
});

test('BITFIELD: small widths and operands (chains, unaligned offsets, all overflow modes)', async () => {
  const r = rng(555);
  const cmds: string[][] = [];
  for (let i = 0; i < 400; i++) {
    const bits = 1 + Math.floor(r() * 32);
    const t = (r() < 0.5 ? 'i' : 'u') + bits;
    const off = r() < 0.2 ? '#' + Math.floor(r() * 6) : String(Math.floor(r() * 70));
    const mag = [1, 3, 100, 70000, 2 ** 31, 2 ** 33, 2 ** 51][Math.floor(r() * 7)];
    const v = String(Math.floor((r() * 2 - 1) * mag));
    const ow = ['WRAP', 'SAT', 'FAIL'][Math.floor(r() * 3)];
    const op = r() < 0.6 ? 'INCRBY' : 'SET';
    cmds.push(['BITFIELD', 'k', 'OVERFLOW', ow, op, t, off, v, 'GET', t, off, 'GET', 'u32', '3', 'GET', 'i32', '#1']);
    if (r() < 0.05) cmds.push(['GET', 'k']);
  }
  cmds.push(['GET', 'k']);
  await pair.check(cmds, { protocols: [2] });
  await trace(pair, cmds.slice(0, 80), ['k']);
});

test('BITFIELD: errors and BITFIELD_RO restrictions', async () => {
  await pair.check([
    ['BITFIELD', 'k', 'GET', 'u64', '0'],
    ['BITFIELD', 'k', 'GET', 'i65', '0'],
    ['BITFIELD', 'k', 'GET', 'i0', '0'],
    ['BITFIELD', 'k', 'GET', 'I8', '0'],
    ['BITFIELD', 'k', 'GET', 'x8', '0'],
    ['BITFIELD', 'k', 'GET', '', '0'],
    ['BITFIELD', 'k', 'GET', 'i', '0'],
    ['BITFIELD', 'k', 'GET', 'i08', '0'],
    ['BITFIELD', 'k', 'GET', 'i8\0junk', '0'],
    ['BITFIELD', 'k', 'GET', 'u-1', '0'],
    ['BITFIELD', 'k', 'GET', 'u8', '-1'],
    ['BITFIELD', 'k', 'GET', 'u8', 'a'],
    ['BITFIELD', 'k', 'GET', 'u8', '#'],
    ['BITFIELD', 'k', 'GET', 'u8', '#-1'],
    ['BITFIELD', 'k', 'GET', 'u8', '##1'],
    ['BITFIELD', 'k', 'GET', 'u8', '4294967296'],
    ['BITFIELD', 'k', 'GET', 'u8', '#536870912'],
    ['BITFIELD', 'k', 'GET', 'i64', '#144115188075855872'],
    ['BITFIELD', 'k', 'GET', 'i64', '#288230376151711745'],
    ['BITFIELD', 'k', 'GET', 'u8'],
    ['BITFIELD', 'k', 'SET', 'u8', '0'],
    ['BITFIELD', 'k', 'SET', 'u8', '0', 'abc'],
    ['BITFIELD', 'k', 'SET', 'u8', '0', '9223372036854775808'],
    ['BITFIELD', 'k', 'INCRBY', 'u8', '0', '1.5'],
    ['BITFIELD', 'k', 'OVERFLOW'],
    ['BITFIELD', 'k', 'OVERFLOW', 'FOO', 'GET', 'u8', '0'],
    ['BITFIELD', 'k', 'OVERFLOW', 'sat'],
    ['BITFIELD', 'k', 'FOO'],
    ['BITFIELD', 'k', 'GET', 'u8', '0', 'FOO'],
    ['BITFIELD', 'k', 'SET', 'u8', '0', '1', 'GET', 'u99', '0'],
    ['EXISTS', 'k'],
    ['BITFIELD_RO', 'k', 'SET', 'u8', '0', '1'],
    ['BITFIELD_RO', 'k', 'INCRBY', 'u8', '0', '1'],
    ['BITFIELD_RO', 'k', 'GET', 'u8', '0', 'OVERFLOW', 'SAT'],
    ['BITFIELD_RO', 'k', 'SET', 'u8', '0', 'x'],
    ['EXISTS', 'k'],
    ['RPUSH', 'l', 'a'],
    ['BITFIELD', 'l', 'GET', 'u8', '0'],
    ['BITFIELD', 'l', 'SET', 'u8', '0', '1'],
    ['BITFIELD', 'l', 'GET', 'u99', '0'],
    ['BITFIELD_RO', 'l', 'GET', 'u8', '0'],
    ['BITFIELD_RO', 'l', 'SET', 'u8', '0', '1'],
  ]);
});

test('bitmap commands on binary data and inside MULTI', async () => {
  await pair.check([
    ['SET', 'b', ALL_BYTES],
    ['BITCOUNT', 'b'],
    ['BITPOS', 'b', '1'],
    ['BITPOS', 'b', '0', '255'],
    ['GETBIT', 'b', '2047'],
    ['BITFIELD', 'b', 'GET', 'u16', '2040', 'GET', 'i64', '2000'],
    ['MULTI'],
    ['SETBIT', 'b', '2047', '0'],
    ['BITFIELD', 'b', 'INCRBY', 'u8', '2040', '1'],
    ['BITOP', 'NOT', 'c', 'b'],
    ['BITCOUNT', 'c'],
    ['EXEC'],
    ['GET', 'c'],
  ]);
});

/* Large values (>= 256 bytes) are kept buffer-backed and written in place: same results. */

test('large bitmaps: SETBIT/GETBIT/BITCOUNT/BITPOS/BITFIELD in place, events, encodings', async () => {
  const r = rng(31337);
  const cmds: string[][] = [
    ['SETBIT', 'big', '4000', '1'],
    ['SETBIT', 'big', '4000', '1'],
    ['SETBIT', 'big', '4000', '0'],
    ['SETBIT', 'big', '10', '0'],
    ['SETBIT', 'big', '40000', '0'],
    ['STRLEN', 'big'],
  ];
  for (let i = 0; i < 200; i++) {
    const off = String(Math.floor(r() * 60000));
    const op = r();
    if (op < 0.5) cmds.push(['SETBIT', 'big', off, r() < 0.7 ? '1' : '0']);
    else if (op < 0.6) cmds.push(['GETBIT', 'big', off]);
    else if (op < 0.7) cmds.push(['BITFIELD', 'big', 'INCRBY', 'u7', off, String(Math.floor(r() * 300) - 150), 'GET', 'i13', off]);
    else if (op < 0.8) cmds.push(['BITCOUNT', 'big', String(Math.floor(r() * 8000) - 4000), String(Math.floor(r() * 8000)), r() < 0.5 ? 'BIT' : 'BYTE']);
    else if (op < 0.9) cmds.push(['BITPOS', 'big', r() < 0.5 ? '1' : '0', String(Math.floor(r() * 8000)), String(Math.floor(r() * 80000) - 8000), 'BIT']);
    else cmds.push(['BITFIELD_RO', 'big', 'GET', 'u63', off, 'GET', 'i64', '#' + Math.floor(r() * 1000)]);
  }
  cmds.push(['BITCOUNT', 'big'], ['BITPOS', 'big', '1'], ['BITPOS', 'big', '0'], ['STRLEN', 'big'], ['GET', 'big'], ['GETRANGE', 'big', '100', '300'], ['GETRANGE', 'big', '-20', '-1']);
  await trace(pair, cmds, ['big']);
});

test('large values: SETRANGE/APPEND/GETRANGE/INCR/BITOP/SET on buffer-backed strings', async () => {
  await trace(
  pair,
    [
      ['SETBIT', 'b', '3000', '1'],
      ['SETRANGE', 'b', '10', 'hello'],
      ['SETRANGE', 'b', '370', 'past the end'],
      ['SETRANGE', 'b', '0', ''],
      ['APPEND', 'b', 'tail'],
      ['APPEND', 'b', ''],
      ['STRLEN', 'b'],
      ['GETRANGE', 'b', '0', '20'],
      ['GETRANGE', 'b', '-10', '-1'],
      ['GETRANGE', 'b', '5', '2'],
      ['GET', 'b'],
      ['SETBIT', 'b', '7', '1'],
      ['GET', 'b'],
      ['SET', 's', 'x'.repeat(300)],
      ['SETRANGE', 's', '5', 'abc'],
      ['SETBIT', 's', '1', '1'],
      ['APPEND', 's', 'yz'],
      ['GET', 's'],
      ['SET', 't', 'y'.repeat(300), 'EX', '100'],
      ['BITFIELD', 't', 'SET', 'u8', '0', '65'],
      ['SETRANGE', 't', '299', 'Z'],
      ['TTL', 't'],
      ['GET', 't'],
      ['BITOP', 'XOR', 'dest', 'b', 's', 't'],
      ['GET', 'dest'],
      ['BITOP', 'NOT', 'dest2', 'b'],
      ['BITCOUNT', 'dest2'],
      ['INCR', 'b'],
      ['INCRBYFLOAT', 'b', '1'],
      ['LCS', 'b', 's', 'LEN'],
      ['SET', 'b', '12'],
      ['INCR', 'b'],
      ['SETRANGE', 'n', '400', 'x'],
      ['SETRANGE', 'n', '0', 'y'],
      ['GET', 'n'],
      ['SETBIT', 'w', '2500', '1'],
      ['GETSET', 'w', 'replaced'],
      ['GET', 'w'],
      ['SETBIT', 'd', '2500', '1'],
      ['GETDEL', 'd'],
      ['EXISTS', 'd'],
      ['SETBIT', 'src', '3000', '1'],
      ['COPY', 'src', 'cp'],
      ['SETBIT', 'src', '0', '1'],
      ['SETRANGE', 'src', '5', 'zz'],
      ['APPEND', 'cp', 'end'],
      ['GETRANGE', 'cp', '0', '8'],
      ['GETRANGE', 'src', '0', '8'],
      ['STRLEN', 'cp'],
      ['OBJECT', 'ENCODING', 'src'],
      ['OBJECT', 'ENCODING', 'cp'],
      ['BITCOUNT', 'cp'],
      ['BITCOUNT', 'src'],
    ],
    ['b', 's', 't', 'dest', 'dest2', 'n', 'w', 'd', 'src', 'cp'],
  );
});
