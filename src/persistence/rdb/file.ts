/**
 * Whole RDB files (Redis rdb.c rdbSaveRio / rdbLoadRio): the "REDISnnnn" header, the aux
 * fields, function libraries, per-db SELECTDB + RESIZEDB + entries (EXPIRETIME_MS, IDLE or
 * FREQ, then type/key/value), EOF and the CRC-64 footer (8 zero bytes with rdbchecksum no).
 *
 * Saving is split into {@link RdbFileEncoder} (header, entries, footer into an RdbWriter,
 * checksummed chunk by chunk) so that the synchronous SAVE and the sliced BGSAVE share it.
 * Loading is {@link RdbLoader}, a resumable parser over the file bytes: `step(deadline)`
 * loads entries until the deadline so startup loading can yield to the event loop.
 */
import type { RedisValue } from '../../keyspace/object.js';
import { RdbWriter } from './writer.js';
import { RdbReader } from './reader.js';
import { Crc64, crc64MatchesLE } from './crc64.js';
import { ObjectSaver, loadObject, SkippedModuleValue, moduleTypeNameByID, readLenBig, skipModuleValue, type LoadLimits } from './objects.js';
import * as C from './constants.js';
import { RdbError, latin1 } from './constants.js';

/** What a save writes besides the keyspace. */
export interface RdbSaveOptions {
  /** rdbcompression. */
  compression: boolean;
  /** rdbchecksum: false writes 8 zero bytes instead of the CRC. */
  checksum: boolean;
  /** 11 (Redis 7.2); 10 writes a file Redis 7.0 loads (sets never SET_LISTPACK). */
  rdbVersion: number;
  /** redis-ver aux field. */
  redisVersion: string;
  /** ctime aux field, Unix seconds. */
  ctime: number;
  /** used-mem aux field, bytes. */
  usedMem: number;
  /** Function library source codes (RDB_OPCODE_FUNCTION2 records). */
  functions: readonly string[];
}

/** Writes an RDB file's parts into an RdbWriter and checksums what is taken out of it. */
export class RdbFileEncoder {
  readonly w: RdbWriter;
  readonly saver: ObjectSaver;
  private readonly crc = new Crc64();
  private readonly opts: RdbSaveOptions;

  constructor(opts: RdbSaveOptions, initialSize = 1 << 20) {
    this.opts = opts;
    this.w = new RdbWriter(opts.compression, initialSize);
    this.saver = new ObjectSaver(this.w, opts.rdbVersion);
  }

  /** "REDIS0011", the aux fields (rdbSaveInfoAuxFields) and the function libraries. */
  writeHeader(): void {
    const w = this.w;
    const magic = 'REDIS' + String(this.opts.rdbVersion).padStart(4, '0');
    w.ensure(9);
    w.buf.write(magic, w.pos, 9, 'latin1');
    w.pos += 9;
    this.aux('redis-ver', this.opts.redisVersion);
    this.aux('redis-bits', '64');
    this.aux('ctime', String(this.opts.ctime));
    this.aux('used-mem', String(this.opts.usedMem));
    this.aux('aof-base', '0');
    for (const code of this.opts.functions) {
      w.writeByte(C.RDB_OPCODE_FUNCTION2);
      w.writeString(code);
    }
  }

  private aux(key: string, val: string): void {
    this.w.writeByte(C.RDB_OPCODE_AUX);
    this.w.writeString(key);
    this.w.writeString(val);
  }

  /** SELECTDB + RESIZEDB. */
  writeSelectDb(id: number, dbSize: number, expiresSize: number): void {
    const w = this.w;
    w.writeByte(C.RDB_OPCODE_SELECTDB);
    w.writeLen(id);
    w.writeByte(C.RDB_OPCODE_RESIZEDB);
    w.writeLen(dbSize);
    w.writeLen(expiresSize);
  }

  /**
   * rdbSaveKeyValuePair: EXPIRETIME_MS when `expireMs` is not -1, IDLE (seconds) when
   * `idle` >= 0, FREQ when `freq` >= 0, then the type, key and value.
   */
  writeEntry(key: string, v: RedisValue, expireMs: number | bigint, idle: number, freq: number): void {
    const w = this.w;
    if (expireMs !== -1) {
      w.writeByte(C.RDB_OPCODE_EXPIRETIME_MS);
      w.writeMillis(expireMs);
    }
    if (idle >= 0) {
      w.writeByte(C.RDB_OPCODE_IDLE);
      w.writeLen(idle);
    }
    if (freq >= 0) {
      w.writeByte(C.RDB_OPCODE_FREQ);
      w.writeByte(freq);
    }
    this.saver.saveKeyValue(key, v);
  }

