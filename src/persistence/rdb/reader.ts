/**
 * RdbReader: reads RDB primitives from a Buffer, as Redis's rdbLoad* helpers (rdb.c) do.
 * Every read checks bounds; running past the end throws an RdbError naming a short read.
 */
import { lzfDecompress } from './lzf.js';
import { RdbError, latin1, RDB_ENC_INT8, RDB_ENC_INT16, RDB_ENC_INT32, RDB_ENC_LZF } from './constants.js';
import { string2d } from '../../util/numbers.js';

/** Largest string Cinder will allocate while loading (proto-max-bulk-len's ceiling). */
const MAX_STRING = 0x7fffffff;
/** Largest decompressed string kept in the reader's reusable scratch buffer. */
const SCRATCH_MAX = 1 << 20;
const EMPTY = Buffer.alloc(0);

/** A cursor over RDB bytes. */
export class RdbReader {
  readonly buf: Buffer;
  pos: number;
  readonly end: number;

  constructor(buf: Buffer, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  /** Throws the short-read error unless `n` more bytes are available. */
  need(n: number): void {
    if (this.pos + n > this.end) throw new RdbError('Short read or OOM loading DB. Unrecoverable error, aborting now.');
  }

  /** rdbLoadType: one byte. */
  readByte(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  /** rdbLoadLenByRef: returns the length, or -(encoding + 1) for an encoded string marker. */
  readLenOrEnc(): number {
    this.need(1);
    const b = this.buf;
    const c = b[this.pos++];
    const type = c >> 6;
    if (type === 0) return c & 0x3f;
    if (type === 1) {
      this.need(1);
      return ((c & 0x3f) << 8) | b[this.pos++];
    }
    if (type === 3) return -((c & 0x3f) + 1);
    if (c === 0x80) {
      this.need(4);
      const v = b.readUInt32BE(this.pos);
      this.pos += 4;
      return v;
    }
    if (c === 0x81) {
      this.need(8);
      const v = b.readBigUInt64BE(this.pos);
      this.pos += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RdbError('Length out of range: ' + v);
      return Number(v);
    }
    throw new RdbError('Unknown length encoding ' + c + ' in rdbLoadLen()');
  }

  /** rdbLoadLen: a plain length (an encoded-string marker is an error). */
  readLen(): number {
    const n = this.readLenOrEnc();
    if (n < 0) throw new RdbError('Unexpected string encoding where a length was expected');
    return n;
  }

  /** rdbGenericLoadStringObject: a string in any encoding, as a one-byte string. */
  readString(): string {
    const b = this.buf;
    const p = this.pos;
    // Fast path: a short plain string (6-bit length), the common case for keys and members.
    if (p < this.end) {
      const c = b[p];
      if (c < 0x40) {
        const e = p + 1 + c;
        if (e > this.end) this.need(1 + c);
        this.pos = e;
        return latin1(b, p + 1, e);
      }
    }
    const n = this.readLenOrEnc();
    if (n >= 0) {
      if (n > MAX_STRING) throw new RdbError('String too long: ' + n);
      this.need(n);
      const q = this.pos;
      this.pos = q + n;
      return latin1(b, q, q + n);
    }
    const enc = -n - 1;
    switch (enc) {
      case RDB_ENC_INT8:
        this.need(1);
        return String(b.readInt8(this.pos++));
      case RDB_ENC_INT16: {
        this.need(2);
        const v = b.readInt16LE(this.pos);
        this.pos += 2;
        return String(v);
      }
      case RDB_ENC_INT32: {
        this.need(4);
        const v = b.readInt32LE(this.pos);
        this.pos += 4;
        return String(v);
      }
      case RDB_ENC_LZF: {
        const len = this.readLzf(true);
        return latin1(this.lzfOut, 0, len);
      }
      default:
        throw new RdbError('Unknown RDB string encoding type ' + enc);
    }
  }

  /**
   * Reads a string as raw bytes (for listpack / intset / ziplist blobs).
   * @returns [buffer, start, end]: a view into the file or a fresh decompressed buffer.
   */
  readStringBytes(): [Buffer, number, number] {
    const n = this.readLenOrEnc();
    if (n >= 0) {
      this.need(n);
      const p = this.pos;
      this.pos = p + n;
      return [this.buf, p, p + n];
    }
    const enc = -n - 1;
    if (enc === RDB_ENC_LZF) {
      const len = this.readLzf(false);
      return [this.lzfOut, 0, len];
    }
    const s = Buffer.from(this.readStringAfterEnc(enc), 'latin1');
    return [s, 0, s.length];
  }

  /**
   * Like {@link readStringBytes} without allocating: sets {@link blob}, {@link blobStart} and
   * {@link blobEnd}. A decompressed blob lives in a scratch buffer that the next read of a
   * compressed string overwrites, so decode it at once.
   */
  readBlob(): void {
    const n = this.readLenOrEnc();
    if (n >= 0) {
      this.need(n);
      const p = this.pos;
      this.pos = p + n;
      this.blob = this.buf;
      this.blobStart = p;
      this.blobEnd = p + n;
      return;
    }
    const enc = -n - 1;
    if (enc === RDB_ENC_LZF) {
      const len = this.readLzf(true);
      this.blob = this.lzfOut;
      this.blobStart = 0;
      this.blobEnd = len;
      return;
    }
    const s = Buffer.from(this.readStringAfterEnc(enc), 'latin1');
    this.blob = s;
    this.blobStart = 0;
    this.blobEnd = s.length;
  }

  /** The bytes of the last {@link readBlob}: `blob[blobStart..blobEnd)`. */
  blob: Buffer = EMPTY;
  blobStart = 0;
  blobEnd = 0;

  private readStringAfterEnc(enc: number): string {
    this.pos--;
    return this.readString();
  }

  /** Reusable output of {@link readLzf} (grown as needed, up to SCRATCH_MAX). */
  private scratch: Buffer = EMPTY;
  /** Where the last {@link readLzf} put its output. */
  private lzfOut: Buffer = EMPTY;

  /**
   * rdbLoadLzfStringObject: compressed length, original length, data. Decompresses into
   * {@link lzfOut}: the scratch buffer when `reuse` (and the string is not huge), else a
   * fresh buffer. @returns the decompressed length.
   */
  private readLzf(reuse: boolean): number {
    const clen = this.readLen();
    const len = this.readLen();
    this.need(clen);
    if (len > MAX_STRING) throw new RdbError('LZF string too long: ' + len);
    let out: Buffer;
    if (reuse && len <= SCRATCH_MAX) {
      if (this.scratch.length < len) this.scratch = Buffer.allocUnsafeSlow(Math.max(len, 4096, this.scratch.length * 2));
      out = this.scratch;
    } else {
      out = Buffer.allocUnsafe(len);
    }
    const got = lzfDecompress(this.buf, this.pos, clen, out, 0, len);
    if (got !== len) throw new RdbError('Invalid LZF compressed string');
    this.pos += clen;
    this.lzfOut = out;
    return len;
  }

  /** rdbLoadMillisecondTime: int64 LE (a bigint beyond 2^53). */
  readMillis(): number | bigint {
    this.need(8);
    const v = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
  }

  /** rdbLoadTime: int32 LE seconds. */
  readSeconds(): number {
    this.need(4);
    const v = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  /** rdbLoadBinaryDoubleValue. */
  readBinaryDouble(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** rdbLoadBinaryFloatValue (module values). */
  readBinaryFloat(): number {
    this.need(4);
    const v = this.buf.readFloatLE(this.pos);
    this.pos += 4;
    return v;
  }

  /** rdbLoadDoubleValue: the old string form (len byte; 253 nan, 254 inf, 255 -inf). */
  readOldDouble(): number {
    const len = this.readByte();
    if (len === 255) return -Infinity;
    if (len === 254) return Infinity;
    if (len === 253) return NaN;
    this.need(len);
    const s = latin1(this.buf, this.pos, this.pos + len);
    this.pos += len;
    const d = string2d(s);
    if (d === null) throw new RdbError('Invalid double value: ' + s);
    return d;
  }
}
