/**
 * Value objects stored in the keyspace (Redis's `robj` role).
 *
 * The common case, a string value, is stored as a bare one-byte JS string: it costs no
 * wrapper object, and its encoding (int / embstr) is derived from its content exactly as
 * Redis's `tryObjectEncoding` would choose it. Everything else is an object implementing
 * {@link RedisObject}, carrying its type and reporting its encoding.
 */

/** Redis object types, with Redis's numeric codes (OBJ_STRING ... OBJ_STREAM). */
export const enum ObjType {
  String = 0,
  List = 1,
  Set = 2,
  ZSet = 3,
  Hash = 4,
  Module = 5,
  Stream = 6,
}

/** The names TYPE reports, indexed by {@link ObjType}. */
export const TYPE_NAMES: readonly string[] = ['string', 'list', 'set', 'zset', 'hash', 'module', 'stream'];

/** Any non-bare-string value: lists, hashes, sets, sorted sets, streams, raw strings. */
export interface RedisObject {
  /** The Redis object type. */
  readonly type: ObjType;
  /** What OBJECT ENCODING reports now ("raw", "listpack", "quicklist", "intset", "hashtable", "skiplist", "stream"). */
  encoding(): string;
  /** A deep copy with the same encoding (COPY, and snapshotting). */
  dup(): RedisObject;
}

/** A value stored under a key. */
export type RedisValue = string | RedisObject;

/**
 * A string value whose encoding Redis would report as "raw" even though it is short:
 * APPEND, SETRANGE, SETBIT and friends make such strings (Redis turns the object into a
 * raw sds). `ptr` is the one-byte string.
 */
export class RawString implements RedisObject {
  readonly type = ObjType.String;
  /** The bytes, as a one-byte string. */
  ptr: string;
  constructor(ptr: string) {
    this.ptr = ptr;
  }
  /** Always "raw". */
  encoding(): string {
    return 'raw';
  }
  /** A copy (strings are immutable, so only the wrapper is new). */
  dup(): RawString {
    return new RawString(this.ptr);
  }
}

/** Redis OBJ_ENCODING_EMBSTR_SIZE_LIMIT: strings up to this length are "embstr". */
export const OBJ_ENCODING_EMBSTR_SIZE_LIMIT = 44;

/**
 * The encoding Redis would report for a bare string value: "int" for the canonical form of
 * an int64 of at most 20 chars, "embstr" up to 44 bytes, "raw" otherwise.
 */
export function stringEncoding(s: string): string {
  const len = s.length;
  if (len <= 20 && len > 0 && isLongString(s)) return 'int';
  return len <= OBJ_ENCODING_EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw';
}

function isLongString(s: string): boolean {
  let i = 0;
  const len = s.length;
  let c = s.charCodeAt(0);
  if (len === 1 && c === 48) return true;
  if (c === 45) {
    if (len === 1) return false;
    i = 1;
    c = s.charCodeAt(1);
  }
  if (c < 49 || c > 57) return false;
  for (; i < len; i++) {
    c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  if (len - (s.charCodeAt(0) === 45 ? 1 : 0) < 19) return true;
  const b = BigInt(s);
  return b <= 9223372036854775807n && b >= -9223372036854775808n;
}

/** The type of a stored value. */
export function typeOf(v: RedisValue): ObjType {
  return typeof v === 'string' ? ObjType.String : v.type;
}

/** The string bytes of a string-typed value, or null when the value is not a string. */
export function stringOf(v: RedisValue): string | null {
  if (typeof v === 'string') return v;
  return v instanceof RawString ? v.ptr : null;
}

/** OBJECT ENCODING for any stored value. */
export function encodingOf(v: RedisValue): string {
  return typeof v === 'string' ? stringEncoding(v) : v.encoding();
}
