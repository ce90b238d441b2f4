/**
 * Streaming RESP request parser, following Redis's networking.c
 * (processInputBuffer / processMultibulkBuffer / processInlineBuffer).
 *
 * Feed it socket chunks with {@link RequestParser.feed}, then call
 * {@link RequestParser.next} until it returns null. Each non-null result is one command's
 * argv as one-byte (latin1) strings. A protocol error makes `next` return null with
 * {@link RequestParser.error} set to Redis's exact error text (without the leading "-ERR ");
 * the caller replies with it and closes the connection, as Redis does.
 */

/** Redis PROTO_INLINE_MAX_SIZE: the longest inline request / count line (bytes). */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
/** Redis PROTO_MBULK_BIG_ARG: bulk arguments at least this long are read straight into their own buffer. */
export const PROTO_MBULK_BIG_ARG = 32 * 1024;
/** Most commands {@link RequestParser.parseAhead} queues at once. */
export const PARSE_AHEAD_MAX = 32;

import { latin1Short, LATIN1_SHORT_MAX } from './latin1.js';

const CR = 13;
const LF = 10;
const EMPTY = Buffer.alloc(0);

/** Parser limits (bytes), mirroring the config values of the same names. */
export interface ParserLimits {
  /** `proto-max-bulk-len`: the largest bulk argument accepted (bytes). */
  protoMaxBulkLen: number;
}

/**
 * One connection's request parser state. Shape is kept monomorphic: all fields are set in
 * the constructor.
 */
export class RequestParser {
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Remaining arguments of the multibulk being read; 0 when between commands. */
  private multibulklen = 0;
  /** Length of the bulk being read, or -1 when its "$len" line is still unread. */
  private bulklen = -1;
  private argv: string[] = [];
  /** Buffer for a big argument being filled in place (avoids re-concatenation). */
  private bigArg: Buffer | null = null;
  private bigArgFill = 0;
  /** The protocol error text (e.g. "Protocol error: invalid bulk length") once one happened. */
  error: string | null = null;
  /** Limits; changed live when CONFIG SET changes them. */
  limits: ParserLimits;
  /**
   * When true the unauthenticated limits apply (multibulk count > 10 or bulk > 16384 is a
   * protocol error), as Redis does while `authRequired(c)`.
   */
  authRequired = false;

  /**
   * Commands parsed by {@link parseAhead} and not yet returned by {@link next}: entries
   * [aheadPos, aheadLen); the others hold EMPTY_ARGV (nothing is kept alive). Their bytes
   * stay counted in {@link pendingBytes}.
   */
  private readonly ahead: string[][] = new Array<string[]>(PARSE_AHEAD_MAX).fill(EMPTY_ARGV);
  private aheadPos = 0;
  private aheadLen = 0;
  /** Bytes each queued command took in the input, parallel to `ahead`. */
  private readonly aheadSize = new Int32Array(PARSE_AHEAD_MAX);
  /** Sum of `aheadSize` over the queued commands. */
  private aheadBytes = 0;
  /**
   * Per queued command, a key whose dict hash the caller already computed: `2i` = its argv
   * index (0: none), `2i + 1` = the hash (see {@link setKeyHash}).
   */
  private readonly aheadKeyHash = new Int32Array(PARSE_AHEAD_MAX * 2);
  /**
   * Whether the last command parsed may change how the next ones must be parsed: RESET (the
   * unauthenticated limits may apply again) or CONFIG (proto-max-bulk-len). See
   * {@link parseAhead}.
   */
  private lastWasBarrier = false;

  constructor(limits: ParserLimits) {
    this.limits = limits;
  }

  /**
   * Bytes received but not yet executed (Redis's querybuf length, `qbuf`): the unparsed
   * input plus the commands parsed ahead and still queued.
   */
  get pendingBytes(): number {
    return this.buf.length - this.pos + this.bigArgFill + this.aheadBytes;
  }

  /** Number of commands parsed ahead and not yet returned by {@link next}. */
  get queued(): number {
    return this.aheadLen - this.aheadPos;
  }

