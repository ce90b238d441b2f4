/**
 * Client-side caching (Redis tracking.c): CLIENT TRACKING, CACHING, GETREDIR,
 * TRACKINGINFO, and the invalidation messages.
 *
 * Default mode: keys a tracking client reads are remembered in the tracking table (key ->
 * client ids); when such a key is modified or expires, each client gets one invalidation
 * and the key is forgotten. BCAST mode: clients subscribe to key prefixes; modified keys are
 * collected per prefix and broadcast once per event-loop turn. Messages are RESP3 push
 * frames `>2 invalidate [keys]`, or, with REDIRECT to a RESP2 client subscribed to
 * `__redis__:invalidate`, Pub/Sub messages on that channel. A flush sends a null
 * invalidation to every tracking client.
 */
import type { RedisServer } from './server.js';
import type { Client } from './client.js';
import { CLIENT_TRACKING, CLIENT_PUBSUB } from './client.js';
import type { RedisCommand } from '../commands/types.js';
import { CMD_READONLY } from '../commands/types.js';
import { getKeysFromCommand } from '../commands/keys.js';

/** Per-client tracking options (Redis CLIENT_TRACKING_* flags and fields). */
export class TrackingClientState {
  /** Client id invalidations are redirected to; 0 = none. */
  redirect = 0;
  bcast = false;
  optin = false;
  optout = false;
  noloop = false;
  /** CLIENT CACHING yes/no was given for the next command (Redis CLIENT_TRACKING_CACHING). */
  caching = false;
  /** The redirect target went away (Redis CLIENT_TRACKING_BROKEN_REDIR). */
  brokenRedir = false;
  /** BCAST prefixes. */
  prefixes: Set<string> = new Set();
}

const INVALIDATE_CHANNEL = '__redis__:invalidate';

interface PrefixState {
  clients: Set<Client>;
  /** Keys modified since the last broadcast -> the client that modified them (null: the server). */
  pending: Map<string, Client | null>;
}

/** One server's tracking table and prefix table. */
export class Tracking {
  readonly server: RedisServer;
  /** key -> ids of clients that may have cached it (Redis `TrackingTable`). */
  readonly table: Map<string, Set<number>> = new Map();
  /** BCAST prefix -> subscribed clients and pending keys (Redis `PrefixTable`). */
  readonly prefixes: Map<string, PrefixState> = new Map();
  /** Clients with tracking on (INFO tracking_clients). */
  trackingClients = 0;
  /** Total (key, client) items in the table (INFO tracking_total_items). */
  totalItems = 0;
  /** Invalidations for the executing client, sent after its reply (Redis `tracking_pending_keys`); null = flush. */
  private pendingForCurrent: Array<string | null> = [];
  private broadcastScheduled = false;
  private readonly broadcastBound = (): void => this.broadcastInvalidationMessages();

  constructor(server: RedisServer) {
    this.server = server;
    server.flushHooks.push(() => this.invalidateKeysOnFlush());
    server.clientFreeHooks.push((c) => {
      if ((c.flags & CLIENT_TRACKING) !== 0) this.disable(c);
    });
    server.resetHooks.push((c) => {
      if ((c.flags & CLIENT_TRACKING) !== 0) this.disable(c);
    });
  }

  /**
   * Turns tracking on for a client with the given options (Redis `enableTracking`);
   * validation is done by the caller.
   */
  enable(c: Client, opts: TrackingClientState, newPrefixes: readonly string[]): void {
    if ((c.flags & CLIENT_TRACKING) === 0) this.trackingClients++;
    c.flags |= CLIENT_TRACKING;
    const st = c.tracking ?? new TrackingClientState();
    st.redirect = opts.redirect;
    st.bcast = opts.bcast;
    st.optin = opts.optin;
    st.optout = opts.optout;
    st.noloop = opts.noloop;
    st.brokenRedir = false;
    st.caching = false;
    c.tracking = st;
    if (st.bcast) {
      const list = newPrefixes.length === 0 && st.prefixes.size === 0 ? [''] : newPrefixes;
      for (const p of list) {
        if (st.prefixes.has(p)) continue;
        st.prefixes.add(p);
        let ps = this.prefixes.get(p);
        if (ps === undefined) {
          ps = { clients: new Set(), pending: new Map() };
          this.prefixes.set(p, ps);
        }
        ps.clients.add(c);
      }
    }
  }

