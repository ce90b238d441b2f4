/**
 * Bindings of cjson, cmsgpack, struct and bit run on a fake host state (no VM needed) and
 * compared with a live redis-server: each case calls one library function with literal
 * arguments, on redis via EVAL and here via the host function; results (and error
 * messages, incl. the "user_script:1:" prefix) must be identical.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LuaTable } from '../../src/lua/table.js';
import { LuaUserdata, type LuaValue } from '../../src/lua/value.js';
import { openCjsonLib } from '../../src/lua/lib/cjson.js';
import { openCmsgpackLib } from '../../src/lua/lib/cmsgpack.js';
import { openStructLib } from '../../src/lua/lib/struct.js';
import { openBitLib, toHex } from '../../src/lua/lib/bit.js';
import { formatDouble } from '../../src/lua/lib/cformat.js';
import { FakeState, FakeLuaError } from './fake-state.js';
import { startRedis, type RedisOracle } from './redis-oracle.js';

let redis: RedisOracle | null = null;
before(async () => { redis = await startRedis(); });
after(() => { redis?.stop(); });

const DUMP_LUA = `
local function __dump(v, depth)
  local t = type(v)
  if t == 'string' then return 's' .. #v .. ':' .. v
  elseif t == 'number' then
    if v ~= v then return 'n:nan' end
    return 'n:' .. string.format('%.17g', v)
  elseif t == 'table' then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b)
      local ta, tb = type(a), type(b)
      if ta ~= tb then return ta < tb end
      if ta == 'number' or ta == 'string' then return a < b end
      return false
    end)
    local parts = {}
    for _, k in ipairs(keys) do parts[#parts + 1] = __dump(k, depth + 1) .. '=' .. __dump(v[k], depth + 1) end
    return '{' .. table.concat(parts, ',') .. '}'
  elseif t == 'boolean' then return tostring(v)
  elseif t == 'nil' then return 'nil'
  else return t end
end
if not __r[1] then return 'ERR:' .. tostring(__r[2]) end
local __out = {}
for __i = 2, __r.n do __out[#__out + 1] = __dump(__r[__i], 0) end
return table.concat(__out, '|')
`;

function dumpJs(v: LuaValue): string {
  if (typeof v === 'string') return 's' + v.length + ':' + v;
  if (typeof v === 'number') {
    if (v !== v) return 'n:nan';
    return 'n:' + formatDouble(103, 0, 0, 17, v);
  }
  if (typeof v === 'boolean') return String(v);
  if (v === undefined) return 'nil';
  if (v instanceof LuaTable) {
    const keys: LuaValue[] = [];
    for (let k = v.next(undefined); k !== undefined; k = v.next(k)) keys.push(k);
    keys.sort((a, b) => {
      const ta = typeof a; const tb = typeof b;
      if (ta !== tb) return ta < tb ? -1 : 1;
      if (ta === 'number') return (a as number) - (b as number);
      if (ta === 'string') return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
      return 0;
    });
    return '{' + keys.map((k) => dumpJs(k) + '=' + dumpJs(v.get(k))).join(',') + '}';
  }
  if (v instanceof LuaUserdata) return 'userdata';
  return 'function';
}

/** Marker for cjson.null in arguments. */
const NULL = Symbol('cjson.null');
type Arg = LuaValue | typeof NULL | Arg[] | { [k: string]: Arg } | Map<LuaValue, Arg>;

function luaLit(a: Arg): string {
  if (a === NULL) return 'cjson.null';
  if (typeof a === 'string') {
    let r = '"';
    for (let i = 0; i < a.length; i++) {
      const c = a.charCodeAt(i);
      r += c >= 32 && c < 127 && c !== 34 && c !== 92 ? a[i] : '\\' + String(c).padStart(3, '0');
    }
    return r + '"';
  }
  if (typeof a === 'number') {
    if (a !== a) return '(0/0)';
    if (a === Infinity) return '(1/0)';
    if (a === -Infinity) return '(-1/0)';
    return '(' + String(a) + ')';
  }
  if (typeof a === 'boolean') return String(a);
  if (a === undefined) return 'nil';
  if (Array.isArray(a)) return '{' + a.map(luaLit).join(',') + '}';
  if (a instanceof Map) return '{' + [...a.entries()].map(([k, v]) => `[${luaLit(k as Arg)}]=${luaLit(v)}`).join(',') + '}';
  if (typeof a === 'object') return '{' + Object.entries(a as Record<string, Arg>).map(([k, v]) => `[${luaLit(k)}]=${luaLit(v)}`).join(',') + '}';
  throw new Error('bad arg');
}

