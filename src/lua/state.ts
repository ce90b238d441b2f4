/**
 * LuaState: one Lua 5.1 universe (globals, threads, memory account) and the
 * bytecode VM. Lua->Lua calls, pcall/xpcall and coroutine switches never use JS
 * recursion, so a running script can be suspended between any two instructions
 * (instruction budget) and resumed later, or aborted uncatchably.
 * Host->Lua calls (metamethod functions, `L.call` from host functions) run a
 * nested VM loop (counted against the 200 C-level limit).
 */
import {
  Box, CallInfo, Coroutine, HostFunction, LuaAbort, LuaClosure, LuaError, LuaUserdata,
  HOST_PCALL, HOST_RESUME, HOST_WRAP, HOST_XPCALL, HOST_YIELD,
  luaPow, numberToString, stringToNumber, toInt, typeName, type HostFn, type LuaValue,
} from './value.js';
import { openStdlib } from './stdlib.js';
import { getHeapStatistics } from 'node:v8';
import { LuaTable, MemAccount } from './table.js';
import { parse, chunkId } from './parser.js';
import { compile, type Proto } from './compiler.js';
import * as O from './opcodes.js';

// Module-local aliases: some loaders (tsx/esbuild) turn imported bindings into
// getter calls, which would sit on the VM's hottest paths.
const LuaTableC = LuaTable;
const LuaClosureC = LuaClosure;
const HostFunctionC = HostFunction;
const BoxC = Box;
const CallInfoC = CallInfo;
const numberToStringF = numberToString;
const luaPowF = luaPow;
const F_FRESH = 1; // CIST_FRESH
const F_PCALL = 2; // CIST_PCALL
const F_COBASE = 4; // CIST_COBASE
const K_NORMAL = 0; // HOST_NORMAL


/** Internal runtime error: position (and variable name) is added by the VM loop. */
export class RtError {
  constructor(
    public msg: string,
    /** Operand slot in the instruction's debug names, -1 = none. */
    public slot = -1,
    /** For type errors: the offending value's type name; '' = plain message. */
    public tname = '',
  ) {}
}

/** Options for {@link LuaState}. */
export interface LuaStateOptions {
  /**
   * Approximate memory cap in bytes. Absent: an eighth of the V8 heap limit, at most
   * 512 MiB. 0: unlimited (a script can then exhaust the process heap).
   */
  memoryLimit?: number;
  /** Output sink for `print` (one call per line, without "\n"). Default: stdout. */
  print?: (line: string) => void;
  /** Initial seed of math.random's generator (default 0). */
  seed?: number;
}

/** Result of {@link LuaState.start}/{@link LuaState.resume}/{@link LuaState.abort}. */
export type RunResult =
  | { status: 'ok'; values: LuaValue[] }
  | { status: 'error'; error: LuaValue; aborted: boolean }
  | { status: 'suspended' };

const MAXCALLS = 20000;
const MAXCCALLS = 200;
const SLICE = 16384;
const EMPTY: LuaValue[] = [];
const SUSPENDED = 1;

/**
 * One Lua universe. See API.md for the host API. Not thread-safe; one script runs at
 * a time (start/resume), host calls (call/call1) may nest inside it.
 */
export class LuaState {
  /** The globals table (_G). */
  globals: LuaTable;
  /** Memory account shared by all tables of this state. */
  mem = new MemAccount();
  /** Approximate memory cap in bytes (0 = none). */
  memoryLimit: number;
  /** Debt above which the live set is re-measured. */
  private gcThreshold: number;
  /** Live bytes measured at the last walk. */
  liveBytes = 0;
  private walkGen = 1;

  /** Main thread. */
  mainThread: Coroutine;
  /** Currently running thread. */
  th: Coroutine;
  /** Current thread's stack (host functions read arguments here). */
  stack: LuaValue[];
  /** First free slot of the current thread's stack (host pushes go here). */
  top = 0;
  /** Nesting depth of VM loops (C levels). */
  nest = 0;
  /**
   * Where the last Lua error was raised: the raw chunk name ({@link Proto.chunkname}) and
   * line of the innermost Lua function running when it was thrown (for a host function's
   * error, its Lua caller), as Redis's script error handler reads them with
   * `debug.getinfo(2 or 3, 'Sl')`. Set on every raise, caught or not; '' / -1 before any.
   */
  errorSource = '';
  /** The line of {@link errorSource}'s raise point, -1 before any error. */
  errorLine = -1;
  /** True when the running host function was called directly by a Lua frame. */
  ccallDirect = false;

  /** Shared metatable of strings (its __index is the string library). */
  stringMeta: LuaTable | null = null;
  /** Output sink for print. */
  printFn: (line: string) => void;

  // ---- budget / suspension
  /** Instructions executed so far (approximate: counted per slice). */
  instructionCount = 0;
  private hostBudget = Infinity;
  private suspendable = false;
  /** True while a script started with start() is suspended. */
  suspended = false;
  private running = false;
  private abortMsg: string | null = null;
  /** `top` at the moment of suspension (restored by resume). */
  private suspendedTop = 0;
  /**
   * Main-thread stack slots [0, stackHigh) may hold values written since the last scrub
   * beyond what the frames used in the run cover (host results, varargs, ensureStack);
   * scrubMain() clears only that much (plus the frames' registers).
   */
  private stackHigh = 0;
  /** Runs since the last full scrub of the main stack (a periodic safety net). */
  private scrubRuns = 0;
  /** Message used when onNestedBudget requests an abort. */
  abortMessage = 'Script aborted';
  /**
   * Called when the budget runs out inside a nested (non-suspendable) VM loop.
   * Return true to abort the script (uncatchable, with `abortMessage`).
   */
  onNestedBudget: (() => boolean) | null = null;

  // ---- random (Redis-compatible lrand48)
  private randHi = 0;
  private randLo = 0;

  /** Base library functions the VM special-cases. */
  nextFn!: HostFunction;
  ipairsIter!: HostFunction;
  private trampoline!: LuaClosure;

  constructor(opts: LuaStateOptions = {}) {
    // default cap: an eighth of the V8 heap (at most 512 MiB; the estimate undercounts
    // V8's real usage by ~2x) so no script can take the process down; 0 = unlimited
    this.memoryLimit = opts.memoryLimit ?? Math.min(512 << 20, Math.floor(getHeapStatistics().heap_size_limit / 8));
    this.gcThreshold = this.memoryLimit > 0 ? this.memoryLimit / 4 : Infinity;
    this.printFn = opts.print ?? ((line: string) => { process.stdout.write(Buffer.from(line + '\n', 'latin1')); });
    this.globals = new LuaTableC(this.mem);
    this.mainThread = new Coroutine(undefined);
    this.mainThread.status = 'running';
    this.mainThread.started = true;
    this.th = this.mainThread;
    this.stack = this.mainThread.stack;
    for (let i = 0; i < 256; i++) this.stack.push(undefined);
    this.seedRandom(opts.seed ?? 0);
    openStdlib(this);
    this.trampoline = this.call(this.loadHidden('return function(f, ...) return f(...) end', '=trampoline'))[0] as LuaClosure;
  }

  // =================================================================== host API

  /** Creates a table accounted against this state's memory cap. */
  newTable(): LuaTable {
    return new LuaTableC(this.mem);
  }

  /** Wraps a JS function as a Lua function value. */
  newFunction(name: string, fn: HostFn): HostFunction {
    return new HostFunction(name, fn);
  }

  /** Registers host functions into `t` (raw sets). */
  register(t: LuaTable, fns: Record<string, HostFn>): void {
    for (const name of Object.keys(fns)) t.set(name, new HostFunction(name, fns[name]));
  }

  setGlobal(name: string, v: LuaValue): void {
    this.globals.set(name, v);
  }

  getGlobal(name: string): LuaValue {
    return this.globals.get(name);
  }

  /** Sets the metatable shared by all strings to {__index = lib}. */
  setStringMetatable(lib: LuaTable): void {
    const mt = this.newTable();
    mt.set('__index', lib);
    this.stringMeta = mt;
  }

  /** Pushes a result value (host functions). */
  push(v: LuaValue): void {
    const s = this.stack;
    const t = this.top;
    if (t < s.length) s[t] = v;
    else s.push(v);
    this.top = t + 1;
  }

  /** Argument i (0-based) or undefined when absent. */
  arg(base: number, nargs: number, i: number): LuaValue {
    return i < nargs ? this.stack[base + i] : undefined;
  }

  /** Reseeds math.random (Redis redisSrand48 semantics). */
  seedRandom(seed: number): void {
    // x = (seed << 16) | 0x330E, 48-bit; kept as hi (upper 24 bits) / lo (lower 24 bits)
    const s = Math.trunc(seed) >>> 0;
    const x = s * 65536 + 0x330e; // < 2^48
    this.randHi = Math.floor(x / 0x1000000) % 0x1000000;
    this.randLo = x % 0x1000000;
  }

  /** Next lrand48 value (31 bits), Redis redisLrand48. */
  lrand48(): number {
    // x = a*x + c mod 2^48, a = 0x5DEECE66D, c = 0xB
    const aHi = 0x5de; // a = aHi * 2^24 + aLo
    const aLo = 0xece66d;
    const lo = this.randLo;
    const hi = this.randHi;
    const p0 = lo * aLo + 0xb; // < 2^48 + 11
    const lo2 = p0 % 0x1000000;
    const carry = Math.floor(p0 / 0x1000000);
    const hi2 = (carry + ((hi * aLo) % 0x1000000) + ((lo * aHi) % 0x1000000)) % 0x1000000;
    this.randLo = lo2;
    this.randHi = hi2;
    // x >> 17 = hi2 * 2^7 + (lo2 >> 17)
    return hi2 * 128 + Math.floor(lo2 / 131072);
  }

  // ---- argument checking (luaL_check* with 5.1 messages)

  /** Raises "bad argument #i+1 to 'name' (extramsg)" like luaL_argerror. */
  argError(i: number, extramsg: string): never {
    let narg = i + 1;
    let name = '?';
    let method = false;
    if (this.ccallDirect && !this.inTrampoline()) {
      const d = this.callSiteName();
      if (d !== null) {
        name = d.name;
        method = d.kind === 'method';
      }
    }
    if (method) {
      narg--;
      if (narg === 0) this.error(`calling '${name}' on bad self (${extramsg})`);
    }
    this.error(`bad argument #${narg} to '${name}' (${extramsg})`);
  }

