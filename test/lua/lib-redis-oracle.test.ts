/**
 * Differential test of cjson, cmsgpack, struct and bit against a real redis-server.
 *
 * Each case is a Lua snippet; it runs as `EVAL <wrapper> 0` on a redis-server started
 * by the test (expected values are computed live each run) and on our engine with
 * openRedisLibs, inside the same wrapper, so even error messages (with their
 * "user_script:N:" prefixes) must match byte for byte. Returned strings are compared
 * exactly; returned tables are dumped with sorted keys (Lua's table iteration order is
 * not part of the contract, so multi-key objects/maps are compared through a decode).
 *
 * Redis 7.2 vs 7.0: bit.tohex(x, INT32_MIN) is fixed in 7.2.6 (CVE-2024-31449); that
 * case is not sent to the 7.0 oracle (it would crash it) and is unit-tested instead.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startRedis, type RedisOracle, type Reply } from './redis-oracle.js';

/** Wraps a snippet: pcall it and serialize all results deterministically. */
export function wrapCase(body: string): string {
  return `local function __pack(...) return {n = select('#', ...), ...} end
local function __dump(v, depth)
  local t = type(v)
  if t == 'string' then return 's' .. #v .. ':' .. v
  elseif t == 'number' then
    if v ~= v then return 'n:nan' end
    return 'n:' .. string.format('%.17g', v)
  elseif t == 'table' then
    if depth > 20 then return 't...' end
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
local __r = __pack(pcall(function()
${body}
end))
local __out = {}
if not __r[1] then return 'ERR:' .. tostring(__r[2]) end
for __i = 2, __r.n do __out[#__out + 1] = __dump(__r[__i], 0) end
return table.concat(__out, '|')
`;
}

