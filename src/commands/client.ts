/**
 * CLIENT and its subcommands (Redis 7.2 networking.c `clientCommand`,
 * `clientSetinfoCommand`): ID, SETNAME, GETNAME, SETINFO, LIST, INFO, KILL, REPLY, PAUSE,
 * UNPAUSE, NO-EVICT, NO-TOUCH, UNBLOCK, HELP; the client-side caching subcommands
 * (TRACKING, CACHING, GETREDIR, TRACKINGINFO) are implemented in src/server/tracking.ts.
 */
import { clientTrackingCommand, clientCachingCommand, clientGetredirCommand, clientTrackinginfoCommand } from '../server/tracking.js';
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import {
  CLIENT_MULTI, CLIENT_BLOCKED, CLIENT_DIRTY_CAS, CLIENT_CLOSE_AFTER_REPLY, CLIENT_CLOSE_ASAP, CLIENT_PUBSUB,
  CLIENT_TRACKING, CLIENT_NO_EVICT, CLIENT_NO_TOUCH, CLIENT_MONITOR, CLIENT_REPLY_OFF, CLIENT_REPLY_SKIP_NEXT,
  CLIENT_REPLY_SKIP, CLIENT_PAUSED, CLIENT_EXECUTING_MULTI,
} from '../server/client.js';
import type { RedisServer } from '../server/server.js';
import { PAUSE_ACTION_CLIENT_ALL, PAUSE_ACTION_CLIENT_WRITE } from '../server/server.js';
import { string2ll, string2bigint } from '../util/numbers.js';
import { cstr, cstrLower } from '../util/str-objects.js';
import { validateClientName, CLIENT_NAME_ERROR } from './connection.js';

/** Client types (Redis CLIENT_TYPE_*), for CLIENT LIST TYPE / CLIENT KILL TYPE. */
export const CLIENT_TYPE_NORMAL = 0;
export const CLIENT_TYPE_SLAVE = 1;
export const CLIENT_TYPE_PUBSUB = 2;
export const CLIENT_TYPE_MASTER = 3;

/** Redis `getClientTypeByName`: normal, slave/replica, pubsub, master; -1 when unknown. */
export function getClientTypeByName(name: string): number {
  const n = cstrLower(name);
  if (n === 'normal') return CLIENT_TYPE_NORMAL;
  if (n === 'slave' || n === 'replica') return CLIENT_TYPE_SLAVE;
  if (n === 'pubsub') return CLIENT_TYPE_PUBSUB;
  if (n === 'master') return CLIENT_TYPE_MASTER;
  return -1;
}

/**
 * Redis `getClientType`: MONITOR clients count as normal; a client with subscriptions
 * (CLIENT_PUBSUB) is pubsub. Cinder has no replicas or masters.
 */
export function getClientType(c: Client): number {
  if ((c.flags & CLIENT_PUBSUB) !== 0) return CLIENT_TYPE_PUBSUB;
  return CLIENT_TYPE_NORMAL;
}

/** The socket's file descriptor, or -1 (fake clients). */
function clientFd(c: Client): number {
  const h = (c.socket as unknown as { _handle?: { fd?: number } } | null)?._handle;
  return h !== undefined && typeof h.fd === 'number' ? h.fd : -1;
}

/** The flags letters of CLIENT LIST (Redis `catClientInfoString`), "N" when none. */
function clientFlagsString(c: Client): string {
  const f = c.flags;
  let p = '';
  if ((f & CLIENT_MONITOR) !== 0) p += 'O';
  if ((f & CLIENT_PUBSUB) !== 0) p += 'P';
  if ((f & CLIENT_MULTI) !== 0) p += 'x';
  if ((f & CLIENT_BLOCKED) !== 0) p += 'b';
  if ((f & CLIENT_TRACKING) !== 0) p += 't';
  if (c.tracking !== null && c.tracking.brokenRedir) p += 'R';
  if (c.tracking !== null && c.tracking.bcast) p += 'B';
  if ((f & CLIENT_DIRTY_CAS) !== 0) p += 'd';
  if ((f & CLIENT_CLOSE_AFTER_REPLY) !== 0) p += 'c';
  if ((f & CLIENT_CLOSE_ASAP) !== 0) p += 'A';
  if ((f & CLIENT_NO_EVICT) !== 0) p += 'e';
  if ((f & CLIENT_NO_TOUCH) !== 0) p += 'T';
  return p === '' ? 'N' : p;
}

