/**
 * Cross-compatibility with real Redis files: redis-server 7.0.15 writes a dump.rdb that
 * Cinder loads, Cinder writes files redis-server loads, and redis-check-rdb validates them;
 * keyspaces are compared key by key (type, contents, TTL) over the wire.
 *
 * Version note: redis-server 7.0.15 writes and reads RDB version 10; Cinder writes version
 * 11 like Redis 7.2. 7.0.15 refuses version 11 ("Can't handle RDB format version 11"), so the
 * "redis-server loads Cinder's file" direction uses Cinder's version-10 mode
 * (`server.persistence.rdbVersion = 10`): for everything Cinder writes the two versions are
 * byte-identical except sets in the 7.2-only listpack encoding, which version 10 writes as
 * RDB_TYPE_SET (RDB_TYPE_SET_LISTPACK = 20 is what 7.2 added with the version bump).
 */
import { repoRoot, cinderServerArgs } from '../helpers/oracle.js';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { startServer, type CinderServer } from '../../src/index.js';
import { Conn, tempDir, describeKeyspace, startRedisOn, populateCommands } from './helpers.js';

const LIB = "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return args[1] end)";

let cinders: CinderServer[] = [];
after(async () => {
  for (const c of cinders) await c.close();
});

async function cinderOn(dir: string, extra: Record<string, string> = {}): Promise<CinderServer> {
  const s = await startServer({ config: { dir, ...extra } });
  cinders.push(s);
  return s;
}

async function populate(c: Conn): Promise<void> {
  for (const cmd of populateCommands()) {
    const r = await c.cmd(...cmd);
    assert.ok(!(r instanceof Error) && !(typeof r === 'object' && r !== null && 'message' in r), 'command failed: ' + cmd.join(' ') + ' -> ' + JSON.stringify(r));
  }
}

test('redis-server 7.0.15 SAVE -> Cinder loads: every key, type, value and TTL equal', async () => {
  const dir = tempDir('r2c');
  const redis = await startRedisOn(dir, ['--save', '']);
  const rc = await Conn.open(redis.port);
  await populate(rc);
  await rc.cmd('FUNCTION', 'LOAD', LIB);
  assert.equal(await rc.cmd('SAVE'), 'OK');
  const expected = await describeKeyspace(rc);
  rc.close();
  await redis.stop();

  const cin = await cinderOn(dir);
  const r = cin.server.persistence.loadFileSync();
  assert.equal(r.error, null);
  const cc = await Conn.open(cin.port);
  const got = await describeKeyspace(cc);
  assert.deepEqual(got, expected);
  // Encodings as Redis 7.2 rebuilds them on load.
  assert.equal(await cc.cmd('OBJECT', 'ENCODING', 'set:small'), 'listpack', '7.2 loads a small RDB_TYPE_SET as listpack');
  assert.equal(await cc.cmd('OBJECT', 'ENCODING', 'set:intset'), 'intset');
  assert.equal(await cc.cmd('OBJECT', 'ENCODING', 'set:big'), 'hashtable');
  assert.equal(await cc.cmd('OBJECT', 'ENCODING', 'list:small'), 'listpack', '7.2 converts a one-node quicklist to listpack on load');
  assert.equal(await cc.cmd('OBJECT', 'ENCODING', 'list:big'), 'quicklist');
  assert.equal(await cc.cmd('OBJECT', 'ENCODING', 'hash:small'), 'listpack');
  assert.equal(await cc.cmd('OBJECT', 'ENCODING', 'hash:many'), 'hashtable');
  assert.equal(await cc.cmd('OBJECT', 'ENCODING', 'zset:small'), 'listpack');
  assert.equal(await cc.cmd('OBJECT', 'ENCODING', 'zset:big'), 'skiplist');
  assert.equal(await cc.cmd('OBJECT', 'ENCODING', 'zset:longmember'), 'skiplist');
  cc.close();
  // The function library record is read (kept for the FUNCTION module / the next save).
  const p = cin.server.persistence;
  const libs = p.functionsProvider !== null ? p.functionsProvider.libraries() : p.functionLibraries;
  assert.deepEqual(libs, [LIB]);
});

