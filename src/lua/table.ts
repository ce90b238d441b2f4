/**
 * Lua table with Lua 5.1's exact layout (ltable.c): an array part of `sizearray`
 * slots and a node (hash) part of 2^k nodes with Brent-style collision chains,
 * the same main positions (luaS_hash for strings, hashnum for numbers), the same
 * rehash/resize policy (computesizes) and the same `next` order. So `pairs`
 * order, `#t` on tables with holes, and everything built on them (cjson.encode key
 * order, ...) match real Lua/Redis. Keys that are tables/functions/userdata hash
 * by a per-object id instead of an address (Lua's order there is arbitrary anyway).
 *
 * A `Map` from key to node index sits beside the node arrays for fast lookups.
 */
import { LuaError, type LuaValue } from './value.js';

/** Memory accounting sink shared by a state's tables (bytes are approximate). */
export class MemAccount {
  /** Bytes allocated since the last live-size walk. */
  debt = 0;
  /** Sequence for object ids (hashing of table/function keys, tostring addresses). */
  idSeq = 0;
}

/** Approximate bytes charged per array slot. */
export const MEM_ARRAY_SLOT = 16;
/** Approximate bytes charged per hash node. */
export const MEM_HASH_ENTRY = 64;
/** Approximate bytes charged per table header. */
export const MEM_TABLE = 160;

const MAXBITS = 26;
const MAXASIZE = 1 << MAXBITS;
const EMPTY_KEYS: LuaValue[] = [];
const EMPTY_NEXT: number[] = [];
/** Node parts up to this size are searched linearly instead of through a Map. */
const SMALL_NODES = 8;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Lua 5.1's string hash (luaS_newlstr), seed = length. */
export function luaStringHash(s: string): number {
  const l = s.length;
  let h = l >>> 0;
  const step = (l >>> 5) + 1;
  for (let l1 = l; l1 >= step; l1 -= step) {
    h = (h ^ (((h << 5) >>> 0) + (h >>> 2) + (s.charCodeAt(l1 - 1) & 0xff))) >>> 0;
  }
  return h;
}

/** ceil(log2(x)) for x >= 1 (luaO_log2(x-1)+1). */
function ceilLog2(x: number): number {
  return x <= 1 ? 0 : 32 - Math.clz32(x - 1);
}

/** Integer key usable for the array part (arrayindex + MAXASIZE bound), else 0. */
function arrayIndex(k: LuaValue): number {
  if (typeof k === 'number' && k >= 1 && k <= MAXASIZE && Math.floor(k) === k) return k;
  return 0;
}

/** Per-object ids for hashing keys that are objects. */
interface HasId { id: number }

/** A Lua table (see the module comment for the layout). */
export class LuaTable {
  /** Array part: ap[i-1] is t[i] for 1 <= i <= sizearray (= ap.length); may hold nils. */
  ap: LuaValue[];
  /** Node part (size 0 = Lua's dummynode): keys (undefined = free), values, chain links. */
  private nk: LuaValue[] = EMPTY_KEYS;
  private nv: LuaValue[] = EMPTY_KEYS;
  private nn: number[] = EMPTY_NEXT;
  private lastFree = 0;
  /** key -> node index for every key in the node part (dead keys included); null for small parts. */
  private index: Map<LuaValue, number> | null = null;
  /** Metatable or null. */
  metatable: LuaTable | null = null;
  /** Redis-style readonly flag: any write (even rawset) raises "Attempt to modify a readonly table". */
  readonly = false;
  /** Memory accounting sink (null = not accounted). */
  acct: MemAccount | null;
  /** Identity for hashing as a key and for tostring; assigned lazily. */
  id = 0;
  /** Memory-walk generation mark. */
  mark = 0;
  /** Value belonging to the key last returned by {@link next}. */
  nextValue: LuaValue = undefined;

