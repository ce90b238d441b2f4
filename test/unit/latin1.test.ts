import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { latin1Short, LATIN1_SHORT_MAX } from '../../src/protocol/latin1.js';
import { RequestParser } from '../../src/protocol/parser.js';

test('latin1Short equals latin1Slice for every length and every byte value', () => {
  const bytes = Buffer.alloc(256 + LATIN1_SHORT_MAX);
  for (let i = 0; i < bytes.length; i++) bytes[i] = i & 255;
  for (let n = 0; n <= LATIN1_SHORT_MAX; n++) {
    for (let p = 0; p < 256; p++) assert.equal(latin1Short(bytes, p, n), bytes.latin1Slice(p, p + n), 'n=' + n + ' p=' + p);
  }
  assert.throws(() => latin1Short(bytes, 0, LATIN1_SHORT_MAX + 1), RangeError);
});

const encode = (argv: readonly string[]): Buffer =>
  Buffer.from('*' + argv.length + '\r\n' + argv.map((a) => '$' + a.length + '\r\n' + a + '\r\n').join(''), 'latin1');

test('parser: arguments of any bytes and lengths around the short/long boundary come out exact', () => {
  const arb = fc.array(fc.uint8Array({ minLength: 0, maxLength: LATIN1_SHORT_MAX + 4 }), { minLength: 1, maxLength: 6 });
  fc.assert(
    fc.property(fc.array(arb, { minLength: 1, maxLength: 8 }), (cmds) => {
      const want = cmds.map((c) => c.map((a) => Buffer.from(a).latin1Slice(0, a.length)));
      const p = new RequestParser({ protoMaxBulkLen: 512 * 1024 * 1024 });
      p.feed(Buffer.concat(want.map(encode)));
      const got: string[][] = [];
      for (let a = p.next(); a !== null; a = p.next()) got.push(a);
      assert.deepEqual(got, want);
    }),
    { seed: Number(process.env.FC_SEED ?? 424242) },
  );
});

test('parser: the command-name cache keeps each spelling and survives slot collisions', () => {
  const p = new RequestParser({ protoMaxBulkLen: 1024 });
  // Many distinct names force overwrites of cache slots; each must still come back exact.
  const names: string[] = ['GET', 'get', 'Get', 'gEt', '', '\x00\xff', 'x'.repeat(24), 'y'.repeat(25)];
  for (let i = 0; i < 600; i++) names.push('cmd' + i);
  for (let round = 0; round < 2; round++) {
    for (const n of names) {
      p.feed(encode([n, 'k']));
      assert.deepEqual(p.next(), [n, 'k']);
    }
  }
});