  /** Turns tracking off (Redis `disableTracking`): leaves every prefix; table entries die lazily. */
  disable(c: Client): void {
    const st = c.tracking;
    if (st !== null) {
      for (const p of st.prefixes) {
        const ps = this.prefixes.get(p);
        if (ps === undefined) continue;
        ps.clients.delete(c);
        if (ps.clients.size === 0) this.prefixes.delete(p);
      }
      st.prefixes.clear();
    }
    if ((c.flags & CLIENT_TRACKING) !== 0) this.trackingClients--;
    c.flags &= ~CLIENT_TRACKING;
    c.tracking = null;
  }

  /**
   * Remembers the keys a read-only command touched (Redis `trackingRememberKeys`), honouring
   * OPTIN (only after CLIENT CACHING yes) and OPTOUT (not after CLIENT CACHING no).
   */
  rememberKeys(c: Client, cmd: RedisCommand, argv: readonly string[]): void {
    const st = c.tracking!;
    if (st.bcast) return;
    if ((st.optin && !st.caching) || (st.optout && st.caching)) return;
    const keys = getKeysFromCommand(cmd.meta, argv);
    for (const k of keys) {
      const key = argv[k.pos];
      let ids = this.table.get(key);
      if (ids === undefined) {
        ids = new Set();
        this.table.set(key, ids);
      }
      if (!ids.has(c.id)) {
        ids.add(c.id);
        this.totalItems++;
      }
    }
    this.limitUsedSlots();
  }

  /** Evicts keys while the table holds more than `tracking-table-max-keys` (Redis `trackingLimitUsedSlots`). */
  private limitUsedSlots(): void {
    const max = this.server.config.getNumber('tracking-table-max-keys');
    if (max === 0 || this.table.size <= max) return;
    for (const key of this.table.keys()) {
      if (this.table.size <= max) break;
      this.invalidateKey(null, key);
    }
  }

  /**
   * Sends an invalidation for `key` (or a null invalidation when `key` is null) to `c`
   * (Redis `sendTrackingMessage`), following its redirection.
   */
  private sendTrackingMessage(c: Client, keys: string[] | null): void {
    const st = c.tracking;
    if (st === null) return;
    let target: Client = c;
    let usingRedirection = false;
    if (st.redirect !== 0) {
      const r = this.server.clients.get(st.redirect);
      if (r === undefined) {
        if (!st.brokenRedir) {
          st.brokenRedir = true;
          if (c.resp > 2) c.addReplyPushProto('>2\r\n$21\r\ntracking-redir-broken\r\n:' + st.redirect + '\r\n');
        }
        return;
      }
      target = r;
      usingRedirection = true;
    }
    let msg: string;
    if (target.resp > 2) {
      msg = '>2\r\n$10\r\ninvalidate\r\n';
    } else if (usingRedirection && (target.flags & CLIENT_PUBSUB) !== 0) {
      msg = '*3\r\n$7\r\nmessage\r\n$' + INVALIDATE_CHANNEL.length + '\r\n' + INVALIDATE_CHANNEL + '\r\n';
    } else {
      return; // RESP2 without redirection: nowhere to send it.
    }
    if (keys === null) {
      // The null follows the tracking client's protocol, as Redis uses shared.null[c->resp].
      msg += c.resp === 2 ? '$-1\r\n' : '_\r\n';
    } else {
      msg += '*' + keys.length + '\r\n';
      for (const k of keys) msg += '$' + k.length + '\r\n' + k + '\r\n';
    }
    target.addReplyPushProto(msg);
  }

  /**
   * A key was modified or expired (Redis `trackingInvalidateKey`): queue it for BCAST
   * prefixes, and invalidate it for every client that may have cached it, then forget it.
   * @param modifier the client whose command modified the key (NOLOOP), or null.
   */
  invalidateKey(modifier: Client | null, key: string): void {
    if (this.prefixes.size > 0) {
      for (const [p, ps] of this.prefixes) {
        if (key.startsWith(p)) {
          ps.pending.set(key, modifier);
          this.scheduleBroadcast();
        }
      }
    }
    const ids = this.table.get(key);
    if (ids === undefined) return;
    this.table.delete(key);
    this.totalItems -= ids.size;
    for (const id of ids) {
      const target = this.server.clients.get(id);
      if (target === undefined || (target.flags & CLIENT_TRACKING) === 0) continue;
      const st = target.tracking!;
      if (st.bcast) continue;
      if (st.noloop && target === modifier) continue;
      if (target === this.server.currentClient) this.pendingForCurrent.push(key);
      else this.sendTrackingMessage(target, [key]);
    }
  }

