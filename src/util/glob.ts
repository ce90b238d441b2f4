/**
 * Glob-style pattern matching, a byte-exact port of Redis's `stringmatchlen` (util.c), used
 * by KEYS, SCAN MATCH, HSCAN/SSCAN/ZSCAN MATCH, PSUBSCRIBE / PUBSUB CHANNELS, CONFIG GET
 * and ACL key patterns.
 *
 * Syntax: `*` any run of bytes, `?` one byte, `[abc]` a class, `[^abc]` a negated class,
 * `[a-z]` a range (reversed ranges are swapped), `\x` the byte x literally (inside a class
 * too). Quirks reproduced on purpose, because clients can observe them:
 *  - the bytes are compared as C `char`, which is signed on the platforms Redis ships on,
 *    so a range ending in a byte >= 0x80 is compared in the signed domain
 *    (`[a-\xff]` is the range -1..97 after the swap);
 *  - `nocase` lowers with the C locale's `tolower` (ASCII A-Z only; a negative `char`
 *    becomes its unsigned value, as glibc's table does, except -1 (0xff), which is EOF);
 *  - an unterminated class (`[abc`) ends at the end of the pattern;
 *  - the empty string matches only the empty pattern, not even `*` (the main loop needs a
 *    non-empty string); KEYS and SCAN special-case the exact pattern "*";
 *  - recursion deeper than 1000 `*` (Redis's "protection against abusive patterns")
 *    reports no match;
 *  - after a `*` fails to match the rest anywhere, enclosing `*` loops stop early
 *    (`skipLongerMatches`), which keeps pathological patterns linear.
 *
 * Patterns and strings are one-byte (latin1) strings.
 */

/** The byte at `i` of `s` as a signed C char, or 0 (the NUL terminator) past `end`. */
function charAt(s: string, i: number, end: number): number {
  if (i >= end) return 0;
  const b = s.charCodeAt(i);
  return b >= 128 ? b - 256 : b;
}

/**
 * C `tolower` in the "C" locale on an int holding a (possibly negative) char, as glibc's
 * table does it: -1 is EOF and stays -1, other negative chars become their unsigned value.
 */
function tolower(c: number): number {
  if (c < 0) return c === -1 ? -1 : c + 256;
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Shared state of one match (Redis's `skipLongerMatches` out-parameter). */
interface MatchState {
  skipLongerMatches: boolean;
}

function matchImpl(pat: string, p: number, pend: number, str: string, s: number, send: number, nocase: boolean, st: MatchState, nesting: number): boolean {
  // Protection against abusive patterns.
  if (nesting > 1000) return false;
  while (p < pend && s < send) {
    const pc = charAt(pat, p, pend);
    switch (pc) {
      case 42: {
        // '*'
        while (p < pend && charAt(pat, p + 1, pend) === 42) p++;
        if (pend - p === 1) return true;
        while (s < send) {
          if (matchImpl(pat, p + 1, pend, str, s, send, nocase, st, nesting + 1)) return true;
          if (st.skipLongerMatches) return false;
          s++;
        }
        st.skipLongerMatches = true;
        return false;
      }
      case 63:
        // '?'
        s++;
        break;
      case 91: {
        // '['
        p++;
        const not = charAt(pat, p, pend) === 94;
        if (not) p++;
        let match = false;
        const sc = charAt(str, s, send);
        for (;;) {
          const c0 = charAt(pat, p, pend);
          if (c0 === 92 && pend - p >= 2) {
            p++;
            if (charAt(pat, p, pend) === sc) match = true;
          } else if (c0 === 93) {
            break;
          } else if (p >= pend) {
            p--;
            break;
          } else if (pend - p >= 3 && charAt(pat, p + 1, pend) === 45) {
            let start = c0;
            let end = charAt(pat, p + 2, pend);
            let c = sc;
            if (start > end) {
              const t = start;
              start = end;
              end = t;
            }
            if (nocase) {
              start = tolower(start);
              end = tolower(end);
              c = tolower(c);
            }
            p += 2;
            if (c >= start && c <= end) match = true;
          } else if (!nocase) {
            if (c0 === sc) match = true;
          } else if (tolower(c0) === tolower(sc)) {
            match = true;
          }
          p++;
        }
        if (not) match = !match;
        if (!match) return false;
        s++;
        break;
      }
      default: {
        let c0 = pc;
        if (c0 === 92 && pend - p >= 2) {
          // '\\': the next byte is literal.
          p++;
          c0 = charAt(pat, p, pend);
        }
        const sc = charAt(str, s, send);
        if (!nocase) {
          if (c0 !== sc) return false;
        } else if (tolower(c0) !== tolower(sc)) {
          return false;
        }
        s++;
        break;
      }
    }
    p++;
    if (s >= send) {
      while (charAt(pat, p, pend) === 42) p++;
      break;
    }
  }
  return p >= pend && s >= send;
}

/**
 * Redis `stringmatchlen(pattern, string, nocase)`: true when the whole of `str` matches the
 * glob `pattern`. Never throws; every pattern is valid.
 * @param pattern one-byte glob pattern.
 * @param str one-byte subject string.
 * @param nocase compare ASCII letters case-insensitively (CONFIG GET, ACL).
 */
export function stringmatchlen(pattern: string, str: string, nocase = false): boolean {
  const st: MatchState = { skipLongerMatches: false };
  return matchImpl(pattern, 0, pattern.length, str, 0, str.length, nocase, st, 0);
}

/** Alias of {@link stringmatchlen} with Redis's short name (`stringmatch`). */
export const stringmatch = stringmatchlen;
