/**
 * Unit tests for the Lua engine's host API: budget/suspend/resume/abort (also inside
 * pcall, nested calls and coroutines), readonly tables, memory cap, deep recursion,
 * host functions and callbacks. Expected Lua messages come from lua5.1 / Redis 7.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LuaState, LuaError, LuaAbort, LuaTable, LuaUserdata, type LuaValue, type RunResult } from '../../src/lua/index.js';

function run(L: LuaState, src: string, args: LuaValue[] = [], chunk = '@user_script'): RunResult {
  return L.start(L.load(src, chunk), args);
}

function ok(r: RunResult): LuaValue[] {
  if (r.status !== 'ok') assert.fail(`expected ok, got ${JSON.stringify(r)}`);
  return r.values;
}

/** Runs to completion with a small budget per slice, counting suspensions. */
function runSliced(L: LuaState, src: string, budget: number): { r: RunResult; slices: number } {
  let r = L.start(L.load(src, '@s'), [], budget);
  let slices = 0;
  while (r.status === 'suspended') {
    slices++;
    r = L.resume(budget);
  }
  return { r, slices };
}

test('basic run returns values; compile once, call many times', () => {
  const L = new LuaState();
  const f = L.load('local a, b = ... return a + b, KEYS and #KEYS', '@user_script');
  for (let i = 0; i < 5; i++) {
    const keys = new LuaTable();
    keys.set(1, 'k');
    L.setGlobal('KEYS', keys);
    assert.deepEqual(ok(L.start(f, [i, 10])), [i + 10, 1]);
  }
});

test('chunk names follow luaO_chunkid', () => {
  const L = new LuaState();
  assert.deepEqual(run(L, 'local x = nil; return x.y'), {
    status: 'error', error: "user_script:1: attempt to index local 'x' (a nil value)", aborted: false,
  });
  assert.throws(() => L.load('x = = 1', '@user_script'), (e: unknown) =>
    e instanceof LuaError && e.value === "user_script:1: unexpected symbol near '='");
  assert.throws(() => L.load('x = = 1', '=f_abc'), (e: unknown) => e instanceof LuaError && e.value === "f_abc:1: unexpected symbol near '='");
  assert.throws(() => L.load('x = = 1'), (e: unknown) => e instanceof LuaError && e.value === `[string "x = = 1"]:1: unexpected symbol near '='`);
});

test('budget: infinite loop suspends, resumes and aborts', () => {
  const L = new LuaState();
  let r = L.start(L.load('local n = 0 while true do n = n + 1 end', '@s'), [], 10000);
  assert.equal(r.status, 'suspended');
  for (let i = 0; i < 10; i++) {
    r = L.resume(10000);
    assert.equal(r.status, 'suspended');
  }
  r = L.abort('killed');
  assert.equal(r.status, 'error');
});

test('budget: suspension is exact and resumable across slices', () => {
  const L = new LuaState();
  const f = L.load('local n = 0 for i = 1, 100000 do n = n + i end return n', '@s');
  let r = L.start(f, [], 1000);
  assert.equal(r.status, 'suspended');
  let slices = 1;
  while (r.status === 'suspended') {
    r = L.resume(1000);
    slices++;
  }
  assert.deepEqual(ok(r), [5000050000]);
  assert.ok(slices > 100, `slices ${slices}`);
  assert.ok(L.instructionCount >= 200000);
});

test('budget: abort a suspended infinite loop; state stays usable', () => {
  const L = new LuaState();
  let r = L.start(L.load('while true do end', '@s'), [], 5000);
  assert.equal(r.status, 'suspended');
  r = L.resume(5000);
  assert.equal(r.status, 'suspended');
  r = L.abort('ERR Script killed by user with SCRIPT KILL...');
  assert.deepEqual(r, { status: 'error', error: 'ERR Script killed by user with SCRIPT KILL...', aborted: true });
  assert.deepEqual(ok(run(L, 'return 1 + 1')), [2]);
});

test('budget: suspend and resume inside pcall and nested Lua calls', () => {
  const L = new LuaState();
  const { r, slices } = runSliced(L, `
    local function inner(n) local s = 0 for i = 1, n do s = s + i end return s end
    local function mid(n) return inner(n) + 1 end
    local ok, v = pcall(function() return mid(20000) end)
    local ok2, e = pcall(function() mid(100) error("late") end)
    return ok, v, ok2, e`, 777);
  assert.ok(slices > 10);
  assert.deepEqual(ok(r), [true, 200010001, false, 's:5: late']);
});