  /**
   * Commands parsed ahead, for a caller that looks at what comes before running it:
   * entries [{@link queuedFrom}, queuedFrom + {@link queued}); the others are empty arrays.
   * Read-only.
   */
  get queuedCommands(): readonly (readonly string[])[] {
    return this.ahead;
  }

  /** Index in {@link queuedCommands} of the next command {@link next} returns. */
  get queuedFrom(): number {
    return this.aheadPos;
  }

  /**
   * Notes, for queued command `i` (an index in {@link queuedCommands}), that its argument
   * `arg` (> 0) hashes to `hash` (Dict's dictHash), for the caller to reuse when it runs it.
   */
  setKeyHash(i: number, arg: number, hash: number): void {
    this.aheadKeyHash[2 * i] = arg;
    this.aheadKeyHash[2 * i + 1] = hash;
  }

  /** The argument index noted by {@link setKeyHash} for queued command `i`, 0 when none. */
  keyHashArg(i: number): number {
    return this.aheadKeyHash[2 * i];
  }

  /** The hash noted by {@link setKeyHash} for queued command `i`. */
  keyHash(i: number): number {
    return this.aheadKeyHash[2 * i + 1];
  }

  /** True when unparsed input is buffered (more of a pipeline may follow). */
  get hasInput(): boolean {
    return this.pos < this.buf.length;
  }

  /**
   * Parses up to `max` (at most PARSE_AHEAD_MAX) complete commands out of the input into
   * the queue that {@link next} drains first, so that the caller can see a pipeline's
   * commands before running them (to warm the caches for their keys). Parses nothing while
   * commands are still queued, while `authRequired` (the limits change once AUTH succeeds),
   * or right after parsing a RESET or a CONFIG (which may change them), and stops after one.
   * A protocol error stops it too: `error` is set, and {@link next} returns the commands
   * queued before it, then null.
   * @returns the number of commands queued.
   */
  parseAhead(max: number): number {
    if (this.aheadPos < this.aheadLen) return this.aheadLen - this.aheadPos;
    this.aheadPos = 0;
    this.aheadLen = 0;
    if (this.authRequired || this.lastWasBarrier) return 0;
    const limit = max < PARSE_AHEAD_MAX ? max : PARSE_AHEAD_MAX;
    const ahead = this.ahead;
    const sizes = this.aheadSize;
    let n = 0;
    let bytes = 0;
    while (n < limit) {
      const before = this.buf.length - this.pos + this.bigArgFill;
      const argv = this.parseOne();
      if (argv === null) break;
      const size = before - (this.buf.length - this.pos + this.bigArgFill);
      sizes[n] = size;
      this.aheadKeyHash[2 * n] = 0;
      bytes += size;
      ahead[n++] = argv;
      if (this.lastWasBarrier) break;
    }
    this.aheadLen = n;
    this.aheadBytes = bytes;
    return n;
  }

  /** Appends a chunk read from the socket. */
  feed(chunk: Buffer): void {
    if (this.bigArg !== null) {
      // Copy straight into the big argument; the rest (if any) becomes the new buffer.
      const need = this.bigArg.length - this.bigArgFill;
      const n = Math.min(need, chunk.length);
      chunk.copy(this.bigArg, this.bigArgFill, 0, n);
      this.bigArgFill += n;
      if (n < chunk.length) this.appendBuf(chunk.subarray(n));
      return;
    }
    this.appendBuf(chunk);
  }

  /**
   * Stops the parser from referencing `shared` (a read buffer the caller is about to
   * reuse): the unparsed bytes, if they live in it, are copied into a buffer of their own.
   * Called after each read has been processed.
   */
  detachInput(shared: Buffer): void {
    const buf = this.buf;
    if (buf.buffer !== shared.buffer || buf === EMPTY) return;
    if (this.pos >= buf.length) {
      this.buf = EMPTY;
      this.pos = 0;
    } else {
      this.buf = Buffer.from(buf.subarray(this.pos));
      this.pos = 0;
    }
  }

  private appendBuf(chunk: Buffer): void {
    if (this.pos >= this.buf.length) {
      this.buf = chunk;
      this.pos = 0;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
      this.pos = 0;
    }
  }

