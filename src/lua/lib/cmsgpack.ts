/**
 * lua-cmsgpack 0.4.0 as Redis embeds it (deps/lua/src/lua_cmsgpack.c), Lua 5.1 / 64-bit.
 *
 * cmsgpack.pack(v1, ...) concatenates the encodings of its arguments ("MessagePack pack
 * needs input." for none); cmsgpack.unpack(s) returns every value of the stream;
 * unpack_one(s [, offset]) and unpack_limit(s, limit [, offset]) return the next offset
 * (-1 at the end) followed by the values.
 *
 * Encoding choices follow the C code: a number that converts exactly to int64 (and is
 * not inf) is an integer (positive/negative fixint, uint8..64, int8..64, smallest first),
 * else float32 (0xca) when the value round-trips through float, else float64 (0xcb);
 * strings use fixraw / 0xd9 / 0xda / 0xdb by length; a table whose keys are exactly
 * 1..n (numbers fitting a C int) is an array, else a map; tables nested 16 deep, nil,
 * functions and other types encode as nil (0xc0). Decoding maps uint64 through a signed
 * int64 (values >= 2^63 come back negative), and fails with "Missing bytes in input." or
 * "Bad data format in input.".
 */
import type { LuaState } from '../state.js';
import type { HostFn, LuaValue } from '../value.js';
import { LuaTable } from '../table.js';
import { libError } from './errors.js';
import { raiseLib } from './lstrlib.js';
import { ByteBuffer } from './buffer.js';
import { checkInteger64, optInteger64 } from './args.js';

const MAX_NESTING = 16;
const TWO63 = 9223372036854775808;

/** Scratch buffer for float/double bytes; written before every read. */
const fbuf = new DataView(new ArrayBuffer(8));

function isInt64Equivalent(x: number): boolean {
  // (int64_t)x == x and !isinf(x): integral and within [-2^63, 2^63)
  return x === Math.trunc(x) && x >= -TWO63 && x < TWO63;
}

function isIntEquivalent(x: number): boolean {
  return x === Math.trunc(x) && x >= -2147483648 && x < 2147483648;
}

/** Writes n as a big-endian unsigned 16-bit value. */
function put16(out: ByteBuffer, n: number): void {
  out.addByte((n >>> 8) & 255);
  out.addByte(n & 255);
}

/** Writes n as a big-endian unsigned 32-bit value. */
function put32(out: ByteBuffer, n: number): void {
  out.ensure(4);
  const b = out.buf;
  const p = out.pos;
  b[p] = (n >>> 24) & 255;
  b[p + 1] = (n >>> 16) & 255;
  b[p + 2] = (n >>> 8) & 255;
  b[p + 3] = n & 255;
  out.pos = p + 4;
}

/** mp_encode_int for an integral double in [-2^63, 2^63). */
function encodeInt(out: ByteBuffer, n: number): void {
  if (n >= 0) {
    if (n <= 127) out.addByte(n);
    else if (n <= 0xff) { out.addByte(0xcc); out.addByte(n); }
    else if (n <= 0xffff) { out.addByte(0xcd); put16(out, n); }
    else if (n <= 0xffffffff) { out.addByte(0xce); put32(out, n); }
    else {
      const hi = Math.floor(n / 4294967296);
      out.addByte(0xcf);
      put32(out, hi);
      put32(out, n - hi * 4294967296);
    }
    return;
  }
  if (n >= -32) out.addByte(n & 255);
  else if (n >= -128) { out.addByte(0xd0); out.addByte(n & 255); }
  else if (n >= -32768) { out.addByte(0xd1); put16(out, n & 0xffff); }
  else if (n >= -2147483648) { out.addByte(0xd2); put32(out, n | 0); }
  else {
    const v = BigInt.asUintN(64, BigInt(n));
    out.addByte(0xd3);
    put32(out, Number(v >> 32n));
    put32(out, Number(v & 0xffffffffn));
  }
}

/** mp_encode_double: float32 when the value round-trips through float, else float64 (NaN too). */
function encodeDouble(out: ByteBuffer, d: number): void {
  const f = Math.fround(d);
  if (d === f) {
    fbuf.setFloat32(0, f);
    out.addByte(0xca);
    for (let i = 0; i < 4; i++) out.addByte(fbuf.getUint8(i));
  } else {
    fbuf.setFloat64(0, d);
    out.addByte(0xcb);
    for (let i = 0; i < 8; i++) out.addByte(fbuf.getUint8(i));
  }
}