  /** Like {@link writeEntry} with a value already serialized as type byte + payload. */
  writeEntryRaw(key: string, typeAndPayload: Buffer, expireMs: number | bigint, idle: number, freq: number): void {
    const w = this.w;
    if (expireMs !== -1) {
      w.writeByte(C.RDB_OPCODE_EXPIRETIME_MS);
      w.writeMillis(expireMs);
    }
    if (idle >= 0) {
      w.writeByte(C.RDB_OPCODE_IDLE);
      w.writeLen(idle);
    }
    if (freq >= 0) {
      w.writeByte(C.RDB_OPCODE_FREQ);
      w.writeByte(freq);
    }
    w.writeByte(typeAndPayload[0]);
    w.writeString(key);
    w.writeBytes(typeAndPayload, 1, typeAndPayload.length);
  }

  /** EOF and the 8-byte checksum (zeros when checksums are off). */
  writeFooter(): void {
    this.w.writeByte(C.RDB_OPCODE_EOF);
    const w = this.w;
    this.crc.update(w.buf, 0, w.pos);
    w.ensure(8);
    if (this.opts.checksum) this.crc.writeLE(w.buf, w.pos);
    else w.buf.fill(0, w.pos, w.pos + 8);
    w.pos += 8;
    this.footerDone = true;
  }

  private footerDone = false;

  /** Bytes buffered and not yet taken. */
  get pending(): number {
    return this.w.pos;
  }

  /** Takes the buffered bytes (checksumming them unless they include the footer). */
  take(): Buffer {
    const w = this.w;
    if (!this.footerDone) this.crc.update(w.buf, 0, w.pos);
    this.footerDone = false;
    return w.take();
  }
}

/** Serializes one value as type byte + payload (the copy-on-write form of a BGSAVE). */
export function serializeTypeAndValue(v: RedisValue, compression: boolean, rdbVersion: number): Buffer {
  const w = new RdbWriter(compression, 256);
  new ObjectSaver(w, rdbVersion).saveTypeAndValue(v);
  return w.take();
}

/** Empty-collection payloads are skipped on load, as Redis does (RDB_LOAD_ERR_EMPTY_KEY). */
function isEmptyKeyError(e: unknown): boolean {
  return e instanceof RdbError && e.message === 'empty keys are not allowed';
}

/** Receives what an {@link RdbLoader} reads. */
export interface RdbLoadSink {
  /** An AUX field. */
  aux(key: string, value: string): void;
  /** A key to add to db `dbid`; `expireMs` -1 when none; `idle`/`freq` -1 when absent. */
  entry(dbid: number, key: string, v: RedisValue, expireMs: number | bigint, idle: number, freq: number): void;
  /** RESIZEDB hint: the db's key count and expires count, bounded by the bytes left in the file. */
  resize(dbid: number, dbSize: number, expiresSize: number): void;
  /** A function library (FUNCTION2 record). */
  functionLibrary(code: string): void;
  /** A warning to log (skipped module data, empty keys). */
  warn(msg: string): void;
}

/**
 * A resumable RDB file parser (rdbLoadRio). Construct over the whole file, then call
 * {@link RdbLoader.step} until it returns true.
 */
export class RdbLoader {
  readonly r: RdbReader;
  readonly version: number;
  private readonly sink: RdbLoadSink;
  private readonly limits: LoadLimits;
  private readonly crc = new Crc64();
  private crcPos = 0;
  private dbid = 0;
  private readonly maxDbs: number;
  /** Number of empty keys skipped. */
  emptyKeysSkipped = 0;
  /** True once EOF and the checksum were read. */
  done = false;
  /** True when the file carried a zero checksum (saved with rdbchecksum no). */
  checksumDisabled = false;

  /**
   * Reads and checks the header.
   * @throws RdbError "Wrong signature trying to load DB from file" / "Can't handle RDB format version N".
   */
  constructor(buf: Buffer, sink: RdbLoadSink, limits: LoadLimits, maxDbs: number, private readonly verifyChecksum = true) {
    this.r = new RdbReader(buf);
    this.sink = sink;
    this.limits = limits;
    this.maxDbs = maxDbs;
    if (buf.length < 9 || latin1(buf, 0, 5) !== 'REDIS') throw new RdbError('Wrong signature trying to load DB from file');
    const vs = latin1(buf, 5, 9);
    // Redis: rdbver = atoi(buf+5).
    const ver = parseInt(vs, 10) || 0;
    if (ver < 1 || ver > C.RDB_VERSION) throw new RdbError("Can't handle RDB format version " + ver);
    this.version = ver;
    this.r.pos = 9;
  }

  /** Bytes consumed so far (loading_loaded_bytes). */
  get loadedBytes(): number {
    return this.r.pos;
  }

