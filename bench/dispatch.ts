/**
 * In-process micro-benchmark of the per-command path: parser, dispatcher, command, reply
 * writer, with the socket replaced by a sink. It isolates Cinder's own JavaScript cost
 * from the kernel and from Node's stream layer, which bench/server.ts measures end to end.
 *
 *   npm run build && node dist/bench/dispatch.js [--batch 16] [--rounds 5] [--ms 1500] [--only get,set]
 *
 * On a shared machine, count instructions instead of time: run it twice under
 * `valgrind --tool=callgrind` with `--rounds 1 --iters N` and `--iters 2N`; the difference
 * of the totals divided by N * batch is the instructions per command.
 *
 * Prints nanoseconds per command for GET, SET, INCR and MSET (redis-benchmark's shapes:
 * `key:__rand_int__`-style keys, 3-byte values), fed in batches of `--batch` commands per
 * read as redis-benchmark -P does, 50 clients round robin, the replies written after each
 * round of 50 (one event-loop turn). Best and median of the rounds.
 */
import type net from 'node:net';
import { RedisServer } from '../src/server/server.js';
import type { Client } from '../src/server/client.js';
import { arg } from './lib.js';

const batch = Number(arg('batch', '16'));
const rounds = Number(arg('rounds', '5'));
const ms = Number(arg('ms', '1500'));
const only = arg('only', 'set,get,incr,mset').split(',');
/** With --iters N each round feeds exactly N batches (for instruction counting under callgrind). */
const iters = Number(arg('iters', '0'));

/** A socket stand-in that swallows writes (counts the bytes so they are not dead code). */
class SinkSocket {
  destroyed = false;
  remoteAddress = '127.0.0.1';
  remotePort = 40000;
  localAddress = '127.0.0.1';
  localPort = 6379;
  writableLength = 0;
  bytes = 0;
  write(data: string): boolean {
    this.bytes += data.length;
    return true;
  }
  end(): void {}
  destroy(): void {}
}

function encode(argv: readonly string[]): string {
  let s = '*' + argv.length + '\r\n';
  for (const a of argv) s += '$' + a.length + '\r\n' + a + '\r\n';
  return s;
}

function makeBatches(kind: string, count: number): Buffer[] {
  const out: Buffer[] = [];
  let seq = 0;
  for (let b = 0; b < count; b++) {
    let s = '';
    for (let i = 0; i < batch; i++) {
      const k = 'key:' + String(seq++ % 100000).padStart(12, '0');
      if (kind === 'get') s += encode(['GET', k]);
      else if (kind === 'set') s += encode(['SET', k, 'xxx']);
      else if (kind === 'incr') s += encode(['INCR', 'counter:' + String(seq % 100000).padStart(12, '0')]);
      else {
        const argv = ['MSET'];
        for (let j = 0; j < 10; j++) argv.push('key:' + String((seq + j) % 100000).padStart(12, '0'), 'xxx');
        s += encode(argv);
      }
    }
    out.push(Buffer.from(s, 'latin1'));
  }
  return out;
}

function feed(server: RedisServer, c: Client, chunk: Buffer): void {
  // What readQueryFromClient does with a chunk, minus the socket.
  c.parser.feed(chunk);
  server.processInputBuffer(c);
}

function runOnce(server: RedisServer, clients: Client[], batches: Buffer[]): number {
  let n = 0;
  let i = 0;
  const t0 = process.hrtime.bigint();
  const deadline = Date.now() + ms;
  while (iters > 0 ? i < iters : Date.now() < deadline) {
    for (let j = 0; j < 200; j++) {
      feed(server, clients[i % clients.length], batches[i % batches.length]);
      i++;
      // One event-loop turn serves every client once (all readable, as under load), then
      // writes their replies: beforeSleep, run here synchronously. The setImmediate that
      // processInputBuffer scheduled for it (once per turn) only runs after the round.
      if (i % clients.length === 0) server.beforeSleep();
    }
    n += 200 * batch;
  }
  return Number(process.hrtime.bigint() - t0) / n;
}

const server = new RedisServer({ log: null, overrides: [['save', '']] });
const clients: Client[] = [];
for (let i = 0; i < 50; i++) clients.push(server.createClient(new SinkSocket() as unknown as net.Socket));
console.log('batch ' + batch + ', ' + rounds + ' rounds of ' + ms + ' ms');
for (const kind of only) {
  const batches = makeBatches(kind, 1000);
  const r: number[] = [];
  for (let k = 0; k < rounds; k++) r.push(runOnce(server, clients, batches));
  r.sort((a, b) => a - b);
  console.log(kind.padEnd(5) + ' best ' + r[0].toFixed(0).padStart(5) + ' ns/cmd   median ' + r[r.length >> 1].toFixed(0).padStart(5) + ' ns/cmd');
}
process.exit(0);
