/**
 * Blocking operations on keys (Redis 7.2 blocked.c): BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP,
 * BZPOPMIN, BZPOPMAX, BZMPOP, XREAD/XREADGROUP BLOCK.
 *
 * ## How a blocking command uses this module (the API)
 *
 * A blocking command is written as its non-blocking form plus one call. Redis 7.2 serves a
 * blocked client by RE-EXECUTING its whole command once a key it waits on is ready (blocked.c
 * `unblockClientOnKey` -> `processCommandAndResetClient`), and so does Cinder. There is no
 * per-command "serve" callback: the handler itself is the retry.
 *
 * ```ts
 * function bzpopminCommand(c: Client): void {
 *   // 1. Parse the timeout FIRST (Redis order). Seconds, fractional allowed; 0 = forever.
 *   const timeout = getTimeoutFromObjectOrReply(c, c.argv[c.argv.length - 1], UNIT_SECONDS);
 *   if (timeout < 0) return;                  // error already replied
 *   // 2. Try to serve from the first non-empty key, WRONGTYPE on a wrong-type key, as Redis.
 *   for (const key of keys) { ... if served: reply and return ... }
 *   // 3. Inside MULTI/EXEC or a script the command must not block: non-blocking reply.
 *   if ((c.flags & CLIENT_DENY_BLOCKING) !== 0) { c.addReplyNullArray(); return; }
 *   // 4. Block. Nothing is replied now.
 *   c.server.blocking.blockForKeys(c, BLOCKED_ZSET, keys, timeout);
 * }
 * ```
 *
 * - `blockForKeys(c, btype, keys, timeoutAbsMs, unblockOnNoKey = false)` records the client on
 *   each key of `c.db` (arrival order), flags it CLIENT_BLOCKED (the input loop stops reading
 *   its pipelined commands), and remembers `c.argv`/`c.cmd`. `timeoutAbsMs` is an absolute
 *   Unix time in ms, 0 = block forever (what getTimeoutFromObjectOrReply returns). When the
 *   command is being re-executed after a wake-up and blocks again, the ORIGINAL timeout is
 *   kept (Redis CLIENT_REPROCESSING_COMMAND) and the client goes to the back of the queues.
 *   A handler may rewrite `c.argv` before calling blockForKeys (XREAD replaces `$` with the
 *   stream's last id, as Redis 7.2 does), since the re-execution runs that argv.
 * - When a write makes a key exist (RedisDb.dbAdd calls server.signalKeyAsReady, list pushes
 *   and zset adds may call it too), the dispatcher calls `handleClientsBlockedOnKeys()` after
 *   the top-level command (so after EXEC / a script as a whole). For each ready key, each
 *   client blocked on it, in arrival order, is woken when the key holds the type matching its
 *   `btype` (list -> BLOCKED_LIST, zset -> BLOCKED_ZSET, stream -> BLOCKED_STREAM), or always
 *   when it blocked with `unblockOnNoKey` (XREADGROUP: also woken when the key is deleted or
 *   changes type). A key of another type does NOT wake it: it keeps waiting (Redis 7.2).
 *   Waking = unblock from all its keys, re-run the command through the dispatcher's `call()`
 *   (stats, MONITOR, slowlog as usual), then resume its pipelined input.
 * - Timeout: the client gets a null array (RESP2 `*-1`, RESP3 `_`), Redis
 *   `replyToBlockedClientTimedOut` for LIST/ZSET/STREAM. Checked by a timer at the earliest
 *   deadline (Redis checks in beforeSleep; precision here is better than 1/hz).
 * - CLIENT UNBLOCK: `unblockClientByRequest(target, withError)`; TIMEOUT replies as on timeout,
 *   ERROR replies "-UNBLOCKED client unblocked via CLIENT UNBLOCK".
 * - Disconnect: `unblockClientOnDisconnect(c)` (called by RedisServer.freeClient).
 * - SWAPDB must call `scanDatabaseForReadyKeys(db)` for both dbs after swapping their
 *   contents (Redis `swapdb` -> scanDatabaseForReadyKeys); FLUSH* wakes nobody.
 * - Deleting / overwriting a key should call `signalDeletedKeyAsReady(db, key)` (Redis
 *   dbGenericDelete / dbSetValue do) so `unblockOnNoKey` clients (XREADGROUP) are woken.
 * - INFO / CLIENT LIST: `blockedClients`, `blockedClientsByType[btype]`, `totalBlockingKeys()`,
 *   `totalBlockingKeysOnNoKey()`, `clientsInTimeoutTable()`; `isBlockedOnKeys(c)`; `blockedKeysOf(c)`.
 */