  /**
   * luaH_new(narray, nhash): `narr` array slots and room for `nhash` hash entries
   * (table constructors pass their item counts, as OP_NEWTABLE does).
   */
  constructor(acct: MemAccount | null = null, narr = 0, nhash = 0, ap: LuaValue[] | null = null) {
    let arr: LuaValue[];
    if (ap !== null) {
      // fromArray: `ap` is the array part as is
      arr = ap;
      narr = ap.length;
    } else {
      arr = [];
      for (let i = 0; i < narr; i++) arr.push(undefined);
    }
    this.ap = arr;
    this.acct = acct;
    if (nhash > 0) this.setNodeVector(nhash);
    if (acct !== null) acct.debt += MEM_TABLE + narr * MEM_ARRAY_SLOT + this.nk.length * MEM_HASH_ENTRY;
  }

  /**
   * `new LuaTable(acct, 0, 1)` followed by `setStr(k, v)`, built directly (the one node
   * is k's main position): status/error reply tables and the like.
   */
  static withField(acct: MemAccount | null, k: string, v: LuaValue): LuaTable {
    const t = new LuaTable(acct, 0, 0);
    t.nk = [k];
    t.nv = [v];
    t.nn = [-1];
    t.lastFree = 1;
    if (acct !== null) acct.debt += MEM_HASH_ENTRY + 8;
    return t;
  }

  /**
   * `new LuaTable(acct, ap.length, 0)` with `ap` as its array part (taken, not copied):
   * the same table as setting t[1..n] one by one.
   */
  static fromArray(acct: MemAccount | null, ap: LuaValue[]): LuaTable {
    return new LuaTable(acct, 0, 0, ap);
  }

  // ------------------------------------------------------------------ reads

  /** Raw get (no metamethods). */
  get(k: LuaValue): LuaValue {
    if (typeof k === 'number') {
      const i = k - 1;
      if (i >= 0 && i < this.ap.length && (i | 0) === i) return this.ap[i];
    }
    const idx = this.find(k);
    return idx === undefined ? undefined : this.nv[idx];
  }

  /** Raw get with a string key (fast path for fields). */
  getStr(k: string): LuaValue {
    const idx = this.find(k);
    return idx === undefined ? undefined : this.nv[idx];
  }

  /**
   * Raw get with a string key through a per-site cache of the key's node index:
   * `ic[i]` is the slot tried first (any value is safe: it is verified), updated on a miss.
   */
  getStrIC(k: string, ic: Int32Array, i: number): LuaValue {
    const nk = this.nk;
    const slot = ic[i];
    if (slot < nk.length && nk[slot] === k) return this.nv[slot];
    const idx = this.find(k);
    if (idx === undefined) return undefined;
    ic[i] = idx;
    return this.nv[idx];
  }

  /**
   * Overwrites the value of string key `k` at node `slot` if that node holds `k`
   * (raw, ignoring `readonly`: host code refreshing a protected table's field).
   * @returns false when it does not (call {@link slotOfStr} again).
   */
  setAtSlot(slot: number, k: string, v: LuaValue): boolean {
    if (slot < 0 || slot >= this.nk.length || this.nk[slot] !== k) return false;
    this.nv[slot] = v;
    return true;
  }

  /** Node index of string key `k` (live or dead), or -1 (see {@link setAtSlot}). */
  slotOfStr(k: string): number {
    const idx = this.find(k);
    return idx === undefined ? -1 : idx;
  }

  /** Raw get with an integer key. */
  getInt(i: number): LuaValue {
    const j = i - 1;
    if (j >= 0 && j < this.ap.length) return this.ap[j];
    const idx = this.find(i);
    return idx === undefined ? undefined : this.nv[idx];
  }

  /** Node index of key `k` (live or dead), or undefined. */
  private find(k: LuaValue): number | undefined {
    const ix = this.index;
    if (ix !== null) return ix.get(k);
    const nk = this.nk;
    for (let i = 0; i < nk.length; i++) if (nk[i] === k) return i;
    return undefined;
  }

  // ------------------------------------------------------------------ writes

