/**
 * INFO [section ...] (Redis 7.2 server.c `genRedisInfoString`): the sections, field names
 * and their order are Redis 7.2's. Values Cinder cannot measure the way Redis does (jemalloc
 * allocator stats, fork/COW figures) are reported from Node's own numbers or as Redis reports
 * them on an idle standalone master.
 *
 * Other modules override a field by installing a provider in `server.stats.infoFields`
 * (field name -> () => value); see src/server/stats.ts.
 */
import { scriptingInfo } from '../scripting/index.js';
import { activeExpireState } from '../keyspace/expire.js';
import os from 'node:os';
import { resolve as resolvePath } from 'node:path';
import type { Client } from '../server/client.js';
import type { RedisServer } from '../server/server.js';
import { REDIS_VERSION } from '../server/server.js';
import type { RedisCommand } from './types.js';
import { cstrLower } from '../util/str-objects.js';

/** The sections INFO reports with no argument or "default" (Redis 7.2's default_sections). */
const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'module_list', 'errorstats', 'cluster', 'keyspace'];

/** What a section request resolved to. */
interface SectionSet {
  names: Set<string>;
  all: boolean;
  everything: boolean;
}

/** Parses INFO's arguments (Redis `genInfoSectionDict`). */
function sectionSet(args: readonly string[]): SectionSet {
  const out: SectionSet = { names: new Set(), all: false, everything: false };
  if (args.length === 0) {
    for (const s of DEFAULT_SECTIONS) out.names.add(s);
    return out;
  }
  for (const a0 of args) {
    const a = cstrLower(a0); // sdsnew(argv[i]->ptr): the section name ends at a NUL
    if (a === 'default') for (const s of DEFAULT_SECTIONS) out.names.add(s);
    else if (a === 'all') out.all = true;
    else if (a === 'everything') {
      out.all = true;
      out.everything = true;
    } else out.names.add(a);
  }
  return out;
}

/** Redis `bytesToHuman`: "1.02M", "512B", ... */
export function bytesToHuman(n: number): string {
  if (n < 1024) return Math.floor(n) + 'B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(2) + 'K';
  if (n < 1024 * 1024 * 1024) return (n / (1024 * 1024)).toFixed(2) + 'M';
  if (n < 1024 * 1024 * 1024 * 1024) return (n / (1024 * 1024 * 1024)).toFixed(2) + 'G';
  if (n < 1024 * 1024 * 1024 * 1024 * 1024) return (n / (1024 * 1024 * 1024 * 1024)).toFixed(2) + 'T';
  if (n < 1024 * 1024 * 1024 * 1024 * 1024 * 1024) return (n / (1024 * 1024 * 1024 * 1024 * 1024)).toFixed(2) + 'P';
  return Math.floor(n) + 'B';
}

/** Seconds as "%ld.%06ld" from microseconds. */
function cpuSeconds(usec: number): string {
  const s = Math.floor(usec / 1e6);
  return s + '.' + String(Math.floor(usec - s * 1e6)).padStart(6, '0');
}

/** The optional parts of the blocking module INFO reads (guarded: older builds lack them). */
/** Builds one section's body as [field, value] pairs; providers in stats.infoFields win. */
class SectionWriter {
  out = '';
  constructor(private readonly server: RedisServer) {}
  field(name: string, value: string | number): void {
    const p = this.server.stats.infoFields.get(name);
    this.out += name + ':' + (p !== undefined ? p() : value) + '\r\n';
  }
  line(s: string): void {
    this.out += s + '\r\n';
  }
}

/** Memory figures derived from Node's process.memoryUsage(). */
function memoryFigures(server: RedisServer): { used: number; rss: number; heapTotal: number; external: number } {
  const mu = process.memoryUsage();
  const used = mu.heapUsed + mu.external;
  if (used > server.stats.peakMemory) server.stats.peakMemory = used;
  return { used, rss: mu.rss, heapTotal: mu.heapTotal, external: mu.external };
}