  /** Raises the "X expected, got Y" argument error. */
  typeError(base: number, nargs: number, i: number, expected: string): never {
    const got = i < nargs ? typeName(this.stack[base + i]) : 'no value';
    this.argError(i, `${expected} expected, got ${got}`);
  }

  checkAny(base: number, nargs: number, i: number): LuaValue {
    if (i >= nargs) this.argError(i, 'value expected');
    return this.stack[base + i];
  }

  checkTable(base: number, nargs: number, i: number): LuaTable {
    const v = i < nargs ? this.stack[base + i] : undefined;
    if (v instanceof LuaTableC) return v;
    this.typeError(base, nargs, i, 'table');
  }

  checkString(base: number, nargs: number, i: number): string {
    const v = i < nargs ? this.stack[base + i] : undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return numberToStringF(v);
    this.typeError(base, nargs, i, 'string');
  }

  checkNumber(base: number, nargs: number, i: number): number {
    const v = i < nargs ? this.stack[base + i] : undefined;
    if (typeof v === 'number') return v;
    if (typeof v === 'string') {
      const n = stringToNumber(v);
      if (n !== undefined) return n;
    }
    this.typeError(base, nargs, i, 'number');
  }

  /** luaL_checkint: number truncated toward zero (C cast). */
  checkInteger(base: number, nargs: number, i: number): number {
    const n = this.checkNumber(base, nargs, i);
    return toInt(n);
  }

  optString(base: number, nargs: number, i: number, def: string): string {
    const v = i < nargs ? this.stack[base + i] : undefined;
    if (v === undefined) return def;
    return this.checkString(base, nargs, i);
  }

  optNumber(base: number, nargs: number, i: number, def: number): number {
    const v = i < nargs ? this.stack[base + i] : undefined;
    if (v === undefined) return def;
    return this.checkNumber(base, nargs, i);
  }

  optInteger(base: number, nargs: number, i: number, def: number): number {
    const v = i < nargs ? this.stack[base + i] : undefined;
    if (v === undefined) return def;
    return this.checkInteger(base, nargs, i);
  }

  /**
   * Raises a Lua error with message `msg` prefixed by the position of the Lua code
   * that called the running host function (luaL_error semantics).
   */
  error(msg: string): never {
    throw new LuaError(this.where(1) + msg);
  }

  /** luaL_where(level): "chunk:line: " of the given call level, or ''. */
  where(level: number): string {
    const f = this.frameAt(level);
    return f === null || f === 'C' ? '' : this.framePos(f);
  }

  /**
   * The Lua frame at call level `level` (1 = the caller of the running host
   * function), 'C' when that level is a host function or a tail-call gap, or null
   * when there is no such level.
   */
  frameAt(level: number): CallInfo | 'C' | null {
    if (level <= 0) return null;
    const direct = this.ccallDirect && !this.inTrampoline();
    const th = this.th;
    let i = th.depth - 1;
    if (!direct && level === 1) return 'C';
    let l = direct ? level - 1 : level - 2;
    if (!direct && i >= 0 && th.frames[i].cl === this.trampoline) i--;
    while (l > 0) {
      if (i < 0) return null;
      const f = th.frames[i];
      l -= f.tailcalls;
      if (l <= 0) return 'C';
      if (f.flags & (F_FRESH | F_PCALL | F_COBASE)) {
        l--;
        if (l === 0) return 'C';
      }
      i--;
      l--;
    }
    if (i < 0) return null;
    return th.frames[i];
  }

  /** True when the running host function was called by the internal trampoline. */
  private inTrampoline(): boolean {
    const th = this.th;
    return th.depth > 0 && th.frames[th.depth - 1].cl === this.trampoline;
  }

  private framePos(ci: CallInfo): string {
    const cl = ci.cl;
    if (cl === null) return '';
    const p = cl.p;
    const idx = (ci.pc >> 2) - 1;
    const line = p.lines[idx < 0 ? 0 : idx];
    return `${p.source}:${line}: `;
  }

  /** Name of the function called by the current CALL instruction of the top frame. */
  private callSiteName(): { kind: string; name: string } | null {
    const th = this.th;
    if (th.depth === 0) return null;
    const ci = th.frames[th.depth - 1];
    if (ci.cl === null) return null;
    const idx = (ci.pc >> 2) - 1;
    const p = ci.cl.p;
    const op = p.code[idx * 4];
    if (op !== O.OP_CALL && op !== O.OP_TAILCALL) return null;
    const d = p.dbg[idx];
    if (d === undefined || d[0] === '') return null;
    const m = /^(\w+) '(.*)'$/.exec(d[0]);
    if (m === null) return null;
    return { kind: m[1], name: m[2] };
  }

  /** Throws "not enough memory" if allocating `bytes` would exceed the cap; charges them. */
  checkAlloc(bytes: number): void {
    if (this.memoryLimit > 0) {
      if (bytes > this.memoryLimit) throw new LuaError('not enough memory');
      this.mem.debt += bytes;
      if (this.mem.debt > this.gcThreshold) {
        this.measureMemory();
        if (this.liveBytes + bytes > this.memoryLimit) throw new LuaError('not enough memory');
      }
    } else if (bytes > 0x1fffffe8) {
      throw new LuaError('not enough memory');
    }
  }

  // ---- conversions with metamethods (host-safe: errors carry no position)

  /** Lua tostring (with __tostring). */
  tostring(v: LuaValue): string {
    switch (typeof v) {
      case 'string': return v;
      case 'number': return numberToStringF(v);
      case 'boolean': return v ? 'true' : 'false';
      case 'undefined': return 'nil';
    }
    const mt = this.getMetatable(v);
    if (mt !== null) {
      const tm = mt.getStr('__tostring');
      if (tm !== undefined) {
        const r = this.call1(tm, v);
        if (typeof r === 'string') return r;
        if (typeof r === 'number') return numberToStringF(r);
        throw new LuaError("'__tostring' must return a string");
      }
    }
    return `${typeName(v)}: ${this.addressOf(v)}`;
  }

  /** Fake but stable address used by tostring ("0x..."). */
  addressOf(v: LuaValue): string {
    const o = v as { id: number };
    if (o.id === 0) o.id = ++this.mem.idSeq;
    return '0x' + (0x55550000 + o.id * 32).toString(16).padStart(8, '0');
  }

  /** String or number to string (lua_tolstring), else undefined. */
  toStringCoerce(v: LuaValue): string | undefined {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return numberToStringF(v);
    return undefined;
  }

  /** Number or numeric string to number, else undefined. */
  toNumberCoerce(v: LuaValue): number | undefined {
    if (typeof v === 'number') return v;
    if (typeof v === 'string') return stringToNumber(v);
    return undefined;
  }

  /** Metatable of any value (strings share stringMeta). */
  getMetatable(v: LuaValue): LuaTable | null {
    if (v instanceof LuaTableC) return v.metatable;
    if (typeof v === 'string') return this.stringMeta;
    if (v instanceof LuaUserdata) return v.metatable;
    return null;
  }

  /** `obj[key]` with metamethods (host API). */
  index(obj: LuaValue, key: LuaValue): LuaValue {
    try {
      return this.vmIndex(obj, key, -1);
    } catch (e) {
      throw hostErr(e);
    }
  }

  /** `obj[key] = v` with metamethods (host API). */
  setIndex(obj: LuaValue, key: LuaValue, v: LuaValue): void {
    try {
      this.vmSetIndex(obj, key, v, -1);
    } catch (e) {
      throw hostErr(e);
    }
  }

  /** `a == b` with __eq (host API). */
  equals(a: LuaValue, b: LuaValue): boolean {
    if (a === b) return true;
    try {
      return this.eqMeta(a, b);
    } catch (e) {
      throw hostErr(e);
    }
  }

  /** `a < b` with __lt (host API). Raises "attempt to compare ..." without position. */
  lessThan(a: LuaValue, b: LuaValue): boolean {
    if (typeof a === 'number' && typeof b === 'number') return a < b;
    if (typeof a === 'string' && typeof b === 'string') return a < b;
    try {
      return this.lessThanMeta(a, b);
    } catch (e) {
      throw hostErr(e);
    }
  }

  // ---- loading and calling

  /**
   * Compiles `source` as a chunk named `chunkname` (5.1 conventions: "@file",
   * "=name", otherwise the source itself). Returns the main function.
   * Raises LuaError with the syntax error message.
   */
  load(source: string, chunkname: string = source): LuaClosure {
    // 5.1 formats chunk names with MAXSRC (80) in compile errors and LUA_IDSIZE (60)
    // in runtime error positions
    const cid = chunkId(chunkname, 80);
    let p: Proto;
    try {
      const ast = parse(source, cid);
      p = compile(ast, chunkId(chunkname, 60), cid, chunkname);
    } catch (e) {
      if (e instanceof LuaError) throw e;
      if (e instanceof RangeError) throw new LuaError(`${cid}: chunk has too many syntax levels`);
      throw e;
    }
    return new LuaClosureC(p, [], this.globals);
  }

  /**
   * {@link load} for host glue written in Lua: its functions are marked {@link Proto.hidden},
   * so an error raised inside them is recorded at their Lua caller ({@link errorSource}),
   * as for a C function.
   */
  loadHidden(source: string, chunkname: string): LuaClosure {
    const cl = this.load(source, chunkname);
    const mark = (p: Proto): void => {
      p.hidden = true;
      for (const q of p.protos) mark(q);
    };
    mark(cl.p);
    return cl;
  }

  /** Calls `fn` with `args` synchronously; returns all results. Errors throw LuaError. */
  call(fn: LuaValue, args: readonly LuaValue[] = EMPTY): LuaValue[] {
    const top0 = this.top;
    const fi = top0;
    const n = args.length;
    this.ensureStack(fi + n + 2);
    const s = this.stack;
    s[fi] = fn;
    for (let i = 0; i < n; i++) s[fi + 1 + i] = args[i];
    try {
      this.callAt(fi, n, -1);
      const r = this.stack.slice(fi, this.top);
      return r;
    } catch (e) {
      throw hostErr(e);
    } finally {
      this.top = top0;
    }
  }

