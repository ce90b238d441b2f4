/**
 * The scripting engine shared by EVAL scripts and functions (Redis script.c + script_lua.c):
 * the fake script client, the run context, the redis.* API, the Lua state setup with Redis 7's
 * global protection, and running a script with the busy-script machinery.
 *
 * A script runs on the engine's instruction budget (`L.start` / `L.resume`). While it runs for
 * less than `busy-reply-threshold` ms it runs synchronously. Past that, the server becomes
 * "busy": `server.busyScriptClient` is set (the dispatcher then answers BUSY to every command
 * not flagged allow_busy), the caller is held (CLIENT_BLOCKED) and the script continues in
 * later event-loop turns (setImmediate), still atomically: no other command touches the
 * dataset until it ends. SCRIPT KILL / FUNCTION KILL abort it unless it already wrote
 * (UNKILLABLE). Scripts are never timed out by the server itself.
 */
import { createHash } from 'node:crypto';
import { LuaState, LuaTable, LuaError, HostFunction, typeName, type LuaValue, type HostFn, type LuaClosure, type RunResult, type CallInfo } from '../lua/index.js';
import { openRedisLibs } from '../lua/lib/index.js';
import type { RedisServer } from '../server/server.js';
import { REDIS_VERSION, REDIS_VERSION_NUM } from '../server/server.js';
import { Client, CLIENT_SCRIPT, CLIENT_DENY_BLOCKING, CLIENT_FAKE, CLIENT_BLOCKED, CLIENT_CLOSE_ASAP, CLIENT_EXECUTING_MULTI, CLIENT_MULTI } from '../server/client.js';
import { lookupCommand, call } from '../commands/dispatch.js';
import { CMD_WRITE, CMD_MAY_REPLICATE, CMD_NOSCRIPT, type RedisCommand } from '../commands/types.js';
import { Tracking } from '../server/tracking.js';
import { formatDouble } from '../util/numbers.js';
import { ScriptClient, DV_NONE, DV_BULK, DV_INT, DV_STATUS, DV_FALSE } from './script-client.js';
import { ReplyToLua, luaErrorTable, statusTable, luaToReply, extractErrorInfo, addReplyErrorRaw } from './convert.js';

/** Script flags (Redis SCRIPT_FLAG_*), from a shebang or a function registration. */
export const SCRIPT_FLAG_NO_WRITES = 1 << 0;
export const SCRIPT_FLAG_ALLOW_OOM = 1 << 1;
export const SCRIPT_FLAG_ALLOW_STALE = 1 << 2;
export const SCRIPT_FLAG_NO_CLUSTER = 1 << 3;
/** A script without shebang: legacy EVAL semantics. */
export const SCRIPT_FLAG_EVAL_COMPAT_MODE = 1 << 4;
export const SCRIPT_FLAG_ALLOW_CROSS_SLOT = 1 << 5;

/** Flag names in Redis's `scripts_flags_def` order (FUNCTION LIST prints them in this order). */
export const SCRIPT_FLAGS_DEF: ReadonlyArray<readonly [string, number]> = [
  ['no-writes', SCRIPT_FLAG_NO_WRITES],
  ['allow-oom', SCRIPT_FLAG_ALLOW_OOM],
  ['allow-stale', SCRIPT_FLAG_ALLOW_STALE],
  ['no-cluster', SCRIPT_FLAG_NO_CLUSTER],
  ['allow-cross-slot-keys', SCRIPT_FLAG_ALLOW_CROSS_SLOT],
];

/** Redis's shared busy errors. */
export const SLOW_EVAL_ERR = '-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.';
export const SLOW_SCRIPT_ERR = '-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.';

/** Instructions per budget slice (Redis's count hook runs every 100000 instructions). */
const SLICE = 100000;
/** While busy, how long one event-loop turn keeps running the script before yielding (ms). */
const BUSY_TURN_MS = 10;

/** SHA1 of a one-byte string, lowercase hex (Redis `sha1hex`). */
export function sha1hex(s: string): string {
  return createHash('sha1').update(s, 'latin1').digest('hex');
}