  /**
   * Raw set (no metamethods). Raises LuaError for nil/NaN keys ("table index is
   * nil"/"table index is NaN", without position: the VM adds it) and for readonly tables.
   */
  set(k: LuaValue, v: LuaValue): void {
    if (this.readonly) throw new LuaError('Attempt to modify a readonly table');
    if (typeof k === 'number') {
      const i = k - 1;
      if (i >= 0 && i < this.ap.length && (i | 0) === i) {
        this.ap[i] = v;
        return;
      }
      if (k !== k) throw new LuaError('table index is NaN');
    } else if (k === undefined) {
      throw new LuaError('table index is nil');
    }
    this.setNode(k, v);
  }

  /** Raw set with a string key. */
  setStr(k: string, v: LuaValue): void {
    if (this.readonly) throw new LuaError('Attempt to modify a readonly table');
    const idx = this.find(k);
    if (idx !== undefined) this.nv[idx] = v;
    else this.setNode(k, v);
  }

  /** Raw set with an integer key. */
  setInt(i: number, v: LuaValue): void {
    if (this.readonly) throw new LuaError('Attempt to modify a readonly table');
    const j = i - 1;
    if (j >= 0 && j < this.ap.length) {
      this.ap[j] = v;
      return;
    }
    this.setNode(i, v);
  }

  /** luaH_set + assignment for a key that is not in the array part. */
  private setNode(k: LuaValue, v: LuaValue): void {
    let idx = this.find(k);
    if (idx === undefined) {
      // like luaH_set, the key is created even when v is nil (a dead key)
      idx = this.newKey(k);
      if (idx < 0) {
        this.ap[(k as number) - 1] = v;
        return;
      }
    }
    this.nv[idx] = v;
  }

  /** Internal re-insertion during resize (no readonly check). */
  private rawPut(k: LuaValue, v: LuaValue): void {
    if (typeof k === 'number') {
      const i = k - 1;
      if (i >= 0 && i < this.ap.length && (i | 0) === i) {
        this.ap[i] = v;
        return;
      }
    }
    this.setNode(k, v);
  }

  private mainPos(k: LuaValue): number {
    const size = this.nk.length;
    switch (typeof k) {
      case 'string':
        return luaStringHash(k) & (size - 1);
      case 'number': {
        if (k === 0) return 0;
        f64[0] = k;
        const a = (u32[0] + u32[1]) >>> 0;
        return a % ((size - 1) | 1);
      }
      case 'boolean':
        return (k ? 1 : 0) & (size - 1);
      default: {
        const o = k as unknown as HasId;
        if (o.id === 0) o.id = this.acct !== null ? ++this.acct.idSeq : 1 + Math.floor(Math.random() * 0x7fffffff);
        return (o.id * 8) % ((size - 1) | 1);
      }
    }
  }

  private getFreePos(): number {
    const nk = this.nk;
    while (this.lastFree > 0) {
      this.lastFree--;
      if (nk[this.lastFree] === undefined) return this.lastFree;
    }
    return -1;
  }

  /**
   * newkey(): inserts a new key into the node part (rehashing when full) and returns
   * its node index, or -1 when after a rehash the key belongs to the array part.
   */
  private newKey(k: LuaValue): number {
    for (;;) {
      const nk = this.nk;
      if (nk.length > 0) {
        let mp = this.mainPos(k);
        const nv = this.nv;
        const nn = this.nn;
        if (nv[mp] !== undefined) {
          const n = this.getFreePos();
          if (n >= 0) {
            let othern = this.mainPos(nk[mp]);
            if (othern !== mp) {
              // colliding node is out of its main position: move it to the free slot
              while (nn[othern] !== mp) othern = nn[othern];
              nn[othern] = n;
              nk[n] = nk[mp];
              nv[n] = nv[mp];
              nn[n] = nn[mp];
              if (this.index !== null) this.index.set(nk[n], n);
              nn[mp] = -1;
              nv[mp] = undefined;
              nk[mp] = undefined;
            } else {
              // colliding node is in its main position: new key goes to the free slot
              nn[n] = nn[mp];
              nn[mp] = n;
              mp = n;
            }
            return this.placeKey(mp, k);
          }
        } else {
          return this.placeKey(mp, k);
        }
      }
      this.rehash(k);
      const ai = arrayIndex(k);
      if (ai > 0 && ai <= this.ap.length) return -1;
    }
  }

