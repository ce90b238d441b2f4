/**
 * The config table (Redis config.c `standardConfig` table): every parameter with its
 * name, alias, type, default, flags (immutable, protected, hidden, deny-loading,
 * sensitive) and bounds, plus the redis.conf parser.
 *
 * Values are held typed: booleans, numbers (integers, memory in bytes; a percent value of
 * `maxmemory-clients` is stored negated, as Redis does) and strings (enums in lowercase,
 * free strings, and the canonical text of "special" multi-token values such as `save`).
 * CONFIG GET formats them back as Redis 7.2 does (see {@link Config.format}).
 *
 * Parameter list and defaults: Redis 7.2 config.c. It was checked name by name against the
 * `CONFIG GET *` of redis-server 7.0.15 (defaults, bounds, enum orders, immutability), plus
 * the parameters 7.2 added: `set-max-listpack-entries`, `set-max-listpack-value`,
 * `locale-collate`, `cluster-announce-human-nodename`, and `loglevel nothing`.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { splitArgs } from '../protocol/parser.js';
import { keyspaceEventsStringToFlags, keyspaceEventsFlagsToString, NOTIFY_NEW } from '../keyspace/notify.js';
import { cstrLower } from '../util/str-objects.js';

/** The kinds of parameter, as in Redis (bool, numeric, memory, enum, string, special). */
export type ConfigType = 'bool' | 'int' | 'memory' | 'enum' | 'string' | 'special';

/** A config value as held in the table. */
export type ConfigValue = string | number | boolean;

/** One parameter's definition. */
export interface ConfigDef {
  /** Canonical name ("busy-reply-threshold"). */
  name: string;
  /** Old name still accepted ("lua-time-limit"); CONFIG GET * lists it too. */
  alias?: string;
  type: ConfigType;
  /** Default, as it would be written in redis.conf. */
  default: string;
  /** False for IMMUTABLE_CONFIG parameters (CONFIG SET refuses them). */
  mutable: boolean;
  /** Inclusive bounds for int/memory (exact, as bigint). */
  min?: bigint;
  max?: bigint;
  /** Accepted values for enum (lowercase), in Redis's order (used by its error text). */
  enumValues?: readonly string[];
  /** The enum takes several space-separated values (Redis MULTI_ARG enum flags). */
  enumFlags?: boolean;
  /** Not listed by CONFIG GET patterns (Redis HIDDEN_CONFIG). */
  hidden?: boolean;
  /** A memory value may be given as a percent ("5%"; maxmemory-clients). */
  percent?: boolean;
  /** PROTECTED_CONFIG: settable only when enable-protected-configs allows it. */
  protected?: boolean;
  /** DENY_LOADING_CONFIG: CONFIG SET answers -LOADING while loading. */
  denyLoading?: boolean;
  /** SENSITIVE_CONFIG: redacted from MONITOR/SLOWLOG. */
  sensitive?: boolean;
  /** Integer formatted in octal (unixsocketperm). */
  octal?: boolean;
  /** Clamp applied after a successful parse (hz: 1..500, as Redis's apply function does). */
  clamp?: readonly [number, number];
}

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;
const UINT_MAX = 4294967295n;
const LONG_MAX = 9223372036854775807n;
const ULLONG_MAX = 18446744073709551615n;

type Flags = string; // letters: I immutable, H hidden, P protected, D deny-loading, S sensitive

function fl(d: ConfigDef, flags: Flags): ConfigDef {
  if (flags.includes('I')) d.mutable = false;
  if (flags.includes('H')) d.hidden = true;
  if (flags.includes('P')) d.protected = true;
  if (flags.includes('D')) d.denyLoading = true;
  if (flags.includes('S')) d.sensitive = true;
  return d;
}
function b(name: string, def: 'yes' | 'no', flags: Flags = '', alias?: string): ConfigDef {
  return fl({ name, type: 'bool', default: def, mutable: true, alias }, flags);
}
function i(name: string, def: number, min: bigint, max: bigint, flags: Flags = '', alias?: string): ConfigDef {
  return fl({ name, type: 'int', default: String(def), mutable: true, min, max, alias }, flags);
}
function m(name: string, def: string, min: bigint, max: bigint, flags: Flags = '', alias?: string): ConfigDef {
  return fl({ name, type: 'memory', default: def, mutable: true, min, max, alias }, flags);
}
function e(name: string, def: string, values: readonly string[], flags: Flags = ''): ConfigDef {
  return fl({ name, type: 'enum', default: def, mutable: true, enumValues: values }, flags);
}
function s(name: string, def: string, flags: Flags = '', alias?: string): ConfigDef {
  return fl({ name, type: 'string', default: def, mutable: true, alias }, flags);
}
function sp(name: string, def: string, flags: Flags = '', alias?: string): ConfigDef {
  return fl({ name, type: 'special', default: def, mutable: true, alias }, flags);
}

const PROTECTED_ACTION = ['no', 'yes', 'local'] as const;
const SHUTDOWN_FLAGS = ['default', 'save', 'nosave', 'now', 'force'] as const;

