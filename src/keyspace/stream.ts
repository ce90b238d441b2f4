/**
 * The stream type (Redis t_stream.c / stream.h).
 *
 * Entries are kept in nodes that mirror Redis's radix tree of listpacks: each node holds up
 * to `stream-node-max-entries` entries (live + deleted) and about `stream-node-max-bytes`
 * of listpack, with a "master entry" of field names taken from its first entry. XDEL only
 * flags an entry deleted inside its node (the node goes away when its last live entry
 * does), and approximate trimming (`~`) removes whole nodes only — so node boundaries, and
 * therefore trimming results, follow Redis's. Node sizes are computed with listpack's exact
 * encoding rules (Redis 7.2 streamAppendItem: a new node starts when
 * `lpBytes + total field/value bytes >= stream-node-max-bytes` or when live + deleted entries
 * reach `stream-node-max-entries`).
 *
 * IDs are 128-bit values `ms << 64 | seq` held as BigInt, so the whole unsigned 64-bit range
 * of both parts is exact; numeric comparison of two such values is Redis's streamCompareID.
 *
 * Nodes serialize to Redis's exact listpack bytes ({@link StreamNode.listpackElements}), and
 * {@link saveStreamRdb} / {@link loadStreamRdb} read and write the RDB stream types 15, 19 and
 * 21 (DUMP/RESTORE and dump.rdb), byte for byte as Redis does.
 *
 * Consumer groups and consumers live in Redis in radix trees, so every listing (XINFO GROUPS,
 * XINFO CONSUMERS, XPENDING's summary, XINFO STREAM FULL) is in byte order of the names:
 * {@link RedisStream.sortedGroups} and {@link StreamCG.sortedConsumers} give that order.
 */
import { ObjType, type RedisObject } from './object.js';
import type { RdbWriter } from '../persistence/rdb/writer.js';
import type { RdbReader } from '../persistence/rdb/reader.js';
import { ListpackBuilder, decodeListpack } from '../persistence/rdb/listpack.js';

/** A stream ID as one 128-bit BigInt: `ms << 64n | seq`. */
export type StreamID = bigint;

const SEQ_MASK = (1n << 64n) - 1n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const TWO64 = 1n << 64n;
const INT64_MAX = (1n << 63n) - 1n;
/** The largest ID, 18446744073709551615-18446744073709551615. */
export const STREAM_ID_MAX: StreamID = (SEQ_MASK << 64n) | SEQ_MASK;
/** 0-0. */
export const STREAM_ID_ZERO: StreamID = 0n;
/** Largest unsigned 64-bit value. */
export const UINT64_MAX = SEQ_MASK;

/** Builds an ID from its two parts (each 0..2^64-1). */
export function makeId(ms: bigint, seq: bigint): StreamID {
  return (ms << 64n) | seq;
}
/** The millisecond part. */
export function idMs(id: StreamID): bigint {
  return id >> 64n;
}
/** The sequence part. */
export function idSeq(id: StreamID): bigint {
  return id & SEQ_MASK;
}
/** "ms-seq", as Redis prints IDs (createStreamIDString). */
export function formatId(id: StreamID): string {
  return (id >> 64n).toString() + '-' + (id & SEQ_MASK).toString();
}

/** Wraps a uint64 counter to the int64 Redis prints with addReplyLongLong. */
export function asInt64(v: bigint): bigint {
  const w = BigInt.asUintN(64, v);
  return w > INT64_MAX ? w - TWO64 : w;
}

/** Entry flags inside a node (Redis STREAM_ITEM_FLAG_*). */
const FLAG_DELETED = 1;
const FLAG_SAMEFIELDS = 2;

/** Redis STREAM_LISTPACK_MAX_SIZE: the hard cap on a node's listpack bytes. */
export const STREAM_LISTPACK_MAX_SIZE = 1 << 30;

/** Bytes of a listpack element holding `s` (integers are stored compactly, as lpAppend does). */
export function lpEntrySize(s: string): number {
  let enc: number;
  const len = s.length;
  const n = len <= 20 ? lpStringToInt(s) : null;
  if (n !== null) enc = lpIntEncSize(n);
  else if (len < 64) enc = 1 + len;
  else if (len < 4096) enc = 2 + len;
  else enc = 5 + len;
  return enc + lpBacklenSize(enc);
}

/** Bytes of a listpack element holding the small integer `v` (a JS number, |v| < 2^53). */
export function lpIntSize(v: number): number {
  const enc = lpIntEncSize(v);
  return enc + (enc <= 127 ? 1 : 2);
}

/** Bytes of a listpack element holding `v` reduced to int64 (two's complement wrap, as C casts). */
export function lpInt64Size(v: bigint): number {
  let w = BigInt.asIntN(64, v);
  if (w >= -4096n && w <= 4095n) return lpIntSize(Number(w));
  if (w < 0n) w = -w - 1n;
  let enc: number;
  if (w <= 32767n) enc = 3;
  else if (w <= 8388607n) enc = 4;
  else if (w <= 2147483647n) enc = 5;
  else enc = 9;
  return enc + 1;
}

