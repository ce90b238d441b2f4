/**
 * DUMP / RESTORE payloads (Redis cluster.c createDumpPayload / verifyDumpPayload): the
 * value's RDB type byte and payload, then the RDB version as 2 bytes little-endian, then the
 * CRC-64 of everything before it, 8 bytes little-endian.
 */
import type { RedisValue } from '../../keyspace/object.js';
import { RdbWriter } from './writer.js';
import { RdbReader } from './reader.js';
import { ObjectSaver, loadObject, SkippedModuleValue, type LoadLimits } from './objects.js';
import { Crc64, crc64MatchesLE } from './crc64.js';
import { RDB_VERSION, RdbError } from './constants.js';

/**
 * createDumpPayload: serializes `v` as DUMP does.
 * @param compression `rdbcompression`.
 * @param rdbVersion the version written in the footer (11; 10 only to feed Redis 7.0).
 * @returns the payload as a one-byte string.
 */
export function createDumpPayload(v: RedisValue, compression: boolean, rdbVersion = RDB_VERSION): string {
  const w = new RdbWriter(compression, 256);
  new ObjectSaver(w, rdbVersion).saveTypeAndValue(v);
  w.ensure(10);
  w.buf[w.pos++] = rdbVersion & 0xff;
  w.buf[w.pos++] = (rdbVersion >> 8) & 0xff;
  const c = new Crc64();
  c.update(w.buf, 0, w.pos);
  c.writeLE(w.buf, w.pos);
  w.pos += 8;
  return w.buf.toString('latin1', 0, w.pos);
}

/**
 * verifyDumpPayload: at least 10 bytes, a footer version not above ours, and a matching
 * CRC-64 (unless `skipChecksum`).
 */
export function verifyDumpPayload(p: Buffer, skipChecksum = false): boolean {
  const len = p.length;
  if (len < 10) return false;
  const rdbver = p[len - 10] | (p[len - 9] << 8);
  if (rdbver > RDB_VERSION) return false;
  if (skipChecksum) return true;
  const c = new Crc64();
  c.update(p, 0, len - 8);
  return crc64MatchesLE(c, p, len - 8);
}

/**
 * Decodes a verified payload's value (rdbLoadObjectType + rdbLoadObject).
 * @throws RdbError when the data is malformed ("Bad data format" for RESTORE), including a
 *   module value Cinder cannot hold.
 */
export function loadDumpPayload(p: Buffer, limits: LoadLimits): RedisValue {
  const r = new RdbReader(p, 0, p.length - 10);
  const type = r.readByte();
  const v = loadObject(r, type, limits);
  if (v instanceof SkippedModuleValue) throw new RdbError('module value of type ' + v.moduleName + ' cannot be restored');
  return v;
}
