/**
 * Value conversions between RESP replies and Lua values, following Redis 7.2's
 * script_lua.c (`redisProtocolToLuaType` and `luaReplyToRedisReply`).
 *
 * RESP -> Lua (a command's reply inside redis.call):
 *   integer -> number; bulk -> string; null bulk / null array (RESP2) -> false;
 *   status -> {ok=s}; error -> {err=s, ignore_error_stats_update=true} (see luaErrorTable);
 *   array -> array table; RESP3 (after redis.setresp(3)): null -> nil, boolean -> boolean,
 *   double -> {double=n}, big number -> {big_number=s}, verbatim ->
 *   {verbatim_string={format=f, string=s}}, map -> {map={k=v}}, set -> {set={k=true}};
 *   attributes are skipped.
 *
 * Lua -> RESP (the script's return value, written to the caller in its protocol):
 *   string -> bulk; number -> integer (truncated); boolean -> RESP2 scripts: true=:1,
 *   false=null, RESP3 scripts: boolean; table: err -> error, ok -> status, double,
 *   big_number, map, set, verbatim_string, otherwise an array that stops at the first nil;
 *   anything else -> null.
 */
import type { LuaState, LuaTable, LuaValue } from '../lua/index.js';
import { LuaTable as LuaTableClass } from '../lua/index.js';
import type { Client } from '../server/client.js';

/**
 * Splits an error text the way Redis's `luaPushErrorBuff` does: "-CODE msg" keeps its
 * code, text without a leading '-' gets "ERR"; a trailing CR/LF is trimmed.
 * @returns "CODE msg".
 */
export function errorCodeText(err: string): string {
  let code: string;
  let msg: string;
  if (err.charCodeAt(0) === 45) {
    const sp = err.indexOf(' ');
    if (sp < 0) {
      msg = err.slice(1);
      code = 'ERR';
    } else {
      code = err.slice(1, sp);
      msg = err.slice(sp + 1);
    }
  } else {
    code = 'ERR';
    msg = err;
  }
  msg = msg.replace(/^[\r\n]+|[\r\n]+$/g, '');
  return code + ' ' + msg;
}

/** A table sized for one hash field (status/double/big number replies). */
function oneField(L: LuaState, k: string, v: LuaValue): LuaTable {
  return LuaTableClass.withField(L.mem, k, v);
}

/** A status table {ok=s} (a status reply inside redis.call). */
export function statusTable(L: LuaState, s: string): LuaTable {
  return oneField(L, 'ok', s);
}

/** An error table {err="CODE msg"} as Redis's luaPushError builds it. */
export function luaErrorTable(L: LuaState, err: string, ignoreStats: boolean): LuaTable {
  const t = L.newTable();
  t.setStr('err', errorCodeText(err));
  if (ignoreStats) t.setStr('ignore_error_stats_update', true);
  return t;
}

/**
 * Parses one complete RESP2/RESP3 reply from `s` (a one-byte string) into Lua values.
 * Holds the cursor between calls; one instance per scripting engine.
 */
export class ReplyToLua {
  private s = '';
  private p = 0;

  /** Converts the reply that starts at offset 0 of `s`. */
  convert(L: LuaState, s: string): LuaValue {
    if (s.length === 0) return false; // a command that replied nothing (never in Redis)
    this.s = s;
    this.p = 0;
    const v = this.value(L);
    this.s = '';
    return v;
  }

  private line(): string {
    const s = this.s;
    const eol = s.indexOf('\r\n', this.p);
    const l = s.slice(this.p + 1, eol);
    this.p = eol + 2;
    return l;
  }

  private value(L: LuaState): LuaValue {
    const s = this.s;
    const t = s.charCodeAt(this.p);
    switch (t) {
      case 36: { // $
        const len = parseInt(this.line(), 10);
        if (len < 0) return false;
        const v = s.slice(this.p, this.p + len);
        this.p += len + 2;
        return v;
      }
      case 58: // :
        return Number(this.line());
      case 43: // +
        return oneField(L, 'ok', this.line());
      case 45: // -
        return luaErrorTable(L, '-' + this.line(), true);
      case 42: { // *
        const n = parseInt(this.line(), 10);
        if (n < 0) return false;
        const tb = new LuaTableClass(L.mem, n, 0);
        for (let i = 1; i <= n; i++) tb.setInt(i, this.value(L));
        return tb;
      }
      case 37: { // % map
        const n = parseInt(this.line(), 10);
        const m = L.newTable();
        for (let i = 0; i < n; i++) {
          const k = this.value(L);
          const v = this.value(L);
          if (k !== undefined) m.set(k, v);
        }
        const tb = L.newTable();
        tb.setStr('map', m);
        return tb;
      }
      case 126: { // ~ set
        const n = parseInt(this.line(), 10);
        const m = L.newTable();
        for (let i = 0; i < n; i++) {
          const k = this.value(L);
          if (k !== undefined) m.set(k, true);
        }
        const tb = L.newTable();
        tb.setStr('set', m);
        return tb;
      }
      case 95: // _
        this.line();
        return undefined;
      case 35: // #
        return this.line() === 't';
      case 44: { // ,
        const l = this.line();
        const d = l === 'inf' ? Infinity : l === '-inf' ? -Infinity : l === 'nan' || l === '-nan' ? NaN : Number(l);
        return oneField(L, 'double', d);
      }
      case 40: { // ( big number
        return oneField(L, 'big_number', this.line());
      }
      case 61: { // = verbatim
        const len = parseInt(this.line(), 10);
        const body = s.slice(this.p, this.p + len);
        this.p += len + 2;
        const v = L.newTable();
        v.setStr('format', body.slice(0, 3));
        v.setStr('string', body.slice(4));
        const tb = L.newTable();
        tb.setStr('verbatim_string', v);
        return tb;
      }
      case 124: { // | attribute: skipped
        const n = parseInt(this.line(), 10);
        for (let i = 0; i < 2 * n; i++) this.value(L);
        return this.value(L);
      }
      case 62: { // > push (not expected): as array
        const n = parseInt(this.line(), 10);
        const tb = L.newTable();
        for (let i = 1; i <= n; i++) tb.setInt(i, this.value(L));
        return tb;
      }
      default:
        throw new Error('bad reply type ' + t);
    }
  }
}

