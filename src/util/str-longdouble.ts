/**
 * An exact emulation of C's x87 80-bit `long double` for INCRBYFLOAT (Redis t_string.c
 * `incrbyfloatCommand`, util.c `string2ld` / `ld2string`).
 *
 * Redis parses both operands with glibc `strtold`, adds them in extended precision and
 * prints the sum with `"%.17Lf"`, trimming trailing zeros (LD_STR_HUMAN). Doubles cannot
 * reproduce that (e.g. 0.1 + 0.2 gives "0.3" in long double, 1e400 is finite), so values
 * are held exactly as `m * 2^e` with a BigInt significand and rounded the way the FPU
 * does: 64-bit significand, round-to-nearest-even, exponent range of the x87 format
 * (normal 2^-16382 .. 2^16384, subnormals down to 2^-16445).
 */

/** A finite or infinite long double value: `(neg ? -1 : 1) * m * 2^e`, or ±inf when `inf`. */
export interface LongDouble {
  /** Sign (also for zero and infinity). */
  neg: boolean;
  /** True for ±infinity (then `m`/`e` are unused). */
  inf: boolean;
  /** Significand, 0 <= m < 2^64. */
  m: bigint;
  /** Binary exponent of the significand's unit bit. */
  e: number;
}

/** Redis MAX_LONG_DOUBLE_CHARS: string2ld rejects inputs of this length or more. */
export const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

/** Smallest exponent of the unit bit: subnormals are multiples of 2^-16445. */
const EMIN = -16445;
/** Values with bit length + e above this overflow (>= 2^16384). */
const EMAX_BITS = 16384;

/** Number of significant bits of a positive BigInt. */
function bitLength(n: bigint): number {
  // toString(16) is exact and fast for the sizes involved here.
  const h = n.toString(16);
  const top = parseInt(h[0], 16);
  return (h.length - 1) * 4 + (32 - Math.clz32(top));
}

/**
 * Rounds the exact value `n * 2^f` (plus a positive amount below 2^f when `sticky`) to the
 * long double format, round-to-nearest-even. `n` >= 0.
 */
function roundLD(neg: boolean, n: bigint, f: number, sticky: boolean): LongDouble {
  if (n === 0n) return { neg, inf: false, m: 0n, e: 0 };
  const len = bitLength(n);
  let shift = len - 64;
  if (f + shift < EMIN) shift = EMIN - f;
  let m: bigint;
  let e: number;
  if (shift <= 0) {
    m = n << BigInt(-shift);
    e = f + shift;
  } else {
    const bs = BigInt(shift);
    m = n >> bs;
    const dropped = n - (m << bs);
    const half = 1n << (bs - 1n);
    if (dropped > half || (dropped === half && (sticky || (m & 1n) === 1n))) m += 1n;
    e = f + shift;
    if (m === 1n << 64n) {
      m = 1n << 63n;
      e += 1;
    }
  }
  if (m === 0n) return { neg, inf: false, m: 0n, e: 0 };
  if (bitLength(m) + e > EMAX_BITS) return { neg, inf: true, m: 0n, e: 0 };
  return { neg, inf: false, m, e };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Parses an optional-sign decimal exponent at `s[i..]` to the end; null when malformed. */
function parseExponent(s: string, i: number): number | null {
  const len = s.length;
  let neg = false;
  if (i < len && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) {
    neg = s.charCodeAt(i) === 45;
    i++;
  }
  if (i >= len) return null;
  let v = 0;
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return null;
    if (v < 1e9) v = v * 10 + (c - 48); // saturate: anything this large over/underflows
  }
  return neg ? -v : v;
}

/** 10^0 .. 10^63, built once (immutable). */
const POW10_TABLE: readonly bigint[] = Array.from({ length: 64 }, (_, k) => 10n ** BigInt(k));

function pow10(k: number): bigint {
  return k < 64 ? POW10_TABLE[k] : 10n ** BigInt(k);
}

/**
 * Parses a string as Redis's `string2ld` does (glibc `strtold` over the whole string):
 * decimal and hexadecimal ("0x1.8p3") forms, "inf"/"infinity" in any case, an optional
 * sign. Rejected (null): empty or >= 5120 bytes, leading whitespace, trailing bytes, NaN,
 * overflow to infinity and underflow to zero (ERANGE).
 */
