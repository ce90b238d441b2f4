/**
 * LZF compression as Redis uses it for RDB strings: a transcription of liblzf 3.6's
 * lzf_c.c with Redis's settings (HLOG 16, VERY_FAST, byte-wise 3-byte match test) so the
 * compressed bytes match Redis's, and of lzf_d.c for decompression. (Older liblzf copies,
 * e.g. the Windows port, add an `ip + 4 < in_end` test; Redis 7's does not: a DUMP from
 * redis-server 7.0.15 shows a 3-byte match ending at the input's last byte.)
 *
 * The hash table behaves as if zero-initialised on every call (an unset slot never yields a
 * match): slots hold `base + position` and a value not above the call's `base` is stale. The
 * table is shared by one {@link LzfCompressor} instance; no module-level mutable state.
 */

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

/** A reusable LZF compressor (owns the hash table). */
export class LzfCompressor {
  private htab = new Float64Array(HSIZE);
  private base = 0;

  /**
   * Redis `lzf_compress(in, in_len, out, out_len)`: compresses `inp[inStart..inStart+inLen)`
   * into `out[outStart..outStart+outLen)`.
   * @returns the compressed size, or 0 when it does not fit in `outLen` bytes.
   */
  compress(inp: Uint8Array, inStart: number, inLen: number, out: Uint8Array, outStart: number, outLen: number): number {
    if (inLen === 0 || outLen === 0) return 0;
    const htab = this.htab;
    let base = this.base;
    if (base > 2 ** 50) {
      htab.fill(0);
      base = 0;
    }
    // Stored values are base + 1 + position (relative to inStart): > base means "set this call".
    this.base = base + inLen + 2;
    const inEnd = inLen; // positions are relative to inStart
    const outEnd = outStart + outLen;
    let ip = 0;
    let op = outStart;
    let lit = 0;
    op++; // start run
    let hval = (inp[inStart] << 8) | inp[inStart + 1];
    while (ip < inEnd - 2) {
      hval = ((hval << 8) | inp[inStart + ip + 2]) & 0xffffff;
      let idx = ((hval >>> (3 * 8 - HLOG)) - hval * 5) & (HSIZE - 1);
      const stored = htab[idx];
      htab[idx] = base + 1 + ip;
      let ref = stored > base ? stored - base - 1 : 0;
      let off: number;
      if (
        (off = ip - ref - 1) < MAX_OFF &&
        off >= 0 &&
        ref > 0 &&
        inp[inStart + ref] === inp[inStart + ip] &&
        inp[inStart + ref + 1] === inp[inStart + ip + 1] &&
        inp[inStart + ref + 2] === inp[inStart + ip + 2]
      ) {
        let len = 2;
        let maxlen = inEnd - ip - len;
        if (maxlen > MAX_REF) maxlen = MAX_REF;
        out[op - lit - 1] = lit - 1; // stop run
        if (lit === 0) op--; // undo run if length is zero
        if (op + 3 + 1 >= outEnd) return 0;
        const r0 = inStart + ref;
        const i0 = inStart + ip;
        if (maxlen > 16) {
          // The unrolled block of lzf_c.c: up to 16 checks without the maxlen bound.
          let k = 0;
          for (; k < 16; k++) {
            len++;
            if (inp[r0 + len] !== inp[i0 + len]) break;
          }
          if (k === 16) {
            do len++;
            while (len < maxlen && inp[r0 + len] === inp[i0 + len]);
          }
        } else {
          do len++;
          while (len < maxlen && inp[r0 + len] === inp[i0 + len]);
        }
        len -= 2; // len is now #octets - 1
        ip++;
        if (len < 7) {
          out[op++] = ((off >> 8) + (len << 5)) & 0xff;
        } else {
          out[op++] = ((off >> 8) + (7 << 5)) & 0xff;
          out[op++] = (len - 7) & 0xff;
        }
        out[op++] = off & 0xff;
        lit = 0;
        op++; // start run
        ip += len + 1;
        if (ip >= inEnd - 2) break;
        // VERY_FAST: rehash the two positions before ip.
        ip -= 2;
        hval = (inp[inStart + ip] << 8) | inp[inStart + ip + 1];
        hval = ((hval << 8) | inp[inStart + ip + 2]) & 0xffffff;
        idx = ((hval >>> (3 * 8 - HLOG)) - hval * 5) & (HSIZE - 1);
        htab[idx] = base + 1 + ip;
        ip++;
        hval = ((hval << 8) | inp[inStart + ip + 2]) & 0xffffff;
        idx = ((hval >>> (3 * 8 - HLOG)) - hval * 5) & (HSIZE - 1);
        htab[idx] = base + 1 + ip;
        ip++;
      } else {
        if (op >= outEnd) return 0;
        lit++;
        out[op++] = inp[inStart + ip++];
        if (lit === MAX_LIT) {
          out[op - lit - 1] = lit - 1;
          lit = 0;
          op++;
        }
      }
    }
    if (op + 3 > outEnd) return 0;
    while (ip < inEnd) {
      lit++;
      out[op++] = inp[inStart + ip++];
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
    out[op - lit - 1] = lit - 1;
    if (lit === 0) op--;
    return op - outStart;
  }
}

/**
 * Redis `lzf_decompress`: expands `inp[inStart..inStart+inLen)` into `out[outStart..)`, at
 * most `outLen` bytes.
 * @returns the decompressed size, or -1 when the data is corrupt or does not fit
 *   (liblzf's E2BIG / EINVAL).
 */
export function lzfDecompress(inp: Uint8Array, inStart: number, inLen: number, out: Uint8Array, outStart: number, outLen: number): number {
  let ip = inStart;
  const inEnd = inStart + inLen;
  let op = outStart;
  const outEnd = outStart + outLen;
  while (ip < inEnd) {
    let ctrl = inp[ip++];
    if (ctrl < 1 << 5) {
      ctrl++;
      if (op + ctrl > outEnd) return -1;
      if (ip + ctrl > inEnd) return -1;
      for (let k = 0; k < ctrl; k++) out[op++] = inp[ip++];
    } else {
      let len = ctrl >> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (ip >= inEnd) return -1;
      if (len === 7) {
        len += inp[ip++];
        if (ip >= inEnd) return -1;
      }
      ref -= inp[ip++];
      len += 2;
      if (op + len > outEnd) return -1;
      if (ref < outStart) return -1;
      for (let k = 0; k < len; k++) out[op++] = out[ref++];
    }
  }
  return op - outStart;
}
