/**
 * The command dispatcher: Redis's `processCommand` (checks, in Redis's order) and `call`
 * (execution, stats, monitor feed, blocked-client wakeups).
 *
 * Checks, in order: lookup, arity, authentication, MULTI no-multi, RESP2 Pub/Sub context,
 * loading, busy script, client pause, then MULTI queueing or execution. Handlers hold only
 * their command's own logic.
 */
import { performance } from 'node:perf_hooks';
import type { Client } from '../server/client.js';
import { CLIENT_MULTI, CLIENT_DIRTY_EXEC, CLIENT_PUBSUB, CLIENT_BLOCKED, CLIENT_TRACKING, CLIENT_MONITOR, CLIENT_SCRIPT } from '../server/client.js';
import { Tracking } from '../server/tracking.js';
import { discardTransaction } from './transactions.js';
import { cstr } from '../util/str-objects.js';
import type { RedisServer } from '../server/server.js';
import { RedisCommand, CMD_NO_AUTH, CMD_NO_MULTI, CMD_LOADING, CMD_ALLOW_BUSY, CMD_WRITE, CMD_READONLY, CMD_MAY_REPLICATE, CMD_SKIP_MONITOR, CMD_SKIP_SLOWLOG, CMD_ADMIN } from './types.js';

/**
 * Resolves argv to a command or subcommand (Redis `lookupCommand`): names are
 * case-insensitive; a container called with only its name resolves to the container
 * itself (so the arity check reports it).
 * @returns the command, or undefined when unknown.
 */
export function lookupCommand(server: RedisServer, argv: readonly string[]): RedisCommand | undefined {
  const name = argv[0];
  // commandLookup holds every lowercase name plus the other spellings seen so far ("GET"),
  // so the usual case is one Map probe and no lower-casing.
  let base = server.commandLookup.get(name);
  if (base === undefined) {
    base = server.commands.get(name.toLowerCase());
    if (base === undefined) return undefined;
    if (server.commandLookup.size < 8192) server.commandLookup.set(name, base);
  }
  if (base.subcommands === null || argv.length === 1) return base;
  return base.subcommands.get(argv[1].toLowerCase());
}

/** Formats an argument list the way Redis's unknown-command error does. */
function argsBeginningWith(argv: readonly string[]): string {
  let args = '';
  // Redis formats each argument with %.*s: it ends at the argument's first NUL byte.
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    args += "'" + cstr(argv[i]).slice(0, 128 - args.length) + "' ";
  }
  return args;
}

/**
 * Replies with an error for a command that is rejected before execution (Redis
 * `rejectCommand`): inside MULTI the transaction is flagged to abort, and the command's
 * rejected_calls counter is incremented.
 */
export function rejectCommand(c: Client, err: string): void {
  if ((c.flags & CLIENT_MULTI) !== 0) c.flags |= CLIENT_DIRTY_EXEC;
  const cmd = c.cmd;
  if (cmd !== null) cmd.stats.rejectedCalls++;
  if (cmd !== null && cmd.parent === null && cmd.name === 'exec') {
    // Redis execCommandAbort: a rejected EXEC also discards the transaction.
    discardTransaction(c);
    c.addReplyError('-EXECABORT Transaction discarded because of: ' + (err.charCodeAt(0) === 45 ? err.slice(1) : err));
    return;
  }
  c.addReplyError(err);
}

/**
 * Processes the command in `c.argv` (Redis `processCommand`).
 * @returns false when the client must stop processing input (it was blocked, paused or
 *   is being closed), true otherwise.
 */
export function processCommand(server: RedisServer, c: Client): boolean {
  const argv = c.argv;
  const cmd = lookupCommand(server, argv);
  // Redis: c->cmd = c->lastcmd = lookupCommand(...), before any check (CLIENT LIST cmd=).
  c.cmd = c.lastcmd = cmd ?? null;
  if (cmd === undefined) {
    const base = server.commands.get(argv[0].toLowerCase());
    if (base !== undefined && base.subcommands !== null) {
      rejectCommand(c, "unknown subcommand '" + cstr(argv[1]).slice(0, 128) + "'. Try " + cstr(argv[0]).toUpperCase() + ' HELP.');
    } else {
      rejectCommand(c, "unknown command '" + cstr(argv[0]).slice(0, 128) + "', with args beginning with: " + argsBeginningWith(argv));
    }
    return true;
  }
  const argc = argv.length;
  const arity = cmd.arity;
  if ((arity > 0 && arity !== argc) || argc < -arity) {
    rejectCommand(c, "wrong number of arguments for '" + cmd.fullname + "' command");
    return true;
  }
  const flags = cmd.flags;
  if (!c.authenticated && (flags & CMD_NO_AUTH) === 0) {
    rejectCommand(c, '-NOAUTH Authentication required.');
    return true;
  }
  // MONITOR clients are flagged as replicas in Redis: they may not touch the keyspace.
  if ((c.flags & CLIENT_MONITOR) !== 0 && (flags & (CMD_WRITE | CMD_READONLY | CMD_MAY_REPLICATE)) !== 0) {
    rejectCommand(c, "Replica can't interact with the keyspace");
    return true;
  }
  // Redis writeCommandsDeniedByDiskError: after a failed background save (with
  // stop-writes-on-bgsave-error) writes and PING get the MISCONF error.
  if ((flags & CMD_WRITE) !== 0 || cmd.name === 'ping') {
    const diskError = server.persistence.writeError();
    if (diskError !== null) {
      rejectCommand(c, diskError);
      return true;
    }
  }
  const inMulti = (c.flags & CLIENT_MULTI) !== 0;
  if (inMulti && (flags & CMD_NO_MULTI) !== 0) {
    rejectCommand(c, 'Command not allowed inside a transaction');
    return true;
  }
  if ((c.flags & CLIENT_PUBSUB) !== 0 && c.resp === 2 && !server.isPubsubContextCommand(cmd)) {
    rejectCommand(
      c,
      "Can't execute '" + cmd.fullname + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
    );
    return true;
  }
  if (server.loading && (flags & CMD_LOADING) === 0) {
    rejectCommand(c, '-LOADING Redis is loading the dataset in memory');
    return true;
  }
  if (server.busyScriptClient !== null && (flags & CMD_ALLOW_BUSY) === 0) {
    rejectCommand(c, server.busyErrorText(cmd));
    return true;
  }
  if (server.pauseActions !== 0 && !inMulti && server.shouldPauseCommand(c, cmd, (flags & (CMD_WRITE | CMD_MAY_REPLICATE)) !== 0)) {
    server.postponeClient(c);
    return false;
  }
  if (inMulti && !server.isMultiControlCommand(cmd)) {
    server.queueMultiCommand(c, cmd);
    c.addReplyProto('+QUEUED\r\n');
    return true;
  }
  call(server, c, cmd);
  if (server.tracking.hasPendingForCurrent) server.tracking.handlePendingForCurrent(c);
  if (server.readyKeys.length > 0) server.handleClientsBlockedOnKeys();
  return (c.flags & CLIENT_BLOCKED) === 0;
}

