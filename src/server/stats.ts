/**
 * Server statistics reported by INFO stats / errorstats (Redis `server.stat_*`).
 */

/** Number of samples in the instantaneous-metric ring (Redis STATS_METRIC_SAMPLES). */
const SAMPLES = 16;

/** Smallest and largest latency recorded, nanoseconds (Redis LATENCY_HISTOGRAM_MIN/MAX_VALUE). */
const LATENCY_MIN_NS = 1;
const LATENCY_MAX_NS = 1e12;

/**
 * A latency histogram with HdrHistogram's layout at 2 significant digits (what Redis uses
 * for INFO latencystats): 256 sub-buckets, each power-of-two bucket halving the resolution.
 * Values are nanoseconds.
 */
export class LatencyHistogram {
  /** Counts by bucket index * 256 + sub-bucket index (33 power-of-two buckets cover 1 ns..1000 s). */
  private readonly counts: Float64Array = new Float64Array(HIST_SLOTS);
  total = 0;

  /** Records one value, clamped to [1 ns, 1000 s]. */
  record(ns: number): void {
    let v = Math.round(ns);
    if (v < LATENCY_MIN_NS) v = LATENCY_MIN_NS;
    if (v > LATENCY_MAX_NS) v = LATENCY_MAX_NS;
    const bits = bitLength(v < 255 ? 255 : v);
    const bucket = bits > 8 ? bits - 8 : 0;
    const sub = Math.floor(v / POW2[bucket]);
    this.counts[bucket * 256 + sub]++;
    this.total++;
  }

  /**
   * The value at `percentile` (0..100) as HdrHistogram's hdr_value_at_percentile reports it:
   * the highest value equivalent to the bucket holding that rank.
   */
  valueAtPercentile(percentile: number): number {
    if (this.total === 0) return 0;
    let rank = Math.floor((Math.min(percentile, 100) / 100) * this.total + 0.5);
    if (rank < 1) rank = 1;
    const counts = this.counts;
    let seen = 0;
    for (let k = 0; k < HIST_SLOTS; k++) {
      if (counts[k] === 0) continue;
      seen += counts[k];
      if (seen >= rank) {
        const bucket = Math.floor(k / 256);
        const sub = k % 256;
        const lowest = sub * POW2[bucket];
        return lowest + POW2[bucket] - 1;
      }
    }
    return 0;
  }
}

const HIST_SLOTS = 33 * 256;
const POW2: Float64Array = Float64Array.from({ length: 64 }, (_, i) => 2 ** i);

/** Number of bits of a positive integer below 2^53 (exact; no floating-point log). */
function bitLength(v: number): number {
  if (v < 4294967296) return 32 - Math.clz32(v);
  return 64 - Math.clz32(Math.floor(v / 4294967296));
}

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
  /** used_memory_peak: the largest used_memory seen by INFO / the cron, bytes. */
  peakMemory = 0;
  /** total_reads_processed / total_writes_processed (socket reads and writes). */
  totalReadsProcessed = 0;
  totalWritesProcessed = 0;
  /**
   * INFO field providers installed by other modules, by INFO field name (for example the
   * persistence module sets `rdb_bgsave_in_progress`, `rdb_last_bgsave_status`, `loading`,
   * `aof_enabled`...; Pub/Sub sets `pubsub_channels`; scripting sets
   * `number_of_cached_scripts`). A provider's value replaces INFO's built-in value for that
   * field; fields without a provider report Cinder's defaults. Survives CONFIG RESETSTAT.
   */
  infoFields: Map<string, () => string | number> = new Map();
  /** used_memory_startup: used_memory when INFO first ran, bytes (0 until then). Survives RESETSTAT. */
  startupMemory = 0;
  /** master_replid: 40 random hex characters, fixed for the server's life. */
  replId = randomHex40();
  /** Hooks run by CONFIG RESETSTAT after the counters are reset (slowlog-free, module stats). */
  resetHooks: Array<() => void> = [];
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
    const keep = { infoFields: this.infoFields, resetHooks: this.resetHooks, startupMemory: this.startupMemory, replId: this.replId };
    const fresh = new ServerStats();
    Object.assign(this, fresh, keep);
    for (const h of this.resetHooks) h();
  }
}

function randomHex40(): string {
  let id = '';
  for (let i = 0; i < 40; i++) id += '0123456789abcdef'[Math.floor(Math.random() * 16)];
  return id;
}

function avg(a: number[]): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}