import type { RedisServer } from './server.js';
import type { Client } from './client.js';
import { CLIENT_BLOCKED, CLIENT_CLOSE_ASAP } from './client.js';
import type { RedisDb } from '../keyspace/db.js';
import type { RedisCommand } from '../commands/types.js';
import { ObjType, typeOf } from '../keyspace/object.js';
import { call } from '../commands/dispatch.js';
import { parseLongDouble } from '../util/str-longdouble.js';

/** Blocking types (Redis BLOCKED_*), the `btype` of a blocked client. */
export const BLOCKED_NONE = 0;
/** BLPOP & co. */
export const BLOCKED_LIST = 1;
/** WAIT / WAITAOF (not key-based). */
export const BLOCKED_WAIT = 2;
/** Module blocked clients. */
export const BLOCKED_MODULE = 3;
/** XREAD / XREADGROUP BLOCK. */
export const BLOCKED_STREAM = 4;
/** BZPOPMIN & co. */
export const BLOCKED_ZSET = 5;
/** CLIENT PAUSE (handled by RedisServer.postponeClient, not here). */
export const BLOCKED_POSTPONE = 6;
/** Number of BLOCKED_* types. */
export const BLOCKED_NUM = 7;

/** Timeout units for {@link getTimeoutFromObjectOrReply}. */
export const UNIT_SECONDS = 0;
/** Milliseconds (XREAD BLOCK, WAIT). */
export const UNIT_MILLISECONDS = 1;

const LLONG_MAX = 9223372036854775807;

/** The blocking state of one blocked client (Redis `blockingState`), kept in `c.bstate`. */
export class BlockState {
  /** BLOCKED_* type. */
  btype: number;
  /** The db whose keys are waited on. */
  db: RedisDb;
  /** The keys waited on (no duplicates), in argument order. */
  keys: string[];
  /** Absolute Unix ms timeout, 0 = forever. */
  timeout: number;
  /** Also woken when a key is deleted or changes type (XREADGROUP). */
  unblockOnNoKey: boolean;
  /** The command to re-execute, and its arguments. */
  argv: string[];
  cmd: RedisCommand | null;

  constructor(btype: number, db: RedisDb, keys: string[], timeout: number, unblockOnNoKey: boolean, argv: string[], cmd: RedisCommand | null) {
    this.btype = btype;
    this.db = db;
    this.keys = keys;
    this.timeout = timeout;
    this.unblockOnNoKey = unblockOnNoKey;
    this.argv = argv;
    this.cmd = cmd;
  }
}

/**
 * Parses a blocking timeout argument (Redis `getTimeoutFromObjectOrReply`). With
 * UNIT_SECONDS the argument is a (long double) number of seconds, fractional allowed, rounded
 * up to ms; with UNIT_MILLISECONDS an integer of ms.
 *
 * Errors (replied to `c`): "timeout is not a float or out of range" (seconds) / "timeout is not
 * an integer or out of range" (ms), "timeout is out of range", "timeout is negative".
 * @returns the absolute Unix ms deadline (command time + timeout), 0 for "forever", or -1
 *   after replying an error.
 */
