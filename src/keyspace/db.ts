/**
 * RedisDb: one logical database (SELECT index), following Redis's db.c.
 *
 * `dict` maps keys to values; `expires` maps keys that have a TTL to their absolute
 * expiry time in Unix milliseconds. Expiry is lazy on access (expireIfNeeded) and active
 * in the server cron (see activeExpireCycle in expire.ts).
 */
import { Dict } from './dict.js';
import type { RedisValue } from './object.js';
import type { RedisServer } from '../server/server.js';
import type { Client } from '../server/client.js';
import { NOTIFY_GENERIC, NOTIFY_EXPIRED, NOTIFY_KEY_MISS, NOTIFY_NEW } from './notify.js';

/** Redis LFU_INIT_VAL: the counter of a new key under an LFU policy. */
export const LFU_INIT_VAL = 5;
/** Redis LRU_CLOCK_MAX: the LRU clock is 24 bits of seconds. */
export const LRU_CLOCK_MAX = (1 << 24) - 1;

/** Redis `LFUGetTimeInMinutes`: Unix minutes, 16 bits wrapped. */
export function lfuTimeInMinutes(nowMs: number): number {
  return Math.floor(nowMs / 60000) & 65535;
}

/** Redis `LFUTimeElapsed`: minutes since `ldt`, accounting for the 16-bit wrap. */
export function lfuTimeElapsed(ldt: number, nowMs: number): number {
  const now = lfuTimeInMinutes(nowMs);
  return now >= ldt ? now - ldt : 65535 - ldt + now;
}

/**
 * Redis `LFULogIncr`: increments an 8-bit LFU counter with probability
 * 1 / ((counter - LFU_INIT_VAL) * lfu-log-factor + 1), saturating at 255.
 */
export function lfuLogIncr(counter: number, logFactor: number): number {
  if (counter === 255) return 255;
  const r = Math.random();
  let baseval = counter - LFU_INIT_VAL;
  if (baseval < 0) baseval = 0;
  const p = 1.0 / (baseval * logFactor + 1);
  return r < p ? counter + 1 : counter;
}

/**
 * Redis `LFUDecrAndReturn`: the LFU counter held in a 24-bit `lru` field
 * ((minutes << 8) | counter), decremented by one per `lfu-decay-time` minutes elapsed since
 * the last access. Does not store the result.
 */
export function lfuDecrAndReturn(lru: number, decayTime: number, nowMs: number): number {
  const ldt = lru >>> 8;
  const counter = lru & 255;
  const periods = decayTime !== 0 ? Math.floor(lfuTimeElapsed(ldt, nowMs) / decayTime) : 0;
  if (periods !== 0) return periods > counter ? 0 : counter - periods;
  return counter;
}

/** Redis `estimateObjectIdleTime` in seconds for an LRU clock value (24-bit seconds). */
export function estimateIdleSeconds(lru: number, lruClock: number): number {
  return lruClock >= lru ? lruClock - lru : lruClock + (LRU_CLOCK_MAX - lru);
}

/** Largest expire time kept exactly in the `expires` dict (larger ones also go to `bigExpires`). */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** lookupKey flags (Redis LOOKUP_*). */
export const LOOKUP_NONE = 0;
/** Do not update the key's access time (OBJECT, TYPE-style introspection, CLIENT NO-TOUCH). */
export const LOOKUP_NOTOUCH = 1 << 0;
/** Do not fire keyspace notifications for misses. */
export const LOOKUP_NONOTIFY = 1 << 1;
/** Do not count keyspace hits/misses. */
export const LOOKUP_NOSTATS = 1 << 2;
/** The lookup is for a write: do not count stats. */
export const LOOKUP_WRITE = 1 << 3;
/** Do not delete an expired key (used while a script is read-only or on replicas). */
export const LOOKUP_NOEXPIRE = 1 << 4;

/** One logical database. */
export class RedisDb {
  /** Database index (SELECT n). */
  readonly id: number;
  /** The owning server. */
  readonly server: RedisServer;
  /** key -> value (Redis `db->dict`), with a per-key LRU clock. */
  dict: Dict<RedisValue> = new Dict<RedisValue>(true);
  /** key -> absolute expiry time, Unix ms (Redis `db->expires`). */
  expires: Dict<number> = new Dict<number>(false);
  /** key -> clients WATCHing it (Redis `db->watched_keys`). */
  watchedKeys: Map<string, Client[]> = new Map();
  /** key -> clients blocked on it, in arrival order (Redis `db->blocking_keys`). */
  blockingKeys: Map<string, Client[]> = new Map();
  /** Average TTL of keys sampled by the active expire cycle (ms), for INFO keyspace. */
  avgTtl = 0;
  /** Active-expire scan position in `expires` (slot cursor, see Dict.scan). */
  expiresCursor = 0;
  /**
   * Exact expire times beyond 2^53 ms (int64 values a client may set with PEXPIREAT), by key.
   * `expires` holds their nearest double; an entry here is valid only while `expires` still
   * holds that same double for the key (so a stale entry left by a flush is harmless).
   */
  bigExpires: Map<string, bigint> | null = null;

