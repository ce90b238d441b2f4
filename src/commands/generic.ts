/**
 * Generic keyspace commands (Redis db.c, expire.c, object.c): DEL, UNLINK, EXISTS, TYPE,
 * KEYS, SCAN, RANDOMKEY, RENAME, RENAMENX, MOVE, COPY, SWAPDB, TOUCH, the EXPIRE family,
 * TTL/PTTL/EXPIRETIME/PEXPIRETIME, PERSIST and OBJECT.
 *
 * Each handler follows its Redis counterpart step by step: the same order of checks (which
 * error wins), the same error texts, the same `dirty` increments, keyspace events and
 * modified-key signals.
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import type { RedisDb } from '../keyspace/db.js';
import { LOOKUP_NOTOUCH, LOOKUP_NONOTIFY, LOOKUP_NONE, estimateIdleSeconds, lfuDecrAndReturn } from '../keyspace/db.js';
import { TYPE_NAMES, typeOf, encodingOf, type RedisValue } from '../keyspace/object.js';
import { NOTIFY_GENERIC } from '../keyspace/notify.js';
import { string2ll, string2bigint } from '../util/numbers.js';
import { stringmatchlen } from '../util/glob.js';
import { cstr, cstrLower } from '../util/str-objects.js';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LLONG_MAX = 9223372036854775807n;
const ULONG_MAX = 18446744073709551615n;
/** Redis OBJ_SHARED_REFCOUNT: what OBJECT REFCOUNT reports for shared objects. */
const OBJ_SHARED_REFCOUNT = 2147483647;
/** Redis OBJ_SHARED_INTEGERS: integers 0..9999 are shared objects. */
const OBJ_SHARED_INTEGERS = 10000;

const ERR_NOT_INTEGER = 'value is not an integer or out of range';
const ERR_DB_RANGE = 'DB index is out of range';
const ERR_SAME_OBJECT = 'source and destination objects are the same';

/**
 * Redis `getIntFromObjectOrReply`: an int32, or null after replying an error: `msg` when
 * given, else "value is not an integer or out of range" for a non-integer and "value is out
 * of range, value must between -2147483648 and 2147483647" for an int64 outside int32.
 */
function getIntOrReply(c: Client, s: string, msg: string | null = null): number | null {
  const v = string2ll(s);
  if (v === null) {
    c.addReplyError(msg ?? ERR_NOT_INTEGER);
    return null;
  }
  if (v < INT_MIN || v > INT_MAX) {
    c.addReplyError(msg ?? 'value is out of range, value must between ' + INT_MIN + ' and ' + INT_MAX);
    return null;
  }
  return v;
}

/** The type name TYPE reports for a value (Redis `getObjectTypeName`), "none" for undefined. */
function typeName(v: RedisValue | undefined): string {
  return v === undefined ? 'none' : TYPE_NAMES[typeOf(v)];
}

// ---------------------------------------------------------------------------------------
// DEL, UNLINK, EXISTS, TYPE, TOUCH, RANDOMKEY
// ---------------------------------------------------------------------------------------

/** DEL / UNLINK key [key ...] (Redis `delGenericCommand`): the number of keys removed. */
function delCommand(c: Client): void {
  const argv = c.argv;
  const db = c.db;
  const server = c.server;
  let numdel = 0;
  for (let j = 1; j < argv.length; j++) {
    const key = argv[j];
    if (db.expires.size > 0) db.expireIfNeeded(key, LOOKUP_NONE);
    if (db.dbDelete(key)) {
      db.signalModifiedKey(c, key);
      server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', key, db.id);
      server.dirty++;
      numdel++;
    }
  }
  c.addReplyLongLong(numdel);
}

/** EXISTS key [key ...]: how many of the arguments exist (a repeated key counts each time). */
function existsCommand(c: Client): void {
  const argv = c.argv;
  const db = c.db;
  let count = 0;
  for (let j = 1; j < argv.length; j++) {
    if (db.lookupKey(argv[j], LOOKUP_NOTOUCH) !== undefined) count++;
  }
  c.addReplyLongLong(count);
}

