/**
 * Server commands (Redis server.c, db.c, replication.c): the flush family, DBSIZE, TIME,
 * LASTSAVE, SHUTDOWN, MONITOR; INFO lives in info.ts and CONFIG in config.ts.
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { CLIENT_DENY_BLOCKING, CLIENT_MONITOR } from '../server/client.js';
import { configCommands } from './config.js';
import { infoCommand } from './info.js';
import { cstrLower } from '../util/str-objects.js';
import { string2ll } from '../util/numbers.js';

/**
 * Parses FLUSHALL/FLUSHDB's optional mode (Redis `getFlushCommandFlags`): SYNC, ASYNC, or
 * the `lazyfree-lazy-user-flush` default.
 * @returns true for ASYNC, false for SYNC, null after replying "syntax error".
 */
export function getFlushCommandFlags(c: Client): boolean | null {
  const argv = c.argv;
  if (argv.length === 2) {
    const m = cstrLower(argv[1]);
    if (m === 'sync') return false;
    if (m === 'async') return true;
  } else if (argv.length === 1) {
    return c.server.config.getBool('lazyfree-lazy-user-flush');
  }
  c.addReplySyntaxError();
  return null;
}

/**
 * FLUSHALL [ASYNC|SYNC] (spec/flushall.md): empties every database and nothing else
 * (functions and the script cache survive), adds the removed keys to `dirty`, and runs the persistence hooks (reset the RDB file, abort a save in progress).
 */
function flushallCommand(c: Client): void {
  const async = getFlushCommandFlags(c);
  if (async === null) return;
  const server = c.server;
  server.dirty += server.emptyData(-1, async);
  // Persistence hooks: abort a BGSAVE, and with save points write an empty RDB (which resets
  // dirty). No extra dirty++: redis-server 7.0.15 reports rdb_changes_since_last_save 0 after
  // FLUSHALL with save points and exactly the removed-key count without (flushAllDataAndResetRDB).
  for (const hook of server.flushallHooks) hook();
  c.addReplyOk();
}

/** FLUSHDB [ASYNC|SYNC]: empties the selected database; the removed keys count toward `dirty`. */
function flushdbCommand(c: Client): void {
  const async = getFlushCommandFlags(c);
  if (async === null) return;
  const server = c.server;
  server.dirty += server.emptyData(c.db.id, async);
  c.addReplyOk();
}

/** DBSIZE: keys in the selected db. */
function dbsizeCommand(c: Client): void {
  c.addReplyLongLong(c.db.size);
}

/** TIME: [unix seconds, microseconds] as two bulk strings (Redis `timeCommand`). */
function timeCommand(c: Client): void {
  const t = performance.timeOrigin + performance.now();
  const secs = Math.floor(t / 1000);
  const usec = Math.floor((t - secs * 1000) * 1000);
  c.addReplyArrayLen(2);
  c.addReplyBulk(String(secs));
  c.addReplyBulk(String(usec));
}

/** LASTSAVE: Unix time (seconds) of the last successful save. */
function lastsaveCommand(c: Client): void {
  c.addReplyLongLong(c.server.lastSave);
}

/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT] (Redis 7.2 `shutdownCommand`). On success
 * the connection gets no reply: the server closes every client and its listeners (the
 * standalone binary then exits). ABORT answers "No shutdown in progress." since a Cinder
 * shutdown never waits for replicas.
 */
