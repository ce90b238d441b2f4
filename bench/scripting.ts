/**
 * Scripting benchmark: throughput of EVALSHA and FCALL on redis-server and Cinder side by side.
 *
 *   npx tsx bench/scripting.ts [--seconds 3] [--conns 4] [--pipeline 50]
 *
 * Both servers run as separate processes (redis-server, and bin/cinder-server.ts under tsx)
 * with persistence off. Each case loads its script (SCRIPT LOAD / FUNCTION LOAD), then
 * `conns` connections each send pipelined batches of `pipeline` calls back to back for
 * `seconds`; the result is calls per second, and Cinder's ratio to redis-server (target >= 0.7),
 * plus calls per CPU second of each server process (INFO cpu), which stays meaningful when
 * the machine is loaded by other work.
 *
 * Cases: plain GET as the baseline of the server itself; EVALSHA of a tiny script (one GET); EVALSHA of a 50-call script (25 SET + 25 GET);
 * FCALL of the same two as functions; EVALSHA of a BullMQ-style addJob-like script
 * (cjson + cmsgpack + 12 calls).
 */
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

function arg(name: string, def: string): string {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const SECONDS = Number(arg('seconds', '3'));
const CONNS = Number(arg('conns', '4'));
const PIPELINE = Number(arg('pipeline', '50'));

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => res(p));
    });
    s.on('error', rej);
  });
}

function encode(argv: readonly string[]): string {
  let s = '*' + argv.length + '\r\n';
  for (const a of argv) s += '$' + a.length + '\r\n' + a + '\r\n';
  return s;
}

/** A pipelining client that counts complete replies. */
class Conn {
  private buf = '';
  private pos = 0;
  private want = 0;
  private got = 0;
  private done: (() => void) | null = null;
  last = '';
  private constructor(private readonly sock: net.Socket) {
    sock.setNoDelay(true);
    sock.on('data', (d: Buffer) => this.onData(d));
  }
  static connect(port: number): Promise<Conn> {
    return new Promise((res, rej) => {
      const s = net.connect(port, '127.0.0.1', () => res(new Conn(s)));
      s.once('error', rej);
    });
  }
  private onData(d: Buffer): void {
    this.buf = this.pos > 0 ? this.buf.slice(this.pos) + d.toString('latin1') : this.buf + d.toString('latin1');
    this.pos = 0;
    for (;;) {
      const end = this.replyEnd(this.pos);
      if (end < 0) break;
      if (this.got === this.want - 1) this.last = this.buf.slice(this.pos, end);
      this.pos = end;
      this.got++;
    }
    if (this.got >= this.want && this.done !== null) {
      const f = this.done;
      this.done = null;
      f();
    }
  }
  private replyEnd(p: number): number {
    const b = this.buf;
    if (p >= b.length) return -1;
    const eol = b.indexOf('\r\n', p);
    if (eol < 0) return -1;
    const t = b.charCodeAt(p);
    if (t === 36) {
      const n = parseInt(b.slice(p + 1, eol), 10);
      if (n < 0) return eol + 2;
      return b.length >= eol + 4 + n ? eol + 4 + n : -1;
    }
    if (t === 42) {
      const n = parseInt(b.slice(p + 1, eol), 10);
      let q = eol + 2;
      for (let i = 0; i < n; i++) {
        q = this.replyEnd(q);
        if (q < 0) return -1;
      }
      return q;
    }
    return eol + 2;
  }
  /** Sends `payload` holding `n` commands; resolves when all replies arrived. */
  run(payload: string, n: number): Promise<void> {
    this.want = n;
    this.got = 0;
    return new Promise((res) => {
      this.done = res;
      this.sock.write(payload, 'latin1');
    });
  }
  close(): void {
    this.sock.destroy();
  }
}

async function waitReady(port: number): Promise<Conn> {
  for (let i = 0; i < 300; i++) {
    try {
      const c = await Conn.connect(port);
      await c.run(encode(['PING']), 1);
      return c;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('server on port ' + port + ' did not start');
}

interface Server {
  name: string;
  proc: ChildProcess;
  conn: Conn;
  port: number;
}

async function startRedis(): Promise<Server> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir(), '--dbfilename', 'bench-scripting-' + process.pid + '.rdb'], { stdio: 'ignore' });
  return { name: 'redis', proc, conn: await waitReady(port), port };
}