/** TYPE key: the value's type as a status reply, "none" when missing. */
function typeCommand(c: Client): void {
  c.addReplyStatus(typeName(c.db.lookupKey(c.argv[1], LOOKUP_NOTOUCH)));
}

/** TOUCH key [key ...]: updates the access time of the existing keys; replies their count. */
function touchCommand(c: Client): void {
  const argv = c.argv;
  const db = c.db;
  let touched = 0;
  for (let j = 1; j < argv.length; j++) {
    if (db.lookupKeyRead(argv[j]) !== undefined) touched++;
  }
  c.addReplyLongLong(touched);
}

/**
 * A random key that is not expired (Redis `dbRandomKey`): expired keys met on the way are
 * deleted as a lazy expiry would. @returns null when the db is (or becomes) empty.
 */
export function dbRandomKey(db: RedisDb): string | null {
  for (;;) {
    const slot = db.dict.randomSlot();
    if (slot < 0) return null;
    const key = db.dict.keys[slot];
    if (db.expires.size > 0 && db.expires.has(key) && db.expireIfNeeded(key, LOOKUP_NONE)) continue;
    return key;
  }
}

/** RANDOMKEY: a random key name, or nil when the db is empty. */
function randomkeyCommand(c: Client): void {
  const key = dbRandomKey(c.db);
  if (key === null) c.addReplyNull();
  else c.addReplyBulk(key);
}

// ---------------------------------------------------------------------------------------
// KEYS, SCAN
// ---------------------------------------------------------------------------------------

/**
 * KEYS pattern: every key matching the glob (Redis `keysCommand`). Logically expired keys
 * are skipped but not deleted.
 */
function keysCommand(c: Client): void {
  const pattern = c.argv[1];
  const db = c.db;
  const allkeys = pattern === '*';
  const keys = db.dict.keys;
  const checkExpire = db.expires.size > 0;
  const out: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (!allkeys && !stringmatchlen(pattern, key, false)) continue;
    if (checkExpire && db.keyIsExpired(key)) continue;
    out.push(key);
  }
  c.addReplyBulkArray(out);
}

const ASCII_SPACE = /^[ \t\n\v\f\r]/;

/**
 * Parses a SCAN cursor as Redis's `parseScanCursorOrReply` does with C `strtoul` (base 10):
 * an optional sign and digits, read up to the first NUL byte; a leading space, trailing
 * garbage or a value beyond 2^64-1 is "invalid cursor"; a negative value wraps modulo 2^64;
 * the empty string is cursor 0.
 * @returns the cursor, or null after replying the error.
 */
export function parseScanCursorOrReply(c: Client, arg: string): bigint | null {
  let s = arg;
  const nul = s.indexOf('\0');
  if (nul >= 0) s = s.slice(0, nul);
  if (ASCII_SPACE.test(arg)) {
    c.addReplyError('invalid cursor');
    return null;
  }
  if (s.length === 0) return 0n;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) {
    neg = c0 === 45;
    i = 1;
  }
  if (i === s.length) {
    c.addReplyError('invalid cursor');
    return null;
  }
  for (let j = i; j < s.length; j++) {
    const d = s.charCodeAt(j);
    if (d < 48 || d > 57) {
      c.addReplyError('invalid cursor');
      return null;
    }
  }
  let v = BigInt(s.slice(i));
  if (v > ULONG_MAX) {
    c.addReplyError('invalid cursor');
    return null;
  }
  if (neg && v !== 0n) v = (ULONG_MAX + 1n - v) & ULONG_MAX;
  return v;
}

/** Options of a SCAN-family command after the cursor. */
export interface ScanOptions {
  /** COUNT, default 10. */
  count: number;
  /** MATCH pattern, or null when absent or exactly "*". */
  pattern: string | null;
  /** TYPE name (SCAN only), or null. */
  typename: string | null;
}

/**
 * Parses SCAN/SSCAN/HSCAN/ZSCAN options from argv[first] on (Redis `scanGenericCommand`
 * step 1): COUNT n (an integer >= 1, else "value is not an integer or out of range" /
 * "syntax error"), MATCH pattern, and TYPE name when `allowType`.
 * @returns the options, or null after replying an error.
 */