export function getTimeoutFromObjectOrReply(c: Client, arg: string, unit: number): number {
  let tval: number;
  if (unit === UNIT_SECONDS) {
    const f = string2ldTimeout(arg);
    if (f === null) {
      c.addReplyError('timeout is not a float or out of range');
      return -1;
    }
    const ms = f * 1000;
    if (ms > LLONG_MAX) {
      c.addReplyError('timeout is out of range');
      return -1;
    }
    tval = Math.ceil(ms);
    if (Object.is(tval, -0)) tval = 0;
  } else {
    const n = parseStrictLong(arg);
    if (n === null) {
      c.addReplyError('timeout is not an integer or out of range');
      return -1;
    }
    tval = n;
  }
  if (tval < 0) {
    c.addReplyError('timeout is negative');
    return -1;
  }
  if (tval > 0) {
    const now = c.server.commandTime();
    if (tval > LLONG_MAX - now) {
      c.addReplyError('timeout is out of range');
      return -1;
    }
    tval += now;
  }
  return tval;
}

/**
 * Redis `string2ld` (glibc strtold on the whole argument, via src/util/str-longdouble.ts) as a
 * JS number of seconds: rejects what Redis rejects (empty, >= 5k chars, leading space, trailing
 * garbage, NaN, overflow/underflow ERANGE). A positive value too small for a double is
 * returned as Number.MIN_VALUE so that ceil(ms) still gives 1 ms, as ceill does in Redis.
 */
function string2ldTimeout(s: string): number | null {
  const ld = parseLongDouble(s);
  if (ld === null) return null;
  if (ld.inf) return ld.neg ? -Infinity : Infinity;
  if (ld.m === 0n) return 0;
  const v = Number(ld.m) * Math.pow(2, ld.e);
  if (v === 0 || !Number.isFinite(v)) {
    // Scale in two steps to avoid intermediate under/overflow of 2^e.
    const half = Math.trunc(ld.e / 2);
    const w = Number(ld.m) * Math.pow(2, half) * Math.pow(2, ld.e - half);
    if (w === 0) return ld.neg ? -Number.MIN_VALUE : Number.MIN_VALUE;
    return ld.neg ? -w : w;
  }
  return ld.neg ? -v : v;
}

function parseStrictLong(s: string): number | null {
  if (!/^-?(?:0|[1-9]\d*)$/.test(s) || s === '-0' || s.length > 20) return null;
  const b = BigInt(s);
  if (b > 9223372036854775807n || b < -9223372036854775808n) return null;
  return Number(b);
}

/** The BLOCKED_* type that a value of type `t` can serve (Redis `getBlockedTypeByType`). */
export function getBlockedTypeByType(t: ObjType): number {
  switch (t) {
    case ObjType.List:
      return BLOCKED_LIST;
    case ObjType.ZSet:
      return BLOCKED_ZSET;
    case ObjType.Stream:
      return BLOCKED_STREAM;
    case ObjType.Module:
      return BLOCKED_MODULE;
    default:
      return BLOCKED_NONE;
  }
}

/** The server's blocking-operations state (Redis blocked.c globals). */
export class BlockingState {
  readonly server: RedisServer;
  /** Clients blocked on keys (Redis `server.blocked_clients`, key-based types only). */
  blockedClients = 0;
  /** Blocked clients per BLOCKED_* type (Redis `server.blocked_clients_by_type`). */
  readonly blockedClientsByType: number[] = new Array<number>(BLOCKED_NUM).fill(0);
  /** Clients with a finite timeout, for the timeout timer. */
  private readonly timeoutClients: Set<Client> = new Set();
  /** Per db: key -> number of unblockOnNoKey clients waiting on it. */
  private readonly noKeyCounts: Map<RedisDb, Map<string, number>> = new Map();
  private timer: NodeJS.Timeout | null = null;
  private timerDeadline = 0;
  /** The client whose command is being re-executed after a wake-up, or null. */
  private reprocessing: Client | null = null;
  /** The original deadline of the client being re-executed. */
  private reprocessingTimeout = 0;
  /** Guards against recursive handleClientsBlockedOnKeys (Redis in_handling_blocked_clients). */
  private inHandling = false;
  private readonly onTimerBound = (): void => this.onTimer();

