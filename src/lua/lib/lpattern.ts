/**
 * Lua 5.1 pattern matching (lstrlib.c), on one-byte strings.
 *
 * The matcher works on char codes with no per-character allocation. As in C, the
 * pattern is a zero-terminated string: a NUL byte in the pattern ends it. The subject
 * is length-delimited and reads as NUL one past its end (C's terminator), which matters
 * for `%f` and `%z`.
 *
 * Errors are raised as LibError with 5.1's texts: "malformed pattern (ends with '%')",
 * "malformed pattern (missing ']')", "missing '[' after '%f' in pattern",
 * "unbalanced pattern", "invalid capture index", "invalid pattern capture",
 * "unfinished capture", "too many captures".
 */
import { libError } from './errors.js';
import { ByteBuffer } from './buffer.js';

const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;
/** LUA_MAXCAPTURES */
export const MAXCAPTURES = 32;

const C_ALPHA = 1, C_CNTRL = 2, C_DIGIT = 4, C_LOWER = 8, C_PUNCT = 16, C_SPACE = 32, C_UPPER = 64, C_XDIGIT = 128;

/** C-locale ctype table: bit flags per byte (bytes >= 128 have none). Read-only. */
const CTYPE: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 128; c++) {
    let f = 0;
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) f |= C_ALPHA;
    if (c < 32 || c === 127) f |= C_CNTRL;
    if (c >= 48 && c <= 57) f |= C_DIGIT | C_XDIGIT;
    if (c >= 97 && c <= 122) f |= C_LOWER;
    if (c >= 65 && c <= 90) f |= C_UPPER;
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) f |= C_PUNCT;
    if ((c >= 9 && c <= 13) || c === 32) f |= C_SPACE;
    if ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)) f |= C_XDIGIT;
    t[c] = f;
  }
  return t;
})();

/** C isdigit on a byte. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** C isalnum on a byte. */
export function isAlnum(c: number): boolean {
  return (CTYPE[c & 255] & (C_ALPHA | C_DIGIT)) !== 0 && c < 256;
}

/** match_class: does byte `c` belong to class letter `cl` (e.g. 'a', 'D')? */
function matchClassSlow(c: number, cl: number): boolean {
  let mask: number;
  switch (cl | 32) {
    case 97: mask = C_ALPHA; break; // a
    case 99: mask = C_CNTRL; break; // c
    case 100: mask = C_DIGIT; break; // d
    case 108: mask = C_LOWER; break; // l
    case 112: mask = C_PUNCT; break; // p
    case 115: mask = C_SPACE; break; // s
    case 117: mask = C_UPPER; break; // u
    case 119: mask = C_ALPHA | C_DIGIT; break; // w
    case 120: mask = C_XDIGIT; break; // x
    case 122: { // z
      const r = c === 0;
      return cl === 122 ? r : !r;
    }
    default: return cl === c;
  }
  // tolower only maps letters: a non-letter with bit 32 set must not alias a class
  if ((cl < 65 || cl > 90) && (cl < 97 || cl > 122)) return cl === c;
  const res = (CTYPE[c] & mask) !== 0;
  return cl >= 97 ? res : !res;
}

/** CLASS_TABLE[(cl << 8) | c] = match_class(c, cl), precomputed (read-only). */
const CLASS_TABLE: Uint8Array = (() => {
  const t = new Uint8Array(65536);
  for (let cl = 0; cl < 256; cl++) {
    for (let c = 0; c < 256; c++) t[(cl << 8) | c] = matchClassSlow(c, cl) ? 1 : 0;
  }
  return t;
})();

function matchClass(c: number, cl: number): boolean {
  return CLASS_TABLE[(cl << 8) | c] === 1;
}

/**
 * Matcher state for one subject/pattern pair. Reusable: call `reset` before each match
 * attempt. Capture positions are byte offsets into `src`.
 */
export class MatchState {
  src = '';
  srcEnd = 0;
  pat = '';
  /** Index of the pattern's terminator (first NUL byte, or its length). */
  patEnd = 0;
  level = 0;
  readonly capInit = new Int32Array(MAXCAPTURES);
  readonly capLen = new Int32Array(MAXCAPTURES);
  /** classEnd(p) cache for the bound pattern; 0 = not computed yet. */
  private ends = new Int32Array(64);
  /**
   * Start filter (see prepareFilter): 0 none, 1 the first item (at fq..fep) must match the
   * byte at the start position, 2 that byte must equal fch.
   */
  private fkind = 0;
  private fq = 0;
  private fep = 0;
  private fch = 0;