/** The cases. Strings built with string.char etc. so that the script text stays ASCII. */
export const CASES: string[] = [
  // ---- cjson.encode ----
  'return cjson.encode({1,2,{a=1}})',
  'return cjson.encode({})',
  'return cjson.encode({{}, {{}}})',
  'return cjson.encode(nil)',
  'return cjson.encode(true), cjson.encode(false)',
  'return cjson.encode(cjson.null)',
  'return cjson.encode({1, cjson.null, 3})',
  'return cjson.encode(0), cjson.encode(1), cjson.encode(-1), cjson.encode(42)',
  'return cjson.encode(0.1), cjson.encode(-0.1), cjson.encode(1/3), cjson.encode(2/3)',
  'return cjson.encode(1e300), cjson.encode(-1e300), cjson.encode(1e-300), cjson.encode(5e-324)',
  'return cjson.encode(123456789012345), cjson.encode(12345678901234), cjson.encode(1e14), cjson.encode(1e15), cjson.encode(2^53), cjson.encode(2^63)',
  'return cjson.encode(3.14159265358979), cjson.encode(100.5), cjson.encode(0.5), cjson.encode(1.5), cjson.encode(2.5)',
  'return cjson.encode(1e21), cjson.encode(1e-5), cjson.encode(0.0001), cjson.encode(123.456e10)',
  'local z = 0; return cjson.encode(-z)',
  'return cjson.encode(1/0)',
  'return cjson.encode(-1/0)',
  'return cjson.encode(0/0)',
  'return cjson.encode({a = 1/0})',
  'return cjson.encode("hello")',
  'return cjson.encode("a/b\\\\c\\"d")',
  'return cjson.encode("\\n\\r\\t\\b\\f")',
  'local t = {} for i = 0, 255 do t[#t + 1] = string.char(i) end return cjson.encode(table.concat(t))',
  'return cjson.encode({["key/with\\"quote"] = "v"})',
  'return cjson.encode({[1] = 1, [2] = 2, [4] = 4})',
  'return cjson.encode({1, nil, 3})',
  'return cjson.encode({[10] = 1})',
  'return cjson.encode({[11] = 1})',
  'return cjson.encode({[1] = 1, [20] = 2})',
  'return cjson.encode({1,nil,nil,nil,nil,nil,nil,nil,nil,nil,nil,12})',
  'return cjson.encode({[0] = 1})',
  'return cjson.encode({[-1] = 1})',
  'return cjson.encode({[1.5] = 1})',
  'return cjson.encode({[2^31] = 1})',
  'return cjson.encode({[1] = "a", x = "b"})',
  'return cjson.encode({x = {y = {z = {1, 2, "three"}}}})',
  'return cjson.encode({[true] = 1})',
  'return cjson.encode(function() end)',
  'return cjson.encode({f = tostring})',
  'return cjson.encode(coroutine.create(function() end))',
  'return pcall(cjson.encode)',
  'return pcall(cjson.encode, 1, 2)',
  'local t = {} local c = t for i = 1, 999 do c[1] = {} c = c[1] end return #cjson.encode(t)',
  'local t = {} local c = t for i = 1, 1000 do c[1] = {} c = c[1] end return #cjson.encode(t)',
  'local t = {} local c = t for i = 1, 1001 do c[1] = {} c = c[1] end return cjson.encode(t)',
  'local t = {} t[1] = t return cjson.encode(t)',
  'local t = {a = 1, b = 2, c = {d = 3}} return cjson.decode(cjson.encode(t))',
  'local t = {} for i = 1, 100 do t["k" .. i] = i end local d = cjson.decode(cjson.encode(t)) local n = 0 for k, v in pairs(d) do if t[k] ~= v then return "bad" end n = n + 1 end return n',
  'cjson.decode_max_depth(100000) local ok, e = pcall(cjson.decode, string.rep("[", 10000)) return e',
  'cjson.decode_max_depth(100000) local ok, e = pcall(cjson.decode, string.rep("{\\"a\\":", 10000)) return e',
  'cjson.decode_max_depth(100000) local ok, e = pcall(cjson.decode, string.rep("[{\\"a\\":", 3000)) return e',
  'cjson.decode_max_depth(100000) return #cjson.encode(cjson.decode(string.rep("[", 7998) .. string.rep("]", 7998)))',
  'cjson.encode_max_depth(100000) local t = {} local c = t for i = 1, 10000 do c[1] = {} c = c[1] end local ok, e = pcall(cjson.encode, t) return e',
  'cjson.encode_max_depth(100000) local t = {} local c = t for i = 1, 10000 do c.a = {} c = c.a end local ok, e = pcall(cjson.encode, t) return e',
  'cjson.encode_max_depth(100000) local t = {} local c = t for i = 1, 10000 do c.a = {{}} c = c.a[1] end local ok, e = pcall(cjson.encode, t) return e',
  'cjson.encode_max_depth(100000) local t = {} local c = t for i = 1, 7997 do c[1] = {} c = c[1] end return #cjson.encode(t)',
  // ---- cjson config ----
  'return cjson.encode_sparse_array()',
  'return cjson.encode_sparse_array(true), cjson.encode({[1] = 1, [20] = 2})',
  'return cjson.encode_sparse_array(false, 0), cjson.encode({[1] = 1, [1000] = 2}):len()',
  'return cjson.encode_sparse_array("on", 1, 0)',
  'return cjson.encode_sparse_array(true, -1)',
  'return cjson.encode_sparse_array("maybe")',
  'return cjson.encode_sparse_array(true, 2, 10, 4)',
  'return cjson.encode_max_depth(), cjson.decode_max_depth()',
  'return cjson.encode_max_depth(2), cjson.encode({{1}})',
  'return cjson.encode_max_depth(2), cjson.encode({{{1}}})',
  'return cjson.encode_max_depth(0)',
  'return cjson.decode_max_depth(2), cjson.decode("[[1]]")',
  'return cjson.decode_max_depth(2), cjson.decode("[[[1]]]")',
  'return cjson.decode_max_depth(2), cjson.decode(\'{"a":{"b":{}}}\')',
  'return cjson.encode_number_precision()',
  'return cjson.encode_number_precision(3), cjson.encode(3.14159), cjson.encode(1234567)',
  'return cjson.encode_number_precision(15)',
  'return cjson.encode_number_precision(1), cjson.encode(0.15), cjson.encode(25)',
  'return cjson.encode_keep_buffer()',
  'return cjson.encode_keep_buffer(false), cjson.encode({1})',
  'return cjson.encode_keep_buffer("off")',
  'return cjson.encode_keep_buffer(1)',
  'return cjson.encode_invalid_numbers()',
  'return cjson.encode_invalid_numbers(true), cjson.encode(1/0), cjson.encode(-1/0), cjson.encode(0/0)',
  'return cjson.encode_invalid_numbers("null"), cjson.encode({1/0, 0/0, 1})',
  'return cjson.encode_invalid_numbers("off")',
  'return cjson.encode_invalid_numbers("bogus")',
  'return cjson.decode_invalid_numbers()',
  'return cjson.decode_invalid_numbers(false), cjson.decode("0x10")',
  'return cjson.decode_invalid_numbers(false), cjson.decode("[1, +2]")',
  'return cjson.decode_invalid_numbers(false), cjson.decode("01")',
  'return cjson.decode_invalid_numbers(false), cjson.decode("NaN")',
  'return cjson.decode_invalid_numbers(false), cjson.decode("[-Infinity]")',
  'return cjson._NAME, cjson._VERSION, type(cjson.null), type(cjson.new)',
  'local c = cjson.new() c.encode_max_depth(1) return c.encode_max_depth(), cjson.encode_max_depth()',
  // ---- cjson.decode ----
  'return cjson.decode("[1,2,3]")',
  'return cjson.decode(\'{"a":1,"b":[true,false,null],"c":{"d":"e"}}\')',
  'return cjson.decode("null") == cjson.null, type(cjson.decode("[null]")[1])',
  'return cjson.decode(\'"\\\\u0041\\\\u00e9\\\\u20ac\\\\ud83d\\\\ude00"\')',
  'return cjson.decode(\'"\\\\u0000x"\')',
  'return cjson.decode(\'"\\\\/\\\\b\\\\f\\\\n\\\\r\\\\t\\\\"\\\\\\\\"\')',
  'return cjson.decode(\'"\\\\ud83d"\')',
  'return cjson.decode(\'"\\\\ude00"\')',
  'return cjson.decode(\'"\\\\ud83d\\\\u0041"\')',
  'return cjson.decode(\'"\\\\u12"\')',
  'return cjson.decode(\'"\\\\x"\')',
  'return cjson.decode(\'"abc\')',
  'return cjson.decode("0x10"), cjson.decode("+1"), cjson.decode("01"), cjson.decode("1."), cjson.decode("-0")',
  'return cjson.decode("1e400"), cjson.decode("-1e400"), cjson.decode("Infinity"), cjson.decode("-inf")',
  'return cjson.decode("0.1"), cjson.decode("1e-7"), cjson.decode("123456789012345678901234567890")',
  'return type(cjson.decode("nan")), cjson.decode("nan") ~= cjson.decode("nan")',
  'return cjson.decode(".5")',
  'return cjson.decode("-")',
  'return cjson.decode("n")',
  'return cjson.decode("nul")',
  'return cjson.decode("truex")',
  'return cjson.decode("")',
  'return cjson.decode("   ")',
  'return cjson.decode("[1,2")',
  'return cjson.decode("[1,,2]")',
  'return cjson.decode("[1 2]")',
  'return cjson.decode(\'{"a" 1}\')',
  'return cjson.decode(\'{"a":1,}\')',
  'return cjson.decode(\'{1:2}\')',
  'return cjson.decode("]")',
  'return cjson.decode("{")',
  'return cjson.decode("[1] x")',
  'return cjson.decode("[1]" .. string.char(0) .. "garbage")',
  'return cjson.decode(string.char(0) .. "1")',
  'return cjson.decode("1" .. string.char(0))',
  'return cjson.decode(\'"a\' .. string.char(0) .. \'b"\')',
  'return cjson.decode(123)',
  'return cjson.decode({})',
  'return cjson.decode()',
  'return cjson.decode(\' \\t\\r\\n [ 1 , { "k" : "v" } ] \\n \')',
  'return cjson.decode(string.rep("[", 1000) .. string.rep("]", 1000)) ~= nil',
  'return cjson.decode(string.rep("[", 1001))',
  'return cjson.decode(string.rep("{\\"a\\":", 1001))',
  'return cjson.decode(\'{"a":1,"a":2}\')',
  'return cjson.decode(\'{"1":"x"}\')',
  'return cjson.decode(\'"\\\\u00ff\\\\u0100\\\\u07ff\\\\u0800\\\\uffff"\')',
  'local t = {} for i = 0, 255 do t[#t + 1] = string.char(i) end local s = table.concat(t) return cjson.decode(cjson.encode(s)) == s',
  // ---- cmsgpack ----
  'return cmsgpack.pack(0), cmsgpack.pack(1), cmsgpack.pack(127), cmsgpack.pack(128), cmsgpack.pack(255), cmsgpack.pack(256)',
  'return cmsgpack.pack(65535), cmsgpack.pack(65536), cmsgpack.pack(2^32 - 1), cmsgpack.pack(2^32), cmsgpack.pack(2^53), cmsgpack.pack(2^62)',
  'return cmsgpack.pack(-1), cmsgpack.pack(-32), cmsgpack.pack(-33), cmsgpack.pack(-128), cmsgpack.pack(-129), cmsgpack.pack(-32768)',
  'return cmsgpack.pack(-32769), cmsgpack.pack(-2^31), cmsgpack.pack(-2^31 - 1), cmsgpack.pack(-2^53), cmsgpack.pack(-2^63)',
  'return cmsgpack.pack(2^63), cmsgpack.pack(2^64), cmsgpack.pack(-2^64), cmsgpack.pack(1e300)',
  'return cmsgpack.pack(0.5), cmsgpack.pack(0.1), cmsgpack.pack(-1.5), cmsgpack.pack(3.14159), cmsgpack.pack(1/3), cmsgpack.pack(1e-40)',
  'return cmsgpack.pack(1/0), cmsgpack.pack(-1/0)',
  'return #cmsgpack.pack(0/0), string.byte(cmsgpack.pack(0/0), 1)',
  'local z = 0; return cmsgpack.pack(-z)',
  'return cmsgpack.pack(true), cmsgpack.pack(false), cmsgpack.pack(nil)',
  'return cmsgpack.pack(""), cmsgpack.pack("a"), cmsgpack.pack(string.rep("x", 31)), cmsgpack.pack(string.rep("x", 32))',
  'return cmsgpack.pack(string.rep("x", 255)), cmsgpack.pack(string.rep("y", 256)):sub(1, 4)',
  'return #cmsgpack.pack(string.rep("x", 65535)), cmsgpack.pack(string.rep("x", 65535)):sub(1, 4)',
  'return #cmsgpack.pack(string.rep("x", 65536)), cmsgpack.pack(string.rep("x", 65536)):sub(1, 6)',
  'local t = {} for i = 0, 255 do t[#t + 1] = string.char(i) end return cmsgpack.pack(table.concat(t))',
  'return cmsgpack.pack({}), cmsgpack.pack({1, 2, 3}), cmsgpack.pack({{}, {{}}})',
  'return cmsgpack.pack({a = 1})',
  'return cmsgpack.pack({1, nil, 3})',
  'return cmsgpack.pack({[2] = 1})',
  'return cmsgpack.pack({[1.5] = 1})',
  'return cmsgpack.pack({[0] = 1})',
  'return cmsgpack.pack({[1] = 1, [2^31] = 2}):byte(1)',
  'local t = {} for i = 1, 15 do t[i] = i end return cmsgpack.pack(t)',
  'local t = {} for i = 1, 16 do t[i] = i end return cmsgpack.pack(t)',
  'local t = {} for i = 1, 65536 do t[i] = 0 end return cmsgpack.pack(t):sub(1, 6)',
  'local t = {} for i = 1, 16 do t["k" .. i] = 1 end return cmsgpack.pack(t):sub(1, 3)',
  'return cmsgpack.pack(1, 2, "three", {4})',
  'return cmsgpack.pack(tostring), cmsgpack.pack(cjson.null)',
  'local t = {} local c = t for i = 1, 20 do c[1] = {} c = c[1] end return cmsgpack.pack(t)',
  'local t = {} t[1] = t return cmsgpack.pack(t)',
  'return pcall(cmsgpack.pack)',
  'return cmsgpack.pack()',
  'return cmsgpack.unpack(cmsgpack.pack(1, -1, 0.5, "x", true, false, {1, 2}, {a = "b"}))',
  'return cmsgpack.unpack(cmsgpack.pack(2^53, -2^53, 2^63, 1e300, 0.1))',
  'return cmsgpack.unpack(string.char(0xcf, 255, 255, 255, 255, 255, 255, 255, 255))',
  'return cmsgpack.unpack(string.char(0xcf, 128, 0, 0, 0, 0, 0, 0, 0))',
  'return cmsgpack.unpack(string.char(0xd3, 128, 0, 0, 0, 0, 0, 0, 1))',
  'return cmsgpack.unpack(string.char(0xd0, 0x80, 0xd1, 0x80, 0x00, 0xd2, 0x80, 0, 0, 0, 0xcc, 0xff, 0xcd, 0xff, 0xff, 0xce, 0xff, 0xff, 0xff, 0xff))',
  'return cmsgpack.unpack(string.char(0xe0, 0xff, 0x7f, 0x00))',
  'return cmsgpack.unpack(string.char(0xca, 0x3f, 0xc0, 0, 0, 0xcb, 0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a))',
  'return cmsgpack.unpack(string.char(0xd9, 3, 97, 98, 99, 0xda, 0, 1, 100, 0xdb, 0, 0, 0, 1, 101))',
  'return cmsgpack.unpack(string.char(0x92, 1, 2, 0xdc, 0, 1, 3, 0xdd, 0, 0, 0, 1, 4))',
  'return cmsgpack.unpack(string.char(0x81, 0xa1, 97, 1, 0xde, 0, 1, 1, 2, 0xdf, 0, 0, 0, 1, 3, 4))',
  'return cmsgpack.unpack(string.char(0xc1))',
  'return cmsgpack.unpack(string.char(0xc4, 1, 65))',
  'return cmsgpack.unpack(string.char(0xcd, 1))',
  'return cmsgpack.unpack(string.char(0x92, 1))',
  'return cmsgpack.unpack(string.char(0xa5, 97))',
  'return cmsgpack.unpack(string.char(0xdb, 0, 0, 0, 9, 97))',
  'return cmsgpack.unpack(string.char(0x81, 0xc0, 1))',
  'return cmsgpack.unpack("")',
  'return cmsgpack.unpack()',
  'return cmsgpack.unpack(string.char(0xc0, 0xc0, 1))',
  'return cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3))',
  'return cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 1)',
  'return cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 2)',
  'return cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 3)',
  'return cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 4)',
  'return cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), -1)',
  'return cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2)',
  'return cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 5)',
  'return cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 0)',
  'return cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 0, 1)',
  'return cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), -1)',
  'return cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3))',
  'return cmsgpack._NAME, cmsgpack._VERSION, cmsgpack._COPYRIGHT, cmsgpack._DESCRIPTION',
  'local ok, e = pcall(cmsgpack.unpack, string.rep(string.char(0x91), 10000) .. string.char(1)) return e',
  'local ok, e = pcall(cmsgpack.unpack, string.rep(string.char(0x91), 3999) .. string.char(1)) return type(e)',
  'local ok, e = pcall(cmsgpack.unpack, string.rep(string.char(0x91), 4000) .. string.char(1)) return e',
  'local ok, e = pcall(cmsgpack.unpack, string.rep(string.char(1), 10000)) return e',
  'return select("#", cmsgpack.unpack(string.rep(string.char(1), 7999)))',
  'local ok, e = pcall(cmsgpack.unpack, string.rep(string.char(1), 8000)) return e',
  'local ok, e = pcall(cmsgpack.unpack, string.rep(string.char(0x81, 1), 5000) .. string.char(1)) return e',
  'local ok, e = pcall(cmsgpack.unpack, string.rep(string.char(0x81, 1), 3999) .. string.char(1)) return type(e)',
  'local ok, e = pcall(cmsgpack.unpack, string.rep(string.char(0x81, 1), 4000) .. string.char(1)) return e',
  'local ok, e = pcall(cmsgpack.unpack, string.rep(string.char(0x92, 1), 3000) .. string.char(1)) return e',
  'return cmsgpack.unpack(string.rep(string.char(0x91), 3999) .. string.char(1))',
  'return select("#", cmsgpack.unpack_limit(string.rep(string.char(1), 9000), 100))',
  'return cmsgpack.unpack(string.rep(string.char(0x91), 3999))',
  // ---- struct ----
  'return struct.pack("b", 1), struct.pack("B", 255), struct.pack("b", -1), struct.pack("B", -1), struct.pack("b", 300)',
  'return struct.pack(">h", 1), struct.pack("<h", 1), struct.pack("H", 65535), struct.pack(">H", -2)',
  'return struct.pack(">l", 1), struct.pack("<l", -1), struct.pack(">L", 2^63), struct.pack(">L", 2^64), struct.pack(">l", -2^63)',
  'return struct.pack(">i", 1), struct.pack("<i", -2), struct.pack(">I", 2^32 - 1), struct.pack(">i2", 258), struct.pack("<i3", 65536 + 2)',
  'return struct.pack(">i8", -1), struct.pack(">i16", -1), struct.pack("<I16", 2^60), struct.pack(">i1", 1.9), struct.pack(">i", -1.9)',
  'return struct.pack(">i32", 1)',
  'return struct.pack("i33", 1)',
  'return struct.pack("T", 1), struct.pack(">T", 5)',
  'return struct.pack(">f", 1.5), struct.pack("<f", -0.1), struct.pack(">d", 0.1), struct.pack("<d", 1/0), struct.pack(">f", 1e300)',
  'return struct.pack("x"), struct.pack("bxb", 1, 2), struct.pack("  b", 1)',
  'return struct.pack("s", "abc"), struct.pack("s", ""), struct.pack("c3", "abcdef"), struct.pack("c0", "hello"), struct.pack("c", "xy")',
  'return struct.pack("c3", "a")',
  'return struct.pack("s", "a" .. string.char(0) .. "b")',
  'return struct.pack("!4 b i", 1, 2), struct.pack("!2 b i", 1, 2), struct.pack("! b d", 1, 2), struct.pack("!8 b h b l", 1, 2, 3, 4)',
  'return struct.pack("!3 b i", 1, 2)',
  'return struct.pack("!4 b c3 i", 1, "abc", 2), struct.pack("!4 b i3", 1, 2), struct.pack("!4 b x i", 1, 2)',
  'return struct.pack("z", 1)',
  'return struct.pack("b")',
  'return struct.pack("b", "x")',
  'return struct.pack("b", "12")',
  'return struct.pack("s", 12)',
  'return struct.pack("b" .. string.char(0) .. "b", 1, 2)',
  'return struct.pack(">i4", 2^31), struct.pack(">i4", -2^31 - 1), struct.pack(">i4", 1e20), struct.pack(">I8", -1)',
  'return struct.unpack("b", struct.pack("b", -5))',
  'return struct.unpack(">h<h", struct.pack(">h<h", -2, -3))',
  'return struct.unpack(">l", struct.pack(">l", -2^53))',
  'return struct.unpack(">L", string.rep(string.char(255), 8))',
  'return struct.unpack(">l", string.rep(string.char(255), 8))',
  'return struct.unpack(">i9", string.rep(string.char(255), 9))',
  'return struct.unpack(">I9", string.rep(string.char(255), 9))',
  'return struct.unpack("<i16", string.rep(string.char(255), 16))',
  'return struct.unpack(">i3", string.char(255, 0, 0)), struct.unpack(">I3", string.char(255, 0, 0))',
  'return struct.unpack(">f", struct.pack(">f", 0.1)), struct.unpack("<d", struct.pack("<d", 0.1))',
  'return struct.unpack("s", "abc" .. string.char(0) .. "def")',
  'return struct.unpack("s", "abc")',
  'return struct.unpack("c3", "abcdef"), struct.unpack("c3", "abcdef", 4)',
  'return struct.unpack("bc0", string.char(3) .. "abcdef")',
  'return struct.unpack("c0", "12")',
  'return struct.unpack("c0", "abc")',
  'return struct.unpack("bc0", string.char(9) .. "abc")',
  'return struct.unpack("b", "")',
  'return struct.unpack("b", "abc", 0)',
  'return struct.unpack("b", "abc", -1)',
  'return struct.unpack("b", "abc", 3)',
  'return struct.unpack("b", "abc", 4)',
  'return struct.unpack("", "abc", 2)',
  'return struct.unpack("!4 b i", struct.pack("!4 b i", 1, 2))',
  'return struct.unpack("x b", "ab")',
  'return struct.unpack("z", "ab")',
  'return struct.unpack(">I", "ab")',
  'return struct.size("b"), struct.size("bhilfd"), struct.size("!8 b d"), struct.size("!4 b d"), struct.size("c10"), struct.size("i7")',
  'return struct.size("s")',
  'return struct.size("c0")',
  'return struct.size("z")',
  'return struct.size("<>!4 b")',
  'return struct.size("$")',
  'return struct.size("!3")',
  'return struct.size()',
  // ---- bit ----
  'return bit.tobit(1), bit.tobit(-1), bit.tobit(2^31), bit.tobit(2^32), bit.tobit(2^32 + 1), bit.tobit(-2^31 - 1)',
  'return bit.tobit(0.5), bit.tobit(1.5), bit.tobit(2.5), bit.tobit(-0.5), bit.tobit(-1.5), bit.tobit(1e100), bit.tobit(2^52 + 7)',
  'return bit.tobit(1/0), bit.tobit(-1/0), bit.tobit(0/0), bit.tobit("10"), bit.tobit("0x10"), bit.tobit(" 7 ")',
  'return bit.tohex(1), bit.tohex(-1), bit.tohex(255, 2), bit.tohex(255, -2), bit.tohex(0x12345678, 4), bit.tohex(-1, -4)',
  'return bit.tohex(1, 0), bit.tohex(1, 9), bit.tohex(1, -9), bit.tohex(2^32 + 10), bit.tohex(1, 2^32 + 3)',
  'return bit.bnot(0), bit.bnot(-1), bit.bnot(5), bit.bnot(2^31)',
  'return bit.band(0xff, 0x0f), bit.band(-1, 2^31), bit.band(7), bit.band(1, 3, 5, 7), bit.band(0xffffffff, 0xffffffff)',
  'return bit.bor(1, 2), bit.bor(1, 2, 4, 8), bit.bor(2^31, 0), bit.bxor(5, 3), bit.bxor(1, 1, 1), bit.bxor(-1, 2^31)',
  'return bit.lshift(1, 0), bit.lshift(1, 31), bit.lshift(1, 32), bit.lshift(1, 33), bit.lshift(-1, 4), bit.lshift(1, -1)',
  'return bit.rshift(-1, 0), bit.rshift(-1, 1), bit.rshift(-1, 28), bit.rshift(2^31, 31), bit.rshift(1, 32)',
  'return bit.arshift(-1, 1), bit.arshift(-256, 4), bit.arshift(2^31, 31), bit.arshift(256, 4), bit.arshift(1, 33)',
  'return bit.rol(1, 1), bit.rol(2^31, 1), bit.rol(0x12345678, 8), bit.rol(0x12345678, 0), bit.rol(0x12345678, 32)',
  'return bit.ror(1, 1), bit.ror(2, 1), bit.ror(0x12345678, 8), bit.ror(0x12345678, 0), bit.ror(0x12345678, 36)',
  'return bit.bswap(0x12345678), bit.bswap(1), bit.bswap(-1)',
  'return bit.band("x")',
  'return bit.band(1, {})',
  'return bit.bor()',
  'return bit.tohex(1, nil)',
  'return bit.tobit("0")',
  'return bit.tobit(nil)',
  'return bit.lshift(1)',
];

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random Lua value constructors (as source text): integers and floats of all sizes,
 * strings of random bytes (written with string.char so the script stays ASCII), booleans,
 * arrays and single-key maps (multi-key maps have no defined order), nested a few levels.
 */