  private placeKey(mp: number, k: LuaValue): number {
    const old = this.nk[mp];
    if (this.index !== null) {
      if (old !== undefined && this.index.get(old) === mp) this.index.delete(old);
      this.index.set(k, mp);
    }
    this.nk[mp] = k;
    if (this.acct !== null) this.acct.debt += 8;
    return mp;
  }

  private setNodeVector(size: number): void {
    if (size === 0) {
      this.nk = EMPTY_KEYS;
      this.nv = EMPTY_KEYS;
      this.nn = EMPTY_NEXT;
      this.lastFree = 0;
      this.index = null;
      return;
    }
    const lsize = ceilLog2(size);
    if (lsize > MAXBITS) throw new LuaError('table overflow');
    const n = 1 << lsize;
    const nk: LuaValue[] = [];
    const nv: LuaValue[] = [];
    for (let i = 0; i < n; i++) {
      nk.push(undefined);
      nv.push(undefined);
    }
    this.nk = nk;
    this.nv = nv;
    const nn: number[] = [];
    for (let i = 0; i < n; i++) nn.push(-1);
    this.nn = nn;
    this.lastFree = n;
    this.index = n > SMALL_NODES ? new Map() : null;
  }

  /** rehash(): recount keys and resize both parts (ek is the key being inserted). */
  private rehash(ek: LuaValue): void {
    const nums = new Array<number>(MAXBITS + 1).fill(0);
    // numusearray
    const arr = this.ap;
    let ause = 0;
    let i = 1;
    for (let lg = 0, ttlg = 1; lg <= MAXBITS; lg++, ttlg *= 2) {
      let lc = 0;
      let lim = ttlg;
      if (lim > arr.length) {
        lim = arr.length;
        if (i > lim) break;
      }
      for (; i <= lim; i++) if (arr[i - 1] !== undefined) lc++;
      nums[lg] += lc;
      ause += lc;
    }
    let nasize = ause;
    let totaluse = ause;
    // numusehash
    const nk = this.nk;
    const nv = this.nv;
    for (let j = nk.length - 1; j >= 0; j--) {
      if (nv[j] !== undefined) {
        const ai = arrayIndex(nk[j]);
        if (ai > 0) {
          nums[ceilLog2(ai)]++;
          nasize++;
        }
        totaluse++;
      }
    }
    const eai = arrayIndex(ek);
    if (eai > 0) {
      nums[ceilLog2(eai)]++;
      nasize++;
    }
    totaluse++;
    // computesizes
    let a = 0;
    let na = 0;
    let n = 0;
    for (let b = 0, twotoi = 1; Math.floor(twotoi / 2) < nasize; b++, twotoi *= 2) {
      if (nums[b] > 0) {
        a += nums[b];
        if (a > twotoi / 2) {
          n = twotoi;
          na = a;
        }
      }
      if (a === nasize) break;
    }
    this.resize(n, totaluse - na);
  }

  /** luaH_resize. */
  private resize(nasize: number, nhsize: number): void {
    const arr = this.ap;
    const oldasize = arr.length;
    const onk = this.nk;
    const onv = this.nv;
    if (nasize > oldasize) for (let i = oldasize; i < nasize; i++) arr.push(undefined);
    this.setNodeVector(nhsize);
    if (this.acct !== null) {
      this.acct.debt += Math.max(0, nasize - oldasize) * MEM_ARRAY_SLOT + this.nk.length * MEM_HASH_ENTRY;
    }
    if (nasize < oldasize) {
      const vanish = arr.slice(nasize);
      arr.length = nasize;
      for (let i = 0; i < vanish.length; i++) {
        if (vanish[i] !== undefined) this.rawPut(nasize + i + 1, vanish[i]);
      }
    }
    for (let i = onk.length - 1; i >= 0; i--) {
      if (onv[i] !== undefined) this.rawPut(onk[i], onv[i]);
    }
  }

  /** luaH_resizearray: array part of `nasize` slots, node part unchanged in size. */
  resizeArray(nasize: number): void {
    this.resize(nasize, this.nk.length);
  }

