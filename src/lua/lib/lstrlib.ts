/**
 * The Lua 5.1.5 `string` library bound to a LuaState: byte, char, dump, find, format,
 * gfind (alias of gmatch, LUA_COMPAT_GFIND), gmatch, gsub, len, lower, match, rep,
 * reverse, sub, upper; strings get the metatable {__index = string}.
 *
 * The pattern engine is in lpattern.ts, string.format in strformat.ts. Errors use the
 * engine's argument checks and `L.error` (5.1 texts, with the caller's position).
 */
import type { LuaState } from '../state.js';
import { HostFunction, typeName, type HostFn, type LuaValue } from '../value.js';
import { LuaTable } from '../table.js';
import { LibError } from './errors.js';
import {
  MatchState, ReplTemplate, gmatchStep, posrelat, strFindAux, strGsub, type GsubReplacer,
} from './lpattern.js';
import { strFormat, type FormatArgs } from './strformat.js';
import { numberToString } from './cformat.js';
import { ByteBuffer } from './buffer.js';
import { checkInteger64, optInteger64, checkInt32, optInt32 } from './args.js';

/**
 * Converts a LibError from the pure code into the engine's Lua error (argument errors
 * become "bad argument #n to 'f' (msg)"); anything else is rethrown unchanged.
 */
export function raiseLib(L: LuaState, e: unknown): never {
  if (e instanceof LibError) {
    if (e.argIndex > 0) L.argError(e.argIndex - 1, e.message);
    L.error(e.message);
  }
  throw e;
}

/** Per-state pool of matchers (reentrant: gsub callbacks may call string functions). */
class StrLibContext {
  readonly pool: MatchState[] = [];
  /** One spare output buffer (a nested gsub allocates its own). */
  spare: ByteBuffer | null = new ByteBuffer(1024);
  takeBuffer(): ByteBuffer {
    const b = this.spare;
    if (b !== null) { this.spare = null; return b; }
    return new ByteBuffer(256);
  }
  giveBuffer(b: ByteBuffer): void {
    if (b.buf.length <= (4 << 20)) this.spare = b;
  }
  acquire(): MatchState {
    return this.pool.pop() ?? new MatchState();
  }
  release(ms: MatchState): void {
    ms.src = '';
    ms.pat = '';
    if (this.pool.length < 8) this.pool.push(ms);
  }
}

const toUpper = (m: string): string => m.toUpperCase();
const toLower = (m: string): string => m.toLowerCase();

/** C-locale toupper over a one-byte string (only a-z change). */
function upperAscii(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return s.replace(/[a-z]+/g, toUpper);
  }
  return s;
}

/** C-locale tolower over a one-byte string (only A-Z change). */
function lowerAscii(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return s.replace(/[A-Z]+/g, toLower);
  }
  return s;
}

/** FormatArgs over the current host call's stack slots. */
class StackFormatArgs implements FormatArgs {
  constructor(readonly L: LuaState, readonly base: number, readonly count: number) {}
  number(i: number): number {
    return this.L.checkNumber(this.base, this.count, i - 1);
  }
  string(i: number): string {
    return this.L.checkString(this.base, this.count, i - 1);
  }
  argError(i: number, msg: string): never {
    return this.L.argError(i - 1, msg);
  }
}

/**
 * Registers the `string` library into `L` (global `string`, string metatable).
 * Returns the library table.
 */