export function parseScanOptionsOrReply(c: Client, first: number, allowType: boolean): ScanOptions | null {
  const argv = c.argv;
  const opts: ScanOptions = { count: 10, pattern: null, typename: null };
  let i = first;
  while (i < argv.length) {
    const j = argv.length - i;
    const opt = cstrLower(argv[i]);
    if (opt === 'count' && j >= 2) {
      const n = string2ll(argv[i + 1]);
      if (n === null) {
        c.addReplyError(ERR_NOT_INTEGER);
        return null;
      }
      if (n < 1) {
        c.addReplySyntaxError();
        return null;
      }
      opts.count = n;
      i += 2;
    } else if (opt === 'match' && j >= 2) {
      const pat = argv[i + 1];
      opts.pattern = pat === '*' ? null : pat;
      i += 2;
    } else if (opt === 'type' && allowType && j >= 2) {
      opts.typename = argv[i + 1];
      i += 2;
    } else {
      c.addReplySyntaxError();
      return null;
    }
  }
  return opts;
}

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] (Redis `scanCommand`): one step of
 * an iteration over the db. The cursor walks Dict slots (see Dict.scan): every key present
 * for the whole iteration is returned at least once. COUNT slots are visited per call;
 * MATCH, TYPE and expired keys are filtered afterwards, as in Redis.
 */
function scanCommand(c: Client): void {
  const cursor = parseScanCursorOrReply(c, c.argv[1]);
  if (cursor === null) return;
  const opts = parseScanOptionsOrReply(c, 2, true);
  if (opts === null) return;
  const db = c.db;
  // Cursors beyond 2^53 lose precision here, which is harmless: anything past the dict is clamped.
  const collected: string[] = [];
  const next = db.dict.scanInto(Number(cursor), Math.min(opts.count, 1 << 30), collected, null);
  const pattern = opts.pattern;
  const typename = opts.typename === null ? null : cstrLower(opts.typename);
  const out: string[] = [];
  for (let i = 0; i < collected.length; i++) {
    const key = collected[i];
    if (pattern !== null && !stringmatchlen(pattern, key, false)) continue;
    if (typename !== null && typeName(db.lookupKey(key, LOOKUP_NOTOUCH)) !== typename) continue;
    if (db.expires.size > 0 && db.expireIfNeeded(key, LOOKUP_NONE)) continue;
    out.push(key);
  }
  c.addReplyArrayLen(2);
  c.addReplyBulk(String(next));
  c.addReplyBulkArray(out);
}

// ---------------------------------------------------------------------------------------
// RENAME, RENAMENX, MOVE, COPY, SWAPDB
// ---------------------------------------------------------------------------------------

/** RENAME / RENAMENX (Redis `renameGenericCommand`). */
function renameGeneric(c: Client, nx: boolean): void {
  const src = c.argv[1];
  const dst = c.argv[2];
  const db = c.db;
  const samekey = src === dst;
  const o = db.lookupKeyWrite(src);
  if (o === undefined) {
    c.addReplyError('no such key');
    return;
  }
  if (samekey) {
    if (nx) c.addReplyLongLong(0);
    else c.addReplyOk();
    return;
  }
  const expire = db.getExpireExact(src);
  const lru = db.getLru(src);
  if (db.lookupKeyWrite(dst) !== undefined) {
    if (nx) {
      c.addReplyLongLong(0);
      return;
    }
    db.dbDelete(dst);
  }
  db.dbAdd(dst, o, lru);
  if (expire !== -1) db.setExpire(dst, expire);
  db.dbDelete(src);
  db.signalModifiedKey(c, src);
  db.signalModifiedKey(c, dst);
  const server = c.server;
  server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'rename_from', src, db.id);
  server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'rename_to', dst, db.id);
  server.dirty++;
  if (nx) c.addReplyLongLong(1);
  else c.addReplyOk();
}

function renameCommand(c: Client): void {
  renameGeneric(c, false);
}

function renamenxCommand(c: Client): void {
  renameGeneric(c, true);
}

