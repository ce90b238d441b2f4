/**
 * Sorted set commands (Redis 7.2 t_zset.c): ZADD, ZINCRBY, ZREM, ZCARD, ZCOUNT, ZLEXCOUNT,
 * ZSCORE, ZMSCORE, ZRANK/ZREVRANK [WITHSCORE], ZRANGE (all forms), ZRANGESTORE, the legacy
 * ZRANGEBYSCORE/ZREVRANGEBYSCORE/ZRANGEBYLEX/ZREVRANGEBYLEX/ZREVRANGE, ZREMRANGEBYRANK/SCORE/
 * LEX, ZPOPMIN, ZPOPMAX, ZMPOP, BZPOPMIN, BZPOPMAX, BZMPOP, ZRANDMEMBER, ZUNION/ZINTER/ZDIFF
 * (+STORE), ZINTERCARD, ZSCAN. The value type lives in src/keyspace/zset.ts.
 *
 * Scores in replies go through `formatDouble` (Redis 7.2 d2string/fpconv_dtoa).
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { CLIENT_DENY_BLOCKING } from '../server/client.js';
import type { RedisServer } from '../server/server.js';
import { ObjType } from '../keyspace/object.js';
import { NOTIFY_ZSET, NOTIFY_GENERIC } from '../keyspace/notify.js';
import {
  RedisZset,
  ZSET_ENC_LISTPACK,
  ZSET_ENC_SKIPLIST,
  zsetAdd,
  zsetTypeCreate,
  zsetTypeMaybeConvert,
  ZADD_IN_INCR,
  ZADD_IN_NX,
  ZADD_IN_XX,
  ZADD_IN_GT,
  ZADD_IN_LT,
  ZADD_OUT_NOP,
  ZADD_OUT_NAN,
  ZADD_OUT_ADDED,
  ZADD_OUT_UPDATED,
  type ZsetLimits,
} from '../keyspace/zset.js';
import { LEX_MAX, LEX_MIN, LEX_STR, lexGteMin, lexLteMax, valueGteMin, valueLteMax, type LexRange, type ScoreRange } from '../keyspace/zset-skiplist.js';
import { RedisSet } from '../keyspace/set.js';
import { formatDouble, string2d } from '../util/numbers.js';
import { checkType, getLongOrReply, getPositiveLongOrReply, getRangeLongOrReply, LONG_MAX, parseScanCursorOrReply, scanGenericCommand, type ScanSource } from './set.js';
import { BLOCKED_ZSET, UNIT_SECONDS, getTimeoutFromObjectOrReply } from '../server/blocked.js';

// ---------------------------------------------------------------------------------------
// Parsing helpers
// ---------------------------------------------------------------------------------------

const RE_INF_LITERAL = /^[+-]?(inf|infinity)$/i;

/**
 * Redis `getDoubleFromObject` (string2d + strtod's ERANGE checks): rejects empty strings,
 * leading spaces, trailing bytes, NaN, overflow to ±inf (unless spelled "inf") and underflow
 * to 0. @returns the double or null.
 */
export function parseDouble(s: string): number | null {
  const v = string2d(s);
  if (v === null) return null;
  if ((v === Infinity || v === -Infinity) && !RE_INF_LITERAL.test(s)) return null;
  if (v === 0 && /[1-9]/.test(s.replace(/[eEpP].*$/, '').replace(/^[+-]?0[xX]/, ''))) return null;
  return v;
}

/** Redis `getDoubleFromObjectOrReply`: "value is not a valid float" (or `msg`). */
function getDoubleOrReply(c: Client, s: string, msg: string | null = null): number | null {
  const v = parseDouble(s);
  if (v === null) {
    c.addReplyError(msg ?? 'value is not a valid float');
    return null;
  }
  return v;
}

/** C strtod over the whole string (leading whitespace allowed, "" is 0); null on failure or NaN. */
function strtodFull(s: string): number | null {
  if (s.length === 0) return 0;
  let i = 0;
  while (i < s.length) {
    const ch = s.charCodeAt(i);
    if (ch === 32 || (ch >= 9 && ch <= 13)) i++;
    else break;
  }
  if (i === s.length) return null;
  const v = string2d(i === 0 ? s : s.slice(i));
  if (v === null || v !== v) return null;
  return v;
}

/** Redis `zslParseRange`: "(" prefix = exclusive. @returns null when a bound is not a float. */
function parseScoreRange(min: string, max: string): ScoreRange | null {
  const r: ScoreRange = { min: 0, max: 0, minex: false, maxex: false };
  let v: number | null;
  if (min.charCodeAt(0) === 40) {
    v = strtodFull(min.slice(1));
    r.minex = true;
  } else v = strtodFull(min);
  if (v === null) return null;
  r.min = v;
  if (max.charCodeAt(0) === 40) {
    v = strtodFull(max.slice(1));
    r.maxex = true;
  } else v = strtodFull(max);
  if (v === null) return null;
  r.max = v;
  return r;
}

/** Redis `zslParseLexRangeItem` for one bound. @returns false when invalid. */
function parseLexItem(s: string, r: LexRange, isMin: boolean): boolean {
  const c0 = s.charCodeAt(0);
  let kind = LEX_STR;
  let val = '';
  let ex = false;
  if (c0 === 43 || c0 === 45) {
    // '+' / '-': must be the whole item (C string: a NUL ends it too).
    if (s.length > 1 && s.charCodeAt(1) !== 0) return false;
    kind = c0 === 43 ? LEX_MAX : LEX_MIN;
    ex = true;
  } else if (c0 === 40) {
    ex = true;
    val = s.slice(1);
  } else if (c0 === 91) {
    val = s.slice(1);
  } else {
    return false;
  }
  if (isMin) {
    r.min = val;
    r.minKind = kind;
    r.minex = ex;
  } else {
    r.max = val;
    r.maxKind = kind;
    r.maxex = ex;
  }
  return true;
}

/** Redis `zslParseLexRange`. @returns null when an item is invalid. */
function parseLexRange(min: string, max: string): LexRange | null {
  const r: LexRange = { min: '', max: '', minKind: LEX_STR, maxKind: LEX_STR, minex: false, maxex: false };
  if (!parseLexItem(min, r, true) || !parseLexItem(max, r, false)) return null;
  return r;
}