function toValue(L: FakeState, a: Arg, nullUd: LuaUserdata): LuaValue {
  if (a === NULL) return nullUd;
  if (Array.isArray(a)) {
    const t = L.newTable();
    a.forEach((v, i) => t.set(i + 1, toValue(L, v, nullUd)));
    return t;
  }
  if (a instanceof Map) {
    const t = L.newTable();
    for (const [k, v] of a) t.set(k, toValue(L, v, nullUd));
    return t;
  }
  if (a !== null && typeof a === 'object' && !(a instanceof LuaTable)) {
    const t = L.newTable();
    for (const [k, v] of Object.entries(a as Record<string, Arg>)) t.set(k, toValue(L, v, nullUd));
    return t;
  }
  return a as LuaValue;
}

type Case = [lib: string, fn: string, ...args: Arg[]];

async function compare(cases: Case[]): Promise<void> {
  const failures: string[] = [];
  for (const [lib, fn, ...args] of cases) {
    const call = `${lib}.${fn}(${args.map(luaLit).join(', ')})`;
    const script = `local __r = (function(...) return {n = select('#', ...), ...} end)(pcall(function() return ${call} end))\n` + DUMP_LUA;
    await redis!.command(['SCRIPT', 'FLUSH']);
    const exp = await redis!.eval(script);
    const L = new FakeState();
    const nullUd = new LuaUserdata('cjson.null');
    openCjsonLib(L as never, nullUd);
    openCmsgpackLib(L as never);
    openStructLib(L as never);
    openBitLib(L as never);
    let got: string;
    try {
      const res = L.lib(lib, fn, ...args.map((a) => toValue(L, a, nullUd)));
      got = res.map(dumpJs).join('|');
    } catch (e) {
      if (e instanceof FakeLuaError) got = 'ERR:' + String(e.value);
      else throw e;
    }
    if (got !== exp) failures.push(`${call}\n   redis: ${JSON.stringify(exp)}\n   ours:  ${JSON.stringify(got)}`);
  }
  assert.equal(failures.length, 0, `${failures.length}/${cases.length} differ:\n${failures.join('\n')}`);
}

function nested(n: number): Arg {
  let v: Arg = [1];
  for (let i = 1; i < n; i++) v = [v];
  return v;
}

const all256 = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

