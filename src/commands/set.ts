/**
 * Set commands (Redis 7.2 t_set.c): SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD, SPOP,
 * SRANDMEMBER, SMOVE, SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE,
 * SSCAN. The value type and its encodings live in src/keyspace/set.ts.
 *
 * Also exports the small argument parsers and reply helpers shared by the zset and sort
 * families (Redis's getLongLongFromObjectOrReply & co, scanGenericCommand).
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import type { RedisServer } from '../server/server.js';
import { ObjType, type RedisValue } from '../keyspace/object.js';
import { NOTIFY_SET, NOTIFY_GENERIC } from '../keyspace/notify.js';
import { RedisSet, SET_ENC_HT, SET_ENC_INTSET, setTypeCreate, setTypeMaybeConvert, type SetLimits } from '../keyspace/set.js';
import { string2ll } from '../util/numbers.js';
import { stringmatchlen } from '../util/glob.js';
import type { Dict } from '../keyspace/dict.js';

// ---------------------------------------------------------------------------------------
// Shared helpers (also used by zset.ts and sort.ts)
// ---------------------------------------------------------------------------------------

/** LONG_MAX as a JS number (2^63 rounds to it; comparisons use string2ll's range check). */
export const LONG_MAX = 9223372036854775807;

/**
 * Redis `getLongLongFromObjectOrReply`: parses a strict int64, replying `msg` (or "value is
 * not an integer or out of range") on failure.
 * @returns the value, or null after replying an error.
 */
export function getLongOrReply(c: Client, s: string, msg: string | null = null): number | null {
  const v = string2ll(s);
  if (v === null) {
    c.addReplyError(msg ?? 'value is not an integer or out of range');
    return null;
  }
  return v;
}

/**
 * Redis `getPositiveLongFromObjectOrReply`: an int64 >= 0; errors "value is out of range, must
 * be positive" (or `msg`, which is also used for parse errors).
 */
export function getPositiveLongOrReply(c: Client, s: string, msg: string | null = null): number | null {
  const m = msg ?? 'value is out of range, must be positive';
  const v = getLongOrReply(c, s, m);
  if (v === null) return null;
  if (v < 0) {
    c.addReplyError(m);
    return null;
  }
  return v;
}

/**
 * Redis `getRangeLongFromObjectOrReply`: an int64 within [min, max]; errors `msg` or "value is
 * out of range, value must between <min> and <max>".
 */
export function getRangeLongOrReply(c: Client, s: string, min: number, max: number, minText: string, maxText: string, msg: string | null = null): number | null {
  const v = getLongOrReply(c, s, msg);
  if (v === null) return null;
  if (v < min || v > max || (v === min && s === '-9223372036854775808' && minText !== '-9223372036854775808')) {
    c.addReplyError(msg ?? 'value is out of range, value must between ' + minText + ' and ' + maxText);
    return null;
  }
  return v;
}

/** Replies WRONGTYPE and returns true when `v` exists and is not of type `t` (Redis `checkType`). */
export function checkType(c: Client, v: RedisValue | undefined, t: ObjType): boolean {
  if (v === undefined) return false;
  const vt = typeof v === 'string' ? ObjType.String : v.type;
  if (vt !== t) {
    c.addReplyWrongType();
    return true;
  }
  return false;
}

/** Appends `*n` / `~n` / ... header plus the bulk strings of `items` as one chunk. */
export function addReplyBulks(c: Client, header: string, items: readonly string[]): void {
  let s = header;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    s += '$' + it.length + '\r\n' + it + '\r\n';
    if (s.length > 65536) {
      c.addReplyProto(s);
      s = '';
    }
  }
  if (s.length > 0) c.addReplyProto(s);
}

/** Set header string for `n` elements in the client's protocol. */
export function setHeader(c: Client, n: number): string {
  return (c.resp === 2 ? '*' : '~') + n + '\r\n';
}

/** The encoding thresholds of sets, read from the server's config. */
export function setLimits(server: RedisServer): SetLimits {
  const cfg = server.config;
  return {
    maxIntsetEntries: cfg.getNumber('set-max-intset-entries'),
    maxListpackEntries: cfg.getNumber('set-max-listpack-entries'),
    maxListpackValue: cfg.getNumber('set-max-listpack-value'),
  };
}

