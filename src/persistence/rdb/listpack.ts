/**
 * The compact encodings stored inside RDB strings, byte for byte as Redis writes them:
 * listpack (listpack.c) and intset (intset.c) encoders and decoders, and decoders for the
 * older ziplist (ziplist.c) and zipmap (zipmap.c) formats that Redis still loads.
 *
 * Elements are one-byte strings; integer entries decode to their canonical decimal text.
 */
import { string2ll } from '../../util/numbers.js';
import { RdbError, latin1 } from './constants.js';

/** LP_HDR_NUMELE_UNKNOWN: the header count when a listpack holds 65535 or more entries. */
const LP_HDR_NUMELE_UNKNOWN = 65535;

/**
 * Builds a listpack in a reusable growable buffer (Redis lpAppend / lpAppendInteger).
 * `begin()`, then append entries, then `finish()` returns the byte length; the bytes are
 * `buf[0..len)` until the next `begin()`.
 */
export class ListpackBuilder {
  buf: Buffer = Buffer.allocUnsafe(4096);
  private pos = 6;
  private count = 0;

  /** Starts a new listpack. */
  begin(): void {
    this.pos = 6;
    this.count = 0;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const nb = Buffer.allocUnsafe(size);
    this.buf.copy(nb, 0, 0, this.pos);
    this.buf = nb;
  }

  /** Writes the backlen of an entry whose encoding+data took `l` bytes (lpEncodeBacklen). */
  private backlen(l: number): void {
    const b = this.buf;
    let p = this.pos;
    if (l <= 127) {
      b[p++] = l;
    } else if (l < 16383) {
      b[p++] = l >>> 7;
      b[p++] = (l & 127) | 128;
    } else if (l < 2097151) {
      b[p++] = l >>> 14;
      b[p++] = ((l >>> 7) & 127) | 128;
      b[p++] = (l & 127) | 128;
    } else if (l < 268435455) {
      b[p++] = l >>> 21;
      b[p++] = ((l >>> 14) & 127) | 128;
      b[p++] = ((l >>> 7) & 127) | 128;
      b[p++] = (l & 127) | 128;
    } else {
      b[p++] = Math.floor(l / 268435456);
      b[p++] = ((l >>> 21) & 127) | 128;
      b[p++] = ((l >>> 14) & 127) | 128;
      b[p++] = ((l >>> 7) & 127) | 128;
      b[p++] = (l & 127) | 128;
    }
    this.pos = p;
  }

  /**
   * Appends an element (Redis `lpAppend`): a string that is the canonical form of an int64
   * (lpStringToInt64) is stored as an integer entry.
   */
  appendString(s: string): void {
    const n = s.length;
    if (n > 0 && n <= 20) {
      const c0 = s.charCodeAt(0);
      if ((c0 >= 48 && c0 <= 57) || c0 === 45) {
        const v = string2ll(s);
        if (v !== null) {
          if (v > -2147483649 && v < 2147483648) this.appendInteger(v);
          else this.appendInt64(BigInt(s));
          return;
        }
      }
    }
    this.appendRawString(s);
  }

  /** Appends `s` as a string entry, never as an integer. */
  appendRawString(s: string): void {
    const n = s.length;
    this.ensure(n + 10);
    const b = this.buf;
    let p = this.pos;
    let enclen: number;
    if (n < 64) {
      b[p++] = 0x80 | n;
      enclen = 1 + n;
    } else if (n < 4096) {
      b[p++] = 0xe0 | (n >>> 8);
      b[p++] = n & 0xff;
      enclen = 2 + n;
    } else {
      b[p++] = 0xf0;
      b.writeUInt32LE(n, p);
      p += 4;
      enclen = 5 + n;
    }
    if (n < 48) {
      for (let i = 0; i < n; i++) b[p + i] = s.charCodeAt(i);
    } else {
      b.write(s, p, n, 'latin1');
    }
    this.pos = p + n;
    this.backlen(enclen);
    this.count++;
  }

