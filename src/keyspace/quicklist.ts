/**
 * The list type (Redis 7.2 t_list.c + quicklist.c): a doubly linked list of nodes, each
 * holding a chunk of elements (Redis: a listpack per quicklist node).
 *
 * A list is "listpack"-encoded while it is small: then it is exactly one node and pushes
 * never split it. When a push would make that listpack exceed `list-max-listpack-size`
 * (Redis `listTypeTryConvertListpack`), the list becomes a "quicklist" whose first node is
 * the old listpack; later pushes fill the end nodes up to the limit and start new nodes as
 * Redis's `_quicklistNodeAllowInsert` does. After a shrinking operation (pop, trim, rem,
 * set) a quicklist of a single node whose size and count are below HALF the limit turns back
 * into a listpack (Redis `listTypeTryConvertQuicklist(shrinking=1)`).
 *
 * Node sizes are tracked in bytes with Redis's listpack entry encoding (integers encoded as
 * 1..9 bytes, strings with a 1/2/5 byte header, plus the backlen), so that the conversions and
 * node splits happen at the same points as in Redis and OBJECT ENCODING agrees.
 *
 * Complexity: push/pop at either end O(1) amortized (bounded chunk size), index access
 * O(number of nodes) walking from the nearer end, as Redis.
 */
import { ObjType, type RedisObject } from './object.js';
import { string2ll } from '../util/numbers.js';

/** Bytes of an empty listpack: 6 header + 1 EOF (Redis LP_HDR_SIZE + 1). */
export const LP_EMPTY_BYTES = 7;
/** Redis SIZE_SAFETY_LIMIT: a count-limited node never exceeds 8 KiB. */
const SIZE_SAFETY_LIMIT = 8192;
/** Redis SIZE_ESTIMATE_OVERHEAD used by _quicklistNodeAllowInsert. */
const SIZE_ESTIMATE_OVERHEAD = 8;
/** Redis quicklist optimization_level for negative fill values -1..-5. */
const OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536];

/** Byte size of `s` as one listpack entry (encoding + data + backlen), as listpack.c. */
export function lpEntrySize(s: string): number {
  const n = s.length;
  if (n > 0 && n <= 20) {
    const c0 = s.charCodeAt(0);
    if ((c0 >= 48 && c0 <= 57) || c0 === 45) {
      const v = string2ll(s);
      if (v !== null) {
        if (v >= 0 && v <= 127) return 2;
        if (v >= -4096 && v <= 4095) return 3;
        if (v >= -32768 && v <= 32767) return 4;
        if (v >= -8388608 && v <= 8388607) return 5;
        if (v >= -2147483648 && v <= 2147483647) return 6;
        return 10;
      }
    }
  }
  const enc = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
  const back = enc <= 127 ? 1 : enc < 16383 ? 2 : enc < 2097151 ? 3 : enc < 268435455 ? 4 : 5;
  return enc + back;
}

/**
 * Redis `quicklistNodeLimit`: for fill >= 0 a count limit (0 counts as 1) with no size
 * limit; for fill < 0 a byte limit from optimization_level and no count limit.
 * @returns [sizeLimit, countLimit], Infinity for "none".
 */
export function quicklistNodeLimit(fill: number): [number, number] {
  if (fill >= 0) return [Infinity, fill === 0 ? 1 : fill];
  let off = -fill - 1;
  if (off >= OPTIMIZATION_LEVEL.length) off = OPTIMIZATION_LEVEL.length - 1;
  return [OPTIMIZATION_LEVEL[off], Infinity];
}

/** Redis `quicklistNodeExceedsLimit`. */
export function quicklistNodeExceedsLimit(fill: number, newSz: number, newCount: number): boolean {
  const [szLimit, countLimit] = quicklistNodeLimit(fill);
  if (szLimit !== Infinity) return newSz > szLimit;
  if (newSz > SIZE_SAFETY_LIMIT) return true;
  return newCount > countLimit;
}

/** One quicklist node: a chunk of elements and its listpack byte size. */
export class QuicklistNode {
  items: string[];
  /** Listpack bytes of this node (header + entries + EOF). */
  sz: number;
  prev: QuicklistNode | null = null;
  next: QuicklistNode | null = null;
  constructor(items: string[], sz: number) {
    this.items = items;
    this.sz = sz;
  }
}

