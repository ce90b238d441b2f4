/**
 * Persistence: SAVE/BGSAVE/LASTSAVE state, save points, startup loading, SHUTDOWN saving,
 * DEBUG RELOAD and the FLUSHALL contract (Redis rdb.c / server.c), hanging off
 * `server.persistence`.
 *
 * Wiring (done by the RedisServer constructor): the server cron calls {@link Persistence.cron},
 * SHUTDOWN calls the shutdown hook, FLUSHALL calls the flushall hook, the standalone binary
 * runs the startup hook (which loads `dir/dbfilename`), and INFO reads the persistence fields
 * through `server.stats.infoFields`. While a BGSAVE runs, `server.beforeKeyWrite` is set to
 * its copy-on-write hook (see snapshot.ts); it is undefined otherwise, so a write costs one
 * property test.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RedisServer } from '../server/server.js';
import type { RedisDb } from '../keyspace/db.js';
import { lfuTimeInMinutes, LRU_CLOCK_MAX } from '../keyspace/db.js';
import type { RedisValue } from '../keyspace/object.js';
import { RdbFileEncoder, RdbLoader, type RdbSaveOptions, type RdbLoadSink } from './rdb/file.js';
import { RDB_VERSION, RdbError } from './rdb/constants.js';
import type { LoadLimits } from './rdb/objects.js';
import { BgSave, fsyncDir, type BgSaveResult } from './snapshot.js';

/** Redis CONFIG_BGSAVE_RETRY_DELAY: seconds before a failed BGSAVE is retried by save points. */
const BGSAVE_RETRY_DELAY = 5;

/** The MISCONF error Redis answers writes with after a failed background save. */
export const MISCONF_ERROR =
  "-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. " +
  'Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). ' +
  'Please check the Redis logs for details about the RDB error.';

/**
 * Where function libraries live (installed by the FUNCTION module). Without one, libraries
 * read from an RDB are kept verbatim and written back by the next save.
 */
export interface FunctionsProvider {
  /** The source code of every library, in creation order. */
  libraries(): string[];
  /** Loads one library's code (as FUNCTION LOAD REPLACE would). @returns an error text or null. */
  load(code: string): string | null;
}

/** Outcome of {@link Persistence.loadFileSync}. */
export interface LoadResult {
  ok: boolean;
  /** Error text when !ok ("No such file" included). */
  error: string | null;
  /** True when the file did not exist. */
  missing: boolean;
}

/** The persistence state of one server. */
export class Persistence {
  readonly server: RedisServer;
  /** The BGSAVE in progress, or null (rdb_bgsave_in_progress). */
  bgsave: BgSave | null = null;
  /** BGSAVE SCHEDULE pending (rdb_bgsave_scheduled). */
  bgsaveScheduled = false;
  /** rdb_last_bgsave_status: true for "ok". */
  lastBgsaveOk = true;
  /** Unix seconds of the last BGSAVE attempt (lastbgsave_try). */
  lastBgsaveTry = 0;
  /** rdb_last_bgsave_time_sec (-1 before any). */
  lastBgsaveTimeSec = -1;
  /** rdb_saves: SAVE and BGSAVE runs. */
  rdbSaves = 0;
  /** rdb_last_cow_size: bytes copied on write by the last BGSAVE. */
  lastCowSize = 0;
  /** rdb_last_load_keys_expired / rdb_last_load_keys_loaded. */
  lastLoadKeysExpired = 0;
  lastLoadKeysLoaded = 0;
  /** loading_* figures while loading. */
  loadingStartTime = 0;
  loadingTotalBytes = 0;
  loadingLoadedBytes = 0;
  /** `server.dirty` when the running BGSAVE started (dirty_before_bgsave). */
  private dirtyBeforeBgsave = 0;
  /** Function libraries read from an RDB while no provider is installed. */
  functionLibraries: string[] = [];
  /** The FUNCTION module's library store, when installed. */
  functionsProvider: FunctionsProvider | null = null;
  /**
   * RDB version written by saves and DUMP: 11 (Redis 7.2). Tests set 10 to produce files
   * Redis 7.0 can load: the formats are identical for everything Cinder writes except small
   * non-integer sets, which are then written as RDB_TYPE_SET instead of SET_LISTPACK.
   */
  rdbVersion = RDB_VERSION;
  /** Counter for BGSAVE temp names. */
  private bgsaveSeq = 0;

