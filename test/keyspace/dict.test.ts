/**
 * Dict: set/get/delete with swap-remove, LRU slots following their keys, random slots, and
 * the SCAN guarantee (a key present for the whole iteration is returned at least once,
 * whatever is added or removed between steps), proved with a fast-check property.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../helpers/fc-seed.js';
import { Dict, dictHash, prefetchedHash, hintPrefetched, setHashHint } from '../../src/keyspace/dict.js';

test('set/get/has/delete and sizes', () => {
  const d = new Dict<number>();
  assert.equal(d.size, 0);
  assert.equal(d.set('a', 1), true);
  assert.equal(d.set('b', 2), true);
  assert.equal(d.set('a', 3), false);
  assert.equal(d.size, 2);
  assert.equal(d.get('a'), 3);
  assert.equal(d.get('zz'), undefined);
  assert.equal(d.has('b'), true);
  assert.equal(d.delete('a'), true);
  assert.equal(d.delete('a'), false);
  assert.equal(d.size, 1);
  assert.equal(d.get('b'), 2);
  d.clear();
  assert.equal(d.size, 0);
  assert.equal(d.get('b'), undefined);
});

test('delete swaps the last slot into the hole and keeps indexes and LRU consistent', () => {
  const d = new Dict<string>(true);
  for (let i = 0; i < 100; i++) {
    d.set('k' + i, 'v' + i);
    d.lru![d.slotOf('k' + i)] = 1000 + i;
  }
  for (let i = 0; i < 100; i += 3) d.delete('k' + i);
  for (let i = 0; i < 100; i++) {
    if (i % 3 === 0) {
      assert.equal(d.slotOf('k' + i), -1);
      continue;
    }
    const slot = d.slotOf('k' + i);
    assert.equal(d.keys[slot], 'k' + i);
    assert.equal(d.vals[slot], 'v' + i);
    assert.equal(d.lru![slot], 1000 + i);
  }
  assert.equal(d.keys.length, d.size);
  assert.equal(d.vals.length, d.size);
});

test('the LRU array grows with the dict', () => {
  const d = new Dict<number>(true);
  for (let i = 0; i < 1000; i++) {
    d.set('k' + i, i);
    d.lru![d.slotOf('k' + i)] = i;
  }
  for (let i = 0; i < 1000; i++) assert.equal(d.lru![d.slotOf('k' + i)], i);
});

test('randomSlot covers every slot and is -1 when empty', () => {
  const d = new Dict<number>();
  assert.equal(d.randomSlot(), -1);
  for (let i = 0; i < 10; i++) d.set('k' + i, i);
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const s = d.randomSlot();
    assert.ok(s >= 0 && s < 10);
    seen.add(s);
  }
  assert.equal(seen.size, 10);
});

test('scan without changes visits every key exactly once, whatever the count', () => {
  for (const count of [1, 3, 10, 1000]) {
    const d = new Dict<number>();
    for (let i = 0; i < 257; i++) d.set('k' + i, i);
    const seen: string[] = [];
    let cursor = 0;
    let calls = 0;
    do {
      cursor = d.scan(cursor, count, (k) => seen.push(k));
      calls++;
    } while (cursor !== 0);
    assert.equal(seen.length, 257);
    assert.equal(new Set(seen).size, 257);
    assert.equal(calls, Math.ceil(257 / count));
  }
});

test('scan of an empty dict and stale cursors', () => {
  const d = new Dict<number>();
  assert.equal(d.scan(0, 10, () => assert.fail('no keys')), 0);
  assert.equal(d.scan(12345, 10, () => assert.fail('no keys')), 0);
  d.set('a', 1);
  const seen: string[] = [];
  assert.equal(d.scan(99999, 10, (k) => seen.push(k)), 0);
  assert.deepEqual(seen, ['a']);
});

type Op = { kind: 'add'; key: number } | { kind: 'del'; key: number } | { kind: 'scan'; count: number };

test('property: a key present for the whole iteration is returned at least once', () => {
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), key: fc.integer({ min: 0, max: 300 }) }),
    fc.record({ kind: fc.constant('del' as const), key: fc.integer({ min: 0, max: 300 }) }),
    fc.record({ kind: fc.constant('scan' as const), count: fc.integer({ min: 1, max: 20 }) }),
  );
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 200 }), fc.array(op, { maxLength: 400 }), (initial, ops) => {
      const d = new Dict<number>();
      for (const k of initial) d.set('k' + k, k);
      const atStart = new Set(d.keys);
      const removedDuring = new Set<string>();
      const returned = new Set<string>();
      let cursor = 0;
      let started = false;
      let useInto = false;
      const step = (count: number): void => {
        // Alternate the two scan APIs: they must walk the same way.
        useInto = !useInto;
        if (useInto) {
          const keys: string[] = [];
          const vals: number[] = [];
          cursor = d.scanInto(cursor, count, keys, vals);
          for (let i = 0; i < keys.length; i++) {
            assert.equal(vals[i], d.get(keys[i]));
            returned.add(keys[i]);
          }
        } else {
          cursor = d.scan(cursor, count, (k) => returned.add(k));
        }
        started = true;
      };
      for (const o of ops) {
        if (o.kind === 'add') d.set('k' + o.key, o.key);
        else if (o.kind === 'del') {
          if (d.delete('k' + o.key)) removedDuring.add('k' + o.key);
        } else {
          step(o.count);
          if (cursor === 0) break;
        }
      }
      // Finish the iteration with no further changes.
      if (!started || cursor !== 0) {
        do step(5);
        while (cursor !== 0);
      }
      for (const k of atStart) {
        if (removedDuring.has(k)) continue;
        assert.ok(returned.has(k), 'key ' + k + ' present throughout was not returned');
      }
      // Nothing that never existed is returned.
      for (const k of returned) assert.ok(/^k\d+$/.test(k));
    }),
    { numRuns: 2000 },
  );
});

test('property: interleaved changes never make scan loop forever or return absent keys at call time', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 50 })), { maxLength: 300 }), fc.integer({ min: 1, max: 8 }), (changes, count) => {
      const d = new Dict<number>();
      for (let i = 0; i < 40; i++) d.set('k' + i, i);
      let cursor = 0;
      let steps = 0;
      let i = 0;
      do {
        cursor = d.scan(cursor, count, (k) => assert.ok(d.has(k)));
        steps++;
        for (let j = 0; j < 3 && i < changes.length; j++, i++) {
          const [add, key] = changes[i];
          if (add) d.set('k' + key, key);
          else d.delete('k' + key);
        }
      } while (cursor !== 0);
      assert.ok(steps <= 200);
    }),
    { numRuns: 500 },
  );
});

type ModelOp = { op: 'set' | 'add' | 'del' | 'get'; key: number } | { op: 'expand'; n: number } | { op: 'clear' };

/**
 * Applies a set/add/del/get of key `k` to `d` and to its Map `model`, asserting that both
 * agree; `v` is the value a set or add stores.
 */
