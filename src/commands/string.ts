/**
 * String commands (Redis t_string.c).
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { stringOf } from '../keyspace/object.js';
import { NOTIFY_STRING } from '../keyspace/notify.js';

/** GET key: the value, nil when missing, WRONGTYPE for non-strings. */
function getCommand(c: Client): void {
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyNull();
    return;
  }
  const s = stringOf(v);
  if (s === null) c.addReplyWrongType();
  else c.addReplyBulk(s);
}

/** SET key value (options to be completed). */
function setCommand(c: Client): void {
  const key = c.argv[1];
  c.db.setKey(c, key, c.argv[2]);
  c.server.dirty++;
  c.server.notifyKeyspaceEvent(NOTIFY_STRING, 'set', key, c.db.id);
  c.addReplyOk();
}

/** The string family. */
export const stringCommands: CommandSpec[] = [
  { name: 'get', proc: getCommand },
  { name: 'set', proc: setCommand },
];