  /**
   * Returns the next complete command's argv, an empty array for a request that carries no
   * command (an empty inline line or `*0`), or null when more input is needed or a protocol
   * error occurred (then `error` is set and parsing stops for good).
   */
  next(): string[] | null {
    if (this.aheadPos < this.aheadLen) {
      const i = this.aheadPos++;
      this.aheadBytes -= this.aheadSize[i];
      const argv = this.ahead[i];
      this.ahead[i] = EMPTY_ARGV;
      return argv;
    }
    return this.parseOne();
  }

  /** Parses the next command out of the input; see {@link next}. */
  private parseOne(): string[] | null {
    const argv = this.parseCommand();
    if (argv !== null) this.lastWasBarrier = argv.length !== 0 && isAheadBarrier(argv[0]);
    return argv;
  }

  /** The parse behind {@link parseOne}. */
  private parseCommand(): string[] | null {
    if (this.error !== null) return null;
    if (this.multibulklen === 0 && this.bigArg === null) {
      if (this.pos >= this.buf.length) return null;
      if (this.buf[this.pos] !== 42 /* '*' */) return this.parseInline();
      // Read the multibulk count line.
      const buf = this.buf;
      const nl = findCR(buf, this.pos + 1);
      if (nl < 0) {
        if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail('Protocol error: too big mbulk count string');
        return null;
      }
      if (nl + 1 >= buf.length) return null; // need the \n too
      const ll = parseLL(buf, this.pos + 1, nl);
      if (ll === null || ll > 2147483647) return this.fail('Protocol error: invalid multibulk length');
      if (ll > 10 && this.authRequired) return this.fail('Protocol error: unauthenticated multibulk length');
      this.pos = nl + 2;
      if (ll <= 0) return EMPTY_ARGV;
      this.multibulklen = ll;
      this.argv = [];
      this.bulklen = -1;
    }
    return this.parseMultibulk();
  }

  private parseMultibulk(): string[] | null {
    while (this.multibulklen > 0) {
      if (this.bigArg !== null) {
        if (this.bigArgFill < this.bigArg.length) return null;
        // bigArg holds the payload plus the trailing CRLF (not checked, as in Redis).
        this.argv.push(this.bigArg.latin1Slice(0, this.bigArg.length - 2));
        this.bigArg = null;
        this.bigArgFill = 0;
        this.bulklen = -1;
        this.multibulklen--;
        continue;
      }
      const buf = this.buf;
      if (this.bulklen === -1) {
        // Fast path: "$<len>\r\n<payload>\r\n" wholly in the buffer, with a plain length
        // (no sign, no leading zero, under PROTO_MBULK_BIG_ARG and every limit): one pass
        // over the digits instead of a CR search then a number parse. Anything else takes
        // the general path below, which gives the exact errors.
        const p = this.pos;
        if (buf[p] === 36 /* '$' */) {
          let q = p + 1;
          let c = buf[q];
          let ll = 0;
          if (c === 48) {
            q++;
          } else {
            while (c >= 48 && c <= 57 && ll < PROTO_MBULK_BIG_ARG) {
              ll = ll * 10 + (c - 48);
              c = buf[++q];
            }
          }
          // As Redis, the byte after the CR is skipped unchecked.
          if (buf[q] === CR && q > p + 1 && ll < PROTO_MBULK_BIG_ARG && ll <= this.limits.protoMaxBulkLen && (ll <= 16384 || !this.authRequired)) {
            const start = q + 2;
            if (buf.length - start >= ll + 2) {
              this.argv.push(argString(buf, start, ll, this.argv.length === 0));
              this.pos = start + ll + 2;
              this.multibulklen--;
              continue;
            }
          }
        }
        const nl = findCR(buf, this.pos);
        if (nl < 0) {
          if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail('Protocol error: too big bulk count string');
          return null;
        }
        if (nl + 1 >= buf.length) return null;
        if (buf[this.pos] !== 36 /* '$' */) {
          return this.fail("Protocol error: expected '$', got '" + String.fromCharCode(buf[this.pos]) + "'");
        }
        const ll = parseLL(buf, this.pos + 1, nl);
        if (ll === null || ll < 0 || ll > this.limits.protoMaxBulkLen) return this.fail('Protocol error: invalid bulk length');
        if (ll > 16384 && this.authRequired) return this.fail('Protocol error: unauthenticated bulk length');
        this.pos = nl + 2;
        this.bulklen = ll;
        if (ll >= PROTO_MBULK_BIG_ARG && buf.length - this.pos < ll + 2) {
          // Big argument: read it into its own buffer as it arrives.
          const big = Buffer.allocUnsafe(ll + 2);
          const avail = buf.length - this.pos;
          buf.copy(big, 0, this.pos, buf.length);
          this.bigArg = big;
          this.bigArgFill = avail;
          this.buf = EMPTY;
          this.pos = 0;
          continue;
        }
      }
      const bl = this.bulklen;
      if (buf.length - this.pos < bl + 2) return null;
      this.argv.push(argString(buf, this.pos, bl, this.argv.length === 0));
      this.pos += bl + 2;
      this.bulklen = -1;
      this.multibulklen--;
    }
    const argv = this.argv;
    this.argv = [];
    return argv;
  }

