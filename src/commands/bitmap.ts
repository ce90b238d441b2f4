/**
 * Bitmap commands (Redis 7.2 bitops.c): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD,
 * BITFIELD_RO.
 *
 * Bitmaps are string values; bit 0 is the most significant bit of byte 0. Writes store a
 * `RawString` (Redis turns the value into a raw sds through `dbUnshareStringValue`, even
 * when no bit changes); from 256 bytes on, a buffer-backed `BitmapString` written in place,
 * so SETBIT/BITFIELD stay O(1) on large bitmaps (util/bit-bitmap.ts). Reads use its buffer
 * directly. Events and dirty counts follow Redis: SETBIT/BITFIELD fire
 * 'setbit' only when the string was created, grew, or a value changed; BITOP fires 'set'
 * (or 'del' when the result is empty and the destination existed).
 *
 * 7.2 note: BITCOUNT/BITPOS answer 0 (or -1/0) for a missing key before validating the
 * range arguments; the stricter order is Redis 8.0 (redis/redis#11734).
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { RawString, OBJ_ENCODING_EMBSTR_SIZE_LIMIT, type RedisValue } from '../keyspace/object.js';
import { NOTIFY_STRING } from '../keyspace/notify.js';
import { string2ll, string2bigint } from '../util/numbers.js';
import { argIs, EmbStrString, MAX_JS_STRING_LENGTH } from '../util/str-objects.js';
import { checkStringLength } from './string.js';
import { BitmapString, BITMAP_MIN_BYTES } from '../util/bit-bitmap.js';

const ERR_NOT_INT = 'value is not an integer or out of range';
const ERR_BIT_OFFSET = 'bit offset is not an integer or out of range';
const ERR_BIT_VALUE = 'bit is not an integer or out of range';
const ERR_BITFIELD_TYPE = 'Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';

/** Bits set in each byte value. */
const BITS_IN_BYTE = new Uint8Array(256);
for (let i = 1; i < 256; i++) BITS_IN_BYTE[i] = (i & 1) + BITS_IN_BYTE[i >> 1];

/** The bytes of a string value, or null for other types. */
function strval(v: RedisValue): string | null {
  if (typeof v === 'string') return v;
  return v instanceof RawString ? v.ptr : null;
}

/** The bytes of a string value for reading: a view for buffer-backed values, else the string; null for other types. */
type Bytes = string | Uint8Array;
function readBytes(v: RedisValue): Bytes | null {
  if (typeof v === 'string') return v;
  if (v instanceof BitmapString) return v.bytes();
  return v instanceof RawString ? v.ptr : null;
}

/** Byte `i` of `b` (caller guarantees i < length). */
function at(b: Bytes, i: number): number {
  return typeof b === 'string' ? b.charCodeAt(i) : b[i];
}

/** True when Redis would already hold this value as an unshared raw sds. */
function isRawSds(v: RedisValue): boolean {
  if (typeof v === 'string') return v.length > OBJ_ENCODING_EMBSTR_SIZE_LIMIT;
  return v instanceof RawString && !(v instanceof EmbStrString);
}

/**
 * Redis `getBitOffsetFromArgument`: a non-negative bit offset whose byte is below
 * proto-max-bulk-len. With `hash` and `bits` > 0, "#N" means N * bits (int64 wrap-around
 * as in C).
 * @returns the offset, or -1 after an error reply.
 */
function getBitOffset(c: Client, arg: string, hash: boolean, bits: number): number {
  const usehash = hash && bits > 0 && arg.charCodeAt(0) === 35;
  let off: number;
  if (usehash) {
    const v = string2bigint(arg.slice(1));
    if (v === null) {
      c.addReplyError(ERR_BIT_OFFSET);
      return -1;
    }
    off = Number(BigInt.asIntN(64, v * BigInt(bits)));
  } else {
    const v = string2ll(arg);
    if (v === null) {
      c.addReplyError(ERR_BIT_OFFSET);
      return -1;
    }
    off = v;
  }
  if (off < 0 || Math.floor(off / 8) >= c.server.parserLimits.protoMaxBulkLen) {
    c.addReplyError(ERR_BIT_OFFSET);
    return -1;
  }
  return off;
}

/**
 * Redis `getBitfieldTypeFromArgument`: "i1".."i64" or "u1".."u63" (lowercase; the number
 * ends at a NUL byte, as a C string).
 * @returns bits, negated for signed types (i8 -> -8), or 0 after an error reply.
 */