/** Every parameter Cinder knows, with Redis 7.2's defaults, bounds and flags. */
export const CONFIG_DEFS: readonly ConfigDef[] = [
  // Bool configs
  b('rdbchecksum', 'yes', 'I'),
  b('daemonize', 'no', 'I'),
  b('io-threads-do-reads', 'no', 'I'),
  b('always-show-logo', 'no', 'I'),
  b('protected-mode', 'yes'),
  b('rdbcompression', 'yes'),
  b('rdb-del-sync-files', 'no'),
  b('activerehashing', 'yes'),
  b('stop-writes-on-bgsave-error', 'yes'),
  b('set-proc-title', 'yes', 'I'),
  b('dynamic-hz', 'yes'),
  b('lazyfree-lazy-eviction', 'no'),
  b('lazyfree-lazy-expire', 'no'),
  b('lazyfree-lazy-server-del', 'no'),
  b('lazyfree-lazy-user-del', 'no'),
  b('lazyfree-lazy-user-flush', 'no'),
  b('repl-disable-tcp-nodelay', 'no'),
  b('repl-diskless-sync', 'yes'),
  b('aof-rewrite-incremental-fsync', 'yes'),
  b('no-appendfsync-on-rewrite', 'no'),
  b('cluster-require-full-coverage', 'yes'),
  b('rdb-save-incremental-fsync', 'yes'),
  b('aof-load-truncated', 'yes'),
  b('aof-use-rdb-preamble', 'yes'),
  b('aof-timestamp-enabled', 'no'),
  b('cluster-replica-no-failover', 'no', '', 'cluster-slave-no-failover'),
  b('replica-lazy-flush', 'no', '', 'slave-lazy-flush'),
  b('replica-serve-stale-data', 'yes', '', 'slave-serve-stale-data'),
  b('replica-read-only', 'yes', '', 'slave-read-only'),
  b('replica-ignore-maxmemory', 'yes', '', 'slave-ignore-maxmemory'),
  b('jemalloc-bg-thread', 'yes'),
  b('activedefrag', 'no'),
  b('syslog-enabled', 'no', 'I'),
  b('cluster-enabled', 'no', 'I'),
  b('appendonly', 'no', 'D'),
  b('cluster-allow-reads-when-down', 'no'),
  b('cluster-allow-pubsubshard-when-down', 'yes'),
  b('crash-log-enabled', 'yes'),
  b('crash-memcheck-enabled', 'yes'),
  b('use-exit-on-panic', 'no', 'H'),
  b('disable-thp', 'yes', 'I'),
  b('cluster-allow-replica-migration', 'yes'),
  b('replica-announced', 'yes'),
  b('latency-tracking', 'yes'),
  b('aof-disable-auto-gc', 'no'),
  b('replica-ignore-disk-write-errors', 'no'),
  b('tls-cluster', 'no'),
  b('tls-replication', 'no'),
  b('tls-prefer-server-ciphers', 'no'),
  b('tls-session-caching', 'yes'),

  // String configs
  s('aclfile', '', 'I'),
  s('unixsocket', '', 'I'),
  s('pidfile', '', 'I'),
  s('replica-announce-ip', '', '', 'slave-announce-ip'),
  s('masteruser', '', 'S'),
  s('cluster-announce-ip', ''),
  s('cluster-config-file', 'nodes.conf', 'I'),
  s('syslog-ident', 'redis', 'I'),
  s('dbfilename', 'dump.rdb', 'P'),
  s('appendfilename', 'appendonly.aof', 'I'),
  s('appenddirname', 'appendonlydir', 'I'),
  s('server_cpulist', '', 'I'),
  s('bio_cpulist', '', 'I'),
  s('aof_rewrite_cpulist', '', 'I'),
  s('bgsave_cpulist', '', 'I'),
  s('ignore-warnings', ''),
  s('proc-title-template', '{title} {listen-addr} {server-mode}'),
  s('bind-source-addr', ''),
  s('logfile', '', 'I'),
  s('cluster-announce-hostname', ''),
  s('cluster-announce-human-nodename', ''), // 7.2
  s('locale-collate', ''), // 7.2
  s('masterauth', '', 'S'),
  s('requirepass', '', 'S'),
  s('tls-cert-file', ''),
  s('tls-key-file', ''),
  s('tls-key-file-pass', '', 'S'),
  s('tls-client-cert-file', ''),
  s('tls-client-key-file', ''),
  s('tls-client-key-file-pass', '', 'S'),
  s('tls-dh-params-file', ''),
  s('tls-ca-cert-file', ''),
  s('tls-ca-cert-dir', ''),
  s('tls-protocols', ''),
  s('tls-ciphers', ''),
  s('tls-ciphersuites', ''),

  // Enum configs
  e('supervised', 'no', ['upstart', 'systemd', 'auto', 'no'], 'I'),
  e('syslog-facility', 'local0', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], 'I'),
  e('repl-diskless-load', 'disabled', ['disabled', 'on-empty-db', 'swapdb']),
  e('loglevel', 'notice', ['debug', 'verbose', 'notice', 'warning', 'nothing']), // 'nothing' is 7.2
  e('maxmemory-policy', 'noeviction', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction']),
  e('appendfsync', 'everysec', ['everysec', 'always', 'no']),
  e('oom-score-adj', 'no', ['no', 'yes', 'relative', 'absolute']),
  e('acl-pubsub-default', 'resetchannels', ['allchannels', 'resetchannels']),
  e('sanitize-dump-payload', 'no', ['no', 'yes', 'clients']),
  e('cluster-preferred-endpoint-type', 'ip', ['ip', 'hostname', 'unknown-endpoint']),
  e('propagation-error-behavior', 'ignore', ['ignore', 'panic', 'panic-on-replicas']),
  { ...e('shutdown-on-sigint', 'default', SHUTDOWN_FLAGS), enumFlags: true },
  { ...e('shutdown-on-sigterm', 'default', SHUTDOWN_FLAGS), enumFlags: true },
  e('enable-protected-configs', 'no', PROTECTED_ACTION, 'I'),
  e('enable-debug-command', 'no', PROTECTED_ACTION, 'I'),
  e('enable-module-command', 'no', PROTECTED_ACTION, 'I'),
  e('tls-auth-clients', 'yes', ['no', 'yes', 'optional']),

  // Integer configs
  i('databases', 16, 1n, INT_MAX, 'I'),
  i('port', 6379, 0n, 65535n),
  i('io-threads', 1, 1n, 128n, 'I'),
  i('auto-aof-rewrite-percentage', 100, 0n, INT_MAX),
  i('cluster-replica-validity-factor', 10, 0n, INT_MAX, '', 'cluster-slave-validity-factor'),
  i('list-max-listpack-size', -2, INT_MIN, INT_MAX, '', 'list-max-ziplist-size'),
  i('tcp-keepalive', 300, 0n, INT_MAX),
  i('cluster-migration-barrier', 1, 0n, INT_MAX),
  i('active-defrag-cycle-min', 1, 1n, 99n),
  i('active-defrag-cycle-max', 25, 1n, 99n),
  i('active-defrag-threshold-lower', 10, 0n, 1000n),
  i('active-defrag-threshold-upper', 100, 0n, 1000n),
  i('lfu-log-factor', 10, 0n, INT_MAX),
  i('lfu-decay-time', 1, 0n, INT_MAX),
  i('replica-priority', 100, 0n, INT_MAX, '', 'slave-priority'),
  i('repl-diskless-sync-delay', 5, 0n, INT_MAX),
  i('maxmemory-samples', 5, 1n, INT_MAX),
  i('maxmemory-eviction-tenacity', 10, 0n, 100n),
  i('timeout', 0, 0n, INT_MAX),
  i('repl-timeout', 60, 1n, INT_MAX),
  i('repl-ping-replica-period', 10, 1n, INT_MAX, '', 'repl-ping-slave-period'),
  i('list-compress-depth', 0, 0n, INT_MAX),
  i('rdb-key-save-delay', 0, INT_MIN, INT_MAX, 'H'),
  i('key-load-delay', 0, INT_MIN, INT_MAX, 'H'),
  i('active-expire-effort', 1, 1n, 10n),
  { ...i('hz', 10, 0n, INT_MAX), clamp: [1, 500] },
  i('min-replicas-to-write', 0, 0n, INT_MAX, '', 'min-slaves-to-write'),
  i('min-replicas-max-lag', 10, 0n, INT_MAX, '', 'min-slaves-max-lag'),
  i('watchdog-period', 0, 0n, INT_MAX, 'H'),
  i('shutdown-timeout', 10, 0n, INT_MAX),
  i('repl-diskless-sync-max-replicas', 0, 0n, INT_MAX),
  i('maxclients', 10000, 1n, UINT_MAX),
  { ...i('unixsocketperm', 0, 0n, 511n, 'I'), octal: true },
  i('socket-mark-id', 0, 0n, UINT_MAX, 'I'),
  i('tls-port', 0, 0n, 65535n),
  i('tls-session-cache-size', 20480, 0n, INT_MAX),
  i('tls-session-cache-timeout', 300, 0n, INT_MAX),
  i('cluster-port', 0, 0n, 65535n, 'I'),
  i('cluster-announce-bus-port', 0, 0n, 65535n),
  i('cluster-announce-port', 0, 0n, 65535n),
  i('cluster-announce-tls-port', 0, 0n, 65535n),
  i('replica-announce-port', 0, 0n, 65535n, '', 'slave-announce-port'),
  i('tcp-backlog', 511, 0n, INT_MAX, 'I'),
  i('active-defrag-max-scan-fields', 1000, 1n, LONG_MAX),
  i('slowlog-log-slower-than', 10000, -1n, LONG_MAX),
  i('latency-monitor-threshold', 0, 0n, LONG_MAX),
  i('busy-reply-threshold', 5000, 0n, LONG_MAX, '', 'lua-time-limit'),
  i('cluster-node-timeout', 15000, 0n, LONG_MAX),
  i('slowlog-max-len', 128, 0n, LONG_MAX),
  i('acllog-max-len', 128, 0n, LONG_MAX),
  i('repl-backlog-ttl', 3600, 0n, LONG_MAX),
  i('hash-max-listpack-entries', 512, 0n, LONG_MAX, '', 'hash-max-ziplist-entries'),
  i('set-max-intset-entries', 512, 0n, LONG_MAX),
  i('set-max-listpack-entries', 128, 0n, LONG_MAX), // 7.2
  i('zset-max-listpack-entries', 128, 0n, LONG_MAX, '', 'zset-max-ziplist-entries'),
  i('stream-node-max-entries', 100, 0n, LONG_MAX),
  i('tracking-table-max-keys', 1000000, 0n, LONG_MAX),
  i('loading-process-events-interval-bytes', 2097152, 1024n, INT_MAX, 'H'),

  // Memory configs
  m('maxmemory', '0', 0n, ULLONG_MAX),
  m('proto-max-bulk-len', '512mb', 1024n * 1024n, LONG_MAX),
  m('client-query-buffer-limit', '1gb', 1024n * 1024n, LONG_MAX),
  m('repl-backlog-size', '1mb', 1n, LONG_MAX),
  m('hash-max-listpack-value', '64', 0n, LONG_MAX, '', 'hash-max-ziplist-value'),
  m('set-max-listpack-value', '64', 0n, LONG_MAX), // 7.2
  m('zset-max-listpack-value', '64', 0n, LONG_MAX, '', 'zset-max-ziplist-value'),
  m('hll-sparse-max-bytes', '3000', 0n, LONG_MAX),
  m('stream-node-max-bytes', '4096', 0n, LONG_MAX),
  m('auto-aof-rewrite-min-size', '64mb', 0n, LONG_MAX),
  m('active-defrag-ignore-bytes', '100mb', 1n, LONG_MAX),
  m('cluster-link-sendbuf-limit', '0', 0n, ULLONG_MAX),
  { ...m('maxmemory-clients', '0', 0n, LONG_MAX), percent: true }, // SSIZE_MAX

  // Special configs
  sp('save', '3600 1 300 100 60 10000'),
  sp('bind', '* -::*'),
  sp('client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60'),
  sp('notify-keyspace-events', ''),
  sp('dir', '', 'PD'),
  sp('oom-score-adj-values', '0 200 800'),
  sp('latency-tracking-info-percentiles', '50 99 99.9'),
  sp('replicaof', '', 'I', 'slaveof'),
];