/** The state of one script execution (Redis `scriptRunCtx`). */
export class RunCtx {
  /** The client that sent EVAL/FCALL. */
  caller: Client;
  /** The caller's argv (FUNCTION STATS "command"). */
  callerArgv: string[];
  /** The SHA (EVAL) or function name (FCALL), used in error suffixes. */
  funcname: string;
  /** True for EVAL scripts, false for functions. */
  isEval: boolean;
  /** Write commands refused (EVAL_RO / FCALL_RO / no-writes). */
  readOnly: boolean;
  /** A write command was executed: the script cannot be killed. */
  writeDirty = false;
  /** SCRIPT KILL / FUNCTION KILL requested. */
  killed = false;
  /** Past busy-reply-threshold: the server answers BUSY. */
  timedOut = false;
  /** Start time, ms (Date.now()). */
  startTime: number;
  /** The command time snapshot every command of the script sees (the caller's), Unix ms. */
  timeSnapshot: number;
  /** The Lua state running it. */
  L: LuaState;
  /** The script's RESP version (redis.setresp), 2 by default. */
  resp = 2;
  /**
   * Raw chunk name ("@user_script") of the position SCRIPT KILL stopped the script at, or
   * null; other errors take their raise point from the Lua state (LuaState.errorSource).
   */
  killSource: string | null = null;
  /** The line of {@link killSource}. */
  killLine = 0;

  constructor(caller: Client, funcname: string, isEval: boolean, readOnly: boolean, L: LuaState) {
    this.caller = caller;
    this.callerArgv = caller.argv;
    this.funcname = funcname;
    this.isEval = isEval;
    this.readOnly = readOnly;
    this.timeSnapshot = caller.server.cmdTimeSnapshot;
    // The dispatcher takes the command time (Date.now()) just before running EVAL/FCALL:
    // the script's start, without another clock read (costly on some hosts).
    this.startTime = this.timeSnapshot;
    this.L = L;
  }
}

/**
 * Parses a script shebang (Redis `evalExtractShebangFlags`).
 * @returns [flags, shebang length] or an error string. Without "#!" the script is in
 *   EVAL compatibility mode with shebang length 0.
 */
export function extractShebangFlags(body: string): [number, number] | string {
  if (!body.startsWith('#!')) return [SCRIPT_FLAG_EVAL_COMPAT_MODE, 0];
  const end = body.indexOf('\n');
  if (end < 0) return 'Invalid script shebang';
  const parts = splitArgsSimple(body.slice(0, end));
  if (parts === null || parts.length === 0) return 'Invalid engine in script shebang';
  if (parts[0] !== '#!lua') return 'Unexpected engine in script shebang: ' + parts[0];
  let flags = 0;
  for (let j = 1; j < parts.length; j++) {
    const p = parts[j];
    if (p.startsWith('flags=')) {
      const list = p.slice(6).split(',');
      for (const f of list) {
        if (p.length === 6) break;
        const def = SCRIPT_FLAGS_DEF.find((d) => d[0] === f);
        if (def === undefined) return 'Unexpected flag in script shebang: ' + f;
        flags |= def[1];
      }
    } else {
      return 'Unknown lua shebang option: ' + p;
    }
  }
  return [flags, end];
}

/** Redis `sdssplitargs` for shebang lines (quotes supported); null on unbalanced quotes. */
export function splitArgsSimple(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (true) {
    while (i < n && /\s/.test(line[i])) i++;
    if (i >= n) return out;
    let cur = '';
    if (line[i] === '"' || line[i] === "'") {
      const q = line[i++];
      let closed = false;
      while (i < n) {
        const ch = line[i];
        if (q === '"' && ch === '\\' && i + 1 < n) {
          cur += line[i + 1];
          i += 2;
          continue;
        }
        if (ch === q) {
          closed = true;
          i++;
          break;
        }
        cur += ch;
        i++;
      }
      if (!closed || (i < n && !/\s/.test(line[i]))) return null;
    } else {
      while (i < n && !/\s/.test(line[i])) cur += line[i++];
    }
    out.push(cur);
  }
}

/** What a Lua state for scripts exposes to the engine. */
export interface ScriptLuaState {
  L: LuaState;
  /** The runtime `redis` table. */
  redis: LuaTable;
}

/**
 * The scripting engine of one server: the script client, the current run, the redis.* API.
 * EVAL's script cache and the function libraries build on it (eval.ts, functions.ts).
 */
export class ScriptingEngine {
  readonly server: RedisServer;
  /** The fake client EVAL scripts run commands with (Redis `lctx.lua_client`). */
  readonly evalClient: ScriptClient;
  /** The fake client functions run commands with (the Lua function engine's client). */
  readonly functionClient: ScriptClient;
  /** The client of the current run (one of the two above). */
  private client: ScriptClient;
  /** The running script, or null. */
  current: RunCtx | null = null;
  /** Ready keys held back while a busy script runs across event-loop turns. */
  private heldReadyKeys: RedisServer['readyKeys'] = [];
  /**
   * The client whose EXEC is running a queue it can continue later (set by EXEC around its
   * loop): a script it runs may go busy like a plain EVAL (other clients get BUSY, as in
   * Redis) instead of running to completion synchronously. EXEC then stops at the script,
   * and {@link onBusyEnd} runs the rest of the queue when the script ends.
   */
  resumableExec: Client | null = null;
  /** Run when the busy script ends, before the caller's input resumes (EXEC's rest), or null. */
  private busyContinuation: (() => void) | null = null;
  private readonly conv = new ReplyToLua();
  private readonly apiCall: HostFn = (L, b, n) => this.redisGenericCommand(L, b, n, true);
  private readonly apiPcall: HostFn = (L, b, n) => this.redisGenericCommand(L, b, n, false);
  private readonly continueBound = (): void => this.continueBusy();

