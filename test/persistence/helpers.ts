/**
 * Helpers for the persistence tests: a decoded-reply client, a keyspace describer that reads
 * every key of every db through commands (so Cinder and redis-server are compared the same
 * way), temp dirs, and a redis-server started on a given dir/dbfilename.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { RawClient, freePort } from '../helpers/oracle.js';
import { decodeReply, type ReplyValue } from '../../src/protocol/reply-parser.js';

/** A client returning decoded replies. */
export class Conn {
  private constructor(readonly raw: RawClient) {}
  static async open(port: number): Promise<Conn> {
    return new Conn(await RawClient.connect(port));
  }
  async cmd(...argv: Array<string | number>): Promise<ReplyValue> {
    const r = await this.raw.send(...argv.map(String));
    return decodeReply(r, 0)[0];
  }
  close(): void {
    this.raw.close();
  }
}

/** A fresh temp dir, removed when the test process exits (see helpers/tmp.ts). */
export { tempDir } from '../helpers/tmp.js';

/** What one key holds, in a comparable form. */
export interface KeyDesc {
  type: string;
  value: unknown;
  /** PTTL rounded to 10 s (-1 without TTL). */
  ttl: number;
}

/** Reads every key of dbs 0..ndbs-1 into {db: {key: KeyDesc}}. */
export async function describeKeyspace(c: Conn, ndbs = 16): Promise<Record<string, Record<string, KeyDesc>>> {
  const out: Record<string, Record<string, KeyDesc>> = {};
  for (let db = 0; db < ndbs; db++) {
    await c.cmd('SELECT', db);
    const keys = ((await c.cmd('KEYS', '*')) as string[]).slice().sort();
    if (keys.length === 0) continue;
    const d: Record<string, KeyDesc> = {};
    for (const k of keys) {
      const type = (await c.cmd('TYPE', k)) as string;
      let value: unknown;
      if (type === 'string') value = await c.cmd('GET', k);
      else if (type === 'list') value = await c.cmd('LRANGE', k, 0, -1);
      else if (type === 'hash') {
        const flat = (await c.cmd('HGETALL', k)) as string[];
        const pairs: string[] = [];
        for (let i = 0; i < flat.length; i += 2) pairs.push(flat[i] + '\u0000' + flat[i + 1]);
        value = pairs.sort();
      } else if (type === 'set') value = ((await c.cmd('SMEMBERS', k)) as string[]).slice().sort();
      else if (type === 'zset') value = await c.cmd('ZRANGE', k, 0, -1, 'WITHSCORES');
      else value = '?';
      const pttl = (await c.cmd('PTTL', k)) as number;
      d[k] = { type, value, ttl: pttl < 0 ? pttl : Math.round(pttl / 10000) };
    }
    out[String(db)] = d;
  }
  await c.cmd('SELECT', 0);
  return out;
}

/** A redis-server 7.0.15 started with `dir` and `dbfilename` (so it loads that file). */
export interface RedisProc {
  port: number;
  proc: ChildProcess;
  log: () => string;
  stop(): Promise<void>;
}

/** Starts redis-server on `dir`; resolves once it answers PING (after loading) or exits. */
export async function startRedisOn(dir: string, extra: readonly string[] = [], dbfilename = 'dump.rdb'): Promise<RedisProc> {
  const port = await freePort();
  let log = '';
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--dbfilename', dbfilename, '--appendonly', 'no', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const reap = (): void => {
    if (proc.exitCode === null) proc.kill('SIGKILL');
  };
  process.once('exit', reap);
  for (let i = 0; i < 200 && proc.exitCode === null; i++) {
    try {
      const c = await RawClient.connect(port);
      const r = await c.send('PING');
      c.close();
      if (r === '+PONG\r\n') break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 30));
  }
  return {
    port,
    proc,
    log: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}

/** Commands that build every type and encoding, with TTLs and several dbs. */
export function populateCommands(): Array<Array<string | number>> {
  const cmds: Array<Array<string | number>> = [];
  const big = (n: number, p: string): string[] => Array.from({ length: n }, (_, i) => p + i);
  // db 0: strings in every encoding
  cmds.push(['SELECT', 0]);
  cmds.push(['SET', 'str:int8', '12'], ['SET', 'str:int16', '-3000'], ['SET', 'str:int32', '2000000000'], ['SET', 'str:big', '12345678901234']);
  cmds.push(['SET', 'str:raw', 'hello world'], ['SET', 'str:empty', ''], ['SET', 'str:lzf', 'abc'.repeat(200)], ['SET', 'str:bin', '\x00\x01\xff\xfe'.repeat(10)]);
  cmds.push(['SET', 'str:ttl', 'v', 'EX', 5000], ['SET', 'str:pttl', 'v', 'PX', 9000000]);
  cmds.push(['SET', 'str:lead0', '007'], ['SET', 'str:neg0', '-0'], ['SET', 'str:float', '3.14']);
  // lists
  cmds.push(['RPUSH', 'list:small', 'a', 'b', '1', '-100', '70000', '9223372036854775807', 'x'.repeat(70)]);
  cmds.push(['RPUSH', 'list:big', ...big(3000, 'element-')]);
  cmds.push(['RPUSH', 'list:ttl', 'x'], ['EXPIRE', 'list:ttl', 7200]);
  // hashes
  cmds.push(['HSET', 'hash:small', 'f1', 'v1', 'f2', '22', 'n', '-5']);
  cmds.push(['HSET', 'hash:bigval', 'f', 'y'.repeat(100)]);
  cmds.push(['HSET', 'hash:many', ...big(600, 'field').flatMap((f) => [f, f + ':value'])]);
  // sets
  cmds.push(['SADD', 'set:intset', '1', '2', '3', '-9', '100000', '5000000000']);
  cmds.push(['SADD', 'set:small', 'a', 'b', 'c']);
  cmds.push(['SADD', 'set:big', ...big(700, 'm')]);
  cmds.push(['SADD', 'set:bigints', ...big(600, '').map((s) => s + '7')]);
  // zsets
  cmds.push(['ZADD', 'zset:small', '1', 'a', '2.5', 'b', '-3', 'c', '100000', 'd', 'inf', 'e', '-inf', 'f']);
  cmds.push(['ZADD', 'zset:big', ...big(300, 'zm').flatMap((m, i) => [String(i * 1.25), m])]);
  cmds.push(['ZADD', 'zset:longmember', '1', 'q'.repeat(80)]);
  // other dbs
  cmds.push(['SELECT', 3], ['SET', 'db3:key', 'three'], ['LPUSH', 'db3:list', 'z'], ['PEXPIRE', 'db3:list', 123456789]);
  cmds.push(['SELECT', 9], ['HSET', 'db9:h', 'a', 'b'], ['ZADD', 'db9:z', '7', 'seven']);
  cmds.push(['SELECT', 0]);
  return cmds;
}