function encodeBytesHeader(out: ByteBuffer, len: number): void {
  if (len < 32) out.addByte(0xa0 | len);
  else if (len <= 0xff) { out.addByte(0xd9); out.addByte(len); }
  else if (len <= 0xffff) { out.addByte(0xda); put16(out, len); }
  else { out.addByte(0xdb); put32(out, len); }
}

function encodeArrayHeader(out: ByteBuffer, n: number): void {
  if (n <= 15) out.addByte(0x90 | n);
  else if (n <= 65535) { out.addByte(0xdc); put16(out, n); }
  else { out.addByte(0xdd); put32(out, n); }
}

function encodeMapHeader(out: ByteBuffer, n: number): void {
  if (n <= 15) out.addByte(0x80 | n);
  else if (n <= 65535) { out.addByte(0xde); put16(out, n); }
  else { out.addByte(0xdf); put32(out, n); }
}

/** table_is_an_array: keys are exactly 1..n (numbers that fit a C int). */
function tableIsArray(t: LuaTable): boolean {
  let count = 0;
  let max = 0;
  // Every key in `next` order (array part, then nodes), without snapshot copies.
  for (let k = t.next(undefined); k !== undefined; k = t.next(k)) {
    if (typeof k !== 'number' || k <= 0 || !isIntEquivalent(k)) return false;
    if (k > max) max = k;
    count++;
  }
  return max === count;
}

/** Encoder for one pack call (mp_encode_lua_type). */
class MpEncoder {
  constructor(readonly out: ByteBuffer) {}

  value(v: LuaValue, level: number): void {
    const out = this.out;
    switch (typeof v) {
      case 'string':
        encodeBytesHeader(out, v.length);
        out.addString(v);
        return;
      case 'boolean':
        out.addByte(v ? 0xc3 : 0xc2);
        return;
      case 'number':
        if (isInt64Equivalent(v)) encodeInt(out, v);
        else encodeDouble(out, v);
        return;
    }
    if (v instanceof LuaTable && level !== MAX_NESTING) {
      if (tableIsArray(v)) {
        const len = v.length();
        encodeArrayHeader(out, len);
        for (let j = 1; j <= len; j++) this.value(v.getInt(j), level + 1);
      } else {
        let len = 0;
        for (let k = v.next(undefined); k !== undefined; k = v.next(k)) len++;
        encodeMapHeader(out, len);
        // `next` order: array part, then the nodes, as lua_next walks them.
        for (let k = v.next(undefined); k !== undefined; k = v.next(k)) {
          const val = v.nextValue;
          this.value(k, level + 1);
          this.value(val, level + 1);
        }
      }
      return;
    }
    out.addByte(0xc0);
  }
}

/** Encodes one value (mp_encode_lua_type at level 0). */
export function mpPackValue(v: LuaValue): string {
  const out = new ByteBuffer(64);
  new MpEncoder(out).value(v, 0);
  return out.toString();
}

const ERR_EOF = 1;
const ERR_BADFMT = 2;

/** Decoder cursor (mp_cur) over a one-byte string. */
export class MpCursor {
  p: number;
  err = 0;
  /**
   * Lua stack slots in use above the C function's base (the input string, decoded
   * top-level values, and per open array/map its table and pending index/key), checked
   * against LUAI_MAXCSTACK (8000) where lua_cmsgpack calls luaL_checkstack.
   */
  slots = 1;
  constructor(readonly L: LuaState, readonly s: string, offset: number) {
    this.p = offset;
  }
  get left(): number {
    return this.s.length - this.p;
  }
  byte(i: number): number {
    return this.s.charCodeAt(this.p + i);
  }
  u32(i: number): number {
    return ((this.byte(i) << 24) >>> 0) + (this.byte(i + 1) << 16) + (this.byte(i + 2) << 8) + this.byte(i + 3);
  }

  /** Kind of the item last read by readItem: 0 scalar, 1 array, 2 map (with hdrLen). */
  hdrKind = 0;
  hdrLen = 0;

