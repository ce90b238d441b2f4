/**
 * Differential property test: fast-check generates random command sequences over a tiny
 * key space (strings, bitmaps, generic commands, expiry, MULTI/EXEC/WATCH, SELECT, FLUSHDB,
 * SWAPDB) mixed with deliberately malformed arguments (wrong arity, non-integers, negative
 * and huge numbers, empty strings, binary bytes). Each sequence runs on real redis-server
 * and on Cinder, in RESP2 and RESP3, and the raw replies must be identical byte for byte.
 *
 * Determinism: expiry only uses EXPIREAT/PEXPIREAT far in the future (or in the past, which
 * deletes at once), PERSIST and EXPIRETIME/PEXPIRETIME; TTL/PTTL of a volatile key is
 * time-dependent and is not generated. KEYS only gets patterns matching at most one key
 * (its order is hash order). RANDOMKEY/SCAN/OBJECT FREQ|IDLETIME are left out.
 *
 * Set FC_RUNS / FC_SEED to change the number of runs / try another seed (the default seed is
 * fixed so CI is reproducible).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startPair, RawClient, type Pair } from '../helpers/oracle.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

const KEYS = ['k1', 'k2', 'k3'];
const key = fc.constantFrom(...KEYS);
const smallInt = fc.integer({ min: -5, max: 40 }).map(String);
const weird = fc.constantFrom(
  '',
  '0',
  '-0',
  '1',
  '-1',
  '01',
  ' 1',
  '1 ',
  '+1',
  '1.5',
  '-1.5e3',
  '1e400',
  'inf',
  '-inf',
  'nan',
  '0x10',
  'abc',
  '9223372036854775807',
  '-9223372036854775808',
  '9223372036854775808',
  '-9223372036854775809',
  '18446744073709551615',
  '4294967296',
  '\x00',
  '\x00\xff\r\n',
  '\xe9t\xe9',
  'NX',
  'XX',
  'GT',
  'LT',
  'EX',
  'PX',
  'GET',
  'KEEPTTL',
  'BIT',
  'BYTE',
  'LEN',
  'IDX',
  'REPLACE',
  'DB',
);
const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('v', 'hello', 'foobar', '10', '-7', '3.5', '12345678901234567890', '') },
  { weight: 2, arbitrary: weird },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 6 }) },
);
const intArg = fc.oneof({ weight: 4, arbitrary: smallInt }, { weight: 1, arbitrary: weird });
// Far future (2100-01-01) or the past: deterministic results.
const futureSec = fc.constantFrom('4102444800', '4102444801', '4200000000', '1', '0', '-5');
const futureMs = fc.constantFrom('4102444800000', '4102444800123', '4200000000000', '1000', '0', '-5');
const cond = fc.constantFrom<string[]>([], [], ['NX'], ['XX'], ['GT'], ['LT'], ['NX', 'XX'], ['GT', 'LT'], ['FOO']);

/** One well-formed-ish command. */
const command: fc.Arbitrary<string[]> = fc.oneof(
  // strings
  fc.tuple(key, value, fc.constantFrom<string[]>([], ['NX'], ['XX'], ['GET'], ['KEEPTTL'], ['EXAT', '4102444800'], ['PXAT', '4102444800000'], ['NX', 'GET'], ['XX', 'GET'], ['EX'], ['EX', '0'], ['PX', '-1'], ['EX', 'abc'], ['KEEPTTL', 'PXAT', '4102444800000'], ['NX', 'XX'], ['FOO'])).map(([k, v, o]) => ['SET', k, v, ...o]),
  key.map((k) => ['GET', k]),
  fc.tuple(key, value).map(([k, v]) => ['GETSET', k, v]),
  key.map((k) => ['GETDEL', k]),
  fc.tuple(key, fc.constantFrom<string[]>([], ['PERSIST'], ['EXAT', '4102444800'], ['PXAT', '4102444800000'], ['EX', '0'], ['EX', 'x'], ['PERSIST', 'EXAT', '4102444800'], ['FOO'], ['EXAT', '1'])).map(([k, o]) => ['GETEX', k, ...o]),
  fc.array(key, { minLength: 0, maxLength: 3 }).map((ks) => ['MGET', ...ks]),
  fc.array(fc.tuple(key, value), { minLength: 0, maxLength: 3 }).map((kv) => ['MSET', ...kv.flat()]),
  fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 3 }).map((kv) => ['MSETNX', ...kv.flat()]),
  fc.tuple(key, value).map(([k, v]) => ['SETNX', k, v]),
  fc.tuple(key, value).map(([k, v]) => ['APPEND', k, v]),
  key.map((k) => ['STRLEN', k]),
  fc.tuple(fc.constantFrom('INCR', 'DECR'), key).map(([c, k]) => [c, k]),
  fc.tuple(fc.constantFrom('INCRBY', 'DECRBY', 'INCRBYFLOAT'), key, intArg).map(([c, k, n]) => [c, k, n]),
  fc.tuple(key, fc.constantFrom('0.1', '-3.25', '1e3', '5.0e-2', '1.5', '2.5e10', 'abc', '')).map(([k, n]) => ['INCRBYFLOAT', k, n]),
  fc.tuple(fc.constantFrom('GETRANGE', 'SUBSTR'), key, intArg, intArg).map(([c, k, a, b]) => [c, k, a, b]),
  fc.tuple(key, fc.oneof(fc.integer({ min: -2, max: 20 }).map(String), weird), value).map(([k, o, v]) => ['SETRANGE', k, o, v]),
  fc.tuple(key, key, fc.constantFrom<string[]>([], ['LEN'], ['IDX'], ['IDX', 'WITHMATCHLEN'], ['IDX', 'MINMATCHLEN', '2'], ['LEN', 'IDX'], ['MINMATCHLEN', '-1'], ['FOO'])).map(([a, b, o]) => ['LCS', a, b, ...o]),
  fc.tuple(fc.constantFrom('SETEX', 'PSETEX'), key, fc.constantFrom('0', '-1', 'abc', '9223372036854775807'), value).map(([c, k, t, v]) => [c, k, t, v]),
  // bitmaps
  fc.tuple(key, fc.oneof(fc.integer({ min: 0, max: 70 }).map(String), weird), fc.constantFrom('0', '1', '2', '', 'x')).map(([k, o, b]) => ['SETBIT', k, o, b]),
  fc.tuple(key, fc.oneof(fc.integer({ min: 0, max: 70 }).map(String), weird)).map(([k, o]) => ['GETBIT', k, o]),
  fc.tuple(key, fc.constantFrom<string[]>([], ['0'], ['0', '-1'], ['1', '2', 'BIT'], ['-3', '-1', 'BYTE'], ['0', '5', 'BIT'], ['a', 'b'], ['0', '-1', 'FOO'], ['-100', '100'])).map(([k, o]) => ['BITCOUNT', k, ...o]),
  fc.tuple(key, fc.constantFrom('0', '1', '2', 'x'), fc.constantFrom<string[]>([], ['0'], ['1', '-1'], ['2', '10', 'BIT'], ['0', '-1', 'BYTE'], ['-1'], ['5', '2'], ['a'])).map(([k, b, o]) => ['BITPOS', k, b, ...o]),
  fc.tuple(fc.constantFrom('AND', 'OR', 'XOR', 'NOT', 'FOO'), key, fc.array(key, { minLength: 0, maxLength: 3 })).map(([op, d, ks]) => ['BITOP', op, d, ...ks]),
  fc.tuple(
    fc.constantFrom('BITFIELD', 'BITFIELD_RO'),
    key,
    fc.array(
      fc.oneof(
        fc.tuple(fc.constantFrom('i8', 'u8', 'i5', 'u1', 'i64', 'u63', 'u64', 'i0', 'x8'), fc.constantFrom('0', '3', '#1', '100', '-1', 'a')).map(([t, o]) => ['GET', t, o]),
        fc.tuple(fc.constantFrom('i8', 'u8', 'u2', 'i64'), fc.constantFrom('0', '#0', '7'), intArg).map(([t, o, v]) => ['SET', t, o, v]),
        fc.tuple(fc.constantFrom('i8', 'u8', 'u2', 'i64'), fc.constantFrom('0', '#2', '9'), intArg).map(([t, o, v]) => ['INCRBY', t, o, v]),
        fc.constantFrom<string[]>(['OVERFLOW', 'WRAP'], ['OVERFLOW', 'SAT'], ['OVERFLOW', 'FAIL'], ['OVERFLOW', 'FOO'], ['FOO']),
      ),
      { minLength: 0, maxLength: 4 },
    ),
  ).map(([c, k, ops]) => [c, k, ...ops.flat()]),
  // generic
  fc.array(key, { minLength: 0, maxLength: 3 }).chain((ks) => fc.constantFrom('DEL', 'UNLINK', 'EXISTS', 'TOUCH').map((c) => [c, ...ks])),
  key.map((k) => ['TYPE', k]),
  fc.tuple(fc.constantFrom('RENAME', 'RENAMENX'), key, key).map(([c, a, b]) => [c, a, b]),
  fc.tuple(key, key, fc.constantFrom<string[]>([], ['REPLACE'], ['DB', '1'], ['DB', '0', 'REPLACE'], ['DB', 'x'], ['DB', '99'], ['FOO'], ['DB'])).map(([a, b, o]) => ['COPY', a, b, ...o]),
  fc.tuple(key, fc.constantFrom('0', '1', '99', '-1', 'x')).map(([k, d]) => ['MOVE', k, d]),
  fc.tuple(fc.constantFrom('EXPIREAT', 'EXPIRE'), key, futureSec, cond).map(([c, k, t, o]) => [c, k, c === 'EXPIRE' && Number(t) > 100 ? 'abc' : t, ...o]),
  fc.tuple(key, futureMs, cond).map(([k, t, o]) => ['PEXPIREAT', k, t, ...o]),
  fc.tuple(fc.constantFrom('EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT'), key, fc.constantFrom('9223372036854775807', '-9223372036854775808', '9223372036854775', 'x', '')).map(([c, k, t]) => [c, k, t]),
  key.map((k) => ['PERSIST', k]),
  fc.tuple(fc.constantFrom('EXPIRETIME', 'PEXPIRETIME'), key).map(([c, k]) => [c, k]),
  key.chain((k) => fc.constantFrom<string[]>(['TTL', 'nokey'], ['PTTL', 'nokey'], ['OBJECT', 'ENCODING', k], ['OBJECT', 'REFCOUNT', k], ['OBJECT', 'ENCODING'], ['OBJECT', 'FOO', k])),
  fc.constantFrom<string[]>(['KEYS', 'k1'], ['KEYS', 'k[2]'], ['KEYS', '*3'], ['KEYS', 'k\\1'], ['KEYS', 'nomatch*'], ['DBSIZE']),
  // other types, for WRONGTYPE (not lists: a small list is "quicklist" in 7.0, "listpack" in 7.2)
  key.map((k) => ['ZADD', k, '1', 'a']),
  key.map((k) => ['HSET', k, 'f', 'v']),
  // databases
  fc.constantFrom<string[]>(['SELECT', '0'], ['SELECT', '1'], ['SELECT', '16'], ['SELECT', 'x'], ['FLUSHDB'], ['FLUSHDB', 'ASYNC'], ['FLUSHDB', 'FOO'], ['SWAPDB', '0', '1'], ['SWAPDB', '0', 'x']),
  // transactions
  fc.constantFrom<string[]>(['MULTI'], ['EXEC'], ['DISCARD'], ['UNWATCH'], ['MULTI'], ['EXEC']),
  fc.array(key, { minLength: 0, maxLength: 2 }).map((ks) => ['WATCH', ...ks]),
  // connection
  fc.constantFrom<string[]>(['PING'], ['PING', 'x'], ['ECHO', '\x00\xff'], ['NOSUCHCMD', 'a']),
);

