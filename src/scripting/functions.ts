/**
 * Function libraries (Redis function.c + function_lua.c): FUNCTION LOAD / DELETE / FLUSH /
 * LIST / STATS / DUMP / RESTORE and FCALL(_RO).
 *
 * One Lua state holds every library. Library code runs against a globals table that is
 * empty and readonly; its __index resolves names in the current API table: while loading,
 * only `redis` with register_function, log, the LOG_* constants and REDIS_VERSION(_NUM);
 * when a function runs, the full runtime API (libraries, redis.call, ...). Library-level
 * locals persist between calls because the registered callbacks are closures.
 *
 * Library names are case-sensitive, function names case-insensitive (Redis's dict types);
 * engine names case-insensitive. Dictionary iteration order (FUNCTION LIST) is insertion
 * order here, not Redis's hash order.
 */
import { LuaError, LuaTable, HostFunction, type LuaClosure, type LuaState, type LuaValue, type HostFn } from '../lua/index.js';
import { LuaClosure as LuaClosureClass } from '../lua/index.js';
import type { Client } from '../server/client.js';
import { stringmatchlen } from '../util/glob.js';
import { string2ll } from '../util/numbers.js';
import { ScriptingEngine, RunCtx, SCRIPT_FLAGS_DEF, SCRIPT_FLAG_NO_WRITES, addLogConstants, nonexistentGlobal, splitArgsSimple, SLOW_EVAL_ERR } from './engine.js';
import { luaErrorTable, extractErrorInfo } from './convert.js';
import { makeArray } from './eval.js';
import { RdbReader, rdbEncodeString, addDumpFooter, verifyDumpPayload, RDB_OPCODE_FUNCTION2, RDB_OPCODE_FUNCTION_PRE_GA } from './rdb.js';

/** A registered function (Redis `functionInfo`). */
export interface FunctionInfo {
  name: string;
  callback: LuaClosure | HostFunction;
  desc: string | null;
  flags: number;
  lib: FunctionLibrary;
}

/** A library (Redis `functionLibInfo`). */
export interface FunctionLibrary {
  name: string;
  /** The full code as loaded (shebang included). */
  code: string;
  /** Function name (lowercase) -> function, in registration order. */
  functions: Map<string, FunctionInfo>;
}

/** FUNCTION LOAD's library run-time limit (Redis LOAD_TIMEOUT_MS). */
const LOAD_TIMEOUT_MS = 500;
const LOAD_SLICE = 100000;

/** The set of libraries and functions (Redis `functionsLibCtx`). */
export class LibraryCtx {
  /** Library name -> library (case-sensitive). */
  libraries: Map<string, FunctionLibrary> = new Map();
  /** Lowercase function name -> function. */
  functions: Map<string, FunctionInfo> = new Map();
  /** Bumped on every change of `functions` (invalidates FCALL's lookup cache). */
  version = 0;

  link(li: FunctionLibrary): void {
    this.version++;
    this.libraries.set(li.name, li);
    for (const [k, f] of li.functions) this.functions.set(k, f);
  }

  unlink(li: FunctionLibrary): void {
    this.version++;
    this.libraries.delete(li.name);
    for (const k of li.functions.keys()) this.functions.delete(k);
  }
}

const NAME_RE = /^[A-Za-z0-9_]+$/;
const LIB_NAME_ERR = 'Library names can only contain letters, numbers, or underscores(_) and must be at least one character long';

/** The function engine of one server. */
export class FunctionLibraries {
  private L: LuaState;
  /** Runtime API: the state's own globals (stdlib + redis). */
  private runtimeApi: LuaTable;
  /** Load-time API: { redis = {register_function, log, LOG_*, REDIS_VERSION*} }. */
  private loadApi: LuaTable;
  /** The table currently resolving globals for library code. */
  private api: LuaTable;
  /** Empty readonly globals of library code. */
  private funcG: LuaTable;
  /** funcG's metatable: its __index is the current API table. */
  private funcGMeta: LuaTable;
  /** The library being loaded (register_function target), or null. */
  private loading: FunctionLibrary | null = null;
  /** Current libraries. */
  ctx: LibraryCtx = new LibraryCtx();
  /** FCALL's one-entry lookup cache: the name as sent, for ctx at version lastVersion. */
  private lastName = '';
  private lastCtx: LibraryCtx | null = null;
  private lastVersion = -1;
  private lastFn: FunctionInfo | null = null;