  constructor(server: RedisServer) {
    this.server = server;
    // Redis creates both at startup (client ids 1 and 2; the first connection gets id 3).
    this.evalClient = createScriptClient(server);
    this.functionClient = createScriptClient(server);
    this.client = this.evalClient;
  }

  // ---------------------------------------------------------------------------------------
  // Lua state setup
  // ---------------------------------------------------------------------------------------

  /**
   * Creates a Lua state as Redis 7.2 sets one up: base/table/string/math/coroutine plus
   * cjson, cmsgpack, struct, bit; no os/print/dofile/loadfile; `load` and
   * `__redis__err__handler`; the `redis` table; library tables and _G readonly; reading a
   * missing global raises "Script attempted to access nonexistent global variable".
   * @param protectGlobals false for the functions engine (it protects its own globals).
   */
  createLuaState(protectGlobals: boolean): ScriptLuaState {
    // Redis never seeds its lrand48 for scripts: the state starts at lrand48's default
    // x = 0x1234ABCD330E, which is seed 0x1234ABCD in the engine's (seed << 16) | 0x330E.
    const L = new LuaState({ memoryLimit: 0, seed: 0x1234abcd });
    const libs = openRedisLibs(L);
    const G = L.globals;
    for (const name of ['os', 'print', 'dofile', 'loadfile', 'getfenv', 'setfenv', 'module', 'require', 'package', 'newproxy', 'debug', 'io']) {
      G.setStr(name, undefined);
    }
    G.setStr('error', L.newFunction('error', this.luaError));
    const math = G.getStr('math');
    if (math instanceof LuaTable) {
      math.setStr('random', L.newFunction('random', this.mathRandom));
      math.setStr('randomseed', L.newFunction('randomseed', this.mathRandomseed));
    }
    if (G.getStr('load') === undefined) G.setStr('load', L.newFunction('load', luaLoad));
    G.setStr('__redis__err__handler', L.newFunction('__redis__err__handler', errHandler));
    // Redis 7 replaces pcall: a caught error table with a string `err` field is returned as
    // that string (script_lua.c luaRedisPcall). Written in Lua so pcall'd code stays suspendable.
    const wrapPcall = L.call(L.loadHidden(PCALL_WRAPPER, '=pcall'))[0];
    G.setStr('pcall', L.call(wrapPcall, [G.getStr('pcall'), G.getStr('type'), G.getStr('rawget'), G.getStr('select')])[0]);
    const redis = this.createRedisTable(L);
    G.setStr('redis', redis);
    for (const t of [libs.string, libs.cjson, libs.cmsgpack, libs.struct, libs.bit, G.getStr('math'), G.getStr('table'), G.getStr('coroutine'), redis]) {
      if (t instanceof LuaTable) t.readonly = true;
    }
    if (protectGlobals) {
      const mt = L.newTable();
      mt.setStr('__index', L.newFunction('__index', nonexistentGlobal));
      G.metatable = mt;
      G.readonly = true;
    }
    return { L, redis };
  }

  /** The runtime `redis` table (everything but register_function). */
  private createRedisTable(L: LuaState): LuaTable {
    const r = L.newTable();
    L.register(r, {
      call: this.apiCall,
      pcall: this.apiPcall,
      log: this.apiLog,
      setresp: this.apiSetresp,
      sha1hex: apiSha1hex,
      error_reply: apiErrorReply,
      status_reply: apiStatusReply,
      set_repl: this.apiSetRepl,
      replicate_commands: apiReplicateCommands,
      breakpoint: apiBreakpoint,
      debug: apiDebug,
      acl_check_cmd: this.apiAclCheckCmd,
    });
    addLogConstants(r);
    r.setStr('REPL_ALL', 3);
    r.setStr('REPL_AOF', 1);
    r.setStr('REPL_SLAVE', 2);
    r.setStr('REPL_REPLICA', 2);
    r.setStr('REPL_NONE', 0);
    return r;
  }

  // ---------------------------------------------------------------------------------------
  // The redis.* API
  // ---------------------------------------------------------------------------------------