  constructor(server: RedisServer) {
    this.server = server;
  }

  /** True when `c` is blocked on keys by this module. */
  isBlockedOnKeys(c: Client): boolean {
    return c.bstate instanceof BlockState;
  }

  /** The keys `c` is blocked on (empty when not blocked). */
  blockedKeysOf(c: Client): readonly string[] {
    return c.bstate instanceof BlockState ? c.bstate.keys : [];
  }

  /** Number of distinct keys clients are blocked on, over all dbs (INFO total_blocking_keys). */
  totalBlockingKeys(): number {
    let n = 0;
    for (const db of this.server.db) n += db.blockingKeys.size;
    return n;
  }

  /** Blocked clients with a finite timeout (INFO clients_in_timeout_table). */
  clientsInTimeoutTable(): number {
    return this.timeoutClients.size;
  }

  /** Keys blocked on by unblockOnNoKey clients (INFO total_blocking_keys_on_nokey). */
  totalBlockingKeysOnNoKey(): number {
    let n = 0;
    for (const m of this.noKeyCounts.values()) n += m.size;
    return n;
  }

  /**
   * Blocks `c` on `keys` of `c.db` (Redis `blockForKeys`). See the module comment.
   * @param btype BLOCKED_LIST / BLOCKED_ZSET / BLOCKED_STREAM.
   * @param timeout absolute Unix ms, 0 = forever (ignored when re-executing after a wake-up:
   *   the original deadline is kept).
   * @param unblockOnNoKey wake also when a key is deleted or changes type (XREADGROUP).
   */
  blockForKeys(c: Client, btype: number, keys: readonly string[], timeout: number, unblockOnNoKey = false): void {
    const finalTimeout = this.reprocessing === c ? this.reprocessingTimeout : timeout;
    const db = c.db;
    const uniq: string[] = [];
    for (const k of keys) if (!uniq.includes(k)) uniq.push(k);
    const bs = new BlockState(btype, db, uniq, finalTimeout, unblockOnNoKey, c.argv, c.cmd);
    c.bstate = bs;
    for (const k of uniq) {
      let l = db.blockingKeys.get(k);
      if (l === undefined) {
        l = [];
        db.blockingKeys.set(k, l);
      }
      l.push(c);
      if (unblockOnNoKey) {
        let m = this.noKeyCounts.get(db);
        if (m === undefined) this.noKeyCounts.set(db, (m = new Map()));
        m.set(k, (m.get(k) ?? 0) + 1);
      }
    }
    c.flags |= CLIENT_BLOCKED;
    this.blockedClients++;
    this.blockedClientsByType[btype]++;
    // Redis counts a blocked command's call when it is unblocked (call() skips blocked ones);
    // the dispatcher's call() is about to count this one, so compensate here.
    if (c.cmd !== null) c.cmd.stats.calls--;
    if (finalTimeout !== 0) {
      this.timeoutClients.add(c);
      this.armTimer(finalTimeout);
    }
  }

  /**
   * Removes `c` from every wait list and clears CLIENT_BLOCKED (Redis `unblockClient` for
   * key-based types). Replies nothing. @returns the state it had, or null when not blocked.
   */
  private releaseClient(c: Client): BlockState | null {
    const bs = c.bstate;
    if (!(bs instanceof BlockState)) return null;
    const db = bs.db;
    for (const k of bs.keys) {
      const l = db.blockingKeys.get(k);
      if (l !== undefined) {
        const i = l.indexOf(c);
        if (i >= 0) l.splice(i, 1);
        if (l.length === 0) db.blockingKeys.delete(k);
      }
      if (bs.unblockOnNoKey) {
        const m = this.noKeyCounts.get(db);
        if (m !== undefined) {
          const n = (m.get(k) ?? 1) - 1;
          if (n <= 0) m.delete(k);
          else m.set(k, n);
          if (m.size === 0) this.noKeyCounts.delete(db);
        }
      }
    }
    c.bstate = null;
    c.flags &= ~CLIENT_BLOCKED;
    this.blockedClients--;
    this.blockedClientsByType[bs.btype]--;
    this.timeoutClients.delete(c);
    return bs;
  }

