/**
 * DUMP and RESTORE (Redis cluster.c): the payload is the value's RDB serialization, the
 * 2-byte RDB version and the CRC-64, byte for byte as Redis 7.2 produces it.
 */
import type { CommandSpec } from './types.js';
import type { Client } from '../server/client.js';
import { createDumpPayload, verifyDumpPayload, loadDumpPayload } from '../persistence/rdb/payload.js';
import { string2bigint } from '../util/numbers.js';
import { NOTIFY_GENERIC } from '../keyspace/notify.js';
import type { RedisValue } from '../keyspace/object.js';
import { lfuTimeInMinutes, LRU_CLOCK_MAX } from '../keyspace/db.js';

/** DUMP key: the serialized value, or a null bulk when the key does not exist. */
function dumpCommand(c: Client): void {
  const v = c.db.lookupKeyRead(c.argv[1]);
  if (v === undefined) {
    c.addReplyNull();
    return;
  }
  const p = c.server.persistence;
  c.addReplyBulk(createDumpPayload(v, c.server.config.getBool('rdbcompression'), p.rdbVersion));
}

/** Parses a long long argument or replies "value is not an integer or out of range". */
function getLongLong(c: Client, s: string): bigint | null {
  const v = string2bigint(s);
  if (v === null) c.addReplyError('value is not an integer or out of range');
  return v;
}

/**
 * RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
 * (Redis `restoreCommand`, same order of checks and the same errors).
 */
function restoreCommand(c: Client): void {
  const argv = c.argv;
  const server = c.server;
  let replace = false;
  let absttl = false;
  let lfuFreq = -1n;
  let lruIdle = -1n;
  for (let j = 4; j < argv.length; j++) {
    const additional = argv.length - j - 1;
    const opt = argv[j].toLowerCase();
    if (opt === 'replace') {
      replace = true;
    } else if (opt === 'absttl') {
      absttl = true;
    } else if (opt === 'idletime' && additional >= 1 && lfuFreq === -1n) {
      const v = getLongLong(c, argv[j + 1]);
      if (v === null) return;
      if (v < 0n) {
        c.addReplyError('Invalid IDLETIME value, must be >= 0');
        return;
      }
      lruIdle = v;
      j++;
    } else if (opt === 'freq' && additional >= 1 && lruIdle === -1n) {
      const v = getLongLong(c, argv[j + 1]);
      if (v === null) return;
      if (v < 0n || v > 255n) {
        c.addReplyError('Invalid FREQ value, must be >= 0 and <= 255');
        return;
      }
      lfuFreq = v;
      j++;
    } else {
      c.addReplySyntaxError();
      return;
    }
  }
  const key = argv[1];
  const db = c.db;
  if (!replace && db.lookupKeyWrite(key) !== undefined) {
    c.addReplyError('-BUSYKEY Target key name already exists.');
    return;
  }
  const ttlBig = getLongLong(c, argv[2]);
  if (ttlBig === null) return;
  if (ttlBig < 0n) {
    c.addReplyError('Invalid TTL value, must be >= 0');
    return;
  }
  const payload = Buffer.from(argv[3], 'latin1');
  if (!verifyDumpPayload(payload)) {
    c.addReplyError('DUMP payload version or checksum are wrong');
    return;
  }
  let obj: RedisValue;
  try {
    obj = loadDumpPayload(payload, server.persistence.loadLimits());
  } catch {
    c.addReplyError('Bad data format');
    return;
  }
  let deleted = false;
  if (replace) deleted = db.dbDelete(key);
  let ttl: number | bigint = 0;
  if (ttlBig !== 0n) {
    const abs = absttl ? ttlBig : ttlBig + BigInt(server.commandTime());
    ttl = abs >= -9007199254740991n && abs <= 9007199254740991n ? Number(abs) : abs;
    // checkAlreadyExpired: an absolute time in the past deletes instead of restoring.
    if (!server.loading && ttl <= server.commandTime()) {
      if (deleted) {
        db.signalModifiedKey(c, key);
        server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'del', key, db.id);
        server.dirty++;
      }
      c.addReplyOk();
      return;
    }
  }
  db.dbAdd(key, obj);
  if (ttl !== 0) db.setExpire(key, ttl);
  // objectSetLRUOrLFU(obj, lfu_freq, lru_idle, lru_clock, 1000)
  if (db.lfuPolicy()) {
    if (lfuFreq >= 0n) db.setLru(key, (lfuTimeInMinutes(Date.now()) << 8) | Number(lfuFreq));
  } else if (lruIdle >= 0n) {
    let abs = server.lruClock - Number(lruIdle > 0xffffffn ? 0xffffffn : lruIdle);
    if (abs < 0) abs += LRU_CLOCK_MAX;
    db.setLru(key, abs);
  }
  db.signalModifiedKey(c, key);
  server.notifyKeyspaceEvent(NOTIFY_GENERIC, 'restore', key, db.id);
  c.addReplyOk();
  server.dirty++;
}

/** The DUMP/RESTORE family. */
export const dumpCommands: CommandSpec[] = [
  { name: 'dump', proc: dumpCommand },
  { name: 'restore', proc: restoreCommand },
];
