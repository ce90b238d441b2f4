/**
 * SORT and SORT_RO (Redis 7.2 sort.c): sorts a list, set or sorted set numerically or
 * lexicographically (ALPHA), optionally by external keys (BY pattern, `nosort` when the
 * pattern has no '*', `->field` for hash fields), with LIMIT, ASC/DESC, GET patterns (`#` = the
 * element itself) and STORE into a list.
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { CLIENT_SCRIPT } from '../server/client.js';
import type { RedisDb } from '../keyspace/db.js';
import { ObjType, stringOf, type RedisValue } from '../keyspace/object.js';
import { NOTIFY_LIST, NOTIFY_GENERIC } from '../keyspace/notify.js';
import { RedisSet } from '../keyspace/set.js';
import { RedisZset } from '../keyspace/zset.js';
import { NIL } from '../keyspace/zset-skiplist.js';
import { ListObject } from '../keyspace/quicklist.js';
import { HashObject } from '../keyspace/hash.js';
import { string2d } from '../util/numbers.js';
import { getLongOrReply } from './set.js';

/** One element being sorted (Redis `redisSortObject`). */
interface SortObject {
  obj: string;
  score: number;
  cmpobj: string | null;
}

/**
 * Redis `lookupKeyByPattern`: substitutes the first '*' of `pattern` with `subst` and reads
 * that key (a string), or with "key->field" a hash field. "#" returns `subst` itself.
 * @returns the value, or null when missing, of the wrong type, or the pattern has no '*'.
 */
function lookupKeyByPattern(db: RedisDb, pattern: string, subst: string): string | null {
  if (pattern.charCodeAt(0) === 35 && (pattern.length === 1 || pattern.charCodeAt(1) === 0)) return subst;
  // C string functions stop at the first NUL.
  const nul = pattern.indexOf('\0');
  const cpat = nul >= 0 ? pattern.slice(0, nul) : pattern;
  const p = cpat.indexOf('*');
  if (p < 0) return null;
  const f = cpat.indexOf('->', p + 1);
  let fieldlen = 0;
  let field: string | null = null;
  if (f >= 0 && f + 2 < cpat.length) {
    fieldlen = pattern.length - f - 2;
    field = pattern.slice(f + 2);
  }
  const postfixlen = pattern.length - (p + 1) - (fieldlen > 0 ? fieldlen + 2 : 0);
  const key = pattern.slice(0, p) + subst + pattern.slice(p + 1, p + 1 + postfixlen);
  const o: RedisValue | undefined = db.lookupKeyRead(key);
  if (o === undefined) return null;
  if (field !== null) {
    if (typeof o === 'string' || o.type !== ObjType.Hash) return null;
    const v = (o as HashObject).get(field);
    return v === undefined ? null : v;
  }
  return stringOf(o);
}

/** strtod over the whole string as SORT uses it; null on trailing bytes, overflow or NaN. */
function sortStrtod(s: string): number | null {
  if (s.length === 0) return 0;
  let i = 0;
  while (i < s.length) {
    const ch = s.charCodeAt(i);
    if (ch === 32 || (ch >= 9 && ch <= 13)) i++;
    else break;
  }
  if (i === s.length) return null;
  const t = i === 0 ? s : s.slice(i);
  const v = string2d(t);
  if (v === null || v !== v) return null;
  if ((v === Infinity || v === -Infinity) && !/^[+-]?(inf|infinity)$/i.test(t)) return null;
  return v;
}

/** strcoll in the C locale: byte order up to the first NUL. */
function strcollC(a: string, b: string): number {
  const na = a.indexOf('\0');
  const nb = b.indexOf('\0');
  const x = na >= 0 ? a.slice(0, na) : a;
  const y = nb >= 0 ? b.slice(0, nb) : b;
  return x < y ? -1 : x > y ? 1 : 0;
}

function cmpBin(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Redis's pqsort.c (NetBSD qsort that only recurses into partitions overlapping the element
 * range [lrange, rrange]), ported element-wise so ties land exactly where Redis puts them.
 */
function pqsort<T>(v: T[], cmp: (a: T, b: T) => number, lrange: number, rrange: number): void {
  pqsortRange(v, 0, v.length, cmp, lrange, rrange);
}

