/**
 * Micro-benchmark of the keyspace index: `Dict` (src/keyspace/dict.ts, an open-addressing
 * table of slot indexes) against a V8 `Map` from key to slot, the design it replaced.
 *
 *   npm run build && node dist/bench/dict.js [--keys 1000000] [--rounds 3]
 *
 * For each structure, with `--keys` distinct keys shaped like the persistence bench's
 * (`str:<n>`), fresh strings for every phase as the parser and the RDB loader make them:
 *  - insert: add every key to an empty structure (the RDB load shape; `Dict` also with
 *    `expand()` first, as RESIZEDB does);
 *  - lookup: find every key, in random order (GET's shape);
 *  - delete: remove every key, in random order (DEL's shape; `Dict` swap-removes).
 * Prints ns per operation, best of the rounds, and the ratio Dict/Map (lower is better).
 */
import { Dict } from '../src/keyspace/dict.js';
import { arg } from './lib.js';

const N = Number(arg('keys', '1000000'));
const rounds = Number(arg('rounds', '3'));

/** Fresh (non-internalized, flat) latin1 strings, as latin1Slice makes them. */
function freshKeys(order: Int32Array): string[] {
  const out = new Array<string>(order.length);
  for (let i = 0; i < order.length; i++) out[i] = Buffer.from('str:' + order[i], 'latin1').toString('latin1');
  return out;
}

function shuffled(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/** The old index: a Map from key to slot over dense arrays, swap-remove on delete. */
class MapIndex {
  index = new Map<string, number>();
  keys: string[] = [];
  add(k: string): void {
    this.index.set(k, this.keys.length);
    this.keys.push(k);
  }
  get(k: string): number {
    const i = this.index.get(k);
    return i === undefined ? -1 : i;
  }
  delete(k: string): void {
    const i = this.index.get(k);
    if (i === undefined) return;
    this.index.delete(k);
    const last = this.keys.length - 1;
    if (i !== last) {
      const lk = this.keys[last];
      this.keys[i] = lk;
      this.index.set(lk, i);
    }
    this.keys.pop();
  }
}

type Phase = 'insert' | 'lookup' | 'delete';
const phases: Phase[] = ['insert', 'lookup', 'delete'];

function runMap(): Record<Phase, number> {
  const ins = freshKeys(shuffled(N).sort());
  const look = freshKeys(shuffled(N));
  const del = freshKeys(shuffled(N));
  const m = new MapIndex();
  let t = performance.now();
  for (let i = 0; i < N; i++) m.add(ins[i]);
  const insert = performance.now() - t;
  let sink = 0;
  t = performance.now();
  for (let i = 0; i < N; i++) sink += m.get(look[i]);
  const lookup = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < N; i++) m.delete(del[i]);
  const delete_ = performance.now() - t;
  if (sink < 0 || m.keys.length !== 0) throw new Error('map index lost keys');
  return { insert, lookup, delete: delete_ };
}

function runDict(expand: boolean): Record<Phase, number> {
  const ins = freshKeys(shuffled(N).sort());
  const look = freshKeys(shuffled(N));
  const del = freshKeys(shuffled(N));
  const d = new Dict<number>();
  let t = performance.now();
  if (expand) d.expand(N);
  for (let i = 0; i < N; i++) d.add(ins[i], i);
  const insert = performance.now() - t;
  let sink = 0;
  t = performance.now();
  for (let i = 0; i < N; i++) sink += d.slotOf(look[i]);
  const lookup = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < N; i++) d.delete(del[i]);
  const delete_ = performance.now() - t;
  if (sink < 0 || d.size !== 0) throw new Error('dict lost keys');
  return { insert, lookup, delete: delete_ };
}

const best: Record<string, Record<Phase, number>> = {};
function keep(name: string, r: Record<Phase, number>): void {
  const b = best[name];
  if (b === undefined) best[name] = r;
  else for (const p of phases) b[p] = Math.min(b[p], r[p]);
}
for (let r = 0; r < rounds; r++) {
  keep('Map', runMap());
  keep('Dict', runDict(false));
  keep('Dict+expand', runDict(true));
}
console.log('keys: ' + N + ', best of ' + rounds + ' rounds, ns per operation');
console.log('structure'.padEnd(14) + phases.map((p) => p.padStart(10)).join('') + '   ratio to Map');
for (const name of Object.keys(best)) {
  const b = best[name];
  const ns = phases.map((p) => ((b[p] * 1e6) / N).toFixed(0).padStart(10)).join('');
  const ratio = name === 'Map' ? '' : '   ' + phases.map((p) => (b[p] / best.Map[p]).toFixed(2)).join(' / ');
  console.log(name.padEnd(14) + ns + ratio);
}
