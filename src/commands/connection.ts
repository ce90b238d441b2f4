/**
 * Connection commands: PING, ECHO, QUIT, RESET, SELECT, AUTH, HELLO (Redis server.c,
 * networking.c, acl.c). CLIENT lives in client.ts.
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { CLIENT_PUBSUB, CLIENT_CLOSE_AFTER_REPLY, CLIENT_NO_TOUCH, CLIENT_MONITOR, CLIENT_REPLY_OFF, CLIENT_REPLY_SKIP_NEXT } from '../server/client.js';
import { REDIS_VERSION } from '../server/server.js';
import { string2ll } from '../util/numbers.js';
import { cstr, cstrLower } from '../util/str-objects.js';
import { discardTransaction } from './transactions.js';

/** PING [message]: PONG, or the message; under RESP2 Pub/Sub, ["pong", message]. */
function pingCommand(c: Client): void {
  if (c.argv.length > 2) {
    c.addReplyError("wrong number of arguments for 'ping' command");
    return;
  }
  if ((c.flags & CLIENT_PUBSUB) !== 0 && c.resp === 2) {
    c.addReplyArrayLen(2);
    c.addReplyBulk('pong');
    c.addReplyBulk(c.argv.length === 1 ? '' : c.argv[1]);
  } else if (c.argv.length === 1) {
    c.addReplyProto('+PONG\r\n');
  } else {
    c.addReplyBulk(c.argv[1]);
  }
}

function echoCommand(c: Client): void {
  c.addReplyBulk(c.argv[1]);
}

/** QUIT: +OK, then the connection closes once the reply is written. */
function quitCommand(c: Client): void {
  c.addReplyOk();
  c.flags |= CLIENT_CLOSE_AFTER_REPLY;
}

/**
 * Sets the client's authentication to the default user's state (Redis
 * `clientSetDefaultAuth`): authenticated unless a password is required.
 */
export function clientSetDefaultAuth(c: Client): void {
  c.user = 'default';
  c.authenticated = c.server.config.getString('requirepass') === '';
  c.parser.authRequired = !c.authenticated;
}

/** Hooks other modules register to clear their per-connection state on RESET. */
export type ResetHook = (c: Client) => void;

/**
 * RESET: clears the connection's state (Redis `clearClientConnectionState`): leaves MONITOR,
 * db 0, RESP2, default user, no transaction/WATCH, no subscriptions, no name, REPLY ON,
 * NO-TOUCH off (NO-EVICT stays, as in redis-server). Replies +RESET.
 */
function resetCommand(c: Client): void {
  const server = c.server;
  if ((c.flags & CLIENT_MONITOR) !== 0) {
    server.monitors = server.monitors.filter((m) => m !== c);
    c.flags &= ~CLIENT_MONITOR;
  }
  for (const hook of server.resetHooks) hook(c);
  c.selectDb(0);
  c.resp = 2;
  clientSetDefaultAuth(c);
  discardTransaction(c);
  c.name = '';
  // lib-name / lib-ver survive: they describe the library behind the connection (7.2).
  c.flags &= ~(CLIENT_PUBSUB | CLIENT_NO_TOUCH | CLIENT_REPLY_OFF | CLIENT_REPLY_SKIP_NEXT);
  c.addReplyStatus('RESET');
}

function selectCommand(c: Client): void {
  const id = string2ll(c.argv[1]);
  if (id === null) {
    c.addReplyError('value is not an integer or out of range');
    return;
  }
  if (id < -2147483648 || id > 2147483647) {
    // Redis getIntFromObjectOrReply: an int64 outside the int range.
    c.addReplyError('value is out of range, value must between -2147483648 and 2147483647');
    return;
  }
  if (!c.selectDb(id)) {
    c.addReplyError('DB index is out of range');
    return;
  }
  c.addReplyOk();
}

/**
 * Checks a username/password pair against the default user (Redis
 * `ACLAuthenticateUser` with only the default user): with `requirepass` unset the default
 * user is `nopass` and any password matches.
 * @returns true when authenticated (and marks the client so).
 */
export function authenticateUser(c: Client, username: string, password: string): boolean {
  const pass = c.server.config.getString('requirepass');
  if (username !== 'default' || (pass !== '' && password !== pass)) return false;
  c.user = 'default';
  c.authenticated = true;
  c.parser.authRequired = false;
  return true;
}