test('Cinder SAVE (version-10 mode) -> redis-server 7.0.15 loads it: keyspaces equal; redis-check-rdb OK', async () => {
  const dir = tempDir('c2r');
  const cin = await cinderOn(dir);
  cin.server.persistence.rdbVersion = 10;
  const cc = await Conn.open(cin.port);
  await populate(cc);
  const fl = await cc.cmd('FUNCTION', 'LOAD', LIB);
  if (fl !== 'mylib') cin.server.persistence.functionLibraries = [LIB]; // no FUNCTION module yet
  const expected = await describeKeyspace(cc);
  assert.equal(await cc.cmd('SAVE'), 'OK');
  cc.close();
  const file = path.join(dir, 'dump.rdb');
  const check = spawnSync('redis-check-rdb', [file], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /RDB looks OK!/);

  const redis = await startRedisOn(dir, ['--save', '']);
  assert.match(redis.log(), /DB loaded from disk/);
  const rc = await Conn.open(redis.port);
  const got = await describeKeyspace(rc);
  assert.deepEqual(got, expected);
  const list = (await rc.cmd('FUNCTION', 'LIST')) as unknown[];
  assert.equal(list.length, 1, 'the function library loads in redis-server');
  assert.equal(await rc.cmd('FCALL', 'myfunc', 0, 'hi'), 'hi');
  rc.close();
  await redis.stop();
});

