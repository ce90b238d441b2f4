/**
 * Stream commands (Redis 7.2 t_stream.c): XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XSETID,
 * XREAD, XREADGROUP, XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER, DELCONSUMER, HELP), XACK,
 * XPENDING, XCLAIM, XAUTOCLAIM, XINFO (STREAM [FULL], GROUPS, CONSUMERS, HELP).
 *
 * Every handler follows its t_stream.c counterpart: the same order of checks (which error
 * wins), the same error texts, the same `dirty` increments and keyspace events. XREAD `+` (the
 * last entry) is the Redis 7.4 addition. Blocking XREAD/XREADGROUP use the re-execution API of
 * src/server/blocked.ts: XREAD rewrites `$` to the stream's last ID before blocking, and
 * XREADGROUP blocks with `unblockOnNoKey`, so a deleted key, a type change or a destroyed
 * group wakes it and its re-execution answers NOGROUP / WRONGTYPE, as Redis 7.2 does.
 *
 * Argument strings are C strings where Redis treats them so (IDs and option names are read
 * up to the first NUL byte), and stream IDs accept what Redis's string2ull accepts.
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { CLIENT_DENY_BLOCKING, CLIENT_SCRIPT } from '../server/client.js';
import { ObjType, typeOf, type RedisValue } from '../keyspace/object.js';
import { NOTIFY_STREAM } from '../keyspace/notify.js';
import { string2bigint, string2ll } from '../util/numbers.js';
import { BLOCKED_STREAM, UNIT_MILLISECONDS, getTimeoutFromObjectOrReply } from '../server/blocked.js';
import {
  RedisStream,
  StreamCG,
  StreamConsumer,
  StreamNack,
  STREAM_ID_MAX,
  STREAM_LISTPACK_MAX_SIZE,
  SCG_INVALID_ENTRIES_READ,
  UINT64_MAX,
  asInt64,
  formatId,
  idBulk,
  safeNum,
  idMs,
  idSeq,
  makeId,
  type ProtoOut,
  type StreamID,
} from '../keyspace/stream.js';
import { totalmem } from 'node:os';

const LONG_MAX = 9223372036854775807n;
const ERR_INVALID_ID = 'Invalid stream ID specified as stream command argument';
const ERR_SYNTAX = 'syntax error';

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

/** The C-string view of an argument: up to its first NUL byte. */
function cstr(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

/** strcasecmp(arg, kw) === 0 with C-string semantics; `kw` is lowercase ASCII. */
function eqi(arg: string, kw: string): boolean {
  if (arg.length !== kw.length) {
    if (arg.length < kw.length || arg.charCodeAt(kw.length) !== 0) return false;
  }
  for (let i = 0; i < kw.length; i++) {
    let ch = arg.charCodeAt(i);
    if (ch >= 65 && ch <= 90) ch += 32;
    if (ch !== kw.charCodeAt(i)) return false;
  }
  return true;
}

/** Redis getLongLongFromObjectOrReply: a strict int64, or null after replying `msg`. */
function getLongLongOrReply(c: Client, s: string, msg: string | null = null): bigint | null {
  const v = string2bigint(s);
  if (v === null) {
    c.addReplyError(msg ?? 'value is not an integer or out of range');
    return null;
  }
  return v;
}

/**
 * getLongLongFromObjectOrReply as a JS number (exact below 2^53; beyond, the nearest double,
 * which only ever feeds comparisons and counts). @returns null after replying `msg`.
 */
function getLongLongNumOrReply(c: Client, s: string, msg: string | null = null): number | null {
  const v = string2ll(s);
  if (v === null) {
    c.addReplyError(msg ?? 'value is not an integer or out of range');
    return null;
  }
  return v;
}

/** Clamps an int64 (bigint) to a JS number for comparisons and counts. */
function num(v: bigint): number {
  return Number(v);
}

/** Redis checkType for streams: replies WRONGTYPE and returns null when `v` is not a stream. */
function asStream(c: Client, v: RedisValue): RedisStream | null {
  if (typeOf(v) !== ObjType.Stream) {
    c.addReplyWrongType();
    return null;
  }
  return v as RedisStream;
}

/** The bulk reply of an ID (addReplyStreamID). */
function addReplyStreamID(c: Client, id: StreamID): void {
  c.addReplyBulk(formatId(id));
}

/** A reusable {@link ProtoOut} for {@link RedisStream.range} (the server is single-threaded). */
const rangeOut: ProtoOut = { proto: '' };

/** The protocol of the entries of `s.range(...)`: `*<n>` and the entries. */
function rangeProto(s: RedisStream, start: StreamID, end: StreamID, rev: boolean, count: number, outIds: StreamID[] | null = null): string {
  rangeOut.proto = '';
  const n = s.range(start, end, rev, count, rangeOut, outIds);
  const body = rangeOut.proto;
  rangeOut.proto = '';
  return '*' + n + '\r\n' + body;
}

/** Redis streamIncrID: the successor ID, or null when `id` is the maximum (wraps in C). */
function incrId(id: StreamID): StreamID | null {
  return id === STREAM_ID_MAX ? null : id + 1n;
}

/** Redis streamDecrID: the predecessor ID, or null when `id` is 0-0. */
function decrId(id: StreamID): StreamID | null {
  return id === 0n ? null : id - 1n;
}

const SPACE_RE = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/;

/**
 * Redis string2ull: string2ll first (a negative value is invalid), else strtoull on the whole
 * C string (leading spaces, a sign — '-' wraps around — and leading zeros accepted).
 */
function string2ull(s: string): bigint | null {
  const ll = string2bigint(s);
  if (ll !== null) return ll < 0n ? null : ll;
  const m = SPACE_RE.exec(s);
  if (m === null) return null;
  const mag = BigInt(m[2]);
  if (mag > UINT64_MAX) return null;
  return m[1] === '-' ? BigInt.asUintN(64, -mag) : mag;
}

/** Parse result of {@link parseStreamId}. */
interface ParsedId {
  id: StreamID;
  /** False for XADD's `<ms>-*` form. */
  seqGiven: boolean;
}

/**
 * Redis streamGenericParseIDOrReply without the reply: `-`, `+` (unless strict), `<ms>`
 * (sequence = `missingSeq`), `<ms>-<seq>`, and with `allowSeqStar` `<ms>-*`.
 * @returns the ID, or null when invalid.
 */
function parseStreamId(arg: string, missingSeq: bigint, strict: boolean, allowSeqStar: boolean): ParsedId | null {
  if (arg.length > 127) return null;
  const buf = cstr(arg);
  if (buf === '-') return strict ? null : { id: 0n, seqGiven: true };
  if (buf === '+') return strict ? null : { id: STREAM_ID_MAX, seqGiven: true };
  const dot = buf.indexOf('-');
  const msPart = dot < 0 ? buf : buf.slice(0, dot);
  const ms = string2ull(msPart);
  if (ms === null) return null;
  let seq = missingSeq;
  let seqGiven = true;
  if (dot >= 0) {
    const rest = buf.slice(dot + 1);
    if (allowSeqStar && rest === '*') {
      seq = 0n;
      seqGiven = false;
    } else {
      const s = string2ull(rest);
      if (s === null) return null;
      seq = s;
    }
  }
  return { id: makeId(ms, seq), seqGiven };
}

/** streamParseIDOrReply (non-strict: `-` and `+` allowed). @returns the ID or null after replying. */
function parseIdOrReply(c: Client, arg: string, missingSeq: bigint): StreamID | null {
  const p = parseStreamId(arg, missingSeq, false, false);
  if (p === null) {
    c.addReplyError(ERR_INVALID_ID);
    return null;
  }
  return p.id;
}

/** streamParseStrictIDOrReply (`-` and `+` rejected). @returns the ID or null after replying. */
function parseStrictIdOrReply(c: Client, arg: string, missingSeq: bigint): StreamID | null {
  const p = parseStreamId(arg, missingSeq, true, false);
  if (p === null) {
    c.addReplyError(ERR_INVALID_ID);
    return null;
  }
  return p.id;
}

/**
 * streamParseIntervalIDOrReply: a range bound, exclusive with a `(` prefix (then strict).
 * @returns [id, exclusive] or null after replying.
 */
function parseIntervalIdOrReply(c: Client, arg: string, missingSeq: bigint): [StreamID, boolean] | null {
  const exclude = arg.length > 1 && arg.charCodeAt(0) === 40;
  const id = exclude ? parseStrictIdOrReply(c, arg.slice(1), missingSeq) : parseIdOrReply(c, arg, missingSeq);
  return id === null ? null : [id, exclude];
}

/**
 * Parses an interval's start (inclusive after `(` handling, Redis xrange/xpending/xautoclaim).
 * @returns the inclusive start, or null after replying.
 */
function parseRangeStart(c: Client, arg: string): StreamID | null {
  const p = parseIntervalIdOrReply(c, arg, 0n);
  if (p === null) return null;
  if (!p[1]) return p[0];
  const id = incrId(p[0]);
  if (id === null) {
    c.addReplyError('invalid start ID for the interval');
    return null;
  }
  return id;
}

/** Parses an interval's end (inclusive). @returns it, or null after replying. */
function parseRangeEnd(c: Client, arg: string): StreamID | null {
  const p = parseIntervalIdOrReply(c, arg, UINT64_MAX);
  if (p === null) return null;
  if (!p[1]) return p[0];
  const id = decrId(p[0]);
  if (id === null) {
    c.addReplyError('invalid end ID for the interval');
    return null;
  }
  return id;
}

/** Current node limits from the config (stream-node-max-entries, stream-node-max-bytes). */
function nodeMaxEntries(c: Client): number {
  return c.server.config.getNumber('stream-node-max-entries');
}
function nodeMaxBytes(c: Client): number {
  return c.server.config.getNumber('stream-node-max-bytes');
}

/**
 * Creates a consumer in `cg` with Redis streamCreateConsumer's side effects (dirty++ and the
 * "xgroup-createconsumer" event). @returns it, or null when it already existed.
 */
function createConsumer(c: Client, cg: StreamCG, name: string, key: string): StreamConsumer | null {
  const consumer = cg.createConsumer(name, c.server.commandTime());
  if (consumer === null) return null;
  c.server.dirty++;
  c.server.notifyKeyspaceEvent(NOTIFY_STREAM, 'xgroup-createconsumer', key, c.db.id);
  return consumer;
}

// ---------------------------------------------------------------------------------------
// XADD / XTRIM argument parsing
// ---------------------------------------------------------------------------------------

const TRIM_STRATEGY_NONE = 0;
const TRIM_STRATEGY_MAXLEN = 1;
const TRIM_STRATEGY_MINID = 2;

/** Redis streamAddTrimArgs. */
class AddTrimArgs {
  id: StreamID = 0n;
  idGiven = false;
  seqGiven = true;
  noMkstream = false;
  trimStrategy = TRIM_STRATEGY_NONE;
  approx = false;
  limit = 0;
  maxlen = 0;
  minid: StreamID = 0n;
}

/**
 * Redis streamParseAddOrTrimArgsOrReply. @returns the index of the ID argument (XADD), or -1
 * after replying an error.
 */
function parseAddOrTrimArgs(c: Client, args: AddTrimArgs, xadd: boolean): number {
  const argv = c.argv;
  const argc = argv.length;
  let i = 2;
  let limitGiven = false;
  for (; i < argc; i++) {
    const moreargs = argc - 1 - i;
    const opt = argv[i];
    if (xadd && opt.charCodeAt(0) === 42 && (opt.length === 1 || opt.charCodeAt(1) === 0)) {
      break;
    } else if (moreargs > 0 && (eqi(opt, 'maxlen') || eqi(opt, 'minid'))) {
      // MAXLEN and MINID share the prefix: one strategy only, then an optional '~' or '='.
      const byMaxlen = eqi(opt, 'maxlen');
      if (args.trimStrategy !== TRIM_STRATEGY_NONE) {
        c.addReplyError('syntax error, MAXLEN and MINID options at the same time are not compatible');
        return -1;
      }
      args.approx = false;
      const next = cstr(argv[i + 1]);
      if (moreargs >= 2 && next === '~') {
        args.approx = true;
        i++;
      } else if (moreargs >= 2 && next === '=') {
        i++;
      }
      if (byMaxlen) {
        const v = getLongLongNumOrReply(c, argv[i + 1]);
        if (v === null) return -1;
        if (v < 0) {
          c.addReplyError('The MAXLEN argument must be >= 0.');
          return -1;
        }
        args.maxlen = v;
        args.trimStrategy = TRIM_STRATEGY_MAXLEN;
      } else {
        const id = parseStrictIdOrReply(c, argv[i + 1], 0n);
        if (id === null) return -1;
        args.minid = id;
        args.trimStrategy = TRIM_STRATEGY_MINID;
      }
      i++;
    } else if (moreargs > 0 && eqi(opt, 'limit')) {
      const v = getLongLongNumOrReply(c, argv[i + 1]);
      if (v === null) return -1;
      if (v < 0) {
        c.addReplyError('The LIMIT argument must be >= 0.');
        return -1;
      }
      args.limit = v;
      limitGiven = true;
      i++;
    } else if (xadd && eqi(opt, 'nomkstream')) {
      args.noMkstream = true;
    } else if (xadd) {
      const p = parseStreamId(opt, 0n, true, true);
      if (p === null) {
        c.addReplyError(ERR_INVALID_ID);
        return -1;
      }
      args.id = p.id;
      args.seqGiven = p.seqGiven;
      args.idGiven = true;
      break;
    } else {
      c.addReplyError(ERR_SYNTAX);
      return -1;
    }
  }
  if (args.limit !== 0 && args.trimStrategy === TRIM_STRATEGY_NONE) {
    c.addReplyError('syntax error, LIMIT cannot be used without specifying a trimming strategy');
    return -1;
  }
  if (!xadd && args.trimStrategy === TRIM_STRATEGY_NONE) {
    c.addReplyError('syntax error, XTRIM must be called with a trimming strategy');
    return -1;
  }
  if (limitGiven) {
    if (!args.approx) {
      c.addReplyError('syntax error, LIMIT cannot be used without the special ~ option');
      return -1;
    }
  } else if (args.approx) {
    let limit = 100 * nodeMaxEntries(c);
    if (limit <= 0) limit = 10000;
    if (limit > 1000000) limit = 1000000;
    args.limit = limit;
  } else {
    args.limit = 0;
  }
  return i;
}

/** Runs the trim of `args` on `s` (Redis streamTrim). @returns the entries removed. */
function streamTrim(s: RedisStream, args: AddTrimArgs): number {
  if (args.trimStrategy === TRIM_STRATEGY_NONE) return 0;
  return s.trim(args.maxlen, args.trimStrategy === TRIM_STRATEGY_MINID ? args.minid : null, args.approx, args.limit);
}

// ---------------------------------------------------------------------------------------
// XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XSETID
// ---------------------------------------------------------------------------------------

/** XADD key [NOMKSTREAM] [(MAXLEN|MINID) [=|~] threshold [LIMIT count]] (*|id) field value [...]. */
function xaddCommand(c: Client): void {
  const args = new AddTrimArgs();
  const idpos = parseAddOrTrimArgs(c, args, true);
  if (idpos < 0) return;
  const argv = c.argv;
  const fieldPos = idpos + 1;
  const nargs = argv.length - fieldPos;
  if (nargs < 2 || nargs % 2 === 1) {
    c.addReplyError("wrong number of arguments for 'xadd' command");
    return;
  }
  if (args.idGiven && args.seqGiven && args.id === 0n) {
    c.addReplyError('The ID specified in XADD must be greater than 0-0');
    return;
  }
  const key = argv[1];
  const db = c.db;
  const server = c.server;
  const v = db.lookupKeyWrite(key);
  let s: RedisStream;
  if (v === undefined) {
    if (args.noMkstream) {
      c.addReplyNull();
      return;
    }
    s = new RedisStream();
    db.dbAdd(key, s);
  } else {
    const o = asStream(c, v);
    if (o === null) return;
    s = o;
  }
  const last = s.lastId;
  if (last === STREAM_ID_MAX) {
    c.addReplyError('The stream has exhausted the last possible ID, unable to add more items');
    return;
  }
  // streamAppendItem: generate or complete the ID, then check it is greater than the top.
  let id: StreamID;
  let idStr = '';
  let msN = 0;
  let seqN = 0;
  let edom = false;
  /** True when the ID is known to be above the last one (the auto-ID fast path). */
  let above = false;
  if (args.idGiven) {
    if (args.seqGiven) {
      id = args.id;
    } else if (idMs(last) === idMs(args.id)) {
      if (idSeq(last) === UINT64_MAX) {
        edom = true;
        id = 0n;
      } else {
        id = last + 1n;
      }
    } else {
      id = args.id;
    }
  } else {
    const now = server.commandTime();
    if (s.tailId === last && s.tailMsN === s.tailMsN && s.tailSeqN < 9007199254740991) {
      // Fast path (Redis streamNextID) with the last ID's parts as numbers.
      if (now > s.tailMsN) {
        id = BigInt(now) << 64n;
        msN = now;
        seqN = 0;
      } else {
        id = last + 1n;
        msN = s.tailMsN;
        seqN = s.tailSeqN + 1;
      }
      idStr = msN + '-' + seqN;
      above = true;
    } else {
      const ms = BigInt(now);
      if (ms > idMs(last)) {
        id = ms << 64n;
        idStr = now + '-0';
        msN = now;
        seqN = 0;
      } else {
        id = last + 1n; // last < max here, so no wrap
      }
    }
  }
  if (!above && (edom || id <= last)) {
    c.addReplyError('The ID specified in XADD is equal or smaller than the target stream top item');
    return;
  }
  if (idStr === '') {
    idStr = formatId(id);
    msN = safeNum(idMs(id));
    seqN = safeNum(idSeq(id));
  }
  let totelelen = 0;
  for (let i = fieldPos; i < argv.length; i++) totelelen += argv[i].length;
  if (totelelen > STREAM_LISTPACK_MAX_SIZE) {
    c.addReplyError('Elements are too large to be stored');
    return;
  }
  const bulk = idBulk(idStr);
  s.appendFrom(id, argv, fieldPos, totelelen, nodeMaxEntries(c), nodeMaxBytes(c), bulk, msN, seqN);
  c.addReplyProto(bulk);
  server.notifyKeyspaceEvent(NOTIFY_STREAM, 'xadd', key, db.id);
  server.dirty++;
  if (args.trimStrategy !== TRIM_STRATEGY_NONE && streamTrim(s, args) > 0) {
    server.notifyKeyspaceEvent(NOTIFY_STREAM, 'xtrim', key, db.id);
  }
  db.signalModifiedKey(c, key);
  server.signalKeyAsReady(db, key);
}

/** XRANGE / XREVRANGE (Redis xrangeGenericCommand). */
function xrangeGenericCommand(c: Client, rev: boolean): void {
  const argv = c.argv;
  const startArg = rev ? argv[3] : argv[2];
  const endArg = rev ? argv[2] : argv[3];
  const start = parseRangeStart(c, startArg);
  if (start === null) return;
  const end = parseRangeEnd(c, endArg);
  if (end === null) return;
  let count = -1;
  for (let j = 4; j < argv.length; j++) {
    const additional = argv.length - j - 1;
    if (additional >= 1 && eqi(argv[j], 'count')) {
      const v = getLongLongNumOrReply(c, argv[j + 1]);
      if (v === null) return;
      count = v < 0 ? 0 : v;
      j++;
    } else {
      c.addReplyError(ERR_SYNTAX);
      return;
    }
  }
  const v = c.db.lookupKeyRead(argv[1]);
  if (v === undefined) {
    c.addReplyProto('*0\r\n');
    return;
  }
  const s = asStream(c, v);
  if (s === null) return;
  if (count === 0) {
    c.addReplyNullArray();
    return;
  }
  replyWithRange(c, s, start, end, count === -1 ? 0 : count, rev);
}

/** Replies the live entries in [start, end] as an array (streamReplyWithRange without a group). */
function replyWithRange(c: Client, s: RedisStream, start: StreamID, end: StreamID, count: number, rev: boolean): void {
  c.addReplyProto(rangeProto(s, start, end, rev, count));
}

function xrangeCommand(c: Client): void {
  xrangeGenericCommand(c, false);
}

function xrevrangeCommand(c: Client): void {
  xrangeGenericCommand(c, true);
}

/** XLEN key. */
function xlenCommand(c: Client): void {
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  const s = asStream(c, v);
  if (s === null) return;
  c.addReplyLongLong(s.length);
}

/** XDEL key id [id ...]. */
function xdelCommand(c: Client): void {
  const argv = c.argv;
  const key = argv[1];
  const v = c.db.lookupKeyWrite(key);
  if (v === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  const s = asStream(c, v);
  if (s === null) return;
  const ids: StreamID[] = [];
  for (let j = 2; j < argv.length; j++) {
    const id = parseStrictIdOrReply(c, argv[j], 0n);
    if (id === null) return;
    ids.push(id);
  }
  let deleted = 0;
  for (let j = 0; j < ids.length; j++) if (s.deleteEntry(ids[j])) deleted++;
  if (deleted > 0) {
    c.db.signalModifiedKey(c, key);
    c.server.notifyKeyspaceEvent(NOTIFY_STREAM, 'xdel', key, c.db.id);
    c.server.dirty += deleted;
  }
  c.addReplyLongLong(deleted);
}

/** XTRIM key (MAXLEN|MINID) [=|~] threshold [LIMIT count]. */
function xtrimCommand(c: Client): void {
  const args = new AddTrimArgs();
  if (parseAddOrTrimArgs(c, args, false) < 0) return;
  const key = c.argv[1];
  const v = c.db.lookupKeyWrite(key);
  if (v === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  const s = asStream(c, v);
  if (s === null) return;
  const deleted = streamTrim(s, args);
  if (deleted > 0) {
    c.server.notifyKeyspaceEvent(NOTIFY_STREAM, 'xtrim', key, c.db.id);
    c.db.signalModifiedKey(c, key);
    c.server.dirty += deleted;
  }
  c.addReplyLongLong(deleted);
}

/** XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]. */
function xsetidCommand(c: Client): void {
  const argv = c.argv;
  const id = parseStrictIdOrReply(c, argv[2], 0n);
  if (id === null) return;
  let entriesAdded = -1n;
  let maxXdelId = 0n;
  let i = 3;
  while (i < argv.length) {
    const moreargs = argv.length - 1 - i;
    const opt = argv[i];
    if (moreargs > 0 && eqi(opt, 'entriesadded')) {
      const v = getLongLongOrReply(c, argv[i + 1]);
      if (v === null) return;
      if (v < 0n) {
        c.addReplyError('entries_added must be positive');
        return;
      }
      entriesAdded = v;
      i += 2;
    } else if (moreargs > 0 && eqi(opt, 'maxdeletedid')) {
      const m = parseStrictIdOrReply(c, argv[i + 1], 0n);
      if (m === null) return;
      if (id < m) {
        c.addReplyError('The ID specified in XSETID is smaller than the provided max_deleted_entry_id');
        return;
      }
      maxXdelId = m;
      i += 2;
    } else {
      c.addReplyError(ERR_SYNTAX);
      return;
    }
  }
  const key = argv[1];
  const v = c.db.lookupKeyWrite(key);
  if (v === undefined) {
    c.addReplyError('no such key');
    return;
  }
  const s = asStream(c, v);
  if (s === null) return;
  if (id < s.maxDeletedEntryId) {
    c.addReplyError('The ID specified in XSETID is smaller than current max_deleted_entry_id');
    return;
  }
  if (s.length > 0) {
    const maxid = s.lastEntryId()!;
    if (id < maxid) {
      c.addReplyError('The ID specified in XSETID is smaller than the target stream top item');
      return;
    }
    if (entriesAdded !== -1n && BigInt(s.length) > entriesAdded) {
      c.addReplyError('The entries_added specified in XSETID is smaller than the target stream length');
      return;
    }
  }
  s.lastId = id;
  if (entriesAdded !== -1n) s.entriesAdded = entriesAdded;
  if (maxXdelId !== 0n) s.maxDeletedEntryId = maxXdelId;
  c.addReplyOk();
  c.server.dirty++;
  c.server.notifyKeyspaceEvent(NOTIFY_STREAM, 'xsetid', key, c.db.id);
}

// ---------------------------------------------------------------------------------------
// XREAD / XREADGROUP
// ---------------------------------------------------------------------------------------

/**
 * streamReplyWithRange with a group and consumer (XREADGROUP `>`): emits the entries after
 * `start`, moves the group's last ID and read counter, and creates/reassigns PEL entries
 * unless `noack`. @returns the protocol of the entries array.
 */
function replyWithRangeForGroup(c: Client, s: RedisStream, start: StreamID, count: number, group: StreamCG, consumer: StreamConsumer, noack: boolean): string {
  const ids: StreamID[] = [];
  const out = rangeProto(s, start, STREAM_ID_MAX, false, count, ids);
  const n = ids.length;
  const now = c.server.commandTime();
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    if (id > group.lastId) {
      if (group.entriesRead !== SCG_INVALID_ENTRIES_READ && !s.rangeHasTombstones(id, null)) {
        group.entriesRead++;
      } else if (!s.noEntriesAdded) {
        group.entriesRead = s.estimateDistanceFromFirstEverEntry(id);
      }
      group.lastId = id;
    }
    if (!noack) {
      const existing = group.pel.get(id);
      if (existing === undefined) {
        const nack = new StreamNack(consumer, now, 1n);
        group.pel.set(id, nack);
        consumer.pel.set(id, nack);
      } else {
        existing.consumer!.pel.delete(id);
        existing.consumer = consumer;
        existing.deliveryTime = now;
        existing.deliveryCount = 1n;
        consumer.pel.set(id, existing);
      }
      consumer.activeTime = now;
    }
  }
  return out;
}

/**
 * streamReplyWithRangeFromConsumerPEL: the consumer's own pending entries with ID >= start
 * (XREADGROUP with an explicit ID); a pending entry no longer in the stream is emitted as
 * [id, nil]. @returns the protocol of the array.
 */
function replyWithConsumerPel(c: Client, s: RedisStream, start: StreamID, count: number, consumer: StreamConsumer): string {
  const pel = consumer.pel;
  const now = c.server.commandTime();
  let n = 0;
  let body = '';
  const nullArray = c.resp === 2 ? '*-1\r\n' : '_\r\n';
  for (const it = pel.iter(start); (count === 0 || n < count) && it.next(); ) {
    const id = it.id;
    const entry = s.lookupProto(id);
    if (entry === null) {
      const ids = formatId(id);
      body += '*2\r\n$' + ids.length + '\r\n' + ids + '\r\n' + nullArray;
    } else {
      body += entry;
      const nack = it.val!;
      nack.deliveryTime = now;
      nack.deliveryCount = BigInt.asUintN(64, nack.deliveryCount + 1n);
    }
    n++;
  }
  return '*' + n + '\r\n' + body;
}

/**
 * XREAD [COUNT count] [BLOCK ms] STREAMS key [key ...] id [id ...] and
 * XREADGROUP GROUP group consumer [COUNT count] [BLOCK ms] [NOACK] STREAMS key [...] id [...]
 * (Redis xreadCommand).
 */
function xreadCommand(c: Client): void {
  const argv = c.argv;
  const argc = argv.length;
  const xreadgroup = c.cmd !== null && c.cmd.name === 'xreadgroup';
  let timeout = -1;
  let count = 0;
  let streamsArg = 0;
  let streamsCount = 0;
  let noack = false;
  let groupname: string | null = null;
  let consumername = '';
  for (let i = 1; i < argc; i++) {
    const moreargs = argc - i - 1;
    const o = argv[i];
    if (moreargs > 0 && eqi(o, 'block')) {
      if ((c.flags & CLIENT_SCRIPT) !== 0) {
        // Redis keeps refusing BLOCK from scripts (although CLIENT_DENY_BLOCKING would do).
        c.addReplyError(cstr(argv[0]) + ' command is not allowed with BLOCK option from scripts');
        return;
      }
      i++;
      timeout = getTimeoutFromObjectOrReply(c, argv[i], UNIT_MILLISECONDS);
      if (timeout < 0) return;
    } else if (moreargs > 0 && eqi(o, 'count')) {
      i++;
      const v = getLongLongNumOrReply(c, argv[i]);
      if (v === null) return;
      count = v < 0 ? 0 : v;
    } else if (moreargs > 0 && eqi(o, 'streams')) {
      streamsArg = i + 1;
      streamsCount = argc - streamsArg;
      if (streamsCount % 2 !== 0) {
        const symbol = xreadgroup ? '>' : '$';
        c.addReplyError("Unbalanced '" + (xreadgroup ? 'xreadgroup' : 'xread') + "' list of streams: for each stream key an ID or '" + symbol + "' must be specified.");
        return;
      }
      streamsCount /= 2;
      break;
    } else if (moreargs >= 2 && eqi(o, 'group')) {
      if (!xreadgroup) {
        c.addReplyError('The GROUP option is only supported by XREADGROUP. You called XREAD instead.');
        return;
      }
      groupname = argv[i + 1];
      consumername = argv[i + 2];
      i += 2;
    } else if (eqi(o, 'noack')) {
      if (!xreadgroup) {
        c.addReplyError('The NOACK option is only supported by XREADGROUP. You called XREAD instead.');
        return;
      }
      noack = true;
    } else {
      c.addReplyError(ERR_SYNTAX);
      return;
    }
  }
  if (streamsArg === 0) {
    c.addReplyError(ERR_SYNTAX);
    return;
  }
  if (xreadgroup && groupname === null) {
    c.addReplyError('Missing GROUP option for XREADGROUP');
    return;
  }
  const db = c.db;
  const ids: StreamID[] = new Array<StreamID>(streamsCount);
  const groups: StreamCG[] | null = groupname !== null ? new Array<StreamCG>(streamsCount) : null;
  for (let i = streamsArg + streamsCount; i < argc; i++) {
    const idIdx = i - streamsArg - streamsCount;
    const key = argv[i - streamsCount];
    const v = db.lookupKeyRead(key);
    let s: RedisStream | null = null;
    if (v !== undefined) {
      s = asStream(c, v);
      if (s === null) return;
    }
    if (groups !== null) {
      const g = s === null ? undefined : s.cgroups.get(groupname!);
      if (g === undefined) {
        c.addReplyError("-NOGROUP No such key '" + cstr(key) + "' or consumer group '" + cstr(groupname!) + "' in XREADGROUP with GROUP option");
        return;
      }
      groups[idIdx] = g;
    }
    const idArg = cstr(argv[i]);
    if (idArg === '$') {
      if (xreadgroup) {
        c.addReplyError(
          'The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
        );
        return;
      }
      ids[idIdx] = s !== null ? s.lastId : 0n;
      continue;
    } else if (idArg === '+') {
      // Redis 7.4: `+` reads the last entry.
      if (xreadgroup) {
        c.addReplyError(
          'The + ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The + ID would just return an empty result set.',
        );
        return;
      }
      if (s !== null) {
        const d = decrId(s.lastId);
        if (d === null) {
          c.addReplyError('the stream last element ID is 0-0');
          return;
        }
        ids[idIdx] = d;
      } else {
        ids[idIdx] = 0n;
      }
      continue;
    } else if (idArg === '>') {
      if (!xreadgroup) {
        c.addReplyError('The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.');
        return;
      }
      ids[idIdx] = STREAM_ID_MAX;
      continue;
    }
    const id = parseStrictIdOrReply(c, argv[i], 0n);
    if (id === null) return;
    ids[idIdx] = id;
  }

  // Try to serve the client synchronously.
  let arraylen = 0;
  let out = '';
  const server = c.server;
  for (let i = 0; i < streamsCount; i++) {
    const key = argv[streamsArg + i];
    const v = db.lookupKeyRead(key);
    if (v === undefined) continue;
    const s = v as RedisStream;
    let gt = ids[i];
    let serveSynchronously = false;
    let serveHistory = false;
    let consumer: StreamConsumer | null = null;
    if (groups !== null) {
      const group = groups[i];
      if (gt !== STREAM_ID_MAX) {
        serveSynchronously = true;
        serveHistory = true;
      } else if (s.length > 0) {
        const maxid = s.lastEntryId()!;
        if (maxid > group.lastId) {
          serveSynchronously = true;
          gt = group.lastId;
        }
      }
      consumer = group.consumers.get(consumername) ?? null;
      if (consumer === null) consumer = createConsumer(c, group, consumername, key)!;
      consumer.seenTime = server.commandTime();
    } else if (s.length > 0) {
      const maxid = s.lastEntryId()!;
      if (maxid > gt) serveSynchronously = true;
    }
    if (!serveSynchronously) continue;
    arraylen++;
    const start = gt === STREAM_ID_MAX ? 0n : gt + 1n;
    if (c.resp === 2) out += '*2\r\n';
    out += '$' + key.length + '\r\n' + key + '\r\n';
    if (groups === null) {
      out += rangeProto(s, start, STREAM_ID_MAX, false, count);
    } else {
      out += serveHistory ? replyWithConsumerPel(c, s, start, count, consumer!) : replyWithRangeForGroup(c, s, start, count, groups[i], consumer!, noack);
      server.dirty++;
    }
  }
  if (arraylen > 0) {
    c.addReplyProto((c.resp === 2 ? '*' : '%') + arraylen + '\r\n' + out);
    return;
  }
  if (timeout !== -1) {
    if ((c.flags & CLIENT_DENY_BLOCKING) !== 0) {
      c.addReplyNullArray();
      return;
    }
    // Replace `$` with the current last ID: the re-execution after a wake-up must not wait
    // for entries after the then-last ID.
    let newArgv: string[] | null = null;
    for (let idIdx = 0; idIdx < streamsCount; idIdx++) {
      const argIdx = idIdx + streamsArg + streamsCount;
      if (cstr(argv[argIdx]) === '$') {
        if (newArgv === null) newArgv = argv.slice();
        newArgv[argIdx] = formatId(ids[idIdx]);
      }
    }
    // blockForKeys records c.argv for the re-execution; MONITOR and SLOWLOG keep seeing the
    // original arguments (Redis c->original_argv).
    const original = c.argv;
    if (newArgv !== null) c.argv = newArgv;
    c.server.blocking.blockForKeys(c, BLOCKED_STREAM, argv.slice(streamsArg, streamsArg + streamsCount), timeout, xreadgroup);
    c.argv = original;
    return;
  }
  c.addReplyNullArray();
}

// ---------------------------------------------------------------------------------------
// XGROUP
// ---------------------------------------------------------------------------------------

const XGROUP_HELP: readonly string[] = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

/** XGROUP <subcommand> ... (Redis xgroupCommand; registered for every subcommand). */
function xgroupCommand(c: Client): void {
  const argv = c.argv;
  const argc = argv.length;
  const opt = argv[1];
  const server = c.server;
  let s: RedisStream | null = null;
  let grpname = '';
  let cg: StreamCG | undefined;
  let mkstream = false;
  let entriesRead = SCG_INVALID_ENTRIES_READ;
  if (argc >= 4) {
    let i = 5;
    const createSub = eqi(opt, 'create');
    const setidSub = eqi(opt, 'setid');
    while (i < argc) {
      if (createSub && eqi(argv[i], 'mkstream')) {
        mkstream = true;
        i++;
      } else if ((createSub || setidSub) && eqi(argv[i], 'entriesread') && i + 1 < argc) {
        const v = getLongLongOrReply(c, argv[i + 1]);
        if (v === null) return;
        if (v < 0n && v !== SCG_INVALID_ENTRIES_READ) {
          c.addReplyError('value for ENTRIESREAD must be positive or -1');
          return;
        }
        entriesRead = v;
        i += 2;
      } else {
        c.addReplySubcommandSyntaxError();
        return;
      }
    }
    const v = c.db.lookupKeyWrite(argv[2]);
    if (v !== undefined) {
      s = asStream(c, v);
      if (s === null) return;
    }
    grpname = argv[3];
  }
  if (argc >= 4 && !mkstream) {
    if (s === null) {
      c.addReplyError('The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.');
      return;
    }
    cg = s.cgroups.get(grpname);
    if (cg === undefined && (eqi(opt, 'setid') || eqi(opt, 'createconsumer') || eqi(opt, 'delconsumer'))) {
      c.addReplyError("-NOGROUP No such consumer group '" + cstr(grpname) + "' for key name '" + cstr(argv[2]) + "'");
      return;
    }
  }
  const key = argv[2];
  if (argc === 2 && eqi(opt, 'help')) {
    c.addReplyHelp('xgroup', XGROUP_HELP);
  } else if (eqi(opt, 'create') && argc >= 5 && argc <= 8) {
    let id: StreamID;
    if (cstr(argv[4]) === '$') {
      id = s !== null ? s.lastId : 0n;
    } else {
      const p = parseStrictIdOrReply(c, argv[4], 0n);
      if (p === null) return;
      id = p;
    }
    if (s === null) {
      s = new RedisStream();
      c.db.dbAdd(key, s);
      c.db.signalModifiedKey(c, key);
    }
    if (s.cgroups.has(grpname)) {
      c.addReplyError('-BUSYGROUP Consumer Group name already exists');
      return;
    }
    s.cgroups.set(grpname, new StreamCG(id, entriesRead));
    c.addReplyOk();
    server.dirty++;
    server.notifyKeyspaceEvent(NOTIFY_STREAM, 'xgroup-create', key, c.db.id);
  } else if (eqi(opt, 'setid') && (argc === 5 || argc === 7)) {
    let id: StreamID;
    if (cstr(argv[4]) === '$') {
      id = s!.lastId;
    } else {
      const p = parseIdOrReply(c, argv[4], 0n);
      if (p === null) return;
      id = p;
    }
    cg!.lastId = id;
    cg!.entriesRead = entriesRead;
    c.addReplyOk();
    server.dirty++;
    server.notifyKeyspaceEvent(NOTIFY_STREAM, 'xgroup-setid', key, c.db.id);
  } else if (eqi(opt, 'destroy') && argc === 4) {
    if (cg !== undefined) {
      s!.cgroups.delete(grpname);
      c.addReplyLongLong(1);
      server.dirty++;
      server.notifyKeyspaceEvent(NOTIFY_STREAM, 'xgroup-destroy', key, c.db.id);
      // Wake XREADGROUP clients blocked on the group: they get -NOGROUP.
      server.signalKeyAsReady(c.db, key);
    } else {
      c.addReplyLongLong(0);
    }
  } else if (eqi(opt, 'createconsumer') && argc === 5) {
    const created = createConsumer(c, cg!, argv[4], key);
    c.addReplyLongLong(created !== null ? 1 : 0);
  } else if (eqi(opt, 'delconsumer') && argc === 5) {
    let pending = 0;
    const consumer = cg!.consumers.get(argv[4]);
    if (consumer !== undefined) {
      pending = consumer.pel.size;
      cg!.deleteConsumer(consumer);
      server.dirty++;
      server.notifyKeyspaceEvent(NOTIFY_STREAM, 'xgroup-delconsumer', key, c.db.id);
    }
    c.addReplyLongLong(pending);
  } else {
    c.addReplySubcommandSyntaxError();
  }
}

// ---------------------------------------------------------------------------------------
// XACK, XPENDING, XCLAIM, XAUTOCLAIM
// ---------------------------------------------------------------------------------------

/** Looks up key and group for read (XACK/XCLAIM/XAUTOCLAIM/XPENDING). @returns [stream, group], or null after a WRONGTYPE reply; group undefined when missing. */
function lookupStreamGroup(c: Client, key: string, group: string): [RedisStream | null, StreamCG | undefined] | null {
  const v = c.db.lookupKeyRead(key);
  if (v === undefined) return [null, undefined];
  const s = asStream(c, v);
  if (s === null) return null;
  return [s, s.cgroups.get(group)];
}

/** XACK key group id [id ...]. */
function xackCommand(c: Client): void {
  const argv = c.argv;
  const r = lookupStreamGroup(c, argv[1], argv[2]);
  if (r === null) return;
  const group = r[1];
  if (group === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  const ids: StreamID[] = [];
  for (let j = 3; j < argv.length; j++) {
    const id = parseStrictIdOrReply(c, argv[j], 0n);
    if (id === null) return;
    ids.push(id);
  }
  let acknowledged = 0;
  for (let j = 0; j < ids.length; j++) {
    const nack = group.pel.get(ids[j]);
    if (nack !== undefined) {
      group.pel.delete(ids[j]);
      nack.consumer!.pel.delete(ids[j]);
      acknowledged++;
      c.server.dirty++;
    }
  }
  c.addReplyLongLong(acknowledged);
}

/** XPENDING key group [[IDLE min-idle-time] start end count [consumer]]. */
function xpendingCommand(c: Client): void {
  const argv = c.argv;
  const argc = argv.length;
  const justinfo = argc === 3;
  const key = argv[1];
  const groupname = argv[2];
  let consumername: string | null = null;
  let start = 0n;
  let end = 0n;
  let count = 0;
  let minidle = 0;
  if (argc !== 3 && (argc < 6 || argc > 9)) {
    c.addReplyError(ERR_SYNTAX);
    return;
  }
  if (argc >= 6) {
    let startidx = 3;
    if (eqi(argv[3], 'idle')) {
      const v = getLongLongOrReply(c, argv[4]);
      if (v === null) return;
      minidle = num(v);
      if (argc < 8) {
        c.addReplyError(ERR_SYNTAX);
        return;
      }
      startidx += 2;
    }
    const cv = getLongLongOrReply(c, argv[startidx + 2]);
    if (cv === null) return;
    count = cv < 0n ? 0 : num(cv);
    const st = parseRangeStart(c, argv[startidx]);
    if (st === null) return;
    start = st;
    const en = parseRangeEnd(c, argv[startidx + 1]);
    if (en === null) return;
    end = en;
    if (startidx + 3 < argc) consumername = argv[startidx + 3];
  }
  const r = lookupStreamGroup(c, key, groupname);
  if (r === null) return;
  const group = r[1];
  if (group === undefined) {
    c.addReplyError("-NOGROUP No such key '" + cstr(key) + "' or consumer group '" + cstr(groupname) + "'");
    return;
  }
  if (justinfo) {
    const pel = group.pel;
    c.addReplyArrayLen(4);
    c.addReplyLongLong(pel.size);
    if (pel.size === 0) {
      c.addReplyNull();
      c.addReplyNull();
      c.addReplyNullArray();
      return;
    }
    addReplyStreamID(c, pel.first()!);
    addReplyStreamID(c, pel.last()!);
    let n = 0;
    let body = '';
    for (const consumer of group.sortedConsumers()) {
      const sz = consumer.pel.size;
      if (sz === 0) continue;
      const szs = String(sz);
      body += '*2\r\n$' + consumer.name.length + '\r\n' + consumer.name + '\r\n$' + szs.length + '\r\n' + szs + '\r\n';
      n++;
    }
    c.addReplyProto('*' + n + '\r\n' + body);
    return;
  }
  let pelOwner: StreamCG | StreamConsumer = group;
  if (consumername !== null) {
    const consumer = group.consumers.get(consumername);
    if (consumer === undefined) {
      c.addReplyArrayLen(0);
      return;
    }
    pelOwner = consumer;
  }
  const pel = pelOwner.pel;
  const now = c.server.commandTime();
  let n = 0;
  let body = '';
  for (const it = pel.iter(start); count > 0 && it.next() && it.id <= end; ) {
    const nack = it.val!;
    if (minidle !== 0) {
      const thisIdle = now - nack.deliveryTime;
      if (thisIdle < minidle) continue;
    }
    n++;
    count--;
    let elapsed = now - nack.deliveryTime;
    if (elapsed < 0) elapsed = 0;
    const ids = formatId(it.id);
    const name = nack.consumer!.name;
    body += '*4\r\n$' + ids.length + '\r\n' + ids + '\r\n$' + name.length + '\r\n' + name + '\r\n:' + elapsed + '\r\n:' + asInt64(nack.deliveryCount) + '\r\n';
  }
  c.addReplyProto('*' + n + '\r\n' + body);
}

/**
 * XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-ms]
 * [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid].
 */
function xclaimCommand(c: Client): void {
  const argv = c.argv;
  const argc = argv.length;
  const server = c.server;
  const r = lookupStreamGroup(c, argv[1], argv[2]);
  if (r === null) return;
  const s = r[0];
  const group = r[1];
  if (s === null || group === undefined) {
    c.addReplyError("-NOGROUP No such key '" + cstr(argv[1]) + "' or consumer group '" + cstr(argv[2]) + "'");
    return;
  }
  const mi = getLongLongOrReply(c, argv[4], 'Invalid min-idle-time argument for XCLAIM');
  if (mi === null) return;
  let minidle = num(mi);
  if (minidle < 0) minidle = 0;
  const ids: StreamID[] = [];
  let j = 5;
  for (; j < argc; j++) {
    const p = parseStreamId(argv[j], 0n, true, false);
    if (p === null) break;
    ids.push(p.id);
  }
  const now = server.commandTime();
  let deliverytime = -1;
  let retrycount = -1n;
  let force = false;
  let justid = false;
  let lastId = 0n;
  for (; j < argc; j++) {
    const moreargs = argc - 1 - j;
    const opt = argv[j];
    if (eqi(opt, 'force')) {
      force = true;
    } else if (eqi(opt, 'justid')) {
      justid = true;
    } else if (moreargs > 0 && eqi(opt, 'idle')) {
      j++;
      const v = getLongLongOrReply(c, argv[j], 'Invalid IDLE option argument for XCLAIM');
      if (v === null) return;
      deliverytime = now - num(v);
    } else if (moreargs > 0 && eqi(opt, 'time')) {
      j++;
      const v = getLongLongOrReply(c, argv[j], 'Invalid TIME option argument for XCLAIM');
      if (v === null) return;
      deliverytime = num(v);
    } else if (moreargs > 0 && eqi(opt, 'retrycount')) {
      j++;
      const v = getLongLongOrReply(c, argv[j], 'Invalid RETRYCOUNT option argument for XCLAIM');
      if (v === null) return;
      retrycount = v;
    } else if (moreargs > 0 && eqi(opt, 'lastid')) {
      j++;
      const v = parseStrictIdOrReply(c, argv[j], 0n);
      if (v === null) return;
      lastId = v;
    } else {
      c.addReplyError("Unrecognized XCLAIM option '" + cstr(opt) + "'");
      return;
    }
  }
  let propagateLastId = false;
  if (lastId > group.lastId) {
    group.lastId = lastId;
    propagateLastId = true;
  }
  if (deliverytime !== -1) {
    if (deliverytime < 0 || deliverytime > now) deliverytime = now;
  } else {
    deliverytime = now;
  }
  const consumerName = argv[3];
  let consumer = group.consumers.get(consumerName) ?? null;
  if (consumer === null) consumer = createConsumer(c, group, consumerName, argv[1])!;
  consumer.seenTime = now;
  let arraylen = 0;
  let body = '';
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    let nack = group.pel.get(id);
    const entry = s.lookupProto(id);
    if (entry === null) {
      if (nack !== undefined) {
        propagateLastId = false;
        server.dirty++;
        group.pel.delete(id);
        nack.consumer!.pel.delete(id);
      }
      continue;
    }
    if (force && nack === undefined) {
      nack = new StreamNack(null, now, 1n);
      group.pel.set(id, nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer !== null && minidle !== 0) {
      const thisIdle = now - nack.deliveryTime;
      if (thisIdle < minidle) continue;
    }
    if (nack.consumer !== consumer && nack.consumer !== null) nack.consumer.pel.delete(id);
    nack.deliveryTime = deliverytime;
    if (retrycount >= 0n) nack.deliveryCount = retrycount;
    else if (!justid) nack.deliveryCount = BigInt.asUintN(64, nack.deliveryCount + 1n);
    if (nack.consumer !== consumer) {
      consumer.pel.set(id, nack);
      nack.consumer = consumer;
    }
    if (justid) {
      const ids2 = formatId(id);
      body += '$' + ids2.length + '\r\n' + ids2 + '\r\n';
    } else {
      body += entry;
    }
    arraylen++;
    consumer.activeTime = now;
    propagateLastId = false;
    server.dirty++;
  }
  if (propagateLastId) server.dirty++;
  c.addReplyProto('*' + arraylen + '\r\n' + body);
}

/** XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]. */
function xautoclaimCommand(c: Client): void {
  const argv = c.argv;
  const argc = argv.length;
  const server = c.server;
  const mi = getLongLongOrReply(c, argv[4], 'Invalid min-idle-time argument for XAUTOCLAIM');
  if (mi === null) return;
  let minidle = num(mi);
  if (minidle < 0) minidle = 0;
  const startid = parseRangeStart(c, argv[5]);
  if (startid === null) return;
  let count = 100;
  let justid = false;
  const maxCount = LONG_MAX / 16n;
  for (let j = 6; j < argc; j++) {
    const moreargs = argc - 1 - j;
    const opt = argv[j];
    if (moreargs > 0 && eqi(opt, 'count')) {
      const v = string2bigint(argv[j + 1]);
      if (v === null || v < 1n || v > maxCount) {
        c.addReplyError('COUNT must be > 0');
        return;
      }
      count = num(v);
      j++;
    } else if (eqi(opt, 'justid')) {
      justid = true;
    } else {
      c.addReplyError(ERR_SYNTAX);
      return;
    }
  }
  const r = lookupStreamGroup(c, argv[1], argv[2]);
  if (r === null) return;
  const s = r[0];
  const group = r[1];
  if (s === null || group === undefined) {
    c.addReplyError("-NOGROUP No such key '" + cstr(argv[1]) + "' or consumer group '" + cstr(argv[2]) + "'");
    return;
  }
  // Redis allocates count * sizeof(streamID) bytes up front (ztrymalloc) and fails when the
  // allocator refuses; Linux's heuristic overcommit refuses more than the machine's memory.
  if (count * 16 > totalmem()) {
    c.addReplyError('Insufficient memory, failed allocating transient memory, COUNT too high.');
    return;
  }
  const consumerName = argv[3];
  let consumer = group.consumers.get(consumerName) ?? null;
  if (consumer === null) consumer = createConsumer(c, group, consumerName, argv[1])!;
  const now = server.commandTime();
  consumer.seenTime = now;
  let attempts = count * 10;
  const pel = group.pel;
  const it = pel.iter(startid);
  let exhausted = false;
  let arraylen = 0;
  let body = '';
  // Pending entries whose stream entry is gone are dropped from the group PEL after the scan
  // (the iterator needs the PEL unchanged; the scan never comes back to them).
  const deletedIds: StreamID[] = [];
  while (attempts-- > 0 && count > 0) {
    if (!it.next()) {
      exhausted = true;
      break;
    }
    const id = it.id;
    const nack = it.val!;
    const entry = s.lookupProto(id);
    if (entry === null) {
      server.dirty++;
      nack.consumer!.pel.delete(id);
      deletedIds.push(id);
      count--;
      continue;
    }
    if (minidle !== 0) {
      const thisIdle = now - nack.deliveryTime;
      if (thisIdle < minidle) continue;
    }
    if (nack.consumer !== consumer && nack.consumer !== null) nack.consumer.pel.delete(id);
    nack.deliveryTime = now;
    if (!justid) nack.deliveryCount = BigInt.asUintN(64, nack.deliveryCount + 1n);
    if (nack.consumer !== consumer) {
      consumer.pel.set(id, nack);
      nack.consumer = consumer;
    }
    if (justid) {
      const ids2 = formatId(id);
      body += '$' + ids2.length + '\r\n' + ids2 + '\r\n';
    } else {
      body += entry;
    }
    arraylen++;
    count--;
    consumer.activeTime = now;
    server.dirty++;
  }
  const endid = !exhausted && it.next() ? it.id : 0n;
  for (let i = 0; i < deletedIds.length; i++) pel.delete(deletedIds[i]);
  const endStr = formatId(endid);
  let out = '*3\r\n$' + endStr.length + '\r\n' + endStr + '\r\n*' + arraylen + '\r\n' + body + '*' + deletedIds.length + '\r\n';
  for (let i = 0; i < deletedIds.length; i++) {
    const d = formatId(deletedIds[i]);
    out += '$' + d.length + '\r\n' + d + '\r\n';
  }
  c.addReplyProto(out);
}

// ---------------------------------------------------------------------------------------
// XINFO
// ---------------------------------------------------------------------------------------

const XINFO_HELP: readonly string[] = [
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
];

/** Replies a group's entries-read field value (null when invalid). */
function addReplyEntriesRead(c: Client, cg: StreamCG): void {
  if (cg.entriesRead !== SCG_INVALID_ENTRIES_READ) c.addReplyLongLong(cg.entriesRead);
  else c.addReplyNull();
}

/** Replies a group's lag (streamReplyWithCGLag). */
function addReplyLag(c: Client, s: RedisStream, cg: StreamCG): void {
  const lag = s.groupLag(cg);
  if (lag === null) c.addReplyNull();
  else c.addReplyLongLong(lag);
}

/** XINFO STREAM key [FULL [COUNT count]] (Redis xinfoReplyWithStreamInfo). */
function xinfoReplyWithStreamInfo(c: Client, s: RedisStream): void {
  const argv = c.argv;
  const optc = argv.length - 3;
  let full = true;
  let count = 10;
  if (optc === 0) {
    full = false;
  } else {
    if (optc !== 1 && optc !== 3) {
      c.addReplySubcommandSyntaxError();
      return;
    }
    if (!eqi(argv[3], 'full')) {
      c.addReplySubcommandSyntaxError();
      return;
    }
    if (optc === 3) {
      if (!eqi(argv[4], 'count')) {
        c.addReplySubcommandSyntaxError();
        return;
      }
      const v = getLongLongOrReply(c, argv[5]);
      if (v === null) return;
      count = v < 0n ? 10 : num(v);
    }
  }
  c.addReplyMapLen(full ? 9 : 10);
  c.addReplyBulk('length');
  c.addReplyLongLong(s.length);
  c.addReplyBulk('radix-tree-keys');
  c.addReplyLongLong(s.radixTreeKeys);
  c.addReplyBulk('radix-tree-nodes');
  c.addReplyLongLong(s.radixTreeNodes());
  c.addReplyBulk('last-generated-id');
  addReplyStreamID(c, s.lastId);
  c.addReplyBulk('max-deleted-entry-id');
  addReplyStreamID(c, s.maxDeletedEntryId);
  c.addReplyBulk('entries-added');
  c.addReplyLongLong(asInt64(s.entriesAdded));
  c.addReplyBulk('recorded-first-entry-id');
  addReplyStreamID(c, s.firstId);
  if (!full) {
    c.addReplyBulk('groups');
    c.addReplyLongLong(s.cgroups.size);
    c.addReplyBulk('first-entry');
    const first = rangeProto(s, 0n, STREAM_ID_MAX, false, 1);
    if (first !== '*0\r\n') c.addReplyProto(first.slice(4));
    else c.addReplyNull();
    c.addReplyBulk('last-entry');
    const last = rangeProto(s, 0n, STREAM_ID_MAX, true, 1);
    if (last !== '*0\r\n') c.addReplyProto(last.slice(4));
    else c.addReplyNull();
    return;
  }
  c.addReplyBulk('entries');
  replyWithRange(c, s, 0n, STREAM_ID_MAX, count, false);
  c.addReplyBulk('groups');
  const groups = s.sortedGroups();
  c.addReplyArrayLen(groups.length);
  for (const [name, cg] of groups) {
    c.addReplyMapLen(7);
    c.addReplyBulk('name');
    c.addReplyBulk(name);
    c.addReplyBulk('last-delivered-id');
    addReplyStreamID(c, cg.lastId);
    c.addReplyBulk('entries-read');
    addReplyEntriesRead(c, cg);
    c.addReplyBulk('lag');
    addReplyLag(c, s, cg);
    c.addReplyBulk('pel-count');
    c.addReplyLongLong(cg.pel.size);
    c.addReplyBulk('pending');
    const n = count === 0 ? cg.pel.size : Math.min(count, cg.pel.size);
    let body = '*' + n + '\r\n';
    for (let i = 0, it = cg.pel.iter(); i < n && it.next(); i++) {
      const nack = it.val!;
      const ids = formatId(it.id);
      const cname = nack.consumer!.name;
      body += '*4\r\n$' + ids.length + '\r\n' + ids + '\r\n$' + cname.length + '\r\n' + cname + '\r\n:' + nack.deliveryTime + '\r\n:' + asInt64(nack.deliveryCount) + '\r\n';
    }
    c.addReplyProto(body);
    c.addReplyBulk('consumers');
    const consumers = cg.sortedConsumers();
    c.addReplyArrayLen(consumers.length);
    for (const consumer of consumers) {
      c.addReplyMapLen(5);
      c.addReplyBulk('name');
      c.addReplyBulk(consumer.name);
      c.addReplyBulk('seen-time');
      c.addReplyLongLong(consumer.seenTime);
      c.addReplyBulk('active-time');
      c.addReplyLongLong(consumer.activeTime);
      c.addReplyBulk('pel-count');
      c.addReplyLongLong(consumer.pel.size);
      c.addReplyBulk('pending');
      const cp = consumer.pel;
      const m = count === 0 ? cp.size : Math.min(count, cp.size);
      let cb = '*' + m + '\r\n';
      for (let i = 0, it = cp.iter(); i < m && it.next(); i++) {
        const nack = it.val!;
        const ids = formatId(it.id);
        cb += '*3\r\n$' + ids.length + '\r\n' + ids + '\r\n:' + nack.deliveryTime + '\r\n:' + asInt64(nack.deliveryCount) + '\r\n';
      }
      c.addReplyProto(cb);
    }
  }
}

/** XINFO CONSUMERS key group | GROUPS key | STREAM key [FULL [COUNT n]] | HELP (Redis xinfoCommand). */
function xinfoCommand(c: Client): void {
  const argv = c.argv;
  if (eqi(argv[1], 'help')) {
    c.addReplyHelp('xinfo', XINFO_HELP);
    return;
  }
  const opt = argv[1];
  const key = argv[2];
  const v = c.db.lookupKeyRead(key);
  if (v === undefined) {
    c.addReplyError('no such key');
    return;
  }
  const s = asStream(c, v);
  if (s === null) return;
  if (eqi(opt, 'consumers') && argv.length === 4) {
    const cg = s.cgroups.get(argv[3]);
    if (cg === undefined) {
      c.addReplyError("-NOGROUP No such consumer group '" + cstr(argv[3]) + "' for key name '" + cstr(key) + "'");
      return;
    }
    const consumers = cg.sortedConsumers();
    c.addReplyArrayLen(consumers.length);
    const now = c.server.commandTime();
    for (const consumer of consumers) {
      const inactive = consumer.activeTime !== -1 ? now - consumer.activeTime : -1;
      let idle = now - consumer.seenTime;
      if (idle < 0) idle = 0;
      c.addReplyMapLen(4);
      c.addReplyBulk('name');
      c.addReplyBulk(consumer.name);
      c.addReplyBulk('pending');
      c.addReplyLongLong(consumer.pel.size);
      c.addReplyBulk('idle');
      c.addReplyLongLong(idle);
      c.addReplyBulk('inactive');
      c.addReplyLongLong(inactive);
    }
  } else if (eqi(opt, 'groups') && argv.length === 3) {
    const groups = s.sortedGroups();
    c.addReplyArrayLen(groups.length);
    for (const [name, cg] of groups) {
      c.addReplyMapLen(6);
      c.addReplyBulk('name');
      c.addReplyBulk(name);
      c.addReplyBulk('consumers');
      c.addReplyLongLong(cg.consumers.size);
      c.addReplyBulk('pending');
      c.addReplyLongLong(cg.pel.size);
      c.addReplyBulk('last-delivered-id');
      addReplyStreamID(c, cg.lastId);
      c.addReplyBulk('entries-read');
      addReplyEntriesRead(c, cg);
      c.addReplyBulk('lag');
      addReplyLag(c, s, cg);
    }
  } else if (eqi(opt, 'stream')) {
    xinfoReplyWithStreamInfo(c, s);
  } else {
    c.addReplySubcommandSyntaxError();
  }
}

/** The stream family. */
export const streamCommands: CommandSpec[] = [
  { name: 'xadd', proc: xaddCommand },
  { name: 'xlen', proc: xlenCommand },
  { name: 'xrange', proc: xrangeCommand },
  { name: 'xrevrange', proc: xrevrangeCommand },
  { name: 'xdel', proc: xdelCommand },
  { name: 'xtrim', proc: xtrimCommand },
  { name: 'xsetid', proc: xsetidCommand },
  { name: 'xread', proc: xreadCommand },
  { name: 'xreadgroup', proc: xreadCommand },
  { name: 'xack', proc: xackCommand },
  { name: 'xpending', proc: xpendingCommand },
  { name: 'xclaim', proc: xclaimCommand },
  { name: 'xautoclaim', proc: xautoclaimCommand },
  {
    name: 'xgroup',
    subcommands: [
      { name: 'create', proc: xgroupCommand },
      { name: 'setid', proc: xgroupCommand },
      { name: 'destroy', proc: xgroupCommand },
      { name: 'createconsumer', proc: xgroupCommand },
      { name: 'delconsumer', proc: xgroupCommand },
      { name: 'help', proc: xgroupCommand },
    ],
  },
  {
    name: 'xinfo',
    subcommands: [
      { name: 'consumers', proc: xinfoCommand },
      { name: 'groups', proc: xinfoCommand },
      { name: 'stream', proc: xinfoCommand },
      { name: 'help', proc: xinfoCommand },
    ],
  },
];
