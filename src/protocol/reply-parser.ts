/**
 * Decoder for complete RESP2/RESP3 replies, used for in-process calls (the embedding API,
 * the scripting layer's conversion of replies to Lua values, tests).
 */

/** An error reply: its full text without the leading '-' ("ERR syntax error"). */
export class ReplyError {
  constructor(readonly message: string) {}
}

/** A RESP3 verbatim string with its 3-letter format. */
export class VerbatimString {
  constructor(readonly format: string, readonly text: string) {}
}

/**
 * A decoded reply. Bulk and simple strings are one-byte strings; integers are numbers
 * (bigint when beyond 2^53); doubles are numbers tagged by {@link ReplyDouble}; null is
 * null; booleans are booleans; maps are `Map`s; sets are `Set`s; arrays and pushes are arrays.
 */
export type ReplyValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | ReplyError
  | ReplyDouble
  | VerbatimString
  | ReplyValue[]
  | Map<ReplyValue, ReplyValue>
  | Set<ReplyValue>;

/** A RESP3 double (kept apart from integers so conversions can tell them apart). */
export class ReplyDouble {
  constructor(readonly value: number) {}
}

/**
 * Decodes one reply starting at `pos` of `s` (one-byte string).
 * @returns the value and the position after it.
 * @throws Error on malformed or truncated input.
 */
export function decodeReply(s: string, pos = 0): [ReplyValue, number] {
  const t = s.charCodeAt(pos);
  const eol = s.indexOf('\r\n', pos);
  if (eol < 0) throw new Error('truncated reply');
  const line = s.slice(pos + 1, eol);
  let p = eol + 2;
  switch (t) {
    case 43: // +
      return [line, p];
    case 45: // -
      return [new ReplyError(line), p];
    case 58: { // :
      const n = Number(line);
      return [Number.isSafeInteger(n) ? n : BigInt(line), p];
    }
    case 36: { // $
      const len = parseInt(line, 10);
      if (len < 0) return [null, p];
      return [s.slice(p, p + len), p + len + 2];
    }
    case 61: { // = verbatim
      const len = parseInt(line, 10);
      const body = s.slice(p, p + len);
      return [new VerbatimString(body.slice(0, 3), body.slice(4)), p + len + 2];
    }
    case 95: // _
      return [null, p];
    case 35: // #
      return [line === 't', p];
    case 44: { // ,
      const v = line === 'inf' ? Infinity : line === '-inf' ? -Infinity : line === 'nan' ? NaN : Number(line);
      return [new ReplyDouble(v), p];
    }
    case 40: // ( big number
      return [BigInt(line), p];
    case 42: // *
    case 62: // > push
    case 126: { // ~ set
      const n = parseInt(line, 10);
      if (n < 0) return [null, p];
      const arr: ReplyValue[] = [];
      for (let i = 0; i < n; i++) {
        const [v, np] = decodeReply(s, p);
        arr.push(v);
        p = np;
      }
      return [t === 126 ? new Set(arr) : arr, p];
    }
    case 37: { // % map
      const n = parseInt(line, 10);
      const m = new Map<ReplyValue, ReplyValue>();
      for (let i = 0; i < n; i++) {
        const [k, p1] = decodeReply(s, p);
        const [v, p2] = decodeReply(s, p1);
        m.set(k, v);
        p = p2;
      }
      return [m, p];
    }
    case 124: { // | attribute: skip it, return the value that follows
      const n = parseInt(line, 10);
      for (let i = 0; i < 2 * n; i++) p = decodeReply(s, p)[1];
      return decodeReply(s, p);
    }
    default:
      throw new Error('bad reply type byte ' + t);
  }
}
