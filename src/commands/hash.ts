/**
 * Hash commands (Redis 7.2 t_hash.c): HSET, HSETNX, HGET, HMGET, HMSET, HDEL, HLEN, HSTRLEN,
 * HEXISTS, HKEYS, HVALS, HGETALL, HINCRBY, HINCRBYFLOAT, HRANDFIELD, HSCAN.
 *
 * Values are {@link HashObject}s (src/keyspace/hash.ts): "listpack" (insertion order, so
 * replies match Redis byte for byte) until hash-max-listpack-entries/-value are exceeded,
 * then "hashtable" (a Dict: order differs from Redis's dict order).
 *
 * HINCRBYFLOAT uses the x87 long double emulation of src/util/str-longdouble.ts, as
 * INCRBYFLOAT does.
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { CLIENT_CLOSE_ASAP } from '../server/client.js';
import { ObjType, typeOf, type RedisValue } from '../keyspace/object.js';
import { HashObject } from '../keyspace/hash.js';
import { NOTIFY_HASH, NOTIFY_GENERIC } from '../keyspace/notify.js';
import { string2bigint } from '../util/numbers.js';
import { cstrLower } from '../util/str-objects.js';
import { parseLongDouble, addLongDouble, formatLongDoubleHuman, type LongDouble } from '../util/str-longdouble.js';
import { stringmatchlen } from '../util/glob.js';
import { parseScanCursorOrReply, parseScanOptionsOrReply } from './generic.js';
import { getRangeLongOrReply } from './list.js';

const LONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;
/** Redis HRANDFIELD_SUB_STRATEGY_MUL. */
const HRANDFIELD_SUB_STRATEGY_MUL = 3;

function maxEntries(c: Client): number {
  return c.server.config.getNumber('hash-max-listpack-entries');
}
function maxValue(c: Client): number {
  return c.server.config.getNumber('hash-max-listpack-value');
}

/** The hash at `v`, or null after replying WRONGTYPE. */
function checkHash(c: Client, v: RedisValue): HashObject | null {
  if (typeOf(v) !== ObjType.Hash) {
    c.addReplyWrongType();
    return null;
  }
  return v as HashObject;
}

/**
 * Redis `hashTypeLookupWriteOrCreate`: the hash at `key`, created (and added to the db) when
 * missing; null after replying WRONGTYPE.
 */
function hashTypeLookupWriteOrCreate(c: Client, key: string): HashObject | null {
  const v = c.db.lookupKeyWrite(key);
  if (v !== undefined) return checkHash(c, v);
  const o = new HashObject();
  c.db.dbAdd(key, o);
  return o;
}

/**
 * Redis `hashTypeTryConversion`: before adding argv[start..end], converts a listpack to a
 * hashtable when more new fields than hash-max-listpack-entries are given, or when any
 * argument is longer than hash-max-listpack-value.
 */
function hashTypeTryConversion(c: Client, o: HashObject, argv: readonly string[], start: number, end: number): void {
  if (o.lp === null) return;
  const newFields = Math.floor((end - start + 1) / 2);
  if (newFields > maxEntries(c)) {
    o.convertToHashtable();
    return;
  }
  const mv = maxValue(c);
  for (let i = start; i <= end; i++) {
    if (argv[i].length > mv) {
      o.convertToHashtable();
      return;
    }
  }
}

/** HSET key field value [field value ...] and HMSET. */
function hsetCommand(c: Client): void {
  const argv = c.argv;
  if (argv.length % 2 === 1) {
    c.addReplyError("wrong number of arguments for '" + (c.cmd !== null ? c.cmd.fullname : argv[0].toLowerCase()) + "' command");
    return;
  }
  const key = argv[1];
  const o = hashTypeLookupWriteOrCreate(c, key);
  if (o === null) return;
  hashTypeTryConversion(c, o, argv, 2, argv.length - 1);
  const me = maxEntries(c);
  const mv = maxValue(c);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (!o.set(argv[i], argv[i + 1], me, mv)) created++;
  const name = argv[0];
  if (name.charCodeAt(1) === 115 || name.charCodeAt(1) === 83) c.addReplyLongLong(created);
  else c.addReplyOk();
  c.db.signalModifiedKey(c, key);
  c.server.notifyKeyspaceEvent(NOTIFY_HASH, 'hset', key, c.db.id);
  c.server.dirty += (argv.length - 2) / 2;
}

