/**
 * Keyspace notification classes and the `notify-keyspace-events` string codec
 * (Redis notify.c: keyspaceEventsStringToFlags / keyspaceEventsFlagsToString).
 */

/** K: keyspace events, published on `__keyspace@<db>__:<key>`. */
export const NOTIFY_KEYSPACE = 1 << 0;
/** E: keyevent events, published on `__keyevent@<db>__:<event>`. */
export const NOTIFY_KEYEVENT = 1 << 1;
/** g: generic commands (DEL, EXPIRE, RENAME, ...). */
export const NOTIFY_GENERIC = 1 << 2;
/** $: string commands. */
export const NOTIFY_STRING = 1 << 3;
/** l: list commands. */
export const NOTIFY_LIST = 1 << 4;
/** s: set commands. */
export const NOTIFY_SET = 1 << 5;
/** h: hash commands. */
export const NOTIFY_HASH = 1 << 6;
/** z: sorted set commands. */
export const NOTIFY_ZSET = 1 << 7;
/** x: expired events. */
export const NOTIFY_EXPIRED = 1 << 8;
/** e: evicted events. */
export const NOTIFY_EVICTED = 1 << 9;
/** t: stream commands. */
export const NOTIFY_STREAM = 1 << 10;
/** m: key-miss events (not included in A). */
export const NOTIFY_KEY_MISS = 1 << 11;
/** d: module key type events. */
export const NOTIFY_LOADED = 1 << 12;
/** d: module key type events. */
export const NOTIFY_MODULE = 1 << 13;
/** n: new key events (not included in A). */
export const NOTIFY_NEW = 1 << 14;
/** A: alias for "g$lshzxetd". */
export const NOTIFY_ALL =
  NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH | NOTIFY_ZSET | NOTIFY_EXPIRED | NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE;

/**
 * Parses a `notify-keyspace-events` value into flags.
 * @returns the flags, or -1 when the string has a character Redis does not accept.
 */
export function keyspaceEventsStringToFlags(s: string): number {
  let flags = 0;
  for (let i = 0; i < s.length; i++) {
    switch (s[i]) {
      case 'A': flags |= NOTIFY_ALL; break;
      case 'g': flags |= NOTIFY_GENERIC; break;
      case '$': flags |= NOTIFY_STRING; break;
      case 'l': flags |= NOTIFY_LIST; break;
      case 's': flags |= NOTIFY_SET; break;
      case 'h': flags |= NOTIFY_HASH; break;
      case 'z': flags |= NOTIFY_ZSET; break;
      case 'x': flags |= NOTIFY_EXPIRED; break;
      case 'e': flags |= NOTIFY_EVICTED; break;
      case 'K': flags |= NOTIFY_KEYSPACE; break;
      case 'E': flags |= NOTIFY_KEYEVENT; break;
      case 't': flags |= NOTIFY_STREAM; break;
      case 'm': flags |= NOTIFY_KEY_MISS; break;
      case 'd': flags |= NOTIFY_MODULE; break;
      case 'n': flags |= NOTIFY_NEW; break;
      default: return -1;
    }
  }
  return flags;
}

/** Formats flags back into the canonical string CONFIG GET reports (Redis's order). */
export function keyspaceEventsFlagsToString(flags: number): string {
  let res = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) {
    res += 'A';
  } else {
    if (flags & NOTIFY_GENERIC) res += 'g';
    if (flags & NOTIFY_STRING) res += '$';
    if (flags & NOTIFY_LIST) res += 'l';
    if (flags & NOTIFY_SET) res += 's';
    if (flags & NOTIFY_HASH) res += 'h';
    if (flags & NOTIFY_ZSET) res += 'z';
    if (flags & NOTIFY_EXPIRED) res += 'x';
    if (flags & NOTIFY_EVICTED) res += 'e';
    if (flags & NOTIFY_STREAM) res += 't';
    if (flags & NOTIFY_MODULE) res += 'd';
    // As Redis's notify.c: 'n' is printed only here, so with 'A' it is not shown (though set).
    if (flags & NOTIFY_NEW) res += 'n';
  }
  if (flags & NOTIFY_KEYSPACE) res += 'K';
  if (flags & NOTIFY_KEYEVENT) res += 'E';
  if (flags & NOTIFY_KEY_MISS) res += 'm';
  return res;
}
