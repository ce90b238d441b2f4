/**
 * The set type (Redis 7.2 t_set.c `setType*` functions) with its three encodings:
 *
 *  - intset: every member is the canonical form of an int64 (string2ll), kept sorted
 *    numerically; used while the set has at most `set-max-intset-entries` members.
 *  - listpack: members in insertion order (a delete closes the gap), used while the set has at
 *    most `set-max-listpack-entries` members of at most `set-max-listpack-value` bytes.
 *  - hashtable: a {@link Dict} (O(1) random member, SSCAN cursor with Redis's guarantee).
 *
 * Conversions follow Redis 7.2: intset -> listpack when a non-integer is added to a small
 * intset, intset/listpack -> hashtable when a threshold is crossed; never back (except SPOP
 * with a large count, which rebuilds the set, as Redis does).
 *
 * Members are one-byte (latin1) strings. Iteration orders: intset ascending, listpack insertion
 * order, hashtable the Dict's slot order.
 */
import { Dict } from './dict.js';
import { ObjType, type RedisObject } from './object.js';
import { string2ll } from '../util/numbers.js';

/** OBJ_ENCODING_INTSET. */
export const SET_ENC_INTSET = 0;
/** OBJ_ENCODING_LISTPACK. */
export const SET_ENC_LISTPACK = 1;
/** OBJ_ENCODING_HT. */
export const SET_ENC_HT = 2;

/** The thresholds that drive set encodings (set-max-intset-entries, set-max-listpack-*). */
export interface SetLimits {
  /** set-max-intset-entries (capped at 2^30 as Redis's intsetMaxEntries does). */
  maxIntsetEntries: number;
  /** set-max-listpack-entries. */
  maxListpackEntries: number;
  /** set-max-listpack-value (bytes). */
  maxListpackValue: number;
}

/** True when `s` is the canonical decimal form of an int64 (Redis isSdsRepresentableAsLongLong). */
export function isIntMember(s: string): boolean {
  return s.length <= 20 && string2ll(s) !== null;
}

