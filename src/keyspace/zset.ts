/**
 * The sorted set type (Redis 7.2 t_zset.c `zset*` functions) with its two encodings:
 *
 *  - listpack: members and scores in two parallel arrays sorted by (score, member), used while
 *    the zset has at most `zset-max-listpack-entries` members of at most
 *    `zset-max-listpack-value` bytes. O(N) updates for small N, like Redis's listpack.
 *  - skiplist: a {@link ZSkiplist} (O(log N) insert, delete, rank, seek) plus a {@link Dict}
 *    member -> score (O(1) ZSCORE, random member, ZSCAN's cursor guarantee).
 *
 * Both encodings expose positions as 0-based ranks in ascending order, so every range command
 * reduces to "find the first/last rank in range, then walk".
 *
 * Scores are doubles (never NaN); members are one-byte strings.
 */
import { Dict } from './dict.js';
import { ObjType, type RedisObject } from './object.js';
import {
  ZSkiplist,
  NIL,
  valueGteMin,
  valueLteMax,
  lexGteMin,
  lexLteMax,
  scoreRangeEmpty,
  lexRangeEmpty,
  type ScoreRange,
  type LexRange,
} from './zset-skiplist.js';

/** OBJ_ENCODING_LISTPACK. */
export const ZSET_ENC_LISTPACK = 0;
/** OBJ_ENCODING_SKIPLIST. */
export const ZSET_ENC_SKIPLIST = 1;

/** zset-max-listpack-entries / zset-max-listpack-value. */
export interface ZsetLimits {
  maxListpackEntries: number;
  maxListpackValue: number;
}

/** zsetAdd input flags (Redis ZADD_IN_*). */
export const ZADD_IN_INCR = 1 << 0;
export const ZADD_IN_NX = 1 << 1;
export const ZADD_IN_XX = 1 << 2;
export const ZADD_IN_GT = 1 << 3;
export const ZADD_IN_LT = 1 << 4;
/** zsetAdd output flags (Redis ZADD_OUT_*). */
export const ZADD_OUT_NOP = 1 << 0;
export const ZADD_OUT_NAN = 1 << 1;
export const ZADD_OUT_ADDED = 1 << 2;
export const ZADD_OUT_UPDATED = 1 << 3;

/** (s1, e1) < (s2, e2) in zset order. */
function lessThan(s1: number, e1: string, s2: number, e2: string): boolean {
  return s1 < s2 || (s1 === s2 && e1 < e2);
}

/** A sorted set value. */
export class RedisZset implements RedisObject {
  readonly type = ObjType.ZSet;
  /** ZSET_ENC_LISTPACK or ZSET_ENC_SKIPLIST. */
  enc: number;
  /** listpack: members in order. */
  lpEles: string[] = [];
  /** listpack: scores, parallel to lpEles. */
  lpScores: number[] = [];
  /** skiplist encoding: the ordered index. */
  zsl: ZSkiplist | null = null;
  /** skiplist encoding: member -> score. */
  dict: Dict<number> | null = null;
  /** Result of the last {@link zsetAdd}: the member's new score. */
  newscore = 0;

  constructor(enc: number) {
    this.enc = enc;
    if (enc === ZSET_ENC_SKIPLIST) {
      this.zsl = new ZSkiplist();
      this.dict = new Dict<number>();
    }
  }

  /** OBJECT ENCODING: "listpack" or "skiplist". */
  encoding(): string {
    return this.enc === ZSET_ENC_LISTPACK ? 'listpack' : 'skiplist';
  }

  /** A deep copy with the same encoding. */
  dup(): RedisZset {
    const z = new RedisZset(this.enc);
    if (this.enc === ZSET_ENC_LISTPACK) {
      z.lpEles = this.lpEles.slice();
      z.lpScores = this.lpScores.slice();
    } else {
      const zsl = this.zsl!;
      for (let x = zsl.first(); x !== NIL; x = zsl.next(x)) z.insertNew(zsl.eleOf(x), zsl.scoreOf(x));
    }
    return z;
  }

  /** Number of members (ZCARD). */
  get length(): number {
    return this.enc === ZSET_ENC_LISTPACK ? this.lpEles.length : this.zsl!.length;
  }

  /** The member's score, or undefined (Redis `zsetScore`). */
  score(ele: string): number | undefined {
    if (this.enc === ZSET_ENC_SKIPLIST) return this.dict!.get(ele);
    const i = this.lpEles.indexOf(ele);
    return i < 0 ? undefined : this.lpScores[i];
  }

