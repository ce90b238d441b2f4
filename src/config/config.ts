/**
 * The config table (Redis config.c `standardConfig` table): every parameter with its
 * name, alias, type, default and mutability, plus the redis.conf parser.
 *
 * Values are held typed: booleans, numbers (integers, memory in bytes) and strings
 * (enums, free strings, "special" multi-token values such as `save`). CONFIG GET
 * formats them back as Redis does.
 */
import { readFileSync } from 'node:fs';

/** The kinds of parameter, as in Redis (bool, numeric, memory, enum, string, special). */
export type ConfigType = 'bool' | 'int' | 'memory' | 'enum' | 'string' | 'special';

/** A config value as held in the table. */
export type ConfigValue = string | number | boolean;

/** One parameter's definition. */
export interface ConfigDef {
  /** Canonical name ("busy-reply-threshold"). */
  name: string;
  /** Old name still accepted ("lua-time-limit"). */
  alias?: string;
  type: ConfigType;
  /** Default, as it would be written in redis.conf. */
  default: string;
  /** False for IMMUTABLE_CONFIG parameters (CONFIG SET refuses them). */
  mutable: boolean;
  /** Inclusive bounds for int/memory. */
  min?: number;
  max?: number;
  /** Accepted values for enum (lowercase). */
  enumValues?: readonly string[];
  /** Not listed by CONFIG GET * (Redis HIDDEN_CONFIG). */
  hidden?: boolean;
  /** Percent values are allowed as negative numbers (maxmemory-clients). */
  percent?: boolean;
}

const LL_MAX = Number.MAX_SAFE_INTEGER;
const INT_MAX = 2147483647;
const LONG_MAX = 9223372036854775807;

function b(name: string, def: 'yes' | 'no', mutable = true, alias?: string): ConfigDef {
  return { name, type: 'bool', default: def, mutable, alias };
}
function i(name: string, def: number, min: number, max: number, mutable = true, alias?: string): ConfigDef {
  return { name, type: 'int', default: String(def), mutable, min, max, alias };
}
function m(name: string, def: string, min: number, max: number, mutable = true, alias?: string): ConfigDef {
  return { name, type: 'memory', default: def, mutable, min, max, alias };
}
function e(name: string, def: string, values: readonly string[], mutable = true): ConfigDef {
  return { name, type: 'enum', default: def, mutable, enumValues: values };
}
function s(name: string, def: string, mutable = true): ConfigDef {
  return { name, type: 'string', default: def, mutable };
}
function sp(name: string, def: string, mutable = true): ConfigDef {
  return { name, type: 'special', default: def, mutable };
}