/** MOVE key db: moves a key to another db; 1 when moved, 0 when missing or present there. */
function moveCommand(c: Client): void {
  const key = c.argv[1];
  const src = c.db;
  const dbid = getIntOrReply(c, c.argv[2]);
  if (dbid === null) return;
  if (dbid < 0 || dbid >= c.server.db.length) {
    c.addReplyError(ERR_DB_RANGE);
    return;
  }
  const dst = c.server.db[dbid];
  if (src === dst) {
    c.addReplyError(ERR_SAME_OBJECT);
    return;
  }
  const o = src.lookupKeyWrite(key);
  if (o === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  const expire = src.getExpireExact(key);
  if (dst.lookupKeyWrite(key) !== undefined) {
    c.addReplyLongLong(0);
    return;
  }
  dst.dbAdd(key, o, src.getLru(key));
  if (expire !== -1) dst.setExpire(key, expire);
  src.dbDelete(key);
  src.signalModifiedKey(c, key);
  dst.signalModifiedKey(c, key);
  const server = c.server;
  server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'move_from', key, src.id);
  server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'move_to', key, dst.id);
  server.dirty++;
  c.addReplyLongLong(1);
}

/** A copy of a stored value (Redis's per-type dup): bare strings are immutable and shared. */
function dupValue(v: RedisValue): RedisValue {
  return typeof v === 'string' ? v : v.dup();
}

/** COPY source destination [DB destination-db] [REPLACE] (Redis `copyCommand`). */
function copyCommand(c: Client): void {
  const argv = c.argv;
  const src = c.db;
  let dst = c.db;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    const additional = argv.length - j - 1;
    const opt = cstrLower(argv[j]);
    if (opt === 'replace') {
      replace = true;
    } else if (opt === 'db' && additional >= 1) {
      const dbid = getIntOrReply(c, argv[j + 1]);
      if (dbid === null) return;
      if (dbid < 0 || dbid >= c.server.db.length) {
        c.addReplyError(ERR_DB_RANGE);
        return;
      }
      dst = c.server.db[dbid];
      j++;
    } else {
      c.addReplySyntaxError();
      return;
    }
  }
  const key = argv[1];
  const newkey = argv[2];
  if (src === dst && key === newkey) {
    c.addReplyError(ERR_SAME_OBJECT);
    return;
  }
  const o = src.lookupKeyRead(key);
  if (o === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  const expire = src.getExpireExact(key);
  let del = false;
  if (dst.lookupKeyWrite(newkey) !== undefined) {
    if (!replace) {
      c.addReplyLongLong(0);
      return;
    }
    del = true;
  }
  const newobj = dupValue(o);
  if (del) dst.dbDelete(newkey);
  dst.dbAdd(newkey, newobj);
  if (expire !== -1) dst.setExpire(newkey, expire);
  dst.signalModifiedKey(c, newkey);
  c.server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'copy_to', newkey, dst.id);
  c.server.dirty++;
  c.addReplyLongLong(1);
}

/**
 * Signals every key with blocked clients that exists in `db` (Redis
 * `scanDatabaseForReadyKeys`), after a SWAPDB made other values visible.
 */
function scanDatabaseForReadyKeys(db: RedisDb): void {
  if (db.blockingKeys.size === 0) return;
  for (const key of db.blockingKeys.keys()) {
    if (db.dict.has(key)) db.server.signalKeyAsReady(db, key);
  }
}

/**
 * Swaps the contents of two databases (Redis `dbSwapDatabases`): clients stay on their db
 * index and see the other data; WATCHers of keys present in either db are touched, and
 * clients blocked on keys that now exist are signalled.
 * @returns false when an index is out of range.
 */
