/**
 * The skiplist and the zset type against a naive sorted-array model: random inserts, score
 * updates, deletes, rank queries, range seeks and range deletions, in both encodings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZSkiplist, NIL, LEX_STR, LEX_MIN, LEX_MAX, type ScoreRange, type LexRange } from '../../src/keyspace/zset-skiplist.js';
import { RedisZset, ZSET_ENC_LISTPACK, ZSET_ENC_SKIPLIST, zsetAdd } from '../../src/keyspace/zset.js';

type Entry = [string, number];
const cmp = (a: Entry, b: Entry): number => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** A deterministic PRNG (mulberry32). */
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

function checkSpans(zsl: ZSkiplist): void {
  // Every level's spans must add up to the level-0 distance.
  for (let lvl = 0; lvl < zsl.level; lvl++) {
    let x = 0;
    let pos = 0;
    while (zsl.fwd(x, lvl) !== NIL) {
      let steps = 0;
      let y = x;
      while (y !== zsl.fwd(x, lvl)) {
        y = zsl.fwd(y, 0);
        steps++;
      }
      assert.equal(zsl.span(x, lvl), steps);
      pos += steps;
      x = zsl.fwd(x, lvl);
    }
    assert.ok(pos <= zsl.length);
  }
}

test('skiplist insert/delete/update/rank match a sorted array', () => {
  const r = rng(1);
  const zsl = new ZSkiplist();
  const model = new Map<string, number>();
  for (let i = 0; i < 30000; i++) {
    const ele = 'm' + Math.floor(r() * 3000);
    const score = Math.floor(r() * 50) / 2;
    const op = r();
    const cur = model.get(ele);
    if (op < 0.5) {
      if (cur === undefined) {
        zsl.insert(score, ele);
        model.set(ele, score);
      } else {
        zsl.updateScore(cur, ele, score);
        model.set(ele, score);
      }
    } else if (op < 0.7 && cur !== undefined) {
      assert.equal(zsl.delete(cur, ele), true);
      model.delete(ele);
    }
  }
  const sorted = [...model.entries()].sort(cmp);
  assert.equal(zsl.length, sorted.length);
  let x = zsl.first();
  let prev = NIL;
  for (let i = 0; i < sorted.length; i++) {
    assert.equal(zsl.eleOf(x), sorted[i][0]);
    assert.equal(zsl.scoreOf(x), sorted[i][1]);
    assert.equal(zsl.prev(x), prev);
    assert.equal(zsl.getRank(sorted[i][1], sorted[i][0]), i + 1);
    assert.equal(zsl.eleOf(zsl.getByRank(i + 1)), sorted[i][0]);
    prev = x;
    x = zsl.next(x);
  }
  assert.equal(zsl.tail, prev);
  checkSpans(zsl);
  // Range seeks.
  for (let t = 0; t < 200; t++) {
    const a = Math.floor(r() * 60) / 2 - 2;
    const b = Math.floor(r() * 60) / 2 - 2;
    const range: ScoreRange = { min: a, max: b, minex: r() < 0.5, maxex: r() < 0.5 };
    const inRange = (s: number): boolean => (range.minex ? s > a : s >= a) && (range.maxex ? s < b : s <= b);
    const idx = sorted.map((e, i) => (inRange(e[1]) ? i : -1)).filter((i) => i >= 0);
    assert.equal(zsl.firstInRange(range), idx.length ? idx[0] : -1);
    assert.equal(zsl.lastInRange(range), idx.length ? idx[idx.length - 1] : -1);
  }
  // Rank range deletion.
  const removed: string[] = [];
  assert.equal(zsl.deleteRangeByRank(10, 20, (e) => removed.push(e)), 11);
  assert.deepEqual(removed, sorted.slice(9, 20).map((e) => e[0]));
  checkSpans(zsl);
});

test('lex ranges on equal scores', () => {
  const zsl = new ZSkiplist();
  const names = ['', 'a', 'aa', 'ab', 'b', 'ba', 'c', 'z'];
  for (const n of names) zsl.insert(0, n);
  const lr = (min: string, minKind: number, minex: boolean, max: string, maxKind: number, maxex: boolean): LexRange => ({ min, max, minKind, maxKind, minex, maxex });
  assert.equal(zsl.firstInLexRange(lr('', LEX_MIN, true, '', LEX_MAX, true)), 0);
  assert.equal(zsl.lastInLexRange(lr('', LEX_MIN, true, '', LEX_MAX, true)), 7);
  assert.equal(zsl.firstInLexRange(lr('a', LEX_STR, true, 'b', LEX_STR, false)), 2);
  assert.equal(zsl.lastInLexRange(lr('a', LEX_STR, true, 'b', LEX_STR, false)), 4);
  assert.equal(zsl.firstInLexRange(lr('b', LEX_STR, true, 'b', LEX_STR, false)), -1);
  assert.equal(zsl.firstInLexRange(lr('', LEX_MAX, true, '', LEX_MIN, true)), -1);
});

test('RedisZset encodings agree with each other', () => {
  const r = rng(2);
  const limits = { maxListpackEntries: 1 << 30, maxListpackValue: 1 << 30 };
  const lp = new RedisZset(ZSET_ENC_LISTPACK);
  const sl = new RedisZset(ZSET_ENC_SKIPLIST);
  for (let i = 0; i < 2000; i++) {
    const ele = 'e' + Math.floor(r() * 150);
    const score = Math.floor(r() * 20) - 5;
    if (r() < 0.8) {
      assert.equal(zsetAdd(lp, score, ele, 0, limits), zsetAdd(sl, score, ele, 0, limits));
    } else {
      assert.equal(lp.delete(ele), sl.delete(ele));
    }
  }
  const a: string[] = [];
  const as: number[] = [];
  const b: string[] = [];
  const bs: number[] = [];
  lp.toArrays(a, as);
  sl.toArrays(b, bs);
  assert.deepEqual(a, b);
  assert.deepEqual(as, bs);
  for (let i = 0; i < a.length; i++) {
    assert.equal(lp.rank(a[i], false), i);
    assert.equal(sl.rank(a[i], true), a.length - 1 - i);
  }
  const w1: string[] = [];
  const w2: string[] = [];
  lp.walk(a.length - 1, true, 10, null, w1, []);
  sl.walk(a.length - 1, true, 10, null, w2, []);
  assert.deepEqual(w1, w2);
  assert.equal(lp.deleteRankRange(3, 9), sl.deleteRankRange(3, 9));
  sl.convertToListpack();
  assert.deepEqual(sl.lpEles, lp.lpEles);
});

test('skiplist operations stay logarithmic at 1,000,000 members', () => {
  const zsl = new ZSkiplist();
  const n = 1_000_000;
  for (let i = 0; i < n; i++) zsl.insert(i, 'm' + i);
  const t0 = performance.now();
  let s = 0;
  for (let i = 0; i < 100_000; i++) s += zsl.getRank(i * 7, 'm' + i * 7);
  const dt = performance.now() - t0;
  assert.ok(s > 0);
  // 100k rank queries on 1M members: well under a second when O(log N).
  assert.ok(dt < 3000, 'rank queries took ' + dt + ' ms');
});
