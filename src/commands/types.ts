/**
 * Command table types (Redis `struct redisCommand`).
 *
 * A command family file (string.ts, generic.ts, ...) exports a `CommandSpec[]` listing
 * its commands with their handlers only; everything else about a command (arity, flags,
 * ACL categories, key specs, tips, docs) is data, looked up by full name from the
 * metadata table (src/commands/metadata) when the table is built. Family files end with
 * that one registration list, so the family's surface reads at a glance.
 */
import type { Client } from '../server/client.js';
import type { CommandMetadata } from './metadata/index.js';
import { LatencyHistogram } from '../server/stats.js';

/** A command handler: reads `c.argv`, writes its reply with `c.addReply*`. Never throws for bad input. */
export type CommandProc = (c: Client) => void;

/** What a family file declares for one command. */
export interface CommandSpec {
  /** Lowercase command name ("get"), or the subcommand name for entries of `subcommands`. */
  name: string;
  /** The handler; omitted for container commands, which dispatch to subcommands. */
  proc?: CommandProc;
  /** Subcommands of a container command (CONFIG, CLIENT, OBJECT, ...). */
  subcommands?: CommandSpec[];
}

/** Command flag bits (Redis CMD_*), derived from the metadata's flag names. */
export const CMD_WRITE = 1 << 0;
/** Reads the dataset only. */
export const CMD_READONLY = 1 << 1;
/** Refused when over maxmemory (may grow memory). */
export const CMD_DENYOOM = 1 << 2;
/** Implemented by a module. */
export const CMD_MODULE = 1 << 3;
/** Administrative (hidden from MONITOR). */
export const CMD_ADMIN = 1 << 4;
/** Pub/Sub related. */
export const CMD_PUBSUB = 1 << 5;
/** Not allowed from scripts. */
export const CMD_NOSCRIPT = 1 << 6;
/** May block the client. */
export const CMD_BLOCKING = 1 << 7;
/** Allowed while loading the dataset. */
export const CMD_LOADING = 1 << 8;
/** Allowed on a replica with stale data. */
export const CMD_STALE = 1 << 9;
/** Not fed to MONITOR. */
export const CMD_SKIP_MONITOR = 1 << 10;
/** Not recorded in the slowlog. */
export const CMD_SKIP_SLOWLOG = 1 << 11;
/** Cluster ASKING related. */
export const CMD_ASKING = 1 << 12;
/** O(1) or O(log N), never delays the server. */
export const CMD_FAST = 1 << 13;
/** Allowed before authentication. */
export const CMD_NO_AUTH = 1 << 14;
/** May replicate even when not a write (e.g. PUBLISH). */
export const CMD_MAY_REPLICATE = 1 << 15;
/** Available in sentinel mode. */
export const CMD_SENTINEL = 1 << 16;
/** Only in sentinel mode. */
export const CMD_ONLY_SENTINEL = 1 << 17;
/** Keys are optional. */
export const CMD_NO_MANDATORY_KEYS = 1 << 18;
/** Protected (enable-*-command configs). */
export const CMD_PROTECTED = 1 << 19;
/** Module key extraction. */
export const CMD_MODULE_GETKEYS = 1 << 20;
/** Module command refused in cluster mode. */
export const CMD_MODULE_NO_CLUSTER = 1 << 21;
/** Refused during async loading. */
export const CMD_NO_ASYNC_LOADING = 1 << 22;
/** Refused inside MULTI. */
export const CMD_NO_MULTI = 1 << 23;
/** Key positions depend on the arguments (derived). */
export const CMD_MOVABLE_KEYS = 1 << 24;
/** Allowed while a script is busy. */
export const CMD_ALLOW_BUSY = 1 << 25;
/** Module channel extraction. */
export const CMD_MODULE_GETCHANNELS = 1 << 26;
/** May touch keys not in its arguments. */
export const CMD_TOUCHES_ARBITRARY_KEYS = 1 << 27;