  /** Calls `fn(a, b)` and returns its first result. */
  call1(fn: LuaValue, a?: LuaValue, b?: LuaValue): LuaValue {
    const top0 = this.top;
    this.ensureStack(top0 + 4);
    const s = this.stack;
    s[top0] = fn;
    s[top0 + 1] = a;
    s[top0 + 2] = b;
    try {
      this.callAt(top0, 2, 1);
      return this.stack[top0];
    } catch (e) {
      throw hostErr(e);
    } finally {
      this.top = top0;
    }
  }

  /** Internal: `fn(a, b)` first result, errors propagate unconverted (VM slow paths). */
  metaCall1(fn: LuaValue, a: LuaValue, b: LuaValue): LuaValue {
    const top0 = this.top;
    this.ensureStack(top0 + 4);
    const s = this.stack;
    s[top0] = fn;
    s[top0 + 1] = a;
    s[top0 + 2] = b;
    try {
      this.callAt(top0, 2, 1);
      return this.stack[top0];
    } finally {
      this.top = top0;
    }
  }

  /** Calls `fn(args[0..nargs-1])` and returns its first result. */
  callv(fn: LuaValue, args: readonly LuaValue[], nargs: number = args.length): LuaValue {
    const top0 = this.top;
    this.ensureStack(top0 + nargs + 2);
    const s = this.stack;
    s[top0] = fn;
    for (let i = 0; i < nargs; i++) s[top0 + 1 + i] = args[i];
    try {
      this.callAt(top0, nargs, 1);
      return this.stack[top0];
    } catch (e) {
      throw hostErr(e);
    } finally {
      this.top = top0;
    }
  }

  /** Makes sure stack[0..n-1] exist (keeps the array packed). */
  ensureStack(n: number): void {
    if (n > this.stackHigh) this.stackHigh = n;
    const s = this.stack;
    while (s.length < n) s.push(undefined);
  }

  // ---- budgeted runs

  /**
   * Starts running `fn(...args)` as the main script with an instruction budget
   * (Infinity = none). Returns 'ok' with results, 'error' with the Lua error value,
   * or 'suspended' (call resume() or abort() later).
   */
  start(fn: LuaValue, args: readonly LuaValue[] = EMPTY, budget = Infinity): RunResult {
    if (this.suspended || this.running) throw new Error('LuaState: a script is already running or suspended');
    const th = this.mainThread;
    this.th = th;
    this.stack = th.stack;
    this.top = 0;
    th.depth = 0;
    this.abortMsg = null;
    const n = args.length;
    this.ensureStack(n + 2);
    const s = this.stack;
    s[0] = fn;
    for (let i = 0; i < n; i++) s[1 + i] = args[i];
    this.hostBudget = budget;
    this.running = true;
    try {
      if (this.precall(0, n, -1, false, false) === 0) {
        return this.finishOk();
      }
      th.frames[th.depth - 1].flags |= F_FRESH;
      return this.runRoot();
    } catch (e) {
      return this.finishErr(e);
    }
  }

  /** Continues a suspended script with a new budget. */
  resume(budget = Infinity): RunResult {
    if (!this.suspended) throw new Error('LuaState: no suspended script');
    this.suspended = false;
    this.running = true;
    this.hostBudget = budget;
    this.top = this.suspendedTop;
    try {
      return this.runRoot();
    } catch (e) {
      return this.finishErr(e);
    }
  }

  /**
   * Aborts a suspended script (e.g. SCRIPT KILL): returns `{status: 'error', error:
   * msg, aborted: true}`. Lua code cannot intercept it. Called from host code while
   * the script runs (a host function or hook), it throws LuaAbort, which ends the
   * script the same way (start/resume then return that result).
   */
  abort(msg: string): RunResult {
    if (this.running) throw new LuaAbort(msg);
    if (!this.suspended) throw new Error('LuaState: no suspended script');
    this.suspended = false;
    this.resetThreads();
    return { status: 'error', error: msg, aborted: true };
  }

  /** Requests an abort of the running script at the next slice boundary. */
  requestAbort(msg: string): void {
    this.abortMsg = msg;
  }

  private runRoot(): RunResult {
    this.suspendable = true;
    let r: number;
    try {
      r = this.execute(this.mainThread, 0);
    } finally {
      this.suspendable = false;
    }
    if (r === SUSPENDED) {
      this.running = false;
      this.suspended = true;
      return { status: 'suspended' };
    }
    return this.finishOk();
  }

  private finishOk(): RunResult {
    const values = this.mainThread.stack.slice(0, this.top);
    this.running = false;
    this.top = 0;
    this.mainThread.depth = 0;
    this.hostBudget = Infinity;
    this.scrubMain();
    return { status: 'ok', values };
  }

  /**
   * Drops references left in the main thread's stack and frames after a run. Only the
   * part a run can have written is cleared: the registers of the frames it used (frame
   * slots are reused from the bottom, so they are the prefix whose `cl` is set) and
   * [0, stackHigh); every 256 runs, and after deep runs, the whole stack.
   */
  private scrubMain(): void {
    const th = this.mainThread;
    if (th.depth !== 0) return;
    const stack = th.stack;
    const frames = th.frames;
    let end = this.stackHigh;
    let i = 0;
    for (; i < frames.length; i++) {
      const f = frames[i];
      const cl = f.cl;
      if (cl === null) break;
      const e = f.base + cl.p.maxStack + 4;
      if (e > end) end = e;
      f.cl = null;
      f.varargs = null;
      f.handler = undefined;
    }
    this.stackHigh = 0;
    if (++this.scrubRuns >= 256 || stack.length > 1024 || frames.length > 64) {
      this.scrubRuns = 0;
      // shrink after deep runs so later runs do not pay for clearing a huge stack
      if (stack.length > 1024) stack.length = 1024;
      if (frames.length > 64) frames.length = 64;
      end = stack.length;
      for (; i < frames.length; i++) {
        const f = frames[i];
        f.cl = null;
        f.varargs = null;
        f.handler = undefined;
      }
    }
    if (end > stack.length) end = stack.length;
    for (let j = 0; j < end; j++) stack[j] = undefined;
  }

  private finishErr(e: unknown): RunResult {
    this.running = false;
    this.suspended = false;
    this.hostBudget = Infinity;
    this.resetThreads();
    if (e instanceof LuaAbort) return { status: 'error', error: e.message, aborted: true };
    const he = hostErr(e);
    return { status: 'error', error: he.value, aborted: false };
  }

  private resetThreads(): void {
    // mark coroutines on the active chain dead
    let t: Coroutine | null = this.th;
    while (t !== null && t !== this.mainThread) {
      t.status = 'dead';
      t.depth = 0;
      const r: Coroutine | null = t.resumer;
      t.resumer = null;
      t = r;
    }
    this.th = this.mainThread;
    this.stack = this.mainThread.stack;
    this.mainThread.depth = 0;
    this.mainThread.status = 'running';
    this.top = 0;
    this.nest = 0;
    this.abortMsg = null;
    this.scrubMain();
  }

  // =================================================================== memory

  /** Re-measures live memory if the allocation debt is large; raises "not enough memory". */
  checkMemory(): void {
    if (this.memoryLimit <= 0) {
      this.mem.debt = 0;
      return;
    }
    this.measureMemory();
    if (this.liveBytes > this.memoryLimit) throw new LuaError('not enough memory');
  }

  /** Walks everything reachable from the roots and sets liveBytes. */
  measureMemory(): void {
    const gen = ++this.walkGen;
    let bytes = 0;
    const work: LuaValue[] = [this.globals];
    if (this.stringMeta !== null) work.push(this.stringMeta);
    const threads: Coroutine[] = [this.mainThread];
    let t: Coroutine | null = this.th;
    while (t !== null) { threads.push(t); t = t.resumer; }
    const visitThread = (co: Coroutine): void => {
      let lim = co === this.th ? this.top : co.top;
      for (let i = 0; i < co.depth; i++) {
        const f = co.frames[i];
        if (f.cl !== null) {
          work.push(f.cl);
          const e = f.base + f.cl.p.maxStack;
          if (e > lim) lim = e;
          if (f.varargs !== null) for (const v of f.varargs) work.push(v);
        }
      }
      if (lim > co.stack.length) lim = co.stack.length;
      bytes += 64 + lim * 8;
      for (let i = 0; i < lim; i++) {
        const v = co.stack[i];
        if (typeof v === 'object') work.push(v);
        else if (typeof v === 'string') bytes += 24 + v.length;
      }
      if (co.fn !== undefined) work.push(co.fn);
    };
    for (const co of threads) { if (co.mark !== gen) { co.mark = gen; visitThread(co); } }
    while (work.length > 0) {
      const v = work.pop();
      if (typeof v === 'string') { bytes += 24 + v.length; continue; }
      if (v instanceof LuaTableC) {
        if (v.mark === gen) continue;
        v.mark = gen;
        bytes += 160 + v.ap.length * 16 + v.nodeSize() * 64;
        for (const x of v.ap) {
          if (typeof x === 'string') bytes += 24 + x.length;
          else if (typeof x === 'object') work.push(x);
        }
        v.forEachNode((kk, x) => {
          if (typeof kk === 'string') bytes += 24 + kk.length;
          else if (typeof kk === 'object') work.push(kk);
          if (typeof x === 'string') bytes += 24 + x.length;
          else if (typeof x === 'object') work.push(x);
        });
        if (v.metatable !== null) work.push(v.metatable);
      } else if (v instanceof LuaClosureC) {
        if (v.mark === gen) continue;
        v.mark = gen;
        bytes += 64 + v.upvals.length * 24;
        for (const b of v.upvals) {
          const x = b.v;
          if (typeof x === 'string') bytes += 24 + x.length;
          else if (typeof x === 'object') work.push(x);
        }
      } else if (v instanceof Coroutine) {
        if (v.mark === gen) continue;
        v.mark = gen;
        visitThread(v);
      } else if (v instanceof Box) {
        const x = v.v;
        if (typeof x === 'string') bytes += 24 + x.length;
        else if (typeof x === 'object') work.push(x);
      }
    }
    this.liveBytes = bytes;
    this.mem.debt = 0;
    const room = this.memoryLimit - bytes;
    this.gcThreshold = Math.max(room, this.memoryLimit / 8);
  }