test('Cinder SAVE (version 11): Cinder reloads it with the same encodings; redis-check-rdb 7.0.15 refuses the version', async () => {
  const dir = tempDir('c2c');
  const a = await cinderOn(dir);
  const ca = await Conn.open(a.port);
  await populate(ca);
  const expected = await describeKeyspace(ca);
  const encodings: Record<string, unknown> = {};
  for (const k of (await ca.cmd('KEYS', '*')) as string[]) encodings[k] = await ca.cmd('OBJECT', 'ENCODING', k);
  assert.equal(await ca.cmd('SAVE'), 'OK');
  ca.close();
  const file = path.join(dir, 'dump.rdb');
  assert.equal(fs.readFileSync(file).subarray(0, 9).toString('latin1'), 'REDIS0011');
  const check = spawnSync('redis-check-rdb', [file], { encoding: 'utf8' });
  assert.notEqual(check.status, 0);
  assert.match(check.stdout + check.stderr, /Can't handle RDB format version 11/);

  const b = await cinderOn(dir);
  assert.equal(b.server.persistence.loadFileSync().error, null);
  const cb = await Conn.open(b.port);
  assert.deepEqual(await describeKeyspace(cb), expected);
  for (const k of Object.keys(encodings)) assert.equal(await cb.cmd('OBJECT', 'ENCODING', k), encodings[k], k);
  cb.close();
});

test('loading skips keys whose TTL passed, and counts them', async () => {
  const dir = tempDir('exp');
  const a = await cinderOn(dir);
  a.call('SET', 'gone', 'x', 'PX', 30);
  a.call('SET', 'kept', 'y');
  assert.equal(a.call('SAVE'), 'OK');
  await new Promise((r) => setTimeout(r, 60));
  const b = await cinderOn(dir);
  assert.equal(b.server.persistence.loadFileSync().error, null);
  assert.equal(b.call('EXISTS', 'gone'), 0);
  assert.equal(b.call('GET', 'kept'), 'y');
  const info = b.call('INFO', 'persistence') as string;
  assert.match(info, /rdb_last_load_keys_expired:1\r\n/);
  assert.match(info, /rdb_last_load_keys_loaded:1\r\n/);
});

test('rdbchecksum no writes 8 zero bytes; rdbcompression no stores strings verbatim; both load', async () => {
  const dir = tempDir('opts');
  const a = await cinderOn(dir, { rdbchecksum: 'no', rdbcompression: 'no' });
  a.call('SET', 'k', 'abc'.repeat(100));
  assert.equal(a.call('SAVE'), 'OK');
  const buf = fs.readFileSync(path.join(dir, 'dump.rdb'));
  assert.deepEqual([...buf.subarray(buf.length - 8)], [0, 0, 0, 0, 0, 0, 0, 0]);
  assert.ok(buf.includes(Buffer.from('abc'.repeat(100))), 'the value is stored uncompressed');
  const b = await cinderOn(dir);
  assert.equal(b.server.persistence.loadFileSync().error, null);
  assert.equal(b.call('GET', 'k'), 'abc'.repeat(100));
  // redis-server 7.0.15 too (in version-10 mode) accepts a file without checksum.
  a.server.persistence.rdbVersion = 10;
  assert.equal(a.call('SAVE'), 'OK');
  const redis = await startRedisOn(dir, ['--save', '']);
  const rc = await Conn.open(redis.port);
  assert.equal(await rc.cmd('GET', 'k'), 'abc'.repeat(100));
  rc.close();
  await redis.stop();
});

test('a corrupt or truncated file is refused with a clear error and left untouched', async () => {
  const dir = tempDir('bad');
  const a = await cinderOn(dir);
  for (let i = 0; i < 100; i++) a.call('SET', 'key' + i, 'value' + i);
  assert.equal(a.call('SAVE'), 'OK');
  const file = path.join(dir, 'dump.rdb');
  const good = fs.readFileSync(file);
  // flipped byte -> checksum error
  const flipped = Buffer.from(good);
  flipped[200] ^= 0x40;
  fs.writeFileSync(file, flipped);
  const b = await cinderOn(dir);
  let r = b.server.persistence.loadFileSync();
  assert.equal(r.ok, false);
  assert.match(r.error!, /Wrong RDB checksum|Unknown|integrity|Short read/);
  // (a failed load may leave the keys read so far, as Redis's rdbLoad does; start clean)
  b.call('FLUSHALL');
  // truncated -> short read
  fs.writeFileSync(file, good.subarray(0, good.length - 20));
  r = b.server.persistence.loadFileSync();
  assert.equal(r.ok, false);
  assert.match(r.error!, /Short read/);
  b.call('FLUSHALL');
  // bad version
  const v = Buffer.from(good);
  v.write('0012', 5, 'latin1');
  fs.writeFileSync(file, v);
  r = b.server.persistence.loadFileSync();
  assert.match(r.error!, /Can't handle RDB format version 12/);
  b.call('FLUSHALL');
  // unknown type byte
  const t = Buffer.from(good);
  const idx = t.indexOf(Buffer.from([0x00, 0x05, 0x6b, 0x65, 0x79])); // type 0, key "key.."
  t[idx] = 0x30;
  fs.writeFileSync(file, t);
  r = b.server.persistence.loadFileSync();
  assert.match(r.error!, /Unknown RDB value type or opcode 48/);
  assert.deepEqual(fs.readFileSync(file), t, 'the file is never rewritten by a failed load');
});

test('the standalone server refuses to start on a corrupt file and does not overwrite it', () => {
  const dir = tempDir('startbad');
  const file = path.join(dir, 'dump.rdb');
  fs.writeFileSync(file, Buffer.from('REDIS0011\xfa\x09redis-ver\x057.2.4\xfe\x00\xfb\x02\x00\x00\x03k', 'latin1'));
  const before = fs.readFileSync(file);
  const res = spawnSync(process.execPath, [...cinderServerArgs(), '--port', '0', '--dir', dir, '--save', '60 1'], { encoding: 'utf8', timeout: 20000, cwd: repoRoot() });
  assert.equal(res.status, 1, res.stdout + res.stderr);
  assert.match(res.stdout, /Short read or OOM loading DB/);
  assert.match(res.stdout, /Fatal error loading the DB/);
  assert.deepEqual(fs.readFileSync(file), before);
});

void execFileSync;
