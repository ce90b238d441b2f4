import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '../helpers/fc-seed.js';
import { RequestParser, splitArgs } from '../../src/protocol/parser.js';

function parseAll(p: RequestParser): string[][] {
  const out: string[][] = [];
  for (;;) {
    const a = p.next();
    if (a === null) return out;
    if (a.length > 0) out.push(a);
  }
}

function encode(argv: string[]): string {
  return '*' + argv.length + '\r\n' + argv.map((a) => '$' + a.length + '\r\n' + a + '\r\n').join('');
}

test('multibulk commands survive any split into chunks', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.string({ unit: 'binary-ascii', maxLength: 40 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
      fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
      (cmds, cuts) => {
        const wire = Buffer.from(cmds.map(encode).join(''), 'latin1');
        const p = new RequestParser({ protoMaxBulkLen: 512 * 1024 * 1024 });
        const got: string[][] = [];
        let pos = 0;
        let i = 0;
        while (pos < wire.length) {
          const n = cuts[i++ % cuts.length];
          p.feed(wire.subarray(pos, pos + n));
          pos += n;
          got.push(...parseAll(p));
        }
        assert.deepEqual(got, cmds);
        assert.equal(p.error, null);
      },
    ),
  );
});

test('big arguments (>= 32KB) are assembled from small chunks byte-exactly', () => {
  const big = Array.from({ length: 100000 }, (_, i) => String.fromCharCode(i % 256)).join('');
  const wire = Buffer.from(encode(['SET', 'k', big]) + encode(['GET', 'k']), 'latin1');
  const p = new RequestParser({ protoMaxBulkLen: 512 * 1024 * 1024 });
  const got: string[][] = [];
  for (let pos = 0; pos < wire.length; pos += 999) {
    p.feed(wire.subarray(pos, pos + 999));
    got.push(...parseAll(p));
  }
  assert.deepEqual(got, [['SET', 'k', big], ['GET', 'k']]);
});

test('pendingBytes counts unconsumed input including a partial big argument', () => {
  const p = new RequestParser({ protoMaxBulkLen: 512 * 1024 * 1024 });
  p.feed(Buffer.from('*2\r\n$3\r\nGET\r\n$40000\r\n' + 'a'.repeat(1000), 'latin1'));
  assert.equal(p.next(), null);
  assert.equal(p.pendingBytes, 1000);
});

test('proto-max-bulk-len is enforced', () => {
  const p = new RequestParser({ protoMaxBulkLen: 1024 * 1024 });
  p.feed(Buffer.from('*1\r\n$1048577\r\n', 'latin1'));
  assert.equal(p.next(), null);
  assert.equal(p.error, 'Protocol error: invalid bulk length');
});

test('splitArgs follows sdssplitargs', () => {
  assert.deepEqual(splitArgs('  set   a  b '), ['set', 'a', 'b']);
  assert.deepEqual(splitArgs('"a b" \'c d\''), ['a b', 'c d']);
  assert.deepEqual(splitArgs('"\\x41\\x4a\\n\\t\\\\"'), ['AJ\n\t\\']);
  assert.deepEqual(splitArgs("'it\\'s'"), ["it's"]);
  assert.deepEqual(splitArgs('""'), ['']);
  assert.equal(splitArgs('"abc'), null);
  assert.equal(splitArgs('"a"b'), null);
  assert.deepEqual(splitArgs(''), []);
});
