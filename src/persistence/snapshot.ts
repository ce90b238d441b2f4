/**
 * BGSAVE without fork (DESIGN.md §7): the keyspace is walked in slices across event-loop
 * turns while clients keep writing, and the file is still a point-in-time image.
 *
 * At start, each non-empty db's dense key and value arrays (and LRU clocks) are copied:
 * O(n) pointer copies, a few ms for a million keys. Strings are immutable JS strings, and a
 * key that is overwritten or deleted leaves its old value in the copy, so only in-place
 * mutation of collection objects and expiry changes need copy-on-write. The keyspace calls
 * `server.beforeKeyWrite(db, key)` before any write to a key (db.ts lookupKeyWrite, setKey,
 * dbDelete, setExpire, removeExpire; emptyData with key null); while a BGSAVE runs that hook
 *  - serializes a collection object the first time it is about to change (the walk then
 *    writes those saved bytes instead of the live object), and
 *  - records the key's expire time as it was at the start (or -1), once per key.
 * Dicts are recognised by identity, so SWAPDB and FLUSHDB ASYNC (which replace or move
 * dicts) do not confuse the walk.
 *
 * Output is checksummed and written chunk by chunk with asynchronous fs.write to a temp file,
 * then fsynced and renamed over the target; a crash at any point leaves the old file intact.
 */
import fs from 'node:fs';
import type { RedisServer } from '../server/server.js';
import type { RedisDb } from '../keyspace/db.js';
import type { Dict } from '../keyspace/dict.js';
import { RawString, type RedisValue, type RedisObject } from '../keyspace/object.js';
import { estimateIdleSeconds, lfuDecrAndReturn } from '../keyspace/db.js';
import { RdbFileEncoder, serializeTypeAndValue, type RdbSaveOptions } from './rdb/file.js';

/**
 * Bytes buffered before a chunk is handed to the file. Taking a chunk checksums and copies
 * it inside the current slice, so it is kept small enough not to stretch a slice noticeably.
 */
const CHUNK_BYTES = 256 << 10;
/** Pause the walk while this many bytes wait to be written. */
const MAX_QUEUED = 64 << 20;
/** Time budget of one slice, ms. */
const SLICE_MS = 4;

/** One database as it was when the snapshot started. */
interface SnapDb {
  id: number;
  keys: string[];
  vals: RedisValue[];
  lru: Uint32Array | null;
  /** The live expires dict at the start (read until a key's expiry changes). */
  expires: Dict<number>;
  /** Expiry at the start for keys whose expiry changed since (-1: none). */
  expSaved: Map<string, number> | null;
  /** All expiries at the start, once the db was flushed during the save. */
  expFrozen: Map<string, number> | null;
  dictRef: Dict<RedisValue>;
  expiresSize: number;
  done: boolean;
}

/** How a background save ended. */
export type BgSaveResult = 'ok' | 'error' | 'aborted';

/** Which key metadata the file records (maxmemory-policy at the start). */
const META_NONE = 0;
const META_LRU = 1;
const META_LFU = 2;

/** A background save in progress. */
export class BgSave {
  readonly startTime = Date.now();
  keysProcessed = 0;
  keysTotal = 0;
  /** Bytes of values copied on write (INFO current_cow_size). */
  cowBytes = 0;
  private readonly server: RedisServer;
  private readonly path: string;
  private readonly tmpPath: string;
  private readonly enc: RdbFileEncoder;
  private readonly opts: RdbSaveOptions;
  private readonly dbs: SnapDb[] = [];
  private readonly byDict = new Map<Dict<RedisValue>, SnapDb>();
  private readonly byExpires = new Map<Dict<number>, SnapDb>();
  private readonly cow = new Map<RedisObject, Buffer>();
  private dbIndex = 0;
  private pos = 0;
  private headerWritten = false;
  private fd = -1;
  private queue: Buffer[] = [];
  private queuedBytes = 0;
  private writing = false;
  private ended = false;
  private finished = false;
  private stepScheduled = false;
  private readonly meta: number;
  private readonly lruClock: number;
  private readonly lfuDecay: number;
  private readonly keyDelayUs: number;
  private readonly onDone: (r: BgSaveResult, err: string | null) => void;
  private readonly stepBound = (): void => this.step();