  constructor(server: RedisServer) {
    this.server = server;
    server.cronHooks.push(() => this.cron());
    server.shutdownHooks.push((save) => this.onShutdown(save));
    server.flushallHooks.push(() => this.onFlushall());
    server.startupHooks.push(() => this.startupHook());
    const f = server.stats.infoFields;
    f.set('loading', () => (server.loading ? 1 : 0));
    f.set('current_save_keys_processed', () => (this.bgsave !== null ? this.bgsave.keysProcessed : 0));
    f.set('current_save_keys_total', () => (this.bgsave !== null ? this.bgsave.keysTotal : 0));
    f.set('current_cow_size', () => (this.bgsave !== null ? this.bgsave.cowBytes : 0));
    f.set('current_cow_peak', () => (this.bgsave !== null ? this.bgsave.cowBytes : 0));
    f.set('rdb_changes_since_last_save', () => server.dirty);
    f.set('rdb_bgsave_in_progress', () => (this.bgsave !== null ? 1 : 0));
    f.set('rdb_last_save_time', () => server.lastSave);
    f.set('rdb_last_bgsave_status', () => (this.lastBgsaveOk ? 'ok' : 'err'));
    f.set('rdb_last_bgsave_time_sec', () => this.lastBgsaveTimeSec);
    f.set('rdb_current_bgsave_time_sec', () => (this.bgsave !== null ? Math.floor((Date.now() - this.bgsave.startTime) / 1000) : -1));
    f.set('rdb_saves', () => this.rdbSaves);
    f.set('rdb_last_cow_size', () => this.lastCowSize);
    f.set('rdb_last_load_keys_expired', () => this.lastLoadKeysExpired);
    f.set('rdb_last_load_keys_loaded', () => this.lastLoadKeysLoaded);
  }

  // ---------------------------------------------------------------------------------------
  // Configuration
  // ---------------------------------------------------------------------------------------

  /** Absolute path of `dir/dbfilename`. */
  rdbPath(): string {
    const cfg = this.server.config;
    return path.resolve(cfg.getString('dir'), cfg.getString('dbfilename'));
  }

  /** True when save points are configured (Redis `saveparamslen > 0`). */
  hasSavePoints(): boolean {
    return this.server.config.getSaveParams().length > 0;
  }

  /** The options a save writes with now. */
  saveOptions(): RdbSaveOptions {
    const cfg = this.server.config;
    return {
      compression: cfg.getBool('rdbcompression'),
      checksum: cfg.getBool('rdbchecksum'),
      rdbVersion: this.rdbVersion,
      redisVersion: '7.2.4',
      ctime: Math.floor(Date.now() / 1000),
      usedMem: process.memoryUsage().heapUsed,
      functions: this.functionsProvider !== null ? this.functionsProvider.libraries() : this.functionLibraries,
    };
  }

  /** The encoding limits a load applies (the *-max-listpack-* configs now). */
  loadLimits(): LoadLimits {
    const cfg = this.server.config;
    return {
      hashMaxListpackEntries: cfg.getNumber('hash-max-listpack-entries'),
      hashMaxListpackValue: cfg.getNumber('hash-max-listpack-value'),
      setMaxIntsetEntries: cfg.getNumber('set-max-intset-entries'),
      setMaxListpackEntries: cfg.getNumber('set-max-listpack-entries'),
      setMaxListpackValue: cfg.getNumber('set-max-listpack-value'),
      zsetMaxListpackEntries: cfg.getNumber('zset-max-listpack-entries'),
      zsetMaxListpackValue: cfg.getNumber('zset-max-listpack-value'),
      listMaxListpackSize: cfg.getNumber('list-max-listpack-size'),
    };
  }