function pqsortRange<T>(v: T[], a: number, n: number, cmp: (a: T, b: T) => number, L: number, R: number): void {
  const c = (i: number, j: number): number => cmp(v[i], v[j]);
  const swap = (i: number, j: number): void => {
    const t = v[i];
    v[i] = v[j];
    v[j] = t;
  };
  const vecswap = (i: number, j: number, k: number): void => {
    for (let x = 0; x < k; x++) swap(i + x, j + x);
  };
  const med3 = (x: number, y: number, z: number): number =>
    c(x, y) < 0 ? (c(y, z) < 0 ? y : c(x, z) < 0 ? z : x) : c(y, z) > 0 ? y : c(x, z) < 0 ? x : z;
  const insertion = (from: number, count: number): void => {
    for (let pm = from + 1; pm < from + count; pm++) for (let pl = pm; pl > from && c(pl - 1, pl) > 0; pl--) swap(pl, pl - 1);
  };
  for (;;) {
    let swapCnt = false;
    if (n < 7) {
      insertion(a, n);
      return;
    }
    let pm = a + Math.floor(n / 2);
    if (n > 7) {
      let pl = a;
      let pn = a + n - 1;
      if (n > 40) {
        const d = Math.floor(n / 8);
        pl = med3(pl, pl + d, pl + 2 * d);
        pm = med3(pm - d, pm, pm + d);
        pn = med3(pn - 2 * d, pn - d, pn);
      }
      pm = med3(pl, pm, pn);
    }
    swap(a, pm);
    let pa = a + 1;
    let pb = a + 1;
    let pc = a + n - 1;
    let pd = a + n - 1;
    for (;;) {
      let r: number;
      while (pb <= pc && (r = c(pb, a)) <= 0) {
        if (r === 0) {
          swapCnt = true;
          swap(pa, pb);
          pa++;
        }
        pb++;
      }
      while (pb <= pc && (r = c(pc, a)) >= 0) {
        if (r === 0) {
          swapCnt = true;
          swap(pc, pd);
          pd--;
        }
        pc--;
      }
      if (pb > pc) break;
      swap(pb, pc);
      swapCnt = true;
      pb++;
      pc--;
    }
    if (!swapCnt) {
      insertion(a, n);
      return;
    }
    const pn = a + n;
    let r = Math.min(pa - a, pb - pa);
    vecswap(a, pb - r, r);
    r = Math.min(pd - pc, pn - pd - 1);
    vecswap(pb, pn - r, r);
    r = pb - pa;
    if (r > 1 && !((L < a && R < a) || (L >= a + r && R >= a + r))) pqsortRange(v, a, r, cmp, L, R);
    r = pd - pc;
    if (r <= 1) return;
    a = pn - r;
    n = r;
    if ((L < a && R < a) || (L >= a + n && R >= a + n)) return;
  }
}