function shutdownCommand(c: Client): void {
  let nosave = false;
  let save = false;
  let now = false;
  let force = false;
  let abort = false;
  for (let i = 1; i < c.argv.length; i++) {
    const a = cstrLower(c.argv[i]);
    if (a === 'nosave') nosave = true;
    else if (a === 'save') save = true;
    else if (a === 'now') now = true;
    else if (a === 'force') force = true;
    else if (a === 'abort') abort = true;
    else {
      c.addReplySyntaxError();
      return;
    }
  }
  if ((abort && (nosave || save || now || force)) || (nosave && save)) {
    c.addReplySyntaxError();
    return;
  }
  if (abort) {
    c.addReplyError('No shutdown in progress.');
    return;
  }
  if (!now && (c.flags & CLIENT_DENY_BLOCKING) !== 0) {
    c.addReplyError("SHUTDOWN without NOW or ABORT isn't allowed for DENY BLOCKING client");
    return;
  }
  const server = c.server;
  if (!nosave && server.busyScriptClient !== null) {
    c.addReplyError('-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
    return;
  }
  // Redis shutdownCommand: a failed final save leaves the server running (unless FORCE).
  if (!server.prepareForShutdown(nosave ? false : save ? true : null, force)) {
    c.addReplyError('Errors trying to SHUTDOWN. Check logs.');
    return;
  }
  void server.finishShutdown();
}

/**
 * MONITOR (Redis `monitorCommand`): from now on the client receives every executed command
 * as a status line (see src/server/monitor.ts). Refused inside EXEC (DENY BLOCKING).
 */
function monitorCommand(c: Client): void {
  if ((c.flags & CLIENT_DENY_BLOCKING) !== 0) {
    c.addReplyError("MONITOR isn't allowed for DENY BLOCKING client");
    return;
  }
  if ((c.flags & CLIENT_MONITOR) !== 0) return;
  c.flags |= CLIENT_MONITOR;
  c.server.monitors.push(c);
  c.addReplyOk();
}

/**
 * SLOWLOG GET [count]: the newest `count` entries (default 10, -1 for all), each
 * [id, unix time, duration µs, [args], "ip:port", client name].
 */
function slowlogGetCommand(c: Client): void {
  if (c.argv.length > 3) {
    c.addReplySubcommandSyntaxError();
    return;
  }
  let count = 10;
  if (c.argv.length === 3) {
    const n = string2ll(c.argv[2]);
    if (n === null || n < -1) {
      c.addReplyError('count should be greater than or equal to -1');
      return;
    }
    count = n;
  }
  const entries = c.server.slowlog.entries;
  const n = count === -1 || count > entries.length ? entries.length : count;
  c.addReplyArrayLen(n);
  for (let i = 0; i < n; i++) {
    const e = entries[i];
    c.addReplyArrayLen(6);
    c.addReplyLongLong(e.id);
    c.addReplyLongLong(e.time);
    c.addReplyLongLong(e.duration);
    c.addReplyBulkArray(e.argv);
    c.addReplyBulk(e.peer);
    c.addReplyBulk(e.cname);
  }
}

/** SLOWLOG LEN. */
function slowlogLenCommand(c: Client): void {
  c.addReplyLongLong(c.server.slowlog.entries.length);
}

/** SLOWLOG RESET. */
function slowlogResetCommand(c: Client): void {
  c.server.slowlog.reset();
  c.addReplyOk();
}

/** SLOWLOG HELP (7.2 text). */
function slowlogHelpCommand(c: Client): void {
  c.addReplyHelp('SLOWLOG', [
    'GET [<count>]',
    '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
    '    Entries are made of:',
    '    id, timestamp, time in microseconds, arguments array, client IP and port,',
    '    client name',
    'LEN',
    '    Return the length of the slowlog.',
    'RESET',
    '    Reset the slowlog.',
  ]);
}

/** The server family. */
export const serverCommands: CommandSpec[] = [
  { name: 'flushall', proc: flushallCommand },
  { name: 'flushdb', proc: flushdbCommand },
  { name: 'dbsize', proc: dbsizeCommand },
  { name: 'time', proc: timeCommand },
  { name: 'lastsave', proc: lastsaveCommand },
  { name: 'shutdown', proc: shutdownCommand },
  { name: 'monitor', proc: monitorCommand },
  { name: 'info', proc: infoCommand },
  configCommands,
  {
    name: 'slowlog',
    subcommands: [
      { name: 'get', proc: slowlogGetCommand },
      { name: 'len', proc: slowlogLenCommand },
      { name: 'reset', proc: slowlogResetCommand },
      { name: 'help', proc: slowlogHelpCommand },
    ],
  },
];