function getBitfieldType(c: Client, arg: string): number {
  const t = arg.charCodeAt(0);
  if (t !== 105 && t !== 117) {
    c.addReplyError(ERR_BITFIELD_TYPE);
    return 0;
  }
  let rest = arg.slice(1);
  const nul = rest.indexOf('\0');
  if (nul >= 0) rest = rest.slice(0, nul);
  const bits = string2ll(rest);
  if (bits === null || bits < 1 || (t === 105 && bits > 64) || (t === 117 && bits > 63)) {
    c.addReplyError(ERR_BITFIELD_TYPE);
    return 0;
  }
  return t === 105 ? -bits : bits;
}

/**
 * The part of Redis `lookupStringForBitCommand` before any write: looks the key up for
 * writing and checks its type.
 * @returns the current bytes ('' when missing), or null after a WRONGTYPE reply.
 */
function lookupBitTarget(c: Client, o: RedisValue | undefined): string | null {
  if (o === undefined) return '';
  const s = strval(o);
  if (s === null) c.addReplyWrongType();
  return s;
}

/** SETBIT key offset 0|1: the previous bit value. */
function setbitCommand(c: Client): void {
  const offset = getBitOffset(c, c.argv[2], false, 0);
  if (offset < 0) return;
  const on = string2ll(c.argv[3]);
  if (on === null || (on !== 0 && on !== 1)) {
    c.addReplyError(ERR_BIT_VALUE);
    return;
  }
  const key = c.argv[1];
  const db = c.db;
  const o = db.lookupKeyWrite(key);
  const byte = Math.floor(offset / 8);
  const bit = 7 - (offset % 8);
  let bitval: number;
  if (o instanceof BitmapString) {
    // In-place write on a buffer-backed value.
    if (byte >= MAX_JS_STRING_LENGTH && !checkStringLength(c, byte + 1)) return;
    const grows = byte >= o.length;
    const byteval = o.byteAt(byte);
    bitval = (byteval >> bit) & 1;
    if (grows || bitval !== on) {
      o.writable(byte + 1)[byte] = on === 1 ? byteval | (1 << bit) : byteval & ~(1 << bit);
      notifySetbit(c, key);
    }
    c.addReplyProto(bitval === 1 ? ':1\r\n' : ':0\r\n');
    return;
  }
  const s = lookupBitTarget(c, o);
  if (s === null) return;
  if (byte >= MAX_JS_STRING_LENGTH && !checkStringLength(c, byte + 1)) return;
  const len = s.length;
  const grows = o === undefined || byte >= len;
  const byteval = byte < len ? s.charCodeAt(byte) : 0;
  bitval = (byteval >> bit) & 1;
  const nb = on === 1 ? byteval | (1 << bit) : byteval & ~(1 << bit);
  if (byte >= BITMAP_MIN_BYTES || len >= BITMAP_MIN_BYTES) {
    // Large bitmaps become buffer-backed so later writes are O(1).
    const bm = new BitmapString(s);
    if (o === undefined) db.dbAdd(key, bm);
    else db.dbOverwrite(key, bm);
    if (grows || bitval !== on) {
      bm.writable(byte + 1)[byte] = nb;
      notifySetbit(c, key);
    }
  } else if (grows || bitval !== on) {
    const ch = String.fromCharCode(nb);
    const res = byte < len ? s.slice(0, byte) + ch + s.slice(byte + 1) : s + (byte > len ? '\0'.repeat(byte - len) : '') + ch;
    if (o === undefined) db.dbAdd(key, new RawString(res));
    else db.dbOverwrite(key, new RawString(res));
    notifySetbit(c, key);
  } else if (!isRawSds(o!)) {
    db.dbOverwrite(key, new RawString(s));
  }
  c.addReplyProto(bitval === 1 ? ':1\r\n' : ':0\r\n');
}

/** The bookkeeping of a SETBIT that changed the value: WATCH/tracking, 'setbit' event, dirty. */
function notifySetbit(c: Client, key: string): void {
  c.db.signalModifiedKey(c, key);
  c.server.notifyKeyspaceEvent(NOTIFY_STRING, 'setbit', key, c.db.id);
  c.server.dirty++;
}

/** GETBIT key offset: the bit (0 past the end or for a missing key). */
function getbitCommand(c: Client): void {
  const offset = getBitOffset(c, c.argv[2], false, 0);
  if (offset < 0) return;
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyProto(':0\r\n');
    return;
  }
  const b = readBytes(v);
  if (b === null) {
    c.addReplyWrongType();
    return;
  }
  const byte = Math.floor(offset / 8);
  const bit = 7 - (offset % 8);
  const bitval = byte < b.length ? (at(b, byte) >> bit) & 1 : 0;
  c.addReplyProto(bitval === 1 ? ':1\r\n' : ':0\r\n');
}