function nodeFrom(items: string[]): QuicklistNode {
  let sz = LP_EMPTY_BYTES;
  for (let i = 0; i < items.length; i++) sz += lpEntrySize(items[i]);
  return new QuicklistNode(items, sz);
}

/** List value: encoding "listpack" (one node) or "quicklist". */
export class ListObject implements RedisObject {
  readonly type = ObjType.List;
  head: QuicklistNode;
  tail: QuicklistNode;
  /** Number of nodes. */
  nodes = 1;
  /** Number of elements. */
  count = 0;
  /** True while listpack-encoded (exactly one node). */
  packed = true;

  constructor() {
    this.head = this.tail = new QuicklistNode([], LP_EMPTY_BYTES);
  }

  /**
   * An empty "quicklist"-encoded list (Redis `createQuicklistObject`), for code that builds a
   * list and then lets Redis pick the encoding: push with pushTail/appendListpackNode, then
   * call {@link tryConversionAuto} (SORT ... STORE, RDB loading do this in 7.2).
   */
  static createQuicklist(): ListObject {
    const o = new ListObject();
    o.packed = false;
    o.nodes = 0;
    return o;
  }

  /**
   * Appends a whole node holding `items` at the tail of a quicklist-encoded list (Redis
   * `quicklistAppendListpack`, used when loading an RDB quicklist node by node). No-op for
   * an empty `items`.
   */
  appendListpackNode(items: string[]): void {
    if (items.length === 0) return;
    if (this.packed) {
      for (const v of items) {
        this.head.items.push(v);
        this.head.sz += lpEntrySize(v);
      }
    } else {
      this.insertNode(this.nodes > 0 ? this.tail : null, nodeFrom(items.slice()), true);
    }
    this.count += items.length;
  }

  /**
   * Bulk constructor for RDB loading: a quicklist of one node per entry of `nodes` (as
   * {@link appendListpackNode} would add them, but taking the arrays as they are instead of
   * copying them), then {@link tryConversionAuto}. Empty arrays are skipped.
   */
  static fromNodes(nodes: readonly string[][], fill: number): ListObject {
    const o = ListObject.createQuicklist();
    for (let i = 0; i < nodes.length; i++) {
      const items = nodes[i];
      if (items.length === 0) continue;
      o.insertNode(o.nodes > 0 ? o.tail : null, nodeFrom(items), true);
      o.count += items.length;
    }
    o.tryConversionAuto(fill);
    return o;
  }

  /** "listpack" or "quicklist". */
  encoding(): string {
    return this.packed ? 'listpack' : 'quicklist';
  }

  /** Deep copy, same encoding and node layout (COPY). */
  dup(): ListObject {
    const o = new ListObject();
    o.packed = this.packed;
    o.count = this.count;
    o.nodes = 0;
    let prev: QuicklistNode | null = null;
    for (let n: QuicklistNode | null = this.head; n !== null; n = n.next) {
      const m = new QuicklistNode(n.items.slice(), n.sz);
      m.prev = prev;
      if (prev === null) o.head = m;
      else prev.next = m;
      prev = m;
      o.nodes++;
    }
    o.tail = prev ?? o.head;
    if (o.nodes === 0) o.nodes = 1;
    return o;
  }

  /** Number of elements (Redis `listTypeLength`). */
  get length(): number {
    return this.count;
  }

  // ---------------------------------------------------------------------------------------
  // Conversions (Redis listTypeTryConversion*)
  // ---------------------------------------------------------------------------------------

  /**
   * Before adding `adds` (Redis `listTypeTryConvertListpack`): converts a listpack to a
   * quicklist when its bytes + the added string lengths, or its count + the added count,
   * exceed the `fill` (list-max-listpack-size) limit.
   */
  tryConversionAppend(fill: number, adds: readonly string[], from: number, to: number): void {
    if (!this.packed) return;
    let addBytes = 0;
    for (let i = from; i <= to; i++) addBytes += adds[i].length;
    if (quicklistNodeExceedsLimit(fill, this.head.sz + addBytes, this.count + (to - from + 1))) {
      this.packed = false;
      if (this.count === 0) this.nodes = 0;
    }
  }