function argvLen(argv: readonly string[]): number {
  let n = 0;
  for (const a of argv) n += a.length;
  return n;
}

/**
 * One CLIENT LIST / CLIENT INFO line (Redis 7.2 `catClientInfoString`), without the
 * trailing newline. Fields, in order: id addr laddr fd name age idle flags db sub psub ssub
 * multi qbuf qbuf-free argv-mem multi-mem rbs rbp obl oll omem tot-mem events cmd user
 * redir resp lib-name lib-ver.
 */
export function clientInfoString(c: Client): string {
  const server = c.server;
  const nowS = Math.floor(Date.now() / 1000);
  const executing = server.currentClient === c;
  // Redis updates lastcmd before executing; inside EXEC it stays "exec".
  const cmd = executing ? ((c.flags & CLIENT_EXECUTING_MULTI) !== 0 ? server.commands.get('exec') ?? c.cmd : c.cmd) : c.lastcmd;
  const argvMem = executing ? argvLen(c.argv) : 0;
  let multiMem = 0;
  for (const mc of c.mstate) multiMem += argvLen(mc.argv);
  const qbuf = c.parser.pendingBytes;
  // Redis keeps up to 16 KB in the client's static buffer (obl) and the rest in a list of
  // reply blocks (oll nodes, omem bytes).
  const rbs = 16384;
  const obl = Math.min(c.replyBytes, rbs);
  const omem = c.replyBytes - obl;
  const oll = omem > 0 ? Math.ceil(omem / rbs) : 0;
  const totMem = omem + qbuf + argvMem + multiMem + rbs + 1024;
  const writing = c.socket !== null && c.socket.writableLength > 0;
  return (
    'id=' + c.id +
    ' addr=' + c.addr +
    ' laddr=' + c.laddr +
    ' fd=' + clientFd(c) +
    ' name=' + c.name +
    ' age=' + (nowS - Math.floor(c.ctime / 1000)) +
    ' idle=' + (nowS - Math.floor(c.lastinteraction / 1000)) +
    ' flags=' + clientFlagsString(c) +
    ' db=' + c.db.id +
    ' sub=' + c.pubsubChannels.size +
    ' psub=' + c.pubsubPatterns.size +
    ' ssub=' + c.pubsubShardChannels.size +
    ' multi=' + ((c.flags & CLIENT_MULTI) !== 0 ? c.mstate.length : -1) +
    ' qbuf=' + qbuf +
    ' qbuf-free=0' +
    ' argv-mem=' + argvMem +
    ' multi-mem=' + multiMem +
    ' rbs=' + rbs +
    ' rbp=' + Math.max(rbs, obl) +
    ' obl=' + obl +
    ' oll=' + oll +
    ' omem=' + omem +
    ' tot-mem=' + totMem +
    ' events=' + (writing ? 'rw' : 'r') +
    ' cmd=' + (cmd !== null ? cmd.fullname : 'NULL') +
    ' user=' + c.user +
    ' redir=' + ((c.flags & CLIENT_TRACKING) !== 0 ? c.tracking!.redirect : -1) +
    ' resp=' + c.resp +
    ' lib-name=' + c.libName +
    ' lib-ver=' + c.libVer
  );
}

/** Every connected client of `type` (-1 = all), one line each, in connection order (Redis `getAllClientsInfoString`). */
export function getAllClientsInfoString(server: RedisServer, type: number): string {
  let o = '';
  for (const cl of server.clients.values()) {
    if (type !== -1 && getClientType(cl) !== type) continue;
    o += clientInfoString(cl) + '\n';
  }
  return o;
}

/** CLIENT ID. */
function clientIdCommand(c: Client): void {
  c.addReplyLongLong(c.id);
}