/** HSETNX key field value. */
function hsetnxCommand(c: Client): void {
  const key = c.argv[1];
  const o = hashTypeLookupWriteOrCreate(c, key);
  if (o === null) return;
  if (o.has(c.argv[2])) {
    c.addReplyLongLong(0);
    return;
  }
  hashTypeTryConversion(c, o, c.argv, 2, 3);
  o.set(c.argv[2], c.argv[3], maxEntries(c), maxValue(c));
  c.addReplyLongLong(1);
  c.db.signalModifiedKey(c, key);
  c.server.notifyKeyspaceEvent(NOTIFY_HASH, 'hset', key, c.db.id);
  c.server.dirty++;
}

/** HGET key field. */
function hgetCommand(c: Client): void {
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyNull();
    return;
  }
  const o = checkHash(c, v);
  if (o === null) return;
  c.addReplyBulkOrNull(o.get(c.argv[2]));
}

/** HMGET key field [field ...]: nulls for missing fields (and a missing key). */
function hmgetCommand(c: Client): void {
  const v = c.db.lookupKeyRead(c.argv[1]);
  let o: HashObject | null = null;
  if (v !== undefined) {
    o = checkHash(c, v);
    if (o === null) return;
  }
  const argv = c.argv;
  c.addReplyArrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.addReplyBulkOrNull(o === null ? undefined : o.get(argv[i]));
}