  /** Appends an integer entry for a safe integer in int32 range or beyond (Redis `lpAppendInteger`). */
  appendInteger(v: number): void {
    if (v < -2147483648 || v > 2147483647) {
      this.appendInt64(BigInt(v));
      return;
    }
    this.ensure(16);
    const b = this.buf;
    let p = this.pos;
    let enclen: number;
    if (v >= 0 && v <= 127) {
      b[p++] = v;
      enclen = 1;
    } else if (v >= -4096 && v <= 4095) {
      const u = v < 0 ? (1 << 13) + v : v;
      b[p++] = (u >>> 8) | 0xc0;
      b[p++] = u & 0xff;
      enclen = 2;
    } else if (v >= -32768 && v <= 32767) {
      const u = v < 0 ? (1 << 16) + v : v;
      b[p++] = 0xf1;
      b[p++] = u & 0xff;
      b[p++] = u >>> 8;
      enclen = 3;
    } else if (v >= -8388608 && v <= 8388607) {
      const u = v < 0 ? (1 << 24) + v : v;
      b[p++] = 0xf2;
      b[p++] = u & 0xff;
      b[p++] = (u >>> 8) & 0xff;
      b[p++] = u >>> 16;
      enclen = 4;
    } else {
      b[p++] = 0xf3;
      b.writeInt32LE(v, p);
      p += 4;
      enclen = 5;
    }
    this.pos = p;
    this.backlen(enclen);
    this.count++;
  }

  /** Appends a 64-bit integer entry. */
  private appendInt64(v: bigint): void {
    if (v >= -2147483648n && v <= 2147483647n) {
      this.appendInteger(Number(v));
      return;
    }
    this.ensure(16);
    this.buf[this.pos] = 0xf4;
    this.buf.writeBigInt64LE(v, this.pos + 1);
    this.pos += 9;
    this.backlen(9);
    this.count++;
  }

  /** Number of entries appended since begin(). */
  get length(): number {
    return this.count;
  }

  /** Terminates the listpack and writes its header. @returns its byte length. */
  finish(): number {
    this.ensure(1);
    this.buf[this.pos++] = 0xff;
    const total = this.pos;
    this.buf.writeUInt32LE(total, 0);
    this.buf.writeUInt16LE(this.count < LP_HDR_NUMELE_UNKNOWN ? this.count : LP_HDR_NUMELE_UNKNOWN, 4);
    return total;
  }
}

/** Strings up to this many bytes go through {@link shortString}'s cache. */
const SHORT_MAX = 24;
const SHORT_SLOTS = 1 << 13;
/**
 * A direct-mapped cache of short strings decoded from collection blobs: field names, flags
 * and small members repeat across the keys of a data set, and one shared string instead of
 * one per key saves the allocation now and the garbage collector's copying later. Strings
 * are immutable, so sharing them is invisible to the keyspace.
 */
const shortStrings: string[] = new Array<string>(SHORT_SLOTS).fill('');

/** `b[p..p+n)` as a one-byte string, from the cache when it holds the same bytes. */
export function shortString(b: Uint8Array, p: number, n: number): string {
  if (n > SHORT_MAX) return latin1(b as Buffer, p, p + n);
  if (n <= 1) return n === 0 ? '' : String.fromCharCode(b[p]);
  let h = n;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ b[p + i], 0x01000193);
  const slot = (h ^ (h >>> 13)) & (SHORT_SLOTS - 1);
  const c = shortStrings[slot];
  if (c.length === n) {
    let i = 0;
    while (i < n && c.charCodeAt(i) === b[p + i]) i++;
    if (i === n) return c;
  }
  const s = latin1(b as Buffer, p, p + n);
  shortStrings[slot] = s;
  return s;
}

const SMALL_INTS = 1024;
const smallIntStrings: string[] = [];
for (let i = 0; i < SMALL_INTS; i++) smallIntStrings.push(String(i));

/** The decimal text of a safe integer; 0..1023 from a table (no allocation). */
export function intString(v: number): string {
  return v >= 0 && v < SMALL_INTS ? smallIntStrings[v] : String(v);
}

/**
 * Scratch arrays the decoders fill (kept between calls: their elements kinds stay stable and
 * nothing is allocated per entry); callers copy out the part they need with
 * {@link takeStrings} / {@link takeNumbers}, which give arrays of exactly that capacity (an
 * array grown by push keeps 17+ slots).
 */
const strTmp: string[] = [];
const numTmp: number[] = [];
/** Decodes up to this many entries leave their strings in the scratch array until reused. */
const SCRATCH_KEEP = 1024;
let strCount = 0;
let numCount = 0;

/**
 * Decodes a listpack (Redis lpValidateIntegrity + lpGet for every entry).
 * @returns the entries as one-byte strings (integers in decimal).
 * @throws RdbError when the bytes are not a well-formed listpack.
 */
