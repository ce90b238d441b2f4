/**
 * The scripting fast paths against redis-server (the oracle) and as units:
 *
 * - redis.call's scalar replies taken as values (script-client.ts): the Lua value of every
 *   kind of scalar reply (bulk, integer, status, RESP2/RESP3 nulls, large integers, doubles)
 *   from commands that reply through addReply* and through raw RESP text, in RESP2 and after
 *   redis.setresp(3); a held reply written back as RESP when more output follows.
 * - EVALSHA's and FCALL's one-entry lookup caches: SCRIPT FLUSH, upper-case SHAs, FUNCTION
 *   LOAD REPLACE / DELETE / FLUSH / RESTORE all seen at once.
 * - Function globals resolved through a table chain as Redis does (missing names raise,
 *   also through _G and loadstring chunks).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, RawClient, type Pair } from '../helpers/oracle.js';
import { RedisServer } from '../../src/server/server.js';
import { ScriptClient } from '../../src/scripting/script-client.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

/** Lua: d(v) describes a value exactly (type, tostring, sorted table fields, nested). */
const D = `local function d(v)
  if type(v) == 'table' then
    local o = {}
    for k, x in pairs(v) do o[#o + 1] = tostring(k) .. '=' .. d(x) end
    table.sort(o)
    return 'table{' .. table.concat(o, ',') .. '}'
  end
  return type(v) .. ':' .. tostring(v)
end
`;

/** EVAL of `return d(<expr>)` after optional setup statements. */
function ev(expr: string, pre = ''): string[] {
  return ['EVAL', D + pre + ' return d(' + expr + ')', '0'];
}

const CALLS = [
  "redis.call('GET', 'str')",
  "redis.call('GET', 'nokey')",
  "redis.call('SET', 'x', '1')",
  "redis.call('SET', 'str', 'v', 'NX')",
  "redis.call('SET', 'str', 'v2', 'GET')",
  "redis.call('INCR', 'cnt')",
  "redis.call('INCRBY', 'cnt', -5)",
  "redis.call('INCRBY', 'zero', 0)",
  "redis.call('INCR', 'big')",
  "redis.call('DECRBY', 'neg', '9223372036854775807')",
  "redis.call('INCRBYFLOAT', 'fl', '1.5')",
  "redis.call('TYPE', 'str')",
  "redis.call('TYPE', 'nokey')",
  "redis.call('PING')",
  "redis.call('PING', 'hello')",
  "redis.call('ECHO', '')",
  "redis.call('EXISTS', 'str', 'nokey')",
  "redis.call('STRLEN', 'str')",
  "redis.call('HGET', 'h', 'f')",
  "redis.call('HGET', 'h', 'nof')",
  "redis.call('HGET', 'nokey', 'f')",
  "redis.call('LPOP', 'nolist')",
  "redis.call('LPOP', 'nolist', 2)",
  "redis.call('LPOP', 'l')",
  "redis.call('LPOP', 'l', 2)",
  "redis.call('ZSCORE', 'z', 'm')",
  "redis.call('ZSCORE', 'z', 'nom')",
  "redis.call('ZRANK', 'z', 'nom')",
  "redis.call('GETDEL', 'nokey')",
  "redis.call('OBJECT', 'ENCODING', 'str')",
  "redis.call('RPOPLPUSH', 'nolist', 'x2')",
  "redis.pcall('GET')",
  "redis.pcall('HGET', 'str', 'f')",
  "redis.pcall('INCR', 'str')",
  "redis.call('MGET', 'str', 'nokey')",
];

const SETUP: string[][] = [
  ['SET', 'str', 'hello'],
  ['SET', 'big', '9223372036854775806'],
  ['SET', 'neg', '-1'],
  ['HSET', 'h', 'f', 'v'],
  ['RPUSH', 'l', 'a', 'b', 'c'],
  ['ZADD', 'z', '2.5', 'm'],
];

test('scalar replies inside redis.call: the same Lua values as Redis, RESP2 and RESP3', async () => {
  const cmds: string[][] = [...SETUP];
  for (const call of CALLS) {
    cmds.push(ev(call));
    cmds.push(ev(call, 'redis.setresp(3)'));
  }
  await pair.check(cmds, { protocols: [2] });
});