const EMPTY_BYTES = new Uint8Array(0);

const BITOP_AND = 0;
const BITOP_OR = 1;
const BITOP_XOR = 2;
const BITOP_NOT = 3;

/** BITOP AND|OR|XOR|NOT destkey key [key ...]: stores the result, replies its length. */
function bitopCommand(c: Client): void {
  const argv = c.argv;
  const opname = argv[1];
  let op: number;
  if (argIs(opname, 'and')) op = BITOP_AND;
  else if (argIs(opname, 'or')) op = BITOP_OR;
  else if (argIs(opname, 'xor')) op = BITOP_XOR;
  else if (argIs(opname, 'not')) op = BITOP_NOT;
  else {
    c.addReplySyntaxError();
    return;
  }
  if (op === BITOP_NOT && argv.length !== 4) {
    c.addReplyError('BITOP NOT must be called with a single source key.');
    return;
  }
  const db = c.db;
  const numkeys = argv.length - 3;
  const srcs: Uint8Array[] = new Array<Uint8Array>(numkeys);
  let maxlen = 0;
  for (let j = 0; j < numkeys; j++) {
    const o = db.lookupKeyRead(argv[j + 3]);
    if (o === undefined) {
      srcs[j] = EMPTY_BYTES;
      continue;
    }
    const b = readBytes(o);
    if (b === null) {
      c.addReplyWrongType();
      return;
    }
    const u = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    srcs[j] = u;
    if (u.length > maxlen) maxlen = u.length;
  }
  const target = argv[2];
  const server = c.server;
  if (maxlen > 0) {
    const res = Buffer.alloc(maxlen);
    res.set(srcs[0]);
    if (op === BITOP_NOT) {
      for (let i = 0; i < maxlen; i++) res[i] = ~res[i] & 0xff;
    } else {
      for (let k = 1; k < numkeys; k++) {
        const src = srcs[k];
        const l = src.length;
        if (op === BITOP_AND) {
          for (let i = 0; i < l; i++) res[i] &= src[i];
          res.fill(0, l);
        } else if (op === BITOP_OR) {
          for (let i = 0; i < l; i++) res[i] |= src[i];
        } else {
          for (let i = 0; i < l; i++) res[i] ^= src[i];
        }
      }
    }
    db.setKey(c, target, new RawString(res.toString('latin1', 0, maxlen)));
    server.notifyKeyspaceEvent(NOTIFY_STRING, 'set', target, db.id);
    server.dirty++;
  } else if (db.dbDelete(target)) {
    db.notifyDeleted(c, target);
    server.dirty++;
  }
  c.addReplyLongLong(maxlen);
}

/** Set bits in bytes [start, end] of `b`. */
function popcount(b: Bytes, start: number, end: number): number {
  let bits = 0;
  if (typeof b === 'string') {
    for (let i = start; i <= end; i++) bits += BITS_IN_BYTE[b.charCodeAt(i)];
  } else {
    for (let i = start; i <= end; i++) bits += BITS_IN_BYTE[b[i]];
  }
  return bits;
}


/** A BITCOUNT/BITPOS range after Redis's normalisation (bitops.c). */
interface ByteRange {
  /** First and last byte index. */
  start: number;
  end: number;
  /** In BIT units: the bits of the first/last byte that lie outside the range (0 = none). */
  firstMask: number;
  lastMask: number;
}

/**
 * Normalises [start, end] for a string of `strlen` bytes as bitcountCommand/bitposCommand do:
 * negative indexes count from the end (in bits when `isbit`), both are clamped, and a BIT
 * range becomes byte indexes plus masks for the partial first and last bytes. The result may
 * have start > end (an empty range).
 */
function normalizeBitRange(start: number, end: number, strlen: number, isbit: boolean): ByteRange {
  const totlen = isbit ? strlen * 8 : strlen;
  if (start < 0) start = totlen + start;
  if (end < 0) end = totlen + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= totlen) end = totlen - 1;
  let firstMask = 0;
  let lastMask = 0;
  if (isbit && start <= end) {
    firstMask = ~((1 << (8 - (start % 8))) - 1) & 0xff;
    lastMask = (1 << (7 - (end % 8))) - 1;
    start = Math.floor(start / 8);
    end = Math.floor(end / 8);
  }
  return { start, end, firstMask, lastMask };
}

