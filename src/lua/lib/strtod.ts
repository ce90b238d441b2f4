/**
 * C `strtod` (glibc) and Lua 5.1's string-to-number conversion, on one-byte strings.
 */

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

function matchWordCI(s: string, i: number, w: string): boolean {
  if (i + w.length > s.length) return false;
  for (let k = 0; k < w.length; k++) {
    if ((s.charCodeAt(i + k) | 32) !== w.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * glibc `strtod` starting at index `start` of `s`, which is read as a C string (a NUL
 * byte ends it). Accepts leading whitespace, a sign, decimal numbers with exponent,
 * hexadecimal floats ("0x1.8p3"), "inf", "infinity" and "nan" / "nan(chars)" (any case).
 * Returns the value and the end index; `end === start` means no conversion (value 0).
 */
export function cStrtod(s: string, start: number): { value: number; end: number } {
  const len = s.length;
  let i = start;
  while (i < len && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  const sc = i < len ? s.charCodeAt(i) : 0;
  if (sc === 43 || sc === 45) { neg = sc === 45; i++; }
  const c0 = i < len ? s.charCodeAt(i) : 0;
  // inf / nan
  if ((c0 | 32) === 105) {
    if (matchWordCI(s, i, 'infinity')) return { value: neg ? -Infinity : Infinity, end: i + 8 };
    if (matchWordCI(s, i, 'inf')) return { value: neg ? -Infinity : Infinity, end: i + 3 };
    return { value: 0, end: start };
  }
  if ((c0 | 32) === 110) {
    if (matchWordCI(s, i, 'nan')) {
      let e = i + 3;
      if (e < len && s.charCodeAt(e) === 40) { // nan(n-char-sequence)
        let k = e + 1;
        while (k < len) {
          const c = s.charCodeAt(k);
          if ((c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95) k++;
          else break;
        }
        if (k < len && s.charCodeAt(k) === 41) e = k + 1;
      }
      return { value: NaN, end: e };
    }
    return { value: 0, end: start };
  }
  // hexadecimal
  if (c0 === 48 && i + 1 < len && (s.charCodeAt(i + 1) | 32) === 120) {
    let k = i + 2;
    let mant = 0;
    let exp = 0;
    let any = false;
    let scale = 0; // extra binary exponent for digits beyond precision
    while (k < len) {
      const h = hexVal(s.charCodeAt(k));
      if (h < 0) break;
      any = true;
      if (mant < 2 ** 60) mant = mant * 16 + h;
      else scale += 4;
      k++;
    }
    if (k < len && s.charCodeAt(k) === 46) {
      let k2 = k + 1;
      let anyf = false;
      while (k2 < len) {
        const h = hexVal(s.charCodeAt(k2));
        if (h < 0) break;
        anyf = true;
        if (mant < 2 ** 60) { mant = mant * 16 + h; exp -= 4; }
        k2++;
      }
      if (any || anyf) { any = true; k = k2; }
    }
    if (!any) {
      // only "0" is parsed; the 'x' is left
      return { value: neg ? -0 : 0, end: i + 1 };
    }
    if (k < len && (s.charCodeAt(k) | 32) === 112) {
      let k2 = k + 1;
      let eneg = false;
      const ec = k2 < len ? s.charCodeAt(k2) : 0;
      if (ec === 43 || ec === 45) { eneg = ec === 45; k2++; }
      if (k2 < len && s.charCodeAt(k2) >= 48 && s.charCodeAt(k2) <= 57) {
        let ev = 0;
        while (k2 < len && s.charCodeAt(k2) >= 48 && s.charCodeAt(k2) <= 57) {
          if (ev < 100000) ev = ev * 10 + (s.charCodeAt(k2) - 48);
          k2++;
        }
        exp += eneg ? -ev : ev;
        k = k2;
      }
    }
    const v = mant * Math.pow(2, exp + scale);
    return { value: neg ? -v : v, end: k };
  }
  // decimal
  let k = i;
  let digits = 0;
  while (k < len && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) { k++; digits++; }
  if (k < len && s.charCodeAt(k) === 46) {
    k++;
    while (k < len && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) { k++; digits++; }
  }
  if (digits === 0) return { value: 0, end: start };
  if (k < len && (s.charCodeAt(k) | 32) === 101) {
    let k2 = k + 1;
    const ec = k2 < len ? s.charCodeAt(k2) : 0;
    if (ec === 43 || ec === 45) k2++;
    if (k2 < len && s.charCodeAt(k2) >= 48 && s.charCodeAt(k2) <= 57) {
      while (k2 < len && s.charCodeAt(k2) >= 48 && s.charCodeAt(k2) <= 57) k2++;
      k = k2;
    }
  }
  let text = s.slice(i, k);
  if (text.charCodeAt(0) === 46) text = '0' + text;
  const v = Number(text.charCodeAt(text.length - 1) === 46 ? text.slice(0, -1) : text);
  return { value: neg ? -v : v, end: k };
}

/**
 * Lua 5.1 `luaO_str2d`: the whole string (up to its first NUL) must be a number,
 * optionally surrounded by whitespace; "0x..." hex integers are accepted.
 * Returns undefined when the string is not a number.
 */
export function luaStr2Number(s: string): number | undefined {
  const z = s.indexOf('\0');
  if (z >= 0) s = s.slice(0, z);
  const r = cStrtod(s, 0);
  if (r.end === 0) return undefined;
  let end = r.end;
  let v = r.value;
  const c = end < s.length ? s.charCodeAt(end) : 0;
  if ((c | 32) === 120) {
    // strtoul(s, &endptr, 16) over the whole string
    let i = 0;
    while (i < s.length && isSpace(s.charCodeAt(i))) i++;
    let neg = false;
    const sc = s.charCodeAt(i);
    if (sc === 43 || sc === 45) { neg = sc === 45; i++; }
    if (s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 32) === 120 && hexVal(s.charCodeAt(i + 2)) >= 0) i += 2;
    let any = false;
    let u = 0;
    while (i < s.length) {
      const h = hexVal(s.charCodeAt(i));
      if (h < 0) break;
      u = u * 16 + h;
      any = true;
      i++;
    }
    if (!any) return undefined;
    v = neg ? -u : u;
    end = i;
  }
  while (end < s.length && isSpace(s.charCodeAt(end))) end++;
  if (end !== s.length) return undefined;
  return v;
}
