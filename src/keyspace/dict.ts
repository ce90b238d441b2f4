/**
 * Dict: Redis's `dict` role (a hash table of key -> value): an open-addressing hash index
 * from key to slot, plus dense parallel arrays of keys and values.
 *
 * Why not a bare `Map`: Redis needs three things a `Map` cannot give cheaply.
 *  - SCAN's guarantee: every element present for the whole of a full iteration is
 *    returned at least once, even while elements are added and removed. Here the
 *    cursor walks the dense arrays from the top slot down. A delete moves the last
 *    slot into the hole (swap-remove); the moved element comes from the top, which the
 *    downward walk has already passed or will still reach, so no element present
 *    throughout is skipped. Elements added during the walk land on top and may be
 *    missed, which Redis allows.
 *  - RANDOMKEY / SRANDMEMBER / active-expire sampling in O(1): pick a random slot.
 *  - Stable O(1) access by position for incremental (sliced) background work.
 *
 * Why not a `Map` from key to slot either (the first design): at a million keys of fresh
 * strings, bench/dict.ts measured a V8 `Map` index at ~540 ns per insert, ~620 per random
 * lookup and ~1100 per delete (its entries live in one large on-heap table, and every
 * growth rehashes through each key string), against ~250, ~475 and ~560 ns here.
 * The index is one off-heap `Int32Array` of (slot + 1, hash) pairs with linear probing,
 * kept at most half full, so a probe reads one cache line and growth never touches the
 * key strings (each slot's hash is kept in `slotHash`). Deletion shifts the following run
 * back (no tombstones), as in Knuth's Algorithm R. The hash is a 32-bit FNV-1a over the
 * char codes, seeded per process and finished with murmur3's fmix32; it never shows in
 * any reply (order is slot order). Unlike Redis's SipHash it is not a keyed PRF: the
 * seed makes crafted collisions harder, not impossible.
 *
 * Keys are one-byte (latin1) strings. Values are of type V.
 */

/** Per-process hash seed: keys' bucket positions differ between runs (no fixed flooding set). */
const HASH_SEED = (Math.random() * 0x100000000) | 0;

/**
 * The dict hash of `key`: a signed 32-bit integer (Redis's `dictGenHashFunction` role,
 * which is SipHash there). Seeded FNV-1a over the char codes, then fmix32.
 */
