#!/usr/bin/env node
/**
 * cinder-server: the standalone server, taking redis-server's arguments:
 *
 *   cinder-server [/path/to/redis.conf] [--port 6380] [--save "900 1"] [--name value ...]
 *   cinder-server - (read the config from standard input)
 *   cinder-server --version | -v
 *   cinder-server --help | -h
 *
 * As in redis-server, `--name v1 v2` passes every word up to the next `--option` as the
 * value, and an option given on the command line overrides the file.
 */
import { readFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { RedisServer, REDIS_VERSION, formatLogTime } from '../src/server/server.js';

function usage(): never {
  process.stderr.write(
    [
      'Usage: ./cinder-server [/path/to/redis.conf] [options] [-]',
      '       ./cinder-server - (read config from stdin)',
      '       ./cinder-server -v or --version',
      '       ./cinder-server -h or --help',
      '',
      'Examples:',
      '       ./cinder-server (run the server with default conf)',
      '       echo \'maxmemory 128mb\' | ./cinder-server -',
      '       ./cinder-server /etc/redis/6379.conf',
      '       ./cinder-server --port 7777',
      '       ./cinder-server /etc/myredis.conf --loglevel verbose -',
      '       ./cinder-server /etc/myredis.conf --loglevel verbose',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

/**
 * Splits redis-server style arguments into a config file path and `--name value` pairs.
 * @returns the file ('' when none, '-' for stdin) and the overrides in order.
 */
export function parseServerArgs(args: readonly string[]): { file: string; overrides: Array<[string, string]> } {
  let file = '';
  let j = 0;
  if (args.length > 0 && !args[0].startsWith('--') && args[0] !== '-') {
    file = args[0];
    j = 1;
  }
  const overrides: Array<[string, string]> = [];
  let cur: [string, string[]] | null = null;
  for (; j < args.length; j++) {
    const a = args[j];
    if (a === '-') {
      file = file === '' ? '-' : file;
      continue;
    }
    if (a.startsWith('--') && a.length > 2) {
      if (cur !== null) overrides.push([cur[0], cur[1].join(' ')]);
      cur = [a.slice(2), []];
    } else if (cur !== null) {
      cur[1].push(a);
    }
  }
  if (cur !== null) overrides.push([cur[0], cur[1].join(' ')]);
  return { file, overrides };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '-v' || args[0] === '--version') {
    process.stdout.write('Redis server v=' + REDIS_VERSION + ' sha=00000000:0 malloc=libc bits=64 build=cinder\n');
    process.exit(0);
  }
  if (args[0] === '-h' || args[0] === '--help') usage();
  const { file, overrides } = parseServerArgs(args);
  let configText: string | undefined;
  if (file === '-') configText = readFileSync(0, 'latin1');
  else if (file !== '') configText = readFileSync(file, 'latin1');
  const pid = process.pid;
  const early = (c: string, msg: string): void => {
    process.stdout.write(pid + ':C ' + formatLogTime(new Date()) + ' ' + c + ' ' + msg + '\n');
  };
  early('*', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
  early('*', 'Redis version=' + REDIS_VERSION + ', bits=64, commit=00000000, modified=0, pid=' + pid + ', just started');
  if (file === '') {
    early('#', 'Warning: no config file specified, using the default config. In order to specify a config file use ./cinder-server /path/to/redis.conf');
  } else {
    early('*', 'Configuration loaded');
  }
  let server: RedisServer;
  try {
    server = new RedisServer({ configText, configFile: file !== '' && file !== '-' ? resolve(file) : undefined, overrides });
  } catch (err) {
    process.stderr.write((err as Error).message + '\n');
    process.exit(1);
  }
  const logfile = server.config.getString('logfile');
  if (logfile !== '') {
    // Reopen logging to the file (append), as redis-server does.
    server.setLogSink((line: string) => writeFileSync(logfile, line + '\n', { flag: 'a' }));
  }
  let port: number;
  try {
    port = await server.listen();
  } catch (err) {
    // The failing address was logged by listen() ("Could not create server TCP listening socket").
    server.log('warning', (err as Error).message);
    process.exit(1);
  }
  server.log('notice', 'Running mode=standalone, port=' + port + '.');
  const pidfile = server.config.getString('pidfile');
  if (pidfile !== '') writeFileSync(pidfile, pid + '\n');
  server.log('notice', 'Server initialized');
  // Loading the dataset (persistence) finishes before "Ready to accept connections".
  for (const hook of server.startupHooks) await hook();
  server.log('notice', 'Ready to accept connections tcp');
  let signalled = false;
  const onSignal = (sig: string): void => {
    if (signalled) {
      // Redis sigShutdownHandler: a second SIGINT while shutting down exits at once.
      if (sig !== 'SIGINT') return;
      server.log('warning', 'You insist... exiting now.');
      process.exit(1);
    }
    signalled = true;
    process.stdout.write(pid + ':signal-handler (' + Math.floor(Date.now() / 1000) + ') Received ' + sig + ' scheduling shutdown...\n');
    if (server.prepareForShutdown(null)) {
      void server.finishShutdown();
    } else {
      // Redis serverCron: the server stays up and a later signal schedules a new attempt.
      server.log('warning', sig + ' received but errors trying to shut down the server, check the logs for more information');
      signalled = false;
    }
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  await server.closedPromise;
  if (pidfile !== '') {
    server.log('notice', 'Removing the pid file.');
    try {
      unlinkSync(pidfile);
    } catch {
      /* already gone */
    }
  }
  process.exit(0);
}

void main();
