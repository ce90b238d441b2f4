/**
 * String commands (Redis 7.2 t_string.c): GET, SET (NX/XX/GET/EX/PX/EXAT/PXAT/KEEPTTL),
 * SETNX, SETEX, PSETEX, GETSET, GETDEL, GETEX, MGET, MSET, MSETNX, APPEND, STRLEN,
 * INCR/DECR/INCRBY/DECRBY, INCRBYFLOAT, GETRANGE/SUBSTR, SETRANGE, LCS.
 *
 * Values are one-byte strings. A bare JS string value reports int/embstr/raw from its
 * content (what `tryObjectEncoding` would pick); results Redis keeps in a raw sds
 * (APPEND/SETRANGE on an existing value, SETRANGE creating a key) are stored as
 * `RawString`, INCRBYFLOAT results as embstr objects (`createStringObjectValue`). Large
 * values written by SETRANGE (and by the bit commands) are buffer-backed `BitmapString`s that
 * SETRANGE/APPEND/STRLEN/GETRANGE use in place (util/bit-bitmap.ts).
 *
 * Not done here (no AOF/replication yet): the argv rewrites Redis does for propagation
 * (SET ... PXAT, GETEX -> PEXPIREAT/PERSIST/DEL, INCRBYFLOAT -> SET KEEPTTL, GETDEL -> DEL).
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { RawString, type RedisValue } from '../keyspace/object.js';
import { PREFETCH_MAX, hintPrefetched } from '../keyspace/dict.js';
import { NOTIFY_STRING, NOTIFY_GENERIC } from '../keyspace/notify.js';
import { string2ll, string2bigint } from '../util/numbers.js';
import { argIs, createStringObjectValue, MAX_JS_STRING_LENGTH } from '../util/str-objects.js';
import { parseLongDouble, addLongDouble, formatLongDoubleHuman } from '../util/str-longdouble.js';
import { BitmapString, BITMAP_MIN_BYTES } from '../util/bit-bitmap.js';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
/** LLONG_MAX / 1000 (C integer division): the largest EX/EXAT seconds value. */
const MAX_SECONDS = 9223372036854775n;
/** Below this, millisecond arithmetic (x1000, + now) stays exact in a double. */
const SAFE_EXPIRE = 1e12;
/** |values| below this can be added in doubles exactly. */
const SAFE_INCR = 4503599627370496; // 2^52

const ERR_NOT_INT = 'value is not an integer or out of range';
const ERR_NOT_FLOAT = 'value is not a valid float';
const ERR_TOO_BIG = 'string exceeds maximum allowed size (proto-max-bulk-len)';

/* SET/GETEX option flags (t_string.c OBJ_*). */
const OBJ_SET_NX = 1 << 0;
const OBJ_SET_XX = 1 << 1;
const OBJ_EX = 1 << 2;
const OBJ_PX = 1 << 3;
const OBJ_KEEPTTL = 1 << 4;
const OBJ_SET_GET = 1 << 5;
const OBJ_EXAT = 1 << 6;
const OBJ_PXAT = 1 << 7;
const OBJ_PERSIST = 1 << 8;
const EXPIRE_FLAGS = OBJ_EX | OBJ_PX | OBJ_EXAT | OBJ_PXAT;
/** The parsed options pack the expire argument's index above these bits. */
const ARG_SHIFT = 16;
const FLAG_MASK = (1 << ARG_SHIFT) - 1;

const COMMAND_GET = 0;
const COMMAND_SET = 1;

/** The bytes of a string value, or null for other types (inline `stringOf`). */
function strval(v: RedisValue): string | null {
  if (typeof v === 'string') return v;
  return v instanceof RawString ? v.ptr : null;
}

/** Redis `checkStringLength`: false (after replying) when `size` exceeds proto-max-bulk-len. */
export function checkStringLength(c: Client, size: number): boolean {
  if (size > c.server.parserLimits.protoMaxBulkLen || size > MAX_JS_STRING_LENGTH) {
    c.addReplyError(ERR_TOO_BIG);
    return false;
  }
  return true;
}