  /**
   * The MISCONF error for write commands (and PING) after a failed background save, when
   * stop-writes-on-bgsave-error is on and save points are configured; null otherwise
   * (Redis `writeCommandsDeniedByDiskError`). The dispatcher rejects with this text.
   */
  writeError(): string | null {
    if (this.lastBgsaveOk) return null;
    const cfg = this.server.config;
    if (!cfg.getBool('stop-writes-on-bgsave-error') || !this.hasSavePoints()) return null;
    return MISCONF_ERROR;
  }

  // ---------------------------------------------------------------------------------------
  // Saving
  // ---------------------------------------------------------------------------------------

  /**
   * Redis `rdbSave`: writes the whole keyspace synchronously to a temp file, fsyncs it and
   * renames it over `file` (default dir/dbfilename). On success resets `dirty`, sets
   * LASTSAVE and the bgsave status to ok, and logs "DB saved on disk".
   * @returns true on success; false after logging the error.
   */
  rdbSave(file: string = this.rdbPath()): boolean {
    const server = this.server;
    const tmp = path.join(path.dirname(file), 'temp-' + process.pid + '.rdb');
    let fd: number;
    try {
      fd = fs.openSync(tmp, 'w');
    } catch (e) {
      server.log('warning', 'Failed opening the temp RDB file ' + path.basename(tmp) + ' (in server root dir ' + path.dirname(file) + ') for saving: ' + (e as Error).message);
      return false;
    }
    try {
      const enc = new RdbFileEncoder(this.saveOptions(), 4 << 20);
      enc.writeHeader();
      const policy = server.config.getString('maxmemory-policy');
      const lru = policy.endsWith('-lru');
      const lfu = policy.endsWith('-lfu');
      const lruClock = server.lruClock;
      const decay = server.config.getNumber('lfu-decay-time');
      const now = Date.now();
      for (const db of server.db) {
        const d = db.dict;
        const n = d.size;
        if (n === 0) continue;
        enc.writeSelectDb(db.id, n, db.expires.size);
        const keys = d.keys;
        const vals = d.vals;
        const lruArr = d.lru;
        const hasExpires = db.expires.size > 0;
        for (let i = 0; i < n; i++) {
          const key = keys[i];
          const exp = hasExpires ? db.getExpireExact(key) : -1;
          let idle = -1;
          let freq = -1;
          if (lruArr !== null) {
            if (lru) idle = idleSeconds(lruArr[i], lruClock);
            else if (lfu) freq = lfuCounter(lruArr[i], decay, now);
          }
          enc.writeEntry(key, vals[i], exp, idle, freq);
          if (enc.pending >= 8 << 20) writeFully(fd, enc.take());
        }
      }
      enc.writeFooter();
      writeFully(fd, enc.take());
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fd = -1;
      fs.renameSync(tmp, file);
      fsyncDir(file);
    } catch (e) {
      server.log('warning', 'Write error saving DB on disk: ' + (e as Error).message);
      if (fd >= 0) {
        try {
          fs.closeSync(fd);
        } catch {
          /* ignore */
        }
      }
      try {
        fs.unlinkSync(tmp);
      } catch {
        /* ignore */
      }
      return false;
    }
    server.log('notice', 'DB saved on disk');
    server.dirty = 0;
    server.lastSave = Math.floor(Date.now() / 1000);
    this.lastBgsaveOk = true;
    return true;
  }

  /**
   * Redis `rdbSaveBackground`: starts a sliced background save to dir/dbfilename.
   * @returns true when started; false when one is running or the temp file cannot be made.
   */
  rdbSaveBackground(): boolean {
    if (this.bgsave !== null) return false;
    const server = this.server;
    const file = this.rdbPath();
    const tmp = path.join(path.dirname(file), 'temp-' + process.pid + '-' + ++this.bgsaveSeq + '.rdb');
    this.dirtyBeforeBgsave = server.dirty;
    this.lastBgsaveTry = Math.floor(Date.now() / 1000);
    this.rdbSaves++;
    let bg: BgSave;
    try {
      bg = new BgSave(server, file, tmp, this.saveOptions(), (r, err) => this.bgsaveDone(bg, r, err));
    } catch (e) {
      this.lastBgsaveOk = false;
      server.log('warning', "Can't save in background: " + (e as Error).message);
      return false;
    }
    this.bgsave = bg;
    server.beforeKeyWrite = (db: RedisDb, key: string | null) => bg.beforeKeyWrite(db, key);
    server.log('notice', 'Background saving started');
    bg.start();
    return true;
  }

