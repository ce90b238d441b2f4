/**
 * Pub/Sub commands (Redis pubsub.c): SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE,
 * PUBLISH, SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH and PUBSUB.
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { CLIENT_DENY_BLOCKING, CLIENT_MULTI } from '../server/client.js';
import { PubsubKind } from '../server/pubsub.js';
import { stringmatchlen } from '../util/glob.js';

/** A client that expects one reply per command (inside EXEC or a script) cannot subscribe. */
function denySubscribe(c: Client, name: string): boolean {
  if ((c.flags & CLIENT_DENY_BLOCKING) !== 0 && (c.flags & CLIENT_MULTI) === 0) {
    c.addReplyError(name + " isn't allowed for a DENY BLOCKING client");
    return true;
  }
  return false;
}

function subscribeCommand(c: Client): void {
  if (denySubscribe(c, 'SUBSCRIBE')) return;
  for (let j = 1; j < c.argv.length; j++) c.server.pubsub.subscribeChannel(c, c.argv[j], PubsubKind.Global);
}

function ssubscribeCommand(c: Client): void {
  if (denySubscribe(c, 'SSUBSCRIBE')) return;
  for (let j = 1; j < c.argv.length; j++) c.server.pubsub.subscribeChannel(c, c.argv[j], PubsubKind.Shard);
}

function psubscribeCommand(c: Client): void {
  if (denySubscribe(c, 'PSUBSCRIBE')) return;
  for (let j = 1; j < c.argv.length; j++) c.server.pubsub.subscribePattern(c, c.argv[j]);
}

function unsubscribeCommand(c: Client): void {
  const ps = c.server.pubsub;
  if (c.argv.length === 1) ps.unsubscribeAllChannels(c, PubsubKind.Global, true);
  else for (let j = 1; j < c.argv.length; j++) ps.unsubscribeChannel(c, c.argv[j], PubsubKind.Global, true);
}

function sunsubscribeCommand(c: Client): void {
  const ps = c.server.pubsub;
  if (c.argv.length === 1) ps.unsubscribeAllChannels(c, PubsubKind.Shard, true);
  else for (let j = 1; j < c.argv.length; j++) ps.unsubscribeChannel(c, c.argv[j], PubsubKind.Shard, true);
}

function punsubscribeCommand(c: Client): void {
  const ps = c.server.pubsub;
  if (c.argv.length === 1) ps.unsubscribeAllPatterns(c, true);
  else for (let j = 1; j < c.argv.length; j++) ps.unsubscribePattern(c, c.argv[j], true);
}

/** PUBLISH channel message: the number of clients that received it. */
function publishCommand(c: Client): void {
  c.addReplyLongLong(c.server.pubsub.publish(c.argv[1], c.argv[2], PubsubKind.Global));
}

/** SPUBLISH shardchannel message. */
function spublishCommand(c: Client): void {
  c.addReplyLongLong(c.server.pubsub.publish(c.argv[1], c.argv[2], PubsubKind.Shard));
}

function channelList(c: Client, channels: Map<string, Set<Client>>): void {
  const pattern = c.argv.length > 2 ? c.argv[2] : null;
  const out: string[] = [];
  for (const ch of channels.keys()) if (pattern === null || stringmatchlen(pattern, ch, false)) out.push(ch);
  c.addReplyBulkArray(out);
}

function numsub(c: Client, channels: Map<string, Set<Client>>): void {
  // A flat array of channel, count pairs in both protocols (Redis replies with an array here).
  c.addReplyArrayLen((c.argv.length - 2) * 2);
  for (let j = 2; j < c.argv.length; j++) {
    c.addReplyBulk(c.argv[j]);
    c.addReplyLongLong(channels.get(c.argv[j])?.size ?? 0);
  }
}

function pubsubChannels(c: Client): void {
  channelList(c, c.server.pubsub.channels);
}
function pubsubShardchannels(c: Client): void {
  channelList(c, c.server.pubsub.shardChannels);
}
function pubsubNumsub(c: Client): void {
  numsub(c, c.server.pubsub.channels);
}
function pubsubShardnumsub(c: Client): void {
  numsub(c, c.server.pubsub.shardChannels);
}
function pubsubNumpat(c: Client): void {
  c.addReplyLongLong(c.server.pubsub.patterns.size);
}
function pubsubHelp(c: Client): void {
  c.addReplyHelp('PUBSUB', [
    'CHANNELS [<pattern>]',
    "    Return the currently active channels matching a <pattern> (default: '*').",
    'NUMPAT',
    '    Return number of subscriptions to patterns.',
    'NUMSUB [<channel> ...]',
    '    Return the number of subscribers for the specified channels, excluding',
    '    pattern subscriptions(default: no channels).',
    'SHARDCHANNELS [<pattern>]',
    "    Return the currently active shard level channels matching a <pattern> (default: '*').",
    'SHARDNUMSUB [<shardchannel> ...]',
    '    Return the number of subscribers for the specified shard level channel(s)',
  ]);
}

/** The Pub/Sub family. */
export const pubsubCommands: CommandSpec[] = [
  { name: 'subscribe', proc: subscribeCommand },
  { name: 'unsubscribe', proc: unsubscribeCommand },
  { name: 'psubscribe', proc: psubscribeCommand },
  { name: 'punsubscribe', proc: punsubscribeCommand },
  { name: 'ssubscribe', proc: ssubscribeCommand },
  { name: 'sunsubscribe', proc: sunsubscribeCommand },
  { name: 'publish', proc: publishCommand },
  { name: 'spublish', proc: spublishCommand },
  {
    name: 'pubsub',
    subcommands: [
      { name: 'channels', proc: pubsubChannels },
      { name: 'numpat', proc: pubsubNumpat },
      { name: 'numsub', proc: pubsubNumsub },
      { name: 'shardchannels', proc: pubsubShardchannels },
      { name: 'shardnumsub', proc: pubsubShardnumsub },
      { name: 'help', proc: pubsubHelp },
    ],
  },
];