export function parseLongDouble(s: string): LongDouble | null {
  const len = s.length;
  if (len === 0 || len >= MAX_LONG_DOUBLE_CHARS) return null;
  let i = 0;
  let neg = false;
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) {
    neg = c === 45;
    i = 1;
  }
  if (i >= len) return null;
  c = s.charCodeAt(i);
  // inf / infinity (nan is always rejected by Redis, whatever follows it)
  if (c === 105 || c === 73) {
    const rest = s.slice(i).toLowerCase();
    if (rest === 'inf' || rest === 'infinity') return { neg, inf: true, m: 0n, e: 0 };
    return null;
  }
  if (c === 48 && i + 1 < len && (s.charCodeAt(i + 1) === 120 || s.charCodeAt(i + 1) === 88)) {
    return parseHex(s, i + 2, neg);
  }
  // Decimal: digits [. digits] [e exp]
  let digits = '';
  let ndigits = 0;
  let fracDigits = 0;
  let seenDot = false;
  let j = i;
  for (; j < len; j++) {
    c = s.charCodeAt(j);
    if (isDigit(c)) {
      ndigits++;
      if (seenDot) fracDigits++;
    } else if (c === 46 && !seenDot) {
      seenDot = true;
    } else {
      break;
    }
  }
  if (ndigits === 0) return null;
  digits = seenDot ? s.slice(i, j).replace('.', '') : s.slice(i, j);
  let exp10 = 0;
  if (j < len) {
    c = s.charCodeAt(j);
    if (c !== 101 && c !== 69) return null;
    const ex = parseExponent(s, j + 1);
    if (ex === null) return null;
    exp10 = ex;
  }
  exp10 -= fracDigits;
  // Strip leading zeros; zero is exact.
  let k = 0;
  while (k < digits.length && digits.charCodeAt(k) === 48) k++;
  if (k === digits.length) return { neg, inf: false, m: 0n, e: 0 };
  if (k > 0) digits = digits.slice(k);
  const magnitude = digits.length + exp10; // value < 10^magnitude, >= 10^(magnitude-1)
  if (magnitude > 4934) return null; // overflow (> 1.19e4932): ERANGE, HUGE_VAL
  if (magnitude < -4952) return null; // underflow to zero: ERANGE
  const d = BigInt(digits);
  let r: LongDouble;
  if (exp10 >= 0) {
    r = roundLD(neg, d * pow10(exp10), 0, false);
  } else {
    const den = pow10(-exp10);
    const s2 = Math.max(0, 66 + bitLength(den) - bitLength(d));
    const num = d << BigInt(s2);
    const q = num / den;
    const rem = num - q * den;
    r = roundLD(neg, q, -s2, rem !== 0n);
  }
  if (r.inf) return null;
  if (r.m === 0n) return null; // nonzero input rounded to zero: ERANGE
  return r;
}

function parseHex(s: string, i: number, neg: boolean): LongDouble | null {
  const len = s.length;
  let ndigits = 0;
  let fracDigits = 0;
  let seenDot = false;
  let hex = '';
  let j = i;
  for (; j < len; j++) {
    const c = s.charCodeAt(j);
    if (hexVal(c) >= 0) {
      ndigits++;
      if (seenDot) fracDigits++;
    } else if (c === 46 && !seenDot) {
      seenDot = true;
    } else {
      break;
    }
  }
  // "0x" with no hex digits: strtold parses only the "0", leaving trailing bytes.
  if (ndigits === 0) return null;
  hex = seenDot ? s.slice(i, j).replace('.', '') : s.slice(i, j);
  let exp2 = 0;
  if (j < len) {
    const c = s.charCodeAt(j);
    if (c !== 112 && c !== 80) return null;
    const ex = parseExponent(s, j + 1);
    if (ex === null) return null;
    exp2 = ex;
  }
  const n = BigInt('0x' + hex);
  if (n === 0n) return { neg, inf: false, m: 0n, e: 0 };
  const f = exp2 - 4 * fracDigits;
  const bl = bitLength(n);
  if (bl + f > EMAX_BITS + 1) return null;
  if (bl + f < EMIN - 2) return null;
  const r = roundLD(neg, n, f, false);
  if (r.inf || r.m === 0n) return null;
  return r;
}

/**
 * `a + b` in x87 extended precision (round-to-nearest-even).
 * @returns the sum, or null when it is NaN (inf + -inf).
 */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.inf || b.inf) {
    if (a.inf && b.inf && a.neg !== b.neg) return null;
    return a.inf ? a : b;
  }
  if (a.m === 0n) return b.m === 0n ? { neg: a.neg && b.neg, inf: false, m: 0n, e: 0 } : b;
  if (b.m === 0n) return a;
  const emin = a.e < b.e ? a.e : b.e;
  const x = a.m << BigInt(a.e - emin);
  const y = b.m << BigInt(b.e - emin);
  const sum = (a.neg ? -x : x) + (b.neg ? -y : y);
  if (sum === 0n) return { neg: false, inf: false, m: 0n, e: 0 };
  const neg = sum < 0n;
  return roundLD(neg, neg ? -sum : sum, emin, false);
}

const P10_17 = 10n ** 17n;

/**
 * Formats a value as Redis's `ld2string(..., LD_STR_HUMAN)`: glibc `"%.17Lf"` (exact
 * decimal expansion rounded half-to-even at 17 fractional digits), trailing zeros and a
 * trailing '.' removed, "-0" turned into "0"; infinities as "inf"/"-inf".
 */
export function formatLongDoubleHuman(v: LongDouble): string {
  if (v.inf) return v.neg ? '-inf' : 'inf';
  if (v.m === 0n) return '0';
  let out: string;
  if (v.e >= 0) {
    out = (v.m << BigInt(v.e)).toString();
  } else {
    const k = BigInt(-v.e);
    const scaled = v.m * P10_17;
    let q = scaled >> k;
    const rem = scaled - (q << k);
    const half = 1n << (k - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    const ip = q / P10_17;
    const fp = q - ip * P10_17;
    out = ip.toString();
    if (fp !== 0n) {
      let frac = fp.toString().padStart(17, '0');
      let end = frac.length;
      while (frac.charCodeAt(end - 1) === 48) end--;
      frac = frac.slice(0, end);
      out += '.' + frac;
    }
  }
  if (v.neg && out !== '0') out = '-' + out;
  return out;
}