export function dbSwapDatabases(c: Client, id1: number, id2: number): boolean {
  const server = c.server;
  const n = server.db.length;
  if (id1 < 0 || id1 >= n || id2 < 0 || id2 >= n) return false;
  if (id1 === id2) return true;
  const db1 = server.db[id1];
  const db2 = server.db[id2];
  db1.touchAllWatchedKeys(db2);
  db2.touchAllWatchedKeys(db1);
  // Redis dbSwapDatabases: try to unblock XREADGROUP clients whose key vanishes or changes type.
  server.blocking.scanDatabaseForDeletedKeys(db1, db2);
  server.blocking.scanDatabaseForDeletedKeys(db2, db1);
  const dict = db1.dict;
  const expires = db1.expires;
  const avgTtl = db1.avgTtl;
  const cursor = db1.expiresCursor;
  const big = db1.bigExpires;
  db1.dict = db2.dict;
  db1.expires = db2.expires;
  db1.avgTtl = db2.avgTtl;
  db1.expiresCursor = db2.expiresCursor;
  db1.bigExpires = db2.bigExpires;
  db2.dict = dict;
  db2.expires = expires;
  db2.avgTtl = avgTtl;
  db2.expiresCursor = cursor;
  db2.bigExpires = big;
  scanDatabaseForReadyKeys(db1);
  scanDatabaseForReadyKeys(db2);
  return true;
}

/** SWAPDB index1 index2. */
function swapdbCommand(c: Client): void {
  const id1 = getIntOrReply(c, c.argv[1], 'invalid first DB index');
  if (id1 === null) return;
  const id2 = getIntOrReply(c, c.argv[2], 'invalid second DB index');
  if (id2 === null) return;
  if (!dbSwapDatabases(c, id1, id2)) {
    c.addReplyError(ERR_DB_RANGE);
    return;
  }
  c.server.dirty++;
  c.addReplyOk();
}

// ---------------------------------------------------------------------------------------
// EXPIRE family, TTL family, PERSIST
// ---------------------------------------------------------------------------------------

const EXPIRE_NX = 1 << 0;
const EXPIRE_XX = 1 << 1;
const EXPIRE_GT = 1 << 2;
const EXPIRE_LT = 1 << 3;

/** Redis `parseExtendedExpireArgumentsOrReply`: NX/XX/GT/LT from argv[3] on; -1 after an error. */
function parseExpireFlagsOrReply(c: Client): number {
  const argv = c.argv;
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = cstrLower(argv[j]);
    if (opt === 'nx') flags |= EXPIRE_NX;
    else if (opt === 'xx') flags |= EXPIRE_XX;
    else if (opt === 'gt') flags |= EXPIRE_GT;
    else if (opt === 'lt') flags |= EXPIRE_LT;
    else {
      c.addReplyError('Unsupported option ' + cstr(argv[j]));
      return -1;
    }
  }
  if ((flags & EXPIRE_NX) !== 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) !== 0) {
    c.addReplyError('NX and XX, GT or LT options at the same time are not compatible');
    return -1;
  }
  if ((flags & EXPIRE_GT) !== 0 && (flags & EXPIRE_LT) !== 0) {
    c.addReplyError('GT and LT options at the same time are not compatible');
    return -1;
  }
  return flags;
}

/** Largest magnitude (ms) for which plain double arithmetic stays exact. */
const SAFE_MS = 4e15;

