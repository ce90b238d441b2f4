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

/** LLONG_MAX/2 as a double (2^62): Redis `double2ll` only converts values within ±this. */
const DOUBLE2LL_LIMIT = 4611686018427387904;

/**
 * Formats a double the way Redis 7.2's `d2string` does, which `addReplyDouble` uses for both
 * RESP2 and RESP3 (util.c, networking.c): "nan", "inf", "-inf", "0", "-0"; an integral value
 * within ±2^62 as a plain integer (`double2ll` + `ll2string`, e.g. 1e18 ->
 * "1000000000000000000"); anything else through {@link fpconvDtoa} (Grisu2, e.g. 1.5 -> "1.5",
 * 1e20 -> "1e+20", 0.0001234567 -> "1.234567e-4").
 */
export function formatDouble(d: number): string {
  if (d !== d) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  if (d >= -DOUBLE2LL_LIMIT && d <= DOUBLE2LL_LIMIT && Math.trunc(d) === d) {
    return d > -9007199254740992 && d < 9007199254740992 ? String(d) : BigInt(d).toString();
  }
  return fpconvDtoa(d);
}

/**
 * Redis 7.2's `fpconv_dtoa` (Grisu2 digits + fpconv's layout), byte for byte: "-" for a set
 * sign bit, "0"/"inf"/"nan" specials, plain integers with up to 7 trailing zeros, plain
 * decimals when the exponent is small, otherwise `d.ddde[+-]X` with no exponent padding
 * (e.g. 1e8 -> "1e+8", 1e-7 -> "1e-7", 123.456 -> "123.456"). Note Grisu2 is not always the
 * shortest form: Redis 7.2 prints 43.49634 as "43.496339999999996".
 *
 * Fast path: the C code's uint64 arithmetic on pairs of 32-bit halves held in doubles; inputs
 * outside its proven bounds (subnormals) go through an exact BigInt transcription.
 */
export function fpconvDtoa(d: number): string {
  f64[0] = d;
  const whi = u32[1];
  const wlo = u32[0];
  const neg = whi >>> 31 === 1;
  const efield = (whi >>> 20) & 0x7ff;
  if (d === 0 || efield === 0 || efield === 0x7ff) return fpconvDtoaBig(d);
  const fhi = (whi & 0xfffff) | 0x100000; // 21 bits, hidden bit included
  const flo = wlo;
  const exp = efield - EXPBIAS;
  // f << 11 as (hi, lo)
  const shi = fhi * 2048 + Math.floor(flo / 2097152);
  const slo = (flo % 2097152) * 2048;
  // upper = (2f+1) << 10, exponent exp - 11
  const uHi0 = shi;
  const uLo0 = slo + 1024;
  const upperExp = exp - 11;
  // lower = f << 11 - 2^(11 - lshift)
  const lsub = fhi === 0x100000 && flo === 0 ? 512 : 1024;
  let lLo0 = slo - lsub;
  let lHi0 = shi;
  if (lLo0 < 0) {
    lLo0 += TWO32;
    lHi0 -= 1;
  }
  // find_cachedpow10(upper.exp)
  const approx = Math.trunc(-(upperExp + 87) * 0.30102999566398114);
  let idx = Math.trunc((approx + 348) / 8);
  for (;;) {
    const current = upperExp + POWERS_TEN_EXP[idx] + 64;
    if (current < -60) idx++;
    else if (current > -32) idx--;
    else break;
  }
  const cph = CP_HI[idx];
  const cpl = CP_LO[idx];
  const s = -(upperExp + POWERS_TEN_EXP[idx] + 64);
  let K = 348 - idx * 8;
  mul64(shi, slo, cph, cpl);
  const wHi = REG[MUL_HI];
  const wLo = REG[MUL_LO];
  mul64(uHi0, uLo0, cph, cpl);
  let uHi = REG[MUL_HI];
  let uLo = REG[MUL_LO] - 1;
  if (uLo < 0) {
    uLo += TWO32;
    uHi = uHi === 0 ? TWO32 - 1 : uHi - 1;
  }
  mul64(lHi0, lLo0, cph, cpl);
  let loHi = REG[MUL_HI];
  let loLo = REG[MUL_LO] + 1;
  if (loLo === TWO32) {
    loLo = 0;
    loHi = (loHi + 1) % TWO32;
  }
  // wfrac = upper - w, delta = upper - lower: both small (< 2^32) by construction.
  let wfHi = uHi - wHi;
  let wfLo = uLo - wLo;
  if (wfLo < 0) {
    wfLo += TWO32;
    wfHi -= 1;
  }
  let dHi = uHi - loHi;
  let dLo = uLo - loLo;
  if (dLo < 0) {
    dLo += TWO32;
    dHi -= 1;
  }
  if (wfHi !== 0 || dHi !== 0 || wfLo >= 2097152 || dLo >= 2097152) return fpconvDtoaBig(d);
  const wfrac = wfLo;
  const sh = s - 32; // bits of part2 above bit 32
  const shPow = POW2[sh];
  let part1 = Math.floor(uHi / shPow);
  let p2hi = uHi - part1 * shPow;
  let p2lo = uLo;
  let ds = '';
  let ndigits = 0;
  let kappa = 10;
  for (let di = 10; kappa > 0; di++) {
    const div = TENS_NUM[di];
    const digit = Math.floor(part1 / div);
    if (digit !== 0 || ndigits !== 0) {
      ds += DIGIT_CHARS[digit];
      ndigits++;
    }
    part1 -= digit * div;
    kappa--;
    if (part1 === 0 && p2hi === 0 && p2lo <= dLo) {
      // round_digit cannot move: kappa (div << s) >= 2^32 > delta.
      K += kappa;
      return (neg ? '-' : '') + emitDigitString(ds, K, neg);
    }
  }
  // Loop 2: fractional digits.
  let unit = 18;
  for (;;) {
    // part2 *= 10 (< 2^64, exact), delta *= 10 (mod 2^64)
    let t = p2lo * 10;
    let carry = Math.floor(t / TWO32);
    p2lo = t - carry * TWO32;
    p2hi = p2hi * 10 + carry;
    t = dLo * 10;
    carry = Math.floor(t / TWO32);
    dLo = t - carry * TWO32;
    dHi = (dHi * 10 + carry) % TWO32;
    kappa--;
    const digit = Math.floor(p2hi / shPow);
    if (digit !== 0 || ndigits !== 0) {
      ds += DIGIT_CHARS[digit];
      ndigits++;
    }
    p2hi -= digit * shPow;
    if (p2hi < dHi || (p2hi === dHi && p2lo < dLo)) {
      K += kappa;
      // round_digit(digits, delta, rem = part2, kappa = one (2^s), frac = wfrac * tens[unit])
      let fHi = wfrac * TENS_HI[unit];
      let fLo = wfrac * TENS_LO[unit];
      const fc = Math.floor(fLo / TWO32);
      fLo -= fc * TWO32;
      fHi = (fHi + fc) % TWO32;
      ds = roundDigitPairs(ds, dHi, dLo, p2hi, p2lo, shPow, fHi, fLo);
      return (neg ? '-' : '') + emitDigitString(ds, K, neg);
    }
    unit--;
  }
}

