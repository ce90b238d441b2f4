/**
 * List commands (Redis 7.2 t_list.c): LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP, LLEN,
 * LRANGE, LINDEX, LSET, LINSERT, LREM, LTRIM, LPOS, LMOVE, RPOPLPUSH, LMPOP and the blocking
 * forms BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP (served through src/server/blocked.ts).
 *
 * Values are {@link ListObject}s (src/keyspace/quicklist.ts), "listpack" or "quicklist"
 * encoded following list-max-listpack-size as in 7.2.
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { CLIENT_DENY_BLOCKING } from '../server/client.js';
import { ObjType, typeOf, type RedisValue } from '../keyspace/object.js';
import { ListObject } from '../keyspace/quicklist.js';
import { NOTIFY_LIST, NOTIFY_GENERIC } from '../keyspace/notify.js';
import { string2bigint } from '../util/numbers.js';
import { cstrLower } from '../util/str-objects.js';
import { BLOCKED_LIST, UNIT_SECONDS, getTimeoutFromObjectOrReply } from '../server/blocked.js';

const LIST_HEAD = 0;
const LIST_TAIL = 1;
const LONG_MAX = 9223372036854775807n;

// -----------------------------------------------------------------------------------------
// Argument helpers (Redis object.c getLongFromObjectOrReply & co)
// -----------------------------------------------------------------------------------------

/**
 * Parses a strict int64 (Redis `getLongFromObjectOrReply`). Replies `msg` or "value is not
 * an integer or out of range" on failure. @returns the value as a bigint, or null.
 */
export function getLongOrReply(c: Client, s: string, msg: string | null = null): bigint | null {
  const v = string2bigint(s);
  if (v === null) {
    c.addReplyError(msg ?? 'value is not an integer or out of range');
    return null;
  }
  return v;
}

/**
 * Redis `getRangeLongFromObjectOrReply`: an int64 within [min, max]; out of range replies
 * `msg` or "value is out of range, value must between <min> and <max>".
 */
export function getRangeLongOrReply(c: Client, s: string, min: bigint, max: bigint, msg: string | null): bigint | null {
  const v = getLongOrReply(c, s, msg);
  if (v === null) return null;
  if (v < min || v > max) {
    c.addReplyError(msg ?? 'value is out of range, value must between ' + min + ' and ' + max);
    return null;
  }
  return v;
}

/** Redis `getPositiveLongFromObjectOrReply`: [0, LONG_MAX], default message "value is out of range, must be positive". */
export function getPositiveLongOrReply(c: Client, s: string, msg: string | null): bigint | null {
  return getRangeLongOrReply(c, s, 0n, LONG_MAX, msg ?? 'value is out of range, must be positive');
}

/** Clamps a bigint index to a JS number (values beyond 2^53 only matter by sign/magnitude here). */
function num(v: bigint): number {
  return Number(v);
}

function fill(c: Client): number {
  return c.server.config.getNumber('list-max-listpack-size');
}

/** The list at `v`, null when `v` is another type (after replying WRONGTYPE). */
function checkList(c: Client, v: RedisValue): ListObject | null {
  if (typeOf(v) !== ObjType.List) {
    c.addReplyWrongType();
    return null;
  }
  return v as ListObject;
}

/** Pushes on the head or tail. */
function listTypePush(c: Client, o: ListObject, v: string, where: number): void {
  if (where === LIST_HEAD) o.pushHead(v, fill(c));
  else o.pushTail(v, fill(c));
}

function listTypePop(o: ListObject, where: number): string {
  return (where === LIST_HEAD ? o.popHead() : o.popTail()) as string;
}

/**
 * Housekeeping after popping `count` elements (Redis `listElementsRemoved`): lpop/rpop
 * event, deletes the key when empty (with "del"), else tries the shrinking conversion;
 * signals the key; dirty += count.
 * @returns true when the key was deleted.
 */
function listElementsRemoved(c: Client, key: string, where: number, o: ListObject, count: number, signal: boolean): boolean {
  const server = c.server;
  server.notifyKeyspaceEvent(NOTIFY_LIST, where === LIST_HEAD ? 'lpop' : 'rpop', key, c.db.id);
  let deleted = false;
  if (o.length === 0) {
    deleted = true;
    c.db.dbDelete(key);
    server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', key, c.db.id);
  } else {
    o.tryConversionShrinking(fill(c));
  }
  if (signal) c.db.signalModifiedKey(c, key);
  server.dirty += count;
  return deleted;
}