/** A malformed variant: drops or adds arguments, or replaces one with a weird value. */
const malformed: fc.Arbitrary<string[]> = fc.tuple(command, fc.nat(), weird, fc.constantFrom('drop', 'add', 'replace')).map(([argv, i, w, how]) => {
  const a = argv.slice();
  const j = a.length > 1 ? 1 + (i % (a.length - 1)) : 0;
  if (how === 'drop' && a.length > 1) a.splice(a.length - 1, 1);
  else if (how === 'add') a.push(w);
  else if (a.length > 1) a[j] = w;
  return a;
})
  // EXEC with arguments: Redis answers "-EXECABORT Transaction discarded because of: wrong number
  // of arguments..." (rejectCommand -> execCommandAbort); lead-owned dispatch.ts, covered by a
  // todo test in edge-cases.test.ts.
  .filter((a) => !(a[0] === 'EXEC' && a.length > 1))
  // Unknown-command errors print args with %.*s, which stops at a NUL byte; lead-owned
  // dispatch.ts, covered by a todo test in edge-cases.test.ts.
  .filter((a) => !(a[0] === 'NOSUCHCMD' && a.some((x) => x.includes('\x00'))))
  // Same for "unknown subcommand '%.128s'".
  .filter((a) => !(a[0] === 'OBJECT' && a.length > 1 && a[1].includes('\x00')));

