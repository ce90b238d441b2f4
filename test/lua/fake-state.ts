/**
 * A minimal stand-in for LuaState implementing only the host API that src/lua/lib uses,
 * so the library bindings can be unit-tested without the VM. `invoke(fn, args)` calls a
 * host function like the VM would and returns its results; errors are thrown as
 * FakeLuaError with luaL_error-style messages ("user_script:1: " prefix, as when called
 * from line 1 of a script, and the function's registered name in argument errors).
 */
import { LuaTable } from '../../src/lua/table.js';
import { HostFunction, LuaError, typeName, numberToString as coreNumberToString, type LuaValue } from '../../src/lua/value.js';
import { luaStr2Number } from '../../src/lua/lib/strtod.js';
import { numberToString } from '../../src/lua/lib/cformat.js';

void coreNumberToString;

/** Error thrown by the fake state's error helpers. */
export class FakeLuaError {
  constructor(public readonly value: LuaValue) {}
}

export class FakeState {
  stack: LuaValue[] = [];
  globals = new LuaTable();
  stringMeta: LuaTable | null = null;
  /** Name of the host function being invoked (for argument errors). */
  private current = '?';
  prefix = 'user_script:1: ';

  newTable(): LuaTable {
    return new LuaTable();
  }
  register(t: LuaTable, fns: Record<string, (L: FakeState, base: number, nargs: number) => number>): void {
    for (const k of Object.keys(fns)) t.setStr(k, new HostFunction(k, fns[k] as never));
  }
  setGlobal(name: string, v: LuaValue): void {
    this.globals.setStr(name, v);
  }
  getGlobal(name: string): LuaValue {
    return this.globals.getStr(name);
  }
  setStringMetatable(lib: LuaTable): void {
    this.stringMeta = lib;
  }
  push(v: LuaValue): void {
    this.stack.push(v);
  }
  arg(base: number, nargs: number, i: number): LuaValue {
    return i < nargs ? this.stack[base + i] : undefined;
  }
  error(msg: string): never {
    throw new FakeLuaError(this.prefix + msg);
  }
  argError(i: number, msg: string): never {
    return this.error(`bad argument #${i + 1} to '${this.current}' (${msg})`);
  }
  typeError(base: number, nargs: number, i: number, tname: string): never {
    const got = i < nargs ? typeName(this.stack[base + i]) : 'no value';
    return this.argError(i, `${tname} expected, got ${got}`);
  }
  toNumberCoerce(v: LuaValue): number | undefined {
    if (typeof v === 'number') return v;
    if (typeof v === 'string') return luaStr2Number(v);
    return undefined;
  }
  toStringCoerce(v: LuaValue): string | undefined {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return numberToString(v);
    return undefined;
  }
  checkNumber(base: number, nargs: number, i: number): number {
    const n = i < nargs ? this.toNumberCoerce(this.stack[base + i]) : undefined;
    if (n === undefined) return this.typeError(base, nargs, i, 'number');
    return n;
  }
  checkInteger(base: number, nargs: number, i: number): number {
    const n = this.checkNumber(base, nargs, i);
    return n !== n || n >= 2 ** 63 || n < -(2 ** 63) ? 0 : Math.trunc(n);
  }
  optInteger(base: number, nargs: number, i: number, def: number): number {
    if (i >= nargs || this.stack[base + i] === undefined) return def;
    return this.checkInteger(base, nargs, i);
  }
  checkString(base: number, nargs: number, i: number): string {
    const s = i < nargs ? this.toStringCoerce(this.stack[base + i]) : undefined;
    if (s === undefined) return this.typeError(base, nargs, i, 'string');
    return s;
  }
  checkAlloc(_bytes: number): void {}
  index(obj: LuaValue, key: LuaValue): LuaValue {
    return obj instanceof LuaTable ? obj.get(key) : undefined;
  }
  call1(fn: LuaValue, ...args: LuaValue[]): LuaValue {
    return this.invoke(fn, args)[0];
  }
  callv(fn: LuaValue, args: LuaValue[], n: number): LuaValue {
    return this.invoke(fn, args.slice(0, n))[0];
  }

  /** Calls a host function with `args`; returns its results. */
  invoke(fn: LuaValue, args: LuaValue[]): LuaValue[] {
    if (!(fn instanceof HostFunction)) throw new Error('not a host function');
    const base = this.stack.length;
    for (const a of args) this.stack.push(a);
    const saved = this.current;
    this.current = fn.name;
    try {
      const n = (fn.fn as unknown as (L: FakeState, b: number, n: number) => number)(this, base, args.length);
      const res = this.stack.slice(this.stack.length - n);
      return res;
    } catch (e) {
      if (e instanceof LuaError) throw new FakeLuaError(e.value);
      throw e;
    } finally {
      this.current = saved;
      this.stack.length = base;
    }
  }

  /** Looks up `lib.name` in the globals and invokes it. */
  lib(lib: string, name: string, ...args: LuaValue[]): LuaValue[] {
    const t = this.globals.getStr(lib) as LuaTable;
    return this.invoke(t.getStr(name), args);
  }
}
