/**
 * LuaBitOp 1.0.2 (`bit` library as Redis embeds it, deps/lua/src/lua_bit.c).
 *
 * Numbers are converted to 32 bits like the C code: add 2^52+2^51 to the double and take
 * the low 32 bits of the mantissa (round-to-nearest-even, modulo 2^32). Results are
 * signed 32-bit numbers. Non-numbers raise "bad argument #n to 'f' (number expected,
 * got X)" (only when the converted value is 0, as in the C code). bit.tohex(x, n):
 * n defaults to 8, negative n gives uppercase, |n| is capped at 8; n = INT32_MIN is
 * treated as INT32_MIN+1 (the CVE-2024-31449 fix in Redis 7.2.6+).
 */
import type { LuaState } from '../state.js';
import type { HostFn } from '../value.js';
import type { LuaTable } from '../table.js';

/** Scratch buffers for the double -> bits trick; written before every read. */
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** barg's conversion of a double to UBits (returned as a signed int32 JS number). */
export function toBit(n: number): number {
  f64[0] = n + 6755399441055744.0;
  return u32[0] | 0;
}

/** bit.tohex core: `b` is the int32 value, `n` the digit count argument (already converted). */
export function toHex(b: number, n: number): string {
  let digits = '0123456789abcdef';
  if (n === -2147483648) n = -2147483647;
  if (n < 0) { n = -n; digits = '0123456789ABCDEF'; }
  if (n > 8) n = 8;
  let r = '';
  for (let i = n; --i >= 0;) {
    r = digits[b & 15] + r;
    b >>>= 4;
  }
  return r;
}

function barg(L: LuaState, base: number, nargs: number, i: number): number {
  const v = i < nargs ? L.stack[base + i] : undefined;
  let n: number;
  if (typeof v === 'number') n = v;
  else {
    const c = v === undefined ? undefined : L.toNumberCoerce(v);
    n = c === undefined ? 0 : c;
  }
  const b = toBit(n);
  if (b === 0 && typeof v !== 'number' && (v === undefined || L.toNumberCoerce(v) === undefined)) {
    L.typeError(base, nargs, i, 'number');
  }
  return b;
}

/** Registers the global `bit` table into `L`; returns it. */
export function openBitLib(L: LuaState): LuaTable {
  const tobit: HostFn = (L, base, nargs) => { L.push(barg(L, base, nargs, 0)); return 1; };
  const bnot: HostFn = (L, base, nargs) => { L.push(~barg(L, base, nargs, 0)); return 1; };
  const band: HostFn = (L, base, nargs) => {
    let b = barg(L, base, nargs, 0);
    for (let i = nargs - 1; i > 0; i--) b &= barg(L, base, nargs, i);
    L.push(b);
    return 1;
  };
  const bor: HostFn = (L, base, nargs) => {
    let b = barg(L, base, nargs, 0);
    for (let i = nargs - 1; i > 0; i--) b |= barg(L, base, nargs, i);
    L.push(b);
    return 1;
  };
  const bxor: HostFn = (L, base, nargs) => {
    let b = barg(L, base, nargs, 0);
    for (let i = nargs - 1; i > 0; i--) b ^= barg(L, base, nargs, i);
    L.push(b);
    return 1;
  };
  const lshift: HostFn = (L, base, nargs) => {
    const b = barg(L, base, nargs, 0); const n = barg(L, base, nargs, 1) & 31;
    L.push(b << n); return 1;
  };
  const rshift: HostFn = (L, base, nargs) => {
    const b = barg(L, base, nargs, 0); const n = barg(L, base, nargs, 1) & 31;
    L.push((b >>> n) | 0); return 1;
  };
  const arshift: HostFn = (L, base, nargs) => {
    const b = barg(L, base, nargs, 0); const n = barg(L, base, nargs, 1) & 31;
    L.push(b >> n); return 1;
  };
  const rol: HostFn = (L, base, nargs) => {
    const b = barg(L, base, nargs, 0); const n = barg(L, base, nargs, 1) & 31;
    L.push((b << n) | (b >>> (32 - n))); return 1;
  };
  const ror: HostFn = (L, base, nargs) => {
    const b = barg(L, base, nargs, 0); const n = barg(L, base, nargs, 1) & 31;
    L.push((b << (32 - n)) | (b >>> n)); return 1;
  };
  const bswap: HostFn = (L, base, nargs) => {
    const b = barg(L, base, nargs, 0);
    L.push((b >>> 24) | ((b >>> 8) & 0xff00) | ((b & 0xff00) << 8) | (b << 24));
    return 1;
  };
  const tohex: HostFn = (L, base, nargs) => {
    const b = barg(L, base, nargs, 0);
    const n = nargs < 2 ? 8 : barg(L, base, nargs, 1);
    L.push(toHex(b, n));
    return 1;
  };
  const lib = L.newTable();
  L.register(lib, { tobit, bnot, band, bor, bxor, lshift, rshift, arshift, rol, ror, bswap, tohex });
  L.setGlobal('bit', lib);
  return lib;
}