const TWO32 = 4294967296;
const DIGIT_CHARS = '0123456789';
const POW2: readonly number[] = Array.from({ length: 33 }, (_, i) => Math.pow(2, i));
const TENS_NUM: readonly number[] = Array.from({ length: 20 }, (_, i) => Math.pow(10, 19 - i));
/**
 * Scratch registers for the 64-bit helpers below: [mulHi, mulLo, m32Hi, m32Lo]. Pure
 * computation scratch, only live within one synchronous fpconvDtoa call (no server state).
 */
const REG = new Float64Array(4);
const MUL_HI = 0;
const MUL_LO = 1;
const M32_HI = 2;
const M32_LO = 3;

/** 32x32 -> 64-bit product into REG[M32_HI], REG[M32_LO]. */
function mul32(x: number, y: number): void {
  const x1 = Math.floor(x / 65536);
  const x0 = x - x1 * 65536;
  const y1 = Math.floor(y / 65536);
  const y0 = y - y1 * 65536;
  const mid = x1 * y0 + x0 * y1;
  const midHi = Math.floor(mid / 65536);
  const low = x0 * y0 + (mid - midHi * 65536) * 65536;
  const c = Math.floor(low / TWO32);
  REG[M32_LO] = low - c * TWO32;
  REG[M32_HI] = x1 * y1 + midHi + c;
}

/** fpconv `multiply` (rounded high 64 bits of the 128-bit product) into REG[MUL_HI], REG[MUL_LO]. */
function mul64(ah: number, al: number, bh: number, bl: number): void {
  mul32(ah, bl);
  const ahBlHi = REG[M32_HI];
  const ahBlLo = REG[M32_LO];
  mul32(al, bh);
  const alBhHi = REG[M32_HI];
  const alBhLo = REG[M32_LO];
  mul32(al, bl);
  const alBlHi = REG[M32_HI];
  mul32(ah, bh);
  const tmp = ahBlLo + alBhLo + alBlHi + 2147483648;
  const low = REG[M32_LO] + ahBlHi + alBhHi + Math.floor(tmp / TWO32);
  const c = Math.floor(low / TWO32);
  REG[MUL_LO] = low - c * TWO32;
  REG[MUL_HI] = (REG[M32_HI] + c) % TWO32;
}

