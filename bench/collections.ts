/**
 * Collections benchmark: per-operation cost of collection commands as the collection grows,
 * for redis-server and Cinder side by side.
 *
 *   npx tsx bench/collections.ts [--sizes 1000,10000,100000,1000000] [--batch 20000] [--rounds 3]
 *
 * Both servers run as separate processes (redis-server, and bin/cinder-server.ts under tsx)
 * with persistence off. For each size N the key is filled to N elements, then each operation
 * is sent as a pipelined batch of `batch` commands over one raw socket; the cost per op is the
 * batch's wall time (first byte written to last reply parsed) divided by the batch size, best
 * of `rounds`. A structure with O(1)/O(log N) operations shows a flat column across sizes.
 *
 * Operations: ZADD (score update of a random existing member), ZRANK (random member),
 * ZRANGEBYSCORE seek (random min, LIMIT 0 1), LPUSH + RPOP (alternating batches keep the length
 * at N), LINDEX 0, SCARD, HLEN, SRANDMEMBER.
 */
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

function arg(name: string, def: string): string {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const SIZES = arg('sizes', '1000,10000,100000,1000000').split(',').map(Number);
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
}

async function startRedis(): Promise<Server> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  return { name: 'redis', proc, conn: await waitReady(port) };
}

async function startCinder(): Promise<Server> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', resolve(root, 'bin/cinder-server.ts'), '--port', String(port), '--save', ''], {
    stdio: 'ignore',
    cwd: root,
  });
  return { name: 'cinder', proc, conn: await waitReady(port) };
}

/** Deterministic PRNG so both servers get the same commands. */
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

/** Builds the fill payload for size n: [payload, command count]. */
function fillPayload(n: number): [string, number] {
  const parts: string[] = [];
  let cmds = 0;
  const CH = 1000;
  for (let base = 0; base < n; base += CH) {
    const top = Math.min(n, base + CH);
    const z = ['ZADD', 'z'];
    const l = ['RPUSH', 'l'];
    const s = ['SADD', 's'];
    const h = ['HSET', 'h'];
    for (let i = base; i < top; i++) {
      z.push(String(i), 'm' + i);
      l.push('v' + i);
      s.push('m' + i);
      h.push('f' + i, 'v' + i);
    }
    parts.push(encode(z), encode(l), encode(s), encode(h));
    cmds += 4;
  }
  return [parts.join(''), cmds];
}

type OpGen = (n: number, r: () => number) => string[];
/** Untimed commands run before each timed round (keep the collection at its size). */
type Setup = (n: number) => string[][];
const SETUP: Record<string, Setup> = {
  // LPUSH adds BATCH elements at the head: trim back to n before the next round.
  LPUSH: (n) => [['LTRIM', 'l', '0', String(n - 1)]],
  // RPOP removes BATCH elements: refill BATCH at the tail first, so it ends at n.
  RPOP: () => {
    const a = ['RPUSH', 'l'];
    for (let i = 0; i < BATCH; i++) a.push('r' + i);
    return [a];
  },
};
const OPS: Array<[string, OpGen]> = [
  ['ZADD', (n, r) => ['ZADD', 'z', String(Math.floor(r() * n)), 'm' + Math.floor(r() * n)]],
  ['ZRANK', (n, r) => ['ZRANK', 'z', 'm' + Math.floor(r() * n)]],
  ['ZRANGEBYSCORE', (n, r) => ['ZRANGEBYSCORE', 'z', String(Math.floor(r() * n)), '+inf', 'LIMIT', '0', '1']],
  ['LPUSH', () => ['LPUSH', 'l', 'x']],
  ['RPOP', () => ['RPOP', 'l']],
  ['LINDEX 0', () => ['LINDEX', 'l', '0']],
  ['SCARD', () => ['SCARD', 's']],
  ['HLEN', () => ['HLEN', 'h']],
  ['SRANDMEMBER', () => ['SRANDMEMBER', 's']],
];

async function measure(srv: Server, payload: string, n: number, setup: string[][]): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    for (const cmd of setup) await srv.conn.run(encode(cmd), 1);
    const t0 = process.hrtime.bigint();
    await srv.conn.run(payload, n);
    const dt = Number(process.hrtime.bigint() - t0) / 1000 / n;
    if (dt < best) best = dt;
  }
  for (const cmd of setup) await srv.conn.run(encode(cmd), 1);
  return best;
}

async function main(): Promise<void> {
  const servers = [await startRedis(), await startCinder()];
  const rows: string[][] = [];
  try {
    for (const size of SIZES) {
      const [fill, fillCmds] = fillPayload(size);
      for (const srv of servers) {
        await srv.conn.run(encode(['FLUSHALL']), 1);
        const t0 = Date.now();
        await srv.conn.run(fill, fillCmds);
        await srv.conn.run(encode(['ZCARD', 'z']), 1);
        if (srv.conn.last !== ':' + size + '\r\n') throw new Error(srv.name + ': fill failed: ' + JSON.stringify(srv.conn.last));
        process.stderr.write(`${srv.name}: filled ${size} in ${Date.now() - t0} ms\n`);
      }
      for (const [name, gen] of OPS) {
        const r = rng(size + name.length);
        let payload = '';
        for (let i = 0; i < BATCH; i++) payload += encode(gen(size, r));
        const res: number[] = [];
        const setup = SETUP[name]?.(size) ?? [];
        for (const srv of servers) res.push(await measure(srv, payload, BATCH, setup));
        rows.push([name, String(size), res[0].toFixed(3), res[1].toFixed(3), (res[1] / res[0]).toFixed(2)]);
        process.stderr.write(rows[rows.length - 1].join('\t') + '\n');
      }
    }
  } finally {
    for (const s of servers) {
      s.conn.close();
      s.proc.kill('SIGKILL');
    }
  }
  const head = ['op', 'size', 'redis us/op', 'cinder us/op', 'cinder/redis'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  let prev = '';
  for (const op of OPS.map((o) => o[0])) {
    for (const r of rows.filter((x) => x[0] === op)) {
      if (prev !== '' && prev !== op) console.log('');
      prev = op;
      console.log(line(r));
    }
  }
}

await main();
