/**
 * Persistence commands (Redis rdb.c): SAVE and BGSAVE [SCHEDULE]. LASTSAVE is in server.ts;
 * the state lives in `server.persistence` (src/persistence).
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { CLIENT_EXECUTING_MULTI } from '../server/client.js';

/** SAVE: a synchronous save (refused while a BGSAVE runs). */
function saveCommand(c: Client): void {
  const p = c.server.persistence;
  if (p.bgsave !== null) {
    c.addReplyError('Background save already in progress');
    return;
  }
  p.rdbSaves++;
  if (p.rdbSave()) c.addReplyOk();
  else c.addReplyError('-ERR');
}

/**
 * BGSAVE [SCHEDULE]: starts a background save. Inside MULTI/EXEC it is scheduled for the
 * cron (Redis does so while `in_exec`); SCHEDULE only matters when another save runs... which
 * in Cinder means a BGSAVE, answered "Background save already in progress" as in Redis.
 */
function bgsaveCommand(c: Client): void {
  if (c.argv.length > 1) {
    if (!(c.argv.length === 2 && c.argv[1].toLowerCase() === 'schedule')) {
      c.addReplySyntaxError();
      return;
    }
  }
  const p = c.server.persistence;
  if (p.bgsave !== null) {
    c.addReplyError('Background save already in progress');
  } else if ((c.flags & CLIENT_EXECUTING_MULTI) !== 0) {
    p.bgsaveScheduled = true;
    c.addReplyStatus('Background saving scheduled');
  } else if (p.rdbSaveBackground()) {
    c.addReplyStatus('Background saving started');
  } else {
    c.addReplyError('-ERR');
  }
}

/** The persistence family. */
export const persistenceCommands: CommandSpec[] = [
  { name: 'save', proc: saveCommand },
  { name: 'bgsave', proc: bgsaveCommand },
];
