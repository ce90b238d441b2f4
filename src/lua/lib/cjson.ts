/**
 * lua-cjson 2.1.0 as Redis embeds it (deps/lua/src/lua_cjson.c + fpconv.c).
 *
 * cjson.encode(v) / cjson.decode(s), cjson.null (light userdata NULL), and the config
 * functions encode_sparse_array, encode_max_depth, decode_max_depth,
 * encode_number_precision, encode_keep_buffer, encode_invalid_numbers,
 * decode_invalid_numbers, new. Defaults: sparse (convert=false, ratio=2, safe=10), max
 * depths 1000, numbers "%.14g", encode_invalid_numbers off, decode_invalid_numbers on,
 * keep_buffer on.
 *
 * Behaviour kept from the C code: a table is a JSON array when all its keys are numbers
 * >= 1 with no fractional part (then indices 1..max are emitted, holes as null), else an
 * object (an empty table is `{}`); "/" is escaped as "\/", bytes < 32 and 127 as \uXXXX;
 * the decoder reads the input as a C string (a NUL byte ends it), accepts hex, inf, nan,
 * leading '+' and leading zeros through strtod when decode_invalid_numbers is on, turns
 * \uXXXX (incl. surrogate pairs) into UTF-8, and reports errors as
 * "Expected <what> but found <token> at character <n>".
 * Object key order on encode follows the engine's table iteration order.
 */
import type { LuaState } from '../state.js';
import { typeName, LuaUserdata, type HostFn, type LuaValue } from '../value.js';
import { LuaTable } from '../table.js';
import { libError } from './errors.js';
import { formatG } from './cformat.js';
import { cStrtod } from './strtod.js';
import { raiseLib } from './lstrlib.js';
import { ByteBuffer } from './buffer.js';
import { checkInt32 } from './args.js';

/** Per-module-instance configuration (json_config_t). */
export class CjsonConfig {
  encodeSparseConvert = 0;
  encodeSparseRatio = 2;
  encodeSparseSafe = 10;
  encodeMaxDepth = 1000;
  decodeMaxDepth = 1000;
  /** 0 = off (error), 1 = on ("nan"/"inf"), 2 = "null". */
  encodeInvalidNumbers = 0;
  encodeNumberPrecision = 14;
  encodeKeepBuffer = 1;
  decodeInvalidNumbers = 1;
}

/** Escapes for bytes needing them (char2escape), null where the byte is copied. */
const ESCAPES: (string | null)[] = (() => {
  const t: (string | null)[] = new Array(256).fill(null);
  for (let i = 0; i < 32; i++) t[i] = '\\u' + i.toString(16).padStart(4, '0');
  t[8] = '\\b'; t[9] = '\\t'; t[10] = '\\n'; t[12] = '\\f'; t[13] = '\\r';
  t[34] = '\\"'; t[47] = '\\/'; t[92] = '\\\\'; t[127] = '\\u007f';
  return t;
})();

/** `(int)d` as gcc/x86-64 does it (out of range -> INT_MIN). */
function toCInt(d: number): number {
  if (d !== d || d >= 2147483648 || d < -2147483648) return -2147483648;
  return Math.trunc(d);
}

/** JSON encoder state for one cjson.encode call; output goes to a ByteBuffer. */
class Encoder {
  /**
   * Lua stack slots in use above the C function's base, as in the C code (the argument,
   * then one value per array level or key+value per object level); lua_checkstack fails
   * beyond LUAI_MAXCSTACK (8000), which also ends deep nesting.
   */
  slots = 1;
  constructor(readonly cfg: CjsonConfig, readonly nullUd: LuaUserdata, readonly out: ByteBuffer) {}

  fail(v: LuaValue, reason: string): never {
    return libError(`Cannot serialise ${typeName(v)}: ${reason}`);
  }

  /** json_append_string */
  string(str: string): void {
    const out = this.out;
    const n = str.length;
    out.ensure(n + 2);
    out.addByte(34);
    let run = 0;
    for (let i = 0; i < n; i++) {
      const c = str.charCodeAt(i);
      if (c >= 32 && c !== 34 && c !== 47 && c !== 92 && c !== 127) continue;
      if (run < i) out.addRange(str, run, i);
      run = i + 1;
      out.addString(ESCAPES[c]!);
    }
    if (run < n) out.addRange(str, run, n);
    out.addByte(34);
  }

