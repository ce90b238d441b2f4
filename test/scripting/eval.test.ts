/**
 * EVAL family and the redis.* API against real redis-server (the oracle), RESP2 and RESP3:
 * conversions both ways, error texts and suffixes, shebang flags, read-only scripts,
 * global protection, SCRIPT LOAD/EXISTS/FLUSH/KILL, FLUSHALL leaving the cache alone.
 *
 * Where 7.2 differs from the installed 7.0.15 oracle, explicit assertions follow the 7.2
 * source (each says so).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, RawClient, sendRaw, type Pair } from '../helpers/oracle.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

test("redis.* API errors, constants and return conversions", async () => {
  await pair.check([['SCRIPT', 'FLUSH'], ['FUNCTION', 'FLUSH'],
    ["FUNCTION", "FLUSH"],
    ["FUNCTION", "LOAD", "#!lua name=lib1\nlocal x = 0\nredis.register_function('f1', function(keys, args) x = x + 1 return x end)"],
    ["EVAL", "return y", "0"],
    ["EVAL", "return redis.call()", "0"],
    ["EVAL", "return redis.call({})", "0"],
    ["EVAL", "return redis.pcall()", "0"],
    ["EVAL", "return redis.setresp()", "0"],
    ["EVAL", "return redis.setresp(4)", "0"],
    ["EVAL", "return redis.sha1hex()", "0"],
    ["EVAL", "return redis.sha1hex('abc')", "0"],
    ["EVAL", "return redis.error_reply('My Error')", "0"],
    ["EVAL", "return redis.error_reply('x')", "0"],
    ["EVAL", "return redis.status_reply('FINE')", "0"],
    ["EVAL", "return redis.error_reply()", "0"],
    ["EVAL", "return redis.log()", "0"],
    ["EVAL", "return redis.log('a','b')", "0"],
    ["EVAL", "return redis.log(9,'b')", "0"],
    ["EVAL", "return redis.log(redis.LOG_WARNING,'hello')", "0"],
    ["EVAL", "return redis.set_repl()", "0"],
    ["EVAL", "return redis.set_repl(8)", "0"],
    ["EVAL", "return redis.set_repl(redis.REPL_ALL)", "0"],
    ["EVAL", "return redis.replicate_commands()", "0"],
    ["EVAL", "return redis.breakpoint()", "0"],
    ["EVAL", "return redis.debug('x')", "0"],
    ["EVAL", "return redis.acl_check_cmd('get','x')", "0"],
    ["EVAL", "return redis.acl_check_cmd('nosuch')", "0"],
    ["EVAL", "return redis.REDIS_VERSION_NUM > 0", "0"],
    ["EVAL", "return 3.99", "0"],
    ["EVAL", "return -3.99", "0"],
    ["EVAL", "return true", "0"],
    ["EVAL", "return false", "0"],
    ["EVAL", "return nil", "0"],
    ["EVAL", "return {ok='fine'}", "0"],
    ["EVAL", "return {err='bad thing'}", "0"],
    ["EVAL", "return {1,2,3,'x',nil,4}", "0"],
    ["EVAL", "return {double=3.5}", "0"],
    ["EVAL", "return {big_number='123456789012345678901234'}", "0"],
    ["EVAL", "redis.setresp(3) return {map={a=1}}", "0"],
    ["EVAL", "redis.setresp(3) return {set={a=true}}", "0"],
    ["EVAL", "redis.setresp(3) return true", "0"]
  ]);
});

test("command replies to Lua, RESP3 after setresp, SELECT, read-only scripts and shebang flags", async () => {
  await pair.check([['SCRIPT', 'FLUSH'], ['FUNCTION', 'FLUSH'],
    ["EVAL", "redis.setresp(3) return false", "0"],
    ["EVAL", "return {map={a=1}}", "0"],
    ["EVAL", "return {verbatim_string={format='txt', string='hello'}}", "0"],
    ["SET", "s", "x"],
    ["HSET", "h", "f", "v"],
    ["SADD", "st", "m"],
    ["RPUSH", "l", "a", "b"],
    ["ZADD", "z", "1.5", "m"],
    ["EVAL", "return redis.call('hgetall','h')", "0"],
    ["EVAL", "redis.setresp(3) return redis.call('hgetall','h')", "0"],
    ["EVAL", "redis.setresp(3) local r = redis.call('hgetall','h') return r.map.f", "0"],
    ["EVAL", "redis.setresp(3) local r = redis.call('smembers','st') return r.set.m", "0"],
    ["EVAL", "redis.setresp(3) local r = redis.call('zscore','z','m') return {r.double, tostring(r.double)}", "0"],
    ["EVAL", "redis.setresp(3) local r = redis.call('get','nokey') return r == nil", "0"],
    ["EVAL", "local r = redis.call('get','nokey') return r == false", "0"],
    ["EVAL", "redis.setresp(3) return redis.call('zscore','z','m')", "0"],
    ["EVAL", "return redis.call('zscore','z','m')", "0"],
    ["EVAL", "return redis.call('ping')", "0"],
    ["EVAL", "return redis.call('type','s')", "0"],
    ["EVAL", "local t = redis.call('ping') return t.ok", "0"],
    ["EVAL", "local e = redis.pcall('incr','s') return e.err", "0"],
    ["EVAL", "local e = redis.pcall('incr','s') return e", "0"],
    ["EVAL", "return redis.call('incr','s')", "0"],
    ["EVAL", "return redis.call('lpush','s','x')", "0"],
    ["EVAL", "return redis.call('set','a',1.5)", "0"],
    ["EVAL", "redis.call('set','a',1e20) return redis.call('get','a')", "0"],
    ["EVAL", "return redis.call('select', 1)", "0"],
    ["EVAL", "redis.call('select', 1) redis.call('set','indb1','1') return 1", "0"],
    ["GET", "indb1"],
    ["SELECT", "1"],
    ["GET", "indb1"],
    ["SELECT", "0"],
    ["EVAL", "return redis.call('multi')", "0"],
    ["EVAL", "return redis.call('eval','return 1','0')", "0"],
    ["EVAL_RO", "return redis.call('set','a','1')", "0"],
    ["EVAL_RO", "return redis.call('get','a')", "0"],
    ["EVAL_RO", "return redis.call('publish','c','m')", "0"],
    ["EVAL", "#!lua flags=no-writes\nreturn redis.call('set','a','1')", "0"],
    ["EVAL", "#!lua\nreturn redis.call('set','a','1')", "0"],
    ["EVAL_RO", "#!lua\nreturn 1", "0"]
  ]);
});

test("numkeys, EVALSHA/NOSCRIPT, SCRIPT subcommands, globals and libraries", async () => {
  await pair.check([['SCRIPT', 'FLUSH'], ['FUNCTION', 'FLUSH'],
    ["EVAL_RO", "#!lua flags=no-writes\nreturn 1", "0"],
    ["EVAL", "#!lua flags=bad\nreturn 1", "0"],
    ["EVAL", "#!lua foo=bar\nreturn 1", "0"],
    ["EVAL", "#!luax\nreturn 1", "0"],
    ["EVAL", "#!lua", "0"],
    ["EVAL", "#!lua flags=\nreturn 1", "0"],
    ["EVAL", "#!lua flags=no-writes,allow-oom,allow-stale,no-cluster,allow-cross-slot-keys\nreturn x", "0"],
    ["EVAL", "return 1", "-1"],
    ["EVAL", "return 1", "2", "a"],
    ["EVAL", "return 1", "x"],
    ["EVALSHA", "abc", "0"],
    ["EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "0"],
    ["EVALSHA", "E0E1F9FABFC9D4800C877A703B823AC0578FF8DB", "0"],
    ["SCRIPT", "LOAD", "return 'loaded'"],
    ["EVALSHA", "b534286061d4b9e4026607613b95c06c06015ae8", "0"],
    ["SCRIPT", "EXISTS", "b534286061d4b9e4026607613b95c06c06015ae8", "ffff"],
    ["SCRIPT", "LOAD", "return ("],
    ["EVAL", "return (", "0"],
    ["EVAL", "return {KEYS[1],KEYS[2],ARGV[1],ARGV[2],#KEYS,#ARGV}", "2", "k1", "k2", "a1", "a2"],
    ["SCRIPT", "FLUSH", "bad"],
    ["SCRIPT", "FLUSH", "ASYNC"],
    ["SCRIPT", "EXISTS", "b534286061d4b9e4026607613b95c06c06015ae8"],
    ["SCRIPT", "FLUSH"],
    ["SCRIPT", "FLUSH", "SYNC"],
    ["SCRIPT", "KILL"],
    ["FUNCTION", "KILL"],
    ["SCRIPT", "FOO"],
    ["EVAL", "local t={} for k,v in pairs(_G) do t[#t+1]=k end table.sort(t) return t", "0"],
    ["EVAL", "local t={} for k,v in pairs(redis) do t[#t+1]=k..'='..type(v) end table.sort(t) return t", "0"],
    ["EVAL", "return string.foo", "0"],
    ["EVAL", "string.x = 1", "0"],
    ["EVAL", "cjson.x = 1", "0"],
    ["EVAL", "redis.x = 1", "0"],
    ["EVAL", "return redis.foo", "0"],
    ["EVAL", "rawset(_G,'x',1)", "0"],
    ["EVAL", "setmetatable(_G,{})", "0"],
    ["EVAL", "return math.random(1000)", "0"],
    ["EVAL", "return cjson.encode({1,2,3})", "0"],
    ["EVAL", "return cjson.decode('[1,2,{\"a\":3}]')[3].a", "0"],
    ["EVAL", "return cmsgpack.unpack(cmsgpack.pack({1,2,3}))", "0"]
  ]);
});

test("errors with and without positions, pcall, number conversions", async () => {
  await pair.check([['SCRIPT', 'FLUSH'], ['FUNCTION', 'FLUSH'],
    ["EVAL", "error(nil)", "0"],
    ["EVAL", "error('x', 0)", "0"],
    ["EVAL", "error(123)", "0"],
    ["EVAL", "assert(false)", "0"],
    ["EVAL", "assert(false, 'amsg')", "0"],
    ["EVAL", "local ok, e = pcall(redis.call, 'nosuch') return e.err", "0"],
    ["EVAL", "local ok, e = pcall(error, {err='z'}) return e.err", "0"],
    ["EVAL", "return redis.call('get', 'a', {})", "0"],
    ["EVAL", "return redis.pcall('get', nil)", "0"],
    ["EVAL", "return loadstring('return 1')()", "0"],
    ["EVAL", "return load(function() return nil end)", "0"],
    ["EVAL", "return 9007199254740993", "0"],
    ["EVAL", "return 1e30", "0"],
    ["EVAL", "return 0/0", "0"],
    ["EVAL", "return -0.5", "0"],
    ["EVAL", "return {1, {err='inner'}, 3}", "0"],
    ["EVAL", "return {1, {ok='inner'}, true, false}", "0"],
    ["EVAL", "redis.setresp(3) return {1, true, false, {double=1.25}}", "0"]
  ]);
});


test('FLUSHALL and FLUSHDB leave the script cache alone', async () => {
  await pair.check([
    ['SCRIPT', 'FLUSH'],
    ['SCRIPT', 'LOAD', 'return 7'],
    ['FLUSHALL'],
    ['SCRIPT', 'EXISTS', 'd19b2ac1e02d6b3fa6f1ef2a5a0e2e8b47e8dd9a'],
    ['FLUSHDB', 'ASYNC'],
    ['EVALSHA', 'd19b2ac1e02d6b3fa6f1ef2a5a0e2e8b47e8dd9a', '0'],
    ['SCRIPT', 'FLUSH', 'ASYNC'],
    ['SCRIPT', 'EXISTS', 'd19b2ac1e02d6b3fa6f1ef2a5a0e2e8b47e8dd9a'],
  ]);
});

test('math.random starts from lrand48 default state and is not reseeded per script', async () => {
  await pair.check([['SCRIPT', 'FLUSH'], ['EVAL', 'return {math.random(1000), math.random(1000)}', '0'], ['EVAL', 'return math.random(1000)', '0']], { protocols: [2] });
});

test('SCRIPT HELP (7.2 footer "Print this help.")', async () => {
  const [a, b] = await pair.run([['SCRIPT', 'HELP']]);
  // 7.0 ends with "Prints this help."; 7.2's addReplyHelp says "Print this help." (networking.c).
  assert.equal(b[0], a[0].replace('Prints this help.', 'Print this help.'));
});

test('7.2: numbers passed to redis.call are formatted with fpconv_dtoa (shortest round trip)', async () => {
  // Redis 7.2 script_lua.c luaArgsToRedisArgv: double2ll -> ll2string, else fpconv_dtoa.
  // (7.0.15 used "%.17g" and prints 0.10000000000000001.)
  const c = await RawClient.connect(pair.cinder.port);
  assert.equal(await c.send('EVAL', "redis.call('set','a',0.1) return redis.call('get','a')", '0'), '$3\r\n0.1\r\n');
  assert.equal(await c.send('EVAL', "redis.call('set','a',1e20) return redis.call('get','a')", '0'), '$5\r\n1e+20\r\n');
  assert.equal(await c.send('EVAL', "redis.call('set','a',-2.5) return redis.call('get','a')", '0'), '$4\r\n-2.5\r\n');
  c.close();
});

test('7.2: blocking commands run from scripts as their non-blocking forms', async () => {
  // 7.2's command table drops "noscript" from BLPOP & co (7.0.15 refuses them); the script
  // client has CLIENT_DENY_BLOCKING, so they return at once.
  const c = await RawClient.connect(pair.cinder.port);
  // the null array becomes false, which a RESP2 script returns as a null bulk
  assert.equal(await c.send('EVAL', "return redis.call('blpop','nolist',0)", '0'), '$-1\r\n');
  assert.equal(await c.send('EVAL', "redis.call('rpush','bl','x') return redis.call('blpop','bl',0)", '0'), '*2\r\n$2\r\nbl\r\n$1\r\nx\r\n');
  c.close();
});

test('SELECT inside a script does not change the caller db', async () => {
  await pair.check([['EVAL', "redis.call('select','2') redis.call('set','k','in2') return redis.call('get','k')", '0'], ['GET', 'k'], ['SELECT', '2'], ['GET', 'k'], ['EVAL', "return redis.call('get','k')", '0']]);
});

test('redis.log writes to the server log with the level', async () => {
  const lines: string[] = [];
  const { startServer } = await import('../../src/index.js');
  const s = await startServer({ log: (l) => lines.push(l), config: { loglevel: 'verbose' } });
  s.call('EVAL', "redis.log(redis.LOG_WARNING, 'warn', 'two', 3) redis.log(redis.LOG_VERBOSE, 'verb') redis.log(redis.LOG_DEBUG, 'dbg')", '0');
  await s.close();
  assert.ok(lines.some((l) => / # warn two 3$/.test(l)));
  assert.ok(lines.some((l) => / - verb$/.test(l)));
  assert.ok(!lines.some((l) => /dbg$/.test(l)));
});

test('SCRIPT DEBUG: NO, bad mode, arity, and "outside a pipeline" (pending replies: EXEC, pipelined)', async () => {
  await pair.check([
    ['SCRIPT', 'DEBUG', 'no'],
    ['SCRIPT', 'DEBUG', 'NO'],
    ['SCRIPT', 'DEBUG', 'maybe'],
    ['SCRIPT', 'DEBUG'],
    ['SCRIPT', 'DEBUG', 'no', 'x'],
    ['MULTI'],
    ['SCRIPT', 'DEBUG', 'no'],
    ['SCRIPT', 'DEBUG', 'yes'],
    ['SCRIPT', 'DEBUG', 'maybe'],
    ['EXEC'],
  ]);
  const chunks = ['PING\r\nSCRIPT DEBUG NO\r\nSCRIPT DEBUG maybe\r\n'];
  const a = await sendRaw(pair.oracle.port, chunks);
  const b = await sendRaw(pair.cinder.port, chunks);
  assert.equal(b.data, a.data);
  // YES / SYNC would start Redis's Lua debugger (LDB) on the next EVAL; Cinder has none
  const c = await RawClient.connect(pair.cinder.port);
  try {
    assert.equal(await c.send('SCRIPT', 'DEBUG', 'yes'), '-ERR SCRIPT DEBUG is not supported by this server\r\n');
    assert.equal(await c.send('SCRIPT', 'DEBUG', 'sync'), '-ERR SCRIPT DEBUG is not supported by this server\r\n');
    assert.equal(await c.send('EVAL', 'return 1', '0'), ':1\r\n');
  } finally {
    c.close();
  }
});

test("error suffix: the raise point's raw chunk name and line (loadstring chunks, chunk names, error tables, pcall)", async () => {
  // Redis's __redis__err__handler takes debug.getinfo(...).source: "@user_script", or a
  // loadstring chunk's own source text (newlines become spaces in the reply), or its name.
  const lib = [
    '#!lua name=suffixlib',
    'local function h(keys, args)',
    "  if args[1] == 'a' then return redis.call('nosuch') end",
    "  if args[1] == 'b' then return loadstring('return 1 + nil')() end",
    "  if args[1] == 'c' then return nonexist end",
    "  if args[1] == 'e' then return loadstring('return redis.call(\"nosuch\")', '=lc')() end",
    '  return 1 + nil',
    'end',
    "redis.register_function('sf', h)",
  ].join('\n');
  await pair.check([['SCRIPT', 'FLUSH'], ['FUNCTION', 'FLUSH'],
    ['EVAL', "return loadstring('return redis.call(\"nosuch\")')()", '0'],
    ['EVAL', "loadstring('local a = 1\\nerror(\"boom\")')()", '0'],
    ['EVAL', "return loadstring('return nonexist')()", '0'],
    ['EVAL', "return loadstring('return redis.call(\"nosuch\")', 'mychunk')()", '0'],
    ['EVAL', "return loadstring('return redis.call(\"nosuch\")', '@mychunk')()", '0'],
    ['EVAL', "return loadstring('return redis.call(\"nosuch\")', '=mychunk')()", '0'],
    ['EVAL', "return loadstring('return 1 + nil')()", '0'],
    ['EVAL', "return loadstring('local t = {} t.x.y = 1')()", '0'],
    ['EVAL', "return loadstring(string.rep('a', 100) .. ' = nil; return 1')()", '0'],
    ['EVAL', "error({err='tbl', source='mine', line=7})", '0'],
    ['EVAL', "local t = {3,1,2} table.sort(t, function(a,b) error('cmp') end)", '0'],
    ['EVAL', "local function f()\n  error('deep')\nend\nlocal function g() f() end\ng()", '0'],
    ['EVAL', "local ok = pcall(function() return 1 + nil end)\nreturn redis.call('nosuch')", '0'],
    ['EVAL', "local co = coroutine.wrap(function() error('inco') end) co()", '0'],
    ['EVAL', 'return {pcall()}', '0'],
    ['EVAL', 'local a, b = pcall() return {tostring(a), tostring(b)}', '0'],
    // error_reply/status_reply return (do not raise) their argument error
    ['EVAL', 'local e = redis.error_reply() return {type(e), e.err}', '0'],
    ['EVAL', 'local e = redis.status_reply(1) return {type(e), e.err}', '0'],
    ['FUNCTION', 'LOAD', lib],
    ['FCALL', 'sf', '0', 'a'],
    ['FCALL', 'sf', '0', 'b'],
    ['FCALL', 'sf', '0', 'c'],
    ['FCALL', 'sf', '0', 'e'],
    ['FCALL', 'sf', '0', 'z'],
    ['FUNCTION', 'FLUSH'],
  ]);
});