  private parseInline(): string[] | null {
    const buf = this.buf;
    let nl = buf.indexOf(LF, this.pos);
    // Redis finds the newline with strchr(): a NUL byte before it ends the search, and the
    // request stays incomplete (until the inline size limit).
    if (nl >= 0) {
      const z = buf.indexOf(0, this.pos);
      if (z >= 0 && z < nl) nl = -1;
    }
    if (nl < 0) {
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return this.fail('Protocol error: too big inline request');
      return null;
    }
    const next = nl + 1;
    if (nl !== this.pos && buf[nl - 1] === CR) nl--;
    const line = buf.latin1Slice(this.pos, nl);
    const argv = splitArgs(line);
    if (argv === null) return this.fail('Protocol error: unbalanced quotes in request');
    this.pos = next;
    return argv;
  }

  private fail(msg: string): null {
    this.error = msg;
    return null;
  }
}

const EMPTY_ARGV: string[] = [];

/**
 * True when `name` is RESET or CONFIG in any letter case: commands after which the parser's
 * limits may differ (see RequestParser.parseAhead).
 */
function isAheadBarrier(name: string): boolean {
  const n = name.length;
  if (n === 5) return name.toLowerCase() === 'reset';
  if (n === 6) return name.toLowerCase() === 'config';
  return false;
}

/**
 * Argument bytes [pos, pos + len) of `buf` as a one-byte string. The command name (`first`)
 * repeats from request to request and comes from the name cache (no native call, and its
 * hash is already computed for the command table lookup); other short arguments are built
 * by latin1Short, long ones by latin1Slice.
 */
function argString(buf: Buffer, pos: number, len: number, first: boolean): string {
  if (first && len <= NAME_CACHE_MAX_LEN) return cachedName(buf, pos, len);
  return len <= LATIN1_SHORT_MAX ? latin1Short(buf, pos, len) : buf.latin1Slice(pos, pos + len);
}

/** Longest first argument (command name) kept in the name cache, bytes. */
const NAME_CACHE_MAX_LEN = 24;
/** Name cache slots (a power of two). */
const NAME_CACHE_SIZE = 256;
/**
 * Strings of the name cache, by slot; '' = empty. Shared by every parser of the process:
 * a pure memo of immutable strings, so sharing it between servers changes nothing they
 * can observe (the one exception to "no module-level mutable state").
 */
const nameCacheStr: string[] = new Array<string>(NAME_CACHE_SIZE).fill('');

/**
 * The latin1 string of bytes [pos, pos + len) of `buf`, taken from a small direct-mapped
 * cache of first arguments when the same bytes were seen before (exact bytes: "get" and
 * "GET" are different entries, as argv keeps the client's spelling).
 */
function cachedName(buf: Buffer, pos: number, len: number): string {
  let h = len;
  for (let i = 0; i < len; i++) h = (Math.imul(h, 31) + buf[pos + i]) | 0;
  const slot = (h ^ (h >>> 8)) & (NAME_CACHE_SIZE - 1);
  const hit = nameCacheStr[slot];
  if (hit.length === len && len > 0) {
    let i = 0;
    while (i < len && hit.charCodeAt(i) === buf[pos + i]) i++;
    if (i === len) return hit;
  }
  const s = buf.latin1Slice(pos, pos + len);
  nameCacheStr[slot] = s;
  return s;
}

