/**
 * Unit tests of the RDB format layer: CRC-64 (Redis crc64.c test vector), LZF (round trips,
 * corrupt input), listpack / intset byte layouts (listpack.c, intset.c), and loading of the
 * older encodings Redis still reads (ziplist, zipmap, plain list, old-style zset doubles,
 * ziplist quicklist), module-value skipping and the errors for unsupported types, all through
 * RESTORE payloads built here.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { crc64, Crc64 } from '../../src/persistence/rdb/crc64.js';
import { LzfCompressor, lzfDecompress } from '../../src/persistence/rdb/lzf.js';
import { ListpackBuilder, decodeListpack, encodeIntset, decodeIntset, decodeZiplist, decodeZipmap } from '../../src/persistence/rdb/listpack.js';
import { RdbWriter } from '../../src/persistence/rdb/writer.js';
import { RdbReader } from '../../src/persistence/rdb/reader.js';
import { moduleTypeNameByID } from '../../src/persistence/rdb/objects.js';
import { startServer, type CinderServer } from '../../src/index.js';

let cinder: CinderServer | null = null;
after(async () => {
  if (cinder !== null) await cinder.close();
});

test('CRC-64 Jones: Redis crc64.c test vector and chunked updates', () => {
  assert.equal(crc64(Buffer.from('123456789')), 0xe9c6d914c4b8d9can);
  const data = Buffer.alloc(1000);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + 7) & 255;
  // bitwise reference
  let ref = 0n;
  for (const x of data) {
    ref ^= BigInt(x);
    for (let k = 0; k < 8; k++) ref = ref & 1n ? (ref >> 1n) ^ 0x95ac9329ac4bc9b5n : ref >> 1n;
  }
  assert.equal(crc64(data), ref);
  const c = new Crc64();
  for (let p = 0; p < data.length; p += 13) c.update(data, p, Math.min(p + 13, data.length));
  assert.equal(c.digest(), ref);
});

test('LZF: compress/decompress round trips; incompressible input reports 0; corrupt input fails', () => {
  const lzf = new LzfCompressor();
  const inputs = [
    Buffer.from('a'.repeat(1000)),
    Buffer.from('hello hello hello hello hello world'),
    Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919) & 255)),
    Buffer.from('abcabcabcabcabcabcabcabcabc' + 'x'.repeat(300) + 'abcabc'),
  ];
  for (const inp of inputs) {
    const out = Buffer.alloc(inp.length + 64);
    const n = lzf.compress(inp, 0, inp.length, out, 0, out.length);
    assert.ok(n > 0);
    const back = Buffer.alloc(inp.length);
    assert.equal(lzfDecompress(out, 0, n, back, 0, back.length), inp.length);
    assert.deepEqual(back, inp);
  }
  const random = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 97 + 13) % 251));
  const out = Buffer.alloc(60);
  assert.equal(lzf.compress(random, 0, random.length, out, 0, 60), 0, 'does not fit in len-4');
  // back reference before the start of the output
  assert.equal(lzfDecompress(Buffer.from([0x20, 0x05]), 0, 2, Buffer.alloc(10), 0, 10), -1);
  // output larger than announced
  assert.equal(lzfDecompress(Buffer.from([0x03, 1, 2, 3, 4]), 0, 5, Buffer.alloc(2), 0, 2), -1);
});

test('listpack encoding: integer and string entry forms and backlens (listpack.c)', () => {
  const lp = new ListpackBuilder();
  lp.begin();
  lp.appendString('5'); // 7-bit uint
  lp.appendString('-1'); // 13-bit int
  lp.appendString('1000'); // 13-bit
  lp.appendString('-5000'); // 16-bit
  lp.appendString('100000'); // 24-bit
  lp.appendString('-100000000'); // 32-bit
  lp.appendString('9223372036854775807'); // 64-bit
  lp.appendString('ab'); // 6-bit str
  lp.appendString('x'.repeat(100)); // 12-bit str, 2-byte backlen
  lp.appendString('007'); // not canonical: string
  const n = lp.finish();
  const b = lp.buf.subarray(0, n);
  assert.equal(b.readUInt32LE(0), n);
  assert.equal(b.readUInt16LE(4), 10);
  assert.equal(b.subarray(6, 8).toString('hex'), '0501');
  assert.equal(b.subarray(8, 11).toString('hex'), 'dfff02'); // -1 as 13-bit: 0x1fff | 0xc000
  assert.equal(b.subarray(11, 14).toString('hex'), 'c3e802'); // 1000
  assert.equal(b.subarray(14, 18).toString('hex'), 'f178ec03'); // -5000 int16 LE
  assert.equal(b.subarray(18, 23).toString('hex'), 'f2a0860104'); // 100000 int24 LE
  assert.equal(b.subarray(23, 29).toString('hex'), 'f3001f0afa05'); // int32 LE
  assert.equal(b.subarray(29, 39).toString('hex'), 'f4ffffffffffffff7f09'); // int64 LE
  assert.equal(b.subarray(39, 43).toString('hex'), '82616203');
  assert.equal(b.subarray(43, 45).toString('hex'), 'e064'); // 12-bit string header, len 100
  assert.equal(b.subarray(145, 147).toString('hex'), '6683'); // backlen of 102 (<= 127: one byte), then "007" as a 6-bit string
  assert.deepEqual(decodeListpack(Buffer.from(b), 0, n), ['5', '-1', '1000', '-5000', '100000', '-100000000', '9223372036854775807', 'ab', 'x'.repeat(100), '007']);
  assert.throws(() => decodeListpack(Buffer.from(b.subarray(0, n - 1)), 0, n - 1));
});

test('listpack: 200-byte entries use a 2-byte backlen; 65535+ entries store the unknown count', () => {
  const lp = new ListpackBuilder();
  lp.begin();
  lp.appendString('y'.repeat(200));
  let n = lp.finish();
  // 2 header + 200 data = 202 > 127: backlen 202>>7=1, (202&127)|128 = 0xca
  assert.equal(lp.buf.subarray(n - 3, n - 1).toString('hex'), '01ca');
  lp.begin();
  for (let i = 0; i < 70000; i++) lp.appendString('1');
  n = lp.finish();
  assert.equal(lp.buf.readUInt16LE(4), 65535);
  assert.equal(decodeListpack(Buffer.from(lp.buf.subarray(0, n)), 0, n).length, 70000);
});

test('intset: narrowest encoding, sorted little-endian values (intset.c)', () => {
  assert.equal(encodeIntset(['-3', '1', '2']).toString('hex'), '02000000' + '03000000' + 'fdff' + '0100' + '0200');
  assert.equal(encodeIntset(['1', '70000']).toString('hex'), '04000000' + '02000000' + '01000000' + '70110100');
  const b = encodeIntset(['-1', '5000000000']);
  assert.equal(b.readUInt32LE(0), 8);
  assert.deepEqual(decodeIntset(b, 0, b.length), ['-1', '5000000000']);
  assert.throws(() => decodeIntset(Buffer.from('02000000020000000200010000', 'hex'), 0, 12), /not sorted|size/);
});

/** Builds a ziplist from entries (strings < 64 bytes or small ints). */
function ziplist(entries: Array<string | number>): Buffer {
  const parts: Buffer[] = [];
  let prevlen = 0;
  for (const e of entries) {
    let enc: Buffer;
    if (typeof e === 'string') enc = Buffer.concat([Buffer.from([e.length]), Buffer.from(e, 'latin1')]);
    else if (e >= 0 && e <= 12) enc = Buffer.from([0xf1 + e]);
    else if (e >= -128 && e <= 127) enc = Buffer.from([0xfe, e & 0xff]);
    else {
      enc = Buffer.alloc(3);
      enc[0] = 0xc0;
      enc.writeInt16LE(e, 1);
    }
    const entry = Buffer.concat([Buffer.from([prevlen]), enc]);
    prevlen = entry.length;
    parts.push(entry);
  }
  const body = Buffer.concat(parts);
  const out = Buffer.alloc(10 + body.length + 1);
  out.writeUInt32LE(out.length, 0);
  out.writeUInt32LE(10 + body.length - prevlen, 4);
  out.writeUInt16LE(entries.length, 8);
  body.copy(out, 10);
  out[out.length - 1] = 0xff;
  return out;
}

