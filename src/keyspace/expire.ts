/**
 * Active expiry (Redis expire.c `activeExpireCycle`, slow cycle run from the cron).
 *
 * Each call walks up to 16 databases, sampling keys with a TTL from each db's `expires`
 * dict with a persistent cursor (20 keys per loop at active-expire-effort 1) and deleting
 * the expired ones. It repeats on a db while more than 10% of the sample was expired,
 * within a time budget of 25% of a cron period (1000000*25/hz/100 µs). Effort raises the
 * keys per loop and the budget, and lowers the acceptable stale percentage, as in Redis.
 */
import type { RedisServer } from '../server/server.js';

const CRON_DBS_PER_CALL = 16;
const KEYS_PER_LOOP = 20;
const SLOW_TIME_PERC = 25;
const ACCEPTABLE_STALE = 10;

/** Runs one slow active-expire cycle over the databases (Redis `activeExpireCycle(SLOW)`). */
export function activeExpireCycle(server: RedisServer, hz: number): void {
  const effort = server.config.getNumber('active-expire-effort') - 1;
  const keysPerLoop = KEYS_PER_LOOP + (KEYS_PER_LOOP / 4) * effort;
  const timePerc = SLOW_TIME_PERC + 2 * effort;
  const stale = ACCEPTABLE_STALE - effort;
  const timelimitMs = (1000 * timePerc) / hz / 100;
  const start = performance.now();
  const dbs = server.db;
  const ndb = Math.min(CRON_DBS_PER_CALL, dbs.length);
  const state = cycleState.get(server) ?? { nextDb: 0 };
  cycleState.set(server, state);
  for (let j = 0; j < ndb; j++) {
    const db = dbs[state.nextDb % dbs.length];
    state.nextDb = (state.nextDb + 1) % dbs.length;
    for (;;) {
      const expires = db.expires;
      if (expires.size === 0) {
        db.avgTtl = 0;
        break;
      }
      const now = Date.now();
      let sampled = 0;
      let expired = 0;
      let ttlSum = 0;
      let ttlSamples = 0;
      const toDelete: string[] = [];
      db.expiresCursor = expires.scan(db.expiresCursor, keysPerLoop, (key, when) => {
        sampled++;
        if (when < now) {
          toDelete.push(key);
        } else {
          ttlSum += when - now;
          ttlSamples++;
        }
      });
      for (const key of toDelete) {
        // Re-check: deleting may have moved entries, but each key's own TTL is authoritative.
        const when = db.expires.get(key);
        if (when !== undefined && when < now) {
          db.deleteExpiredKey(key);
          expired++;
        }
      }
      if (ttlSamples > 0) {
        const avgTtl = ttlSum / ttlSamples;
        db.avgTtl = db.avgTtl === 0 ? avgTtl : (db.avgTtl / 50) * 49 + avgTtl / 50;
      }
      if (performance.now() - start > timelimitMs) {
        server.stats.expiredTimeCapReachedCount++;
        return;
      }
      if (sampled === 0 || expired <= (sampled * stale) / 100) break;
    }
  }
}

const cycleState: WeakMap<RedisServer, { nextDb: number }> = new WeakMap();