export function randomValues(seed: number, count: number): string[] {
  const r = rng(seed);
  const num = (): string => {
    switch (Math.floor(r() * 8)) {
      case 0: return String(Math.floor(r() * 256) - 128);
      case 1: return String(Math.floor(r() * 2 ** 32) - 2 ** 31);
      case 2: return String(Math.floor(r() * 2 ** 53) * (r() < 0.5 ? -1 : 1));
      case 3: return `(${(r() * 1000 - 500).toPrecision(1 + Math.floor(r() * 17))})`;
      case 4: return `(${(r() < 0.5 ? -1 : 1) * r()}e${Math.floor(r() * 600) - 300})`;
      case 5: return `(${Math.floor(r() * 1000)}/${1 + Math.floor(r() * 64)})`;
      case 6: return `(2^${Math.floor(r() * 70)})`;
      default: return `(${Math.floor(r() * 65536) / 2 ** Math.floor(r() * 10)})`;
    }
  };
  const str = (): string => {
    const n = Math.floor(r() * (r() < 0.1 ? 300 : 12));
    if (n === 0) return '""';
    const bytes: number[] = [];
    for (let i = 0; i < n; i++) bytes.push(r() < 0.7 ? 32 + Math.floor(r() * 95) : Math.floor(r() * 256));
    // a quoted literal with decimal escapes keeps the script ASCII
    return '"' + bytes.map((c) => (c >= 32 && c < 127 && c !== 34 && c !== 92 ? String.fromCharCode(c) : '\\' + String(c).padStart(3, '0'))).join('') + '"';
  };
  const key = (): string => (r() < 0.5 ? str() : num());
  const val = (depth: number): string => {
    const k = Math.floor(r() * (depth > 3 ? 4 : 7));
    switch (k) {
      case 0: return num();
      case 1: return str();
      case 2: return r() < 0.5 ? 'true' : 'false';
      case 3: return num();
      case 4: case 5: {
        const n = Math.floor(r() * 6);
        const items: string[] = [];
        for (let i = 0; i < n; i++) items.push(val(depth + 1));
        return '{' + items.join(',') + '}';
      }
      default: return `{[${key()}] = ${val(depth + 1)}}`;
    }
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(val(0));
  return out;
}

for (const v of randomValues(20241121, 150)) {
  CASES.push(`return pcall(cjson.encode, ${v})`);
  CASES.push(`return cmsgpack.pack(${v})`);
  CASES.push(`local ok, j = pcall(cjson.encode, ${v}) if not ok then return j end return cjson.decode(j)`);
  CASES.push(`return cmsgpack.unpack(cmsgpack.pack(${v}))`);
}

let redis: RedisOracle | null = null;

before(async () => {
  redis = await startRedis();
});

after(() => {
  redis?.stop();
});

function replyText(r: Reply): string {
  if (typeof r === 'string') return r;
  return JSON.stringify(r);
}

/**
 * Loads the engine lazily: until src/lua/state.ts exists this test only checks that the
 * oracle answers. Returns a runner (script -> reply text) or null.
 */
async function engineRunner(): Promise<((script: string) => string) | null> {
  let mod: Record<string, unknown>;
  let lib: Record<string, unknown>;
  try {
    lib = await import('../../src/lua/lib/index.js') as Record<string, unknown>;
  } catch {
    return null;
  }
  try {
    mod = await import('../../src/lua/index.js' as string) as Record<string, unknown>;
  } catch {
    try {
      mod = await import('../../src/lua/state.js' as string) as Record<string, unknown>;
    } catch {
      return null;
    }
  }
  type Runner = {
    load(src: string, chunk: string): unknown;
    call(fn: unknown, args: unknown[]): unknown[];
  };
  const LuaStateCtor = mod.LuaState as new (opts: { memoryLimit: number; seed: number }) => Runner;
  const openRedisLibs = lib.openRedisLibs as (L: Runner) => void;
  return (script: string): string => {
    const L = new LuaStateCtor({ memoryLimit: 0, seed: 0 });
    openRedisLibs(L);
    try {
      const fn = L.load(script, '@user_script');
      const out = L.call(fn, []);
      const v = out[0];
      return typeof v === 'string' ? v : JSON.stringify(v ?? null);
    } catch (e) {
      return JSON.stringify({ error: String(e) });
    }
  };
}

test('cjson/cmsgpack/struct/bit match redis-server byte for byte', async (t) => {
  if (redis === null) { t.skip('redis-server not installed'); return; }
  const run = await engineRunner();
  if (run === null) { t.skip('engine (src/lua/index.ts) not available yet'); return; }
  const failures: string[] = [];
  for (const body of CASES) {
    const script = wrapCase(body);
    await redis.command(['SCRIPT', 'FLUSH']); // cjson settings persist in Redis's Lua state
    const exp = replyText(await redis.eval(script));
    const got = run(script);
    if (got !== exp) failures.push(`${body}\n   redis: ${JSON.stringify(exp)}\n   ours:  ${JSON.stringify(got)}`);
  }
  assert.equal(failures.length, 0, `${failures.length}/${CASES.length} cases differ:\n` + failures.join('\n'));
});
