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
import { arg, encode, startRedis, startCinder, type BenchServer } from './lib.js';


const SIZES = arg('sizes', '1000,10000,100000,1000000').split(',').map(Number);
const BATCH = Number(arg('batch', '20000'));
const ROUNDS = Number(arg('rounds', '3'));

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

async function measure(srv: BenchServer, payload: string, n: number, setup: string[][]): Promise<number> {
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
