/**
 * Client: one connection's state and its reply buffer, following Redis's networking.c.
 *
 * Handlers write replies with the `addReply*` methods, named as in Redis. Replies are
 * appended to an in-memory chunk list and written to the socket once per input batch
 * (DESIGN.md §3), so a pipeline of N commands costs one write.
 *
 * All strings are one-byte (latin1) strings; the socket encoding is latin1.
 */
import type { Socket } from 'node:net';
import type { RedisServer } from './server.js';
import type { RedisDb } from '../keyspace/db.js';
import type { RedisCommand } from '../commands/types.js';
import { RequestParser } from '../protocol/parser.js';
import { formatDouble } from '../util/numbers.js';
import type { TrackingClientState } from './tracking.js';

/** Client flags (Redis CLIENT_*), a bitmask in {@link Client.flags}. */
export const CLIENT_MULTI = 1 << 0;
/** A WATCHed key was touched: EXEC will fail. */
export const CLIENT_DIRTY_CAS = 1 << 1;
/** Close the connection once the pending replies are written. */
export const CLIENT_CLOSE_AFTER_REPLY = 1 << 2;
/** A queueing error happened inside MULTI: EXEC answers EXECABORT. */
export const CLIENT_DIRTY_EXEC = 1 << 3;
/** The client is blocked (BLPOP & co). */
export const CLIENT_BLOCKED = 1 << 4;
/** CLIENT REPLY OFF. */
export const CLIENT_REPLY_OFF = 1 << 5;
/** CLIENT REPLY SKIP: set for the next command. */
export const CLIENT_REPLY_SKIP_NEXT = 1 << 6;
/** CLIENT REPLY SKIP: in effect for the current command. */
export const CLIENT_REPLY_SKIP = 1 << 7;
/** The client is a MONITOR. */
export const CLIENT_MONITOR = 1 << 8;
/** Subscribed to channels/patterns (RESP2 pub/sub mode). */
export const CLIENT_PUBSUB = 1 << 9;
/** CLIENT NO-EVICT on. */
export const CLIENT_NO_EVICT = 1 << 10;
/** CLIENT NO-TOUCH on. */
export const CLIENT_NO_TOUCH = 1 << 11;
/** Fake client (scripts, AOF loading): no socket. */
export const CLIENT_FAKE = 1 << 12;
/** Being closed; ignore further input. */
export const CLIENT_CLOSE_ASAP = 1 << 13;
/** The client is executing a script (Lua client). */
export const CLIENT_SCRIPT = 1 << 14;
/** Client-side caching (CLIENT TRACKING) is on. */
export const CLIENT_TRACKING = 1 << 15;
/** Paused by CLIENT PAUSE, waiting to be resumed. */
export const CLIENT_PAUSED = 1 << 16;
/** Executing the commands of EXEC. */
export const CLIENT_EXECUTING_MULTI = 1 << 17;
/**
 * Blocking commands must not block (Redis CLIENT_DENY_BLOCKING): set while EXEC runs its
 * queue and for the script client. Blocking commands then behave as their non-blocking forms.
 */
export const CLIENT_DENY_BLOCKING = 1 << 18;

const SUPPRESS_REPLY = CLIENT_REPLY_OFF | CLIENT_REPLY_SKIP;

/** One queued command inside MULTI (Redis `multiCmd`). */
export interface MultiCmd {
  /** The command's arguments, one-byte strings. */
  argv: string[];
  /** The resolved command. */
  cmd: RedisCommand;
}

/** A watched key (Redis `watchedKey`). */
export interface WatchedKey {
  /** The watched key. */
  key: string;
  /** The db it lives in. */
  db: RedisDb;
  /** The key was already logically expired when WATCHed (Redis `watchedKey.expired`). */
  expired: boolean;
}

/**
 * A client connection, or a fake client (scripts) when `socket` is null.
 */