  /** Raises an error table {err="ERR <msg>"} (Redis luaPushError + luaError). */
  raise(L: LuaState, msg: string, ignoreStats = false): never {
    throw new LuaError(luaErrorTable(L, msg, ignoreStats));
  }

  // Redis's PRNG is one process-wide redisLrand48 shared by every Lua state and never reset
  // by SCRIPT FLUSH; here it is one per server. Initial state: lrand48's default x.
  private randHi = 0x1234ab;
  private randLo = 0xcd330e;

  /** redisLrand48: x = 0x5DEECE66D * x + 0xB mod 2^48; @returns x >> 17 (31 bits). */
  private lrand48(): number {
    const aHi = 0x5de;
    const aLo = 0xece66d;
    const lo = this.randLo;
    const hi = this.randHi;
    const p0 = lo * aLo + 0xb;
    const lo2 = p0 % 0x1000000;
    const carry = Math.floor(p0 / 0x1000000);
    const hi2 = (carry + ((hi * aLo) % 0x1000000) + ((lo * aHi) % 0x1000000)) % 0x1000000;
    this.randLo = lo2;
    this.randHi = hi2;
    return hi2 * 128 + Math.floor(lo2 / 131072);
  }

  /** math.random as Redis's redis_math_random. */
  private readonly mathRandom: HostFn = (L, b, n) => {
    const r = (this.lrand48() % 2147483647) / 2147483647;
    if (n === 0) {
      L.push(r);
    } else if (n === 1) {
      const u = L.checkInteger(b, n, 0);
      if (u < 1) L.argError(0, 'interval is empty');
      L.push(Math.floor(r * u) + 1);
    } else if (n === 2) {
      const l = L.checkInteger(b, n, 0);
      const u = L.checkInteger(b, n, 1);
      if (l > u) L.argError(1, 'interval is empty');
      L.push(Math.floor(r * (u - l + 1)) + l);
    } else {
      L.error('wrong number of arguments');
    }
    return 1;
  };

  /** math.randomseed as Redis's redis_math_randomseed (redisSrand48). */
  private readonly mathRandomseed: HostFn = (L, b, n) => {
    const s = L.checkInteger(b, n, 0) >>> 0;
    const x = s * 65536 + 0x330e;
    this.randHi = Math.floor(x / 0x1000000) % 0x1000000;
    this.randLo = x % 0x1000000;
    return 0;
  };

  /** Lua 5.1's `error(message [, level])`. */
  private readonly luaError: HostFn = (L, b, n) => {
    const level = L.optInteger(b, n, 1, 1);
    let v = n > 0 ? L.stack[b] : undefined;
    if (level > 0 && (typeof v === 'string' || typeof v === 'number')) {
      v = L.where(level) + (typeof v === 'string' ? v : L.toStringCoerce(v));
    }
    throw new LuaError(v);
  };

  /** Converts Lua arguments to argv (Redis `luaArgsToRedisArgv`); null after raising/pushing an error. */
  private argsToArgv(L: LuaState, b: number, n: number): string[] | LuaTable {
    if (n === 0) return luaErrorTable(L, 'Please specify at least one argument for this redis lib call', false);
    const argv = new Array<string>(n);
    const st = L.stack;
    for (let j = 0; j < n; j++) {
      const v = st[b + j];
      if (typeof v === 'string') argv[j] = v;
      else if (typeof v === 'number') argv[j] = v === 0 ? '0' : formatDouble(v);
      else return luaErrorTable(L, 'Lua redis lib command arguments must be strings or integers', false);
    }
    return argv;
  }

  /** redis.call / redis.pcall (Redis `luaRedisGenericCommand`). */
  private redisGenericCommand(L: LuaState, b: number, n: number, raise: boolean): number {
    const ctx = this.current;
    if (ctx === null) this.raise(L, 'redis.call/pcall can only be called inside a script invocation');
    const argv = this.argsToArgv(L, b, n);
    let result: LuaValue;
    if (argv instanceof LuaTable) {
      if (raise) {
        throw new LuaError(argv);
      }
      L.push(argv);
      return 1;
    }
    const err = this.scriptCall(ctx, argv);
    if (err !== null) {
      result = luaErrorTable(L, err, true);
    } else {
      const c = this.client;
      const kind = c.dkind;
      if (kind !== DV_NONE) {
        // a scalar reply held as a value (script-client.ts)
        if (kind === DV_BULK) result = c.dstr;
        else if (kind === DV_INT) result = c.dnum;
        else if (kind === DV_STATUS) result = statusTable(L, c.dstr);
        else result = kind === DV_FALSE ? false : undefined; // null: false in RESP2 ($-1, *-1), nil in RESP3 (_)
        c.clearHeld();
      } else {
        // The script client's reply buffer, parsed back into Lua values.
        const buf = c.reply;
        const reply = buf.length === 1 ? buf.pop()! : c.takeReply();
        c.replyBytes = 0;
        result = this.conv.convert(L, reply);
        if (raise && reply.charCodeAt(0) === 45) {
          throw new LuaError(result);
        }
      }
    }
    if (raise && err !== null) {
      throw new LuaError(result);
    }
    L.push(result);
    return 1;
  }

