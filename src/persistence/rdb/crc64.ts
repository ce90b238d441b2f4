/**
 * CRC-64 as Redis computes it (crc64.c): the Jones polynomial 0xad93d23594c935a9, reflected
 * in and out, initial value 0, no final xor. crc64(0, "123456789") = 0xe9c6d914c4b8d9ca.
 *
 * The 64-bit state is kept as two int32 halves and the input is processed eight bytes at a
 * time with slicing-by-8 tables (no BigInt per byte), read as two aligned int32 words.
 */

/**
 * Table k (0..7) entry n at index k*256 + n: low half in TL, high half in TH. One array per
 * half (instead of sixteen) keeps the loop's live values in registers.
 */
const TL = new Int32Array(8 * 256);
const TH = new Int32Array(8 * 256);
buildTables();

function buildTables(): void {
  // Reflected polynomial of 0xad93d23594c935a9 is 0x95ac9329ac4bc9b5.
  const polyLo = 0xac4bc9b5 | 0;
  const polyHi = 0x95ac9329 | 0;
  for (let n = 0; n < 256; n++) {
    let lo = n;
    let hi = 0;
    for (let k = 0; k < 8; k++) {
      const bit = lo & 1;
      lo = (lo >>> 1) | (hi << 31);
      hi = hi >>> 1;
      if (bit) {
        lo ^= polyLo;
        hi ^= polyHi;
      }
    }
    TL[n] = lo;
    TH[n] = hi;
  }
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const plo = TL[(k - 1) * 256 + n];
      const phi = TH[(k - 1) * 256 + n];
      const i = plo & 0xff;
      TL[k * 256 + n] = ((plo >>> 8) | (phi << 24)) ^ TL[i];
      TH[k * 256 + n] = (phi >>> 8) ^ TH[i];
    }
  }
}

/** Words can be read through an Int32Array as little-endian (true on every usual host). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A running CRC-64 (update with chunks, read with {@link Crc64.digest}). */
export class Crc64 {
  lo = 0;
  hi = 0;

  /** Feeds `buf[start..end)`. */
  update(buf: Uint8Array, start = 0, end = buf.length): void {
    const tl = TL;
    const th = TH;
    let lo = this.lo | 0;
    let hi = this.hi | 0;
    let p = start;
    if (LITTLE_ENDIAN && end - p >= 64) {
      // Bytewise up to a 4-byte boundary, then 8 bytes per step read as two int32 words
      // (slicing-by-8).
      while (((buf.byteOffset + p) & 3) !== 0) {
        const i = (lo ^ buf[p]) & 0xff;
        lo = ((lo >>> 8) | (hi << 24)) ^ tl[i];
        hi = (hi >>> 8) ^ th[i];
        p++;
      }
      const steps = (end - p) >>> 3;
      const w = new Int32Array(buf.buffer, buf.byteOffset + p, steps * 2);
      for (let j = 0; j < w.length; j += 2) {
        const a = lo ^ w[j];
        const b = hi ^ w[j + 1];
        const i0 = a & 0xff, i1 = (a >>> 8) & 0xff, i2 = (a >>> 16) & 0xff, i3 = a >>> 24;
        const i4 = b & 0xff, i5 = (b >>> 8) & 0xff, i6 = (b >>> 16) & 0xff, i7 = b >>> 24;
        lo = tl[1792 + i0] ^ tl[1536 + i1] ^ tl[1280 + i2] ^ tl[1024 + i3] ^ tl[768 + i4] ^ tl[512 + i5] ^ tl[256 + i6] ^ tl[i7];
        hi = th[1792 + i0] ^ th[1536 + i1] ^ th[1280 + i2] ^ th[1024 + i3] ^ th[768 + i4] ^ th[512 + i5] ^ th[256 + i6] ^ th[i7];
      }
      p += steps * 8;
    } else {
      const end8 = end - ((end - p) & 7);
      while (p < end8) {
        const a = lo ^ (buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16) | (buf[p + 3] << 24));
        const b = hi ^ (buf[p + 4] | (buf[p + 5] << 8) | (buf[p + 6] << 16) | (buf[p + 7] << 24));
        const i0 = a & 0xff, i1 = (a >>> 8) & 0xff, i2 = (a >>> 16) & 0xff, i3 = a >>> 24;
        const i4 = b & 0xff, i5 = (b >>> 8) & 0xff, i6 = (b >>> 16) & 0xff, i7 = b >>> 24;
        lo = tl[1792 + i0] ^ tl[1536 + i1] ^ tl[1280 + i2] ^ tl[1024 + i3] ^ tl[768 + i4] ^ tl[512 + i5] ^ tl[256 + i6] ^ tl[i7];
        hi = th[1792 + i0] ^ th[1536 + i1] ^ th[1280 + i2] ^ th[1024 + i3] ^ th[768 + i4] ^ th[512 + i5] ^ th[256 + i6] ^ th[i7];
        p += 8;
      }
    }
    while (p < end) {
      const i = (lo ^ buf[p]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ tl[i];
      hi = (hi >>> 8) ^ th[i];
      p++;
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  /** Writes the CRC as 8 little-endian bytes (Redis `memrev64ifbe` on a little-endian host). */
  writeLE(out: Uint8Array, pos: number): void {
    const lo = this.lo;
    const hi = this.hi;
    out[pos] = lo & 0xff;
    out[pos + 1] = (lo >>> 8) & 0xff;
    out[pos + 2] = (lo >>> 16) & 0xff;
    out[pos + 3] = lo >>> 24;
    out[pos + 4] = hi & 0xff;
    out[pos + 5] = (hi >>> 8) & 0xff;
    out[pos + 6] = (hi >>> 16) & 0xff;
    out[pos + 7] = hi >>> 24;
  }

  /** The CRC as a bigint (for tests and messages). */
  digest(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }
}

/** CRC-64 of `buf[start..end)` as a bigint (Redis `crc64(0, p, len)`). */
export function crc64(buf: Uint8Array, start = 0, end = buf.length): bigint {
  const c = new Crc64();
  c.update(buf, start, end);
  return c.digest();
}

/** True when the 8 bytes at `buf[pos]` hold `c` little-endian. */
export function crc64MatchesLE(c: Crc64, buf: Uint8Array, pos: number): boolean {
  const lo = (buf[pos] | (buf[pos + 1] << 8) | (buf[pos + 2] << 16) | (buf[pos + 3] << 24)) >>> 0;
  const hi = (buf[pos + 4] | (buf[pos + 5] << 8) | (buf[pos + 6] << 16) | (buf[pos + 7] << 24)) >>> 0;
  return lo === c.lo && hi === c.hi;
}