  // =================================================================== VM helpers

  /** Lua `==` slow path (__eq for two tables/userdata). */
  eqMeta(a: LuaValue, b: LuaValue): boolean {
    if (a === b) return true;
    let mta: LuaTable | null;
    let mtb: LuaTable | null;
    if (a instanceof LuaTableC && b instanceof LuaTableC) { mta = a.metatable; mtb = b.metatable; }
    else if (a instanceof LuaUserdata && b instanceof LuaUserdata) { mta = a.metatable; mtb = b.metatable; }
    else return false;
    if (mta === null || mtb === null) return false;
    const tm1 = mta.getStr('__eq');
    if (tm1 === undefined) return false;
    const tm2 = mta === mtb ? tm1 : mtb.getStr('__eq');
    if (tm1 !== tm2) return false;
    return truthy(this.metaCall1(tm1, a, b));
  }

  private orderError(a: LuaValue, b: LuaValue): never {
    const t1 = typeName(a);
    const t2 = typeName(b);
    if (t1 === t2) throw new RtError(`attempt to compare two ${t1} values`);
    throw new RtError(`attempt to compare ${t1} with ${t2}`);
  }

  private orderTM(a: LuaValue, b: LuaValue, ev: string): LuaValue {
    const m1 = this.getMetatable(a);
    const tm1 = m1 === null ? undefined : m1.getStr(ev);
    if (tm1 === undefined) return undefined;
    const m2 = this.getMetatable(b);
    const tm2 = m2 === null ? undefined : m2.getStr(ev);
    if (tm1 !== tm2) return undefined;
    return tm1;
  }

  /** Lua `<` slow path. */
  lessThanMeta(a: LuaValue, b: LuaValue): boolean {
    const ta = typeof a;
    if (ta !== typeof b || typeName(a) !== typeName(b)) this.orderError(a, b);
    if (ta === 'number') return (a as number) < (b as number);
    if (ta === 'string') return (a as string) < (b as string);
    const tm = this.orderTM(a, b, '__lt');
    if (tm === undefined) this.orderError(a, b);
    return truthy(this.metaCall1(tm, a, b));
  }

  /** Lua `<=` slow path (falls back to not (b < a) via __lt). */
  lessEqualMeta(a: LuaValue, b: LuaValue): boolean {
    const ta = typeof a;
    if (ta !== typeof b || typeName(a) !== typeName(b)) this.orderError(a, b);
    if (ta === 'number') return (a as number) <= (b as number);
    if (ta === 'string') return (a as string) <= (b as string);
    let tm = this.orderTM(a, b, '__le');
    if (tm !== undefined) return truthy(this.metaCall1(tm, a, b));
    tm = this.orderTM(b, a, '__lt');
    if (tm !== undefined) return !truthy(this.metaCall1(tm, b, a));
    this.orderError(a, b);
  }

  /** Arithmetic slow path: string coercion, then metamethods. op: OP_ADD..OP_POW, OP_UNM. */
  arith(op: number, a: LuaValue, b: LuaValue): LuaValue {
    const x = typeof a === 'number' ? a : typeof a === 'string' ? stringToNumber(a) : undefined;
    const y = typeof b === 'number' ? b : typeof b === 'string' ? stringToNumber(b) : undefined;
    if (x !== undefined && y !== undefined) return arithNum(op, x, y);
    const ev = ARITH_EVENTS[op];
    let tm: LuaValue = undefined;
    const m1 = this.getMetatable(a);
    if (m1 !== null) tm = m1.getStr(ev);
    if (tm === undefined) {
      const m2 = this.getMetatable(b);
      if (m2 !== null) tm = m2.getStr(ev);
    }
    if (tm === undefined) {
      const bad = x === undefined ? a : b;
      throw new RtError('perform arithmetic on', x === undefined ? 0 : 1, typeName(bad));
    }
    return this.metaCall1(tm, a, b);
  }

  /** `#v` slow path. */
  len(v: LuaValue): LuaValue {
    if (typeof v === 'string') return v.length;
    if (v instanceof LuaTableC) return v.length();
    const mt = this.getMetatable(v);
    const tm = mt === null ? undefined : mt.getStr('__len');
    if (tm === undefined) throw new RtError('get length of', 0, typeName(v));
    return this.metaCall1(tm, v, undefined);
  }

  /** CONCAT of stack[from..to] (absolute), with metamethods. */
  concat(from: number, to: number): LuaValue {
    const s = this.stack;
    let top = to; // index of last operand
    let val: LuaValue = s[top];
    // work on a private copy so registers stay intact for error naming
    const vals = s.slice(from, to + 1);
    let n = vals.length;
    val = vals[n - 1];
    while (n > 1) {
      const a = vals[n - 2];
      const b = val;
      const as = typeof a === 'string' || typeof a === 'number';
      const bs = typeof b === 'string' || typeof b === 'number';
      if (as && bs) {
        // collect as many string/number operands as possible
        let j = n - 2;
        while (j > 0 && (typeof vals[j - 1] === 'string' || typeof vals[j - 1] === 'number')) j--;
        let str = '';
        for (let i = j; i < n - 1; i++) {
          const x = vals[i];
          str += typeof x === 'string' ? x : numberToStringF(x as number);
        }
        str += typeof b === 'string' ? b : numberToStringF(b as number);
        if (this.memoryLimit > 0) this.checkAlloc(str.length + 24);
        val = str;
        n = j + 1;
      } else {
        const mt1 = this.getMetatable(a);
        let tm = mt1 === null ? undefined : mt1.getStr('__concat');
        if (tm === undefined) {
          const mt2 = this.getMetatable(b);
          tm = mt2 === null ? undefined : mt2.getStr('__concat');
        }
        if (tm === undefined) {
          const badIdx = as ? n - 1 : n - 2;
          const bad = as ? b : a;
          throw new RtError('concatenate', badIdx, typeName(bad));
        }
        val = this.metaCall1(tm, a, b);
        n--;
      }
      vals[n - 1] = val;
    }
    void top;
    return val;
  }

  /** `o[key]` with metamethods; `slot` names o in type errors (-1 = none). */
  vmIndex(o: LuaValue, key: LuaValue, slot: number): LuaValue {
    for (let loop = 0; loop < 100; loop++) {
      let tm: LuaValue;
      if (o instanceof LuaTableC) {
        const v = o.get(key);
        if (v !== undefined) return v;
        const mt = o.metatable;
        if (mt === null) return undefined;
        tm = mt.getStr('__index');
        if (tm === undefined) return undefined;
      } else {
        const mt = this.getMetatable(o);
        tm = mt === null ? undefined : mt.getStr('__index');
        if (tm === undefined) throw new RtError('index', loop === 0 ? slot : -1, typeName(o));
      }
      if (tm instanceof LuaClosureC || tm instanceof HostFunctionC) return this.metaCall1(tm, o, key);
      o = tm;
    }
    throw new RtError('loop in gettable');
  }

  /** `o[key] = v` with metamethods. */
  vmSetIndex(o: LuaValue, key: LuaValue, v: LuaValue, slot: number): void {
    for (let loop = 0; loop < 100; loop++) {
      let tm: LuaValue;
      if (o instanceof LuaTableC) {
        if (o.readonly) throw new RtError('Attempt to modify a readonly table');
        const mt = o.metatable;
        if (mt === null || o.get(key) !== undefined || (tm = mt.getStr('__newindex')) === undefined) {
          if (key === undefined) throw new RtError('table index is nil');
          if (typeof key === 'number' && key !== key) throw new RtError('table index is NaN');
          o.set(key, v);
          return;
        }
      } else {
        const mt = this.getMetatable(o);
        tm = mt === null ? undefined : mt.getStr('__newindex');
        if (tm === undefined) throw new RtError('index', loop === 0 ? slot : -1, typeName(o));
      }
      if (tm instanceof LuaClosureC || tm instanceof HostFunctionC) {
        const top0 = this.top;
        this.ensureStack(top0 + 5);
        const s = this.stack;
        s[top0] = tm; s[top0 + 1] = o; s[top0 + 2] = key; s[top0 + 3] = v;
        try {
          this.callAt(top0, 3, 0);
        } finally {
          this.top = top0;
        }
        return;
      }
      o = tm;
    }
    throw new RtError('loop in settable');
  }

  /**
   * Calls stack[fi] with nargs args from a nested VM loop; `wanted` results are left at
   * fi.. (-1: all, this.top set after them).
   */
  callAt(fi: number, nargs: number, wanted: number): void {
    if (this.nest + this.th.ccalls >= MAXCCALLS) throw new RtError('C stack overflow');
    const f = this.stack[fi];
    if (f instanceof HostFunctionC && f.kind !== K_NORMAL) {
      // route special functions (pcall, yield, resume...) through a Lua trampoline
      const s = this.stack;
      this.ensureStack(fi + nargs + 3);
      for (let i = fi + nargs; i >= fi; i--) s[i + 1] = s[i];
      s[fi] = this.trampoline;
      nargs++;
    }
    const saved = this.ccallDirect;
    const th = this.th;
    if (this.precall(fi, nargs, wanted, false, false) !== 0) {
      th.frames[th.depth - 1].flags |= F_FRESH;
      this.execute(th, th.depth - 1);
    }
    this.ccallDirect = saved;
  }

