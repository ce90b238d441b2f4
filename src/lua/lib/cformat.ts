/**
 * C printf emulation for the Lua libraries (string.format, tostring-like "%.14g",
 * cjson's number output).
 *
 * Follows glibc on x86-64, which is what lua5.1 and redis-server use:
 * - doubles are printed from their exact binary value, ties round half to even;
 * - integer conversions cast the double the way gcc does on x86-64
 *   (`cvttsd2si`: NaN and out-of-range values become INT64_MIN);
 * - inf/nan print as "inf"/"-inf"/"nan"/"-nan" and ignore the '0' flag.
 *
 * All functions are pure: they take numbers and return one-byte strings.
 */

/** Flag bits for a parsed conversion specification. */
export const F_MINUS = 1;
export const F_PLUS = 2;
export const F_SPACE = 4;
export const F_HASH = 8;
export const F_ZERO = 16;

const TWO63 = 9223372036854775808; // 2^63 as a double
const INT64_MIN = -(1n << 63n);
const MASK64 = (1n << 64n) - 1n;

/**
 * Scratch view for reading a double's sign bit (NaN sign). Stateless between calls:
 * every use writes before it reads.
 */
const scratchF64 = new Float64Array(1);
const scratchU32 = new Uint32Array(scratchF64.buffer);

/** True when the sign bit of `x` is set (distinguishes -0 and "-nan"). */
export function signBit(x: number): boolean {
  scratchF64[0] = x;
  return (scratchU32[1] & 0x80000000) !== 0;
}

/**
 * The x86-64 `(int64_t)d` conversion: truncation toward zero; NaN and values outside
 * [-2^63, 2^63) give INT64_MIN. Returned as a BigInt.
 */
export function castInt64(d: number): bigint {
  if (d !== d || d >= TWO63 || d < -TWO63) return INT64_MIN;
  return BigInt(Math.trunc(d));
}

/**
 * gcc's x86-64 `(uint64_t)d` conversion: values >= 2^63 are converted as
 * `(int64)(d - 2^63) ^ 2^63`, everything else as `(int64)d` reinterpreted unsigned.
 */
export function castUint64(d: number): bigint {
  let v: bigint;
  if (d >= TWO63) v = castInt64(d - TWO63) ^ INT64_MIN;
  else v = castInt64(d);
  return v & MASK64;
}

function repeatChar(ch: string, n: number): string {
  return n > 0 ? ch.repeat(n) : '';
}

/** Pads `body` (already including sign/prefix) to `width` with spaces. */
function padSpaces(body: string, width: number, left: boolean): string {
  const n = width - body.length;
  if (n <= 0) return body;
  return left ? body + repeatChar(' ', n) : repeatChar(' ', n) + body;
}

/**
 * Pads a number: `sign` (e.g. "-", "+", " ", "0x") and `digits` are joined; with the
 * zero flag (and not left-justified) zeros go between them.
 */
function padNumber(sign: string, digits: string, width: number, flags: number, allowZero: boolean): string {
  const len = sign.length + digits.length;
  if (len >= width) return sign + digits;
  if (flags & F_MINUS) return sign + digits + repeatChar(' ', width - len);
  if ((flags & F_ZERO) && allowZero) return sign + repeatChar('0', width - len) + digits;
  return repeatChar(' ', width - len) + sign + digits;
}

/**
 * Formats a 64-bit integer conversion (d, i, o, u, x, X) of an already-cast BigInt value.
 * `prec` < 0 means no precision given. For d/i the value is signed; for the others it must
 * be the unsigned 64-bit value.
 */
export function formatInteger(conv: number, flags: number, width: number, prec: number, v: bigint): string {
  let sign = '';
  let digits: string;
  let neg = false;
  if (v < 0n) { neg = true; v = -v; }
  switch (conv) {
    case 111: digits = v.toString(8); break; // o
    case 120: digits = v.toString(16); break; // x
    case 88: digits = v.toString(16).toUpperCase(); break; // X
    default: digits = v.toString(10); break;
  }
  if (prec >= 0) {
    if (prec === 0 && v === 0n) digits = '';
    else if (digits.length < prec) digits = repeatChar('0', prec - digits.length) + digits;
  }
  if (conv === 100 || conv === 105) {
    if (neg) sign = '-';
    else if (flags & F_PLUS) sign = '+';
    else if (flags & F_SPACE) sign = ' ';
  } else if (flags & F_HASH) {
    if (conv === 111) {
      if (digits.charCodeAt(0) !== 48) digits = '0' + digits;
    } else if (v !== 0n && conv !== 117) {
      sign = conv === 120 ? '0x' : '0X';
    }
  }
  return padNumber(sign, digits, width, flags, prec < 0);
}