/**
 * Replies with elements [start, end] (negative indexes allowed), reversed when `reverse`
 * (Redis `addListRangeReply`).
 */
function addListRangeReply(c: Client, o: ListObject, start: number, end: number, reverse: boolean): void {
  const llen = o.length;
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) {
    c.addReplyArrayLen(0);
    return;
  }
  if (end >= llen) end = llen - 1;
  const rangelen = end - start + 1;
  c.addReplyBulkArray(o.range(start, rangelen, reverse));
}

/** Redis `listPopRangeAndReplyWithKey`: [key, [elements]] and pops them. */
function listPopRangeAndReplyWithKey(c: Client, o: ListObject, key: string, where: number, count: number): void {
  const llen = o.length;
  const rangelen = count > llen ? llen : count;
  const rangestart = where === LIST_HEAD ? 0 : -rangelen;
  const rangeend = where === LIST_HEAD ? rangelen - 1 : -1;
  c.addReplyArrayLen(2);
  c.addReplyBulk(key);
  addListRangeReply(c, o, rangestart, rangeend, where !== LIST_HEAD);
  o.delRange(rangestart, rangelen);
  listElementsRemoved(c, key, where, o, rangelen, true);
}

// -----------------------------------------------------------------------------------------
// Commands
// -----------------------------------------------------------------------------------------

/** LPUSH/RPUSH/LPUSHX/RPUSHX (Redis `pushGenericCommand`); `xx` = only when the key exists. */
function pushGenericCommand(c: Client, where: number, xx: boolean): void {
  const key = c.argv[1];
  const v = c.db.lookupKeyWrite(key);
  let o: ListObject;
  if (v !== undefined) {
    const l = checkList(c, v);
    if (l === null) return;
    o = l;
  } else {
    if (xx) {
      c.addReplyLongLong(0);
      return;
    }
    o = new ListObject();
    c.db.dbAdd(key, o);
  }
  const argv = c.argv;
  o.tryConversionAppend(fill(c), argv, 2, argv.length - 1);
  const f = fill(c);
  for (let j = 2; j < argv.length; j++) {
    if (where === LIST_HEAD) o.pushHead(argv[j], f);
    else o.pushTail(argv[j], f);
    c.server.dirty++;
  }
  c.addReplyLongLong(o.length);
  c.db.signalModifiedKey(c, key);
  c.server.notifyKeyspaceEvent(NOTIFY_LIST, where === LIST_HEAD ? 'lpush' : 'rpush', key, c.db.id);
}

function lpushCommand(c: Client): void {
  pushGenericCommand(c, LIST_HEAD, false);
}
function rpushCommand(c: Client): void {
  pushGenericCommand(c, LIST_TAIL, false);
}
function lpushxCommand(c: Client): void {
  pushGenericCommand(c, LIST_HEAD, true);
}
function rpushxCommand(c: Client): void {
  pushGenericCommand(c, LIST_TAIL, true);
}

/** LINSERT key BEFORE|AFTER pivot element. */
function linsertCommand(c: Client): void {
  const w = cstrLower(c.argv[2]);
  let after: boolean;
  if (w === 'after') after = true;
  else if (w === 'before') after = false;
  else {
    c.addReplySyntaxError();
    return;
  }
  const key = c.argv[1];
  const v = c.db.lookupKeyWrite(key);
  if (v === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  const o = checkList(c, v);
  if (o === null) return;
  o.tryConversionAppend(fill(c), c.argv, 4, 4);
  const pivot = c.argv[3];
  const idx = o.indexOf(pivot);
  if (idx < 0) {
    c.addReplyLongLong(-1);
    return;
  }
  o.insertAt(idx, c.argv[4], after, fill(c));
  c.db.signalModifiedKey(c, key);
  c.server.notifyKeyspaceEvent(NOTIFY_LIST, 'linsert', key, c.db.id);
  c.server.dirty++;
  c.addReplyLongLong(o.length);
}

/** LLEN key. */
function llenCommand(c: Client): void {
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  const o = checkList(c, v);
  if (o === null) return;
  c.addReplyLongLong(o.length);
}

/** LINDEX key index. */
function lindexCommand(c: Client): void {
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyNull();
    return;
  }
  const o = checkList(c, v);
  if (o === null) return;
  const idx = getLongOrReply(c, c.argv[2]);
  if (idx === null) return;
  const e = o.index(num(idx));
  if (e === undefined) c.addReplyNull();
  else c.addReplyBulk(e);
}