  /** Binds a subject and pattern (the pattern is cut at its first NUL). */
  init(src: string, pat: string): void {
    this.src = src;
    this.srcEnd = src.length;
    this.pat = pat;
    const z = pat.indexOf('\0');
    const pe = z < 0 ? pat.length : z;
    this.patEnd = pe;
    this.level = 0;
    this.fkind = 0;
    if (this.ends.length <= pe) this.ends = new Int32Array(pe + 16);
    else this.ends.fill(0, 0, pe + 1);
  }

  /**
   * Works out a cheap necessary condition for a match to start at a position: when the
   * first pattern item (after any captures) must consume one byte (no quantifier, or '+'),
   * a start position whose byte does not match it cannot match. Malformed patterns get no
   * filter, so their errors are raised by match() exactly when C raises them.
   */
  prepareFilter(pi: number): void {
    this.fkind = 0;
    let q = pi;
    while (q < this.patEnd && this.pat.charCodeAt(q) === 40) q++; // '(' and '()'
    if (q >= this.patEnd) return;
    const c = this.pat.charCodeAt(q);
    if (c === 41 || c === 36) return; // ')' or '$'
    if (c === 37) {
      const n = this.pc(q + 1);
      if (n === 98) { // %bxy: the subject byte must be x
        if (q + 3 < this.patEnd) { this.fkind = 2; this.fch = this.pat.charCodeAt(q + 2); }
        return;
      }
      if (n === 102 || (n >= 48 && n <= 57)) return; // %f, back-reference
    }
    let ep: number;
    try {
      ep = this.classEnd(q);
    } catch {
      this.ends[q] = 0;
      return;
    }
    const qc = this.pc(ep);
    if (qc === 42 || qc === 63 || qc === 45) return; // '*', '?', '-' may match empty
    if (c !== 37 && c !== 91 && c !== 46) { this.fkind = 2; this.fch = c; return; }
    this.fkind = 1;
    this.fq = q;
    this.fep = ep;
  }

  /** False when no match can start at `s` (see prepareFilter). */
  canStart(s: number): boolean {
    switch (this.fkind) {
      case 0: return true;
      case 2: return s < this.srcEnd && this.src.charCodeAt(s) === this.fch;
      default: return s < this.srcEnd && this.singleMatch(this.src.charCodeAt(s), this.fq, this.fep);
    }
  }

  /** Pattern byte at `i`, or 0 at/after the terminator. */
  private pc(i: number): number {
    return i < this.patEnd ? this.pat.charCodeAt(i) : 0;
  }

  private classEnd(p: number): number {
    const e = this.ends[p];
    if (e !== 0) return e;
    return (this.ends[p] = this.classEndSlow(p));
  }

  private classEndSlow(p: number): number {
    const c = this.pc(p++);
    if (c === 37) { // %
      if (p >= this.patEnd) libError("malformed pattern (ends with '%')");
      return p + 1;
    }
    if (c === 91) { // [
      if (this.pc(p) === 94) p++;
      do {
        if (p >= this.patEnd) libError("malformed pattern (missing ']')");
        const cc = this.pc(p++);
        if (cc === 37 && p < this.patEnd) p++;
      } while (this.pc(p) !== 93);
      return p + 1;
    }
    return p;
  }

  private matchBracketClass(c: number, p: number, ec: number): boolean {
    let sig = true;
    if (this.pc(p + 1) === 94) { // ^
      sig = false;
      p++;
    }
    while (++p < ec) {
      const pch = this.pc(p);
      if (pch === 37) {
        p++;
        if (matchClass(c, this.pc(p))) return sig;
      } else if (this.pc(p + 1) === 45 && p + 2 < ec) {
        p += 2;
        if (pch <= c && c <= this.pc(p)) return sig;
      } else if (pch === c) return sig;
    }
    return !sig;
  }