/** The zset encoding thresholds from the server's config. */
export function zsetLimits(server: RedisServer): ZsetLimits {
  return {
    maxListpackEntries: server.config.getNumber('zset-max-listpack-entries'),
    maxListpackValue: server.config.getNumber('zset-max-listpack-value'),
  };
}

/** Looks up a zset for reading: undefined = missing, null = WRONGTYPE replied. */
function lookupZsetRead(c: Client, key: string): RedisZset | undefined | null {
  const v = c.db.lookupKeyRead(key);
  if (v === undefined) return undefined;
  if (checkType(c, v, ObjType.ZSet)) return null;
  return v as RedisZset;
}

/** Looks up a zset for writing: undefined = missing, null = WRONGTYPE replied. */
function lookupZsetWrite(c: Client, key: string): RedisZset | undefined | null {
  const v = c.db.lookupKeyWrite(key);
  if (v === undefined) return undefined;
  if (checkType(c, v, ObjType.ZSet)) return null;
  return v as RedisZset;
}

/** A double reply element (bulk in RESP2, `,` in RESP3). */
function dbl(c: Client, d: number): string {
  const s = formatDouble(d);
  return c.resp === 2 ? '$' + s.length + '\r\n' + s + '\r\n' : ',' + s + '\r\n';
}

/**
 * Replies a member list, with scores when `withscores`: RESP2 flat array, RESP3 array of
 * [member, score] pairs (Redis zrangeResultEmitCBufferToClient).
 */
function replyMembers(c: Client, eles: readonly string[], scores: readonly number[], withscores: boolean): void {
  const n = eles.length;
  let s = '*' + (withscores && c.resp === 2 ? n * 2 : n) + '\r\n';
  const nested = withscores && c.resp !== 2;
  for (let i = 0; i < n; i++) {
    if (nested) s += '*2\r\n';
    const e = eles[i];
    s += '$' + e.length + '\r\n' + e + '\r\n';
    if (withscores) s += dbl(c, scores[i]);
    if (s.length > 65536) {
      c.addReplyProto(s);
      s = '';
    }
  }
  if (s.length > 0) c.addReplyProto(s);
}

/** Deletes an emptied zset key with the generic "del" event. */
function deleteEmptied(c: Client, key: string): void {
  c.db.dbDelete(key);
  c.server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', key, c.db.id);
}

// ---------------------------------------------------------------------------------------
// ZADD / ZINCRBY
// ---------------------------------------------------------------------------------------

/** Redis `zaddGenericCommand`. */
function zaddGenericCommand(c: Client, inFlags: number): void {
  const argv = c.argv;
  const key = argv[1];
  let flags = inFlags;
  let ch = false;
  let scoreidx = 2;
  while (scoreidx < argv.length) {
    const opt = argv[scoreidx].toLowerCase();
    if (opt === 'nx') flags |= ZADD_IN_NX;
    else if (opt === 'xx') flags |= ZADD_IN_XX;
    else if (opt === 'ch') ch = true;
    else if (opt === 'incr') flags |= ZADD_IN_INCR;
    else if (opt === 'gt') flags |= ZADD_IN_GT;
    else if (opt === 'lt') flags |= ZADD_IN_LT;
    else break;
    scoreidx++;
  }
  const incr = (flags & ZADD_IN_INCR) !== 0;
  const nx = (flags & ZADD_IN_NX) !== 0;
  const xx = (flags & ZADD_IN_XX) !== 0;
  const gt = (flags & ZADD_IN_GT) !== 0;
  const lt = (flags & ZADD_IN_LT) !== 0;
  let elements = argv.length - scoreidx;
  if (elements % 2 !== 0 || elements === 0) {
    c.addReplySyntaxError();
    return;
  }
  elements /= 2;
  if (nx && xx) {
    c.addReplyError('XX and NX options at the same time are not compatible');
    return;
  }
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    c.addReplyError('GT, LT, and/or NX options at the same time are not compatible');
    return;
  }
  if (incr && elements > 1) {
    c.addReplyError('INCR option supports a single increment-element pair');
    return;
  }
  const scores: number[] = new Array<number>(elements);
  for (let j = 0; j < elements; j++) {
    const v = getDoubleOrReply(c, argv[scoreidx + j * 2]);
    if (v === null) return;
    scores[j] = v;
  }
  let zobj = lookupZsetWrite(c, key);
  if (zobj === null) return;
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  const limits = zsetLimits(c.server);
  if (zobj === undefined) {
    if (xx) {
      replyZadd(c, incr, processed, score, ch, added, updated);
      return;
    }
    // Redis sizes the new zset by the element count and the FIRST member's length.
    zobj = zsetTypeCreate(elements, argv[scoreidx + 1].length, limits);
    c.db.dbAdd(key, zobj);
  } else {
    zsetTypeMaybeConvert(zobj, elements, 0, limits);
  }
  let nan = false;
  for (let j = 0; j < elements; j++) {
    const ret = zsetAdd(zobj, scores[j], argv[scoreidx + 1 + j * 2], flags, limits);
    if ((ret & ZADD_OUT_NAN) !== 0) {
      nan = true;
      break;
    }
    if ((ret & ZADD_OUT_ADDED) !== 0) added++;
    if ((ret & ZADD_OUT_UPDATED) !== 0) updated++;
    if ((ret & ZADD_OUT_NOP) === 0) processed++;
    score = zobj.newscore;
  }
  if (nan) {
    c.addReplyError('resulting score is not a number (NaN)');
  } else {
    c.server.dirty += added + updated;
    replyZadd(c, incr, processed, score, ch, added, updated);
  }
  if (added > 0 || updated > 0) {
    c.db.signalModifiedKey(c, key);
    c.server.notifyKeyspaceEvent(NOTIFY_ZSET, incr ? 'zincr' : 'zadd', key, c.db.id);
  }
}

function replyZadd(c: Client, incr: boolean, processed: number, score: number, ch: boolean, added: number, updated: number): void {
  if (incr) {
    if (processed > 0) c.addReplyDouble(score);
    else c.addReplyNull();
  } else {
    c.addReplyLongLong(ch ? added + updated : added);
  }
}

function zaddCommand(c: Client): void {
  zaddGenericCommand(c, 0);
}

function zincrbyCommand(c: Client): void {
  zaddGenericCommand(c, ZADD_IN_INCR);
}

// ---------------------------------------------------------------------------------------
// ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK
// ---------------------------------------------------------------------------------------