/** fpconv `round_digit` on (hi, lo) uint64 pairs; kappa = 2^s given as its high word. */
function roundDigitPairs(ds: string, dHi: number, dLo: number, rHi: number, rLo: number, kHi: number, fHi: number, fLo: number): string {
  let last = ds.charCodeAt(ds.length - 1);
  let changed = false;
  for (;;) {
    // rem < frac
    if (!(rHi < fHi || (rHi === fHi && rLo < fLo))) break;
    // delta - rem >= kappa  (kappa = kHi:0)
    let xHi = dHi - rHi;
    let xLo = dLo - rLo;
    if (xLo < 0) {
      xLo += TWO32;
      xHi -= 1;
    }
    if (xHi < 0) xHi += TWO32;
    if (!(xHi > kHi || (xHi === kHi && xLo >= 0))) break;
    // a = rem + kappa, mod 2^64
    let aHi = rHi + kHi;
    const aLo = rLo;
    if (aHi >= TWO32) aHi -= TWO32;
    let cond = aHi < fHi || (aHi === fHi && aLo < fLo);
    if (!cond) {
      // frac - rem > rem + kappa - frac
      let bHi = fHi - rHi;
      let bLo = fLo - rLo;
      if (bLo < 0) {
        bLo += TWO32;
        bHi -= 1;
      }
      if (bHi < 0) bHi += TWO32;
      let cHi = aHi - fHi;
      let cLo = aLo - fLo;
      if (cLo < 0) {
        cLo += TWO32;
        cHi -= 1;
      }
      if (cHi < 0) cHi += TWO32;
      cond = bHi > cHi || (bHi === cHi && bLo > cLo);
    }
    if (!cond) break;
    last--;
    changed = true;
    rHi = aHi;
    rLo = aLo;
  }
  return changed ? ds.slice(0, -1) + String.fromCharCode(last) : ds;
}

/** fpconv `emit_digits` for a digit string. */
function emitDigitString(ds: string, K: number, neg: boolean): string {
  let ndigits = ds.length;
  let exp = Math.abs(K + ndigits - 1);
  if (K >= 0 && exp < ndigits + 7) return K === 0 ? ds : ds + '0'.repeat(K);
  if (K < 0 && (K > -7 || exp < 4)) {
    const offset = ndigits + K;
    if (offset <= 0) return '0.' + '0'.repeat(-offset) + ds;
    return ds.slice(0, offset) + '.' + ds.slice(offset);
  }
  ndigits = Math.min(ndigits, 18 - (neg ? 1 : 0));
  let out = ds[0];
  if (ndigits > 1) out += '.' + ds.slice(1, ndigits);
  out += 'e' + (K + ndigits - 1 < 0 ? '-' : '+');
  let cent = 0;
  if (exp > 99) {
    cent = Math.trunc(exp / 100);
    out += String(cent);
    exp -= cent * 100;
  }
  if (exp > 9) {
    const dec = Math.trunc(exp / 10);
    out += String(dec);
    exp -= dec * 10;
  } else if (cent !== 0) {
    out += '0';
  }
  return out + String(exp % 10);
}

// ---------------------------------------------------------------------------------------
// fpconv_dtoa (Redis 7.2 deps/fpconv/fpconv_dtoa.c: night-shift's Grisu2). Re-implemented
// over 64-bit BigInts with the C code's exact uint64 wrap-around, so the digits match Redis's
// even where Grisu2 is not the shortest representation.
// ---------------------------------------------------------------------------------------

const U64 = (1n << 64n) - 1n;
const FRACMASK = 0x000fffffffffffffn;
const HIDDENBIT = 0x0010000000000000n;
const EXPBIAS = 1023 + 52;
const LOMASK = 0xffffffffn;