export function openStringLib(L: LuaState): LuaTable {
  const ctx = new StrLibContext();

  const str_len: HostFn = (L, base, nargs) => {
    L.push(L.checkString(base, nargs, 0).length);
    return 1;
  };

  const str_sub: HostFn = (L, base, nargs) => {
    const s = L.checkString(base, nargs, 0);
    const l = s.length;
    let start = posrelat(checkInteger64(L, base, nargs, 1), l);
    let end = posrelat(optInteger64(L, base, nargs, 2, -1), l);
    if (start < 1) start = 1;
    if (end > l) end = l;
    L.push(start <= end ? (start === 1 && end === l ? s : s.slice(start - 1, end)) : '');
    return 1;
  };

  const str_reverse: HostFn = (L, base, nargs) => {
    const s = L.checkString(base, nargs, 0);
    if (s.length > 32) {
      L.push(Buffer.from(s, 'latin1').reverse().toString('latin1'));
      return 1;
    }
    let r = '';
    for (let i = s.length - 1; i >= 0; i--) r += s[i];
    L.push(r);
    return 1;
  };

  const str_lower: HostFn = (L, base, nargs) => {
    L.push(lowerAscii(L.checkString(base, nargs, 0)));
    return 1;
  };

  const str_upper: HostFn = (L, base, nargs) => {
    L.push(upperAscii(L.checkString(base, nargs, 0)));
    return 1;
  };

  const str_rep: HostFn = (L, base, nargs) => {
    const s = L.checkString(base, nargs, 0);
    const n = checkInt32(L, base, nargs, 1);
    if (n <= 0 || s.length === 0) { L.push(''); return 1; }
    L.checkAlloc(s.length * n);
    L.push(s.repeat(n));
    return 1;
  };

  const str_byte: HostFn = (L, base, nargs) => {
    const s = L.checkString(base, nargs, 0);
    const l = s.length;
    let posi = posrelat(optInteger64(L, base, nargs, 1, 1), l);
    let pose = posrelat(optInteger64(L, base, nargs, 2, posi), l);
    if (posi <= 0) posi = 1;
    if (pose > l) pose = l;
    if (posi > pose) return 0;
    const n = pose - posi + 1;
    // luaL_checkstack against LUAI_MAXCSTACK (8000 slots above the frame base)
    if (nargs + n > 8000) L.error('stack overflow (string slice too long)');
    for (let i = 0; i < n; i++) L.push(s.charCodeAt(posi + i - 1));
    return n;
  };

  const str_char: HostFn = (L, base, nargs) => {
    let r = '';
    for (let i = 0; i < nargs; i++) {
      const c = checkInt32(L, base, nargs, i);
      if ((c & 255) !== c) L.argError(i, 'invalid value');
      r += String.fromCharCode(c);
    }
    L.push(r);
    return 1;
  };

  const str_dump: HostFn = (L, base, nargs) => {
    const f = L.arg(base, nargs, 0);
    if (typeName(f) !== 'function') L.typeError(base, nargs, 0, 'function');
    return L.error('unable to dump given function');
  };

  const find_aux = (L: LuaState, base: number, nargs: number, find: boolean): number => {
    const s = L.checkString(base, nargs, 0);
    const p = L.checkString(base, nargs, 1);
    const init = optInteger64(L, base, nargs, 2, 1);
    const plain = find && nargs > 3 && L.stack[base + 3] !== undefined && L.stack[base + 3] !== false;
    const ms = ctx.acquire();
    let res: (string | number)[] | null;
    try {
      res = strFindAux(ms, s, p, init, plain, find);
    } catch (e) {
      raiseLib(L, e);
    }
    ctx.release(ms);
    if (res === null) { L.push(undefined); return 1; }
    for (let i = 0; i < res.length; i++) L.push(res[i]);
    return res.length;
  };

  const str_find: HostFn = (L, base, nargs) => find_aux(L, base, nargs, true);
  const str_match: HostFn = (L, base, nargs) => find_aux(L, base, nargs, false);

  const gmatch: HostFn = (L, base, nargs) => {
    const s = L.checkString(base, nargs, 0);
    const p = L.checkString(base, nargs, 1);
    const ms = new MatchState();
    ms.init(s, p);
    ms.prepareFilter(0);
    let pos = 0;
    const out: (string | number)[] = [];
    const iter: HostFn = (L) => {
      out.length = 0;
      let next: number;
      try {
        next = gmatchStep(ms, pos, out);
      } catch (e) {
        raiseLib(L, e);
      }
      if (next < 0) {
        pos = s.length + 1;
        return 0;
      }
      pos = next;
      for (let i = 0; i < out.length; i++) L.push(out[i]);
      return out.length;
    };
    L.push(new HostFunction('gmatch_aux', iter));
    return 1;
  };

  const str_gsub: HostFn = (L, base, nargs) => {
    const src = L.checkString(base, nargs, 0);
    const p = L.checkString(base, nargs, 1);
    const repl = L.arg(base, nargs, 2);
    const tr = typeof repl;
    const maxN = optInt32(L, base, nargs, 3, src.length + 1);
    let rep: ReplTemplate | GsubReplacer;
    if (tr === 'string') rep = new ReplTemplate(repl as string);
    else if (tr === 'number') rep = new ReplTemplate(numberToString(repl as number));
    else {
      const tn = typeName(repl);
      if (tn === 'function') {
        const capBuf: LuaValue[] = [];
        rep = (ms, s, e) => {
          capBuf.length = 0;
          const n = ms.pushCaptures(capBuf as (string | number)[], s, e, true);
          const v = n === 1 ? L.call1(repl, capBuf[0]) : L.callv(repl, capBuf, n);
          return replValue(L, v);
        };
      } else if (tn === 'table') {
        rep = (ms, s, e) => replValue(L, L.index(repl, ms.getCapture(0, s, e)));
      } else {
        return L.argError(2, 'string/function/table expected');
      }
    }
    const ms = ctx.acquire();
    const out = ctx.takeBuffer();
    let n: number;
    try {
      n = strGsub(ms, src, p, rep, maxN, out);
    } catch (e) {
      raiseLib(L, e);
    }
    ctx.release(ms);
    if (out.pos >= 4096) L.checkAlloc(out.pos);
    L.push(n === 0 ? src : out.toString());
    ctx.giveBuffer(out);
    L.push(n);
    return 2;
  };

  const str_format: HostFn = (L, base, nargs) => {
    const fmt = L.checkString(base, nargs, 0);
    let r: string;
    try {
      r = strFormat(fmt, new StackFormatArgs(L, base, nargs));
    } catch (e) {
      raiseLib(L, e);
    }
    if (r.length >= 4096) L.checkAlloc(r.length);
    L.push(r);
    return 1;
  };

  const lib = L.newTable();
  L.register(lib, {
    byte: str_byte,
    char: str_char,
    dump: str_dump,
    find: str_find,
    format: str_format,
    gmatch,
    gsub: str_gsub,
    len: str_len,
    lower: str_lower,
    match: str_match,
    rep: str_rep,
    reverse: str_reverse,
    sub: str_sub,
    upper: str_upper,
  });
  // LUA_COMPAT_GFIND: gfind is gmatch
  lib.setStr('gfind', lib.getStr('gmatch'));
  L.setGlobal('string', lib);
  L.setStringMetatable(lib);
  return lib;
}

/** add_value's check of a function/table replacement result. */
function replValue(L: LuaState, v: LuaValue): string | null {
  if (v === undefined || v === false) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return L.error(`invalid replacement value (a ${typeName(v)})`);
}