/** ZREM key member [member ...]. */
function zremCommand(c: Client): void {
  const argv = c.argv;
  const key = argv[1];
  const zobj = lookupZsetWrite(c, key);
  if (zobj === null) return;
  if (zobj === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  let deleted = 0;
  let keyremoved = false;
  for (let j = 2; j < argv.length; j++) {
    if (zobj.delete(argv[j])) deleted++;
    if (zobj.length === 0) {
      c.db.dbDelete(key);
      keyremoved = true;
      break;
    }
  }
  if (deleted > 0) {
    c.server.notifyKeyspaceEvent(NOTIFY_ZSET, 'zrem', key, c.db.id);
    if (keyremoved) c.server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', key, c.db.id);
    c.db.signalModifiedKey(c, key);
    c.server.dirty += deleted;
  }
  c.addReplyLongLong(deleted);
}

function zcardCommand(c: Client): void {
  const z = lookupZsetRead(c, c.argv[1]);
  if (z === null) return;
  c.addReplyLongLong(z === undefined ? 0 : z.length);
}

function zscoreCommand(c: Client): void {
  const z = lookupZsetRead(c, c.argv[1]);
  if (z === null) return;
  const s = z === undefined ? undefined : z.score(c.argv[2]);
  if (s === undefined) c.addReplyNull();
  else c.addReplyDouble(s);
}

function zmscoreCommand(c: Client): void {
  const argv = c.argv;
  const v = c.db.lookupKeyRead(argv[1]);
  if (checkType(c, v, ObjType.ZSet)) return;
  const z = v as RedisZset | undefined;
  let s = '*' + (argv.length - 2) + '\r\n';
  const nul = c.resp === 2 ? '$-1\r\n' : '_\r\n';
  for (let j = 2; j < argv.length; j++) {
    const sc = z === undefined ? undefined : z.score(argv[j]);
    s += sc === undefined ? nul : dbl(c, sc);
  }
  c.addReplyProto(s);
}

/** ZRANK / ZREVRANK key member [WITHSCORE] (Redis 7.2 `zrankGenericCommand`). */
function zrankGenericCommand(c: Client, reverse: boolean): void {
  const argv = c.argv;
  if (argv.length > 4) {
    c.addReplyError("wrong number of arguments for '" + (c.cmd?.fullname ?? argv[0].toLowerCase()) + "' command");
    return;
  }
  let withscore = false;
  if (argv.length > 3) {
    if (argv[3].toLowerCase() === 'withscore') withscore = true;
    else {
      c.addReplySyntaxError();
      return;
    }
  }
  const z = lookupZsetRead(c, argv[1]);
  if (z === null) return;
  const rank = z === undefined ? -1 : z.rank(argv[2], reverse);
  if (rank < 0) {
    if (withscore) c.addReplyNullArray();
    else c.addReplyNull();
    return;
  }
  if (withscore) c.addReplyProto('*2\r\n:' + rank + '\r\n' + dbl(c, z!.newscore));
  else c.addReplyLongLong(rank);
}

function zrankCommand(c: Client): void {
  zrankGenericCommand(c, false);
}
function zrevrankCommand(c: Client): void {
  zrankGenericCommand(c, true);
}

// ---------------------------------------------------------------------------------------
// Ranges
// ---------------------------------------------------------------------------------------

const ZRANGE_AUTO = 0;
const ZRANGE_RANK = 1;
const ZRANGE_SCORE = 2;
const ZRANGE_LEX = 3;
const DIR_AUTO = 0;
const DIR_FORWARD = 1;
const DIR_REVERSE = 2;

/** Normalizes rank indexes as Redis does. @returns [start, end] or null when empty. */
function sanitizeRankRange(start: number, end: number, llen: number): [number, number] | null {
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return null;
  if (end >= llen) end = llen - 1;
  return [start, end];
}

/** Members/scores of a rank range (Redis genericZrangebyrankCommand). */
function rangeByRank(z: RedisZset, start: number, end: number, reverse: boolean, eles: string[], scores: number[]): void {
  const r = sanitizeRankRange(start, end, z.length);
  if (r === null) return;
  const n = r[1] - r[0] + 1;
  const len = z.length;
  z.walk(reverse ? len - 1 - r[0] : r[0], reverse, n, null, eles, scores);
}

/** Members/scores of a score range with LIMIT (Redis genericZrangebyscoreCommand). */
function rangeByScore(z: RedisZset, range: ScoreRange, offset: number, limit: number, reverse: boolean, eles: string[], scores: number[]): void {
  const len = z.length;
  if (offset > 0 && offset >= len) return;
  let start = reverse ? z.lastInRange(range) : z.firstInRange(range);
  if (start < 0) return;
  if (offset < 0) return;
  start = reverse ? start - offset : start + offset;
  const pred = reverse ? (_e: string, s: number): boolean => valueGteMin(s, range) : (_e: string, s: number): boolean => valueLteMax(s, range);
  z.walk(start, reverse, limit < 0 ? -1 : limit, pred, eles, scores, offset === 0);
}

/** Members/scores of a lex range with LIMIT (Redis genericZrangebylexCommand). */
function rangeByLex(z: RedisZset, range: LexRange, offset: number, limit: number, reverse: boolean, eles: string[], scores: number[]): void {
  const len = z.length;
  if (offset > 0 && offset >= len) return;
  let start = reverse ? z.lastInLexRange(range) : z.firstInLexRange(range);
  if (start < 0) return;
  if (offset < 0) return;
  start = reverse ? start - offset : start + offset;
  const pred = reverse ? (e: string): boolean => lexGteMin(e, range) : (e: string): boolean => lexLteMax(e, range);
  z.walk(start, reverse, limit < 0 ? -1 : limit, pred, eles, scores, offset === 0);
}

/**
 * Redis 7.2 `zrangeGenericCommand`: ZRANGE, ZREVRANGE, Z[REV]RANGEBYSCORE, Z[REV]RANGEBYLEX and
 * ZRANGESTORE (`store`: dstkey at argv[1], source at argv[argcStart]).
 */
function zrangeGenericCommand(c: Client, argcStart: number, store: boolean, rangetypeIn: number, directionIn: number): void {
  const argv = c.argv;
  const key = argv[argcStart];
  let minidx = argcStart + 1;
  let maxidx = argcStart + 2;
  let rangetype = rangetypeIn;
  let direction = directionIn;
  let withscores = false;
  let offset = 0;
  let limit = -1;
  for (let j = argcStart + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const opt = argv[j].toLowerCase();
    if (!store && opt === 'withscores') withscores = true;
    else if (opt === 'limit' && left >= 2) {
      const o = getLongOrReply(c, argv[j + 1]);
      if (o === null) return;
      const l = getLongOrReply(c, argv[j + 2]);
      if (l === null) return;
      offset = o;
      limit = l;
      j += 2;
    } else if (direction === DIR_AUTO && opt === 'rev') direction = DIR_REVERSE;
    else if (rangetype === ZRANGE_AUTO && opt === 'bylex') rangetype = ZRANGE_LEX;
    else if (rangetype === ZRANGE_AUTO && opt === 'byscore') rangetype = ZRANGE_SCORE;
    else {
      c.addReplySyntaxError();
      return;
    }
  }
  if (direction === DIR_AUTO) direction = DIR_FORWARD;
  if (rangetype === ZRANGE_AUTO) rangetype = ZRANGE_RANK;
  if (limit !== -1 && rangetype === ZRANGE_RANK) {
    c.addReplyError('syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
    return;
  }
  if (withscores && rangetype === ZRANGE_LEX) {
    c.addReplyError('syntax error, WITHSCORES not supported in combination with BYLEX');
    return;
  }
  const reverse = direction === DIR_REVERSE;
  if (reverse && (rangetype === ZRANGE_SCORE || rangetype === ZRANGE_LEX)) {
    const t = maxidx;
    maxidx = minidx;
    minidx = t;
  }
  let start = 0;
  let end = 0;
  let srange: ScoreRange | null = null;
  let lrange: LexRange | null = null;
  if (rangetype === ZRANGE_RANK) {
    const s = getLongOrReply(c, argv[minidx]);
    if (s === null) return;
    const e = getLongOrReply(c, argv[maxidx]);
    if (e === null) return;
    start = s;
    end = e;
  } else if (rangetype === ZRANGE_SCORE) {
    srange = parseScoreRange(argv[minidx], argv[maxidx]);
    if (srange === null) {
      c.addReplyError('min or max is not a float');
      return;
    }
  } else {
    lrange = parseLexRange(argv[minidx], argv[maxidx]);
    if (lrange === null) {
      c.addReplyError('min or max not valid string range item');
      return;
    }
  }
  const v = c.db.lookupKeyRead(key);
  if (v === undefined) {
    if (store) zrangeStoreFinalize(c, argv[1], null, [], [], rangetype === ZRANGE_RANK ? 0 : -1);
    else c.addReplyProto('*0\r\n');
    return;
  }
  if (checkType(c, v, ObjType.ZSet)) return;
  const z = v as RedisZset;
  const eles: string[] = [];
  const scores: number[] = [];
  if (rangetype === ZRANGE_RANK) rangeByRank(z, start, end, reverse, eles, scores);
  else if (rangetype === ZRANGE_SCORE) rangeByScore(z, srange!, offset, limit, reverse, eles, scores);
  else rangeByLex(z, lrange!, offset, limit, reverse, eles, scores);
  if (store) {
    zrangeStoreFinalize(c, argv[1], z, eles, scores, rangetype === ZRANGE_RANK ? eles.length : -1);
  } else {
    replyMembers(c, eles, scores, withscores);
  }
}

/** ZRANGESTORE's result handler (Redis zrangeResultBeginStore / FinalizeStore). */
function zrangeStoreFinalize(c: Client, dstkey: string, _src: RedisZset | null, eles: string[], scores: number[], lengthHint: number): void {
  const server = c.server;
  const limits = zsetLimits(server);
  if (eles.length > 0) {
    const dst = zsetTypeCreate(lengthHint >= 0 ? lengthHint : 0, 0, limits);
    for (let i = 0; i < eles.length; i++) zsetAdd(dst, scores[i], eles[i], 0, limits);
    c.db.setKey(c, dstkey, dst);
    c.addReplyLongLong(eles.length);
    server.notifyKeyspaceEvent(NOTIFY_ZSET, 'zrangestore', dstkey, c.db.id);
    server.dirty++;
  } else {
    c.addReplyLongLong(0);
    if (c.db.dbDelete(dstkey)) {
      c.db.signalModifiedKey(c, dstkey);
      server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', dstkey, c.db.id);
      server.dirty++;
    }
  }
}

function zrangeCommand(c: Client): void {
  zrangeGenericCommand(c, 1, false, ZRANGE_AUTO, DIR_AUTO);
}
function zrangestoreCommand(c: Client): void {
  zrangeGenericCommand(c, 2, true, ZRANGE_AUTO, DIR_AUTO);
}
function zrevrangeCommand(c: Client): void {
  zrangeGenericCommand(c, 1, false, ZRANGE_RANK, DIR_REVERSE);
}
function zrangebyscoreCommand(c: Client): void {
  zrangeGenericCommand(c, 1, false, ZRANGE_SCORE, DIR_FORWARD);
}
function zrevrangebyscoreCommand(c: Client): void {
  zrangeGenericCommand(c, 1, false, ZRANGE_SCORE, DIR_REVERSE);
}
function zrangebylexCommand(c: Client): void {
  zrangeGenericCommand(c, 1, false, ZRANGE_LEX, DIR_FORWARD);
}
function zrevrangebylexCommand(c: Client): void {
  zrangeGenericCommand(c, 1, false, ZRANGE_LEX, DIR_REVERSE);
}

/** Number of members from 0-based rank `first` walking forward while `pred` holds. */
function countFrom(z: RedisZset, first: number, last: number): number {
  return first < 0 || last < 0 || last < first ? 0 : last - first + 1;
}

/** ZCOUNT key min max. */
function zcountCommand(c: Client): void {
  const range = parseScoreRange(c.argv[2], c.argv[3]);
  if (range === null) {
    c.addReplyError('min or max is not a float');
    return;
  }
  const z = lookupZsetRead(c, c.argv[1]);
  if (z === null) return;
  if (z === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  c.addReplyLongLong(countFrom(z, z.firstInRange(range), z.lastInRange(range)));
}

/** ZLEXCOUNT key min max. */
function zlexcountCommand(c: Client): void {
  const range = parseLexRange(c.argv[2], c.argv[3]);
  if (range === null) {
    c.addReplyError('min or max not valid string range item');
    return;
  }
  const z = lookupZsetRead(c, c.argv[1]);
  if (z === null) return;
  if (z === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  if (z.enc === ZSET_ENC_LISTPACK) {
    // zzl path: walk from the first member in range while <= max.
    c.addReplyLongLong(z.countWhile(z.firstInLexRange(range), (e) => lexLteMax(e, range)));
    return;
  }
  c.addReplyLongLong(countFrom(z, z.firstInLexRange(range), z.lastInLexRange(range)));
}

/** Redis `zremrangeGenericCommand`: ZREMRANGEBYRANK / BYSCORE / BYLEX. */
function zremrangeGenericCommand(c: Client, rangetype: number): void {
  const argv = c.argv;
  const key = argv[1];
  let start = 0;
  let end = 0;
  let srange: ScoreRange | null = null;
  let lrange: LexRange | null = null;
  if (rangetype === ZRANGE_RANK) {
    const s = getLongOrReply(c, argv[2]);
    if (s === null) return;
    const e = getLongOrReply(c, argv[3]);
    if (e === null) return;
    start = s;
    end = e;
  } else if (rangetype === ZRANGE_SCORE) {
    srange = parseScoreRange(argv[2], argv[3]);
    if (srange === null) {
      c.addReplyError('min or max is not a float');
      return;
    }
  } else {
    lrange = parseLexRange(argv[2], argv[3]);
    if (lrange === null) {
      c.addReplyError('min or max not valid string range item');
      return;
    }
  }
  const z = lookupZsetWrite(c, key);
  if (z === null) return;
  if (z === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  let first: number;
  let last: number;
  if (rangetype === ZRANGE_RANK) {
    const r = sanitizeRankRange(start, end, z.length);
    if (r === null) {
      c.addReplyLongLong(0);
      return;
    }
    first = r[0];
    last = r[1];
  } else if (rangetype === ZRANGE_SCORE) {
    // Redis deletes from the first member in range while score <= max.
    const r = srange!;
    first = z.firstInRange(r);
    last = first + z.countWhile(first, (_e, sc) => valueLteMax(sc, r)) - 1;
  } else {
    const r = lrange!;
    first = z.firstInLexRange(r);
    last = first + z.countWhile(first, (e) => lexLteMax(e, r)) - 1;
  }
  const deleted = first < 0 || last < first ? 0 : z.deleteRankRange(first, last);
  let keyremoved = false;
  if (z.length === 0) {
    c.db.dbDelete(key);
    keyremoved = true;
  }
  if (deleted > 0) {
    const event = rangetype === ZRANGE_RANK ? 'zremrangebyrank' : rangetype === ZRANGE_SCORE ? 'zremrangebyscore' : 'zremrangebylex';
    c.db.signalModifiedKey(c, key);
    c.server.notifyKeyspaceEvent(NOTIFY_ZSET, event, key, c.db.id);
    if (keyremoved) c.server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', key, c.db.id);
  }
  c.server.dirty += deleted;
  c.addReplyLongLong(deleted);
}

function zremrangebyrankCommand(c: Client): void {
  zremrangeGenericCommand(c, ZRANGE_RANK);
}
function zremrangebyscoreCommand(c: Client): void {
  zremrangeGenericCommand(c, ZRANGE_SCORE);
}
function zremrangebylexCommand(c: Client): void {
  zremrangeGenericCommand(c, ZRANGE_LEX);
}

// ---------------------------------------------------------------------------------------
// ZPOPMIN / ZPOPMAX / ZMPOP / BZPOPMIN / BZPOPMAX / BZMPOP
// ---------------------------------------------------------------------------------------

const ZSET_MIN = 0;
const ZSET_MAX = 1;

/**
 * Redis 7.2 `genericZpopCommand`: pops up to `count` (-1 = single pop) members from the first
 * existing key of `keys`, replying in the shape selected by `emitkey` / `nested`.
 */
function genericZpopCommand(c: Client, keys: readonly string[], where: number, emitkey: boolean, count: number, nested: boolean, replyNilWhenEmpty: boolean): void {
  let key = '';
  let zobj: RedisZset | undefined;
  for (let idx = 0; idx < keys.length; idx++) {
    key = keys[idx];
    const v = c.db.lookupKeyWrite(key);
    if (v === undefined) continue;
    if (checkType(c, v, ObjType.ZSet)) return;
    zobj = v as RedisZset;
    break;
  }
  if (zobj === undefined) {
    if (replyNilWhenEmpty) c.addReplyNullArray();
    else c.addReplyProto('*0\r\n');
    return;
  }
  if (count === 0) {
    c.addReplyProto('*0\r\n');
    return;
  }
  if (count === -1) count = 1;
  const llen = zobj.length;
  let rangelen = count > llen ? llen : count;
  let s: string;
  if (!nested && !emitkey) s = '*' + rangelen * 2 + '\r\n';
  else if (nested && !emitkey) s = '*' + rangelen + '\r\n';
  else if (!nested && emitkey) s = '*' + (rangelen * 2 + 1) + '\r\n$' + key.length + '\r\n' + key + '\r\n';
  else s = '*2\r\n$' + key.length + '\r\n' + key + '\r\n*' + rangelen + '\r\n';
  const server = c.server;
  let first = true;
  while (rangelen-- > 0) {
    const r = where === ZSET_MIN ? 0 : zobj.length - 1;
    const ele = zobj.eleAt(r);
    const score = zobj.scoreAt(r);
    zobj.deleteRankRange(r, r);
    server.dirty++;
    if (first) {
      server.notifyKeyspaceEvent(NOTIFY_ZSET, where === ZSET_MIN ? 'zpopmin' : 'zpopmax', key, c.db.id);
      first = false;
    }
    if (nested) s += '*2\r\n';
    s += '$' + ele.length + '\r\n' + ele + '\r\n' + dbl(c, score);
  }
  c.addReplyProto(s);
  if (zobj.length === 0) deleteEmptied(c, key);
  c.db.signalModifiedKey(c, key);
}

/** ZPOPMIN/ZPOPMAX key [count]. */
function zpopMinMaxCommand(c: Client, where: number): void {
  const argv = c.argv;
  if (argv.length > 3) {
    c.addReplySyntaxError();
    return;
  }
  let count = -1;
  if (argv.length === 3) {
    const v = getPositiveLongOrReply(c, argv[2]);
    if (v === null) return;
    count = v;
  }
  const nested = c.resp > 2 && count !== -1;
  genericZpopCommand(c, [argv[1]], where, false, count, nested, false);
}

function zpopminCommand(c: Client): void {
  zpopMinMaxCommand(c, ZSET_MIN);
}
function zpopmaxCommand(c: Client): void {
  zpopMinMaxCommand(c, ZSET_MAX);
}

/**
 * Redis `blockingGenericZpopCommand`: serve from the first non-empty key, or block (or reply a
 * null array when blocking is denied).
 */
function blockingGenericZpopCommand(c: Client, keys: string[], where: number, timeoutIdx: number, count: number, nested: boolean, replyNilWhenEmpty: boolean): void {
  const timeout = getTimeoutFromObjectOrReply(c, c.argv[timeoutIdx], UNIT_SECONDS);
  if (timeout < 0) return;
  for (let j = 0; j < keys.length; j++) {
    const v = c.db.lookupKeyWrite(keys[j]);
    if (v === undefined) continue;
    if (checkType(c, v, ObjType.ZSet)) return;
    if ((v as RedisZset).length === 0) continue;
    genericZpopCommand(c, [keys[j]], where, true, count, nested, replyNilWhenEmpty);
    return;
  }
  if ((c.flags & CLIENT_DENY_BLOCKING) !== 0) {
    c.addReplyNullArray();
    return;
  }
  c.server.blocking.blockForKeys(c, BLOCKED_ZSET, keys, timeout);
}

function bzpopminCommand(c: Client): void {
  const argv = c.argv;
  blockingGenericZpopCommand(c, argv.slice(1, argv.length - 1), ZSET_MIN, argv.length - 1, -1, false, false);
}
function bzpopmaxCommand(c: Client): void {
  const argv = c.argv;
  blockingGenericZpopCommand(c, argv.slice(1, argv.length - 1), ZSET_MAX, argv.length - 1, -1, false, false);
}

/** Redis `zmpopGenericCommand`: ZMPOP (numkeysIdx 1) and BZMPOP (numkeysIdx 2). */
function zmpopGenericCommand(c: Client, numkeysIdx: number, isBlock: boolean): void {
  const argv = c.argv;
  const numkeys = getRangeLongOrReply(c, argv[numkeysIdx], 1, LONG_MAX, '1', '9223372036854775807', 'numkeys should be greater than 0');
  if (numkeys === null) return;
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) {
    c.addReplySyntaxError();
    return;
  }
  const w = argv[whereIdx].toLowerCase();
  let where: number;
  if (w === 'min') where = ZSET_MIN;
  else if (w === 'max') where = ZSET_MAX;
  else {
    c.addReplySyntaxError();
    return;
  }
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && argv[j].toLowerCase() === 'count' && more > 0) {
      j++;
      const v = getRangeLongOrReply(c, argv[j], 1, LONG_MAX, '1', '9223372036854775807', 'count should be greater than 0');
      if (v === null) return;
      count = v;
    } else {
      c.addReplySyntaxError();
      return;
    }
  }
  if (count === -1) count = 1;
  const keys = argv.slice(numkeysIdx + 1, numkeysIdx + 1 + numkeys);
  if (isBlock) blockingGenericZpopCommand(c, keys, where, 1, count, true, true);
  else genericZpopCommand(c, keys, where, true, count, true, true);
}

function zmpopCommand(c: Client): void {
  zmpopGenericCommand(c, 1, false);
}
function bzmpopCommand(c: Client): void {
  zmpopGenericCommand(c, 2, true);
}

// ---------------------------------------------------------------------------------------
// ZRANDMEMBER
// ---------------------------------------------------------------------------------------

/** ZRANDMEMBER key [count [WITHSCORES]]. */
function zrandmemberCommand(c: Client): void {
  const argv = c.argv;
  if (argv.length >= 3) {
    const l = getRangeLongOrReply(c, argv[2], -LONG_MAX, LONG_MAX, '-9223372036854775807', '9223372036854775807');
    if (l === null) return;
    let withscores = false;
    if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== 'withscores')) {
      c.addReplySyntaxError();
      return;
    } else if (argv.length === 4) {
      withscores = true;
      const big = BigInt(argv[2]);
      if (big < -4611686018427387903n || big > 4611686018427387903n) {
        c.addReplyError('value is out of range');
        return;
      }
    }
    zrandmemberWithCount(c, l, withscores);
    return;
  }
  const z = lookupZsetRead(c, argv[1]);
  if (z === null) return;
  if (z === undefined) {
    c.addReplyNull();
    return;
  }
  c.addReplyBulk(z.randomMember()[0]);
}