/**
 * Parses a SCAN cursor as Redis's `parseScanCursorOrReply` (strtoul: optional sign, leading
 * zeros allowed, no leading space, no trailing bytes, no overflow), replying "invalid cursor".
 * @returns the cursor (as a JS number; values above 2^53 lose precision), or null.
 */
export function parseScanCursorOrReply(c: Client, s: string): number | null {
  const m = /^[+-]?[0-9]*$/.exec(s);
  let ok = m !== null && !(s.length > 0 && (s.charCodeAt(0) === 32 || (s.charCodeAt(0) >= 9 && s.charCodeAt(0) <= 13)));
  let v = 0;
  if (ok && s.length > 0) {
    const digits = s.replace(/^[+-]/, '');
    if (digits.length === 0) {
      // strtoul("+") parses nothing: eptr points at '+', not the end.
      ok = false;
    } else {
      const b = BigInt(digits);
      if (b > 18446744073709551615n) ok = false;
      else {
        const u = s.charCodeAt(0) === 45 ? (b === 0n ? 0n : 18446744073709551616n - b) : b;
        v = Number(u);
      }
    }
  }
  if (!ok) {
    c.addReplyError('invalid cursor');
    return null;
  }
  return v;
}

/**
 * The element collection step of Redis's `scanGenericCommand` for a collection value.
 * `small` is the whole collection as a flat list (intset/listpack: returned at once, cursor 0)
 * or null when `dict` must be walked; `pairs` = 2 for hashes/zsets (key, value) whose value
 * is produced by `valueOf`.
 */
export interface ScanSource<V> {
  /** All items (flat: member, or member/value pairs) for the small encodings; null for a dict. */
  small: string[] | null;
  /** The dict to walk when `small` is null. */
  dict: Dict<V> | null;
  /** Formats a dict value (zset score, hash value); null for sets. */
  valueOf: ((v: V) => string) | null;
}

/**
 * Redis `scanGenericCommand` for SSCAN/HSCAN/ZSCAN after the cursor is parsed and the key
 * looked up: parses COUNT/MATCH options (errors: syntax error, "value is not an integer or out
 * of range"), collects elements, filters by the pattern and replies `*2 cursor [items]`.
 */
export function scanGenericCommand<V>(c: Client, src: ScanSource<V>, cursor: number, firstOpt: number): void {
  const argv = c.argv;
  let count = 10;
  let pat: string | null = null;
  for (let i = firstOpt; i < argv.length; ) {
    const left = argv.length - i;
    const opt = argv[i].toLowerCase();
    if (opt === 'count' && left >= 2) {
      const v = getLongOrReply(c, argv[i + 1]);
      if (v === null) return;
      if (v < 1) {
        c.addReplySyntaxError();
        return;
      }
      count = v;
      i += 2;
    } else if (opt === 'match' && left >= 2) {
      pat = argv[i + 1];
      if (pat === '*') pat = null;
      i += 2;
    } else {
      c.addReplySyntaxError();
      return;
    }
  }
  const pairs = src.valueOf !== null;
  let items: string[];
  let next = 0;
  if (src.small !== null) {
    items = src.small;
  } else {
    items = [];
    const valueOf = src.valueOf;
    const maxIter = count * 10;
    let cur = cursor;
    let iter = 0;
    do {
      cur = src.dict!.scan(cur, count, (k: string, v: V) => {
        items.push(k);
        if (valueOf !== null) items.push(valueOf(v));
      });
      iter++;
    } while (cur !== 0 && iter < maxIter && items.length < count * (pairs ? 2 : 1));
    next = cur;
  }
  if (pat !== null) {
    const out: string[] = [];
    const step = pairs ? 2 : 1;
    for (let i = 0; i < items.length; i += step) {
      if (stringmatchlen(pat, items[i], false)) {
        out.push(items[i]);
        if (pairs) out.push(items[i + 1]);
      }
    }
    items = out;
  }
  const cs = String(next);
  c.addReplyProto('*2\r\n$' + cs.length + '\r\n' + cs + '\r\n');
  addReplyBulks(c, '*' + items.length + '\r\n', items);
}