  /**
   * Runs one command from a script after Redis's `scriptCall` checks.
   * @returns null when the command ran (its reply is in the script client's buffer), or
   *   the error text of a rejected call.
   */
  private scriptCall(ctx: RunCtx, argv: string[]): string | null {
    const server = this.server;
    const c = this.client;
    const cmd = lookupCommand(server, argv);
    if (cmd === undefined) return this.rejectScriptCall(null, 'Unknown Redis command called from script');
    const arity = cmd.arity;
    if ((arity > 0 && arity !== argv.length) || argv.length < -arity) {
      return this.rejectScriptCall(cmd, 'Wrong number of args calling Redis command from script');
    }
    const flags = cmd.flags;
    if ((flags & CMD_NOSCRIPT) !== 0) return this.rejectScriptCall(cmd, 'This Redis command is not allowed from script');
    if (ctx.readOnly && (flags & (CMD_WRITE | CMD_MAY_REPLICATE)) !== 0) {
      return this.rejectScriptCall(cmd, 'Write commands are not allowed from read-only scripts.');
    }
    if ((flags & CMD_WRITE) !== 0) ctx.writeDirty = true;
    c.argv = argv;
    c.cmd = cmd;
    c.resp = ctx.resp;
    const prevCurrent = server.currentClient;
    const prevSnapshot = server.cmdTimeSnapshot;
    server.cmdTimeSnapshot = ctx.timeSnapshot;
    call(server, c, cmd);
    server.currentClient = prevCurrent;
    server.cmdTimeSnapshot = prevSnapshot;
    const caller = ctx.caller;
    if (Tracking.shouldRemember(caller, cmd)) server.tracking.rememberKeys(caller, cmd, argv);
    return null;
  }

  private rejectScriptCall(cmd: RedisCommand | null, msg: string): string {
    if (cmd !== null) cmd.stats.rejectedCalls++;
    this.server.afterErrorReply(this.client, '-ERR ' + msg);
    return msg;
  }

  private readonly apiLog: HostFn = (L, b, n) => {
    if (n < 2) this.raise(L, 'redis.log() requires two arguments or more.');
    const lv = L.toNumberCoerce(L.stack[b]);
    if (lv === undefined) this.raise(L, 'First argument must be a number (log level).');
    const level = Math.trunc(lv);
    if (level < 0 || level > 3) this.raise(L, 'Invalid debug level.');
    let msg = '';
    for (let j = 1; j < n; j++) {
      const s = L.toStringCoerce(L.stack[b + j]);
      if (s !== undefined) {
        if (j !== 1) msg += ' ';
        msg += s;
      }
    }
    this.server.log((['debug', 'verbose', 'notice', 'warning'] as const)[level], msg);
    return 0;
  };

  private readonly apiSetresp: HostFn = (L, b, n) => {
    const ctx = this.current;
    if (ctx === null) this.raise(L, 'redis.setresp can only be called inside a script invocation');
    if (n !== 1) this.raise(L, 'redis.setresp() requires one argument.');
    const resp = Math.trunc(L.toNumberCoerce(L.stack[b]) ?? 0);
    if (resp !== 2 && resp !== 3) this.raise(L, 'RESP version must be 2 or 3.');
    ctx.resp = resp;
    return 0;
  };

  private readonly apiSetRepl: HostFn = (L, b, n) => {
    if (this.current === null) this.raise(L, 'redis.set_repl can only be called inside a script invocation');
    if (n !== 1) this.raise(L, 'redis.set_repl() requires two arguments.');
    const flags = Math.trunc(L.toNumberCoerce(L.stack[b]) ?? 0);
    if ((flags & ~3) !== 0) this.raise(L, 'Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.');
    return 0;
  };

  private readonly apiAclCheckCmd: HostFn = (L, b, n) => {
    if (this.current === null) this.raise(L, 'redis.acl_check_cmd can only be called inside a script invocation');
    const argv = this.argsToArgv(L, b, n);
    if (argv instanceof LuaTable) throw new LuaError(argv);
    if (lookupCommand(this.server, argv) === undefined) this.raise(L, 'Invalid command passed to redis.acl_check_cmd()');
    L.push(true);
    return 1;
  };