test('cjson bindings vs redis', async (t) => {
  if (redis === null) { t.skip('no redis-server'); return; }
  await compare([
    ['cjson', 'encode', [1, 2, { a: 1 }]], ['cjson', 'encode', []], ['cjson', 'encode', {}], ['cjson', 'encode', [[], [[]]]],
    ['cjson', 'encode', undefined], ['cjson', 'encode', true], ['cjson', 'encode', NULL], ['cjson', 'encode', [1, NULL, 3]],
    ['cjson', 'encode', 0], ['cjson', 'encode', -1], ['cjson', 'encode', 0.1], ['cjson', 'encode', 1 / 3], ['cjson', 'encode', 1e300],
    ['cjson', 'encode', 5e-324], ['cjson', 'encode', 123456789012345], ['cjson', 'encode', 12345678901234], ['cjson', 'encode', 1e15],
    ['cjson', 'encode', 2 ** 53], ['cjson', 'encode', 2 ** 63], ['cjson', 'encode', 3.14159265358979], ['cjson', 'encode', 100.5],
    ['cjson', 'encode', 2.5], ['cjson', 'encode', 1e21], ['cjson', 'encode', 1e-5], ['cjson', 'encode', 0.0001], ['cjson', 'encode', 1234560000000],
    ['cjson', 'encode', 0.30000000000000004], ['cjson', 'encode', 1.00000000000005], ['cjson', 'encode', 9.99999999999995],
    ['cjson', 'encode', Infinity], ['cjson', 'encode', -Infinity], ['cjson', 'encode', NaN], ['cjson', 'encode', { a: Infinity }],
    ['cjson', 'encode', 'hello'], ['cjson', 'encode', 'a/b\\c"d'], ['cjson', 'encode', '\n\r\t\b\f'], ['cjson', 'encode', all256],
    ['cjson', 'encode', { 'key/with"quote': 'v' }], ['cjson', 'encode', new Map<LuaValue, Arg>([[1, 1], [2, 2], [4, 4]])],
    ['cjson', 'encode', new Map<LuaValue, Arg>([[10, 1]])], ['cjson', 'encode', new Map<LuaValue, Arg>([[11, 1]])],
    ['cjson', 'encode', new Map<LuaValue, Arg>([[1, 1], [20, 2]])], ['cjson', 'encode', new Map<LuaValue, Arg>([[0, 1]])],
    ['cjson', 'encode', new Map<LuaValue, Arg>([[-1, 1]])], ['cjson', 'encode', new Map<LuaValue, Arg>([[1.5, 1]])],
    ['cjson', 'encode', new Map<LuaValue, Arg>([[2 ** 31, 1]])], ['cjson', 'encode', new Map<LuaValue, Arg>([[true, 1]])],
    ['cjson', 'encode', new Map<LuaValue, Arg>([[1e300, 1]])], ['cjson', 'encode', new Map<LuaValue, Arg>([[Infinity, 1]])],
    ['cjson', 'encode', { x: { y: { z: [1, 2, 'three'] } } }], ['cjson', 'encode'], ['cjson', 'encode', 1, 2],
    ['cjson', 'decode', '[1,2,3]'], ['cjson', 'decode', '{"a":1,"b":[true,false,null],"c":{"d":"e"}}'],
    ['cjson', 'decode', '"\\u0041\\u00e9\\u20ac\\ud83d\\ude00"'], ['cjson', 'decode', '"\\u0000x"'], ['cjson', 'decode', '"\\/\\b\\f\\n\\r\\t\\"\\\\"'],
    ['cjson', 'decode', '"\\ud83d"'], ['cjson', 'decode', '"\\ude00"'], ['cjson', 'decode', '"\\ud83d\\u0041"'], ['cjson', 'decode', '"\\u12"'],
    ['cjson', 'decode', '"\\x"'], ['cjson', 'decode', '"abc'], ['cjson', 'decode', '0x10'], ['cjson', 'decode', '+1'], ['cjson', 'decode', '01'],
    ['cjson', 'decode', '1.'], ['cjson', 'decode', '-0'], ['cjson', 'decode', '1e400'], ['cjson', 'decode', '-1e400'], ['cjson', 'decode', 'Infinity'],
    ['cjson', 'decode', '-inf'], ['cjson', 'decode', '0.1'], ['cjson', 'decode', '1e-7'], ['cjson', 'decode', '123456789012345678901234567890'],
    ['cjson', 'decode', '0x1p4'], ['cjson', 'decode', '0x'], ['cjson', 'decode', '-0x10'], ['cjson', 'decode', '1e'], ['cjson', 'decode', '1e+'],
    ['cjson', 'decode', '.5'], ['cjson', 'decode', '-'], ['cjson', 'decode', 'n'], ['cjson', 'decode', 'nul'], ['cjson', 'decode', 'truex'],
    ['cjson', 'decode', ''], ['cjson', 'decode', '   '], ['cjson', 'decode', '[1,2'], ['cjson', 'decode', '[1,,2]'], ['cjson', 'decode', '[1 2]'],
    ['cjson', 'decode', '{"a" 1}'], ['cjson', 'decode', '{"a":1,}'], ['cjson', 'decode', '{1:2}'], ['cjson', 'decode', ']'], ['cjson', 'decode', '{'],
    ['cjson', 'decode', '[1] x'], ['cjson', 'decode', '[1]\0garbage'], ['cjson', 'decode', '\x001'], ['cjson', 'decode', '1\0'],
    ['cjson', 'decode', '"a\0b"'], ['cjson', 'decode', 123], ['cjson', 'decode', []], ['cjson', 'decode'], ['cjson', 'decode', ' \t\r\n [ 1 , { "k" : "v" } ] \n '],
    ['cjson', 'decode', '['.repeat(1001)], ['cjson', 'decode', '{"a":'.repeat(1001)], ['cjson', 'decode', '{"a":1,"a":2}'], ['cjson', 'decode', '{"1":"x"}'],
    ['cjson', 'decode', '"\\u00ff\\u0100\\u07ff\\u0800\\uffff"'], ['cjson', 'decode', 'nan'], ['cjson', 'decode', 'NaN'], ['cjson', 'decode', '[nan]'],
    ['cjson', 'decode', 'tru'], ['cjson', 'decode', 'falsey'], ['cjson', 'decode', '"\t"'], ['cjson', 'decode', '["\\u0080"]'], ['cjson', 'decode', '[1e5, -2.5E-3]'],
    ['cjson', 'encode_sparse_array'], ['cjson', 'encode_sparse_array', 'on', 1, 0], ['cjson', 'encode_sparse_array', true, -1],
    ['cjson', 'encode_sparse_array', 'maybe'], ['cjson', 'encode_sparse_array', true, 2, 10, 4], ['cjson', 'encode_sparse_array', 1],
    ['cjson', 'encode_max_depth'], ['cjson', 'encode_max_depth', 0], ['cjson', 'encode_max_depth', 5], ['cjson', 'encode_max_depth', 'x'],
    ['cjson', 'decode_max_depth', 3], ['cjson', 'encode_number_precision', 15], ['cjson', 'encode_number_precision', 3],
    ['cjson', 'encode_keep_buffer'], ['cjson', 'encode_keep_buffer', 'off'], ['cjson', 'encode_keep_buffer', 1], ['cjson', 'encode_keep_buffer', false],
    ['cjson', 'encode_invalid_numbers'], ['cjson', 'encode_invalid_numbers', 'null'], ['cjson', 'encode_invalid_numbers', 'bogus'], ['cjson', 'encode_invalid_numbers', true],
    ['cjson', 'decode_invalid_numbers'], ['cjson', 'decode_invalid_numbers', false], ['cjson', 'decode_invalid_numbers', 'on'],
  ]);
});