/** HDEL key field [field ...]. */
function hdelCommand(c: Client): void {
  const key = c.argv[1];
  const v = c.db.lookupKeyWrite(key);
  if (v === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  const o = checkHash(c, v);
  if (o === null) return;
  let deleted = 0;
  let keyremoved = false;
  for (let j = 2; j < c.argv.length; j++) {
    if (o.delete(c.argv[j])) {
      deleted++;
      if (o.length === 0) {
        c.db.dbDelete(key);
        keyremoved = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    c.db.signalModifiedKey(c, key);
    c.server.notifyKeyspaceEvent(NOTIFY_HASH, 'hdel', key, c.db.id);
    if (keyremoved) c.server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', key, c.db.id);
    c.server.dirty += deleted;
  }
  c.addReplyLongLong(deleted);
}

/** Read lookup + type check; replies `onMissing` when absent. @returns the hash or null. */
function lookupHashRead(c: Client, onMissing: (c: Client) => void): HashObject | null {
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    onMissing(c);
    return null;
  }
  return checkHash(c, v);
}

function replyZero(c: Client): void {
  c.addReplyLongLong(0);
}
function replyNull(c: Client): void {
  c.addReplyNull();
}
function replyEmptyArray(c: Client): void {
  c.addReplyArrayLen(0);
}
function replyEmptyMap(c: Client): void {
  c.addReplyMapLen(0);
}

/** HLEN key. */
function hlenCommand(c: Client): void {
  const o = lookupHashRead(c, replyZero);
  if (o !== null) c.addReplyLongLong(o.length);
}

/** HSTRLEN key field. */
function hstrlenCommand(c: Client): void {
  const o = lookupHashRead(c, replyZero);
  if (o === null) return;
  const val = o.get(c.argv[2]);
  c.addReplyLongLong(val === undefined ? 0 : val.length);
}

/** HEXISTS key field. */
function hexistsCommand(c: Client): void {
  const o = lookupHashRead(c, replyZero);
  if (o !== null) c.addReplyLongLong(o.has(c.argv[2]) ? 1 : 0);
}

/** HKEYS / HVALS / HGETALL (Redis `genericHgetallCommand`). */
function genericHgetall(c: Client, keys: boolean, vals: boolean): void {
  const both = keys && vals;
  const o = lookupHashRead(c, both ? replyEmptyMap : replyEmptyArray);
  if (o === null) return;
  const n = o.length;
  if (both) c.addReplyMapLen(n);
  else c.addReplyArrayLen(n);
  let out = '';
  for (let i = 0; i < n; i++) {
    if (keys) {
      const f = o.fieldAt(i);
      out += '$' + f.length + '\r\n' + f + '\r\n';
    }
    if (vals) {
      const v = o.valueAt(i);
      out += '$' + v.length + '\r\n' + v + '\r\n';
    }
  }
  if (out.length > 0) c.addReplyProto(out);
}

function hkeysCommand(c: Client): void {
  genericHgetall(c, true, false);
}
function hvalsCommand(c: Client): void {
  genericHgetall(c, false, true);
}
function hgetallCommand(c: Client): void {
  genericHgetall(c, true, true);
}

/** HINCRBY key field increment. */
function hincrbyCommand(c: Client): void {
  const incr = string2bigint(c.argv[3]);
  if (incr === null) {
    c.addReplyError('value is not an integer or out of range');
    return;
  }
  const key = c.argv[1];
  const o = hashTypeLookupWriteOrCreate(c, key);
  if (o === null) return;
  const cur = o.get(c.argv[2]);
  let value = 0n;
  if (cur !== undefined) {
    const p = string2bigint(cur);
    if (p === null) {
      c.addReplyError('hash value is not an integer');
      return;
    }
    value = p;
  }
  if ((incr < 0n && value < 0n && incr < LLONG_MIN - value) || (incr > 0n && value > 0n && incr > LONG_MAX - value)) {
    c.addReplyError('increment or decrement would overflow');
    return;
  }
  value += incr;
  o.set(c.argv[2], value.toString(), maxEntries(c), maxValue(c));
  c.addReplyLongLong(value);
  c.db.signalModifiedKey(c, key);
  c.server.notifyKeyspaceEvent(NOTIFY_HASH, 'hincrby', key, c.db.id);
  c.server.dirty++;
}

/** HINCRBYFLOAT key field increment (long double arithmetic, "%.17Lf" human formatting). */
function hincrbyfloatCommand(c: Client): void {
  const incr = parseLongDouble(c.argv[3]);
  if (incr === null) {
    c.addReplyError('value is not a valid float');
    return;
  }
  if (incr.inf) {
    c.addReplyError('value is NaN or Infinity');
    return;
  }
  const key = c.argv[1];
  const o = hashTypeLookupWriteOrCreate(c, key);
  if (o === null) return;
  const cur = o.get(c.argv[2]);
  let value: LongDouble = { neg: false, inf: false, m: 0n, e: 0 };
  if (cur !== undefined) {
    const p = parseLongDouble(cur);
    if (p === null) {
      c.addReplyError('hash value is not a float');
      return;
    }
    value = p;
  }
  const sum = addLongDouble(value, incr);
  if (sum === null || sum.inf) {
    c.addReplyError('increment would produce NaN or Infinity');
    return;
  }
  const s = formatLongDoubleHuman(sum);
  o.set(c.argv[2], s, maxEntries(c), maxValue(c));
  c.addReplyBulk(s);
  c.db.signalModifiedKey(c, key);
  c.server.notifyKeyspaceEvent(NOTIFY_HASH, 'hincrbyfloat', key, c.db.id);
  c.server.dirty++;
}

/** One HRANDFIELD element: field, plus value (RESP3: as a [field, value] pair). */
function addRandomPair(c: Client, o: HashObject, i: number, withvalues: boolean): void {
  if (withvalues && c.resp > 2) c.addReplyArrayLen(2);
  c.addReplyBulk(o.fieldAt(i));
  if (withvalues) c.addReplyBulk(o.valueAt(i));
}

/** HRANDFIELD key [count [WITHVALUES]] (Redis `hrandfieldCommand`). */
function hrandfieldCommand(c: Client): void {
  const argv = c.argv;
  if (argv.length >= 3) {
    const l = getRangeLongOrReply(c, argv[2], -LONG_MAX, LONG_MAX, null);
    if (l === null) return;
    let withvalues = false;
    if (argv.length > 4 || (argv.length === 4 && cstrLower(argv[3]) !== 'withvalues')) {
      c.addReplySyntaxError();
      return;
    } else if (argv.length === 4) {
      withvalues = true;
      if (l < -LONG_MAX / 2n || l > LONG_MAX / 2n) {
        c.addReplyError('value is out of range');
        return;
      }
    }
    hrandfieldWithCount(c, l, withvalues);
    return;
  }
  const v = c.db.lookupKeyRead(argv[1]);
  if (v === undefined) {
    c.addReplyNull();
    return;
  }
  const o = checkHash(c, v);
  if (o === null) return;
  c.addReplyBulk(o.fieldAt(Math.floor(Math.random() * o.length)));
}

/** Redis `hrandfieldWithCountCommand`. */
function hrandfieldWithCount(c: Client, l: bigint, withvalues: boolean): void {
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyArrayLen(0);
    return;
  }
  const o = checkHash(c, v);
  if (o === null) return;
  const size = o.length;
  const uniq = l >= 0n;
  const countBig = uniq ? l : -l;
  if (countBig === 0n) {
    c.addReplyArrayLen(0);
    return;
  }
  // CASE 1: negative count (repetitions allowed) or a single element.
  if (!uniq || countBig === 1n) {
    let count = Number(countBig);
    c.addReplyArrayLen(withvalues && c.resp === 2 ? count * 2 : count);
    while (count-- > 0) {
      addRandomPair(c, o, Math.floor(Math.random() * size), withvalues);
      if ((c.flags & CLIENT_CLOSE_ASAP) !== 0) break;
    }
    return;
  }
  const count = countBig > BigInt(size) ? size + 1 : Number(countBig);
  const replySize = count < size ? count : size;
  c.addReplyArrayLen(withvalues && c.resp === 2 ? replySize * 2 : replySize);
  // CASE 2: the whole hash, in its order.
  if (count >= size) {
    for (let i = 0; i < size; i++) addRandomPair(c, o, i, withvalues);
    return;
  }
  // CASE 3 / 4: a random subset without repetitions.
  const idx: number[] = new Array<number>(size);
  for (let i = 0; i < size; i++) idx[i] = i;
  if (count * HRANDFIELD_SUB_STRATEGY_MUL > size) {
    // Remove random elements until `count` remain (order: what remains).
    let n = size;
    while (n > count) {
      const r = Math.floor(Math.random() * n);
      idx[r] = idx[n - 1];
      n--;
    }
    for (let i = 0; i < count; i++) addRandomPair(c, o, idx[i], withvalues);
  } else {
    for (let i = 0; i < count; i++) {
      const r = i + Math.floor(Math.random() * (size - i));
      const t = idx[i];
      idx[i] = idx[r];
      idx[r] = t;
      addRandomPair(c, o, idx[i], withvalues);
    }
  }
}

/**
 * HSCAN key cursor [MATCH pattern] [COUNT count] (Redis `hscanCommand` +
 * `scanGenericCommand`): a listpack hash is returned whole with cursor 0; a hashtable is
 * walked with Dict.scan (full-iteration guarantee).
 */
function hscanCommand(c: Client): void {
  const cursor = parseScanCursorOrReply(c, c.argv[2]);
  if (cursor === null) return;
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyProto('*2\r\n$1\r\n0\r\n*0\r\n');
    return;
  }
  const o = checkHash(c, v);
  if (o === null) return;
  const opts = parseScanOptionsOrReply(c, 3, false);
  if (opts === null) return;
  const pattern = opts.pattern;
  const out: string[] = [];
  let next = 0;
  if (o.lp !== null) {
    const lp = o.lp;
    for (let i = 0; i < lp.length; i += 2) {
      if (pattern !== null && !stringmatchlen(pattern, lp[i], false)) continue;
      out.push(lp[i], lp[i + 1]);
    }
  } else {
    const cur = cursor > 9007199254740991n ? Number.MAX_SAFE_INTEGER : Number(cursor);
    next = o.ht!.scan(cur, Math.min(opts.count, 1 << 30), (f, val) => {
      if (pattern !== null && !stringmatchlen(pattern, f, false)) return;
      out.push(f, val);
    });
  }
  c.addReplyArrayLen(2);
  c.addReplyBulk(String(next));
  c.addReplyBulkArray(out);
}

/** The hash family. */
export const hashCommands: CommandSpec[] = [
  { name: 'hset', proc: hsetCommand },
  { name: 'hmset', proc: hsetCommand },
  { name: 'hsetnx', proc: hsetnxCommand },
  { name: 'hget', proc: hgetCommand },
  { name: 'hmget', proc: hmgetCommand },
  { name: 'hdel', proc: hdelCommand },
  { name: 'hlen', proc: hlenCommand },
  { name: 'hstrlen', proc: hstrlenCommand },
  { name: 'hexists', proc: hexistsCommand },
  { name: 'hkeys', proc: hkeysCommand },
  { name: 'hvals', proc: hvalsCommand },
  { name: 'hgetall', proc: hgetallCommand },
  { name: 'hincrby', proc: hincrbyCommand },
  { name: 'hincrbyfloat', proc: hincrbyfloatCommand },
  { name: 'hrandfield', proc: hrandfieldCommand },
  { name: 'hscan', proc: hscanCommand },
];
