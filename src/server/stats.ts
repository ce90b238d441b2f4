/**
 * Server statistics reported by INFO stats / errorstats (Redis `server.stat_*`).
 */

/** Number of samples in the instantaneous-metric ring (Redis STATS_METRIC_SAMPLES). */
const SAMPLES = 16;

/** Counters for INFO. All counts are totals since start (or CONFIG RESETSTAT). */
export class ServerStats {
  /** total_connections_received */
  numConnections = 0;
  /** total_commands_processed */
  numCommands = 0;
  /** rejected_connections */
  rejectedConn = 0;
  /** expired_keys */
  expiredKeys = 0;
  /** expired_stale_perc sampling, expired_time_cap_reached_count */
  expiredTimeCapReachedCount = 0;
  /** evicted_keys */
  evictedKeys = 0;
  /** keyspace_hits / keyspace_misses */
  keyspaceHits = 0;
  keyspaceMisses = 0;
  /** total_net_input_bytes / total_net_output_bytes */
  netInputBytes = 0;
  netOutputBytes = 0;
  /** total_error_replies */
  totalErrorReplies = 0;
  /** errorstat_<CODE>: count, by error code ("ERR", "WRONGTYPE", ...). */
  errorStats: Map<string, number> = new Map();
  /** Set when more than 128 distinct error codes were seen (Redis disables errorstats then). */
  errorStatsDisabled = false;
  /** client_query_buffer_limit_disconnections (7.2 field) */
  clientQbufLimitDisconnections = 0;
  /** client_output_buffer_limit_disconnections */
  clientOutbufLimitDisconnections = 0;
  /** unexpected_error_replies */
  unexpectedErrorReplies = 0;
  /** cron iterations */
  cronloops = 0;
  /** instantaneous_ops_per_sec ring */
  private opsSamples: number[] = new Array<number>(SAMPLES).fill(0);
  private inSamples: number[] = new Array<number>(SAMPLES).fill(0);
  private outSamples: number[] = new Array<number>(SAMPLES).fill(0);
  private sampleIdx = 0;
  private lastSampleTime = Date.now();
  private lastOps = 0;
  private lastIn = 0;
  private lastOut = 0;

  /** Takes one sample for the instantaneous metrics (Redis `trackInstantaneousMetric`), at most every 100 ms. */
  trackInstantaneous(): void {
    const now = Date.now();
    const dt = now - this.lastSampleTime;
    if (dt < 100) return;
    const i = this.sampleIdx;
    this.opsSamples[i] = ((this.numCommands - this.lastOps) * 1000) / dt;
    this.inSamples[i] = ((this.netInputBytes - this.lastIn) * 1000) / dt;
    this.outSamples[i] = ((this.netOutputBytes - this.lastOut) * 1000) / dt;
    this.sampleIdx = (i + 1) % SAMPLES;
    this.lastSampleTime = now;
    this.lastOps = this.numCommands;
    this.lastIn = this.netInputBytes;
    this.lastOut = this.netOutputBytes;
  }

  /** instantaneous_ops_per_sec (integer, average of the ring). */
  get instantaneousOps(): number {
    return Math.round(avg(this.opsSamples));
  }

  /** instantaneous_input_kbps / instantaneous_output_kbps (KB/s, two decimals in INFO). */
  get instantaneousInputKbps(): number {
    return avg(this.inSamples) / 1024;
  }
  get instantaneousOutputKbps(): number {
    return avg(this.outSamples) / 1024;
  }

  /** CONFIG RESETSTAT (Redis `resetServerStats`). */
  reset(): void {
    const fresh = new ServerStats();
    Object.assign(this, fresh);
  }
}

function avg(a: number[]): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}
