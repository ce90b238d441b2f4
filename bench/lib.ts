/**
 * Shared benchmark harness: starts redis-server and cinder-server side by side on free
 * ports, a pipelining raw RESP connection, and /proc readers for CPU time and RSS.
 *
 * Benchmarks run either compiled (`node dist/bench/x.js`, Cinder from dist/bin) or from
 * source (`npx tsx bench/x.ts`, Cinder from bin/ under tsx).
 */
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
/** True when running the compiled benchmark from dist/bench. */
const compiled = here.split('/').includes('dist');
/** The repository root. */
export const root = compiled ? resolve(here, '..', '..') : resolve(here, '..');

/**
 * Node arguments that run cinder-server: dist/bin/cinder-server.js when the benchmark runs
 * compiled (and it exists), else bin/cinder-server.ts under tsx. Append the server's own
 * arguments and spawn with `process.execPath`.
 */
export function cinderEntry(): string[] {
  const distBin = resolve(root, 'dist/bin/cinder-server.js');
  return compiled && existsSync(distBin) ? [distBin] : ['--import', 'tsx', resolve(root, 'bin/cinder-server.ts')];
}

/** The value of `--name value` on the command line, or `def`. */
export function arg(name: string, def: string): string {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}

/** A free TCP port on 127.0.0.1 (so a leftover server can never answer in our place). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => res(p));
    });
    s.on('error', rej);
  });
}

/** A RESP multibulk request for `argv` (one-byte strings). */
export function encode(argv: readonly string[]): string {
  let s = '*' + argv.length + '\r\n';
  for (const a of argv) s += '$' + a.length + '\r\n' + a + '\r\n';
  return s;
}

/** End offset of the complete RESP2 reply at `p` in `b`, or -1 when incomplete. */
export function replyEnd(b: string, p: number): number {
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

/** A pipelining client that counts complete replies. */
export class Conn {
  private buf = '';
  private pos = 0;
  private want = 0;
  private got = 0;
  private done: (() => void) | null = null;
  /** The raw bytes of the last reply of the last batch. */
  last = '';
  private constructor(private readonly sock: net.Socket) {
    sock.setNoDelay(true);
    sock.on('data', (d: Buffer) => this.onData(d));
  }
  /** Connects to 127.0.0.1:port. */
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
      const end = replyEnd(this.buf, this.pos);
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
  /** Sends `payload` holding `n` commands; resolves when all replies arrived. */
  run(payload: string, n: number): Promise<void> {
    this.want = n;
    this.got = 0;
    return new Promise((res) => {
      this.done = res;
      this.sock.write(payload, 'latin1');
    });
  }
  /** Closes the connection. */
  close(): void {
    this.sock.destroy();
  }
}

/** Connects once the server on `port` answers PING (up to 15 s). */
export async function waitReady(port: number): Promise<Conn> {
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

/** A server under test. */
export interface BenchServer {
  name: 'redis' | 'cinder';
  proc: ChildProcess;
  conn: Conn;
  port: number;
}

/** Starts redis-server with persistence off, plus `extra` arguments. */
export async function startRedis(extra: readonly string[] = []): Promise<BenchServer> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extra], { stdio: 'ignore' });
  return { name: 'redis', proc, conn: await waitReady(port), port };
}

/**
 * Starts cinder-server with persistence off, plus `extra` arguments: the compiled binary when
 * the benchmark is compiled, else the TypeScript source under tsx. `CINDER_PROF=dir` adds
 * `--cpu-prof` into that directory.
 */
export async function startCinder(extra: readonly string[] = []): Promise<BenchServer> {
  const port = await freePort();
  const prof = process.env.CINDER_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.CINDER_PROF] : [];
  const proc = spawn(process.execPath, [...prof, ...cinderEntry(), '--port', String(port), '--save', '', ...extra], { stdio: 'ignore', cwd: root });
  return { name: 'cinder', proc, conn: await waitReady(port), port };
}

/** utime+stime of a process, in seconds (from /proc/<pid>/stat; clock ticks of 10 ms). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync('/proc/' + pid + '/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident set size of a process, in bytes (from /proc/<pid>/status). */
export function rssBytes(pid: number): number {
  const status = readFileSync('/proc/' + pid + '/status', 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m === null ? 0 : Number(m[1]) * 1024;
}
