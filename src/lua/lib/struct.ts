/**
 * Roberto Ierusalimschy's `struct` library as Redis embeds it (deps/lua/src/lua_struct.c,
 * with Redis's CVE fixes): struct.pack(fmt, ...), struct.unpack(fmt, data [, pos]),
 * struct.size(fmt).
 *
 * Platform is x86-64 Linux: native little endian, short 2, int 4, long 8, size_t 8,
 * MAXALIGN 8, integers held in 64-bit `long` (sizes above 8 keep only 64 bits).
 * Format codes: > < ![n] x b B h H l L T i[n] I[n] s f d c[n] and ' '; the format is a
 * C string (a NUL ends it). Errors (exact texts): "integral size N is larger than limit
 * of 32", "alignment N is not a power of 2", "invalid format option 'c'" (arg #1),
 * "string too short", "data string too short" (arg #2), "offset must be 1 or greater"
 * (arg #3), "format 'c0' needs a previous size", "unfinished string in data",
 * "option 's' has no fixed size", "option 'c0' has no fixed size".
 */
import type { LuaState } from '../state.js';
import type { HostFn, LuaValue } from '../value.js';
import type { LuaTable } from '../table.js';
import { libError } from './errors.js';
import { type ArgSource, StackArgs, optInteger64 } from './args.js';
import { castInt64, castUint64 } from './cformat.js';
import { isAlnum } from './lpattern.js';
import { raiseLib } from './lstrlib.js';
import { luaStr2Number } from './strtod.js';

const BIG = 0;
const LITTLE = 1;
const MAXINTSIZE = 32;
const MAXALIGN = 8;
const MASK64 = (1n << 64n) - 1n;

/** Scratch buffers for float/double byte conversion; written before every read. */
const fbuf = new DataView(new ArrayBuffer(8));

interface Header { endian: number; align: number }

/** Cursor over a format string (cut at its first NUL). */
class Fmt {
  readonly s: string;
  i = 0;
  constructor(s: string) {
    const z = s.indexOf('\0');
    this.s = z < 0 ? s : s.slice(0, z);
  }
  getnum(df: number): number {
    const c = this.i < this.s.length ? this.s.charCodeAt(this.i) : 0;
    if (!(c >= 48 && c <= 57)) return df;
    let a = 0;
    do {
      a = (a * 10 + (this.s.charCodeAt(this.i++) - 48)) | 0;
    } while (this.i < this.s.length && this.s.charCodeAt(this.i) >= 48 && this.s.charCodeAt(this.i) <= 57);
    return a;
  }
}

function optsize(opt: number, f: Fmt): number {
  switch (opt) {
    case 66: case 98: return 1; // B b
    case 72: case 104: return 2; // H h
    case 76: case 108: return 8; // L l
    case 84: return 8; // T
    case 102: return 4; // f
    case 100: return 8; // d
    case 120: return 1; // x
    case 99: return f.getnum(1); // c
    case 105: case 73: { // i I
      const sz = f.getnum(4);
      if (sz > MAXINTSIZE) libError(`integral size ${sz} is larger than limit of ${MAXINTSIZE}`);
      return sz;
    }
    default: return 0;
  }
}

function gettoalign(len: number, h: Header, opt: number, size: number): number {
  if (size === 0 || opt === 99) return 0;
  if (size > h.align) size = h.align;
  // size_t arithmetic; len stays far below 2^53
  const m = size - 1;
  return ((size - (len & m)) & m) >>> 0;
}

function controloptions(opt: number, f: Fmt, h: Header, args: ArgSource): void {
  switch (opt) {
    case 32: return;
    case 62: h.endian = BIG; return;
    case 60: h.endian = LITTLE; return;
    case 33: {
      const a = f.getnum(MAXALIGN);
      if (!(a > 0 && (a & (a - 1)) === 0)) libError(`alignment ${a} is not a power of 2`);
      h.align = a;
      return;
    }
    default: {
      args.argError(1, `invalid format option '${String.fromCharCode(opt)}'`);
    }
  }
}

function putinteger(out: string[], n: number, endian: number, size: number): void {
  let value = n < 0 ? castInt64(n) & MASK64 : castUint64(n);
  const bytes: number[] = new Array<number>(size);
  if (endian === LITTLE) {
    for (let i = 0; i < size; i++) { bytes[i] = Number(value & 0xffn); value >>= 8n; }
  } else {
    for (let i = size - 1; i >= 0; i--) { bytes[i] = Number(value & 0xffn); value >>= 8n; }
  }
  out.push(String.fromCharCode.apply(null, bytes));
}