/** Redis `addReplyErrorExpireTime`: "invalid expire time in '<cmd>' command". */
function replyErrorExpireTime(c: Client): void {
  c.addReplyError("invalid expire time in '" + (c.cmd !== null ? c.cmd.fullname : c.argv[0].toLowerCase()) + "' command");
}

/**
 * Redis `parseExtendedStringArgumentsOrReply` for SET (from argv[3]) and GETEX (from
 * argv[2]): NX/XX/GET (SET only), KEEPTTL (SET only), PERSIST (GETEX only), EX/PX/EXAT/PXAT
 * with a following argument, each combination rule of Redis.
 * @returns flags | (expire argument index << 16), or -1 after a syntax error reply.
 */
function parseExtendedStringArguments(c: Client, commandType: number): number {
  const argv = c.argv;
  const argc = argv.length;
  let flags = 0;
  let expireIdx = 0;
  const isSet = commandType === COMMAND_SET;
  for (let j = isSet ? 3 : 2; j < argc; j++) {
    const opt = argv[j];
    const hasNext = j < argc - 1;
    if (isSet && (flags & OBJ_SET_XX) === 0 && argIs(opt, 'nx')) {
      flags |= OBJ_SET_NX;
    } else if (isSet && (flags & OBJ_SET_NX) === 0 && argIs(opt, 'xx')) {
      flags |= OBJ_SET_XX;
    } else if (isSet && argIs(opt, 'get')) {
      flags |= OBJ_SET_GET;
    } else if (isSet && (flags & (OBJ_PERSIST | EXPIRE_FLAGS)) === 0 && argIs(opt, 'keepttl')) {
      flags |= OBJ_KEEPTTL;
    } else if (!isSet && (flags & (EXPIRE_FLAGS | OBJ_KEEPTTL)) === 0 && argIs(opt, 'persist')) {
      flags |= OBJ_PERSIST;
    } else if (hasNext && (flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EXAT | OBJ_PX | OBJ_PXAT)) === 0 && argIs(opt, 'ex')) {
      flags |= OBJ_EX;
      expireIdx = ++j;
    } else if (hasNext && (flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PXAT)) === 0 && argIs(opt, 'px')) {
      flags |= OBJ_PX;
      expireIdx = ++j;
    } else if (hasNext && (flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_PX | OBJ_PXAT)) === 0 && argIs(opt, 'exat')) {
      flags |= OBJ_EXAT;
      expireIdx = ++j;
    } else if (hasNext && (flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PX)) === 0 && argIs(opt, 'pxat')) {
      flags |= OBJ_PXAT;
      expireIdx = ++j;
    } else {
      c.addReplySyntaxError();
      return -1;
    }
  }
  return flags | (expireIdx << ARG_SHIFT);
}

/**
 * Redis `getExpireMillisecondsOrReply`: parses an expire argument into an absolute Unix
 * time in ms. Seconds (EX/EXAT) are multiplied by 1000, relative forms (EX/PX) get the
 * command time added; non-positive values and int64 overflow are "invalid expire time".
 * @returns the time in ms (a bigint beyond 2^53, kept exact for the expires store), or -1
 *   after an error reply.
 */
function getExpireMilliseconds(c: Client, arg: string, flags: number): number | bigint {
  const v = string2ll(arg);
  if (v === null) {
    c.addReplyError(ERR_NOT_INT);
    return -1;
  }
  const seconds = (flags & (OBJ_EX | OBJ_EXAT)) !== 0;
  const relative = (flags & (OBJ_EX | OBJ_PX)) !== 0;
  if (v <= 0) {
    replyErrorExpireTime(c);
    return -1;
  }
  if (v < SAFE_EXPIRE) {
    let ms = seconds ? v * 1000 : v;
    if (relative) ms += c.server.commandTime();
    return ms;
  }
  // Exact int64 arithmetic, overflow detected as Redis does (wrapped result <= 0).
  let big = string2bigint(arg)!;
  if (seconds && big > MAX_SECONDS) {
    replyErrorExpireTime(c);
    return -1;
  }
  if (seconds) big *= 1000n;
  if (relative) big += BigInt(c.server.commandTime());
  if (big > INT64_MAX) {
    replyErrorExpireTime(c);
    return -1;
  }
  return big <= 9007199254740991n ? Number(big) : big;
}