  /** Redis `backgroundSaveDoneHandlerDisk`. */
  private bgsaveDone(bg: BgSave, r: BgSaveResult, err: string | null): void {
    if (this.bgsave !== bg) return;
    const server = this.server;
    this.bgsave = null;
    server.beforeKeyWrite = undefined;
    this.lastCowSize = bg.cowBytes;
    this.lastBgsaveTimeSec = Math.floor((Date.now() - bg.startTime) / 1000);
    if (r === 'ok') {
      server.log('notice', 'DB saved on disk');
      server.log('notice', 'Background saving terminated with success');
      server.dirty -= this.dirtyBeforeBgsave;
      server.lastSave = Math.floor(Date.now() / 1000);
      this.lastBgsaveOk = true;
    } else if (r === 'error') {
      server.log('warning', 'Background saving error' + (err !== null ? ': ' + err : ''));
      this.lastBgsaveOk = false;
    } else {
      // Killed on purpose (Redis uses SIGUSR1 for that: the status is left unchanged).
      server.log('warning', 'Background saving terminated by signal 10');
    }
  }

  /** Redis `killRDBChild`: aborts a BGSAVE in progress, removing its temp file. */
  killBgsave(): void {
    const bg = this.bgsave;
    if (bg === null) return;
    bg.abort();
  }

  /** Starts the BGSAVE SCHEDULE'd save or a save point's, as serverCron does. */
  cron(): void {
    if (this.bgsave !== null || this.server.loading) return;
    const now = Math.floor(Date.now() / 1000);
    const retryOk = now - this.lastBgsaveTry > BGSAVE_RETRY_DELAY || this.lastBgsaveOk;
    if (this.bgsaveScheduled && retryOk) {
      if (this.rdbSaveBackground()) this.bgsaveScheduled = false;
      return;
    }
    const server = this.server;
    for (const [seconds, changes] of server.config.getSaveParams()) {
      if (server.dirty >= changes && now - server.lastSave > seconds && retryOk) {
        server.log('notice', changes + ' changes in ' + seconds + ' seconds. Saving...');
        this.rdbSaveBackground();
        break;
      }
    }
  }

  /**
   * SHUTDOWN / SIGTERM (Redis `prepareForShutdown`): kills a BGSAVE in progress, and saves
   * when asked (`save`: save points configured and not NOSAVE, or SAVE).
   * @returns false when the final save failed (the shutdown is then abandoned unless FORCE).
   */
  onShutdown(save: boolean): boolean {
    const server = this.server;
    if (this.bgsave !== null) {
      server.log('warning', 'There is a child saving an .rdb. Killing it!');
      this.killBgsave();
    }
    if (save) {
      server.log('notice', 'Saving the final RDB snapshot before exiting.');
      if (!this.rdbSave()) {
        server.log('warning', 'Error trying to save the DB, can\'t exit.');
        return false;
      }
    }
    return true;
  }

  /**
   * FLUSHALL (spec/flushall.md, Redis `flushAllDataAndResetRDB`), after the databases were
   * emptied: aborts a BGSAVE in progress and, when save points are configured, writes an
   * empty RDB (which resets `dirty`; the command then adds its own one).
   */
  onFlushall(): void {
    this.killBgsave();
    if (this.hasSavePoints()) this.rdbSave();
  }

  // ---------------------------------------------------------------------------------------
  // Loading
  // ---------------------------------------------------------------------------------------