/** Deletes `key` (emptied by a command) and fires the generic "del" event. */
function deleteEmptied(c: Client, key: string): void {
  c.db.dbDelete(key);
  c.server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', key, c.db.id);
}

/** The set at `key` for writing: undefined when missing; null after replying WRONGTYPE. */
function lookupSetWrite(c: Client, key: string): RedisSet | undefined | null {
  const v = c.db.lookupKeyWrite(key);
  if (v === undefined) return undefined;
  if (checkType(c, v, ObjType.Set)) return null;
  return v as RedisSet;
}

/** The set at `key` for reading: undefined when missing; null after replying WRONGTYPE. */
function lookupSetRead(c: Client, key: string): RedisSet | undefined | null {
  const v = c.db.lookupKeyRead(key);
  if (v === undefined) return undefined;
  if (checkType(c, v, ObjType.Set)) return null;
  return v as RedisSet;
}

const EMPTY_SET2 = '*0\r\n';
const EMPTY_SET3 = '~0\r\n';

function addReplyEmptySet(c: Client): void {
  c.addReplyProto(c.resp === 2 ? EMPTY_SET2 : EMPTY_SET3);
}

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

/** SADD key member [member ...]: the number of members added. */
function saddCommand(c: Client): void {
  const argv = c.argv;
  const key = argv[1];
  let set = lookupSetWrite(c, key);
  if (set === null) return;
  const limits = setLimits(c.server);
  if (set === undefined) {
    set = setTypeCreate(argv[2], argv.length - 2, limits);
    c.db.dbAdd(key, set);
  } else {
    setTypeMaybeConvert(set, argv.length - 2, limits);
  }
  let added = 0;
  for (let j = 2; j < argv.length; j++) if (set.add(argv[j], limits)) added++;
  if (added > 0) {
    c.db.signalModifiedKey(c, key);
    c.server.notifyKeyspaceEvent(NOTIFY_SET, 'sadd', key, c.db.id);
  }
  c.server.dirty += added;
  c.addReplyLongLong(added);
}