/**
 * Exact decimal expansion of a finite, non-negative double.
 * Returns the significant digits (no leading zeros; "0" for zero) and `exp10`, the
 * decimal exponent of the first digit (value = 0.d1d2... * 10^(exp10+1)).
 */
function exactDigits(x: number): { digits: string; exp10: number } {
  if (x === 0) return { digits: '0', exp10: 0 };
  scratchF64[0] = x;
  const lo = scratchU32[0];
  const hi = scratchU32[1] & 0x7fffffff;
  const bexp = hi >>> 20;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (bexp === 0) e2 = -1074;
  else { mant |= 1n << 52n; e2 = bexp - 1075; }
  let digits: string;
  let pointPos: number; // number of digits before the decimal point
  if (e2 >= 0) {
    digits = (mant << BigInt(e2)).toString();
    pointPos = digits.length;
  } else {
    // x = mant / 2^-e2 = mant * 5^-e2 / 10^-e2
    const n = mant * (5n ** BigInt(-e2));
    digits = n.toString();
    pointPos = digits.length + e2;
  }
  // strip leading zeros (none expected) and trailing zeros
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  return { digits, exp10: pointPos - 1 };
}

/**
 * Rounds a digit string to `n` digits (n >= 0) with round-half-even on the exact value.
 * Returns the rounded digits (length n, or n+1 when a carry adds a digit) — caller checks.
 */
function roundDigits(digits: string, n: number): string {
  if (digits.length <= n) return digits + repeatChar('0', n - digits.length);
  const head = digits.slice(0, n);
  const next = digits.charCodeAt(n) - 48;
  let up = false;
  if (next > 5) up = true;
  else if (next === 5) {
    if (digits.length > n + 1) up = true; // something non-zero follows (trailing zeros were stripped)
    else {
      const last = n > 0 ? head.charCodeAt(n - 1) - 48 : 0;
      up = (last & 1) === 1;
    }
  }
  if (!up) return head;
  // increment head
  const arr = head.split('');
  let i = n - 1;
  while (i >= 0) {
    if (arr[i] === '9') { arr[i] = '0'; i--; }
    else { arr[i] = String.fromCharCode(arr[i].charCodeAt(0) + 1); break; }
  }
  if (i < 0) return '1' + arr.join('');
  return arr.join('');
}

/** "%.{prec}e" body (no sign) of a finite non-negative double, exact path. Returns [mantissaDigits, exp]. */
function expDigitsExact(x: number, prec: number): { d: string; e: number } {
  const ex = exactDigits(x);
  if (x === 0) return { d: repeatChar('0', prec + 1), e: 0 };
  let r = roundDigits(ex.digits, prec + 1);
  let e = ex.exp10;
  if (r.length > prec + 1) { r = r.slice(0, prec + 1); e++; }
  return { d: r, e };
}

/** "%.{prec}f" body (no sign) of a finite non-negative double. */
function fixedBody(x: number, prec: number): string {
  if (x < 1e21) {
    let r = x.toFixed(prec);
    // JS rounds ties away from zero, glibc to even. A tie happens iff x has exactly
    // prec+1 fractional bits, i.e. x * 2^(prec+1) is an odd integer.
    const y = x * Math.pow(2, prec + 1);
    if (Number.isInteger(y) && y % 2 === 1 && y <= 9007199254740991) {
      const last = r.charCodeAt(r.length - 1);
      if ((last & 1) === 1) {
        // JS rounded up to an odd digit; the even neighbour is one below (no borrow).
        r = r.slice(0, r.length - 1) + String.fromCharCode(last - 1);
      }
    }
    return r;
  }
  // Large values are integers: exact digits.
  const ex = exactDigits(x);
  let s = ex.digits + repeatChar('0', ex.exp10 + 1 - ex.digits.length);
  if (prec > 0) s += '.' + repeatChar('0', prec);
  return s;
}