/** BITCOUNT key [start end [BYTE|BIT]]: set bits in the range. */
function bitcountCommand(c: Client): void {
  const argv = c.argv;
  const argc = argv.length;
  const v = c.db.lookupKeyRead(argv[1]);
  if (v === undefined) {
    c.addReplyProto(':0\r\n');
    return;
  }
  const s = readBytes(v);
  if (s === null) {
    c.addReplyWrongType();
    return;
  }
  const strlen = s.length;
  let start: number;
  let end: number;
  let firstMask = 0;
  let lastMask = 0;
  if (argc === 4 || argc === 5) {
    const st = string2ll(argv[2]);
    if (st === null) {
      c.addReplyError(ERR_NOT_INT);
      return;
    }
    const en = string2ll(argv[3]);
    if (en === null) {
      c.addReplyError(ERR_NOT_INT);
      return;
    }
    start = st;
    end = en;
    if (start < 0 && end < 0 && start > end) {
      c.addReplyProto(':0\r\n');
      return;
    }
    let isbit = false;
    if (argc === 5) {
      if (argIs(argv[4], 'bit')) isbit = true;
      else if (!argIs(argv[4], 'byte')) {
        c.addReplySyntaxError();
        return;
      }
    }
    const r = normalizeBitRange(start, end, strlen, isbit);
    start = r.start;
    end = r.end;
    firstMask = r.firstMask;
    lastMask = r.lastMask;
  } else if (argc === 2) {
    start = 0;
    end = strlen - 1;
  } else {
    c.addReplySyntaxError();
    return;
  }
  if (start > end) {
    c.addReplyProto(':0\r\n');
    return;
  }
  let count = popcount(s, start, end);
  if (firstMask !== 0) count -= BITS_IN_BYTE[at(s, start) & firstMask];
  if (lastMask !== 0) count -= BITS_IN_BYTE[at(s, end) & lastMask];
  c.addReplyLongLong(count);
}

/**
 * Redis `redisBitpos` over bytes [start, start+count) of `s`: the first bit equal to `bit`
 * relative to `start`; when none, -1 for bit 1 and count*8 for bit 0 (zero padding).
 */
function bitposBytes(s: Bytes, start: number, count: number, bit: number): number {
  const skip = bit === 1 ? 0 : 0xff;
  const end = start + count;
  if (typeof s === 'string') {
    for (let i = start; i < end; i++) {
      const b = s.charCodeAt(i);
      if (b !== skip) return (i - start) * 8 + firstBitIn(b, bit);
    }
  } else {
    for (let i = start; i < end; i++) {
      const b = s[i];
      if (b !== skip) return (i - start) * 8 + firstBitIn(b, bit);
    }
  }
  return bit === 1 ? -1 : count * 8;
}

/** Position (0 = MSB) of the first bit equal to `bit` in byte `b`; 8 / -1 when none. */
function firstBitIn(b: number, bit: number): number {
  if (bit === 1) return b === 0 ? -1 : Math.clz32(b) - 24;
  const inv = ~b & 0xff;
  return inv === 0 ? 8 : Math.clz32(inv) - 24;
}

/** BITPOS key bit [start [end [BYTE|BIT]]]: the first bit set/clear in the range, or -1. */
function bitposCommand(c: Client): void {
  const argv = c.argv;
  const argc = argv.length;
  const bit = string2ll(argv[2]);
  if (bit === null) {
    c.addReplyError(ERR_NOT_INT);
    return;
  }
  if (bit !== 0 && bit !== 1) {
    c.addReplyError('The bit argument must be 1 or 0.');
    return;
  }
  const v = c.db.lookupKeyRead(argv[1]);
  if (v === undefined) {
    c.addReplyLongLong(bit === 1 ? -1 : 0);
    return;
  }
  const s = readBytes(v);
  if (s === null) {
    c.addReplyWrongType();
    return;
  }
  const strlen = s.length;
  let start: number;
  let end: number;
  let endGiven = false;
  let firstMask = 0;
  let lastMask = 0;
  if (argc === 4 || argc === 5 || argc === 6) {
    const st = string2ll(argv[3]);
    if (st === null) {
      c.addReplyError(ERR_NOT_INT);
      return;
    }
    start = st;
    let isbit = false;
    if (argc === 6) {
      if (argIs(argv[5], 'bit')) isbit = true;
      else if (!argIs(argv[5], 'byte')) {
        c.addReplySyntaxError();
        return;
      }
    }
    if (argc >= 5) {
      const en = string2ll(argv[4]);
      if (en === null) {
        c.addReplyError(ERR_NOT_INT);
        return;
      }
      end = en;
      endGiven = true;
    } else {
      end = isbit ? strlen * 8 + 7 : strlen - 1;
    }
    const r = normalizeBitRange(start, end, strlen, isbit);
    start = r.start;
    end = r.end;
    firstMask = r.firstMask;
    lastMask = r.lastMask;
  } else if (argc === 3) {
    start = 0;
    end = strlen - 1;
  } else {
    c.addReplySyntaxError();
    return;
  }
  if (start > end) {
    c.addReplyLongLong(-1);
    return;
  }
  let bytes = end - start + 1;
  let pos: number;
  search: {
    if (firstMask !== 0) {
      let tmp = bit === 1 ? at(s, start) & ~firstMask & 0xff : (at(s, start) | firstMask) & 0xff;
      if (lastMask !== 0 && bytes === 1) tmp = bit === 1 ? tmp & ~lastMask & 0xff : (tmp | lastMask) & 0xff;
      pos = firstBitIn(tmp, bit);
      if (bytes === 1 || (pos !== -1 && pos !== 8)) break search;
      start++;
      bytes--;
    }
    const curbytes = bytes - (lastMask !== 0 ? 1 : 0);
    if (curbytes > 0) {
      pos = bitposBytes(s, start, curbytes, bit);
      if (bytes === curbytes || (pos !== -1 && pos !== curbytes * 8)) break search;
      start += curbytes;
      bytes -= curbytes;
    }
    const tmp = bit === 1 ? at(s, end) & ~lastMask & 0xff : (at(s, end) | lastMask) & 0xff;
    pos = firstBitIn(tmp, bit);
  }
  if (endGiven && bit === 0 && pos === bytes * 8) {
    c.addReplyLongLong(-1);
    return;
  }
  if (pos !== -1) pos += start * 8;
  c.addReplyLongLong(pos);
}