function zrandmemberWithCount(c: Client, l: number, withscores: boolean): void {
  const z = lookupZsetRead(c, c.argv[1]);
  if (z === null) return;
  if (z === undefined) {
    c.addReplyProto('*0\r\n');
    return;
  }
  const size = z.length;
  let count: number;
  let uniq = true;
  if (l >= 0) count = l;
  else {
    count = -l;
    uniq = false;
  }
  if (count === 0) {
    c.addReplyProto('*0\r\n');
    return;
  }
  if (!uniq || count === 1) {
    // CASE 1: `count` independent picks, streamed in chunks (counts can be huge).
    c.addReplyArrayLen(withscores && c.resp === 2 ? count * 2 : count);
    const nested = withscores && c.resp !== 2;
    let out = '';
    for (let i = 0; i < count; i++) {
      const [e, sc] = z.randomMember();
      if (nested) out += '*2\r\n';
      out += '$' + e.length + '\r\n' + e + '\r\n';
      if (withscores) out += dbl(c, sc);
      if (out.length > 65536) {
        c.addReplyProto(out);
        out = '';
      }
    }
    if (out.length > 0) c.addReplyProto(out);
    return;
  }
  const eles: string[] = [];
  const scores: number[] = [];
  if (count >= size) {
    // zuiNext walks sorted sets from the tail (t_zset.c zuiInitIterator): descending order.
    z.toArrays(eles, scores);
    eles.reverse();
    scores.reverse();
    replyMembers(c, eles, scores, withscores);
    return;
  }
  // Distinct random ranks.
  const picked = new Set<number>();
  if (count * 3 > size) {
    const all: number[] = [];
    for (let i = 0; i < size; i++) all.push(i);
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (size - i));
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
      picked.add(all[i]);
    }
  } else {
    while (picked.size < count) picked.add(Math.floor(Math.random() * size));
  }
  const all: string[] = [];
  const allScores: number[] = [];
  if (z.enc === ZSET_ENC_LISTPACK || count * 3 > size) {
    z.toArrays(all, allScores);
    for (const r of picked) {
      eles.push(all[r]);
      scores.push(allScores[r]);
    }
  } else {
    for (const r of picked) {
      eles.push(z.eleAt(r));
      scores.push(z.scoreAt(r));
    }
  }
  replyMembers(c, eles, scores, withscores);
}