/** CLIENT INFO: this connection's CLIENT LIST line, as a verbatim string. */
function clientInfoCommand(c: Client): void {
  c.addReplyVerbatim(clientInfoString(c) + '\n', 'txt');
}

/** CLIENT LIST [TYPE normal|master|replica|pubsub] [ID id [id ...]]. */
function clientListCommand(c: Client): void {
  const argv = c.argv;
  const server = c.server;
  let o: string | null = null;
  let type = -1;
  if (argv.length === 4 && cstrLower(argv[2]) === 'type') {
    type = getClientTypeByName(argv[3]);
    if (type === -1) {
      c.addReplyError("Unknown client type '" + cstr(argv[3]) + "'");
      return;
    }
  } else if (argv.length > 3 && cstrLower(argv[2]) === 'id') {
    o = '';
    for (let j = 3; j < argv.length; j++) {
      const cid = string2bigint(argv[j]);
      if (cid === null) {
        c.addReplyError('Invalid client ID');
        return;
      }
      const cl = cid > 0n && cid <= BigInt(Number.MAX_SAFE_INTEGER) ? server.clients.get(Number(cid)) : undefined;
      if (cl !== undefined) o += clientInfoString(cl) + '\n';
    }
  } else if (argv.length !== 2) {
    c.addReplySyntaxError();
    return;
  }
  if (o === null) o = getAllClientsInfoString(server, type);
  c.addReplyVerbatim(o, 'txt');
}

/** CLIENT SETNAME name: an empty name clears it. */
function clientSetnameCommand(c: Client): void {
  const name = c.argv[2];
  if (!validateClientName(name)) {
    c.addReplyError(CLIENT_NAME_ERROR);
    return;
  }
  c.name = name;
  c.addReplyOk();
}

/** CLIENT GETNAME: the name, or null. */
function clientGetnameCommand(c: Client): void {
  if (c.name === '') c.addReplyNull();
  else c.addReplyBulk(c.name);
}

/** CLIENT SETINFO LIB-NAME|LIB-VER value (7.2 `clientSetinfoCommand`). */
function clientSetinfoCommand(c: Client): void {
  const argv = c.argv;
  if (argv.length !== 4) {
    c.addReplyError("wrong number of arguments for 'client|setinfo' command");
    return;
  }
  const attr = argv[2];
  const val = argv[3];
  const a = cstrLower(attr);
  if (a !== 'lib-name' && a !== 'lib-ver') {
    c.addReplyError("Unrecognized option '" + cstr(attr) + "'");
    return;
  }
  if (!validateClientName(val)) {
    c.addReplyError(cstr(attr) + ' cannot contain spaces, newlines or special characters.');
    return;
  }
  if (a === 'lib-name') c.libName = val;
  else c.libVer = val;
  c.addReplyOk();
}

/**
 * CLIENT KILL ip:port (old form: "OK" or "No such client"; may kill the caller) or
 * CLIENT KILL [ID id] [TYPE type] [USER name] [ADDR ip:port] [LADDR ip:port] [SKIPME yes|no]
 * (new form: the number killed). The caller, if matched, is closed after the reply.
 * MAXAGE is a 7.4 filter and is not accepted (syntax error), as in 7.2.
 */