test('budget: suspend inside a coroutine and resume', () => {
  const L = new LuaState();
  const { r, slices } = runSliced(L, `
    local co = coroutine.create(function(n)
      local s = 0
      for i = 1, n do s = s + i if i % 1000 == 0 then coroutine.yield(i) end end
      return s
    end)
    local last
    local ok, v = coroutine.resume(co, 10000)
    while coroutine.status(co) ~= "dead" do ok, v = coroutine.resume(co) end
    return v`, 500);
  assert.ok(slices > 50);
  assert.deepEqual(ok(r), [50005000]);
});

test('host can call Lua while a script is suspended; the script resumes intact', () => {
  const L = new LuaState();
  const f = L.load('local t = {} for i = 1, 5000 do t[#t + 1] = select("#", i, i) end return #t, t[5000]', '@s');
  let r = L.start(f, [], 100);
  assert.equal(r.status, 'suspended');
  const helper = L.call(L.load('return function(a, b) local s = 0 for i = a, b do s = s + i end return s end', '=h'))[0];
  assert.deepEqual(L.call(helper, [1, 100000]), [5000050000]);
  while (r.status === 'suspended') {
    assert.deepEqual(L.call(helper, [1, 10]), [55]);
    r = L.resume(100);
  }
  assert.deepEqual(ok(r), [5000, 2]);
});

test('abort cannot be caught by pcall (suspended inside pcall)', () => {
  const L = new LuaState();
  let r = L.start(L.load('local ok = pcall(function() while true do end end) return "caught"', '@s'), [], 1000);
  assert.equal(r.status, 'suspended');
  r = L.abort('killed');
  assert.deepEqual(r, { status: 'error', error: 'killed', aborted: true });
});

test('abort from a host function (LuaAbort) unwinds through pcall', () => {
  const L = new LuaState();
  L.setGlobal('kill', L.newFunction('kill', () => { throw new LuaAbort('host abort'); }));
  const r = run(L, 'local ok, e = pcall(kill) return "not reached"');
  assert.deepEqual(r, { status: 'error', error: 'host abort', aborted: true });
  assert.deepEqual(ok(run(L, 'return "again"')), ['again']);
});

test('nested loops (sort comparator) poll onNestedBudget and can abort', () => {
  const L = new LuaState();
  let polls = 0;
  L.onNestedBudget = () => ++polls >= 3;
  L.abortMessage = 'ERR script timeout';
  const r = L.start(L.load('table.sort({3, 2, 1}, function(a, b) while true do end end)', '@s'), [], 1000);
  assert.deepEqual(r, { status: 'error', error: 'ERR script timeout', aborted: true });
  assert.equal(polls, 3);
});

test('nested loops defer suspension until the callback returns', () => {
  const L = new LuaState();
  const { r, slices } = runSliced(L, `
    local t = {}
    for i = 1, 200 do t[i] = (i * 37) % 101 end
    table.sort(t, function(a, b) local x = 0 for j = 1, 20 do x = x + j end return a < b end)
    return t[1], t[200]`, 2000);
  assert.ok(slices >= 1);
  assert.deepEqual(ok(r), [0, 100]);
});

test('requestAbort while running aborts at the next slice', () => {
  const L = new LuaState();
  let n = 0;
  L.setGlobal('tick', L.newFunction('tick', (L2) => { if (++n === 10) L2.requestAbort('stop now'); return 0; }));
  const r = run(L, 'while true do tick() end');
  assert.deepEqual(r, { status: 'error', error: 'stop now', aborted: true });
});

test('readonly tables: VM writes, rawset, setmetatable', () => {
  const L = new LuaState();
  const g = L.newTable();
  g.set('x', 1);
  g.readonly = true;
  L.setGlobal('ro', g);
  assert.deepEqual(run(L, 'ro.x = 2'), { status: 'error', error: 'user_script:1: Attempt to modify a readonly table', aborted: false });
  assert.deepEqual(run(L, 'ro.y = 2'), { status: 'error', error: 'user_script:1: Attempt to modify a readonly table', aborted: false });
  assert.deepEqual(ok(run(L, 'return pcall(rawset, ro, "x", 5)')), [false, 'Attempt to modify a readonly table']);
  assert.deepEqual(ok(run(L, 'return pcall(table.insert, ro, 5)')), [false, 'Attempt to modify a readonly table']);
  assert.deepEqual(ok(run(L, 'return pcall(setmetatable, ro, {})')), [false, 'Attempt to modify a readonly table']);
  assert.deepEqual(ok(run(L, 'return ro.x')), [1]);
  // readonly globals table (Redis protects _G)
  L.globals.readonly = true;
  assert.deepEqual(run(L, 'newglobal = 1'), { status: 'error', error: 'user_script:1: Attempt to modify a readonly table', aborted: false });
  assert.deepEqual(ok(run(L, 'local l = 5 return l')), [5]);
});