const sequence = fc.array(fc.oneof({ weight: 4, arbitrary: command }, { weight: 1, arbitrary: malformed }), { minLength: 1, maxLength: 25 });

const RUNS = Number(process.env.FC_RUNS ?? 150);
/** fast-check seed: fixed by default for reproducible CI, FC_SEED to explore others. */
const SEED = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 20261121;

test('random command sequences: identical raw replies in RESP2 and RESP3', { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(sequence, async (cmds) => {
      for (const resp of [2, 3]) {
        const [a, b] = await pair.run(cmds, resp);
        for (let i = 0; i < cmds.length; i++) {
          assert.equal(b[i], a[i], 'RESP' + resp + ' reply to ' + JSON.stringify(cmds[i]) + ' (command #' + i + ')');
        }
      }
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: false },
  );
});

/** One step of a two-client sequence: which connection sends it, and the command. */
type Step = { ci: number; argv: string[] };
const twoClientSequence: fc.Arbitrary<Step[]> = fc.array(
  fc.record({ ci: fc.constantFrom(0, 0, 0, 1), argv: fc.oneof({ weight: 5, arbitrary: command }, { weight: 1, arbitrary: malformed }) }),
  { minLength: 1, maxLength: 30 },
);

/** `rdb_changes_since_last_save` (Redis `server.dirty`) from INFO persistence. */
async function dirtyOf(c: RawClient): Promise<number> {
  const r = await c.send('INFO', 'persistence');
  return Number(/rdb_changes_since_last_save:(\d+)/.exec(r)![1]);
}