  constructor(readonly engine: ScriptingEngine) {
    const st = engine.createLuaState(false);
    const L = st.L;
    this.L = L;
    this.runtimeApi = L.globals;
    this.runtimeApi.readonly = true;
    // Reading a missing name raises, as Redis's error metatable on the real globals does.
    const rmt = L.newTable();
    rmt.setStr('__index', L.newFunction('__index', nonexistentGlobal));
    this.runtimeApi.metatable = rmt;
    const loadRedis = L.newTable();
    L.register(loadRedis, { register_function: this.registerFunction, log: st.redis.getStr('log') instanceof HostFunction ? (st.redis.getStr('log') as HostFunction).fn : () => 0 });
    addLogConstants(loadRedis);
    const lmt = L.newTable();
    lmt.setStr('__index', L.newFunction('__index', nonexistentGlobal));
    loadRedis.metatable = lmt;
    loadRedis.readonly = true;
    this.loadApi = L.newTable();
    this.loadApi.setStr('redis', loadRedis);
    const amt = L.newTable();
    amt.setStr('__index', L.newFunction('__index', nonexistentGlobal));
    this.loadApi.metatable = amt;
    this.loadApi.readonly = true;
    this.api = this.runtimeApi;
    // As Redis's function engine: the library globals are an empty readonly table whose
    // metatable's __index is the current API table (a table, so a global read is a
    // plain lookup chain, no function call); a name the API lacks hits the API table's
    // error metatable.
    const G = L.newTable();
    const mt = L.newTable();
    mt.setStr('__index', this.runtimeApi);
    G.metatable = mt;
    G.readonly = true;
    this.funcG = G;
    this.funcGMeta = mt;
  }

  /** Switches the API library code sees (load time or run time). */
  private setApi(api: LuaTable): void {
    this.api = api;
    this.funcGMeta.setStr('__index', api);
  }

  /** redis.register_function (Redis `luaRegisterFunction`), positional or named arguments. */
  private readonly registerFunction: HostFn = (L, b, n) => {
    const li = this.loading;
    if (li === null) raise(L, 'redis.register_function can only be called on FUNCTION LOAD command');
    if (n < 1 || n > 2) raise(L, 'wrong number of arguments to redis.register_function');
    let name: string | null = null;
    let desc: string | null = null;
    let callback: LuaClosure | HostFunction | null = null;
    let flags = 0;
    if (n === 1) {
      const t = L.stack[b];
      if (!(t instanceof LuaTable)) raise(L, 'calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).');
      for (let k = t.next(undefined); k !== undefined; k = t.next(k)) {
        const v = t.nextValue;
        if (typeof k !== 'string' && typeof k !== 'number') raise(L, 'named argument key given to redis.register_function is not a string');
        const key = String(L.toStringCoerce(k)).toLowerCase();
        if (key === 'function_name') {
          if (typeof v !== 'string' && typeof v !== 'number') raise(L, 'function_name argument given to redis.register_function must be a string');
          name = L.toStringCoerce(v) ?? '';
        } else if (key === 'description') {
          if (typeof v !== 'string' && typeof v !== 'number') raise(L, 'description argument given to redis.register_function must be a string');
          desc = L.toStringCoerce(v) ?? '';
        } else if (key === 'callback') {
          if (!isFunction(v)) raise(L, 'callback argument given to redis.register_function must be a function');
          callback = v;
        } else if (key === 'flags') {
          if (!(v instanceof LuaTable)) raise(L, 'flags argument to redis.register_function must be a table representing function flags');
          const f = readFlags(L, v);
          if (f === null) raise(L, 'unknown flag given');
          flags = f;
        } else {
          raise(L, 'unknown argument given to redis.register_function');
        }
      }
      if (name === null) raise(L, 'redis.register_function must get a function name argument');
      if (callback === null) raise(L, 'redis.register_function must get a callback argument');
    } else {
      const nv = L.stack[b];
      if (typeof nv !== 'string' && typeof nv !== 'number') raise(L, 'first argument to redis.register_function must be a string');
      name = L.toStringCoerce(nv) ?? '';
      const fv = L.stack[b + 1];
      if (!isFunction(fv)) raise(L, 'second argument to redis.register_function must be a function');
      callback = fv;
    }
    if (!NAME_RE.test(name)) raise(L, LIB_NAME_ERR);
    const key = name.toLowerCase();
    if (li.functions.has(key)) raise(L, 'Function already exists in the library');
    li.functions.set(key, { name, callback, desc, flags, lib: li });
    return 0;
  };