test('memory cap: growing table raises a catchable "not enough memory"', () => {
  const L = new LuaState({ memoryLimit: 8 << 20 });
  const r = run(L, `
    local ok, e = pcall(function() local t = {} for i = 1, 1e8 do t[i] = i end end)
    return ok, e`);
  assert.deepEqual(ok(r), [false, 'not enough memory']);
  // state still usable
  assert.deepEqual(ok(run(L, 'return 1')), [1]);
});

test('memory cap: string doubling and big table of strings', () => {
  const L = new LuaState({ memoryLimit: 16 << 20 });
  assert.deepEqual(ok(run(L, 'local s = "x" return pcall(function() while true do s = s .. s end end)')), [false, 'not enough memory']);
  assert.deepEqual(ok(run(L, 'local t = {} return pcall(function() for i = 1, 1e7 do t[i] = "str" .. i end end)')), [false, 'not enough memory']);
  assert.deepEqual(ok(run(L, 'local t = {} for i = 1, 1000 do t[i] = i end return #t')), [1000]);
  // uncaught: ends the script with the error
  assert.deepEqual(run(L, 'local s = "x" while true do s = s .. s end'), { status: 'error', error: 'not enough memory', aborted: false });
});

test('memory: temporary garbage does not trip the cap', () => {
  const L = new LuaState({ memoryLimit: 4 << 20 });
  assert.deepEqual(ok(run(L, 'local n = 0 for i = 1, 200000 do local t = {i, i} n = n + #t end return n')), [400000]);
  assert.deepEqual(ok(run(L, 'local s for i = 1, 100000 do s = "abc" .. i end return s')), ['abc100000']);
});

test('deep recursion: stack overflow is a clean, catchable error', () => {
  const L = new LuaState();
  const r = ok(run(L, 'local function f(n) return 1 + f(n + 1) end return pcall(f, 1)'));
  assert.equal(r[0], false);
  assert.equal(r[1], 'user_script:1: stack overflow');
  const r2 = run(L, 'local function f() f() end f()');
  assert.equal(r2.status, 'error');
  // C-level recursion through metamethods
  const r3 = ok(run(L, 'local t = setmetatable({}, {__index = function(t, k) return t[k] end}) return pcall(function() return t.x end)'));
  assert.deepEqual(r3, [false, 'user_script:1: C stack overflow']);
  // tostring recursion through __tostring
  const r4 = ok(run(L, 'local t; t = setmetatable({}, {__tostring = function(x) return tostring(x) end}) return pcall(tostring, t)'));
  assert.equal(r4[0], false);
  // the state is usable afterwards
  assert.deepEqual(ok(run(L, 'return 42')), [42]);
});

test('unbounded coroutine nesting is a clean "C stack overflow", not a crash', () => {
  const L = new LuaState();
  const r = ok(run(L, 'local function h() return coroutine.wrap(h)() end return pcall(h)'));
  assert.equal(r[0], false);
  assert.match(String(r[1]), /C stack overflow$/);
  const r2 = ok(run(L, 'local function h() local co = coroutine.create(h) local ok, e = coroutine.resume(co) if not ok then error(e, 0) end return e end return pcall(h)'));
  assert.deepEqual(r2, [false, 'C stack overflow']);
  const r3 = ok(run(L, 'local function f(n) return (string.gsub and 1 or 1) + select(2, pcall(table.sort, {2, 1}, function(a, b) f(n + 1) return a < b end)) end return pcall(f, 1)'));
  assert.equal(r3[0], false);
});

test('deep tail recursion does not overflow', () => {
  const L = new LuaState();
  assert.deepEqual(ok(run(L, 'local function f(n) if n == 0 then return "done" end return f(n - 1) end return f(1000000)')), ['done']);
});

