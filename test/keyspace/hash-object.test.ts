/**
 * HashObject (src/keyspace/hash.ts): insertion order while listpack-encoded, conversions,
 * and agreement with a Map model under random operations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../helpers/fc-seed.js';
import { HashObject } from '../../src/keyspace/hash.js';

test('listpack keeps insertion order; updates keep position; delete closes the gap', () => {
  const h = new HashObject();
  assert.equal(h.set('a', '1', 512, 64), false);
  assert.equal(h.set('b', '2', 512, 64), false);
  assert.equal(h.set('a', '3', 512, 64), true);
  h.set('c', '4', 512, 64);
  assert.equal(h.delete('b'), true);
  assert.equal(h.delete('b'), false);
  const seen: string[] = [];
  h.forEach((f, v) => seen.push(f + '=' + v));
  assert.deepEqual(seen, ['a=3', 'c=4']);
  assert.equal(h.encoding(), 'listpack');
});

test('converts to hashtable past the entry count or on a long field/value, never back', () => {
  const h = new HashObject();
  h.set('a', '1', 2, 64);
  h.set('b', '1', 2, 64);
  assert.equal(h.encoding(), 'listpack');
  h.set('c', '1', 2, 64);
  assert.equal(h.encoding(), 'hashtable');
  h.delete('c');
  h.delete('b');
  assert.equal(h.encoding(), 'hashtable');
  const g = new HashObject();
  g.set('f', 'x'.repeat(65), 512, 64);
  assert.equal(g.encoding(), 'hashtable');
  const k = new HashObject();
  k.set('x'.repeat(64), 'v', 512, 64);
  assert.equal(k.encoding(), 'listpack');
  const d = k.dup();
  assert.equal(d.encoding(), 'listpack');
  assert.equal(d.get('x'.repeat(64)), 'v');
});

test('random operations agree with a Map model in both encodings', () => {
  const fieldArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g');
  const opArb = fc.oneof(
    fc.tuple(fc.constant('set' as const), fieldArb, fc.string({ maxLength: 3 })),
    fc.tuple(fc.constant('del' as const), fieldArb, fc.constant('')),
  );
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 60 }), fc.integer({ min: 0, max: 8 }), (ops, maxEntries) => {
      const h = new HashObject();
      const m = new Map<string, string>();
      for (const [op, f, v] of ops) {
        if (op === 'set') {
          assert.equal(h.set(f, v, maxEntries, 64), m.has(f));
          m.set(f, v);
        } else {
          assert.equal(h.delete(f), m.delete(f));
        }
        assert.equal(h.length, m.size);
      }
      for (const [f, v] of m) assert.equal(h.get(f), v);
      if (h.encoding() === 'listpack') {
        // Listpack order is the Map's insertion order (re-added fields go to the end).
        const order: string[] = [];
        h.forEach((f) => order.push(f));
        assert.deepEqual(order, [...m.keys()]);
      }
    }),
    { numRuns: 300 },
  );
});