/* BITFIELD ------------------------------------------------------------------------------ */

const BITFIELDOP_GET = 0;
const BITFIELDOP_SET = 1;
const BITFIELDOP_INCRBY = 2;

const BFOVERFLOW_WRAP = 0;
const BFOVERFLOW_SAT = 1;
const BFOVERFLOW_FAIL = 2;

/** One parsed BITFIELD operation (Redis `struct bitfieldOp`). */
class BitfieldOp {
  /** `i64` as a number when the fast path applies (width <= 32 bits, |i64| < 2^52), else NaN. */
  readonly small: number;
  constructor(
    readonly offset: number,
    readonly i64: bigint,
    readonly opcode: number,
    readonly owtype: number,
    readonly bits: number,
    readonly sign: boolean,
  ) {
    this.small = bits <= 32 && i64 < SMALL_LIMIT && i64 > -SMALL_LIMIT ? Number(i64) : NaN;
  }
}

const SMALL_LIMIT = 4503599627370496n; // 2^52

/** Reads an unsigned field of at most 32 bits as a number (bytes past the end read as 0). */
function getUnsignedSmall(p: Uint8Array, offset: number, bits: number): number {
  const byte = Math.floor(offset / 8);
  const shift = offset % 8;
  const nbytes = (shift + bits + 7) >> 3;
  let w = 0;
  for (let i = 0; i < nbytes; i++) {
    const k = byte + i;
    w = w * 256 + (k < p.length ? p[k] : 0);
  }
  return Math.floor(w / 2 ** (nbytes * 8 - shift - bits)) % 2 ** bits;
}

/** Writes an unsigned field of at most 32 bits (`value` in [0, 2^bits)). */
function setUnsignedSmall(p: Uint8Array, offset: number, bits: number, value: number): void {
  const byte = Math.floor(offset / 8);
  const shift = offset % 8;
  const nbytes = (shift + bits + 7) >> 3;
  let w = 0;
  for (let i = 0; i < nbytes; i++) w = w * 256 + p[byte + i];
  const low = 2 ** (nbytes * 8 - shift - bits);
  const span = 2 ** bits;
  const above = Math.floor(w / (low * span));
  const below = w % low;
  w = (above * span + value) * low + below;
  for (let i = nbytes - 1; i >= 0; i--) {
    p[byte + i] = w % 256;
    w = Math.floor(w / 256);
  }
}

/** `x` reduced to an unsigned `bits`-wide value (two's complement wrap), for |x| < 2^53. */
function wrapUnsigned(x: number, span: number): number {
  const r = x % span;
  return r < 0 ? r + span : r;
}

/**
 * The number form of one SET/INCRBY on a field of at most 32 bits with |operand| < 2^52 (no
 * int64 wrap-around can happen, so Redis's overflow checks reduce to range checks).
 * Replies with the op's result (null when it overflowed under OVERFLOW FAIL, writing nothing).
 * @returns 1 when the op counts as a change (Redis: the string grew or the value changed), else 0.
 */