  /**
   * Serves clients blocked on the keys in `server.readyKeys`, in arrival order (Redis
   * `handleClientsBlockedOnKeys`). Keys signalled while serving (BLMOVE pushing to a key
   * another client waits on) are processed in the same call.
   */
  handleClientsBlockedOnKeys(): void {
    if (this.inHandling) return;
    this.inHandling = true;
    const server = this.server;
    try {
      while (server.readyKeys.length > 0) {
        const list = server.readyKeys;
        server.readyKeys = [];
        for (let i = 0; i < list.length; i++) this.handleClientsBlockedOnKey(list[i].db, list[i].key);
      }
    } finally {
      this.inHandling = false;
    }
  }

  /** Redis `handleClientsBlockedOnKey`: wakes the waiters of one ready key, oldest first. */
  private handleClientsBlockedOnKey(db: RedisDb, key: string): void {
    const clients = db.blockingKeys.get(key);
    if (clients === undefined) return;
    // Only the clients waiting now: a re-executed command that blocks again goes to the back.
    const snapshot = clients.slice();
    for (const receiver of snapshot) {
      const bs = receiver.bstate;
      if (!(bs instanceof BlockState) || bs.db !== db) continue;
      const o = db.dict.get(key);
      const live = o !== undefined && !db.keyIsExpired(key);
      if ((live && bs.btype === getBlockedTypeByType(typeOf(o))) || bs.unblockOnNoKey) {
        this.unblockClientOnKey(receiver, bs);
      }
    }
  }

  /** Redis `unblockClientOnKey`: unblocks and re-executes the client's command. */
  private unblockClientOnKey(c: Client, bs: BlockState): void {
    const server = this.server;
    const cmd = bs.cmd;
    this.releaseClient(c);
    if (cmd === null || (c.flags & CLIENT_CLOSE_ASAP) !== 0) return;
    const prevReprocessing = this.reprocessing;
    const prevTimeout = this.reprocessingTimeout;
    const prevCurrent = server.currentClient;
    this.reprocessing = c;
    this.reprocessingTimeout = bs.timeout;
    c.argv = bs.argv;
    c.cmd = cmd;
    try {
      call(server, c, cmd);
    } finally {
      this.reprocessing = prevReprocessing;
      this.reprocessingTimeout = prevTimeout;
      server.currentClient = prevCurrent;
    }
    if ((c.flags & CLIENT_BLOCKED) === 0) server.resumeInput(c);
  }

  /**
   * Unblocks a client as CLIENT UNBLOCK does (Redis `clientCommand` "unblock"): with
   * `withError` it gets "-UNBLOCKED client unblocked via CLIENT UNBLOCK", otherwise the
   * timeout reply (null array). Its pipelined input then continues.
   * @returns true when `target` was blocked on keys (CLIENT UNBLOCK replies 1), else false.
   */
  unblockClientByRequest(target: Client, withError: boolean): boolean {
    const bs = this.releaseClient(target);
    if (bs === null) return false;
    const cmd = bs.cmd;
    if (withError) {
      target.addReplyError('-UNBLOCKED client unblocked via CLIENT UNBLOCK');
      this.updateStatsOnUnblock(cmd, true);
    } else {
      this.replyToBlockedClientTimedOut(target, bs);
    }
    this.server.resumeInput(target);
    return true;
  }

  /** Redis `replyToBlockedClientTimedOut` for key-based types: a null array. */
  private replyToBlockedClientTimedOut(c: Client, bs: BlockState): void {
    c.addReplyNullArray();
    this.updateStatsOnUnblock(bs.cmd, false);
  }