  /** Builds the sink that puts loaded keys into the server's databases (dbAddRDBLoad). */
  private makeSink(skipExpired: boolean, allowDup = false): RdbLoadSink & { loaded: number; expired: number } {
    const server = this.server;
    const self = this;
    const lfuPolicy = server.config.getString('maxmemory-policy').endsWith('-lfu');
    const lruClock = server.lruClock;
    const now = Date.now();
    return {
      loaded: 0,
      expired: 0,
      aux(key: string, value: string): void {
        if (key === 'redis-ver') server.log('notice', 'Loading RDB produced by version ' + value);
        else if (key === 'ctime') server.log('notice', 'RDB age ' + Math.max(0, Math.floor(Date.now() / 1000) - (parseInt(value, 10) || 0)) + ' seconds');
        else if (key === 'used-mem') server.log('notice', 'RDB memory usage when created ' + ((parseInt(value, 10) || 0) / (1024 * 1024)).toFixed(2) + ' Mb');
        else if (key !== 'redis-bits' && key !== 'aof-base' && key !== 'aof-preamble' && key !== 'repl-stream-db' && key !== 'repl-id' && key !== 'repl-offset' && key !== 'lua') {
          server.log('debug', "Unrecognized RDB AUX field: '" + key + "'");
        }
      },
      resize(dbid: number, dbSize: number, expiresSize: number): void {
        // dictExpand, as rdbLoad does on RESIZEDB: the index never rehashes while loading.
        const db = server.db[dbid];
        db.dict.expand(db.dict.size + dbSize);
        db.expires.expand(db.expires.size + expiresSize);
      },
      functionLibrary(code: string): void {
        if (self.functionsProvider !== null) {
          const err = self.functionsProvider.load(code);
          if (err !== null) throw new RdbError('Failed loading library: ' + err);
        } else {
          self.functionLibraries.push(code);
        }
      },
      warn(msg: string): void {
        server.log('warning', msg);
      },
      entry(dbid: number, key: string, v: RedisValue, expireMs: number | bigint, idle: number, freq: number): void {
        if (skipExpired && expireMs !== -1 && expireMs < now) {
          this.expired++;
          return;
        }
        const db = server.db[dbid];
        const d = db.dict;
        // One index probe per new key (dictAdd); a duplicate is an error unless merging.
        let slot = d.add(key, v);
        if (slot < 0) {
          if (!allowDup) {
            server.log('warning', "RDB has duplicated key '" + key + "' in DB " + dbid);
            throw new RdbError('Duplicated key found in RDB file');
          }
          d.set(key, v);
          slot = d.slotOf(key);
        }
        let lru = lruClock;
        if (lfuPolicy) lru = (lfuTimeInMinutes(now) << 8) | (freq >= 0 ? freq : 5);
        else if (idle >= 0) {
          let abs = lruClock - idle;
          if (abs < 0) abs += LRU_CLOCK_MAX;
          lru = abs;
        }
        d.lru![slot] = lru;
        if (expireMs !== -1) db.setExpire(key, expireMs);
        this.loaded++;
      },
    };
  }