async function startCinder(): Promise<Server> {
  const port = await freePort();
  const proc = spawn(process.execPath, [...(process.env.CINDER_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof2'] : []), '--import', 'tsx', resolve(root, 'bin/cinder-server.ts'), '--port', String(port), '--save', ''], {
    stdio: 'ignore',
    cwd: root,
  });
  return { name: 'cinder', proc, conn: await waitReady(port), port };
}


function sha1(s: string): string {
  return createHash('sha1').update(s, 'latin1').digest('hex');
}

const TINY = "return redis.call('GET', KEYS[1])";
const FIFTY = "for i = 1, 25 do redis.call('SET', KEYS[1], ARGV[1]) redis.call('GET', KEYS[1]) end return 50";
const QUEUE = `local opts = cmsgpack.unpack(ARGV[1])
local data = cjson.decode(ARGV[2])
local id = redis.call('INCR', KEYS[1])
local key = KEYS[2] .. id
redis.call('HSET', key, 'name', opts.name, 'data', ARGV[2], 'attempts', opts.attempts, 'ts', ARGV[3])
redis.call('LPUSH', KEYS[3], id)
redis.call('RPUSH', KEYS[4], cjson.encode({'added', id, data.n}))
redis.call('LTRIM', KEYS[4], -100, -1)
if redis.call('LLEN', KEYS[3]) > 1000 then redis.call('RPOP', KEYS[3]) end
local n = redis.call('HGET', key, 'attempts')
redis.call('ZADD', KEYS[5], id, id)
redis.call('ZREMRANGEBYRANK', KEYS[5], 0, -1001)
redis.call('EXPIRE', key, 60)
return {id, n, redis.call('HLEN', key)}`;
// msgpack of {name='job', attempts=3} (fixmap 2: "name" -> "job", "attempts" -> 3)
const QUEUE_OPTS = '\x82\xa4name\xa3job\xa8attempts\x03';
const LIB = `#!lua name=benchlib
redis.register_function('tiny', function(keys, args) return redis.call('GET', keys[1]) end)
redis.register_function('fifty', function(keys, args)
  for i = 1, 25 do redis.call('SET', keys[1], args[1]) redis.call('GET', keys[1]) end
  return 50
end)`;

interface Case {
  name: string;
  argv: string[];
}

const CASES: Case[] = [
  { name: 'GET (baseline, no script)', argv: ['GET', 'k'] },
  { name: 'EVALSHA tiny (1 GET)', argv: ['EVALSHA', sha1(TINY), '1', 'k', ] },
  { name: 'EVALSHA 50 calls', argv: ['EVALSHA', sha1(FIFTY), '1', 'k', 'value'] },
  { name: 'FCALL tiny (1 GET)', argv: ['FCALL', 'tiny', '1', 'k'] },
  { name: 'FCALL 50 calls', argv: ['FCALL', 'fifty', '1', 'k', 'value'] },
  { name: 'EVALSHA queue addJob-like', argv: ['EVALSHA', sha1(QUEUE), '5', 'q:id', 'q:job:', 'q:wait', 'q:events', 'q:z', QUEUE_OPTS, '{"n":42,"payload":"xxxxxxxxxxxxxxxx"}', '1700000000000'] },
];

async function setup(s: Server): Promise<void> {
  const c = s.conn;
  for (const body of [TINY, FIFTY, QUEUE]) await c.run(encode(['SCRIPT', 'LOAD', body]), 1);
  await c.run(encode(['FUNCTION', 'LOAD', 'REPLACE', LIB]), 1);
  await c.run(encode(['SET', 'k', 'value']), 1);
}

/** used_cpu_user + used_cpu_sys of the server, seconds (INFO cpu). */
async function cpuSeconds(port: number): Promise<number> {
  const c = await Conn.connect(port);
  await c.run(encode(['INFO', 'cpu']), 1);
  c.close();
  let total = 0;
  for (const m of c.last.matchAll(/used_cpu_(?:user|sys):([0-9.]+)/g)) total += Number(m[1]);
  return total;
}

/**
 * Calls per second of `argv` over CONNS pipelined connections for SECONDS (wall clock), and
 * calls per CPU second of the server process (robust when the machine is shared).
 */
async function measure(port: number, argv: string[]): Promise<[number, number]> {
  const conns: Conn[] = [];
  for (let i = 0; i < CONNS; i++) conns.push(await Conn.connect(port));
  const payload = encode(argv).repeat(PIPELINE);
  await Promise.all(conns.map((c) => c.run(payload, PIPELINE)));
  if (conns[0].last.startsWith('-')) throw new Error(argv[0] + ' failed: ' + conns[0].last);
  let total = 0;
  const cpu0 = await cpuSeconds(port);
  const start = process.hrtime.bigint();
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(
    conns.map(async (c) => {
      while (Date.now() < deadline) {
        await c.run(payload, PIPELINE);
        total += PIPELINE;
      }
    }),
  );
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = (await cpuSeconds(port)) - cpu0;
  for (const c of conns) c.close();
  return [total / secs, total / cpu];
}

async function main(): Promise<void> {
  const redis = await startRedis();
  const cinder = await startCinder();
  try {
    await setup(redis);
    await setup(cinder);
    console.log(`scripting throughput, ${CONNS} connections x pipeline ${PIPELINE}, ${SECONDS}s per case`);
    console.log(
      'case'.padEnd(30) + 'redis/s'.padStart(10) + 'cinder/s'.padStart(10) + 'ratio'.padStart(7) +
        'redis/cpu-s'.padStart(13) + 'cinder/cpu-s'.padStart(14) + 'ratio'.padStart(7),
    );
    for (const c of CASES) {
      if (process.env.ONLY && !c.name.includes(process.env.ONLY)) continue;
      const [r, rc] = await measure(redis.port, c.argv);
      const [n, nc] = await measure(cinder.port, c.argv);
      console.log(
        c.name.padEnd(30) + Math.round(r).toString().padStart(10) + Math.round(n).toString().padStart(10) + (n / r).toFixed(2).padStart(7) +
          Math.round(rc).toString().padStart(13) + Math.round(nc).toString().padStart(14) + (nc / rc).toFixed(2).padStart(7),
      );
    }
  } finally {
    redis.conn.close();
    if (process.env.CINDER_PROF) {
      cinder.conn.run(encode(['SHUTDOWN', 'NOSAVE']), 1).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 1500));
    }
    cinder.conn.close();
    redis.proc.kill('SIGKILL');
    cinder.proc.kill('SIGKILL');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
