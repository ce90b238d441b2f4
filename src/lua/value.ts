/**
 * Lua 5.1 value representation for the Cinder Lua engine.
 *
 * - nil      = `undefined`
 * - boolean  = JS boolean
 * - number   = JS number (IEEE double, as in Lua 5.1 with LUA_NUMBER double)
 * - string   = one-byte JS string (each char code is one byte 0..255)
 * - table    = {@link LuaTable} (see table.ts)
 * - function = {@link LuaClosure} (compiled Lua) or {@link HostFunction} (JS)
 * - thread   = {@link Coroutine}
 * - userdata = {@link LuaUserdata} (light userdata with an optional metatable, e.g. `cjson.null`)
 *
 * See API.md for the host calling convention.
 */
import type { LuaTable } from './table.js';
import type { LuaState } from './state.js';
import type { Proto } from './compiler.js';

/** Any Lua value. */
export type LuaValue =
  | undefined
  | boolean
  | number
  | string
  | LuaTable
  | LuaClosure
  | HostFunction
  | Coroutine
  | LuaUserdata;

/**
 * Signature of a host (JS) function callable from Lua.
 *
 * Arguments are `L.stack[base] .. L.stack[base + nargs - 1]`; slots at or past
 * `base + nargs` are NOT guaranteed to be nil, so check `i < nargs` (or use the
 * `L.arg*`/`L.check*` helpers). Results are pushed with `L.push(v)`; the function
 * returns how many it pushed (the last `n` pushed values are the results).
 * Raise Lua errors with `L.error(msg)` (adds "chunk:line:" like luaL_error),
 * `L.argError(...)`, or `throw new LuaError(value)` for a raw error object.
 */
export type HostFn = (L: LuaState, base: number, nargs: number) => number;

/** Internal call kinds; libraries always use HOST_NORMAL. */
export const HOST_NORMAL = 0;
/** pcall: handled by the VM without JS recursion. */
export const HOST_PCALL = 1;
/** xpcall. */
export const HOST_XPCALL = 2;
/** coroutine.resume. */
export const HOST_RESUME = 3;
/** coroutine.yield. */
export const HOST_YIELD = 4;
/** A function made by coroutine.wrap (its coroutine is in `data`). */
export const HOST_WRAP = 5;

/** A function implemented in JS. `name` is used in tostring-free contexts only (debug). */
export class HostFunction {
  /** Lazily assigned identity used by tostring ("function: 0x..."). */
  id = 0;
  constructor(
    /** Name used for diagnostics when the call site gives none. */
    public readonly name: string,
    /** The implementation, see {@link HostFn}. */
    public readonly fn: HostFn,
    /** Internal VM dispatch kind (HOST_NORMAL for library functions). */
    public readonly kind: number = HOST_NORMAL,
    /** Internal: payload for special kinds (the coroutine of a `coroutine.wrap` function). */
    public readonly data: Coroutine | null = null,
  ) {}
}

/** A box holding a captured local (an upvalue). */
export class Box {
  constructor(public v: LuaValue) {}
}

/** A Lua function: a prototype plus its captured upvalue boxes. */
export class LuaClosure {
  id = 0;
  /** Memory-walk generation mark (see state.ts). */
  mark = 0;
  constructor(
    public readonly p: Proto,
    public readonly upvals: Box[],
    /** The function's environment table (globals); fixed per state here. */
    public env: LuaTable,
  ) {}
}

/** Light userdata (used for sentinels such as `cjson.null`). `type()` is "userdata". */
export class LuaUserdata {
  id = 0;
  constructor(
    /** Free-form description for debugging. */
    public readonly name: string,
    /** Metatable, or null. */
    public metatable: LuaTable | null = null,
    /** Host payload. */
    public data: unknown = undefined,
  ) {}
}

/** Coroutine status as reported by `coroutine.status`. */
export type CoStatus = 'suspended' | 'running' | 'normal' | 'dead';

/** Call frame ("CallInfo"). Internal to the VM; exported for the state module. */
export class CallInfo {
  /** Closure being run (null for a host-function marker frame). */
  cl: LuaClosure | null = null;
  /** Stack index of register 0. */
  base = 0;
  /** Stack index of the function slot; results are written here. */
  func = 0;
  /** Saved program counter (instruction index * 4). */
  pc = 0;
  /** Results wanted by the caller (-1 = all). */
  nresults = 0;
  /** Extra arguments of a vararg function. */
  varargs: LuaValue[] | null = null;
  /** Bit flags CIST_*. */
  flags = 0;
  /** For pcall/xpcall frames: the error handler (xpcall) or undefined. */
  handler: LuaValue = undefined;
  /** Number of tail calls collapsed into this frame (for diagnostics). */
  tailcalls = 0;
}