/**
 * Redis `getGenericCommand`: replies with the value (nil when missing).
 * @returns false when the key holds another type (WRONGTYPE was replied).
 */
function getGeneric(c: Client): boolean {
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyNull();
    return true;
  }
  if (typeof v === 'string') {
    c.addReplyBulk(v);
    return true;
  }
  if (v instanceof RawString) {
    c.addReplyBulk(v.ptr);
    return true;
  }
  c.addReplyWrongType();
  return false;
}

const REPLY_ONE = ':1\r\n';
const REPLY_ZERO = ':0\r\n';

/**
 * Redis `setGenericCommand`: SET and its variants. `expireIdx` is the argv index of the
 * expire argument (0 for none); `okReply`/`abortReply` are raw protocol or null for the
 * defaults (+OK / null).
 */
function setGeneric(c: Client, flags: number, key: string, val: string, expireIdx: number, okReply: string | null, abortReply: string | null): void {
  let when: number | bigint = 0;
  if (expireIdx !== 0) {
    when = getExpireMilliseconds(c, c.argv[expireIdx], flags);
    if (when === -1) return;
  }
  if ((flags & OBJ_SET_GET) !== 0 && !getGeneric(c)) return;
  const db = c.db;
  const found = db.lookupKeyWrite(key) !== undefined;
  if (((flags & OBJ_SET_NX) !== 0 && found) || ((flags & OBJ_SET_XX) !== 0 && !found)) {
    if ((flags & OBJ_SET_GET) === 0) {
      if (abortReply === null) c.addReplyNull();
      else c.addReplyProto(abortReply);
    }
    return;
  }
  db.setKey(c, key, val, (flags & OBJ_KEEPTTL) !== 0 || expireIdx !== 0);
  const server = c.server;
  server.dirty++;
  server.notifyKeyspaceEvent(NOTIFY_STRING, 'set', key, db.id);
  if (expireIdx !== 0) {
    db.setExpire(key, when);
    server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'expire', key, db.id);
  }
  if ((flags & OBJ_SET_GET) === 0) {
    if (okReply === null) c.addReplyProto('+OK\r\n');
    else c.addReplyProto(okReply);
  }
}

/** GET key: the value, nil when missing, WRONGTYPE for other types. */
function getCommand(c: Client): void {
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyProto(c.resp === 2 ? '$-1\r\n' : '_\r\n');
  } else if (typeof v === 'string') {
    c.addReplyBulk(v);
  } else if (v instanceof RawString) {
    c.addReplyBulk(v.ptr);
  } else {
    c.addReplyWrongType();
  }
}

/** SET key value [NX|XX] [GET] [EX s|PX ms|EXAT ts|PXAT ms-ts|KEEPTTL]. */
function setCommand(c: Client): void {
  const argv = c.argv;
  if (argv.length === 3) {
    // Fast path: plain SET.
    const key = argv[1];
    const db = c.db;
    db.setKey(c, key, argv[2]);
    const server = c.server;
    server.dirty++;
    server.notifyKeyspaceEvent(NOTIFY_STRING, 'set', key, db.id);
    c.addReplyProto('+OK\r\n');
    return;
  }
  const p = parseExtendedStringArguments(c, COMMAND_SET);
  if (p < 0) return;
  setGeneric(c, p & FLAG_MASK, argv[1], argv[2], p >>> ARG_SHIFT, null, null);
}

/** SETNX key value: 1 when set, 0 when the key existed. */
function setnxCommand(c: Client): void {
  setGeneric(c, OBJ_SET_NX, c.argv[1], c.argv[2], 0, REPLY_ONE, REPLY_ZERO);
}

/** SETEX key seconds value. */
function setexCommand(c: Client): void {
  setGeneric(c, OBJ_EX, c.argv[1], c.argv[3], 2, null, null);
}

/** PSETEX key milliseconds value. */
function psetexCommand(c: Client): void {
  setGeneric(c, OBJ_PX, c.argv[1], c.argv[3], 2, null, null);
}

/**
 * GETEX key [EX s|PX ms|EXAT ts|PXAT ms-ts|PERSIST]: the value, then the TTL change
 * ('expire' / 'persist' events; an EXAT/PXAT already in the past deletes the key with 'del').
 */