/**
 * Executes a command (Redis `call`): sets the command time snapshot, runs the handler,
 * then updates commandstats (calls, usec, failed_calls), total commands, and feeds
 * MONITOR clients.
 */
export function call(server: RedisServer, c: Client, cmd: RedisCommand): void {
  const prevErrors = server.stats.totalErrorReplies;
  const prevDirty = server.dirty;
  const prevNotify = server.notifyAttempts;
  server.currentClient = c;
  // Commands run by a script see the script's time snapshot (Redis 7 freezes the time
  // used for key expiry for the whole script); the scripting engine sets it.
  // One clock read per command: inside an input batch the start is the previous command's
  // end (server.callClock), and the ms snapshot is derived from the same reading. A
  // script's commands read the clock afresh: the Lua code run before them is not theirs.
  const chained = server.callClock;
  const start = chained >= 0 && (c.flags & CLIENT_SCRIPT) === 0 ? chained : performance.now();
  if ((c.flags & CLIENT_SCRIPT) === 0) server.cmdTimeSnapshot = Math.floor(start + server.wallOffset);
  cmd.proc(c);
  const end = performance.now();
  if (server.callClock >= 0) server.callClock = end;
  const usec = Math.round((end - start) * 1000);
  const stats = cmd.stats;
  stats.calls++;
  stats.usec += usec;
  if (server.stats.totalErrorReplies > prevErrors) stats.failedCalls++;
  if (server.latencyTracking) stats.recordLatency(usec);
  // Keyspace notifications cannot be forgotten: a write that dirtied the dataset must have
  // raised an event (commands Redis itself leaves silent are listed in SILENT_WRITES).
  if (server.dirty !== prevDirty && server.notifyAttempts === prevNotify && (cmd.flags & CMD_WRITE) !== 0 && !SILENT_WRITES.has(cmd.fullname)) {
    server.reportMissingNotification(cmd);
  }
  if ((c.flags & CLIENT_TRACKING) !== 0 && Tracking.shouldRemember(c, cmd) && !isReadOnlyScriptCommand(cmd)) server.tracking.rememberKeys(c, cmd, c.argv);
  server.stats.numCommands++;
  c.commandsProcessed++;
  if (server.monitors.length > 0 && (cmd.flags & (CMD_SKIP_MONITOR | CMD_ADMIN)) === 0) server.feedMonitors(c, c.argv);
  if ((cmd.flags & CMD_SKIP_SLOWLOG) === 0) server.slowlogPushEntryIfNeeded(c, c.argv, usec);
  server.currentClient = null;
}

/** EVAL_RO, EVALSHA_RO and FCALL_RO: their keys are tracked through the commands they run. */
function isReadOnlyScriptCommand(cmd: RedisCommand): boolean {
  const n = cmd.name;
  return n === 'eval_ro' || n === 'evalsha_ro' || n === 'fcall_ro';
}

/**
 * Write commands that change `dirty` without any keyspace event in Redis too: flushes,
 * SWAPDB (Redis signals no per-key event), scripting/function management, and commands
 * whose events belong to the commands they run (EXEC, EVAL, FCALL).
 */
const SILENT_WRITES: ReadonlySet<string> = new Set([
  'flushall', 'flushdb', 'swapdb', 'exec',
  'eval', 'evalsha', 'fcall',
  'function|load', 'function|delete', 'function|flush', 'function|restore',
  'script|load', 'script|flush',
  'restore-asking', 'pfdebug',
  // Stream commands that Redis 7.2 leaves silent while they dirty the dataset (t_stream.c):
  // PEL and group-cursor changes raise no event (a consumer they create raises
  // xgroup-createconsumer).
  'xack', 'xclaim', 'xautoclaim', 'xreadgroup',
]);