/** LSET key index element. */
function lsetCommand(c: Client): void {
  const key = c.argv[1];
  const v = c.db.lookupKeyWrite(key);
  if (v === undefined) {
    c.addReplyError('no such key');
    return;
  }
  const o = checkList(c, v);
  if (o === null) return;
  const idx = getLongOrReply(c, c.argv[2]);
  if (idx === null) return;
  o.tryConversionAppend(fill(c), c.argv, 3, 3);
  if (o.set(num(idx), c.argv[3], fill(c))) {
    c.addReplyOk();
    c.db.signalModifiedKey(c, key);
    c.server.notifyKeyspaceEvent(NOTIFY_LIST, 'lset', key, c.db.id);
    c.server.dirty++;
    o.tryConversionShrinking(fill(c));
  } else {
    c.addReplyError('index out of range');
  }
}

/** LPOP/RPOP key [count] (Redis `popGenericCommand`). */
function popGenericCommand(c: Client, where: number): void {
  const argc = c.argv.length;
  const hascount = argc === 3;
  let count = 0;
  if (argc > 3) {
    c.addReplyError("wrong number of arguments for '" + (c.cmd !== null ? c.cmd.fullname : c.argv[0].toLowerCase()) + "' command");
    return;
  } else if (hascount) {
    const n = getPositiveLongOrReply(c, c.argv[2], null);
    if (n === null) return;
    count = num(n);
  }
  const key = c.argv[1];
  const v = c.db.lookupKeyWrite(key);
  if (v === undefined) {
    if (hascount) c.addReplyNullArray();
    else c.addReplyNull();
    return;
  }
  const o = checkList(c, v);
  if (o === null) return;
  if (hascount && count === 0) {
    c.addReplyArrayLen(0);
    return;
  }
  if (count === 0) {
    const value = listTypePop(o, where);
    c.addReplyBulk(value);
    listElementsRemoved(c, key, where, o, 1, true);
  } else {
    const llen = o.length;
    const rangelen = count > llen ? llen : count;
    const rangestart = where === LIST_HEAD ? 0 : -rangelen;
    const rangeend = where === LIST_HEAD ? rangelen - 1 : -1;
    addListRangeReply(c, o, rangestart, rangeend, where !== LIST_HEAD);
    o.delRange(rangestart, rangelen);
    listElementsRemoved(c, key, where, o, rangelen, true);
  }
}

function lpopCommand(c: Client): void {
  popGenericCommand(c, LIST_HEAD);
}
function rpopCommand(c: Client): void {
  popGenericCommand(c, LIST_TAIL);
}

/** LRANGE key start stop. */
function lrangeCommand(c: Client): void {
  const start = getLongOrReply(c, c.argv[2]);
  if (start === null) return;
  const end = getLongOrReply(c, c.argv[3]);
  if (end === null) return;
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyArrayLen(0);
    return;
  }
  const o = checkList(c, v);
  if (o === null) return;
  addListRangeReply(c, o, num(start), num(end), false);
}

