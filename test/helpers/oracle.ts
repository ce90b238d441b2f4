/**
 * Test helpers: a raw RESP client, a real redis-server (the oracle) on a free port, an
 * embedded Cinder, and a differential runner comparing raw reply bytes of both.
 *
 * Typical use:
 *   const pair = await startPair();                 // oracle + cinder
 *   await pair.check([['SET','k','v'], ['GET','k']]); // RESP2 and RESP3, byte for byte
 *   await pair.stop();
 */
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { startServer, type CinderServer, type StartServerOptions } from '../../src/index.js';

/**
 * Returns the end offset of the complete reply starting at `pos`, or -1 when `s` does not
 * hold it entirely yet. `s` is a one-byte string.
 */
export function replyEnd(s: string, pos: number): number {
  if (pos >= s.length) return -1;
  const t = s[pos];
  const eol = s.indexOf('\r\n', pos);
  if (eol < 0) return -1;
  const line = s.slice(pos + 1, eol);
  let p = eol + 2;
  switch (t) {
    case '$':
    case '=':
    case '!': {
      const n = parseInt(line, 10);
      if (n < 0) return p;
      return s.length >= p + n + 2 ? p + n + 2 : -1;
    }
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      let n = parseInt(line, 10);
      if (n < 0) return p;
      if (t === '%' || t === '|') n *= 2;
      for (let i = 0; i < n; i++) {
        p = replyEnd(s, p);
        if (p < 0) return -1;
      }
      if (t === '|') return replyEnd(s, p);
      return p;
    }
    default:
      return p;
  }
}

/** Encodes argv as a RESP multibulk request (one-byte strings). */
export function encodeCommand(argv: readonly string[]): string {
  let s = '*' + argv.length + '\r\n';
  for (const a of argv) s += '$' + a.length + '\r\n' + a + '\r\n';
  return s;
}

/** A raw TCP client that returns replies as the exact bytes received (latin1 strings). */
export class RawClient {
  private buf = '';
  private waiters: Array<() => void> = [];
  closed = false;
  private constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      this.buf += d.toString('latin1');
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Connects to 127.0.0.1:port. */
  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** Writes raw bytes. */
  write(data: string): void {
    this.socket.write(data, 'latin1');
  }

  /** Reads exactly one complete reply (raw bytes); rejects after `timeoutMs` or on close. */
  async readReply(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = replyEnd(this.buf, 0);
      if (end >= 0) {
        const r = this.buf.slice(0, end);
        this.buf = this.buf.slice(end);
        return r;
      }
      if (this.closed) throw new Error('connection closed; pending bytes: ' + JSON.stringify(this.buf));
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timeout waiting for reply; pending bytes: ' + JSON.stringify(this.buf));
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** Sends one command and returns its raw reply. */
  async send(...argv: string[]): Promise<string> {
    this.write(encodeCommand(argv));
    return this.readReply();
  }

  /** Waits until the peer closes the connection; returns whatever bytes remain unread. */
  async readUntilClose(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timeout waiting for close');
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    const r = this.buf;
    this.buf = '';
    return r;
  }

  /** Bytes received and not yet consumed. */
  get pending(): string {
    return this.buf;
  }

  /** Closes the connection. */
  close(): void {
    this.socket.destroy();
  }
}

/** Finds a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address() as net.AddressInfo;
      s.close(() => resolve(a.port));
    });
    s.on('error', reject);
  });
}

/** A running real redis-server. */
export interface Oracle {
  port: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a real redis-server on a free port with persistence off, plus `extraArgs`
 * (e.g. ['--databases', '4']). Resolves once it answers PING.
 */
export async function startOracle(extraArgs: readonly string[] = []): Promise<Oracle> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs], { stdio: 'ignore' });
  // Never leak the oracle, even when a test file is killed or forgets to stop it.
  const reap = (): void => {
    if (proc.exitCode === null) proc.kill('SIGKILL');
  };
  process.once('exit', reap);
  proc.once('exit', () => process.off('exit', reap));
  for (let i = 0; i < 100; i++) {
    try {
      const c = await RawClient.connect(port);
      const r = await c.send('PING');
      c.close();
      if (r === '+PONG\r\n') break;
    } catch {
      await new Promise((r) => setTimeout(r, 30));
    }
  }
  return {
    port,
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}

/** Rewrites a raw reply before comparison (for fields that legitimately differ). */
export type Normalizer = (raw: string, argv: readonly string[]) => string;