  private singleMatch(c: number, p: number, ep: number): boolean {
    const pch = this.pat.charCodeAt(p);
    switch (pch) {
      case 46: return true; // .
      case 37: return matchClass(c, this.pc(p + 1));
      case 91: return this.matchBracketClass(c, p, ep - 1);
      default: return pch === c;
    }
  }

  private matchBalance(s: number, p: number): number {
    if (p >= this.patEnd || p + 1 >= this.patEnd) libError('unbalanced pattern');
    const src = this.src;
    const b = this.pat.charCodeAt(p);
    if (s >= this.srcEnd || src.charCodeAt(s) !== b) return -1;
    const e = this.pat.charCodeAt(p + 1);
    let cont = 1;
    const end = this.srcEnd;
    while (++s < end) {
      const ch = src.charCodeAt(s);
      if (ch === e) {
        if (--cont === 0) return s + 1;
      } else if (ch === b) cont++;
    }
    return -1;
  }

  private maxExpand(s: number, p: number, ep: number): number {
    const src = this.src;
    const end = this.srcEnd;
    let i = 0;
    while (s + i < end && this.singleMatch(src.charCodeAt(s + i), p, ep)) i++;
    while (i >= 0) {
      const res = this.match(s + i, ep + 1);
      if (res !== -1) return res;
      i--;
    }
    return -1;
  }

  private minExpand(s: number, p: number, ep: number): number {
    for (;;) {
      const res = this.match(s, ep + 1);
      if (res !== -1) return res;
      if (s < this.srcEnd && this.singleMatch(this.src.charCodeAt(s), p, ep)) s++;
      else return -1;
    }
  }

  private startCapture(s: number, p: number, what: number): number {
    const level = this.level;
    if (level >= MAXCAPTURES) libError('too many captures');
    this.capInit[level] = s;
    this.capLen[level] = what;
    this.level = level + 1;
    const res = this.match(s, p);
    if (res === -1) this.level--;
    return res;
  }

  private endCapture(s: number, p: number): number {
    const l = this.captureToClose();
    this.capLen[l] = s - this.capInit[l];
    const res = this.match(s, p);
    if (res === -1) this.capLen[l] = CAP_UNFINISHED;
    return res;
  }

  private captureToClose(): number {
    let level = this.level;
    for (level--; level >= 0; level--) {
      if (this.capLen[level] === CAP_UNFINISHED) return level;
    }
    return libError('invalid pattern capture');
  }

  private matchCapture(s: number, l: number): number {
    l -= 49;
    if (l < 0 || l >= this.level || this.capLen[l] === CAP_UNFINISHED) libError('invalid capture index');
    const len = this.capLen[l];
    if (len < 0) return -1; // position capture: (size_t)-2 never fits
    if (this.srcEnd - s < len) return -1;
    const src = this.src;
    const init = this.capInit[l];
    for (let i = 0; i < len; i++) {
      if (src.charCodeAt(init + i) !== src.charCodeAt(s + i)) return -1;
    }
    return s + len;
  }

  /**
   * Matches the pattern from pattern index `p` at subject index `s`.
   * Returns the end index of the match, or -1.
   */
  match(s: number, p: number): number {
    const pat = this.pat;
    for (;;) {
      if (p >= this.patEnd) return s;
      const pch = pat.charCodeAt(p);
      dflt: {
        switch (pch) {
          case 40: // (
            if (this.pc(p + 1) === 41) return this.startCapture(s, p + 2, CAP_POSITION);
            return this.startCapture(s, p + 1, CAP_UNFINISHED);
          case 41: // )
            return this.endCapture(s, p + 1);
          case 37: { // %
            const n = this.pc(p + 1);
            if (n === 98) { // b
              s = this.matchBalance(s, p + 2);
              if (s === -1) return -1;
              p += 4;
              continue;
            }
            if (n === 102) { // f
              p += 2;
              if (this.pc(p) !== 91) libError("missing '[' after '%f' in pattern");
              const ep = this.classEnd(p);
              const prev = s === 0 ? 0 : this.src.charCodeAt(s - 1);
              const cur = s < this.srcEnd ? this.src.charCodeAt(s) : 0;
              if (this.matchBracketClass(prev, p, ep - 1) || !this.matchBracketClass(cur, p, ep - 1)) return -1;
              p = ep;
              continue;
            }
            if (n >= 48 && n <= 57) {
              s = this.matchCapture(s, n);
              if (s === -1) return -1;
              p += 2;
              continue;
            }
            break dflt;
          }
          case 36: // $
            if (p + 1 === this.patEnd) return s === this.srcEnd ? s : -1;
            break dflt;
        }
      }
      // default: a single pattern item, maybe with a quantifier
      const ep = this.classEnd(p);
      const m = s < this.srcEnd && this.singleMatch(this.src.charCodeAt(s), p, ep);
      switch (this.pc(ep)) {
        case 63: { // ?
          if (m) {
            const res = this.match(s + 1, ep + 1);
            if (res !== -1) return res;
          }
          p = ep + 1;
          continue;
        }
        case 42: // *
          return this.maxExpand(s, p, ep);
        case 43: // +
          return m ? this.maxExpand(s + 1, p, ep) : -1;
        case 45: // -
          return this.minExpand(s, p, ep);
        default:
          if (!m) return -1;
          s++;
          p = ep;
      }
    }
  }