/**
 * Position of the first CR at or after `from`, or -1. Count lines ("$3", "*2") are a few
 * bytes long: a JS loop beats Buffer.indexOf's wrapper and native call there; long
 * scans (a line still incomplete) hand over to indexOf.
 */
function findCR(buf: Buffer, from: number): number {
  const len = buf.length;
  const stop = from + 24 < len ? from + 24 : len;
  for (let i = from; i < stop; i++) {
    const b = buf[i];
    if (b === CR) return i;
    if (b === 0) return -1; // strchr() semantics, as Redis: a NUL ends the search
  }
  if (stop >= len) return -1;
  const cr = buf.indexOf(CR, stop);
  if (cr < 0) return -1;
  const z = buf.indexOf(0, stop);
  return z >= 0 && z < cr ? -1 : cr;
}

/** Redis string2ll over bytes [start, end) of `buf`; null when not a strict int64. */
function parseLL(buf: Buffer, start: number, end: number): number | null {
  const len = end - start;
  if (len <= 0 || len > 20) return null;
  let i = start;
  let neg = false;
  if (len === 1 && buf[i] === 48) return 0;
  if (buf[i] === 45) {
    neg = true;
    i++;
    if (i === end) return null;
  }
  if (buf[i] < 49 || buf[i] > 57) return null;
  let v = 0;
  for (; i < end; i++) {
    const c = buf[i];
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  if (end - start >= 19) {
    // Near 2^63 a double rounds: decide the range exactly, as string2ll does.
    const b = BigInt(buf.latin1Slice(start, end));
    if (b > 9223372036854775807n || b < -9223372036854775808n) return null;
  }
  return neg ? -v : v;
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return c - 55;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 11 || c === 12 || c === 13;
}

/**
 * Splits an inline request line into arguments as Redis's `sdssplitargs` does: spaces
 * separate arguments; "double quotes" understand \n \r \t \b \a \\ \" and \xHH; 'single
 * quotes' understand \'; a closing quote must be followed by a space or the end.
 *
 * @returns the arguments, or null for unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  const n = line.length;
  let p = 0;
  for (;;) {
    while (p < n && isSpace(line.charCodeAt(p))) p++;
    if (p >= n) return out;
    let inq = false; // inside "double quotes"
    let insq = false; // inside 'single quotes'
    let done = false;
    let cur = '';
    while (!done) {
      if (inq) {
        if (p >= n) return null;
        const c = line.charCodeAt(p);
        if (c === 92 /* \ */ && p + 3 < n && line.charCodeAt(p + 1) === 120 /* x */ && isHexDigit(line.charCodeAt(p + 2)) && isHexDigit(line.charCodeAt(p + 3))) {
          cur += String.fromCharCode(hexVal(line.charCodeAt(p + 2)) * 16 + hexVal(line.charCodeAt(p + 3)));
          p += 3;
        } else if (c === 92 && p + 1 < n) {
          p++;
          const e = line[p];
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === 34 /* " */) {
          if (p + 1 < n && !isSpace(line.charCodeAt(p + 1))) return null;
          done = true;
        } else {
          cur += line[p];
        }
      } else if (insq) {
        if (p >= n) return null;
        const c = line.charCodeAt(p);
        if (c === 92 && p + 1 < n && line.charCodeAt(p + 1) === 39 /* ' */) {
          p++;
          cur += "'";
        } else if (c === 39) {
          if (p + 1 < n && !isSpace(line.charCodeAt(p + 1))) return null;
          done = true;
        } else {
          cur += line[p];
        }
      } else {
        if (p >= n) {
          done = true;
          break;
        }
        const c = line.charCodeAt(p);
        if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0) {
          done = true;
        } else if (c === 34) {
          inq = true;
        } else if (c === 39) {
          insq = true;
        } else {
          cur += line[p];
        }
      }
      if (p < n) p++;
    }
    out.push(cur);
  }
}