  /**
   * Loads an RDB file synchronously into the (empty) databases (Redis `rdbLoad`), skipping
   * keys already expired. Logs as Redis does.
   */
  loadFileSync(file: string = this.rdbPath(), allowDup = false): LoadResult {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { ok: false, error: (e as Error).message, missing: code === 'ENOENT' };
    }
    const server = this.server;
    const wasLoading = server.loading;
    server.loading = true;
    try {
      const sink = this.makeSink(true, allowDup);
      const loader = new RdbLoader(buf, sink, this.loadLimits(), server.db.length);
      while (!loader.step(Infinity)) {
        /* loads everything in one go */
      }
      this.afterLoad(loader, sink);
      return { ok: true, error: null, missing: false };
    } catch (e) {
      return { ok: false, error: (e as Error).message, missing: false };
    } finally {
      server.loading = wasLoading;
    }
  }

  private afterLoad(loader: RdbLoader, sink: { loaded: number; expired: number }): void {
    if (loader.checksumDisabled) this.server.log('notice', 'RDB file was saved with checksum disabled: no check performed.');
    this.lastLoadKeysLoaded = sink.loaded;
    this.lastLoadKeysExpired = sink.expired;
    this.server.log('notice', 'Done loading RDB, keys loaded: ' + sink.loaded + ', keys expired: ' + sink.expired + '.');
  }

  /**
   * Loads dir/dbfilename at startup in slices (INFO loading:1 and LOADING replies meanwhile),
   * logging "DB loaded from disk: N seconds". A missing file is not an error.
   * @returns a promise rejected with the error when the file is corrupt, truncated or
   *   unsupported (the caller must stop the server without touching the file).
   */
  async loadAtStartup(file: string = this.rdbPath()): Promise<void> {
    const server = this.server;
    // LOADING from the first moment: no client may see the empty keyspace meanwhile.
    server.loading = true;
    let buf: Buffer;
    try {
      buf = await fs.promises.readFile(file);
    } catch (e) {
      server.loading = false;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    const start = performance.now();
    this.loadingStartTime = Math.floor(Date.now() / 1000);
    this.loadingTotalBytes = buf.length;
    this.loadingLoadedBytes = 0;
    let lastProgress = Date.now();
    try {
      const sink = this.makeSink(true);
      const loader = new RdbLoader(buf, sink, this.loadLimits(), server.db.length);
      for (;;) {
        const done = loader.step(performance.now() + 20);
        this.loadingLoadedBytes = loader.loadedBytes;
        if (done) break;
        if (Date.now() - lastProgress >= 2000) {
          lastProgress = Date.now();
          server.log('notice', 'Loading RDB: ' + ((100 * loader.loadedBytes) / buf.length).toFixed(2) + '% (' + loader.loadedBytes + ' of ' + buf.length + ' bytes)');
        }
        await new Promise<void>((r) => setImmediate(r));
      }
      this.afterLoad(loader, sink);
      server.log('notice', 'DB loaded from disk: ' + ((performance.now() - start) / 1000).toFixed(3) + ' seconds');
    } finally {
      server.loading = false;
    }
  }

  /**
   * The startup hook: loads the RDB; on failure logs the reason and exits the process with
   * status 1, leaving the file untouched (Redis: "Fatal error loading the DB").
   */
  startupHook(): Promise<void> {
    const server = this.server;
    const file = this.rdbPath();
    return this.loadAtStartup(file).catch((e: unknown) => {
      server.log('warning', 'Internal error in RDB reading file ' + file + ': ' + (e as Error).message);
      server.log('warning', 'Fatal error loading the DB, check server logs. Exiting.');
      // Keep the shutdown hooks from saving over the file.
      server.shutdownHooks.length = 0;
      process.exit(1);
    });
  }

  /**
   * DEBUG RELOAD (Redis `debugCommand` "reload"): save (unless `nosave`), empty the
   * databases, load the file again (unless `noflush` keeps the data and loads on top).
   * @returns null on success or the error text for the reply.
   */
  debugReload(nosave: boolean, noflush: boolean, merge = false): string | null {
    const server = this.server;
    if (!nosave) {
      if (!this.rdbSave()) return 'Error trying to save the DB, check server logs.';
    }
    if (!noflush) server.emptyData(-1, false);
    const r = this.loadFileSync(this.rdbPath(), merge);
    if (!r.ok) return 'Error trying to load the RDB dump, check server logs.' + (r.error !== null ? ' (' + r.error + ')' : '');
    server.log('notice', 'DB reloaded by DEBUG RELOAD');
    return null;
  }
}

/** Writes all of `b` to `fd`. */
function writeFully(fd: number, b: Buffer): void {
  let off = 0;
  while (off < b.length) off += fs.writeSync(fd, b, off, b.length - off);
}

function idleSeconds(lru: number, clock: number): number {
  return clock >= lru ? clock - lru : clock + (LRU_CLOCK_MAX - lru);
}

function lfuCounter(lru: number, decay: number, now: number): number {
  const ldt = lru >>> 8;
  const counter = lru & 255;
  const nowMin = Math.floor(now / 60000) & 65535;
  const elapsed = nowMin >= ldt ? nowMin - ldt : 65535 - ldt + nowMin;
  const periods = decay !== 0 ? Math.floor(elapsed / decay) : 0;
  return periods !== 0 ? (periods > counter ? 0 : counter - periods) : counter;
}