  /**
   * Reads one item (mp_decode_to_lua_type without the recursion): a scalar value, or for
   * an array/map header a new empty table with hdrKind/hdrLen set. On failure sets `err`.
   */
  readItem(): LuaValue {
    this.hdrKind = 0;
    if (this.left < 1) { this.err = ERR_EOF; return undefined; }
    if (this.slots + 1 > 8000) libError('stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)');
    this.slots++; // the decoded value
    const c = this.byte(0);
    switch (c) {
      case 0xcc:
        if (this.left < 2) break;
        this.p += 2; return this.s.charCodeAt(this.p - 1);
      case 0xd0:
        if (this.left < 2) break;
        this.p += 2; return (this.s.charCodeAt(this.p - 1) << 24) >> 24;
      case 0xcd:
        if (this.left < 3) break;
        { const v = (this.byte(1) << 8) | this.byte(2); this.p += 3; return v; }
      case 0xd1:
        if (this.left < 3) break;
        { const v = (((this.byte(1) << 8) | this.byte(2)) << 16) >> 16; this.p += 3; return v; }
      case 0xce:
        if (this.left < 5) break;
        { const v = this.u32(1); this.p += 5; return v; }
      case 0xd2:
        if (this.left < 5) break;
        { const v = this.u32(1) | 0; this.p += 5; return v; }
      case 0xcf: case 0xd3: {
        if (this.left < 9) break;
        const v = (BigInt(this.u32(1)) << 32n) | BigInt(this.u32(5));
        this.p += 9;
        return Number(BigInt.asIntN(64, v));
      }
      case 0xc0: this.p += 1; return undefined;
      case 0xc3: this.p += 1; return true;
      case 0xc2: this.p += 1; return false;
      case 0xca: {
        if (this.left < 5) break;
        for (let i = 0; i < 4; i++) fbuf.setUint8(i, this.byte(1 + i));
        this.p += 5;
        return fbuf.getFloat32(0);
      }
      case 0xcb: {
        if (this.left < 9) break;
        for (let i = 0; i < 8; i++) fbuf.setUint8(i, this.byte(1 + i));
        this.p += 9;
        return fbuf.getFloat64(0);
      }
      case 0xd9: {
        if (this.left < 2) break;
        const l = this.byte(1);
        if (this.left < 2 + l) break;
        this.p += 2 + l;
        return this.s.slice(this.p - l, this.p);
      }
      case 0xda: {
        if (this.left < 3) break;
        const l = (this.byte(1) << 8) | this.byte(2);
        if (this.left < 3 + l) break;
        this.p += 3 + l;
        return this.s.slice(this.p - l, this.p);
      }
      case 0xdb: {
        if (this.left < 5) break;
        const l = this.u32(1);
        this.p += 5;
        if (this.left < l) break;
        this.p += l;
        return this.s.slice(this.p - l, this.p);
      }
      case 0xdc: {
        if (this.left < 3) break;
        const l = (this.byte(1) << 8) | this.byte(2);
        this.p += 3;
        return this.header(1, l);
      }
      case 0xdd: {
        if (this.left < 5) break;
        const l = this.u32(1);
        this.p += 5;
        return this.header(1, l);
      }
      case 0xde: {
        if (this.left < 3) break;
        const l = (this.byte(1) << 8) | this.byte(2);
        this.p += 3;
        return this.header(2, l);
      }
      case 0xdf: {
        if (this.left < 5) break;
        const l = this.u32(1);
        this.p += 5;
        return this.header(2, l);
      }
      default:
        if ((c & 0x80) === 0) { this.p += 1; return c; }
        if ((c & 0xe0) === 0xe0) { this.p += 1; return (c << 24) >> 24; }
        if ((c & 0xe0) === 0xa0) {
          const l = c & 0x1f;
          if (this.left < 1 + l) break;
          this.p += 1 + l;
          return this.s.slice(this.p - l, this.p);
        }
        if ((c & 0xf0) === 0x90) { this.p += 1; return this.header(1, c & 0xf); }
        if ((c & 0xf0) === 0x80) { this.p += 1; return this.header(2, c & 0xf); }
        this.err = ERR_BADFMT;
        return undefined;
    }
    this.err = ERR_EOF;
    return undefined;
  }

  header(kind: number, len: number): LuaTable {
    const t = this.L.newTable();
    if (kind === 1 && this.slots + 1 > 8000) libError('stack overflow (in function mp_decode_to_lua_array)');
    this.hdrKind = kind;
    this.hdrLen = len;
    return t;
  }

