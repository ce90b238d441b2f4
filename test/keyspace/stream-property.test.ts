/**
 * Property test: random sequences of XADD / XDEL / XTRIM / XRANGE / XREVRANGE / XINFO and
 * consumer-group commands, run on redis-server and on Cinder with small node limits, must
 * give byte-identical replies. This exercises the node layout (stream-node-max-entries,
 * stream-node-max-bytes with listpack sizes), approximate trimming and LIMIT, tombstones,
 * the rax node count of XINFO STREAM, and the entries-read / lag estimates of XINFO GROUPS.
 * (Commands whose 7.2 behaviour differs from the 7.0 oracle are left out: XSETID, and
 * XREADGROUP by consumers that do not exist yet.)
 */
import { test, before, after } from 'node:test';
import fc from 'fast-check';
import { startPair, type Pair } from '../helpers/oracle.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

const idArb = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 4 })).map(([ms, seq]) => ms + '-' + seq) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 60 }).map((ms) => ms + '-*') },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 60 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('18446744073709551615-0', '5-18446744073709551615', '70-18446744073709551614') },
);
const boundArb = fc.oneof(
  fc.constantFrom('-', '+'),
  fc.integer({ min: 0, max: 70 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 4 })).map(([ms, seq]) => ms + '-' + seq),
  fc.integer({ min: 0, max: 70 }).map((ms) => '(' + ms),
);
const valueArb = fc.oneof(
  fc.integer({ min: -70000, max: 70000 }).map(String),
  fc.constantFrom('', 'v', '007', '-0', '9223372036854775807', '99999999999999999999'),
  fc.integer({ min: 1, max: 90 }).map((n) => 'x'.repeat(n)),
);
const fieldsArb = fc
  .array(fc.tuple(fc.constantFrom('f', 'g', 'h', '1', 'name'), valueArb), { minLength: 1, maxLength: 3 })
  .map((pairs) => pairs.flatMap(([f, v]) => [f, v]));
const trimArb = fc.oneof(
  fc.constant([] as string[]),
  fc.tuple(fc.constantFrom('MAXLEN', 'MINID'), fc.constantFrom('', '~', '='), fc.integer({ min: 0, max: 60 }), fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined })).map(
    ([s, op, n, limit]) => {
      const a: string[] = [s];
      if (op !== '') a.push(op);
      a.push(String(n));
      if (limit !== undefined && op === '~') a.push('LIMIT', String(limit));
      return a;
    },
  ),
);

const cmdArb: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(trimArb, idArb, fieldsArb).map(([trim, id, fv]) => ['XADD', 's', ...trim, id, ...fv]) },
  { weight: 3, arbitrary: fc.array(idArb.filter((x) => !x.endsWith('*')), { minLength: 1, maxLength: 4 }).map((ids) => ['XDEL', 's', ...ids]) },
  { weight: 2, arbitrary: trimArb.filter((t) => t.length > 0).map((t) => ['XTRIM', 's', ...t]) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.boolean(), boundArb, boundArb, fc.option(fc.integer({ min: -1, max: 5 }), { nil: undefined })).map(([rev, a, b, count]) => {
      const argv = [rev ? 'XREVRANGE' : 'XRANGE', 's', a, b];
      if (count !== undefined) argv.push('COUNT', String(count));
      return argv;
    }),
  },
  { weight: 2, arbitrary: fc.constant<string[]>(['XINFO', 'STREAM', 's']) },
  { weight: 1, arbitrary: fc.constant<string[]>(['XINFO', 'STREAM', 's', 'FULL']) },
  { weight: 2, arbitrary: fc.constant<string[]>(['XINFO', 'GROUPS', 's']) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom('c1', 'c2'), fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }), fc.constantFrom('>', '>', '0'), fc.boolean()).map(([c, count, id, noack]) => {
      const argv = ['XREADGROUP', 'GROUP', 'g', c];
      if (count !== undefined) argv.push('COUNT', String(count));
      if (noack) argv.push('NOACK');
      argv.push('STREAMS', 's', id);
      return argv;
    }),
  },
  { weight: 2, arbitrary: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 3 }).map((ids) => ['XACK', 's', 'g', ...ids.map(String)]) },
  { weight: 1, arbitrary: fc.constant<string[]>(['XPENDING', 's', 'g']) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('c1', 'c2'), fc.integer({ min: 1, max: 4 })).map(([c, n]) => ['XAUTOCLAIM', 's', 'g', c, '0', '0', 'COUNT', String(n), 'JUSTID']) },
  { weight: 1, arbitrary: fc.constantFrom('0', '$', '10', '30-1').map((id) => ['XGROUP', 'SETID', 's', 'g', id]) },
  { weight: 1, arbitrary: fc.constantFrom('0', '$', '20').map((id) => ['XGROUP', 'CREATE', 's', 'g2', id]) },
  { weight: 1, arbitrary: fc.constant<string[]>(['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '3']) },
  { weight: 1, arbitrary: fc.constant<string[]>(['XLEN', 's']) },
);

const scenarioArb = fc.record({
  maxEntries: fc.constantFrom('1', '2', '3', '5', '0', '100'),
  maxBytes: fc.constantFrom('0', '60', '120', '300', '4096'),
  cmds: fc.array(cmdArb, { minLength: 5, maxLength: 60 }),
});

test('random stream command sequences reply as redis-server does', async () => {
  await fc.assert(
    fc.asyncProperty(scenarioArb, async ({ maxEntries, maxBytes, cmds }) => {
      await pair.check(
        [
          ['CONFIG', 'SET', 'stream-node-max-entries', maxEntries],
          ['CONFIG', 'SET', 'stream-node-max-bytes', maxBytes],
          ['XGROUP', 'CREATE', 's', 'g', '0', 'MKSTREAM'],
          ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c1'],
          ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c2'],
          ...cmds,
          ['XINFO', 'STREAM', 's'],
          ['XINFO', 'GROUPS', 's'],
          ['XRANGE', 's', '-', '+'],
        ],
        { protocols: [2], normalize: (r) => r.replace(/\$11\r\nactive-time\r\n:-?\d+\r\n/g, '').replace(/:1\d{12}\r\n/g, ':<time>\r\n').replace(/\*10\r\n\$4\r\nname/g, '*8\r\n$4\r\nname') },
      );
    }),
    // A fixed default seed keeps CI reproducible; STREAM_PROP_SEED explores others. (A random
    // seed once hit XADD ms-* past seq 2^64-1, where Redis versions differ; see the issue note.)
    { numRuns: Number(process.env.STREAM_PROP_RUNS ?? 150), seed: Number(process.env.STREAM_PROP_SEED ?? 20261121) },
  );
  await pair.check([
    ['CONFIG', 'SET', 'stream-node-max-entries', '100'],
    ['CONFIG', 'SET', 'stream-node-max-bytes', '4096'],
  ]);
});