// ---------------------------------------------------------------------------------------
// ZUNION / ZINTER / ZDIFF / ZINTERCARD and STORE forms
// ---------------------------------------------------------------------------------------

const SET_OP_UNION = 0;
const SET_OP_DIFF = 1;
const SET_OP_INTER = 2;
const AGGR_SUM = 0;
const AGGR_MIN = 1;
const AGGR_MAX = 2;

/** An input of ZUNION & co (Redis `zsetopsrc`): a zset, a set (scores 1) or missing. */
interface ZsetOpSrc {
  subject: RedisZset | RedisSet | null;
  weight: number;
}

function zuiLength(s: ZsetOpSrc): number {
  const o = s.subject;
  if (o === null) return 0;
  return o instanceof RedisZset ? o.length : o.size;
}

/** Every member and score of an input, in its iteration order. */
function zuiAll(s: ZsetOpSrc, eles: string[], scores: number[]): void {
  const o = s.subject;
  if (o === null) return;
  if (o instanceof RedisZset) {
    o.toArrays(eles, scores);
    return;
  }
  const view = o.membersView();
  for (let i = 0; i < view.length; i++) {
    eles.push(view[i]);
    scores.push(1);
  }
}

/** An input's score for `ele`, or undefined (Redis `zuiFind`). */
function zuiFind(s: ZsetOpSrc, ele: string): number | undefined {
  const o = s.subject;
  if (o === null) return undefined;
  if (o instanceof RedisZset) return o.score(ele);
  return o.has(ele) ? 1 : undefined;
}

