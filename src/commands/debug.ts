/**
 * DEBUG (Redis debug.c). Only DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE] is implemented: it
 * saves the RDB, empties the databases and loads the file back. Other subcommands answer
 * Redis's unknown-subcommand error.
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { CLIENT_FAKE } from '../server/client.js';

/**
 * Redis's protected-command check for DEBUG (processCommand + enable-debug-command):
 * "no" refuses, "local" allows loopback (and in-process) clients, "yes" allows all.
 * @returns true when allowed; otherwise the error was sent.
 */
function debugAllowed(c: Client): boolean {
  const mode = c.server.config.getString('enable-debug-command');
  if (mode === 'yes') return true;
  if (mode === 'local') {
    const sock = c.socket;
    const addr = sock === null || (c.flags & CLIENT_FAKE) !== 0 ? undefined : sock.remoteAddress;
    const a = addr !== undefined && addr.startsWith('::ffff:') ? addr.slice(7) : addr;
    if (a === undefined || a.startsWith('127.') || a === '::1') return true;
  }
  c.addReplyError(
    'DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
  );
  return false;
}

/** DEBUG <subcommand> [...]. */
function debugCommand(c: Client): void {
  if (!debugAllowed(c)) return;
  const sub = c.argv[1].toLowerCase();
  if (sub === 'help' && c.argv.length === 2) {
    c.addReplyHelp('DEBUG', [
      'RELOAD [option ...]',
      '    Save the RDB on disk and reload it back to memory. Available <option> values:',
      '    * MERGE: conflicting keys will be loaded from RDB.',
      '    * NOFLUSH: the existing database will not be removed before load, but',
      '      conflicting keys will generate an exception and kill the server.',
      '    * NOSAVE: the database will be loaded from an existing RDB file.',
      '    Examples:',
      '    * DEBUG RELOAD: verify that the server is able to persist, flush and reload',
      '      the database.',
      '    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an',
      '      existing RDB file.',
      '    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB',
      '      file to the database.',
    ]);
    return;
  }
  if (sub === 'reload') {
    let nosave = false;
    let noflush = false;
    let merge = false;
    for (let j = 2; j < c.argv.length; j++) {
      const opt = c.argv[j].toLowerCase();
      if (opt === 'merge') merge = true;
      else if (opt === 'noflush') noflush = true;
      else if (opt === 'nosave') nosave = true;
      else {
        c.addReplyError('DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.');
        return;
      }
    }
    const err = c.server.persistence.debugReload(nosave, noflush, merge);
    if (err !== null) c.addReplyError(err);
    else c.addReplyOk();
    return;
  }
  c.addReplySubcommandSyntaxError();
}

/** The DEBUG family. */
export const debugCommands: CommandSpec[] = [{ name: 'debug', proc: debugCommand }];