  /**
   * push_onecapture: capture `i` as a Lua value (string, or number for a position
   * capture). With no captures, index 0 is the whole match [s, e).
   */
  getCapture(i: number, s: number, e: number): string | number {
    if (i >= this.level) {
      if (i === 0) return this.src.slice(s, e);
      return libError('invalid capture index');
    }
    const l = this.capLen[i];
    if (l === CAP_UNFINISHED) libError('unfinished capture');
    const init = this.capInit[i];
    if (l === CAP_POSITION) return init + 1;
    return this.src.slice(init, init + l);
  }

  /**
   * push_captures: all captures (or the whole match when there are none and `wholeIfNone`)
   * appended to `out`. Returns the number appended.
   */
  pushCaptures(out: (string | number)[], s: number, e: number, wholeIfNone: boolean): number {
    const n = this.level === 0 && wholeIfNone ? 1 : this.level;
    for (let i = 0; i < n; i++) out.push(this.getCapture(i, s, e));
    return n;
  }
}

/** SPECIALS of lstrlib.c: a pattern without these (before its first NUL) is searched plainly. */
function hasSpecials(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    switch (p.charCodeAt(i)) {
      case 0: return false;
      case 94: case 36: case 42: case 43: case 63: case 46: case 40: case 91: case 37: case 45:
        return true;
    }
  }
  return false;
}

/** posrelat: relative string position (negative counts from the end). */
export function posrelat(pos: number, len: number): number {
  if (pos < 0) pos += len + 1;
  return pos >= 0 ? pos : 0;
}

/**
 * string.find / string.match core (str_find_aux). `init` is the raw (1-based, possibly
 * negative) start. Returns the result values, or null for "no match" (Lua returns nil).
 * For find: [start, end, ...captures]; for match: captures (or the whole match).
 */
export function strFindAux(ms: MatchState, s: string, p: string, init: number, plain: boolean, find: boolean): (string | number)[] | null {
  const l1 = s.length;
  let i = posrelat(init, l1) - 1;
  if (i < 0) i = 0;
  else if (i > l1) i = l1;
  if (find && (plain || !hasSpecials(p))) {
    const idx = s.indexOf(p, i);
    if (idx >= 0) return [idx + 1, idx + p.length];
    return null;
  }
  let pi = 0;
  let anchor = false;
  if (p.charCodeAt(0) === 94) { anchor = true; pi = 1; }
  ms.init(s, p);
  if (!anchor) ms.prepareFilter(pi);
  let s1 = i;
  do {
    if (!anchor && !ms.canStart(s1)) continue;
    ms.level = 0;
    const res = ms.match(s1, pi);
    if (res !== -1) {
      const out: (string | number)[] = [];
      if (find) {
        out.push(s1 + 1, res);
        ms.pushCaptures(out, -1, 0, false);
      } else {
        ms.pushCaptures(out, s1, res, true);
      }
      return out;
    }
  } while (s1++ < ms.srcEnd && !anchor);
  return null;
}

/**
 * One step of a gmatch iterator (gmatch_aux): searches from `start` (0-based). On a
 * match pushes the captures into `out` and returns the next start position; returns
 * -1 when there are no more matches.
 */
