/**
 * Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH (Redis multi.c).
 *
 * Commands sent after MULTI are queued (the dispatcher replies +QUEUED). A queueing error
 * (unknown command, wrong arity, ...) flags the transaction so EXEC answers EXECABORT. A
 * touched WATCHed key (any write, expiry, FLUSHDB/FLUSHALL/SWAPDB) makes EXEC answer a
 * null array. Inside EXEC, blocking commands behave as their non-blocking forms.
 */
import type { CommandSpec, RedisCommand } from './types.js';
import type { Client, MultiCmd } from '../server/client.js';
import { CLIENT_MULTI, CLIENT_DIRTY_CAS, CLIENT_DIRTY_EXEC, CLIENT_EXECUTING_MULTI, CLIENT_DENY_BLOCKING, CLIENT_BLOCKED } from '../server/client.js';
import { call } from './dispatch.js';

/** True for the commands that are never queued: MULTI, EXEC, DISCARD, WATCH, QUIT, RESET. */
export function isMultiControlCommand(cmd: RedisCommand): boolean {
  const n = cmd.name;
  return cmd.parent === null && (n === 'exec' || n === 'discard' || n === 'multi' || n === 'watch' || n === 'quit' || n === 'reset');
}

/**
 * Queues the current command (Redis `queueMultiCommand`). Once the transaction is already
 * doomed (EXECABORT or a touched WATCH) nothing more is stored, as in Redis.
 */
export function queueMultiCommand(c: Client, cmd: RedisCommand): void {
  if ((c.flags & (CLIENT_DIRTY_CAS | CLIENT_DIRTY_EXEC)) !== 0) return;
  c.mstate.push({ argv: c.argv, cmd });
}

/** Leaves MULTI state and forgets queued commands and WATCHes (Redis `discardTransaction`). */
export function discardTransaction(c: Client): void {
  c.mstate = [];
  c.flags &= ~(CLIENT_MULTI | CLIENT_DIRTY_CAS | CLIENT_DIRTY_EXEC);
  unwatchAllKeys(c);
}

/** Removes every WATCH of the client (Redis `unwatchAllKeys`). */
export function unwatchAllKeys(c: Client): void {
  const list = c.watchedKeys;
  if (list.length === 0) return;
  for (const wk of list) {
    const clients = wk.db.watchedKeys.get(wk.key);
    if (clients === undefined) continue;
    const i = clients.indexOf(c);
    if (i >= 0) clients.splice(i, 1);
    if (clients.length === 0) wk.db.watchedKeys.delete(wk.key);
  }
  c.watchedKeys = [];
}

/** Watches `key` in the client's current db (Redis `watchForKey`). */
function watchForKey(c: Client, key: string): void {
  const db = c.db;
  for (const wk of c.watchedKeys) if (wk.db === db && wk.key === key) return;
  let clients = db.watchedKeys.get(key);
  if (clients === undefined) {
    clients = [];
    db.watchedKeys.set(key, clients);
  }
  clients.push(c);
  c.watchedKeys.push({ key, db, expired: db.keyIsExpired(key) });
}

/**
 * True when a watched key, live at WATCH time, has logically expired since
 * (Redis `isWatchedKeyExpired`): EXEC then fails as if the key was touched.
 */
function isWatchedKeyExpired(c: Client): boolean {
  for (const wk of c.watchedKeys) {
    if (wk.expired) continue;
    if (wk.db.keyIsExpired(wk.key)) return true;
  }
  return false;
}

function multiCommand(c: Client): void {
  if ((c.flags & CLIENT_MULTI) !== 0) {
    c.addReplyError('MULTI calls can not be nested');
    return;
  }
  c.flags |= CLIENT_MULTI;
  c.addReplyOk();
}

function discardCommand(c: Client): void {
  if ((c.flags & CLIENT_MULTI) === 0) {
    c.addReplyError('DISCARD without MULTI');
    return;
  }
  discardTransaction(c);
  c.addReplyOk();
}

function execCommand(c: Client): void {
  if ((c.flags & CLIENT_MULTI) === 0) {
    c.addReplyError('EXEC without MULTI');
    return;
  }
  if (isWatchedKeyExpired(c)) c.flags |= CLIENT_DIRTY_CAS;
  if ((c.flags & (CLIENT_DIRTY_CAS | CLIENT_DIRTY_EXEC)) !== 0) {
    if ((c.flags & CLIENT_DIRTY_EXEC) !== 0) c.addReplyError('-EXECABORT Transaction discarded because of previous errors.');
    else c.addReplyNullArray();
    discardTransaction(c);
    return;
  }
  const queued = c.mstate;
  const origArgv = c.argv;
  const origCmd = c.cmd;
  unwatchAllKeys(c);
  c.flags |= CLIENT_EXECUTING_MULTI | CLIENT_DENY_BLOCKING;
  c.addReplyArrayLen(queued.length);
  execQueue(c, queued, 0, origArgv, origCmd);
}

/**
 * Runs EXEC's queue from `from`. A script in it that runs past busy-reply-threshold goes
 * busy as a plain EVAL does (other clients get BUSY, as in Redis); the queue stops there and
 * continues when the script ends (the scripting engine calls back), still atomically.
 */
function execQueue(c: Client, queued: MultiCmd[], from: number, origArgv: string[], origCmd: RedisCommand | null): void {
  const server = c.server;
  const engine = server.scripting.engine;
  for (let j = from; j < queued.length; j++) {
    c.argv = queued[j].argv;
    c.cmd = queued[j].cmd;
    engine.resumableExec = c;
    call(server, c, queued[j].cmd);
    engine.resumableExec = null;
    if ((c.flags & CLIENT_BLOCKED) !== 0) {
      engine.onBusyEnd(() => execQueue(c, queued, j + 1, origArgv, origCmd));
      return;
    }
  }
  c.flags &= ~(CLIENT_EXECUTING_MULTI | CLIENT_DENY_BLOCKING);
  c.argv = origArgv;
  c.cmd = origCmd;
  discardTransaction(c);
}

function watchCommand(c: Client): void {
  if ((c.flags & CLIENT_MULTI) !== 0) {
    c.addReplyError('WATCH inside MULTI is not allowed');
    return;
  }
  // No point watching if the client is already dirty.
  if ((c.flags & CLIENT_DIRTY_CAS) !== 0) {
    c.addReplyOk();
    return;
  }
  for (let j = 1; j < c.argv.length; j++) watchForKey(c, c.argv[j]);
  c.addReplyOk();
}

function unwatchCommand(c: Client): void {
  unwatchAllKeys(c);
  c.flags &= ~CLIENT_DIRTY_CAS;
  c.addReplyOk();
}

/** The transactions family. */
export const transactionCommands: CommandSpec[] = [
  { name: 'multi', proc: multiCommand },
  { name: 'exec', proc: execCommand },
  { name: 'discard', proc: discardCommand },
  { name: 'watch', proc: watchCommand },
  { name: 'unwatch', proc: unwatchCommand },
];
