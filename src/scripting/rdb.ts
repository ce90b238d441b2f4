/**
 * Minimal RDB primitives for FUNCTION DUMP / RESTORE payloads (Redis rdb.c, crc64.c,
 * lzf_c.c / lzf_d.c): length encoding, string encoding (int, LZF, raw), CRC64 (Jones,
 * reflected) and LZF compression that reproduces liblzf 3.6's output byte for byte
 * (HLOG 16, VERY_FAST, zero-initialised hash table), so dumps equal Redis's.
 *
 * src/persistence/rdb/ did not exist when this was written; once it does, these should
 * be replaced by its primitives. All data is one-byte strings.
 */

/** RDB_OPCODE_FUNCTION2: a function library record (its code as an RDB string). */
export const RDB_OPCODE_FUNCTION2 = 245;
/** RDB_OPCODE_FUNCTION_PRE_GA: the 7.0 release-candidate function record (refused). */
export const RDB_OPCODE_FUNCTION_PRE_GA = 246;
/** RDB_VERSION written by Redis 7.2 (7.0 writes 10; Redis refuses newer versions). */
export const RDB_VERSION = 11;

const CRC64_POLY_REFLECTED = 0x95ac9329ac4bc9b5n;
let crcTableHi: Uint32Array | null = null;
let crcTableLo: Uint32Array | null = null;

function crcTables(): [Uint32Array, Uint32Array] {
  if (crcTableHi !== null && crcTableLo !== null) return [crcTableHi, crcTableLo];
  const hi = new Uint32Array(256);
  const lo = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let k = 0; k < 8; k++) c = (c & 1n) !== 0n ? (c >> 1n) ^ CRC64_POLY_REFLECTED : c >> 1n;
    hi[i] = Number(c >> 32n);
    lo[i] = Number(c & 0xffffffffn);
  }
  crcTableHi = hi;
  crcTableLo = lo;
  return [hi, lo];
}

/**
 * Redis's crc64 (Jones polynomial, reflected, init 0) of the bytes of `s` from `start`
 * to `end`. @returns the CRC as a bigint (0..2^64-1).
 */
