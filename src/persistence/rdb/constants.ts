/**
 * RDB format constants (Redis 7.2 rdb.h): the file version, opcodes, value types and the
 * special string encodings. Names follow rdb.h.
 */
import { latin1Short } from '../../protocol/latin1.js';

/** The RDB version Redis 7.2 writes (and the highest Cinder loads). */
export const RDB_VERSION = 11;
/** The version Redis 7.0 writes; Cinder can write it in compatibility mode (see RdbSaveOptions). */
export const RDB_VERSION_7_0 = 10;

/** Length encodings (top two bits of the first byte). */
export const RDB_6BITLEN = 0;
export const RDB_14BITLEN = 1;
export const RDB_32BITLEN = 0x80;
export const RDB_64BITLEN = 0x81;
export const RDB_ENCVAL = 3;

/** Special string encodings (RDB_ENCVAL + these low 6 bits). */
export const RDB_ENC_INT8 = 0;
export const RDB_ENC_INT16 = 1;
export const RDB_ENC_INT32 = 2;
export const RDB_ENC_LZF = 3;

/** Value types. */
export const RDB_TYPE_STRING = 0;
export const RDB_TYPE_LIST = 1;
export const RDB_TYPE_SET = 2;
export const RDB_TYPE_ZSET = 3;
export const RDB_TYPE_HASH = 4;
export const RDB_TYPE_ZSET_2 = 5;
export const RDB_TYPE_MODULE_PRE_GA = 6;
export const RDB_TYPE_MODULE_2 = 7;
export const RDB_TYPE_HASH_ZIPMAP = 9;
export const RDB_TYPE_LIST_ZIPLIST = 10;
export const RDB_TYPE_SET_INTSET = 11;
export const RDB_TYPE_ZSET_ZIPLIST = 12;
export const RDB_TYPE_HASH_ZIPLIST = 13;
export const RDB_TYPE_LIST_QUICKLIST = 14;
export const RDB_TYPE_STREAM_LISTPACKS = 15;
export const RDB_TYPE_HASH_LISTPACK = 16;
export const RDB_TYPE_ZSET_LISTPACK = 17;
export const RDB_TYPE_LIST_QUICKLIST_2 = 18;
export const RDB_TYPE_STREAM_LISTPACKS_2 = 19;
/** Added by Redis 7.2 (RDB 11). */
export const RDB_TYPE_SET_LISTPACK = 20;
export const RDB_TYPE_STREAM_LISTPACKS_3 = 21;

/** Names of the value types, for error messages. */
export const RDB_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'string', 1: 'list', 2: 'set', 3: 'zset', 4: 'hash', 5: 'zset-v2', 6: 'module-pre-ga', 7: 'module-v2',
  9: 'hash-zipmap', 10: 'list-ziplist', 11: 'set-intset', 12: 'zset-ziplist', 13: 'hash-ziplist',
  14: 'quicklist', 15: 'stream', 16: 'hash-listpack', 17: 'zset-listpack', 18: 'quicklist-v2',
  19: 'stream-v2', 20: 'set-listpack', 21: 'stream-v3',
};

/** Opcodes (special "types" in the key/value stream). */
export const RDB_OPCODE_FUNCTION2 = 245;
export const RDB_OPCODE_FUNCTION_PRE_GA = 246;
export const RDB_OPCODE_MODULE_AUX = 247;
export const RDB_OPCODE_IDLE = 248;
export const RDB_OPCODE_FREQ = 249;
export const RDB_OPCODE_AUX = 250;
export const RDB_OPCODE_RESIZEDB = 251;
export const RDB_OPCODE_EXPIRETIME_MS = 252;
export const RDB_OPCODE_EXPIRETIME = 253;
export const RDB_OPCODE_SELECTDB = 254;
export const RDB_OPCODE_EOF = 255;

/** Module value opcodes (RDB_MODULE_OPCODE_*), used to skip module values. */
export const RDB_MODULE_OPCODE_EOF = 0;
export const RDB_MODULE_OPCODE_SINT = 1;
export const RDB_MODULE_OPCODE_UINT = 2;
export const RDB_MODULE_OPCODE_FLOAT = 3;
export const RDB_MODULE_OPCODE_DOUBLE = 4;
export const RDB_MODULE_OPCODE_STRING = 5;

/** Quicklist node containers (quicklist.h). */
export const QUICKLIST_NODE_CONTAINER_PLAIN = 1;
export const QUICKLIST_NODE_CONTAINER_PACKED = 2;

/** An error in an RDB file or DUMP payload: corrupt, truncated or unsupported content. */
export class RdbError extends Error {
  constructor(msg: string) {
    super(msg);
    this.name = 'RdbError';
  }
}

interface Latin1Sliceable {
  latin1Slice(start: number, end: number): string;
}

/**
 * `buf[start..end)` as a one-byte string. Short strings (keys, members, small values: most
 * of an RDB file's strings) are built by latin1Short (String.fromCharCode), which makes the same flat
 * one-byte string without the cost of a call into Node's C++ decoder; longer ones use
 * Node's latin1 decoder.
 */
export function latin1(buf: Buffer, start: number, end: number): string {
  const n = end - start;
  if (n <= 12 && start >= 0 && end <= buf.length) return latin1Short(buf, start, n);
  return (buf as unknown as Latin1Sliceable).latin1Slice(start, end);
}

