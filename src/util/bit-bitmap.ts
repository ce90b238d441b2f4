/**
 * A mutable, buffer-backed string value for bitmaps (Redis's raw sds written in place by
 * SETBIT/BITFIELD/SETRANGE).
 *
 * Values are normally immutable one-byte JS strings, so changing one bit of a 1 MB bitmap
 * would copy 1 MB. A {@link BitmapString} keeps the bytes in a growable `Uint8Array`
 * (capacity grows like sdsMakeRoomFor) and writes them in place; its `ptr` (the string
 * every other reader sees through `stringOf`) is materialized lazily and cached until the
 * next write. It is a {@link RawString}, so it reports "raw", like the sds Redis holds.
 */
import { RawString } from '../keyspace/object.js';

/** Redis SDS_MAX_PREALLOC: below it capacity doubles, above it grows by this much. */
const SDS_MAX_PREALLOC = 1024 * 1024;

/**
 * Bitmap-written values at least this long are kept as {@link BitmapString}; shorter ones
 * stay plain strings (a typed array costs more memory than a short string, and copying a
 * short string is cheap).
 */
export const BITMAP_MIN_BYTES = 256;

function ptrGet(this: BitmapString): string {
  return this.toLatin1();
}

function ptrSet(this: BitmapString, s: string): void {
  this.replace(s);
}

const EMPTY = new Uint8Array(0);

/** A raw string value whose bytes live in a mutable buffer. */
export class BitmapString extends RawString {
  /** Bytes [0, len) are the value; the rest is spare capacity (zeroed). */
  private buf: Uint8Array;
  /** Current length in bytes. */
  private len: number;
  /** The value as a one-byte string, or null when it must be rebuilt from `buf`. */
  private cache: string | null;

  /** Wraps the bytes of `s` (copied). */
  constructor(s: string) {
    super('');
    const n = s.length;
    const b = new Uint8Array(n);
    Buffer.from(b.buffer, b.byteOffset, n).write(s, 0, 'latin1');
    this.buf = b;
    this.len = n;
    this.cache = s;
    // `ptr` is a data field of RawString; turn it into an accessor for this object.
    Object.defineProperty(this, 'ptr', { get: ptrGet, set: ptrSet, enumerable: true, configurable: true });
  }

  /** Length in bytes. */
  get length(): number {
    return this.len;
  }

  /** The byte at `i` (0 past the end). */
  byteAt(i: number): number {
    return i < this.len ? this.buf[i] : 0;
  }

  /** A view of the current bytes (valid until the next {@link grow}). Do not write through it; use {@link writable}. */
  bytes(): Uint8Array {
    return this.len === 0 ? EMPTY : this.buf.subarray(0, this.len);
  }

  /**
   * Makes the value at least `n` bytes long (zero-padded, like sdsgrowzero) and returns the
   * buffer for writing; the string cache is dropped. Callers write bytes [0, length).
   */
  writable(n: number): Uint8Array {
    if (n > this.len) {
      if (n > this.buf.length) {
        let cap = n < SDS_MAX_PREALLOC ? n * 2 : n + SDS_MAX_PREALLOC;
        if (cap < 16) cap = 16;
        const nb = new Uint8Array(cap);
        nb.set(this.buf.subarray(0, this.len));
        this.buf = nb;
      }
      // spare capacity is always zero (set by shrinking replace() too)
      this.len = n;
    }
    this.cache = null;
    return this.buf;
  }

  /** The value as a one-byte string (cached until the next write). */
  toLatin1(): string {
    let s = this.cache;
    if (s === null) {
      const b = this.buf;
      s = this.len === 0 ? '' : Buffer.from(b.buffer, b.byteOffset, this.len).toString('latin1');
      this.cache = s;
    }
    return s;
  }

  /** Replaces the whole value with the bytes of `s`. */
  replace(s: string): void {
    const n = s.length;
    if (n > this.buf.length) this.buf = new Uint8Array(n);
    else this.buf.fill(0);
    Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.length).write(s, 0, 'latin1');
    this.len = n;
    this.cache = s;
  }

  /** A copy (Redis `dupStringObject` of a raw string is raw). */
  override dup(): BitmapString {
    return new BitmapString(this.toLatin1());
  }
}