/** Cached powers of ten (fpconv_powers.h): [frac, binary exponent], 10^(-348 + 8*i). */
const POWERS_TEN_FRAC: readonly bigint[] = [
  18054884314459144840n, 13451937075301367670n, 10022474136428063862n, 14934650266808366570n,
  11127181549972568877n, 16580792590934885855n, 12353653155963782858n, 18408377700990114895n,
  13715310171984221708n, 10218702384817765436n, 15227053142812498563n, 11345038669416679861n,
  16905424996341287883n, 12595523146049147757n, 9384396036005875287n, 13983839803942852151n,
  10418772551374772303n, 15525180923007089351n, 11567161174868858868n, 17236413322193710309n,
  12842128665889583758n, 9568131466127621947n, 14257626930069360058n, 10622759856335341974n,
  15829145694278690180n, 11793632577567316726n, 17573882009934360870n, 13093562431584567480n,
  9755464219737475723n, 14536774485912137811n, 10830740992659433045n, 16139061738043178685n,
  12024538023802026127n, 17917957937422433684n, 13349918974505688015n, 9946464728195732843n,
  14821387422376473014n, 11042794154864902060n, 16455045573212060422n, 12259964326927110867n,
  18268770466636286478n, 13611294676837538539n, 10141204801825835212n, 15111572745182864684n,
  11258999068426240000n, 16777216000000000000n, 12500000000000000000n, 9313225746154785156n,
  13877787807814456755n, 10339757656912845936n, 15407439555097886824n, 11479437019748901445n,
  17105694144590052135n, 12744735289059618216n, 9495567745759798747n, 14149498560666738074n,
  10542197943230523224n, 15709099088952724970n, 11704190886730495818n, 17440603504673385349n,
  12994262207056124023n, 9681479787123295682n, 14426529090290212157n, 10748601772107342003n,
  16016664761464807395n, 11933345169920330789n, 17782069995880619868n, 13248674568444952270n,
  9871031767461413346n, 14708983551653345445n, 10959046745042015199n, 16330252207878254650n,
  12166986024289022870n, 18130221999122236476n, 13508068024458167312n, 10064294952495520794n,
  14996968138956309548n, 11173611982879273257n, 16649979327439178909n, 12405201291620119593n,
  9242595204427927429n, 13772540099066387757n, 10261342003245940623n, 15290591125556738113n,
  11392378155556871081n, 16975966327722178521n, 12648080533535911531n,
];
const POWERS_TEN_EXP: readonly number[] = [
  -1220, -1193, -1166, -1140, -1113, -1087, -1060, -1034, -1007, -980, -954, -927, -901, -874, -847, -821, -794, -768,
  -741, -715, -688, -661, -635, -608, -582, -555, -529, -502, -475, -449, -422, -396, -369, -343, -316, -289, -263,
  -236, -210, -183, -157, -130, -103, -77, -50, -24, 3, 30, 56, 83, 109, 136, 162, 189, 216, 242, 269, 295, 322, 348,
  375, 402, 428, 455, 481, 508, 534, 561, 588, 614, 641, 667, 694, 720, 747, 774, 800, 827, 853, 880, 907, 933, 960,
  986, 1013, 1039, 1066,
];
const TENS: readonly bigint[] = [
  10000000000000000000n, 1000000000000000000n, 100000000000000000n, 10000000000000000n, 1000000000000000n,
  100000000000000n, 10000000000000n, 1000000000000n, 100000000000n, 10000000000n, 1000000000n, 100000000n,
  10000000n, 1000000n, 100000n, 10000n, 1000n, 100n, 10n, 1n,
];