/** SREM key member [member ...]: the number of members removed; deletes an emptied key. */
function sremCommand(c: Client): void {
  const argv = c.argv;
  const key = argv[1];
  const set = lookupSetWrite(c, key);
  if (set === null) return;
  if (set === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  let deleted = 0;
  let keyremoved = false;
  for (let j = 2; j < argv.length; j++) {
    if (set.remove(argv[j])) {
      deleted++;
      if (set.size === 0) {
        c.db.dbDelete(key);
        keyremoved = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    c.db.signalModifiedKey(c, key);
    c.server.notifyKeyspaceEvent(NOTIFY_SET, 'srem', key, c.db.id);
    if (keyremoved) c.server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', key, c.db.id);
    c.server.dirty += deleted;
  }
  c.addReplyLongLong(deleted);
}

/** SMOVE source destination member: 1 when moved, 0 when not in source. */
function smoveCommand(c: Client): void {
  const argv = c.argv;
  const src = c.db.lookupKeyWrite(argv[1]);
  const dst = c.db.lookupKeyWrite(argv[2]);
  const ele = argv[3];
  if (src === undefined) {
    c.addReplyLongLong(0);
    return;
  }
  if (checkType(c, src, ObjType.Set) || checkType(c, dst, ObjType.Set)) return;
  const srcset = src as RedisSet;
  let dstset = dst as RedisSet | undefined;
  if (srcset === dstset) {
    c.addReplyLongLong(srcset.has(ele) ? 1 : 0);
    return;
  }
  if (!srcset.remove(ele)) {
    c.addReplyLongLong(0);
    return;
  }
  const server = c.server;
  server.notifyKeyspaceEvent(NOTIFY_SET, 'srem', argv[1], c.db.id);
  if (srcset.size === 0) deleteEmptied(c, argv[1]);
  const limits = setLimits(server);
  if (dstset === undefined) {
    dstset = setTypeCreate(ele, 1, limits);
    c.db.dbAdd(argv[2], dstset);
  }
  c.db.signalModifiedKey(c, argv[1]);
  server.dirty++;
  if (dstset.add(ele, limits)) {
    server.dirty++;
    c.db.signalModifiedKey(c, argv[2]);
    server.notifyKeyspaceEvent(NOTIFY_SET, 'sadd', argv[2], c.db.id);
  }
  c.addReplyLongLong(1);
}

/** SISMEMBER key member: 1 or 0. */
function sismemberCommand(c: Client): void {
  const set = lookupSetRead(c, c.argv[1]);
  if (set === null) return;
  c.addReplyLongLong(set !== undefined && set.has(c.argv[2]) ? 1 : 0);
}

/** SMISMEMBER key member [member ...]: an array of 1/0. */
function smismemberCommand(c: Client): void {
  const argv = c.argv;
  const set = lookupSetRead(c, argv[1]);
  if (set === null) return;
  let s = '*' + (argv.length - 2) + '\r\n';
  for (let j = 2; j < argv.length; j++) s += set !== undefined && set.has(argv[j]) ? ':1\r\n' : ':0\r\n';
  c.addReplyProto(s);
}

/** SCARD key: the cardinality. */
function scardCommand(c: Client): void {
  const set = lookupSetRead(c, c.argv[1]);
  if (set === null) return;
  c.addReplyLongLong(set === undefined ? 0 : set.size);
}

/** SMEMBERS key: every member (a set reply), in the encoding's order. */
function smembersCommand(c: Client): void {
  const set = lookupSetRead(c, c.argv[1]);
  if (set === null) return;
  if (set === undefined) {
    addReplyEmptySet(c);
    return;
  }
  addReplyBulks(c, setHeader(c, set.size), set.membersView());
}

/** SPOP key [count]. */
function spopCommand(c: Client): void {
  const argv = c.argv;
  if (argv.length === 3) {
    spopWithCountCommand(c);
    return;
  }
  if (argv.length > 3) {
    c.addReplySyntaxError();
    return;
  }
  const key = argv[1];
  const set = lookupSetWrite(c, key);
  if (set === null) return;
  if (set === undefined) {
    c.addReplyNull();
    return;
  }
  const ele = set.randomMember()!;
  set.remove(ele);
  c.server.notifyKeyspaceEvent(NOTIFY_SET, 'spop', key, c.db.id);
  c.addReplyBulk(ele);
  if (set.size === 0) deleteEmptied(c, key);
  c.db.signalModifiedKey(c, key);
  c.server.dirty++;
}

/** Picks `count` distinct random indexes of [0, n) (count < n). */
function randomIndexes(n: number, count: number): number[] {
  const picked = new Set<number>();
  const out: number[] = [];
  if (count * 2 < n) {
    while (out.length < count) {
      const i = Math.floor(Math.random() * n);
      if (!picked.has(i)) {
        picked.add(i);
        out.push(i);
      }
    }
    return out;
  }
  const all: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) all[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (n - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  all.length = count;
  return all;
}

/** SPOP key count (Redis `spopWithCountCommand`, cases 1-3). */
function spopWithCountCommand(c: Client): void {
  const argv = c.argv;
  const key = argv[1];
  const count = getPositiveLongOrReply(c, argv[2]);
  if (count === null) return;
  const set = lookupSetWrite(c, key);
  if (set === null) return;
  if (set === undefined || count === 0) {
    addReplyEmptySet(c);
    return;
  }
  const server = c.server;
  const size = set.size;
  server.notifyKeyspaceEvent(NOTIFY_SET, 'spop', key, c.db.id);
  server.dirty += count;
  // CASE 1: the whole set, replied as SUNION of the key would.
  if (count >= size) {
    const tmp = unionOf(c, [set], false);
    addReplyBulks(c, setHeader(c, tmp.size), tmp.membersView());
    deleteEmptied(c, key);
    c.db.signalModifiedKey(c, key);
    return;
  }
  const remaining = size - count;
  const view = set.membersView();
  const out: string[] = [];
  if (remaining * 5 > count) {
    // CASE 2: extract `count` random members.
    const idx = randomIndexes(size, count);
    for (let i = 0; i < idx.length; i++) out.push(view[idx[i]]);
    for (let i = 0; i < out.length; i++) set.remove(out[i]);
  } else {
    // CASE 3: pick the members that remain into a new set, return the rest.
    const idx = randomIndexes(size, remaining);
    const keep = new Set<number>(idx);
    const limits = setLimits(server);
    const newset = new RedisSet(set.enc === SET_ENC_INTSET ? SET_ENC_INTSET : 1);
    for (let i = 0; i < idx.length; i++) newset.add(view[idx[i]], limits);
    for (let i = 0; i < view.length; i++) if (!keep.has(i)) out.push(view[i]);
    c.db.dbOverwrite(key, newset);
  }
  addReplyBulks(c, setHeader(c, out.length), out);
  c.db.signalModifiedKey(c, key);
}

/** SRANDMEMBER key [count]. */
function srandmemberCommand(c: Client): void {
  const argv = c.argv;
  if (argv.length === 3) {
    srandmemberWithCountCommand(c);
    return;
  }
  if (argv.length > 3) {
    c.addReplySyntaxError();
    return;
  }
  const set = lookupSetRead(c, argv[1]);
  if (set === null) return;
  if (set === undefined) {
    c.addReplyNull();
    return;
  }
  c.addReplyBulk(set.randomMember()!);
}

/** SRANDMEMBER key count (Redis `srandmemberWithCountCommand`). */
function srandmemberWithCountCommand(c: Client): void {
  const argv = c.argv;
  const l = getRangeLongOrReply(c, argv[2], -LONG_MAX, LONG_MAX, '-9223372036854775807', '9223372036854775807');
  if (l === null) return;
  let count: number;
  let uniq = true;
  if (l >= 0) count = l;
  else {
    count = -l;
    uniq = false;
  }
  const set = lookupSetRead(c, argv[1]);
  if (set === null) return;
  if (set === undefined || count === 0) {
    c.addReplyProto('*0\r\n');
    return;
  }
  const size = set.size;
  const view = set.membersView();
  if (!uniq || count === 1) {
    // CASE 1: count random picks with repetitions.
    c.addReplyArrayLen(count);
    let s = '';
    for (let i = 0; i < count; i++) {
      const m = view[Math.floor(Math.random() * size)];
      s += '$' + m.length + '\r\n' + m + '\r\n';
      if (s.length > 65536) {
        c.addReplyProto(s);
        s = '';
      }
    }
    if (s.length > 0) c.addReplyProto(s);
    return;
  }
  if (count >= size) {
    // CASE 2: the whole set, in its order.
    addReplyBulks(c, '*' + size + '\r\n', view);
    return;
  }
  const idx = randomIndexes(size, count);
  const out: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) out[i] = view[idx[i]];
  addReplyBulks(c, '*' + count + '\r\n', out);
}

/**
 * Builds the union of `sets` as Redis 7.2's sunionDiffGenericCommand does (adding every
 * member, set by set, to a temporary set created as intset, or as hashtable when replying
 * directly and a source is not an intset).
 */
function unionOf(c: Client, sets: ReadonlyArray<RedisSet | undefined>, store: boolean): RedisSet {
  let enc = SET_ENC_INTSET;
  if (!store) for (const s of sets) if (s !== undefined && s.enc !== SET_ENC_INTSET) enc = SET_ENC_HT;
  const dst = new RedisSet(enc);
  const limits = setLimits(c.server);
  for (const s of sets) {
    if (s === undefined) continue;
    const view = s.membersView();
    for (let i = 0; i < view.length; i++) dst.add(view[i], limits);
  }
  return dst;
}

/** Looks up the sets of `keys` (missing => undefined). @returns null after WRONGTYPE. */
function lookupSets(c: Client, keys: readonly string[]): Array<RedisSet | undefined> | null {
  const out: Array<RedisSet | undefined> = [];
  for (const k of keys) {
    const v = c.db.lookupKeyRead(k);
    if (v === undefined) {
      out.push(undefined);
      continue;
    }
    if (checkType(c, v, ObjType.Set)) return null;
    out.push(v as RedisSet);
  }
  return out;
}

/** Stores `dst` at `dstkey` (or deletes dstkey when empty) and replies its size. */
function storeSetResult(c: Client, dstkey: string, dst: RedisSet, event: string): void {
  const server = c.server;
  if (dst.size > 0) {
    c.db.setKey(c, dstkey, dst);
    c.addReplyLongLong(dst.size);
    server.notifyKeyspaceEvent(NOTIFY_SET, event, dstkey, c.db.id);
    server.dirty++;
  } else {
    c.addReplyLongLong(0);
    if (c.db.dbDelete(dstkey)) {
      server.dirty++;
      c.db.signalModifiedKey(c, dstkey);
      server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', dstkey, c.db.id);
    }
  }
}

const SET_OP_UNION = 0;
const SET_OP_DIFF = 1;

/** Redis `sunionDiffGenericCommand`: SUNION, SDIFF and their STORE forms. */
function sunionDiffGenericCommand(c: Client, keys: readonly string[], dstkey: string | null, op: number): void {
  const sets = lookupSets(c, keys);
  if (sets === null) return;
  let dst: RedisSet;
  if (op === SET_OP_UNION) {
    dst = unionOf(c, sets, dstkey !== null);
  } else {
    let enc = SET_ENC_INTSET;
    let sameset = false;
    for (let j = 0; j < sets.length; j++) {
      const s = sets[j];
      if (s === undefined) continue;
      if (dstkey === null && enc === SET_ENC_INTSET && s.enc !== SET_ENC_INTSET) enc = SET_ENC_HT;
      if (j > 0 && s === sets[0]) sameset = true;
    }
    dst = new RedisSet(enc);
    const limits = setLimits(c.server);
    const first = sets[0];
    if (first !== undefined && !sameset) {
      let one = 0;
      let two = 0;
      for (const s of sets) {
        if (s === undefined) continue;
        one += first.size;
        two += s.size;
      }
      one = Math.floor(one / 2);
      if (one <= two) {
        // Algorithm 1: every member of the first set absent from all others.
        const others = sets.slice(1).filter((s): s is RedisSet => s !== undefined);
        others.sort((a, b) => b.size - a.size);
        const view = first.membersView();
        for (let i = 0; i < view.length; i++) {
          const m = view[i];
          let found = false;
          for (let j = 0; j < others.length; j++) {
            if (others[j].has(m)) {
              found = true;
              break;
            }
          }
          if (!found) dst.add(m, limits);
        }
      } else {
        // Algorithm 2: add the first set, remove the others.
        let card = 0;
        for (let j = 0; j < sets.length; j++) {
          const s = sets[j];
          if (s === undefined) continue;
          const view = s.membersView();
          for (let i = 0; i < view.length; i++) {
            if (j === 0) {
              if (dst.add(view[i], limits)) card++;
            } else if (dst.remove(view[i])) card--;
          }
          if (card === 0) break;
        }
      }
    }
  }
  if (dstkey === null) {
    addReplyBulks(c, setHeader(c, dst.size), dst.membersView());
  } else {
    storeSetResult(c, dstkey, dst, op === SET_OP_UNION ? 'sunionstore' : 'sdiffstore');
  }
}

/**
 * Redis `sinterGenericCommand`: SINTER, SINTERSTORE and SINTERCARD (`cardOnly`, with `limit`,
 * 0 = none).
 */
function sinterGenericCommand(c: Client, keys: readonly string[], dstkey: string | null, cardOnly: boolean, limit: number): void {
  const sets = lookupSets(c, keys);
  if (sets === null) return;
  const server = c.server;
  if (sets.some((s) => s === undefined)) {
    if (dstkey !== null) {
      if (c.db.dbDelete(dstkey)) {
        c.db.signalModifiedKey(c, dstkey);
        server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', dstkey, c.db.id);
        server.dirty++;
      }
      c.addReplyLongLong(0);
    } else if (cardOnly) {
      c.addReplyLongLong(0);
    } else {
      addReplyEmptySet(c);
    }
    return;
  }
  const sorted = (sets as RedisSet[]).slice().sort((a, b) => a.size - b.size);
  const first = sorted[0];
  const view = first.membersView();
  const limits = setLimits(server);
  const dst = dstkey !== null ? new RedisSet(SET_ENC_INTSET) : null;
  const out: string[] = [];
  let card = 0;
  for (let i = 0; i < view.length; i++) {
    const m = view[i];
    let j = 1;
    for (; j < sorted.length; j++) {
      if (sorted[j] === first) continue;
      if (!sorted[j].has(m)) break;
    }
    if (j !== sorted.length) continue;
    if (cardOnly) {
      card++;
      if (limit !== 0 && card >= limit) break;
    } else if (dst === null) {
      out.push(m);
    } else {
      dst.add(m, limits);
    }
  }
  if (cardOnly) c.addReplyLongLong(card);
  else if (dst !== null) storeSetResult(c, dstkey!, dst, 'sinterstore');
  else addReplyBulks(c, setHeader(c, out.length), out);
}

function sinterCommand(c: Client): void {
  sinterGenericCommand(c, c.argv.slice(1), null, false, 0);
}

function sinterstoreCommand(c: Client): void {
  sinterGenericCommand(c, c.argv.slice(2), c.argv[1], false, 0);
}

/** SINTERCARD numkeys key [key ...] [LIMIT limit]. */
function sintercardCommand(c: Client): void {
  const argv = c.argv;
  const numkeys = getRangeLongOrReply(c, argv[1], 1, LONG_MAX, '1', '9223372036854775807', 'numkeys should be greater than 0');
  if (numkeys === null) return;
  if (numkeys > argv.length - 2) {
    c.addReplyError("Number of keys can't be greater than number of args");
    return;
  }
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (argv[j].toLowerCase() === 'limit' && more > 0) {
      j++;
      const l = getPositiveLongOrReply(c, argv[j], "LIMIT can't be negative");
      if (l === null) return;
      limit = l;
    } else {
      c.addReplySyntaxError();
      return;
    }
  }
  sinterGenericCommand(c, argv.slice(2, 2 + numkeys), null, true, limit);
}

function sunionCommand(c: Client): void {
  sunionDiffGenericCommand(c, c.argv.slice(1), null, SET_OP_UNION);
}
function sunionstoreCommand(c: Client): void {
  sunionDiffGenericCommand(c, c.argv.slice(2), c.argv[1], SET_OP_UNION);
}
function sdiffCommand(c: Client): void {
  sunionDiffGenericCommand(c, c.argv.slice(1), null, SET_OP_DIFF);
}
function sdiffstoreCommand(c: Client): void {
  sunionDiffGenericCommand(c, c.argv.slice(2), c.argv[1], SET_OP_DIFF);
}

/** SSCAN key cursor [MATCH pattern] [COUNT count]. */
function sscanCommand(c: Client): void {
  const cursor = parseScanCursorOrReply(c, c.argv[2]);
  if (cursor === null) return;
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyProto('*2\r\n$1\r\n0\r\n*0\r\n');
    return;
  }
  if (checkType(c, v, ObjType.Set)) return;
  const set = v as RedisSet;
  const src: ScanSource<null> =
    set.enc === SET_ENC_HT ? { small: null, dict: set.dict, valueOf: null } : { small: set.list.slice(), dict: null, valueOf: null };
  scanGenericCommand(c, src, cursor, 3);
}

/** The set family. */
export const setCommands: CommandSpec[] = [
  { name: 'sadd', proc: saddCommand },
  { name: 'srem', proc: sremCommand },
  { name: 'smove', proc: smoveCommand },
  { name: 'sismember', proc: sismemberCommand },
  { name: 'smismember', proc: smismemberCommand },
  { name: 'scard', proc: scardCommand },
  { name: 'smembers', proc: smembersCommand },
  { name: 'spop', proc: spopCommand },
  { name: 'srandmember', proc: srandmemberCommand },
  { name: 'sinter', proc: sinterCommand },
  { name: 'sintercard', proc: sintercardCommand },
  { name: 'sinterstore', proc: sinterstoreCommand },
  { name: 'sunion', proc: sunionCommand },
  { name: 'sunionstore', proc: sunionstoreCommand },
  { name: 'sdiff', proc: sdiffCommand },
  { name: 'sdiffstore', proc: sdiffstoreCommand },
  { name: 'sscan', proc: sscanCommand },
];