  /**
   * After removing elements (Redis `listTypeTryConvertQuicklist(shrinking=1)`): a quicklist
   * of one node under half of the limit becomes a listpack again.
   */
  tryConversionShrinking(fill: number): void {
    if (this.packed || this.nodes !== 1) return;
    let [szLimit, countLimit] = quicklistNodeLimit(fill);
    szLimit = Math.floor(szLimit / 2);
    countLimit = Math.floor(countLimit / 2);
    if (this.head.sz > szLimit || this.count > countLimit) return;
    this.packed = true;
  }

  /**
   * After building a list from scratch (Redis LIST_CONV_AUTO, e.g. RDB load / SORT STORE):
   * a one-node quicklist within the full limit becomes a listpack.
   */
  tryConversionAuto(fill: number): void {
    if (this.packed || this.nodes !== 1) return;
    const [szLimit, countLimit] = quicklistNodeLimit(fill);
    if (this.head.sz > szLimit || this.count > countLimit) return;
    this.packed = true;
  }

  // ---------------------------------------------------------------------------------------
  // Node plumbing
  // ---------------------------------------------------------------------------------------

  private allowInsert(node: QuicklistNode | null, fill: number, sz: number): boolean {
    if (node === null) return false;
    return !quicklistNodeExceedsLimit(fill, node.sz + sz + SIZE_ESTIMATE_OVERHEAD, node.items.length + 1);
  }

  private allowMerge(a: QuicklistNode, b: QuicklistNode, fill: number): boolean {
    return !quicklistNodeExceedsLimit(fill, a.sz + b.sz - LP_EMPTY_BYTES, a.items.length + b.items.length);
  }

  /** Inserts `nn` after `node` (or before when !after); `node` null = empty list. */
  private insertNode(node: QuicklistNode | null, nn: QuicklistNode, after: boolean): void {
    if (node === null || this.nodes === 0) {
      this.head = this.tail = nn;
      nn.prev = nn.next = null;
      this.nodes = 1;
      return;
    }
    if (after) {
      nn.prev = node;
      nn.next = node.next;
      if (node.next !== null) node.next.prev = nn;
      else this.tail = nn;
      node.next = nn;
    } else {
      nn.next = node;
      nn.prev = node.prev;
      if (node.prev !== null) node.prev.next = nn;
      else this.head = nn;
      node.prev = nn;
    }
    this.nodes++;
  }

  private delNode(node: QuicklistNode): void {
    if (this.nodes === 1) {
      node.items = [];
      node.sz = LP_EMPTY_BYTES;
      if (!this.packed) this.nodes = 0;
      return;
    }
    if (node.prev !== null) node.prev.next = node.next;
    else this.head = node.next!;
    if (node.next !== null) node.next.prev = node.prev;
    else this.tail = node.prev!;
    node.prev = node.next = null;
    this.nodes--;
  }

  /** Finds the node holding index `idx` (0 <= idx < count). @returns [node, offset]. */
  private locate(idx: number): [QuicklistNode, number] {
    if (idx < this.count / 2) {
      let n = this.head;
      let acc = 0;
      while (acc + n.items.length <= idx) {
        acc += n.items.length;
        n = n.next!;
      }
      return [n, idx - acc];
    }
    let n = this.tail;
    let acc = this.count;
    while (acc - n.items.length > idx) {
      acc -= n.items.length;
      n = n.prev!;
    }
    return [n, idx - (acc - n.items.length)];
  }

  // ---------------------------------------------------------------------------------------
  // Operations
  // ---------------------------------------------------------------------------------------

  /** Pushes at the head (Redis `listTypePush(LIST_HEAD)`); `fill` = list-max-listpack-size. */
  pushHead(v: string, fill: number): void {
    const esz = lpEntrySize(v);
    if (this.packed) {
      this.head.items.unshift(v);
      this.head.sz += esz;
    } else if (this.nodes > 0 && this.allowInsert(this.head, fill, v.length)) {
      this.head.items.unshift(v);
      this.head.sz += esz;
    } else {
      this.insertNode(this.nodes > 0 ? this.head : null, new QuicklistNode([v], LP_EMPTY_BYTES + esz), false);
    }
    this.count++;
  }