function serverSection(server: RedisServer, w: SectionWriter): void {
  const now = Date.now();
  const uptime = Math.floor((now - server.startTime) / 1000);
  const port = server.config.getNumber('port');
  w.field('redis_version', REDIS_VERSION);
  w.field('redis_git_sha1', '00000000');
  w.field('redis_git_dirty', 0);
  w.field('redis_build_id', '0000000000000000');
  w.field('redis_mode', 'standalone');
  w.field('os', os.type() + ' ' + os.release() + ' ' + os.machine());
  w.field('arch_bits', process.arch.includes('64') ? 64 : 32);
  w.field('monotonic_clock', 'POSIX clock_gettime');
  w.field('multiplexing_api', process.platform === 'linux' ? 'epoll' : process.platform === 'win32' ? 'winsock' : 'kqueue');
  w.field('atomicvar_api', 'c11-builtin');
  w.field('gcc_version', '0.0.0');
  w.field('process_id', process.pid);
  w.field('process_supervised', 'no');
  w.field('run_id', server.runId);
  w.field('tcp_port', port);
  w.field('server_time_usec', Math.floor((performance.timeOrigin + performance.now()) * 1000));
  w.field('uptime_in_seconds', uptime);
  w.field('uptime_in_days', Math.floor(uptime / 86400));
  const hz = server.config.getNumber('hz');
  w.field('hz', hz);
  w.field('configured_hz', hz);
  w.field('lru_clock', server.lruClock);
  w.field('executable', process.argv[1] !== undefined ? resolvePath(process.argv[1]) : process.execPath);
  w.field('config_file', server.config.configFile);
  w.field('io_threads_active', 0);
  // 7.2: one line per connection type listener (getListensInfoString).
  let l = 'listener0:name=tcp';
  for (const b of server.config.getString('bind').split(' ')) if (b !== '') l += ',bind=' + b;
  if (port !== 0) l += ',port=' + port;
  w.line(l);
}

function clientsSection(server: RedisServer, w: SectionWriter): void {
  const tracking = server.tracking.trackingClients;
  const b = server.blocking;
  w.field('connected_clients', server.clients.size);
  w.field('cluster_connections', 0);
  w.field('maxclients', server.config.getNumber('maxclients'));
  let maxIn = 0;
  let maxOut = 0;
  for (const c of server.clients.values()) {
    if (c.parser.pendingBytes > maxIn) maxIn = c.parser.pendingBytes;
    if (c.replyBytes > maxOut) maxOut = c.replyBytes;
  }
  w.field('client_recent_max_input_buffer', maxIn);
  w.field('client_recent_max_output_buffer', maxOut);
  w.field('blocked_clients', b.blockedClients);
  w.field('tracking_clients', tracking);
  w.field('clients_in_timeout_table', b.clientsInTimeoutTable());
  w.field('total_blocking_keys', b.totalBlockingKeys());
  w.field('total_blocking_keys_on_nokey', b.totalBlockingKeysOnNoKey());
}

function pct(a: number, b: number): string {
  return ((a * 100) / (b > 0 ? b : 1)).toFixed(2) + '%';
}

function memorySection(server: RedisServer, w: SectionWriter): void {
  const m = memoryFigures(server);
  if (server.stats.startupMemory === 0) server.stats.startupMemory = m.used;
  const startup = server.stats.startupMemory;
  const peak = server.stats.peakMemory;
  const overhead = Math.min(startup, m.used);
  const dataset = m.used - overhead;
  const maxmemory = server.config.getNumber('maxmemory');
  w.field('used_memory', m.used);
  w.field('used_memory_human', bytesToHuman(m.used));
  w.field('used_memory_rss', m.rss);
  w.field('used_memory_rss_human', bytesToHuman(m.rss));
  w.field('used_memory_peak', peak);
  w.field('used_memory_peak_human', bytesToHuman(peak));
  w.field('used_memory_peak_perc', pct(m.used, peak));
  w.field('used_memory_overhead', overhead);
  w.field('used_memory_startup', startup);
  w.field('used_memory_dataset', dataset);
  w.field('used_memory_dataset_perc', pct(dataset, m.used - startup));
  w.field('allocator_allocated', m.used);
  w.field('allocator_active', m.heapTotal + m.external);
  w.field('allocator_resident', m.rss);
  const total = os.totalmem();
  w.field('total_system_memory', total);
  w.field('total_system_memory_human', bytesToHuman(total));
  // Script and function memory: Cinder's engine has no separate allocator, so the VM figures
  // are the code sizes the scripting layer holds (approximations of Redis's).
  const sc = scriptingInfo(server);
  const vmTotal = sc.usedMemoryScriptsEval + sc.usedMemoryFunctions;
  w.field('used_memory_lua', sc.usedMemoryScriptsEval);
  w.field('used_memory_vm_eval', sc.usedMemoryScriptsEval);
  w.field('used_memory_lua_human', bytesToHuman(sc.usedMemoryScriptsEval));
  w.field('used_memory_scripts_eval', sc.usedMemoryScriptsEval);
  w.field('number_of_cached_scripts', sc.numberOfCachedScripts);
  w.field('number_of_functions', sc.numberOfFunctions);
  w.field('number_of_libraries', sc.numberOfLibraries);
  w.field('used_memory_vm_functions', sc.usedMemoryFunctions);
  w.field('used_memory_vm_total', vmTotal);
  w.field('used_memory_vm_total_human', bytesToHuman(vmTotal));
  w.field('used_memory_functions', sc.usedMemoryFunctions);
  w.field('used_memory_scripts', vmTotal);
  w.field('used_memory_scripts_human', bytesToHuman(vmTotal));
  w.field('maxmemory', maxmemory);
  w.field('maxmemory_human', bytesToHuman(maxmemory));
  w.field('maxmemory_policy', server.config.getString('maxmemory-policy'));
  const active = m.heapTotal + m.external;
  w.field('allocator_frag_ratio', (active / (m.used || 1)).toFixed(2));
  w.field('allocator_frag_bytes', active - m.used);
  w.field('allocator_rss_ratio', (m.rss / (active || 1)).toFixed(2));
  w.field('allocator_rss_bytes', m.rss - active);
  w.field('rss_overhead_ratio', (1).toFixed(2));
  w.field('rss_overhead_bytes', 0);
  w.field('mem_fragmentation_ratio', (m.rss / (m.used || 1)).toFixed(2));
  w.field('mem_fragmentation_bytes', m.rss - m.used);
  w.field('mem_not_counted_for_evict', 0);
  w.field('mem_replication_backlog', 0);
  w.field('mem_total_replication_buffers', 0);
  w.field('mem_clients_slaves', 0);
  let normal = 0;
  for (const c of server.clients.values()) normal += c.replyBytes + c.parser.pendingBytes;
  w.field('mem_clients_normal', normal);
  w.field('mem_cluster_links', 0);
  w.field('mem_aof_buffer', 0);
  w.field('mem_allocator', 'libc');
  w.field('active_defrag_running', 0);
  w.field('lazyfree_pending_objects', server.lazyfree.pendingObjects);
  w.field('lazyfreed_objects', server.lazyfree.freedObjects);
}


