/**
 * RedisServer: the listener, the client registry, the databases, the command table and
 * the server cron, following Redis's server.c / networking.c.
 *
 * One instance is one independent server; several can run in one process (all state
 * hangs off the instance). Commands execute on the main event loop, one at a time
 * (DESIGN.md §1).
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { Config, type ConfigValue } from '../config/config.js';
import { RedisDb } from '../keyspace/db.js';
import { Dict, setHashHint, prefetchedHash } from '../keyspace/dict.js';
import type { RedisValue } from '../keyspace/object.js';
import { Client, CLIENT_CLOSE_AFTER_REPLY, CLIENT_CLOSE_ASAP, CLIENT_BLOCKED, CLIENT_MULTI, CLIENT_NO_TOUCH, CLIENT_PAUSED, CLIENT_MONITOR, CLIENT_REPLY_SKIP, CLIENT_REPLY_SKIP_NEXT } from './client.js';
import type { RedisCommand } from '../commands/types.js';
import { buildCommandTable } from '../commands/table.js';
import { processCommand } from '../commands/dispatch.js';
import type { ParserLimits } from '../protocol/parser.js';
import { splitArgs, PARSE_AHEAD_MAX } from '../protocol/parser.js';
import { ServerStats } from './stats.js';
import { activeExpireCycle, newActiveExpireState, ACTIVE_EXPIRE_CYCLE_FAST, type ActiveExpireState } from '../keyspace/expire.js';
import { LazyFree } from '../keyspace/lazyfree.js';
import { keyspaceEventsStringToFlags, NOTIFY_KEYSPACE, NOTIFY_KEYEVENT } from '../keyspace/notify.js';
import { BlockingState } from './blocked.js';
import { PubSub } from './pubsub.js';
import { Tracking } from './tracking.js';
import { queueMultiCommand, isMultiControlCommand, unwatchAllKeys, discardTransaction } from '../commands/transactions.js';
import { formatMonitorLine } from './monitor.js';
import { Slowlog } from './slowlog.js';
import { Persistence } from '../persistence/index.js';
import { Scripting } from '../scripting/index.js';

/** Redis version Cinder reports (INFO redis_version, HELLO version). */
export const REDIS_VERSION = '7.2.4';
/** REDIS_VERSION_NUM as Redis encodes it: 0x00MMmmpp. */
export const REDIS_VERSION_NUM = 0x00070204;

