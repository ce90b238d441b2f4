/**
 * Argument access for the pure library functions, so that they can run both on a
 * host-call stack frame (bindings) and on a plain array (unit tests).
 */
import type { LuaState } from '../state.js';
import type { LuaValue } from '../value.js';

/** Arguments of one library call; `i` is the 1-based Lua argument number. */
export interface ArgSource {
  /** Number of arguments passed. */
  readonly count: number;
  /** luaL_checknumber: raises "bad argument #i to 'f' (number expected, got X)". */
  number(i: number): number;
  /** luaL_checklstring: numbers are converted with "%.14g". */
  string(i: number): string;
  /** The raw value (undefined when absent). */
  value(i: number): LuaValue;
  /** luaL_argerror(L, i, msg). */
  argError(i: number, msg: string): never;
}

/** ArgSource over a host call's stack slots. */
export class StackArgs implements ArgSource {
  constructor(readonly L: LuaState, readonly base: number, readonly count: number) {}
  number(i: number): number {
    return this.L.checkNumber(this.base, this.count, i - 1);
  }
  string(i: number): string {
    return this.L.checkString(this.base, this.count, i - 1);
  }
  value(i: number): LuaValue {
    return i <= this.count ? this.L.stack[this.base + i - 1] : undefined;
  }
  argError(i: number, msg: string): never {
    return this.L.argError(i - 1, msg);
  }
}

/**
 * `(lua_Integer)n` on x86-64 (luaL_checkinteger): truncation toward zero; NaN and values
 * outside [-2^63, 2^63) become -2^63.
 */
export function toLuaInteger(n: number): number {
  if (n !== n || n >= 9223372036854775808 || n < -9223372036854775808) return -9223372036854775808;
  return Math.trunc(n);
}

/** luaL_checkint: `(int)luaL_checkinteger(...)`, i.e. the low 32 bits of the 64-bit cast. */
export function toLuaInt(n: number): number {
  return toLuaInteger(n) | 0;
}

/** luaL_checkinteger(L, i) with 5.1's 64-bit conversion. `i` is 0-based. */
export function checkInteger64(L: LuaState, base: number, nargs: number, i: number): number {
  return toLuaInteger(L.checkNumber(base, nargs, i));
}

/** luaL_optinteger(L, i, def) (64-bit). `i` is 0-based; nil or absent gives `def`. */
export function optInteger64(L: LuaState, base: number, nargs: number, i: number, def: number): number {
  if (i >= nargs || L.stack[base + i] === undefined) return def;
  return toLuaInteger(L.checkNumber(base, nargs, i));
}

/** luaL_checkint(L, i). `i` is 0-based. */
export function checkInt32(L: LuaState, base: number, nargs: number, i: number): number {
  return toLuaInt(L.checkNumber(base, nargs, i));
}

/** luaL_optint(L, i, def). `i` is 0-based. */
export function optInt32(L: LuaState, base: number, nargs: number, i: number, def: number): number {
  if (i >= nargs || L.stack[base + i] === undefined) return def;
  return toLuaInt(L.checkNumber(base, nargs, i));
}
