/**
 * More scripting cases against redis-server: client-side caching of keys read by scripts,
 * EVAL inside MULTI, commands refused or allowed inside scripts, the sandbox's missing
 * globals (no os/print/debug/server in 7.2), libraries, FUNCTION LOAD timeout; plus unit
 * checks of the RDB primitives used by FUNCTION DUMP/RESTORE.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, RawClient, type Pair } from '../helpers/oracle.js';
import { crc64, lzfCompress, lzfDecompress, rdbEncodeString, RdbReader, addDumpFooter, verifyDumpPayload } from '../../src/scripting/rdb.js';
import { extractShebangFlags, SCRIPT_FLAG_EVAL_COMPAT_MODE, SCRIPT_FLAG_NO_WRITES, SCRIPT_FLAG_ALLOW_OOM } from '../../src/scripting/engine.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

test('tracking of keys read by scripts (RESP3), EVAL in MULTI, commands inside scripts', async () => {
  await pair.check([
    ["CLIENT", "TRACKING", "ON"],
    ["SET", "k", "1"],
    ["EVAL_RO", "return redis.call('get', KEYS[1])", "1", "k"],
    ["SET", "k", "2"],
    ["EVAL", "return redis.call('get', KEYS[1])", "1", "k"],
    ["SET", "k", "3"],
    ["FCALL_RO", "nosuch", "0"],
    ["MULTI"],
    ["EVAL", "return redis.call('incr','m')", "0"],
    ["EVAL", "return redis.call('incr','m')", "0"],
    ["EXEC"],
    ["MULTI"],
    ["EVAL", "return 1", "x"],
    ["EXEC"],
    ["MULTI"],
    ["EVALSHA", "0000000000000000000000000000000000000000", "0"],
    ["EXEC"],
    ["EVAL", "return redis.call('client','tracking','off')", "0"],
    ["EVAL", "return redis.call('hello','3')", "0"],
    ["EVAL", "return redis.call('watch','x')", "0"],
    ["EVAL", "return redis.call('subscribe','x')", "0"],
    ["EVAL", "return redis.call('function','list')", "0"],
    ["EVAL", "return redis.call('script','load','return 1')", "0"],
    ["EVAL", "return redis.call('shutdown')", "0"],
    ["EVAL", "return redis.call('exec')", "0"],
    ["EVAL", "return redis.call('monitor')", "0"],
    ["EVAL", "return redis.call('debug','sleep','0')", "0"],
    ["EVAL", "return redis.call('object','encoding','m')", "0"],
    ["EVAL", "return redis.call('command','count') > 0", "0"],
    ["EVAL", "return redis.call('config','get','maxmemory')", "0"],
    ["EVAL", "return redis.call('info','nosuchsection')", "0"],
    ["EVAL", "return redis.call('time')[1] > '0'", "0"],
    ["EVAL", "return redis.call('publish','ch','msg')", "0"],
    ["EVAL", "return redis.call('spublish','ch','msg')", "0"],
    ["EVAL", "return redis.call('client','id') > 0", "0"],
    ["EVAL", "return redis.call('select','99')", "0"],
    ["EVAL", "return redis.call('get')", "0"],
    ["EVAL", "return redis.call('GET','m')", "0"],
    ["EVAL", "return redis.call('config','nosuch')", "0"],
    ["EVAL", "return redis.call('script','nosuch')", "0"]
  ], { protocols: [3] });
});

test('sandbox globals, libraries, FUNCTION LOAD timeout', async () => {
  await pair.check([
    ["FUNCTION", "FLUSH"],
    ["FUNCTION", "LOAD", "#!lua name=t\nlocal i = 0\nwhile true do i = i + 1 end"],
    ["FUNCTION", "LOAD", "#!lua name=t\nlocal i = 0\nwhile i < 100000 do i = i + 1 end\nredis.register_function('t1', function() return i end)"],
    ["FCALL", "t1", "0"],
    ["EVAL", "return server", "0"],
    ["EVAL", "return _G.server", "0"],
    ["EVAL", "getmetatable('').__index.upper = nil", "0"],
    ["EVAL", "local mt = getmetatable('') return tostring(mt == nil)", "0"],
    ["EVAL", "return tostring(getmetatable(_G) ~= nil)", "0"],
    ["EVAL", "return _VERSION", "0"],
    ["EVAL", "return type(coroutine.create(function() end))", "0"],
    ["EVAL", "local co = coroutine.wrap(function() coroutine.yield(redis.call('ping')) end) return co()", "0"],
    ["EVAL", "return redis.call('set', 'x', 'y', 'get')", "0"],
    ["EVAL", "return select('#', redis.call('mget','a','b'))", "0"],
    ["EVAL", "return {redis.call('mget','a','b')}", "0"],
    ["EVAL", "return table.getn({1,2})", "0"],
    ["EVAL", "return string.rep('x', 3)", "0"],
    ["EVAL", "return ('%5.2f'):format(3.14159)", "0"],
    ["EVAL", "return tostring(1e15)..' '..tostring(0.1)..' '..tostring(1/3)", "0"],
    ["EVAL", "return unpack({1,2,3})", "0"],
    ["EVAL", "return gcinfo() > 0", "0"],
    ["EVAL", "return collectgarbage('count') > 0", "0"],
    ["EVAL", "return newproxy", "0"],
    ["EVAL", "return print", "0"],
    ["EVAL", "return loadfile", "0"],
    ["EVAL", "return dofile", "0"],
    ["EVAL", "return module", "0"],
    ["EVAL", "return require", "0"],
    ["EVAL", "return getfenv", "0"],
    ["EVAL", "return setfenv", "0"],
    ["EVAL", "return debug", "0"],
    ["EVAL", "return os", "0"],
    ["EVAL", "return io", "0"],
    ["EVAL", "return package", "0"],
    ["EVAL", "return bit.band(7, 3)", "0"],
    ["EVAL", "return struct.unpack('>I2', '\\1\\2')", "0"],
    ["EVAL", "return cjson.encode(cjson.decode('{\"a\":[1,2,null]}'))", "0"],
    ["EVAL", "return cmsgpack.unpack(cmsgpack.pack(1, 'two', {3}))", "0"]
  ], { protocols: [2] });
});

test('return value conversions: nesting, holes, RESP3 types, error/status edge cases, big unpack', async () => {
  await pair.check([
    ["EVAL", "local t = {} local c = t for i=1,60 do c[1] = {} c = c[1] end return t", "0"],
    ["EVAL", "local t = {} for i=1,7000 do t[i]=i end redis.call('rpush','big',unpack(t)) return redis.call('llen','big')", "0"],
    ["EVAL", "local t = {} for i=1,8000 do t[i]=i end return redis.call('rpush','big2',unpack(t))", "0"],
    ["EVAL", "return redis.call('lrange','big',0,5)", "0"],
    ["EVAL", "return {1,2,nil,4}", "0"],
    ["EVAL", "local t = {} t[1]=1 t[2]=2 t[4]=4 return t", "0"],
    ["EVAL", "return {'a', {ok='b'}, {err='c'}, {double=1.5}, {big_number='9'}, true, false, 3.7}", "0"],
    ["EVAL", "return redis.call('hello')", "0"],
    ["EVAL", "redis.setresp(3) return redis.call('hello')", "0"],
    ["EVAL", "return {map={}}", "0"],
    ["EVAL", "return {set={}}", "0"],
    ["EVAL", "redis.setresp(3) return {map={x={set={y=true}}}}", "0"],
    ["EVAL", "return {err=1}", "0"],
    ["EVAL", "return {ok=5}", "0"],
    ["EVAL", "return {err='line1\\nline2'}", "0"],
    ["EVAL", "return {ok='a\\r\\nb'}", "0"],
    ["EVAL", "return redis.status_reply(5)", "0"],
    ["EVAL", "return redis.error_reply(5)", "0"],
    ["EVAL", "return redis.error_reply('-')", "0"],
    ["EVAL", "return redis.error_reply('')", "0"],
    ["EVAL", "return redis.call('set', 'k', 'v', 'ex', 1.5)", "0"],
    ["EVAL", "return string.format('%q', 'a\\0b')", "0"],
    ["EVAL", "return #ARGV", "3", "a", "b", "c", "d"],
    ["EVAL", "return redis.sha1hex(nil)", "0"],
    ["EVAL", "return redis.sha1hex(12)", "0"],
    ["EVAL", "return redis.sha1hex({})", "0"]
  ]);
});
test('runtime errors: positions, nested frames, metamethods, coroutines, xpcall, library errors, number edges', async () => {
  await pair.check([
    ["EVAL", "error()", "0"],
    ["EVAL", "error({err=123})", "0"],
    ["EVAL", "error(true)", "0"],
    ["EVAL", "error('multi\\nline')", "0"],
    ["EVAL", "local function f() error('deep') end\nlocal function g() f() end\ng()", "0"],
    ["EVAL", "local t = setmetatable({}, {__index=function(t,k) return redis.call('nosuch') end})\nreturn t.x", "0"],
    ["EVAL", "return string.rep('x', -1)", "0"],
    ["EVAL", "local s = nil\nreturn s.x", "0"],
    ["EVAL", "return 1 + {}", "0"],
    ["EVAL", "return #nil", "0"],
    ["EVAL", "return ('x'):bad()", "0"],
    ["EVAL", "return tostring(nil) .. nil", "0"],
    ["EVAL", "return coroutine.wrap(function() error('in co') end)()", "0"],
    ["EVAL", "local ok, e = pcall(function() local x = nil; return x.y end) return e", "0"],
    ["EVAL", "return xpcall(function() error('xp') end, function(e) return 'handled: ' .. e end)", "0"],
    ["EVAL", "return select(2, xpcall(function() redis.call('nosuch') end, function(e) return type(e) end))", "0"],
    ["EVAL", "local ok, e = pcall(redis.error_reply, 'X') return {tostring(ok), type(e)}", "0"],
    ["EVAL", "return cjson.decode('[')", "0"],
    ["EVAL", "return cmsgpack.unpack('\\193')", "0"],
    ["EVAL", "return struct.pack('>Q', 1) and 1", "0"],
    ["EVAL", "return redis.call('set','a','b','c','d')", "0"],
    ["EVAL", "return redis.pcall('set','a','b','c','d')", "0"],
    ["EVAL", "return {redis.pcall('get')}", "0"],
    ["EVAL", "local t = redis.pcall('get') return t.err", "0"],
    ["EVAL", "return tonumber('0x10')", "0"],
    ["EVAL", "return math.floor(-3.5)", "0"],
    ["EVAL", "return math.huge", "0"],
    ["EVAL", "return -math.huge", "0"],
    ["EVAL", "return 2^53", "0"],
    ["EVAL", "return 2^63", "0"],
    ["EVAL", "return -2^63", "0"],
    ["EVAL", "return 123456789012.9", "0"]
  ]);
});
test('key expiry inside a script uses the time the script started', async () => {
  await pair.check([
    ['EVAL', "redis.call('set','tk','v','px',5) local i = 0 while i < 3e6 do i = i + 1 end return {redis.call('get','tk') or 'nil', redis.call('exists','tk')}", '0'],
  ]);
});
test('MONITOR shows EVAL/FCALL before the commands the script runs (as lua)', async () => {
  const out: string[] = [];
  for (const port of [pair.oracle.port, pair.cinder.port]) {
    const m = await RawClient.connect(port);
    await m.send('MONITOR');
    const c = await RawClient.connect(port);
    await c.send('EVAL', "redis.call('set','a','1') return redis.call('get','a')", '0');
    await c.send('FCALL', 'nosuch', '0');
    await c.send('EVAL', 'return 1', '-1');
    await c.send('EVALSHA', 'abc', '0');
    await c.send('PING');
    await new Promise((r) => setTimeout(r, 100));
    out.push(m.pending.replace(/\+\d+\.\d+ \[0 lua\]/g, 'T [0 lua]').replace(/\+\d+\.\d+ \[0 [0-9.:]+\]/g, 'T [0 ADDR]'));
    m.close();
    c.close();
  }
  assert.equal(out[1], out[0]);
});

test('crc64 is Redis\'s (Jones, reflected): crc64("123456789") = 0xe9c6d914c4b8d9ca', () => {
  // The check value from Redis's crc64.c self test.
  assert.equal(crc64('123456789'), 0xe9c6d914c4b8d9can);
});

test('LZF round trip and RDB string encodings', () => {
  let s = '';
  for (let i = 0; i < 5000; i++) s += String.fromCharCode((i * 7) % 13 + 97) + (i % 50 === 0 ? 'redis.call(' : '');
  const c = lzfCompress(s, s.length - 4);
  assert.ok(c !== null && c.length < s.length);
  assert.equal(lzfDecompress(c, s.length), s);
  assert.equal(lzfCompress('abcdefghijklmnopqrstuvwxyz0123', 26), null);
  for (const v of ['', 'short', '12', '-5', '300', '70000', '12345678901', s, 'x'.repeat(100)]) {
    const r = new RdbReader(rdbEncodeString(v));
    assert.equal(r.string(), v);
  }
  const p = addDumpFooter('payload');
  assert.equal(verifyDumpPayload(p), 11);
  assert.equal(verifyDumpPayload(p.slice(0, -1) + 'x'), -1);
});

test('shebang flags parsing', () => {
  assert.deepEqual(extractShebangFlags('return 1'), [SCRIPT_FLAG_EVAL_COMPAT_MODE, 0]);
  assert.deepEqual(extractShebangFlags('#!lua flags=no-writes,allow-oom\nreturn 1'), [SCRIPT_FLAG_NO_WRITES | SCRIPT_FLAG_ALLOW_OOM, 31]);
  assert.equal(extractShebangFlags('#!lua flags=nope\n'), 'Unexpected flag in script shebang: nope');
  assert.equal(extractShebangFlags('#!lua'), 'Invalid script shebang');
});