export class Client {
  /** Unique, increasing client id (CLIENT ID). */
  readonly id: number;
  readonly server: RedisServer;
  /** The TCP socket, or null for fake clients. */
  socket: Socket | null;
  /** Request parser for this connection. */
  readonly parser: RequestParser;
  /** The current command's arguments (one-byte strings); argv[0] is the command name. */
  argv: string[] = [];
  /** The selected database. */
  db: RedisDb;
  /** Protocol version: 2 (RESP2) or 3 (RESP3). */
  resp = 2;
  /** Bitmask of CLIENT_* flags. */
  flags = 0;
  /** The command being executed, or the last one executed. */
  cmd: RedisCommand | null = null;
  /** The last command executed (for CLIENT LIST `cmd=`). */
  lastcmd: RedisCommand | null = null;
  /** Connection name (CLIENT SETNAME), or '' when unset. */
  name = '';
  /** CLIENT SETINFO lib-name / lib-ver. */
  libName = '';
  libVer = '';
  /** True once authenticated (always true when no password is required). */
  authenticated = true;
  /** The ACL user name. */
  user = 'default';
  /** Creation time, Unix ms. */
  readonly ctime: number;
  /** Time of the last command, Unix ms (CLIENT LIST idle). */
  lastinteraction: number;
  /** "ip:port" of the peer, and of the local end. */
  addr = '';
  laddr = '';
  /** Queued commands while in MULTI. */
  mstate: MultiCmd[] = [];
  /** Keys this client WATCHes. */
  watchedKeys: WatchedKey[] = [];
  /** Reply chunks not yet written to the socket. */
  reply: string[] = [];
  /** Bytes in `reply` (one byte per char). */
  replyBytes = 0;
  /** Set while the client is in the server's pending-write list. */
  pendingWrite = false;
  /** Blocking state (BLPOP & co), owned by the blocking module; null when not blocked. */
  bstate: unknown = null;
  /** Pub/Sub channels, patterns and shard channels subscribed to. */
  pubsubChannels: Set<string> = new Set();
  pubsubPatterns: Set<string> = new Set();
  pubsubShardChannels: Set<string> = new Set();
  /** When the output buffer first went over the soft limit, Unix ms (0 = not over). */
  obufSoftLimitReachedTime = 0;
  /** Client-side caching options while CLIENT TRACKING is on (src/server/tracking.ts), else null. */
  tracking: TrackingClientState | null = null;
  /** Total bytes read from / written to this connection (CLIENT INFO tot-net-in/out). */
  netInputBytes = 0;
  netOutputBytes = 0;
  /** Number of commands processed for this client. */
  commandsProcessed = 0;