function getexCommand(c: Client): void {
  const p = parseExtendedStringArguments(c, COMMAND_GET);
  if (p < 0) return;
  const flags = p & FLAG_MASK;
  const expireIdx = p >>> ARG_SHIFT;
  const db = c.db;
  const key = c.argv[1];
  const v = db.lookupKeyRead(key);
  if (v === undefined) {
    c.addReplyNull();
    return;
  }
  const s = strval(v);
  if (s === null) {
    c.addReplyWrongType();
    return;
  }
  let when: number | bigint = 0;
  if (expireIdx !== 0) {
    when = getExpireMilliseconds(c, c.argv[expireIdx], flags);
    if (when === -1) return;
  }
  c.addReplyBulk(s);
  const server = c.server;
  if ((flags & (OBJ_PXAT | OBJ_EXAT)) !== 0 && when <= server.commandTime() && !server.loading) {
    db.dbDelete(key);
    db.notifyDeleted(c, key);
    server.dirty++;
  } else if (expireIdx !== 0) {
    db.setExpire(key, when);
    db.signalModifiedKey(c, key);
    server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'expire', key, db.id);
    server.dirty++;
  } else if ((flags & OBJ_PERSIST) !== 0) {
    if (db.removeExpire(key)) {
      db.signalModifiedKey(c, key);
      server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'persist', key, db.id);
      server.dirty++;
    }
  }
}

/** GETDEL key: the value, then the key is deleted ('del' event). */
function getdelCommand(c: Client): void {
  if (!getGeneric(c)) return;
  const key = c.argv[1];
  const db = c.db;
  if (db.dbDelete(key)) {
    db.notifyDeleted(c, key);
    c.server.dirty++;
  }
}

/** GETSET key value: the old value, then SET (TTL cleared). */
function getsetCommand(c: Client): void {
  if (!getGeneric(c)) return;
  const key = c.argv[1];
  c.db.setKey(c, key, c.argv[2]);
  c.server.notifyKeyspaceEvent(NOTIFY_STRING, 'set', key, c.db.id);
  c.server.dirty++;
}

/** MGET key [key ...]: values, nil for missing keys and non-strings. */
function mgetCommand(c: Client): void {
  const argv = c.argv;
  const n = argv.length;
  const db = c.db;
  const nil = c.resp === 2 ? '$-1\r\n' : '_\r\n';
  let out = '*' + (n - 1) + '\r\n';
  const dict = db.dict;
  for (let j = 1; j < n; j++) {
    const i = (j - 1) % PREFETCH_MAX;
    if (i === 0) dict.prefetch(argv, j, 1, n - j);
    hintPrefetched(i, argv[j]);
    const v = db.lookupKeyRead(argv[j]);
    if (v === undefined) {
      out += nil;
    } else if (typeof v === 'string') {
      out += '$' + v.length + '\r\n' + v + '\r\n';
    } else if (v instanceof RawString) {
      out += '$' + v.ptr.length + '\r\n' + v.ptr + '\r\n';
    } else {
      out += nil;
    }
  }
  c.addReplyProto(out);
}

/** Redis `msetGenericCommand`: MSET / MSETNX. */
function msetGeneric(c: Client, nx: boolean): void {
  const argv = c.argv;
  const argc = argv.length;
  if ((argc & 1) === 0) {
    c.addReplyError("wrong number of arguments for '" + (c.cmd !== null ? c.cmd.fullname : nx ? 'msetnx' : 'mset') + "' command");
    return;
  }
  const db = c.db;
  if (nx) {
    for (let j = 1; j < argc; j += 2) {
      if ((j >> 1) % PREFETCH_MAX === 0) db.dict.prefetch(argv, j, 2, (argc - j) >> 1);
      if (db.lookupKeyWrite(argv[j]) !== undefined) {
        c.addReplyProto(REPLY_ZERO);
        return;
      }
    }
  }
  const server = c.server;
  const dict = db.dict;
  for (let j = 1; j < argc; j += 2) {
    // Every PREFETCH_MAX pairs, overlap the next keys' cache misses (see Dict.prefetch),
    // and reuse the hashes it computed.
    const i = (j >> 1) % PREFETCH_MAX;
    if (i === 0) dict.prefetch(argv, j, 2, (argc - j) >> 1);
    hintPrefetched(i, argv[j]);
    db.setKey(c, argv[j], argv[j + 1]);
    server.notifyKeyspaceEvent(NOTIFY_STRING, 'set', argv[j], db.id);
  }
  server.dirty += (argc - 1) >> 1;
  c.addReplyProto(nx ? REPLY_ONE : '+OK\r\n');
}

