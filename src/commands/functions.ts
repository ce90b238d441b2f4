/**
 * Function commands (Redis function.c): FUNCTION LOAD/DELETE/FLUSH/LIST/STATS/KILL/DUMP/
 * RESTORE/HELP and FCALL, FCALL_RO. The work is in src/scripting/functions.ts.
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { getScripting, feedMonitors } from '../scripting/index.js';

function fcallCommand(c: Client): void {
  feedMonitors(c);
  getScripting(c.server).functions.fcallCommand(c, false);
}

function fcallRoCommand(c: Client): void {
  feedMonitors(c);
  getScripting(c.server).functions.fcallCommand(c, true);
}

function functionLoadCommand(c: Client): void {
  getScripting(c.server).functions.loadCommand(c);
}

function functionDeleteCommand(c: Client): void {
  getScripting(c.server).functions.deleteCommand(c);
}

/** FUNCTION FLUSH [ASYNC|SYNC]: the default follows lazyfree-lazy-user-flush (both free at once here). */
function functionFlushCommand(c: Client): void {
  getScripting(c.server).functions.flushCommand(c);
}

function functionListCommand(c: Client): void {
  getScripting(c.server).functions.listCommand(c);
}

function functionStatsCommand(c: Client): void {
  getScripting(c.server).functions.statsCommand(c);
}

function functionKillCommand(c: Client): void {
  getScripting(c.server).engine.kill(c, false);
}

function functionDumpCommand(c: Client): void {
  getScripting(c.server).functions.dumpCommand(c);
}

function functionRestoreCommand(c: Client): void {
  getScripting(c.server).functions.restoreCommand(c);
}

const FUNCTION_HELP = [
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
];

function functionHelpCommand(c: Client): void {
  c.addReplyHelp('function', FUNCTION_HELP);
}

/** The functions family. */
export const functionCommands: CommandSpec[] = [
  { name: 'fcall', proc: fcallCommand },
  { name: 'fcall_ro', proc: fcallRoCommand },
  {
    name: 'function',
    subcommands: [
      { name: 'load', proc: functionLoadCommand },
      { name: 'delete', proc: functionDeleteCommand },
      { name: 'flush', proc: functionFlushCommand },
      { name: 'list', proc: functionListCommand },
      { name: 'stats', proc: functionStatsCommand },
      { name: 'kill', proc: functionKillCommand },
      { name: 'dump', proc: functionDumpCommand },
      { name: 'restore', proc: functionRestoreCommand },
      { name: 'help', proc: functionHelpCommand },
    ],
  },
];