  number(x: number): void {
    const mode = this.cfg.encodeInvalidNumbers;
    if (mode === 0) {
      if (x !== x || x === Infinity || x === -Infinity) this.fail(x, 'must not be NaN or Inf');
    } else if (mode === 1) {
      if (x !== x) { this.out.addString('nan'); return; }
    } else if (x !== x || x === Infinity || x === -Infinity) {
      this.out.addString('null');
      return;
    }
    const p = this.cfg.encodeNumberPrecision;
    if (p === 14 && (x | 0) === x && !(x === 0 && 1 / x < 0)) {
      this.int32(x);
      return;
    }
    if (Number.isInteger(x) && x < 1e14 && x > -1e14 && p === 14 && !Object.is(x, -0)) this.out.addString(String(x));
    else this.out.addString(formatG(x, p));
  }

  /** Writes an int32 in decimal without allocating. */
  int32(x: number): void {
    const out = this.out;
    if (x < 0) {
      out.addByte(45);
      if (x === -2147483648) { out.addString('2147483648'); return; }
      x = -x;
    }
    if (x < 10) { out.addByte(48 + x); return; }
    out.ensure(10);
    let digits = 1;
    for (let t = x; t >= 10; t = (t / 10) | 0) digits++;
    const b = out.buf;
    let p = out.pos + digits;
    out.pos = p;
    do {
      const q = (x / 10) | 0;
      b[--p] = 48 + (x - q * 10);
      x = q;
    } while (x > 0);
  }

  /** lua_array_length: -1 for an object, else the max index (0 for an empty table). */
  arrayLength(t: LuaTable): number {
    let max = 0;
    let items = 0;
    // Every key, array part then nodes, in `next` order (no snapshot copies).
    for (let k = t.next(undefined); k !== undefined; k = t.next(k)) {
      if (typeof k === 'number' && k !== 0 && Math.floor(k) === k && k >= 1) {
        if (k > max) max = toCInt(k);
        items++;
        continue;
      }
      return -1;
    }
    const cfg = this.cfg;
    if (cfg.encodeSparseRatio > 0 && max > items * cfg.encodeSparseRatio && max > cfg.encodeSparseSafe) {
      if (!cfg.encodeSparseConvert) this.fail(t, 'excessively sparse array');
      return -1;
    }
    return max;
  }

  key(k: LuaValue): void {
    if (typeof k === 'number') {
      this.out.addByte(34);
      this.number(k);
      this.out.addByte(34);
      this.out.addByte(58);
    } else if (typeof k === 'string') {
      this.string(k);
      this.out.addByte(58);
    } else {
      this.fail(k, 'table key must be a number or string');
    }
  }

  /**
   * json_append_data, iteratively: nested tables are kept on an explicit stack so that
   * nesting is limited by the C library's checks (encode_max_depth, LUAI_MAXCSTACK), not
   * by the JS call stack.
   */
  value(root: LuaValue): void {
    const frames: EncodeFrame[] = [];
    let depth = 0;
    let v = root;
    for (;;) {
      // emit v (scalars are written; a table opens a frame)
      if (v instanceof LuaTable) {
        depth++;
        if (depth > this.cfg.encodeMaxDepth || this.slots + 3 > 8000) libError(`Cannot serialise, excessive nesting (${depth})`);
        const len = this.arrayLength(v);
        if (len > 0) {
          this.out.addByte(91);
          this.slots++;
          frames.push(new EncodeFrame(v, len));
        } else {
          this.out.addByte(123);
          this.slots += 2;
          frames.push(new EncodeFrame(v, -1));
        }
      } else {
        this.scalar(v);
      }
      // find the next value to emit, closing finished tables
      let found = false;
      while (frames.length > 0) {
        const f = frames[frames.length - 1];
        if (f.len > 0) {
          if (f.i <= f.len) {
            if (f.i > 1) this.out.addByte(44);
            v = f.t.getInt(f.i++);
            found = true;
            break;
          }
          this.out.addByte(93);
          this.slots--;
        } else {
          if (f.nextEntry()) {
            if (f.comma) this.out.addByte(44);
            else f.comma = true;
            this.key(f.k);
            v = f.v;
            found = true;
            break;
          }
          this.out.addByte(125);
          this.slots -= 2;
        }
        frames.pop();
        depth--;
      }
      if (!found) return;
    }
  }