/** Every parameter Cinder knows, with Redis 7.2's defaults. */
export const CONFIG_DEFS: readonly ConfigDef[] = [
  // Network and server
  i('port', 6379, 0, 65535),
  sp('bind', '* -::*'),
  b('protected-mode', 'yes'),
  i('tcp-backlog', 511, 0, INT_MAX, false),
  i('timeout', 0, 0, INT_MAX),
  i('tcp-keepalive', 300, 0, INT_MAX),
  s('unixsocket', '', false),
  i('maxclients', 10000, 1, INT_MAX),
  i('databases', 16, 1, INT_MAX, false),
  b('daemonize', 'no', false),
  s('pidfile', '', false),
  e('loglevel', 'notice', ['debug', 'verbose', 'notice', 'warning', 'nothing']),
  s('logfile', '', false),
  b('syslog-enabled', 'no', false),
  s('syslog-ident', 'redis', false),
  s('requirepass', ''),
  sp('dir', ''),
  i('hz', 10, 0, INT_MAX),
  b('dynamic-hz', 'yes'),
  s('proc-title-template', '{title} {listen-addr} {server-mode}'),
  b('always-show-logo', 'no', false),
  b('set-proc-title', 'yes', false),
  b('enable-debug-command', 'no', false),
  b('enable-protected-configs', 'no', false),
  b('enable-module-command', 'no', false),
  // Persistence
  sp('save', '3600 1 300 100 60 10000'),
  s('dbfilename', 'dump.rdb'),
  b('rdbcompression', 'yes'),
  b('rdbchecksum', 'yes'),
  b('stop-writes-on-bgsave-error', 'yes'),
  b('rdb-del-sync-files', 'no'),
  b('appendonly', 'no'),
  s('appendfilename', 'appendonly.aof', false),
  s('appenddirname', 'appendonlydir', false),
  e('appendfsync', 'everysec', ['always', 'everysec', 'no']),
  b('no-appendfsync-on-rewrite', 'no'),
  i('auto-aof-rewrite-percentage', 100, 0, INT_MAX),
  m('auto-aof-rewrite-min-size', '64mb', 0, LONG_MAX),
  b('aof-load-truncated', 'yes'),
  b('aof-use-rdb-preamble', 'yes'),
  b('aof-timestamp-enabled', 'no'),
  b('rdb-save-incremental-fsync', 'yes'),
  b('aof-rewrite-incremental-fsync', 'yes'),
  // Memory and eviction
  m('maxmemory', '0', 0, LONG_MAX),
  e('maxmemory-policy', 'noeviction', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction']),
  i('maxmemory-samples', 5, 1, 64),
  i('maxmemory-eviction-tenacity', 10, 0, 100),
  i('lfu-log-factor', 10, 0, INT_MAX),
  i('lfu-decay-time', 1, 0, INT_MAX),
  i('active-expire-effort', 1, 1, 10),
  b('lazyfree-lazy-eviction', 'no'),
  b('lazyfree-lazy-expire', 'no'),
  b('lazyfree-lazy-server-del', 'no'),
  b('lazyfree-lazy-user-del', 'no'),
  b('lazyfree-lazy-user-flush', 'no'),
  b('replica-lazy-flush', 'no', true),
  b('activerehashing', 'yes'),
  b('activedefrag', 'no'),
  // Limits
  m('proto-max-bulk-len', '512mb', 1024 * 1024, LONG_MAX),
  m('client-query-buffer-limit', '1gb', 1024 * 1024, LONG_MAX),
  sp('client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60'),
  m('maxmemory-clients', '0', 0, LONG_MAX),
  // Scripting
  i('busy-reply-threshold', 5000, 0, LONG_MAX, true, 'lua-time-limit'),
  b('lua-replicate-commands', 'yes', true),
  // Data structure encodings
  i('hash-max-listpack-entries', 128, 0, LONG_MAX, true, 'hash-max-ziplist-entries'),
  m('hash-max-listpack-value', '64', 0, LONG_MAX, true, 'hash-max-ziplist-value'),
  i('list-max-listpack-size', -2, -5, INT_MAX, true, 'list-max-ziplist-size'),
  i('list-compress-depth', 0, 0, INT_MAX),
  i('set-max-intset-entries', 512, 0, LONG_MAX),
  i('set-max-listpack-entries', 128, 0, LONG_MAX),
  m('set-max-listpack-value', '64', 0, LONG_MAX),
  i('zset-max-listpack-entries', 128, 0, LONG_MAX, true, 'zset-max-ziplist-entries'),
  m('zset-max-listpack-value', '64', 0, LONG_MAX, true, 'zset-max-ziplist-value'),
  m('hll-sparse-max-bytes', '3000', 0, LONG_MAX),
  m('stream-node-max-bytes', '4096', 0, LONG_MAX),
  i('stream-node-max-entries', 100, 0, LONG_MAX),
  // Notifications, tracking, slowlog, latency
  sp('notify-keyspace-events', ''),
  i('tracking-table-max-keys', 1000000, 0, LONG_MAX),
  i('slowlog-log-slower-than', 10000, -1, LL_MAX),
  i('slowlog-max-len', 128, 0, LONG_MAX),
  i('latency-monitor-threshold', 0, 0, LL_MAX),
  b('latency-tracking', 'yes'),
  sp('latency-tracking-info-percentiles', '50 99 99.9'),
  // Replication (standalone master only, but the parameters exist)
  s('masterauth', ''),
  s('masteruser', ''),
  b('replica-read-only', 'yes', true),
  b('replica-serve-stale-data', 'yes'),
  i('repl-backlog-size', 1048576, 1, LONG_MAX),
  i('repl-timeout', 60, 1, INT_MAX),
  i('min-replicas-to-write', 0, 0, INT_MAX),
  i('min-replicas-max-lag', 10, 0, INT_MAX),
  b('cluster-enabled', 'no', false),
  i('io-threads', 1, 1, 128, false),
  b('io-threads-do-reads', 'no', false),
  e('oom-score-adj', 'no', ['no', 'yes', 'relative', 'absolute']),
  b('crash-log-enabled', 'yes'),
  b('crash-memcheck-enabled', 'yes'),
  b('disable-thp', 'yes', false),
  s('aclfile', '', false),
  i('acllog-max-len', 128, 0, LONG_MAX),
  e('acl-pubsub-default', 'resetchannels', ['allchannels', 'resetchannels']),
];

const MEM_UNITS: Readonly<Record<string, number>> = {
  '': 1, b: 1, k: 1000, kb: 1024, m: 1000 * 1000, mb: 1024 * 1024, g: 1000 * 1000 * 1000, gb: 1024 * 1024 * 1024,
};

/**
 * Parses a memory value ("512mb", "1gb", "100k", "2048") as Redis's memtoull:
 * k=1000, kb=1024, m=10^6, mb=2^20, g=10^9, gb=2^30, units case-insensitive.
 * @returns bytes, or null when malformed.
 */
export function memtoull(v: string): number | null {
  const mm = /^(-?\d+)([a-zA-Z]*)$/.exec(v);
  if (mm === null) return null;
  const mul = MEM_UNITS[mm[2].toLowerCase()];
  if (mul === undefined) return null;
  return parseInt(mm[1], 10) * mul;
}

/** The server's live configuration. */
export class Config {
  private readonly values: Map<string, ConfigValue> = new Map();
  /** Definitions by canonical name and by alias. */
  readonly defs: Map<string, ConfigDef> = new Map();
  /** Path of the config file the server started with ('' when none): CONFIG REWRITE's target. */
  configFile = '';
  /** Called after a value changes: (canonical name, new value). */
  onChange: ((name: string, value: ConfigValue) => void) | null = null;

  constructor() {
    for (const d of CONFIG_DEFS) {
      this.defs.set(d.name, d);
      if (d.alias !== undefined) this.defs.set(d.alias, d);
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

  /** Sets a value that is already typed and valid (internal use, e.g. SAVE points). */
  setRaw(name: string, v: ConfigValue): void {
    const d = this.defs.get(name);
    if (d === undefined) throw new Error('unknown config ' + name);
    this.values.set(d.name, v);
    if (this.onChange !== null) this.onChange(d.name, v);
  }

  /** CONFIG GET's text for a parameter (Redis formats memory values as plain bytes). */
  format(d: ConfigDef): string {
    const v = this.values.get(d.name)!;
    if (d.type === 'bool') return v ? 'yes' : 'no';
    return String(v);
  }

  /**
   * Parses and stores `value` for parameter `d`, with Redis's validation.
   * @returns null on success, or the error detail Redis reports (e.g. "argument must be
   *   'yes' or 'no'", "argument couldn't be parsed into an integer", "argument must be
   *   between 0 and 65535 inclusive").
   */
  setFromString(d: ConfigDef, value: string, initial = false): string | null {
    let v: ConfigValue;
    switch (d.type) {
      case 'bool': {
        const lv = value.toLowerCase();
        if (lv === 'yes') v = true;
        else if (lv === 'no') v = false;
        else return "argument must be 'yes' or 'no'";
        break;
      }
      case 'int': {
        if (!/^-?\d+$/.test(value)) return "argument couldn't be parsed into an integer";
        const n = parseInt(value, 10);
        if (d.min !== undefined && d.max !== undefined && (n < d.min || n > d.max)) {
          return 'argument must be between ' + d.min + ' and ' + (d.max === LONG_MAX ? '9223372036854775807' : d.max) + ' inclusive';
        }
        v = n;
        break;
      }
      case 'memory': {
        const n = memtoull(value);
        if (n === null) return 'argument must be a memory value';
        if (d.min !== undefined && d.max !== undefined && (n < d.min || n > d.max)) {
          return 'argument must be between ' + d.min + ' and ' + (d.max === LONG_MAX ? '9223372036854775807' : d.max) + ' inclusive';
        }
        v = n;
        break;
      }
      case 'enum': {
        const lv = value.toLowerCase();
        if (!d.enumValues!.includes(lv)) return 'argument(s) must be one of the following: ' + d.enumValues!.join(', ');
        v = lv;
        break;
      }
      default:
        v = value;
    }
    this.values.set(d.name, v);
    if (!initial && this.onChange !== null) this.onChange(d.name, v);
    return null;
  }

  /**
   * Applies a redis.conf text (Redis `loadServerConfigFromString`): one directive per
   * line, `#` comments, arguments split with Redis's quoting rules; multi-token values
   * (save, bind, client-output-buffer-limit) are joined with spaces; `save` lines
   * accumulate.
   * @throws Error with Redis's "Bad directive or wrong number of arguments" style message
   *   naming the line, as redis-server prints before refusing to start.
   */
  loadFromString(text: string, split: (line: string) => string[] | null): void {
    const lines = text.split('\n');
    let savesSeen = false;
    for (let ln = 0; ln < lines.length; ln++) {
      const line = lines[ln].trim();
      if (line === '' || line.startsWith('#')) continue;
      const argv = split(line);
      if (argv === null) throw new Error(configError(ln + 1, line, 'Unbalanced quotes in configuration line'));
      if (argv.length === 0) continue;
      const name = argv[0].toLowerCase();
      if (name === 'include') {
        this.loadFromString(readFileSync(argv[1], 'latin1'), split);
        continue;
      }
      if (name === 'rename-command' || name === 'user' || name === 'loadmodule') continue;
      const d = this.defs.get(name);
      if (d === undefined) throw new Error(configError(ln + 1, line, 'Bad directive or wrong number of arguments'));
      let value: string;
      if (d.type === 'special') {
        value = argv.slice(1).join(' ');
        if (d.name === 'save') {
          if (!savesSeen) {
            savesSeen = true;
          } else if (value !== '') {
            const prev = this.getString('save');
            value = prev === '' ? value : prev + ' ' + value;
          }
        }
      } else {
        if (argv.length !== 2) throw new Error(configError(ln + 1, line, 'wrong number of arguments'));
        value = argv[1];
      }
      const err = this.setFromString(d, value, true);
      if (err !== null) throw new Error(configError(ln + 1, line, err));
    }
  }
}

function configError(ln: number, line: string, msg: string): string {
  return '\n*** FATAL CONFIG FILE ERROR (Redis 7.2.4) ***\nReading the configuration file, at line ' + ln + '\n>>> \'' + line + '\'\n' + msg;
}