  /**
   * Prepares a call of stack[fi] with nargs arguments. For a Lua function pushes a
   * frame and returns 1 (caller must (re)load the top frame); for a host function
   * runs it, places `wanted` results at fi and returns 0; special functions may
   * switch threads (returns 1).
   */
  precall(fi: number, nargs: number, wanted: number, tail: boolean, direct: boolean): number {
    let stack = this.stack;
    let f = stack[fi];
    for (;;) {
      if (f instanceof LuaClosureC) {
        const th = this.th;
        let ci: CallInfo;
        if (tail) {
          ci = th.frames[th.depth - 1];
          const dst = ci.func;
          for (let i = 0; i <= nargs; i++) stack[dst + i] = stack[fi + i];
          fi = dst;
          ci.tailcalls++;
        } else {
          if (th.depth >= MAXCALLS) throw new RtError('stack overflow');
          ci = th.frames[th.depth];
          if (ci === undefined) {
            ci = new CallInfoC();
            th.frames.push(ci);
          }
          th.depth++;
          ci.nresults = wanted;
          ci.flags = 0;
          ci.tailcalls = 0;
          ci.handler = undefined;
        }
        const p = f.p;
        const base = fi + 1;
        const need = base + p.maxStack + 4;
        while (stack.length < need) stack.push(undefined);
        const np = p.numParams;
        if (p.isVararg) {
          ci.varargs = nargs > np ? stack.slice(base + np, base + nargs) : EMPTY;
        } else {
          ci.varargs = null;
        }
        for (let i = nargs; i < np; i++) stack[base + i] = undefined;
        ci.cl = f;
        ci.func = fi;
        ci.base = base;
        ci.pc = 0;
        return 1;
      }
      if (f instanceof HostFunctionC) {
        if (f.kind !== K_NORMAL) return this.special(f, fi, nargs, tail ? -1 : wanted);
        this.top = fi + 1 + nargs;
        this.ccallDirect = direct;
        const n = f.fn(this, fi + 1, nargs);
        stack = this.stack;
        if (this.top > this.stackHigh) this.stackHigh = this.top;
        const src = this.top - n;
        if (tail) wanted = -1;
        if (wanted === 1) {
          stack[fi] = n > 0 ? stack[src] : undefined;
        } else if (wanted < 0) {
          for (let i = 0; i < n; i++) stack[fi + i] = stack[src + i];
          this.top = fi + n;
        } else {
          for (let i = 0; i < wanted; i++) stack[fi + i] = i < n ? stack[src + i] : undefined;
        }
        return 0;
      }
      // __call metamethod
      const mt = this.getMetatable(f);
      const tm = mt === null ? undefined : mt.getStr('__call');
      if (!(tm instanceof LuaClosureC || tm instanceof HostFunctionC)) {
        throw new RtError('call', 0, typeName(f));
      }
      this.ensureStack(fi + nargs + 3);
      stack = this.stack;
      for (let i = fi + nargs; i >= fi; i--) stack[i + 1] = stack[i];
      stack[fi] = tm;
      nargs++;
      f = tm;
    }
  }

  /** Places `n` values from src.. at dest.. adjusted to `wanted` (-1 = all, sets top). */
  private placeResults(stack: LuaValue[], dest: number, src: number, n: number, wanted: number): void {
    if (wanted < 0) {
      if (dest + n > stack.length) this.ensureStack(dest + n);
      if (dest !== src) for (let i = 0; i < n; i++) stack[dest + i] = stack[src + i];
      this.top = dest + n;
    } else {
      if (dest + wanted > stack.length) this.ensureStack(dest + wanted);
      for (let i = 0; i < wanted; i++) stack[dest + i] = i < n ? stack[src + i] : undefined;
    }
  }

  /** Pcall/xpcall/coroutine functions called from a Lua frame (no JS recursion). */
  private special(f: HostFunction, fi: number, nargs: number, wanted: number, xh: LuaValue = undefined, xargs = 0): number {
    const stack = this.stack;
    switch (f.kind) {
      case HOST_PCALL:
      case HOST_XPCALL: {
        const isX = f.kind === HOST_XPCALL;
        if (isX && nargs < 2 && xargs === 0) {
          this.ccallDirect = true;
          this.argError(1, 'value expected');
        }
        if (nargs < 1) {
          this.ccallDirect = true;
          this.argError(0, 'value expected');
        }
        const handler = isX ? (xargs > 0 ? xh : stack[fi + 2]) : undefined;
        const g = stack[fi + 1];
        if (xargs === 0 && g instanceof HostFunctionC && g.kind !== K_NORMAL) {
          // pcall(coroutine.resume, ...) etc.: call through the Lua trampoline
          const n = isX ? 0 : nargs - 1;
          this.ensureStack(fi + nargs + 3);
          const st = this.stack;
          if (isX) st[fi + 2] = g;
          else for (let i = fi + 1 + n; i >= fi + 1; i--) st[i + 1] = st[i];
          st[fi + 1] = this.trampoline;
          if (isX) {
            // xpcall(g, h): trampoline(g) with no further args
            return this.special(f, fi, 2, wanted, handler, 1);
          }
          nargs++;
        }
        const argc = isX ? xargs : nargs - 1;
        const th = this.th;
        const depth0 = th.depth;
        const top0 = fi + 1 + nargs;
        try {
          this.top = top0;
          const r = this.precall(fi + 1, argc, wanted < 0 ? -1 : wanted === 0 ? 0 : wanted - 1, false, false);
          if (r !== 0) {
            const ci = th.frames[th.depth - 1];
            ci.flags |= F_PCALL;
            ci.handler = handler;
            ci.nresults = wanted;
            return 1;
          }
          // host function completed: prepend true
          // (results are already at fi+1..; top is set for wanted < 0)
          if (wanted !== 0) this.stack[fi] = true;
          return 0;
        } catch (e) {
          if (e instanceof LuaAbort) throw e;
          th.depth = depth0;
          let ev = hostErr(e).value;
          if (isX) ev = this.callHandler(handler, ev);
          const s = this.stack;
          s[fi] = false;
          s[fi + 1] = ev;
          this.placeResults(s, fi, fi, 2, wanted);
          return 0;
        }
      }
      case HOST_RESUME:
      case HOST_WRAP: {
        let co: LuaValue;
        let argBase: number;
        let argc: number;
        if (f.kind === HOST_RESUME) {
          co = nargs > 0 ? stack[fi + 1] : undefined;
          if (!(co instanceof Coroutine)) {
            this.ccallDirect = true;
            this.argError(0, 'coroutine expected');
          }
          argBase = fi + 2;
          argc = nargs - 1;
        } else {
          co = f.data!;
          argBase = fi + 1;
          argc = nargs;
        }
        const isWrap = f.kind === HOST_WRAP;
        if (co.status === 'suspended' && this.th.ccalls + this.nest >= MAXCCALLS) {
          // lua_resume: nested resumes count as C levels
          if (isWrap) throw new LuaError(this.framePos(this.th.frames[this.th.depth - 1]) + 'C stack overflow');
          stack[fi] = false;
          stack[fi + 1] = 'C stack overflow';
          this.placeResults(stack, fi, fi, 2, wanted);
          return 0;
        }
        if (co.status !== 'suspended') {
          const msg = `cannot resume ${co === this.th ? 'running' : co.status} coroutine`;
          if (isWrap) {
            this.ccallDirect = true;
            this.error(msg);
          }
          stack[fi] = false;
          stack[fi + 1] = msg;
          this.placeResults(stack, fi, fi, 2, wanted);
          return 0;
        }
        const cur = this.th;
        co.ccalls = cur.ccalls + 1;
        co.resumer = cur;
        co.resumeFunc = fi;
        co.resumeWanted = wanted;
        co.resumeWrap = isWrap;
        co.resumeNest = this.nest;
        cur.status = 'normal';
        const cs = co.stack;
        if (!co.started) {
          co.started = true;
          while (cs.length < argc + 64) cs.push(undefined);
          cs[0] = co.fn;
          for (let i = 0; i < argc; i++) cs[1 + i] = stack[argBase + i];
          this.switchTo(co);
          co.depth = 0;
          const r = this.precall(0, argc, -1, false, false);
          if (r === 0) {
            // host function body finished immediately
            return this.coFinish(co, 0, this.top);
          }
          co.frames[co.depth - 1].flags |= F_COBASE;
          return 1;
        }
        // resumed from yield: args become the results of yield
        while (cs.length < co.yieldFunc + argc + 4) cs.push(undefined);
        for (let i = 0; i < argc; i++) cs[co.yieldFunc + i] = stack[argBase + i];
        this.switchTo(co);
        const yw = co.yieldWanted;
        if (yw < 0) this.top = co.yieldFunc + argc;
        else for (let i = argc; i < yw; i++) cs[co.yieldFunc + i] = undefined;
        return 1;
      }
      case HOST_YIELD: {
        const co = this.th;
        let boundary = this.inTrampoline() || (co.resumer !== null && co.resumeNest !== this.nest);
        for (let i = 0; !boundary && i < co.depth; i++) if ((co.frames[i].flags & F_PCALL) !== 0) boundary = true;
        if (co.resumer === null && !boundary) {
          this.ccallDirect = true;
          this.error('attempt to yield from outside a coroutine');
        }
        if (boundary) throw new LuaError('attempt to yield across metamethod/C-call boundary');
        co.yieldFunc = fi;
        co.yieldWanted = wanted;
        co.status = 'suspended';
        const r = co.resumer!;
        co.resumer = null;
        const rs = r.stack;
        const dest = co.resumeFunc;
        let d = dest;
        if (!co.resumeWrap) rs[d++] = true;
        const n = nargs + (co.resumeWrap ? 0 : 1);
        while (rs.length < dest + n + 4) rs.push(undefined);
        for (let i = 0; i < nargs; i++) rs[d + i] = stack[fi + 1 + i];
        co.top = fi + 1 + nargs;
        this.switchTo(r);
        r.status = 'running';
        const w = co.resumeWanted;
        if (w < 0) this.top = dest + n;
        else for (let i = n; i < w; i++) rs[dest + i] = undefined;
        return 1;
      }
    }
    throw new Error('unknown special function');
  }

  private switchTo(co: Coroutine): void {
    this.th.top = this.top;
    this.th = co;
    this.stack = co.stack;
    co.status = 'running';
    this.top = co.top;
  }

  /** A coroutine's body returned n values at src: deliver to the resumer. Returns 1. */
  private coFinish(co: Coroutine, src: number, end: number): number {
    const n = end - src;
    co.status = 'dead';
    co.depth = 0;
    const r = co.resumer!;
    co.resumer = null;
    const cs = co.stack;
    const rs = r.stack;
    const dest = co.resumeFunc;
    let d = dest;
    if (!co.resumeWrap) rs[d++] = true;
    const tot = n + (co.resumeWrap ? 0 : 1);
    while (rs.length < dest + tot + 4) rs.push(undefined);
    for (let i = 0; i < n; i++) rs[d + i] = cs[src + i];
    this.switchTo(r);
    const w = co.resumeWanted;
    if (w < 0) this.top = dest + tot;
    else for (let i = tot; i < w; i++) rs[dest + i] = undefined;
    return 1;
  }

