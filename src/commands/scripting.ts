/**
 * Scripting commands (Redis eval.c): EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT
 * LOAD/EXISTS/FLUSH/KILL/DEBUG/HELP. The work is in src/scripting/.
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { getScripting, feedMonitors } from '../scripting/index.js';

function evalCommand(c: Client): void {
  feedMonitors(c);
  getScripting(c.server).eval.evalCommand(c, false, false);
}

function evalShaCommand(c: Client): void {
  feedMonitors(c);
  getScripting(c.server).eval.evalCommand(c, true, false);
}

function evalRoCommand(c: Client): void {
  feedMonitors(c);
  getScripting(c.server).eval.evalCommand(c, false, true);
}

function evalShaRoCommand(c: Client): void {
  feedMonitors(c);
  getScripting(c.server).eval.evalCommand(c, true, true);
}

/** SCRIPT LOAD <script>: compiles and caches it; replies with its SHA1. */
function scriptLoadCommand(c: Client): void {
  const r = getScripting(c.server).eval.create(c.argv[2]);
  if (typeof r === 'string') {
    c.addReplyError(r);
    return;
  }
  c.addReplyBulk(r[0]);
}

/** SCRIPT EXISTS <sha1> [<sha1> ...]: 1 or 0 per SHA (case-insensitive). */
function scriptExistsCommand(c: Client): void {
  const scripts = getScripting(c.server).eval.scripts;
  c.addReplyArrayLen(c.argv.length - 2);
  for (let j = 2; j < c.argv.length; j++) c.addReplyProto(scripts.has(c.argv[j].toLowerCase()) ? ':1\r\n' : ':0\r\n');
}

/**
 * SCRIPT FLUSH [ASYNC|SYNC]: empties the script cache and resets the Lua state. The default
 * mode follows lazyfree-lazy-user-flush; both modes free at once here (the old state is
 * simply dropped for the garbage collector).
 */
function scriptFlushCommand(c: Client): void {
  const argv = c.argv;
  if (argv.length === 3) {
    const m = argv[2].toLowerCase();
    if (m !== 'sync' && m !== 'async') {
      c.addReplyError('SCRIPT FLUSH only support SYNC|ASYNC option');
      return;
    }
  } else if (argv.length !== 2) {
    c.addReplyError('SCRIPT FLUSH only support SYNC|ASYNC option');
    return;
  }
  getScripting(c.server).eval.flush();
  c.addReplyOk();
}

/** SCRIPT KILL: stops a busy EVAL script that has not written. */
function scriptKillCommand(c: Client): void {
  getScripting(c.server).engine.kill(c, true);
}

/**
 * SCRIPT DEBUG YES|SYNC|NO (Redis `scriptCommand`): refused while replies are pending
 * (pipelined after other commands, or inside EXEC) as Redis's clientHasPendingReplies
 * check does; NO replies OK. YES and SYNC start Redis's Lua debugger (LDB) on the next
 * EVAL, which Cinder does not have: they reply an error instead of an OK that no
 * debugging session would follow.
 */
function scriptDebugCommand(c: Client): void {
  if (c.reply.length > 0) {
    c.addReplyError('SCRIPT DEBUG must be called outside a pipeline');
    return;
  }
  const m = c.argv[2].toLowerCase();
  if (m === 'no') {
    c.addReplyOk();
  } else if (m === 'yes' || m === 'sync') {
    c.addReplyError('SCRIPT DEBUG is not supported by this server');
  } else {
    c.addReplyError('Use SCRIPT DEBUG YES/SYNC/NO');
  }
}

const SCRIPT_HELP = [
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
];

function scriptHelpCommand(c: Client): void {
  c.addReplyHelp('script', SCRIPT_HELP);
}

/** The scripting family. */
export const scriptingCommands: CommandSpec[] = [
  { name: 'eval', proc: evalCommand },
  { name: 'evalsha', proc: evalShaCommand },
  { name: 'eval_ro', proc: evalRoCommand },
  { name: 'evalsha_ro', proc: evalShaRoCommand },
  {
    name: 'script',
    subcommands: [
      { name: 'load', proc: scriptLoadCommand },
      { name: 'exists', proc: scriptExistsCommand },
      { name: 'flush', proc: scriptFlushCommand },
      { name: 'kill', proc: scriptKillCommand },
      { name: 'debug', proc: scriptDebugCommand },
      { name: 'help', proc: scriptHelpCommand },
    ],
  },
];
