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
import { arg, encode, startRedis, startCinder, type BenchServer } from './lib.js';


const SIZES = arg('sizes', '1000,100000,1000000,10000000').split(',').map(Number);
const BATCH = Number(arg('batch', '20000'));
const ROUNDS = Number(arg('rounds', '3'));

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

async function measure(srv: BenchServer, payload: string, n: number): Promise<number> {
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
