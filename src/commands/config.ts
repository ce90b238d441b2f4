/**
 * CONFIG GET / SET / RESETSTAT / REWRITE / HELP (Redis 7.2 config.c). The parameters
 * themselves live in src/config/config.ts; REWRITE's file logic in src/config/rewrite.ts.
 */
import type { RedisCommand } from './types.js';
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { CLIENT_DENY_BLOCKING } from '../server/client.js';
import type { ConfigDef, ConfigValue } from '../config/config.js';
import { stringmatchlen } from '../util/glob.js';
import { cstr } from '../util/str-objects.js';
import { rewriteConfig } from '../config/rewrite.js';

/**
 * CONFIG GET pattern [pattern ...]: a map of every matching parameter to its value.
 * A pattern without glob characters is an exact (case-insensitive) lookup that also finds
 * hidden parameters and is reported under the name as typed; glob patterns match the
 * lowercase names and aliases of the non-hidden parameters. A name is reported once.
 */
function configGetCommand(c: Client): void {
  const config = c.server.config;
  const matches = new Map<string, { name: string; def: ConfigDef }>();
  for (let i = 2; i < c.argv.length; i++) {
    const pattern = c.argv[i];
    if (!/[[*?]/.test(pattern)) {
      const key = pattern.toLowerCase();
      if (matches.has(key)) continue;
      const def = config.lookup(pattern);
      if (def !== undefined) matches.set(key, { name: pattern, def });
      continue;
    }
    for (const [name, def] of config.defs) {
      if (def.hidden === true) continue;
      if (matches.has(name)) continue;
      if (stringmatchlen(pattern, name, true)) matches.set(name, { name, def });
    }
  }
  c.addReplyMapLen(matches.size);
  for (const { name, def } of matches.values()) {
    c.addReplyBulk(name);
    c.addReplyBulk(config.format(def));
  }
}

/** True when the client may touch PROTECTED_CONFIG parameters (Redis `allowProtectedAction`). */
function allowProtectedAction(c: Client): boolean {
  const mode = c.server.config.getString('enable-protected-configs');
  if (mode === 'yes') return true;
  if (mode !== 'local') return false;
  // Redis `islocalClient`: a unix socket, or a loopback peer (127.0.0.1 / ::1).
  const addr = c.addr;
  return c.socket === null || addr.startsWith('127.0.0.1:') || addr.startsWith('::1:') || addr.startsWith('[::1]:');
}

/**
 * CONFIG SET parameter value [parameter value ...] (Redis `configSetCommand`): all the
 * pairs are validated and set, or none is: when a value fails, the ones already set are
 * restored. Errors, in Redis's precedence: odd argument count (syntax error); unknown
 * parameter ("Unknown option or number of arguments for CONFIG SET - '<name>'"); immutable
 * or protected parameter; LOADING; duplicate parameter; then the first invalid value
 * ("CONFIG SET failed (possibly related to argument '<name>') - <reason>").
 */
function configSetCommand(c: Client): void {
  const argv = c.argv;
  const server = c.server;
  const config = server.config;
  if ((argv.length & 1) !== 0) {
    c.addReplySyntaxError();
    return;
  }
  const count = (argv.length - 2) / 2;
  const defs: ConfigDef[] = [];
  const lookedUp: string[] = [];
  let invalidArgName: string | null = null;
  let errArgName: string | null = null;
  let errstr: string | null = null;
  let denyLoading = false;
  let invalid = false;
  for (let i = 0; i < count; i++) {
    const typed = argv[2 + i * 2];
    const def = config.lookup(typed);
    if (def === undefined) {
      if (!invalid) {
        invalidArgName = typed;
        invalid = true;
      }
      continue;
    }
    if (invalid) continue;
    if (!def.mutable || (def.protected === true && !allowProtectedAction(c))) {
      errstr = !def.mutable ? "can't set immutable config" : "can't set protected config";
      errArgName = typed;
      invalid = true;
      continue;
    }
    if (server.loading && def.denyLoading === true) {
      denyLoading = true;
      invalid = true;
      continue;
    }
    // Redis compares table entries: a name and its alias are distinct entries.
    const entryName = typed.toLowerCase() === def.alias ? def.alias : def.name;
    for (let j = 0; j < i; j++) {
      if (defs[j] === def && lookedUp[j] === entryName) {
        errstr = 'duplicate parameter';
        errArgName = typed;
        invalid = true;
        break;
      }
    }
    defs[i] = def;
    lookedUp[i] = entryName;
  }
  if (!invalid) {
    const backups = defs.map((d) => config.backup(d));
    const changed: ConfigDef[] = [];
    const onChange = config.onChange;
    config.onChange = null;
    try {
      for (let i = 0; i < count; i++) {
        const before = config.format(defs[i]);
        const beforeRaw = config.get(defs[i].name);
        const err = config.setFromString(defs[i], argv[3 + i * 2], false);
        if (err !== null) {
          for (let j = i; j >= 0; j--) config.restore(defs[j], backups[j]);
          errstr = err;
          errArgName = lookedUp[i];
          invalid = true;
          break;
        }
        const now = config.format(defs[i]) !== before || config.get(defs[i].name) !== beforeRaw;
        if (now && !changed.includes(defs[i])) changed.push(defs[i]);
      }
    } finally {
      config.onChange = onChange;
    }
    if (!invalid) {
      for (const d of changed) if (onChange !== null) onChange(d.name, config.get(d.name) as ConfigValue);
      // port / bind: the listeners move (asynchronously); the reply comes once they are up.
      const listenerParam = changed.find((d) => d.name === 'port' || d.name === 'bind');
      if (listenerParam !== undefined && server.isListening) {
        const param = listenerParam.name === 'port' ? 'port' : 'bind';
        const restore = (): void => {
          for (let j = count - 1; j >= 0; j--) config.restore(defs[j], backups[j]);
          for (const d of changed) if (onChange !== null) onChange(d.name, config.get(d.name) as ConfigValue);
        };
        if (c.socket === null || (c.flags & CLIENT_DENY_BLOCKING) !== 0) {
          // An in-process call (embedding API) or a command inside MULTI/EXEC cannot wait
          // for the rebind: refuse rather than answer before knowing the outcome.
          restore();
          c.addReplyError("CONFIG SET failed (possibly related to argument '" + param + "') - the listeners can only be changed by a client connection, outside MULTI/EXEC");
          return;
        }
        server.reconfigureListeners(c, param, restore);
        return;
      }
      c.addReplyOk();
      return;
    }
  }
  if (denyLoading) c.addReplyError('-LOADING Redis is loading the dataset in memory');
  else if (invalidArgName !== null) c.addReplyError("Unknown option or number of arguments for CONFIG SET - '" + cstr(invalidArgName) + "'");
  else if (errstr !== null) c.addReplyError("CONFIG SET failed (possibly related to argument '" + cstr(String(errArgName)) + "') - " + errstr);
  else c.addReplyError("CONFIG SET failed (possibly related to argument '" + cstr(String(errArgName)) + "')");
}

/**
 * CONFIG RESETSTAT (Redis `configResetStatCommand`): resets INFO stats, commandstats,
 * errorstats and the lazyfree counter.
 */
function configResetStatCommand(c: Client): void {
  const server = c.server;
  server.stats.reset();
  server.lazyfree.freedObjects = 0;
  for (const cmd of server.commands.values()) {
    resetCommandStats(cmd);
    if (cmd.subcommands !== null) for (const sub of cmd.subcommands.values()) resetCommandStats(sub);
  }
  c.addReplyOk();
}

function resetCommandStats(cmd: RedisCommand): void {
  cmd.stats.latency = null;
  cmd.stats.calls = 0;
  cmd.stats.usec = 0;
  cmd.stats.rejectedCalls = 0;
  cmd.stats.failedCalls = 0;
}

/** CONFIG REWRITE (Redis `configRewriteCommand`); see src/config/rewrite.ts. */
function configRewriteCommand(c: Client): void {
  const server = c.server;
  const file = server.config.configFile;
  if (file === '') {
    c.addReplyError('The server is running without a config file');
    return;
  }
  try {
    rewriteConfig(file, server.config);
  } catch (err) {
    const msg = (err as NodeJS.ErrnoException).code === 'EACCES' ? 'Permission denied' : (err as Error).message;
    server.log('warning', 'CONFIG REWRITE failed: ' + msg);
    c.addReplyError('Rewriting config file: ' + msg);
    return;
  }
  server.log('notice', 'CONFIG REWRITE executed with success.');
  c.addReplyOk();
}

const CONFIG_HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

function configHelpCommand(c: Client): void {
  c.addReplyHelp('config', CONFIG_HELP);
}

/** The CONFIG container command. */
export const configCommands: CommandSpec = {
  name: 'config',
  subcommands: [
    { name: 'get', proc: configGetCommand },
    { name: 'set', proc: configSetCommand },
    { name: 'resetstat', proc: configResetStatCommand },
    { name: 'rewrite', proc: configRewriteCommand },
    { name: 'help', proc: configHelpCommand },
  ],
};