  /** listpack: index where (score, ele) goes (first entry ordered after it). */
  private lpInsertPos(score: number, ele: string): number {
    const es = this.lpEles;
    const ss = this.lpScores;
    let lo = 0;
    let hi = es.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lessThan(ss[mid], es[mid], score, ele)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Inserts a member known to be absent, in the current encoding (no conversion). */
  insertNew(ele: string, score: number): void {
    if (this.enc === ZSET_ENC_SKIPLIST) {
      this.zsl!.insert(score, ele);
      this.dict!.set(ele, score);
      return;
    }
    // zzlInsertAt stores integral scores as listpack integers (double2ll), so -0 becomes 0.
    if (score === 0) score = 0;
    const pos = this.lpInsertPos(score, ele);
    if (pos === this.lpEles.length) {
      this.lpEles.push(ele);
      this.lpScores.push(score);
    } else {
      this.lpEles.splice(pos, 0, ele);
      this.lpScores.splice(pos, 0, score);
    }
  }

  /** Removes a member (Redis `zsetDel`). @returns true when it was present. */
  delete(ele: string): boolean {
    if (this.enc === ZSET_ENC_SKIPLIST) {
      const s = this.dict!.get(ele);
      if (s === undefined) return false;
      this.dict!.delete(ele);
      this.zsl!.delete(s, ele);
      return true;
    }
    const i = this.lpEles.indexOf(ele);
    if (i < 0) return false;
    this.lpEles.splice(i, 1);
    this.lpScores.splice(i, 1);
    return true;
  }

  /** Converts to skiplist (Redis `zsetConvert(zobj, OBJ_ENCODING_SKIPLIST)`). */
  convertToSkiplist(): void {
    if (this.enc === ZSET_ENC_SKIPLIST) return;
    const es = this.lpEles;
    const ss = this.lpScores;
    this.enc = ZSET_ENC_SKIPLIST;
    this.zsl = new ZSkiplist();
    this.dict = new Dict<number>();
    for (let i = 0; i < es.length; i++) this.insertNew(es[i], ss[i]);
    this.lpEles = [];
    this.lpScores = [];
  }

  /** Converts to listpack (Redis `zsetConvert(zobj, OBJ_ENCODING_LISTPACK)`). */
  convertToListpack(): void {
    if (this.enc === ZSET_ENC_LISTPACK) return;
    const es: string[] = [];
    const ss: number[] = [];
    const zsl = this.zsl!;
    for (let x = zsl.first(); x !== NIL; x = zsl.next(x)) {
      es.push(zsl.eleOf(x));
      const sc = zsl.scoreOf(x);
      ss.push(sc === 0 ? 0 : sc);
    }
    this.enc = ZSET_ENC_LISTPACK;
    this.zsl = null;
    this.dict = null;
    this.lpEles = es;
    this.lpScores = ss;
  }

  /**
   * Redis 7.2 `zsetConvertToListpackIfNeeded`: after building a result in a skiplist, fall back
   * to listpack when it fits the limits.
   */
  convertToListpackIfNeeded(maxelelen: number, limits: ZsetLimits): void {
    if (this.enc === ZSET_ENC_LISTPACK) return;
    if (this.zsl!.length <= limits.maxListpackEntries && maxelelen <= limits.maxListpackValue) this.convertToListpack();
  }

  /**
   * 0-based rank of `ele` counted from the lowest (or, with `reverse`, the highest) score, or -1
   * (Redis `zsetRank`). Sets `this.newscore` to its score when found.
   */
  rank(ele: string, reverse: boolean): number {
    const len = this.length;
    if (this.enc === ZSET_ENC_LISTPACK) {
      const i = this.lpEles.indexOf(ele);
      if (i < 0) return -1;
      this.newscore = this.lpScores[i];
      return reverse ? len - 1 - i : i;
    }
    const s = this.dict!.get(ele);
    if (s === undefined) return -1;
    const r = this.zsl!.getRank(s, ele);
    this.newscore = s;
    return reverse ? len - r : r - 1;
  }

  /** The member at 0-based ascending rank `r` (0 <= r < length). */
  eleAt(r: number): string {
    if (this.enc === ZSET_ENC_LISTPACK) return this.lpEles[r];
    const zsl = this.zsl!;
    return zsl.eleOf(zsl.getByRank(r + 1));
  }

  /** The score at 0-based ascending rank `r` (0 <= r < length). */
  scoreAt(r: number): number {
    if (this.enc === ZSET_ENC_LISTPACK) return this.lpScores[r];
    const zsl = this.zsl!;
    return zsl.scoreOf(zsl.getByRank(r + 1));
  }

  /**
   * Walks from 0-based rank `start` (ascending, or descending with `reverse`), appending up to
   * `limit` (negative = no limit) members and scores to `eles`/`scores` while `pred(ele, score)`
   * holds (null = always). `fromSeek`: start at the node of the last first/last-in-range seek,
   * which is at rank `start` (saves a descent). @returns the number appended.
   */
  walk(start: number, reverse: boolean, limit: number, pred: ((ele: string, score: number) => boolean) | null, eles: string[], scores: number[], fromSeek = false): number {
    const len = this.length;
    let n = 0;
    if (start < 0 || start >= len) return 0;
    if (this.enc === ZSET_ENC_LISTPACK) {
      const es = this.lpEles;
      const ss = this.lpScores;
      for (let i = start; i >= 0 && i < len && n !== limit; i += reverse ? -1 : 1) {
        if (pred !== null && !pred(es[i], ss[i])) break;
        eles.push(es[i]);
        scores.push(ss[i]);
        n++;
      }
      return n;
    }
    const zsl = this.zsl!;
    let x = fromSeek ? zsl.seekNode : zsl.getByRank(start + 1);
    while (x !== NIL && n !== limit) {
      const e = zsl.eleOf(x);
      const sc = zsl.scoreOf(x);
      if (pred !== null && !pred(e, sc)) break;
      eles.push(e);
      scores.push(sc);
      n++;
      x = reverse ? zsl.prev(x) : zsl.next(x);
    }
    return n;
  }

  /**
   * Number of consecutive members from 0-based rank `start` (ascending) for which
   * `pred(ele, score)` holds: how Redis walks a range after seeking its first element.
   */
  countWhile(start: number, pred: (ele: string, score: number) => boolean): number {
    const len = this.length;
    if (start < 0 || start >= len) return 0;
    let n = 0;
    if (this.enc === ZSET_ENC_LISTPACK) {
      const es = this.lpEles;
      const ss = this.lpScores;
      for (let i = start; i < len && pred(es[i], ss[i]); i++) n++;
      return n;
    }
    const zsl = this.zsl!;
    for (let x = zsl.getByRank(start + 1); x !== NIL && pred(zsl.eleOf(x), zsl.scoreOf(x)); x = zsl.next(x)) n++;
    return n;
  }

  /** 0-based rank of the first member in score range `r`, or -1 (Redis `zzlFirstInRange`/`zslFirstInRange`). */
  firstInRange(r: ScoreRange): number {
    if (this.enc === ZSET_ENC_SKIPLIST) return this.zsl!.firstInRange(r);
    if (scoreRangeEmpty(r)) return -1;
    const ss = this.lpScores;
    for (let i = 0; i < ss.length; i++) {
      if (valueGteMin(ss[i], r)) return valueLteMax(ss[i], r) ? i : -1;
    }
    return -1;
  }

  /** 0-based rank of the last member in score range `r`, or -1. */
  lastInRange(r: ScoreRange): number {
    if (this.enc === ZSET_ENC_SKIPLIST) return this.zsl!.lastInRange(r);
    if (scoreRangeEmpty(r)) return -1;
    const ss = this.lpScores;
    for (let i = ss.length - 1; i >= 0; i--) {
      if (valueLteMax(ss[i], r)) return valueGteMin(ss[i], r) ? i : -1;
    }
    return -1;
  }

  /** Redis `zzlIsInLexRange`: the range is not empty, last >= min and first <= max. */
  private lpIsInLexRange(r: LexRange): boolean {
    const es = this.lpEles;
    if (lexRangeEmpty(r) || es.length === 0) return false;
    return lexGteMin(es[es.length - 1], r) && lexLteMax(es[0], r);
  }

  /** 0-based rank of the first member in lex range `r`, or -1. */
  firstInLexRange(r: LexRange): number {
    if (this.enc === ZSET_ENC_SKIPLIST) return this.zsl!.firstInLexRange(r);
    if (!this.lpIsInLexRange(r)) return -1;
    const es = this.lpEles;
    for (let i = 0; i < es.length; i++) {
      if (lexGteMin(es[i], r)) return lexLteMax(es[i], r) ? i : -1;
    }
    return -1;
  }

  /** 0-based rank of the last member in lex range `r`, or -1. */
  lastInLexRange(r: LexRange): number {
    if (this.enc === ZSET_ENC_SKIPLIST) return this.zsl!.lastInLexRange(r);
    if (!this.lpIsInLexRange(r)) return -1;
    const es = this.lpEles;
    for (let i = es.length - 1; i >= 0; i--) {
      if (lexLteMax(es[i], r)) return lexGteMin(es[i], r) ? i : -1;
    }
    return -1;
  }

  /** Deletes 0-based ranks [start, end] (inclusive, valid). @returns the number removed. */
  deleteRankRange(start: number, end: number): number {
    if (this.enc === ZSET_ENC_LISTPACK) {
      const n = end - start + 1;
      this.lpEles.splice(start, n);
      this.lpScores.splice(start, n);
      return n;
    }
    const dict = this.dict!;
    return this.zsl!.deleteRangeByRank(start + 1, end + 1, (ele) => {
      dict.delete(ele);
    });
  }

  /** A random member's 0-based rank... for listpack; for skiplist use {@link randomMember}. */
  randomMember(): [string, number] {
    if (this.enc === ZSET_ENC_LISTPACK) {
      const i = Math.floor(Math.random() * this.lpEles.length);
      return [this.lpEles[i], this.lpScores[i]];
    }
    const d = this.dict!;
    const slot = d.randomSlot();
    return [d.keys[slot], d.vals[slot]];
  }

  /** All members and scores in ascending order. */
  toArrays(eles: string[], scores: number[]): void {
    if (this.enc === ZSET_ENC_LISTPACK) {
      for (let i = 0; i < this.lpEles.length; i++) {
        eles.push(this.lpEles[i]);
        scores.push(this.lpScores[i]);
      }
      return;
    }
    const zsl = this.zsl!;
    for (let x = zsl.first(); x !== NIL; x = zsl.next(x)) {
      eles.push(zsl.eleOf(x));
      scores.push(zsl.scoreOf(x));
    }
  }
}

/**
 * Redis 7.2 `zsetTypeCreate`: listpack when `sizeHint` members of up to `valueLenHint` bytes
 * fit the listpack limits, skiplist otherwise.
 */
export function zsetTypeCreate(sizeHint: number, valueLenHint: number, limits: ZsetLimits): RedisZset {
  if (sizeHint <= limits.maxListpackEntries && valueLenHint <= limits.maxListpackValue) return new RedisZset(ZSET_ENC_LISTPACK);
  return new RedisZset(ZSET_ENC_SKIPLIST);
}

/** Redis 7.2 `zsetTypeMaybeConvert`: convert a listpack early when the hints exceed its limits. */
export function zsetTypeMaybeConvert(z: RedisZset, sizeHint: number, valueLenHint: number, limits: ZsetLimits): void {
  if (z.enc === ZSET_ENC_LISTPACK && (sizeHint > limits.maxListpackEntries || valueLenHint > limits.maxListpackValue)) z.convertToSkiplist();
}

/**
 * Redis `zsetAdd`: adds or updates `ele` with `score` under ZADD_IN_* flags, converting the
 * encoding when a listpack limit would be crossed.
 * @returns ZADD_OUT_* flags (ZADD_OUT_NAN when the resulting score is NaN: nothing changed);
 *   the resulting score is left in `z.newscore`.
 */
export function zsetAdd(z: RedisZset, score: number, ele: string, inFlags: number, limits: ZsetLimits): number {
  const incr = (inFlags & ZADD_IN_INCR) !== 0;
  const nx = (inFlags & ZADD_IN_NX) !== 0;
  const xx = (inFlags & ZADD_IN_XX) !== 0;
  const gt = (inFlags & ZADD_IN_GT) !== 0;
  const lt = (inFlags & ZADD_IN_LT) !== 0;
  if (score !== score) return ZADD_OUT_NAN;
  const cur = z.score(ele);
  if (cur !== undefined) {
    if (nx) return ZADD_OUT_NOP;
    if (incr) {
      score += cur;
      if (score !== score) return ZADD_OUT_NAN;
    }
    if ((lt && score >= cur) || (gt && score <= cur)) return ZADD_OUT_NOP;
    z.newscore = score;
    if (score !== cur) {
      if (z.enc === ZSET_ENC_LISTPACK) {
        z.delete(ele);
        z.insertNew(ele, score);
      } else {
        z.zsl!.updateScore(cur, ele, score);
        z.dict!.set(ele, score);
      }
      return ZADD_OUT_UPDATED;
    }
    return 0;
  }
  if (xx) return ZADD_OUT_NOP;
  if (z.enc === ZSET_ENC_LISTPACK && (z.lpEles.length + 1 > limits.maxListpackEntries || ele.length > limits.maxListpackValue)) {
    z.convertToSkiplist();
  }
  z.insertNew(ele, score);
  z.newscore = score;
  return ZADD_OUT_ADDED;
}