export function gmatchStep(ms: MatchState, start: number, out: (string | number)[]): number {
  for (let src = start; src <= ms.srcEnd; src++) {
    if (!ms.canStart(src)) continue;
    ms.level = 0;
    const e = ms.match(src, 0);
    if (e !== -1) {
      let newstart = e;
      if (e === src) newstart++;
      ms.pushCaptures(out, src, e, true);
      return newstart;
    }
  }
  return -1;
}

/** Parsed replacement string for gsub: literal pieces and capture references. */
export class ReplTemplate {
  /** Literal text pieces; `refs[i]` follows `lits[i]`; the last literal ends the template. */
  readonly lits: string[] = [];
  /** -1 = whole match (%0), k >= 0 = capture index k (%1 is 0). */
  readonly refs: number[] = [];
  readonly simple: boolean;

  constructor(news: string) {
    if (news.indexOf('%') < 0) {
      this.lits.push(news);
      this.simple = true;
      return;
    }
    this.simple = false;
    let cur = '';
    const l = news.length;
    for (let i = 0; i < l; i++) {
      const ch = news.charCodeAt(i);
      if (ch !== 37) { cur += news[i]; continue; }
      i++;
      const d = i < l ? news.charCodeAt(i) : 0; // C reads the terminator
      if (!(d >= 48 && d <= 57)) cur += String.fromCharCode(d);
      else {
        this.lits.push(cur);
        cur = '';
        this.refs.push(d === 48 ? -1 : d - 49);
      }
    }
    this.lits.push(cur);
  }

  /** add_s: appends the expansion of the template for the match [s, e) to `out`. */
  expand(ms: MatchState, s: number, e: number, out: ByteBuffer): void {
    if (this.simple) { out.addString(this.lits[0]); return; }
    out.addString(this.lits[0]);
    const refs = this.refs;
    for (let i = 0; i < refs.length; i++) {
      const k = refs[i];
      if (k === -1) out.addRange(ms.src, s, e);
      else {
        const v = ms.getCapture(k, s, e);
        out.addString(typeof v === 'number' ? String(v) : v);
      }
      out.addString(this.lits[i + 1]);
    }
  }
}

/**
 * Replacement callback for gsub with a table or function: given the matcher and the match
 * [s, e), returns the replacement text, or null to keep the original match.
 */
export type GsubReplacer = (ms: MatchState, s: number, e: number) => string | null;

/**
 * string.gsub core (str_gsub). `repl` is a template (string/number replacement) or a
 * callback. `maxN` is the maximum number of substitutions. The result is built in `out`
 * (which is reset first); returns the number of substitutions.
 */
export function strGsub(ms: MatchState, src: string, p: string, repl: ReplTemplate | GsubReplacer, maxN: number, out: ByteBuffer): number {
  let pi = 0;
  let anchor = false;
  if (p.charCodeAt(0) === 94) { anchor = true; pi = 1; }
  ms.init(src, p);
  out.reset();
  const end = ms.srcEnd;
  let copyFrom = 0; // start of the pending run of unmatched text
  let s = 0;
  let n = 0;
  const tmpl = repl instanceof ReplTemplate ? repl : null;
  const fn = tmpl === null ? (repl as GsubReplacer) : null;
  let filtered = false;
  while (n < maxN) {
    if (!filtered) { filtered = true; if (!anchor) ms.prepareFilter(pi); }
    let e = -1;
    if (anchor || ms.canStart(s)) {
      ms.level = 0;
      e = ms.match(s, pi);
    }
    if (e !== -1) {
      n++;
      if (copyFrom < s) out.addRange(src, copyFrom, s);
      if (tmpl !== null) tmpl.expand(ms, s, e, out);
      else {
        const r = fn!(ms, s, e);
        if (r === null) out.addRange(src, s, e);
        else out.addString(r);
      }
      copyFrom = e;
    }
    if (e !== -1 && e > s) s = e;
    else if (s < end) s++;
    else break;
    if (anchor) break;
  }
  if (n === 0) return 0; // the caller returns `src` itself
  if (copyFrom < end) out.addRange(src, copyFrom, end);
  return n;
}