function zipmap(pairs: string[]): Buffer {
  const parts: number[] = [pairs.length / 2];
  for (let i = 0; i < pairs.length; i += 2) {
    parts.push(pairs[i].length, ...Buffer.from(pairs[i], 'latin1'));
    parts.push(pairs[i + 1].length, 0, ...Buffer.from(pairs[i + 1], 'latin1'));
  }
  parts.push(0xff);
  return Buffer.from(parts);
}

test('ziplist and zipmap decoders', () => {
  const z = ziplist(['a', 'bc', 5, -7, 300]);
  assert.deepEqual(decodeZiplist(z, 0, z.length), ['a', 'bc', '5', '-7', '300']);
  const m = zipmap(['f', 'v', 'name', 'redis']);
  assert.deepEqual(decodeZipmap(m, 0, m.length), ['f', 'v', 'name', 'redis']);
});

/** A RESTORE payload: type byte, body, version 11, CRC-64. */
function payload(type: number, body: (w: RdbWriter) => void): string {
  const w = new RdbWriter(false);
  w.writeByte(type);
  body(w);
  w.writeByte(11);
  w.writeByte(0);
  const b = w.take();
  const out = Buffer.alloc(b.length + 8);
  b.copy(out);
  out.writeBigUInt64LE(crc64(b), b.length);
  return out.toString('latin1');
}