  constructor(server: RedisServer, id: number) {
    this.server = server;
    this.id = id;
  }

  /**
   * Looks a key up for reading or writing (Redis `lookupKey`), deleting it first when its
   * TTL has passed. Updates the access clock unless LOOKUP_NOTOUCH or the client has
   * CLIENT NO-TOUCH on (the LRU clock, or under an LFU maxmemory-policy the LFU counter:
   * decayed by lfu-decay-time, then logarithmically incremented with lfu-log-factor, as
   * Redis's `updateLFU`), counts keyspace hits/misses unless LOOKUP_NOSTATS/WRITE, and fires
   * the "keymiss" event on a miss unless LOOKUP_NONOTIFY/WRITE.
   * @returns the value, or undefined when the key does not exist (or just expired).
   */
  lookupKey(key: string, flags: number): RedisValue | undefined {
    const dict = this.dict;
    let slot = dict.slotOf(key);
    if (slot >= 0 && this.expires.size > 0 && this.expireIfNeeded(key, flags)) slot = -1;
    const server = this.server;
    if (slot >= 0) {
      if ((flags & LOOKUP_NOTOUCH) === 0 && !server.currentClientNoTouch()) {
        const lru = dict.lru!;
        if (this.lfuPolicy()) {
          const cfg = server.config;
          const now = Date.now();
          const counter = lfuLogIncr(lfuDecrAndReturn(lru[slot], cfg.getNumber('lfu-decay-time'), now), cfg.getNumber('lfu-log-factor'));
          lru[slot] = (lfuTimeInMinutes(now) << 8) | counter;
        } else {
          lru[slot] = server.lruClock;
        }
      }
      if ((flags & (LOOKUP_NOSTATS | LOOKUP_WRITE)) === 0) server.stats.keyspaceHits++;
      return dict.vals[slot];
    }
    if ((flags & (LOOKUP_NONOTIFY | LOOKUP_WRITE)) === 0) server.notifyKeyspaceEvent(NOTIFY_KEY_MISS, 'keymiss', key, this.id);
    if ((flags & (LOOKUP_NOSTATS | LOOKUP_WRITE)) === 0) server.stats.keyspaceMisses++;
    return undefined;
  }

  /** True when `maxmemory-policy` is an LFU policy (Redis `MAXMEMORY_FLAG_LFU`): `lru` then holds LFU data. */
  lfuPolicy(): boolean {
    return this.server.lfuPolicy;
  }

  /**
   * The access-clock value a freshly created value gets (Redis `createObject`): the LRU clock,
   * or (minutes << 8) | LFU_INIT_VAL under an LFU policy.
   */
  newLru(): number {
    return this.lfuPolicy() ? (lfuTimeInMinutes(Date.now()) << 8) | LFU_INIT_VAL : this.server.lruClock;
  }

  /** The raw access clock of an existing key (LRU seconds or LFU data), or -1 when absent. */
  getLru(key: string): number {
    const slot = this.dict.slotOf(key);
    return slot < 0 ? -1 : this.dict.lru![slot];
  }

  /** Sets the raw access clock of an existing key (RENAME/MOVE keep the object's clock). */
  setLru(key: string, lru: number): void {
    const slot = this.dict.slotOf(key);
    if (slot >= 0) this.dict.lru![slot] = lru;
  }

  /** Lookup for a read command (Redis `lookupKeyRead`). */
  lookupKeyRead(key: string): RedisValue | undefined {
    return this.lookupKey(key, LOOKUP_NONE);
  }

  /** Lookup for a write command (Redis `lookupKeyWrite`): no hit/miss stats. */
  lookupKeyWrite(key: string): RedisValue | undefined {
    this.server.beforeKeyWrite?.(this, key);
    return this.lookupKey(key, LOOKUP_WRITE);
  }

  /**
   * True when the key exists and has not expired (Redis `dbExists` after an expiry check): an
   * expired key is deleted; no access-time update, no hit/miss stats, no keymiss event.
   */
  exists(key: string): boolean {
    return this.lookupKey(key, LOOKUP_NOTOUCH | LOOKUP_NOSTATS | LOOKUP_NONOTIFY) !== undefined;
  }