  private callHandler(handler: LuaValue, ev: LuaValue): LuaValue {
    try {
      return this.call1(handler, ev);
    } catch (e) {
      if (e instanceof LuaAbort) throw e;
      return 'error in error handling';
    }
  }

  /**
   * Records an error's raise point in {@link errorSource}/{@link errorLine}: `p` at `pc` (the
   * running function), or, when `p` is hidden glue, the nearest visible Lua caller below it.
   */
  private recordRaise(p: Proto, pc: number): void {
    if (p.hidden) {
      const th = this.th;
      let i = th.depth - 1;
      // the running frame is p's; its callers below keep their saved pc
      while (i >= 0) {
        const cl = th.frames[i].cl;
        if (cl !== null && !cl.p.hidden) break;
        i--;
      }
      if (i < 0) return;
      const f = th.frames[i];
      p = f.cl!.p;
      pc = f.pc;
    }
    const idx = (pc >> 2) - 1;
    this.errorSource = p.chunkname;
    this.errorLine = p.lines[idx < 0 ? 0 : idx];
  }

  /** Converts a thrown value into a Lua error value with position (for VM loop errors). */
  private vmErrorValue(e: unknown, p: Proto, pc: number): LuaValue {
    if (e instanceof LuaError) return e.value;
    const idx = (pc >> 2) - 1;
    const pos = `${p.source}:${p.lines[idx < 0 ? 0 : idx]}: `;
    if (e instanceof RtError) {
      if (e.tname === '') return pos + e.msg;
      let name = '';
      if (e.slot >= 0) {
        const d = p.dbg[idx];
        if (d !== undefined && e.slot < d.length && d[e.slot] !== '') name = d[e.slot];
      }
      return name !== ''
        ? `${pos}attempt to ${e.msg} ${name} (a ${e.tname} value)`
        : `${pos}attempt to ${e.msg} a ${e.tname} value`;
    }
    if (e instanceof RangeError) {
      const m = String(e.message);
      if (m.indexOf('call stack') >= 0) return pos + 'stack overflow';
      return 'not enough memory';
    }
    return pos + 'internal error: ' + String(e instanceof Error ? e.stack ?? e.message : e);
  }

  // =================================================================== the VM loop