/** Compares two expire times that may be numbers or bigints. */
function cmpTime(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT key time [NX|XX|GT|LT] (Redis
 * `expireGenericCommand`). `basetime` is the command time (relative forms) or 0, in ms;
 * `seconds` tells the unit of the argument. A time in the past deletes the key ("del"
 * event); otherwise the TTL is set ("expire" event). int64 overflow of the unit conversion
 * or the addition is "invalid expire time in '<cmd>' command".
 */
function expireGeneric(c: Client, basetime: number, seconds: boolean): void {
  const key = c.argv[1];
  const param = c.argv[2];
  const flags = parseExpireFlagsOrReply(c);
  if (flags < 0) return;
  const v = string2ll(param);
  if (v === null) {
    c.addReplyError(ERR_NOT_INTEGER);
    return;
  }
  let when: number | bigint;
  if (Math.abs(v) <= (seconds ? SAFE_MS / 1000 : SAFE_MS)) {
    when = (seconds ? v * 1000 : v) + basetime;
  } else {
    let w = string2bigint(param)!;
    if (seconds) {
      if (w > LLONG_MAX / 1000n || w < -LLONG_MAX / 1000n) {
        c.addReplyError("invalid expire time in '" + c.cmd!.fullname + "' command");
        return;
      }
      w *= 1000n;
    }
    if (w > LLONG_MAX - BigInt(basetime)) {
      c.addReplyError("invalid expire time in '" + c.cmd!.fullname + "' command");
      return;
    }
    w += BigInt(basetime);
    when = w >= -9007199254740991n && w <= 9007199254740991n ? Number(w) : w;
  }
  const db = c.db;
  if (db.lookupKeyWrite(key) === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  if (flags !== 0) {
    const current = db.getExpireExact(key);
    if ((flags & EXPIRE_NX) !== 0 && current !== -1) {
      c.addReplyLongLong(0);
      return;
    }
    if ((flags & EXPIRE_XX) !== 0 && current === -1) {
      c.addReplyLongLong(0);
      return;
    }
    if ((flags & EXPIRE_GT) !== 0 && (current === -1 || cmpTime(when, current) <= 0)) {
      c.addReplyLongLong(0);
      return;
    }
    if ((flags & EXPIRE_LT) !== 0 && current !== -1 && cmpTime(when, current) >= 0) {
      c.addReplyLongLong(0);
      return;
    }
  }
  const server = c.server;
  if (cmpTime(when, server.commandTime()) <= 0 && !server.loading) {
    db.dbDelete(key);
    server.dirty++;
    db.signalModifiedKey(c, key);
    server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', key, db.id);
    c.addReplyLongLong(1);
    return;
  }
  db.setExpire(key, when);
  c.addReplyLongLong(1);
  db.signalModifiedKey(c, key);
  server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'expire', key, db.id);
  server.dirty++;
}

function expireCommand(c: Client): void {
  expireGeneric(c, c.server.commandTime(), true);
}

function expireatCommand(c: Client): void {
  expireGeneric(c, 0, true);
}

function pexpireCommand(c: Client): void {
  expireGeneric(c, c.server.commandTime(), false);
}

function pexpireatCommand(c: Client): void {
  expireGeneric(c, 0, false);
}

/**
 * TTL / PTTL / EXPIRETIME / PEXPIRETIME (Redis `ttlGenericCommand`): -2 when the key does
 * not exist, -1 when it has no TTL, else the remaining time (never negative; seconds are
 * rounded to nearest) or the absolute Unix time.
 */
function ttlGeneric(c: Client, ms: boolean, abs: boolean): void {
  const db = c.db;
  const key = c.argv[1];
  if (db.lookupKey(key, LOOKUP_NOTOUCH) === undefined) {
    c.addReplyLongLong(-2);
    return;
  }
  const expire = db.getExpireExact(key);
  if (expire === -1) {
    c.addReplyLongLong(-1);
    return;
  }
  if (typeof expire === 'number') {
    let ttl = abs ? expire : expire - c.server.commandTime();
    if (ttl < 0) ttl = 0;
    c.addReplyLongLong(ms ? ttl : Math.floor((ttl + 500) / 1000));
  } else {
    let ttl = abs ? expire : expire - BigInt(c.server.commandTime());
    if (ttl < 0n) ttl = 0n;
    c.addReplyLongLong(ms ? ttl : (ttl + 500n) / 1000n);
  }
}

function ttlCommand(c: Client): void {
  ttlGeneric(c, false, false);
}

function pttlCommand(c: Client): void {
  ttlGeneric(c, true, false);
}

function expiretimeCommand(c: Client): void {
  ttlGeneric(c, false, true);
}

function pexpiretimeCommand(c: Client): void {
  ttlGeneric(c, true, true);
}

/** PERSIST key: removes the TTL; 1 when one was removed. */
function persistCommand(c: Client): void {
  const db = c.db;
  const key = c.argv[1];
  if (db.lookupKeyWrite(key) !== undefined && db.removeExpire(key)) {
    db.signalModifiedKey(c, key);
    c.server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'persist', key, db.id);
    c.addReplyLongLong(1);
    c.server.dirty++;
    return;
  }
  c.addReplyLongLong(0);
}

// ---------------------------------------------------------------------------------------
// OBJECT
// ---------------------------------------------------------------------------------------

const OBJECT_HELP: readonly string[] = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
];

function objectHelpCommand(c: Client): void {
  c.addReplyHelp('object', OBJECT_HELP);
}