/** fpconv `multiply`: the rounded high 64 bits of a 64x64-bit product. */
function fpMultiply(a: bigint, b: bigint): bigint {
  const ahBl = (a >> 32n) * (b & LOMASK);
  const alBh = (a & LOMASK) * (b >> 32n);
  const alBl = (a & LOMASK) * (b & LOMASK);
  const ahBh = (a >> 32n) * (b >> 32n);
  let tmp = (ahBl & LOMASK) + (alBh & LOMASK) + (alBl >> 32n);
  tmp += 1n << 31n;
  return (ahBh + (ahBl >> 32n) + (alBh >> 32n) + (tmp >> 32n)) & U64;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const u32 = new Uint32Array(f64.buffer);
const CP_HI: readonly number[] = POWERS_TEN_FRAC.map((b) => Number(b >> 32n));
const CP_LO: readonly number[] = POWERS_TEN_FRAC.map((b) => Number(b & 0xffffffffn));
const TENS_HI: readonly number[] = TENS.map((b) => Number(b >> 32n));
const TENS_LO: readonly number[] = TENS.map((b) => Number(b & 0xffffffffn));

/**
 * Redis 7.2's `fpconv_dtoa` (Grisu2 digits + fpconv's layout), byte for byte: "-" for a set
 * sign bit, "0"/"inf"/"nan" specials, plain integers with up to 7 trailing zeros, plain
 * decimals when the exponent is small, otherwise `d.ddde[+-]X` with no exponent padding
 * (e.g. 1e8 -> "1e+8", 1e-7 -> "1e-7", 123.456 -> "123.456").
 */
function fpconvDtoaBig(d: number): string {
  f64[0] = d;
  const bits = u64[0];
  const neg = (bits >> 63n) === 1n;
  const sign = neg ? '-' : '';
  if (d === 0) return sign + '0';
  if (d !== d) return sign + 'nan';
  if (d === Infinity || d === -Infinity) return sign + 'inf';
  // build_fp
  let frac = bits & FRACMASK;
  let exp = Number((bits >> 52n) & 0x7ffn);
  if (exp !== 0) {
    frac += HIDDENBIT;
    exp -= EXPBIAS;
  } else {
    exp = -EXPBIAS + 1;
  }
  // get_normalized_boundaries
  let upperFrac = (frac << 1n) + 1n;
  let upperExp = exp - 1;
  while ((upperFrac & (HIDDENBIT << 1n)) === 0n) {
    upperFrac <<= 1n;
    upperExp--;
  }
  upperFrac = (upperFrac << 10n) & U64;
  upperExp -= 10;
  const lShift = frac === HIDDENBIT ? 2 : 1;
  let lowerFrac = ((frac << BigInt(lShift)) - 1n) & U64;
  const lowerExp = exp - lShift;
  lowerFrac = (lowerFrac << BigInt(lowerExp - upperExp)) & U64;
  // normalize(w)
  let wFrac = frac;
  while ((wFrac & HIDDENBIT) === 0n) wFrac <<= 1n;
  wFrac = (wFrac << 11n) & U64;
  // find_cachedpow10(upper.exp)
  const approx = Math.trunc(-(upperExp + 87) * 0.30102999566398114);
  let idx = Math.trunc((approx + 348) / 8);
  for (;;) {
    const current = upperExp + POWERS_TEN_EXP[idx] + 64;
    if (current < -60) idx++;
    else if (current > -32) idx--;
    else break;
  }
  const k = -348 + idx * 8;
  const cp = POWERS_TEN_FRAC[idx];
  wFrac = fpMultiply(wFrac, cp);
  upperFrac = (fpMultiply(upperFrac, cp) - 1n) & U64;
  lowerFrac = (fpMultiply(lowerFrac, cp) + 1n) & U64;
  const oneExp = upperExp + POWERS_TEN_EXP[idx] + 64;
  let K = -k;
  // generate_digits
  const digits: number[] = [];
  const wfrac = (upperFrac - wFrac) & U64;
  let delta = (upperFrac - lowerFrac) & U64;
  const shift = BigInt(-oneExp);
  const oneFrac = 1n << shift;
  let part1 = upperFrac >> shift;
  let part2 = upperFrac & (oneFrac - 1n);
  let kappa = 10;
  let done = false;
  for (let di = 10; kappa > 0; di++) {
    const div = TENS[di];
    const digit = part1 / div;
    if (digit !== 0n || digits.length > 0) digits.push(Number(digit));
    part1 -= digit * div;
    kappa--;
    const tmp = ((part1 << shift) + part2) & U64;
    if (tmp <= delta) {
      K += kappa;
      roundDigit(digits, delta, tmp, (div << shift) & U64, wfrac);
      done = true;
      break;
    }
  }
  if (!done) {
    let unit = 18;
    for (;;) {
      part2 = (part2 * 10n) & U64;
      delta = (delta * 10n) & U64;
      kappa--;
      const digit = part2 >> shift;
      if (digit !== 0n || digits.length > 0) digits.push(Number(digit));
      part2 &= oneFrac - 1n;
      if (part2 < delta) {
        K += kappa;
        roundDigit(digits, delta, part2, oneFrac, (wfrac * TENS[unit]) & U64);
        break;
      }
      unit--;
    }
  }
  return sign + emitDigits(digits, K, neg);
}

/** fpconv `round_digit`, with the C code's uint64 arithmetic. */
function roundDigit(digits: number[], delta: bigint, rem: bigint, kappa: bigint, frac: bigint): void {
  const last = digits.length - 1;
  while (rem < frac && ((delta - rem) & U64) >= kappa && (((rem + kappa) & U64) < frac || ((frac - rem) & U64) > ((rem + kappa - frac) & U64))) {
    digits[last]--;
    rem = (rem + kappa) & U64;
  }
}

/** fpconv `emit_digits`: lays out `digits` * 10^K (see {@link emitDigitString}). */
function emitDigits(digits: number[], K: number, neg: boolean): string {
  let ds = '';
  for (let i = 0; i < digits.length; i++) ds += String.fromCharCode(48 + digits[i]);
  return emitDigitString(ds, K, neg);
}
