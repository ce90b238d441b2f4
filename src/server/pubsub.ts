/**
 * Pub/Sub state and delivery (Redis pubsub.c): channel and shard-channel subscriptions,
 * pattern subscriptions, message delivery in RESP2 (arrays) and RESP3 (push frames), and
 * the `client-output-buffer-limit pubsub` enforcement for slow subscribers.
 *
 * Messages are appended to each receiver's reply buffer in publish order, so the order of
 * messages from one publisher is preserved.
 */
import type { RedisServer } from './server.js';
import type { Client } from './client.js';
import { CLIENT_PUBSUB, CLIENT_CLOSE_ASAP } from './client.js';
import { stringmatchlen } from '../util/glob.js';
import { memtoull } from '../config/config.js';

/** Which kind of channel a subscription is on (Redis `pubsubtype`). */
export const enum PubsubKind {
  Global = 0,
  Shard = 1,
}

function bulk(s: string): string {
  return '$' + s.length + '\r\n' + s + '\r\n';
}

/** One server's Pub/Sub registry. */
export class PubSub {
  readonly server: RedisServer;
  /** channel -> subscribers, in subscription order (Redis `server.pubsub_channels`). */
  readonly channels: Map<string, Set<Client>> = new Map();
  /** shard channel -> subscribers (Redis `server.pubsubshard_channels`). */
  readonly shardChannels: Map<string, Set<Client>> = new Map();
  /** pattern -> subscribers (Redis `server.pubsub_patterns`). */
  readonly patterns: Map<string, Set<Client>> = new Map();

  constructor(server: RedisServer) {
    this.server = server;
    server.publishHook = (channel, message) => {
      this.publish(channel, message, PubsubKind.Global);
    };
    server.clientFreeHooks.push((c) => this.unsubscribeAll(c, false));
    server.resetHooks.push((c) => this.unsubscribeAll(c, false));
  }

  /** Subscriptions counted in (UN)SUBSCRIBE replies: channels + patterns (Redis `clientSubscriptionsCount`). */
  static subscriptionCount(c: Client): number {
    return c.pubsubChannels.size + c.pubsubPatterns.size;
  }

  /** Every subscription of the client, shard ones included (Redis `clientTotalPubSubSubscriptionCount`). */
  static totalSubscriptionCount(c: Client): number {
    return c.pubsubChannels.size + c.pubsubPatterns.size + c.pubsubShardChannels.size;
  }

  /**
   * Appends a Pub/Sub frame of `parts` bulk strings (an integer when a part is a number,
   * null when a part is null): `*n` under RESP2, a `>n` push under RESP3. Sent even with
   * CLIENT REPLY OFF, as Redis's CLIENT_PUSHING does.
   */
  addReplyPubsub(c: Client, parts: ReadonlyArray<string | number | null>): void {
    let s = (c.resp === 2 ? '*' : '>') + parts.length + '\r\n';
    for (const p of parts) {
      if (p === null) s += c.resp === 2 ? '$-1\r\n' : '_\r\n';
      else if (typeof p === 'number') s += ':' + p + '\r\n';
      else s += bulk(p);
    }
    c.addReplyPushProto(s);
  }

  private updateFlag(c: Client): void {
    if (PubSub.totalSubscriptionCount(c) > 0) c.flags |= CLIENT_PUBSUB;
    else c.flags &= ~CLIENT_PUBSUB;
  }

  /** SUBSCRIBE / SSUBSCRIBE one channel, replying with the confirmation. */
  subscribeChannel(c: Client, channel: string, kind: PubsubKind): void {
    const mine = kind === PubsubKind.Shard ? c.pubsubShardChannels : c.pubsubChannels;
    const all = kind === PubsubKind.Shard ? this.shardChannels : this.channels;
    if (!mine.has(channel)) {
      mine.add(channel);
      let set = all.get(channel);
      if (set === undefined) {
        set = new Set();
        all.set(channel, set);
      }
      set.add(c);
    }
    this.updateFlag(c);
    const count = kind === PubsubKind.Shard ? c.pubsubShardChannels.size : PubSub.subscriptionCount(c);
    this.addReplyPubsub(c, [kind === PubsubKind.Shard ? 'ssubscribe' : 'subscribe', channel, count]);
  }

  /**
   * UNSUBSCRIBE / SUNSUBSCRIBE one channel (Redis `pubsubUnsubscribeChannel`).
   * @returns true when the client was subscribed to it.
   */
  unsubscribeChannel(c: Client, channel: string, kind: PubsubKind, notify: boolean): boolean {
    const mine = kind === PubsubKind.Shard ? c.pubsubShardChannels : c.pubsubChannels;
    const all = kind === PubsubKind.Shard ? this.shardChannels : this.channels;
    const had = mine.delete(channel);
    if (had) {
      const set = all.get(channel);
      if (set !== undefined) {
        set.delete(c);
        if (set.size === 0) all.delete(channel);
      }
    }
    this.updateFlag(c);
    if (notify) {
      const count = kind === PubsubKind.Shard ? c.pubsubShardChannels.size : PubSub.subscriptionCount(c);
      this.addReplyPubsub(c, [kind === PubsubKind.Shard ? 'sunsubscribe' : 'unsubscribe', channel, count]);
    }
    return had;
  }

  /** PSUBSCRIBE one pattern. */
  subscribePattern(c: Client, pattern: string): void {
    if (!c.pubsubPatterns.has(pattern)) {
      c.pubsubPatterns.add(pattern);
      let set = this.patterns.get(pattern);
      if (set === undefined) {
        set = new Set();
        this.patterns.set(pattern, set);
      }
      set.add(c);
    }
    this.updateFlag(c);
    this.addReplyPubsub(c, ['psubscribe', pattern, PubSub.subscriptionCount(c)]);
  }