/** The strerror() text of a Node system error (for Redis-format log lines). */
function strerror(err: unknown): string {
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'EADDRINUSE':
      return 'Address already in use';
    case 'EADDRNOTAVAIL':
      return 'Cannot assign requested address';
    case 'EACCES':
      return 'Permission denied';
    case 'EAFNOSUPPORT':
      return 'Address family not supported by protocol';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

/** Size of the shared socket read buffer, bytes (Node's own default read size). */
const READ_BUFFER_SIZE = 64 * 1024;

/**
 * Unix ms minus `performance.now()`, measured at a tick of Date.now() so the result is
 * exact to a few microseconds rather than floored to the ms (spins for at most 1 ms).
 */
function calibrateWallOffset(): number {
  const d0 = Date.now();
  let d = d0;
  while (d === d0) d = Date.now();
  return d - performance.now();
}

/** CLIENT PAUSE WRITE: hold commands that may write (Redis PAUSE_ACTION_CLIENT_WRITE). */
export const PAUSE_ACTION_CLIENT_WRITE = 1 << 0;
/** CLIENT PAUSE ALL: hold every command (Redis PAUSE_ACTION_CLIENT_ALL). */
export const PAUSE_ACTION_CLIENT_ALL = 1 << 1;

/** Options for constructing a server (the embedding API adds defaults on top). */
export interface ServerOptions {
  /** redis.conf text to apply first. */
  configText?: string;
  /** Path of the config file (for CONFIG REWRITE and INFO config_file). */
  configFile?: string;
  /** Parameters applied after the file, as `--name value` on the command line. */
  overrides?: ReadonlyArray<readonly [string, string]>;
  /** Log sink; defaults to stdout when `logfile` is empty. Pass null to silence. */
  log?: ((line: string) => void) | null;
}

const LOG_LEVELS: Readonly<Record<string, number>> = { debug: 0, verbose: 1, notice: 2, warning: 3, nothing: 4 };
const LOG_CHARS = '.-*#';

/** A Redis-compatible server instance. */
export class RedisServer {
  readonly config: Config = new Config();
  /** The databases (SELECT 0..databases-1). */
  db: RedisDb[] = [];
  /** The command table, by lowercase name. */
  readonly commands: Map<string, RedisCommand>;
  /**
   * Command lookup by the name as sent: every lowercase name, plus other spellings seen from
   * clients ("GET", "Get"), bounded. The dispatcher's first probe.
   */
  readonly commandLookup: Map<string, RedisCommand>;
  /** Connected clients by id (Redis `server.clients`). */
  readonly clients: Map<number, Client> = new Map();
  /** Counters for INFO stats. */
  readonly stats: ServerStats = new ServerStats();
  /** Changes since the last successful save (Redis `server.dirty`). */
  dirty = 0;
  /** LRU clock in seconds, 24-bit wrapped (Redis `server.lruclock`). */
  lruClock = 0;
  /** The time of the command being executed, Unix ms (Redis `commandTimeSnapshot`). */
  cmdTimeSnapshot = Date.now();
  /**
   * Unix ms minus `performance.now()`: turns a monotonic clock reading into wall-clock ms,
   * so one clock read per command serves both the command's time snapshot and its
   * duration (Redis reads `ustime()` once in `call()` for both). Calibrated at startup
   * and re-checked by the cron; a wall-clock step of more than 2 ms re-anchors it.
   */
  wallOffset = calibrateWallOffset();
  /**
   * `performance.now()` (ms) at the end of the last command run in the current input
   * batch, or at the batch's start; -1 outside a batch. The next command's start is this
   * reading, so a pipelined batch of N commands costs N + 1 clock reads, not 2N.
   */
  callClock = -1;
  /** `active-expire-effort` (1..10), cached: read before every write batch. */
  activeExpireEffort = 1;
  /** True while loading a dataset (answers LOADING). */
  loading = false;
  /** Live parser limits shared by every client's parser. */
  readonly parserLimits: ParserLimits = { protoMaxBulkLen: 512 * 1024 * 1024 };
  /** The client whose command is executing, or null. */
  currentClient: Client | null = null;
  /** MONITOR clients. */
  monitors: Client[] = [];
  /** The client running a script past busy-reply-threshold, or null. */
  busyScriptClient: Client | null = null;
  /** Active CLIENT PAUSE actions (PAUSE_ACTION_* bits) and their end time (Unix ms). */
  pauseActions = 0;
  pauseEndTime = 0;
  /** Clients postponed by CLIENT PAUSE, in arrival order. */
  postponedClients: Client[] = [];
  /** Keys signalled ready for blocked clients during the current command. */
  readyKeys: Array<{ db: RedisDb; key: string }> = [];
  /** Blocking operations state (BLPOP & co). */
  readonly blocking: BlockingState;
  /** Pub/Sub channels and patterns. */
  readonly pubsub: PubSub;
  /** Client-side caching: tracking table and BCAST prefixes. */
  readonly tracking: Tracking;
  /** EVAL script cache, function libraries and the Lua engine (src/scripting). */
  readonly scripting: Scripting;
  /** RDB persistence: SAVE/BGSAVE state, save points, loading, INFO persistence (src/persistence). */
  readonly persistence: Persistence;
  /**
   * Called by the keyspace before a key is written or deleted (db.ts lookupKeyWrite, setKey,
   * dbDelete, setExpire, removeExpire) and before a db is emptied (key null). Set only while
   * a BGSAVE runs (its copy-on-write hook); undefined otherwise.
   */
  beforeKeyWrite: ((db: RedisDb, key: string | null) => void) | undefined = undefined;
  /** Background freeing of flushed data (lazyfree). */
  readonly lazyfree: LazyFree = new LazyFree();
  /** Server start time, Unix ms. */
  readonly startTime = Date.now();
  /** Unix seconds of the last successful save (LASTSAVE). */
  lastSave = Math.floor(Date.now() / 1000);
  /** Random 40-hex run id (INFO run_id). */
  readonly runId: string;
  /** `hz`, clamped to 1..500 as Redis does. */
  hz = 10;
  /** Active expire cycle state carried across cycles (Redis's function-static variables). */
  readonly activeExpire: ActiveExpireState = newActiveExpireState();
  /** `maxmemory-policy` is an LFU policy (cached: read on every key access). */
  lfuPolicy = false;
  /** `client-query-buffer-limit`, bytes (cached: read on every socket read). */
  clientQueryBufferLimit = 1024 * 1024 * 1024;
  /** `latency-tracking` (cached: read on every command). */
  latencyTracking = true;
  /** Keyspace notification flags parsed from notify-keyspace-events. */
  notifyFlags = 0;
  /** Hook for publishing a keyspace notification (installed by the Pub/Sub module). */
  publishHook: ((channel: string, message: string) => void) | null = null;
  /**
   * Hooks run when the server shuts down (persistence saves here). A hook returns false
   * when its work failed (the final save), which stops a shutdown without FORCE.
   */
  shutdownHooks: Array<(save: boolean) => boolean | void> = [];
  /** The TCP listeners. */
  private listeners: net.Server[] = [];
  private cronTimer: NodeJS.Timeout | null = null;
  /** Set by {@link listen} once the listeners are up. */
  private listening = false;
  private pendingWrites: Client[] = [];
  private flushScheduled = false;
  private inInput = false;
  private nextClientId = 1;
  private logSink: ((line: string) => void) | null;
  private logLevel = 2;
  private closed = false;
  /** Resolves when the server has shut down. */
  readonly closedPromise: Promise<void>;
  private resolveClosed!: () => void;
  /** Bound once: flushes pending writes (no closure per call). */
  private readonly flushPendingBound = (): void => this.handleClientsWithPendingWrites();
  /** True while a {@link beforeSleep} is scheduled for the end of this event-loop turn. */
  private beforeSleepScheduled = false;
  /** Bound once: {@link beforeSleep} for setImmediate. */
  private readonly beforeSleepBound = (): void => this.beforeSleep();

  constructor(opts: ServerOptions = {}) {
    this.closedPromise = new Promise((r) => (this.resolveClosed = r));
    this.logSink = opts.log === undefined ? (line) => process.stdout.write(line + '\n') : opts.log;
    if (opts.configText !== undefined) this.config.loadFromString(opts.configText, splitArgs);
    if (opts.configFile !== undefined) this.config.configFile = opts.configFile;
    for (const [name, value] of opts.overrides ?? []) {
      const d = this.config.lookup(name);
      if (d === undefined) throw new Error("Bad directive or wrong number of arguments: '" + name + "'");
      let v = value;
      if (d.name === 'save' && v === '') v = '';
      const err = this.config.setFromString(d, v, true);
      if (err !== null) throw new Error(name + ': ' + err);
    }
    let id = '';
    for (let i = 0; i < 40; i++) id += '0123456789abcdef'[Math.floor(Math.random() * 16)];
    this.runId = id;
    const n = this.config.getNumber('databases');
    for (let i = 0; i < n; i++) this.db.push(new RedisDb(this, i));
    this.commands = buildCommandTable();
    this.commandLookup = new Map(this.commands);
    this.blocking = new BlockingState(this);
    this.pubsub = new PubSub(this);
    this.tracking = new Tracking(this);
    this.persistence = new Persistence(this);
    this.scripting = new Scripting(this);
    this.applyConfig();
    this.config.onChange = (name, value) => this.onConfigChange(name, value);
    this.lruClock = this.computeLruClock();
  }

  // ---------------------------------------------------------------------------------------
  // Configuration side effects
  // ---------------------------------------------------------------------------------------

  private applyConfig(): void {
    this.latencyTracking = this.config.getBool('latency-tracking');
    this.slowlogThreshold = this.config.getNumber('slowlog-log-slower-than');
    this.slowlogMaxLen = this.config.getNumber('slowlog-max-len');
    if (this.slowlog.entries.length > this.slowlogMaxLen) this.slowlog.entries.length = this.slowlogMaxLen;
    this.clientQueryBufferLimit = this.config.getNumber('client-query-buffer-limit');
    this.lfuPolicy = this.config.getString('maxmemory-policy').endsWith('lfu');
    this.hz = Math.min(Math.max(this.config.getNumber('hz'), 1), 500);
    this.activeExpireEffort = this.config.getNumber('active-expire-effort');
    this.parserLimits.protoMaxBulkLen = this.config.getNumber('proto-max-bulk-len');
    this.notifyFlags = keyspaceEventsStringToFlags(this.config.getString('notify-keyspace-events'));
    this.logLevel = LOG_LEVELS[this.config.getString('loglevel')] ?? 2;
  }

  private onConfigChange(name: string, _value: ConfigValue): void {
    this.applyConfig();
    if (name === 'hz' && this.cronTimer !== null) this.startCron();
    if (name === 'requirepass') {
      const required = this.config.getString('requirepass') !== '';
      for (const c of this.clients.values()) c.parser.authRequired = required && !c.authenticated;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Logging
  // ---------------------------------------------------------------------------------------

  /**
   * Writes a log line in Redis's format: `pid:M DD Mon YYYY HH:MM:SS.mmm <c> msg`, where
   * <c> is `.` debug, `-` verbose, `*` notice, `#` warning.
   */
  log(level: 'debug' | 'verbose' | 'notice' | 'warning', msg: string): void {
    const lv = LOG_LEVELS[level];
    if (lv < this.logLevel || this.logSink === null) return;
    this.logSink(process.pid + ':M ' + formatLogTime(new Date()) + ' ' + LOG_CHARS[lv] + ' ' + msg);
  }

  /** Redirects log lines (e.g. to the `logfile`); null silences logging. */
  setLogSink(sink: ((line: string) => void) | null): void {
    this.logSink = sink;
  }

  /** Hooks run once the listeners are up, before "Ready to accept connections" (RDB loading). */
  startupHooks: Array<() => void | Promise<void>> = [];

  // ---------------------------------------------------------------------------------------
  // Listening and connections
  // ---------------------------------------------------------------------------------------

  /**
   * Starts listening on the configured `bind` addresses and `port` (0 picks a free port).
   * Resolves once every listener is up; rejects when a mandatory address cannot be bound.
   * @returns the bound TCP port.
   */
  async listen(): Promise<number> {
    const port = this.config.getNumber('port');
    const opened = await this.openListeners(port, this.config.getString('bind'));
    if (opened === null) throw new Error('Failed listening on port ' + port + ' (tcp), aborting.');
    this.listeners = opened.listeners;
    this.listening = true;
    const bound = opened.port;
    this.config.setRaw('port', bound);
    this.startCron();
    return bound;
  }

  /**
   * Opens a listener on every address of `bind` (space separated, Redis syntax: `*`, `::*`,
   * `-addr` for optional ones) at `port` (0: a free port, the same for all). Logs each
   * address that fails as Redis does ("Could not create server TCP listening socket ...").
   * @returns the listeners and the bound port, or null when a mandatory address failed or
   *   nothing could be bound (every listener opened is closed again).
   */
  private async openListeners(port: number, bind: string): Promise<{ listeners: net.Server[]; port: number } | null> {
    const binds = bind.split(' ').filter((x) => x !== '');
    const listeners: net.Server[] = [];
    let bound = port;
    for (const b0 of binds) {
      const optional = b0.startsWith('-');
      const b = optional ? b0.slice(1) : b0;
      const host = b === '*' ? '0.0.0.0' : b === '::*' ? '::' : b;
      // Accepted sockets arrive paused: acceptClient re-wraps their handle for onread.
      const srv = net.createServer({ noDelay: true, pauseOnConnect: true }, (socket) => this.acceptClient(socket));
      try {
        await new Promise<void>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen({ port: bound, host, ipv6Only: host === '::', exclusive: true }, () => {
            srv.off('error', reject);
            resolve();
          });
        });
      } catch (err) {
        this.log('warning', 'Warning: Could not create server TCP listening socket ' + b + ':' + bound + ': bind: ' + strerror(err));
        if (optional) continue;
        for (const l of listeners) l.close();
        return null;
      }
      const addr = srv.address();
      if (addr !== null && typeof addr === 'object') bound = addr.port;
      srv.on('error', (e) => this.log('warning', 'Listener error: ' + e.message));
      listeners.push(srv);
    }
    if (listeners.length === 0) return null;
    return { listeners, port: bound };
  }

  /**
   * Applies a CONFIG SET of `port` and/or `bind` (Redis's `updatePort` / `updateBind`
   * apply functions): closes the listeners and listens on the new addresses; `port` 0
   * means no TCP listener, as in Redis. Node binds asynchronously, so the client waits
   * (flagged CLIENT_BLOCKED: its further input is held) and gets its reply once the
   * listeners are up: OK, or Redis's error after `restore()` has put the previous values
   * back in the config table and the previous listeners are open again. Connected
   * clients are never dropped.
   * @param param the argument named in the error: 'port' or 'bind'.
   */
  reconfigureListeners(c: Client, param: 'port' | 'bind', restore: () => void): void {
    c.flags |= CLIENT_BLOCKED;
    // One rebind at a time: a second CONFIG SET port/bind waits for the first to finish.
    this.listenerChange = this.listenerChange
      .then(() => this.doReconfigureListeners(c, param, restore))
      .catch((err: unknown) => this.handleInternalError(c, err));
  }

  /** The rebind in progress (or a resolved promise): rebinds run one after the other. */
  private listenerChange: Promise<void> = Promise.resolve();

  private async doReconfigureListeners(c: Client, param: 'port' | 'bind', restore: () => void): Promise<void> {
    if (this.closed) return;
    const old = this.listeners;
    this.listeners = [];
    await Promise.all(old.map((l) => new Promise<void>((r) => l.close(() => r()))));
    let err: string | null = null;
    const port = this.config.getNumber('port');
    if (port !== 0) {
      const opened = await this.openListeners(port, this.config.getString('bind'));
      if (this.closed) {
        // Shut down meanwhile: never leave a listener open behind the shutdown.
        for (const l of opened?.listeners ?? []) l.close();
        return;
      }
      if (opened !== null) this.listeners = opened.listeners;
      else {
        if (param === 'bind') this.log('warning', 'Failed to bind');
        this.log('warning', 'Failed applying new configuration. Possibly related to new ' + param + ' setting. Restoring previous settings.');
        restore();
        const prevPort = this.config.getNumber('port');
        const back = prevPort === 0 ? { listeners: [], port: 0 } : await this.openListeners(prevPort, this.config.getString('bind'));
        if (this.closed) {
          for (const l of back?.listeners ?? []) l.close();
          return;
        }
        if (back !== null) this.listeners = back.listeners;
        else this.log('warning', 'Failed to restore the previous listeners after a failed CONFIG SET ' + param);
        err =
          "CONFIG SET failed (possibly related to argument '" + param + "') - " +
          (param === 'port' ? 'Unable to listen on this port. Check server logs.' : 'Failed to bind to specified addresses.');
      }
    }
    if ((c.flags & CLIENT_CLOSE_ASAP) !== 0) return;
    c.flags &= ~CLIENT_BLOCKED;
    if (err === null) c.addReplyOk();
    else c.addReplyError(err);
    this.handleClientsWithPendingWrites();
    this.resumeInput(c);
  }

  private acceptClient(socket: net.Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    const maxclients = this.config.getNumber('maxclients');
    if (this.clients.size >= maxclients) {
      socket.end('-ERR max number of clients reached\r\n');
      this.stats.rejectedConn++;
      return;
    }
    if (this.config.getBool('protected-mode') && this.config.getString('requirepass') === '' && !isLoopback(socket.remoteAddress)) {
      // Redis clientAcceptHandlerCommon: no password and protected mode => loopback only.
      socket.end(DENIED_PROTECTED_MODE);
      this.stats.rejectedConn++;
      return;
    }
    // One read closure per connection; it runs only after this function returns, once `c`
    // is set.
    let c: Client | null = null;
    const conn = this.wrapForOnread(socket, (nread: number, buf: Buffer): boolean => {
      const client = c as Client;
      try {
        this.readQueryFromClient(client, buf.subarray(0, nread));
      } catch (err) {
        this.handleInternalError(client, err);
      }
      client.parser.detachInput(buf);
      return true;
    });
    c = this.createClient(conn);
    conn.setNoDelay(true);
    const keepalive = this.config.getNumber('tcp-keepalive');
    if (keepalive > 0) conn.setKeepAlive(true, keepalive * 1000);
    const client = c;
    conn.on('error', () => this.freeClient(client));
    conn.on('close', () => this.freeClient(client));
  }

  /**
   * Contains a bug (an exception thrown while serving `c`) to that client: the stack is
   * logged, the client gets "-ERR internal error ..." and is disconnected, the dispatcher's
   * per-batch state is reset, and every other client goes on being served. Redis would
   * abort with a bug report; a server embedded in an application must not take it down.
   */
  handleInternalError(c: Client, err: unknown): void {
    const e = err instanceof Error ? err : new Error(String(err));
    this.log('warning', 'Internal error while serving client id=' + c.id + ' addr=' + c.addr + ' cmd=' + (c.cmd?.fullname ?? 'NULL') + ': ' + (e.stack ?? e.message).replace(/\n\s*/g, ' | '));
    this.inInput = false;
    this.callClock = -1;
    this.currentClient = null;
    if ((c.flags & CLIENT_CLOSE_ASAP) === 0) {
      c.addReplyError('internal error while executing the command (see the server log)');
      c.flags |= CLIENT_CLOSE_AFTER_REPLY;
    }
    this.handleClientsWithPendingWrites();
  }

  /**
   * The buffer every client's socket reads into (Node's `onread` option, as Redis reads
   * into a reused `querybuf`). Commands are parsed out of it at once; the parser copies
   * whatever stays unparsed (see RequestParser.detachInput) before the next read.
   */
  private readonly readBuffer: Buffer = Buffer.allocUnsafe(READ_BUFFER_SIZE);

  /**
   * Moves an accepted (paused) socket's handle to a new socket that reads with `onread`
   * into {@link readBuffer}: each read then calls `onRead(nread, buffer)` directly, without
   * the Readable stream's per-chunk Buffer, push and 'data' event (about 2 µs of CPU per
   * read, measured with bench/server.ts at -P 1). The accepted socket is destroyed without
   * its handle, which only releases the listener's connection count.
   */
  private wrapForOnread(accepted: net.Socket, onRead: (nread: number, buf: Buffer) => boolean): net.Socket {
    const internal = accepted as unknown as { _handle: unknown };
    const handle = internal._handle;
    if (handle === null || handle === undefined) throw new Error('accepted socket has no handle');
    internal._handle = null;
    accepted.destroy();
    return new net.Socket({
      handle,
      readable: true,
      writable: true,
      onread: { buffer: this.readBuffer, callback: onRead },
    } as unknown as net.SocketConstructorOpts);
  }

  /**
   * Registers a new client (Redis `createClient`). With `socket` null the client is a fake
   * client (scripts, embedding): it is not listed by CLIENT LIST.
   */
  createClient(socket: net.Socket | null): Client {
    const c = new Client(this, socket, this.nextClientId++);
    if (socket !== null) {
      this.clients.set(c.id, c);
      this.stats.numConnections++;
    }
    if (this.config.getString('requirepass') !== '') {
      c.authenticated = false;
      c.parser.authRequired = true;
    }
    return c;
  }

  /** Handles a chunk read from a client's socket (Redis `readQueryFromClient`). */
  private readQueryFromClient(c: Client, chunk: Buffer): void {
    if ((c.flags & (CLIENT_CLOSE_ASAP | CLIENT_CLOSE_AFTER_REPLY)) !== 0) return;
    c.netInputBytes += chunk.length;
    this.stats.netInputBytes += chunk.length;
    this.stats.totalReadsProcessed++;
    c.parser.feed(chunk);
    if (c.parser.pendingBytes > this.clientQueryBufferLimit) {
      this.log('warning', 'Closing client that reached max query buffer length: id=' + c.id + ' addr=' + c.addr + ' (qbuf initial bytes: ...)');
      this.stats.clientQbufLimitDisconnections++;
      this.freeClient(c);
      return;
    }
    this.processInputBuffer(c);
  }

  /**
   * Parses and executes every complete command in the client's buffer, then writes all
   * replies at once (Redis `processInputBuffer` + `handleClientsWithPendingWrites`).
   * Stops early when the client blocks or is paused; it resumes when unblocked.
   */
  processInputBuffer(c: Client): void {
    const wasInInput = this.inInput;
    this.inInput = true;
    const parser = c.parser;
    const clock = performance.now();
    c.lastinteraction = Math.floor(clock + this.wallOffset);
    if (!wasInInput) {
      this.callClock = clock;
      // The replies wait for beforeSleep, after every client made readable in this turn has
      // been served, as in Redis: one burst of writes wakes a waiting peer once, where a
      // write per read would wake it for each (measured: the wakeup was ~15% of the server's
      // CPU under redis-benchmark -P 16). Scheduled before the commands run, so that it
      // precedes any background slice they queue (a FLUSHALL ASYNC's lazyfree).
      if (!this.beforeSleepScheduled) {
        this.beforeSleepScheduled = true;
        setImmediate(this.beforeSleepBound);
      }
    }
    while ((c.flags & (CLIENT_BLOCKED | CLIENT_CLOSE_AFTER_REPLY | CLIENT_CLOSE_ASAP)) === 0) {
      let argv: string[] | null;
      if (parser.queued > 0) {
        // A command of a pipeline parsed ahead: its key's hash is known.
        const qi = parser.queuedFrom;
        argv = parser.next()!;
        const hk = parser.keyHashArg(qi);
        setHashHint(hk > 0 && hk < argv.length ? argv[hk] : null, parser.keyHash(qi));
      } else {
        argv = parser.next();
        if (argv === null) {
          if (parser.error !== null) {
            c.addReplyError(parser.error);
            this.log('verbose', 'Protocol error (' + parser.error + ') from client: id=' + c.id + ' addr=' + c.addr);
            c.flags |= CLIENT_CLOSE_AFTER_REPLY;
          }
          break;
        }
        // More input behind it: parse the rest of the pipeline ahead and warm the caches for
        // the keys of all of it (this command's included).
        if (parser.hasInput && parser.parseAhead(PARSE_AHEAD_MAX - 1) > 0) this.prefetchPipelineKeys(c, argv);
        else setHashHint(null, 0);
      }
      if (argv.length === 0) continue;
      c.argv = argv;
      const goOn = processCommand(this, c);
      // Redis resetClient(): REPLY SKIP lasts one command; SKIP_NEXT arms it for the next;
      // CLIENT CACHING lasts until a command other than CLIENT outside MULTI.
      c.flags &= ~CLIENT_REPLY_SKIP;
      const trk = c.tracking;
      if (trk !== null && trk.caching && (c.flags & CLIENT_MULTI) === 0 && c.cmd !== null && (c.cmd.parent ?? c.cmd).name !== 'client') trk.caching = false;
      if ((c.flags & CLIENT_REPLY_SKIP_NEXT) !== 0) {
        c.flags |= CLIENT_REPLY_SKIP;
        c.flags &= ~CLIENT_REPLY_SKIP_NEXT;
      }
      if (!goOn) break;
    }
    this.inInput = wasInInput;
    if (!wasInInput) this.callClock = -1;
  }

  /** Scratch for {@link prefetchPipelineKeys}: the first key of each queued command ('' when unused). */
  private readonly pipelineKeys: string[] = new Array<string>(PARSE_AHEAD_MAX).fill('');
  /** Scratch for {@link prefetchPipelineKeys}: the queue index and argv index of each of those keys. */
  private readonly pipelineKeyAt = new Int32Array(PARSE_AHEAD_MAX * 2);

  /**
   * Warms the caches for the first key of each command of a pipeline the parser has just
   * queued (see Dict.prefetch): looked up one command at a time, each key costs a few
   * cache misses in a row; here they overlap. Only commands whose name is already in the
   * lookup cache and that have a fixed first key count; a wrong guess (SELECT later in the
   * pipeline, a key that is not there) costs a little time and changes nothing else.
   * Measured under redis-benchmark -P 16 -r 100000 (perf, and /proc CPU time): INCR's dict
   * lookup fell from 26% of the server's CPU to ~9% (with the warming pass), and user CPU per
   * request of GET and INCR by ~25%. The hashes computed here are kept for the commands'
   * own lookups (the hash hint), so each key is still hashed once.
   */
  private prefetchPipelineKeys(c: Client, current: readonly string[]): void {
    const parser = c.parser;
    const cmds = parser.queuedCommands;
    const keys = this.pipelineKeys;
    const at = this.pipelineKeyAt;
    const end = parser.queuedFrom + parser.queued;
    let n = 0;
    // i = -1 is `current`, the command about to run; then the queued ones.
    for (let i = parser.queuedFrom - 1; i < end; i++) {
      const argv = i < parser.queuedFrom ? current : cmds[i];
      if (argv.length < 2) continue;
      const cmd = this.commandLookup.get(argv[0]);
      if (cmd === undefined || cmd.subcommands !== null) continue;
      const k = cmd.firstKey;
      if (k > 0 && k < argv.length) {
        at[2 * n] = i;
        at[2 * n + 1] = k;
        keys[n++] = argv[k];
      }
    }
    setHashHint(null, 0);
    if (n > 1) {
      c.db.dict.prefetch(keys, 0, 1, n);
      // The hashes are kept with the commands, for their lookups (see setHashHint).
      for (let m = 0; m < n; m++) {
        const i = at[2 * m];
        if (i < parser.queuedFrom) setHashHint(current[at[2 * m + 1]], prefetchedHash(m));
        else parser.setKeyHash(i, at[2 * m + 1], prefetchedHash(m));
      }
    }
    for (let m = 0; m < n; m++) keys[m] = '';
  }

  /**
   * Redis `beforeSleep`, run once per event-loop turn in which input was processed (Node's
   * check phase, after the poll phase has served every readable client): a fast expire
   * cycle (rate-limited inside), then the pending writes.
   */
  beforeSleep(): void {
    this.beforeSleepScheduled = false;
    if (this.busyScriptClient === null && !this.closed) activeExpireCycle(this, this.hz, ACTIVE_EXPIRE_CYCLE_FAST);
    this.handleClientsWithPendingWrites();
  }

  /** Queues a client for the end-of-batch write (Redis `putClientInPendingWriteQueue`). */
  markPendingWrite(c: Client): void {
    c.pendingWrite = true;
    this.pendingWrites.push(c);
    if (!this.inInput && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flushPendingBound);
    }
  }

  /** Writes every pending client's replies (Redis `handleClientsWithPendingWrites`). */
  handleClientsWithPendingWrites(): void {
    this.flushScheduled = false;
    const list = this.pendingWrites;
    if (list.length === 0) return;
    this.pendingWrites = [];
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (c.pendingWrite) c.flush();
    }
  }

  /**
   * Disconnects a client and releases its state (Redis `freeClient`): unwatches keys,
   * leaves blocking/pubsub/monitor lists, destroys the socket.
   */
  freeClient(c: Client): void {
    if ((c.flags & CLIENT_CLOSE_ASAP) !== 0) return;
    c.flags |= CLIENT_CLOSE_ASAP;
    if (c.pendingWrite && c.socket !== null && !c.socket.destroyed && c.reply.length > 0) {
      const data = c.takeReply();
      c.socket.write(data, 'latin1');
    }
    c.pendingWrite = false;
    this.clients.delete(c.id);
    unwatchAllKeys(c);
    if ((c.flags & CLIENT_MULTI) !== 0) discardTransaction(c);
    if ((c.flags & CLIENT_BLOCKED) !== 0) this.blocking.unblockClientOnDisconnect(c);
    if ((c.flags & CLIENT_PAUSED) !== 0) this.postponedClients = this.postponedClients.filter((x) => x !== c);
    if ((c.flags & CLIENT_MONITOR) !== 0) this.monitors = this.monitors.filter((x) => x !== c);
    for (const hook of this.clientFreeHooks) hook(c);
    if (c.socket !== null) {
      if (c.socket.writableLength > 0) c.socket.end();
      else c.socket.destroy();
    }
  }

  /** Hooks run by RESET to clear per-connection state owned by other modules (Pub/Sub, tracking). */
  resetHooks: Array<(c: Client) => void> = [];

  /** Hooks run when a client is freed (Pub/Sub unsubscribes, tracking cleanup). */
  clientFreeHooks: Array<(c: Client) => void> = [];

  // ---------------------------------------------------------------------------------------
  // Hooks used by the dispatcher and the keyspace
  // ---------------------------------------------------------------------------------------

  /** The time commands see as "now", Unix ms: the snapshot during a command, else the clock. */
  commandTime(): number {
    return this.currentClient !== null ? this.cmdTimeSnapshot : Date.now();
  }

  /** True when the executing client has CLIENT NO-TOUCH on. */
  currentClientNoTouch(): boolean {
    const c = this.currentClient;
    return c !== null && (c.flags & CLIENT_NO_TOUCH) !== 0 && c.cmd !== null && c.cmd.name !== 'touch';
  }

  /** Counts an error reply in INFO errorstats (Redis `afterErrorReply`). `msg` starts with '-'. */
  afterErrorReply(_c: Client, msg: string): void {
    this.stats.totalErrorReplies++;
    let end = msg.indexOf(' ');
    if (end < 0) end = msg.length;
    const code = msg.slice(1, end);
    const m = this.stats.errorStats;
    if (m.size >= 128 && !m.has(code)) {
      this.stats.errorStatsDisabled = true;
      return;
    }
    m.set(code, (m.get(code) ?? 0) + 1);
  }

  /**
   * Publishes a keyspace notification when `notify-keyspace-events` enables its class
   * (Redis `notifyKeyspaceEvent`).
   */
  notifyKeyspaceEvent(type: number, event: string, key: string, dbid: number): void {
    this.notifyAttempts++;
    const flags = this.notifyFlags;
    if ((flags & type) === 0 || this.publishHook === null) return;
    if ((flags & NOTIFY_KEYSPACE) !== 0) this.publishHook('__keyspace@' + dbid + '__:' + key, event);
    if ((flags & NOTIFY_KEYEVENT) !== 0) this.publishHook('__keyevent@' + dbid + '__:' + event, key);
  }

  /** Keyspace events raised by handlers, enabled or not: the dispatcher's completeness check reads it. */
  notifyAttempts = 0;
  /** Write commands (full names) seen changing the dataset without raising a keyspace event. */
  readonly missingNotifications: Set<string> = new Set();

  /**
   * Called by the dispatcher when a write command made the dataset dirty without raising any
   * keyspace event: a handler forgot its notifyKeyspaceEvent call. Logged once per command.
   */
  reportMissingNotification(cmd: RedisCommand): void {
    if (this.missingNotifications.has(cmd.fullname)) return;
    this.missingNotifications.add(cmd.fullname);
    this.log('warning', 'Command ' + cmd.fullname + ' changed the dataset without a keyspace notification');
  }

  /** Client-side caching invalidation of one key; installed by the tracking module. */
  trackingInvalidateKey(key: string): void {
    const t = this.tracking;
    // Nothing tracked and no BCAST prefix: the common case costs two size checks.
    if (t.table.size === 0 && t.prefixes.size === 0) return;
    t.invalidateKey(this.currentClient, key);
  }

  /** Records that `key` may now serve blocked clients (Redis `signalKeyAsReady`). */
  signalKeyAsReady(db: RedisDb, key: string): void {
    if (!db.blockingKeys.has(key)) return;
    for (const rk of this.readyKeys) if (rk.db === db && rk.key === key) return;
    this.readyKeys.push({ db, key });
  }

  /** Serves clients blocked on the keys signalled ready (Redis `handleClientsBlockedOnKeys`). */
  handleClientsBlockedOnKeys(): void {
    this.blocking.handleClientsBlockedOnKeys();
  }

  /** Propagates the deletion of an expired key to AOF/replicas (none yet: standalone). */
  propagateDeletion(_db: RedisDb, _key: string): void {
    /* No AOF or replicas yet: nothing to propagate to. */
  }

  /** True for the commands a RESP2 client may run while subscribed. */
  isPubsubContextCommand(cmd: RedisCommand): boolean {
    const n = cmd.name;
    return n === 'ping' || n === 'subscribe' || n === 'ssubscribe' || n === 'unsubscribe' || n === 'sunsubscribe' || n === 'psubscribe' || n === 'punsubscribe' || n === 'quit' || n === 'reset';
  }

  /** The BUSY error text while a script runs (Redis's shared busy errors). */
  busyErrorText(_cmd: RedisCommand): string {
    return this.scripting.busyErrorText();
  }

  /** True for MULTI, EXEC, DISCARD, WATCH, QUIT, RESET (never queued). */
  isMultiControlCommand(cmd: RedisCommand): boolean {
    return isMultiControlCommand(cmd);
  }

  /** Queues a command inside MULTI. */
  queueMultiCommand(c: Client, cmd: RedisCommand): void {
    queueMultiCommand(c, cmd);
  }

  /** Whether CLIENT PAUSE holds this command back (Redis's pause check in processCommand). */
  shouldPauseCommand(_c: Client, cmd: RedisCommand, mayReplicate: boolean): boolean {
    if (this.pauseEndTime <= Date.now()) {
      this.unpauseClients();
      return false;
    }
    if ((this.pauseActions & PAUSE_ACTION_CLIENT_ALL) !== 0) return true;
    if ((this.pauseActions & PAUSE_ACTION_CLIENT_WRITE) !== 0) {
      // EVAL/FCALL and friends are may-replicate; PING/ECHO etc. are not paused.
      return mayReplicate || cmd.name === 'eval' || cmd.name === 'evalsha' || cmd.name === 'fcall';
    }
    return false;
  }

  /** Holds a client's current command until CLIENT UNPAUSE or the pause ends. */
  postponeClient(c: Client): void {
    c.flags |= CLIENT_BLOCKED | CLIENT_PAUSED;
    this.postponedClients.push(c);
  }

  /**
   * Starts (or extends) a CLIENT PAUSE (Redis `pauseActions`): `actions` is a PAUSE_ACTION_*
   * mask, `endMs` the Unix ms time it ends.
   */
  pauseClients(actions: number, endMs: number): void {
    // As Redis: the stronger pause type and the later end time win.
    if (actions > this.pauseActions) this.pauseActions = actions;
    if (endMs > this.pauseEndTime) this.pauseEndTime = endMs;
  }

  /** Ends a CLIENT PAUSE and re-runs the postponed commands in arrival order. */
  unpauseClients(): void {
    this.pauseActions = 0;
    this.pauseEndTime = 0;
    const list = this.postponedClients;
    this.postponedClients = [];
    for (const c of list) {
      c.flags &= ~(CLIENT_BLOCKED | CLIENT_PAUSED);
      this.resumeClient(c);
    }
  }

  /**
   * Re-executes a client's held command and continues its input (used after CLIENT
   * UNPAUSE); blocked-command retries go through the blocking module instead.
   */
  resumeClient(c: Client): void {
    if ((c.flags & CLIENT_CLOSE_ASAP) !== 0) return;
    const wasInInput = this.inInput;
    this.inInput = true;
    if (c.argv.length > 0 && processCommand(this, c)) {
      this.processInputBuffer(c);
    }
    this.inInput = wasInInput;
    if (!wasInInput) this.handleClientsWithPendingWrites();
  }

  /** Continues reading a client's buffered input after it was unblocked. */
  resumeInput(c: Client): void {
    setImmediate(() => this.processInputBuffer(c));
  }

  /** Sends the executed command to MONITOR clients (Redis `replicationFeedMonitors`). */
  feedMonitors(c: Client, argv: readonly string[]): void {
    const line = formatMonitorLine(c, argv, this.cmdTimeSnapshot);
    for (const m of this.monitors) m.addReplyProto(line);
  }

  /** The slow log (SLOWLOG). */
  readonly slowlog: Slowlog = new Slowlog();
  /** `slowlog-log-slower-than` in µs and `slowlog-max-len` (cached: checked on every command). */
  slowlogThreshold = 10000;
  slowlogMaxLen = 128;

  /** Records a slow command (Redis `slowlogPushCurrentCommand`). */
  slowlogPushEntryIfNeeded(c: Client, argv: readonly string[], usec: number): void {
    if (usec >= this.slowlogThreshold && this.slowlogThreshold >= 0) this.slowlog.pushIfNeeded(c, argv, usec, this.slowlogThreshold, this.slowlogMaxLen);
  }

  // ---------------------------------------------------------------------------------------
  // Flushing (the flush family, from the reference pages)
  // ---------------------------------------------------------------------------------------

  /**
   * Empties database `dbnum`, or all databases when -1 (Redis `emptyData`). WATCHers of
   * keys that existed are touched and tracking clients get a flush invalidation. With
   * `async` the old dict is handed to lazyfree and freed in slices in the background;
   * only keys present now are removed. Functions and the script cache are never touched.
   * @returns the number of keys removed (added to `dirty` by the caller).
   */
  emptyData(dbnum: number, async: boolean): number {
    let removed = 0;
    const from = dbnum === -1 ? 0 : dbnum;
    const to = dbnum === -1 ? this.db.length - 1 : dbnum;
    for (let j = from; j <= to; j++) {
      const db = this.db[j];
      this.beforeKeyWrite?.(db, null);
      // Redis signalFlushedDb: XREADGROUP clients blocked on keys about to vanish get NOGROUP.
      if (db.blockingKeys.size > 0) this.blocking.scanDatabaseForDeletedKeys(db, null);
      db.touchAllWatchedKeys(null);
      removed += db.dict.size;
      if (db.dict.size === 0 && db.expires.size === 0) continue;
      if (async) {
        this.lazyfree.freeAsync(db.dict, db.expires);
        db.dict = new Dict<RedisValue>(true);
        db.expires = new Dict<number>(false);
      } else {
        db.dict.clear();
        db.expires.clear();
      }
      db.avgTtl = 0;
      db.expiresCursor = 0;
    }
    for (const hook of this.flushHooks) hook(dbnum);
    return removed;
  }

  /** Hooks run by FLUSHALL after emptying (persistence: abort a BGSAVE, write an empty RDB, reset dirty). */
  flushallHooks: Array<() => void> = [];

  /** Hooks run after a flush (client tracking sends the null invalidation here). */
  flushHooks: Array<(dbnum: number) => void> = [];

  // ---------------------------------------------------------------------------------------
  // Cron
  // ---------------------------------------------------------------------------------------

  private computeLruClock(): number {
    return Math.floor(Date.now() / 1000) & 0xffffff;
  }

  private startCron(): void {
    if (this.cronTimer !== null) clearInterval(this.cronTimer);
    const hz = Math.min(Math.max(this.config.getNumber('hz'), 1), 500);
    this.cronTimer = setInterval(() => this.serverCron(hz), Math.floor(1000 / hz));
    this.cronTimer.unref();
  }

  /**
   * Periodic work, `hz` times a second (Redis `serverCron`): LRU clock, active expiry,
   * client timeouts, pause expiry, instantaneous metrics, and the cron hooks
   * (save points, blocked-client timeouts).
   */
  serverCron(hz: number): void {
    this.lruClock = this.computeLruClock();
    const offset = Date.now() - performance.now();
    // Date.now() is floored to the ms, so a reading is up to 1 ms below the true offset;
    // only a larger difference means the wall clock was stepped.
    if (offset > this.wallOffset + 2 || offset < this.wallOffset - 2) this.wallOffset = offset + 0.5;
    this.stats.cronloops++;
    // While a script runs across event-loop turns nothing may change the dataset under it:
    // no active expiry, no client timeouts (Redis runs no serverCron while a script runs).
    if (this.busyScriptClient !== null) {
      this.handleClientsWithPendingWrites();
      return;
    }
    activeExpireCycle(this, hz);
    if (this.pauseActions !== 0 && this.pauseEndTime <= Date.now()) this.unpauseClients();
    const timeout = this.config.getNumber('timeout');
    if (timeout > 0) {
      const now = Date.now();
      for (const c of this.clients.values()) {
        if ((c.flags & (CLIENT_BLOCKED | CLIENT_MONITOR)) !== 0 || c.pubsubChannels.size + c.pubsubPatterns.size > 0) continue;
        if (now - c.lastinteraction > timeout * 1000) {
          this.log('verbose', 'Closing idle client');
          this.freeClient(c);
        }
      }
    }
    this.stats.trackInstantaneous();
    for (const hook of this.cronHooks) hook();
    this.handleClientsWithPendingWrites();
  }

  /** Hooks run at every cron tick (save points, blocking timeouts). */
  cronHooks: Array<() => void> = [];

  // ---------------------------------------------------------------------------------------
  // Shutdown
  // ---------------------------------------------------------------------------------------

  /**
   * Shuts the server down (Redis `prepareForShutdown` + `finishShutdown` + exit): runs the
   * shutdown hooks (which save when asked), closes every client and listener. Resolves
   * when closed.
   * @param save true to save, false for NOSAVE, null to follow the save points.
   * @param force SHUTDOWN FORCE: exit even when the final save fails.
   * @throws Error "Errors trying to SHUTDOWN. Check logs." when the final save failed and
   *   `force` is false; the server then keeps running, as Redis does.
   */
  async shutdown(save: boolean | null = null, force = false): Promise<void> {
    if (this.closed) return this.closedPromise;
    if (!this.prepareForShutdown(save, force)) throw new Error('Errors trying to SHUTDOWN. Check logs.');
    await this.finishShutdown();
  }

  /**
   * The synchronous part of a shutdown (Redis `prepareForShutdown`): logs the request and
   * runs the shutdown hooks, which save when asked. A hook returning false reports a failed
   * save: unless `force`, the shutdown is abandoned, Redis's error is logged, and false is
   * returned with the server still running. On true the server is committed to closing;
   * call {@link finishShutdown} next.
   * @param save true to save, false for NOSAVE, null to follow the save points.
   */
  prepareForShutdown(save: boolean | null, force = false): boolean {
    if (this.closed) return true;
    this.log('warning', 'User requested shutdown...');
    const doSave = save === null ? this.config.getString('save') !== '' : save;
    let ok = true;
    for (const hook of this.shutdownHooks) if (hook(doSave) === false) ok = false;
    if (!ok && !force) {
      this.log('warning', 'Errors trying to shut down the server. Check the logs for more information.');
      return false;
    }
    this.closed = true;
    return true;
  }

  /** Closes every client and listener after {@link prepareForShutdown} succeeded; resolves when closed. */
  async finishShutdown(): Promise<void> {
    if (this.cronTimer !== null) clearInterval(this.cronTimer);
    this.cronTimer = null;
    for (const c of [...this.clients.values()]) this.freeClient(c);
    await Promise.all(this.listeners.map((l) => new Promise<void>((r) => l.close(() => r()))));
    this.listeners = [];
    this.lazyfree.stop();
    this.log('warning', 'Redis is now ready to exit, bye bye...');
    this.resolveClosed();
  }

  /** True once {@link listen} succeeded and until shutdown (CONFIG SET port/bind then rebinds). */
  get isListening(): boolean {
    return this.listening && !this.closed;
  }

  /** True once shutdown started. */
  get isClosed(): boolean {
    return this.closed;
  }
}

const DENIED_PROTECTED_MODE =
  '-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. ' +
  'In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: ' +
  "1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. " +
  "2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. " +
  "3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. " +
  '4) Set up an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n';

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback addresses (Redis `connIsLocal`). */
function isLoopback(addr: string | undefined): boolean {
  if (addr === undefined) return true;
  const a = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  return a.startsWith('127.') || a === '::1';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** "21 Nov 2026 06:10:00.123", the timestamp layout of Redis's log lines (local time). */
export function formatLogTime(d: Date): string {
  return (
    pad(d.getDate(), 2) + ' ' + MONTHS[d.getMonth()] + ' ' + d.getFullYear() + ' ' +
    pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2) + '.' + pad(d.getMilliseconds(), 3)
  );
}
