/**
 * ListObject (src/keyspace/quicklist.ts) against a plain array model: random operation
 * sequences keep the same contents, and the node structure keeps its invariants (byte sizes
 * match the listpack encoding, node limits hold, a listpack is exactly one node).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../helpers/fc-seed.js';
import { ListObject, lpEntrySize, quicklistNodeExceedsLimit, LP_EMPTY_BYTES, type QuicklistNode } from '../../src/keyspace/quicklist.js';

test('lpEntrySize follows the listpack entry encoding', () => {
  // 7-bit uint: 1 byte + 1 backlen.
  assert.equal(lpEntrySize('0'), 2);
  assert.equal(lpEntrySize('127'), 2);
  // 13-bit int: 2 + 1.
  assert.equal(lpEntrySize('128'), 3);
  assert.equal(lpEntrySize('-1'), 3);
  assert.equal(lpEntrySize('-4096'), 3);
  // 16-bit: 3 + 1; 24-bit: 4 + 1; 32-bit: 5 + 1; 64-bit: 9 + 1.
  assert.equal(lpEntrySize('4096'), 4);
  assert.equal(lpEntrySize('32768'), 5);
  assert.equal(lpEntrySize('8388608'), 6);
  assert.equal(lpEntrySize('2147483648'), 10);
  assert.equal(lpEntrySize('9223372036854775807'), 10);
  // Not canonical integers: strings. 6-bit length: 1 + len + backlen.
  assert.equal(lpEntrySize('01'), 4);
  assert.equal(lpEntrySize('9223372036854775808'), 21);
  assert.equal(lpEntrySize(''), 2);
  assert.equal(lpEntrySize('x'.repeat(63)), 65);
  // 12-bit length: 2 + len, backlen 1 up to 127 total, then 2.
  assert.equal(lpEntrySize('x'.repeat(64)), 67);
  assert.equal(lpEntrySize('x'.repeat(125)), 128);
  assert.equal(lpEntrySize('x'.repeat(126)), 130);
  // 32-bit length: 5 + len.
  assert.equal(lpEntrySize('x'.repeat(4096)), 4096 + 5 + 2);
});

test('quicklistNodeExceedsLimit: size limits for negative fill, count + 8 KiB safety for positive', () => {
  assert.equal(quicklistNodeExceedsLimit(-2, 8192, 100000), false);
  assert.equal(quicklistNodeExceedsLimit(-2, 8193, 1), true);
  assert.equal(quicklistNodeExceedsLimit(-1, 4097, 1), true);
  assert.equal(quicklistNodeExceedsLimit(-5, 65536, 1), false);
  assert.equal(quicklistNodeExceedsLimit(-9, 65537, 1), true);
  assert.equal(quicklistNodeExceedsLimit(4, 100, 4), false);
  assert.equal(quicklistNodeExceedsLimit(4, 100, 5), true);
  assert.equal(quicklistNodeExceedsLimit(1000, 8193, 2), true);
  assert.equal(quicklistNodeExceedsLimit(0, 10, 1), false);
  assert.equal(quicklistNodeExceedsLimit(0, 10, 2), true);
});

function checkInvariants(o: ListObject, model: string[]): void {
  assert.deepEqual(o.toArray(), model);
  assert.equal(o.length, model.length);
  if (o.packed) assert.equal(o.nodes, 1);
  if (model.length === 0) return;
  let n: QuicklistNode | null = o.head;
  let nodes = 0;
  let prev: QuicklistNode | null = null;
  while (n !== null) {
    assert.equal(n.prev, prev);
    assert.ok(n.items.length > 0, 'no empty nodes');
    let sz = LP_EMPTY_BYTES;
    for (const v of n.items) sz += lpEntrySize(v);
    assert.equal(n.sz, sz);
    nodes++;
    prev = n;
    n = n.next;
  }
  assert.equal(o.tail, prev);
  assert.equal(nodes, o.nodes);
}

type Op =
  | { op: 'lpush' | 'rpush'; v: string[] }
  | { op: 'lpop' | 'rpop' }
  | { op: 'set'; i: number; v: string }
  | { op: 'ins'; i: number; v: string; after: boolean }
  | { op: 'del'; start: number; count: number }
  | { op: 'rem'; v: string; limit: number; tail: boolean };

const valArb = fc.oneof(fc.constantFrom('a', '1', '-7', '1000', ''), fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 300 }).map((n) => 'x'.repeat(n)));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('lpush' as const, 'rpush' as const), v: fc.array(valArb, { minLength: 1, maxLength: 6 }) }),
  fc.record({ op: fc.constantFrom('lpop' as const, 'rpop' as const) }),
  fc.record({ op: fc.constant('set' as const), i: fc.integer({ min: -20, max: 20 }), v: valArb }),
  fc.record({ op: fc.constant('ins' as const), i: fc.nat(40), v: valArb, after: fc.boolean() }),
  fc.record({ op: fc.constant('del' as const), start: fc.integer({ min: -10, max: 10 }), count: fc.nat(6) }),
  fc.record({ op: fc.constant('rem' as const), v: valArb, limit: fc.nat(3), tail: fc.boolean() }),
);

for (const fill of [-2, -1, 3, 1, 0, 128]) {
  test('random operations match an array model (fill ' + fill + ')', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
        const o = new ListObject();
        const model: string[] = [];
        for (const op of ops) {
          switch (op.op) {
            case 'lpush':
              o.tryConversionAppend(fill, op.v, 0, op.v.length - 1);
              for (const v of op.v) {
                o.pushHead(v, fill);
                model.unshift(v);
              }
              break;
            case 'rpush':
              o.tryConversionAppend(fill, op.v, 0, op.v.length - 1);
              for (const v of op.v) {
                o.pushTail(v, fill);
                model.push(v);
              }
              break;
            case 'lpop':
              assert.equal(o.popHead(), model.shift());
              break;
            case 'rpop':
              assert.equal(o.popTail(), model.pop());
              break;
            case 'set': {
              o.tryConversionAppend(fill, [op.v], 0, 0);
              const idx = op.i < 0 ? op.i + model.length : op.i;
              const ok = o.set(op.i, op.v, fill);
              assert.equal(ok, idx >= 0 && idx < model.length);
              if (ok) model[idx] = op.v;
              break;
            }
            case 'ins': {
              if (model.length === 0) break;
              const i = op.i % model.length;
              o.tryConversionAppend(fill, [op.v], 0, 0);
              o.insertAt(i, op.v, op.after, fill);
              model.splice(op.after ? i + 1 : i, 0, op.v);
              break;
            }
            case 'del': {
              o.delRange(op.start, op.count);
              let s = op.start < 0 ? op.start + model.length : op.start;
              if (s < 0) s = 0;
              if (s < model.length) model.splice(s, op.count);
              break;
            }
            case 'rem': {
              const n = o.removeMatching(op.v, op.limit, op.tail);
              let removed = 0;
              if (op.tail) {
                for (let i = model.length - 1; i >= 0 && (op.limit === 0 || removed < op.limit); i--) {
                  if (model[i] === op.v) {
                    model.splice(i, 1);
                    removed++;
                  }
                }
              } else {
                for (let i = 0; i < model.length && (op.limit === 0 || removed < op.limit); ) {
                  if (model[i] === op.v) {
                    model.splice(i, 1);
                    removed++;
                  } else i++;
                }
              }
              assert.equal(n, removed);
              break;
            }
          }
          if (model.length === 0) {
            // Commands delete empty lists; start over as Redis would with a new key.
            checkInvariants(o, model);
            return;
          }
          o.tryConversionShrinking(fill);
          checkInvariants(o, model);
          for (let k = 0; k < model.length; k += 7) assert.equal(o.index(k), model[k]);
          assert.equal(o.index(-1), model[model.length - 1]);
          const st = Math.floor(model.length / 3);
          const len = Math.min(5, model.length - st);
          assert.deepEqual(o.range(st, len), model.slice(st, st + len));
          assert.deepEqual(o.range(st, len, true), model.slice(st, st + len).reverse());
        }
        const d = o.dup();
        assert.deepEqual(d.toArray(), model);
        assert.equal(d.encoding(), o.encoding());
      }),
      { numRuns: 300 },
    );
  });
}

test('pushes at both ends stay O(1): 200k LPUSH + RPOP is fast', () => {
  const o = new ListObject();
  o.tryConversionAppend(-2, ['x'.repeat(9000)], 0, 0);
  const t = Date.now();
  for (let i = 0; i < 200000; i++) o.pushHead(String(i), -2);
  for (let i = 0; i < 200000; i++) o.popTail();
  assert.equal(o.length, 0);
  assert.ok(Date.now() - t < 2000);
});

test('createQuicklist + tryConversionAuto picks listpack for small lists (SORT STORE, RDB load)', () => {
  const o = ListObject.createQuicklist();
  for (const v of ['a', 'b', 'c']) o.pushTail(v, -2);
  assert.equal(o.encoding(), 'quicklist');
  o.tryConversionAuto(-2);
  assert.equal(o.encoding(), 'listpack');
  assert.deepEqual(o.toArray(), ['a', 'b', 'c']);
  const q = ListObject.createQuicklist();
  q.appendListpackNode(['1', '2']);
  q.appendListpackNode(['3']);
  q.tryConversionAuto(-2);
  assert.equal(q.encoding(), 'quicklist');
  assert.equal(q.nodes, 2);
  assert.deepEqual(q.toArray(), ['1', '2', '3']);
  const big = ListObject.createQuicklist();
  for (let i = 0; i < 10; i++) big.pushTail('x'.repeat(1000), -2);
  big.tryConversionAuto(-2);
  assert.equal(big.encoding(), 'quicklist');
});