  /**
   * Captures the snapshot and opens the temp file; call {@link start} next.
   * @throws Error when the temp file cannot be created.
   */
  constructor(server: RedisServer, path: string, tmpPath: string, opts: RdbSaveOptions, onDone: (r: BgSaveResult, err: string | null) => void) {
    this.server = server;
    this.path = path;
    this.tmpPath = tmpPath;
    this.opts = opts;
    this.onDone = onDone;
    this.enc = new RdbFileEncoder(opts, 2 * CHUNK_BYTES);
    const policy = server.config.getString('maxmemory-policy');
    this.meta = policy.endsWith('-lru') ? META_LRU : policy.endsWith('-lfu') ? META_LFU : META_NONE;
    this.lruClock = server.lruClock;
    this.lfuDecay = server.config.getNumber('lfu-decay-time');
    this.keyDelayUs = server.config.getNumber('rdb-key-save-delay');
    this.fd = fs.openSync(tmpPath, 'w');
    for (const db of server.db) {
      const d = db.dict;
      const n = d.size;
      if (n === 0) continue;
      const sd: SnapDb = {
        id: db.id,
        keys: d.keys.slice(),
        vals: d.vals.slice(),
        lru: d.lru !== null && this.meta !== META_NONE ? d.lru.slice(0, n) : null,
        expires: db.expires,
        expSaved: null,
        expFrozen: null,
        dictRef: d,
        expiresSize: db.expires.size,
        done: false,
      };
      this.dbs.push(sd);
      this.byDict.set(d, sd);
      this.byExpires.set(db.expires, sd);
      this.keysTotal += n;
    }
  }