  /** FLUSHALL/FLUSHDB: a null invalidation to every tracking client, and an empty table. */
  invalidateKeysOnFlush(): void {
    if (this.trackingClients > 0) {
      for (const c of this.server.clients.values()) {
        if ((c.flags & CLIENT_TRACKING) === 0) continue;
        if (c === this.server.currentClient) this.pendingForCurrent.push(null);
        else this.sendTrackingMessage(c, null);
      }
    }
    this.table.clear();
    this.totalItems = 0;
  }

  /**
   * Sends the invalidations owed to the client that just executed a command, after its
   * reply (Redis `trackingHandlePendingKeyInvalidations`). Called by the dispatcher.
   */
  handlePendingForCurrent(c: Client): void {
    if (this.pendingForCurrent.length === 0) return;
    const list = this.pendingForCurrent;
    this.pendingForCurrent = [];
    if ((c.flags & CLIENT_TRACKING) === 0) return;
    for (const k of list) this.sendTrackingMessage(c, k === null ? null : [k]);
  }

  /** True when invalidations for the executing client are waiting. */
  get hasPendingForCurrent(): boolean {
    return this.pendingForCurrent.length > 0;
  }

  private scheduleBroadcast(): void {
    if (this.broadcastScheduled) return;
    this.broadcastScheduled = true;
    setImmediate(this.broadcastBound);
  }

  /**
   * Sends the keys collected for each BCAST prefix to its clients, one message per prefix
   * per client, leaving out keys a NOLOOP client modified itself (Redis
   * `trackingBroadcastInvalidationMessages`).
   */
  broadcastInvalidationMessages(): void {
    this.broadcastScheduled = false;
    for (const ps of this.prefixes.values()) {
      if (ps.pending.size === 0) continue;
      for (const c of ps.clients) {
        const keys: string[] = [];
        const noloop = c.tracking !== null && c.tracking.noloop;
        for (const [k, who] of ps.pending) if (!noloop || who !== c) keys.push(k);
        if (keys.length > 0) this.sendTrackingMessage(c, keys);
      }
      ps.pending.clear();
    }
    this.server.handleClientsWithPendingWrites();
  }

  /** Whether a command's keys should be remembered for `c` (read-only, tracking on, not BCAST). */
  static shouldRemember(c: Client, cmd: RedisCommand): boolean {
    return (c.flags & CLIENT_TRACKING) !== 0 && (cmd.flags & CMD_READONLY) !== 0 && c.tracking !== null && !c.tracking.bcast;
  }
}

// -----------------------------------------------------------------------------------------
// CLIENT TRACKING / CACHING / GETREDIR / TRACKINGINFO
// -----------------------------------------------------------------------------------------

/**
 * Error when a new prefix overlaps another (Redis `checkPrefixCollisionsOrReply`).
 * @returns the error text, or null when the prefixes are fine.
 */
function prefixCollision(tracking: Tracking, c: Client, prefixes: readonly string[]): string | null {
  for (let i = 0; i < prefixes.length; i++) {
    const p = prefixes[i];
    const existing = c.tracking?.prefixes;
    if (existing !== undefined) {
      for (const e of existing) {
        if (e.startsWith(p) || p.startsWith(e)) {
          return "Prefix '" + p + "' overlaps with an existing prefix '" + e + "'. Prefixes for a single client must not overlap.";
        }
      }
    }
    for (let j = i + 1; j < prefixes.length; j++) {
      const q = prefixes[j];
      if (q.startsWith(p) || p.startsWith(q)) {
        return "Prefix '" + p + "' overlaps with another provided prefix '" + q + "'. Prefixes for a single client must not overlap.";
      }
    }
  }
  void tracking;
  return null;
}

/** CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]. */
export function clientTrackingCommand(c: Client): void {
  const argv = c.argv;
  const tracking = c.server.tracking;
  const opts = new TrackingClientState();
  const prefixes: string[] = [];
  for (let j = 3; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j].toLowerCase();
    if (opt === 'redirect' && more >= 1) {
      j++;
      if (opts.redirect !== 0) {
        c.addReplyError('A client can only redirect to a single other client');
        return;
      }
      const id = Number(argv[j]);
      if (!/^-?\d+$/.test(argv[j]) || !Number.isSafeInteger(id)) {
        c.addReplyError('value is not an integer or out of range');
        return;
      }
      if (c.server.clients.get(id) === undefined) {
        c.addReplyError('The client ID you want redirect to does not exist');
        return;
      }
      opts.redirect = id;
    } else if (opt === 'bcast') {
      opts.bcast = true;
    } else if (opt === 'optin') {
      opts.optin = true;
    } else if (opt === 'optout') {
      opts.optout = true;
    } else if (opt === 'noloop') {
      opts.noloop = true;
    } else if (opt === 'prefix' && more >= 1) {
      j++;
      prefixes.push(argv[j]);
    } else {
      c.addReplySyntaxError();
      return;
    }
  }
  const mode = argv[2].toLowerCase();
  const on = (c.flags & CLIENT_TRACKING) !== 0;
  if (mode === 'on') {
    if (!opts.bcast && prefixes.length > 0) {
      c.addReplyError('PREFIX option requires BCAST mode to be enabled');
      return;
    }
    if (on) {
      const st = c.tracking!;
      if (st.bcast !== opts.bcast) {
        c.addReplyError("You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.");
        return;
      }
    }
    if (opts.optin && opts.optout) {
      c.addReplyError("You can't specify both OPTIN mode and OPTOUT mode");
      return;
    }
    if (on && ((opts.optin && c.tracking!.optout) || (opts.optout && c.tracking!.optin))) {
      c.addReplyError("You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.");
      return;
    }
    if (opts.bcast) {
      const err = prefixCollision(tracking, c, prefixes);
      if (err !== null) {
        c.addReplyError(err);
        return;
      }
    }
    tracking.enable(c, opts, prefixes);
  } else if (mode === 'off') {
    tracking.disable(c);
  } else {
    c.addReplySyntaxError();
    return;
  }
  c.addReplyOk();
}

/** CLIENT CACHING YES|NO: applies to the next command only (OPTIN / OPTOUT modes). */
export function clientCachingCommand(c: Client): void {
  const st = c.tracking;
  if ((c.flags & CLIENT_TRACKING) === 0 || st === null) {
    c.addReplyError('CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
    return;
  }
  const v = c.argv[2].toLowerCase();
  if (v === 'yes') {
    if (!st.optin) {
      c.addReplyError('CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.');
      return;
    }
  } else if (v === 'no') {
    if (!st.optout) {
      c.addReplyError('CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.');
      return;
    }
  } else {
    c.addReplySyntaxError();
    return;
  }
  st.caching = true;
  c.addReplyOk();
}

/** CLIENT GETREDIR: -1 when tracking is off, 0 without redirection, else the target id. */
export function clientGetredirCommand(c: Client): void {
  if ((c.flags & CLIENT_TRACKING) === 0) c.addReplyLongLong(-1);
  else c.addReplyLongLong(c.tracking!.redirect);
}

/** CLIENT TRACKINGINFO: a map of flags (a set), redirect and prefixes. */
export function clientTrackinginfoCommand(c: Client): void {
  const st = c.tracking;
  const on = (c.flags & CLIENT_TRACKING) !== 0 && st !== null;
  c.addReplyMapLen(3);
  c.addReplyBulk('flags');
  const flags: string[] = [];
  if (!on) {
    flags.push('off');
  } else {
    flags.push('on');
    if (st.bcast) flags.push('bcast');
    if (st.optin) {
      flags.push('optin');
      if (st.caching) flags.push('caching-yes');
    }
    if (st.optout) {
      flags.push('optout');
      if (st.caching) flags.push('caching-no');
    }
    if (st.noloop) flags.push('noloop');
    if (st.redirect !== 0 && st.brokenRedir) flags.push('broken_redirect');
  }
  c.addReplySetLen(flags.length);
  for (const f of flags) c.addReplyBulk(f);
  c.addReplyBulk('redirect');
  c.addReplyLongLong(on ? st.redirect : -1);
  c.addReplyBulk('prefixes');
  const ps = on ? [...st.prefixes] : [];
  c.addReplyArrayLen(ps.length);
  for (const p of ps) c.addReplyBulk(p);
}
