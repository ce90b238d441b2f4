/**
 * Builds the command table (Redis `populateCommandTable`) from the family registration
 * lists and the metadata table. A command without metadata is a programming error and
 * fails at startup, so the table and the data cannot drift apart silently.
 */
import { RedisCommand, type CommandSpec, type CommandProc } from './types.js';
import { getCommandMetadata } from './metadata/index.js';
import { ALL_COMMAND_FAMILIES } from './families.js';
import type { Client } from '../server/client.js';

/** A container's own handler is never reached (the dispatcher resolves a subcommand or rejects). */
const containerProc: CommandProc = (c: Client) => c.addReplySubcommandSyntaxError();

function makeCommand(spec: CommandSpec, parent: RedisCommand | null): RedisCommand {
  const fullName = parent === null ? spec.name : parent.name + '|' + spec.name;
  const meta = getCommandMetadata(fullName);
  if (meta === undefined) throw new Error('no metadata for command ' + fullName);
  const subs = spec.subcommands !== undefined ? new Map<string, RedisCommand>() : null;
  const cmd = new RedisCommand(spec.name, parent, meta, spec.proc ?? containerProc, subs);
  if (subs !== null) for (const s of spec.subcommands!) subs.set(s.name, makeCommand(s, cmd));
  return cmd;
}

/**
 * Creates a fresh command table (per server: stats live on the entries).
 * @returns lowercase name -> command.
 * @throws Error when a registered command has no metadata or is registered twice.
 */
export function buildCommandTable(): Map<string, RedisCommand> {
  const table = new Map<string, RedisCommand>();
  for (const family of ALL_COMMAND_FAMILIES) {
    for (const spec of family) {
      if (table.has(spec.name)) throw new Error('command registered twice: ' + spec.name);
      table.set(spec.name, makeCommand(spec, null));
    }
  }
  return table;
}