export function decodeListpack(b: Buffer, start: number, len: number): string[] {
  lpDecode(b, start, len, null);
  return takeStrings(strTmp, strCount);
}

/**
 * `t[0..n)` as a new array of exactly n slots. Small sizes are array literals: each literal
 * is an allocation site, and V8 pretenures a site whose arrays survive (as loaded
 * collections do), allocating them in the old generation directly instead of copying them
 * through the young one (two copies per array otherwise).
 */
export function takeStrings(t: string[], n: number): string[] {
  if (n > SCRATCH_KEEP) {
    // A big decode: copy it out and drop the scratch contents, so no stale references to
    // (possibly deleted later) members linger in it.
    const out = t.slice(0, n);
    t.length = 0;
    return out;
  }
  switch (n) {
    case 1:
      return [t[0]];
    case 2:
      return [t[0], t[1]];
    case 3:
      return [t[0], t[1], t[2]];
    case 4:
      return [t[0], t[1], t[2], t[3]];
    case 5:
      return [t[0], t[1], t[2], t[3], t[4]];
    case 6:
      return [t[0], t[1], t[2], t[3], t[4], t[5]];
    case 7:
      return [t[0], t[1], t[2], t[3], t[4], t[5], t[6]];
    case 8:
      return [t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]];
    default:
      return t.slice(0, n);
  }
}

/** {@link takeStrings} for numbers. */
export function takeNumbers(t: number[], n: number): number[] {
  if (n > SCRATCH_KEEP) {
    const out = t.slice(0, n);
    t.length = 0;
    return out;
  }
  switch (n) {
    case 1:
      return [t[0]];
    case 2:
      return [t[0], t[1]];
    case 3:
      return [t[0], t[1], t[2]];
    case 4:
      return [t[0], t[1], t[2], t[3]];
    default:
      return t.slice(0, n);
  }
}

/**
 * Decodes a zset listpack (element, score, element, score, ...) straight into element and
 * score arrays: integer score entries become numbers without a round trip through text,
 * string score entries go through `parseScore`. Same checks as {@link decodeListpack}.
 * @returns the elements; the scores are in {@link zsetScores} until the next call (an odd
 *   number of entries leaves them one shorter).
 * @throws RdbError when the bytes are not a well-formed listpack (or parseScore throws).
 */
export function decodeListpackZset(b: Buffer, start: number, len: number, parseScore: (s: string) => number): string[] {
  lpDecode(b, start, len, parseScore);
  zsetScores = takeNumbers(numTmp, numCount);
  return takeStrings(strTmp, strCount);
}

/** The scores of the last {@link decodeListpackZset}. */
export let zsetScores: number[] = [];

/**
 * The listpack walk behind {@link decodeListpack} and {@link decodeListpackZset}: entries go
 * to strTmp[0..strCount), except (with `parseScore`, for a zset) every second one, which goes
 * to numTmp[0..numCount).
 */