function persistenceSection(server: RedisServer, w: SectionWriter): void {
  w.field('loading', server.loading ? 1 : 0);
  w.field('async_loading', 0);
  w.field('current_cow_peak', 0);
  w.field('current_cow_size', 0);
  w.field('current_cow_size_age', 0);
  w.field('current_fork_perc', '0.00');
  w.field('current_save_keys_processed', 0);
  w.field('current_save_keys_total', 0);
  w.field('rdb_changes_since_last_save', server.dirty);
  w.field('rdb_bgsave_in_progress', 0);
  w.field('rdb_last_save_time', server.lastSave);
  w.field('rdb_last_bgsave_status', 'ok');
  w.field('rdb_last_bgsave_time_sec', -1);
  w.field('rdb_current_bgsave_time_sec', -1);
  w.field('rdb_saves', 0);
  w.field('rdb_last_cow_size', 0);
  w.field('rdb_last_load_keys_expired', 0);
  w.field('rdb_last_load_keys_loaded', 0);
  w.field('aof_enabled', server.config.getBool('appendonly') ? 1 : 0);
  w.field('aof_rewrite_in_progress', 0);
  w.field('aof_rewrite_scheduled', 0);
  w.field('aof_last_rewrite_time_sec', -1);
  w.field('aof_current_rewrite_time_sec', -1);
  w.field('aof_last_bgrewrite_status', 'ok');
  w.field('aof_rewrites', 0);
  w.field('aof_rewrites_consecutive_failures', 0);
  w.field('aof_last_write_status', 'ok');
  w.field('aof_last_cow_size', 0);
  w.field('module_fork_in_progress', 0);
  w.field('module_fork_last_cow_size', 0);
  // Conditional blocks, as Redis appends them: AOF figures while appendonly is on, loading
  // progress while loading. The persistence module fills the values via stats.infoFields.
  if (server.config.getBool('appendonly')) {
    for (const f of ['aof_current_size', 'aof_base_size', 'aof_pending_rewrite', 'aof_buffer_length', 'aof_pending_bio_fsync', 'aof_delayed_fsync']) w.field(f, 0);
  }
  if (server.loading) {
    w.field('loading_start_time', Math.floor(server.startTime / 1000));
    w.field('loading_total_bytes', 0);
    w.field('loading_rdb_used_mem', 0);
    w.field('loading_loaded_bytes', 0);
    w.field('loading_loaded_perc', '0.00');
    w.field('loading_eta_seconds', 1);
  }
}