  scalar(v: LuaValue): void {
    switch (typeof v) {
      case 'string': this.string(v); return;
      case 'number': this.number(v); return;
      case 'boolean': this.out.addString(v ? 'true' : 'false'); return;
      case 'undefined': this.out.addString('null'); return;
    }
    if (v === this.nullUd) { this.out.addString('null'); return; }
    this.fail(v, 'type not supported');
  }
}

/** One table being encoded: an array (len > 0, next index i) or an object (len -1). */
class EncodeFrame {
  i = 1;
  comma = false;
  /** True once iteration started (`k` is then the current key). */
  private started = false;
  k: LuaValue = undefined;
  v: LuaValue = undefined;
  constructor(readonly t: LuaTable, readonly len: number) {}

  /** Advances to the next entry in `next` order (array part, then nodes); false at the end. */
  nextEntry(): boolean {
    const k = this.t.next(this.started ? this.k : undefined);
    this.started = true;
    if (k === undefined) return false;
    this.k = k;
    this.v = this.t.nextValue;
    return true;
  }
}

/** cjson.encode core. Raises LibError with lua-cjson's messages. */
export function jsonEncode(v: LuaValue, cfg: CjsonConfig, nullUd: LuaUserdata, out?: ByteBuffer): string {
  const buf = out ?? new ByteBuffer(256);
  buf.reset();
  const e = new Encoder(cfg, nullUd, buf);
  e.value(v);
  return buf.toString();
}

// ---- decoding ----

const T_OBJ_BEGIN = 0, T_OBJ_END = 1, T_ARR_BEGIN = 2, T_ARR_END = 3, T_STRING = 4, T_NUMBER = 5,
  T_BOOLEAN = 6, T_NULL = 7, T_COLON = 8, T_COMMA = 9, T_END = 10, T_WHITESPACE = 11, T_ERROR = 12, T_UNKNOWN = 13;

const TOKEN_NAMES = ['T_OBJ_BEGIN', 'T_OBJ_END', 'T_ARR_BEGIN', 'T_ARR_END', 'T_STRING', 'T_NUMBER',
  'T_BOOLEAN', 'T_NULL', 'T_COLON', 'T_COMMA', 'T_END', 'T_WHITESPACE', 'T_ERROR', 'T_UNKNOWN'];

const CH2TOKEN: Uint8Array = (() => {
  const t = new Uint8Array(256).fill(T_ERROR);
  t[123] = T_OBJ_BEGIN; t[125] = T_OBJ_END; t[91] = T_ARR_BEGIN; t[93] = T_ARR_END;
  t[44] = T_COMMA; t[58] = T_COLON; t[0] = T_END;
  t[32] = T_WHITESPACE; t[9] = T_WHITESPACE; t[10] = T_WHITESPACE; t[13] = T_WHITESPACE;
  for (const c of 'fiInNt"+-0123456789') t[c.charCodeAt(0)] = T_UNKNOWN;
  return t;
})();

const ESCAPE2CHAR: Int16Array = (() => {
  const t = new Int16Array(256);
  t[34] = 34; t[92] = 92; t[47] = 47; t[98] = 8; t[116] = 9; t[110] = 10; t[102] = 12; t[114] = 13; t[117] = 117;
  return t;
})();

function hexdigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  c |= 32;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** JSON decoder state for one cjson.decode call; `data` ends at its first NUL. */
class Decoder {
  ptr = 0;
  depth = 0;
  /** Lua stack slots in use (see Encoder.slots): the argument, tables and pending keys. */
  slots = 1;
  // current token
  type = 0;
  index = 0;
  str = '';
  num = 0;
  bool = false;
  errMsg = '';
  readonly end: number;

