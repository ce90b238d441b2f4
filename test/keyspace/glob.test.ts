/**
 * The glob matcher (src/util/glob.ts) against real Redis: for many hand-written and random
 * patterns, the keys our `stringmatchlen` selects must be exactly the keys the real
 * server's KEYS returns. `nocase` is compared with the real CONFIG GET and COMMAND LIST
 * FILTERBY PATTERN, which match case-insensitively (the latter also with bytes >= 0x80).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startOracle, RawClient, encodeCommand, type Oracle } from '../helpers/oracle.js';
import { stringmatchlen } from '../../src/util/glob.js';

let oracle: Oracle;
let cl: RawClient;

/** Parses a flat RESP2 array of bulk strings. */
function parseArray(raw: string): string[] {
  const out: string[] = [];
  let p = raw.indexOf('\r\n') + 2;
  const n = parseInt(raw.slice(1), 10);
  for (let i = 0; i < n; i++) {
    const eol = raw.indexOf('\r\n', p);
    const len = parseInt(raw.slice(p + 1, eol), 10);
    out.push(raw.slice(eol + 2, eol + 2 + len));
    p = eol + 2 + len + 2;
  }
  return out;
}

const KEYS = [
  '', 'a', 'b', 'A', 'ab', 'abc', 'abd', 'aXc', 'a*c', 'a?c', 'a[c', 'a]c', 'a\\c', 'a-c', 'a^c', '*', '?', '[', ']', '\\', '-', '^',
  'hello', 'hallo', 'hxllo', 'hllo', 'heeello', 'Hello', 'HELLO', 'foo:bar:baz', 'foo::', ':', 'x y', 'x\ty', 'a\x00b', '\x00',
  'caf\xe9', '\xff', '\x80', '\x7f', '\xfe\xff', 'a\xffc', 'zz', 'z', '0', '09', '9', 'user:1', 'user:10', 'user:100', 'aaaaaaaaaa',
  'abababab', 'mississippi',
];

before(async () => {
  oracle = await startOracle();
  cl = await RawClient.connect(oracle.port);
  await cl.send('FLUSHALL');
  let pipe = '';
  for (const k of KEYS) pipe += encodeCommand(['SET', k, '1']);
  cl.write(pipe);
  for (let i = 0; i < KEYS.length; i++) await cl.readReply();
});

after(async () => {
  cl.close();
  await oracle.stop();
});

async function redisKeys(pattern: string): Promise<string[]> {
  return parseArray(await cl.send('KEYS', pattern)).sort();
}

function ourKeys(pattern: string): string[] {
  // KEYS special-cases the exact pattern "*" (db.c keysCommand).
  return KEYS.filter((k) => pattern === '*' || stringmatchlen(pattern, k, false)).sort();
}

const HAND_PATTERNS = [
  '*', '**', '***', '?', '??', '???', '', 'a', 'a*', '*c', 'a*c', 'a?c', 'a??', '*a*', '*?', '?*', 'h?llo', 'h*llo', 'h[ae]llo', 'h[^e]llo',
  'h[a-b]llo', 'h[b-a]llo', 'h[a-]llo', 'h[-a]llo', 'h[]llo', '[', '[a', '[a-', '[a-z', '[^', '[^a', '[]', '[]]', '[\\]]', '[\\', 'a[\\]]c',
  'a\\*c', 'a\\?c', 'a\\[c', 'a\\\\c', '\\', '\\\\', 'a\\', '*\\', '\\a', '[*]', '[?]', '[\\-]', '[a\\-c]*', '[!a]*', '[^a-z]', '[^a-z]*',
  '[A-Z]*', '[a-Z]*', '[Z-a]*', '[\x80-\xff]', '[\x00-\x7f]', '[a-\xff]*', '[\xff-a]*', '[^\x80-\xff]*', '*\xff', '\xff*', 'caf?', 'caf[\xe0-\xef]',
  '[\xe9]*', '*[\xe9]', 'a?b', 'a\x00b', '*\x00*', 'x?y', 'x[ \t]y', 'foo:*', 'foo:*:*', '*:*', 'user:?', 'user:??*', 'user:[0-9]', 'user:[0-9][0-9]',
  '[0-9]', '[0-9]*', '0?', 'a*a*a*', 'a*b*a*b*', 'm*ss*pp*', 'm*i*i*i*i', '*ss*ss*', 'a**c', 'a*?c', 'a?*c', '[[]', '[]-a]*', '[a-a]', '[^]', '[^]]*',
  'a[^c', 'a[^', 'h[e-e]*', '[z-z]*', '[^^]', '[-]', '[a-c-e]*', 'a-c', 'a[-]c', '^*', '[\\^]*',
];

test('hand-written patterns select the same keys as Redis KEYS', async () => {
  for (const p of HAND_PATTERNS) {
    assert.deepEqual(ourKeys(p), await redisKeys(p), 'pattern ' + JSON.stringify(p));
  }
});

test('random patterns select the same keys as Redis KEYS', async () => {
  const alphabet = ['*', '?', '[', ']', '^', '-', '\\', 'a', 'b', 'c', 'h', 'l', 'o', 'e', 'A', ':', '0', '9', '\xff', '\x80', '\xe9', ' ', '\x00', 's', 'i', 'p'];
  const samples = fc.sample(fc.array(fc.constantFrom(...alphabet), { maxLength: 10 }).map((a) => a.join('')), { numRuns: 1500, seed: 4242 });
  // Pipeline the KEYS calls to keep the test fast.
  const BATCH = 100;
  for (let i = 0; i < samples.length; i += BATCH) {
    const batch = samples.slice(i, i + BATCH);
    cl.write(batch.map((p) => encodeCommand(['KEYS', p])).join(''));
    for (const p of batch) {
      const theirs = parseArray(await cl.readReply()).sort();
      assert.deepEqual(ourKeys(p), theirs, 'pattern ' + JSON.stringify(p));
    }
  }
});

