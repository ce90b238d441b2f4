/**
 * Number parsing and formatting with Redis's exact rules (util.c: string2ll, string2d,
 * ll2string). Inputs are one-byte strings as received from clients.
 */

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * Parses a strict signed 64-bit decimal integer as Redis's `string2ll` does: no sign other
 * than a leading '-', no leading zeros (except "0" itself), no spaces, within int64.
 *
 * @returns the value as a JS number (exact up to 2^53; beyond that it is the nearest
 *   double, still guaranteed in range), or null when `s` is not a valid int64.
 *   Use {@link string2bigint} where exactness above 2^53 matters (INCR family).
 */
export function string2ll(s: string): number | null {
  const len = s.length;
  if (len === 0 || len > 20) return null;
  let i = 0;
  let neg = false;
  let c = s.charCodeAt(0);
  if (len === 1 && c === 48) return 0;
  if (c === 45) {
    neg = true;
    i = 1;
    if (len === 1) return null;
    c = s.charCodeAt(1);
  }
  if (c < 49 || c > 57) return null; // first digit must be 1..9
  if (len - i <= 15) {
    let v = 0;
    for (; i < len; i++) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) return null;
      v = v * 10 + (c - 48);
    }
    return neg ? -v : v;
  }
  const b = string2bigint(s);
  return b === null ? null : Number(b);
}

/**
 * Like {@link string2ll} but returns an exact BigInt, or null when `s` is not a strict
 * int64 decimal. Used where Redis keeps full 64-bit precision (INCRBY, DECRBY, ...).
 */
export function string2bigint(s: string): bigint | null {
  const len = s.length;
  if (len === 0 || len > 20) return null;
  let i = 0;
  let c = s.charCodeAt(0);
  if (len === 1 && c === 48) return 0n;
  if (c === 45) {
    i = 1;
    if (len === 1) return null;
    c = s.charCodeAt(1);
  }
  if (c < 49 || c > 57) return null;
  for (let j = i; j < len; j++) {
    c = s.charCodeAt(j);
    if (c < 48 || c > 57) return null;
  }
  const v = BigInt(s);
  if (v > INT64_MAX || v < INT64_MIN) return null;
  return v;
}

/**
 * True when `s` is the canonical decimal form of an int64 (what Redis's
 * `tryObjectEncoding` requires for the "int" encoding): same rules as string2ll.
 */
export function isCanonicalInt64(s: string): boolean {
  return s.length <= 20 && string2ll(s) !== null;
}

const RE_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const RE_HEXFLOAT = /^([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))(?:[pP]([+-]?\d+))?$/;
const RE_INF = /^([+-]?)(?:inf|infinity)$/i;

/**
 * Parses a double as Redis's `string2d`/`getDoubleFromObject` does (C `strtod` on the whole
 * string): decimal and hex-float forms, "inf"/"infinity" in any case; leading whitespace,
 * trailing garbage, an empty string and NaN are rejected.
 *
 * @returns the value, or null when Redis would answer "value is not a valid float".
 */
export function string2d(s: string): number | null {
  const len = s.length;
  if (len === 0) return null;
  const c0 = s.charCodeAt(0);
  // isspace() on the first byte is rejected by Redis explicitly.
  if (c0 === 32 || (c0 >= 9 && c0 <= 13)) return null;
  if (RE_DECIMAL.test(s)) return Number(s);
  const inf = RE_INF.exec(s);
  if (inf !== null) return inf[1] === '-' ? -Infinity : Infinity;
  const hex = RE_HEXFLOAT.exec(s);
  if (hex !== null) {
    const mant = hex[2];
    const dot = mant.indexOf('.');
    const digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
    const fracDigits = dot < 0 ? 0 : mant.length - dot - 1;
    let v = digits.length === 0 ? 0 : parseInt(digits, 16);
    const exp = (hex[3] === undefined ? 0 : parseInt(hex[3], 10)) - 4 * fracDigits;
    v = v * Math.pow(2, exp);
    return hex[1] === '-' ? -v : v;
  }
  return null;
}

/**
 * Formats a double the way Redis 7.2's `addReplyDouble`/`d2string` does (fpconv_dtoa:
 * the shortest string that round-trips), e.g. 1.5 -> "1.5", 1e21 -> "1e+21",
 * inf -> "inf", -inf -> "-inf", NaN -> "nan".
 */
export function formatDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d !== d) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  return fpconvDtoa(d);
}

/**
 * fpconv_dtoa's layout applied to the shortest round-trip digits (which V8 also computes):
 * integers up to 21 digits are written plainly, small fractions with leading zeros down to
 * 1e-6 like printf's %g, otherwise d.ddde[+-]X.
 */
function fpconvDtoa(d: number): string {
  const neg = d < 0;
  const abs = neg ? -d : d;
  const exp = abs.toExponential(); // shortest digits: "d.ddde+X"
  const eIdx = exp.indexOf('e');
  const mant = exp.slice(0, eIdx).replace('.', '');
  const e10 = parseInt(exp.slice(eIdx + 1), 10);
  // decimal exponent k relative to the digit string: value = 0.DIGITS * 10^(e10+1)
  const ndigits = mant.length;
  const k = e10 - (ndigits - 1); // value = DIGITS * 10^k
  let out: string;
  // fpconv emit_digits: if exp is within [-ndigits-?] it prints without exponent.
  if (k >= 0 && ndigits + k <= 21) {
    out = mant + '0'.repeat(k);
  } else if (k < 0 && e10 >= 0) {
    out = mant.slice(0, ndigits + k) + '.' + mant.slice(ndigits + k);
  } else if (k < 0 && e10 < 0 && e10 >= -6) {
    out = '0.' + '0'.repeat(-e10 - 1) + mant;
  } else {
    out = mant[0] + (ndigits > 1 ? '.' + mant.slice(1) : '') + 'e' + (e10 < 0 ? '-' : '+') + Math.abs(e10);
  }
  return neg ? '-' + out : out;
}