  /** Starts the sliced walk. */
  start(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.stepScheduled || this.finished) return;
    this.stepScheduled = true;
    if (this.keyDelayUs > 0) setTimeout(this.stepBound, Math.max(1, Math.ceil(this.keyDelayUs / 1000)));
    else setImmediate(this.stepBound);
  }

  /**
   * The keyspace's "before a key changes" hook: preserves what the snapshot still needs.
   * `key` null means the whole db is about to be emptied.
   */
  beforeKeyWrite(db: RedisDb, key: string | null): void {
    if (key === null) {
      const sd = this.byExpires.get(db.expires);
      if (sd !== undefined && !sd.done && sd.expFrozen === null) {
        const m = new Map<string, number>();
        const e = sd.expires;
        for (let i = 0; i < e.keys.length; i++) m.set(e.keys[i], e.vals[i]);
        if (sd.expSaved !== null) for (const [k, v] of sd.expSaved) m.set(k, v);
        sd.expFrozen = m;
      }
      return;
    }
    const sd = this.byDict.get(db.dict);
    if (sd !== undefined && !sd.done) {
      const v = db.dict.get(key);
      if (v !== undefined && typeof v !== 'string' && !(v instanceof RawString) && !this.cow.has(v)) {
        const b = serializeTypeAndValue(v, this.opts.compression, this.opts.rdbVersion);
        this.cow.set(v, b);
        this.cowBytes += b.length;
      }
    }
    const se = this.byExpires.get(db.expires);
    if (se !== undefined && !se.done && se.expFrozen === null) {
      let m = se.expSaved;
      if (m === null) m = se.expSaved = new Map();
      if (!m.has(key)) {
        const w = se.expires.get(key);
        m.set(key, w === undefined ? -1 : w);
      }
    }
  }

  /** Stops the save and removes the temp file (FLUSHALL, SHUTDOWN, DEBUG RELOAD). */
  abort(): void {
    if (this.finished) return;
    this.finish('aborted', null);
  }

  private expireOf(sd: SnapDb, key: string): number {
    if (sd.expFrozen !== null) {
      const w = sd.expFrozen.get(key);
      return w === undefined ? -1 : w;
    }
    if (sd.expSaved !== null) {
      const w = sd.expSaved.get(key);
      if (w !== undefined) return w;
    }
    if (sd.expiresSize === 0 && sd.expSaved === null) return -1;
    const w = sd.expires.get(key);
    return w === undefined ? -1 : w;
  }

  /** One slice of the walk. */
  private step(): void {
    this.stepScheduled = false;
    if (this.finished) return;
    // Replies of this event-loop turn go out before the slice, not after it: in Redis the
    // child process saves while the parent answers, so a slice must not delay a reply.
    this.server.handleClientsWithPendingWrites();
    try {
      const enc = this.enc;
      if (!this.headerWritten) {
        enc.writeHeader();
        this.headerWritten = true;
      }
      const deadline = performance.now() + SLICE_MS;
      const perStep = this.keyDelayUs > 0 ? 1 : Infinity;
      let done = 0;
      outer: while (this.dbIndex < this.dbs.length) {
        const sd = this.dbs[this.dbIndex];
        if (this.pos === 0) enc.writeSelectDb(sd.id, sd.keys.length, sd.expiresSize);
        const keys = sd.keys;
        const vals = sd.vals;
        const n = keys.length;
        let i = this.pos;
        while (i < n) {
          const key = keys[i];
          const v = vals[i];
          const exp = this.expireOf(sd, key);
          let idle = -1;
          let freq = -1;
          if (sd.lru !== null) {
            if (this.meta === META_LRU) idle = estimateIdleSeconds(sd.lru[i], this.lruClock);
            else freq = lfuDecrAndReturn(sd.lru[i], this.lfuDecay, Date.now());
          }
          const saved = typeof v === 'string' ? undefined : this.cow.get(v);
          if (saved !== undefined) enc.writeEntryRaw(key, saved, exp, idle, freq);
          else enc.writeEntry(key, v, exp, idle, freq);
          i++;
          done++;
          if (enc.pending >= CHUNK_BYTES) this.enqueue(enc.take());
          if (done >= perStep || ((done & 63) === 0 && performance.now() >= deadline) || this.queuedBytes >= MAX_QUEUED) {
            this.pos = i;
            break outer;
          }
        }
        if (i >= n) {
          sd.done = true;
          sd.keys = [];
          sd.vals = [];
          sd.lru = null;
          sd.expSaved = null;
          sd.expFrozen = null;
          this.byDict.delete(sd.dictRef);
          this.byExpires.delete(sd.expires);
          this.dbIndex++;
          this.pos = 0;
        }
      }
      this.keysProcessed += done;
      if (this.dbIndex >= this.dbs.length) {
        enc.writeFooter();
        this.enqueue(enc.take());
        this.ended = true;
        this.cow.clear();
        this.pump();
        return;
      }
      if (this.queuedBytes < MAX_QUEUED) this.schedule();
    } catch (e) {
      this.finish('error', (e as Error).message);
    }
  }

  private enqueue(b: Buffer): void {
    if (b.length === 0) return;
    this.queue.push(b);
    this.queuedBytes += b.length;
    this.pump();
  }

  /** Writes queued chunks one at a time; finishes the file once everything is written. */
  private pump(): void {
    if (this.writing || this.finished) return;
    const b = this.queue.shift();
    if (b === undefined) {
      if (this.ended) this.complete();
      return;
    }
    this.writing = true;
    this.writeAll(b, 0);
  }

  private writeAll(b: Buffer, off: number): void {
    fs.write(this.fd, b, off, b.length - off, null, (err, n) => {
      if (this.finished) return;
      if (err !== null) {
        this.finish('error', err.message);
        return;
      }
      if (off + n < b.length) {
        this.writeAll(b, off + n);
        return;
      }
      this.writing = false;
      this.queuedBytes -= b.length;
      if (!this.ended && this.queuedBytes < MAX_QUEUED / 2) this.schedule();
      this.pump();
    });
  }

  /** fsync, close, rename into place, fsync the directory. */
  private complete(): void {
    const fd = this.fd;
    this.writing = true;
    fs.fsync(fd, (err) => {
      if (this.finished) return;
      if (err !== null) return this.finish('error', err.message);
      fs.close(fd, (err2) => {
        this.fd = -1;
        if (this.finished) return;
        if (err2 !== null) return this.finish('error', err2.message);
        fs.rename(this.tmpPath, this.path, (err3) => {
          if (this.finished) return;
          if (err3 !== null) return this.finish('error', 'Error moving temp DB file ' + this.tmpPath + ' on the final destination ' + this.path + ': ' + err3.message);
          fsyncDir(this.path);
          this.finish('ok', null);
        });
      });
    });
  }

  private finish(r: BgSaveResult, err: string | null): void {
    if (this.finished) return;
    this.finished = true;
    this.dbs.length = 0;
    this.byDict.clear();
    this.byExpires.clear();
    this.cow.clear();
    this.queue = [];
    if (r !== 'ok') {
      if (this.fd >= 0) {
        try {
          fs.closeSync(this.fd);
        } catch {
          /* already closed */
        }
        this.fd = -1;
      }
      try {
        fs.unlinkSync(this.tmpPath);
      } catch {
        /* never created or already gone */
      }
    }
    this.onDone(r, err);
  }
}

/** fsyncs the directory holding `file` so the rename is durable (Redis fsyncFileDir). */
export function fsyncDir(file: string): void {
  const dir = file.slice(0, Math.max(file.lastIndexOf('/'), 0)) || '/';
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* some filesystems refuse fsync on directories; Redis ignores that too */
  }
}