function bitfieldSmallOp(c: Client, p: Uint8Array, op: BitfieldOp, grew: boolean): number {
  const bits = op.bits;
  const span = 2 ** bits;
  const raw = getUnsignedSmall(p, op.offset, bits);
  const incr = op.small;
  let oldval: number;
  let newval: number;
  let overflow = 0;
  if (op.sign) {
    const half = span / 2;
    const max = half - 1;
    const min = -half;
    oldval = raw >= half ? raw - span : raw;
    const target = op.opcode === BITFIELDOP_INCRBY ? oldval + incr : incr;
    if (target > max) overflow = 1;
    else if (target < min) overflow = -1;
    if (overflow === 0) newval = target;
    else if (op.owtype === BFOVERFLOW_SAT) newval = overflow > 0 ? max : min;
    else {
      newval = wrapUnsigned(target, span);
      if (newval >= half) newval -= span;
    }
  } else {
    const max = span - 1;
    oldval = raw;
    if (op.opcode === BITFIELDOP_INCRBY) {
      const target = oldval + incr;
      if (target > max) overflow = 1;
      else if (target < 0) overflow = -1;
      newval = overflow === 0 ? target : op.owtype === BFOVERFLOW_SAT ? (overflow > 0 ? max : 0) : wrapUnsigned(target, span);
    } else {
      // A negative SET value is a huge uint64 in Redis: always an overflow "up".
      if (incr > max || incr < 0) overflow = 1;
      newval = overflow === 0 ? incr : op.owtype === BFOVERFLOW_SAT ? max : wrapUnsigned(incr, span);
    }
  }
  if (overflow !== 0 && op.owtype === BFOVERFLOW_FAIL) {
    c.addReplyNull();
    return 0;
  }
  c.addReplyLongLong(op.opcode === BITFIELDOP_INCRBY ? newval : oldval);
  setUnsignedSmall(p, op.offset, bits, newval < 0 ? newval + span : newval);
  return grew || oldval !== newval ? 1 : 0;
}

/** Reads an unsigned `bits`-wide field at bit `offset` of `p` (bytes past the end read as 0). */
function getUnsignedBitfield(p: Uint8Array, offset: number, bits: number): bigint {
  const byte = Math.floor(offset / 8);
  const shift = offset % 8;
  const nbytes = (shift + bits + 7) >> 3;
  let w = 0n;
  for (let i = 0; i < nbytes; i++) {
    const k = byte + i;
    w = (w << 8n) | BigInt(k < p.length ? p[k] : 0);
  }
  w >>= BigInt(nbytes * 8 - shift - bits);
  return BigInt.asUintN(bits, w);
}

/** Writes the low `bits` bits of `value` at bit `offset` of `p` (which must be long enough). */
function setUnsignedBitfield(p: Uint8Array, offset: number, bits: number, value: bigint): void {
  const byte = Math.floor(offset / 8);
  const shift = offset % 8;
  const nbytes = (shift + bits + 7) >> 3;
  let w = 0n;
  for (let i = 0; i < nbytes; i++) w = (w << 8n) | BigInt(p[byte + i]);
  const low = BigInt(nbytes * 8 - shift - bits);
  const mask = ((1n << BigInt(bits)) - 1n) << low;
  w = (w & ~mask) | ((BigInt.asUintN(bits, value) << low) & mask);
  for (let i = nbytes - 1; i >= 0; i--) {
    p[byte + i] = Number(w & 0xffn);
    w >>= 8n;
  }
}

/** Result of an overflow check: 0 none, 1 overflow, -1 underflow; `limit` the value to store. */
interface OverflowResult {
  ret: number;
  limit: bigint;
}

/** Redis `checkUnsignedBitfieldOverflow` (value as uint64, incr as int64). */
function checkUnsignedOverflow(value: bigint, incr: bigint, bits: number, owtype: number, r: OverflowResult): void {
  const max = (1n << BigInt(bits)) - 1n; // bits <= 63
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, -value);
  if (value > max || (incr > 0n && incr > maxincr)) {
    r.ret = 1;
    if (owtype === BFOVERFLOW_WRAP) r.limit = BigInt.asUintN(bits, value + incr);
    else if (owtype === BFOVERFLOW_SAT) r.limit = max;
  } else if (incr < 0n && incr < minincr) {
    r.ret = -1;
    if (owtype === BFOVERFLOW_WRAP) r.limit = BigInt.asUintN(bits, value + incr);
    else if (owtype === BFOVERFLOW_SAT) r.limit = 0n;
  } else {
    r.ret = 0;
  }
}