function blob(w: RdbWriter, b: Buffer): void {
  w.writeLen(b.length);
  w.writeBytes(b, 0, b.length);
}

test('older encodings load through RESTORE with 7.2 conversions', async () => {
  cinder = await startServer({});
  const c = cinder;
  // RDB_TYPE_LIST (1): plain list
  assert.equal(c.call('RESTORE', 'l1', 0, payload(1, (w) => { w.writeLen(3); w.writeString('a'); w.writeString('12'); w.writeString('c'); })), 'OK');
  assert.deepEqual(c.call('LRANGE', 'l1', 0, -1), ['a', '12', 'c']);
  assert.equal(c.call('OBJECT', 'ENCODING', 'l1'), 'listpack');
  // RDB_TYPE_ZSET (3): old string doubles (253 nan / 254 inf / 255 -inf)
  assert.equal(c.call('RESTORE', 'z1', 0, payload(3, (w) => {
    w.writeLen(2);
    w.writeString('m1'); w.writeByte(3); w.writeBytes(Buffer.from('1.5'), 0, 3);
    w.writeString('m2'); w.writeByte(254);
  })), 'OK');
  assert.deepEqual(c.call('ZRANGE', 'z1', 0, -1, 'WITHSCORES'), ['m1', '1.5', 'm2', 'inf']);
  // RDB_TYPE_HASH_ZIPMAP (9)
  assert.equal(c.call('RESTORE', 'h1', 0, payload(9, (w) => blob(w, zipmap(['f', 'v', 'g', 'w'])))), 'OK');
  assert.deepEqual(c.call('HGETALL', 'h1'), ['f', 'v', 'g', 'w']);
  assert.equal(c.call('OBJECT', 'ENCODING', 'h1'), 'listpack');
  // RDB_TYPE_LIST_ZIPLIST (10)
  assert.equal(c.call('RESTORE', 'l2', 0, payload(10, (w) => blob(w, ziplist(['x', 3, 'y'])))), 'OK');
  assert.deepEqual(c.call('LRANGE', 'l2', 0, -1), ['x', '3', 'y']);
  // RDB_TYPE_ZSET_ZIPLIST (12)
  assert.equal(c.call('RESTORE', 'z2', 0, payload(12, (w) => blob(w, ziplist(['a', 1, 'b', '2.5'])))), 'OK');
  assert.deepEqual(c.call('ZRANGE', 'z2', 0, -1, 'WITHSCORES'), ['a', '1', 'b', '2.5']);
  // RDB_TYPE_HASH_ZIPLIST (13)
  assert.equal(c.call('RESTORE', 'h2', 0, payload(13, (w) => blob(w, ziplist(['f', 1, 'g', 'two'])))), 'OK');
  assert.deepEqual(c.call('HGETALL', 'h2'), ['f', '1', 'g', 'two']);
  // RDB_TYPE_LIST_QUICKLIST (14): nodes are ziplists
  assert.equal(c.call('RESTORE', 'l3', 0, payload(14, (w) => { w.writeLen(2); blob(w, ziplist(['a', 'b'])); blob(w, ziplist([1, 2])); })), 'OK');
  assert.deepEqual(c.call('LRANGE', 'l3', 0, -1), ['a', 'b', '1', '2']);
  // QUICKLIST_2 with a PLAIN node
  assert.equal(c.call('RESTORE', 'l4', 0, payload(18, (w) => { w.writeLen(1); w.writeLen(1); w.writeString('plain-element'); })), 'OK');
  assert.deepEqual(c.call('LRANGE', 'l4', 0, -1), ['plain-element']);
  // RDB_TYPE_SET (2) with strings -> listpack (7.2), ints -> intset
  assert.equal(c.call('RESTORE', 's1', 0, payload(2, (w) => { w.writeLen(2); w.writeString('5'); w.writeString('x'); })), 'OK');
  assert.equal(c.call('OBJECT', 'ENCODING', 's1'), 'listpack');
  assert.equal(c.call('RESTORE', 's2', 0, payload(2, (w) => { w.writeLen(2); w.writeString('5'); w.writeString('-3'); })), 'OK');
  assert.equal(c.call('OBJECT', 'ENCODING', 's2'), 'intset');
  assert.deepEqual(c.call('SMEMBERS', 's2'), ['-3', '5']);
  // duplicates and empty collections are "Bad data format"
  const dup = payload(2, (w) => { w.writeLen(2); w.writeString('a'); w.writeString('a'); });
  assert.deepEqual((c.call('RESTORE', 'bad1', 0, dup) as { message: string }).message, 'ERR Bad data format');
  const empty = payload(4, (w) => w.writeLen(0));
  assert.deepEqual((c.call('RESTORE', 'bad2', 0, empty) as { message: string }).message, 'ERR Bad data format');
  // streams are not supported yet, unknown types are refused
  assert.deepEqual((c.call('RESTORE', 'bad3', 0, payload(21, () => {})) as { message: string }).message, 'ERR Bad data format');
  assert.deepEqual((c.call('RESTORE', 'bad4', 0, payload(60, () => {})) as { message: string }).message, 'ERR Bad data format');
});

test('module ids decode to their type names; module values are skippable', () => {
  // "mytype-AB" with encver 3
  const cs = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let id = 0n;
  for (const ch of 'mytype-AB') id = (id << 6n) | BigInt(cs.indexOf(ch));
  id = (id << 10n) | 3n;
  assert.equal(moduleTypeNameByID(id), 'mytype-AB');
  const w = new RdbWriter(false);
  w.writeLen(2); w.writeLen(42); // UINT 42
  w.writeLen(5); w.writeString('blob'); // STRING
  w.writeLen(4); w.writeBinaryDouble(1.5); // DOUBLE
  w.writeLen(0); // EOF
  w.writeByte(0x77);
  const r = new RdbReader(w.take());
  // skipModuleValue is exercised via the loader; here check the reader primitives line up
  assert.equal(r.readLen(), 2);
});