  constructor(readonly L: LuaState, readonly data: string, readonly cfg: CjsonConfig, readonly nullUd: LuaUserdata) {
    const z = data.indexOf('\0');
    this.end = z < 0 ? data.length : z;
  }

  /** Current token type (a method so that TS does not narrow it across next()). */
  tok(): number {
    return this.type;
  }

  ch(i: number): number {
    return i < this.end ? this.data.charCodeAt(i) : 0;
  }

  setError(msg: string): void {
    this.type = T_ERROR;
    this.index = this.ptr;
    this.errMsg = msg;
  }

  /** json_is_invalid_number at ptr. */
  isInvalidNumber(): boolean {
    let p = this.ptr;
    let c = this.ch(p);
    if (c === 43) return true;
    if (c === 45) c = this.ch(++p);
    if (c === 48) {
      const c2 = this.ch(p + 1);
      return (c2 | 32) === 120 || (c2 >= 48 && c2 <= 57);
    } else if (c <= 57) return false;
    const w = this.data.slice(p, Math.min(p + 3, this.end)).toLowerCase();
    return w === 'inf' || w === 'nan';
  }

  numberToken(): void {
    this.type = T_NUMBER;
    // fast path: -?[0-9]{1,15} not followed by a fraction, exponent or hex marker
    {
      const data = this.data;
      let p = this.ptr;
      let neg = false;
      if (data.charCodeAt(p) === 45) { neg = true; p++; }
      const start = p;
      let v = 0;
      let c = p < this.end ? data.charCodeAt(p) : 0;
      while (c >= 48 && c <= 57 && p - start < 15) {
        v = v * 10 + (c - 48);
        p++;
        c = p < this.end ? data.charCodeAt(p) : 0;
      }
      if (p > start && !(c >= 48 && c <= 57) && c !== 46 && (c | 32) !== 101 && (c | 32) !== 120 &&
          (c | 32) !== 112 && !(c === 40) && !((c | 32) >= 97 && (c | 32) <= 122)) {
        this.num = neg ? -v : v;
        this.ptr = p;
        return;
      }
    }
    const r = cStrtod(this.end === this.data.length ? this.data : this.data.slice(0, this.end), this.ptr);
    if (r.end === this.ptr) this.setError('invalid number');
    else {
      this.num = r.value;
      this.ptr = r.end;
    }
  }

  stringToken(): void {
    const data = this.data;
    this.ptr++;
    let out = '';
    let run = this.ptr;
    for (;;) {
      const c = this.ch(this.ptr);
      if (c === 34) break;
      if (c === 0 && this.ptr >= this.end) {
        this.setError('unexpected end of string');
        return;
      }
      if (c === 0) { // embedded NUL cannot happen (end is the first NUL)
        this.setError('unexpected end of string');
        return;
      }
      if (c !== 92) { this.ptr++; continue; }
      if (run < this.ptr) out += data.slice(run, this.ptr);
      const esc = ESCAPE2CHAR[this.ch(this.ptr + 1)];
      if (esc === 117) {
        if (!this.unicodeEscape()) {
          this.setError('invalid unicode escape code');
          return;
        }
        out += this.str;
        run = this.ptr;
        continue;
      }
      if (esc === 0) {
        this.setError('invalid escape code');
        return;
      }
      out += String.fromCharCode(esc);
      this.ptr += 2;
      run = this.ptr;
    }
    if (run < this.ptr) out += data.slice(run, this.ptr);
    this.ptr++;
    this.type = T_STRING;
    this.str = out;
  }

