/**
 * Targeted edge-case tables per command family, compared byte for byte with real
 * redis-server (RESP2 and RESP3): error precedence (syntax vs WRONGTYPE vs out of range),
 * option combinations, int64 boundaries, C-string (NUL byte) argument handling, CONFIG SET
 * validation, WATCH invalidation from a second client, and raw protocol corner cases.
 *
 * Where 7.2 differs from the installed 7.0.15 the case is normalized or left out, with a
 * comment. Cases that fail because of code owned by the lead are marked `todo`.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, sendRaw, RawClient, replyEnd, type Pair } from '../helpers/oracle.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

/** 7.2's addReplyHelp ends with "Print this help." where 7.0 says "Prints this help." (networking.c). */
const helpFooter = (r: string): string => r.replace('+    Prints this help.\r\n', '+    Print this help.\r\n');

/** Cartesian helper: every sequence of `n` picks from `opts` (with order, without repeats). */
function permutations<T>(opts: readonly T[], n: number): T[][] {
  if (n === 0) return [[]];
  const out: T[][] = [];
  for (let i = 0; i < opts.length; i++) {
    const rest = opts.filter((_, j) => j !== i);
    for (const p of permutations(rest, n - 1)) out.push([opts[i], ...p]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Strings

test('SET: every combination of up to 2 options, on a missing key, a string, a volatile string and a zset', async () => {
  const opts: string[][] = [['NX'], ['XX'], ['GET'], ['KEEPTTL'], ['EXAT', '4102444800'], ['PXAT', '4102444800123'], ['EX', '0'], ['PXAT', '-1'], ['EX', '1.5'], ['EX'], ['ex', '9223372036854775807'], ['PX', '9223372036854775807']];
  const setups: string[][][] = [[], [['SET', 'k', 'old']], [['SET', 'k', 'old', 'PXAT', '4102444800999']], [['ZADD', 'k', '1', 'a']]];
  for (const pre of setups) {
    const cmds: string[][] = [];
    for (const n of [0, 1, 2]) {
      for (const combo of permutations(opts, n)) {
        cmds.push(['DEL', 'k'], ...pre, ['SET', 'k', 'v', ...combo.flat()], ['GET', 'k'], ['PEXPIRETIME', 'k'], ['TYPE', 'k']);
      }
    }
    await pair.check(cmds);
  }
});

test('GETEX: option combinations, bounds and wrong types', async () => {
  const opts: string[][] = [['PERSIST'], ['EXAT', '4102444800'], ['PXAT', '4102444800000'], ['EX', '0'], ['EX', '-1'], ['PX', '9223372036854775807'], ['EXAT', '9223372036854775807'], ['EX', 'x'], ['EX'], ['FOO'], ['persist']];
  for (const pre of [[], [['SET', 'k', 'v', 'PXAT', '4102444800999']], [['ZADD', 'k', '1', 'a']]] as string[][][]) {
    const cmds: string[][] = [];
    for (const n of [0, 1, 2]) for (const combo of permutations(opts, n)) cmds.push(['DEL', 'k'], ...pre, ['GETEX', 'k', ...combo.flat()], ['PEXPIRETIME', 'k']);
    await pair.check(cmds);
  }
});

test('INCR family and INCRBYFLOAT: int64 boundaries, number syntax, float formatting', async () => {
  const vals = ['0', '1', '-1', '0.1', '3.0', '1e10', '1e17', '1e-5', '123456789.123456789', '-0', '5e-324', '1.7976931348623157e308', ' 1', '1 ', '0x1', '.5', '5.', '+5', 'nan', 'inf', '-inf', '00001', '9007199254740993', '9223372036854775807', '-9223372036854775808', '9223372036854775808', '18446744073709551616', '0.30000000000000004', '1e-320', ''];
  const cmds: string[][] = [];
  for (const v of vals) {
    for (const inc of ['0', '1', '0.1', '-1.5', '1e17', '3e-7', '1e308']) cmds.push(['SET', 'f', v], ['INCRBYFLOAT', 'f', inc], ['GET', 'f'], ['OBJECT', 'ENCODING', 'f']);
    cmds.push(['DEL', 'f'], ['INCRBYFLOAT', 'f', v], ['SET', 'i', v], ['INCR', 'i'], ['DECR', 'i'], ['DECRBY', 'i', v], ['INCRBY', 'i', v]);
  }
  cmds.push(['SET', 'm', '9223372036854775807'], ['INCR', 'm'], ['INCRBY', 'm', '-1'], ['SET', 'm', '-9223372036854775808'], ['DECR', 'm'], ['DECRBY', 'm', '-9223372036854775808'], ['DECRBY', 'm', '9223372036854775807']);
  cmds.push(['ZADD', 'z', '1', 'a'], ['INCR', 'z'], ['INCRBY', 'z', 'x'], ['INCRBYFLOAT', 'z', 'x'], ['INCRBYFLOAT', 'z', '1']);
  await pair.check(cmds);
});

test('GETRANGE/SETRANGE/APPEND: bounds, empty values, proto-max-bulk-len', async () => {
  await pair.check([
    ['SET', 's', 'hello'], ['GETRANGE', 's', '0', '-1'], ['GETRANGE', 's', '-100', '-50'], ['GETRANGE', 's', '3', '1'], ['GETRANGE', 's', '-1', '-2'],
    ['GETRANGE', 's', '9223372036854775807', '9223372036854775807'], ['GETRANGE', 's', '-9223372036854775808', '2'], ['GETRANGE', 's', 'a', '1'], ['GETRANGE', 'none', '0', '-1'],
    ['SETRANGE', 's', '-1', 'x'], ['SETRANGE', 's', '536870912', 'x'], ['SETRANGE', 's', '536870911', ''], ['SETRANGE', 'none', '5', ''], ['EXISTS', 'none'],
    ['SETRANGE', 's', '2', 'XYZ'], ['GET', 's'], ['OBJECT', 'ENCODING', 's'], ['SETRANGE', 's', '8', 'Q'], ['GET', 's'], ['APPEND', 'n2', '12'], ['OBJECT', 'ENCODING', 'n2'],
    ['SUBSTR', 's', '1', '2'], ['ZADD', 'z', '1', 'a'], ['SETRANGE', 'z', '0', ''], ['SETRANGE', 'z', '-1', 'x'], ['GETRANGE', 'z', 'x', 'y'], ['APPEND', 'z', 'x'], ['STRLEN', 'z'],
  ]);
  await pair.check([
    ['CONFIG', 'SET', 'proto-max-bulk-len', '1048576'], ['SETRANGE', 'k', '1048576', 'x'], ['SETRANGE', 'k', '1048575', 'x'], ['STRLEN', 'k'], ['SETRANGE', 'k', '1048575', 'xy'],
    ['APPEND', 'k', 'z'], ['SETBIT', 'b', '8388608', '1'], ['SETBIT', 'b', '8388607', '1'], ['BITFIELD', 'c', 'SET', 'u8', '8388600', '1'], ['BITFIELD', 'c', 'SET', 'u8', '8388608', '1'],
    ['GETRANGE', 'k', '1048570', '1048600'], ['CONFIG', 'SET', 'proto-max-bulk-len', '536870912'],
  ], { protocols: [2] });
});

test('MSET/MSETNX/MGET/SETEX/PSETEX/LCS: arity and error precedence', async () => {
  await pair.check([
    ['MSET', 'a'], ['MSET', 'a', '1', 'b'], ['MSETNX', 'a', '1', 'a', '2'], ['MGET', 'a', 'b', 'c'], ['ZADD', 'z', '1', 'x'], ['MGET', 'z', 'a'], ['MSETNX', 'z', '1'],
    ['SETEX', 'a', '0', 'x'], ['SETEX', 'a', '-5', 'x'], ['PSETEX', 'a', '0', 'x'], ['SETEX', 'a', '9223372036854775807', 'x'], ['PSETEX', 'a', '9223372036854775807', 'x'], ['SETEX', 'a', 'abc', 'x'],
    ['SETEX', 'z', '10', 'x'], ['TYPE', 'z'], ['SET', 'a', 'ohmytext'], ['SET', 'b', 'mynewtext'], ['LCS', 'a', 'b'], ['LCS', 'a', 'b', 'LEN'], ['LCS', 'a', 'b', 'IDX'],
    ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'], ['LCS', 'a', 'b', 'IDX', 'LEN'], ['LCS', 'a', 'b', 'FOO'], ['LCS', 'a', 'b', 'MINMATCHLEN', '-1'], ['LCS', 'a', 'nokey'],
    ['ZADD', 'l', '1', 'x'], ['LCS', 'a', 'l'], ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN'], ['LCS', 'l', 'a', 'FOO'],
  ]);
});

// ---------------------------------------------------------------------------------------
// Bitmaps

test('bitmaps: offsets, BIT/BYTE ranges, BITOP, BITFIELD type/offset/overflow errors', async () => {
  await pair.check([
    ['SETBIT', 'b', '7', '1'], ['SETBIT', 'b', '4294967296', '1'], ['SETBIT', 'b', '-1', '1'], ['SETBIT', 'b', '1', '2'], ['SETBIT', 'b', '1', ''], ['GETBIT', 'b', '4294967296'],
    ['GETBIT', 'b', 'abc'], ['BITCOUNT', 'b', '0'], ['BITCOUNT', 'b', '0', '-1', 'BIT'], ['BITCOUNT', 'b', '0', '-1', 'FOO'], ['BITCOUNT', 'b', 'a', 'b'], ['BITCOUNT', 'nokey', '0'],
    ['BITCOUNT', 'b', '0', '-1', 'BYTE', 'x'], ['BITPOS', 'b', '2'], ['BITPOS', 'b', '1', '0', '-1', 'BIT'], ['BITPOS', 'b', '0'], ['BITPOS', 'nokey', '0'], ['BITPOS', 'nokey', '1'],
    ['BITPOS', 'b', '1', '2'], ['BITPOS', 'b', '0', '0', '0'], ['BITPOS', 'b', '1', 'a'], ['BITPOS', 'b', '1', '0', '-1', 'FOO'], ['OBJECT', 'ENCODING', 'b'],
    ['SET', 'x', 'abc'], ['SET', 'y', 'xyz12'], ['BITOP', 'AND', 'd', 'x', 'y'], ['GET', 'd'], ['BITOP', 'OR', 'd', 'x', 'y', 'nokey'], ['BITOP', 'XOR', 'd', 'x'], ['BITOP', 'NOT', 'd', 'x', 'y'],
    ['BITOP', 'NOT', 'd', 'x'], ['BITOP', 'FOO', 'd', 'x'], ['BITOP', 'AND', 'd', 'nokey'], ['EXISTS', 'd'], ['ZADD', 'z', '1', 'm'], ['BITOP', 'AND', 'd', 'z'], ['BITOP', 'FOO', 'd', 'z'],
    ['BITFIELD', 'bf', 'SET', 'u8', '0', '255'], ['BITFIELD', 'bf', 'GET', 'u8', '0'], ['BITFIELD', 'bf', 'INCRBY', 'i8', '0', '200'], ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '5'],
    ['BITFIELD', 'bf', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '-9223372036854775808'], ['BITFIELD', 'bf', 'GET', 'u64', '0'], ['BITFIELD', 'bf', 'GET', 'i65', '0'], ['BITFIELD', 'bf', 'GET', 'u63', '#1'],
    ['BITFIELD', 'bf', 'GET', 'u8', '-1'], ['BITFIELD', 'bf', 'GET', 'u8', '#-1'], ['BITFIELD', 'bf', 'SET', 'u8', '0', 'abc'], ['BITFIELD', 'bf', 'OVERFLOW', 'FOO'], ['BITFIELD', 'bf', 'FOO'],
    ['BITFIELD', 'bf', 'GET', 'u8'], ['BITFIELD_RO', 'bf', 'SET', 'u8', '0', '1'], ['BITFIELD_RO', 'bf', 'GET', 'u8', '0'], ['BITFIELD', 'bf'], ['BITFIELD', 'bf', 'GET', 'x8', '0'],
    ['BITFIELD', 'bf', 'GET', 'u0', '0'], ['BITFIELD', 'bf', 'SET', 'i64', '0', '9223372036854775808'], ['BITFIELD', 'bf', 'GET', 'u8', '4294967296'], ['BITFIELD', 'z', 'GET', 'u8', '0'],
    ['BITFIELD', 'z', 'GET', 'x8', '0'], ['BITFIELD_RO', 'z', 'GET', 'u8', '0'],
  ]);
});

// ---------------------------------------------------------------------------------------
// Generic keyspace and expiry

test('EXPIRE family: NX/XX/GT/LT, overflow, past times delete', async () => {
  await pair.check([
    ['SET', 'k', 'v'], ['EXPIRE', 'k', '100', 'NX', 'XX'], ['EXPIRE', 'k', '100', 'GT', 'LT'], ['EXPIRE', 'k', '100', 'NX', 'GT'], ['EXPIRE', 'k', '100', 'FOO'],
    ['EXPIRE', 'k', '9223372036854775807'], ['PEXPIRE', 'k', '9223372036854775807'], ['EXPIREAT', 'k', '9223372036854775807'], ['PEXPIREAT', 'k', '9223372036854775807'],
    ['EXPIRE', 'k', '-9223372036854775808'], ['EXPIRE', 'k', 'abc'], ['EXPIRE', 'nokey', '10'], ['EXPIREAT', 'k', '4000000000', 'GT'], ['EXPIRETIME', 'k'], ['PEXPIRETIME', 'k'],
    ['EXPIREAT', 'k', '4000000000', 'LT'], ['EXPIREAT', 'k', '3000000000', 'GT'], ['EXPIREAT', 'k', '3000000000', 'LT'], ['EXPIRETIME', 'k'], ['PERSIST', 'k'], ['PERSIST', 'k'],
    ['TTL', 'k'], ['PTTL', 'nokey'], ['EXPIRETIME', 'nokey'], ['EXPIREAT', 'k', '4000000000', 'XX'], ['EXPIREAT', 'k', '4000000000', 'NX'], ['EXPIRE', 'k', '-1'], ['EXISTS', 'k'],
    ['SET', 'k', 'v'], ['EXPIREAT', 'k', '1'], ['EXISTS', 'k'], ['SET', 'k', 'v'], ['PEXPIREAT', 'k', '0'], ['EXISTS', 'k'], ['SET', 'k', 'v'], ['EXPIRE', 'k', '9223372036854775'],
    ['EXPIRE', 'k', '9223372036854776'], ['EXPIRE', 'k', '0', 'GT'], ['EXPIRE', 'k', '0', 'LT'], ['EXISTS', 'k'], ['EXPIRE', 'nokey', 'abc', 'FOO'], ['EXPIRE', 'k', 'abc', 'FOO'],
  ]);
});

test('RENAME/COPY/MOVE/SWAPDB/SELECT: argument errors and same-key cases', async () => {
  await pair.check([
    ['SET', 'a', '1'], ['SET', 'b', '2'], ['RENAME', 'a', 'a'], ['RENAME', 'nokey', 'a'], ['RENAMENX', 'a', 'b'], ['RENAMENX', 'a', 'a'], ['RENAMENX', 'nokey', 'nokey'], ['RENAME', 'a', 'c'],
    ['COPY', 'b', 'c'], ['COPY', 'b', 'c', 'REPLACE'], ['COPY', 'b', 'b'], ['COPY', 'b', 'b', 'DB', '0'], ['COPY', 'b', 'b', 'DB', '1'], ['COPY', 'b', 'd', 'DB', '100'], ['COPY', 'b', 'd', 'DB', 'abc'],
    ['COPY', 'b', 'd', 'FOO'], ['COPY', 'b', 'd', 'DB'], ['COPY', 'nokey', 'd', 'FOO'], ['MOVE', 'b', '0'], ['MOVE', 'b', '1'], ['MOVE', 'b', '100'], ['MOVE', 'b', '-1'], ['MOVE', 'b', 'abc'],
    ['MOVE', 'nokey', '1'], ['SELECT', '1'], ['DBSIZE'], ['SWAPDB', '0', '1'], ['DBSIZE'], ['SWAPDB', '0', '100'], ['SWAPDB', 'a', '1'], ['SWAPDB', '-1', '1'], ['SELECT', '16'], ['SELECT', '-1'],
    ['SELECT', 'abc'], ['SELECT', '0'], ['DBSIZE'], ['DEL', 'a', 'a', 'b'], ['UNLINK', 'c', 'x'], ['EXISTS', 'a', 'a'], ['TOUCH', 'a', 'b', 'c'], ['TYPE', 'nokey'],
  ]);
});

test('OBJECT: encodings of strings, REFCOUNT of shared integers, FREQ/IDLETIME policy errors, HELP (7.2 footer)', async () => {
  const cmds: string[][] = [];
  for (const v of ['12345', '12345678901234567890', 'a'.repeat(44), 'a'.repeat(45), '-1', '0', '01', '9223372036854775807', '-9223372036854775808', ' 1', '1.5', '10000', '9999', '']) {
    cmds.push(['SET', 'k', v], ['OBJECT', 'ENCODING', 'k'], ['OBJECT', 'REFCOUNT', 'k'], ['APPEND', 'k', ''], ['OBJECT', 'ENCODING', 'k']);
  }
  cmds.push(['OBJECT', 'FREQ', 'k'], ['OBJECT', 'ENCODING', 'nokey'], ['OBJECT', 'FREQ', 'nokey'], ['OBJECT', 'FOO', 'k'], ['OBJECT', 'ENCODING'], ['OBJECT', 'HELP', 'x']);
  cmds.push(['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'], ['OBJECT', 'IDLETIME', 'k'], ['OBJECT', 'FREQ', 'k'], ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction']);
  await pair.check(cmds);
  await pair.check([['OBJECT', 'HELP']], { normalize: helpFooter });
});

test('KEYS: glob corner cases (compared as sorted sets, KEYS order is hash order)', async () => {
  const keys = ['a', 'b', 'ab', 'abc', 'a*c', 'a?c', 'a[c', 'a]c', 'a\\c', 'a-c', 'A', '\\', '[', ']', '*', '?', '-', '^', '!', 'aXc', 'a\x00c', '\xff', 'a\nb', '[a]', 'a^b', ''];
  const pats = ['*', '?', '[', '[]', '[]]', '[!a]', '[^a]', '[a-]', '[-a]', '[z-a]', '[\\]]', '\\', 'a\\', '[a', 'a[', '*[', '[*', '[[]', '[\\', 'a*c', '*c', 'a?c', '[a-c]*', '[^a-c]*', '\\*', '\\?', '\\[', '[\\-]', '[a\\-c]', '**', '*?*', '[]a]', '[!]a]', '[^]]', '[a-\\]]', '[\\a-c]', 'a[!-]c', '[b-a]*', '[a-c-e]', '[---]', '[!-]', 'a\x00*', '\\\x00', 'A*', '*C'];
  const runKeys = async (port: number): Promise<string[]> => {
    const c = await RawClient.connect(port);
    try {
      await c.send('FLUSHALL');
      for (const k of keys) await c.send('SET', k, '1');
      const out: string[] = [];
      for (const p of pats) {
        const r = await c.send('KEYS', p);
        const items: string[] = [];
        let pos = r.indexOf('\r\n') + 2;
        while (pos < r.length) {
          const e = replyEnd(r, pos);
          items.push(r.slice(pos, e));
          pos = e;
        }
        out.push(items.sort().join('|'));
      }
      return out;
    } finally {
      c.close();
    }
  };
  const a = await runKeys(pair.oracle.port);
  const b = await runKeys(pair.cinder.port);
  for (let i = 0; i < pats.length; i++) assert.equal(b[i], a[i], 'KEYS ' + JSON.stringify(pats[i]));
});

test('SCAN: argument errors', async () => {
  await pair.check([
    ['SCAN', '0', 'COUNT', '0'], ['SCAN', '0', 'COUNT', '-1'], ['SCAN', 'abc'], ['SCAN', '-1'], ['SCAN', '18446744073709551615'], ['SCAN', '18446744073709551616'], ['SCAN', '0', 'MATCH'],
    ['SCAN', '0', 'FOO', 'x'], ['SCAN', '0', 'TYPE', 'foo'], ['SCAN', '0', 'TYPE', 'string'], ['SCAN', '0', 'COUNT', 'abc'], ['SCAN', '0', 'COUNT', '9223372036854775807'],
  ]);
});

// ---------------------------------------------------------------------------------------
// C-string arguments: Redis compares options with strcasecmp and prints them with %s, so an
// argument ends at its first NUL byte there.

test('options and error texts stop at a NUL byte (strcasecmp / %s), as in Redis', async () => {
  await pair.check([
    ['SET', 'k', 'v'], ['EXPIRE', 'k', '10', 'NX\x00'], ['EXPIRE', 'k', '10', 'XX\x00junk'], ['EXPIRE', 'k', '10', 'a\x00b'], ['EXPIRE', 'k', '10', '\x00'],
    ['SCAN', '0', 'COUNT\x00', '5'], ['SCAN', '0', 'MATCH\x00', '*'], ['SCAN', '0', 'TYPE\x00', 'string'], ['SCAN', '0', 'TYPE', 'string\x00x'],
    ['COPY', 'k', 'j', 'REPLACE\x00'], ['COPY', 'k', 'j2', 'DB\x00', '1'], ['CLIENT', 'REPLY', 'ON\x00'], ['CLIENT', 'LIST', 'TYPE', 'a\x00b'], ['CLIENT', 'KILL', 'TYPE', 'a\x00b'],
    ['CLIENT', 'KILL', 'ID\x00', '999999'], ['CLIENT', 'KILL', 'USER', 'nouser\x00x'], ['CLIENT', 'NO-EVICT', 'on\x00'], ['CLIENT', 'PAUSE', '10', 'WRITE\x00'], ['CLIENT', 'UNPAUSE'], ['HELLO', '3', 'a\x00b'], ['FLUSHDB', 'ASYNC\x00'], ['DBSIZE'],
    ['CONFIG', 'SET', 'a\x00b', '1'], ['CONFIG', 'SET', 'lazyfree-lazy-user-flush', 'yes\x00'], ['CONFIG', 'GET', 'lazyfree-lazy-user-flush'],
    ['CONFIG', 'SET', 'lazyfree-lazy-user-flush', 'no'], ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru\x00x'], ['CONFIG', 'GET', 'maxmemory-policy'],
    ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'], ['CONFIG', 'SET', 'hz', '5\x00'], ['SHUTDOWN', 'NOSAVE\x00', 'FOO'],
    ['RPUSH', 'l', 'a', 'b', 'c'], ['LINSERT', 'l', 'BEFORE\x00x', 'b', 'z'], ['LINSERT', 'l', '\x00', 'b', 'z'], ['LPOS', 'l', 'b', 'RANK\x00', '1'], ['LPOS', 'l', 'b', 'MAXLEN\x00', '0'],
    ['LMOVE', 'l', 'm', 'LEFT\x00', 'RIGHT'], ['LMPOP', '1', 'l', 'LEFT\x00'], ['LMPOP', '1', 'l', 'LEFT', 'COUNT\x00', '1'], ['BLMPOP', '0.01', '1', 'nol', 'LEFT\x00'],
    ['HSET', 'h', 'f', 'v'], ['HRANDFIELD', 'h', '1', 'WITHVALUES\x00'], ['COMMAND', 'LIST', 'FILTERBY\x00', 'PATTERN', 'xyz*'], ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN\x00', 'xyz*'],
    ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nosuch\x00'], ['COMMAND', 'INFO', 'get\x00'],
  ]);
  // HELLO's SETNAME keyword with a NUL switches the protocol: RESP2 only (and the id/version differ).
  const [a, b] = await pair.run([['HELLO', '2', 'SETNAME\x00', 'x'], ['CLIENT', 'GETNAME']]);
  assert.equal(b[0].slice(0, 5), a[0].slice(0, 5));
  assert.equal(a[0].slice(0, 5), '*14\r\n');
  assert.equal(b[1], a[1]);
});

test('CLIENT SETINFO (7.2 only, not in 7.0.15): attribute names compared as C strings', async () => {
  // 7.2 networking.c clientSetinfoCommand: strcasecmp(attr, "lib-name"/"lib-ver"), else
  // "Unrecognized option '%s'"; a value with spaces: "%s cannot contain spaces, newlines or special characters.".
  const c = await RawClient.connect(pair.cinder.port);
  try {
    assert.equal(await c.send('CLIENT', 'SETINFO', 'lib-name\x00', 'x'), '+OK\r\n');
    assert.equal(await c.send('CLIENT', 'SETINFO', 'LIB-VER', '1.0'), '+OK\r\n');
    assert.equal(await c.send('CLIENT', 'SETINFO', 'foo\x00bar', 'x'), "-ERR Unrecognized option 'foo'\r\n");
    assert.equal(await c.send('CLIENT', 'SETINFO', 'lib-name', 'a b'), '-ERR lib-name cannot contain spaces, newlines or special characters.\r\n');
    assert.match(await c.send('CLIENT', 'INFO'), / lib-name=x lib-ver=1\.0\n/);
  } finally {
    c.close();
  }
});

// ---------------------------------------------------------------------------------------
// CONFIG

test('CONFIG SET: memory values (empty, unit only, NUL, overflow), percents, MULTI_ARG splitting, repl-backlog-size minimum', async () => {
  const cmds: string[][] = [];
  const params = ['maxmemory', 'maxmemory-clients', 'proto-max-bulk-len', 'hash-max-listpack-value', 'repl-backlog-size', 'client-output-buffer-limit', 'latency-tracking-info-percentiles', 'shutdown-on-sigterm', 'hz'];
  const vals = ['', ' ', 'kb', '1kb\x00x', '1\x00', '100000000000000000000', '18446744073709551615', '18446744073709551616', '9223372036854775808', '101%', '100%', '0%', '-1%', '50%', '1', '16384',
    '16383', '+5', ' 5', 'normal 0 0 0', 'normal 0 0 0 ', 'normal  0 0 0', 'normal 1mb 2MB 3', 'replica 1 1 1 pubsub 2 2 2', '50  99', '50 99', ' 50', '"50"', 'save nosave', 'save  nosave', 'NOSAVE now', 'default'];
  const orig: Record<string, string> = {
    maxmemory: '0', 'maxmemory-clients': '0', 'proto-max-bulk-len': '536870912', 'hash-max-listpack-value': '64', 'repl-backlog-size': '1048576',
    'client-output-buffer-limit': 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60', 'latency-tracking-info-percentiles': '50 99 99.9', 'shutdown-on-sigterm': 'default', hz: '10',
  };
  for (const p of params) {
    for (const v of vals) cmds.push(['CONFIG', 'SET', p, v], ['CONFIG', 'GET', p], ['CONFIG', 'SET', p, orig[p]]);
  }
  await pair.check(cmds, { protocols: [2] });
});

test('CONFIG SET: several pairs are atomic; duplicates; immutable; GET several', async () => {
  await pair.check([
    ['CONFIG', 'SET', 'hz', '5', 'maxmemory', 'abc'], ['CONFIG', 'GET', 'hz'], ['CONFIG', 'SET', 'hz', '5', 'hz', '6'], ['CONFIG', 'SET', 'hz', '5', 'HZ', '6'],
    ['CONFIG', 'SET', 'hash-max-ziplist-value', '5', 'hash-max-listpack-value', '6'], ['CONFIG', 'SET', 'hz', '5', 'daemonize', 'yes'], ['CONFIG', 'SET', 'daemonize', 'yes'],
    ['CONFIG', 'SET', 'hz', '7', 'maxmemory-policy', 'allkeys-lru'], ['CONFIG', 'GET', 'hz'], ['CONFIG', 'GET', 'maxmemory-policy'], ['CONFIG', 'GET', 'hz', 'hz'],
    ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction', 'hz', '10'], ['CONFIG', 'SET', 'maxmemory'], ['CONFIG', 'SET', 'nosuch', '1'], ['CONFIG', 'GET'], ['CONFIG', 'RESETSTAT', 'x'],
    ['CONFIG', 'SET', 'notify-keyspace-events', 'KA$'], ['CONFIG', 'GET', 'notify-keyspace-events'], ['CONFIG', 'SET', 'notify-keyspace-events', 'Z'], ['CONFIG', 'SET', 'notify-keyspace-events', ''],
    ['CONFIG', 'SET', 'lazyfree-lazy-user-flush', 'maybe'], ['CONFIG', 'SET', 'lazyfree-lazy-user-flush', 'YES'], ['CONFIG', 'GET', 'lazyfree-lazy-user-flush'], ['CONFIG', 'SET', 'lazyfree-lazy-user-flush', 'no'],
  ], { protocols: [2] });
  await pair.check([['CONFIG', 'HELP']], { normalize: helpFooter });
});

// ---------------------------------------------------------------------------------------
// Connection / server

test('connection and server commands: arity and argument errors', async () => {
  await pair.check([
    ['PING', 'a', 'b'], ['PING', ''], ['ECHO'], ['ECHO', 'a', 'b'], ['ECHO', ''], ['SELECT', '1', '2'], ['HELLO', '4'], ['HELLO', 'abc'], ['HELLO', '2', 'FOO'], ['HELLO', '2', 'AUTH', 'default'],
    ['HELLO', '2', 'SETNAME', 'a b'], ['HELLO', '0'], ['HELLO', '-1'], ['HELLO', '1'], ['HELLO', '3', 'SETNAME'], ['AUTH', 'x'], ['AUTH', 'a', 'b'], ['AUTH', 'default', 'nopass'], ['AUTH', 'a', 'b', 'c'],
    ['CLIENT', 'SETNAME', 'a b'], ['CLIENT', 'SETNAME', 'a\nb'], ['CLIENT', 'SETNAME', ''], ['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME', 'x'], ['CLIENT', 'GETNAME'], ['CLIENT', 'FOO'], ['CLIENT'],
    ['CLIENT', 'REPLY', 'FOO'], ['CLIENT', 'KILL'], ['CLIENT', 'KILL', '1.2.3.4:5'], ['CLIENT', 'KILL', 'ID', 'abc'], ['CLIENT', 'KILL', 'ID', '0'], ['CLIENT', 'KILL', 'ID', '999999'], ['CLIENT', 'KILL', 'TYPE', 'foo'],
    ['CLIENT', 'KILL', 'FOO', 'bar'], ['CLIENT', 'KILL', 'SKIPME', 'maybe'], ['CLIENT', 'KILL', 'ADDR'], ['CLIENT', 'KILL', 'USER', 'nouser'], ['CLIENT', 'PAUSE', 'abc'], ['CLIENT', 'PAUSE', '-1'],
    ['CLIENT', 'PAUSE', '10', 'FOO'], ['CLIENT', 'UNPAUSE'], ['CLIENT', 'NO-EVICT', 'maybe'], ['CLIENT', 'NO-EVICT', 'on'],
    ['CLIENT', 'LIST', 'TYPE', 'foo'], ['CLIENT', 'LIST', 'ID', 'abc'], ['CLIENT', 'LIST', 'ID'], ['CLIENT', 'LIST', 'FOO'], ['CLIENT', 'UNBLOCK', 'abc'], ['CLIENT', 'UNBLOCK', '1', 'FOO'],
    ['DBSIZE', 'x'], ['TIME', 'x'], ['LASTSAVE', 'x'], ['FLUSHDB', 'FOO'], ['FLUSHALL', 'SYNC', 'ASYNC'], ['FLUSHDB', 'async'], ['FLUSHALL', 'sync'], ['INFO', 'nosuch'], ['SHUTDOWN', 'FOO'],
    ['SHUTDOWN', 'NOSAVE', 'SAVE'], ['MONITOR', 'x'], ['QUIT', 'x'],
  ]);
});

test('AUTH/HELLO with requirepass (7.2 HELLO NOAUTH text says "HELLO <proto> AUTH")', async () => {
  const p = await startPair({ requirepass: 'pw' });
  try {
    // 7.2 networking.c helloCommand: "...otherwise the HELLO <proto> AUTH <user> <pass> option..."; 7.0 lacks "<proto> ".
    const norm = (s: string): string => s.replace(/the HELLO AUTH <user>/g, 'the HELLO <proto> AUTH <user>').replace(/id\r\n:\d+/g, 'id\r\n:N').replace(/\$6\r\n7\.0\.15|\$5\r\n7\.2\.4/g, 'V');
    for (const chunks of [
      ['AUTH x\r\nAUTH default x\r\nAUTH nouser x\r\nAUTH default pw\r\nAUTH pw\r\nPING\r\n'],
      ['PING\r\nECHO x\r\nHELLO\r\nHELLO 3\r\nHELLO 3 AUTH default pw\r\nPING\r\n'],
      ['HELLO 3 AUTH default wrong\r\nPING\r\nHELLO 2 AUTH default pw SETNAME x\r\nCLIENT GETNAME\r\n'],
      ['HELLO 3 AUTH default pw\r\nHELLO 4\r\nPING\r\n'],
      ['AUTH\r\nAUTH a b c\r\nAUTH "" ""\r\nAUTH default ""\r\n'],
      ['RESET\r\nPING\r\nAUTH pw\r\nRESET\r\nPING\r\n'],
      ['SELECT 1\r\nSUBSCRIBE x\r\nQUIT\r\n'],
    ]) {
      const a = await sendRaw(p.oracle.port, chunks);
      const b = await sendRaw(p.cinder.port, chunks);
      assert.equal(norm(b.data), norm(a.data), JSON.stringify(chunks));
      assert.equal(b.closed, a.closed, JSON.stringify(chunks));
    }
  } finally {
    await p.stop();
  }
});

// ---------------------------------------------------------------------------------------
// Transactions

test('MULTI: queueing errors, nested MULTI, WATCH inside MULTI, EXEC after DISCARD, runtime errors', async () => {
  await pair.check([
    ['MULTI'], ['SET', 'a'], ['SET', 'a', '1'], ['EXEC'], ['MULTI'], ['GET', 'a'], ['MULTI'], ['EXEC'], ['MULTI'], ['WATCH', 'a'], ['EXEC'], ['WATCH'], ['DISCARD'], ['DISCARD'],
    ['MULTI'], ['NOSUCH'], ['DISCARD'], ['EXEC'], ['MULTI'], ['INCR', 'a'], ['ZADD', 'a', '1', 'x'], ['SET', 'a', 'x'], ['INCR', 'a'], ['EXEC'], ['MULTI'], ['SELECT', '1'], ['SET', 'a', '1'],
    ['EXEC'], ['GET', 'a'], ['SELECT', '1'], ['GET', 'a'], ['MULTI'], ['SELECT', '100'], ['EXEC'], ['MULTI'], ['PING'], ['MULTI'], ['EXEC'], ['MULTI'], ['SUBSCRIBE', 'x'], ['EXEC'],
  ]);
});

/** Runs steps [clientIndex, ...argv] over two connections to `port`; replies in order. */
async function runTwo(port: number, steps: ReadonlyArray<readonly [number, ...string[]]>, resp: number): Promise<string[]> {
  const cs = [await RawClient.connect(port), await RawClient.connect(port)];
  try {
    await cs[0].send('FLUSHALL');
    if (resp === 3) for (const c of cs) await c.send('HELLO', '3');
    const out: string[] = [];
    for (const [ci, ...argv] of steps) {
      if (argv[0] === '__SLEEP') {
        await new Promise((r) => setTimeout(r, Number(argv[1])));
        out.push('');
      } else {
        out.push(await cs[ci].send(...argv));
      }
    }
    return out;
  } finally {
    for (const c of cs) c.close();
  }
}

test('WATCH is touched by another client\'s writes, expiry, FLUSHDB/FLUSHALL/SWAPDB/MOVE, and not by no-op or read commands', async () => {
  const W = (...pre: Array<[number, ...string[]]>): Array<[number, ...string[]]> => [[0, 'SET', 'k', '1'], [0, 'WATCH', 'k'], ...pre, [0, 'MULTI'], [0, 'GET', 'k'], [0, 'EXEC']];
  const cases: Array<Array<[number, ...string[]]>> = [
    [[0, 'WATCH', 'k'], [1, 'SET', 'k', '1'], [0, 'MULTI'], [0, 'GET', 'k'], [0, 'EXEC']],
    W([1, 'FLUSHDB']), W([1, 'FLUSHALL', 'ASYNC']), W([1, 'SWAPDB', '0', '1']), W([1, 'MOVE', 'k', '1']), W([1, 'RENAME', 'k', 'k']), W([1, 'EXPIRE', 'k', '0']),
    W([1, 'EXPIRE', 'k', '100', 'XX']), W([1, 'EXPIREAT', 'k', '4102444800']), W([1, 'PEXPIRE', 'k', '-1']), W([1, 'PERSIST', 'k']), W([1, 'GETEX', 'k', 'PERSIST']), W([1, 'GETEX', 'k', 'EX', '100']),
    W([1, 'GETDEL', 'k']), W([1, 'SET', 'k', '1', 'XX']), W([1, 'SET', 'k', '1', 'NX']), W([1, 'MSETNX', 'k', '2']), W([1, 'BITOP', 'AND', 'k', 'nokey']), W([1, 'SETRANGE', 'k', '0', '']),
    W([1, 'APPEND', 'k', '']), W([1, 'SETBIT', 'k', '0', '0']), W([1, 'BITFIELD', 'k', 'SET', 'u1', '0', '0']), W([1, 'BITFIELD', 'k', 'GET', 'u1', '0']),
    W([1, 'BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u1', '0', '5']), W([1, 'INCRBYFLOAT', 'k', '0']), W([1, 'INCRBY', 'k', '0']), W([1, 'COPY', 'k', 'j']), W([1, 'COPY', 'j', 'k']),
    W([1, 'ZADD', 'k', '1', 'x']), W([1, 'DEL', 'nokey']), W([1, 'OBJECT', 'ENCODING', 'k'], [1, 'TOUCH', 'k'], [1, 'GET', 'k']),
    [[0, 'WATCH', 'k'], [1, 'BITOP', 'AND', 'k', 'nokey'], [0, 'MULTI'], [0, 'EXEC']],
    [[0, 'WATCH', 'k'], [1, 'SELECT', '1'], [1, 'SET', 'k', '1'], [1, 'MOVE', 'k', '0'], [0, 'MULTI'], [0, 'EXEC']],
    [[0, 'SELECT', '2'], [0, 'WATCH', 'k'], [1, 'SELECT', '3'], [1, 'SET', 'k', '1'], [1, 'SWAPDB', '2', '3'], [0, 'MULTI'], [0, 'GET', 'k'], [0, 'EXEC']],
    [[0, 'SELECT', '2'], [0, 'WATCH', 'k'], [1, 'SELECT', '3'], [1, 'SET', 'k', '1'], [1, 'SWAPDB', '3', '4'], [0, 'MULTI'], [0, 'GET', 'k'], [0, 'EXEC']],
    [[0, 'SELECT', '2'], [0, 'SET', 'k', '1'], [0, 'WATCH', 'k'], [1, 'FLUSHDB'], [0, 'MULTI'], [0, 'GET', 'k'], [0, 'EXEC']],
    [[0, 'WATCH', 'k'], [1, 'MULTI'], [1, 'SET', 'k', '1'], [0, 'MULTI'], [0, 'GET', 'k'], [1, 'EXEC'], [0, 'EXEC']],
    [[0, 'WATCH', 'k'], [1, 'SET', 'k', '1'], [0, 'UNWATCH'], [0, 'WATCH', 'k'], [0, 'MULTI'], [0, 'EXEC']],
    [[0, 'WATCH', 'k'], [1, 'SET', 'k', '1'], [0, 'MULTI'], [0, 'DISCARD'], [0, 'MULTI'], [0, 'EXEC']],
    [[0, 'WATCH', 'k'], [1, 'SET', 'k', '1'], [0, 'RESET'], [0, 'MULTI'], [0, 'EXEC']],
    [[0, 'WATCH', 'a', 'b', 'c'], [1, 'MSET', 'c', '1'], [0, 'MULTI'], [0, 'EXEC']],
    // Expiry: a key that expires after WATCH fails EXEC; one already expired at WATCH time does not.
    [[0, 'SET', 'k', 'v', 'PX', '50'], [0, 'WATCH', 'k'], [1, '__SLEEP', '120'], [0, 'MULTI'], [0, 'PING'], [0, 'EXEC']],
    [[0, 'SET', 'k', 'v', 'PX', '50'], [0, 'WATCH', 'k'], [1, '__SLEEP', '120'], [1, 'GET', 'k'], [0, 'MULTI'], [0, 'EXEC']],
    [[0, 'SET', 'k', 'v', 'PX', '50'], [1, '__SLEEP', '120'], [0, 'WATCH', 'k'], [0, 'MULTI'], [0, 'PING'], [0, 'EXEC']],
    [[0, 'SET', 'k', 'v', 'PX', '50'], [1, '__SLEEP', '120'], [0, 'WATCH', 'k'], [1, 'SET', 'k', '2'], [0, 'MULTI'], [0, 'PING'], [0, 'EXEC']],
    [[0, 'SET', 'k', 'v', 'PX', '50'], [1, '__SLEEP', '120'], [0, 'WATCH', 'k'], [1, 'FLUSHALL'], [0, 'MULTI'], [0, 'PING'], [0, 'EXEC']],
  ];
  for (const steps of cases) {
    for (const resp of [2, 3]) {
      const a = await runTwo(pair.oracle.port, steps, resp);
      const b = await runTwo(pair.cinder.port, steps, resp);
      assert.deepEqual(b, a, 'RESP' + resp + ' ' + JSON.stringify(steps));
    }
  }
});

// ---------------------------------------------------------------------------------------
// Protocol

test('protocol: prefix signs, spaces and zero-padding in lengths, empty names, pipelines with CLIENT REPLY, RESET', async () => {
  for (const chunks of [
    ['*1\r\n$0\r\n\r\n'], ['*-5\r\nPING\r\n'], ['*+1\r\n$4\r\nPING\r\n'], ['*01\r\n$4\r\nPING\r\n'], ['*1\r\n$+4\r\nPING\r\n'], ['*1\r\n$04\r\nPING\r\n'], ['*1 \r\n$4\r\nPING\r\n'],
    ['*1\r\n$4 \r\nPING\r\n'], ['*1048577\r\n'], ['*2\r\n$4\r\nECHO\r\n$536870913\r\n'], ['PING\n'], ['PING\tPING\r\n'], ['echo "\\x4"\r\n'], ['echo "\\z"\r\n'], ['echo "a\\\\b"\r\n'],
    ['echo "\\xZZ"\r\n'], ['echo ""\r\n'], ["echo ''\r\n"], ['echo "a"  "b"\r\n'], ['\r\n'], ['\r\r\n'], ['  PING  \r\n'], ['*2\r\n$3\r\nGET\r\n$1\r\nk'],
    ['HELLO 3\r\nHELLO 4\r\nPING\r\n'], ['HELLO 3\r\nHELLO 2 AUTH a b\r\nPING\r\n'], [Array.from({ length: 300 }, () => 'PING\r\n').join('')],
    ['CONFIG SET proto-max-bulk-len 1000000\r\n*2\r\n$4\r\nECHO\r\n$1000001\r\n'],
    ['HELLO 3\r\nSELECT 2\r\nCLIENT SETNAME x\r\nMULTI\r\nRESET\r\nCLIENT GETNAME\r\nPING\r\nEXEC\r\n'], ['MONITOR\r\nGET x\r\nRESET\r\nGET x\r\n'],
    ['CLIENT REPLY OFF\r\nPING\r\nCLIENT REPLY ON\r\nPING\r\n'], ['CLIENT REPLY SKIP\r\nPING\r\nPING\r\n'], ['CLIENT REPLY SKIP\r\nCLIENT REPLY SKIP\r\nPING\r\nPING\r\n'],
    ['MULTI\r\nCLIENT REPLY OFF\r\nEXEC\r\nPING\r\n'], ['SUBSCRIBE a\r\nPING\r\nGET x\r\nPING x\r\n'], ['HELLO 3\r\nSUBSCRIBE a\r\nPING\r\nGET x\r\n'],
  ]) {
    const a = await sendRaw(pair.oracle.port, chunks);
    const b = await sendRaw(pair.cinder.port, chunks);
    const norm = (s: string): string => s.replace(/id\r\n:\d+/g, 'id\r\n:N').replace(/\$6\r\n7\.0\.15|\$5\r\n7\.2\.4/g, 'V');
    assert.equal(norm(b.data), norm(a.data), JSON.stringify(chunks).slice(0, 200));
    assert.equal(b.closed, a.closed, JSON.stringify(chunks).slice(0, 200));
  }
  await pair.check([['CONFIG', 'SET', 'proto-max-bulk-len', '536870912']], { protocols: [2] });
});

// ---------------------------------------------------------------------------------------
// Lead-owned (src/commands/dispatch.ts, src/protocol/parser.ts): failing cases.

test('EXEC rejected before execution answers -EXECABORT and discards the transaction', async () => {
  await pair.check([['EXEC', 'x'], ['MULTI'], ['SET', 'a', '1'], ['EXEC', 'x'], ['EXEC'], ['GET', 'a']]);
  const p = await startPair({ requirepass: 'pw' });
  try {
    for (const chunks of [['EXEC\r\nMULTI\r\nEXEC\r\n']]) {
      const a = await sendRaw(p.oracle.port, chunks);
      const b = await sendRaw(p.cinder.port, chunks);
      assert.equal(b.data, a.data);
    }
  } finally {
    await p.stop();
  }
});

test('unknown command/subcommand error texts stop at a NUL byte (%.128s)', async () => {
  await pair.check([['NOSUCH', 'a', '\x00\xff', 'b'], ['NO\x00SUCH', 'x'], ['OBJECT', 'a\x00b', 'x'], ['CLIENT', 'a\x00b'], ['CONFIG', 'a\x00b']]);
});

test('MONITOR shows EVAL/EVALSHA/EVAL_RO/FCALL (fed before running, even when the script fails) before the commands the script runs', async () => {
  const run = async (port: number): Promise<string[]> => {
    const m = await RawClient.connect(port);
    const c = await RawClient.connect(port);
    try {
      await m.send('MONITOR');
      for (const argv of [['EVAL', "return redis.call('set','x','1')", '0'], ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0'], ['EVAL_RO', 'return 1', '0'], ['FCALL', 'nosuch', '0'], ['PING']]) await c.send(...argv);
      const out: string[] = [];
      for (let i = 0; i < 6; i++) out.push((await m.readReply(1000)).replace(/^\+[0-9.]+ \[\d+ [^\]]+\]/, '+T'));
      return out;
    } finally {
      m.close();
      c.close();
    }
  };
  assert.deepEqual(await run(pair.cinder.port), await run(pair.oracle.port));
});

test('inline command with a NUL byte before the newline waits for more input (strchr), as in Redis', async () => {
  for (const chunks of [['echo a\x00b\r\nPING\r\n'], ['\x00\r\nPING\r\n']]) {
    const a = await sendRaw(pair.oracle.port, chunks);
    const b = await sendRaw(pair.cinder.port, chunks);
    assert.deepEqual(b, a, JSON.stringify(chunks));
  }
});

test('multibulk count near int64 bounds: -9223372036854775808..-9223372036854775807 are empty requests, as string2ll accepts them', async () => {
  for (const chunks of [['*-9223372036854775807\r\nPING\r\n'], ['*-9223372036854775808\r\nPING\r\n'], ['*-9223372036854775809\r\nPING\r\n'], ['*-9223372036854775810\r\nPING\r\n']]) {
    const a = await sendRaw(pair.oracle.port, chunks);
    const b = await sendRaw(pair.cinder.port, chunks);
    assert.deepEqual(b, a, JSON.stringify(chunks));
  }
});

test('flush family: lazyfreed_objects / lazyfree_pending_objects after FLUSHALL/FLUSHDB ASYNC|SYNC, lazyfree-lazy-user-flush, UNLINK, RESETSTAT', async () => {
  const run = async (port: number): Promise<string[]> => {
    const c = await RawClient.connect(port);
    try {
      await c.send('FLUSHALL');
      await c.send('CONFIG', 'RESETSTAT');
      const out: string[] = [];
      const snap = async (label: string): Promise<void> => {
        await new Promise((r) => setTimeout(r, 150));
        const r = await c.send('INFO', 'memory');
        out.push(label + ' ' + /lazyfree_pending_objects:\d+/.exec(r)![0] + ' ' + /lazyfreed_objects:\d+/.exec(r)![0]);
      };
      for (let i = 0; i < 5; i++) await c.send('SET', 'k' + i, 'v');
      await c.send('FLUSHALL', 'ASYNC');
      await snap('flushall async 5');
      for (let i = 0; i < 5; i++) await c.send('SET', 'k' + i, 'v');
      await c.send('FLUSHALL', 'SYNC');
      await snap('flushall sync');
      for (let i = 0; i < 3; i++) await c.send('SET', 'k' + i, 'v');
      await c.send('FLUSHDB', 'ASYNC');
      await snap('flushdb async 3');
      await c.send('FLUSHDB', 'ASYNC');
      await snap('flushdb async 0');
      await c.send('CONFIG', 'SET', 'lazyfree-lazy-user-flush', 'yes');
      await c.send('SET', 'a', '1');
      await c.send('FLUSHALL');
      await snap('flushall default with lazyfree-lazy-user-flush yes');
      await c.send('SET', 'a', '1');
      await c.send('FLUSHDB');
      await snap('flushdb default with lazyfree-lazy-user-flush yes');
      await c.send('CONFIG', 'SET', 'lazyfree-lazy-user-flush', 'no');
      await c.send('SET', 'a', '1');
      await c.send('FLUSHDB');
      await snap('flushdb default');
      await c.send('RPUSH', 'small', 'a');
      await c.send('UNLINK', 'small');
      await snap('unlink small');
      await c.send('SELECT', '1');
      await c.send('SET', 'z', '1');
      await c.send('SELECT', '0');
      await c.send('SET', 'z', '1');
      await c.send('FLUSHALL', 'ASYNC');
      await snap('flushall async 2 dbs');
      await c.send('CONFIG', 'RESETSTAT');
      await snap('after resetstat');
      return out;
    } finally {
      c.close();
    }
  };
  assert.deepEqual(await run(pair.cinder.port), await run(pair.oracle.port));
});

test('CLIENT LIST cmd= is the last command looked up, also when rejected or only queued', async () => {
  for (const seq of [[['NOSUCH']], [['GET']], [['MULTI'], ['SET', 'a', '1']], [['MULTI'], ['NOSUCH']], [['EXEC', 'x']], [['MULTI'], ['SET', 'a', '1'], ['EXEC']]]) {
    const r: string[] = [];
    for (const port of [pair.oracle.port, pair.cinder.port]) {
      const c = await RawClient.connect(port);
      const o = await RawClient.connect(port);
      try {
        await c.send('CLIENT', 'SETNAME', 'me');
        for (const a of seq) await c.send(...a);
        const l = (await o.send('CLIENT', 'LIST')).split('\n').find((x) => x.includes(' name=me '))!;
        r.push(/ cmd=\S+/.exec(l)![0] + / flags=\S+/.exec(l)![0] + / multi=\S+/.exec(l)![0]);
      } finally {
        c.close();
        o.close();
      }
    }
    assert.equal(r[1], r[0], JSON.stringify(seq));
  }
});