/** Redis `sortCommandGeneric`. */
function sortCommandGeneric(c: Client, readonly: boolean): void {
  const argv = c.argv;
  let desc = false;
  let alpha = false;
  let limitStart = 0;
  let limitCount = -1;
  let dontsort = false;
  let sortby: string | null = null;
  let storekey: string | null = null;
  const getops: string[] = [];
  let j = 2;
  while (j < argv.length) {
    const left = argv.length - j - 1;
    const opt = argv[j].toLowerCase();
    if (opt === 'asc') desc = false;
    else if (opt === 'desc') desc = true;
    else if (opt === 'alpha') alpha = true;
    else if (opt === 'limit' && left >= 2) {
      const s = getLongOrReply(c, argv[j + 1]);
      if (s === null) return;
      const n = getLongOrReply(c, argv[j + 2]);
      if (n === null) return;
      limitStart = s;
      limitCount = n;
      j += 2;
    } else if (!readonly && opt === 'store' && left >= 1) {
      storekey = argv[j + 1];
      j++;
    } else if (opt === 'by' && left >= 1) {
      sortby = argv[j + 1];
      const nul = sortby.indexOf('\0');
      if ((nul >= 0 ? sortby.slice(0, nul) : sortby).indexOf('*') < 0) dontsort = true;
      j++;
    } else if (opt === 'get' && left >= 1) {
      getops.push(argv[j + 1]);
      j++;
    } else {
      c.addReplySyntaxError();
      return;
    }
    j++;
  }
  const db = c.db;
  const found = db.lookupKeyRead(argv[1]);
  if (found !== undefined && (typeof found === 'string' || (found.type !== ObjType.Set && found.type !== ObjType.List && found.type !== ObjType.ZSet))) {
    c.addReplyWrongType();
    return;
  }
  const sortval = found as RedisSet | ListObject | RedisZset | undefined;
  const stype = sortval === undefined ? ObjType.List : sortval.type;
  if (dontsort && stype === ObjType.Set && (storekey !== null || (c.flags & CLIENT_SCRIPT) !== 0)) {
    dontsort = false;
    alpha = true;
    sortby = null;
  }
  if (sortval instanceof RedisZset) sortval.convertToSkiplist();
  let vectorlen = sortval === undefined ? 0 : sortval instanceof RedisSet ? sortval.size : sortval.length;
  let start = Math.min(Math.max(limitStart, 0), vectorlen);
  limitCount = Math.min(Math.max(limitCount, -1), vectorlen);
  let end = limitCount < 0 ? vectorlen - 1 : start + limitCount - 1;
  if (start >= vectorlen) {
    start = vectorlen - 1;
    end = vectorlen - 2;
  }
  if (end >= vectorlen) end = vectorlen - 1;
  if ((stype === ObjType.ZSet || stype === ObjType.List) && dontsort && (start !== 0 || end !== vectorlen - 1)) {
    vectorlen = end - start + 1;
  }
  const vector: SortObject[] = [];
  if (sortval instanceof ListObject && dontsort) {
    if (end >= start) {
      const all = sortval.toArray();
      const len = all.length;
      let i = desc ? len - start - 1 : start;
      while (vector.length < vectorlen && i >= 0 && i < len) {
        vector.push({ obj: all[i], score: 0, cmpobj: null });
        i += desc ? -1 : 1;
      }
      end -= start;
      start = 0;
    }
  } else if (sortval instanceof ListObject) {
    for (const v of sortval.toArray()) vector.push({ obj: v, score: 0, cmpobj: null });
  } else if (sortval instanceof RedisSet) {
    for (const v of sortval.membersView()) vector.push({ obj: v, score: 0, cmpobj: null });
  } else if (sortval instanceof RedisZset && dontsort) {
    const zsl = sortval.zsl!;
    let rangelen = vectorlen;
    let ln = desc ? (start > 0 ? zsl.getByRank(sortval.length - start) : zsl.tail) : start > 0 ? zsl.getByRank(start + 1) : zsl.first();
    while (rangelen-- > 0 && ln !== NIL) {
      vector.push({ obj: zsl.eleOf(ln), score: 0, cmpobj: null });
      ln = desc ? zsl.prev(ln) : zsl.next(ln);
    }
    end -= start;
    start = 0;
  } else if (sortval instanceof RedisZset) {
    for (const v of sortval.dict!.keys) vector.push({ obj: v, score: 0, cmpobj: null });
  }
  let convError = false;
  if (!dontsort) {
    for (let k = 0; k < vector.length; k++) {
      let byval: string | null;
      if (sortby !== null) {
        byval = lookupKeyByPattern(db, sortby, vector[k].obj);
        if (byval === null) continue;
      } else {
        byval = vector[k].obj;
      }
      if (alpha) {
        if (sortby !== null) vector[k].cmpobj = byval;
      } else {
        const sc = sortStrtod(byval);
        if (sc === null) convError = true;
        else vector[k].score = sc;
      }
    }
    const byPattern = sortby !== null;
    const store = storekey !== null;
    const sign = desc ? -1 : 1;
    const compare = (a: SortObject, b: SortObject): number => {
      let cmp: number;
      if (!alpha) {
        if (a.score > b.score) cmp = 1;
        else if (a.score < b.score) cmp = -1;
        else cmp = cmpBin(a.obj, b.obj);
      } else if (byPattern) {
        if (a.cmpobj === null || b.cmpobj === null) {
          cmp = a.cmpobj === b.cmpobj ? 0 : a.cmpobj === null ? -1 : 1;
        } else {
          cmp = store ? cmpBin(a.cmpobj, b.cmpobj) : strcollC(a.cmpobj, b.cmpobj);
        }
      } else {
        cmp = store ? cmpBin(a.obj, b.obj) : strcollC(a.obj, b.obj);
      }
      return sign * cmp;
    };
    // Redis: pqsort (partial quicksort of the LIMIT window) when sorting BY a pattern with a
    // LIMIT, else libc qsort (glibc's merge sort: stable).
    if (sortby !== null && (start !== 0 || end !== vector.length - 1)) pqsort(vector, compare, start, end);
    else vector.sort(compare);
  }
  const outputlen = getops.length > 0 ? getops.length * (end - start + 1) : end - start + 1;
  if (convError) {
    c.addReplyError("One or more scores can't be converted into double");
    return;
  }
  if (storekey === null) {
    let s = '*' + outputlen + '\r\n';
    const nul = c.resp === 2 ? '$-1\r\n' : '_\r\n';
    for (let k = start; k <= end; k++) {
      const o = vector[k].obj;
      if (getops.length === 0) s += '$' + o.length + '\r\n' + o + '\r\n';
      for (const g of getops) {
        const v = lookupKeyByPattern(db, g, o);
        s += v === null ? nul : '$' + v.length + '\r\n' + v + '\r\n';
      }
      if (s.length > 65536) {
        c.addReplyProto(s);
        s = '';
      }
    }
    if (s.length > 0) c.addReplyProto(s);
    return;
  }
  const items: string[] = [];
  for (let k = start; k <= end; k++) {
    const o = vector[k].obj;
    if (getops.length === 0) items.push(o);
    for (const g of getops) items.push(lookupKeyByPattern(db, g, o) ?? '');
  }
  const server = c.server;
  if (items.length > 0) {
    const fill = server.config.getNumber('list-max-listpack-size');
    const list = new ListObject();
    list.tryConversionAppend(fill, items, 0, items.length - 1);
    for (const it of items) list.pushTail(it, fill);
    list.tryConversionAuto(fill);
    db.setKey(c, storekey, list);
    server.notifyKeyspaceEvent(NOTIFY_LIST, 'sortstore', storekey, db.id);
    server.dirty += items.length;
  } else if (db.dbDelete(storekey)) {
    db.signalModifiedKey(c, storekey);
    server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', storekey, db.id);
    server.dirty++;
  }
  c.addReplyLongLong(items.length);
}

function sortCommand(c: Client): void {
  sortCommandGeneric(c, false);
}

function sortRoCommand(c: Client): void {
  sortCommandGeneric(c, true);
}

/** The sort family. */
export const sortCommands: CommandSpec[] = [
  { name: 'sort', proc: sortCommand },
  { name: 'sort_ro', proc: sortRoCommand },
];
