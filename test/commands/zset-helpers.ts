/**
 * Helpers for zset oracle tests: the oracle is Redis 7.0.15, whose replies format doubles with
 * "%.17g", while Redis 7.2 (and Cinder) use d2string/fpconv_dtoa (shortest round-trip). %.17g
 * is exact, so re-formatting every numeric bulk string and RESP3 double of BOTH replies
 * through formatDouble (itself checked against the 7.2 C source, see numbers.test.ts) maps
 * the 7.0 text onto the 7.2 text without hiding value differences.
 */
import { formatDouble } from '../../src/util/numbers.js';

const NUM = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/;

function norm(s: string): string {
  if (s === 'inf' || s === '-inf' || s === 'nan') return s;
  if (!NUM.test(s)) return s;
  const v = Number(s);
  if (!Number.isFinite(v)) return s;
  return formatDouble(v);
}

/** Re-formats numeric bulk strings and RESP3 doubles of a raw reply (see the file comment). */
export function normDoubles(raw: string): string {
  let out = '';
  let p = 0;
  while (p < raw.length) {
    const eol = raw.indexOf('\r\n', p);
    if (eol < 0) return out + raw.slice(p);
    const t = raw[p];
    const line = raw.slice(p + 1, eol);
    if (t === '$' || t === '=') {
      const n = parseInt(line, 10);
      if (n < 0) {
        out += raw.slice(p, eol + 2);
        p = eol + 2;
        continue;
      }
      const payload = raw.slice(eol + 2, eol + 2 + n);
      const np = t === '$' ? norm(payload) : payload;
      out += t + np.length + '\r\n' + np + '\r\n';
      p = eol + 2 + n + 2;
    } else if (t === ',') {
      out += ',' + norm(line) + '\r\n';
      p = eol + 2;
    } else {
      out += raw.slice(p, eol + 2);
      p = eol + 2;
    }
  }
  return out;
}