test('cmsgpack bindings vs redis', async (t) => {
  if (redis === null) { t.skip('no redis-server'); return; }
  const nums = [0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 53, 2 ** 62, -1, -32, -33, -128, -129, -32768, -32769,
    -(2 ** 31), -(2 ** 31) - 1, -(2 ** 53), -(2 ** 63), 2 ** 63, 2 ** 64, -(2 ** 64), 1e300, 0.5, 0.1, -1.5, 3.14159, 1 / 3, 1e-40, Infinity, -Infinity, 1e-320];
  const cases: Case[] = nums.map((n) => ['cmsgpack', 'pack', n] as Case);
  cases.push(
    ['cmsgpack', 'pack', true], ['cmsgpack', 'pack', false], ['cmsgpack', 'pack', undefined], ['cmsgpack', 'pack', ''], ['cmsgpack', 'pack', 'a'],
    ['cmsgpack', 'pack', 'x'.repeat(31)], ['cmsgpack', 'pack', 'x'.repeat(32)], ['cmsgpack', 'pack', 'x'.repeat(255)], ['cmsgpack', 'pack', 'y'.repeat(256)],
    ['cmsgpack', 'pack', 'z'.repeat(65536)], ['cmsgpack', 'pack', all256], ['cmsgpack', 'pack', []], ['cmsgpack', 'pack', [1, 2, 3]], ['cmsgpack', 'pack', [[], [[]]]],
    ['cmsgpack', 'pack', { a: 1 }], ['cmsgpack', 'pack', new Map<LuaValue, Arg>([[2, 1]])], ['cmsgpack', 'pack', new Map<LuaValue, Arg>([[1.5, 1]])],
    ['cmsgpack', 'pack', new Map<LuaValue, Arg>([[0, 1]])], ['cmsgpack', 'pack', new Map<LuaValue, Arg>([[1, 1], [3, 3]])],
    ['cmsgpack', 'pack', Array.from({ length: 15 }, (_, i) => i)], ['cmsgpack', 'pack', Array.from({ length: 16 }, (_, i) => i)],
    ['cmsgpack', 'pack', 1, 2, 'three', [4]], ['cmsgpack', 'pack', NULL], ['cmsgpack', 'pack'],
    ['cmsgpack', 'pack', nested(20)],
    ['cmsgpack', 'unpack', '\xcf\xff\xff\xff\xff\xff\xff\xff\xff'], ['cmsgpack', 'unpack', '\xcf\x80\0\0\0\0\0\0\0'], ['cmsgpack', 'unpack', '\xd3\x80\0\0\0\0\0\0\x01'],
    ['cmsgpack', 'unpack', '\xd0\x80\xd1\x80\x00\xd2\x80\0\0\0\xcc\xff\xcd\xff\xff\xce\xff\xff\xff\xff'], ['cmsgpack', 'unpack', '\xe0\xff\x7f\x00'],
    ['cmsgpack', 'unpack', '\xca\x3f\xc0\0\0\xcb\x3f\xb9\x99\x99\x99\x99\x99\x9a'], ['cmsgpack', 'unpack', '\xd9\x03abc\xda\0\x01d\xdb\0\0\0\x01e'],
    ['cmsgpack', 'unpack', '\x92\x01\x02\xdc\0\x01\x03\xdd\0\0\0\x01\x04'], ['cmsgpack', 'unpack', '\x81\xa1a\x01\xde\0\x01\x01\x02\xdf\0\0\0\x01\x03\x04'],
    ['cmsgpack', 'unpack', '\xc1'], ['cmsgpack', 'unpack', '\xc4\x01A'], ['cmsgpack', 'unpack', '\xcd\x01'], ['cmsgpack', 'unpack', '\x92\x01'],
    ['cmsgpack', 'unpack', '\xa5a'], ['cmsgpack', 'unpack', '\xdb\0\0\0\x09a'], ['cmsgpack', 'unpack', '\x81\xc0\x01'], ['cmsgpack', 'unpack', ''],
    ['cmsgpack', 'unpack'], ['cmsgpack', 'unpack', '\xc0\xc0\x01'], ['cmsgpack', 'unpack', '\x81\xcb\x7f\xf8\0\0\0\0\0\0\x01'],
    ['cmsgpack', 'unpack', 12], ['cmsgpack', 'unpack_one', '\x01\x02\x03'], ['cmsgpack', 'unpack_one', '\x01\x02\x03', 1], ['cmsgpack', 'unpack_one', '\x01\x02\x03', 2],
    ['cmsgpack', 'unpack_one', '\x01\x02\x03', 3], ['cmsgpack', 'unpack_one', '\x01\x02\x03', 4], ['cmsgpack', 'unpack_one', '\x01\x02\x03', -1],
    ['cmsgpack', 'unpack_limit', '\x01\x02\x03', 2], ['cmsgpack', 'unpack_limit', '\x01\x02\x03', 5], ['cmsgpack', 'unpack_limit', '\x01\x02\x03', 0],
    ['cmsgpack', 'unpack_limit', '\x01\x02\x03', 0, 1], ['cmsgpack', 'unpack_limit', '\x01\x02\x03', -1], ['cmsgpack', 'unpack_limit', '\x01\x02\x03'],
  );
  await compare(cases);
});