export function dictHash(key: string): number {
  let h = HASH_SEED ^ key.length;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Keys one {@link Dict.prefetch} call warms at most. */
export const PREFETCH_MAX = 32;
/** Scratch for {@link Dict.prefetch} (one per process: the server is single-threaded). */
const prefetchSlots = new Int32Array(PREFETCH_MAX);
/** The hash of each key of the last {@link Dict.prefetch} call, in order. */
const prefetchHashes = new Int32Array(PREFETCH_MAX);
/** The keys of the last {@link Dict.prefetch} call, in order (for {@link hintPrefetched}). */
const prefetchKeys: string[] = new Array<string>(PREFETCH_MAX).fill('');
/** Where {@link Dict.prefetch} stores a value computed from its loads (meaningless). */
let prefetchSink = 0;

/**
 * The hash hint: a key string whose {@link dictHash} is already known (computed by
 * {@link Dict.prefetch}), so that the lookup that follows does not hash it again. Hashing
 * walks the string with charCodeAt, ~26 instructions per byte on Node 20 (callgrind), so a
 * 16-byte key costs ~420 instructions, a tenth of a whole GET. The hash depends only on the
 * string's content, so a hint is right for any dict and any server of the process; it is
 * found by identity (`===` is a pointer compare when the caller passes the same string).
 */
let hintKey: string | null = null;
let hintHash = 0;

/**
 * Sets the hash hint to `key` and its hash `h` (which must be `dictHash(key)`, e.g. from
 * {@link prefetchedHash}), or clears it with null.
 */
export function setHashHint(key: string | null, h: number): void {
  hintKey = key;
  hintHash = h;
}

/** The hash {@link Dict.prefetch} computed for its `i`-th key (0-based) in its last call. */
export function prefetchedHash(i: number): number {
  return prefetchHashes[i];
}

/**
 * Sets the hash hint to `key` with the hash the last {@link Dict.prefetch} call computed for
 * its `i`-th key, when that key is `key` itself; clears the hint otherwise (say, a prefetch
 * of other keys ran in between).
 */
export function hintPrefetched(i: number, key: string): void {
  if (prefetchKeys[i] === key) {
    hintKey = key;
    hintHash = prefetchHashes[i];
  } else {
    hintKey = null;
  }
}

/** `dictHash(key)`, taken from the hash hint when `key` is the hinted string. */
function hashOf(key: string): number {
  return key === hintKey ? hintHash : dictHash(key);
}

/** Buckets of a new or cleared dict (a power of two). */
const DICT_MIN_BUCKETS = 8;

/**
 * A hash table of one-byte-string keys to values of type V with dense slots (see the file
 * comment): O(1) get/set/delete, random slot, and a SCAN cursor with Redis's guarantee.
 */
export class Dict<V> {
  /**
   * The hash index: bucket b is `table[2b]` = slot + 1 (0 = empty) and `table[2b + 1]` =
   * the key's hash. Linear probing; `buckets` is a power of two, at most half used.
   */
  private table: Int32Array = new Int32Array(DICT_MIN_BUCKETS * 2);
  /** buckets - 1. */
  private mask = DICT_MIN_BUCKETS - 1;
  /**
   * The last key found or added and its slot: a command that looks a key up and then writes
   * it (INCR, SET: lookupKeyWrite, then dbOverwrite/setKey) hashes and probes once. Only a
   * delete or clear moves slots, and both forget it.
   */
  private memoKey: string | null = null;
  private memoSlot = -1;
  /** The hash of the key at each slot, parallel to `keys` (capacity may exceed size). */
  private slotHash: Int32Array = new Int32Array(DICT_MIN_BUCKETS);
  /** Dense array of keys; `keys[i]` is the key stored at slot i. */
  keys: string[] = [];
  /** Dense array of values, parallel to `keys`. */
  vals: V[] = [];
  /**
   * Optional per-slot access clock (Redis's `robj.lru` field: LRU seconds or LFU
   * counter+time, 32 bits), parallel to `keys`; null unless constructed with trackLru.
   */
  lru: Uint32Array | null;

  /** @param trackLru keep a 32-bit access clock per entry (used by the keyspace). */
  constructor(trackLru = false) {
    this.lru = trackLru ? new Uint32Array(16) : null;
  }

  /** Number of entries (Redis `dictSize`). */
  get size(): number {
    return this.keys.length;
  }

  /** The bucket holding `key` (hash `h`), or -1 when absent. */
  private findBucket(key: string, h: number): number {
    const table = this.table;
    const mask = this.mask;
    const keys = this.keys;
    let b = h & mask;
    for (;;) {
      const s = table[b << 1];
      if (s === 0) return -1;
      if (table[(b << 1) + 1] === h && keys[s - 1] === key) return b;
      b = (b + 1) & mask;
    }
  }

  /** The slot of `key`, or -1 when absent. */
  private find(key: string): number {
    if (key === this.memoKey) return this.memoSlot;
    const b = this.findBucket(key, hashOf(key));
    if (b < 0) return -1;
    this.memoKey = key;
    return (this.memoSlot = this.table[b << 1] - 1);
  }

  /** Returns the value for `key`, or undefined when absent (Redis `dictFetchValue`). */
  get(key: string): V | undefined {
    const i = this.find(key);
    return i < 0 ? undefined : this.vals[i];
  }

  /** True when `key` is present. */
  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  /**
   * Sets `key` to `val`, adding the key when absent (Redis `dictReplace`).
   * @returns true when the key was added, false when an existing value was replaced.
   */
  set(key: string, val: V): boolean {
    return this.insert(key, val, true) >= 0;
  }

  /**
   * Adds `key` -> `val` when `key` is absent (Redis `dictAdd`); for bulk loading, where
   * keys are new.
   * @returns the new slot index, or -1 (and nothing changed) when `key` was present.
   */
  add(key: string, val: V): number {
    return this.insert(key, val, false);
  }

  /**
   * Pre-sizes the index for `n` entries (Redis `dictExpand`, as RESIZEDB does on load), so
   * that adding up to `n` keys never rehashes. Never shrinks.
   */
  expand(n: number): void {
    let buckets = this.mask + 1;
    while (buckets < n * 2) buckets *= 2;
    if (buckets !== this.mask + 1) this.rehash(buckets);
    if (this.slotHash.length < n) {
      const grown = new Int32Array(n);
      grown.set(this.slotHash.subarray(0, this.keys.length));
      this.slotHash = grown;
    }
  }

  /**
   * The insert behind {@link set} and {@link add}: adds `key` at a new top slot, or, when
   * present, replaces its value if `replace` (returning -2) or leaves it (returning -1).
   * @returns the new slot, -1 or -2 as above.
   */
  private insert(key: string, val: V, replace: boolean): number {
    const h = hashOf(key);
    const table = this.table;
    const mask = this.mask;
    const keys = this.keys;
    let b = h & mask;
    for (;;) {
      const s = table[b << 1];
      if (s === 0) break;
      if (table[(b << 1) + 1] === h && keys[s - 1] === key) {
        if (!replace) return -1;
        this.vals[s - 1] = val;
        return -2;
      }
      b = (b + 1) & mask;
    }
    const slot = keys.length;
    this.memoKey = key;
    this.memoSlot = slot;
    table[b << 1] = slot + 1;
    table[(b << 1) + 1] = h;
    keys.push(key);
    this.vals.push(val);
    let sh = this.slotHash;
    if (slot >= sh.length) {
      const grown = new Int32Array(sh.length * 2);
      grown.set(sh);
      this.slotHash = sh = grown;
    }
    sh[slot] = h;
    const lru = this.lru;
    if (lru !== null && slot >= lru.length) {
      const grown = new Uint32Array(lru.length * 2);
      grown.set(lru);
      this.lru = grown;
    }
    if ((slot + 1) * 2 > mask + 1) this.rehash((mask + 1) * 2);
    return slot;
  }

  /** Rebuilds the index with `buckets` buckets (a power of two) from `slotHash`. */
  private rehash(buckets: number): void {
    const table = new Int32Array(buckets * 2);
    const mask = buckets - 1;
    const sh = this.slotHash;
    const n = this.keys.length;
    for (let slot = 0; slot < n; slot++) {
      const h = sh[slot];
      let b = h & mask;
      while (table[b << 1] !== 0) b = (b + 1) & mask;
      table[b << 1] = slot + 1;
      table[(b << 1) + 1] = h;
    }
    this.table = table;
    this.mask = mask;
  }

  /** Empties bucket `b`, shifting back later members of its run (no tombstones). */
  private removeBucket(b: number): void {
    const table = this.table;
    const mask = this.mask;
    let hole = b;
    let j = b;
    for (;;) {
      j = (j + 1) & mask;
      const s = table[j << 1];
      if (s === 0) break;
      const home = table[(j << 1) + 1] & mask;
      // The entry at j may move back into the hole unless its home lies in (hole, j].
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (stays) continue;
      table[hole << 1] = s;
      table[(hole << 1) + 1] = table[(j << 1) + 1];
      hole = j;
    }
    table[hole << 1] = 0;
    table[(hole << 1) + 1] = 0;
  }

  /**
   * Removes `key` (Redis `dictDelete`), moving the last slot into its place.
   * @returns true when the key existed.
   */
  delete(key: string): boolean {
    const b = this.findBucket(key, hashOf(key));
    if (b < 0) return false;
    const table = this.table;
    const i = table[b << 1] - 1;
    this.memoKey = null;
    this.removeBucket(b);
    const keys = this.keys;
    const last = keys.length - 1;
    if (i !== last) {
      // Point the last slot's bucket at the hole, then move its entry down.
      const sh = this.slotHash;
      const lh = sh[last];
      const mask = this.mask;
      let lb = lh & mask;
      while (table[lb << 1] !== last + 1) lb = (lb + 1) & mask;
      table[lb << 1] = i + 1;
      sh[i] = lh;
      keys[i] = keys[last];
      this.vals[i] = this.vals[last];
      if (this.lru !== null) this.lru[i] = this.lru[last];
    }
    keys.pop();
    this.vals.pop();
    // Shrink when under 1/8 full (Redis resizes below 10% fill), never below the minimum.
    const buckets = this.mask + 1;
    if (buckets > DICT_MIN_BUCKETS && last * 8 < buckets) {
      let nb = buckets;
      while (nb > DICT_MIN_BUCKETS && nb >> 1 >= last * 4) nb >>= 1;
      this.rehash(nb);
      if (this.slotHash.length > nb) this.slotHash = this.slotHash.slice(0, nb);
    }
    return true;
  }

  /** Removes every entry (Redis `dictEmpty`). */
  clear(): void {
    this.memoKey = null;
    this.table = new Int32Array(DICT_MIN_BUCKETS * 2);
    this.mask = DICT_MIN_BUCKETS - 1;
    this.slotHash = new Int32Array(DICT_MIN_BUCKETS);
    this.keys = [];
    this.vals = [];
    if (this.lru !== null) this.lru = new Uint32Array(16);
  }

  /**
   * Warms the CPU caches for looking up `count` keys, `keys[from]`, `keys[from + step]`, ...:
   * a cache-warming pass with no effect on the dict. A lookup in a large dict is three
   * dependent cache misses (the bucket, `keys[slot]`, the key string), and looking keys up one
   * at a time pays them one after another. Here one pass hashes the keys, the next loads each
   * key's bucket, the last each candidate key string and value, in short loops whose loads
   * are independent, so the CPU overlaps the misses (Redis's multi-key commands pay them
   * serially; this is the software form of "group prefetching"). The lookups that follow
   * then hit the caches, and can skip hashing through {@link hintPrefetched} or
   * {@link prefetchedHash} + {@link setHashHint}. Measured with perf on MSET of 10 keys: those
   * three loads were ~70% of the command's time. At most PREFETCH_MAX keys are warmed (the
   * warmed lines must stay in cache); the keys stay referenced until the next call.
   */
  prefetch(keys: readonly string[], from: number, step: number, count: number): void {
    const table = this.table;
    const mask = this.mask;
    const firstSlots = prefetchSlots;
    const hashes = prefetchHashes;
    const n = count < PREFETCH_MAX ? count : PREFETCH_MAX;
    // Pass 1: the hashes (no misses: the keys were just parsed), kept for the lookups that
    // follow (see setHashHint). Apart from pass 2, whose loop must stay short for the CPU to
    // have many of its loads in flight at once.
    for (let i = 0, j = from; i < n; i++, j += step) {
      const key = keys[j];
      prefetchKeys[i] = key;
      hashes[i] = hashOf(key);
    }
    // Pass 2: the bucket whose hash matches each key's (the slot + 1 stored there), or the
    // empty bucket ending its probe (0).
    for (let i = 0; i < n; i++) {
      const h = hashes[i];
      let b = h & mask;
      let s = table[b << 1];
      while (s !== 0 && table[(b << 1) + 1] !== h) {
        b = (b + 1) & mask;
        s = table[b << 1];
      }
      firstSlots[i] = s;
    }
    // Pass 3: the key stored at that slot, through its length (a load of the string
    // itself), and the value's array element.
    const dkeys = this.keys;
    const dvals = this.vals;
    let sink = 0;
    for (let i = 0; i < n; i++) {
      const s = firstSlots[i];
      if (s !== 0) {
        sink += dkeys[s - 1].length;
        // A string value (what GET replies with) is read through its length too.
        const v: unknown = dvals[s - 1];
        if (typeof v === 'string') sink += v.length;
      }
    }
    // Stored, so the compiler keeps the loads.
    prefetchSink = sink;
  }

  /** The slot index of `key`, or -1 when absent. Slots move on delete; use at once. */
  slotOf(key: string): number {
    return this.find(key);
  }

  /**
   * A uniformly random slot index in [0, size), or -1 when empty
   * (Redis `dictGetFairRandomKey`). Read the entry through `keys[i]` / `vals[i]`.
   */
  randomSlot(): number {
    const n = this.keys.length;
    return n === 0 ? -1 : Math.floor(Math.random() * n);
  }

  /**
   * One step of a SCAN over this dict (Redis `dictScan`).
   *
   * Cursor 0 starts a new iteration; any other cursor is one returned by a previous
   * call. Visits up to `count` slots, calling `fn(key, value)` for each, and returns the
   * next cursor, 0 when the iteration is complete. The cursor encodes `slot + 1` of the
   * next slot to visit, walking downward; a stale cursor larger than the dict is clamped.
   *
   * Never throws; an unknown cursor value just resumes at the clamped slot.
   */
  scan(cursor: number, count: number, fn: (key: string, val: V) => void): number {
    const n = this.keys.length;
    if (n === 0) return 0;
    let slot = cursor === 0 || cursor - 1 >= n ? n - 1 : cursor - 1;
    let visited = 0;
    while (slot >= 0 && visited < count) {
      fn(this.keys[slot], this.vals[slot]);
      slot--;
      visited++;
    }
    return slot < 0 ? 0 : slot + 1;
  }

  /**
   * Like {@link scan}, but appends the visited keys (and values, when `outVals` is given) to
   * the arrays instead of calling back: no closure per call, for the SCAN-family commands.
   * `cursor` may be any non-negative number (values beyond the dict are clamped).
   * @returns the next cursor, 0 when the iteration is complete.
   */
  scanInto(cursor: number, count: number, outKeys: string[], outVals: V[] | null): number {
    const n = this.keys.length;
    if (n === 0) return 0;
    let slot = cursor === 0 || cursor - 1 >= n ? n - 1 : cursor - 1;
    const keys = this.keys;
    const vals = this.vals;
    let visited = 0;
    while (slot >= 0 && visited < count) {
      outKeys.push(keys[slot]);
      if (outVals !== null) outVals.push(vals[slot]);
      slot--;
      visited++;
    }
    return slot < 0 ? 0 : slot + 1;
  }
}