  /** PUNSUBSCRIBE one pattern. @returns true when the client was subscribed to it. */
  unsubscribePattern(c: Client, pattern: string, notify: boolean): boolean {
    const had = c.pubsubPatterns.delete(pattern);
    if (had) {
      const set = this.patterns.get(pattern);
      if (set !== undefined) {
        set.delete(c);
        if (set.size === 0) this.patterns.delete(pattern);
      }
    }
    this.updateFlag(c);
    if (notify) this.addReplyPubsub(c, ['punsubscribe', pattern, PubSub.subscriptionCount(c)]);
    return had;
  }

  /**
   * Drops every channel (or shard channel) subscription (Redis
   * `pubsubUnsubscribeAllChannels`). With `notify` and none to drop, replies with a null
   * channel and count 0, as Redis does.
   */
  unsubscribeAllChannels(c: Client, kind: PubsubKind, notify: boolean): void {
    const mine = kind === PubsubKind.Shard ? c.pubsubShardChannels : c.pubsubChannels;
    if (mine.size === 0) {
      if (notify) this.addReplyPubsub(c, [kind === PubsubKind.Shard ? 'sunsubscribe' : 'unsubscribe', null, kind === PubsubKind.Shard ? 0 : PubSub.subscriptionCount(c)]);
      return;
    }
    for (const ch of [...mine]) this.unsubscribeChannel(c, ch, kind, notify);
  }

  /** Drops every pattern subscription (Redis `pubsubUnsubscribeAllPatterns`). */
  unsubscribeAllPatterns(c: Client, notify: boolean): void {
    if (c.pubsubPatterns.size === 0) {
      if (notify) this.addReplyPubsub(c, ['punsubscribe', null, PubSub.subscriptionCount(c)]);
      return;
    }
    for (const p of [...c.pubsubPatterns]) this.unsubscribePattern(c, p, notify);
  }

  /** Drops all subscriptions of a client without replies (disconnect, RESET). */
  unsubscribeAll(c: Client, notify: boolean): void {
    if (PubSub.totalSubscriptionCount(c) === 0) return;
    this.unsubscribeAllChannels(c, PubsubKind.Global, notify);
    this.unsubscribeAllChannels(c, PubsubKind.Shard, notify);
    this.unsubscribeAllPatterns(c, notify);
  }

  /**
   * Delivers `message` on `channel` (Redis `pubsubPublishMessage`): to the channel's
   * subscribers, then (global channels only) to clients whose patterns match.
   * @returns the number of clients that received it.
   */
  publish(channel: string, message: string, kind: PubsubKind): number {
    let receivers = 0;
    const all = kind === PubsubKind.Shard ? this.shardChannels : this.channels;
    const subs = all.get(channel);
    if (subs !== undefined) {
      const type = kind === PubsubKind.Shard ? 'smessage' : 'message';
      for (const c of subs) {
        this.addReplyPubsub(c, [type, channel, message]);
        this.checkOutputBufferLimits(c);
        receivers++;
      }
    }
    if (kind === PubsubKind.Global && this.patterns.size > 0) {
      for (const [pattern, clients] of this.patterns) {
        if (!stringmatchlen(pattern, channel, false)) continue;
        for (const c of clients) {
          this.addReplyPubsub(c, ['pmessage', pattern, channel, message]);
          this.checkOutputBufferLimits(c);
          receivers++;
        }
      }
    }
    return receivers;
  }

  /**
   * Enforces `client-output-buffer-limit pubsub <hard> <soft> <seconds>` on a subscriber
   * (Redis `checkClientOutputBufferLimits`): over the hard limit, or over the soft limit for
   * longer than the soft seconds, the client is closed asynchronously. The pending size is
   * the unsent reply bytes plus what the socket still buffers.
   */
  checkOutputBufferLimits(c: Client): void {
    if ((c.flags & CLIENT_CLOSE_ASAP) !== 0 || c.socket === null) return;
    const limits = this.limits();
    const used = c.replyBytes + c.socket.writableLength;
    let over = false;
    if (limits.hard > 0 && used >= limits.hard) over = true;
    else if (limits.soft > 0 && used >= limits.soft) {
      const now = Date.now();
      if (c.obufSoftLimitReachedTime === 0) c.obufSoftLimitReachedTime = now;
      else if (now - c.obufSoftLimitReachedTime > limits.softSeconds * 1000) over = true;
    } else {
      c.obufSoftLimitReachedTime = 0;
    }
    if (over) {
      this.server.log('warning', 'Client id=' + c.id + ' addr=' + c.addr + ' scheduled to be closed ASAP for overcoming of output buffer limits.');
      this.server.stats.clientOutbufLimitDisconnections++;
      c.reply = [];
      c.replyBytes = 0;
      this.server.freeClient(c);
    }
  }

  private limitsCache = { text: '', hard: 0, soft: 0, softSeconds: 0 };

  /** The pubsub class of `client-output-buffer-limit`, parsed (bytes, bytes, seconds). */
  private limits(): { hard: number; soft: number; softSeconds: number } {
    const text = this.server.config.getString('client-output-buffer-limit');
    const cache = this.limitsCache;
    if (cache.text === text) return cache;
    const parts = text.split(/\s+/);
    cache.text = text;
    cache.hard = cache.soft = cache.softSeconds = 0;
    for (let i = 0; i + 3 < parts.length; i += 4) {
      if (parts[i].toLowerCase() !== 'pubsub') continue;
      cache.hard = memtoull(parts[i + 1]) ?? 0;
      cache.soft = memtoull(parts[i + 2]) ?? 0;
      cache.softSeconds = Number(parts[i + 3]);
    }
    return cache;
  }
}