test('struct bindings vs redis', async (t) => {
  if (redis === null) { t.skip('no redis-server'); return; }
  const ff = (n: number) => '\xff'.repeat(n);
  await compare([
    ['struct', 'pack', 'b', 1], ['struct', 'pack', 'B', 255], ['struct', 'pack', 'b', -1], ['struct', 'pack', 'B', -1], ['struct', 'pack', 'b', 300],
    ['struct', 'pack', '>h', 1], ['struct', 'pack', '<h', 1], ['struct', 'pack', 'H', 65535], ['struct', 'pack', '>H', -2],
    ['struct', 'pack', '>l', 1], ['struct', 'pack', '<l', -1], ['struct', 'pack', '>L', 2 ** 63], ['struct', 'pack', '>L', 2 ** 64], ['struct', 'pack', '>l', -(2 ** 63)],
    ['struct', 'pack', '>L', 1e300], ['struct', 'pack', '>l', 1e300], ['struct', 'pack', '>l', NaN], ['struct', 'pack', '>L', -1e300], ['struct', 'pack', '>I', NaN],
    ['struct', 'pack', '>i', 1], ['struct', 'pack', '<i', -2], ['struct', 'pack', '>I', 2 ** 32 - 1], ['struct', 'pack', '>i2', 258], ['struct', 'pack', '<i3', 65538],
    ['struct', 'pack', '>i8', -1], ['struct', 'pack', '>i16', -1], ['struct', 'pack', '<I16', 2 ** 60], ['struct', 'pack', '>i1', 1.9], ['struct', 'pack', '>i', -1.9],
    ['struct', 'pack', '>i32', 1], ['struct', 'pack', 'i33', 1], ['struct', 'pack', 'T', 1], ['struct', 'pack', '>T', 5], ['struct', 'pack', 'i0', 5],
    ['struct', 'pack', '>f', 1.5], ['struct', 'pack', '<f', -0.1], ['struct', 'pack', '>d', 0.1], ['struct', 'pack', '<d', Infinity], ['struct', 'pack', '>f', 1e300],
    ['struct', 'pack', 'x'], ['struct', 'pack', 'bxb', 1, 2], ['struct', 'pack', '  b', 1], ['struct', 'pack', 's', 'abc'], ['struct', 'pack', 's', ''],
    ['struct', 'pack', 'c3', 'abcdef'], ['struct', 'pack', 'c0', 'hello'], ['struct', 'pack', 'c', 'xy'], ['struct', 'pack', 'c3', 'a'], ['struct', 'pack', 's', 'a\0b'],
    ['struct', 'pack', '!4 b i', 1, 2], ['struct', 'pack', '!2 b i', 1, 2], ['struct', 'pack', '! b d', 1, 2], ['struct', 'pack', '!8 b h b l', 1, 2, 3, 4],
    ['struct', 'pack', '!3 b i', 1, 2], ['struct', 'pack', '!4 b c3 i', 1, 'abc', 2], ['struct', 'pack', '!4 b i3', 1, 2], ['struct', 'pack', '!4 b x i', 1, 2],
    ['struct', 'pack', '!16 b d', 1, 2], ['struct', 'pack', '!4 b i6', 1, 2], ['struct', 'pack', 'z', 1], ['struct', 'pack', 'b'], ['struct', 'pack', 'b', 'x'],
    ['struct', 'pack', 'b', '12'], ['struct', 'pack', 's', 12], ['struct', 'pack', 'b\0b', 1, 2], ['struct', 'pack', '>i4', 2 ** 31], ['struct', 'pack', '>i4', -(2 ** 31) - 1],
    ['struct', 'pack', '>i4', 1e20], ['struct', 'pack', '>I8', -1], ['struct', 'pack'], ['struct', 'pack', 5, 1], ['struct', 'pack', 's', undefined],
    ['struct', 'unpack', 'b', '\xfb'], ['struct', 'unpack', '>h<h', '\xff\xfe\xfd\xff'], ['struct', 'unpack', '>L', ff(8)], ['struct', 'unpack', '>l', ff(8)],
    ['struct', 'unpack', '>i9', ff(9)], ['struct', 'unpack', '>I9', ff(9)], ['struct', 'unpack', '<i16', ff(16)], ['struct', 'unpack', '>i3', '\xff\0\0'],
    ['struct', 'unpack', '>I3', '\xff\0\0'], ['struct', 'unpack', '<i12', '\x01' + ff(11)], ['struct', 'unpack', '>I12', '\x01\x02\x03\x04' + ff(8)],
    ['struct', 'unpack', '>f', '\x3d\xcc\xcc\xcd'], ['struct', 'unpack', '<d', '\x9a\x99\x99\x99\x99\x99\xb9\x3f'], ['struct', 'unpack', 's', 'abc\0def'],
    ['struct', 'unpack', 's', 'abc'], ['struct', 'unpack', 'c3', 'abcdef'], ['struct', 'unpack', 'c3', 'abcdef', 4], ['struct', 'unpack', 'bc0', '\x03abcdef'],
    ['struct', 'unpack', 'c0', '12'], ['struct', 'unpack', 'c0', 'abc'], ['struct', 'unpack', 'bc0', '\x09abc'], ['struct', 'unpack', 'b', ''],
    ['struct', 'unpack', 'b', 'abc', 0], ['struct', 'unpack', 'b', 'abc', -1], ['struct', 'unpack', 'b', 'abc', 3], ['struct', 'unpack', 'b', 'abc', 4],
    ['struct', 'unpack', '', 'abc', 2], ['struct', 'unpack', '', 'abc', -5], ['struct', 'unpack', '<', 'abc', -5], ['struct', 'unpack', '!4 b i', '\x01\0\0\0\x02\0\0\0'],
    ['struct', 'unpack', 'x b', 'ab'], ['struct', 'unpack', 'z', 'ab'], ['struct', 'unpack', '>I', 'ab'], ['struct', 'unpack', 'b', 'abc', 2.9],
    ['struct', 'unpack', 'sc0', '3\0abc'], ['struct', 'unpack', 'bbc0', '\x01\x02ab'], ['struct', 'unpack', 'i0', 'abc'], ['struct', 'unpack', 'b'],
    ['struct', 'size', 'b'], ['struct', 'size', 'bhilfd'], ['struct', 'size', '!8 b d'], ['struct', 'size', '!4 b d'], ['struct', 'size', 'c10'],
    ['struct', 'size', 'i7'], ['struct', 'size', 's'], ['struct', 'size', 'c0'], ['struct', 'size', 'z'], ['struct', 'size', '<>!4 b'],
    ['struct', 'size', '$'], ['struct', 'size', '!3'], ['struct', 'size'], ['struct', 'size', '!4 b i3 b i'], ['struct', 'size', 'i40'],
  ]);
});