/**
 * Runs `steps` over two fresh connections to `port` and returns every reply, each followed
 * by the change of the dirty counter it caused, then the keyspace summary (INFO keyspace
 * without avg_ttl, which is time-dependent).
 */
async function runSteps(port: number, steps: readonly Step[], resp: number): Promise<string[]> {
  const cs = [await RawClient.connect(port), await RawClient.connect(port), await RawClient.connect(port)];
  try {
    await cs[2].send('FLUSHALL');
    if (resp === 3) for (const c of cs.slice(0, 2)) await c.send('HELLO', '3');
    const out: string[] = [];
    let d0 = await dirtyOf(cs[2]);
    for (const s of steps) {
      const r = await cs[s.ci].send(...s.argv);
      const d1 = await dirtyOf(cs[2]);
      out.push(r + ' dirty+' + (d1 - d0));
      d0 = d1;
    }
    // The bulk length goes too: it depends on avg_ttl's digits.
    out.push((await cs[2].send('INFO', 'keyspace')).replace(/^\$\d+\r\n/, '').replace(/,avg_ttl=\d+/g, ''));
    return out;
  } finally {
    for (const c of cs) c.close();
  }
}

test('random two-client sequences: identical replies, dirty counter deltas and keyspace summary', { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(twoClientSequence, async (steps) => {
      for (const resp of [2, 3]) {
        const a = await runSteps(pair.oracle.port, steps, resp);
        const b = await runSteps(pair.cinder.port, steps, resp);
        for (let i = 0; i < a.length; i++) {
          assert.equal(b[i], a[i], 'RESP' + resp + ' step #' + i + ' ' + (i < steps.length ? JSON.stringify(steps[i]) : 'INFO keyspace'));
        }
      }
    }),
    { numRuns: Math.max(1, Math.floor(RUNS / 2)), seed: SEED, endOnFailure: false },
  );
});