test('scalar replies returned straight to the caller, RESP2 and RESP3 callers', async () => {
  const cmds: string[][] = [...SETUP];
  for (const call of CALLS) {
    if (call.startsWith('redis.pcall')) continue;
    cmds.push(['EVAL', 'return ' + call, '0']);
    cmds.push(['EVAL', 'redis.setresp(3) return ' + call, '0']);
  }
  cmds.push(['EVAL', "local v = redis.call('GET', KEYS[1]) return {v, redis.call('GET', KEYS[2]), redis.call('INCR', KEYS[3])}", '3', 'str', 'nokey', 'cnt']);
  await pair.check(cmds);
});

test('a 50-call script and its function form', async () => {
  const body = "for i = 1, 25 do redis.call('SET', KEYS[1], ARGV[1]) redis.call('GET', KEYS[1]) end return {redis.call('GET', KEYS[1]), redis.call('SET', KEYS[1], 'z')}";
  await pair.check([
    ['FUNCTION', 'FLUSH'],
    ['EVAL', body, '1', 'k', 'value'],
    ['FUNCTION', 'LOAD', "#!lua name=fp\nredis.register_function('fifty', function(KEYS, ARGV) " + body + ' end)'],
    ['FCALL', 'fifty', '1', 'k', 'value2'],
    ['FCALL', 'FIFTY', '1', 'k', 'value3'],
    ['GET', 'k'],
  ]);
});

test('EVALSHA lookup cache: SCRIPT FLUSH, upper-case SHA, other scripts in between', async () => {
  const a = "return 'a' .. (ARGV[1] or '')";
  const b = "return 'b'";
  const c = await RawClient.connect(pair.cinder.port);
  try {
    const la = await c.send('SCRIPT', 'LOAD', a);
    const ha = la.split('\r\n')[1];
    const hb = (await c.send('SCRIPT', 'LOAD', b)).split('\r\n')[1];
    assert.equal(await c.send('EVALSHA', ha, '0', 'x'), '$2\r\nax\r\n');
    assert.equal(await c.send('EVALSHA', ha, '0', 'y'), '$2\r\nay\r\n');
    assert.equal(await c.send('EVALSHA', ha.toUpperCase(), '0', 'z'), '$2\r\naz\r\n');
    assert.equal(await c.send('EVALSHA', hb, '0'), '$1\r\nb\r\n');
    assert.equal(await c.send('EVALSHA', ha, '0'), '$1\r\na\r\n');
    assert.equal(await c.send('SCRIPT', 'FLUSH'), '+OK\r\n');
    assert.equal(await c.send('EVALSHA', ha, '0'), '-NOSCRIPT No matching script. Please use EVAL.\r\n');
    assert.equal(await c.send('EVAL', a, '0', 'w'), '$2\r\naw\r\n');
    assert.equal(await c.send('EVALSHA', ha, '0', 'v'), '$2\r\nav\r\n');
    // KEYS and ARGV after the flush (a fresh Lua state)
    assert.equal(await c.send('EVAL', 'return {#KEYS, #ARGV, KEYS[1], ARGV[1]}', '1', 'k1', 'a1'), '*4\r\n:1\r\n:1\r\n$2\r\nk1\r\n$2\r\na1\r\n');
  } finally {
    c.close();
  }
});

test('FCALL lookup cache: LOAD REPLACE, DELETE, FLUSH, RESTORE and name case', async () => {
  const lib = (v: string): string => "#!lua name=cachelib\nredis.register_function('cf', function() return '" + v + "' end)";
  await pair.check([
    ['FUNCTION', 'FLUSH'],
    ['FUNCTION', 'LOAD', lib('one')],
    ['FCALL', 'cf', '0'],
    ['FCALL', 'CF', '0'],
    ['FUNCTION', 'LOAD', 'REPLACE', lib('two')],
    ['FCALL', 'cf', '0'],
    ['FUNCTION', 'DELETE', 'cachelib'],
    ['FCALL', 'cf', '0'],
    ['FUNCTION', 'LOAD', lib('three')],
    ['FCALL', 'cf', '0'],
    ['FUNCTION', 'FLUSH'],
    ['FCALL', 'cf', '0'],
  ]);
  const c = await RawClient.connect(pair.cinder.port);
  try {
    await c.send('FUNCTION', 'LOAD', lib('four'));
    assert.equal(await c.send('FCALL', 'cf', '0'), '$4\r\nfour\r\n');
    const dump = await c.send('FUNCTION', 'DUMP');
    const eol = dump.indexOf('\r\n');
    const payload = dump.slice(eol + 2, eol + 2 + parseInt(dump.slice(1, eol), 10));
    await c.send('FUNCTION', 'LOAD', 'REPLACE', lib('five'));
    assert.equal(await c.send('FCALL', 'cf', '0'), '$4\r\nfive\r\n');
    assert.equal(await c.send('FUNCTION', 'RESTORE', payload, 'REPLACE'), '+OK\r\n');
    assert.equal(await c.send('FCALL', 'cf', '0'), '$4\r\nfour\r\n');
    assert.equal(await c.send('FUNCTION', 'FLUSH'), '+OK\r\n');
  } finally {
    c.close();
  }
});

