/**
 * Dict: Redis's `dict` role (a hash table of key -> value) built on a V8 `Map` from
 * key to slot index, plus dense parallel arrays of keys and values.
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
 * Keys are one-byte (latin1) strings. Values are of type V.
 */
export class Dict<V> {
  /** key -> slot index into `keys`/`vals`. */
  private index: Map<string, number> = new Map();
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

  /** Returns the value for `key`, or undefined when absent (Redis `dictFetchValue`). */
  get(key: string): V | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.vals[i];
  }

  /** True when `key` is present. */
  has(key: string): boolean {
    return this.index.has(key);
  }

  /**
   * Sets `key` to `val`, adding the key when absent (Redis `dictReplace`).
   * @returns true when the key was added, false when an existing value was replaced.
   */
  set(key: string, val: V): boolean {
    const i = this.index.get(key);
    if (i !== undefined) {
      this.vals[i] = val;
      return false;
    }
    const slot = this.keys.length;
    this.index.set(key, slot);
    this.keys.push(key);
    this.vals.push(val);
    const lru = this.lru;
    if (lru !== null) {
      if (slot >= lru.length) {
        const grown = new Uint32Array(lru.length * 2);
        grown.set(lru);
        this.lru = grown;
      }
    }
    return true;
  }

  /**
   * Adds `key` -> `val` when `key` is absent (Redis `dictAdd`), with one Map operation
   * instead of {@link set}'s lookup + insert; for bulk loading, where keys are new.
   * @returns the new slot index, or -1 (and nothing changed) when `key` was present.
   */
  add(key: string, val: V): number {
    const index = this.index;
    const slot = this.keys.length;
    const before = index.size;
    index.set(key, slot);
    if (index.size === before) {
      // Present after all (rare: a corrupt file): restore its slot, leave the dict as it was.
      index.set(key, this.keys.indexOf(key));
      return -1;
    }
    this.keys.push(key);
    this.vals.push(val);
    const lru = this.lru;
    if (lru !== null && slot >= lru.length) {
      const grown = new Uint32Array(lru.length * 2);
      grown.set(lru);
      this.lru = grown;
    }
    return slot;
  }

  /**
   * Removes `key` (Redis `dictDelete`), moving the last slot into its place.
   * @returns true when the key existed.
   */
  delete(key: string): boolean {
    const i = this.index.get(key);
    if (i === undefined) return false;
    this.index.delete(key);
    const last = this.keys.length - 1;
    if (i !== last) {
      const lk = this.keys[last];
      this.keys[i] = lk;
      this.vals[i] = this.vals[last];
      this.index.set(lk, i);
      if (this.lru !== null) this.lru[i] = this.lru[last];
    }
    this.keys.pop();
    this.vals.pop();
    return true;
  }

  /** Removes every entry (Redis `dictEmpty`). */
  clear(): void {
    this.index = new Map();
    this.keys = [];
    this.vals = [];
    if (this.lru !== null) this.lru = new Uint32Array(16);
  }

  /** The slot index of `key`, or -1 when absent. Slots move on delete; use at once. */
  slotOf(key: string): number {
    const i = this.index.get(key);
    return i === undefined ? -1 : i;
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
