/**
 * Server commands (Redis server.c, db.c, config.c): the flush family, DBSIZE, ...
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';

/**
 * Parses FLUSHALL/FLUSHDB's optional mode (Redis `getFlushCommandFlags`): SYNC, ASYNC, or
 * the `lazyfree-lazy-user-flush` default.
 * @returns true for ASYNC, false for SYNC, null after replying "syntax error".
 */
export function getFlushCommandFlags(c: Client): boolean | null {
  const argv = c.argv;
  if (argv.length === 2) {
    const m = argv[1].toLowerCase();
    if (m === 'sync') return false;
    if (m === 'async') return true;
  } else if (argv.length === 1) {
    return c.server.config.getBool('lazyfree-lazy-user-flush');
  }
  c.addReplySyntaxError();
  return null;
}

/**
 * FLUSHALL [ASYNC|SYNC] (spec/flushall.md): empties every database and nothing else
 * (functions and the script cache survive), adds the removed keys to `dirty` plus one,
 * and runs the persistence hooks (reset the RDB file, abort a save in progress).
 */
function flushallCommand(c: Client): void {
  const async = getFlushCommandFlags(c);
  if (async === null) return;
  const server = c.server;
  server.dirty += server.emptyData(-1, async);
  for (const hook of server.flushallHooks) hook();
  server.dirty++;
  c.addReplyOk();
}

/** FLUSHDB [ASYNC|SYNC]: empties the selected database; the removed keys count toward `dirty`. */
function flushdbCommand(c: Client): void {
  const async = getFlushCommandFlags(c);
  if (async === null) return;
  const server = c.server;
  server.dirty += server.emptyData(c.db.id, async);
  c.addReplyOk();
}

/** DBSIZE: keys in the selected db. */
function dbsizeCommand(c: Client): void {
  c.addReplyLongLong(c.db.size);
}

/** The server family. */
export const serverCommands: CommandSpec[] = [
  { name: 'flushall', proc: flushallCommand },
  { name: 'flushdb', proc: flushdbCommand },
  { name: 'dbsize', proc: dbsizeCommand },
];