const MEM_UNITS: Readonly<Record<string, bigint>> = {
  '': 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000n * 1000n, mb: 1024n * 1024n, g: 1000n * 1000n * 1000n, gb: 1024n * 1024n * 1024n,
};

/**
 * Parses a memory value ("512mb", "1gb", "100k", "2048") as Redis's memtoull:
 * k=1000, kb=1024, m=10^6, mb=2^20, g=10^9, gb=2^30, units case-insensitive, no sign.
 * @returns bytes (exact), or null when malformed or beyond 2^64-1.
 */
export function memtoullBig(v: string): bigint | null {
  // C string: the value ends at its first NUL; no digits at all ("" or "kb") is 0, as
  // strtoull("") gives 0 without an error.
  const z = v.indexOf('\x00');
  const mm = /^(\d*)([a-zA-Z]*)$/.exec(z < 0 ? v : v.slice(0, z));
  if (mm === null) return null;
  const mul = MEM_UNITS[mm[2].toLowerCase()];
  if (mul === undefined) return null;
  const n = mm[1] === '' ? 0n : BigInt(mm[1]);
  if (mm[1].length >= 128) return null; // memtoull's digit buffer
  // strtoull saturates at 2^64-1 (memtoull does not check ERANGE); times the unit wraps as in C.
  return ((n > ULLONG_MAX ? ULLONG_MAX : n) * mul) & ULLONG_MAX;
}

