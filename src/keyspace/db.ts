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
import { NOTIFY_GENERIC, NOTIFY_EXPIRED } from './notify.js';

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

  constructor(server: RedisServer, id: number) {
    this.server = server;
    this.id = id;
  }

  /**
   * Looks a key up for reading or writing (Redis `lookupKey`), deleting it first when its
   * TTL has passed. Updates the LRU clock unless LOOKUP_NOTOUCH or the client has
   * CLIENT NO-TOUCH on, and counts keyspace hits/misses unless LOOKUP_NOSTATS/WRITE.
   * @returns the value, or undefined when the key does not exist (or just expired).
   */
  lookupKey(key: string, flags: number): RedisValue | undefined {
    const dict = this.dict;
    const slot = dict.slotOf(key);
    if (slot >= 0) {
      if (this.expires.size > 0 && this.expireIfNeeded(key, flags)) {
        // expired and deleted
      } else {
        if ((flags & LOOKUP_NOTOUCH) === 0 && !this.server.currentClientNoTouch()) {
          dict.lru![slot] = this.server.lruClock;
        }
        if ((flags & (LOOKUP_NOSTATS | LOOKUP_WRITE)) === 0) this.server.stats.keyspaceHits++;
        return dict.vals[slot];
      }
    }
    if ((flags & (LOOKUP_NOSTATS | LOOKUP_WRITE)) === 0) this.server.stats.keyspaceMisses++;
    return undefined;
  }

  /** Lookup for a read command (Redis `lookupKeyRead`). */
  lookupKeyRead(key: string): RedisValue | undefined {
    return this.lookupKey(key, LOOKUP_NONE);
  }

  /** Lookup for a write command (Redis `lookupKeyWrite`): no hit/miss stats. */
  lookupKeyWrite(key: string): RedisValue | undefined {
    return this.lookupKey(key, LOOKUP_WRITE);
  }

  /** True when the key exists and has not expired (Redis `dbExists` after expiry check). */
  exists(key: string): boolean {
    return this.lookupKey(key, LOOKUP_NOTOUCH | LOOKUP_NOSTATS) !== undefined;
  }

  /**
   * Adds a new key (Redis `dbAdd`). The caller guarantees the key does not exist.
   * Signals blocked clients waiting on the key.
   */
  dbAdd(key: string, val: RedisValue): void {
    this.dict.set(key, val);
    const slot = this.dict.slotOf(key);
    this.dict.lru![slot] = this.server.lruClock;
    if (this.blockingKeys.size > 0) this.server.signalKeyAsReady(this, key);
  }

  /** Replaces the value of an existing key, keeping its TTL (Redis `dbOverwrite`). */
  dbOverwrite(key: string, val: RedisValue): void {
    this.dict.set(key, val);
  }

  /**
   * High-level set (Redis `setKey`): adds or overwrites, removes the TTL unless `keepTtl`,
   * and signals the key as modified (WATCH, client tracking) unless `signal` is false.
   */
  setKey(c: Client | null, key: string, val: RedisValue, keepTtl = false, signal = true): void {
    if (this.dict.has(key)) {
      this.dict.set(key, val);
    } else {
      this.dbAdd(key, val);
    }
    if (!keepTtl && this.expires.size > 0) this.expires.delete(key);
    if (signal) this.signalModifiedKey(c, key);
  }

  /**
   * Deletes a key and its TTL (Redis `dbSyncDelete`/`dbAsyncDelete`: memory is reclaimed by
   * the GC either way). Does not signal; callers do.
   * @returns true when the key existed.
   */
  dbDelete(key: string): boolean {
    if (!this.dict.delete(key)) return false;
    if (this.expires.size > 0) this.expires.delete(key);
    return true;
  }

  /** Sets an absolute expiry time in Unix ms on an existing key (Redis `setExpire`). */
  setExpire(key: string, whenMs: number): void {
    this.expires.set(key, whenMs);
  }

  /** Removes a key's TTL (Redis `removeExpire`). @returns true when it had one. */
  removeExpire(key: string): boolean {
    return this.expires.delete(key);
  }

  /** The key's absolute expiry time in Unix ms, or -1 when it has none (Redis `getExpire`). */
  getExpire(key: string): number {
    const w = this.expires.get(key);
    return w === undefined ? -1 : w;
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
   * DEL. With LOOKUP_NOEXPIRE the key is reported expired but kept.
   * @returns true when the key is (logically) expired.
   */
  expireIfNeeded(key: string, flags: number): boolean {
    if (!this.keyIsExpired(key)) return false;
    if ((flags & LOOKUP_NOEXPIRE) !== 0) return true;
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

  /** Flags every client WATCHing `key` as dirty (Redis `touchWatchedKey`). */
  touchWatchedKey(key: string): void {
    const clients = this.watchedKeys.get(key);
    if (clients === undefined) return;
    for (let i = 0; i < clients.length; i++) clients[i].markDirtyCas();
  }

  /**
   * Touches every watched key of this db (Redis `touchAllWatchedKeysInDb`), as FLUSHDB,
   * FLUSHALL and SWAPDB do. With `other`, only keys that exist in either db are touched.
   */
  touchAllWatchedKeys(other: RedisDb | null): void {
    for (const [key, clients] of this.watchedKeys) {
      const existsHere = this.dict.has(key);
      if (other === null ? !existsHere : !existsHere && !other.dict.has(key)) continue;
      for (let i = 0; i < clients.length; i++) clients[i].markDirtyCas();
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