/** Fast path for sizes <= 4 with values that are exact integers in int32/uint32 range. */
function putSmall(out: string[], n: number, endian: number, size: number): boolean {
  if (size > 4 || !(n >= -2147483648 && n < 4294967296)) return false;
  let v = Math.trunc(n) >>> 0;
  let r = '';
  if (endian === LITTLE) {
    for (let i = 0; i < size; i++) { r += String.fromCharCode(v & 255); v >>>= 8; }
  } else {
    for (let i = 0; i < size; i++) { r = String.fromCharCode(v & 255) + r; v >>>= 8; }
  }
  out.push(r);
  return true;
}

function floatBytes(x: number, size: number, endian: number): string {
  if (size === 4) fbuf.setFloat32(0, x, endian === LITTLE);
  else fbuf.setFloat64(0, x, endian === LITTLE);
  let r = '';
  for (let i = 0; i < size; i++) r += String.fromCharCode(fbuf.getUint8(i));
  return r;
}

/**
 * b_pack pushes a nil mark above its arguments, so the first missing argument reads as
 * nil ("got nil"), later ones as "no value".
 */
function packNumber(args: ArgSource, i: number): number {
  if (i === args.count + 1) args.argError(i, 'number expected, got nil');
  return args.number(i);
}

function packString(args: ArgSource, i: number): string {
  if (i === args.count + 1) args.argError(i, 'string expected, got nil');
  return args.string(i);
}

/** struct.pack(fmt, ...): `args` holds the format at #1 and values from #2. */
export function structPack(fmtStr: string, args: ArgSource): string {
  const f = new Fmt(fmtStr);
  const h: Header = { endian: LITTLE, align: 1 };
  let arg = 2;
  let totalsize = 0;
  const out: string[] = [];
  while (f.i < f.s.length) {
    const opt = f.s.charCodeAt(f.i++);
    let size = optsize(opt, f);
    let toalign = gettoalign(totalsize, h, opt, size);
    totalsize += toalign;
    if (toalign > 0) { out.push('\0'.repeat(toalign)); toalign = 0; }
    switch (opt) {
      case 98: case 66: case 104: case 72: case 108: case 76: case 84: case 105: case 73: {
        const n = packNumber(args, arg++);
        if (!putSmall(out, n, h.endian, size)) putinteger(out, n, h.endian, size);
        break;
      }
      case 120: out.push('\0'); break;
      case 102: out.push(floatBytes(Math.fround(packNumber(args, arg++)), 4, h.endian)); break;
      case 100: out.push(floatBytes(packNumber(args, arg++), 8, h.endian)); break;
      case 99: case 115: {
        const s = packString(args, arg++);
        const l = s.length;
        if (size === 0) size = l;
        if (l < size) args.argError(arg, 'string too short');
        out.push(size === l ? s : s.slice(0, size));
        if (opt === 115) { out.push('\0'); size++; }
        break;
      }
      default: controloptions(opt, f, h, args);
    }
    totalsize += size;
  }
  return out.join('');
}

function getinteger(data: string, pos: number, endian: number, issigned: boolean, size: number): number {
  if (size <= 4) {
    let v = 0;
    if (endian === BIG) for (let i = 0; i < size; i++) v = v * 256 + data.charCodeAt(pos + i);
    else for (let i = size - 1; i >= 0; i--) v = v * 256 + data.charCodeAt(pos + i);
    if (issigned && size > 0 && v >= 2 ** (size * 8 - 1)) v -= 2 ** (size * 8);
    return v;
  }
  let l = 0n;
  if (endian === BIG) {
    for (let i = 0; i < size; i++) l = ((l << 8n) | BigInt(data.charCodeAt(pos + i))) & MASK64;
  } else {
    for (let i = size - 1; i >= 0; i--) l = ((l << 8n) | BigInt(data.charCodeAt(pos + i))) & MASK64;
  }
  if (!issigned) return Number(l);
  const mask = (MASK64 << BigInt((size * 8 - 1) & 63)) & MASK64;
  if (l & mask) l |= mask;
  return Number(BigInt.asIntN(64, l));
}

/**
 * struct.unpack(fmt, data [, pos]): returns the unpacked values followed by the next
 * position (1-based).
 */