function applyKeyOp(d: Dict<number>, model: Map<string, number>, op: 'set' | 'add' | 'del' | 'get', k: string, v: number): void {
  if (op === 'set') {
    assert.equal(d.set(k, v), !model.has(k));
    model.set(k, v);
  } else if (op === 'add') {
    const slot = d.add(k, v);
    if (model.has(k)) assert.equal(slot, -1);
    else {
      assert.equal(slot, d.size - 1);
      model.set(k, v);
    }
  } else if (op === 'del') assert.equal(d.delete(k), model.delete(k));
  else assert.equal(d.get(k), model.get(k));
}

test('property: the open-addressing index agrees with a Map model through growth, shrinking and expand', () => {
  // Keys from a small range collide often in buckets; '' and long keys are included.
  const keyName = (k: number): string => (k === 0 ? '' : k === 1 ? 'x'.repeat(300) : 'k' + k);
  const op: fc.Arbitrary<ModelOp> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('set' as const, 'add' as const), key: fc.integer({ min: 0, max: 400 }) }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('del' as const), key: fc.integer({ min: 0, max: 400 }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('get' as const), key: fc.integer({ min: 0, max: 400 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('expand' as const), n: fc.integer({ min: 0, max: 600 }) }) },
    { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 1500 }), (ops) => {
      const d = new Dict<number>(true);
      const model = new Map<string, number>();
      let v = 0;
      for (const o of ops) {
        if (o.op === 'expand') d.expand(o.n);
        else if (o.op === 'clear') {
          d.clear();
          model.clear();
        } else applyKeyOp(d, model, o.op, keyName(o.key), ++v);
      }
      assert.equal(d.size, model.size);
      for (const [k, val] of model) {
        const slot = d.slotOf(k);
        assert.ok(slot >= 0, 'missing ' + k);
        assert.equal(d.keys[slot], k);
        assert.equal(d.vals[slot], val);
      }
      for (let k = 0; k <= 400; k++) if (!model.has(keyName(k))) assert.equal(d.slotOf(keyName(k)), -1);
    }),
    { numRuns: 300 },
  );
});