  /**
   * Creates a library from `code` into `target` (Redis `functionsCreateWithLibraryCtx`).
   * @returns the library name, or an error text.
   */
  create(code: string, replace: boolean, target: LibraryCtx, timeoutMs = LOAD_TIMEOUT_MS): string | { err: string } {
    const md = extractLibMetaData(code);
    if (typeof md === 'string') return { err: md };
    if (!NAME_RE.test(md.name)) return { err: LIB_NAME_ERR };
    if (md.engine.toLowerCase() !== 'lua') return { err: "Engine '" + md.engine + "' not found" };
    const old = target.libraries.get(md.name);
    if (old !== undefined && !replace) return { err: "Library '" + md.name + "' already exists" };
    if (old !== undefined) target.unlink(old);
    const li: FunctionLibrary = { name: md.name, code, functions: new Map() };
    const err = this.runLibraryCode(li, md.body, timeoutMs);
    let e: string | null = err;
    if (e === null && li.functions.size === 0) e = 'No functions registered';
    if (e === null) {
      for (const [k, f] of li.functions) {
        if (target.functions.has(k)) {
          e = 'Function ' + f.name + ' already exists';
          break;
        }
      }
    }
    if (e !== null) {
      if (old !== undefined) target.link(old);
      return { err: e };
    }
    target.link(li);
    return li.name;
  }