/**
 * Parses a memory value as {@link memtoullBig} does.
 * @returns bytes as a number (imprecise above 2^53), or null when malformed.
 */
export function memtoull(v: string): number | null {
  const r = memtoullBig(v);
  return r === null ? null : Number(r);
}

/** Redis's strict string2ll on a decimal string, exact. @returns null when not a canonical int64. */
function string2llBig(v: string): bigint | null {
  if (!/^(-?[1-9]\d*|0)$/.test(v)) return null;
  const n = BigInt(v);
  if (n > LONG_MAX || n < -LONG_MAX - 1n) return null;
  return n;
}

/** Formats a byte count the way CONFIG REWRITE does (Redis `rewriteConfigFormatMemory`). */
export function formatMemoryForRewrite(bytes: bigint): string {
  const gb = 1024n * 1024n * 1024n;
  const mb = 1024n * 1024n;
  const kb = 1024n;
  if (bytes !== 0n && bytes % gb === 0n) return bytes / gb + 'gb';
  if (bytes !== 0n && bytes % mb === 0n) return bytes / mb + 'mb';
  if (bytes !== 0n && bytes % kb === 0n) return bytes / kb + 'kb';
  return String(bytes);
}

/** Client classes of client-output-buffer-limit, in Redis's order, with the name CONFIG GET prints. */
const OBUF_CLASSES = ['normal', 'slave', 'pubsub'] as const;