/** Flag name (as COMMAND INFO prints it) -> bit. */
export const CMD_FLAG_BITS: Readonly<Record<string, number>> = {
  write: CMD_WRITE,
  readonly: CMD_READONLY,
  denyoom: CMD_DENYOOM,
  module: CMD_MODULE,
  admin: CMD_ADMIN,
  pubsub: CMD_PUBSUB,
  noscript: CMD_NOSCRIPT,
  blocking: CMD_BLOCKING,
  loading: CMD_LOADING,
  stale: CMD_STALE,
  skip_monitor: CMD_SKIP_MONITOR,
  skip_slowlog: CMD_SKIP_SLOWLOG,
  asking: CMD_ASKING,
  fast: CMD_FAST,
  no_auth: CMD_NO_AUTH,
  may_replicate: CMD_MAY_REPLICATE,
  sentinel: CMD_SENTINEL,
  only_sentinel: CMD_ONLY_SENTINEL,
  no_mandatory_keys: CMD_NO_MANDATORY_KEYS,
  protected: CMD_PROTECTED,
  module_no_cluster: CMD_MODULE_NO_CLUSTER,
  no_async_loading: CMD_NO_ASYNC_LOADING,
  no_multi: CMD_NO_MULTI,
  movablekeys: CMD_MOVABLE_KEYS,
  allow_busy: CMD_ALLOW_BUSY,
  touches_arbitrary_keys: CMD_TOUCHES_ARBITRARY_KEYS,
};

/** The part of a command's metadata the dispatcher needs. */
export interface CommandMetaCore {
  /** Redis arity: N means exactly N args (incl. the name), -N means at least N. */
  arity: number;
  /** Flag names as COMMAND INFO prints them. */
  flags: readonly string[];
  /** ACL categories as COMMAND INFO prints them ("@write", ...). */
  aclCategories: readonly string[];
}

/** Per-command statistics (INFO commandstats). */
export class CommandStats {
  /** Successful + failed executions. */
  calls = 0;
  /** Total execution time, microseconds. */
  usec = 0;
  /** Calls rejected before execution (arity, auth, OOM, ...). */
  rejectedCalls = 0;
  /** Calls that executed and replied with an error. */
  failedCalls = 0;
  /** Latency histogram for INFO latencystats (Redis `cmd->latency_histogram`); null until used or after RESETSTAT. */
  latency: LatencyHistogram | null = null;

  /** Records one execution's duration in microseconds (Redis `updateCommandLatencyHistogram`). */
  recordLatency(usec: number): void {
    let h = this.latency;
    if (h === null) h = this.latency = new LatencyHistogram();
    h.record(usec * 1000);
  }
}

/**
 * A resolved command table entry (Redis `struct redisCommand`). `meta` holds the full
 * metadata record for COMMAND INFO/DOCS; `arity` and `flags` are copied out for the
 * dispatcher's hot path.
 */
export class RedisCommand {
  /** Lowercase name ("get", or "flush" for CONFIG's subcommand). */
  readonly name: string;
  /** Full name: "get", or "config|get" for subcommands. */
  readonly fullname: string;
  /** Arity (see {@link CommandMetaCore.arity}). */
  readonly arity: number;
  /** Bitmask of CMD_* flags. */
  readonly flags: number;
  /** Legacy first key position (COMMAND INFO's first key; 0 when none). */
  readonly firstKey: number;
  /** The handler (a container's handler is never called). */
  readonly proc: CommandProc;
  /** The container command, for subcommands. */
  readonly parent: RedisCommand | null;
  /** Subcommands by lowercase name, for container commands. */
  readonly subcommands: Map<string, RedisCommand> | null;
  /** The full metadata record (COMMAND INFO / DOCS data). */
  readonly meta: CommandMetadata;
  /** INFO commandstats counters. */
  readonly stats: CommandStats = new CommandStats();

  constructor(name: string, parent: RedisCommand | null, meta: CommandMetadata, proc: CommandProc, subcommands: Map<string, RedisCommand> | null) {
    this.name = name;
    this.parent = parent;
    this.fullname = parent === null ? name : parent.name + '|' + name;
    this.meta = meta;
    this.arity = meta.arity;
    let flags = 0;
    for (const f of meta.flags) flags |= CMD_FLAG_BITS[f] ?? 0;
    this.flags = flags;
    this.firstKey = meta.firstKey;
    this.proc = proc;
    this.subcommands = subcommands;
  }
}
