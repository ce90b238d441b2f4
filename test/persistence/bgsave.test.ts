/**
 * BGSAVE without fork: the file is a point-in-time image while clients keep writing
 * (key-level copy-on-write, DESIGN.md §7); BGSAVE/SAVE/LASTSAVE replies and INFO fields;
 * save points; SHUTDOWN saving; MISCONF after a failed background save; and the FLUSHALL
 * contract from spec/flushall.md (reset dirty, abort a BGSAVE, write an empty RDB).
 */
import { ReplyError } from '../../src/index.js';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, type CinderServer } from '../../src/index.js';
import { createDumpPayload } from '../../src/persistence/rdb/payload.js';
import type { RedisServer } from '../../src/server/server.js';
import { tempDir } from './helpers.js';

const servers: CinderServer[] = [];
after(async () => {
  for (const s of servers) await s.close();
});

async function cinderOn(dir: string, extra: Record<string, string | number> = {}): Promise<CinderServer> {
  const s = await startServer({ config: { dir, ...extra } });
  servers.push(s);
  return s;
}

function info(c: CinderServer, field: string): string {
  const m = new RegExp('\\r\\n' + field + ':([^\\r]*)\\r\\n').exec('\r\n' + (c.call('INFO', 'persistence') as string));
  return m === null ? '' : m[1];
}