/** One class's output buffer limits (Redis `clientBufferLimitsConfig`), bytes and seconds. */
export interface ClientBufferLimits {
  hard: bigint;
  soft: bigint;
  softSeconds: number;
}

/**
 * Parses a client-output-buffer-limit value ("<class> <hard> <soft> <secs>" repeated) over
 * the previous limits (Redis `setConfigClientOutputBufferLimitOption`).
 * @returns the canonical text with all three classes, or an error string (Redis's texts).
 */
function parseClientOutputBufferLimit(prev: string, argv: string[]): { ok: string } | { err: string } {
  if (argv.length % 4 !== 0) return { err: 'Wrong number of arguments in buffer limit configuration.' };
  const cur = parseObufCanonical(prev);
  const next = new Map<string, ClientBufferLimits>();
  for (let j = 0; j < argv.length; j += 4) {
    const cls = argv[j].toLowerCase();
    const klass = cls === 'normal' ? 'normal' : cls === 'slave' || cls === 'replica' ? 'slave' : cls === 'pubsub' ? 'pubsub' : null;
    if (klass === null) return { err: 'Invalid client class specified in buffer limit configuration.' };
    const hard = memtoullBig(argv[j + 1]);
    const soft = memtoullBig(argv[j + 2]);
    const secs = /^\s*[-+]?\d+$/.test(argv[j + 3]) ? parseInt(argv[j + 3], 10) : NaN;
    if (hard === null || soft === null || !(secs >= 0)) {
      return { err: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
    }
    next.set(klass, { hard, soft, softSeconds: secs });
  }
  for (const [k, v] of next) cur.set(k, v);
  return { ok: formatObuf(cur) };
}

/** Parses the canonical client-output-buffer-limit text into per-class limits. */
export function parseObufCanonical(text: string): Map<string, ClientBufferLimits> {
  const t = text.split(' ');
  const out = new Map<string, ClientBufferLimits>();
  for (let j = 0; j + 3 < t.length; j += 4) out.set(t[j], { hard: BigInt(t[j + 1]), soft: BigInt(t[j + 2]), softSeconds: Number(t[j + 3]) });
  return out;
}

function formatObuf(map: Map<string, ClientBufferLimits>): string {
  const parts: string[] = [];
  for (const c of OBUF_CLASSES) {
    const v = map.get(c)!;
    parts.push(c + ' ' + v.hard + ' ' + v.soft + ' ' + v.softSeconds);
  }
  return parts.join(' ');
}

/** C strtoll with the end-pointer check Redis uses for `save` (digits with optional sign/leading spaces). */
function strtollStrict(v: string): number | null {
  if (!/^\s*[-+]?\d+$/.test(v)) return null;
  return parseInt(v, 10);
}

/** Redis's `trimDoubleString` of a "%f" rendering: "50.000000" -> "50", "99.900000" -> "99.9". */
function formatPercentile(d: number): string {
  let t = d.toFixed(6);
  if (t.includes('.')) t = t.replace(/0+$/, '').replace(/\.$/, '');
  return t;
}

/** The server's live configuration. */
export class Config {
  private readonly values: Map<string, ConfigValue> = new Map();
  /** Exact text of integer values beyond 2^53 (so CONFIG GET prints them exactly). */
  private readonly bigText: Map<string, string> = new Map();
  /** Definitions by canonical name and by alias (lowercase). */
  readonly defs: Map<string, ConfigDef> = new Map();
  /** Path of the config file the server started with ('' when none): CONFIG REWRITE's target. */
  configFile = '';
  /** Called after a value changes: (canonical name, new value). */
  onChange: ((name: string, value: ConfigValue) => void) | null = null;
  /** True once a `save` line was read from the config file (later lines accumulate). */
  private saveLoaded = false;

  constructor() {
    for (const d of CONFIG_DEFS) {
      this.defs.set(d.name, d);
      if (d.alias !== undefined) this.defs.set(d.alias, d);
      if (d.name === 'dir') continue;
      const err = this.setFromString(d, d.default, true);
      if (err !== null) throw new Error('bad default for ' + d.name + ': ' + err);
    }
    this.values.set('dir', process.cwd());
  }

  /** The definition for `name` (canonical or alias, case-insensitive), or undefined. */
  lookup(name: string): ConfigDef | undefined {
    return this.defs.get(name.toLowerCase());
  }

  /** The typed value of a parameter. Throws only on a programming error (unknown name). */
  get(name: string): ConfigValue {
    const v = this.values.get(name);
    if (v === undefined) {
      const d = this.defs.get(name);
      if (d === undefined) throw new Error('unknown config ' + name);
      return this.values.get(d.name)!;
    }
    return v;
  }

  /** A boolean parameter's value. */
  getBool(name: string): boolean {
    return this.get(name) === true;
  }

  /** A numeric (int or memory, bytes) parameter's value. */
  getNumber(name: string): number {
    return this.get(name) as number;
  }

  /** A string, enum or special parameter's value. */
  getString(name: string): string {
    return String(this.get(name));
  }

  /** The parsed limits of one client-output-buffer-limit class ('normal', 'slave', 'pubsub'). */
  getClientBufferLimits(klass: 'normal' | 'slave' | 'pubsub'): ClientBufferLimits {
    return parseObufCanonical(this.getString('client-output-buffer-limit')).get(klass)!;
  }

  /** The save points as [seconds, changes] pairs. */
  getSaveParams(): Array<[number, number]> {
    const t = this.getString('save');
    if (t === '') return [];
    const n = t.split(' ').map(Number);
    const out: Array<[number, number]> = [];
    for (let j = 0; j + 1 < n.length; j += 2) out.push([n[j], n[j + 1]]);
    return out;
  }

  /** Sets a value that is already typed and valid (internal use, e.g. the bound port). */
  setRaw(name: string, v: ConfigValue): void {
    const d = this.defs.get(name);
    if (d === undefined) throw new Error('unknown config ' + name);
    this.values.set(d.name, v);
    this.bigText.delete(d.name);
    if (this.onChange !== null) this.onChange(d.name, v);
  }

  /** Snapshot of one parameter's stored state, for CONFIG SET's rollback. */
  backup(d: ConfigDef): { v: ConfigValue; big: string | undefined } {
    return { v: this.values.get(d.name)!, big: this.bigText.get(d.name) };
  }

  /** Restores a {@link backup} without running onChange; `dir` changes the process cwd back. */
  restore(d: ConfigDef, b: { v: ConfigValue; big: string | undefined }): void {
    if (d.name === 'dir' && typeof b.v === 'string' && b.v !== this.values.get('dir')) {
      try {
        process.chdir(b.v);
      } catch {
        /* the old directory vanished; keep the value anyway */
      }
    }
    this.values.set(d.name, b.v);
    if (b.big === undefined) this.bigText.delete(d.name);
    else this.bigText.set(d.name, b.big);
  }

  /** CONFIG GET's text for a parameter, as Redis 7.2 formats it. */
  format(d: ConfigDef): string {
    const v = this.values.get(d.name)!;
    switch (d.type) {
      case 'bool':
        return v ? 'yes' : 'no';
      case 'int':
        if (d.octal === true) return (v as number).toString(8);
        return this.bigText.get(d.name) ?? String(v);
      case 'memory':
        if (d.percent === true && (v as number) < 0) return String(-(v as number)) + '%';
        return this.bigText.get(d.name) ?? String(v);
      default:
        if (d.name === 'notify-keyspace-events') return keyspaceEventsFlagsToString(keyspaceEventsStringToFlags(String(v)));
        return String(v);
    }
  }

  /**
   * Parses and stores `value` for parameter `d`, with Redis's validation and its error
   * texts. Multi-token parameters (save, bind, client-output-buffer-limit, ...) split the
   * value with Redis's quoting rules. `dir` changes the process's working directory.
   * @param initial true while loading the config file / command line: no onChange call,
   *   and successive `save` lines accumulate.
   * @returns null on success, or the error detail Redis reports (e.g. "argument must be
   *   'yes' or 'no'", "argument couldn't be parsed into an integer", "argument must be
   *   between 0 and 65535 inclusive").
   */
  setFromString(d: ConfigDef, value: string, initial = false): string | null {
    let v: ConfigValue;
    let big: string | undefined;
    switch (d.type) {
      case 'bool': {
        const lv = cstrLower(value);
        if (lv === 'yes') v = true;
        else if (lv === 'no') v = false;
        else return "argument must be 'yes' or 'no'";
        break;
      }
      case 'int':
      case 'memory': {
        let n: bigint | null = null;
        if (d.octal === true) {
          n = /^[0-7]+$/.test(value) ? BigInt(parseInt(value, 8)) : null;
        } else if (d.type === 'memory') {
          n = memtoullBig(value);
          // Redis stores memtoull's unsigned result in a long long unless the config itself
          // is unsigned: "100000000000000000000" saturates to 2^64-1, which reads as -1.
          if (n !== null && !(d.max === ULLONG_MAX && d.percent !== true)) n = BigInt.asIntN(64, n);
          if (n === null && d.percent === true && value.length > 1 && value.endsWith('%')) {
            const p = string2llBig(value.slice(0, -1));
            if (p !== null && p >= 0n) n = -p;
          }
        } else {
          n = string2llBig(value);
        }
        if (n === null) {
          if (d.percent === true) return 'argument must be a memory or percent value';
          if (d.type === 'memory') return 'argument must be a memory value';
          return "argument couldn't be parsed into an integer";
        }
        if (d.percent === true && n < 0n) {
          // A negative value is a percentage (Redis numericBoundaryCheck, lower bound -100).
          if (n < -100n) return 'percentage argument must be less or equal to 100';
          v = Number(n);
          break;
        }
        if (d.min !== undefined && d.max !== undefined && (n < d.min || n > d.max)) {
          return 'argument must be between ' + d.min + ' and ' + d.max + ' inclusive';
        }
        // CONFIG SET repl-backlog-size below 16kb is raised to it (resizeReplicationBacklog).
        if (!initial && d.name === 'repl-backlog-size' && n < 16384n) n = 16384n;
        let num = Number(n);
        if (d.clamp !== undefined) num = Math.min(Math.max(num, d.clamp[0]), d.clamp[1]);
        else if (!Number.isSafeInteger(num)) big = String(n);
        v = num;
        break;
      }
      case 'enum': {
        const words = d.enumFlags === true ? splitMultiArg(value, initial) ?? [] : [value];
        if (words.length === 0) words.push('');
        const picked: string[] = [];
        for (const w of words) {
          const lv = cstrLower(w);
          if (!d.enumValues!.includes(lv)) return 'argument(s) must be one of the following: ' + d.enumValues!.join(', ');
          if (!picked.includes(lv)) picked.push(lv);
        }
        if (d.enumFlags === true) {
          // Flags print in the table's order; "default" (no bits) only when alone.
          const set = picked.filter((w) => w !== 'default');
          // Redis isValidShutdownOnSigFlags (shutdown-on-sigint/sigterm).
          if (d.name.startsWith('shutdown-on-sig') && set.includes('save') && set.includes('nosave')) {
            return "shutdown options SAVE and NOSAVE can't be used simultaneously";
          }
          v = set.length === 0 ? 'default' : d.enumValues!.filter((w) => set.includes(w)).join(' ');
        } else {
          v = picked[0];
        }
        break;
      }
      case 'string':
        v = value;
        break;
      default: {
        const r = this.parseSpecial(d, value, initial);
        if (typeof r === 'string') return r;
        v = r.value;
      }
    }
    this.values.set(d.name, v);
    if (big === undefined) this.bigText.delete(d.name);
    else this.bigText.set(d.name, big);
    if (!initial && this.onChange !== null) this.onChange(d.name, v);
    return null;
  }

  /**
   * Parses a special parameter. @returns "\0" + the canonical value on success, or the
   * error text.
   */
  /**
   * Parses a special parameter (Redis's per-parameter set functions).
   * @returns the canonical value, or the error text Redis reports.
   */
  private parseSpecial(d: ConfigDef, value: string, initial: boolean): { value: string } | string {
    const argv = isMultiArg(d) ? splitMultiArg(value, initial) : [value];
    if (argv === null) return 'Unbalanced quotes in configuration line';
    switch (d.name) {
      case 'save': {
        let args = argv;
        if (args.length === 1 && args[0] === '') args = [];
        if (args.length % 2 !== 0) return 'Invalid save parameters';
        const nums: number[] = [];
        for (let j = 0; j < args.length; j++) {
          const n = strtollStrict(args[j]);
          if (n === null || ((j & 1) === 0 && n < 1) || ((j & 1) === 1 && n < 0)) return 'Invalid save parameters';
          nums.push(n);
        }
        let text = nums.join(' ');
        // While reading the config file, `save` lines after the first accumulate.
        if (initial && this.saveLoaded && text !== '') {
          const prev = this.getString('save');
          text = prev === '' ? text : prev + ' ' + text;
        }
        if (initial && this.readingFile) this.saveLoaded = true;
        return { value: text };
      }
      case 'bind': {
        let args = argv;
        if (args.length === 1 && args[0] === '') args = [];
        if (args.length > 16) return 'Too many bind addresses specified.';
        return { value: args.join(' ') };
      }
      case 'client-output-buffer-limit': {
        const r = parseClientOutputBufferLimit(this.values.get(d.name) as string ?? d.default, argv);
        return 'err' in r ? r.err : { value: r.ok };
      }
      case 'notify-keyspace-events': {
        if (argv.length !== 1) return 'wrong number of arguments';
        const flags = keyspaceEventsStringToFlags(argv[0]);
        if (flags === -1) return "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
        // The canonical text hides 'n' next to 'A' (notify.c), but the flag stays set: keep it
        // in the stored value so the server's flags keep it; format() prints the canonical text.
        const text = keyspaceEventsFlagsToString(flags);
        return { value: (flags & NOTIFY_NEW) !== 0 && !text.includes('n') ? text + 'n' : text };
      }
      case 'dir': {
        if (argv.length !== 1) return 'wrong number of arguments';
        const target = resolvePath(argv[0]);
        try {
          if (!statSync(target).isDirectory()) return 'Not a directory';
          process.chdir(target);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          return code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : code === 'ENOTDIR' ? 'Not a directory' : String((err as Error).message);
        }
        return { value: process.cwd() };
      }
      case 'oom-score-adj-values': {
        if (argv.length !== 3) return 'wrong number of arguments';
        const vals: number[] = [];
        for (const a of argv) {
          const n = string2llBig(a);
          if (n === null || n < -2000n || n > 2000n) return 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.';
          vals.push(Number(n));
        }
        return { value: vals.join(' ') };
      }
      case 'latency-tracking-info-percentiles': {
        let args = argv;
        if (args.length === 1 && args[0] === '') args = [];
        const out: string[] = [];
        for (const a of args) {
          const n = Number(a);
          if (a.trim() === '' || !Number.isFinite(n)) return 'Invalid latency-tracking-info-percentiles parameters';
          if (n < 0 || n > 100) return 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]';
          out.push(formatPercentile(n));
        }
        return { value: out.join(' ') };
      }
      case 'replicaof': {
        let args = argv;
        if (args.length === 1 && args[0] === '') args = [];
        if (args.length === 0) return { value: '' };
        if (args.length !== 2) return 'wrong number of arguments';
        if (args[0].toLowerCase() === 'no' && args[1].toLowerCase() === 'one') return { value: '' };
        const port = string2llBig(args[1]);
        if (port === null || port < 0n || port > 65535n) return 'Invalid master port';
        return { value: args[0] + ' ' + port };
      }
      default:
        return { value: value };
    }
  }

  /** True while {@link loadFromString} runs. */
  private readingFile = false;

  /**
   * Applies a redis.conf text (Redis `loadServerConfigFromString`): one directive per
   * line, `#` comments, arguments split with Redis's quoting rules; multi-token values
   * (save, bind, client-output-buffer-limit) are joined with spaces; `save` lines
   * accumulate; `include` reads another file.
   * @throws Error with Redis's "FATAL CONFIG FILE ERROR" message naming the line, as
   *   redis-server prints before refusing to start.
   */
  loadFromString(text: string, split: (line: string) => string[] | null = splitArgs): void {
    const wasReading = this.readingFile;
    this.readingFile = true;
    try {
      const lines = text.split('\n');
      for (let ln = 0; ln < lines.length; ln++) {
        const line = lines[ln].trim();
        if (line === '' || line.startsWith('#')) continue;
        const argv = split(line);
        if (argv === null) throw new Error(configError(ln + 1, line, 'Unbalanced quotes in configuration line'));
        if (argv.length === 0) continue;
        const name = argv[0].toLowerCase();
        if (name === 'include') {
          if (argv.length !== 2) throw new Error(configError(ln + 1, line, 'Bad directive or wrong number of arguments'));
          this.loadFromString(readFileSync(argv[1], 'latin1'), split);
          continue;
        }
        if (name === 'rename-command' || name === 'user' || name === 'loadmodule' || name === 'sentinel') continue;
        const d = this.defs.get(name);
        if (d === undefined) throw new Error(configError(ln + 1, line, 'Bad directive or wrong number of arguments'));
        let value: string;
        if (isMultiArg(d)) {
          value = argv.slice(1).map(quoteIfNeeded).join(' ');
          if (argv.length === 1) throw new Error(configError(ln + 1, line, 'wrong number of arguments'));
        } else {
          if (argv.length !== 2) throw new Error(configError(ln + 1, line, 'wrong number of arguments'));
          value = argv[1];
        }
        const err = this.setFromString(d, value, true);
        if (err !== null) throw new Error(configError(ln + 1, line, err));
      }
    } finally {
      this.readingFile = wasReading;
    }
  }
}