test('parser: deeply nested expressions give a Lua error, not a JS RangeError', () => {
  const L = new LuaState();
  const deep = 'return ' + '('.repeat(5000) + '1' + ')'.repeat(5000);
  assert.throws(() => L.load(deep, '@user_script'), (e: unknown) =>
    e instanceof LuaError && /chunk has too many syntax levels/.test(String(e.value)));
  const deepTable = 'return ' + '{'.repeat(5000) + '}'.repeat(5000);
  assert.throws(() => L.load(deepTable, '@user_script'), (e: unknown) => e instanceof LuaError);
  const deepFn = 'return ' + 'function() return '.repeat(3000) + '1' + ' end'.repeat(3000);
  assert.throws(() => L.load(deepFn, '@user_script'), (e: unknown) => e instanceof LuaError);
  const chain = 'local a = {} return a' + '.b'.repeat(10000);
  assert.throws(() => L.load(chain, '@user_script'), (e: unknown) => e instanceof LuaError);
  const sum = 'return 1' + ' + 1'.repeat(100000);
  try {
    const f = L.load(sum, '@user_script');
    assert.deepEqual(ok(L.start(f, [])), [100001]);
  } catch (e) {
    assert.ok(e instanceof LuaError);
  }
  // 100-level nested table literal is fine
  const n100 = 'local t = ' + '{'.repeat(100) + '}'.repeat(100) + ' local d = 0 while t[1] do t = t[1] d = d + 1 end return d';
  assert.deepEqual(ok(run(L, n100)), [99]);
});

test('host functions: args, results, errors with position, callbacks', () => {
  const L = new LuaState();
  const lib = L.newTable();
  L.register(lib, {
    add: (L2, b, n) => { L2.push(L2.checkNumber(b, n, 0) + L2.checkNumber(b, n, 1)); return 1; },
    multi: (L2, b, n) => { for (let i = 0; i < n; i++) L2.push(L2.stack[b + i]); L2.push('end'); return n + 1; },
    fail: (L2) => L2.error('custom failure'),
    failobj: () => { const t = new LuaTable(); t.set('err', 'x'); throw new LuaError(t); },
    apply: (L2, b, n) => {
      const f = L2.checkAny(b, n, 0);
      const r = L2.call(f, [L2.arg(b, n, 1), L2.arg(b, n, 2)]);
      for (const v of r) L2.push(v);
      return r.length;
    },
    str: (L2, b, n) => { L2.push(L2.tostring(L2.checkAny(b, n, 0))); return 1; },
  });
  L.setGlobal('h', lib);
  assert.deepEqual(ok(run(L, 'return h.add(2, "3")')), [5]);
  assert.deepEqual(ok(run(L, 'return h.multi(1, nil, 3)')), [1, undefined, 3, 'end']);
  assert.deepEqual(run(L, '\nh.fail()'), { status: 'error', error: 'user_script:2: custom failure', aborted: false });
  assert.deepEqual(ok(run(L, 'return pcall(h.fail)')), [false, 'custom failure']);
  assert.deepEqual(ok(run(L, 'local ok, e = pcall(h.failobj) return e.err')), ['x']);
  assert.deepEqual(run(L, 'h.add(1)'), { status: 'error', error: "user_script:1: bad argument #2 to 'add' (number expected, got no value)", aborted: false });
  assert.deepEqual(ok(run(L, 'return h.apply(function(a, b) return a * b, "x" end, 6, 7)')), [42, 'x']);
  assert.deepEqual(ok(run(L, 'return pcall(h.apply, function() error("inner") end)')), [false, 'user_script:1: inner']);
  assert.deepEqual(ok(run(L, 'return h.str(setmetatable({}, {__tostring = function() return "T!" end}))')), ['T!']);
  assert.equal(L.tostring(1e15), '1e+15');
  assert.equal(L.tostring(10 / 2), '5');
});

test('host API: call, call1, index with metamethods, light userdata', () => {
  const L = new LuaState();
  const fn = L.load('return function(a, b) return a .. b, 2 end', '=x');
  const inner = L.call(fn)[0];
  assert.deepEqual(L.call(inner, ['a', 'b']), ['ab', 2]);
  assert.equal(L.call1(inner, 'c', 'd'), 'cd');
  const t = L.call(L.load('return setmetatable({}, {__index = function(t, k) return k .. "!" end})'))[0];
  assert.equal(L.index(t, 'q'), 'q!');
  const u = new LuaUserdata('cjson.null');
  L.setGlobal('NULL', u);
  assert.deepEqual(ok(run(L, 'return type(NULL), NULL == NULL')), ['userdata', true]);
  assert.throws(() => L.call(undefined), (e: unknown) => e instanceof LuaError && e.value === 'attempt to call a nil value');
});