  /**
   * Runs the top frame of the current thread until the frame at `entryDepth` of
   * `entryTh` returns (returns 0) or, in the root loop, the budget is spent
   * (returns SUSPENDED). Uncaught errors are thrown as LuaError/LuaAbort after
   * unwinding this loop's frames.
   */
  execute(entryTh: Coroutine, entryDepth: number): number {
    this.nest++;
    const canSuspend = this.suspendable && this.nest === 1;
    let th = this.th;
    let stack = th.stack;
    let ci = th.frames[th.depth - 1];
    let cl = ci.cl!;
    let p = cl.p;
    let code = p.code;
    let k = p.k;
    let upv = cl.upvals;
    let base = ci.base;
    let pc = ci.pc;
    let sliceLen = this.hostBudget < SLICE ? (this.hostBudget > 0 ? this.hostBudget : 0) : SLICE;
    let budget = sliceLen;
    try {
      for (;;) {
        try {
          for (;;) {
            if (--budget < 0) {
              ci.pc = pc;
              const n = this.sliceEnd(sliceLen, canSuspend);
              if (n < 0) {
                // keep the live top (a multi-result may be pending for this very
                // instruction) and expose a safe top above the frame meanwhile
                this.suspendedTop = this.top;
                const safe = base + p.maxStack;
                if (this.top < safe) this.top = safe;
                return SUSPENDED;
              }
              sliceLen = n;
              budget = n - 1;
            }
            const op = code[pc];
            const a = code[pc + 1];
            const b = code[pc + 2];
            const c = code[pc + 3];
            pc += 4;
            switch (op) {
              case 0: // MOVE
                stack[base + a] = stack[base + b];
                break;
              case 1: // LOADK
                stack[base + a] = k[b];
                break;
              case 2: // LOADBOOL
                stack[base + a] = b !== 0;
                if (c !== 0) pc += 4;
                break;
              case 3: // LOADNIL
                for (let i = a; i <= b; i++) stack[base + i] = undefined;
                break;
              case 4: // GETUPVAL
                stack[base + a] = upv[b].v;
                break;
              case 5: { // GETGLOBAL
                const g = cl.env;
                const key = k[b] as string;
                let v = g.getStrIC(key, p.ic, (pc >> 2) - 1);
                if (v === undefined && g.metatable !== null) {
                  ci.pc = pc; this.top = base + p.maxStack;
                  v = this.vmIndex(g, key, -1);
                }
                stack[base + a] = v;
                break;
              }
              case 6: { // GETTABLE
                const o = stack[base + b];
                const key = c >= 0 ? stack[base + c] : k[-1 - c];
                if (o instanceof LuaTableC) {
                  let v = o.get(key);
                  if (v === undefined && o.metatable !== null) {
                    ci.pc = pc; this.top = base + p.maxStack;
                    v = this.vmIndex(o, key, 0);
                  }
                  stack[base + a] = v;
                } else {
                  ci.pc = pc; this.top = base + p.maxStack;
                  stack[base + a] = this.vmIndex(o, key, 0);
                }
                break;
              }
              case 41: { // GETTABLE_K
                const o = stack[base + b];
                const key = k[c] as string;
                if (o instanceof LuaTableC) {
                  let v = o.getStrIC(key, p.ic, (pc >> 2) - 1);
                  if (v === undefined && o.metatable !== null) {
                    ci.pc = pc; this.top = base + p.maxStack;
                    v = this.vmIndex(o, key, 0);
                  }
                  stack[base + a] = v;
                } else {
                  ci.pc = pc; this.top = base + p.maxStack;
                  stack[base + a] = this.vmIndex(o, key, 0);
                }
                break;
              }
              case 7: { // SETGLOBAL
                const g = cl.env;
                const key = k[b] as string;
                if (g.metatable === null && !g.readonly) g.setStr(key, stack[base + a]);
                else {
                  ci.pc = pc; this.top = base + p.maxStack;
                  this.vmSetIndex(g, key, stack[base + a], -1);
                }
                break;
              }
              case 8: // SETUPVAL
                upv[b].v = stack[base + a];
                break;
              case 9: { // SETTABLE
                const o = stack[base + a];
                const key = b >= 0 ? stack[base + b] : k[-1 - b];
                const v = c >= 0 ? stack[base + c] : k[-1 - c];
                if (o instanceof LuaTableC && o.metatable === null && !o.readonly && (typeof key === 'string' || (typeof key === 'number' && key === key))) {
                  o.set(key, v);
                } else {
                  ci.pc = pc; this.top = base + p.maxStack;
                  this.vmSetIndex(o, key, v, 0);
                }
                break;
              }
              case 42: { // SETTABLE_K
                const o = stack[base + a];
                const key = k[b] as string;
                const v = c >= 0 ? stack[base + c] : k[-1 - c];
                if (o instanceof LuaTableC && o.metatable === null && !o.readonly) {
                  o.setStr(key, v);
                } else {
                  ci.pc = pc; this.top = base + p.maxStack;
                  this.vmSetIndex(o, key, v, 0);
                }
                break;
              }
              case 10: // NEWTABLE: b, c = array/hash sizes (already fb2int(int2fb(n)))
                stack[base + a] = new LuaTableC(this.mem, b, c);
                break;
              case 11: { // SELF
                const o = stack[base + b];
                const key = c >= 0 ? stack[base + c] : k[-1 - c];
                stack[base + a + 1] = o;
                let v: LuaValue;
                if (o instanceof LuaTableC) {
                  v = o.get(key);
                  if (v === undefined && o.metatable !== null) {
                    ci.pc = pc; this.top = base + p.maxStack;
                    v = this.vmIndex(o, key, 0);
                  }
                } else if (typeof o === 'string' && this.stringMeta !== null) {
                  const idx = this.stringMeta.getStr('__index');
                  if (idx instanceof LuaTableC) v = idx.get(key);
                  else {
                    ci.pc = pc; this.top = base + p.maxStack;
                    v = this.vmIndex(o, key, 0);
                  }
                } else {
                  ci.pc = pc; this.top = base + p.maxStack;
                  v = this.vmIndex(o, key, 0);
                }
                stack[base + a] = v;
                break;
              }
              case 12: { // ADD
                const x = b >= 0 ? stack[base + b] : k[-1 - b];
                const y = c >= 0 ? stack[base + c] : k[-1 - c];
                if (typeof x === 'number' && typeof y === 'number') stack[base + a] = x + y;
                else { ci.pc = pc; this.top = base + p.maxStack; stack[base + a] = this.arith(op, x, y); }
                break;
              }
              case 43: { // ADD_RK
                const x = stack[base + b];
                if (typeof x === 'number') stack[base + a] = x + (k[c] as number);
                else { ci.pc = pc; this.top = base + p.maxStack; stack[base + a] = this.arith(O.OP_ADD, x, k[c]); }
                break;
              }
              case 13: { // SUB
                const x = b >= 0 ? stack[base + b] : k[-1 - b];
                const y = c >= 0 ? stack[base + c] : k[-1 - c];
                if (typeof x === 'number' && typeof y === 'number') stack[base + a] = x - y;
                else { ci.pc = pc; this.top = base + p.maxStack; stack[base + a] = this.arith(op, x, y); }
                break;
              }
              case 44: { // SUB_RK
                const x = stack[base + b];
                if (typeof x === 'number') stack[base + a] = x - (k[c] as number);
                else { ci.pc = pc; this.top = base + p.maxStack; stack[base + a] = this.arith(O.OP_SUB, x, k[c]); }
                break;
              }
              case 14: { // MUL
                const x = b >= 0 ? stack[base + b] : k[-1 - b];
                const y = c >= 0 ? stack[base + c] : k[-1 - c];
                if (typeof x === 'number' && typeof y === 'number') stack[base + a] = x * y;
                else { ci.pc = pc; this.top = base + p.maxStack; stack[base + a] = this.arith(op, x, y); }
                break;
              }
              case 15: { // DIV
                const x = b >= 0 ? stack[base + b] : k[-1 - b];
                const y = c >= 0 ? stack[base + c] : k[-1 - c];
                if (typeof x === 'number' && typeof y === 'number') stack[base + a] = x / y;
                else { ci.pc = pc; this.top = base + p.maxStack; stack[base + a] = this.arith(op, x, y); }
                break;
              }
              case 16: { // MOD
                const x = b >= 0 ? stack[base + b] : k[-1 - b];
                const y = c >= 0 ? stack[base + c] : k[-1 - c];
                if (typeof x === 'number' && typeof y === 'number') stack[base + a] = x - Math.floor(x / y) * y;
                else { ci.pc = pc; this.top = base + p.maxStack; stack[base + a] = this.arith(op, x, y); }
                break;
              }
              case 17: { // POW
                const x = b >= 0 ? stack[base + b] : k[-1 - b];
                const y = c >= 0 ? stack[base + c] : k[-1 - c];
                if (typeof x === 'number' && typeof y === 'number') stack[base + a] = luaPowF(x, y);
                else { ci.pc = pc; this.top = base + p.maxStack; stack[base + a] = this.arith(op, x, y); }
                break;
              }
              case 18: { // UNM
                const x = stack[base + b];
                if (typeof x === 'number') stack[base + a] = -x;
                else { ci.pc = pc; this.top = base + p.maxStack; stack[base + a] = this.arith(O.OP_UNM, x, x); }
                break;
              }
              case 19: { // NOT
                const x = stack[base + b];
                stack[base + a] = x === undefined || x === false;
                break;
              }
              case 20: { // LEN
                const x = stack[base + b];
                if (x instanceof LuaTableC) stack[base + a] = x.length();
                else if (typeof x === 'string') stack[base + a] = x.length;
                else { ci.pc = pc; this.top = base + p.maxStack; stack[base + a] = this.len(x); }
                break;
              }
              case 21: { // CONCAT
                let s = '';
                let ok = true;
                for (let i = b; i <= c; i++) {
                  const x = stack[base + i];
                  if (typeof x === 'string') s += x;
                  else if (typeof x === 'number') s += numberToStringF(x);
                  else { ok = false; break; }
                }
                if (ok) {
                  if (this.memoryLimit > 0) {
                    this.mem.debt += s.length + 24;
                    if (this.mem.debt > this.gcThreshold || s.length > this.memoryLimit) {
                      ci.pc = pc; this.top = base + p.maxStack;
                      this.checkAlloc(0);
                      if (s.length > this.memoryLimit) throw new LuaError('not enough memory');
                    }
                  }
                  stack[base + a] = s;
                } else {
                  ci.pc = pc; this.top = base + p.maxStack;
                  stack[base + a] = this.concat(base + b, base + c);
                }
                break;
              }
              case 22: // JMP
                pc = b;
                break;
              case 23: { // EQ
                const x = b >= 0 ? stack[base + b] : k[-1 - b];
                const y = c >= 0 ? stack[base + c] : k[-1 - c];
                let eq = x === y;
                if (!eq && typeof x === 'object' && typeof y === 'object') {
                  ci.pc = pc; this.top = base + p.maxStack;
                  eq = this.eqMeta(x, y);
                }
                if (eq !== (a !== 0)) pc += 4;
                break;
              }
              case 49: { // EQ_RK
                if ((stack[base + b] === k[c]) !== (a !== 0)) pc += 4;
                break;
              }
              case 24: { // LT
                const x = b >= 0 ? stack[base + b] : k[-1 - b];
                const y = c >= 0 ? stack[base + c] : k[-1 - c];
                let r: boolean;
                if (typeof x === 'number' && typeof y === 'number') r = x < y;
                else if (typeof x === 'string' && typeof y === 'string') r = x < y;
                else { ci.pc = pc; this.top = base + p.maxStack; r = this.lessThanMeta(x, y); }
                if (r !== (a !== 0)) pc += 4;
                break;
              }
              case 25: { // LE
                const x = b >= 0 ? stack[base + b] : k[-1 - b];
                const y = c >= 0 ? stack[base + c] : k[-1 - c];
                let r: boolean;
                if (typeof x === 'number' && typeof y === 'number') r = x <= y;
                else if (typeof x === 'string' && typeof y === 'string') r = x <= y;
                else { ci.pc = pc; this.top = base + p.maxStack; r = this.lessEqualMeta(x, y); }
                if (r !== (a !== 0)) pc += 4;
                break;
              }
              case 45: { // LT_RK
                const x = stack[base + b];
                let r: boolean;
                if (typeof x === 'number') r = x < (k[c] as number);
                else { ci.pc = pc; this.top = base + p.maxStack; r = this.lessThanMeta(x, k[c]); }
                if (r !== (a !== 0)) pc += 4;
                break;
              }
              case 46: { // LE_RK
                const x = stack[base + b];
                let r: boolean;
                if (typeof x === 'number') r = x <= (k[c] as number);
                else { ci.pc = pc; this.top = base + p.maxStack; r = this.lessEqualMeta(x, k[c]); }
                if (r !== (a !== 0)) pc += 4;
                break;
              }
              case 47: { // LT_KR
                const y = stack[base + c];
                let r: boolean;
                if (typeof y === 'number') r = (k[b] as number) < y;
                else { ci.pc = pc; this.top = base + p.maxStack; r = this.lessThanMeta(k[b], y); }
                if (r !== (a !== 0)) pc += 4;
                break;
              }
              case 48: { // LE_KR
                const y = stack[base + c];
                let r: boolean;
                if (typeof y === 'number') r = (k[b] as number) <= y;
                else { ci.pc = pc; this.top = base + p.maxStack; r = this.lessEqualMeta(k[b], y); }
                if (r !== (a !== 0)) pc += 4;
                break;
              }
              case 26: { // TEST
                const x = stack[base + a];
                if ((x !== undefined && x !== false) !== (c !== 0)) pc += 4;
                break;
              }
              case 27: { // TESTSET
                const x = stack[base + b];
                if ((x !== undefined && x !== false) === (c !== 0)) stack[base + a] = x;
                else pc += 4;
                break;
              }
              case 28: { // CALL
                ci.pc = pc;
                const fi = base + a;
                const nargs = b !== 0 ? b - 1 : this.top - fi - 1;
                const fv = stack[fi];
                if (fv instanceof LuaClosureC && !fv.p.isVararg && th.depth < MAXCALLS) {
                  // inlined fast path of precall for fixed-arity Lua functions
                  const np = fv.p;
                  const nbase = fi + 1;
                  const need = nbase + np.maxStack + 4;
                  while (stack.length < need) stack.push(undefined);
                  for (let i = nargs; i < np.numParams; i++) stack[nbase + i] = undefined;
                  let nci = th.frames[th.depth];
                  if (nci === undefined) {
                    nci = new CallInfoC();
                    th.frames.push(nci);
                  }
                  th.depth++;
                  nci.nresults = c - 1;
                  nci.flags = 0;
                  nci.tailcalls = 0;
                  nci.handler = undefined;
                  nci.varargs = null;
                  nci.cl = fv;
                  nci.func = fi;
                  nci.base = nbase;
                  nci.pc = 0;
                  ci = nci;
                  cl = fv;
                  p = np; code = np.code; k = np.k; upv = fv.upvals; base = nbase; pc = 0;
                  break;
                }
                if (this.precall(fi, nargs, c - 1, false, true) !== 0) {
                  th = this.th;
                  stack = th.stack;
                  ci = th.frames[th.depth - 1];
                  cl = ci.cl!;
                  p = cl.p; code = p.code; k = p.k; upv = cl.upvals; base = ci.base; pc = ci.pc;
                } else {
                  stack = this.stack;
                  // a host function (e.g. sort with a Lua comparator) may have spent
                  // the budget in nested loops: end the slice now
                  if (this.hostBudget <= 0) { sliceLen -= budget; budget = 0; }
                }
                break;
              }
              case 29: { // TAILCALL
                ci.pc = pc;
                const fi = base + a;
                const nargs = b !== 0 ? b - 1 : this.top - fi - 1;
                const isLua = stack[fi] instanceof LuaClosureC;
                if (this.precall(fi, nargs, -1, isLua, true) !== 0) {
                  th = this.th;
                  stack = th.stack;
                  ci = th.frames[th.depth - 1];
                  cl = ci.cl!;
                  p = cl.p; code = p.code; k = p.k; upv = cl.upvals; base = ci.base; pc = ci.pc;
                } else {
                  stack = this.stack;
                }
                break;
              }
              case 30: { // RETURN
                const src = base + a;
                const n = b !== 0 ? b - 1 : this.top - src;
                const flags = ci.flags;
                let dest = ci.func;
                let wanted = ci.nresults;
                if ((flags & F_PCALL) !== 0) {
                  if (wanted !== 0) {
                    stack[dest - 1] = true;
                    if (wanted > 0) wanted--;
                  }
                  if (wanted < 0) dest = ci.func;
                }
                if (wanted === 1) {
                  stack[dest] = n > 0 ? stack[src] : undefined;
                } else if (wanted < 0) {
                  for (let i = 0; i < n; i++) stack[dest + i] = stack[src + i];
                  this.top = dest + n;
                  if ((flags & F_PCALL) !== 0) { /* top already after results; true is at dest-1 */ }
                } else {
                  for (let i = 0; i < wanted; i++) stack[dest + i] = i < n ? stack[src + i] : undefined;
                }
                th.depth--;
                if ((flags & (F_FRESH | F_COBASE)) !== 0) {
                  if ((flags & F_FRESH) !== 0) {
                    return 0;
                  }
                  // coroutine body finished
                  this.coFinish(th, dest, dest + n);
                  th = this.th;
                  stack = th.stack;
                }
                ci = th.frames[th.depth - 1];
                cl = ci.cl!;
                p = cl.p; code = p.code; k = p.k; upv = cl.upvals; base = ci.base; pc = ci.pc;
                break;
              }
              case 31: { // FORLOOP
                const ra = base + a;
                const step = stack[ra + 2] as number;
                const idx = (stack[ra] as number) + step;
                const limit = stack[ra + 1] as number;
                if (step > 0 ? idx <= limit : limit <= idx) {
                  stack[ra] = idx;
                  stack[ra + 3] = idx;
                  pc = b;
                }
                break;
              }
              case 32: { // FORPREP
                const ra = base + a;
                const init = tonum(stack[ra]);
                const limit = tonum(stack[ra + 1]);
                const step = tonum(stack[ra + 2]);
                if (init === undefined) throw new RtError("'for' initial value must be a number");
                if (limit === undefined) throw new RtError("'for' limit must be a number");
                if (step === undefined) throw new RtError("'for' step must be a number");
                stack[ra] = init - step;
                stack[ra + 1] = limit;
                stack[ra + 2] = step;
                pc = b;
                break;
              }
              case 33: { // TFORCALL
                const ra = base + a;
                const f = stack[ra];
                if (f === this.nextFn) {
                  const t = stack[ra + 1];
                  if (t instanceof LuaTableC) {
                    const key = t.next(stack[ra + 2]);
                    stack[ra + 3] = key;
                    if (c > 1) {
                      stack[ra + 4] = key === undefined ? undefined : t.nextValue;
                      for (let i = 2; i < c; i++) stack[ra + 3 + i] = undefined;
                    }
                    break;
                  }
                } else if (f === this.ipairsIter) {
                  const t = stack[ra + 1];
                  const i0 = stack[ra + 2];
                  if (t instanceof LuaTableC && typeof i0 === 'number') {
                    const i = i0 + 1;
                    const v = t.getInt(i);
                    if (v === undefined) stack[ra + 3] = undefined;
                    else {
                      stack[ra + 3] = i;
                      if (c > 1) {
                        stack[ra + 4] = v;
                        for (let j = 2; j < c; j++) stack[ra + 3 + j] = undefined;
                      }
                    }
                    break;
                  }
                }
                stack[ra + 3] = f;
                stack[ra + 4] = stack[ra + 1];
                stack[ra + 5] = stack[ra + 2];
                ci.pc = pc;
                if (this.precall(ra + 3, 2, c, false, true) !== 0) {
                  th = this.th;
                  stack = th.stack;
                  ci = th.frames[th.depth - 1];
                  cl = ci.cl!;
                  p = cl.p; code = p.code; k = p.k; upv = cl.upvals; base = ci.base; pc = ci.pc;
                } else {
                  stack = this.stack;
                }
                break;
              }
              case 34: { // TFORLOOP
                const v = stack[base + a + 3];
                if (v !== undefined) {
                  stack[base + a + 2] = v;
                  pc = b;
                }
                break;
              }
              case 35: { // SETLIST
                const t = stack[base + a] as LuaTable;
                const n = b !== 0 ? b : this.top - (base + a) - 1;
                t.setList(c, stack, base + a + 1, n);
                break;
              }
              case 36: { // CLOSURE
                const np = p.protos[b];
                const nu = np.upIn.length;
                const boxes: Box[] = new Array(nu);
                for (let i = 0; i < nu; i++) {
                  boxes[i] = np.upIn[i] !== 0 ? (stack[base + np.upIdx[i]] as unknown as Box) : upv[np.upIdx[i]];
                }
                stack[base + a] = new LuaClosureC(np, boxes, cl.env);
                this.mem.debt += 64 + nu * 8;
                break;
              }
              case 37: { // VARARG
                const va = ci.varargs!;
                if (b === 0) {
                  const n = va.length;
                  const need = base + a + n + 1;
                  while (stack.length < need) stack.push(undefined);
                  if (need > this.stackHigh) this.stackHigh = need;
                  for (let i = 0; i < n; i++) stack[base + a + i] = va[i];
                  this.top = base + a + n;
                } else {
                  const n = b - 1;
                  for (let i = 0; i < n; i++) stack[base + a + i] = va[i];
                }
                break;
              }
              case 38: // NEWBOX
                stack[base + a] = new BoxC(stack[base + a]) as unknown as LuaValue;
                break;
              case 39: // GETBOX
                stack[base + a] = (stack[base + b] as unknown as Box).v;
                break;
              case 40: // SETBOX
                (stack[base + a] as unknown as Box).v = b >= 0 ? stack[base + b] : k[-1 - b];
                break;
              case 50: { // VARARGTABLE
                const va = ci.varargs!;
                const t = new LuaTableC(this.mem, va.length, 1);
                for (let i = 0; i < va.length; i++) t.ap[i] = va[i];
                t.setStr('n', va.length);
                stack[base + a] = t;
                break;
              }
              default:
                throw new Error(`bad opcode ${op}`);
            }
          }
        } catch (err) {
          // ---------------------------------------------------------- error handling
          if (err instanceof LuaAbort) {
            this.unwindForAbort(entryTh, entryDepth);
            throw err;
          }
          if (!(err instanceof LuaError) || !err.propagated) this.recordRaise(p, pc);
          let ev = this.vmErrorValue(err, p, pc);
          for (;;) {
            th = this.th;
            const lowest = th === entryTh ? entryDepth : 0;
            let i = th.depth - 1;
            while (i >= lowest && (th.frames[i].flags & F_PCALL) === 0) i--;
            if (i >= lowest) {
              const pf = th.frames[i];
              if (pf.handler !== undefined || (pf.flags & F_PCALL) !== 0 && pf.handler !== undefined) {
                // (xpcall) handled below
              }
              const handler = pf.handler;
              th.depth = i + 1;
              if (handler !== undefined) {
                this.top = pf.base + pf.cl!.p.maxStack;
                ev = this.callHandler(handler, ev);
              }
              th.depth = i;
              stack = th.stack;
              const dest = pf.func - 1;
              stack[dest] = false;
              stack[dest + 1] = ev;
              this.placeResults(stack, dest, dest, 2, pf.nresults);
              if ((pf.flags & F_FRESH) !== 0) return 0;
              if ((pf.flags & F_COBASE) !== 0) {
                // pcall frame was a coroutine body: finished
                this.coFinish(th, dest, dest + 2);
                th = this.th;
                stack = th.stack;
              }
              break;
            }
            if (th !== entryTh) {
              // coroutine dies with an error; deliver to resumer
              const co = th;
              const r = co.resumer!;
              co.status = 'dead';
              co.depth = 0;
              co.resumer = null;
              this.switchTo(r);
              r.status = 'running';
              if (co.resumeWrap) {
                if (typeof ev === 'string' || typeof ev === 'number') {
                  const rf = r.frames[r.depth - 1];
                  ev = (rf.cl === this.trampoline ? '' : this.framePos(rf)) + (typeof ev === 'string' ? ev : numberToStringF(ev));
                }
                continue; // propagate in resumer
              }
              const rs = r.stack;
              const dest = co.resumeFunc;
              rs[dest] = false;
              rs[dest + 1] = ev;
              this.placeResults(rs, dest, dest, 2, co.resumeWanted);
              th = r;
              stack = rs;
              break;
            }
            th.depth = entryDepth;
            const out = new LuaError(ev);
            out.propagated = true;
            throw out;
          }
          ci = th.frames[th.depth - 1];
          cl = ci.cl!;
          p = cl.p; code = p.code; k = p.k; upv = cl.upvals; base = ci.base; pc = ci.pc;
        }
      }
    } finally {
      this.nest--;
      // charge the unfinished part of the current slice
      if (budget >= 0) {
        const used = sliceLen - budget;
        this.instructionCount += used;
        this.hostBudget -= used;
      }
    }
  }