  /**
   * Loads entries until `deadline` (performance.now() ms) or the end of the file.
   * @returns true when the file is completely loaded and its checksum verified.
   * @throws RdbError on corrupt, truncated or unsupported content.
   */
  step(deadline: number): boolean {
    const r = this.r;
    const sink = this.sink;
    let expire: number | bigint = -1;
    let idle = -1;
    let freq = -1;
    let n = 0;
    for (;;) {
      if ((++n & 127) === 0 && expire === -1 && idle === -1 && freq === -1 && performance.now() >= deadline) {
        this.updateCrc();
        return false;
      }
      const type = r.readByte();
      switch (type) {
        case C.RDB_OPCODE_EXPIRETIME:
          expire = r.readSeconds() * 1000;
          continue;
        case C.RDB_OPCODE_EXPIRETIME_MS:
          expire = r.readMillis();
          continue;
        case C.RDB_OPCODE_FREQ:
          freq = r.readByte();
          continue;
        case C.RDB_OPCODE_IDLE:
          idle = r.readLen();
          continue;
        case C.RDB_OPCODE_EOF:
          this.finish();
          return true;
        case C.RDB_OPCODE_SELECTDB: {
          const id = r.readLen();
          if (id >= this.maxDbs) {
            throw new RdbError('FATAL: Data file was created with a Redis server configured to handle more than ' + this.maxDbs + ' databases. Exiting\n');
          }
          this.dbid = id;
          continue;
        }
        case C.RDB_OPCODE_RESIZEDB: {
          // A hint only: each key takes at least 3 more bytes of file (type, key length,
          // value), so a corrupt or hostile size cannot make the sink pre-allocate past that.
          const bound = Math.floor((r.end - r.pos) / 3);
          const a = r.readLen();
          const b = r.readLen();
          sink.resize(this.dbid, Math.min(a, bound), Math.min(b, bound));
          continue;
        }
        case C.RDB_OPCODE_AUX: {
          const k = r.readString();
          const v = r.readString();
          sink.aux(k, v);
          continue;
        }
        case C.RDB_OPCODE_MODULE_AUX: {
          const id = readLenBig(r);
          const name = moduleTypeNameByID(id);
          const whenOp = r.readLen();
          const when = r.readLen();
          if (whenOp !== C.RDB_MODULE_OPCODE_UINT) throw new RdbError('bad when_opcode in module aux data of ' + name);
          void when;
          skipModuleValue(r, name);
          sink.warn("Skipped the module aux data of module type '" + name + "' (no such module in Cinder)");
          continue;
        }
        case C.RDB_OPCODE_FUNCTION_PRE_GA:
          throw new RdbError('Pre-release function format not supported.');
        case C.RDB_OPCODE_FUNCTION2:
          sink.functionLibrary(r.readString());
          continue;
        default:
          break;
      }
      if (type > C.RDB_TYPE_STREAM_LISTPACKS_3 && type < C.RDB_OPCODE_FUNCTION2) {
        throw new RdbError('Unknown RDB value type or opcode ' + type + ' at offset ' + (r.pos - 1) + ' (file version ' + this.version + ')');
      }
      const key = r.readString();
      let v: RedisValue | SkippedModuleValue;
      try {
        v = loadObject(r, type, this.limits);
      } catch (e) {
        if (isEmptyKeyError(e)) {
          if (this.emptyKeysSkipped++ < 10) sink.warn('rdbLoadObject skipping empty key: ' + key);
          expire = -1;
          idle = freq = -1;
          continue;
        }
        if (e instanceof RdbError) throw new RdbError(e.message + " (key '" + key + "' in DB " + this.dbid + ', offset ' + r.pos + ')');
        throw e;
      }
      if (v instanceof SkippedModuleValue) {
        sink.warn("Skipped key '" + key + "' in DB " + this.dbid + ": module type '" + v.moduleName + "' is not loaded in Cinder");
      } else {
        sink.entry(this.dbid, key, v, expire, idle, freq);
      }
      expire = -1;
      idle = freq = -1;
    }
  }

  private updateCrc(): void {
    const r = this.r;
    this.crc.update(r.buf, this.crcPos, r.pos);
    this.crcPos = r.pos;
  }

  /** Reads and verifies the checksum after EOF (version >= 5). */
  private finish(): void {
    const r = this.r;
    this.updateCrc();
    if (this.version >= 5) {
      r.need(8);
      let zero = true;
      for (let i = 0; i < 8; i++) if (r.buf[r.pos + i] !== 0) zero = false;
      if (zero) {
        this.checksumDisabled = true;
      } else if (this.verifyChecksum && !crc64MatchesLE(this.crc, r.buf, r.pos)) {
        const expected = r.buf.readBigUInt64LE(r.pos);
        throw new RdbError('Wrong RDB checksum expected: (' + expected.toString(16) + ') got (' + this.crc.digest().toString(16) + '). Aborting now.');
      }
      r.pos += 8;
    }
    this.done = true;
  }
}
