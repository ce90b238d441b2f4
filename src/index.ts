/**
 * Cinder's embedding API: start and stop Redis-compatible servers in-process.
 *
 * ```ts
 * import { startServer } from 'cinder';
 * const srv = await startServer({ port: 0 });       // a free port on 127.0.0.1
 * srv.call('SET', 'k', 'v');                        // same keyspace, in-process
 * await srv.close();
 * ```
 */
import { readFileSync } from 'node:fs';
import { RedisServer } from './server/server.js';
import { decodeReply, type ReplyValue } from './protocol/reply-parser.js';
import { processCommand } from './commands/dispatch.js';
import { CLIENT_FAKE } from './server/client.js';

export { RedisServer, REDIS_VERSION } from './server/server.js';
export { ReplyError, ReplyDouble, VerbatimString, type ReplyValue } from './protocol/reply-parser.js';

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** TCP port; 0 (the default) picks a free port. */
  port?: number;
  /** Address to bind; default "127.0.0.1". */
  host?: string;
  /** Path of a redis.conf-syntax file to load first. */
  configFile?: string;
  /**
   * Config parameters, as redis.conf names and values (e.g. `{ databases: 4,
   * 'lazyfree-lazy-user-flush': 'yes', save: '' }`). Applied after the file.
   */
  config?: Readonly<Record<string, string | number | boolean>>;
  /**
   * Log lines: false (the default) silences them, true writes them to stdout, a function
   * receives each line.
   */
  log?: boolean | ((line: string) => void);
}

/** A running embedded server. */
export interface CinderServer {
  /** The TCP port it listens on (follows CONFIG SET port; 0 when TCP listening was turned off). */
  readonly port: number;
  /** The address it is bound to. */
  readonly host: string;
  /** The server instance: databases, config, clients, stats. */
  readonly server: RedisServer;
  /**
   * Runs one command in-process on db 0 as a RESP3-less (RESP2) fake client and returns the
   * decoded reply: strings as one-byte strings, errors as `ReplyError` values (not thrown).
   */
  call(...args: Array<string | number>): ReplyValue;
  /**
   * Shuts the server down (no save unless `save` is true). Resolves when closed; rejects
   * with "Errors trying to SHUTDOWN. Check logs." when the requested save fails (the server
   * then keeps running).
   */
  close(save?: boolean): Promise<void>;
}

/**
 * Starts a server listening on `host:port` and resolves once it accepts connections.
 * Several independent servers can run in one process.
 * @throws Error when the config is invalid or the port cannot be bound.
 */
export async function startServer(options: StartServerOptions = {}): Promise<CinderServer> {
  const overrides: Array<[string, string]> = [];
  overrides.push(['port', String(options.port ?? 0)]);
  overrides.push(['bind', options.host ?? '127.0.0.1']);
  // Embedded servers do not persist unless asked to.
  if (options.config === undefined || !('save' in options.config)) overrides.push(['save', '']);
  for (const [k, v] of Object.entries(options.config ?? {})) {
    overrides.push([k, typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)]);
  }
  const log = options.log === true ? undefined : options.log === undefined || options.log === false ? null : options.log;
  const server = new RedisServer({
    configText: options.configFile !== undefined ? readFileSync(options.configFile, 'latin1') : undefined,
    configFile: options.configFile,
    overrides,
    log,
  });
  await server.listen();
  const fake = server.createClient(null);
  fake.flags |= CLIENT_FAKE;
  return {
    get port(): number {
      return server.config.getNumber('port');
    },
    host: options.host ?? '127.0.0.1',
    server,
    call(...args: Array<string | number>): ReplyValue {
      fake.argv = args.map(String);
      processCommand(server, fake);
      const out = fake.takeReply();
      fake.pendingWrite = false;
      server.handleClientsWithPendingWrites();
      return decodeReply(out, 0)[0];
    },
    close(save = false): Promise<void> {
      return server.shutdown(save);
    },
  };
}
