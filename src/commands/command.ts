/**
 * The COMMAND family (Redis server.c): COMMAND, COMMAND COUNT, LIST, INFO, DOCS, GETKEYS,
 * GETKEYSANDFLAGS and HELP. They report the commands this server registers (its command
 * table), with the Redis 7.2 metadata of src/commands/metadata.
 */
import type { CommandSpec, RedisCommand } from './types.js';
import { CMD_NO_MANDATORY_KEYS } from './types.js';
import type { Client } from '../server/client.js';
import { lookupCommand } from './dispatch.js';
import { addReplyCommandInfo, addReplyCommandDocs, metadataOf } from './metadata/render.js';
import { doesCommandHaveKeys, getKeysFromCommand } from './keys.js';
import { stringmatchlen } from '../util/glob.js';
import { cstrLower } from '../util/str-objects.js';

/**
 * Looks a command up by full name, "get" or "config|get", case-insensitively (Redis
 * `lookupCommandBySds`, strict): a name with a subcommand part only matches a container's
 * subcommand, and a container's name alone matches the container.
 * @returns the command, or null when there is none by that name.
 */
export function lookupCommandByFullName(commands: ReadonlyMap<string, RedisCommand>, name: string): RedisCommand | null {
  if (name.length === 0) return null;
  const parts = name.split('|');
  if (parts.length > 2) return null;
  const base = commands.get(parts[0].toLowerCase());
  if (base === undefined) return null;
  if (parts.length === 1) return base;
  if (base.subcommands === null) return null;
  return base.subcommands.get(parts[1].toLowerCase()) ?? null;
}

/** COMMAND: COMMAND INFO of every registered command. */
function commandCommand(c: Client): void {
  const commands = c.server.commands;
  c.addReplyArrayLen(commands.size);
  for (const cmd of commands.values()) addReplyCommandInfo(c, cmd);
}

/** COMMAND COUNT: the number of registered (top-level) commands. */
function commandCountCommand(c: Client): void {
  c.addReplyLongLong(c.server.commands.size);
}

/** COMMAND LIST filter (Redis `commandListFilter`). */
interface ListFilter {
  readonly type: 'module' | 'aclcat' | 'pattern';
  readonly arg: string;
}

/** Redis `shouldFilterFromCommandList`: true when `cmd` is excluded. */
function filteredOut(cmd: RedisCommand, f: ListFilter): boolean {
  switch (f.type) {
    case 'module':
      return true; // no module commands: MODULE matches nothing
    case 'aclcat':
      // An unknown category filters everything out.
      return !metadataOf(cmd).aclCategories.includes('@' + cstrLower(f.arg));
    case 'pattern':
      return !stringmatchlen(f.arg, cmd.fullname, true);
  }
}

function listCommands(commands: Iterable<RedisCommand>, filter: ListFilter | null, out: string[]): void {
  for (const cmd of commands) {
    if (filter === null || !filteredOut(cmd, filter)) out.push(cmd.fullname);
    if (cmd.subcommands !== null) listCommands(cmd.subcommands.values(), filter, out);
  }
}

/** COMMAND LIST [FILTERBY MODULE name|ACLCAT category|PATTERN pattern]: command and subcommand names. */
function commandListCommand(c: Client): void {
  const argv = c.argv;
  let filter: ListFilter | null = null;
  for (let i = 2; i < argv.length; i++) {
    const moreargs = argv.length - 1 - i;
    if (cstrLower(argv[i]) === 'filterby' && moreargs === 2) {
      const type = cstrLower(argv[i + 1]);
      if (type !== 'module' && type !== 'aclcat' && type !== 'pattern') {
        c.addReplySyntaxError();
        return;
      }
      filter = { type, arg: argv[i + 2] };
      i += 2;
    } else {
      c.addReplySyntaxError();
      return;
    }
  }
  const names: string[] = [];
  listCommands(c.server.commands.values(), filter, names);
  c.addReplyBulkArray(names);
}