/** Frame returns to the host (JS) when it returns: stop the current VM loop. */
export const CIST_FRESH = 1;
/** Frame was called by pcall/xpcall: errors unwind to here; results get `true` prepended. */
export const CIST_PCALL = 2;
/** Frame is the body of a coroutine (bottom frame). */
export const CIST_COBASE = 4;

/** A Lua thread (coroutine). The main thread of a state is also one. */
export class Coroutine {
  id = 0;
  mark = 0;
  stack: LuaValue[] = [];
  /** Frames; frames[0..depth-1] are live. Objects are reused. */
  frames: CallInfo[] = [];
  depth = 0;
  status: CoStatus = 'suspended';
  /** Thread that resumed this one (while running/normal). */
  resumer: Coroutine | null = null;
  /** VM nesting level at which this coroutine was resumed (yield must happen at the same level). */
  resumeNest = 0;
  /** Stack slot in the resumer where resume results go, and wanted count. */
  resumeFunc = 0;
  resumeWanted = 0;
  /** True when resumed by a `coroutine.wrap` function (errors propagate). */
  resumeWrap = false;
  /** Where the results of a pending yield go when resumed, and how many are wanted. */
  yieldFunc = 0;
  yieldWanted = 0;
  /** C-level depth of this coroutine's resume chain (5.1 nCcalls inherited on resume). */
  ccalls = 0;
  /** Top of stack (first free slot) while not running. */
  top = 0;
  started = false;
  constructor(
    /** Body function (undefined for the main thread). */
    public fn: LuaValue,
  ) {}
}

/**
 * A Lua error in flight. `value` is the Lua error object (usually a string with
 * a "chunk:line: " prefix already added). Not an `Error` subclass on purpose:
 * throwing it must not capture a JS stack trace.
 */
export class LuaError {
  /**
   * True when an inner VM run rethrows an error already caught (and its raise point
   * recorded, {@link LuaState.errorSource}) by its own handler; the outer run keeps that record.
   */
  propagated = false;
  /** Lua traceback-free message for JS diagnostics. */
  constructor(public value: LuaValue) {}
  /** Human-readable message (tostring of the error value where sensible). */
  toString(): string {
    const v = this.value;
    return typeof v === 'string' ? v : typeof v === 'number' ? numberToString(v) : `(error object is a ${typeName(v)} value)`;
  }
}

/**
 * Thrown when the host aborts a running/suspended script (e.g. SCRIPT KILL) or on a
 * fatal condition. Lua code (pcall/xpcall/coroutine.resume) cannot catch it.
 */
export class LuaAbort {
  constructor(public message: string) {}
}