  /** Pushes at the tail (Redis `listTypePush(LIST_TAIL)`). */
  pushTail(v: string, fill: number): void {
    const esz = lpEntrySize(v);
    if (this.packed) {
      this.tail.items.push(v);
      this.tail.sz += esz;
    } else if (this.nodes > 0 && this.allowInsert(this.tail, fill, v.length)) {
      this.tail.items.push(v);
      this.tail.sz += esz;
    } else {
      this.insertNode(this.nodes > 0 ? this.tail : null, new QuicklistNode([v], LP_EMPTY_BYTES + esz), true);
    }
    this.count++;
  }

  /** Pops from the head; undefined when empty. */
  popHead(): string | undefined {
    if (this.count === 0) return undefined;
    const n = this.head;
    const v = n.items.shift()!;
    n.sz -= lpEntrySize(v);
    this.count--;
    if (n.items.length === 0) this.delNode(n);
    return v;
  }

  /** Pops from the tail; undefined when empty. */
  popTail(): string | undefined {
    if (this.count === 0) return undefined;
    const n = this.tail;
    const v = n.items.pop()!;
    n.sz -= lpEntrySize(v);
    this.count--;
    if (n.items.length === 0) this.delNode(n);
    return v;
  }

  /** Element at `idx` (negative counts from the tail), or undefined when out of range. */
  index(idx: number): string | undefined {
    if (idx < 0) idx += this.count;
    if (idx < 0 || idx >= this.count) return undefined;
    if (idx === 0) return this.head.items[0];
    if (idx === this.count - 1) return this.tail.items[this.tail.items.length - 1];
    const [n, off] = this.locate(idx);
    return n.items[off];
  }

  /**
   * Elements [start, start+len) (0 <= start, start+len <= count), in order, or reversed when
   * `reverse` (then `start` is still the lowest index).
   */
  range(start: number, len: number, reverse = false): string[] {
    const out: string[] = new Array<string>(len);
    if (len === 0) return out;
    let [n, off] = this.locate(start);
    let node: QuicklistNode | null = n;
    for (let i = 0; i < len; i++) {
      while (off >= node!.items.length) {
        node = node!.next;
        off = 0;
      }
      out[reverse ? len - 1 - i : i] = node!.items[off++];
    }
    return out;
  }

  /** Index of the first element equal to `v` from the head, or -1 (LINSERT's pivot seek). */
  indexOf(v: string): number {
    if (this.count === 0) return -1;
    let base = 0;
    for (let n: QuicklistNode | null = this.head; n !== null; n = n.next) {
      const i = n.items.indexOf(v);
      if (i >= 0) return base + i;
      base += n.items.length;
    }
    return -1;
  }

  /** All elements, head to tail. */
  toArray(): string[] {
    const out: string[] = [];
    for (let n: QuicklistNode | null = this.head; n !== null; n = n.next) for (const v of n.items) out.push(v);
    if (this.nodes === 0) return [];
    return out;
  }

  /**
   * Replaces the element at `idx` (negative from the tail) (Redis `listTypeReplaceAtIndex`):
   * in place, as quicklistReplaceEntry does for any element below the 1 GiB plain-node
   * threshold (the node may exceed its limit afterwards).
   * @returns false when out of range.
   */
  set(idx: number, v: string, _fill: number): boolean {
    if (idx < 0) idx += this.count;
    if (idx < 0 || idx >= this.count) return false;
    const [n, off] = this.locate(idx);
    n.sz += lpEntrySize(v) - lpEntrySize(n.items[off]);
    n.items[off] = v;
    return true;
  }

  /** Redis `_quicklistMergeNodes` around `center`. */
  private mergeNodes(center: QuicklistNode, fill: number): void {
    const prev = center.prev;
    const prevPrev = prev !== null ? prev.prev : null;
    const next = center.next;
    const nextNext = next !== null ? next.next : null;
    if (prev !== null && prevPrev !== null && this.allowMerge(prev, prevPrev, fill)) this.mergeInto(prevPrev, prev);
    if (next !== null && nextNext !== null && this.allowMerge(next, nextNext, fill)) this.mergeInto(next, nextNext);
    let target = center;
    if (center.prev !== null && this.allowMerge(center, center.prev, fill)) {
      const p = center.prev;
      this.mergeInto(p, center);
      target = p;
    }
    if (target.next !== null && this.allowMerge(target, target.next, fill)) this.mergeInto(target, target.next);
  }