/**
 * Replaces argument `i` of the current command with "(redacted)" so that MONITOR and the
 * slow log never show it (Redis `redactClientCommandArgument`).
 */
export function redactClientCommandArgument(c: Client, i: number): void {
  if (i >= c.argv.length) return;
  c.argv = c.argv.slice();
  c.argv[i] = '(redacted)';
}

const WRONGPASS = '-WRONGPASS invalid username-password pair or user is disabled.';

function authCommand(c: Client): void {
  const argv = c.argv;
  if (argv.length > 3) {
    c.addReplySyntaxError();
    return;
  }
  let username: string;
  let password: string;
  // Always redact the credentials (Redis authCommand).
  for (let j = 1; j < argv.length; j++) redactClientCommandArgument(c, j);
  if (argv.length === 2) {
    if (c.server.config.getString('requirepass') === '') {
      c.addReplyError('AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?');
      return;
    }
    username = 'default';
    password = argv[1];
  } else {
    username = argv[1];
    password = argv[2];
  }
  if (authenticateUser(c, username, password)) c.addReplyOk();
  else c.addReplyError(WRONGPASS);
}

/**
 * Validates a client name (Redis `validateClientName`): printable ASCII '!'..'~' only.
 * @returns true when valid (the empty name is valid and clears the name).
 */
export function validateClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 33 || ch > 126) return false;
  }
  return true;
}

/** Error text for an invalid client name. */
export const CLIENT_NAME_ERROR = 'Client names cannot contain spaces, newlines or special characters.';

/**
 * HELLO [protover [AUTH user pass] [SETNAME name]] (Redis `helloCommand`). Replies with the
 * server map in the new protocol. A failing HELLO leaves the protocol unchanged.
 */
function helloCommand(c: Client): void {
  const argv = c.argv;
  let ver = 0;
  let next = 1;
  if (argv.length >= 2) {
    const v = string2ll(argv[next++]);
    if (v === null) {
      c.addReplyError('Protocol version is not an integer or out of range');
      return;
    }
    if (v < 2 || v > 3) {
      c.addReplyError('-NOPROTO unsupported protocol version');
      return;
    }
    ver = v;
  }
  let username: string | null = null;
  let password: string | null = null;
  let clientname: string | null = null;
  for (let j = next; j < argv.length; j++) {
    const moreargs = argv.length - 1 - j;
    const opt = cstrLower(argv[j]);
    if (opt === 'auth' && moreargs >= 2) {
      redactClientCommandArgument(c, j + 1);
      redactClientCommandArgument(c, j + 2);
      username = argv[j + 1];
      password = argv[j + 2];
      j += 2;
    } else if (opt === 'setname' && moreargs >= 1) {
      clientname = argv[j + 1];
      j++;
    } else {
      c.addReplyError("Syntax error in HELLO option '" + cstr(argv[j]) + "'");
      return;
    }
  }
  if (username !== null && password !== null) {
    if (!authenticateUser(c, username, password)) {
      c.addReplyError(WRONGPASS);
      return;
    }
  }
  if (!c.authenticated) {
    c.addReplyError(
      '-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
    );
    return;
  }
  if (clientname !== null) {
    if (!validateClientName(clientname)) {
      c.addReplyError(CLIENT_NAME_ERROR);
      return;
    }
    c.name = clientname;
  }
  if (ver !== 0) c.resp = ver;
  c.addReplyMapLen(7);
  c.addReplyBulk('server');
  c.addReplyBulk('redis');
  c.addReplyBulk('version');
  c.addReplyBulk(REDIS_VERSION);
  c.addReplyBulk('proto');
  c.addReplyLongLong(c.resp);
  c.addReplyBulk('id');
  c.addReplyLongLong(c.id);
  c.addReplyBulk('mode');
  c.addReplyBulk('standalone');
  c.addReplyBulk('role');
  c.addReplyBulk('master');
  c.addReplyBulk('modules');
  c.addReplyArrayLen(0);
}

/** The connection family. */
export const connectionCommands: CommandSpec[] = [
  { name: 'ping', proc: pingCommand },
  { name: 'echo', proc: echoCommand },
  { name: 'quit', proc: quitCommand },
  { name: 'reset', proc: resetCommand },
  { name: 'select', proc: selectCommand },
  { name: 'auth', proc: authCommand },
  { name: 'hello', proc: helloCommand },
];
