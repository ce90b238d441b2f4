/**
 * A throwaway real redis-server for differential tests: `startRedis()` launches
 * `redis-server` on a free loopback port (no persistence) and returns a tiny RESP2
 * client whose `eval(script)` runs `EVAL script 0` and returns the reply with bulk
 * strings as one-byte (latin1) strings. `stop()` kills the process it started.
 * Returns null when redis-server is not installed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Socket } from 'node:net';

/** A decoded RESP2 reply. Errors are returned as {error}. */
export type Reply = string | number | null | Reply[] | { error: string };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function encodeCommand(args: string[]): Buffer {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return Buffer.from(s, 'latin1');
}

/** Parses one reply from `buf` at `pos`; returns [reply, next] or null if incomplete. */
function parseReply(buf: string, pos: number): [Reply, number] | null {
  const nl = buf.indexOf('\r\n', pos);
  if (nl < 0) return null;
  const t = buf[pos];
  const line = buf.slice(pos + 1, nl);
  switch (t) {
    case '+': return [line, nl + 2];
    case '-': return [{ error: line }, nl + 2];
    case ':': return [Number(line), nl + 2];
    case '$': {
      const n = Number(line);
      if (n < 0) return [null, nl + 2];
      if (buf.length < nl + 2 + n + 2) return null;
      return [buf.slice(nl + 2, nl + 2 + n), nl + 2 + n + 2];
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return [null, nl + 2];
      const arr: Reply[] = [];
      let p = nl + 2;
      for (let i = 0; i < n; i++) {
        const r = parseReply(buf, p);
        if (r === null) return null;
        arr.push(r[0]);
        p = r[1];
      }
      return [arr, p];
    }
    default: throw new Error('bad RESP: ' + JSON.stringify(buf.slice(pos, pos + 20)));
  }
}

/** Handle on a running redis-server. */
export class RedisOracle {
  private buf = '';
  private waiters: ((r: Reply) => void)[] = [];
  constructor(private readonly proc: ChildProcess, private readonly sock: Socket) {
    sock.on('data', (d) => {
      this.buf += d.toString('latin1');
      for (;;) {
        const r = parseReply(this.buf, 0);
        if (r === null) break;
        this.buf = this.buf.slice(r[1]);
        const w = this.waiters.shift();
        if (w) w(r[0]);
      }
    });
  }

  /** Sends one command; resolves with its reply. */
  command(args: string[]): Promise<Reply> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.sock.write(encodeCommand(args));
    });
  }

  /** EVAL `script` 0 */
  eval(script: string): Promise<Reply> {
    return this.command(['EVAL', script, '0']);
  }

  /** Stops the server process started by startRedis. */
  stop(): void {
    this.sock.destroy();
    this.proc.kill('SIGKILL');
  }
}

/** Starts a redis-server; null when the binary is missing. */
export async function startRedis(): Promise<RedisOracle | null> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'latin1' });
  if (probe.status !== 0) return null;
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], { stdio: 'ignore' });
  // never leave the server behind, even if the test process exits without running hooks
  const reap = (): void => { proc.kill('SIGKILL'); };
  process.once('exit', reap);
  proc.once('exit', () => process.removeListener('exit', reap));
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const sock = await new Promise<Socket | null>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => resolve(s));
      s.once('error', () => resolve(null));
    });
    if (sock !== null) return new RedisOracle(proc, sock);
  }
  proc.kill('SIGKILL');
  throw new Error('redis-server did not start');
}
