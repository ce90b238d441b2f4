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

/**
 * Feeds `wire` to `p` in chunks of the sizes in `cuts` (cycled), calling `afterChunk(fed)`
 * after each chunk with the number of bytes fed so far.
 */
function feedInCuts(p: RequestParser, wire: Buffer, cuts: readonly number[], afterChunk: (fed: number) => void): void {
  let pos = 0;
  let i = 0;
  while (pos < wire.length) {
    const n = cuts[i++ % cuts.length];
    p.feed(wire.subarray(pos, pos + n));
    pos = Math.min(pos + n, wire.length);
    afterChunk(pos);
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
        feedInCuts(p, wire, cuts, () => got.push(...parseAll(p)));
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

test('parseAhead: queued commands come out of next() in order, mixed with later input, for any split and batch size', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.string({ unit: 'binary-ascii', maxLength: 40 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 40 }),
      fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 20 }),
      fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 10 }),
      (cmds, cuts, batches) => {
        const wire = Buffer.from(cmds.map(encode).join(''), 'latin1');
        const p = new RequestParser({ protoMaxBulkLen: 512 * 1024 * 1024 });
        const got: string[][] = [];
        let j = 0;
        feedInCuts(p, wire, cuts, (fed) => {
          // Queue a batch, take a few of it, and check that the bytes still owed add up.
          const q = p.parseAhead(batches[j++ % batches.length]);
          assert.equal(q, p.queued);
          assert.ok(q <= 32);
          const take = batches[j % batches.length] % (q + 1);
          for (let k = 0; k < take; k++) got.push(p.next()!);
          assert.equal(p.queued, q - take);
          // pendingBytes counts the queued commands (each at least its last "\r\n") and never
          // what has been returned.
          let returned = 0;
          for (const a of got) returned += encode(a).length;
          assert.ok(p.pendingBytes >= 2 * p.queued);
          assert.ok(p.pendingBytes <= fed - returned);
        });
        got.push(...parseAll(p));
        assert.deepEqual(got, cmds);
        assert.equal(p.queued, 0);
        assert.equal(p.pendingBytes, 0);
      },
    ),
  );
});

test('parseAhead: pendingBytes keeps the queued commands counted until next() returns them', () => {
  const p = new RequestParser({ protoMaxBulkLen: 512 * 1024 * 1024 });
  const a = encode(['SET', 'k', 'v']);
  const b = encode(['GET', 'k']);
  p.feed(Buffer.from(a + b + '*2\r\n$3\r\nGET', 'latin1'));
  assert.equal(p.pendingBytes, a.length + b.length + 11);
  // The third command's "*2" and "$3" lines are consumed into its argv state, as next()
  // does (and Redis, which trims them off the query buffer); "GET" is still input.
  assert.equal(p.parseAhead(32), 2);
  assert.equal(p.pendingBytes, a.length + b.length + 3);
  assert.deepEqual(p.next(), ['SET', 'k', 'v']);
  assert.equal(p.pendingBytes, b.length + 3);
  // Still queued: parseAhead parses nothing more and reports the queue.
  assert.equal(p.parseAhead(32), 1);
  assert.deepEqual(p.next(), ['GET', 'k']);
  assert.equal(p.pendingBytes, 3);
  assert.equal(p.parseAhead(32), 0);
  assert.equal(p.next(), null);
});

test('parseAhead: a protocol error comes after the commands queued before it', () => {
  const p = new RequestParser({ protoMaxBulkLen: 512 * 1024 * 1024 });
  p.feed(Buffer.from(encode(['PING']) + encode(['ECHO', 'x']) + '*1\r\n!3\r\n', 'latin1'));
  assert.equal(p.parseAhead(32), 2);
  assert.equal(p.error, "Protocol error: expected '$', got '!'");
  assert.deepEqual(p.next(), ['PING']);
  assert.deepEqual(p.next(), ['ECHO', 'x']);
  assert.equal(p.next(), null);
  assert.equal(p.parseAhead(32), 0);
});

test('parseAhead: nothing while authRequired, nor right after a RESET, and it stops after one', () => {
  const p = new RequestParser({ protoMaxBulkLen: 512 * 1024 * 1024 });
  p.authRequired = true;
  p.feed(Buffer.from(encode(['AUTH', 'pw']) + encode(['GET', 'a']) + encode(['reSet']) + encode(['GET', 'b']) + encode(['GET', 'c']), 'latin1'));
  assert.deepEqual(p.next(), ['AUTH', 'pw']);
  // Not authenticated yet: the rest must wait to be parsed under the limits AUTH leaves.
  assert.equal(p.parseAhead(32), 0);
  p.authRequired = false;
  assert.equal(p.parseAhead(32), 2);
  assert.deepEqual(p.next(), ['GET', 'a']);
  assert.deepEqual(p.next(), ['reSet']);
  // RESET brought the unauthenticated limits back: what follows is parsed under them.
  p.authRequired = true;
  p.feed(Buffer.from('*11\r\n', 'latin1'));
  assert.equal(p.parseAhead(32), 0);
  assert.deepEqual(p.next(), ['GET', 'b']);
  assert.deepEqual(p.next(), ['GET', 'c']);
  assert.equal(p.next(), null);
  assert.equal(p.error, 'Protocol error: unauthenticated multibulk length');
  // A RESET parsed by next() blocks parsing ahead until the next command is parsed.
  const q = new RequestParser({ protoMaxBulkLen: 512 * 1024 * 1024 });
  q.feed(Buffer.from('RESET\r\n' + encode(['PING']) + encode(['PING']), 'latin1'));
  assert.deepEqual(q.next(), ['RESET']);
  assert.equal(q.hasInput, true);
  assert.equal(q.parseAhead(32), 0);
  assert.deepEqual(q.next(), ['PING']);
  assert.equal(q.parseAhead(32), 1);
});

test('parseAhead: nothing right after a CONFIG (it may change a limit), and it stops after one', () => {
  const p = new RequestParser({ protoMaxBulkLen: 512 * 1024 * 1024 });
  p.feed(Buffer.from(encode(['config', 'set', 'proto-max-bulk-len', '1mb']) + encode(['PING']) + encode(['CONFIG', 'GET', 'x']) + encode(['PING']), 'latin1'));
  assert.deepEqual(p.next(), ['config', 'set', 'proto-max-bulk-len', '1mb']);
  assert.equal(p.parseAhead(32), 0);
  assert.deepEqual(p.next(), ['PING']);
  assert.equal(p.parseAhead(32), 1);
  assert.deepEqual(p.next(), ['CONFIG', 'GET', 'x']);
  assert.equal(p.parseAhead(32), 0);
  assert.deepEqual(p.next(), ['PING']);
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