  /** Compiles and runs a library's code in load mode. @returns an error text or null. */
  private runLibraryCode(li: FunctionLibrary, body: string, timeoutMs: number): string | null {
    const L = this.L;
    const saved = L.globals;
    let fn: LuaClosure;
    L.globals = this.funcG;
    try {
      fn = L.load(body, '@user_function');
    } catch (e) {
      if (e instanceof LuaError) return 'Error compiling function: ' + String(e.value);
      throw e;
    } finally {
      L.globals = saved;
    }
    this.loading = li;
    this.setApi(this.loadApi);
    const start = Date.now();
    try {
      let r = L.start(fn, [], LOAD_SLICE);
      while (r.status === 'suspended') {
        if (timeoutMs > 0 && Date.now() - start > timeoutMs) {
          r = L.abort('ERR FUNCTION LOAD timeout');
          break;
        }
        r = L.resume(LOAD_SLICE);
      }
      if (r.status === 'error') {
        const ev = r.error;
        let msg: string;
        if (ev instanceof LuaTable) msg = extractErrorInfo(L, ev).msg ?? '';
        else if (r.aborted) msg = String(ev);
        else msg = 'ERR ' + (typeof ev === 'string' || typeof ev === 'number' ? String(L.toStringCoerce(ev)) : L.tostring(ev));
        return 'Error registering functions: ' + msg;
      }
      return null;
    } finally {
      this.loading = null;
      this.setApi(this.runtimeApi);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Commands
  // ---------------------------------------------------------------------------------------

  /** FUNCTION LOAD [REPLACE] <code>. */
  loadCommand(c: Client): void {
    const argv = c.argv;
    let replace = false;
    let pos = 2;
    while (pos < argv.length - 1) {
      const a = argv[pos++];
      if (a.toLowerCase() === 'replace') {
        replace = true;
        continue;
      }
      c.addReplyError('Unknown option given: ' + a);
      return;
    }
    if (pos >= argv.length) {
      c.addReplyError('Function code is missing');
      return;
    }
    const r = this.create(argv[pos], replace, this.ctx);
    if (typeof r !== 'string') {
      c.addReplyError(r.err);
      return;
    }
    this.engine.server.dirty++;
    c.addReplyBulk(r);
  }

  /** FUNCTION DELETE <library>. */
  deleteCommand(c: Client): void {
    const li = this.ctx.libraries.get(c.argv[2]);
    if (li === undefined) {
      c.addReplyError('Library not found');
      return;
    }
    this.ctx.unlink(li);
    this.engine.server.dirty++;
    c.addReplyOk();
  }

  /** FUNCTION FLUSH [ASYNC|SYNC]. */
  flushCommand(c: Client): void {
    const argv = c.argv;
    if (argv.length > 3) {
      c.addReplySubcommandSyntaxError();
      return;
    }
    if (argv.length === 3) {
      const m = argv[2].toLowerCase();
      if (m !== 'sync' && m !== 'async') {
        c.addReplyError('FUNCTION FLUSH only supports SYNC|ASYNC option');
        return;
      }
    }
    this.ctx = new LibraryCtx();
    this.engine.server.dirty++;
    c.addReplyOk();
  }

  /** FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE]. */
  listCommand(c: Client): void {
    const argv = c.argv;
    let withCode = false;
    let pattern: string | null = null;
    for (let i = 2; i < argv.length; i++) {
      const a = argv[i].toLowerCase();
      if (!withCode && a === 'withcode') {
        withCode = true;
        continue;
      }
      if (pattern === null && a === 'libraryname') {
        if (i >= argv.length - 1) {
          c.addReplyError('library name argument was not given');
          return;
        }
        pattern = argv[++i];
        continue;
      }
      c.addReplyError('Unknown argument ' + argv[i]);
      return;
    }
    const libs: FunctionLibrary[] = [];
    for (const li of this.ctx.libraries.values()) {
      if (pattern !== null && !stringmatchlen(pattern, li.name, false)) continue;
      libs.push(li);
    }
    c.addReplyArrayLen(libs.length);
    for (const li of libs) {
      c.addReplyMapLen(withCode ? 4 : 3);
      c.addReplyBulk('library_name');
      c.addReplyBulk(li.name);
      c.addReplyBulk('engine');
      c.addReplyBulk('LUA');
      c.addReplyBulk('functions');
      c.addReplyArrayLen(li.functions.size);
      for (const f of li.functions.values()) {
        c.addReplyMapLen(3);
        c.addReplyBulk('name');
        c.addReplyBulk(f.name);
        c.addReplyBulk('description');
        c.addReplyBulkOrNull(f.desc);
        c.addReplyBulk('flags');
        const names = SCRIPT_FLAGS_DEF.filter((d) => (f.flags & d[1]) !== 0);
        c.addReplySetLen(names.length);
        for (const d of names) c.addReplyStatus(d[0]);
      }
      if (withCode) {
        c.addReplyBulk('library_code');
        c.addReplyBulk(li.code);
      }
    }
  }

  /** FUNCTION STATS. */
  statsCommand(c: Client): void {
    const run = this.engine.current;
    if (run !== null && run.isEval) {
      c.addReplyError(SLOW_EVAL_ERR);
      return;
    }
    c.addReplyMapLen(2);
    c.addReplyBulk('running_script');
    if (run === null) {
      c.addReplyNull();
    } else {
      c.addReplyMapLen(3);
      c.addReplyBulk('name');
      c.addReplyBulk(run.funcname);
      c.addReplyBulk('command');
      c.addReplyBulkArray(run.callerArgv);
      c.addReplyBulk('duration_ms');
      c.addReplyLongLong(Date.now() - run.startTime);
    }
    c.addReplyBulk('engines');
    c.addReplyMapLen(1);
    c.addReplyBulk('LUA');
    c.addReplyMapLen(2);
    c.addReplyBulk('libraries_count');
    c.addReplyLongLong(this.ctx.libraries.size);
    c.addReplyBulk('functions_count');
    c.addReplyLongLong(this.ctx.functions.size);
  }

  /** The FUNCTION DUMP payload: one RDB_OPCODE_FUNCTION2 record per library + version + CRC64. */
  dump(): string {
    let p = '';
    for (const li of this.ctx.libraries.values()) p += String.fromCharCode(RDB_OPCODE_FUNCTION2) + rdbEncodeString(li.code);
    return addDumpFooter(p);
  }

  /**
   * The code of every library, for RDB saving (one RDB_OPCODE_FUNCTION2 record each, the
   * code as an RDB string) and AOF rewrite (FUNCTION LOAD <code>).
   */
  libraryCodes(): string[] {
    const out: string[] = [];
    for (const li of this.ctx.libraries.values()) out.push(li.code);
    return out;
  }

  /**
   * Loads one library from an RDB/AOF file (Redis `rdbFunctionLoad`): no time limit.
   * @returns null on success, or the error text.
   */
  loadLibraryCode(code: string, replace = false): string | null {
    const r = this.create(code, replace, this.ctx, 0);
    return typeof r === 'string' ? null : r.err;
  }

  /** FUNCTION DUMP. */
  dumpCommand(c: Client): void {
    c.addReplyBulk(this.dump());
  }

  /** FUNCTION RESTORE <payload> [FLUSH|APPEND|REPLACE]. */
  restoreCommand(c: Client): void {
    const argv = c.argv;
    const data = argv[2];
    let policy = 'append';
    if (argv.length > 3) {
      const p = argv[3].toLowerCase();
      if (p !== 'append' && p !== 'replace' && p !== 'flush') {
        c.addReplyError('Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
        return;
      }
      policy = p;
    }
    if (verifyDumpPayload(data) < 0) {
      c.addReplyError('DUMP payload version or checksum are wrong');
      return;
    }
    const fresh = new LibraryCtx();
    const rd = new RdbReader(data, data.length);
    let err: string | null = null;
    try {
      while (data.length - rd.pos > 10) {
        const type = rd.byte();
        if (type === RDB_OPCODE_FUNCTION_PRE_GA) {
          err = 'Pre-GA function format not supported';
          break;
        }
        if (type !== RDB_OPCODE_FUNCTION2) {
          err = 'given type is not a function';
          break;
        }
        const code = rd.string();
        const r = this.create(code, false, fresh, 0);
        if (typeof r !== 'string') {
          err = r.err;
          break;
        }
      }
    } catch {
      err = err ?? 'failed loading the given functions payload';
    }
    if (err === null) {
      if (policy === 'flush') {
        this.ctx = fresh;
      } else {
        err = this.join(fresh, policy === 'replace');
      }
    }
    if (err !== null) {
      c.addReplyError(err);
      return;
    }
    this.engine.server.dirty++;
    c.addReplyOk();
  }

  /** Adds `src`'s libraries to the current ones (Redis `libraryJoin`). @returns an error or null. */
  private join(src: LibraryCtx, replace: boolean): string | null {
    const dst = this.ctx;
    const replaced: FunctionLibrary[] = [];
    const undo = (): void => {
      for (const li of replaced) dst.link(li);
    };
    for (const li of src.libraries.values()) {
      const old = dst.libraries.get(li.name);
      if (old !== undefined) {
        if (!replace) {
          undo();
          return 'Library ' + li.name + ' already exists';
        }
        dst.unlink(old);
        replaced.push(old);
      }
    }
    for (const [k, f] of src.functions) {
      if (dst.functions.has(k)) {
        undo();
        return 'Function ' + f.name + ' already exists';
      }
    }
    for (const li of src.libraries.values()) dst.link(li);
    return null;
  }

  /** FCALL / FCALL_RO (Redis `fcallCommandGeneric`). */
  fcallCommand(c: Client, ro: boolean): void {
    const argv = c.argv;
    const name = argv[1];
    const libs = this.ctx;
    let f: FunctionInfo | undefined;
    if (name === this.lastName && libs === this.lastCtx && libs.version === this.lastVersion) {
      // the same function as last time, libraries unchanged: no lower-casing and hashing
      f = this.lastFn!;
    } else {
      f = libs.functions.get(name.toLowerCase());
      if (f === undefined) {
        c.addReplyError('Function not found');
        return;
      }
      this.lastName = name;
      this.lastCtx = libs;
      this.lastVersion = libs.version;
      this.lastFn = f;
    }
    const numkeys = string2ll(argv[2]);
    if (numkeys === null) {
      c.addReplyError('Bad number of keys provided');
      return;
    }
    if (numkeys > argv.length - 3) {
      c.addReplyError("Number of keys can't be greater than number of args");
      return;
    }
    if (numkeys < 0) {
      c.addReplyError("Number of keys can't be negative");
      return;
    }
    const engine = this.engine;
    const err = engine.prepareFlags(f.flags, ro);
    if (err !== null) {
      c.addReplyError(err);
      return;
    }
    const L = this.L;
    const ctx = new RunCtx(c, f.name, false, ro || (f.flags & SCRIPT_FLAG_NO_WRITES) !== 0, L);
    const keys = makeArray(L, argv, 3, numkeys);
    const args = makeArray(L, argv, 3 + numkeys, argv.length - 3 - numkeys);
    engine.run(ctx, f.callback, [keys, args]);
  }
}

function isFunction(v: LuaValue): v is LuaClosure | HostFunction {
  return v instanceof LuaClosureClass || v instanceof HostFunction;
}

function raise(L: LuaState, msg: string): never {
  throw new LuaError(luaErrorTable(L, msg, false));
}

/** Reads a flags array (Redis `luaRegisterFunctionReadFlags`). @returns null on an unknown flag. */
function readFlags(L: LuaState, t: LuaTable): number | null {
  let flags = 0;
  for (let j = 1; ; j++) {
    const v = t.getInt(j);
    if (v === undefined) break;
    if (typeof v !== 'string' && typeof v !== 'number') return null;
    const s = L.toStringCoerce(v);
    const def = SCRIPT_FLAGS_DEF.find((d) => d[0] === s);
    if (def === undefined) return null;
    flags |= def[1];
  }
  return flags;
}

/** Parsed "#!<engine> name=<lib>" header (Redis `functionExtractLibMetaData`). */
interface LibMetaData {
  engine: string;
  name: string;
  /** The code with the shebang line cut (its newline kept). */
  body: string;
}

function extractLibMetaData(code: string): LibMetaData | string {
  if (!code.startsWith('#!')) return 'Missing library metadata';
  const end = code.indexOf('\n');
  if (end < 0) return 'Invalid library metadata';
  const parts = splitArgsSimple(code.slice(0, end));
  if (parts === null || parts.length === 0) return 'Invalid library metadata';
  const engine = parts[0].slice(2);
  let name: string | null = null;
  for (let j = 1; j < parts.length; j++) {
    const p = parts[j];
    if (p.slice(0, 5).toLowerCase() === 'name=') {
      name = p.slice(5);
      continue;
    }
    return 'Invalid metadata value given: ' + p;
  }
  if (name === null) return 'Library name was not given';
  return { engine, name, body: code.slice(end) };
}