/** An oracle and a Cinder, side by side. */
export interface Pair {
  oracle: Oracle;
  cinder: CinderServer;
  /**
   * Runs `cmds` in order on a fresh connection to each server (after FLUSHALL and, for
   * RESP3, HELLO 3) and asserts the raw replies are identical, in each protocol of
   * `protocols` (default both 2 and 3).
   */
  check(cmds: ReadonlyArray<readonly string[]>, opts?: { protocols?: number[]; normalize?: Normalizer; flush?: boolean }): Promise<void>;
  /** Runs `cmds` on both and returns the raw replies [oracle, cinder] without asserting. */
  run(cmds: ReadonlyArray<readonly string[]>, resp?: number): Promise<[string[], string[]]>;
  stop(): Promise<void>;
}

async function runOn(port: number, cmds: ReadonlyArray<readonly string[]>, resp: number, flush: boolean): Promise<string[]> {
  const c = await RawClient.connect(port);
  try {
    if (flush) await c.send('FLUSHALL');
    if (resp === 3) await c.send('HELLO', '3');
    const out: string[] = [];
    for (const argv of cmds) out.push(await c.send(...argv));
    return out;
  } finally {
    c.close();
  }
}

/**
 * Starts an oracle and a Cinder with the same extra config (`config` as name -> value; it is
 * passed to both).
 */
export async function startPair(config: Readonly<Record<string, string>> = {}, cinderOpts: StartServerOptions = {}): Promise<Pair> {
  const args: string[] = [];
  for (const [k, v] of Object.entries(config)) args.push('--' + k, v);
  const oracle = await startOracle(args);
  // Same persistence settings as the oracle (save ""), so FLUSHALL does not write dump.rdb.
  const cinder = await startServer({ ...cinderOpts, config: { save: '', ...config, ...(cinderOpts.config ?? {}) } });
  const pair: Pair = {
    oracle,
    cinder,
    async run(cmds, resp = 2) {
      const a = await runOn(oracle.port, cmds, resp, true);
      const b = await runOn(cinder.port, cmds, resp, true);
      return [a, b];
    },
    async check(cmds, opts = {}) {
      const protocols = opts.protocols ?? [2, 3];
      for (const resp of protocols) {
        const a = await runOn(oracle.port, cmds, resp, opts.flush ?? true);
        const b = await runOn(cinder.port, cmds, resp, opts.flush ?? true);
        const norm: Normalizer = opts.normalize ?? ((r: string): string => r);
        for (let i = 0; i < cmds.length; i++) {
          assert.equal(norm(b[i], cmds[i]), norm(a[i], cmds[i]), 'RESP' + resp + ' reply to ' + JSON.stringify(cmds[i]) + ' (command #' + i + ')');
        }
      }
    },
    async stop() {
      await cinder.close();
      await oracle.stop();
    },
  };
  return pair;
}

/** What {@link sendRaw} collected: the bytes received and whether the server closed. */
export interface RawResult {
  data: string;
  closed: boolean;
}

/**
 * Sends `chunks` (one-byte strings) with a short pause between them, then collects what
 * arrives until the server closes or `idleMs` passes without data.
 */
export function sendRaw(port: number, chunks: readonly string[], idleMs = 250): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let data = '';
    let closed = false;
    let timer: NodeJS.Timeout | null = null;
    const finish = (): void => {
      if (timer !== null) clearTimeout(timer);
      s.destroy();
      resolve({ data, closed });
    };
    const arm = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(finish, idleMs);
    };
    s.on('data', (d: Buffer) => {
      data += d.toString('latin1');
      arm();
    });
    s.on('close', () => {
      closed = true;
      finish();
    });
    s.on('error', (e: NodeJS.ErrnoException) => {
      // The server closing while we still write shows up as a reset or a broken pipe.
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') {
        closed = true;
        finish();
      } else {
        reject(e);
      }
    });
    s.on('connect', async () => {
      for (const ch of chunks) {
        if (closed) break;
        s.write(ch, 'latin1');
        await new Promise((r) => setTimeout(r, 15));
      }
      arm();
    });
  });
}

/** The repository root, whether tests run from test/ (tsx) or compiled from dist/test/. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + dir);
    dir = up;
  }
  return dir;
}

/**
 * Node arguments that start the standalone cinder-server: the compiled dist/bin when it
 * exists (npm test builds it), else the TypeScript source under tsx. Spawn with
 * `process.execPath` and append the server's own arguments.
 */
export function cinderServerArgs(): string[] {
  const root = repoRoot();
  const dist = path.join(root, 'dist', 'bin', 'cinder-server.js');
  return existsSync(dist) ? [dist] : ['--import', 'tsx', path.join(root, 'bin', 'cinder-server.ts')];
}