export function crc64(s: string, start = 0, end = s.length): bigint {
  const [th, tl] = crcTables();
  let hi = 0;
  let lo = 0;
  for (let i = start; i < end; i++) {
    const idx = (lo ^ s.charCodeAt(i)) & 0xff;
    // crc = table[idx] ^ (crc >> 8)
    const nlo = ((lo >>> 8) | ((hi & 0xff) << 24)) >>> 0;
    const nhi = hi >>> 8;
    lo = (nlo ^ tl[idx]) >>> 0;
    hi = (nhi ^ th[idx]) >>> 0;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** 8 little-endian bytes of a uint64. */
export function u64le(v: bigint): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += String.fromCharCode(Number((v >> BigInt(8 * i)) & 0xffn));
  return s;
}

/** Redis `rdbSaveLen`. */
export function rdbEncodeLen(len: number): string {
  if (len < 64) return String.fromCharCode(len);
  if (len < 16384) return String.fromCharCode(0x40 | (len >> 8), len & 0xff);
  if (len <= 0xffffffff) return String.fromCharCode(0x80, (len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
  const b = BigInt(len);
  let s = String.fromCharCode(0x81);
  for (let i = 7; i >= 0; i--) s += String.fromCharCode(Number((b >> BigInt(8 * i)) & 0xffn));
  return s;
}

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

/**
 * liblzf `lzf_compress` with Redis's build options. @returns the compressed bytes, or null
 * when they would not fit in `outLen` bytes (lzf returns 0).
 */
export function lzfCompress(s: string, outLen: number): string | null {
  const inLen = s.length;
  if (inLen === 0 || outLen === 0) return null;
  const ip0 = new Uint8Array(inLen);
  for (let i = 0; i < inLen; i++) ip0[i] = s.charCodeAt(i);
  const out = new Uint8Array(outLen);
  const htab = new Int32Array(HSIZE); // positions; 0 = in_data (never a valid ref)
  let ip = 0;
  let op = 0;
  const inEnd = inLen;
  const outEnd = outLen;
  let lit = 0;
  op++;
  let hval = ((ip0[ip] << 8) | ip0[ip + 1]) >>> 0;
  const idx = (h: number): number => ((h >>> (3 * 8 - HLOG)) - Math.imul(h, 5)) & (HSIZE - 1);
  while (ip < inEnd - 2) {
    hval = ((hval << 8) | ip0[ip + 2]) >>> 0;
    const slot = idx(hval);
    const ref = htab[slot];
    htab[slot] = ip;
    let off = 0;
    if (ref < ip && (off = ip - ref - 1) < MAX_OFF && ref > 0 && ip0[ref + 2] === ip0[ip + 2] && ip0[ref] === ip0[ip] && ip0[ref + 1] === ip0[ip + 1]) {
      let len = 2;
      let maxlen = inEnd - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      if (op + 3 + 1 >= outEnd) if (op - (lit === 0 ? 1 : 0) + 3 + 1 >= outEnd) return null;
      out[op - lit - 1] = lit - 1;
      if (lit === 0) op--;
      do len++;
      while (len < maxlen && ip0[ref + len] === ip0[ip + len]);
      len -= 2;
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++;
      ip += len + 1;
      if (ip >= inEnd - 2) break;
      ip -= 2;
      hval = ((ip0[ip] << 8) | ip0[ip + 1]) >>> 0;
      hval = ((hval << 8) | ip0[ip + 2]) >>> 0;
      htab[idx(hval)] = ip;
      ip++;
      hval = ((hval << 8) | ip0[ip + 2]) >>> 0;
      htab[idx(hval)] = ip;
      ip++;
    } else {
      if (op >= outEnd) return null;
      lit++;
      out[op++] = ip0[ip++];
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outEnd) return null;
  while (ip < inEnd) {
    lit++;
    if (op >= outEnd) return null;
    out[op++] = ip0[ip++];
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1;
  if (lit === 0) op--;
  let r = '';
  for (let i = 0; i < op; i += 8192) r += String.fromCharCode(...out.subarray(i, Math.min(op, i + 8192)));
  return r;
}

/**
 * liblzf `lzf_decompress`. @returns the `outLen` decompressed bytes.
 * @throws Error on corrupt input.
 */
export function lzfDecompress(s: string, outLen: number): string {
  const out = new Uint8Array(outLen);
  let ip = 0;
  let op = 0;
  const inEnd = s.length;
  while (ip < inEnd) {
    let ctrl = s.charCodeAt(ip++);
    if (ctrl < 1 << 5) {
      ctrl++;
      if (op + ctrl > outLen || ip + ctrl > inEnd) throw new Error('lzf: corrupt');
      for (let i = 0; i < ctrl; i++) out[op++] = s.charCodeAt(ip++);
    } else {
      let len = ctrl >> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (ip >= inEnd) throw new Error('lzf: corrupt');
      if (len === 7) {
        len += s.charCodeAt(ip++);
        if (ip >= inEnd) throw new Error('lzf: corrupt');
      }
      ref -= s.charCodeAt(ip++);
      if (op + len + 2 > outLen || ref < 0) throw new Error('lzf: corrupt');
      len += 2;
      for (let i = 0; i < len; i++) out[op++] = out[ref++];
    }
  }
  if (op !== outLen) throw new Error('lzf: corrupt');
  let r = '';
  for (let i = 0; i < op; i += 8192) r += String.fromCharCode(...out.subarray(i, Math.min(op, i + 8192)));
  return r;
}

/**
 * Redis `rdbSaveRawString` with rdbcompression on: integer encoding for short numeric
 * strings, LZF when longer than 20 bytes and it shrinks, raw otherwise.
 */
export function rdbEncodeString(s: string, compress = true): string {
  const len = s.length;
  if (len <= 11 && len > 0) {
    const enc = tryIntegerEncoding(s);
    if (enc !== null) return enc;
  }
  if (compress && len > 20 && len > 4) {
    const c = lzfCompress(s, len - 4);
    if (c !== null) return String.fromCharCode(0xc3) + rdbEncodeLen(c.length) + rdbEncodeLen(len) + c;
  }
  return rdbEncodeLen(len) + s;
}

function tryIntegerEncoding(s: string): string | null {
  if (!/^-?[1-9][0-9]*$|^0$/.test(s)) return null;
  const v = Number(s);
  if (String(v) !== s) return null;
  if (v >= -128 && v <= 127) return String.fromCharCode(0xc0, v & 0xff);
  if (v >= -32768 && v <= 32767) return String.fromCharCode(0xc1, v & 0xff, (v >> 8) & 0xff);
  if (v >= -2147483648 && v <= 2147483647) return String.fromCharCode(0xc2, v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);
  return null;
}

/** A cursor over an RDB byte string. Reads throw Error on truncated or invalid data. */
export class RdbReader {
  pos = 0;
  constructor(readonly s: string, readonly end = s.length) {}

  byte(): number {
    if (this.pos >= this.end) throw new Error('rdb: truncated');
    return this.s.charCodeAt(this.pos++);
  }

  /** Redis `rdbLoadLenByRef`: @returns [len, isEncoded]. */
  len(): [number, boolean] {
    const b = this.byte();
    const type = b >> 6;
    if (type === 3) return [b & 0x3f, true];
    if (type === 0) return [b & 0x3f, false];
    if (type === 1) return [((b & 0x3f) << 8) | this.byte(), false];
    if (b === 0x80) {
      let v = 0;
      for (let i = 0; i < 4; i++) v = v * 256 + this.byte();
      return [v, false];
    }
    if (b === 0x81) {
      let v = 0;
      for (let i = 0; i < 8; i++) v = v * 256 + this.byte();
      return [v, false];
    }
    throw new Error('rdb: unknown length encoding');
  }

  bytes(n: number): string {
    if (this.pos + n > this.end) throw new Error('rdb: truncated');
    const r = this.s.slice(this.pos, this.pos + n);
    this.pos += n;
    return r;
  }

  /** Redis `rdbGenericLoadStringObject` (plain string result). */
  string(): string {
    const [len, enc] = this.len();
    if (!enc) return this.bytes(len);
    switch (len) {
      case 0: {
        const v = this.byte();
        return String((v << 24) >> 24);
      }
      case 1: {
        const v = this.byte() | (this.byte() << 8);
        return String((v << 16) >> 16);
      }
      case 2: {
        const v = this.byte() | (this.byte() << 8) | (this.byte() << 16) | (this.byte() << 24);
        return String(v | 0);
      }
      case 3: {
        const clen = this.len()[0];
        const ulen = this.len()[0];
        return lzfDecompress(this.bytes(clen), ulen);
      }
      default:
        throw new Error('rdb: unknown string encoding');
    }
  }
}

/** Appends Redis's DUMP footer: RDB version (2 bytes LE) and CRC64 (8 bytes LE). */
export function addDumpFooter(payload: string, rdbVersion = RDB_VERSION): string {
  const p = payload + String.fromCharCode(rdbVersion & 0xff, (rdbVersion >> 8) & 0xff);
  return p + u64le(crc64(p));
}

/**
 * Redis `verifyDumpPayload`: length >= 10, RDB version not newer than ours, CRC64 matches.
 * @returns the payload's RDB version, or -1 when invalid.
 */
export function verifyDumpPayload(p: string, maxVersion = RDB_VERSION): number {
  const len = p.length;
  if (len < 10) return -1;
  const ver = p.charCodeAt(len - 10) | (p.charCodeAt(len - 9) << 8);
  if (ver > maxVersion) return -1;
  const crc = crc64(p, 0, len - 8);
  return u64le(crc) === p.slice(len - 8) ? ver : -1;
}
