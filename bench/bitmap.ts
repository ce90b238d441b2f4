/**
 * Bitmap / string-write benchmark: per-operation cost of SETBIT, GETBIT, BITFIELD, SETRANGE,
 * APPEND and BITCOUNT (small range) as the value grows, for redis-server and Cinder side by side.
 *
 *   npx tsx bench/bitmap.ts [--sizes 1000,100000,1000000,10000000] [--batch 20000] [--rounds 3]
 *
 * Sizes are bitmap lengths in bytes. Redis writes these in place (O(1) per op, whatever the
 * size); Cinder keeps large bit-written values in a mutable buffer (src/util/bit-bitmap.ts) so
 * its column should be flat too. Each op runs as a pipelined batch over one raw socket; the
 * cost is the batch's wall time divided by the batch size, best of `rounds`.
 */
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string, def: string): string {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const SIZES = arg('sizes', '1000,100000,1000000,10000000').split(',').map(Number);
const BATCH = Number(arg('batch', '20000'));
const ROUNDS = Number(arg('rounds', '3'));

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

/** A pipelining client counting complete replies (only flat replies and flat arrays). */
class Conn {
  private buf = '';
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
    this.buf += d.toString('latin1');
    let pos = 0;
    for (;;) {
      const end = replyEnd(this.buf, pos);
      if (end < 0) break;
      if (this.got === this.want - 1) this.last = this.buf.slice(pos, end);
      pos = end;
      this.got++;
    }
    this.buf = this.buf.slice(pos);
    if (this.got >= this.want && this.done !== null) {
      const f = this.done;
      this.done = null;
      f();
    }
  }
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

function replyEnd(b: string, p: number): number {
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
      q = replyEnd(b, q);
      if (q < 0) return -1;
    }
    return q;
  }
  return eol + 2;
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
}

async function startRedis(): Promise<Server> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  return { name: 'redis', proc, conn: await waitReady(port) };
}

async function startCinder(): Promise<Server> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', resolve(root, 'bin/cinder-server.ts'), '--port', String(port), '--save', ''], { stdio: 'ignore', cwd: root });
  return { name: 'cinder', proc, conn: await waitReady(port) };
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type OpGen = (bytes: number, r: () => number) => string[];
const OPS: Array<[string, OpGen]> = [
  ['SETBIT', (n, r) => ['SETBIT', 'bm', String(Math.floor(r() * n * 8)), r() < 0.5 ? '1' : '0']],
  ['GETBIT', (n, r) => ['GETBIT', 'bm', String(Math.floor(r() * n * 8))]],
  ['BITFIELD INCRBY', (n, r) => ['BITFIELD', 'bm', 'INCRBY', 'u8', String(Math.floor(r() * (n - 1) * 8)), '1']],
  ['SETRANGE', (n, r) => ['SETRANGE', 'bm', String(Math.floor(r() * (n - 8))), 'abcdefgh']],
  ['BITCOUNT 8 bytes', (n, r) => {
    const s = Math.floor(r() * (n - 8));
    return ['BITCOUNT', 'bm', String(s), String(s + 7)];
  }],
  ['APPEND', () => ['APPEND', 'ap', 'x']],
];

async function measure(srv: Server, payload: string, n: number): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = process.hrtime.bigint();
    await srv.conn.run(payload, n);
    const dt = Number(process.hrtime.bigint() - t0) / 1000 / n;
    if (dt < best) best = dt;
  }
  return best;
}

async function main(): Promise<void> {
  const servers = [await startRedis(), await startCinder()];
  const rows: string[][] = [];
  try {
    for (const size of SIZES) {
      for (const srv of servers) {
        await srv.conn.run(encode(['FLUSHALL']), 1);
        await srv.conn.run(encode(['SETBIT', 'bm', String(size * 8 - 1), '1']), 1);
        await srv.conn.run(encode(['SET', 'ap', 'x'.repeat(size)]), 1);
        await srv.conn.run(encode(['STRLEN', 'bm']), 1);
        if (srv.conn.last !== ':' + size + '\r\n') throw new Error(srv.name + ': setup failed: ' + JSON.stringify(srv.conn.last));
      }
      for (const [name, gen] of OPS) {
        const r = rng(size);
        let payload = '';
        for (let i = 0; i < BATCH; i++) payload += encode(gen(size, r));
        const row = [name, String(size)];
        for (const srv of servers) row.push((await measure(srv, payload, BATCH)).toFixed(2));
        rows.push(row);
        process.stderr.write(row.join('\t') + '\n');
      }
    }
  } finally {
    for (const s of servers) {
      s.conn.close();
      s.proc.kill('SIGKILL');
    }
  }
  console.log('\nus/op (pipelined batches of ' + BATCH + ', best of ' + ROUNDS + ')');
  console.log(['op', 'bytes', 'redis', 'cinder'].join('\t'));
  for (const r of rows) console.log(r.join('\t'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