/** Compares two canonical int64 strings numerically (-1, 0, 1). */
export function compareIntStrings(a: string, b: string): number {
  if (a.length <= 15 && b.length <= 15) {
    const x = +a;
    const y = +b;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Number of chars of an int64 in decimal, sign included (Redis sdigits10). */
function sdigits10(s: string): number {
  return s.length;
}

/**
 * A set value. `list` holds the members for the intset (sorted) and listpack (insertion
 * order) encodings; `dict` holds them for the hashtable encoding (values unused).
 */
export class RedisSet implements RedisObject {
  readonly type = ObjType.Set;
  /** SET_ENC_INTSET, SET_ENC_LISTPACK or SET_ENC_HT. */
  enc: number;
  /** Members (intset: sorted numerically; listpack: insertion order). Empty for hashtable. */
  list: string[] = [];
  /** Members for the hashtable encoding; null otherwise. */
  dict: Dict<null> | null = null;

  constructor(enc: number) {
    this.enc = enc;
    if (enc === SET_ENC_HT) this.dict = new Dict<null>();
  }

  /** OBJECT ENCODING: "intset", "listpack" or "hashtable". */
  encoding(): string {
    return this.enc === SET_ENC_INTSET ? 'intset' : this.enc === SET_ENC_LISTPACK ? 'listpack' : 'hashtable';
  }

  /** A deep copy with the same encoding and order. */
  dup(): RedisSet {
    const s = new RedisSet(this.enc);
    if (this.enc === SET_ENC_HT) {
      const d = this.dict!;
      const nd = s.dict!;
      for (let i = 0; i < d.keys.length; i++) nd.set(d.keys[i], null);
    } else {
      s.list = this.list.slice();
    }
    return s;
  }

  /** Number of members (SCARD). */
  get size(): number {
    return this.enc === SET_ENC_HT ? this.dict!.size : this.list.length;
  }

  /** Index of `v` in the sorted intset, or -(insertion point) - 1 when absent. */
  private intsetSearch(v: string): number {
    const a = this.list;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareIntStrings(a[mid], v);
      if (c < 0) lo = mid + 1;
      else if (c > 0) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  /** True when `member` is in the set (SISMEMBER). */
  has(member: string): boolean {
    if (this.enc === SET_ENC_HT) return this.dict!.has(member);
    if (this.enc === SET_ENC_LISTPACK) return this.list.indexOf(member) >= 0;
    if (!isIntMember(member)) return false;
    return this.intsetSearch(member) >= 0;
  }

  /**
   * Adds `member` (Redis `setTypeAdd`), converting the encoding as Redis 7.2 does.
   * @returns true when added, false when already present.
   */
  add(member: string, limits: SetLimits): boolean {
    if (this.enc === SET_ENC_HT) return this.dict!.set(member, null);
    if (this.enc === SET_ENC_LISTPACK) {
      const list = this.list;
      if (list.indexOf(member) >= 0) return false;
      if (list.length < limits.maxListpackEntries && member.length <= limits.maxListpackValue) {
        list.push(member);
      } else {
        this.convertToHT();
        this.dict!.set(member, null);
      }
      return true;
    }
    // intset
    if (isIntMember(member)) {
      const pos = this.intsetSearch(member);
      if (pos >= 0) return false;
      this.list.splice(-pos - 1, 0, member);
      if (this.list.length > Math.min(limits.maxIntsetEntries, 1 << 30)) this.convertToHT();
      return true;
    }
    const list = this.list;
    const n = list.length;
    let maxelelen = 0;
    if (n !== 0) maxelelen = Math.max(sdigits10(list[0]), sdigits10(list[n - 1]));
    if (n < limits.maxListpackEntries && member.length <= limits.maxListpackValue && maxelelen <= limits.maxListpackValue) {
      this.enc = SET_ENC_LISTPACK;
      list.push(member);
    } else {
      this.convertToHT();
      this.dict!.set(member, null);
    }
    return true;
  }

  /**
   * Removes `member` (Redis `setTypeRemove`).
   * @returns true when it was present.
   */
  remove(member: string): boolean {
    if (this.enc === SET_ENC_HT) return this.dict!.delete(member);
    let i: number;
    if (this.enc === SET_ENC_LISTPACK) {
      i = this.list.indexOf(member);
    } else {
      if (!isIntMember(member)) return false;
      i = this.intsetSearch(member);
    }
    if (i < 0) return false;
    if (i === this.list.length - 1) this.list.pop();
    else this.list.splice(i, 1);
    return true;
  }

  /** Switches to the hashtable encoding, keeping the members (Redis `setTypeConvert`). */
  convertToHT(): void {
    if (this.enc === SET_ENC_HT) return;
    const d = new Dict<null>();
    const list = this.list;
    for (let i = 0; i < list.length; i++) d.set(list[i], null);
    this.dict = d;
    this.list = [];
    this.enc = SET_ENC_HT;
  }

  /** The members in iteration order (a fresh array). */
  members(): string[] {
    return this.enc === SET_ENC_HT ? this.dict!.keys.slice() : this.list.slice();
  }

  /**
   * The members in iteration order, without copying: valid until the next write. Callers
   * must not modify it.
   */
  membersView(): readonly string[] {
    return this.enc === SET_ENC_HT ? this.dict!.keys : this.list;
  }

  /** A uniformly random member, or null when empty (Redis `setTypeRandomElement`). */
  randomMember(): string | null {
    const n = this.size;
    if (n === 0) return null;
    if (this.enc === SET_ENC_HT) return this.dict!.keys[this.dict!.randomSlot()];
    return this.list[Math.floor(Math.random() * n)];
  }
}

/**
 * Creates an empty set suited to hold `sizeHint` members the first of which is `firstValue`
 * (Redis 7.2 `setTypeCreate`): intset when `firstValue` is an integer and the hint fits
 * set-max-intset-entries, listpack when the hint fits set-max-listpack-entries, hashtable
 * otherwise.
 */
export function setTypeCreate(firstValue: string, sizeHint: number, limits: SetLimits): RedisSet {
  if (isIntMember(firstValue) && sizeHint <= limits.maxIntsetEntries) return new RedisSet(SET_ENC_INTSET);
  if (sizeHint <= limits.maxListpackEntries) return new RedisSet(SET_ENC_LISTPACK);
  return new RedisSet(SET_ENC_HT);
}

/**
 * Redis 7.2 `setTypeMaybeConvert`: before adding about `sizeHint` members, switch a small
 * encoding straight to hashtable when the hint already exceeds its limit.
 */
export function setTypeMaybeConvert(set: RedisSet, sizeHint: number, limits: SetLimits): void {
  if ((set.enc === SET_ENC_LISTPACK && sizeHint > limits.maxListpackEntries) || (set.enc === SET_ENC_INTSET && sizeHint > limits.maxIntsetEntries)) {
    set.convertToHT();
  }
}