function msetCommand(c: Client): void {
  msetGeneric(c, false);
}

function msetnxCommand(c: Client): void {
  msetGeneric(c, true);
}

/**
 * Redis `incrDecrCommand`: adds `incr` (a number when |incr| < 2^52, else a bigint) to the
 * int64 value of the key (0 when missing), keeping its TTL; "increment or decrement would
 * overflow" outside int64.
 */
function incrDecr(c: Client, incr: number | bigint): void {
  const key = c.argv[1];
  const db = c.db;
  const o = db.lookupKeyWrite(key);
  let s: string | null = null;
  let value = 0;
  if (o !== undefined) {
    s = typeof o === 'string' ? o : o instanceof RawString ? o.ptr : null;
    if (s === null) {
      c.addReplyWrongType();
      return;
    }
    const v = string2ll(s);
    if (v === null) {
      c.addReplyError(ERR_NOT_INT);
      return;
    }
    value = v;
  }
  let res: string;
  if (typeof incr === 'number' && value < SAFE_INCR && value > -SAFE_INCR) {
    res = '' + (value + incr);
  } else {
    const old = s === null ? 0n : BigInt(s);
    const inc = typeof incr === 'bigint' ? incr : BigInt(incr);
    if ((inc < 0n && old < 0n && inc < INT64_MIN - old) || (inc > 0n && old > 0n && inc > INT64_MAX - old)) {
      c.addReplyError('increment or decrement would overflow');
      return;
    }
    res = (old + inc).toString();
  }
  if (o === undefined) db.dbAdd(key, res);
  else db.dbOverwrite(key, res);
  db.signalModifiedKey(c, key);
  const server = c.server;
  server.notifyKeyspaceEvent(NOTIFY_STRING, 'incrby', key, db.id);
  server.dirty++;
  c.addReplyProto(':' + res + '\r\n');
}

/** Parses an INCRBY/DECRBY increment: number when small, bigint when large, null on error. */
function parseIncrement(s: string): number | bigint | null {
  const v = string2ll(s);
  if (v === null) return null;
  if (v < SAFE_INCR && v > -SAFE_INCR) return v;
  return string2bigint(s)!;
}

function incrCommand(c: Client): void {
  incrDecr(c, 1);
}

function decrCommand(c: Client): void {
  incrDecr(c, -1);
}

function incrbyCommand(c: Client): void {
  const incr = parseIncrement(c.argv[2]);
  if (incr === null) {
    c.addReplyError(ERR_NOT_INT);
    return;
  }
  incrDecr(c, incr);
}

function decrbyCommand(c: Client): void {
  const incr = parseIncrement(c.argv[2]);
  if (incr === null) {
    c.addReplyError(ERR_NOT_INT);
    return;
  }
  if (incr === INT64_MIN) {
    c.addReplyError('decrement would overflow');
    return;
  }
  incrDecr(c, typeof incr === 'number' ? -incr : -incr as bigint);
}

/**
 * INCRBYFLOAT key increment: long double arithmetic and "%.17Lf" formatting, exactly as
 * Redis on x86-64 (see util/str-longdouble.ts). Keeps the TTL.
 */