function statsSection(server: RedisServer, w: SectionWriter): void {
  const st = server.stats;
  w.field('total_connections_received', st.numConnections);
  w.field('total_commands_processed', st.numCommands);
  w.field('instantaneous_ops_per_sec', st.instantaneousOps);
  w.field('total_net_input_bytes', st.netInputBytes);
  w.field('total_net_output_bytes', st.netOutputBytes);
  w.field('total_net_repl_input_bytes', 0);
  w.field('total_net_repl_output_bytes', 0);
  w.field('instantaneous_input_kbps', st.instantaneousInputKbps.toFixed(2));
  w.field('instantaneous_output_kbps', st.instantaneousOutputKbps.toFixed(2));
  w.field('instantaneous_input_repl_kbps', '0.00');
  w.field('instantaneous_output_repl_kbps', '0.00');
  w.field('rejected_connections', st.rejectedConn);
  w.field('sync_full', 0);
  w.field('sync_partial_ok', 0);
  w.field('sync_partial_err', 0);
  w.field('expired_keys', st.expiredKeys);
  w.field('expired_stale_perc', (activeExpireState(server).staleperc * 100).toFixed(2));
  w.field('expired_time_cap_reached_count', st.expiredTimeCapReachedCount);
  w.field('expire_cycle_cpu_milliseconds', Math.floor(activeExpireState(server).cycleTimeUsedUs / 1000));
  w.field('evicted_keys', st.evictedKeys);
  w.field('evicted_clients', 0);
  w.field('total_eviction_exceeded_time', 0);
  w.field('current_eviction_exceeded_time', 0);
  w.field('keyspace_hits', st.keyspaceHits);
  w.field('keyspace_misses', st.keyspaceMisses);
  w.field('pubsub_channels', server.pubsub.channels.size);
  w.field('pubsub_patterns', server.pubsub.patterns.size);
  w.field('pubsubshard_channels', server.pubsub.shardChannels.size);
  w.field('latest_fork_usec', 0);
  w.field('total_forks', 0);
  w.field('migrate_cached_sockets', 0);
  w.field('slave_expires_tracked_keys', 0);
  w.field('active_defrag_hits', 0);
  w.field('active_defrag_misses', 0);
  w.field('active_defrag_key_hits', 0);
  w.field('active_defrag_key_misses', 0);
  w.field('total_active_defrag_time', 0);
  w.field('current_active_defrag_time', 0);
  w.field('tracking_total_keys', server.tracking.table.size);
  w.field('tracking_total_items', server.tracking.totalItems);
  w.field('tracking_total_prefixes', server.tracking.prefixes.size);
  w.field('unexpected_error_replies', st.unexpectedErrorReplies);
  w.field('total_error_replies', st.totalErrorReplies);
  w.field('dump_payload_sanitizations', 0);
  w.field('total_reads_processed', st.totalReadsProcessed);
  w.field('total_writes_processed', st.totalWritesProcessed);
  w.field('io_threaded_reads_processed', 0);
  w.field('io_threaded_writes_processed', 0);
  w.field('reply_buffer_shrinks', 0);
  w.field('reply_buffer_expands', 0);
  // 7.2 additions: event loop metrics and ACL denial counters.
  w.field('eventloop_cycles', st.cronloops);
  w.field('eventloop_duration_sum', 0);
  w.field('eventloop_duration_cmd_sum', 0);
  w.field('instantaneous_eventloop_cycles_per_sec', 0);
  w.field('instantaneous_eventloop_duration_usec', 0);
  w.field('acl_access_denied_auth', 0);
  w.field('acl_access_denied_cmd', 0);
  w.field('acl_access_denied_key', 0);
  w.field('acl_access_denied_channel', 0);
}

function replicationSection(server: RedisServer, w: SectionWriter): void {
  w.field('role', 'master');
  w.field('connected_slaves', 0);
  w.field('master_failover_state', 'no-failover');
  w.field('master_replid', server.stats.replId);
  w.field('master_replid2', '0000000000000000000000000000000000000000');
  w.field('master_repl_offset', 0);
  w.field('second_repl_offset', -1);
  w.field('repl_backlog_active', 0);
  w.field('repl_backlog_size', server.config.getNumber('repl-backlog-size'));
  w.field('repl_backlog_first_byte_offset', 0);
  w.field('repl_backlog_histlen', 0);
}

function cpuSection(_server: RedisServer, w: SectionWriter): void {
  const u = process.cpuUsage();
  w.field('used_cpu_sys', cpuSeconds(u.system));
  w.field('used_cpu_user', cpuSeconds(u.user));
  w.field('used_cpu_sys_children', '0.000000');
  w.field('used_cpu_user_children', '0.000000');
  w.field('used_cpu_sys_main_thread', cpuSeconds(u.system));
  w.field('used_cpu_user_main_thread', cpuSeconds(u.user));
}

