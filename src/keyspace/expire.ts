/**
 * Active expiry (Redis expire.c `activeExpireCycle`: the slow cycle run from the cron, and
 * the fast cycle for the event loop's before-sleep step).
 *
 * Each call walks up to 16 databases (all of them when the previous call ran out of time),
 * sampling keys with a TTL from each db's `expires` dict with a persistent cursor (20 keys
 * per loop at active-expire-effort 1) and deleting the expired ones with the bookkeeping of
 * a lazy expiry (expired_keys, the "expired" event, WATCH). It repeats on a db while more
 * than 10% of the sample was expired, within a time budget of 25% of a cron period
 * (1000000*25/hz/100 µs), checked every 16 loops as Redis does. Effort raises the keys per
 * loop and the budget, and lowers the acceptable stale percentage, as in Redis.
 *
 * The sampling walks the dense slot arrays of `expires` downward from the cursor (the same
 * order as Dict.scan). Deleting slot i moves the last entry into i; that entry comes from
 * above the walk, so it was already sampled in this pass and the walk simply goes on to i-1.
 */
import type { RedisServer } from '../server/server.js';
import type { RedisDb } from './db.js';

const CRON_DBS_PER_CALL = 16;
const KEYS_PER_LOOP = 20;
const FAST_DURATION_US = 1000;
const SLOW_TIME_PERC = 25;
const ACCEPTABLE_STALE = 10;

/** Cycle types (Redis ACTIVE_EXPIRE_CYCLE_SLOW / _FAST). */
export const ACTIVE_EXPIRE_CYCLE_SLOW = 0;
/** The short cycle Redis runs before sleeping when the last slow cycle ran out of time. */
export const ACTIVE_EXPIRE_CYCLE_FAST = 1;

/** Per-server state carried across cycles (Redis's function-static variables). */
export interface ActiveExpireState {
  /** Next db to test (Redis `current_db`). */
  currentDb: number;
  /** The previous cycle hit its time limit (Redis `timelimit_exit`). */
  timelimitExit: boolean;
  /** Running estimate of the share of sampled keys that were stale, 0..1 (INFO expired_stale_perc is this * 100). */
  staleperc: number;
  /** When the last fast cycle started, performance.now() ms (Redis `last_fast_cycle`). */
  lastFastCycle: number;
  /** Total time spent in expire cycles, µs (INFO expire_cycle_cpu_milliseconds is this / 1000). */
  cycleTimeUsedUs: number;
}

/** A fresh active-expire state (held by each server as `server.activeExpire`). */
export function newActiveExpireState(): ActiveExpireState {
  return { currentDb: 0, timelimitExit: false, staleperc: 0, lastFastCycle: -Infinity, cycleTimeUsedUs: 0 };
}

/** The active-expire state of a server. */
export function activeExpireState(server: RedisServer): ActiveExpireState {
  return server.activeExpire;
}

/**
 * Samples up to `num` keys of `db.expires` from the db's cursor, deleting the expired ones.
 * @returns [sampled, expired, ttlSum, ttlSamples] packed in `out`.
 */
function sampleExpires(db: RedisDb, num: number, now: number, out: Float64Array): void {
  let sampled = 0;
  let expired = 0;
  let ttlSum = 0;
  let ttlSamples = 0;
  let slot = db.expiresCursor === 0 ? db.expires.size - 1 : Math.min(db.expiresCursor - 1, db.expires.size - 1);
  while (slot >= 0 && sampled < num) {
    const expires = db.expires;
    const when = expires.vals[slot];
    const ttl = when - now;
    if (now > when) {
      db.deleteExpiredKey(expires.keys[slot]);
      expired++;
    }
    if (ttl > 0) {
      ttlSum += ttl;
      ttlSamples++;
    }
    sampled++;
    slot--;
    if (slot >= db.expires.size) slot = db.expires.size - 1;
  }
  db.expiresCursor = slot < 0 ? 0 : slot + 1;
  out[0] = sampled;
  out[1] = expired;
  out[2] = ttlSum;
  out[3] = ttlSamples;
}