  // ---------------------------------------------------------------------------------------
  // Running scripts
  // ---------------------------------------------------------------------------------------

  /**
   * Checks a script's flags against the server state before running it (Redis
   * `scriptPrepareForRun`). @returns an error text to reply, or null.
   */
  prepareFlags(flags: number, ro: boolean): string | null {
    if ((flags & SCRIPT_FLAG_EVAL_COMPAT_MODE) === 0) {
      if ((flags & SCRIPT_FLAG_NO_CLUSTER) !== 0 && this.server.config.getBool('cluster-enabled')) {
        return "Can not run script on cluster, 'no-cluster' flag is set.";
      }
      if ((flags & SCRIPT_FLAG_NO_WRITES) === 0 && ro) return 'Can not execute a script with write flag using *_ro command.';
    }
    return null;
  }

  /**
   * Runs `fn(...args)` for `ctx` and replies to `ctx.caller`: synchronously, or, past
   * busy-reply-threshold, across event-loop turns with the server answering BUSY.
   */
  run(ctx: RunCtx, fn: LuaClosure | HostFunction, args: readonly LuaValue[]): void {
    const c = ctx.isEval ? this.evalClient : this.functionClient;
    this.client = c;
    c.clearHeld();
    c.db = ctx.caller.db;
    c.resp = 2;
    ctx.resp = 2;
    this.current = ctx;
    const L = ctx.L;
    L.errorLine = -1;
    let r = L.start(fn, args, SLICE);
    if (r.status === 'suspended') {
      // a long script (over SLICE instructions): from now on check the busy threshold
      const threshold = this.server.config.getNumber('busy-reply-threshold');
      const caller = ctx.caller;
      const canYield =
        caller.socket !== null &&
        (caller.flags & CLIENT_SCRIPT) === 0 &&
        ((caller.flags & (CLIENT_EXECUTING_MULTI | CLIENT_MULTI)) === 0 || this.resumableExec === caller);
      while (r.status === 'suspended') {
        if (canYield && Date.now() - ctx.startTime >= threshold) {
          this.enterBusy(ctx);
          return;
        }
        r = L.resume(SLICE);
      }
    }
    this.finish(ctx, r);
  }

  private enterBusy(ctx: RunCtx): void {
    const server = this.server;
    ctx.timedOut = true;
    server.log(
      'warning',
      'Slow script detected: still in execution after ' + (Date.now() - ctx.startTime) + ' milliseconds. You can try killing the script using the ' +
        (ctx.isEval ? 'SCRIPT KILL' : 'FUNCTION KILL') + ' command. Script name is: ' + ctx.funcname + '.',
    );
    server.busyScriptClient = ctx.caller;
    ctx.caller.flags |= CLIENT_BLOCKED;
    this.holdReadyKeys();
    setImmediate(this.continueBound);
  }

  /** Keeps blocked clients from being served between slices of a busy script. */
  private holdReadyKeys(): void {
    const rk = this.server.readyKeys;
    if (rk.length > 0) {
      for (const k of rk) this.heldReadyKeys.push(k);
      this.server.readyKeys = [];
    }
  }

  /** One event-loop turn of a busy script. */
  private continueBusy(): void {
    const ctx = this.current;
    if (ctx === null) return;
    const L = ctx.L;
    const server = this.server;
    let r: RunResult;
    if (server.isClosed) {
      r = L.abort('ERR server shutting down');
      this.current = null;
      this.busyContinuation = null;
      server.busyScriptClient = null;
      return;
    }
    // This turn's replies (BUSY to other clients) go out before the script's next slice.
    server.handleClientsWithPendingWrites();
    const turnEnd = Date.now() + BUSY_TURN_MS;
    r = { status: 'suspended' };
    do {
      if (ctx.killed) {
        const f = currentFrame(L);
        if (f !== null) {
          ctx.killSource = f.cl!.p.chunkname;
          ctx.killLine = frameLine(f, true);
        }
        r = L.abort('Script killed by user with SCRIPT KILL...');
        server.log('warning', 'Lua script killed by user with SCRIPT KILL.');
        break;
      }
      r = L.resume(SLICE);
    } while (r.status === 'suspended' && Date.now() < turnEnd);
    this.holdReadyKeys();
    if (r.status === 'suspended') {
      setImmediate(this.continueBound);
      return;
    }
    this.finish(ctx, r);
  }