function clientKillCommand(c: Client): void {
  const argv = c.argv;
  const server = c.server;
  let addr: string | null = null;
  let laddr: string | null = null;
  let user: string | null = null;
  let type = -1;
  let id = 0;
  let skipme = true;
  if (argv.length === 3) {
    addr = argv[2];
    skipme = false;
  } else if (argv.length > 3) {
    let i = 2;
    while (i < argv.length) {
      const moreargs = argv.length > i + 1;
      const opt = cstrLower(argv[i]);
      if (opt === 'id' && moreargs) {
        const v = string2ll(argv[i + 1]);
        if (v === null || v < 1) {
          c.addReplyError('client-id should be greater than 0');
          return;
        }
        id = v;
      } else if (opt === 'type' && moreargs) {
        type = getClientTypeByName(argv[i + 1]);
        if (type === -1) {
          c.addReplyError("Unknown client type '" + cstr(argv[i + 1]) + "'");
          return;
        }
      } else if (opt === 'addr' && moreargs) {
        addr = argv[i + 1];
      } else if (opt === 'laddr' && moreargs) {
        laddr = argv[i + 1];
      } else if (opt === 'user' && moreargs) {
        user = argv[i + 1];
        if (user !== 'default') {
          c.addReplyError("No such user '" + cstr(user) + "'");
          return;
        }
      } else if (opt === 'skipme' && moreargs) {
        const v = cstrLower(argv[i + 1]);
        if (v === 'yes') skipme = true;
        else if (v === 'no') skipme = false;
        else {
          c.addReplySyntaxError();
          return;
        }
      } else {
        c.addReplySyntaxError();
        return;
      }
      i += 2;
    }
  } else {
    c.addReplySyntaxError();
    return;
  }
  let killed = 0;
  let closeThisClient = false;
  for (const cl of [...server.clients.values()]) {
    if (addr !== null && cl.addr !== addr) continue;
    if (laddr !== null && cl.laddr !== laddr) continue;
    if (type !== -1 && getClientType(cl) !== type) continue;
    if (id !== 0 && cl.id !== id) continue;
    if (user !== null && cl.user !== user) continue;
    if (cl === c && skipme) continue;
    if (cl === c) closeThisClient = true;
    else server.freeClient(cl);
    killed++;
  }
  if (argv.length === 3) {
    if (killed === 0) c.addReplyError('No such client');
    else c.addReplyOk();
  } else {
    c.addReplyLongLong(killed);
  }
  if (closeThisClient) c.flags |= CLIENT_CLOSE_AFTER_REPLY;
}

/** CLIENT REPLY ON|OFF|SKIP: OFF and SKIP send no reply. */
function clientReplyCommand(c: Client): void {
  const v = cstrLower(c.argv[2]);
  if (v === 'on') {
    c.flags &= ~(CLIENT_REPLY_SKIP | CLIENT_REPLY_OFF);
    c.addReplyOk();
  } else if (v === 'off') {
    c.flags |= CLIENT_REPLY_OFF;
  } else if (v === 'skip') {
    if ((c.flags & CLIENT_REPLY_OFF) === 0) c.flags |= CLIENT_REPLY_SKIP_NEXT;
  } else {
    c.addReplySyntaxError();
  }
}

/**
 * Redis `getTimeoutFromObjectOrReply` for millisecond timeouts: an integer >= 0, made
 * absolute (Unix ms) unless 0.
 * @returns the absolute end time, or null after replying with the error.
 */
function getMsTimeoutOrReply(c: Client, s: string): number | null {
  const v = string2bigint(s);
  if (v === null) {
    c.addReplyError('timeout is not an integer or out of range');
    return null;
  }
  if (v < 0n) {
    c.addReplyError('timeout is negative');
    return null;
  }
  const now = c.server.commandTime();
  if (v > 0n && v > 9223372036854775807n - BigInt(now)) {
    c.addReplyError('timeout is out of range');
    return null;
  }
  return v === 0n ? 0 : Math.min(Number(v) + now, 8.64e15);
}

/** CLIENT PAUSE timeout [WRITE|ALL]. */
function clientPauseCommand(c: Client): void {
  const argv = c.argv;
  let all = true;
  if (argv.length === 4) {
    const m = cstrLower(argv[3]);
    if (m === 'write') all = false;
    else if (m !== 'all') {
      c.addReplyError('CLIENT PAUSE mode must be WRITE or ALL');
      return;
    }
  } else if (argv.length !== 3) {
    c.addReplySubcommandSyntaxError();
    return;
  }
  const end = getMsTimeoutOrReply(c, argv[2]);
  if (end === null) return;
  c.server.pauseClients(all ? PAUSE_ACTION_CLIENT_ALL | PAUSE_ACTION_CLIENT_WRITE : PAUSE_ACTION_CLIENT_WRITE, end);
  c.addReplyOk();
}

/** CLIENT UNPAUSE. */
function clientUnpauseCommand(c: Client): void {
  c.server.unpauseClients();
  c.addReplyOk();
}

