/**
 * RdbWriter: serializes RDB primitives into a growable Buffer, as Redis's rdbSave* helpers
 * (rdb.c) write them: lengths, strings with integer / LZF encodings, doubles, times.
 *
 * The output is taken in chunks ({@link RdbWriter.take}) so a background save can write and
 * checksum the file incrementally.
 */
import { string2ll } from '../../util/numbers.js';
import { LzfCompressor } from './lzf.js';
import { RDB_ENCVAL, RDB_ENC_INT8, RDB_ENC_INT16, RDB_ENC_INT32, RDB_ENC_LZF } from './constants.js';

/** A growable output buffer with Redis's RDB primitive encoders. */
export class RdbWriter {
  buf: Buffer;
  pos = 0;
  /** `rdbcompression`: LZF-compress strings longer than 20 bytes when it pays. */
  compression: boolean;
  private lzf = new LzfCompressor();
  private scratchIn: Buffer = Buffer.allocUnsafe(1024);
  private scratchOut: Buffer = Buffer.allocUnsafe(1024);

  constructor(compression = true, initialSize = 1 << 16) {
    this.compression = compression;
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const nb = Buffer.allocUnsafe(size);
    this.buf.copy(nb, 0, 0, this.pos);
    this.buf = nb;
  }

  /** The bytes written so far (a view, valid until the next write). */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  /** Returns a copy of the bytes written so far and empties the writer. */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    this.pos = 0;
    return out;
  }

  /** rdbSaveType: one byte. */
  writeByte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** rdbWriteRaw of bytes. */
  writeBytes(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.ensure(n);
    const b = this.buf;
    const p = this.pos;
    if (n < 64) {
      // Short blobs (small listpacks): a loop, no subarray view to allocate.
      for (let i = 0; i < n; i++) b[p + i] = src[start + i];
    } else {
      b.set(src.subarray(start, end), p);
    }
    this.pos = p + n;
  }

  /** rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit length. */
  writeLen(n: number): void {
    this.ensure(9);
    const b = this.buf;
    let p = this.pos;
    if (n < 64) {
      b[p++] = n;
    } else if (n < 16384) {
      b[p++] = 0x40 | (n >>> 8);
      b[p++] = n & 0xff;
    } else if (n <= 0xffffffff) {
      b[p++] = 0x80;
      b.writeUInt32BE(n, p);
      p += 4;
    } else {
      b[p++] = 0x81;
      b.writeBigUInt64BE(BigInt(n), p);
      p += 8;
    }
    this.pos = p;
  }

  /** rdbSaveMillisecondTime: int64 little-endian. */
  writeMillis(ms: number | bigint): void {
    this.ensure(8);
    if (typeof ms === 'bigint') this.buf.writeBigInt64LE(ms, this.pos);
    else if (ms >= 0 && ms <= 0xffffffffffff) {
      const lo = ms % 0x100000000;
      this.buf.writeUInt32LE(lo, this.pos);
      this.buf.writeUInt32LE((ms - lo) / 0x100000000, this.pos + 4);
    } else this.buf.writeBigInt64LE(BigInt(Math.trunc(ms)), this.pos);
    this.pos += 8;
  }

  /** rdbSaveBinaryDoubleValue: IEEE 754 little-endian. */
  writeBinaryDouble(d: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(d, this.pos);
    this.pos += 8;
  }

  /**
   * rdbEncodeInteger for `v` when it fits int8/16/32.
   * @returns true when written, false when `v` is out of int32 range.
   */
  private writeEncodedInt(v: number): boolean {
    const b = this.buf;
    const p = this.pos;
    if (v >= -128 && v <= 127) {
      b[p] = (RDB_ENCVAL << 6) | RDB_ENC_INT8;
      b[p + 1] = v & 0xff;
      this.pos = p + 2;
    } else if (v >= -32768 && v <= 32767) {
      b[p] = (RDB_ENCVAL << 6) | RDB_ENC_INT16;
      b[p + 1] = v & 0xff;
      b[p + 2] = (v >> 8) & 0xff;
      this.pos = p + 3;
    } else if (v >= -2147483648 && v <= 2147483647) {
      b[p] = (RDB_ENCVAL << 6) | RDB_ENC_INT32;
      b.writeInt32LE(v, p + 1);
      this.pos = p + 5;
    } else {
      return false;
    }
    return true;
  }

  /** rdbSaveLongLongAsStringObject: int8/16/32 encoding, else the decimal text. */
  writeLongLongAsString(v: number): void {
    this.ensure(32);
    if (this.writeEncodedInt(v)) return;
    this.writeString(String(v));
  }

  /**
   * rdbSaveRawString for a one-byte string: integer encoding for a canonical int up to 11
   * chars that fits int32, LZF when `compression` and longer than 20 bytes and it saves at
   * least 4 bytes, else the length and the bytes.
   */
  writeString(s: string): void {
    const n = s.length;
    this.ensure(n + 16);
    if (n <= 11 && n > 0) {
      const c0 = s.charCodeAt(0);
      if ((c0 >= 48 && c0 <= 57) || c0 === 45) {
        const v = string2ll(s);
        if (v !== null && this.writeEncodedInt(v)) return;
      }
    }
    if (this.compression && n > 20) {
      let inb = this.scratchIn;
      if (inb.length < n) inb = this.scratchIn = Buffer.allocUnsafe(Math.max(n, inb.length * 2));
      inb.write(s, 0, n, 'latin1');
      if (this.writeLzf(inb, 0, n)) return;
    }
    this.writeLen(n);
    const b = this.buf;
    const p = this.pos;
    if (n < 48) {
      for (let i = 0; i < n; i++) b[p + i] = s.charCodeAt(i);
    } else {
      b.write(s, p, n, 'latin1');
    }
    this.pos = p + n;
  }

  /** rdbSaveRawString for bytes (listpacks, intsets): LZF when it pays, else verbatim. */
  writeStringBytes(src: Buffer, start: number, end: number): void {
    const n = end - start;
    if (this.compression && n > 20 && this.writeLzf(src, start, n)) return;
    this.writeLen(n);
    this.writeBytes(src, start, end);
  }

  /** rdbSaveLzfStringObject. @returns false when the data does not compress by 4+ bytes. */
  private writeLzf(src: Buffer, start: number, n: number): boolean {
    const outlen = n - 4;
    let out = this.scratchOut;
    if (out.length < outlen + 1) out = this.scratchOut = Buffer.allocUnsafe(Math.max(outlen + 1, out.length * 2));
    const comprlen = this.lzf.compress(src, start, n, out, 0, outlen);
    if (comprlen === 0) return false;
    this.ensure(comprlen + 11);
    this.buf[this.pos++] = (RDB_ENCVAL << 6) | RDB_ENC_LZF;
    this.writeLen(comprlen);
    this.writeLen(n);
    out.copy(this.buf, this.pos, 0, comprlen);
    this.pos += comprlen;
    return true;
  }
}
