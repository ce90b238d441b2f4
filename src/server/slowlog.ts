/**
 * The slow log (Redis slowlog.c): commands that took at least `slowlog-log-slower-than`
 * microseconds, newest first, at most `slowlog-max-len` entries. Arguments are stored as
 * Redis stores them: at most 32 (the last one then says "... (N more arguments)"), each cut to
 * 128 bytes with "... (N more bytes)".
 */
import type { Client } from './client.js';

/** Redis SLOWLOG_ENTRY_MAX_ARGC. */
const SLOWLOG_ENTRY_MAX_ARGC = 32;
/** Redis SLOWLOG_ENTRY_MAX_STRING, bytes. */
const SLOWLOG_ENTRY_MAX_STRING = 128;

/** One logged command. */
export interface SlowlogEntry {
  /** Unique, increasing id. */
  id: number;
  /** When it ran, Unix seconds. */
  time: number;
  /** How long it ran, microseconds. */
  duration: number;
  /** Its arguments, shortened as Redis does. */
  argv: string[];
  /** The client's "ip:port". */
  peer: string;
  /** The client's name at the time. */
  cname: string;
}

/** One server's slow log. */
export class Slowlog {
  /** Entries, newest first. */
  entries: SlowlogEntry[] = [];
  private nextId = 0;

  /**
   * Logs the command if it took at least `thresholdUsec` (Redis `slowlogPushEntryIfNeeded`);
   * a negative threshold or `maxLen` 0 disables the log.
   */
  pushIfNeeded(c: Client, argv: readonly string[], usec: number, thresholdUsec: number, maxLen: number): void {
    if (thresholdUsec < 0 || maxLen === 0 || usec < thresholdUsec) return;
    const argc = argv.length;
    const slargc = argc < SLOWLOG_ENTRY_MAX_ARGC ? argc : SLOWLOG_ENTRY_MAX_ARGC;
    const args: string[] = new Array<string>(slargc);
    for (let j = 0; j < slargc; j++) {
      if (slargc !== argc && j === slargc - 1) {
        args[j] = '... (' + (argc - slargc + 1) + ' more arguments)';
      } else {
        const a = argv[j];
        args[j] = a.length > SLOWLOG_ENTRY_MAX_STRING ? a.slice(0, SLOWLOG_ENTRY_MAX_STRING) + '... (' + (a.length - SLOWLOG_ENTRY_MAX_STRING) + ' more bytes)' : a;
      }
    }
    this.entries.unshift({ id: this.nextId++, time: Math.floor(Date.now() / 1000), duration: usec, argv: args, peer: c.addr, cname: c.name });
    if (this.entries.length > maxLen) this.entries.length = maxLen;
  }

  /** SLOWLOG RESET. */
  reset(): void {
    this.entries = [];
  }
}