/** CLIENT NO-EVICT ON|OFF. */
function clientNoEvictCommand(c: Client): void {
  const v = cstrLower(c.argv[2]);
  if (v === 'on') c.flags |= CLIENT_NO_EVICT;
  else if (v === 'off') c.flags &= ~CLIENT_NO_EVICT;
  else {
    c.addReplySyntaxError();
    return;
  }
  c.addReplyOk();
}

/** CLIENT NO-TOUCH ON|OFF (7.2): the client's reads do not touch keys' LRU/LFU. */
function clientNoTouchCommand(c: Client): void {
  const v = cstrLower(c.argv[2]);
  if (v === 'on') c.flags |= CLIENT_NO_TOUCH;
  else if (v === 'off') c.flags &= ~CLIENT_NO_TOUCH;
  else {
    c.addReplySyntaxError();
    return;
  }
  c.addReplyOk();
}

/**
 * CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 when the client was blocked on keys and is now
 * unblocked (TIMEOUT: as if timed out; ERROR: "-UNBLOCKED client unblocked via CLIENT
 * UNBLOCK"), else 0. Clients held by CLIENT PAUSE are not unblocked.
 */
function clientUnblockCommand(c: Client): void {
  const argv = c.argv;
  let withError = false;
  if (argv.length === 4) {
    const r = cstrLower(argv[3]);
    if (r === 'timeout') withError = false;
    else if (r === 'error') withError = true;
    else {
      c.addReplyError('CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
      return;
    }
  } else if (argv.length !== 3) {
    c.addReplySubcommandSyntaxError();
    return;
  }
  const id = string2bigint(argv[2]);
  if (id === null) {
    c.addReplyError('value is not an integer or out of range');
    return;
  }
  const target = id > 0n && id <= BigInt(Number.MAX_SAFE_INTEGER) ? c.server.clients.get(Number(id)) : undefined;
  if (target !== undefined && (target.flags & CLIENT_BLOCKED) !== 0 && (target.flags & CLIENT_PAUSED) === 0) {
    c.addReplyLongLong(c.server.blocking.unblockClientByRequest(target, withError) ? 1 : 0);
  } else {
    c.addReplyLongLong(0);
  }
}

const CLIENT_HELP = [
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'SETINFO <option> <value>',
  '    Set client meta attr. Options are:',
  '    * LIB-NAME: the client lib name.',
  '    * LIB-VER: the client lib version.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
  'NO-TOUCH (ON|OFF)',
  '    Will not touch LRU/LFU stats when this mode is on.',
];

/** CLIENT HELP (Redis 7.2's text). */
function clientHelpCommand(c: Client): void {
  c.addReplyHelp('client', CLIENT_HELP);
}

/** The CLIENT container; TRACKING, CACHING, GETREDIR and TRACKINGINFO live in src/server/tracking.ts. */
export const clientCommand: CommandSpec = {
  name: 'client',
  subcommands: [
    { name: 'id', proc: clientIdCommand },
    { name: 'info', proc: clientInfoCommand },
    { name: 'list', proc: clientListCommand },
    { name: 'setname', proc: clientSetnameCommand },
    { name: 'getname', proc: clientGetnameCommand },
    { name: 'setinfo', proc: clientSetinfoCommand },
    { name: 'kill', proc: clientKillCommand },
    { name: 'reply', proc: clientReplyCommand },
    { name: 'pause', proc: clientPauseCommand },
    { name: 'unpause', proc: clientUnpauseCommand },
    { name: 'no-evict', proc: clientNoEvictCommand },
    { name: 'no-touch', proc: clientNoTouchCommand },
    { name: 'unblock', proc: clientUnblockCommand },
    { name: 'tracking', proc: clientTrackingCommand },
    { name: 'caching', proc: clientCachingCommand },
    { name: 'getredir', proc: clientGetredirCommand },
    { name: 'trackinginfo', proc: clientTrackinginfoCommand },
    { name: 'help', proc: clientHelpCommand },
  ],
};

/** The client family. */
export const clientCommands: CommandSpec[] = [clientCommand];