function incrbyfloatCommand(c: Client): void {
  const key = c.argv[1];
  const db = c.db;
  const o = db.lookupKeyWrite(key);
  let value = null;
  if (o !== undefined) {
    const s = strval(o);
    if (s === null) {
      c.addReplyWrongType();
      return;
    }
    value = parseLongDouble(s);
    if (value === null) {
      c.addReplyError(ERR_NOT_FLOAT);
      return;
    }
  }
  const incr = parseLongDouble(c.argv[2]);
  if (incr === null) {
    c.addReplyError(ERR_NOT_FLOAT);
    return;
  }
  const sum = value === null ? addLongDouble({ neg: false, inf: false, m: 0n, e: 0 }, incr) : addLongDouble(value, incr);
  if (sum === null || sum.inf) {
    c.addReplyError('increment would produce NaN or Infinity');
    return;
  }
  const res = formatLongDoubleHuman(sum);
  const nv = createStringObjectValue(res);
  if (o === undefined) db.dbAdd(key, nv);
  else db.dbOverwrite(key, nv);
  db.signalModifiedKey(c, key);
  c.server.notifyKeyspaceEvent(NOTIFY_STRING, 'incrbyfloat', key, db.id);
  c.server.dirty++;
  c.addReplyBulk(res);
}

/** APPEND key value: the new length. A new key gets the value as is; an existing one becomes raw. */
function appendCommand(c: Client): void {
  const key = c.argv[1];
  const arg = c.argv[2];
  const db = c.db;
  const o = db.lookupKeyWrite(key);
  let totlen: number;
  if (o === undefined) {
    db.dbAdd(key, arg);
    totlen = arg.length;
  } else if (o instanceof BitmapString) {
    // Buffer-backed value: append in place (O(appended bytes), like sdscatlen).
    const olen = o.length;
    totlen = olen + arg.length;
    if (!checkStringLength(c, totlen)) return;
    const w = o.writable(totlen);
    Buffer.from(w.buffer, w.byteOffset, w.length).write(arg, olen, 'latin1');
  } else {
    const s = strval(o);
    if (s === null) {
      c.addReplyWrongType();
      return;
    }
    totlen = s.length + arg.length;
    if (!checkStringLength(c, totlen)) return;
    db.dbOverwrite(key, new RawString(s + arg));
  }
  db.signalModifiedKey(c, key);
  c.server.notifyKeyspaceEvent(NOTIFY_STRING, 'append', key, db.id);
  c.server.dirty++;
  c.addReplyLongLong(totlen);
}

/** STRLEN key: byte length, 0 when missing. */
function strlenCommand(c: Client): void {
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyProto(REPLY_ZERO);
    return;
  }
  if (v instanceof BitmapString) {
    c.addReplyLongLong(v.length);
    return;
  }
  const s = strval(v);
  if (s === null) c.addReplyWrongType();
  else c.addReplyLongLong(s.length);
}

/**
 * SETRANGE key offset value: overwrites from `offset`, zero-padding as needed; the new
 * length. An empty value changes nothing (0 for a missing key).
 */
function setrangeCommand(c: Client): void {
  const key = c.argv[1];
  const value = c.argv[3];
  const offset = string2ll(c.argv[2]);
  if (offset === null) {
    c.addReplyError(ERR_NOT_INT);
    return;
  }
  if (offset < 0) {
    c.addReplyError('offset is out of range');
    return;
  }
  const db = c.db;
  const o = db.lookupKeyWrite(key);
  const vlen = value.length;
  let res: string;
  if (o === undefined) {
    if (vlen === 0) {
      c.addReplyProto(REPLY_ZERO);
      return;
    }
    if (!checkStringLength(c, offset + vlen)) return;
    res = (offset > 0 ? '\0'.repeat(offset) : '') + value;
    db.dbAdd(key, new RawString(res));
  } else {
    const bm = o instanceof BitmapString ? o : null;
    const s = bm !== null ? '' : strval(o);
    if (s === null) {
      c.addReplyWrongType();
      return;
    }
    const olen = bm !== null ? bm.length : s.length;
    if (vlen === 0) {
      c.addReplyLongLong(olen);
      return;
    }
    if (!checkStringLength(c, offset + vlen)) return;
    const newlen = offset + vlen > olen ? offset + vlen : olen;
    if (bm !== null || newlen >= BITMAP_MIN_BYTES) {
      // Large values are written in place (O(value), like Redis's memcpy into the sds).
      let target = bm;
      if (target === null) {
        target = new BitmapString(s);
        db.dbOverwrite(key, target);
      }
      const w = target.writable(newlen);
      Buffer.from(w.buffer, w.byteOffset, w.length).write(value, offset, 'latin1');
      setrangeDone(c, key, newlen);
      return;
    }
    if (offset >= olen) {
      res = s + (offset > olen ? '\0'.repeat(offset - olen) : '') + value;
    } else {
      res = s.slice(0, offset) + value + (offset + vlen < olen ? s.slice(offset + vlen) : '');
    }
    db.dbOverwrite(key, new RawString(res));
  }
  setrangeDone(c, key, res.length);
}