function aggregate(target: number, val: number, aggr: number): number {
  if (aggr === AGGR_SUM) {
    const r = target + val;
    return r !== r ? 0 : r;
  }
  if (aggr === AGGR_MIN) return val < target ? val : target;
  return val > target ? val : target;
}

/** Redis `zunionInterDiffGenericCommand`. */
function zunionInterDiffGenericCommand(c: Client, dstkey: string | null, numkeysIndex: number, op: number, cardinalityOnly: boolean): void {
  const argv = c.argv;
  const setnum = getLongOrReply(c, argv[numkeysIndex]);
  if (setnum === null) return;
  if (setnum < 1) {
    c.addReplyError("at least 1 input key is needed for '" + (c.cmd?.fullname ?? argv[0].toLowerCase()) + "' command");
    return;
  }
  if (setnum > argv.length - (numkeysIndex + 1)) {
    c.addReplySyntaxError();
    return;
  }
  const src: ZsetOpSrc[] = [];
  let j = numkeysIndex + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const obj = c.db.lookupKeyRead(argv[j]);
    if (obj !== undefined) {
      if (typeof obj === 'string' || (obj.type !== ObjType.ZSet && obj.type !== ObjType.Set)) {
        c.addReplyWrongType();
        return;
      }
      src.push({ subject: obj as RedisZset | RedisSet, weight: 1 });
    } else {
      src.push({ subject: null, weight: 1 });
    }
  }
  let aggr = AGGR_SUM;
  let withscores = false;
  let limit = 0;
  let remaining = argv.length - j;
  while (remaining > 0) {
    const opt = argv[j].toLowerCase();
    if (op !== SET_OP_DIFF && !cardinalityOnly && remaining >= setnum + 1 && opt === 'weights') {
      j++;
      remaining--;
      for (let i = 0; i < setnum; i++, j++, remaining--) {
        const w = getDoubleOrReply(c, argv[j], 'weight value is not a float');
        if (w === null) return;
        src[i].weight = w;
      }
    } else if (op !== SET_OP_DIFF && !cardinalityOnly && remaining >= 2 && opt === 'aggregate') {
      j++;
      remaining--;
      const a = argv[j].toLowerCase();
      if (a === 'sum') aggr = AGGR_SUM;
      else if (a === 'min') aggr = AGGR_MIN;
      else if (a === 'max') aggr = AGGR_MAX;
      else {
        c.addReplySyntaxError();
        return;
      }
      j++;
      remaining--;
    } else if (remaining >= 1 && dstkey === null && !cardinalityOnly && opt === 'withscores') {
      j++;
      remaining--;
      withscores = true;
    } else if (cardinalityOnly && remaining >= 2 && opt === 'limit') {
      j++;
      remaining--;
      const l = getPositiveLongOrReply(c, argv[j], "LIMIT can't be negative");
      if (l === null) return;
      limit = l;
      j++;
      remaining--;
    } else {
      c.addReplySyntaxError();
      return;
    }
  }
  if (op !== SET_OP_DIFF) src.sort((a, b) => zuiLength(a) - zuiLength(b));
  const server = c.server;
  const limits = zsetLimits(server);
  const dst = new RedisZset(ZSET_ENC_SKIPLIST);
  let maxelelen = 0;
  let cardinality = 0;
  if (op === SET_OP_INTER) {
    if (zuiLength(src[0]) > 0) {
      const eles: string[] = [];
      const scores: number[] = [];
      zuiAll(src[0], eles, scores);
      for (let i = 0; i < eles.length; i++) {
        let score = src[0].weight * scores[i];
        if (score !== score) score = 0;
        let k = 1;
        for (; k < setnum; k++) {
          let value: number | undefined;
          if (src[k].subject === src[0].subject) value = scores[i];
          else value = zuiFind(src[k], eles[i]);
          if (value === undefined) break;
          score = aggregate(score, value * src[k].weight, aggr);
        }
        if (k !== setnum) continue;
        if (cardinalityOnly) {
          cardinality++;
          if (limit !== 0 && cardinality >= limit) break;
        } else {
          dst.insertNew(eles[i], score);
          if (eles[i].length > maxelelen) maxelelen = eles[i].length;
        }
      }
    }
  } else if (op === SET_OP_UNION) {
    const acc = new Map<string, number>();
    for (let i = 0; i < setnum; i++) {
      if (zuiLength(src[i]) === 0) continue;
      const eles: string[] = [];
      const scores: number[] = [];
      zuiAll(src[i], eles, scores);
      const w = src[i].weight;
      for (let k = 0; k < eles.length; k++) {
        let score = w * scores[k];
        if (score !== score) score = 0;
        const cur = acc.get(eles[k]);
        if (cur === undefined) {
          acc.set(eles[k], score);
          if (eles[k].length > maxelelen) maxelelen = eles[k].length;
        } else {
          acc.set(eles[k], aggregate(cur, score, aggr));
        }
      }
    }
    for (const [e, s] of acc) dst.insertNew(e, s);
  } else {
    // ZDIFF: members of the first input absent from every other input, with their scores.
    if (zuiLength(src[0]) > 0) {
      let same = false;
      for (let k = 1; k < setnum; k++) if (src[k].subject === src[0].subject) same = true;
      if (!same) {
        const eles: string[] = [];
        const scores: number[] = [];
        zuiAll(src[0], eles, scores);
        for (let i = 0; i < eles.length; i++) {
          let found = false;
          for (let k = 1; k < setnum; k++) {
            if (zuiFind(src[k], eles[i]) !== undefined) {
              found = true;
              break;
            }
          }
          if (!found) {
            dst.insertNew(eles[i], scores[i]);
            if (eles[i].length > maxelelen) maxelelen = eles[i].length;
          }
        }
      }
    }
  }
  if (dstkey !== null) {
    if (dst.length > 0) {
      dst.convertToListpackIfNeeded(maxelelen, limits);
      c.db.setKey(c, dstkey, dst);
      c.addReplyLongLong(dst.length);
      server.notifyKeyspaceEvent(NOTIFY_ZSET, op === SET_OP_UNION ? 'zunionstore' : op === SET_OP_INTER ? 'zinterstore' : 'zdiffstore', dstkey, c.db.id);
      server.dirty++;
    } else {
      c.addReplyLongLong(0);
      if (c.db.dbDelete(dstkey)) {
        c.db.signalModifiedKey(c, dstkey);
        server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', dstkey, c.db.id);
        server.dirty++;
      }
    }
  } else if (cardinalityOnly) {
    c.addReplyLongLong(cardinality);
  } else {
    const eles: string[] = [];
    const scores: number[] = [];
    dst.toArrays(eles, scores);
    replyMembers(c, eles, scores, withscores);
  }
}

