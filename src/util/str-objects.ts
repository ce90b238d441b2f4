/**
 * String value helpers shared by the string and bitmap families (Redis object.c /
 * t_string.c): the "embstr although it looks like an integer" value, canonical-int checks,
 * C-string option matching and the JS string size limit.
 */
import { constants as bufferConstants } from 'node:buffer';
import { RawString, OBJ_ENCODING_EMBSTR_SIZE_LIMIT } from '../keyspace/object.js';
import type { RedisValue } from '../keyspace/object.js';

/**
 * A string value Redis stores as an "embstr" object although its content is a canonical
 * integer: INCRBYFLOAT's result goes through `createStringObject` (embstr for up to 44
 * bytes) and never through `tryObjectEncoding`, so "3" is reported as "embstr", not "int".
 * It is a {@link RawString} so `stringOf` reads it like any other string.
 */
export class EmbStrString extends RawString {
  /** Always "embstr". */
  override encoding(): string {
    return 'embstr';
  }
  /** A copy (Redis `dupStringObject` keeps the embstr encoding). */
  override dup(): EmbStrString {
    return new EmbStrString(this.ptr);
  }
}

/**
 * Largest string V8 can hold (bytes, one per char). Values longer than this cannot be
 * represented; commands that would build them answer with the proto-max-bulk-len error.
 */
export const MAX_JS_STRING_LENGTH: number = bufferConstants.MAX_STRING_LENGTH;

/**
 * True when `s` is what Redis's `string2l` accepts and `tryObjectEncoding` would turn into
 * an "int" object: at most 20 bytes, canonical decimal (no '+', no leading zeros, not
 * "-0"), within int64.
 */
export function looksLikeInt64(s: string): boolean {
  const len = s.length;
  if (len === 0 || len > 20) return false;
  let i = 0;
  let c = s.charCodeAt(0);
  if (len === 1 && c === 48) return true;
  if (c === 45) {
    if (len === 1) return false;
    i = 1;
    c = s.charCodeAt(1);
  }
  if (c < 49 || c > 57) return false;
  for (let j = i + 1; j < len; j++) {
    c = s.charCodeAt(j);
    if (c < 48 || c > 57) return false;
  }
  if (len - i < 19) return true;
  const b = BigInt(s);
  return b <= 9223372036854775807n && b >= -9223372036854775808n;
}

/**
 * The stored form of a string Redis creates with `createStringObject` (no integer
 * encoding attempt): embstr up to 44 bytes, raw beyond. Used for INCRBYFLOAT results.
 */
export function createStringObjectValue(s: string): RedisValue {
  if (s.length <= OBJ_ENCODING_EMBSTR_SIZE_LIMIT && looksLikeInt64(s)) return new EmbStrString(s);
  return s;
}

/**
 * Compares a client argument with a lowercase ASCII keyword the way Redis's
 * `strcasecmp(arg->ptr, "keyword")` (or its char-by-char variants) does: ASCII
 * case-insensitive, and the argument ends at its first NUL byte as a C string would.
 * `kw` must contain letters only.
 */
export function argIs(arg: string, kw: string): boolean {
  const n = kw.length;
  const alen = arg.length;
  if (alen < n) return false;
  if (alen > n && arg.charCodeAt(n) !== 0) return false;
  for (let i = 0; i < n; i++) {
    const a = arg.charCodeAt(i);
    const k = kw.charCodeAt(i);
    if (a !== k && (a | 0x20) !== k) return false;
  }
  return true;
}

/**
 * `s` as C code sees it when it formats the argument with `%s`: cut at its first NUL byte.
 * Redis error texts that quote an argument ("Unsupported option %s", "Unknown client type
 * '%s'", ...) show only that prefix.
 */
export function cstr(s: string): string {
  const z = s.indexOf('\x00');
  return z < 0 ? s : s.slice(0, z);
}

/**
 * `s` as `strcasecmp(s, "keyword")` sees it: cut at its first NUL byte and lowercased, so it
 * can be compared with lowercase ASCII keywords (`"nx\x00junk"` matches `"nx"`, as in Redis).
 */
export function cstrLower(s: string): string {
  return cstr(s).toLowerCase();
}