async function waitBgsave(c: CinderServer, timeoutMs = 30000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (info(c, 'rdb_bgsave_in_progress') === '1') {
    if (Date.now() > end) throw new Error('BGSAVE did not finish');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Every key's DUMP payload and expire, by "db/key". */
function image(server: RedisServer): Map<string, string> {
  const m = new Map<string, string>();
  for (const db of server.db) {
    const d = db.dict;
    for (let i = 0; i < d.keys.length; i++) {
      const k = d.keys[i];
      m.set(db.id + '/' + k, createDumpPayload(d.vals[i], true) + '|' + String(db.getExpire(k)));
    }
  }
  return m;
}

function populate(c: CinderServer, n: number): void {
  for (let i = 0; i < n; i++) {
    const t = i % 6;
    const k = 'key:' + i;
    if (t === 0) c.call('SET', k, 'value-' + i);
    else if (t === 1) c.call('RPUSH', k, 'a' + i, 'b', String(i));
    else if (t === 2) c.call('HSET', k, 'f', String(i), 'g', 'x');
    else if (t === 3) c.call('SADD', k, String(i), String(i + 1));
    else if (t === 4) c.call('ZADD', k, String(i), 'm', '1.5', 'n');
    else c.call('SET', k, 'ttl-' + i, 'PX', 10000000 + i);
  }
}

test('BGSAVE under concurrent writes yields exactly the keyspace as it was when it started', async () => {
  const dir = tempDir('cons');
  const a = await cinderOn(dir);
  populate(a, 60000);
  a.call('SELECT', 1);
  for (let i = 0; i < 5000; i++) a.call('RPUSH', 'l:' + i, 'x', 'y');
  for (let i = 0; i < 200; i++) a.call('SET', 'e:' + i, 'v', 'PX', 5000000);
  a.call('SELECT', 0);
  a.call('RPUSH', 'biglist', ...Array.from({ length: 5000 }, (_, i) => 'e' + i));
  const expected = image(a.server);
  assert.equal(a.call('BGSAVE'), 'Background saving started');
  assert.equal(info(a, 'rdb_bgsave_in_progress'), '1');
  // Writes interleaved with the save's slices: in-place mutations of every collection type,
  // overwrites, deletes, TTL changes, renames, a db flushed and dbs swapped.
  let round = 0;
  let writes = 0;
  while (info(a, 'rdb_bgsave_in_progress') === '1') {
    for (let j = 0; j < 200; j++) {
      const i = (round * 997 + j * 131) % 60000;
      const k = 'key:' + i;
      const t = i % 6;
      if (t === 0) a.call('APPEND', k, '!');
      else if (t === 1) a.call('LPUSH', k, 'new');
      else if (t === 2) a.call('HSET', k, 'f', 'changed', 'h' + round, 'y');
      else if (t === 3) a.call('SREM', k, String(i));
      else if (t === 4) a.call('ZINCRBY', k, '10', 'm');
      else if ((j & 1) === 0) a.call('PERSIST', k);
      else a.call('PEXPIRE', k, 1);
      if (j % 50 === 0) a.call('DEL', 'key:' + ((i + 6) % 60000));
      if (j % 70 === 0) a.call('RENAME', 'key:' + ((i + 12) % 60000), 'renamed:' + round + ':' + j);
      a.call('SET', 'newkey:' + round + ':' + j, 'n');
      writes++;
    }
    a.call('RPUSH', 'biglist', 'more');
    a.call('LSET', 'biglist', 0, 'changed');
    if (round === 3) {
      a.call('SELECT', 1);
      a.call('FLUSHDB');
      a.call('SELECT', 0);
    }
    if (round === 5) a.call('SWAPDB', 0, 2);
    if (round === 6) a.call('SWAPDB', 0, 2);
    round++;
    await new Promise((r) => setImmediate(r));
  }
  assert.ok(round > 5, 'the save spanned several event-loop turns (' + round + ')');
  assert.equal(info(a, 'rdb_last_bgsave_status'), 'ok');
  assert.ok(writes > 1000);
  const b = await cinderOn(dir);
  // keep expired-at-save keys: compare the raw file image, so load without the expiry filter
  const r = b.server.persistence.loadFileSync();
  assert.equal(r.error, null);
  const got = image(b.server);
  // Keys whose TTL passed were skipped by the load; everything else must match exactly.
  const now = Date.now();
  for (const [k, v] of expected) {
    const exp = Number(v.slice(v.lastIndexOf('|') + 1));
    if (exp !== -1 && exp < now) continue;
    assert.equal(got.get(k), v, 'key ' + k);
  }
  for (const k of got.keys()) assert.ok(expected.has(k), 'unexpected key ' + k);
});

test('BGSAVE replies, LASTSAVE, INFO fields, BGSAVE SCHEDULE inside MULTI', async () => {
  const dir = tempDir('bgs');
  const a = await cinderOn(dir, { 'rdb-key-save-delay': 2000 });
  for (let i = 0; i < 50; i++) a.call('SET', 'k' + i, 'v');
  assert.equal(info(a, 'rdb_changes_since_last_save'), '50');
  const before = a.call('LASTSAVE') as number;
  assert.equal(a.call('BGSAVE'), 'Background saving started');
  assert.equal((a.call('BGSAVE') as { message: string }).message, 'ERR Background save already in progress');
  assert.equal((a.call('SAVE') as { message: string }).message, 'ERR Background save already in progress');
  assert.equal((a.call('BGSAVE', 'x') as { message: string }).message, 'ERR syntax error');
  assert.equal(info(a, 'rdb_bgsave_in_progress'), '1');
  assert.ok(Number(info(a, 'current_save_keys_total')) === 50);
  a.call('SET', 'during', 'x');
  await waitBgsave(a);
  assert.equal(info(a, 'rdb_last_bgsave_status'), 'ok');
  assert.equal(info(a, 'rdb_changes_since_last_save'), '1', 'writes during the save stay dirty');
  assert.ok((a.call('LASTSAVE') as number) >= before);
  assert.notEqual(info(a, 'rdb_last_bgsave_time_sec'), '-1');
  a.call('CONFIG', 'SET', 'rdb-key-save-delay', '0');
  a.call('MULTI');
  a.call('BGSAVE');
  assert.deepEqual(a.call('EXEC'), ['Background saving scheduled']);
  assert.equal(a.server.persistence.bgsaveScheduled, true);
  a.server.persistence.cron();
  assert.equal(a.server.persistence.bgsaveScheduled, false);
  await waitBgsave(a);
  assert.equal(a.call('SAVE'), 'OK');
  assert.equal(info(a, 'rdb_changes_since_last_save'), '0');
});

test('save points trigger a BGSAVE from the cron', async () => {
  const dir = tempDir('sp');
  const a = await cinderOn(dir, { save: '1 3' });
  a.server.lastSave = Math.floor(Date.now() / 1000) - 5;
  a.call('SET', 'a', '1');
  a.call('SET', 'b', '1');
  a.server.persistence.cron();
  assert.equal(info(a, 'rdb_bgsave_in_progress'), '0', '2 changes < 3');
  a.call('SET', 'c', '1');
  a.server.persistence.cron();
  await waitBgsave(a);
  assert.ok(fs.existsSync(path.join(dir, 'dump.rdb')));
  assert.equal(info(a, 'rdb_changes_since_last_save'), '0');
});

test('a failed BGSAVE sets rdb_last_bgsave_status:err and MISCONF text; stop-writes-on-bgsave-error no clears it', async () => {
  const dir = tempDir('fail');
  const a = await cinderOn(dir, { save: '3600 1' });
  a.call('SET', 'k', 'v');
  // Make the rename fail: dbfilename is a directory.
  fs.mkdirSync(path.join(dir, 'dump.rdb'));
  assert.equal(a.call('BGSAVE'), 'Background saving started');
  await waitBgsave(a);
  assert.equal(info(a, 'rdb_last_bgsave_status'), 'err');
  assert.match(a.server.persistence.writeError()!, /^-MISCONF Redis is configured to save RDB snapshots/);
  // The dispatcher refuses writes and PING meanwhile (Redis writeCommandsDeniedByDiskError); reads run.
  const denied = a.call('SET', 'blocked', '1');
  assert.ok(denied instanceof ReplyError && /^MISCONF Redis is configured to save RDB snapshots/.test(denied.message));
  const ping = a.call('PING');
  assert.ok(ping instanceof ReplyError && ping.message.startsWith('MISCONF'));
  assert.equal(a.call('GET', 'blocked'), null);
  a.call('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'no');
  assert.equal(a.server.persistence.writeError(), null);
  assert.equal(a.call('SET', 'blocked', '1'), 'OK');
  a.call('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'yes');
  fs.rmdirSync(path.join(dir, 'dump.rdb'));
  assert.equal(a.call('SAVE'), 'OK');
  assert.equal(a.server.persistence.writeError(), null, 'a successful save clears the error');
});

test('FLUSHALL contract: resets dirty, aborts a BGSAVE, writes an empty RDB with save points', async () => {
  const dir = tempDir('flush');
  const a = await cinderOn(dir, { save: '3600 1', 'rdb-key-save-delay': 1000 });
  for (let i = 0; i < 1000; i++) a.call('SET', 'k' + i, 'v');
  assert.equal(a.call('SAVE'), 'OK');
  const full = fs.statSync(path.join(dir, 'dump.rdb')).size;
  for (let i = 0; i < 10; i++) a.call('SET', 'x' + i, 'v');
  assert.equal(a.call('BGSAVE'), 'Background saving started');
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(info(a, 'rdb_bgsave_in_progress'), '1');
  const temps = () => fs.readdirSync(dir).filter((f) => f.startsWith('temp-'));
  assert.equal(temps().length, 1);
  assert.equal(a.call('FLUSHALL'), 'OK');
  assert.equal(info(a, 'rdb_bgsave_in_progress'), '0', 'the BGSAVE was aborted');
  assert.deepEqual(temps(), [], 'its temp file is gone');
  assert.equal(info(a, 'rdb_last_bgsave_status'), 'ok', 'an aborted save is not an error (Redis: SIGUSR1)');
  assert.equal(info(a, 'rdb_changes_since_last_save'), '0', 'dirty reset (redis-server 7.0.15 reports 0 too)');
  const size = fs.statSync(path.join(dir, 'dump.rdb')).size;
  assert.ok(size < full && size < 200, 'an empty RDB was written (' + size + ' bytes)');
  const b = await cinderOn(dir);
  assert.equal(b.server.persistence.loadFileSync().error, null);
  assert.equal(b.call('DBSIZE'), 0);
  // Without save points: no file is written, dirty counts the removed keys.
  const dir2 = tempDir('flush2');
  const c = await cinderOn(dir2);
  c.call('SET', 'a', '1');
  c.call('SET', 'b', '1');
  c.call('FLUSHALL');
  assert.equal(info(c, 'rdb_changes_since_last_save'), '4');
  assert.equal(fs.existsSync(path.join(dir2, 'dump.rdb')), false);
});

test('SHUTDOWN saves with save points, SHUTDOWN NOSAVE does not, SAVE forces it', async () => {
  const dir = tempDir('shut');
  const a = await startServer({ config: { dir, save: '3600 1' } });
  a.call('SET', 'k', 'v');
  await a.server.shutdown(null);
  assert.ok(fs.existsSync(path.join(dir, 'dump.rdb')));
  fs.rmSync(path.join(dir, 'dump.rdb'));
  const b = await startServer({ config: { dir, save: '3600 1' } });
  b.call('SET', 'k', 'v');
  await b.server.shutdown(false);
  assert.equal(fs.existsSync(path.join(dir, 'dump.rdb')), false);
  const c = await startServer({ config: { dir, save: '' } });
  c.call('SET', 'k', 'v');
  await c.server.shutdown(true);
  assert.ok(fs.existsSync(path.join(dir, 'dump.rdb')));
});

test('DEBUG RELOAD saves and reloads; MERGE/NOFLUSH/NOSAVE', async () => {
  const dir = tempDir('dbg');
  const off = await cinderOn(dir);
  assert.match((off.call('DEBUG', 'RELOAD') as { message: string }).message, /DEBUG command not allowed/);
  const a = await cinderOn(dir, { 'enable-debug-command': 'local' });
  a.call('RPUSH', 'l', 'a', 'b');
  a.call('SET', 't', 'v', 'EX', 1000);
  assert.equal(a.call('DEBUG', 'RELOAD'), 'OK');
  assert.deepEqual(a.call('LRANGE', 'l', 0, -1), ['a', 'b']);
  assert.ok((a.call('TTL', 't') as number) > 990);
  a.call('SET', 'extra', '1');
  assert.equal(a.call('DEBUG', 'RELOAD', 'NOSAVE'), 'OK');
  assert.equal(a.call('EXISTS', 'extra'), 0, 'NOSAVE reloads the file as it was');
  a.call('SET', 'extra', '1');
  assert.equal(a.call('DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH', 'MERGE'), 'OK');
  assert.equal(a.call('EXISTS', 'extra'), 1);
  assert.match((a.call('DEBUG', 'RELOAD', 'BAD') as { message: string }).message, /only supports/);
});