function zunionstoreCommand(c: Client): void {
  zunionInterDiffGenericCommand(c, c.argv[1], 2, SET_OP_UNION, false);
}
function zinterstoreCommand(c: Client): void {
  zunionInterDiffGenericCommand(c, c.argv[1], 2, SET_OP_INTER, false);
}
function zdiffstoreCommand(c: Client): void {
  zunionInterDiffGenericCommand(c, c.argv[1], 2, SET_OP_DIFF, false);
}
function zunionCommand(c: Client): void {
  zunionInterDiffGenericCommand(c, null, 1, SET_OP_UNION, false);
}
function zinterCommand(c: Client): void {
  zunionInterDiffGenericCommand(c, null, 1, SET_OP_INTER, false);
}
function zinterCardCommand(c: Client): void {
  zunionInterDiffGenericCommand(c, null, 1, SET_OP_INTER, true);
}
function zdiffCommand(c: Client): void {
  zunionInterDiffGenericCommand(c, null, 1, SET_OP_DIFF, false);
}

// ---------------------------------------------------------------------------------------
// ZSCAN
// ---------------------------------------------------------------------------------------

/** ZSCAN key cursor [MATCH pattern] [COUNT count]. */
function zscanCommand(c: Client): void {
  const cursor = parseScanCursorOrReply(c, c.argv[2]);
  if (cursor === null) return;
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyProto('*2\r\n$1\r\n0\r\n*0\r\n');
    return;
  }
  if (checkType(c, v, ObjType.ZSet)) return;
  const z = v as RedisZset;
  let src: ScanSource<number>;
  if (z.enc === ZSET_ENC_LISTPACK) {
    const flat: string[] = [];
    for (let i = 0; i < z.lpEles.length; i++) flat.push(z.lpEles[i], formatDouble(z.lpScores[i]));
    src = { small: flat, dict: null, valueOf: formatDouble };
  } else {
    src = { small: null, dict: z.dict, valueOf: formatDouble };
  }
  scanGenericCommand(c, src, cursor, 3);
}

