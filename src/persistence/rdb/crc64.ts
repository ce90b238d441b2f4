/**
 * CRC-64 as Redis computes it (crc64.c): the Jones polynomial 0xad93d23594c935a9, reflected
 * in and out, initial value 0, no final xor. crc64(0, "123456789") = 0xe9c6d914c4b8d9ca.
 *
 * The 64-bit state is kept as two uint32 halves and the input is processed eight bytes at a
 * time with slicing-by-8 tables (no BigInt per byte).
 */

/** T[k*512 + 2*n] = low half, T[k*512 + 2*n + 1] = high half of table k entry n. */
const T = buildTables();
function lane(k: number, half: number): Int32Array {
  const a = new Int32Array(256);
  for (let n = 0; n < 256; n++) a[n] = T[k * 512 + 2 * n + half];
  return a;
}
const L0 = lane(0, 0), L1 = lane(1, 0), L2 = lane(2, 0), L3 = lane(3, 0), L4 = lane(4, 0), L5 = lane(5, 0), L6 = lane(6, 0), L7 = lane(7, 0);
const H0 = lane(0, 1), H1 = lane(1, 1), H2 = lane(2, 1), H3 = lane(3, 1), H4 = lane(4, 1), H5 = lane(5, 1), H6 = lane(6, 1), H7 = lane(7, 1);

function buildTables(): Uint32Array {
  const t = new Uint32Array(8 * 512);
  // Reflected polynomial of 0xad93d23594c935a9 is 0x95ac9329ac4bc9b5.
  const polyLo = 0xac4bc9b5;
  const polyHi = 0x95ac9329;
  for (let n = 0; n < 256; n++) {
    let lo = n;
    let hi = 0;
    for (let k = 0; k < 8; k++) {
      const bit = lo & 1;
      lo = ((lo >>> 1) | (hi << 31)) >>> 0;
      hi = hi >>> 1;
      if (bit) {
        lo = (lo ^ polyLo) >>> 0;
        hi = (hi ^ polyHi) >>> 0;
      }
    }
    t[2 * n] = lo;
    t[2 * n + 1] = hi;
  }
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const plo = t[(k - 1) * 512 + 2 * n];
      const phi = t[(k - 1) * 512 + 2 * n + 1];
      const i = plo & 0xff;
      const lo = ((plo >>> 8) | (phi << 24)) ^ t[2 * i];
      const hi = (phi >>> 8) ^ t[2 * i + 1];
      t[k * 512 + 2 * n] = lo >>> 0;
      t[k * 512 + 2 * n + 1] = hi >>> 0;
    }
  }
  return t;
}

/** A running CRC-64 (update with chunks, read with {@link Crc64.digest}). */
export class Crc64 {
  lo = 0;
  hi = 0;

  /** Feeds `buf[start..end)`. */
  update(buf: Uint8Array, start = 0, end = buf.length): void {
    let lo = this.lo | 0;
    let hi = this.hi | 0;
    let p = start;
    const end8 = end - ((end - p) & 7);
    const l0 = L0, l1 = L1, l2 = L2, l3 = L3, l4 = L4, l5 = L5, l6 = L6, l7 = L7;
    const h0 = H0, h1 = H1, h2 = H2, h3 = H3, h4 = H4, h5 = H5, h6 = H6, h7 = H7;
    while (p < end8) {
      const a = lo ^ (buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16) | (buf[p + 3] << 24));
      const b = hi ^ (buf[p + 4] | (buf[p + 5] << 8) | (buf[p + 6] << 16) | (buf[p + 7] << 24));
      const i0 = a & 0xff, i1 = (a >>> 8) & 0xff, i2 = (a >>> 16) & 0xff, i3 = a >>> 24;
      const i4 = b & 0xff, i5 = (b >>> 8) & 0xff, i6 = (b >>> 16) & 0xff, i7 = b >>> 24;
      lo = l7[i0] ^ l6[i1] ^ l5[i2] ^ l4[i3] ^ l3[i4] ^ l2[i5] ^ l1[i6] ^ l0[i7];
      hi = h7[i0] ^ h6[i1] ^ h5[i2] ^ h4[i3] ^ h3[i4] ^ h2[i5] ^ h1[i6] ^ h0[i7];
      p += 8;
    }
    while (p < end) {
      const i = (lo ^ buf[p]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ l0[i];
      hi = (hi >>> 8) ^ h0[i];
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