function lpDecode(b: Buffer, start: number, len: number, parseScore: ((s: string) => number) | null): void {
  strCount = numCount = 0;
  if (len < 7) throw new RdbError('listpack integrity check failed: too short');
  const total = (b[start] | (b[start + 1] << 8) | (b[start + 2] << 16) | (b[start + 3] << 24)) >>> 0;
  if (total !== len) throw new RdbError('listpack integrity check failed: header size mismatch');
  const numele = b[start + 4] | (b[start + 5] << 8);
  const end = start + len - 1;
  if (b[end] !== 0xff) throw new RdbError('listpack integrity check failed: missing terminator');
  let count = 0;
  let p = start + 6;
  while (p < end) {
    const c = b[p];
    let enclen: number;
    // An integer entry sets `iv` (and leaves `sv` null); a string entry sets `sv`.
    let iv = 0;
    let sv: string | null = null;
    let big: bigint | null = null;
    if (c < 0x80) {
      iv = c;
      enclen = 1;
    } else if ((c & 0xc0) === 0x80) {
      const n = c & 0x3f;
      enclen = 1 + n;
      if (p + enclen > end) break;
      sv = shortString(b, p + 1, n);
    } else if ((c & 0xe0) === 0xc0) {
      iv = ((c & 0x1f) << 8) | b[p + 1];
      if (iv >= 1 << 12) iv -= 1 << 13;
      enclen = 2;
    } else if ((c & 0xf0) === 0xe0) {
      const n = ((c & 0x0f) << 8) | b[p + 1];
      enclen = 2 + n;
      if (p + enclen > end) break;
      sv = shortString(b, p + 2, n);
    } else if (c === 0xf1) {
      iv = b.readInt16LE(p + 1);
      enclen = 3;
    } else if (c === 0xf2) {
      iv = b[p + 1] | (b[p + 2] << 8) | (b[p + 3] << 16);
      if (iv >= 1 << 23) iv -= 1 << 24;
      enclen = 4;
    } else if (c === 0xf3) {
      iv = b.readInt32LE(p + 1);
      enclen = 5;
    } else if (c === 0xf4) {
      big = b.readBigInt64LE(p + 1);
      enclen = 9;
    } else if (c === 0xf0) {
      const n = b.readUInt32LE(p + 1);
      enclen = 5 + n;
      if (p + enclen > end) break;
      sv = latin1(b, p + 5, p + 5 + n);
    } else {
      throw new RdbError('listpack integrity check failed: bad entry encoding');
    }
    if (parseScore !== null && (count & 1) === 1) {
      const d = sv !== null ? parseScore(sv) : big !== null ? Number(big) : iv;
      if (numCount < numTmp.length) numTmp[numCount] = d;
      else numTmp.push(d);
      numCount++;
    } else {
      const str = sv !== null ? sv : big !== null ? String(big) : intString(iv);
      if (strCount < strTmp.length) strTmp[strCount] = str;
      else strTmp.push(str);
      strCount++;
    }
    count++;
    const bl = enclen <= 127 ? 1 : enclen < 16383 ? 2 : enclen < 2097151 ? 3 : enclen < 268435455 ? 4 : 5;
    p += enclen + bl;
  }
  if (p !== end) throw new RdbError('listpack integrity check failed: entry overflows');
  if (numele !== LP_HDR_NUMELE_UNKNOWN && numele !== count) throw new RdbError('listpack integrity check failed: count mismatch');
}

/**
 * Encodes sorted canonical int64 strings as an intset (intset.c): the narrowest encoding
 * (2, 4 or 8 bytes) holding every member, then the length, then the values, all
 * little-endian. (Redis never narrows an intset after removals; Cinder does not track the
 * historical width, so a set that once held a wider value is written narrower than Redis
 * would. Both load the same.)
 * @returns a Buffer holding the intset bytes.
 */
export function encodeIntset(sortedMembers: readonly string[]): Buffer {
  const n = sortedMembers.length;
  let width = 2;
  const vals: Array<number | bigint> = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = sortedMembers[i];
    const v = string2ll(s);
    if (v === null) throw new RdbError('intset member is not an integer');
    if (v < -2147483648 || v > 2147483647) {
      width = 8;
      vals[i] = BigInt(s);
    } else {
      if ((v < -32768 || v > 32767) && width < 4) width = 4;
      vals[i] = v;
    }
  }
  const out = Buffer.allocUnsafe(8 + n * width);
  out.writeUInt32LE(width, 0);
  out.writeUInt32LE(n, 4);
  let p = 8;
  for (let i = 0; i < n; i++) {
    const v = vals[i];
    if (width === 2) out.writeInt16LE(v as number, p);
    else if (width === 4) out.writeInt32LE(v as number, p);
    else out.writeBigInt64LE(typeof v === 'bigint' ? v : BigInt(v), p);
    p += width;
  }
  return out;
}

/**
 * Decodes an intset (Redis intsetValidateIntegrity with deep checks: known encoding, exact
 * size, strictly ascending values).
 * @returns the members as decimal strings, ascending.
 * @throws RdbError on malformed bytes.
 */
export function decodeIntset(b: Buffer, start: number, len: number): string[] {
  if (len < 8) throw new RdbError('intset integrity check failed: too short');
  const width = b.readUInt32LE(start);
  const n = b.readUInt32LE(start + 4);
  if (width !== 2 && width !== 4 && width !== 8) throw new RdbError('intset integrity check failed: bad encoding');
  if (8 + n * width !== len) throw new RdbError('intset integrity check failed: size mismatch');
  if (n === 0) throw new RdbError('intset integrity check failed: empty intset');
  // Into the decoder's scratch array, then copied out at exact size (see takeStrings).
  const out = strTmp;
  let p = start + 8;
  if (width !== 8) {
    let prev = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = width === 2 ? b[p] | ((b[p + 1] << 24) >> 16) : b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
      if (!(v > prev)) throw new RdbError('intset integrity check failed: not sorted');
      prev = v;
      const str = intString(v);
      if (i < out.length) out[i] = str;
      else out.push(str);
      p += width;
    }
    return takeStrings(out, n);
  }
  let prev: bigint | null = null;
  for (let i = 0; i < n; i++) {
    const v = b.readBigInt64LE(p);
    if (prev !== null && !(v > prev)) throw new RdbError('intset integrity check failed: not sorted');
    prev = v;
    const str = String(v);
    if (i < out.length) out[i] = str;
    else out.push(str);
    p += 8;
  }
  return takeStrings(out, n);
}