  private unwindForAbort(entryTh: Coroutine, entryDepth: number): void {
    let t: Coroutine | null = this.th;
    while (t !== null && t !== entryTh) {
      t.status = 'dead';
      t.depth = 0;
      const r: Coroutine | null = t.resumer;
      t.resumer = null;
      t = r;
    }
    this.th = entryTh;
    this.stack = entryTh.stack;
    entryTh.status = 'running';
    entryTh.depth = entryDepth;
  }

  /**
   * End of an instruction slice: accounting, abort requests, memory check.
   * Returns the next slice length, or -1 to suspend (root loop only).
   */
  private sliceEnd(used: number, canSuspend: boolean): number {
    this.instructionCount += used;
    this.hostBudget -= used;
    if (this.abortMsg !== null) {
      const m = this.abortMsg;
      throw new LuaAbort(m);
    }
    if (this.memoryLimit > 0 && this.mem.debt > this.gcThreshold) this.checkMemory();
    if (this.hostBudget <= 0 && this.running) {
      if (canSuspend) return -1;
      if (this.onNestedBudget !== null && this.onNestedBudget()) throw new LuaAbort(this.abortMessage);
      return 10000;
    }
    return this.hostBudget < SLICE && this.hostBudget > 0 ? this.hostBudget : SLICE;
  }
}

// ===================================================================== helpers

const ARITH_EVENTS: string[] = [];
ARITH_EVENTS[O.OP_ADD] = '__add';
ARITH_EVENTS[O.OP_SUB] = '__sub';
ARITH_EVENTS[O.OP_MUL] = '__mul';
ARITH_EVENTS[O.OP_DIV] = '__div';
ARITH_EVENTS[O.OP_MOD] = '__mod';
ARITH_EVENTS[O.OP_POW] = '__pow';
ARITH_EVENTS[O.OP_UNM] = '__unm';

function arithNum(op: number, x: number, y: number): number {
  switch (op) {
    case O.OP_ADD: return x + y;
    case O.OP_SUB: return x - y;
    case O.OP_MUL: return x * y;
    case O.OP_DIV: return x / y;
    case O.OP_MOD: return x - Math.floor(x / y) * y;
    case O.OP_POW: return luaPowF(x, y);
    case O.OP_UNM: return -x;
  }
  return NaN;
}

function tonum(v: LuaValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return stringToNumber(v);
  return undefined;
}

function truthy(v: LuaValue): boolean {
  return v !== undefined && v !== false;
}

/** Normalises anything thrown into a LuaError without position (host boundary). */
export function hostErr(e: unknown): LuaError {
  if (e instanceof LuaError) return e;
  if (e instanceof RtError) {
    if (e.tname === '') return new LuaError(e.msg);
    return new LuaError(`attempt to ${e.msg} a ${e.tname} value`);
  }
  if (e instanceof LuaAbort) throw e;
  if (e instanceof RangeError) {
    const m = String(e.message);
    if (m.indexOf('call stack') >= 0) return new LuaError('stack overflow');
    return new LuaError('not enough memory');
  }
  return new LuaError('internal error: ' + String(e instanceof Error ? e.stack ?? e.message : e));
}