/**
 * Redis `objectCommandLookupOrReply`: the value without touching its access time (expired
 * keys are removed as by any read); replies nil and returns undefined when missing.
 */
function objectLookupOrReply(c: Client): RedisValue | undefined {
  const v = c.db.lookupKey(c.argv[2], LOOKUP_NOTOUCH | LOOKUP_NONOTIFY);
  if (v === undefined) c.addReplyNull();
  return v;
}

/**
 * True when the server would store `s` as a shared integer object (Redis
 * `tryObjectEncoding`/`createStringObjectFromLongLongForValue`): the canonical form of an
 * integer in 0..9999, unless maxmemory is set with an LRU/LFU policy.
 */
function isSharedInteger(c: Client, s: string): boolean {
  if (s.length > 4 || encodingOf(s) !== 'int') return false;
  const v = Number(s);
  if (v < 0 || v >= OBJ_SHARED_INTEGERS) return false;
  const cfg = c.server.config;
  if (cfg.getNumber('maxmemory') !== 0) {
    const policy = cfg.getString('maxmemory-policy');
    if (policy.endsWith('lru') || policy.endsWith('lfu')) return false;
  }
  return true;
}

function objectRefcountCommand(c: Client): void {
  const v = objectLookupOrReply(c);
  if (v === undefined) return;
  c.addReplyLongLong(typeof v === 'string' && isSharedInteger(c, v) ? OBJ_SHARED_REFCOUNT : 1);
}

function objectEncodingCommand(c: Client): void {
  const v = objectLookupOrReply(c);
  if (v === undefined) return;
  c.addReplyBulk(encodingOf(v));
}

const LFU_NOTE = ' Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';

function objectIdletimeCommand(c: Client): void {
  const db = c.db;
  if (objectLookupOrReply(c) === undefined) return;
  if (db.lfuPolicy()) {
    c.addReplyError('An LFU maxmemory policy is selected, idle time not tracked.' + LFU_NOTE);
    return;
  }
  c.addReplyLongLong(estimateIdleSeconds(db.getLru(c.argv[2]), c.server.lruClock));
}

function objectFreqCommand(c: Client): void {
  const db = c.db;
  if (objectLookupOrReply(c) === undefined) return;
  if (!db.lfuPolicy()) {
    c.addReplyError('An LFU maxmemory policy is not selected, access frequency not tracked.' + LFU_NOTE);
    return;
  }
  c.addReplyLongLong(lfuDecrAndReturn(db.getLru(c.argv[2]), c.server.config.getNumber('lfu-decay-time'), Date.now()));
}

// ---------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------

/** The generic family. */
export const genericCommands: CommandSpec[] = [
  { name: 'del', proc: delCommand },
  { name: 'unlink', proc: delCommand },
  { name: 'exists', proc: existsCommand },
  { name: 'type', proc: typeCommand },
  { name: 'touch', proc: touchCommand },
  { name: 'randomkey', proc: randomkeyCommand },
  { name: 'keys', proc: keysCommand },
  { name: 'scan', proc: scanCommand },
  { name: 'rename', proc: renameCommand },
  { name: 'renamenx', proc: renamenxCommand },
  { name: 'move', proc: moveCommand },
  { name: 'copy', proc: copyCommand },
  { name: 'swapdb', proc: swapdbCommand },
  { name: 'expire', proc: expireCommand },
  { name: 'pexpire', proc: pexpireCommand },
  { name: 'expireat', proc: expireatCommand },
  { name: 'pexpireat', proc: pexpireatCommand },
  { name: 'ttl', proc: ttlCommand },
  { name: 'pttl', proc: pttlCommand },
  { name: 'expiretime', proc: expiretimeCommand },
  { name: 'pexpiretime', proc: pexpiretimeCommand },
  { name: 'persist', proc: persistCommand },
  {
    name: 'object',
    subcommands: [
      { name: 'help', proc: objectHelpCommand },
      { name: 'encoding', proc: objectEncodingCommand },
      { name: 'refcount', proc: objectRefcountCommand },
      { name: 'idletime', proc: objectIdletimeCommand },
      { name: 'freq', proc: objectFreqCommand },
    ],
  },
];