/** The zset family. */
export const zsetCommands: CommandSpec[] = [
  { name: 'zadd', proc: zaddCommand },
  { name: 'zincrby', proc: zincrbyCommand },
  { name: 'zrem', proc: zremCommand },
  { name: 'zcard', proc: zcardCommand },
  { name: 'zscore', proc: zscoreCommand },
  { name: 'zmscore', proc: zmscoreCommand },
  { name: 'zrank', proc: zrankCommand },
  { name: 'zrevrank', proc: zrevrankCommand },
  { name: 'zrange', proc: zrangeCommand },
  { name: 'zrangestore', proc: zrangestoreCommand },
  { name: 'zrevrange', proc: zrevrangeCommand },
  { name: 'zrangebyscore', proc: zrangebyscoreCommand },
  { name: 'zrevrangebyscore', proc: zrevrangebyscoreCommand },
  { name: 'zrangebylex', proc: zrangebylexCommand },
  { name: 'zrevrangebylex', proc: zrevrangebylexCommand },
  { name: 'zcount', proc: zcountCommand },
  { name: 'zlexcount', proc: zlexcountCommand },
  { name: 'zremrangebyrank', proc: zremrangebyrankCommand },
  { name: 'zremrangebyscore', proc: zremrangebyscoreCommand },
  { name: 'zremrangebylex', proc: zremrangebylexCommand },
  { name: 'zpopmin', proc: zpopminCommand },
  { name: 'zpopmax', proc: zpopmaxCommand },
  { name: 'zmpop', proc: zmpopCommand },
  { name: 'bzpopmin', proc: bzpopminCommand },
  { name: 'bzpopmax', proc: bzpopmaxCommand },
  { name: 'bzmpop', proc: bzmpopCommand },
  { name: 'zrandmember', proc: zrandmemberCommand },
  { name: 'zunion', proc: zunionCommand },
  { name: 'zunionstore', proc: zunionstoreCommand },
  { name: 'zinter', proc: zinterCommand },
  { name: 'zinterstore', proc: zinterstoreCommand },
  { name: 'zintercard', proc: zinterCardCommand },
  { name: 'zdiff', proc: zdiffCommand },
  { name: 'zdiffstore', proc: zdiffstoreCommand },
  { name: 'zscan', proc: zscanCommand },
];