/**
 * Runs one active-expire cycle over the databases (Redis `activeExpireCycle`). The slow
 * cycle (the default) runs from the cron `hz` times a second with a budget of 25% of a cron
 * period. The fast cycle (for the event loop's before-sleep step) runs only when the last
 * slow cycle hit its time limit, at most once per 2 ms, for at most 1 ms.
 */
export function activeExpireCycle(server: RedisServer, hz: number, type: number = ACTIVE_EXPIRE_CYCLE_SLOW): void {
  const effort = server.activeExpireEffort - 1;
  const st = activeExpireState(server);
  const stale = ACCEPTABLE_STALE - effort;
  // The fast cycle runs before every write batch, so this check comes first (no clock
  // read). As Redis: `stat_expired_stale_perc` (a fraction) is compared with a percentage,
  // so in practice only a slow cycle that ran out of time enables the fast one.
  if (type === ACTIVE_EXPIRE_CYCLE_FAST && !st.timelimitExit && st.staleperc < stale) return;
  const keysPerLoop = KEYS_PER_LOOP + (KEYS_PER_LOOP / 4) * effort;
  const fastDurationUs = FAST_DURATION_US + (FAST_DURATION_US / 4) * effort;
  const timePerc = SLOW_TIME_PERC + 2 * effort;
  // CLIENT PAUSE pauses expiry too (Redis PAUSE_ACTION_EXPIRE).
  if (server.pauseActions !== 0 && server.pauseEndTime > Date.now()) return;
  const start = performance.now();
  if (type === ACTIVE_EXPIRE_CYCLE_FAST) {
    if (start < st.lastFastCycle + (fastDurationUs * 2) / 1000) return;
    st.lastFastCycle = start;
  }
  const dbs = server.db;
  let dbsPerCall = CRON_DBS_PER_CALL;
  if (dbsPerCall > dbs.length || st.timelimitExit) dbsPerCall = dbs.length;
  let timelimitMs = (timePerc * 1000) / Math.max(hz, 1) / 100;
  if (timelimitMs <= 0) timelimitMs = 0.001;
  if (type === ACTIVE_EXPIRE_CYCLE_FAST) timelimitMs = fastDurationUs / 1000;
  st.timelimitExit = false;
  const out = new Float64Array(4);
  let iteration = 0;
  let totalSampled = 0;
  let totalExpired = 0;
  for (let j = 0; j < dbsPerCall && !st.timelimitExit; j++) {
    const db = dbs[st.currentDb % dbs.length];
    st.currentDb = (st.currentDb + 1) % dbs.length;
    for (;;) {
      iteration++;
      const num = db.expires.size;
      if (num === 0) {
        db.avgTtl = 0;
        break;
      }
      sampleExpires(db, Math.min(num, keysPerLoop), Date.now(), out);
      const sampled = out[0];
      const expired = out[1];
      totalSampled += sampled;
      totalExpired += expired;
      if (out[3] > 0) {
        const avgTtl = Math.floor(out[2] / out[3]);
        if (db.avgTtl === 0) db.avgTtl = avgTtl;
        db.avgTtl = Math.floor(db.avgTtl / 50) * 49 + Math.floor(avgTtl / 50);
      }
      if ((iteration & 0xf) === 0 && performance.now() - start > timelimitMs) {
        st.timelimitExit = true;
        server.stats.expiredTimeCapReachedCount++;
        break;
      }
      if (sampled !== 0 && Math.floor((expired * 100) / sampled) <= stale) break;
    }
  }
  st.cycleTimeUsedUs += Math.round((performance.now() - start) * 1000);
  const perc = totalSampled > 0 ? totalExpired / totalSampled : 0;
  st.staleperc = perc * 0.05 + st.staleperc * 0.95;
}