  /** Redis `updateStatsOnUnblock`: counts the call that ended without re-execution. */
  private updateStatsOnUnblock(cmd: RedisCommand | null, hadErrors: boolean): void {
    if (cmd !== null) {
      cmd.stats.calls++;
      if (hadErrors) cmd.stats.failedCalls++;
    }
    this.server.stats.numCommands++;
  }

  /** Removes a disconnecting client from every wait list (Redis `unblockClient` on free). */
  unblockClientOnDisconnect(c: Client): void {
    this.releaseClient(c);
  }

  /**
   * Signals every key of `db` some client waits on and that now exists (Redis
   * `scanDatabaseForReadyKeys`): SWAPDB calls it for both dbs after swapping their contents.
   */
  scanDatabaseForReadyKeys(db: RedisDb): void {
    for (const key of db.blockingKeys.keys()) {
      if (db.dict.has(key)) this.server.signalKeyAsReady(db, key);
    }
  }

  /**
   * Signals a deleted or overwritten key for clients blocked with unblockOnNoKey (Redis
   * `signalDeletedKeyAsReady`); a no-op when there are none.
   */
  signalDeletedKeyAsReady(db: RedisDb, key: string): void {
    const m = this.noKeyCounts.get(db);
    if (m === undefined || !m.has(key)) return;
    this.server.signalKeyAsReady(db, key);
  }

  /**
   * Redis `scanDatabaseForDeletedKeys` (called by FLUSHALL/FLUSHDB before emptying, with
   * `replacedWith` null, and by SWAPDB before swapping, for each db against the other): every
   * key of `emptied` that unblockOnNoKey clients (XREADGROUP) wait on and that disappears or
   * changes type is signalled, so their re-execution answers NOGROUP / WRONGTYPE.
   */
  scanDatabaseForDeletedKeys(emptied: RedisDb, replacedWith: RedisDb | null): void {
    const m = this.noKeyCounts.get(emptied);
    if (m === undefined) return;
    for (const key of m.keys()) {
      const o = emptied.dict.get(key);
      if (o === undefined) continue; // Redis: an original type of -1 can never block
      const originalType = typeOf(o);
      const btype = getBlockedTypeByType(originalType);
      if (btype === BLOCKED_NONE || (this.blockedClientsByType[btype] === 0 && this.blockedClientsByType[BLOCKED_MODULE] === 0)) continue;
      const n = replacedWith === null ? undefined : replacedWith.dict.get(key);
      if (n === undefined || typeOf(n) !== originalType) this.server.signalKeyAsReady(emptied, key);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Timeouts
  // ---------------------------------------------------------------------------------------

  private armTimer(deadline: number): void {
    if (this.timer !== null && this.timerDeadline <= deadline) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerDeadline = deadline;
    const delay = Math.max(0, Math.min(deadline - Date.now() + 1, 0x7fffffff));
    this.timer = setTimeout(this.onTimerBound, delay);
    this.timer.unref();
  }

  private onTimer(): void {
    this.timer = null;
    this.timerDeadline = 0;
    // Not while a script runs across turns: the script is atomic; retry shortly.
    if (this.server.busyScriptClient !== null) {
      this.armTimer(Date.now() + 10);
      return;
    }
    this.handleBlockedClientsTimeout();
  }

  /**
   * Replies to and unblocks every client whose deadline passed (Redis
   * `handleBlockedClientsTimeout`), then re-arms the timer for the next deadline.
   */
  handleBlockedClientsTimeout(): void {
    const now = Date.now();
    let next = 0;
    const expired: Client[] = [];
    for (const c of this.timeoutClients) {
      const bs = c.bstate as BlockState;
      if (bs.timeout < now) expired.push(c);
      else if (next === 0 || bs.timeout < next) next = bs.timeout;
    }
    for (const c of expired) {
      const bs = this.releaseClient(c);
      if (bs === null) continue;
      this.replyToBlockedClientTimedOut(c, bs);
      this.server.resumeInput(c);
    }
    if (next !== 0) this.armTimer(next);
  }
}