/** Every command and subcommand, a container first then its subcommands (Redis's recursion). */
function* allCommands(server: RedisServer): Generator<RedisCommand> {
  for (const cmd of server.commands.values()) {
    yield cmd;
    if (cmd.subcommands !== null) {
      for (const sub of cmd.subcommands.values()) yield sub;
    }
  }
}

/**
 * Latencystats: `latency_percentiles_usec_<cmd>:p50=..,p99=..,p99.9=..` for every command
 * with recorded latencies, at the latency-tracking-info-percentiles (Redis
 * `fillPercentileDistributionLatencies`: "p%s=%.3f", values in microseconds).
 */
function latencystatsSection(server: RedisServer, w: SectionWriter): void {
  const text = server.config.getString('latency-tracking-info-percentiles');
  const pcts = text === '' ? [] : text.split(' ');
  for (const cmd of allCommands(server)) {
    const h = cmd.stats.latency;
    if (h === null || h.total === 0) continue;
    let line = 'latency_percentiles_usec_' + cmd.fullname + ':';
    line += pcts.map((p) => 'p' + p + '=' + (h.valueAtPercentile(Number(p)) / 1000).toFixed(3)).join(',');
    w.line(line);
  }
}

function commandstatsSection(server: RedisServer, w: SectionWriter): void {
  for (const cmd of allCommands(server)) {
    const s = cmd.stats;
    if (s.calls === 0 && s.failedCalls === 0 && s.rejectedCalls === 0) continue;
    w.line(
      'cmdstat_' + cmd.fullname + ':calls=' + s.calls + ',usec=' + s.usec + ',usec_per_call=' + (s.calls === 0 ? 0 : s.usec / s.calls).toFixed(2) +
        ',rejected_calls=' + s.rejectedCalls + ',failed_calls=' + s.failedCalls,
    );
  }
}

function errorstatsSection(server: RedisServer, w: SectionWriter): void {
  const names = [...server.stats.errorStats.keys()].sort();
  for (const n of names) w.line('errorstat_' + n + ':count=' + server.stats.errorStats.get(n));
}

function keyspaceSection(server: RedisServer, w: SectionWriter): void {
  for (const db of server.db) {
    const keys = db.size;
    const expires = db.expires.size;
    if (keys === 0 && expires === 0) continue;
    w.line('db' + db.id + ':keys=' + keys + ',expires=' + expires + ',avg_ttl=' + Math.floor(db.avgTtl));
  }
}

type SectionFn = (server: RedisServer, w: SectionWriter) => void;

/** Sections in Redis's output order: [key in the request, title, generator, in "all"]. */
const SECTIONS: ReadonlyArray<readonly [string, string, SectionFn]> = [
  ['server', 'Server', serverSection],
  ['clients', 'Clients', clientsSection],
  ['memory', 'Memory', memorySection],
  ['persistence', 'Persistence', persistenceSection],
  ['stats', 'Stats', statsSection],
  ['replication', 'Replication', replicationSection],
  ['cpu', 'CPU', cpuSection],
];

/**
 * Generates the INFO text for the given section arguments (Redis `genRedisInfoString`).
 * Unknown sections are ignored; sections are separated by an empty line.
 */
export function genRedisInfoString(server: RedisServer, args: readonly string[]): string {
  const req = sectionSet(args);
  const has = (n: string): boolean => req.all || req.names.has(n);
  let info = '';
  let sections = 0;
  const emit = (title: string, fn: SectionFn | null): void => {
    if (sections++ > 0) info += '\r\n';
    const w = new SectionWriter(server);
    if (fn !== null) fn(server, w);
    info += '# ' + title + '\r\n' + w.out;
  };
  for (const [key, title, fn] of SECTIONS) if (has(key)) emit(title, fn);
  if (req.all || req.names.has('module_list') || req.names.has('modules')) emit('Modules', null);
  if (has('commandstats')) emit('Commandstats', commandstatsSection);
  if (has('errorstats')) emit('Errorstats', errorstatsSection);
  if (has('latencystats')) emit('Latencystats', latencystatsSection);
  if (has('cluster')) emit('Cluster', (_s, w) => w.field('cluster_enabled', 0));
  if (has('keyspace')) emit('Keyspace', keyspaceSection);
  return info;
}

/** INFO [section ...]: a verbatim (RESP3) / bulk (RESP2) string. */
export function infoCommand(c: Client): void {
  const info = genRedisInfoString(c.server, c.argv.slice(1));
  c.addReplyVerbatim(info, 'txt');
}