  /**
   * Adds a new key (Redis `dbAdd`). The caller guarantees the key does not exist.
   * Signals blocked clients waiting on the key and fires the "new" keyspace event.
   * @param lru the access clock to give the key (a moved object keeps its own), or -1 for a
   *   new object's (see {@link newLru}).
   */
  dbAdd(key: string, val: RedisValue, lru = -1): void {
    const dict = this.dict;
    dict.set(key, val);
    dict.lru![dict.slotOf(key)] = lru >= 0 ? lru : this.newLru();
    if (this.blockingKeys.size > 0) this.server.signalKeyAsReady(this, key);
    this.server.notifyKeyspaceEvent(NOTIFY_NEW, 'new', key, this.id);
  }

  /**
   * Replaces the value of an existing key, keeping its TTL (Redis `dbOverwrite` /
   * `dbSetValue`): the new value gets a new object's LRU clock, while under an LFU policy
   * the key keeps its LFU counter, as Redis does.
   */
  dbOverwrite(key: string, val: RedisValue): void {
    const dict = this.dict;
    const slot = dict.slotOf(key);
    if (slot < 0) {
      this.dbAdd(key, val);
      return;
    }
    dict.vals[slot] = val;
    if (!this.lfuPolicy()) dict.lru![slot] = this.server.lruClock;
  }

  /**
   * High-level set (Redis `setKey`): adds or overwrites, removes the TTL unless `keepTtl`,
   * and signals the key as modified (WATCH, client tracking) unless `signal` is false.
   * A key whose TTL already passed is deleted first (as Redis's `lookupKeyWrite` in setKey
   * does), so KEEPTTL never keeps a past TTL.
   */
  setKey(c: Client | null, key: string, val: RedisValue, keepTtl = false, signal = true): void {
    this.server.beforeKeyWrite?.(this, key);
    if (this.expires.size > 0) this.expireIfNeeded(key, LOOKUP_WRITE);
    const dict = this.dict;
    const slot = dict.slotOf(key);
    if (slot >= 0) {
      // dbOverwrite, inlined: one dict probe on the hot SET path.
      dict.vals[slot] = val;
      if (!this.server.lfuPolicy) dict.lru![slot] = this.server.lruClock;
      // Redis dbSetValue: an overwrite may be a type change for XREADGROUP waiters.
      if (this.blockingKeys.size > 0) this.server.blocking.signalDeletedKeyAsReady(this, key);
    } else {
      this.dbAdd(key, val);
    }
    if (!keepTtl && this.expires.size > 0) this.removeExpire(key);
    if (signal) this.signalModifiedKey(c, key);
  }

  /**
   * Deletes a key and its TTL (Redis `dbSyncDelete`/`dbAsyncDelete`: memory is reclaimed by
   * the GC either way). Does not signal; callers do.
   * @returns true when the key existed.
   */
  dbDelete(key: string): boolean {
    this.server.beforeKeyWrite?.(this, key);
    if (!this.dict.delete(key)) return false;
    if (this.blockingKeys.size > 0) this.server.blocking.signalDeletedKeyAsReady(this, key);
    if (this.expires.size > 0 && this.expires.delete(key) && this.bigExpires !== null) this.bigExpires.delete(key);
    return true;
  }

  /**
   * Sets an absolute expiry time in Unix ms on an existing key (Redis `setExpire`). A bigint
   * beyond 2^53 is kept exactly (see {@link getExpireExact}); comparisons use its nearest double.
   */
  setExpire(key: string, whenMs: number | bigint): void {
    this.server.beforeKeyWrite?.(this, key);
    if (typeof whenMs === 'bigint') {
      const approx = Number(whenMs);
      if (approx > MAX_SAFE || approx < -MAX_SAFE) {
        if (this.bigExpires === null) this.bigExpires = new Map();
        this.bigExpires.set(key, whenMs);
      } else if (this.bigExpires !== null) {
        this.bigExpires.delete(key);
      }
      this.expires.set(key, approx);
      return;
    }
    if (this.bigExpires !== null) this.bigExpires.delete(key);
    this.expires.set(key, whenMs);
  }

  /** Removes a key's TTL (Redis `removeExpire`). @returns true when it had one. */
  removeExpire(key: string): boolean {
    this.server.beforeKeyWrite?.(this, key);
    if (!this.expires.delete(key)) return false;
    if (this.bigExpires !== null) this.bigExpires.delete(key);
    return true;
  }

  /** The key's absolute expiry time in Unix ms, or -1 when it has none (Redis `getExpire`). */
  getExpire(key: string): number {
    const w = this.expires.get(key);
    return w === undefined ? -1 : w;
  }