/** LTRIM key start stop. */
function ltrimCommand(c: Client): void {
  const s = getLongOrReply(c, c.argv[2]);
  if (s === null) return;
  const e = getLongOrReply(c, c.argv[3]);
  if (e === null) return;
  const key = c.argv[1];
  const v = c.db.lookupKeyWrite(key);
  if (v === undefined) {
    c.addReplyOk();
    return;
  }
  const o = checkList(c, v);
  if (o === null) return;
  const llen = o.length;
  let start = num(s);
  let end = num(e);
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  let ltrim: number;
  let rtrim: number;
  if (start > end || start >= llen) {
    ltrim = llen;
    rtrim = 0;
  } else {
    if (end >= llen) end = llen - 1;
    ltrim = start;
    rtrim = llen - end - 1;
  }
  o.delRange(0, ltrim);
  o.delRange(-rtrim, rtrim);
  c.server.notifyKeyspaceEvent(NOTIFY_LIST, 'ltrim', key, c.db.id);
  if (o.length === 0) {
    c.db.dbDelete(key);
    c.server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', key, c.db.id);
  } else {
    o.tryConversionShrinking(fill(c));
  }
  c.db.signalModifiedKey(c, key);
  c.server.dirty += ltrim + rtrim;
  c.addReplyOk();
}

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. */
function lposCommand(c: Client): void {
  const argv = c.argv;
  const ele = argv[2];
  let direction = LIST_TAIL;
  let rank = 1n;
  let count = -1n;
  let maxlen = 0n;
  for (let j = 3; j < argv.length; j++) {
    const opt = cstrLower(argv[j]);
    const moreargs = argv.length - 1 - j;
    if (opt === 'rank' && moreargs > 0) {
      j++;
      const r = getRangeLongOrReply(c, argv[j], -LONG_MAX, LONG_MAX, null);
      if (r === null) return;
      if (r === 0n) {
        c.addReplyError("RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
        return;
      }
      rank = r;
    } else if (opt === 'count' && moreargs > 0) {
      j++;
      const r = getPositiveLongOrReply(c, argv[j], "COUNT can't be negative");
      if (r === null) return;
      count = r;
    } else if (opt === 'maxlen' && moreargs > 0) {
      j++;
      const r = getPositiveLongOrReply(c, argv[j], "MAXLEN can't be negative");
      if (r === null) return;
      maxlen = r;
    } else {
      c.addReplySyntaxError();
      return;
    }
  }
  if (rank < 0n) {
    rank = -rank;
    direction = LIST_HEAD;
  }
  const v = c.db.lookupKeyRead(argv[1]);
  if (v === undefined) {
    if (count !== -1n) c.addReplyArrayLen(0);
    else c.addReplyNull();
    return;
  }
  const o = checkList(c, v);
  if (o === null) return;
  const arr = o.toArray();
  const llen = arr.length;
  const rankN = rank > 9007199254740991n ? Infinity : Number(rank);
  const countN = count > 9007199254740991n ? Infinity : Number(count);
  const maxlenN = maxlen > 9007199254740991n ? Infinity : Number(maxlen);
  const out: number[] = [];
  let matches = 0;
  let matchindex = -1;
  for (let index = 0; index < llen && (maxlenN === 0 || index < maxlenN); index++) {
    const pos = direction === LIST_TAIL ? index : llen - index - 1;
    if (arr[pos] === ele) {
      matches++;
      if (matches >= rankN) {
        if (count !== -1n) {
          out.push(pos);
          if (countN !== 0 && matches - rankN + 1 >= countN) break;
        } else {
          matchindex = pos;
          break;
        }
      }
    }
  }
  if (count !== -1n) {
    c.addReplyArrayLen(out.length);
    for (const p of out) c.addReplyLongLong(p);
  } else if (matchindex !== -1) c.addReplyLongLong(matchindex);
  else c.addReplyNull();
}

/** LREM key count element. */
function lremCommand(c: Client): void {
  const t = getLongOrReply(c, c.argv[2]);
  if (t === null) return;
  const key = c.argv[1];
  const v = c.db.lookupKeyWrite(key);
  if (v === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  const o = checkList(c, v);
  if (o === null) return;
  let toremove = t;
  let fromTail = false;
  if (toremove < 0n) {
    toremove = -toremove;
    fromTail = true;
  }
  const limit = toremove > 9007199254740991n ? 0 : Number(toremove);
  const removed = o.removeMatching(c.argv[3], limit, fromTail);
  c.server.dirty += removed;
  if (removed > 0) {
    c.db.signalModifiedKey(c, key);
    c.server.notifyKeyspaceEvent(NOTIFY_LIST, 'lrem', key, c.db.id);
  }
  if (o.length === 0) {
    c.db.dbDelete(key);
    c.server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', key, c.db.id);
  } else if (removed > 0) {
    o.tryConversionShrinking(fill(c));
  }
  c.addReplyLongLong(removed);
}

/** Redis `lmoveHandlePush`: pushes `value` to the destination (created when missing) and replies it. */
function lmoveHandlePush(c: Client, dstkey: string, dstobj: ListObject | null, value: string, where: number): void {
  if (dstobj === null) {
    dstobj = new ListObject();
    c.db.dbAdd(dstkey, dstobj);
  }
  c.db.signalModifiedKey(c, dstkey);
  dstobj.tryConversionAppend(fill(c), [value], 0, 0);
  listTypePush(c, dstobj, value, where);
  c.server.notifyKeyspaceEvent(NOTIFY_LIST, where === LIST_HEAD ? 'lpush' : 'rpush', dstkey, c.db.id);
  c.addReplyBulk(value);
}

/** Parses LEFT|RIGHT (Redis `getListPositionFromObjectOrReply`); -1 after a syntax error. */
function getListPosition(c: Client, arg: string): number {
  const a = cstrLower(arg);
  if (a === 'right') return LIST_TAIL;
  if (a === 'left') return LIST_HEAD;
  c.addReplySyntaxError();
  return -1;
}

/** Redis `lmoveGenericCommand`. */
function lmoveGenericCommand(c: Client, wherefrom: number, whereto: number): void {
  const src = c.argv[1];
  const sv = c.db.lookupKeyWrite(src);
  if (sv === undefined) {
    c.addReplyNull();
    return;
  }
  const sobj = checkList(c, sv);
  if (sobj === null) return;
  if (sobj.length === 0) {
    c.addReplyNull();
    return;
  }
  const dst = c.argv[2];
  const dv = c.db.lookupKeyWrite(dst);
  let dobj: ListObject | null = null;
  if (dv !== undefined) {
    dobj = checkList(c, dv);
    if (dobj === null) return;
  }
  const value = listTypePop(sobj, wherefrom);
  lmoveHandlePush(c, dst, dobj, value, whereto);
  listElementsRemoved(c, src, wherefrom, sobj, 1, true);
}

/** LMOVE source destination LEFT|RIGHT LEFT|RIGHT. */
function lmoveCommand(c: Client): void {
  const from = getListPosition(c, c.argv[3]);
  if (from < 0) return;
  const to = getListPosition(c, c.argv[4]);
  if (to < 0) return;
  lmoveGenericCommand(c, from, to);
}

/** RPOPLPUSH source destination. */
function rpoplpushCommand(c: Client): void {
  lmoveGenericCommand(c, LIST_TAIL, LIST_HEAD);
}

/** Redis `mpopGenericCommand` (LMPOP): pops from the first non-empty key. */
function mpopGenericCommand(c: Client, keys: readonly string[], where: number, count: number): void {
  for (const key of keys) {
    const v = c.db.lookupKeyWrite(key);
    if (v === undefined) continue;
    const o = checkList(c, v);
    if (o === null) return;
    if (o.length === 0) continue;
    listPopRangeAndReplyWithKey(c, o, key, where, count);
    return;
  }
  c.addReplyNullArray();
}

/**
 * Redis `blockingPopGenericCommand` (BLPOP, BRPOP, BLMPOP). `count` -1 = single pop with a
 * [key, element] reply; > 0 = BLMPOP's [key, [elements]].
 */
function blockingPopGenericCommand(c: Client, keys: readonly string[], where: number, timeoutIdx: number, count: number): void {
  const timeout = getTimeoutFromObjectOrReply(c, c.argv[timeoutIdx], UNIT_SECONDS);
  if (timeout < 0) return;
  for (const key of keys) {
    const v = c.db.lookupKeyWrite(key);
    if (v === undefined) continue;
    const o = checkList(c, v);
    if (o === null) return;
    if (o.length === 0) continue;
    if (count !== -1) {
      listPopRangeAndReplyWithKey(c, o, key, where, count);
      return;
    }
    const value = listTypePop(o, where);
    c.addReplyArrayLen(2);
    c.addReplyBulk(key);
    c.addReplyBulk(value);
    listElementsRemoved(c, key, where, o, 1, true);
    return;
  }
  if ((c.flags & CLIENT_DENY_BLOCKING) !== 0) {
    c.addReplyNullArray();
    return;
  }
  c.server.blocking.blockForKeys(c, BLOCKED_LIST, keys, timeout);
}

/** BLPOP key [key ...] timeout. */
function blpopCommand(c: Client): void {
  blockingPopGenericCommand(c, c.argv.slice(1, -1), LIST_HEAD, c.argv.length - 1, -1);
}

/** BRPOP key [key ...] timeout. */
function brpopCommand(c: Client): void {
  blockingPopGenericCommand(c, c.argv.slice(1, -1), LIST_TAIL, c.argv.length - 1, -1);
}

/** Redis `blmoveGenericCommand`. */
function blmoveGenericCommand(c: Client, wherefrom: number, whereto: number, timeout: number): void {
  const v = c.db.lookupKeyWrite(c.argv[1]);
  if (v !== undefined && checkList(c, v) === null) return;
  if (v === undefined) {
    if ((c.flags & CLIENT_DENY_BLOCKING) !== 0) c.addReplyNull();
    else c.server.blocking.blockForKeys(c, BLOCKED_LIST, [c.argv[1]], timeout);
  } else {
    lmoveGenericCommand(c, wherefrom, whereto);
  }
}

/** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout. */
function blmoveCommand(c: Client): void {
  const from = getListPosition(c, c.argv[3]);
  if (from < 0) return;
  const to = getListPosition(c, c.argv[4]);
  if (to < 0) return;
  const timeout = getTimeoutFromObjectOrReply(c, c.argv[5], UNIT_SECONDS);
  if (timeout < 0) return;
  blmoveGenericCommand(c, from, to, timeout);
}

/** BRPOPLPUSH source destination timeout. */
function brpoplpushCommand(c: Client): void {
  const timeout = getTimeoutFromObjectOrReply(c, c.argv[3], UNIT_SECONDS);
  if (timeout < 0) return;
  blmoveGenericCommand(c, LIST_TAIL, LIST_HEAD, timeout);
}

/** Redis `lmpopGenericCommand`: LMPOP numkeys key... LEFT|RIGHT [COUNT n] and BLMPOP. */
function lmpopGenericCommand(c: Client, numkeysIdx: number, isBlock: boolean): void {
  const argv = c.argv;
  const nk = getRangeLongOrReply(c, argv[numkeysIdx], 1n, LONG_MAX, 'numkeys should be greater than 0');
  if (nk === null) return;
  const whereIdx = numkeysIdx + num(nk) + 1;
  if (whereIdx >= argv.length) {
    c.addReplySyntaxError();
    return;
  }
  const where = getListPosition(c, argv[whereIdx]);
  if (where < 0) return;
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const opt = cstrLower(argv[j]);
    const moreargs = argv.length - 1 - j;
    if (count === -1 && opt === 'count' && moreargs > 0) {
      j++;
      const n = getRangeLongOrReply(c, argv[j], 1n, LONG_MAX, 'count should be greater than 0');
      if (n === null) return;
      count = num(n);
    } else {
      c.addReplySyntaxError();
      return;
    }
  }
  if (count === -1) count = 1;
  const keys = argv.slice(numkeysIdx + 1, whereIdx);
  if (isBlock) blockingPopGenericCommand(c, keys, where, 1, count);
  else mpopGenericCommand(c, keys, where, count);
}

/** LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]. */
function lmpopCommand(c: Client): void {
  lmpopGenericCommand(c, 1, false);
}

/** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]. */
function blmpopCommand(c: Client): void {
  lmpopGenericCommand(c, 2, true);
}


/** The list family. */
export const listCommands: CommandSpec[] = [
  { name: 'lpush', proc: lpushCommand },
  { name: 'rpush', proc: rpushCommand },
  { name: 'lpushx', proc: lpushxCommand },
  { name: 'rpushx', proc: rpushxCommand },
  { name: 'linsert', proc: linsertCommand },
  { name: 'llen', proc: llenCommand },
  { name: 'lindex', proc: lindexCommand },
  { name: 'lset', proc: lsetCommand },
  { name: 'lpop', proc: lpopCommand },
  { name: 'rpop', proc: rpopCommand },
  { name: 'lrange', proc: lrangeCommand },
  { name: 'ltrim', proc: ltrimCommand },
  { name: 'lpos', proc: lposCommand },
  { name: 'lrem', proc: lremCommand },
  { name: 'lmove', proc: lmoveCommand },
  { name: 'rpoplpush', proc: rpoplpushCommand },
  { name: 'lmpop', proc: lmpopCommand },
  { name: 'blpop', proc: blpopCommand },
  { name: 'brpop', proc: brpopCommand },
  { name: 'blmove', proc: blmoveCommand },
  { name: 'brpoplpush', proc: brpoplpushCommand },
  { name: 'blmpop', proc: blmpopCommand },
];