/**
 * Splits a MULTI_ARG_CONFIG value: from a config file or the command line, as the line's
 * arguments (sdssplitargs); from CONFIG SET, at every single space as Redis's
 * `sdssplitlen(value, " ")` does ("" gives no argument, " " gives two empty ones).
 * @returns null on unbalanced quotes (file syntax only).
 */
function splitMultiArg(value: string, initial: boolean): string[] | null {
  if (initial) return splitArgs(value);
  return value === '' ? [] : value.split(' ');
}

/** Parameters whose value is several arguments (Redis MULTI_ARG_CONFIG). */
function isMultiArg(d: ConfigDef): boolean {
  return d.enumFlags === true || (d.type === 'special' && d.name !== 'dir' && d.name !== 'notify-keyspace-events');
}

/** Re-quotes one argument so that joining and re-splitting gives it back ("" stays an argument). */
function quoteIfNeeded(a: string): string {
  if (a !== '' && !/[\s"'\\]/.test(a)) return a;
  let out = '"';
  for (const ch of a) out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
  return out + '"';
}

function configError(ln: number, line: string, msg: string): string {
  return '\n*** FATAL CONFIG FILE ERROR (Redis 7.2.4) ***\nReading the configuration file, at line ' + ln + '\n>>> \'' + line + '\'\n' + msg;
}