  /**
   * The key's exact absolute expiry time in Unix ms (a bigint when it is beyond 2^53, as
   * PEXPIREAT can set any int64), or -1 when it has none. Use it for replies and copies.
   */
  getExpireExact(key: string): number | bigint {
    const w = this.expires.get(key);
    if (w === undefined) return -1;
    if (this.bigExpires !== null && (w > MAX_SAFE || w < -MAX_SAFE)) {
      const b = this.bigExpires.get(key);
      if (b !== undefined && Number(b) === w) return b;
    }
    return w;
  }

  /** True when the key has a TTL that has passed at the server's command time. */
  keyIsExpired(key: string): boolean {
    const when = this.expires.get(key);
    if (when === undefined) return false;
    if (this.server.loading) return false;
    return this.server.commandTime() > when;
  }

  /**
   * Deletes the key when its TTL has passed (Redis `expireIfNeeded`): counts
   * `expired_keys`, fires the "expired" keyspace event, touches WATCHers and propagates a
   * DEL. With LOOKUP_NOEXPIRE, or during a CLIENT PAUSE, the key is reported expired but kept.
   * @returns true when the key is (logically) expired.
   */
  expireIfNeeded(key: string, flags: number): boolean {
    if (!this.keyIsExpired(key)) return false;
    if ((flags & LOOKUP_NOEXPIRE) !== 0) return true;
    // While CLIENT PAUSE is in effect expiry is paused too (Redis PAUSE_ACTION_EXPIRE): the key
    // reads as missing but stays until the pause ends.
    if (this.server.pauseActions !== 0 && this.server.pauseEndTime > Date.now()) return true;
    this.deleteExpiredKey(key);
    return true;
  }

  /** Deletes a key whose TTL passed, with the bookkeeping of Redis `deleteExpiredKeyAndPropagate`. */
  deleteExpiredKey(key: string): void {
    const server = this.server;
    this.dbDelete(key);
    server.stats.expiredKeys++;
    server.notifyKeyspaceEvent(NOTIFY_EXPIRED, 'expired', key, this.id);
    this.signalModifiedKey(null, key);
    server.propagateDeletion(this, key);
  }

  /**
   * Signals that a key changed (Redis `signalModifiedKey`): WATCHers get their transaction
   * aborted and client-side-caching trackers get invalidated.
   */
  signalModifiedKey(_c: Client | null, key: string): void {
    if (this.watchedKeys.size > 0) this.touchWatchedKey(key);
    this.server.trackingInvalidateKey(key);
  }

  /**
   * Flags every client WATCHing `key` as dirty (Redis `touchWatchedKey`). A client that
   * WATCHed the key while it was already logically expired is not flagged when the key is
   * now simply gone (its deletion is no logical change); its `expired` mark is cleared.
   */
  touchWatchedKey(key: string): void {
    const clients = this.watchedKeys.get(key);
    if (clients === undefined) return;
    for (let i = 0; i < clients.length; i++) {
      const c = clients[i];
      let skip = false;
      const wks = c.watchedKeys;
      for (let j = 0; j < wks.length; j++) {
        const wk = wks[j];
        if (wk.expired && wk.db === this && wk.key === key) {
          if (!this.dict.has(key)) {
            wk.expired = false;
            skip = true;
          }
          break;
        }
      }
      if (!skip) c.markDirtyCas();
    }
  }

  /**
   * Touches every watched key of this db (Redis `touchAllWatchedKeysInDb`), as FLUSHDB,
   * FLUSHALL and SWAPDB do. With `other`, only keys that exist in either db are touched.
   */
  touchAllWatchedKeys(other: RedisDb | null): void {
    for (const [key, clients] of this.watchedKeys) {
      const existsHere = this.dict.has(key);
      const existsThere = other !== null && other.dict.has(key);
      if (!existsHere && !existsThere) continue;
      for (let i = 0; i < clients.length; i++) {
        const c = clients[i];
        // A key that was already logically expired when WATCHed and is now simply gone is
        // no logical change (Redis clears the watchedKey's `expired` flag instead).
        if (!existsThere) {
          let wkExpired = false;
          for (const wk of c.watchedKeys) {
            if (wk.db === this && wk.key === key && wk.expired) {
              wk.expired = false;
              wkExpired = true;
              break;
            }
          }
          if (wkExpired) continue;
        }
        c.markDirtyCas();
      }
    }
  }

  /** Number of keys, including logically expired ones not yet reclaimed (Redis `dictSize`). */
  get size(): number {
    return this.dict.size;
  }

  /**
   * Fires a generic "del" keyspace event and signals the key after a delete by a command.
   * Convenience for handlers (DEL, UNLINK, GETDEL, ...).
   */
  notifyDeleted(c: Client | null, key: string): void {
    this.signalModifiedKey(c, key);
    this.server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', key, this.id);
  }
}