  decodeHex4(p: number): number {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const d = hexdigit(this.ch(p + i));
      if (d < 0) return -1;
      v = (v << 4) | d;
    }
    return v;
  }

  /** json_append_unicode_escape: leaves the UTF-8 bytes in this.str and advances ptr. */
  unicodeEscape(): boolean {
    let cp = this.decodeHex4(this.ptr + 2);
    if (cp < 0) return false;
    let escLen = 6;
    if ((cp & 0xf800) === 0xd800) {
      if (cp & 0x400) return false;
      if (this.ch(this.ptr + 6) !== 92 || this.ch(this.ptr + 7) !== 117) return false;
      const lo = this.decodeHex4(this.ptr + 8);
      if (lo < 0) return false;
      if ((lo & 0xfc00) !== 0xdc00) return false;
      cp = (((cp & 0x3ff) << 10) | (lo & 0x3ff)) + 0x10000;
      escLen = 12;
    }
    let s: string;
    if (cp <= 0x7f) s = String.fromCharCode(cp);
    else if (cp <= 0x7ff) s = String.fromCharCode((cp >> 6) | 0xc0, (cp & 0x3f) | 0x80);
    else if (cp <= 0xffff) s = String.fromCharCode((cp >> 12) | 0xe0, ((cp >> 6) & 0x3f) | 0x80, (cp & 0x3f) | 0x80);
    else s = String.fromCharCode((cp >> 18) | 0xf0, ((cp >> 12) & 0x3f) | 0x80, ((cp >> 6) & 0x3f) | 0x80, (cp & 0x3f) | 0x80);
    this.str = s;
    this.ptr += escLen;
    return true;
  }

  startsWith(w: string): boolean {
    const p = this.ptr;
    if (p + w.length > this.end) return false;
    for (let i = 0; i < w.length; i++) if (this.data.charCodeAt(p + i) !== w.charCodeAt(i)) return false;
    return true;
  }

  next(): void {
    let c: number;
    for (;;) {
      c = this.ch(this.ptr);
      this.type = CH2TOKEN[c];
      if (this.type !== T_WHITESPACE) break;
      this.ptr++;
    }
    this.index = this.ptr;
    if (this.type === T_ERROR) { this.setError('invalid token'); return; }
    if (this.type === T_END) return;
    if (this.type !== T_UNKNOWN) { this.ptr++; return; }
    if (c === 34) { this.stringToken(); return; }
    if (c === 45 || (c >= 48 && c <= 57)) {
      if (!this.cfg.decodeInvalidNumbers && this.isInvalidNumber()) { this.setError('invalid number'); return; }
      this.numberToken();
      return;
    }
    if (this.startsWith('true')) { this.type = T_BOOLEAN; this.bool = true; this.ptr += 4; return; }
    if (this.startsWith('false')) { this.type = T_BOOLEAN; this.bool = false; this.ptr += 5; return; }
    if (this.startsWith('null')) { this.type = T_NULL; this.ptr += 4; return; }
    if (this.cfg.decodeInvalidNumbers && this.isInvalidNumber()) { this.numberToken(); return; }
    this.setError('invalid token');
  }

  throwParseError(exp: string): never {
    const found = this.type === T_ERROR ? this.errMsg : TOKEN_NAMES[this.type];
    return libError(`Expected ${exp} but found ${found} at character ${this.index + 1}`);
  }

  descend(need: number): void {
    this.depth++;
    if (this.depth > this.cfg.decodeMaxDepth || this.slots + need > 8000) {
      libError(`Found too many nested data structures (${this.depth}) at character ${this.ptr}`);
    }
  }

  /** Reads `"key" :` after an object's '{' or ','; leaves the value's first token current. */
  objectKey(): string {
    if (this.tok() !== T_STRING) this.throwParseError('object key string');
    const key = this.str;
    this.slots++;
    this.next();
    if (this.tok() !== T_COLON) this.throwParseError('colon');
    this.next();
    return key;
  }

  /**
   * json_process_value, iteratively: open containers live on an explicit stack so deep
   * input is limited by decode_max_depth / LUAI_MAXCSTACK like the C code, not by the JS
   * call stack. The current token is the value's first token.
   */
  value(): LuaValue {
    const tables: LuaTable[] = [];
    const keys: (string | number)[] = []; // object: pending key; array: next index
    const isObj: boolean[] = [];
    let v: LuaValue;
    for (;;) {
      switch (this.tok()) {
        case T_STRING: v = this.str; break;
        case T_NUMBER: v = this.num; break;
        case T_BOOLEAN: v = this.bool; break;
        case T_NULL: v = this.nullUd; break;
        case T_OBJ_BEGIN: {
          this.descend(3);
          const t = this.L.newTable();
          this.slots++;
          this.next();
          if (this.tok() === T_OBJ_END) { this.depth--; this.slots--; v = t; break; }
          const key = this.objectKey();
          tables.push(t); keys.push(key); isObj.push(true);
          continue;
        }
        case T_ARR_BEGIN: {
          this.descend(2);
          const t = this.L.newTable();
          this.slots++;
          this.next();
          if (this.tok() === T_ARR_END) { this.depth--; this.slots--; v = t; break; }
          tables.push(t); keys.push(1); isObj.push(false);
          continue;
        }
        default:
          return this.throwParseError('value');
      }
      // store v into the enclosing containers, closing those that end
      for (;;) {
        const n = tables.length;
        if (n === 0) return v;
        const t = tables[n - 1];
        if (isObj[n - 1]) {
          t.setStr(keys[n - 1] as string, v);
          this.slots--;
          this.next();
          if (this.tok() === T_OBJ_END) {
            this.depth--; this.slots--;
            v = t; tables.pop(); keys.pop(); isObj.pop();
            continue;
          }
          if (this.tok() !== T_COMMA) this.throwParseError('comma or object end');
          this.next();
          keys[n - 1] = this.objectKey();
          break;
        } else {
          const i = keys[n - 1] as number;
          t.setInt(i, v);
          this.next();
          if (this.tok() === T_ARR_END) {
            this.depth--; this.slots--;
            v = t; tables.pop(); keys.pop(); isObj.pop();
            continue;
          }
          if (this.tok() !== T_COMMA) this.throwParseError('comma or array end');
          this.next();
          keys[n - 1] = i + 1;
          break;
        }
      }
    }
  }
}