test('property: prefetch and the hash hint change nothing a lookup returns', () => {
  // Fresh strings each time (as the parser makes them), so the hint is found by identity.
  const keyName = (k: number): string => (k === 0 ? '' : 'k' + k + ':'.repeat(k % 7)).split('').join('');
  const op = fc.oneof(
    fc.record({ op: fc.constantFrom('set' as const, 'del' as const, 'get' as const), key: fc.integer({ min: 0, max: 200 }) }),
    fc.record({ op: fc.constant('prefetch' as const), keys: fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 40 }), hinted: fc.nat() }),
    // A stale or wrong hint: a hint for another string must not be used for this one.
    fc.record({ op: fc.constant('hint' as const), key: fc.integer({ min: 0, max: 200 }) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
      const d = new Dict<number>(true);
      const model = new Map<string, number>();
      let v = 0;
      for (const o of ops) {
        if (o.op === 'prefetch') {
          const keys = o.keys.map(keyName);
          d.prefetch(keys, 0, 1, keys.length);
          const n = Math.min(keys.length, 32);
          for (let i = 0; i < n; i++) assert.equal(prefetchedHash(i), dictHash(keys[i]));
          if (n > 0) {
            // Use one hint as MGET does, on the very string; then look it up.
            const i = o.hinted % n;
            hintPrefetched(i, keys[i]);
            assert.equal(d.get(keys[i]), model.get(keys[i]));
            // Another string: hintPrefetched clears the hint rather than lending it.
            hintPrefetched(i, keyName(o.hinted % 201) + 'x');
          }
        } else if (o.op === 'hint') {
          setHashHint(keyName(o.key), dictHash(keyName(o.key)));
        } else applyKeyOp(d, model, o.op, keyName(o.key), ++v);
      }
      setHashHint(null, 0);
      for (const [k, val] of model) assert.equal(d.get(k), val);
      assert.equal(d.size, model.size);
    }),
    { numRuns: 200 },
  );
});

test('200000 keys: add after expand, then delete all but a few (shrinks) keeps every lookup right', () => {
  const d = new Dict<number>();
  const n = 200000;
  d.expand(n);
  for (let i = 0; i < n; i++) assert.equal(d.add('key:' + i, i), i);
  for (let i = 0; i < n; i++) if (i % 1000 !== 0) d.delete('key:' + i);
  assert.equal(d.size, n / 1000);
  for (let i = 0; i < n; i += 1000) assert.equal(d.get('key:' + i), i);
  assert.equal(d.get('key:1'), undefined);
});