const LLONG_MIN = -9223372036854775808n;

/** `(long long)d` as x86-64 computes it (out of range and NaN give LLONG_MIN). */
export function doubleToLongLong(d: number): number | bigint {
  if (d !== d) return LLONG_MIN;
  const t = Math.trunc(d);
  if (t >= -9007199254740991 && t <= 9007199254740991) return t === 0 ? 0 : t;
  if (t >= 9223372036854775807 || t < -9223372036854775808) return LLONG_MIN;
  return BigInt(t);
}

/**
 * Error information extracted from a Lua error table (Redis `luaExtractErrorInformation`).
 * The table's `source`/`line` fields are not read: a script's error suffix comes from the
 * raise point the VM records (LuaState.errorSource), which Redis's error handler writes over
 * those fields anyway.
 */
export interface ErrorInfo {
  msg: string | null;
  ignoreStats: boolean;
}

/** Reads err/ignore_error_stats_update from an error table. */
export function extractErrorInfo(L: LuaState, t: LuaTable): ErrorInfo {
  const e = t.getStr('err');
  return {
    msg: typeof e === 'string' || typeof e === 'number' ? L.toStringCoerce(e) ?? null : null,
    ignoreStats: t.getStr('ignore_error_stats_update') === true,
  };
}

/** Sends an error reply "-<msg>" (CR/LF -> spaces), optionally without counting it in errorstats. */
export function addReplyErrorRaw(c: Client, msg: string, ignoreStats: boolean): void {
  let m = msg.charCodeAt(0) === 45 ? msg : '-' + msg;
  if (m.indexOf('\r') >= 0 || m.indexOf('\n') >= 0) m = m.replace(/[\r\n]/g, ' ');
  if (ignoreStats) c.addReplyProto(m + '\r\n');
  else c.addReplyError(m);
}

/**
 * Writes Lua value `v` to `c` as Redis's `luaReplyToRedisReply` does. `scriptResp` is the
 * script's RESP version (redis.setresp), which decides how booleans are sent.
 */
export function luaToReply(L: LuaState, c: Client, v: LuaValue, scriptResp: number, depth = 0): void {
  switch (typeof v) {
    case 'string':
      c.addReplyBulk(v);
      return;
    case 'number':
      c.addReplyLongLong(doubleToLongLong(v));
      return;
    case 'boolean':
      if (scriptResp === 2) {
        if (v) c.addReplyProto(':1\r\n');
        else c.addReplyNull();
      } else c.addReplyBool(v);
      return;
    default:
      break;
  }
  if (!(v instanceof LuaTableClass)) {
    c.addReplyNull();
    return;
  }
  const t = v;
  if (depth > 1000) {
    c.addReplyError('reached lua stack limit');
    return;
  }
  const err = t.getStr('err');
  if (typeof err === 'string') {
    const info = extractErrorInfo(L, t);
    addReplyErrorRaw(c, '-' + (info.msg ?? ''), info.ignoreStats);
    return;
  }
  const ok = t.getStr('ok');
  if (typeof ok === 'string') {
    c.addReplyStatus(ok.replace(/[\r\n]/g, ' '));
    return;
  }
  const dbl = t.getStr('double');
  if (typeof dbl === 'number') {
    c.addReplyDouble(dbl);
    return;
  }
  const big = t.getStr('big_number');
  if (typeof big === 'string') {
    c.addReplyBigNum(big.replace(/[\r\n]/g, ' '));
    return;
  }
  const map = t.getStr('map');
  if (map instanceof LuaTableClass) {
    let n = 0;
    const h = c.addReplyDeferredLen();
    for (let k = map.next(undefined); k !== undefined; k = map.next(k)) {
      const val = map.nextValue;
      luaToReply(L, c, k, scriptResp, depth + 1);
      luaToReply(L, c, val, scriptResp, depth + 1);
      n++;
    }
    c.setDeferredMapLen(h, n);
    return;
  }
  const set = t.getStr('set');
  if (set instanceof LuaTableClass) {
    let n = 0;
    const h = c.addReplyDeferredLen();
    for (let k = set.next(undefined); k !== undefined; k = set.next(k)) {
      luaToReply(L, c, k, scriptResp, depth + 1);
      n++;
    }
    c.setDeferredSetLen(h, n);
    return;
  }
  const verb = t.getStr('verbatim_string');
  if (verb instanceof LuaTableClass) {
    const fmt = verb.getStr('format');
    const str = verb.getStr('string');
    if (typeof fmt === 'string' && typeof str === 'string') {
      c.addReplyVerbatim(str, fmt);
      return;
    }
  }
  // Array: stop at the first nil.
  let n = 0;
  const h = c.addReplyDeferredLen();
  for (let j = 1; ; j++) {
    const e = t.getInt(j);
    if (e === undefined) break;
    luaToReply(L, c, e, scriptResp, depth + 1);
    n++;
  }
  c.setDeferredArrayLen(h, n);
}