  /** Replies with the script's result or error and ends the run (Redis `scriptResetRun`). */
  private finish(ctx: RunCtx, r: RunResult): void {
    this.current = null;
    const caller = ctx.caller;
    const server = this.server;
    const L = ctx.L;
    if ((caller.flags & CLIENT_CLOSE_ASAP) === 0) {
      if (r.status === 'ok') {
        luaToReply(L, caller, r.values[0], ctx.resp);
      } else if (r.status === 'error') {
        this.replyScriptError(ctx, r.error);
      }
    }
    if (ctx.timedOut) {
      server.busyScriptClient = null;
      caller.flags &= ~CLIENT_BLOCKED;
      const cont = this.busyContinuation;
      this.busyContinuation = null;
      if (cont !== null) {
        // the rest of the caller's EXEC queue (it may start another busy script)
        cont();
        if ((caller.flags & CLIENT_BLOCKED) !== 0) return;
      }
      const held = this.heldReadyKeys;
      this.heldReadyKeys = [];
      for (const k of held) server.readyKeys.push(k);
      if (server.readyKeys.length > 0) server.handleClientsBlockedOnKeys();
      if ((caller.flags & CLIENT_CLOSE_ASAP) === 0) server.resumeInput(caller);
      server.handleClientsWithPendingWrites();
    }
  }

  /**
   * Registers what to run when the current busy script ends (EXEC: the rest of its queue),
   * before the caller's pending input is processed again.
   */
  onBusyEnd(fn: () => void): void {
    this.busyContinuation = fn;
  }

  /**
   * Sends a script's uncaught error as Redis's `luaCallFunction` does: the message, then
   * " script: <name>, on <source>:<line>." where source and line are the raise point that
   * Redis's `__redis__err__handler` reads with debug.getinfo: the raw chunk name
   * ("@user_script", "@user_function", or a loadstring chunk's source text) and the line of
   * the innermost Lua function running (for an error raised by a host function, its caller).
   * Any `source`/`line` fields of an error table are overwritten, as the handler does.
   */
  private replyScriptError(ctx: RunCtx, ev: LuaValue): void {
    const L = ctx.L;
    let msg: string;
    let ignoreStats = false;
    if (ev instanceof LuaTable) {
      const info = extractErrorInfo(L, ev);
      msg = info.msg ?? '';
      ignoreStats = info.ignoreStats;
    } else {
      let s: string;
      try {
        s = L.tostring(ev);
      } catch {
        s = typeName(ev);
      }
      msg = 'ERR ' + s;
    }
    let out = '-' + msg;
    if (ctx.killSource !== null) out += ' script: ' + ctx.funcname + ', on ' + ctx.killSource + ':' + ctx.killLine + '.';
    else if (L.errorLine >= 0) out += ' script: ' + ctx.funcname + ', on ' + L.errorSource + ':' + L.errorLine + '.';
    addReplyErrorRaw(ctx.caller, out, ignoreStats);
  }

  /**
   * SCRIPT KILL / FUNCTION KILL (Redis `scriptKill`): replies OK, NOTBUSY, UNKILLABLE or the
   * BUSY error of the other kind.
   */
  kill(c: Client, isEval: boolean): void {
    const ctx = this.current;
    if (ctx === null || !ctx.timedOut) {
      c.addReplyError('-NOTBUSY No scripts in execution right now.');
      return;
    }
    if (ctx.writeDirty) {
      c.addReplyError(
        '-UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.',
      );
      return;
    }
    if (isEval && !ctx.isEval) {
      c.addReplyError(SLOW_SCRIPT_ERR);
      return;
    }
    if (!isEval && ctx.isEval) {
      c.addReplyError(SLOW_EVAL_ERR);
      return;
    }
    ctx.killed = true;
    c.addReplyOk();
  }
}

/** A fake client for scripts: CLIENT_SCRIPT | CLIENT_DENY_BLOCKING, always authenticated. */
function createScriptClient(server: RedisServer): ScriptClient {
  // createClient allocates the id (and registers nothing for a socketless client)
  const c = new ScriptClient(server, server.createClient(null).id);
  c.flags |= CLIENT_SCRIPT | CLIENT_DENY_BLOCKING | CLIENT_FAKE;
  c.authenticated = true;
  return c;
}

/** The innermost Lua frame of the running thread, or null. */
function currentFrame(L: LuaState): CallInfo | null {
  const th = L.th;
  for (let i = th.depth - 1; i >= 0; i--) {
    const f = th.frames[i];
    if (f.cl !== null && !f.cl.p.hidden) return f;
  }
  return null;
}

/**
 * The line of frame `f`: with `next` the instruction about to run (a suspended script, as
 * Redis's count hook reports it); otherwise the instruction being executed (a metamethod call).
 */
function frameLine(f: CallInfo, next: boolean): number {
  const lines = f.cl!.p.lines;
  let idx = (f.pc >> 2) - (next ? 0 : 1);
  if (idx >= lines.length) idx = lines.length - 1;
  return lines[idx < 0 ? 0 : idx];
}