/** Lua `type()` name of a value. */
export function typeName(v: LuaValue): string {
  switch (typeof v) {
    case 'undefined': return 'nil';
    case 'boolean': return 'boolean';
    case 'number': return 'number';
    case 'string': return 'string';
    default:
      if (v instanceof LuaClosure || v instanceof HostFunction) return 'function';
      if (v instanceof Coroutine) return 'thread';
      if (v instanceof LuaUserdata) return 'userdata';
      return 'table';
  }
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
f64[0] = 0;
u32[1] = 0xfff80000;
/** The x86 default NaN (sign bit set), printed "-nan" by glibc like 0/0. */
export const NEG_NAN = f64[0];

/** Math.pow with glibc's NaN sign: invalid operations give -nan. */
export function luaPow(x: number, y: number): number {
  const r = Math.pow(x, y);
  return r !== r && x === x && y === y ? NEG_NAN : r;
}

/**
 * Formats a number like Lua 5.1's `tostring` (`"%.14g"`): 5, 1e+15, 0.1, -nan/nan, inf.
 * NaN sign follows glibc printf (0/0 prints "-nan" on x86).
 */
export function numberToString(n: number): string {
  if (Number.isInteger(n)) {
    if (n === 0) return 1 / n < 0 ? '-0' : '0';
    if (n < 1e14 && n > -1e14) return '' + n;
  }
  if (n !== n) {
    f64[0] = n;
    return u32[1] >>> 31 ? '-nan' : 'nan';
  }
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return fmtG(n, 14);
}

/** C printf `%.<prec>g` formatting (without '#' flag) for finite n. */
export function fmtG(n: number, prec: number): string {
  if (prec === 0) prec = 1;
  if (n === 0) return 1 / n < 0 ? '-0' : '0';
  let es = n.toExponential(prec - 1);
  // JS rounds exact decimal ties away from zero; glibc rounds them to even.
  const fine = n.toExponential(Math.min(100, prec + 24));
  const fe = fine.indexOf('e');
  const digits = fine.slice(n < 0 ? 1 : 0, fe).replace('.', '');
  if (digits.charCodeAt(prec) === 53 /* 5 */ && /^0*$/.test(digits.slice(prec + 1))) {
    // exact tie: round half to even on the first `prec` digits
    const head = digits.slice(0, prec);
    let exp = +fine.slice(fe + 1);
    let d = head;
    if ((head.charCodeAt(prec - 1) - 48) % 2 === 1) {
      // increment
      const arr = head.split('').map((ch) => ch.charCodeAt(0) - 48);
      let i = prec - 1;
      while (i >= 0) {
        arr[i]++;
        if (arr[i] < 10) break;
        arr[i] = 0;
        i--;
      }
      if (i < 0) { arr.unshift(1); arr.pop(); exp++; }
      d = arr.join('');
    }
    es = (n < 0 ? '-' : '') + d[0] + (prec > 1 ? '.' + d.slice(1) : '') + 'e' + (exp < 0 ? '' : '+') + exp;
  }
  const ei = es.indexOf('e');
  const exp = +es.slice(ei + 1);
  if (exp < -4 || exp >= prec) {
    let m = es.slice(0, ei);
    if (m.indexOf('.') >= 0) {
      let j = m.length;
      while (m.charCodeAt(j - 1) === 48) j--;
      if (m.charCodeAt(j - 1) === 46) j--;
      m = m.slice(0, j);
    }
    const ae = exp < 0 ? -exp : exp;
    return m + (exp < 0 ? 'e-' : 'e+') + (ae < 10 ? '0' + ae : '' + ae);
  }
  // fixed notation from the (correctly rounded) exponential digits
  const neg = es.charCodeAt(0) === 45;
  const mant = es.slice(neg ? 1 : 0, ei).replace('.', '');
  let s: string;
  if (exp >= 0) {
    const intPart = mant.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = mant.slice(exp + 1);
    s = frac.length > 0 ? intPart + '.' + frac : intPart;
  } else {
    s = '0.' + '0'.repeat(-exp - 1) + mant;
  }
  if (s.indexOf('.') >= 0) {
    let j = s.length;
    while (s.charCodeAt(j - 1) === 48) j--;
    if (s.charCodeAt(j - 1) === 46) j--;
    s = s.slice(0, j);
  }
  return neg ? '-' + s : s;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

const hexRe = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const decRe = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Converts a string to a number like Lua 5.1's `luaO_str2d`: decimal (strtod
 * syntax incl. "inf"/"nan" as glibc accepts) or hex "0x..." integer, with leading
 * and trailing whitespace allowed. Returns undefined when not a number.
 */
export function stringToNumber(s: string): number | undefined {
  const z = s.indexOf('\0');
  if (z >= 0) s = s.slice(0, z);
  let i = 0;
  let j = s.length;
  while (i < j && isSpace(s.charCodeAt(i))) i++;
  while (j > i && isSpace(s.charCodeAt(j - 1))) j--;
  if (i === j) return undefined;
  const t = i === 0 && j === s.length ? s : s.slice(i, j);
  if (decRe.test(t)) return +t;
  // hex (glibc strtod accepts C99 hex floats, e.g. "0x10", "0x1.8p1")
  const hm = hexRe.exec(t);
  if (hm !== null && (hm[2].length > 0 || (hm[3] !== undefined && hm[3].length > 0))) {
    let v = 0;
    for (let p = 0; p < hm[2].length; p++) v = v * 16 + hexDigit(hm[2].charCodeAt(p));
    if (hm[3] !== undefined) {
      let sc = 1 / 16;
      for (let p = 0; p < hm[3].length; p++, sc /= 16) v += hexDigit(hm[3].charCodeAt(p)) * sc;
    }
    if (hm[4] !== undefined) v *= Math.pow(2, +hm[4]);
    return hm[1] === '-' ? -v : v;
  }
  // glibc strtod also accepts inf/infinity/nan
  const low = t.toLowerCase();
  let sign = 1;
  let body = low;
  if (low[0] === '-' || low[0] === '+') { sign = low[0] === '-' ? -1 : 1; body = low.slice(1); }
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  if (body === 'nan' || /^nan\([0-9a-z_]*\)$/.test(body)) return sign < 0 ? -NaN : NaN;
  return undefined;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  c |= 32;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Lua truthiness: everything except nil and false is true. */
export function truthy(v: LuaValue): boolean {
  return v !== undefined && v !== false;
}

/**
 * luaL_checkint's conversion on x86-64: truncate to int64 (out of range/NaN give
 * INT64_MIN), then wrap to int32.
 */
export function toInt(n: number): number {
  if (n > -2147483649 && n < 2147483648) return n < 0 ? Math.ceil(n) : Math.floor(n);
  if (!(n > -9223372036854775808 && n < 9223372036854775808)) return 0;
  const t = n < 0 ? Math.ceil(n) : Math.floor(n);
  let w = t % 4294967296;
  if (w < 0) w += 4294967296;
  return w >= 2147483648 ? w - 4294967296 : w;
}