  constructor(server: RedisServer, socket: Socket | null, id: number) {
    this.server = server;
    this.socket = socket;
    this.id = id;
    this.db = server.db[0];
    this.parser = new RequestParser(server.parserLimits);
    this.ctime = Date.now();
    this.lastinteraction = this.ctime;
    if (socket !== null) {
      this.addr = formatAddr(socket.remoteAddress, socket.remotePort);
      this.laddr = formatAddr(socket.localAddress, socket.localPort);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Low-level output
  // ---------------------------------------------------------------------------------------

  /** Appends raw protocol bytes to the reply buffer (Redis `addReplyProto`). */
  addReplyProto(s: string): void {
    if ((this.flags & SUPPRESS_REPLY) !== 0) return;
    this.reply.push(s);
    this.replyBytes += s.length;
    if (!this.pendingWrite) this.server.markPendingWrite(this);
  }

  /**
   * Appends a RESP3 push frame (Pub/Sub messages, invalidations) regardless of CLIENT REPLY
   * OFF, as Redis does for out-of-band data. Under RESP2 the caller sends an array instead.
   */
  addReplyPushProto(s: string): void {
    this.reply.push(s);
    this.replyBytes += s.length;
    if (!this.pendingWrite) this.server.markPendingWrite(this);
  }

  /** Writes the pending replies to the socket in one write (Redis `writeToClient`). */
  flush(): void {
    this.pendingWrite = false;
    const socket = this.socket;
    if (this.reply.length === 0) {
      if ((this.flags & CLIENT_CLOSE_AFTER_REPLY) !== 0 && socket !== null) this.server.freeClient(this);
      return;
    }
    const data = this.reply.length === 1 ? this.reply[0] : this.reply.join('');
    this.reply = [];
    this.replyBytes = 0;
    if (socket === null) return;
    if (!socket.destroyed) {
      this.netOutputBytes += data.length;
      this.server.stats.netOutputBytes += data.length;
      this.server.stats.totalWritesProcessed++;
      socket.write(data, 'latin1');
    }
    if ((this.flags & CLIENT_CLOSE_AFTER_REPLY) !== 0) this.server.freeClient(this);
  }

  /** Takes the pending reply bytes out of the buffer (used by fake clients: scripts, MULTI capture). */
  takeReply(): string {
    const data = this.reply.join('');
    this.reply = [];
    this.replyBytes = 0;
    return data;
  }

  // ---------------------------------------------------------------------------------------
  // Reply builders (Redis addReply* family)
  // ---------------------------------------------------------------------------------------

  /** `+OK`. */
  addReplyOk(): void {
    this.addReplyProto('+OK\r\n');
  }

  /** Simple string reply `+<s>` (Redis `addReplyStatus`). `s` must not contain CR/LF. */
  addReplyStatus(s: string): void {
    this.addReplyProto('+' + s + '\r\n');
  }

  /**
   * Error reply (Redis `addReplyError`). When `msg` starts with '-', it is sent as is
   * (e.g. "-WRONGTYPE Operation against ..."); otherwise "-ERR " is prepended. CR/LF in the
   * message are turned into spaces. Counts the error in INFO errorstats.
   */
  addReplyError(msg: string): void {
    let m = msg.charCodeAt(0) === 45 ? msg : '-ERR ' + msg;
    if (m.indexOf('\r') >= 0 || m.indexOf('\n') >= 0) m = m.replace(/[\r\n]/g, ' ');
    this.addReplyProto(m + '\r\n');
    this.server.afterErrorReply(this, m);
  }

  /** Redis's shared "-WRONGTYPE Operation against a key holding the wrong kind of value". */
  addReplyWrongType(): void {
    this.addReplyError('-WRONGTYPE Operation against a key holding the wrong kind of value');
  }

  /** Redis's shared syntax error "-ERR syntax error". */
  addReplySyntaxError(): void {
    this.addReplyError('syntax error');
  }

  /** Bulk string reply `$<len>\r\n<bytes>\r\n` (Redis `addReplyBulk`). */
  addReplyBulk(s: string): void {
    this.addReplyProto('$' + s.length + '\r\n' + s + '\r\n');
  }

  /** Bulk string or null: `addReplyBulk` when `s` is a string, null otherwise. */
  addReplyBulkOrNull(s: string | null | undefined): void {
    if (s === null || s === undefined) this.addReplyNull();
    else this.addReplyBulk(s);
  }

  /** Integer reply `:<n>` (Redis `addReplyLongLong`). `n` is an integer (number or bigint). */
  addReplyLongLong(n: number | bigint): void {
    this.addReplyProto(':' + n + '\r\n');
  }

  /** Null reply: RESP2 null bulk `$-1`, RESP3 `_` (Redis `addReplyNull`). */
  addReplyNull(): void {
    this.addReplyProto(this.resp === 2 ? '$-1\r\n' : '_\r\n');
  }

  /** Null array: RESP2 `*-1`, RESP3 `_` (Redis `addReplyNullArray`). */
  addReplyNullArray(): void {
    this.addReplyProto(this.resp === 2 ? '*-1\r\n' : '_\r\n');
  }

  /** Boolean: RESP2 `:1`/`:0`, RESP3 `#t`/`#f` (Redis `addReplyBool`). */
  addReplyBool(b: boolean): void {
    if (this.resp === 2) this.addReplyProto(b ? ':1\r\n' : ':0\r\n');
    else this.addReplyProto(b ? '#t\r\n' : '#f\r\n');
  }

  /**
   * Double: RESP2 bulk string, RESP3 `,<d>`, formatted as Redis 7.2 does (shortest
   * round-trip; "inf", "-inf") (Redis `addReplyDouble`).
   */
  addReplyDouble(d: number): void {
    const s = formatDouble(d);
    if (this.resp === 2) this.addReplyProto('$' + s.length + '\r\n' + s + '\r\n');
    else this.addReplyProto(',' + s + '\r\n');
  }

  /**
   * A double already formatted by the caller (e.g. INCRBYFLOAT's long double text): bulk in
   * RESP2, `,<s>` in RESP3 (Redis `addReplyHumanLongDouble`).
   */
  addReplyHumanDouble(s: string): void {
    if (this.resp === 2) this.addReplyProto('$' + s.length + '\r\n' + s + '\r\n');
    else this.addReplyProto(',' + s + '\r\n');
  }

  /** Big number: RESP3 `(<digits>`, RESP2 bulk string (Redis `addReplyBigNum`). */
  addReplyBigNum(digits: string): void {
    if (this.resp === 2) this.addReplyProto('$' + digits.length + '\r\n' + digits + '\r\n');
    else this.addReplyProto('(' + digits + '\r\n');
  }

  /**
   * Verbatim string: RESP3 `=<len>\r\n<ext>:<s>`, RESP2 plain bulk (Redis
   * `addReplyVerbatim`). `ext` is a three-letter format such as "txt".
   */
  addReplyVerbatim(s: string, ext: string): void {
    if (this.resp === 2) this.addReplyBulk(s);
    else this.addReplyProto('=' + (s.length + 4) + '\r\n' + ext + ':' + s + '\r\n');
  }

  /** Array header `*<n>` (Redis `addReplyArrayLen`). */
  addReplyArrayLen(n: number): void {
    this.addReplyProto('*' + n + '\r\n');
  }

  /** Map header: RESP3 `%<n>` (n pairs), RESP2 `*<2n>` (Redis `addReplyMapLen`). */
  addReplyMapLen(n: number): void {
    this.addReplyProto(this.resp === 2 ? '*' + n * 2 + '\r\n' : '%' + n + '\r\n');
  }

  /** Set header: RESP3 `~<n>`, RESP2 `*<n>` (Redis `addReplySetLen`). */
  addReplySetLen(n: number): void {
    this.addReplyProto(this.resp === 2 ? '*' + n + '\r\n' : '~' + n + '\r\n');
  }

  /** Attribute header: RESP3 `|<n>`; RESP2 clients get nothing (Redis `addReplyAttributeLen`). */
  addReplyAttributeLen(n: number): void {
    if (this.resp === 3) this.addReplyProto('|' + n + '\r\n');
  }

  /** Push header: RESP3 `><n>`, RESP2 `*<n>` (Redis `addReplyPushLen`). */
  addReplyPushLen(n: number): void {
    this.addReplyProto(this.resp === 2 ? '*' + n + '\r\n' : '>' + n + '\r\n');
  }

  /** An array of bulk strings. */
  addReplyBulkArray(items: readonly string[]): void {
    let s = '*' + items.length + '\r\n';
    for (let i = 0; i < items.length; i++) s += '$' + items[i].length + '\r\n' + items[i] + '\r\n';
    this.addReplyProto(s);
  }

  /** Help reply: an array of status lines (Redis `addReplyHelp`), with the standard header and footer. */
  addReplyHelp(command: string, lines: readonly string[]): void {
    const cmd = command.toUpperCase();
    this.addReplyArrayLen(lines.length + 3);
    this.addReplyStatus(cmd + ' <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    for (const l of lines) this.addReplyStatus(l);
    this.addReplyStatus('HELP');
    this.addReplyStatus('    Print this help.');
  }

  /**
   * Error for an unknown subcommand, as Redis's `addReplySubcommandSyntaxError`:
   * "ERR unknown subcommand or wrong number of arguments for '<sub>'. Try <CMD> HELP."
   */
  addReplySubcommandSyntaxError(): void {
    const sub = (this.argv[1] ?? '').slice(0, 128);
    this.addReplyError("unknown subcommand or wrong number of arguments for '" + sub + "'. Try " + (this.argv[0] ?? '').toUpperCase() + ' HELP.');
  }

  /**
   * Reserves a place for an aggregate header whose length is known only later (Redis
   * `addReplyDeferredLen`). @returns a handle for {@link setDeferredArrayLen} & co.
   */
  addReplyDeferredLen(): number {
    if ((this.flags & SUPPRESS_REPLY) !== 0) return -1;
    this.reply.push('');
    if (!this.pendingWrite) this.server.markPendingWrite(this);
    return this.reply.length - 1;
  }

  /** Fills a deferred array header with `n` elements. */
  setDeferredArrayLen(handle: number, n: number): void {
    this.setDeferred(handle, '*' + n + '\r\n');
  }

  /** Fills a deferred map header with `n` pairs (RESP2: `*<2n>`). */
  setDeferredMapLen(handle: number, n: number): void {
    this.setDeferred(handle, this.resp === 2 ? '*' + n * 2 + '\r\n' : '%' + n + '\r\n');
  }

  /** Fills a deferred set header with `n` elements (RESP2: `*<n>`). */
  setDeferredSetLen(handle: number, n: number): void {
    this.setDeferred(handle, this.resp === 2 ? '*' + n + '\r\n' : '~' + n + '\r\n');
  }

  private setDeferred(handle: number, s: string): void {
    if (handle < 0) return;
    this.reply[handle] = s;
    this.replyBytes += s.length;
  }

  // ---------------------------------------------------------------------------------------
  // State helpers
  // ---------------------------------------------------------------------------------------

  /** Marks the client's transaction as failed because a WATCHed key changed. */
  markDirtyCas(): void {
    this.flags |= CLIENT_DIRTY_CAS;
  }

  /**
   * Selects database `id` (Redis `selectDb`).
   * @returns false when `id` is out of range.
   */
  selectDb(id: number): boolean {
    if (id < 0 || id >= this.server.db.length) return false;
    this.db = this.server.db[id];
    return true;
  }
}

function formatAddr(ip: string | undefined, port: number | undefined): string {
  if (ip === undefined) return '';
  let a = ip;
  if (a.startsWith('::ffff:')) a = a.slice(7);
  // Redis writes IPv6 peers as [addr]:port.
  if (a.indexOf(':') >= 0) return '[' + a + ']:' + (port ?? 0);
  return a + ':' + (port ?? 0);
}