  /**
   * Decodes one complete value, iteratively (open arrays/maps live on an explicit stack,
   * so nesting is bounded by the C code's stack checks, not the JS call stack).
   * On failure sets `err` and returns undefined.
   */
  decode(): LuaValue {
    const tables: LuaTable[] = [];
    const remaining: number[] = [];
    const index: number[] = []; // arrays: next index; maps: 0 = expecting key, 1 = value
    const mapKeys: LuaValue[] = [];
    const isMap: boolean[] = [];
    for (;;) {
      let v = this.readItem();
      if (this.err) return undefined;
      if (this.hdrKind !== 0 && this.hdrLen > 0) {
        tables.push(v as LuaTable);
        remaining.push(this.hdrLen);
        const m = this.hdrKind === 2;
        isMap.push(m);
        index.push(m ? 0 : 1);
        mapKeys.push(undefined);
        if (!m) this.slots++; // index of the first element
        continue;
      }
      // store v into the open containers, closing the ones that are complete
      for (;;) {
        const n = tables.length;
        if (n === 0) return v;
        const t = tables[n - 1];
        if (!isMap[n - 1]) {
          t.setInt(index[n - 1]++, v);
          this.slots -= 2;
        } else if (index[n - 1] === 0) {
          mapKeys[n - 1] = v;
          index[n - 1] = 1;
          break;
        } else {
          // lua_settable: a nil key raises "table index is nil", a NaN key "table index is NaN"
          t.set(mapKeys[n - 1], v);
          this.slots -= 2;
          index[n - 1] = 0;
        }
        if (--remaining[n - 1] === 0) {
          v = t;
          tables.pop(); remaining.pop(); index.pop(); mapKeys.pop(); isMap.pop();
          continue;
        }
        if (!isMap[n - 1]) this.slots++; // next index
        break;
      }
    }
  }
}

/**
 * mp_unpack_full: decodes up to `limit` values (0 with offset 0 = all) starting at
 * `offset`. Returns the values; when not decoding all, the first element is the next
 * offset (-1 when the input is consumed).
 */
export function mpUnpackFull(L: LuaState, s: string, limit: number, offset: number): LuaValue[] {
  const len = s.length;
  const decodeAll = limit === 0 && offset === 0;
  if (offset < 0 || limit < 0) {
    libError(`Invalid request to unpack with offset of ${offset | 0} and limit of ${len | 0}.`);
  } else if (offset > len) {
    libError(`Start offset ${offset | 0} greater than input length ${len | 0}.`);
  }
  if (decodeAll) limit = 2147483647;
  const c = new MpCursor(L, s, offset);
  const out: LuaValue[] = [];
  for (let cnt = 0; c.left > 0 && cnt < limit; cnt++) {
    const v = c.decode();
    if (c.err === ERR_EOF) libError('Missing bytes in input.');
    else if (c.err === ERR_BADFMT) libError('Bad data format in input.');
    out.push(v);
  }
  if (!decodeAll) out.unshift(c.left === 0 ? -1 : len - c.left);
  return out;
}

/** Registers the global `cmsgpack` table into `L`; returns it. */
export function openCmsgpackLib(L: LuaState): LuaTable {
  const pack: HostFn = (L, base, nargs) => {
    if (nargs === 0) L.argError(-1, 'MessagePack pack needs input.');
    const out = new ByteBuffer(64);
    const e = new MpEncoder(out);
    for (let i = 0; i < nargs; i++) e.value(L.stack[base + i], 0);
    if (out.pos >= 4096) L.checkAlloc(out.pos);
    L.push(out.toString());
    return 1;
  };
  const unpackWith = (L: LuaState, s: string, limit: number, offset: number): number => {
    let r: LuaValue[];
    try {
      r = mpUnpackFull(L, s, limit, offset);
    } catch (e) {
      raiseLib(L, e);
    }
    for (let i = 0; i < r.length; i++) L.push(r[i]);
    return r.length;
  };
  const unpack: HostFn = (L, base, nargs) => unpackWith(L, L.checkString(base, nargs, 0), 0, 0);
  const unpack_one: HostFn = (L, base, nargs) => {
    const offset = optInteger64(L, base, nargs, 1, 0);
    return unpackWith(L, L.checkString(base, nargs, 0), 1, offset);
  };
  const unpack_limit: HostFn = (L, base, nargs) => {
    const limit = checkInteger64(L, base, nargs, 1);
    const offset = optInteger64(L, base, nargs, 2, 0);
    return unpackWith(L, L.checkString(base, nargs, 0), limit, offset);
  };
  const lib = L.newTable();
  L.register(lib, { pack, unpack, unpack_one, unpack_limit });
  lib.setStr('_NAME', 'cmsgpack');
  lib.setStr('_VERSION', 'lua-cmsgpack 0.4.0');
  lib.setStr('_COPYRIGHT', 'Copyright (C) 2012, Salvatore Sanfilippo');
  lib.setStr('_DESCRIPTION', 'MessagePack C implementation for Lua');
  L.setGlobal('cmsgpack', lib);
  return lib;
}
