/**
 * Unit tests of the load fast paths (issue 6): the word-at-a-time CRC-64 on every alignment,
 * the reader's reusable LZF scratch buffer, the short-string cache behind listpack decoding,
 * the zset listpack decoder that yields numbers, exact-size decoded arrays, and the two
 * keyspace additions the loader uses (Dict.add, ListObject.fromNodes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Crc64, crc64 } from '../../src/persistence/rdb/crc64.js';
import { ListpackBuilder, decodeListpack, decodeListpackZset, zsetScores, decodeIntset, encodeIntset, shortString, intString } from '../../src/persistence/rdb/listpack.js';
import { RdbWriter } from '../../src/persistence/rdb/writer.js';
import { RdbReader } from '../../src/persistence/rdb/reader.js';
import { Dict } from '../../src/keyspace/dict.js';
import { ListObject } from '../../src/keyspace/quicklist.js';

/** Bit-by-bit CRC-64 (Jones, reflected), the reference. */
function crcRef(b: Uint8Array, s: number, e: number): bigint {
  let r = 0n;
  for (let i = s; i < e; i++) {
    r ^= BigInt(b[i]);
    for (let k = 0; k < 8; k++) r = r & 1n ? (r >> 1n) ^ 0x95ac9329ac4bc9b5n : r >> 1n;
  }
  return r;
}

test('CRC-64: word path equals the bitwise reference at every alignment and length', () => {
  const data = Buffer.alloc(700);
  for (let i = 0; i < data.length; i++) data[i] = (i * 131 + 17) & 255;
  for (let s = 0; s < 9; s++) {
    for (const len of [0, 1, 7, 8, 63, 64, 65, 100, 511, 600]) {
      if (s + len > data.length) continue;
      assert.equal(crc64(data, s, s + len), crcRef(data, s, s + len), 'start ' + s + ' len ' + len);
      // A view whose byteOffset is odd, so the aligned reads start mid-buffer.
      const view = data.subarray(s);
      assert.equal(crc64(view, 0, len), crcRef(data, s, s + len));
    }
  }
  // Chunked updates across word boundaries give the same digest.
  const c = new Crc64();
  for (let p = 0; p < data.length; p += 97) c.update(data, p, Math.min(p + 97, data.length));
  assert.equal(c.digest(), crcRef(data, 0, data.length));
});

test('reader: compressed strings decode through the scratch buffer without aliasing', () => {
  const w = new RdbWriter(true, 256);
  const a = 'abcabcabcabcabcabcabcabcabcabc-first';
  const b = 'xyzxyzxyzxyzxyzxyzxyzxyzxyzxyzxyzxyz-second-longer-than-the-first';
  const big = 'q'.repeat(3 << 20); // beyond the scratch limit: a fresh buffer
  w.writeString(a);
  w.writeString(b);
  w.writeString(a);
  w.writeString(big);
  const buf = w.take();
  const r = new RdbReader(buf);
  const s1 = r.readString();
  const s2 = r.readString();
  const s3 = r.readString();
  const s4 = r.readString();
  assert.equal(s1, a);
  assert.equal(s2, b);
  assert.equal(s3, a);
  assert.equal(s4, big);
  assert.equal(r.pos, buf.length);
  // readStringBytes hands out a buffer the next read does not overwrite.
  const r2 = new RdbReader(buf);
  const [b1, st1, e1] = r2.readStringBytes();
  const copy = Buffer.from(b1.subarray(st1, e1));
  r2.readStringBytes();
  assert.deepEqual(Buffer.from(b1.subarray(st1, e1)), copy);
  assert.equal(copy.toString('latin1'), a);
  // Short strings: the fast path and a read past the end.
  const w2 = new RdbWriter(false, 64);
  w2.writeString('hello');
  const short = w2.take();
  assert.equal(new RdbReader(short).readString(), 'hello');
  assert.throws(() => new RdbReader(short.subarray(0, 3)).readString(), /Short read/);
});

test('short-string cache: equal bytes share a string, different bytes never collide', () => {
  const enc = (s: string): Buffer => Buffer.from(s, 'latin1');
  const x = enc('..name..');
  assert.equal(shortString(x, 2, 4), 'name');
  const y = enc('name');
  assert.equal(shortString(y, 0, 4), 'name');
  assert.equal(shortString(enc(''), 0, 0), '');
  assert.equal(shortString(enc('\u00ff'), 0, 1), '\u00ff');
  // Many distinct strings through the 8192-slot table: every answer matches its bytes.
  const words: string[] = [];
  for (let i = 0; i < 30000; i++) words.push('w' + i.toString(36) + (i % 7 === 0 ? '\u00e9' : ''));
  for (let round = 0; round < 2; round++) {
    for (const wd of words) assert.equal(shortString(enc('#' + wd), 1, wd.length), wd);
  }
  const long = 'L'.repeat(100);
  assert.equal(shortString(enc(long), 0, 100), long);
  for (const v of [0, 1, 9, 1023, 1024, -1, 123456789]) assert.equal(intString(v), String(v));
});

