/**
 * Persistence benchmark, side by side with redis-server:
 *
 *   npx tsx bench/persistence.ts [--keys 1000000] [--load-runs 3]
 *   npm run build && node dist/bench/persistence.js ...   (compiled: runs dist/bin/cinder-server.js)
 *
 *  1. SAVE time and load time for N keys of mixed types (60% strings, 10% each of small
 *     lists, hashes, sets and zsets), the same data sent to both servers as pipelined RESP.
 *     Load time: redis-server's "DB loaded from disk" line after a restart on the file;
 *     Cinder's from its startup load (bin/cinder-server.ts, same log line). Each server is
 *     restarted on its file `--load-runs` times, alternating between the two so both see the
 *     same machine load, and the median is reported (the ratio too is of the medians).
 *  2. Worst latency a concurrent client sees while BGSAVE runs: one client sends PING after
 *     PING (each waits for its reply) from BGSAVE until rdb_bgsave_in_progress is 0.
 *
 * Both servers run as separate processes with `save ""` in a temp dir.
 */
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { root, cinderEntry as cinderEntryArgs } from './lib.js';

/** How to start cinder-server: the compiled binary when running compiled, else the source under tsx. */
const cinderEntry = cinderEntryArgs();
function argNum(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const N = argNum('--keys', 1000000);
const LOAD_RUNS = Math.max(1, argNum('--load-runs', 3));

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

function enc(argv: string[]): string {
  let s = '*' + argv.length + '\r\n';
  for (const a of argv) s += '$' + Buffer.byteLength(a, 'latin1') + '\r\n' + a + '\r\n';
  return s;
}

/** A minimal pipelining client counting replies. */
class Client {
  private buf = '';
  private want = 0;
  private got = 0;
  private resolve: (() => void) | null = null;
  last = '';
  constructor(readonly sock: net.Socket) {
    sock.setNoDelay(true);
    sock.on('data', (d: Buffer) => {
      this.buf += d.toString('latin1');
      let p = 0;
      for (;;) {
        const e = replyEnd(this.buf, p);
        if (e < 0) break;
        this.last = this.buf.slice(p, e);
        p = e;
        this.got++;
      }
      this.buf = this.buf.slice(p);
      if (this.got >= this.want && this.resolve !== null) {
        const r = this.resolve;
        this.resolve = null;
        r();
      }
    });
  }
  static connect(port: number): Promise<Client> {
    return new Promise((res, rej) => {
      const s = net.connect(port, '127.0.0.1', () => res(new Client(s)));
      s.once('error', rej);
    });
  }
  send(data: string, n: number): Promise<void> {
    this.want += n;
    const p = new Promise<void>((r) => (this.resolve = r));
    this.sock.write(data, 'latin1');
    return p;
  }
  async cmd(...argv: string[]): Promise<string> {
    await this.send(enc(argv), 1);
    return this.last;
  }
}

function replyEnd(s: string, pos: number): number {
  if (pos >= s.length) return -1;
  const t = s[pos];
  const eol = s.indexOf('\r\n', pos);
  if (eol < 0) return -1;
  const n = parseInt(s.slice(pos + 1, eol), 10);
  let p = eol + 2;
  if (t === '$') return n < 0 ? p : s.length >= p + n + 2 ? p + n + 2 : -1;
  if (t === '*') {
    if (n < 0) return p;
    for (let k = 0; k < n; k++) {
      p = replyEnd(s, p);
      if (p < 0) return -1;
    }
    return p;
  }
  return p;
}

interface Proc {
  proc: ChildProcess;
  port: number;
  log: () => string;
}

async function start(kind: 'redis' | 'cinder', dir: string): Promise<Proc> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
  const proc = kind === 'redis' ? spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(process.execPath, [...cinderEntry, ...args.slice(0, 8)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const onExit = (): void => {
    proc.kill('SIGKILL');
  };
  process.once('exit', onExit);
  proc.once('exit', () => process.off('exit', onExit));
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(kind + ' exited during startup:\n' + log);
    try {
      const c = await Client.connect(port);
      const r = await c.cmd('PING');
      c.sock.destroy();
      if (r === '+PONG\r\n') break;
    } catch {
      /* not up */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { proc, port, log: () => log };
}

async function waitLoaded(p: Proc): Promise<number> {
  for (;;) {
    const m = /DB loaded from disk: ([0-9.]+) seconds/.exec(p.log());
    if (m !== null) return Number(m[1]);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function dataset(): string[] {
  const chunks: string[] = [];
  let cur = '';
  for (let k = 0; k < N; k++) {
    const t = k % 10;
    let c: string[];
    if (t < 6) c = ['SET', 'str:' + k, 'value:' + k + ':' + 'x'.repeat(k % 40)];
    else if (t === 6) c = ['RPUSH', 'list:' + k, 'a', 'b', String(k), 'element-' + k];
    else if (t === 7) c = ['HSET', 'hash:' + k, 'name', 'n' + k, 'count', String(k), 'flag', '1'];
    else if (t === 8) c = ['SADD', 'set:' + k, String(k), String(k + 1), String(k + 2)];
    else c = ['ZADD', 'zset:' + k, '1', 'a' + k, '2.5', 'b', String(k), 'c'];
    cur += enc(c);
    if ((k + 1) % 10000 === 0) {
      chunks.push(cur);
      cur = '';
    }
  }
  if (cur !== '') chunks.push(cur);
  return chunks;
}

/** Restarts a server on `dir` and returns its "DB loaded from disk" time, ms. */
async function loadOnce(kind: 'redis' | 'cinder', dir: string): Promise<number> {
  const p = await start(kind, dir);
  const loadSec = await waitLoaded(p);
  p.proc.kill('SIGKILL');
  await new Promise((r) => p.proc.once('exit', r));
  return loadSec * 1000;
}

function median(xs: number[]): number {
  const a = xs.slice().sort((x, y) => x - y);
  return a.length % 2 === 1 ? a[a.length >> 1] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
}

/** One server's figures; `dir` holds its dump.rdb for the load runs. */
interface RunResult {
  dir: string;
  saveMs: number;
  loadMs: number;
  size: number;
  bgsaveMs: number;
  worstMs: number;
  pings: number;
}

async function run(kind: 'redis' | 'cinder', data: string[]): Promise<RunResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-persist-' + kind + '-'));
  const p = await start(kind, dir);
  const c = await Client.connect(p.port);
  for (const ch of data) await c.send(ch, 10000);
  let t = performance.now();
  const r = await c.cmd('SAVE');
  if (r !== '+OK\r\n') throw new Error(kind + ' SAVE: ' + r);
  const saveMs = performance.now() - t;
  const size = fs.statSync(path.join(dir, 'dump.rdb')).size;
  // worst latency of a concurrent client during BGSAVE
  const lat = await Client.connect(p.port);
  const bg = await c.cmd('BGSAVE');
  if (!bg.startsWith('+Background saving started')) throw new Error(kind + ' BGSAVE: ' + bg);
  t = performance.now();
  let worst = 0;
  let pings = 0;
  for (;;) {
    const s = performance.now();
    await lat.cmd('PING');
    const d = performance.now() - s;
    if (d > worst) worst = d;
    pings++;
    if ((pings & 63) === 0) {
      const info = await lat.cmd('INFO', 'persistence');
      if (info.includes('rdb_bgsave_in_progress:0')) break;
    }
  }
  const bgsaveMs = performance.now() - t;
  c.sock.destroy();
  lat.sock.destroy();
  p.proc.kill('SIGKILL');
  await new Promise((r) => p.proc.once('exit', r));
  return { dir, saveMs, loadMs: 0, size, bgsaveMs, worstMs: worst, pings };
}

async function main(): Promise<void> {
  const data = dataset();
  console.log('keys: ' + N + ' (60% strings, 10% each small list/hash/set/zset)');
  const redis = await run('redis', data);
  const cinder = await run('cinder', data);
  // Load times, alternating the two servers so a busy machine slows both alike.
  const loads: Record<'redis' | 'cinder', number[]> = { redis: [], cinder: [] };
  for (let r = 0; r < LOAD_RUNS; r++) {
    loads.redis.push(await loadOnce('redis', redis.dir));
    loads.cinder.push(await loadOnce('cinder', cinder.dir));
  }
  redis.loadMs = median(loads.redis);
  cinder.loadMs = median(loads.cinder);
  for (const d of [redis.dir, cinder.dir]) fs.rmSync(d, { recursive: true, force: true });
  if (LOAD_RUNS > 1) {
    const list = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(' ');
    console.log('load runs (ms): redis ' + list(loads.redis) + ' | cinder ' + list(loads.cinder) + ' (medians below)');
  }
  const row = (name: string, r: RunResult): string =>
    name.padEnd(8) + ('SAVE ' + r.saveMs.toFixed(0) + ' ms').padEnd(16) + ('load ' + r.loadMs.toFixed(0) + ' ms').padEnd(16) + ('file ' + (r.size / 1048576).toFixed(1) + ' MB').padEnd(14) + ('BGSAVE ' + r.bgsaveMs.toFixed(0) + ' ms').padEnd(18) + 'worst PING during BGSAVE ' + r.worstMs.toFixed(1) + ' ms (' + r.pings + ' pings)';
  console.log(row('redis', redis));
  console.log(row('cinder', cinder));
  console.log('ratio   SAVE ' + (cinder.saveMs / redis.saveMs).toFixed(2) + 'x, load ' + (cinder.loadMs / redis.loadMs).toFixed(2) + 'x (target <= 2x); worst latency under BGSAVE ' + cinder.worstMs.toFixed(1) + ' ms (target < 20 ms)');
  process.exit(0);
}

void main();