/** Exponential digits (no sign) with possible fast path. Returns mantissa digits and exponent. */
function expDigits(x: number, prec: number): { d: string; e: number } {
  if (x === 0) return { d: repeatChar('0', prec + 1), e: 0 };
  if (prec <= 14) {
    const s = x.toExponential(prec);
    // A tie needs an exact expansion of prec+2 significant digits ending in 5; such a
    // value's shortest representation is that expansion (<= 16 digits are unique).
    const sh = x.toExponential();
    const ei = sh.indexOf('e');
    const nd = sh.charCodeAt(1) === 46 ? ei - 1 : ei; // digits count without '.'
    if (!(nd === prec + 2 && sh.charCodeAt(ei - 1) === 53)) {
      const e = s.indexOf('e');
      const d = prec > 0 ? s[0] + s.slice(2, e) : s.slice(0, e);
      return { d, e: parseInt(s.slice(e + 1), 10) };
    }
  }
  return expDigitsExact(x, prec);
}

function expSuffix(e: number, upper: boolean): string {
  const a = e < 0 ? -e : e;
  return (upper ? 'E' : 'e') + (e < 0 ? '-' : '+') + (a < 10 ? '0' + a : String(a));
}

/**
 * Formats a double with one of the conversions e E f g G (char code in `conv`), glibc style.
 * `prec` < 0 means the default (6).
 */
export function formatDouble(conv: number, flags: number, width: number, prec: number, x: number): string {
  const upper = conv === 69 || conv === 71; // E G
  const neg = signBit(x);
  let sign = neg ? '-' : (flags & F_PLUS) ? '+' : (flags & F_SPACE) ? ' ' : '';
  if (x !== x || x === Infinity || x === -Infinity) {
    const body = x !== x ? 'nan' : 'inf';
    return padSpaces(sign + (upper ? body.toUpperCase() : body), width, (flags & F_MINUS) !== 0);
  }
  const ax = neg ? -x : x;
  if (prec < 0) prec = 6;
  let body: string;
  if (conv === 102) { // f
    body = fixedBody(ax, prec);
    if (prec === 0 && (flags & F_HASH)) body += '.';
  } else if (conv === 101 || conv === 69) { // e E
    const r = expDigits(ax, prec);
    body = r.d[0];
    if (prec > 0 || (flags & F_HASH)) body += '.';
    body += r.d.slice(1) + expSuffix(r.e, upper);
  } else { // g G
    if (prec === 0) prec = 1;
    const r = expDigits(ax, prec - 1);
    const X = r.e;
    if (prec > X && X >= -4) {
      body = fixedBody(ax, prec - 1 - X);
    } else {
      body = r.d[0];
      if (prec - 1 > 0) body += '.' + r.d.slice(1);
      body += expSuffix(X, upper);
    }
    if (!(flags & F_HASH)) {
      // strip trailing zeros in the fraction, and a trailing '.'
      const epos = body.search(/[eE]/);
      let mant = epos >= 0 ? body.slice(0, epos) : body;
      const tail = epos >= 0 ? body.slice(epos) : '';
      if (mant.indexOf('.') >= 0) {
        let end = mant.length;
        while (mant.charCodeAt(end - 1) === 48) end--;
        if (mant.charCodeAt(end - 1) === 46) end--;
        mant = mant.slice(0, end);
      }
      body = mant + tail;
    } else if (body.indexOf('.') < 0) {
      const epos = body.search(/[eE]/);
      body = epos >= 0 ? body.slice(0, epos) + '.' + body.slice(epos) : body + '.';
    }
  }
  return padNumber(sign, body, width, flags, true);
}

/**
 * "%.{prec}g" with no flags and no width: the hot path used by number-to-string
 * conversions (Lua's "%.14g", cjson's encode). `prec` in 1..17.
 */
export function formatG(x: number, prec: number): string {
  if (x !== x) return signBit(x) ? '-nan' : 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return signBit(x) ? '-0' : '0';
  // Integers that fit print plainly.
  if (Number.isInteger(x) && x < 1e15 && x > -1e15 && prec >= 15) return String(x);
  if (Number.isInteger(x) && prec === 14 && x < 1e14 && x > -1e14) return String(x);
  return formatDouble(103, 0, 0, prec, x);
}

/** Lua 5.1's number-to-string conversion (LUAI_NUMFFORMAT "%.14g"). */
export function numberToString(x: number): string {
  return formatG(x, 14);
}
