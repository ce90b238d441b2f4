/**
 * string.format of Lua 5.1.5 (str_format in lstrlib.c), as a pure function.
 *
 * Directives: %d %i %o %u %c %x %X %e %E %f %g %G %q %s %%, flags "-+ #0", width and
 * precision of at most two digits each. Numeric arguments go through luaL_checknumber
 * and the C casts (`(long)` for d/i, `(unsigned long)` for o/u/x/X, `(int)` for c);
 * %s takes strings and numbers only (5.1 has no __tostring here) and, like sprintf,
 * stops at a NUL byte unless the string is at least 100 bytes and has no precision.
 * Errors: "invalid format (repeated flags)", "invalid format (width or precision too long)",
 * "invalid option '%<c>' to 'format'", and argument errors ("no value",
 * "number expected, got ...", "string expected, got ...") via the FormatArgs source.
 */
import { libError } from './errors.js';
import {
  castInt64, castUint64, formatDouble, formatInteger,
  F_HASH, F_MINUS, F_PLUS, F_SPACE, F_ZERO,
} from './cformat.js';

/** Source of format arguments; `i` is the 1-based Lua argument number (the format is #1). */
export interface FormatArgs {
  /** Number of arguments passed (including the format string). */
  readonly count: number;
  /** luaL_checknumber(L, i): raises "bad argument #i ... (number expected, got X)". */
  number(i: number): number;
  /** luaL_checklstring(L, i): numbers are converted with "%.14g". */
  string(i: number): string;
  /** luaL_argerror(L, i, msg). */
  argError(i: number, msg: string): never;
}

/** `(int)d` on x86-64: NaN and out-of-range values give INT_MIN. */
function castInt32(d: number): number {
  if (d !== d || d >= 2147483648 || d < -2147483648) return -2147483648;
  return Math.trunc(d);
}

/** Cuts `s` at its first NUL byte (C string semantics of sprintf's output). */
function cstr(s: string): string {
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}

/** %q quoting (addquoted). */
export function quoteString(s: string): string {
  let r = '"';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let rep: string | null = null;
    switch (c) {
      case 34: rep = '\\"'; break;
      case 92: rep = '\\\\'; break;
      case 10: rep = '\\\n'; break;
      case 13: rep = '\\r'; break;
      case 0: rep = '\\000'; break;
    }
    if (rep !== null) {
      if (run < i) r += s.slice(run, i);
      r += rep;
      run = i + 1;
    }
  }
  if (run < s.length) r += s.slice(run);
  return r + '"';
}

/**
 * Implements string.format(fmt, ...). `args.string(1)` is not used: `fmt` is passed
 * already checked.
 */
export function strFormat(fmt: string, args: FormatArgs): string {
  let out = '';
  let arg = 1;
  const top = args.count;
  const end = fmt.length;
  let i = 0;
  let lit = 0; // start of pending literal text
  while (i < end) {
    if (fmt.charCodeAt(i) !== 37) { i++; continue; }
    if (lit < i) out += fmt.slice(lit, i);
    i++;
    if (i < end && fmt.charCodeAt(i) === 37) { out += '%'; i++; lit = i; continue; }
    // format item
    if (++arg > top) args.argError(arg, 'no value');
    // scanformat
    const start = i;
    let flags = 0;
    for (;;) {
      const c = i < end ? fmt.charCodeAt(i) : 0;
      if (c === 45) flags |= F_MINUS;
      else if (c === 43) flags |= F_PLUS;
      else if (c === 32) flags |= F_SPACE;
      else if (c === 35) flags |= F_HASH;
      else if (c === 48) flags |= F_ZERO;
      else break;
      i++;
    }
    if (i - start >= 6) libError('invalid format (repeated flags)');
    let width = 0;
    let c = i < end ? fmt.charCodeAt(i) : 0;
    if (c >= 48 && c <= 57) { width = c - 48; i++; c = i < end ? fmt.charCodeAt(i) : 0; }
    if (c >= 48 && c <= 57) { width = width * 10 + c - 48; i++; c = i < end ? fmt.charCodeAt(i) : 0; }
    let prec = -1;
    if (c === 46) {
      prec = 0;
      i++;
      c = i < end ? fmt.charCodeAt(i) : 0;
      if (c >= 48 && c <= 57) { prec = c - 48; i++; c = i < end ? fmt.charCodeAt(i) : 0; }
      if (c >= 48 && c <= 57) { prec = prec * 10 + c - 48; i++; c = i < end ? fmt.charCodeAt(i) : 0; }
    }
    if (c >= 48 && c <= 57) libError('invalid format (width or precision too long)');
    i++; // conversion character
    switch (c) {
      case 99: { // c
        const ch = castInt32(args.number(arg)) & 255;
        let item: string;
        const body = String.fromCharCode(ch);
        if (width > 1) item = (flags & F_MINUS) ? body + ' '.repeat(width - 1) : ' '.repeat(width - 1) + body;
        else item = body;
        out += cstr(item);
        break;
      }
      case 100: case 105: // d i
        out += formatInteger(c, flags, width, prec, castInt64(args.number(arg)));
        break;
      case 111: case 117: case 120: case 88: // o u x X
        out += formatInteger(c, flags, width, prec, castUint64(args.number(arg)));
        break;
      case 101: case 69: case 102: case 103: case 71: // e E f g G
        out += formatDouble(c, flags, width, prec, args.number(arg));
        break;
      case 113: // q
        out += quoteString(args.string(arg));
        break;
      case 115: { // s
        const s = args.string(arg);
        if (prec < 0 && s.length >= 100) { out += s; break; }
        let body = cstr(s);
        if (prec >= 0 && body.length > prec) body = body.slice(0, prec);
        if (width > body.length) {
          body = (flags & F_MINUS) ? body + ' '.repeat(width - body.length) : ' '.repeat(width - body.length) + body;
        }
        out += body;
        break;
      }
      default: {
        // lua_pushfstring's %c of a NUL byte prints nothing
        const shown = c === 0 ? '' : String.fromCharCode(c);
        libError("invalid option '%" + shown + "' to 'format'");
      }
    }
    lit = i;
  }
  if (lit < end) out += fmt.slice(lit, end);
  return out;
}