test('listpack decoders: same entries as encoded, arrays of exact length', () => {
  const lp = new ListpackBuilder();
  const items = ['a', '1', '-5', 'hello world', '4096', '2147483648', '-9223372036854775808', 'x'.repeat(300), '', '007', '3.5'];
  lp.begin();
  for (const it of items) lp.appendString(it);
  const n = lp.finish();
  const out = decodeListpack(lp.buf, 0, n);
  assert.deepEqual(out, items);
  // A second decode does not disturb the first result (the decoder's scratch is copied out).
  lp.begin();
  lp.appendString('other');
  const n2 = lp.finish();
  assert.deepEqual(decodeListpack(lp.buf, 0, n2), ['other']);
  assert.deepEqual(out, items);
  // Zset form: scores come back as numbers, from integer and string entries alike.
  lp.begin();
  const pairs: Array<[string, number, string]> = [
    ['a', 1, '1'],
    ['b', 2.5, '2.5'],
    ['c', -7, '-7'],
    ['d', 4611686018427387904, '4611686018427387904'],
    ['e', Infinity, 'inf'],
    ['f', 1e300, '1e+300'],
  ];
  for (const [e, , text] of pairs) {
    lp.appendString(e);
    lp.appendString(text);
  }
  const n3 = lp.finish();
  const eles = decodeListpackZset(lp.buf, 0, n3, (s) => (s === 'inf' ? Infinity : Number(s)));
  assert.deepEqual(eles, pairs.map((p) => p[0]));
  assert.deepEqual(zsetScores, pairs.map((p) => p[1]));
  // Intsets of each width.
  for (const ms of [['-3', '5', '700'], ['-70000', '1', '65536'], ['-9223372036854775808', '0', '9223372036854775807']]) {
    const b = encodeIntset(ms);
    assert.deepEqual(decodeIntset(b, 0, b.length), ms);
  }
});

test('Dict.add adds new keys once and leaves a present key untouched', () => {
  const d = new Dict<string>(true);
  assert.equal(d.add('a', '1'), 0);
  assert.equal(d.add('b', '2'), 1);
  for (let i = 0; i < 100; i++) assert.equal(d.add('k' + i, 'v' + i), i + 2);
  assert.equal(d.add('a', 'other'), -1);
  assert.equal(d.get('a'), '1');
  assert.equal(d.slotOf('a'), 0);
  assert.equal(d.size, 102);
  assert.ok(d.lru!.length >= 102);
  assert.ok(d.delete('a'));
  assert.equal(d.get('a'), undefined);
  assert.equal(d.add('a', '3'), 101);
  assert.equal(d.get('a'), '3');
  assert.equal(d.get('k99'), 'v99');
});

test('ListObject.fromNodes matches createQuicklist + appendListpackNode + tryConversionAuto', () => {
  const cases: Array<[string[][], number]> = [
    [[['a', 'b', '3']], -2],
    [[['a'], [], ['b', 'c']], -2],
    [[Array.from({ length: 200 }, (_, i) => 'e' + i)], -2],
    [[['x'.repeat(9000)], ['y']], -2],
    [[['1', '2', '3', '4', '5', '6']], 4],
    [[['1', '2']], 4],
  ];
  for (const [nodes, fill] of cases) {
    const a = ListObject.fromNodes(nodes.map((n) => n.slice()), fill);
    const b = ListObject.createQuicklist();
    for (const n of nodes) b.appendListpackNode(n);
    b.tryConversionAuto(fill);
    assert.equal(a.encoding(), b.encoding());
    assert.equal(a.count, b.count);
    assert.equal(a.nodes, b.nodes);
    assert.deepEqual(a.toArray(), b.toArray());
    const sizes = (l: ListObject): number[] => {
      const out: number[] = [];
      for (let n = l.count > 0 ? l.head : null; n !== null; n = n.next) out.push(n.sz);
      return out;
    };
    assert.deepEqual(sizes(a), sizes(b));
  }
});