/** COMMAND INFO [name ...]: every command, or the named ones (a null entry per unknown name). */
function commandInfoCommand(c: Client): void {
  const argv = c.argv;
  const commands = c.server.commands;
  if (argv.length === 2) {
    c.addReplyArrayLen(commands.size);
    for (const cmd of commands.values()) addReplyCommandInfo(c, cmd);
    return;
  }
  c.addReplyArrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) addReplyCommandInfo(c, lookupCommandByFullName(commands, argv[i]));
}

/** COMMAND DOCS [name ...]: a map of command name to docs; unknown names are skipped. */
function commandDocsCommand(c: Client): void {
  const argv = c.argv;
  const commands = c.server.commands;
  if (argv.length === 2) {
    c.addReplyMapLen(commands.size);
    for (const cmd of commands.values()) {
      c.addReplyBulk(cmd.fullname);
      addReplyCommandDocs(c, cmd);
    }
    return;
  }
  const found: RedisCommand[] = [];
  for (let i = 2; i < argv.length; i++) {
    const cmd = lookupCommandByFullName(commands, argv[i]);
    if (cmd !== null) found.push(cmd);
  }
  c.addReplyMapLen(found.length);
  for (const cmd of found) {
    c.addReplyBulk(cmd.fullname);
    addReplyCommandDocs(c, cmd);
  }
}

/**
 * COMMAND GETKEYS / GETKEYSANDFLAGS (Redis `getKeysSubcommandImpl`): resolves the command
 * (and subcommand) named in argv[2...], checks it has keys and its arity, then extracts the
 * keys with the key specs (src/commands/keys.ts).
 */
function getKeysSubcommandImpl(c: Client, withFlags: boolean): void {
  const args = c.argv.slice(2);
  const cmd = lookupCommand(c.server, args);
  if (cmd === undefined) {
    c.addReplyError('Invalid command specified');
    return;
  }
  const meta = metadataOf(cmd);
  if (!doesCommandHaveKeys(meta)) {
    c.addReplyError('The command has no key arguments');
    return;
  }
  const argc = args.length;
  if ((cmd.arity > 0 && cmd.arity !== argc) || argc < -cmd.arity) {
    c.addReplyError('Invalid number of arguments specified for command');
    return;
  }
  const keys = getKeysFromCommand(meta, args);
  if (keys.length === 0) {
    if ((cmd.flags & CMD_NO_MANDATORY_KEYS) !== 0) c.addReplyArrayLen(0);
    else c.addReplyError('Invalid arguments specified for command');
    return;
  }
  c.addReplyArrayLen(keys.length);
  for (const k of keys) {
    if (!withFlags) {
      c.addReplyBulk(args[k.pos]);
    } else {
      c.addReplyArrayLen(2);
      c.addReplyBulk(args[k.pos]);
      c.addReplySetLen(k.flags.length);
      for (const f of k.flags) c.addReplyStatus(f);
    }
  }
}

/** COMMAND GETKEYS command [arg ...]. */
function commandGetKeysCommand(c: Client): void {
  getKeysSubcommandImpl(c, false);
}

/** COMMAND GETKEYSANDFLAGS command [arg ...]. */
function commandGetKeysAndFlagsCommand(c: Client): void {
  getKeysSubcommandImpl(c, true);
}

const COMMAND_HELP: readonly string[] = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

/** COMMAND HELP. */
function commandHelpCommand(c: Client): void {
  c.addReplyHelp('COMMAND', COMMAND_HELP);
}

/** The COMMAND family. */
export const commandCommands: CommandSpec[] = [
  {
    name: 'command',
    proc: commandCommand,
    subcommands: [
      { name: 'count', proc: commandCountCommand },
      { name: 'docs', proc: commandDocsCommand },
      { name: 'getkeys', proc: commandGetKeysCommand },
      { name: 'getkeysandflags', proc: commandGetKeysAndFlagsCommand },
      { name: 'help', proc: commandHelpCommand },
      { name: 'info', proc: commandInfoCommand },
      { name: 'list', proc: commandListCommand },
    ],
  },
];