/** SETRANGE's bookkeeping after a write: WATCH/tracking, 'setrange' event, dirty, reply. */
function setrangeDone(c: Client, key: string, len: number): void {
  c.db.signalModifiedKey(c, key);
  c.server.notifyKeyspaceEvent(NOTIFY_STRING, 'setrange', key, c.db.id);
  c.server.dirty++;
  c.addReplyLongLong(len);
}

/** GETRANGE key start end (and SUBSTR): the inclusive byte range, negative indexes from the end. */
function getrangeCommand(c: Client): void {
  let start = string2ll(c.argv[2]);
  if (start === null) {
    c.addReplyError(ERR_NOT_INT);
    return;
  }
  let end = string2ll(c.argv[3]);
  if (end === null) {
    c.addReplyError(ERR_NOT_INT);
    return;
  }
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyProto('$0\r\n\r\n');
    return;
  }
  const bm = v instanceof BitmapString ? v : null;
  const s = bm !== null ? '' : strval(v);
  if (s === null) {
    c.addReplyWrongType();
    return;
  }
  const len = bm !== null ? bm.length : s.length;
  if (start < 0 && end < 0 && start > end) {
    c.addReplyProto('$0\r\n\r\n');
    return;
  }
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) c.addReplyProto('$0\r\n\r\n');
  else if (bm !== null) {
    const b = bm.bytes();
    c.addReplyBulk(Buffer.from(b.buffer, b.byteOffset + start, end - start + 1).toString('latin1'));
  } else c.addReplyBulk(s.slice(start, end + 1));
}

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common
 * subsequence, its length, or the matching ranges (a map in RESP3), by Redis's dynamic
 * programming table and backtracking order.
 */