test('math.random is deterministic and seedable (Redis lrand48)', () => {
  const L1 = new LuaState();
  const L2 = new LuaState();
  const src = 'local t = {} for i = 1, 5 do t[i] = math.random(1000) end return unpack(t)';
  assert.deepEqual(ok(run(L1, src)), ok(run(L2, src)));
  L1.seedRandom(42);
  L2.seedRandom(42);
  assert.deepEqual(ok(run(L1, 'return math.random()')), ok(run(L2, 'return math.random()')));
  assert.deepEqual(ok(run(L1, 'math.randomseed(7) return math.random(100)')), ok(run(L2, 'math.randomseed(7) return math.random(100)')));
});

test('coroutines: yield across pcall is rejected like 5.1; wrap errors propagate', () => {
  const L = new LuaState();
  assert.deepEqual(ok(run(L, 'local f = coroutine.wrap(function() error("x") end) return pcall(f)')), [false, 'user_script:1: x']);
  assert.deepEqual(ok(run(L, 'return coroutine.resume(coroutine.create(function() pcall(coroutine.yield) end))')), [true]);
});

test('errors escaping from start() are reported, internal state is reset', () => {
  const L = new LuaState();
  assert.deepEqual(run(L, 'error({code = 1})').status, 'error');
  assert.deepEqual(run(L, 'error("boom", 0)'), { status: 'error', error: 'boom', aborted: false });
  assert.deepEqual(ok(run(L, 'return select("#", 1, 2, 3)')), [3]);
});

test('every corpus program gives the same output when suspended every few instructions', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { join, dirname } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  let dir = join(dirname(fileURLToPath(import.meta.url)), 'corpus');
  try { readdirSync(dir); } catch { dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'lua', 'corpus'); }
  let libs: ((L: LuaState) => unknown) | null = null;
  try {
    const mod = (await import('../../src/lua/lib/index.js')) as Record<string, unknown>;
    if (typeof mod.openRedisLibs === 'function') libs = mod.openRedisLibs as (L: LuaState) => unknown;
  } catch { libs = null; }
  const files = readdirSync(dir).filter((f) => f.startsWith('core_') && f.endsWith('.lua'));
  assert.ok(files.length > 5);
  for (const file of files) {
    const src = readFileSync(join(dir, file), 'latin1');
    const once = (budget: number): string => {
      let out = '';
      const L = new LuaState({ print: (line) => { out += line + '\n'; } });
      if (libs !== null) libs(L);
      let r = L.start(L.load(src, '@' + file), [], budget);
      let n = 0;
      while (r.status === 'suspended') {
        r = L.resume(budget);
        if (++n > 5e6) assert.fail('too many slices');
      }
      return out + '|' + r.status + (r.status === 'error' ? String(r.error) : '');
    };
    const ref = once(Infinity);
    // os.clock / collectgarbage("count") values differ run to run; they are only type-checked in the corpus
    assert.equal(once(13), ref, `${file} with budget 13`);
  }
});

test('after a run the main stack holds no values of it (host results, varargs, deep frames, errors)', () => {
  const L = new LuaState();
  const clean = (): void => {
    const s = L.mainThread.stack;
    for (let i = 0; i < s.length; i++) assert.equal(s[i], undefined, 'stack slot ' + i + ' after a run');
    for (const f of L.mainThread.frames) assert.equal(f.cl, null);
  };
  const big = 'local t = {} for i = 1, 600 do t[i] = {i} end ';
  ok(run(L, big + 'return select("#", unpack(t))'));
  clean();
  ok(run(L, big + 'local function f(...) local a = {...} return ... end return f(unpack(t))'));
  clean();
  ok(run(L, 'local function r(n) if n == 0 then return {} end local x = {n} return r(n - 1) end return r(150)'));
  clean();
  assert.equal(run(L, big + 'local function f(...) error({...}) end f(unpack(t))').status, 'error');
  clean();
  L.setGlobal('many', L.newFunction('many', (L2) => {
    for (let i = 0; i < 300; i++) L2.push(new LuaTable());
    return 300;
  }));
  ok(run(L, 'return select("#", many())'));
  clean();
  ok(run(L, 'many() return 1'));
  clean();
  // many small runs (the periodic full scrub and the tracked one agree)
  for (let i = 0; i < 300; i++) ok(run(L, 'local a, b, c = {}, {}, {} return a, b, c'));
  clean();
});