/**
 * Decodes a ziplist (ziplist.c), the encoding of RDB 4..9 era list/hash/zset blobs.
 * @throws RdbError on malformed bytes.
 */
export function decodeZiplist(b: Buffer, start: number, len: number): string[] {
  if (len < 11) throw new RdbError('ziplist integrity check failed: too short');
  const total = b.readUInt32LE(start);
  if (total !== len) throw new RdbError('ziplist integrity check failed: header size mismatch');
  const count = b.readUInt16LE(start + 8);
  const end = start + len - 1;
  if (b[end] !== 0xff) throw new RdbError('ziplist integrity check failed: missing terminator');
  const out: string[] = [];
  let p = start + 10;
  while (p < end) {
    // prevlen
    if (b[p] < 254) p += 1;
    else p += 5;
    if (p >= end) throw new RdbError('ziplist integrity check failed: entry overflows');
    const c = b[p];
    const top = c >> 6;
    if (top === 0) {
      const n = c & 0x3f;
      out.push(shortString(b, p + 1, n));
      p += 1 + n;
    } else if (top === 1) {
      const n = ((c & 0x3f) << 8) | b[p + 1];
      out.push(shortString(b, p + 2, n));
      p += 2 + n;
    } else if (top === 2) {
      const n = b.readUInt32BE(p + 1);
      out.push(latin1(b, p + 5, p + 5 + n));
      p += 5 + n;
    } else if (c === 0xc0) {
      out.push(String(b.readInt16LE(p + 1)));
      p += 3;
    } else if (c === 0xd0) {
      out.push(String(b.readInt32LE(p + 1)));
      p += 5;
    } else if (c === 0xe0) {
      out.push(String(b.readBigInt64LE(p + 1)));
      p += 9;
    } else if (c === 0xf0) {
      let v = b[p + 1] | (b[p + 2] << 8) | (b[p + 3] << 16);
      if (v >= 1 << 23) v -= 1 << 24;
      out.push(String(v));
      p += 4;
    } else if (c === 0xfe) {
      out.push(String(b.readInt8(p + 1)));
      p += 2;
    } else if (c >= 0xf1 && c <= 0xfd) {
      out.push(String((c & 0x0f) - 1));
      p += 1;
    } else {
      throw new RdbError('ziplist integrity check failed: bad entry encoding');
    }
  }
  if (p !== end) throw new RdbError('ziplist integrity check failed: entry overflows');
  if (count !== 65535 && count !== out.length) throw new RdbError('ziplist integrity check failed: count mismatch');
  return out;
}

/**
 * Decodes a zipmap (zipmap.c, RDB_TYPE_HASH_ZIPMAP) into [field, value, ...].
 * @throws RdbError on malformed bytes.
 */
export function decodeZipmap(b: Buffer, start: number, len: number): string[] {
  const end = start + len;
  let p = start + 1;
  const out: string[] = [];
  const readLen = (): number => {
    if (p >= end) throw new RdbError('zipmap integrity check failed: overflow');
    const c = b[p];
    if (c < 254) {
      p += 1;
      return c;
    }
    if (c === 254) {
      const n = b.readUInt32LE(p + 1);
      p += 5;
      return n;
    }
    return -1;
  };
  for (;;) {
    const klen = readLen();
    if (klen < 0) break;
    if (p + klen > end) throw new RdbError('zipmap integrity check failed: overflow');
    const key = latin1(b, p, p + klen);
    p += klen;
    const vlen = readLen();
    if (vlen < 0) throw new RdbError('zipmap integrity check failed: missing value');
    const free = b[p++];
    if (p + vlen + free > end) throw new RdbError('zipmap integrity check failed: overflow');
    out.push(key, latin1(b, p, p + vlen));
    p += vlen + free;
  }
  if (p !== end - 1) throw new RdbError('zipmap integrity check failed: trailing bytes');
  return out;
}