function lcsCommand(c: Client): void {
  const argv = c.argv;
  const db = c.db;
  const oa = db.lookupKeyRead(argv[1]);
  const ob = db.lookupKeyRead(argv[2]);
  const a = oa === undefined ? '' : strval(oa);
  const b = ob === undefined ? '' : strval(ob);
  if (a === null || b === null) {
    c.addReplyError('The specified keys must contain string values');
    return;
  }
  let getlen = false;
  let getidx = false;
  let withmatchlen = false;
  let minmatchlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j];
    const moreargs = argv.length - 1 - j;
    if (argIs(opt, 'idx')) {
      getidx = true;
    } else if (argIs(opt, 'len')) {
      getlen = true;
    } else if (argIs(opt, 'withmatchlen')) {
      withmatchlen = true;
    } else if (moreargs > 0 && argIs(opt, 'minmatchlen')) {
      const v = string2ll(argv[j + 1]);
      if (v === null) {
        c.addReplyError(ERR_NOT_INT);
        return;
      }
      minmatchlen = v < 0 ? 0 : v;
      j++;
    } else {
      c.addReplySyntaxError();
      return;
    }
  }
  if (getlen && getidx) {
    c.addReplyError('If you want both the length and indexes, please just use IDX.');
    return;
  }
  const alen = a.length;
  const blen = b.length;
  if (alen >= 0xffffffff - 1 || blen >= 0xffffffff - 1) {
    c.addReplyError('String too long for LCS');
    return;
  }
  const cols = blen + 1;
  const lcssize = (alen + 1) * cols;
  if (lcssize * 4 > c.server.parserLimits.protoMaxBulkLen) {
    c.addReplyError('Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
    return;
  }
  let lcs: Uint32Array;
  try {
    lcs = new Uint32Array(lcssize);
  } catch {
    c.addReplyError('Insufficient memory, failed allocating transient memory for LCS');
    return;
  }
  // Row 0 and column 0 are zero already.
  for (let i = 1; i <= alen; i++) {
    const ac = a.charCodeAt(i - 1);
    const row = i * cols;
    const prev = row - cols;
    for (let j = 1; j <= blen; j++) {
      if (ac === b.charCodeAt(j - 1)) {
        lcs[row + j] = lcs[prev + j - 1] + 1;
      } else {
        const l1 = lcs[prev + j];
        const l2 = lcs[row + j - 1];
        lcs[row + j] = l1 > l2 ? l1 : l2;
      }
    }
  }
  let idx = lcs[alen * cols + blen];
  const total = idx;
  const computelcs = getidx || !getlen;
  const result: number[] = computelcs ? new Array<number>(idx) : [];
  let arangeStart = alen;
  let arangeEnd = 0;
  let brangeStart = 0;
  let brangeEnd = 0;
  let arraylen = 0;
  let handle = -1;
  if (getidx) {
    c.addReplyMapLen(2);
    c.addReplyBulk('matches');
    handle = c.addReplyDeferredLen();
  }
  let i = alen;
  let j = blen;
  while (computelcs && i > 0 && j > 0) {
    let emitRange = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      result[idx - 1] = a.charCodeAt(i - 1);
      if (arangeStart === alen) {
        arangeStart = i - 1;
        arangeEnd = i - 1;
        brangeStart = j - 1;
        brangeEnd = j - 1;
      } else if (arangeStart === i && brangeStart === j) {
        arangeStart--;
        brangeStart--;
      } else {
        emitRange = true;
      }
      if (arangeStart === 0 || brangeStart === 0) emitRange = true;
      idx--;
      i--;
      j--;
    } else {
      const l1 = lcs[(i - 1) * cols + j];
      const l2 = lcs[i * cols + j - 1];
      if (l1 > l2) i--;
      else j--;
      if (arangeStart !== alen) emitRange = true;
    }
    const matchLen = arangeEnd - arangeStart + 1;
    if (emitRange) {
      if (minmatchlen === 0 || matchLen >= minmatchlen) {
        if (getidx) {
          c.addReplyArrayLen(withmatchlen ? 3 : 2);
          c.addReplyArrayLen(2);
          c.addReplyLongLong(arangeStart);
          c.addReplyLongLong(arangeEnd);
          c.addReplyArrayLen(2);
          c.addReplyLongLong(brangeStart);
          c.addReplyLongLong(brangeEnd);
          if (withmatchlen) c.addReplyLongLong(matchLen);
          arraylen++;
        }
      }
      arangeStart = alen;
    }
  }
  if (getidx) {
    c.addReplyBulk('len');
    c.addReplyLongLong(total);
    c.setDeferredArrayLen(handle, arraylen);
  } else if (getlen) {
    c.addReplyLongLong(total);
  } else {
    c.addReplyBulk(bytesToString(result));
  }
}

/** One-byte string from byte values (chunked to stay within argument limits). */
function bytesToString(bytes: number[]): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.slice(i, i + 8192));
  return s;
}

/** The string family. */
export const stringCommands: CommandSpec[] = [
  { name: 'get', proc: getCommand },
  { name: 'set', proc: setCommand },
  { name: 'setnx', proc: setnxCommand },
  { name: 'setex', proc: setexCommand },
  { name: 'psetex', proc: psetexCommand },
  { name: 'getex', proc: getexCommand },
  { name: 'getdel', proc: getdelCommand },
  { name: 'getset', proc: getsetCommand },
  { name: 'mget', proc: mgetCommand },
  { name: 'mset', proc: msetCommand },
  { name: 'msetnx', proc: msetnxCommand },
  { name: 'incr', proc: incrCommand },
  { name: 'decr', proc: decrCommand },
  { name: 'incrby', proc: incrbyCommand },
  { name: 'decrby', proc: decrbyCommand },
  { name: 'incrbyfloat', proc: incrbyfloatCommand },
  { name: 'append', proc: appendCommand },
  { name: 'strlen', proc: strlenCommand },
  { name: 'setrange', proc: setrangeCommand },
  { name: 'getrange', proc: getrangeCommand },
  { name: 'substr', proc: getrangeCommand },
  { name: 'lcs', proc: lcsCommand },
];
