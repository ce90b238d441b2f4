/**
 * Lazy freeing (Redis lazyfree.c): an ASYNC flush swaps in empty dicts at once and hands
 * the old ones here. They are released in slices across event-loop turns, so the flush
 * answers immediately and other clients never wait on the freeing. INFO memory reports
 * `lazyfree_pending_objects` and `lazyfreed_objects` from these counters.
 */
import type { Dict } from './dict.js';
import type { RedisValue } from './object.js';

/** Entries released per event-loop turn. Small enough to keep a turn well under 1 ms. */
const FREE_SLICE = 16384;

interface FreeJob {
  dict: Dict<RedisValue>;
  expires: Dict<number>;
  /** Slots not yet released, counting down from the top. */
  remaining: number;
}

/** The background freeing queue of one server. */
export class LazyFree {
  /** Objects handed over and not yet released (INFO lazyfree_pending_objects). */
  pendingObjects = 0;
  /** Objects released so far (INFO lazyfreed_objects). */
  freedObjects = 0;
  private jobs: FreeJob[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private readonly stepBound = (): void => this.step();

  /** Queues a db's old dict and expires for background release (Redis `emptyDbAsync`). */
  freeAsync(dict: Dict<RedisValue>, expires: Dict<number>): void {
    this.pendingObjects += dict.size;
    this.jobs.push({ dict, expires, remaining: dict.size });
    if (this.scheduled === null) this.scheduled = setImmediate(this.stepBound);
  }

  /**
   * Releases one slice of entries, then yields to the event loop. Slots are cleared in place
   * (the values become garbage the GC reclaims concurrently); the arrays keep their length,
   * because shrinking a huge array makes V8 copy what is left, turn after turn.
   */
  private step(): void {
    this.scheduled = null;
    const job = this.jobs[0];
    if (job === undefined) return;
    const keys = job.dict.keys;
    const vals = job.dict.vals as unknown[];
    const end = job.remaining;
    const start = end > FREE_SLICE ? end - FREE_SLICE : 0;
    for (let i = start; i < end; i++) {
      keys[i] = '';
      vals[i] = undefined;
    }
    const n = end - start;
    job.remaining = start;
    this.pendingObjects -= n;
    this.freedObjects += n;
    if (start === 0) {
      // Drop the index and arrays whole: nothing is copied, the GC reclaims them.
      job.dict.clear();
      job.expires.clear();
      this.jobs.shift();
    }
    if (this.jobs.length > 0) this.scheduled = setImmediate(this.stepBound);
  }

  /** Stops background work (server shutdown); remaining objects are left to the GC. */
  stop(): void {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.jobs = [];
  }
}