  /** Appends b's items to a and removes b (b follows a). */
  private mergeInto(a: QuicklistNode, b: QuicklistNode): void {
    for (const v of b.items) a.items.push(v);
    a.sz += b.sz - LP_EMPTY_BYTES;
    this.delNode(b);
  }

  /**
   * Inserts `v` before or after the element at `idx` (Redis `listTypeInsert` /
   * `_quicklistInsert`).
   */
  insertAt(idx: number, v: string, after: boolean, fill: number): void {
    const esz = lpEntrySize(v);
    const [node, off] = this.locate(idx);
    this.count++;
    if (this.packed) {
      node.items.splice(after ? off + 1 : off, 0, v);
      node.sz += esz;
      return;
    }
    const full = !this.allowInsert(node, fill, v.length);
    const atTail = after && off === node.items.length - 1;
    const atHead = !after && off === 0;
    const fullNext = !(atTail && this.allowInsert(node.next, fill, v.length));
    const fullPrev = !(atHead && this.allowInsert(node.prev, fill, v.length));
    if (!full) {
      node.items.splice(after ? off + 1 : off, 0, v);
      node.sz += esz;
    } else if (atTail && node.next !== null && !fullNext && after) {
      node.next.items.unshift(v);
      node.next.sz += esz;
    } else if (atHead && node.prev !== null && !fullPrev && !after) {
      node.prev.items.push(v);
      node.prev.sz += esz;
    } else if ((atTail && after) || (atHead && !after)) {
      this.insertNode(node, new QuicklistNode([v], LP_EMPTY_BYTES + esz), after);
    } else {
      // Split the full node at the offset and put the value at the cut, then merge.
      let nn: QuicklistNode;
      if (after) {
        nn = nodeFrom(node.items.splice(off + 1));
        node.sz -= nn.sz - LP_EMPTY_BYTES;
        nn.items.unshift(v);
      } else {
        nn = nodeFrom(node.items.splice(0, off));
        node.sz -= nn.sz - LP_EMPTY_BYTES;
        nn.items.push(v);
      }
      nn.sz += esz;
      this.insertNode(node, nn, after);
      this.mergeNodes(node, fill);
    }
  }

  /**
   * Deletes `cnt` elements starting at `start` (negative from the tail) (Redis
   * `quicklistDelRange` / `lpDeleteRange`).
   */
  delRange(start: number, cnt: number): void {
    if (cnt <= 0 || this.count === 0) return;
    if (start < 0) start += this.count;
    if (start < 0) start = 0;
    if (start >= this.count) return;
    if (cnt > this.count - start) cnt = this.count - start;
    let [node, off] = this.locate(start);
    let left = cnt;
    let n: QuicklistNode | null = node;
    while (left > 0 && n !== null) {
      const next: QuicklistNode | null = n.next;
      const take = Math.min(left, n.items.length - off);
      if (off === 0 && take === n.items.length) {
        this.count -= take;
        this.delNode(n);
      } else {
        const removed = n.items.splice(off, take);
        for (const r of removed) n.sz -= lpEntrySize(r);
        this.count -= take;
      }
      left -= take;
      off = 0;
      n = next;
    }
  }

  /**
   * Removes elements equal to `v` (Redis LREM): `limit` 0 removes all; scanning from the
   * head, or from the tail when `fromTail`. @returns the number removed.
   */
  removeMatching(v: string, limit: number, fromTail: boolean): number {
    let removed = 0;
    let n: QuicklistNode | null = fromTail ? this.tail : this.head;
    if (this.nodes === 0) return 0;
    while (n !== null && (limit === 0 || removed < limit)) {
      const other: QuicklistNode | null = fromTail ? n.prev : n.next;
      const items = n.items;
      if (fromTail) {
        for (let i = items.length - 1; i >= 0 && (limit === 0 || removed < limit); i--) {
          if (items[i] === v) {
            items.splice(i, 1);
            n.sz -= lpEntrySize(v);
            removed++;
            this.count--;
          }
        }
      } else {
        for (let i = 0; i < items.length && (limit === 0 || removed < limit); ) {
          if (items[i] === v) {
            items.splice(i, 1);
            n.sz -= lpEntrySize(v);
            removed++;
            this.count--;
          } else i++;
        }
      }
      if (items.length === 0) this.delNode(n);
      n = other;
    }
    return removed;
  }
}