test('the nesting limit: more than 1000 nested stars never match', async () => {
  const o = await RawClient.connect(oracle.port);
  await o.send('SELECT', '5');
  await o.send('FLUSHDB');
  const s1000 = 'a'.repeat(1000);
  const s1001 = 'a'.repeat(1001);
  await o.send('SET', s1000, '1');
  await o.send('SET', s1001, '1');
  for (const n of [999, 1000, 1001, 1002]) {
    const pattern = '*a'.repeat(n);
    const theirs = parseArray(await o.send('KEYS', pattern)).sort();
    const ours = [s1000, s1001].filter((k) => stringmatchlen(pattern, k)).sort();
    assert.deepEqual(ours.map((k) => k.length), theirs.map((k) => k.length), 'stars ' + n);
  }
  await o.send('FLUSHDB');
  o.close();
});

test('pathological patterns stay fast (skipLongerMatches)', () => {
  const t0 = Date.now();
  assert.equal(stringmatchlen('a*'.repeat(30) + 'b', 'a'.repeat(60)), false);
  assert.equal(stringmatchlen('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(10000)), false);
  assert.ok(Date.now() - t0 < 500);
});

test('nocase matches like CONFIG GET on the real server', async () => {
  const all = parseArray(await cl.send('CONFIG', 'GET', '*'));
  const names = all.filter((_, i) => i % 2 === 0);
  const patterns = ['MAXMEMORY*', 'Max*Policy', '*-SIZE', 'hz', 'HZ', 'l?a*', 'LFU-[A-Z]*', 'lfu-[L-L]*', '*[^a-z-]*', '[M-N]*', 'Save', '*TIMEOUT', 'zset-max-*-ENTRIES'];
  for (const p of patterns) {
    const theirs = parseArray(await cl.send('CONFIG', 'GET', p)).filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()).sort();
    const ours = names.filter((n) => stringmatchlen(p, n, true)).sort();
    assert.deepEqual(ours, theirs, 'pattern ' + p);
  }
});

test('nocase with bytes >= 0x80 matches COMMAND LIST FILTERBY PATTERN (a nocase match) on the real server', async () => {
  // glibc's tolower maps a negative char to its unsigned value, except -1 (0xff, EOF).
  const all = parseArray(await cl.send('COMMAND', 'LIST'));
  const patterns = ['[\xff-a]*', '[a-\xff]*', '[\xfe-a]*', '[a-\xfe]*', '[\x80-b]*', '[b-\x80]*', '[\xff-b]cl', '[\xe0-\xff]*', '*[\x80-\xff]', '[^\x80-\xff]*', 'ACL*', '[A-B]*', '[^a-Z]*', '[\xe9]*'];
  for (const p of patterns) {
    const theirs = parseArray(await cl.send('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', p)).sort();
    const ours = all.filter((n) => stringmatchlen(p, n, true)).sort();
    assert.deepEqual(ours, theirs, 'pattern ' + JSON.stringify(p));
  }
});

test('nocase details', () => {
  assert.equal(stringmatchlen('HELLO', 'hello', true), true);
  assert.equal(stringmatchlen('HELLO', 'hello', false), false);
  assert.equal(stringmatchlen('[A-C]x', 'bx', true), true);
  assert.equal(stringmatchlen('\xc9', '\xe9', true), false);
  assert.equal(stringmatchlen('[\xe9]', '\xe9', true), true);
  // Case-sensitive: [a-\xff] is the signed range -1..97 after the swap.
  assert.equal(stringmatchlen('[a-\xff]', '\xff', false), true);
  assert.equal(stringmatchlen('[a-\xff]', 'b', false), false);
  assert.equal(stringmatchlen('[a-\xff]', 'A', false), true);
  // nocase: [\x80-b] becomes 128..98 after tolower, an empty range.
  assert.equal(stringmatchlen('[\x80-b]', 'a', true), false);
  assert.equal(stringmatchlen('[\x80-b]', 'a', false), true);
});

test('random nocase patterns match like COMMAND LIST FILTERBY PATTERN', async () => {
  const all = parseArray(await cl.send('COMMAND', 'LIST'));
  const alphabet = ['*', '?', '[', ']', '^', '-', '\\', 'a', 'c', 'l', 'S', 'E', 'T', 'x', 'Z', '|', '\xff', '\xfe', '\x80', '\xc9', 'g', 'e'];
  const samples = fc.sample(fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 8 }).map((a) => a.join('')), { numRuns: 600, seed: 7 });
  const BATCH = 100;
  for (let i = 0; i < samples.length; i += BATCH) {
    const batch = samples.slice(i, i + BATCH);
    cl.write(batch.map((p) => encodeCommand(['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', p])).join(''));
    for (const p of batch) {
      const theirs = parseArray(await cl.readReply()).sort();
      assert.deepEqual(all.filter((n) => stringmatchlen(p, n, true)).sort(), theirs, 'pattern ' + JSON.stringify(p));
    }
  }
});
