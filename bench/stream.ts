/**
 * Stream benchmark: XADD and XREAD throughput (plus XRANGE and consumer-group reads) for
 * redis-server and Cinder side by side.
 *
 *   npx tsx bench/stream.ts [--batch 20000] [--rounds 7] [--size 100000] [--only regex]
 *
 * Both servers run as separate processes (redis-server, and bin/cinder-server.ts under tsx)
 * with persistence off. Each operation is sent as a pipelined batch of `batch` commands over
 * one raw socket; throughput is batch / wall time (first byte written to last reply parsed),
 * best of `rounds` (default 7), the two servers alternating round by round. The read operations run against a stream of `size` entries.
 * Target (issue 8): Cinder >= 0.7x redis-server on XADD and XREAD.
 */
import { arg, encode, startRedis, startCinder, type BenchServer } from './lib.js';

const BATCH = Number(arg('batch', '20000'));
const ROUNDS = Number(arg('rounds', '7'));
const SIZE = Number(arg('size', '100000'));
/** Runs only the operations whose name matches this (case-insensitive) regular expression. */
const ONLY = new RegExp(arg('only', ''), 'i');

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

type OpGen = (r: () => number) => string[];
/** Untimed commands run before each timed round. */
type Setup = () => string[][];

const OPS: Array<[string, OpGen, Setup | null]> = [
  ['XADD * (1 field)', () => ['XADD', 'w', '*', 'f', 'v'], () => [['DEL', 'w']]],
  ['XADD * (3 fields, 40B values)', () => ['XADD', 'w', '*', 'name', 'x'.repeat(40), 'count', '12345', 'ts', '1700000000000'], () => [['DEL', 'w']]],
  ['XADD MAXLEN ~ 1000 *', () => ['XADD', 'w', 'MAXLEN', '~', '1000', '*', 'f', 'v'], () => [['DEL', 'w']]],
  ['XADD * (integer value)', (r) => ['XADD', 'e', '*', 'seq', String(Math.floor(r() * 1000))], () => [['DEL', 'e']]],
  ['XREAD COUNT 1 (random id)', (r) => ['XREAD', 'COUNT', '1', 'STREAMS', 's', Math.floor(r() * SIZE) + '-0'], null],
  ['XREAD COUNT 10 (random id)', (r) => ['XREAD', 'COUNT', '10', 'STREAMS', 's', Math.floor(r() * SIZE) + '-0'], null],
  ['XREAD COUNT 100 (random id)', (r) => ['XREAD', 'COUNT', '100', 'STREAMS', 's', Math.floor(r() * SIZE) + '-0'], null],
  ['XREAD $ (nothing new)', () => ['XREAD', 'STREAMS', 's', '$'], null],
  ['XRANGE COUNT 10', (r) => ['XRANGE', 's', Math.floor(r() * SIZE) + '', '+', 'COUNT', '10'], null],
  ['XREVRANGE COUNT 10', (r) => ['XREVRANGE', 's', Math.floor(r() * SIZE) + '', '-', 'COUNT', '10'], null],
  ['XREADGROUP > COUNT 1 NOACK', () => ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'NOACK', 'STREAMS', 's', '>'], () => [['XGROUP', 'SETID', 's', 'g', '0']]],
  ['XREADGROUP > COUNT 5 (PEL grows to size)', () => ['XREADGROUP', 'GROUP', 'g2', 'c', 'COUNT', '5', 'STREAMS', 's', '>'], () => [['XGROUP', 'DESTROY', 's', 'g2'], ['XGROUP', 'CREATE', 's', 'g2', '0']]],
  ['XACK in order (PEL of size)', ackInOrder, pelSetup],
  ['XACK random (PEL of size)', (r) => ['XACK', 's', 'g3', Math.floor(r() * SIZE) + 1 + '-0'], pelSetup],
  ['XPENDING - + 10 (PEL of size)', (r) => ['XPENDING', 's', 'g3', Math.floor(r() * SIZE) + 1 + '-0', '+', '10'], pelSetup],
  ['XLEN', () => ['XLEN', 's'], null],
];

/** Group g3 with every entry of `s` pending (one consumer). */
function pelSetup(): string[][] {
  const cmds = [
    ['XGROUP', 'DESTROY', 's', 'g3'],
    ['XGROUP', 'CREATE', 's', 'g3', '0'],
  ];
  for (let n = 0; n < SIZE; n += 1000) cmds.push(['XREADGROUP', 'GROUP', 'g3', 'c', 'COUNT', '1000', 'STREAMS', 's', '>']);
  return cmds;
}

/** XACK of the oldest pending entries, one by one (the usual consumer pattern). */
function ackInOrder(): string[] {
  ackNext = (ackNext % SIZE) + 1;
  return ['XACK', 's', 'g3', ackNext + '-0'];
}
let ackNext = 0;

/** The fill payload: SIZE entries with IDs 1-0 .. SIZE-0 and a group. */
function fillPayload(): [string, number] {
  let p = '';
  let n = 0;
  for (let i = 1; i <= SIZE; i++) {
    p += encode(['XADD', 's', i + '-0', 'field', 'value-' + i, 'n', String(i)]);
    n++;
  }
  p += encode(['XGROUP', 'CREATE', 's', 'g', '0']);
  return [p, n + 1];
}

/** One timed run of `payload` (n commands) after the untimed `setup`: ops/s. */
async function runOnce(srv: BenchServer, payload: string, n: number, setup: Setup | null): Promise<number> {
  if (setup !== null) for (const cmd of setup()) await srv.conn.run(encode(cmd), 1);
  const t0 = process.hrtime.bigint();
  await srv.conn.run(payload, n);
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

/**
 * Best ops/s of each server over ROUNDS rounds; the servers alternate round by round so that
 * load from other processes on the machine hits both alike.
 */
async function measure(servers: BenchServer[], payload: string, n: number, setup: Setup | null): Promise<number[]> {
  const best = servers.map(() => 0);
  for (let i = 0; i < ROUNDS; i++) {
    for (let k = 0; k < servers.length; k++) best[k] = Math.max(best[k], await runOnce(servers[k], payload, n, setup));
  }
  return best;
}

async function main(): Promise<void> {
  const servers = [await startRedis(), await startCinder()];
  const rows: string[][] = [];
  try {
    const [fill, fillCmds] = fillPayload();
    for (const srv of servers) {
      await srv.conn.run(encode(['FLUSHALL']), 1);
      const t0 = Date.now();
      await srv.conn.run(fill, fillCmds);
      await srv.conn.run(encode(['XLEN', 's']), 1);
      if (srv.conn.last !== ':' + SIZE + '\r\n') throw new Error(srv.name + ': fill failed: ' + JSON.stringify(srv.conn.last));
      process.stderr.write(`${srv.name}: filled ${SIZE} entries in ${Date.now() - t0} ms\n`);
    }
    for (const [name, gen, setup] of OPS) {
      if (!ONLY.test(name)) continue;
      const r = rng(name.length * 7919);
      ackNext = 0;
      let payload = '';
      for (let i = 0; i < BATCH; i++) payload += encode(gen(r));
      const res = await measure(servers, payload, BATCH, setup);
      rows.push([name, Math.round(res[0]).toString(), Math.round(res[1]).toString(), (res[1] / res[0]).toFixed(2)]);
      process.stderr.write(rows[rows.length - 1].join('\t') + '\n');
    }
  } finally {
    for (const s of servers) {
      s.conn.close();
      s.proc.kill('SIGKILL');
    }
  }
  const head = ['op (pipelined batch ' + BATCH + ')', 'redis ops/s', 'cinder ops/s', 'cinder/redis'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

await main();