// With no argument at all, Redis's luaRedisPcall ends up calling the boolean it pushed as
// the result placeholder: false, "attempt to call a boolean value".
const PCALL_WRAPPER = `return function(pcall, type, rawget, select)
  local function fix(ok, e, ...)
    if ok then return ok, e, ... end
    if type(e) == 'table' then
      local m = rawget(e, 'err')
      local t = type(m)
      if t == 'string' or t == 'number' then return false, m end
    end
    return false, e
  end
  return function(...)
    if select('#', ...) == 0 then return false, 'attempt to call a boolean value' end
    return fix(pcall(...))
  end
end`;

/** Adds LOG_DEBUG..LOG_WARNING. */
export function addLogConstants(r: LuaTable): void {
  r.setStr('LOG_DEBUG', 0);
  r.setStr('LOG_VERBOSE', 1);
  r.setStr('LOG_NOTICE', 2);
  r.setStr('LOG_WARNING', 3);
  r.setStr('REDIS_VERSION', REDIS_VERSION);
  r.setStr('REDIS_VERSION_NUM', REDIS_VERSION_NUM);
}

/** __index of protected globals (Redis `luaProtectedTableError`). */
export const nonexistentGlobal: HostFn = (L, b, n) => {
  const k = L.arg(b, n, 1);
  const name = typeof k === 'string' ? k : L.toStringCoerce(k) ?? '';
  // Called as a metamethod: the position is the Lua frame that indexed the table.
  let pos = L.where(1);
  if (pos === '') {
    const f = currentFrame(L);
    if (f !== null) pos = f.cl!.p.source + ':' + frameLine(f, false) + ': ';
  }
  throw new LuaError(pos + "Script attempted to access nonexistent global variable '" + name + "'");
};

function raiseErr(L: LuaState, msg: string): never {
  throw new LuaError(luaErrorTable(L, msg, false));
}

const apiSha1hex: HostFn = (L, b, n) => {
  if (n !== 1) raiseErr(L, 'wrong number of arguments');
  const s = L.toStringCoerce(L.stack[b]) ?? '';
  L.push(sha1hex(s));
  return 1;
};

/**
 * redis.error_reply / redis.status_reply with a bad argument: like Redis, they return (not
 * raise) the error table {err="ERR wrong number or type of arguments"}.
 */
function pushArgError(L: LuaState): number {
  L.push(luaErrorTable(L, 'wrong number or type of arguments', false));
  return 1;
}

const apiErrorReply: HostFn = (L, b, n) => {
  const v = n === 1 ? L.stack[b] : undefined;
  if (n !== 1 || typeof v !== 'string') return pushArgError(L);
  const s = v;
  L.push(luaErrorTable(L, s.charCodeAt(0) === 45 ? s : '-' + s, false));
  return 1;
};

const apiStatusReply: HostFn = (L, b, n) => {
  const v = n === 1 ? L.stack[b] : undefined;
  if (n !== 1 || typeof v !== 'string') return pushArgError(L);
  const t = L.newTable();
  t.setStr('ok', v);
  L.push(t);
  return 1;
};

const apiReplicateCommands: HostFn = (L) => {
  L.push(true);
  return 1;
};

const apiBreakpoint: HostFn = (L) => {
  L.push(false);
  return 1;
};

const apiDebug: HostFn = () => 0;

/** Redis's __redis__err__handler: non-table errors become {err='ERR ' .. tostring(err)}. */
const errHandler: HostFn = (L, b, n) => {
  const e = L.arg(b, n, 0);
  if (e instanceof LuaTable) {
    L.push(e);
    return 1;
  }
  const t = L.newTable();
  t.setStr('err', 'ERR ' + L.tostring(e));
  L.push(t);
  return 1;
};

/** Lua 5.1 `load(func [, chunkname])`: concatenates the pieces `func` returns and compiles them. */
const luaLoad: HostFn = (L, b, n) => {
  const fn = L.arg(b, n, 0);
  if (!(fn instanceof HostFunction) && typeName(fn) !== 'function') L.typeError(b, n, 0, 'function');
  const chunkname = L.optString(b, n, 1, '=(load)');
  let src = '';
  for (;;) {
    const piece = L.call1(fn);
    if (piece === undefined || piece === '') break;
    if (typeof piece !== 'string') {
      L.push(undefined);
      L.push('reader function must return a string');
      return 2;
    }
    src += piece;
  }
  try {
    L.push(L.load(src, chunkname));
    return 1;
  } catch (e) {
    if (e instanceof LuaError) {
      L.push(undefined);
      L.push(e.value);
      return 2;
    }
    throw e;
  }
};