/** cjson.decode core. Raises LibError with lua-cjson's messages. */
export function jsonDecode(L: LuaState, s: string, cfg: CjsonConfig, nullUd: LuaUserdata): LuaValue {
  if (s.length >= 2 && (s.charCodeAt(0) === 0 || s.charCodeAt(1) === 0)) {
    libError('JSON parser does not support UTF-16 or UTF-32');
  }
  const d = new Decoder(L, s, cfg, nullUd);
  d.next();
  const v = d.value();
  d.next();
  if (d.tok() !== T_END) d.throwParseError('the end');
  return v;
}

/**
 * Creates a cjson module table with its own configuration (lua_cjson_new).
 * `nullUd` is the state's NULL light userdata (shared by all cjson tables of the state).
 */
export function newCjsonModule(L: LuaState, nullUd: LuaUserdata): LuaTable {
  const cfg = new CjsonConfig();

  const argInit = (L: LuaState, base: number, nargs: number, n: number): void => {
    if (nargs > n) L.argError(n, 'found too many arguments');
  };
  const arg = (L: LuaState, base: number, nargs: number, i: number): LuaValue =>
    i < nargs ? L.stack[base + i] : undefined;

  const intOption = (L: LuaState, base: number, nargs: number, i: number, get: () => number, set: (v: number) => void, min: number, max: number): void => {
    if (arg(L, base, nargs, i) !== undefined) {
      const value = checkInt32(L, base, nargs, i);
      if (!(min <= value && value <= max)) L.argError(0, `expected integer between ${min} and ${max}`);
      set(value);
    }
    L.push(get());
  };
  /** json_enum_option; `options` null = {"off","on"} with booleans. */
  const enumOption = (L: LuaState, base: number, nargs: number, i: number, get: () => number, set: (v: number) => void, options: string[] | null): void => {
    const opts = options ?? ['off', 'on'];
    const v = arg(L, base, nargs, i);
    if (v !== undefined) {
      if (typeof v === 'boolean') set(v ? 1 : 0);
      else {
        const s = L.checkString(base, nargs, i);
        const idx = opts.indexOf(s);
        if (idx < 0) L.argError(i, `invalid option '${s}'`);
        set(idx);
      }
    }
    const cur = get();
    if (cur === 0 || cur === 1) L.push(cur === 1);
    else L.push(opts[cur]);
  };

  // encode_keep_buffer: the module keeps one output buffer between calls
  let keep: ByteBuffer | null = null;
  const encode: HostFn = (L, base, nargs) => {
    if (nargs !== 1) L.argError(0, 'expected 1 argument');
    let r: string;
    try {
      let buf = keep;
      keep = null; // a nested encode (impossible today, but cheap to guard) gets its own
      if (buf === null) buf = new ByteBuffer(256);
      r = jsonEncode(L.stack[base], cfg, nullUd, buf);
      if (cfg.encodeKeepBuffer && buf.buf.length <= (4 << 20)) keep = buf;
    } catch (e) {
      raiseLib(L, e);
    }
    if (r.length >= 4096) L.checkAlloc(r.length);
    L.push(r);
    return 1;
  };
  const decode: HostFn = (L, base, nargs) => {
    if (nargs !== 1) L.argError(0, 'expected 1 argument');
    const s = L.checkString(base, nargs, 0);
    let r: LuaValue;
    try {
      r = jsonDecode(L, s, cfg, nullUd);
    } catch (e) {
      raiseLib(L, e);
    }
    L.push(r);
    return 1;
  };
  const encode_sparse_array: HostFn = (L, base, nargs) => {
    argInit(L, base, nargs, 3);
    enumOption(L, base, nargs, 0, () => cfg.encodeSparseConvert, (v) => { cfg.encodeSparseConvert = v; }, null);
    intOption(L, base, nargs, 1, () => cfg.encodeSparseRatio, (v) => { cfg.encodeSparseRatio = v; }, 0, 2147483647);
    intOption(L, base, nargs, 2, () => cfg.encodeSparseSafe, (v) => { cfg.encodeSparseSafe = v; }, 0, 2147483647);
    return 3;
  };
  const encode_max_depth: HostFn = (L, base, nargs) => {
    argInit(L, base, nargs, 1);
    intOption(L, base, nargs, 0, () => cfg.encodeMaxDepth, (v) => { cfg.encodeMaxDepth = v; }, 1, 2147483647);
    return 1;
  };
  const decode_max_depth: HostFn = (L, base, nargs) => {
    argInit(L, base, nargs, 1);
    intOption(L, base, nargs, 0, () => cfg.decodeMaxDepth, (v) => { cfg.decodeMaxDepth = v; }, 1, 2147483647);
    return 1;
  };
  const encode_number_precision: HostFn = (L, base, nargs) => {
    argInit(L, base, nargs, 1);
    intOption(L, base, nargs, 0, () => cfg.encodeNumberPrecision, (v) => { cfg.encodeNumberPrecision = v; }, 1, 14);
    return 1;
  };
  const encode_keep_buffer: HostFn = (L, base, nargs) => {
    argInit(L, base, nargs, 1);
    enumOption(L, base, nargs, 0, () => cfg.encodeKeepBuffer, (v) => { cfg.encodeKeepBuffer = v; }, null);
    return 1;
  };
  const encode_invalid_numbers: HostFn = (L, base, nargs) => {
    argInit(L, base, nargs, 1);
    enumOption(L, base, nargs, 0, () => cfg.encodeInvalidNumbers, (v) => { cfg.encodeInvalidNumbers = v; }, ['off', 'on', 'null']);
    return 1;
  };
  const decode_invalid_numbers: HostFn = (L, base, nargs) => {
    argInit(L, base, nargs, 1);
    enumOption(L, base, nargs, 0, () => cfg.decodeInvalidNumbers, (v) => { cfg.decodeInvalidNumbers = v; }, null);
    return 1;
  };
  const newFn: HostFn = (L) => {
    L.push(newCjsonModule(L, nullUd));
    return 1;
  };

  const t = L.newTable();
  L.register(t, {
    encode, decode, encode_sparse_array, encode_max_depth, decode_max_depth, encode_number_precision,
    encode_keep_buffer, encode_invalid_numbers, decode_invalid_numbers, new: newFn,
  });
  t.setStr('null', nullUd);
  t.setStr('_NAME', 'cjson');
  t.setStr('_VERSION', '2.1.0');
  return t;
}

/** Registers the global `cjson` table into `L`; returns it. */
export function openCjsonLib(L: LuaState, nullUd: LuaUserdata): LuaTable {
  const t = newCjsonModule(L, nullUd);
  L.setGlobal('cjson', t);
  return t;
}