test('bit bindings vs redis', async (t) => {
  if (redis === null) { t.skip('no redis-server'); return; }
  const vals = [0, 1, -1, 2 ** 31, 2 ** 32, 2 ** 32 + 1, -(2 ** 31) - 1, 0.5, 1.5, 2.5, -0.5, -1.5, 1e100, 2 ** 52 + 7, 2 ** 51 + 0.5, Infinity, -Infinity, NaN, '10', '0x10', ' 7 ', '1e3', 2 ** 53 + 2, -(2 ** 60), 123456789.75];
  const cases: Case[] = vals.map((v) => ['bit', 'tobit', v] as Case);
  cases.push(
    ['bit', 'tohex', 1], ['bit', 'tohex', -1], ['bit', 'tohex', 255, 2], ['bit', 'tohex', 255, -2], ['bit', 'tohex', 0x12345678, 4], ['bit', 'tohex', -1, -4],
    ['bit', 'tohex', 1, 0], ['bit', 'tohex', 1, 9], ['bit', 'tohex', 1, -9], ['bit', 'tohex', 2 ** 32 + 10], ['bit', 'tohex', 1, 2 ** 32 + 3], ['bit', 'tohex', 1, -2147483647],
    ['bit', 'bnot', 0], ['bit', 'bnot', -1], ['bit', 'bnot', 5], ['bit', 'bnot', 2 ** 31],
    ['bit', 'band', 0xff, 0x0f], ['bit', 'band', -1, 2 ** 31], ['bit', 'band', 7], ['bit', 'band', 1, 3, 5, 7], ['bit', 'band', 0xffffffff, 0xffffffff],
    ['bit', 'bor', 1, 2], ['bit', 'bor', 1, 2, 4, 8], ['bit', 'bor', 2 ** 31, 0], ['bit', 'bxor', 5, 3], ['bit', 'bxor', 1, 1, 1], ['bit', 'bxor', -1, 2 ** 31],
    ['bit', 'lshift', 1, 0], ['bit', 'lshift', 1, 31], ['bit', 'lshift', 1, 32], ['bit', 'lshift', 1, 33], ['bit', 'lshift', -1, 4], ['bit', 'lshift', 1, -1],
    ['bit', 'rshift', -1, 0], ['bit', 'rshift', -1, 1], ['bit', 'rshift', -1, 28], ['bit', 'rshift', 2 ** 31, 31], ['bit', 'rshift', 1, 32],
    ['bit', 'arshift', -1, 1], ['bit', 'arshift', -256, 4], ['bit', 'arshift', 2 ** 31, 31], ['bit', 'arshift', 256, 4], ['bit', 'arshift', 1, 33],
    ['bit', 'rol', 1, 1], ['bit', 'rol', 2 ** 31, 1], ['bit', 'rol', 0x12345678, 8], ['bit', 'rol', 0x12345678, 0], ['bit', 'rol', 0x12345678, 32],
    ['bit', 'ror', 1, 1], ['bit', 'ror', 2, 1], ['bit', 'ror', 0x12345678, 8], ['bit', 'ror', 0x12345678, 0], ['bit', 'ror', 0x12345678, 36],
    ['bit', 'bswap', 0x12345678], ['bit', 'bswap', 1], ['bit', 'bswap', -1],
    ['bit', 'band', 'x'], ['bit', 'band', 1, []], ['bit', 'bor'], ['bit', 'tohex', 1, undefined], ['bit', 'tobit', '0'], ['bit', 'tobit', undefined],
    ['bit', 'lshift', 1], ['bit', 'tobit', true], ['bit', 'bxor', 1, '0'], ['bit', 'bxor', 1, 'zz'],
  );
  await compare(cases);
});

test('bit.tohex with n = INT32_MIN follows the Redis 7.2.6 fix', () => {
  // Redis 7.2.6 (CVE-2024-31449): n == INT32_MIN is treated as INT32_MIN + 1, i.e. 8 uppercase digits.
  assert.equal(toHex(0x1234abcd, -2147483648), '1234ABCD');
});