/** Redis `checkSignedBitfieldOverflow` (value and incr as int64). */
function checkSignedOverflow(value: bigint, incr: bigint, bits: number, owtype: number, r: OverflowResult): void {
  const max = bits === 64 ? 9223372036854775807n : (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, min - value);
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) {
    r.ret = 1;
    if (owtype === BFOVERFLOW_WRAP) r.limit = BigInt.asIntN(bits, value + incr);
    else if (owtype === BFOVERFLOW_SAT) r.limit = max;
  } else if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) {
    r.ret = -1;
    if (owtype === BFOVERFLOW_WRAP) r.limit = BigInt.asIntN(bits, value + incr);
    else if (owtype === BFOVERFLOW_SAT) r.limit = min;
  } else {
    r.ret = 0;
  }
}

/**
 * BITFIELD / BITFIELD_RO (Redis `bitfieldGeneric`): parses every operation first, then
 * looks the key up (for reading when all are GETs), then runs them in order.
 */
function bitfieldGeneric(c: Client, readonlyCmd: boolean): void {
  const argv = c.argv;
  const argc = argv.length;
  const ops: BitfieldOp[] = [];
  let owtype = BFOVERFLOW_WRAP;
  let readonly = true;
  let highestWriteOffset = 0;
  for (let j = 2; j < argc; j++) {
    const remargs = argc - j - 1;
    const subcmd = argv[j];
    let opcode: number;
    if (remargs >= 2 && argIs(subcmd, 'get')) opcode = BITFIELDOP_GET;
    else if (remargs >= 3 && argIs(subcmd, 'set')) opcode = BITFIELDOP_SET;
    else if (remargs >= 3 && argIs(subcmd, 'incrby')) opcode = BITFIELDOP_INCRBY;
    else if (remargs >= 1 && argIs(subcmd, 'overflow')) {
      const name = argv[++j];
      if (argIs(name, 'wrap')) owtype = BFOVERFLOW_WRAP;
      else if (argIs(name, 'sat')) owtype = BFOVERFLOW_SAT;
      else if (argIs(name, 'fail')) owtype = BFOVERFLOW_FAIL;
      else {
        c.addReplyError('Invalid OVERFLOW type specified');
        return;
      }
      continue;
    } else {
      c.addReplySyntaxError();
      return;
    }
    const t = getBitfieldType(c, argv[j + 1]);
    if (t === 0) return;
    const sign = t < 0;
    const bits = sign ? -t : t;
    const offset = getBitOffset(c, argv[j + 2], true, bits);
    if (offset < 0) return;
    let i64 = 0n;
    if (opcode !== BITFIELDOP_GET) {
      readonly = false;
      if (highestWriteOffset < offset + bits - 1) highestWriteOffset = offset + bits - 1;
      const v = string2bigint(argv[j + 3]);
      if (v === null) {
        c.addReplyError(ERR_NOT_INT);
        return;
      }
      i64 = v;
    }
    ops.push(new BitfieldOp(offset, i64, opcode, owtype, bits, sign));
    j += opcode === BITFIELDOP_GET ? 2 : 3;
  }

  const key = argv[1];
  const db = c.db;
  let buf: Uint8Array;
  let o: RedisValue | undefined;
  let grew = false;
  if (readonly) {
    o = db.lookupKeyRead(key);
    let s: Bytes = '';
    if (o !== undefined) {
      const sv = readBytes(o);
      if (sv === null) {
        c.addReplyWrongType();
        return;
      }
      s = sv;
    }
    // Only the bytes the GETs touch are needed; copy them lazily per op below.
    c.addReplyArrayLen(ops.length);
    for (const op of ops) {
      const v = getUnsignedBitfield(stringWindow(s, op.offset, op.bits), op.offset % 8, op.bits);
      c.addReplyLongLong(op.sign ? BigInt.asIntN(op.bits, v) : v);
    }
    return;
  }
  if (readonlyCmd) {
    c.addReplyError('BITFIELD_RO only supports the GET subcommand');
    return;
  }
  o = db.lookupKeyWrite(key);
  const byte = Math.floor(highestWriteOffset / 8);
  let bm: BitmapString | null = null;
  let s = '';
  let newlen: number;
  if (o instanceof BitmapString) {
    if (byte >= MAX_JS_STRING_LENGTH && !checkStringLength(c, byte + 1)) return;
    bm = o;
    newlen = Math.max(o.length, byte + 1);
    grew = newlen !== o.length;
    buf = o.writable(newlen);
  } else {
    const sv = lookupBitTarget(c, o);
    if (sv === null) return;
    s = sv;
    if (byte >= MAX_JS_STRING_LENGTH && !checkStringLength(c, byte + 1)) return;
    newlen = Math.max(s.length, byte + 1);
    grew = o === undefined || newlen !== s.length;
    if (newlen >= BITMAP_MIN_BYTES) {
      bm = new BitmapString(s);
      buf = bm.writable(newlen);
    } else {
      const b = Buffer.alloc(newlen);
      b.write(s, 0, 'latin1');
      buf = b;
    }
  }
  c.addReplyArrayLen(ops.length);
  let changes = 0;
  const r: OverflowResult = { ret: 0, limit: 0n };
  for (const op of ops) {
    if (op.opcode === BITFIELDOP_GET) {
      if (op.bits <= 32) {
        const v = getUnsignedSmall(buf, op.offset, op.bits);
        c.addReplyLongLong(op.sign && v >= 2 ** (op.bits - 1) ? v - 2 ** op.bits : v);
        continue;
      }
      const v = getUnsignedBitfield(buf, op.offset, op.bits);
      c.addReplyLongLong(op.sign ? BigInt.asIntN(op.bits, v) : v);
      continue;
    }
    if (op.small === op.small) {
      changes += bitfieldSmallOp(c, buf, op, grew);
      continue;
    }
    const raw = getUnsignedBitfield(buf, op.offset, op.bits);
    let oldval: bigint;
    let newval: bigint;
    let retval: bigint;
    if (op.sign) {
      oldval = BigInt.asIntN(op.bits, raw);
      if (op.opcode === BITFIELDOP_INCRBY) {
        checkSignedOverflow(oldval, op.i64, op.bits, op.owtype, r);
        newval = r.ret !== 0 ? r.limit : BigInt.asIntN(64, oldval + op.i64);
        retval = newval;
      } else {
        newval = op.i64;
        checkSignedOverflow(newval, 0n, op.bits, op.owtype, r);
        if (r.ret !== 0) newval = r.limit;
        retval = oldval;
      }
    } else {
      oldval = raw;
      if (op.opcode === BITFIELDOP_INCRBY) {
        newval = BigInt.asUintN(64, oldval + op.i64);
        checkUnsignedOverflow(oldval, op.i64, op.bits, op.owtype, r);
        if (r.ret !== 0) newval = r.limit;
        retval = newval;
      } else {
        newval = BigInt.asUintN(64, op.i64);
        checkUnsignedOverflow(newval, 0n, op.bits, op.owtype, r);
        if (r.ret !== 0) newval = r.limit;
        retval = oldval;
      }
    }
    if (r.ret !== 0 && op.owtype === BFOVERFLOW_FAIL) {
      c.addReplyNull();
      continue;
    }
    c.addReplyLongLong(retval);
    setUnsignedBitfield(buf, op.offset, op.bits, newval);
    if (grew || oldval !== newval) changes++;
  }
  // The value is now a raw sds in Redis, changed or not (lookupStringForBitCommand).
  if (bm !== o) {
    const nv = bm !== null ? bm : new RawString(Buffer.from(buf.buffer, buf.byteOffset, newlen).toString('latin1'));
    if (o === undefined) db.dbAdd(key, nv);
    else db.dbOverwrite(key, nv);
  }
  if (changes > 0) {
    db.signalModifiedKey(c, key);
    c.server.notifyKeyspaceEvent(NOTIFY_STRING, 'setbit', key, db.id);
    c.server.dirty += changes;
  }
}

/** The (up to 9) bytes of `s` holding a `bits`-wide field at bit `offset`, zero-padded. */
function stringWindow(s: Bytes, offset: number, bits: number): Uint8Array {
  const byte = Math.floor(offset / 8);
  const nbytes = ((offset % 8) + bits + 7) >> 3;
  const w = new Uint8Array(nbytes);
  for (let i = 0; i < nbytes; i++) {
    const k = byte + i;
    if (k < s.length) w[i] = at(s, k);
  }
  return w;
}

function bitfieldCommand(c: Client): void {
  bitfieldGeneric(c, false);
}

function bitfieldroCommand(c: Client): void {
  bitfieldGeneric(c, true);
}

/** The bitmap family. */
export const bitmapCommands: CommandSpec[] = [
  { name: 'setbit', proc: setbitCommand },
  { name: 'getbit', proc: getbitCommand },
  { name: 'bitcount', proc: bitcountCommand },
  { name: 'bitpos', proc: bitposCommand },
  { name: 'bitop', proc: bitopCommand },
  { name: 'bitfield', proc: bitfieldCommand },
  { name: 'bitfield_ro', proc: bitfieldroCommand },
];