  /**
   * OP_SETLIST: t[start+1 .. start+n] = src[from .. from+n-1] (raw), growing the
   * array part first like lvm.c.
   */
  setList(start: number, src: LuaValue[], from: number, n: number): void {
    const last = start + n;
    if (last > this.ap.length) this.resizeArray(last);
    const arr = this.ap;
    for (let i = n - 1; i >= 0; i--) arr[start + i] = src[from + i];
  }

  // ------------------------------------------------------------------ length / next

  /** Length operator `#` (raw): luaH_getn's border. */
  length(): number {
    const arr = this.ap;
    let j = arr.length;
    if (j > 0 && arr[j - 1] === undefined) {
      let i = 0;
      while (j - i > 1) {
        const m = (i + j) >>> 1;
        if (arr[m - 1] === undefined) j = m;
        else i = m;
      }
      return i;
    }
    if (this.nk.length === 0) return j;
    // unbound_search
    let i = j;
    j++;
    while (this.getInt(j) !== undefined) {
      i = j;
      j *= 2;
      if (j > 2147483647) {
        i = 1;
        while (this.getInt(i) !== undefined) i++;
        return i - 1;
      }
    }
    while (j - i > 1) {
      const m = Math.floor((i + j) / 2);
      if (this.getInt(m) === undefined) j = m;
      else i = m;
    }
    return i;
  }

  /**
   * Lua `next`: returns the key after `k` (undefined = start) and stores its value
   * in `this.nextValue`; returns undefined at the end. Raises LuaError
   * "invalid key to 'next'" when `k` is not in the table.
   */
  next(k: LuaValue): LuaValue {
    const arr = this.ap;
    let i: number;
    if (k === undefined) i = 0;
    else {
      const ai = typeof k === 'number' ? k - 1 : -1;
      if (ai >= 0 && ai < arr.length && (ai | 0) === ai) i = ai + 1;
      else {
        const idx = this.find(k);
        if (idx === undefined) throw new LuaError("invalid key to 'next'");
        i = arr.length + idx + 1;
      }
    }
    for (; i < arr.length; i++) {
      const v = arr[i];
      if (v !== undefined) {
        this.nextValue = v;
        return i + 1;
      }
    }
    const nv = this.nv;
    for (let j = i - arr.length; j < nv.length; j++) {
      const v = nv[j];
      if (v !== undefined) {
        this.nextValue = v;
        return this.nk[j];
      }
    }
    return undefined;
  }

  // ------------------------------------------------------------------ helpers

  /** Number of live entries (array + hash). O(n). */
  count(): number {
    let n = 0;
    for (const v of this.ap) if (v !== undefined) n++;
    for (const v of this.nv) if (v !== undefined) n++;
    return n;
  }

  /** Number of node slots (hash part capacity, a power of 2 or 0). */
  nodeSize(): number {
    return this.nk.length;
  }

  /** Calls fn(key, value) for every live entry of the node part, in `next` order. */
  forEachNode(fn: (k: LuaValue, v: LuaValue) => void): void {
    const nk = this.nk;
    const nv = this.nv;
    for (let j = 0; j < nv.length; j++) if (nv[j] !== undefined) fn(nk[j], nv[j]);
  }

  /**
   * The array part without trailing nils (arr[i-1] is t[i]; inner holes are undefined).
   * @deprecated O(n) copy kept for older library code; use getInt/length/next.
   */
  get arr(): LuaValue[] {
    const a = this.ap;
    let n = a.length;
    while (n > 0 && a[n - 1] === undefined) n--;
    return a.slice(0, n);
  }

  /**
   * Live entries of the node (hash) part, in `next` order, as a new Map.
   * @deprecated O(n) snapshot kept for older library code; iterate with `next()`
   * (or {@link forEachNode}) instead.
   */
  get hash(): Map<LuaValue, LuaValue> {
    const m = new Map<LuaValue, LuaValue>();
    const nk = this.nk;
    const nv = this.nv;
    for (let j = 0; j < nv.length; j++) if (nv[j] !== undefined) m.set(nk[j], nv[j]);
    return m;
  }
}