test('function globals: missing names raise through _G too; library state and API as Redis', async () => {
  await pair.check([
    ['FUNCTION', 'FLUSH'],
    ['FUNCTION', 'LOAD', `#!lua name=g
local n = 0
redis.register_function('a', function(k, a) return _G.nonexist end)
redis.register_function('c', function(k, a) return rawget(_G, 'nonexist') end)
redis.register_function('d', function(k, a) return type(_G) end)
redis.register_function('e', function(k, a) return {pcall(function() return nonexist end)} end)
redis.register_function('f', function(k, a) return xx end)
redis.register_function('g', function(k, a) n = n + 1 return {n, type(redis.call), type(cjson), math.max(1, 2)} end)
redis.register_function('h', function(k, a) yy = 1 end)`],
    ['FCALL', 'a', '0'],
    ['FCALL', 'c', '0'],
    ['FCALL', 'd', '0'],
    ['FCALL', 'e', '0'],
    ['FCALL', 'f', '0'],
    ['FCALL', 'g', '0'],
    ['FCALL', 'g', '0'],
    ['FCALL', 'h', '0'],
    ['FUNCTION', 'LOAD', '#!lua name=g2\nlocal x = redis.call'],
    ['FUNCTION', 'LOAD', '#!lua name=g3\nlocal x = nonexist'],
    ['FUNCTION', 'LOAD', "#!lua name=g4\nredis.register_function('z', function() return 1 end) return type(redis.log)"],
  ]);
});

test('a loadstring chunk in a function sees the protected globals', async () => {
  const c = await RawClient.connect(pair.cinder.port);
  try {
    await c.send('FUNCTION', 'LOAD', 'REPLACE', "#!lua name=ls\nredis.register_function('b', function(k, a) return loadstring('return nonexist')() end)\nredis.register_function('b2', function(k, a) return loadstring('return redis.call(\"PING\")')() end)");
    const r = await c.send('FCALL', 'b', '0');
    assert.ok(r.startsWith(`-ERR [string "return nonexist"]:1: Script attempted to access nonexistent global variable 'nonexist'`), r);
    assert.equal(await c.send('FCALL', 'b2', '0'), '+PONG\r\n');
    await c.send('FUNCTION', 'DELETE', 'ls');
  } finally {
    c.close();
  }
});

test('ScriptClient: a held scalar is written back as RESP when more output follows', () => {
  const server = new RedisServer({ log: () => undefined });
  const c = new ScriptClient(server, 1000);
  c.addReplyBulk('x');
  c.addReplyArrayLen(1);
  c.addReplyLongLong(7);
  assert.equal(c.takeReply(), '$1\r\nx\r\n*1\r\n:7\r\n');
  c.clearHeld();

  c.addReplyLongLong(5n);
  const h = c.addReplyDeferredLen();
  c.addReplyOk();
  c.setDeferredArrayLen(h, 1);
  assert.equal(c.takeReply(), ':5\r\n*1\r\n+OK\r\n');

  c.addReplyProto(':9223372036854775807\r\n');
  assert.equal(c.dkind !== 0, true);
  c.addReplyProto('$3\r\nabc\r\n');
  assert.equal(c.takeReply(), ':9223372036854775807\r\n$3\r\nabc\r\n');

  c.resp = 3;
  c.addReplyNull();
  c.addReplyStatus('FINE');
  assert.equal(c.takeReply(), '_\r\n+FINE\r\n');
  c.resp = 2;
  c.addReplyNullArray();
  c.addReplyNull();
  assert.equal(c.takeReply(), '*-1\r\n$-1\r\n');

  // not single scalars: written as they come
  c.addReplyProto('$3\r\nabc\r\n:1\r\n');
  assert.equal(c.dkind, 0);
  assert.equal(c.takeReply(), '$3\r\nabc\r\n:1\r\n');
  c.addReplyProto('+a\rb\r\n');
  assert.equal(c.dkind, 0);
  assert.equal(c.takeReply(), '+a\rb\r\n');
});