function lpIntEncSize(v: number): number {
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

function lpBacklenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

/**
 * listpack.c lpStringToInt64: the value of a canonical int64 string (no leading zeros,
 * spaces or '+', at most 20 chars), else null. Beyond 2^53 only the encoded size matters, so
 * such values are returned as a number just large enough to need the 9-byte encoding.
 */
function lpStringToInt(s: string): number | null {
  const len = s.length;
  if (len === 0 || len > 20) return null;
  let i = 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 48) return len === 1 ? 0 : null;
  if (c0 === 45) {
    if (len === 1) return null;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first < 49 || first > 57) return null;
  let v = first - 48;
  for (let j = i + 1; j < len; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  if (len - i < 16) return i === 1 ? -v : v;
  const b = BigInt(s);
  if (b > INT64_MAX || b < -INT64_MAX - 1n) return null;
  return b > 2147483647n || b < -2147483648n ? 4294967296 : Number(b);
}

/** Where {@link RedisStream.range} appends reply protocol. */
export interface ProtoOut {
  proto: string;
}

/** `$<n>\r\n` for n < 1024 (bulk string headers of the entry protocol). */
const BULK_HDR: string[] = [];
/** `*<n>\r\n` for n < 1024 (field/value array headers). */
const ARRAY_HDR: string[] = [];
for (let i = 0; i < 1024; i++) {
  BULK_HDR.push('$' + i + '\r\n');
  ARRAY_HDR.push('*' + i + '\r\n');
}

/** The bulk reply of a formatted ID, `$<len>\r\n<id>\r\n` (XADD's reply and an entry's first element). */
export function idBulk(idStr: string): string {
  return BULK_HDR[idStr.length] + idStr + '\r\n';
}

/** One node: a run of entries sharing a master entry (Redis: one listpack in the rax). */
export class StreamNode {
  /** The master ID (the rax key): the ID of the node's first entry. */
  readonly masterId: StreamID;
  /** Field names of the master entry. */
  readonly masterFields: string[];
  /** Entry IDs, ascending (deleted ones included until the node goes). */
  ids: StreamID[] = [];
  /**
   * The entries as their reply protocol, back to back (deleted ones included), in
   * {@link proto}: entry `i` is `*2\r\n$<len>\r\n<ms-seq>\r\n*<2n>\r\n$<len>\r\n<field>\r\n...`
   * at [offs[i], offs[i + 1]) (the last one ends at {@link size}). This is the node's only
   * copy of the IDs as text and of the fields and values (like Redis's listpack, one block
   * per node): reads reply whole runs of entries with one `slice`, and a node holds one flat
   * string instead of a string per field. Appended entries wait in `parts` and are joined
   * into `text` (one copy) on the first read or when the node is full.
   */
  private text = '';
  private parts: string[] | null = null;
  /** Length of the entries' protocol (of `text` plus `parts`). */
  private size = 0;
  /** Start offset of each entry in {@link proto}. */
  offs: number[] = [];
  /** Entry flags (FLAG_DELETED, FLAG_SAMEFIELDS). */
  flags: number[] = [];
  /** Live entries (Redis: the master entry's `count`). */
  count = 0;
  /** Entries flagged deleted (the master entry's `deleted`). */
  deleted = 0;
  /** Listpack bytes, apart from the count/deleted integers (kept exact incrementally). */
  private baseBytes: number;
  /** The 16-byte rax key, computed on first use. */
  private key: string | null = null;

  /** The node's rax key: its master ID as 16 big-endian bytes (Redis streamEncodeID). */
  get raxKey(): string {
    if (this.key === null) this.key = encodeIdKey(this.masterId);
    return this.key;
  }

  /** The master ID's parts as JS numbers, or NaN when beyond 2^53 (then BigInt math is used). */
  private readonly masterMsN: number;
  private readonly masterSeqN: number;

  constructor(masterId: StreamID, masterFields: string[]) {
    this.masterId = masterId;
    this.masterFields = masterFields;
    const ms = idMs(masterId);
    const seq = idSeq(masterId);
    this.masterMsN = ms <= MAX_SAFE ? Number(ms) : NaN;
    this.masterSeqN = seq <= MAX_SAFE ? Number(seq) : NaN;
    // header (6) + num-fields + fields + master terminator "0" + end byte (1).
    let b = 6 + lpIntSize(masterFields.length) + lpIntSize(0) + 1;
    for (let i = 0; i < masterFields.length; i++) b += lpEntrySize(masterFields[i]);
    this.baseBytes = b;
  }

  /** The listpack's total bytes (Redis lpBytes). */
  get bytes(): number {
    return this.baseBytes + lpIntSize(this.count) + lpIntSize(this.deleted);
  }

  /** True when the entry fields (fv[from..]) equal the master fields (SAMEFIELDS compression). */
  private sameFields(fv: readonly string[], from: number): boolean {
    const mf = this.masterFields;
    if (fv.length - from !== mf.length * 2) return false;
    for (let i = 0; i < mf.length; i++) if (fv[from + i * 2] !== mf[i]) return false;
    return true;
  }

  /** The entries' reply protocol (see {@link offs}): one flat string. */
  get proto(): string {
    if (this.parts !== null) this.materialize();
    return this.text;
  }

  /** Joins the pending pieces into `text`. */
  private materialize(): void {
    const joined = this.parts!.join('');
    this.parts = null;
    // After an earlier read this is a rope of two flat strings; V8 flattens it on the next
    // slice.
    this.text = this.text === '' ? joined : this.text + joined;
  }

  /**
   * Appends a live entry (Redis streamAppendItem's encoding of one entry). `ms`/`seq` are the
   * ID's parts as JS numbers when exact (< 2^53), else NaN; `idBulk` is the ID's bulk reply
   * (`$<len>\r\n<ms-seq>\r\n`); the fields and values are fv[from..].
   */
  append(id: StreamID, idBulk: string, ms: number, seq: number, fv: readonly string[], from = 0): void {
    const same = this.sameFields(fv, from);
    const flags = same ? FLAG_SAMEFIELDS : 0;
    const end = fv.length;
    const numfields = (end - from) >> 1;
    // ms and seq deltas are computed on uint64 parts and stored as int64 (C wraps).
    let size = 1 + 1; // flags (0 or 2): one byte + backlen
    const dms = ms - this.masterMsN;
    const dseq = seq - this.masterSeqN;
    if (dms === dms && dseq === dseq) size += lpIntSize(dms) + lpIntSize(dseq);
    else size += lpInt64Size(idMs(id) - idMs(this.masterId)) + lpInt64Size(idSeq(id) - idSeq(this.masterId));
    if (!same) {
      size += lpIntSize(numfields);
      for (let i = from; i < end; i++) size += lpEntrySize(fv[i]);
    } else {
      for (let i = from + 1; i < end; i += 2) size += lpEntrySize(fv[i]);
    }
    size += lpIntSize(numfields + 3 + (same ? 0 : numfields + 1));
    this.baseBytes += size;
    this.ids.push(id);
    this.flags.push(flags);
    this.count++;
    // The entry's protocol; the node's entries are joined into one string later (measured
    // cheaper than one rope of the whole node flattened, or a join of every piece).
    const n2 = end - from;
    let e = '*2\r\n' + idBulk + (n2 < ARRAY_HDR.length ? ARRAY_HDR[n2] : '*' + n2 + '\r\n');
    for (let i = from; i < end; i++) {
      const f = fv[i];
      const flen = f.length;
      e += (flen < BULK_HDR.length ? BULK_HDR[flen] : '$' + flen + '\r\n') + f + '\r\n';
    }
    if (this.parts === null) this.parts = [e];
    else this.parts.push(e);
    this.offs.push(this.size);
    this.size += e.length;
  }

  /** Joins the node's pending entry pieces into one flat string (when the node is full). */
  seal(): void {
    if (this.parts !== null) this.materialize();
  }

  /** A copy (the strings are immutable, so they are shared). */
  dup(): StreamNode {
    const m = new StreamNode(this.masterId, this.masterFields.slice());
    m.ids = this.ids.slice();
    m.text = this.proto;
    m.size = this.size;
    m.offs = this.offs.slice();
    m.flags = this.flags.slice();
    m.count = this.count;
    m.deleted = this.deleted;
    m.baseBytes = this.baseBytes;
    return m;
  }

  /** End offset of entry `i` in {@link proto}. */
  entryEnd(i: number): number {
    return i + 1 < this.offs.length ? this.offs[i + 1] : this.size;
  }

  /** The reply protocol of entry `i`: `[id, [field, value, ...]]`. */
  entryProto(i: number): string {
    return this.proto.slice(this.offs[i], this.entryEnd(i));
  }

  /** Entry `i`'s ID as Redis prints it ("ms-seq"). */
  idStr(i: number): string {
    const p = this.proto;
    let q = this.offs[i] + 5; // past "*2\r\n$"
    let len = 0;
    for (let ch = p.charCodeAt(q); ch !== 13; ch = p.charCodeAt(++q)) len = len * 10 + ch - 48;
    return p.slice(q + 2, q + 2 + len);
  }

  /** Entry `i`'s fields and values (flat: f1, v1, f2, v2, ...), decoded from {@link proto}. */
  fields(i: number): string[] {
    const p = this.proto;
    let q = this.offs[i] + 4; // past "*2\r\n"
    const bulk = (): string => {
      let len = 0;
      for (let ch = p.charCodeAt(++q); ch !== 13; ch = p.charCodeAt(++q)) len = len * 10 + ch - 48;
      const v = p.slice(q + 2, q + 2 + len);
      q += 2 + len + 2;
      return v;
    };
    bulk(); // the ID
    let n = 0;
    for (let ch = p.charCodeAt(++q); ch !== 13; ch = p.charCodeAt(++q)) n = n * 10 + ch - 48;
    q += 2;
    const out: string[] = new Array<string>(n);
    for (let k = 0; k < n; k++) out[k] = bulk();
    return out;
  }

  /**
   * The node's listpack as Redis lays it out (streamAppendItem, for RDB/DUMP): master entry
   * `count, deleted, num-fields, field..., 0`, then per entry `flags, ms-delta, seq-delta,
   * [num-fields, field, value ...] | [value ...], lp-count`. Integers are decimal strings:
   * lpAppend stores a canonical int64 string integer-encoded, so appending these with
   * lpAppend gives Redis's exact bytes (whose total is {@link bytes}).
   */
  listpackElements(): string[] {
    const mf = this.masterFields;
    const out: string[] = [String(this.count), String(this.deleted), String(mf.length)];
    for (let i = 0; i < mf.length; i++) out.push(mf[i]);
    out.push('0');
    const mMs = idMs(this.masterId);
    const mSeq = idSeq(this.masterId);
    for (let e = 0; e < this.ids.length; e++) {
      const id = this.ids[e];
      const flags = this.flags[e];
      const fv = this.fields(e);
      const numfields = fv.length >> 1;
      out.push(String(flags), BigInt.asIntN(64, idMs(id) - mMs).toString(), BigInt.asIntN(64, idSeq(id) - mSeq).toString());
      if ((flags & FLAG_SAMEFIELDS) === 0) {
        out.push(String(numfields));
        for (let i = 0; i < fv.length; i++) out.push(fv[i]);
      } else {
        for (let i = 1; i < fv.length; i += 2) out.push(fv[i]);
      }
      out.push(String(numfields + 3 + ((flags & FLAG_SAMEFIELDS) === 0 ? numfields + 1 : 0)));
    }
    return out;
  }

  /**
   * Rebuilds a node from its master ID (the rax key) and listpack elements as
   * {@link listpackElements} gives them (RDB loading; integers as decimal strings).
   * @throws Error when the elements do not form a valid stream listpack.
   */
  static fromListpackElements(masterId: StreamID, els: readonly string[]): StreamNode {
    let p = 0;
    const next = (): string => {
      if (p >= els.length) throw new Error('truncated stream listpack');
      return els[p++];
    };
    const int = (): bigint => {
      const v = next();
      if (!/^-?\d+$/.test(v)) throw new Error('bad integer in stream listpack');
      return BigInt(v);
    };
    const count = Number(int());
    const deleted = Number(int());
    const nmf = Number(int());
    if (nmf < 0) throw new Error('bad master field count');
    const mf: string[] = [];
    for (let i = 0; i < nmf; i++) mf.push(next());
    if (int() !== 0n) throw new Error('bad master entry terminator');
    const node = new StreamNode(masterId, mf);
    const mMs = idMs(masterId);
    const mSeq = idSeq(masterId);
    let live = 0;
    let dead = 0;
    while (p < els.length) {
      const flags = Number(int());
      const ms = BigInt.asUintN(64, mMs + int());
      const seq = BigInt.asUintN(64, mSeq + int());
      const fv: string[] = [];
      if ((flags & FLAG_SAMEFIELDS) !== 0) {
        for (let i = 0; i < nmf; i++) fv.push(mf[i], next());
      } else {
        const nf = Number(int());
        for (let i = 0; i < nf; i++) fv.push(next(), next());
      }
      int(); // lp-count
      const id = makeId(ms, seq);
      node.append(id, idBulk(formatId(id)), safeNum(ms), safeNum(seq), fv);
      if ((flags & FLAG_DELETED) !== 0) {
        node.markDeleted(node.ids.length - 1);
        dead++;
      } else {
        live++;
      }
    }
    if (live !== count || dead !== deleted) throw new Error('stream listpack counts do not match its entries');
    return node;
  }

  /** Flags entry `i` deleted (Redis lpReplaceInteger of its flags: same size). */
  markDeleted(i: number): void {
    this.flags[i] |= FLAG_DELETED;
    this.count--;
    this.deleted++;
  }

  /** True when entry `i` is flagged deleted. */
  isDeleted(i: number): boolean {
    return (this.flags[i] & FLAG_DELETED) !== 0;
  }

  /** The last live entry's index, or -1. */
  lastLive(): number {
    for (let i = this.ids.length - 1; i >= 0; i--) if ((this.flags[i] & FLAG_DELETED) === 0) return i;
    return -1;
  }

  /** The first live entry's index, or -1. */
  firstLive(): number {
    for (let i = 0; i < this.ids.length; i++) if ((this.flags[i] & FLAG_DELETED) === 0) return i;
    return -1;
  }

  /** Index of the first entry with id >= `id` (binary search). */
  lowerBound(id: StreamID): number {
    return lowerBoundIds(this.ids, id);
  }
}

/** A pending entry (Redis streamNACK). */
export class StreamNack {
  /** The consumer that owns it (null only transiently, for XCLAIM FORCE). */
  consumer: StreamConsumer | null;
  /** Last delivery time, Unix ms. */
  deliveryTime: number;
  /** Number of deliveries (uint64 in Redis; printed as int64). */
  deliveryCount: bigint;
  constructor(consumer: StreamConsumer | null, deliveryTime: number, deliveryCount: bigint) {
    this.consumer = consumer;
    this.deliveryTime = deliveryTime;
    this.deliveryCount = deliveryCount;
  }
}

/** Most IDs per chunk of an {@link IdMap}. */
const IDMAP_CHUNK = 128;

/**
 * A sorted map of ID -> value (Redis keeps PELs in a rax): the IDs in ascending order, cut
 * into chunks of at most {@link IDMAP_CHUNK} (parallel `ids`/`vals` arrays per chunk), so a
 * lookup is two binary searches and an insert or delete anywhere moves at most one chunk's
 * elements (plus, once per chunk split or emptied chunk, the chunk list). Appending an ID
 * greater than all others — the way XREADGROUP fills a PEL — fills the last chunk and starts
 * a new one; acknowledging the oldest ID — the way consumers drain one — empties the first.
 */
export class IdMap<V> {
  /** The chunks' IDs (each non-empty, ascending, all below the next chunk's). */
  private readonly ks: StreamID[][] = [];
  /** The chunks' values, parallel to {@link ks}. */
  private readonly vs: V[][] = [];
  /** Number of entries. */
  size = 0;

  /** Index of the chunk that may hold `id`: the last one whose first ID is <= id, else 0. */
  private chunkFor(id: StreamID): number {
    const ks = this.ks;
    let lo = 0;
    let hi = ks.length - 1;
    if (ks[hi][0] <= id) return hi;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ks[mid][0] <= id) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The smallest ID, or undefined when empty. */
  first(): StreamID | undefined {
    return this.size === 0 ? undefined : this.ks[0][0];
  }

  /** The largest ID, or undefined when empty. */
  last(): StreamID | undefined {
    if (this.size === 0) return undefined;
    const a = this.ks[this.ks.length - 1];
    return a[a.length - 1];
  }

  /** The value stored for `id`, or undefined. */
  get(id: StreamID): V | undefined {
    if (this.size === 0) return undefined;
    const k = this.chunkFor(id);
    const a = this.ks[k];
    const i = lowerBoundIds(a, id);
    return i < a.length && a[i] === id ? this.vs[k][i] : undefined;
  }

  /** Inserts or replaces. @returns true when inserted. */
  set(id: StreamID, v: V): boolean {
    const ks = this.ks;
    const vs = this.vs;
    if (this.size === 0) {
      ks.push([id]);
      vs.push([v]);
      this.size = 1;
      return true;
    }
    const lastK = ks.length - 1;
    const la = ks[lastK];
    if (la[la.length - 1] < id) {
      // Append: fill the last chunk, then start a new one.
      if (la.length < IDMAP_CHUNK) {
        la.push(id);
        vs[lastK].push(v);
      } else {
        ks.push([id]);
        vs.push([v]);
      }
      this.size++;
      return true;
    }
    const k = this.chunkFor(id);
    const a = ks[k];
    const i = lowerBoundIds(a, id);
    if (i < a.length && a[i] === id) {
      vs[k][i] = v;
      return false;
    }
    const va = vs[k];
    a.splice(i, 0, id);
    va.splice(i, 0, v);
    this.size++;
    if (a.length > IDMAP_CHUNK) {
      const h = a.length >> 1;
      ks.splice(k + 1, 0, a.splice(h));
      vs.splice(k + 1, 0, va.splice(h));
    }
    return true;
  }

  /** @returns true when removed. */
  delete(id: StreamID): boolean {
    if (this.size === 0) return false;
    const ks = this.ks;
    const vs = this.vs;
    const k = this.chunkFor(id);
    const a = ks[k];
    const i = lowerBoundIds(a, id);
    if (i >= a.length || a[i] !== id) return false;
    this.size--;
    const va = vs[k];
    if (a.length === 1) {
      ks.splice(k, 1);
      vs.splice(k, 1);
      return true;
    }
    if (i === 0) {
      a.shift();
      va.shift();
    } else if (i === a.length - 1) {
      a.pop();
      va.pop();
    } else {
      a.splice(i, 1);
      va.splice(i, 1);
    }
    // Keep chunks from thinning out: merge a small chunk into its successor when both fit.
    if (a.length < IDMAP_CHUNK >> 2 && k + 1 < ks.length && a.length + ks[k + 1].length <= IDMAP_CHUNK) {
      const b = ks[k + 1];
      const vb = vs[k + 1];
      for (let j = 0; j < b.length; j++) {
        a.push(b[j]);
        va.push(vb[j]);
      }
      ks.splice(k + 1, 1);
      vs.splice(k + 1, 1);
    }
    return true;
  }

  /**
   * An iterator over the entries with ID >= `start`, ascending: `for (const it =
   * map.iter(start); it.next(); ) use(it.id, it.val)`. The map must not change while it is
   * in use.
   */
  iter(start: StreamID = 0n): IdMapIter<V> {
    if (this.size === 0) return new IdMapIter(this.ks, this.vs, 0, 0);
    const k = this.chunkFor(start);
    return new IdMapIter(this.ks, this.vs, k, lowerBoundIds(this.ks[k], start));
  }
}

/** Iterator of an {@link IdMap} (see {@link IdMap.iter}). */
export class IdMapIter<V> {
  /** The current entry, after next() returned true. */
  id: StreamID = 0n;
  val: V | undefined = undefined;
  constructor(
    private readonly ks: StreamID[][],
    private readonly vs: V[][],
    private k: number,
    private i: number,
  ) {}

  /** Moves to the next entry. @returns false at the end. */
  next(): boolean {
    const ks = this.ks;
    while (this.k < ks.length) {
      const a = ks[this.k];
      if (this.i < a.length) {
        this.id = a[this.i];
        this.val = this.vs[this.k][this.i];
        this.i++;
        return true;
      }
      this.k++;
      this.i = 0;
    }
    return false;
  }
}

/** Index of the first ID >= `id` in the ascending `ids`. */
function lowerBoundIds(ids: readonly StreamID[], id: StreamID): number {
  let lo = 0;
  let hi = ids.length;
  if (hi > 0 && ids[hi - 1] < id) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A consumer of a group (Redis streamConsumer). */
export class StreamConsumer {
  readonly name: string;
  /** Last time it tried to read/claim (XINFO "idle" base, "seen-time"), Unix ms. */
  seenTime: number;
  /** Last successful read/claim (XINFO "inactive" base, "active-time"), Unix ms; -1 = never. */
  activeTime = -1;
  /** Its pending entries (shared NACK objects with the group PEL). */
  pel: IdMap<StreamNack> = new IdMap();
  constructor(name: string, now: number) {
    this.name = name;
    this.seenTime = now;
  }
}

/** Redis SCG_INVALID_ENTRIES_READ. */
export const SCG_INVALID_ENTRIES_READ = -1n;

/** Byte-order comparison of two one-byte strings (rax key order). */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A consumer group (Redis streamCG). */
export class StreamCG {
  /** Last delivered ID. */
  lastId: StreamID;
  /** Logical read counter (entries_read), or SCG_INVALID_ENTRIES_READ. */
  entriesRead: bigint;
  /** Group pending entries list. */
  pel: IdMap<StreamNack> = new IdMap();
  /** Consumers by name (listings sort them: see {@link sortedConsumers}). */
  consumers: Map<string, StreamConsumer> = new Map();
  constructor(lastId: StreamID, entriesRead: bigint) {
    this.lastId = lastId;
    this.entriesRead = entriesRead;
  }

  /** Consumers in rax (byte) order of their names. */
  sortedConsumers(): StreamConsumer[] {
    const a = [...this.consumers.values()];
    if (a.length > 1) a.sort((x, y) => byteOrder(x.name, y.name));
    return a;
  }

  /**
   * Creates a consumer (Redis streamCreateConsumer, minus the dirty/notify side effects the
   * caller performs). @returns it, or null when it already exists.
   */
  createConsumer(name: string, now: number): StreamConsumer | null {
    if (this.consumers.has(name)) return null;
    const c = new StreamConsumer(name, now);
    this.consumers.set(name, c);
    return c;
  }

  /** Deletes a consumer and its pending entries from the group PEL (Redis streamDelConsumer). */
  deleteConsumer(consumer: StreamConsumer): void {
    for (const it = consumer.pel.iter(); it.next(); ) this.pel.delete(it.id);
    this.consumers.delete(consumer.name);
  }
}

/** The stream value (Redis `stream`). */
export class RedisStream implements RedisObject {
  readonly type = ObjType.Stream;
  /** Nodes in ID order (the rax). */
  nodes: StreamNode[] = [];
  /** Live entries. */
  length = 0;
  /** Last generated ID. */
  lastId: StreamID = 0n;
  /** First live entry's ID (0-0 when empty). */
  firstId: StreamID = 0n;
  /** Largest ID ever deleted by XDEL (or set by XSETID MAXDELETEDID). */
  maxDeletedEntryId: StreamID = 0n;
  /**
   * Entries ever added, as a number while exact (XADD counts without allocating a BigInt),
   * else (only after XSETID ENTRIESADDED or an RDB load beyond 2^53) in `addedBig`.
   */
  private addedN = 0;
  private addedBig: bigint | null = null;

  /** Entries ever added (uint64). */
  get entriesAdded(): bigint {
    return this.addedBig !== null ? this.addedBig : BigInt(this.addedN);
  }
  set entriesAdded(v: bigint) {
    if (v >= 0n && v <= MAX_SAFE) {
      this.addedN = Number(v);
      this.addedBig = null;
    } else {
      this.addedBig = v;
    }
  }

  /** True when no entry was ever added (entries-added is 0). */
  get noEntriesAdded(): boolean {
    return this.addedBig === null && this.addedN === 0;
  }
  /** Consumer groups by name (listings sort them: see {@link sortedGroups}). */
  cgroups: Map<string, StreamCG> = new Map();
  /**
   * The last appended ID and its parts as JS numbers (NaN beyond 2^53): lets XADD build the
   * next `*` ID without BigInt formatting while `tailId === lastId`.
   */
  tailId: StreamID = -1n;
  tailMsN = NaN;
  tailSeqN = NaN;

  /** Always "stream". */
  encoding(): string {
    return 'stream';
  }

  /** Groups with their names, in rax (byte) order of the names. */
  sortedGroups(): Array<[string, StreamCG]> {
    const a = [...this.cgroups.entries()];
    if (a.length > 1) a.sort((x, y) => byteOrder(x[0], y[0]));
    return a;
  }

  /** A deep copy (COPY, Redis streamDup): nodes, metadata, groups, consumers and PELs. */
  dup(): RedisStream {
    const s = new RedisStream();
    for (const n of this.nodes) {
      s.nodes.push(n.dup());
    }
    s.length = this.length;
    s.lastId = this.lastId;
    s.firstId = this.firstId;
    s.maxDeletedEntryId = this.maxDeletedEntryId;
    s.entriesAdded = this.entriesAdded;
    for (const [name, g] of this.cgroups) {
      const ng = new StreamCG(g.lastId, g.entriesRead);
      const copies = new Map<StreamNack, StreamNack>();
      for (const it = g.pel.iter(); it.next(); ) {
        const nack = it.val!;
        const copy = new StreamNack(null, nack.deliveryTime, nack.deliveryCount);
        copies.set(nack, copy);
        ng.pel.set(it.id, copy);
      }
      for (const [cname, c] of g.consumers) {
        const nc = new StreamConsumer(cname, c.seenTime);
        nc.activeTime = c.activeTime;
        for (const it = c.pel.iter(); it.next(); ) {
          const copy = copies.get(it.val!)!;
          copy.consumer = nc;
          nc.pel.set(it.id, copy);
        }
        ng.consumers.set(cname, nc);
      }
      s.cgroups.set(name, ng);
    }
    return s;
  }

  /**
   * Appends an entry with ID `id` (> lastId, checked by the caller) (Redis streamAppendItem),
   * starting a new node when the tail node is full by bytes or by entries (live + deleted).
   * @param maxEntries stream-node-max-entries (0 = unlimited).
   * @param maxBytes stream-node-max-bytes (0 = STREAM_LISTPACK_MAX_SIZE).
   */
  append(id: StreamID, fv: string[], maxEntries: number, maxBytes: number, idStr: string = formatId(id), ms: number = safeNum(idMs(id)), seq: number = safeNum(idSeq(id))): void {
    let totelelen = 0;
    for (let i = 0; i < fv.length; i++) totelelen += fv[i].length;
    this.appendFrom(id, fv, 0, totelelen, maxEntries, maxBytes, idBulk(idStr), ms, seq);
  }

  /**
   * {@link append} with the fields and values in fv[from..] (XADD passes its argv),
   * `totelelen` their total length, `bulk` the ID's bulk reply ({@link idBulk}) and `ms`/`seq`
   * the ID's parts as numbers (NaN beyond 2^53).
   */
  appendFrom(id: StreamID, fv: readonly string[], from: number, totelelen: number, maxEntries: number, maxBytes: number, bulk: string, ms: number, seq: number): void {
    const nodes = this.nodes;
    let tail = nodes.length > 0 ? nodes[nodes.length - 1] : null;
    if (tail !== null) {
      const nodeMax = maxBytes === 0 || maxBytes > STREAM_LISTPACK_MAX_SIZE ? STREAM_LISTPACK_MAX_SIZE : maxBytes;
      if (tail.bytes + totelelen >= nodeMax) tail = null;
      else if (maxEntries !== 0 && tail.count + tail.deleted >= maxEntries) tail = null;
    }
    if (tail === null) {
      if (nodes.length > 0) nodes[nodes.length - 1].seal();
      const fields: string[] = new Array<string>((fv.length - from) >> 1);
      for (let i = from; i < fv.length; i += 2) fields[(i - from) >> 1] = fv[i];
      tail = new StreamNode(id, fields);
      nodes.push(tail);
    }
    tail.append(id, bulk, ms, seq, fv, from);
    this.tailId = id;
    this.tailMsN = ms;
    this.tailSeqN = seq;
    this.length++;
    if (this.addedBig === null && this.addedN < Number.MAX_SAFE_INTEGER) this.addedN++;
    else this.entriesAdded = this.entriesAdded + 1n;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  /** Index of the node that may contain `id` (the last node whose master ID <= id), or -1. */
  nodeFor(id: StreamID): number {
    const nodes = this.nodes;
    let lo = 0;
    let hi = nodes.length - 1;
    if (hi >= 0 && nodes[hi].masterId <= id) return hi;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (nodes[mid].masterId <= id) {
        ans = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return ans;
  }

  /**
   * Replies the live entries with start <= id <= end, ascending (or descending with `rev`), up
   * to `count` (0 = no limit) (Redis streamReplyWithRange's iteration): appends their
   * protocol to `out.proto` — runs of consecutive live entries as one slice of their node's
   * {@link StreamNode.proto} — and, when `outIds` is given, pushes their IDs to it.
   * @returns the number of entries.
   */
  range(start: StreamID, end: StreamID, rev: boolean, count: number, out: ProtoOut, outIds: StreamID[] | null = null): number {
    let emitted = 0;
    if (start > end || this.length === 0) return 0;
    const nodes = this.nodes;
    let buf = out.proto;
    if (!rev) {
      let ni = this.nodeFor(start);
      if (ni < 0) ni = 0;
      for (; ni < nodes.length; ni++) {
        const n = nodes[ni];
        if (n.masterId > end) break;
        const ids = n.ids;
        const len = ids.length;
        let i = n.lowerBound(start);
        if (i >= len) continue;
        // Entries up to `stop` (exclusive) are <= end.
        const stop = ids[len - 1] <= end ? len : n.lowerBound(end + 1n);
        let done = false;
        if (n.deleted === 0) {
          let last = stop;
          if (count !== 0 && last - i >= count - emitted) {
            last = i + (count - emitted);
            done = true;
          }
          if (last > i) {
            buf += n.proto.slice(n.offs[i], n.entryEnd(last - 1));
            if (outIds !== null) for (let k = i; k < last; k++) outIds.push(ids[k]);
            emitted += last - i;
          }
        } else {
          const flags = n.flags;
          let run = -1;
          for (; i < stop; i++) {
            if ((flags[i] & FLAG_DELETED) !== 0) {
              if (run >= 0) {
                buf += n.proto.slice(n.offs[run], n.offs[i]);
                run = -1;
              }
              continue;
            }
            if (run < 0) run = i;
            if (outIds !== null) outIds.push(ids[i]);
            emitted++;
            if (count !== 0 && emitted >= count) {
              done = true;
              i++;
              break;
            }
          }
          if (run >= 0) buf += n.proto.slice(n.offs[run], n.entryEnd(i - 1));
        }
        if (done || stop < len) break;
      }
    } else {
      let ni = this.nodeFor(end);
      for (; ni >= 0; ni--) {
        const n = nodes[ni];
        const ids = n.ids;
        const flags = n.flags;
        let i = n.lowerBound(end);
        if (i >= ids.length || ids[i] > end) i--;
        for (; i >= 0; i--) {
          const id = ids[i];
          if (id < start) {
            out.proto = buf;
            return emitted;
          }
          if ((flags[i] & FLAG_DELETED) !== 0) continue;
          buf += n.entryProto(i);
          if (outIds !== null) outIds.push(id);
          emitted++;
          if (count !== 0 && emitted >= count) {
            out.proto = buf;
            return emitted;
          }
        }
      }
    }
    out.proto = buf;
    return emitted;
  }

  /** Finds a live entry: its node and index there, or null (Redis streamEntryExists). */
  private find(id: StreamID): StreamNode | null {
    const ni = this.nodeFor(id);
    if (ni < 0) return null;
    const n = this.nodes[ni];
    const i = n.lowerBound(id);
    if (i < n.ids.length && n.ids[i] === id && !n.isDeleted(i)) {
      this.foundIndex = i;
      return n;
    }
    return null;
  }
  private foundIndex = 0;

  /** The fields/values of a live entry, or null. */
  lookup(id: StreamID): string[] | null {
    const n = this.find(id);
    return n === null ? null : n.fields(this.foundIndex);
  }

  /** The reply protocol `[id, [field, value, ...]]` of a live entry, or null. */
  lookupProto(id: StreamID): string | null {
    const n = this.find(id);
    return n === null ? null : n.entryProto(this.foundIndex);
  }

  /**
   * Deletes one live entry as XDEL does (Redis streamDeleteItem + xdelCommand's
   * bookkeeping): flags it deleted, or drops its node when it was the node's last live
   * entry; updates length, the first ID and the max deleted ID.
   * @returns true when the entry existed.
   */
  deleteEntry(id: StreamID): boolean {
    const ni = this.nodeFor(id);
    if (ni < 0) return false;
    const n = this.nodes[ni];
    const i = n.lowerBound(id);
    if (i >= n.ids.length || n.ids[i] !== id || n.isDeleted(i)) return false;
    if (n.count === 1) this.nodes.splice(ni, 1);
    else n.markDeleted(i);
    this.length--;
    if (id > this.maxDeletedEntryId) this.maxDeletedEntryId = id;
    if (this.length === 0) this.firstId = 0n;
    else if (id === this.firstId) this.updateFirstId();
    return true;
  }

  /** Recomputes firstId (0-0 when empty), as streamGetEdgeID(s,1,1,...) does. */
  updateFirstId(): void {
    if (this.length === 0) {
      this.firstId = 0n;
      return;
    }
    for (const n of this.nodes) {
      const i = n.firstLive();
      if (i >= 0) {
        this.firstId = n.ids[i];
        return;
      }
    }
  }

  /** The last live entry's ID, or null when empty (Redis streamLastValidID). */
  lastEntryId(): StreamID | null {
    for (let ni = this.nodes.length - 1; ni >= 0; ni--) {
      const i = this.nodes[ni].lastLive();
      if (i >= 0) return this.nodes[ni].ids[i];
    }
    return null;
  }

  /**
   * The first ID of the stream, tombstones included (streamGetEdgeID(s,1,0,...)), as XADD/XTRIM
   * rewrite MINID for propagation; 2^64-1-2^64-1 when there are no entries at all.
   */
  firstEdgeId(): StreamID {
    return this.nodes.length > 0 ? this.nodes[0].ids[0] : STREAM_ID_MAX;
  }

  /**
   * Trims (Redis streamTrim): by MAXLEN (`minid` null) or MINID, approximately (whole nodes
   * only) or exactly, removing at most `limit` entries by whole nodes (0 = no limit).
   * @returns the number of entries removed.
   */
  trim(maxlen: number, minid: StreamID | null, approx: boolean, limit: number): number {
    let deleted = 0;
    const byMaxlen = minid === null;
    const nodes = this.nodes;
    let removeFront = 0;
    while (removeFront < nodes.length) {
      if (byMaxlen && this.length <= maxlen) break;
      const n = nodes[removeFront];
      const entries = n.count;
      if (limit !== 0 && deleted + entries > limit) break;
      let removeNode: boolean;
      if (byMaxlen) {
        removeNode = this.length - entries >= maxlen;
      } else {
        // The node's last ID, deleted entries included (lpGetEdgeStreamID).
        removeNode = n.ids[n.ids.length - 1] < minid!;
      }
      if (removeNode) {
        removeFront++;
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (approx) break;
      const ids = n.ids;
      for (let i = 0; i < ids.length; i++) {
        const stop = byMaxlen ? this.length <= maxlen : ids[i] >= minid!;
        if (stop) break;
        if (!n.isDeleted(i)) {
          n.markDeleted(i);
          this.length--;
          deleted++;
        }
      }
      break;
    }
    if (removeFront > 0) nodes.splice(0, removeFront);
    if (this.length === 0) this.firstId = 0n;
    else if (deleted > 0) this.updateFirstId();
    return deleted;
  }

  /** Number of nodes (XINFO radix-tree-keys). */
  get radixTreeKeys(): number {
    return this.nodes.length;
  }

  /**
   * Number of nodes a Redis rax holding the node keys (16-byte big-endian IDs) would have
   * (XINFO radix-tree-nodes).
   */
  radixTreeNodes(): number {
    const keys: string[] = new Array<string>(this.nodes.length);
    for (let i = 0; i < this.nodes.length; i++) keys[i] = this.nodes[i].raxKey;
    return raxNodeCount(keys);
  }

  /**
   * Redis streamRangeHasTombstones: whether [start, end] (end = +inf when null) may contain a
   * deleted entry, judged by the max deleted ID.
   */
  rangeHasTombstones(start: StreamID, end: StreamID | null): boolean {
    if (this.length === 0 || this.maxDeletedEntryId === 0n) return false;
    if (this.firstId > this.maxDeletedEntryId) return false;
    const endId = end === null ? STREAM_ID_MAX : end;
    return start <= this.maxDeletedEntryId && this.maxDeletedEntryId <= endId;
  }

  /**
   * Redis streamEstimateDistanceFromFirstEverEntry: the logical read counter of `id`, or
   * SCG_INVALID_ENTRIES_READ when it cannot be known.
   */
  estimateDistanceFromFirstEverEntry(id: StreamID): bigint {
    if (this.noEntriesAdded) return 0n;
    if (this.length === 0 && id <= this.lastId) return this.entriesAdded;
    if (id === this.lastId) return this.entriesAdded;
    if (id > this.lastId) return SCG_INVALID_ENTRIES_READ;
    if (this.maxDeletedEntryId === 0n || this.maxDeletedEntryId < this.firstId) {
      if (id < this.firstId) return this.entriesAdded - BigInt(this.length);
      if (id === this.firstId) return this.entriesAdded - BigInt(this.length) + 1n;
    }
    return SCG_INVALID_ENTRIES_READ;
  }

  /** Redis streamReplyWithCGLag's value: the group's lag, or null when unknown. */
  groupLag(cg: StreamCG): bigint | null {
    if (this.noEntriesAdded) return 0n;
    if (cg.entriesRead !== SCG_INVALID_ENTRIES_READ && !this.rangeHasTombstones(cg.lastId, null)) {
      return asInt64(this.entriesAdded - cg.entriesRead);
    }
    const er = this.estimateDistanceFromFirstEverEntry(cg.lastId);
    if (er !== SCG_INVALID_ENTRIES_READ) return asInt64(this.entriesAdded - er);
    return null;
  }
}

/** `v` as a JS number when exactly representable (< 2^53), else NaN. */
export function safeNum(v: bigint): number {
  return v <= MAX_SAFE ? Number(v) : NaN;
}

/** The 16-byte big-endian rax key of an ID (Redis streamEncodeID), as a one-byte string. */
export function encodeIdKey(id: StreamID): string {
  let k = '';
  for (let shift = 120n; shift >= 0n; shift -= 8n) k += String.fromCharCode(Number((id >> shift) & 255n));
  return k;
}

/**
 * Counts the nodes of a Redis rax containing `keys` (sorted, distinct, none a prefix of
 * another — true for fixed-length stream keys): the root, one node per compressed run of
 * single-child, non-key nodes, one per branching point child, and one (empty) node per key.
 */
export function raxNodeCount(keys: readonly string[]): number {
  if (keys.length === 0) return 1; // just the empty root
  return 1 + countBelow(keys, 0, keys.length, 0);
}

/**
 * Nodes strictly below the node that starts consuming characters at `depth`, for the keys
 * keys[lo..hi) (all sharing the first `depth` characters).
 */
function countBelow(keys: readonly string[], lo: number, hi: number, depth: number): number {
  const keyLen = keys[lo].length;
  if (hi - lo === 1) {
    // A compressed node of the remaining characters, then the key's leaf.
    return depth < keyLen ? 1 : 0;
  }
  const first = keys[lo];
  const last = keys[hi - 1];
  if (first.charCodeAt(depth) === last.charCodeAt(depth)) {
    // Single edge: this node is compressed up to where the keys diverge; the branching
    // node there is its only child.
    let d = depth;
    while (first.charCodeAt(d) === last.charCodeAt(d)) d++;
    return 1 + countBelow(keys, lo, hi, d);
  }
  // A branching node: one child per distinct character.
  let total = 0;
  let i = lo;
  while (i < hi) {
    const ch = keys[i].charCodeAt(depth);
    let j = i + 1;
    while (j < hi && keys[j].charCodeAt(depth) === ch) j++;
    total += 1 + countBelow(keys, i, j, depth + 1);
    i = j;
  }
  return total;
}

// ---------------------------------------------------------------------------------------
// RDB serialization (Redis rdb.c rdbSaveObject / rdbLoadObject for OBJ_STREAM)
// ---------------------------------------------------------------------------------------

/** RDB_TYPE_STREAM_LISTPACKS (Redis 5/6): no first/max-deleted IDs, entries-added, entries-read. */
export const RDB_TYPE_STREAM_LISTPACKS = 15;
/** RDB_TYPE_STREAM_LISTPACKS_2 (Redis 7.0): adds them. */
export const RDB_TYPE_STREAM_LISTPACKS_2 = 19;
/** RDB_TYPE_STREAM_LISTPACKS_3 (Redis 7.2): consumers also carry active-time. */
export const RDB_TYPE_STREAM_LISTPACKS_3 = 21;

/** rdbSaveLen of a uint64 (bigint): 6-bit, 14-bit, 32-bit or 64-bit form. */
function writeLen64(w: RdbWriter, v: bigint): void {
  if (v <= 0xffffffffn) {
    w.writeLen(Number(v));
    return;
  }
  const b = Buffer.allocUnsafe(9);
  b[0] = 0x81;
  b.writeBigUInt64BE(BigInt.asUintN(64, v), 1);
  w.writeBytes(b, 0, 9);
}

/** rdbLoadLen as a uint64 bigint. @throws Error on an encoded value where a length belongs. */
function readLen64(r: RdbReader): bigint {
  const first = r.readByte();
  const kind = (first & 0xc0) >> 6;
  if (kind === 0) return BigInt(first & 0x3f);
  if (kind === 1) return BigInt(((first & 0x3f) << 8) | r.readByte());
  if (first === 0x80) {
    let v = 0n;
    for (let i = 0; i < 4; i++) v = (v << 8n) | BigInt(r.readByte());
    return v;
  }
  if (first === 0x81) {
    let v = 0n;
    for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(r.readByte());
    return v;
  }
  throw new Error('Unknown length encoding in rdbLoadLen()');
}

/** rdbSaveMillisecondTime. */
function writeMillis(w: RdbWriter, ms: number): void {
  w.writeMillis(ms);
}

/** Reads a raw 16-byte big-endian stream ID (rdbLoadRaw of a PEL key). */
function readRawId(r: RdbReader): StreamID {
  let v = 0n;
  for (let i = 0; i < 16; i++) v = (v << 8n) | BigInt(r.readByte());
  return v;
}

/** Writes a raw 16-byte big-endian stream ID (rdbWriteRaw of a PEL key). */
function writeRawId(w: RdbWriter, id: StreamID): void {
  const b = Buffer.from(encodeIdKey(id), 'latin1');
  w.writeBytes(b, 0, 16);
}

/**
 * Writes a stream's RDB payload (after the type byte) as Redis's rdbSaveObject does:
 * listpack nodes keyed by their 16-byte master IDs, length, last/first/max-deleted IDs and
 * entries-added, then each group (rax order): name, last ID, entries-read, the PEL with
 * delivery time and count, and the consumers (name, seen-time, [active-time for
 * RDB_TYPE_STREAM_LISTPACKS_3], their PEL IDs).
 * @param rdbType RDB_TYPE_STREAM_LISTPACKS_3 (7.2) or _2 (7.0 compatibility).
 * @param lp a reusable listpack builder.
 */
export function saveStreamRdb(w: RdbWriter, lp: ListpackBuilder, s: RedisStream, rdbType: number): void {
  w.writeLen(s.nodes.length);
  for (const node of s.nodes) {
    w.writeString(encodeIdKey(node.masterId));
    lp.begin();
    const els = node.listpackElements();
    for (let i = 0; i < els.length; i++) lp.appendString(els[i]);
    const n = lp.finish();
    w.writeStringBytes(lp.buf, 0, n);
  }
  w.writeLen(s.length);
  writeLen64(w, idMs(s.lastId));
  writeLen64(w, idSeq(s.lastId));
  if (rdbType >= RDB_TYPE_STREAM_LISTPACKS_2) {
    writeLen64(w, idMs(s.firstId));
    writeLen64(w, idSeq(s.firstId));
    writeLen64(w, idMs(s.maxDeletedEntryId));
    writeLen64(w, idSeq(s.maxDeletedEntryId));
    writeLen64(w, s.entriesAdded);
  }
  const groups = s.sortedGroups();
  w.writeLen(groups.length);
  for (const [name, cg] of groups) {
    w.writeString(name);
    writeLen64(w, idMs(cg.lastId));
    writeLen64(w, idSeq(cg.lastId));
    if (rdbType >= RDB_TYPE_STREAM_LISTPACKS_2) writeLen64(w, BigInt.asUintN(64, cg.entriesRead));
    w.writeLen(cg.pel.size);
    for (const it = cg.pel.iter(); it.next(); ) {
      writeRawId(w, it.id);
      const nack = it.val!;
      writeMillis(w, nack.deliveryTime);
      writeLen64(w, nack.deliveryCount);
    }
    const consumers = cg.sortedConsumers();
    w.writeLen(consumers.length);
    for (const consumer of consumers) {
      w.writeString(consumer.name);
      writeMillis(w, consumer.seenTime);
      if (rdbType >= RDB_TYPE_STREAM_LISTPACKS_3) writeMillis(w, consumer.activeTime);
      w.writeLen(consumer.pel.size);
      for (const it = consumer.pel.iter(); it.next(); ) writeRawId(w, it.id);
    }
  }
}

/**
 * Reads a stream's RDB payload (after the type byte) as Redis 7.2's rdbLoadObject does for
 * RDB_TYPE_STREAM_LISTPACKS, _2 and _3 (older types get first ID, entries-added and
 * entries-read estimated; consumers without active-time get their seen-time).
 * @throws Error on malformed data (empty or invalid listpacks, a listpack whose first entry
 *   does not match its key, a consumer PEL entry missing from the group PEL, a group PEL
 *   entry without consumer, duplicate groups or consumers).
 */
export function loadStreamRdb(r: RdbReader, rdbType: number): RedisStream {
  const s = new RedisStream();
  const nnodes = r.readLen();
  let lastKey = -1n;
  for (let i = 0; i < nnodes; i++) {
    const key = r.readString();
    if (key.length !== 16) throw new Error('Stream node key entry is not the size of a stream ID');
    let masterId = 0n;
    for (let k = 0; k < 16; k++) masterId = (masterId << 8n) | BigInt(key.charCodeAt(k));
    const [b, start, end] = r.readStringBytes();
    const els = decodeListpack(b, start, end - start);
    if (els.length === 0) throw new Error('Empty listpack inside stream');
    const node = StreamNode.fromListpackElements(masterId, els);
    if (node.ids.length === 0 || node.ids[0] !== masterId) throw new Error('Stream listpack first entry does not match its master ID');
    if (masterId <= lastKey) throw new Error('Stream node keys out of order');
    lastKey = masterId;
    s.nodes.push(node);
  }
  s.length = Number(readLen64(r));
  s.lastId = makeId(readLen64(r), readLen64(r));
  if (rdbType >= RDB_TYPE_STREAM_LISTPACKS_2) {
    s.firstId = makeId(readLen64(r), readLen64(r));
    s.maxDeletedEntryId = makeId(readLen64(r), readLen64(r));
    s.entriesAdded = readLen64(r);
  } else {
    s.maxDeletedEntryId = 0n;
    s.entriesAdded = BigInt(s.length);
    s.updateFirstId();
  }
  let live = 0;
  for (const n of s.nodes) live += n.count;
  if (live !== s.length) throw new Error('Stream length does not match its entries');
  const ngroups = r.readLen();
  for (let g = 0; g < ngroups; g++) {
    const name = r.readString();
    const lastId = makeId(readLen64(r), readLen64(r));
    const entriesRead = rdbType >= RDB_TYPE_STREAM_LISTPACKS_2 ? BigInt.asIntN(64, readLen64(r)) : s.estimateDistanceFromFirstEverEntry(lastId);
    if (s.cgroups.has(name)) throw new Error('Duplicated consumer group name');
    const cg = new StreamCG(lastId, entriesRead);
    s.cgroups.set(name, cg);
    const npel = r.readLen();
    for (let i = 0; i < npel; i++) {
      const id = readRawId(r);
      const t = r.readMillis();
      const nack = new StreamNack(null, typeof t === 'bigint' ? Number(t) : t, readLen64(r));
      if (!cg.pel.set(id, nack)) throw new Error('Duplicated global PEL entry');
    }
    const nconsumers = r.readLen();
    for (let k = 0; k < nconsumers; k++) {
      const cname = r.readString();
      const seen = r.readMillis();
      const consumer = new StreamConsumer(cname, typeof seen === 'bigint' ? Number(seen) : seen);
      if (rdbType >= RDB_TYPE_STREAM_LISTPACKS_3) {
        const active = r.readMillis();
        consumer.activeTime = typeof active === 'bigint' ? Number(active) : active;
      } else {
        consumer.activeTime = consumer.seenTime;
      }
      if (cg.consumers.has(cname)) throw new Error('Duplicated consumer name');
      cg.consumers.set(cname, consumer);
      const cpel = r.readLen();
      for (let i = 0; i < cpel; i++) {
        const id = readRawId(r);
        const nack = cg.pel.get(id);
        if (nack === undefined) throw new Error('Consumer entry not found in group global PEL');
        if (nack.consumer !== null) throw new Error('Duplicated consumer PEL entry');
        nack.consumer = consumer;
        consumer.pel.set(id, nack);
      }
    }
    for (const it = cg.pel.iter(); it.next(); ) if (it.val!.consumer === null) throw new Error('Stream PEL NACK missing a consumer');
  }
  if (s.nodes.length > 0) {
    const tail = s.nodes[s.nodes.length - 1];
    const id = tail.ids[tail.ids.length - 1];
    s.tailId = id;
    s.tailMsN = safeNum(idMs(id));
    s.tailSeqN = safeNum(idSeq(id));
  }
  return s;
}