export function structUnpack(fmtStr: string, data: string, args: ArgSource, posArg: number): LuaValue[] {
  const f = new Fmt(fmtStr);
  const h: Header = { endian: LITTLE, align: 1 };
  const ld = data.length;
  // size_t pos: 0 is rejected, a negative offset wraps to a huge one
  if (posArg === 0) args.argError(3, 'offset must be 1 or greater');
  const wrapped = posArg < 0;
  let pos = wrapped ? Number.MAX_SAFE_INTEGER : posArg - 1;
  const res: LuaValue[] = [];
  while (f.i < f.s.length) {
    const opt = f.s.charCodeAt(f.i++);
    let size = optsize(opt, f);
    pos += gettoalign(pos, h, opt, size);
    if (!(size <= ld && pos <= ld - size)) args.argError(2, 'data string too short');
    switch (opt) {
      case 98: case 66: case 104: case 72: case 108: case 76: case 84: case 105: case 73:
        res.push(getinteger(data, pos, h.endian, opt >= 97, size));
        break;
      case 120: break;
      case 102: case 100: {
        for (let i = 0; i < size; i++) fbuf.setUint8(i, data.charCodeAt(pos + i));
        res.push(size === 4 ? fbuf.getFloat32(0, h.endian === LITTLE) : fbuf.getFloat64(0, h.endian === LITTLE));
        break;
      }
      case 99: {
        if (size === 0) {
          const prev = res.length > 0 ? res[res.length - 1] : undefined;
          const n = typeof prev === 'number' ? prev : typeof prev === 'string' ? luaStr2Number(prev) : undefined;
          if (n === undefined) libError("format 'c0' needs a previous size");
          res.pop();
          size = n >= 0 && n < 2 ** 53 ? Math.trunc(n) : Number.MAX_SAFE_INTEGER;
          if (!(size <= ld && pos <= ld - size)) args.argError(2, 'data string too short');
        }
        res.push(data.slice(pos, pos + size));
        break;
      }
      case 115: {
        const e = data.indexOf('\0', pos);
        if (e < 0) libError('unfinished string in data');
        size = e - pos + 1;
        res.push(data.slice(pos, e));
        break;
      }
      default: controloptions(opt, f, h, args);
    }
    pos += size;
  }
  res.push(wrapped ? posArg : pos + 1);
  return res;
}

/** struct.size(fmt). `args` is used for argument errors. */
export function structSize(fmtStr: string, args: ArgSource): number {
  const f = new Fmt(fmtStr);
  const h: Header = { endian: LITTLE, align: 1 };
  let pos = 0;
  while (f.i < f.s.length) {
    const opt = f.s.charCodeAt(f.i++);
    const size = optsize(opt, f);
    pos += gettoalign(pos, h, opt, size);
    if (opt === 115) args.argError(1, "option 's' has no fixed size");
    else if (opt === 99 && size === 0) args.argError(1, "option 'c0' has no fixed size");
    if (!isAlnum(opt)) controloptions(opt, f, h, args);
    pos += size;
  }
  return pos;
}

/** Registers the global `struct` table into `L`; returns it. */
export function openStructLib(L: LuaState): LuaTable {
  const pack: HostFn = (L, base, nargs) => {
    const fmt = L.checkString(base, nargs, 0);
    let r: string;
    try {
      r = structPack(fmt, new StackArgs(L, base, nargs));
    } catch (e) {
      raiseLib(L, e);
    }
    if (r.length >= 4096) L.checkAlloc(r.length);
    L.push(r);
    return 1;
  };
  const unpack: HostFn = (L, base, nargs) => {
    const fmt = L.checkString(base, nargs, 0);
    const data = L.checkString(base, nargs, 1);
    const pos = optInteger64(L, base, nargs, 2, 1);
    let r: LuaValue[];
    try {
      r = structUnpack(fmt, data, new StackArgs(L, base, nargs), pos);
    } catch (e) {
      raiseLib(L, e);
    }
    for (let i = 0; i < r.length; i++) L.push(r[i]);
    return r.length;
  };
  const size: HostFn = (L, base, nargs) => {
    const fmt = L.checkString(base, nargs, 0);
    let r: number;
    try {
      r = structSize(fmt, new StackArgs(L, base, nargs));
    } catch (e) {
      raiseLib(L, e);
    }
    L.push(r);
    return 1;
  };
  const lib = L.newTable();
  L.register(lib, { pack, unpack, size });
  L.setGlobal('struct', lib);
  return lib;
}