const byteString = (max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(0, 1, 0x55, 0x80, 0xaa, 0xff, 0x0f, 0xf0).map((c) => String.fromCharCode(c)), maxLength: max });
const rangeArg = fc.integer({ min: -60, max: 60 }).map(String);
const bitfieldOp: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(fc.constantFrom('i', 'u'), fc.integer({ min: 1, max: 64 }), fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.integer({ min: 0, max: 20 }).map((n) => '#' + n))).map(([s, b, o]) => ['GET', s + (s === 'u' ? Math.min(b, 63) : b), o]),
  fc
    .tuple(
      fc.constantFrom('SET', 'INCRBY'),
      fc.constantFrom('i', 'u'),
      fc.integer({ min: 1, max: 64 }),
      fc.integer({ min: 0, max: 200 }).map(String),
      fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String), fc.integer({ min: -300, max: 300 }).map(String)),
    )
    .map(([op, s, b, o, v]) => [op, s + (s === 'u' ? Math.min(b, 63) : b), o, v]),
  fc.constantFrom<string[]>(['OVERFLOW', 'WRAP'], ['OVERFLOW', 'SAT'], ['OVERFLOW', 'FAIL']),
);
const bitCommand: fc.Arbitrary<string[]> = fc.oneof(
  byteString(40).map((v) => ['SET', 'b', v]),
  fc.tuple(rangeArg, rangeArg, fc.constantFrom<string[]>([], ['BIT'], ['BYTE'])).map(([s, e, u]) => ['BITCOUNT', 'b', s, e, ...u]),
  fc.tuple(fc.constantFrom('0', '1'), fc.constantFrom<number>(0, 1, 2, 3), rangeArg, rangeArg, fc.constantFrom('BIT', 'BYTE')).map(([bit, n, s, e, u]) => ['BITPOS', 'b', bit, ...[s, e, u].slice(0, n)]),
  fc.tuple(fc.integer({ min: 0, max: 400 }), fc.constantFrom('0', '1')).map(([o, v]) => ['SETBIT', 'b', String(o), v]),
  fc.integer({ min: 0, max: 400 }).map((o) => ['GETBIT', 'b', String(o)]),
  fc.array(bitfieldOp, { minLength: 1, maxLength: 4 }).map((ops) => ['BITFIELD', 'b', ...ops.flat()]),
  fc.tuple(fc.constantFrom('AND', 'OR', 'XOR'), fc.array(fc.constantFrom('b', 'b2', 'nokey'), { minLength: 1, maxLength: 3 })).map(([op, ks]) => ['BITOP', op, 'd', ...ks]),
  fc.constantFrom<string[]>(['BITOP', 'NOT', 'd', 'b'], ['GET', 'b'], ['GET', 'd'], ['STRLEN', 'd'], ['COPY', 'd', 'b2', 'REPLACE'], ['SETRANGE', 'b2', '3', 'xyz']),
  fc.tuple(byteString(30), byteString(30), fc.constantFrom<string[]>([], ['LEN'], ['IDX'], ['IDX', 'WITHMATCHLEN'], ['IDX', 'MINMATCHLEN', '2', 'WITHMATCHLEN'])).map(([a, b, o]) => ['LCS', 'b', 'b2', ...o, '__SET__', a, b]),
);

test('random bitmap/LCS sequences over binary values: identical raw replies', { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(bitCommand, { minLength: 1, maxLength: 20 }), async (raw) => {
      // LCS steps carry the two values to compare: expand them into SETs first.
      const cmds: string[][] = [];
      for (const c of raw) {
        const i = c.indexOf('__SET__');
        if (i < 0) cmds.push(c);
        else cmds.push(['SET', 'b', c[i + 1]], ['SET', 'b2', c[i + 2]], c.slice(0, i));
      }
      for (const resp of [2, 3]) {
        const [a, b] = await pair.run(cmds, resp);
        for (let i = 0; i < cmds.length; i++) assert.equal(b[i], a[i], 'RESP' + resp + ' reply to ' + JSON.stringify(cmds[i]) + ' (command #' + i + ')');
      }
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: false },
  );
});
