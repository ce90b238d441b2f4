/**
 * Tracing helpers for oracle tests of write commands: runs a command sequence on both servers
 * and compares replies (RESP2 and RESP3), keyspace events, the dirty delta and OBJECT
 * ENCODING of chosen keys.
 */
import assert from 'node:assert/strict';
import { RawClient, type Pair } from './oracle.js';
import { encodingOf } from '../../src/keyspace/object.js';

/** The items of a flat RESP array of bulk/simple strings. */
export function bulkItems(raw: string): string[] {
  const out: string[] = [];
  let p = raw.indexOf('\r\n') + 2;
  while (p < raw.length) {
    const eol = raw.indexOf('\r\n', p);
    const t = raw[p];
    if (t === '$') {
      const n = parseInt(raw.slice(p + 1, eol), 10);
      out.push(raw.slice(eol + 2, eol + 2 + n));
      p = eol + 2 + n + 2;
    } else {
      out.push(raw.slice(p + 1, eol));
      p = eol + 2;
    }
  }
  return out;
}

/** What one command sequence did: replies, keyspace events, dirty delta, encodings of watched keys. */
export interface Trace {
  replies: string[];
  events: string[];
  dirty: number;
  enc: string[];
}

export async function oracleDirty(c: RawClient): Promise<number> {
  const info = await c.send('INFO', 'persistence');
  const m = /rdb_changes_since_last_save:(\d+)/.exec(info);
  return m === null ? -1 : parseInt(m[1], 10);
}

/** Runs `cmds` on the oracle, capturing events with PSUBSCRIBE and dirty from INFO. */
export async function traceOracle(pair: Pair, cmds: ReadonlyArray<readonly string[]>, keys: readonly string[], resp: number): Promise<Trace> {
  const port = pair.oracle.port;
  const c = await RawClient.connect(port);
  const sub = await RawClient.connect(port);
  try {
    await c.send('FLUSHALL');
    if (resp === 3) await c.send('HELLO', '3');
    await sub.send('PSUBSCRIBE', '__key*__:*');
    const d0 = await oracleDirty(c);
    const replies: string[] = [];
    for (const argv of cmds) replies.push(await c.send(...argv));
    const d1 = await oracleDirty(c);
    sub.write('*1\r\n$4\r\nPING\r\n');
    const events: string[] = [];
    for (;;) {
      const r = await sub.readReply();
      const items = bulkItems(r);
      if (items[0] === 'pong') break;
      events.push(items[2] + ' ' + items[3]);
    }
    const enc: string[] = [];
    for (const k of keys) {
      const r = await c.send('OBJECT', 'ENCODING', k);
      enc.push(r.startsWith('$-1') || r.startsWith('_') ? 'none' : bulkItems('*1\r\n' + r)[0]);
    }
    return { replies, events, dirty: d1 - d0, enc };
  } finally {
    c.close();
    sub.close();
  }
}

/** Runs `cmds` on Cinder, capturing events through the publish hook. */
export async function traceCinder(pair: Pair, cmds: ReadonlyArray<readonly string[]>, keys: readonly string[], resp: number): Promise<Trace> {
  const server = pair.cinder.server;
  const c = await RawClient.connect(pair.cinder.port);
  const events: string[] = [];
  const prev = server.publishHook;
  try {
    await c.send('FLUSHALL');
    if (resp === 3) await c.send('HELLO', '3');
    server.publishHook = (ch: string, msg: string): void => {
      events.push(ch + ' ' + msg);
    };
    const d0 = server.dirty;
    const replies: string[] = [];
    for (const argv of cmds) replies.push(await c.send(...argv));
    const d1 = server.dirty;
    server.publishHook = prev;
    const enc: string[] = [];
    for (const k of keys) {
      const v = server.db[0].dict.get(k);
      enc.push(v === undefined ? 'none' : encodingOf(v));
    }
    return { replies, events, dirty: d1 - d0, enc };
  } finally {
    server.publishHook = prev;
    c.close();
  }
}

/**
 * Runs `cmds` on both servers (fresh, flushed) and asserts identical replies (RESP2 and
 * RESP3), identical keyspace events, dirty increments and OBJECT ENCODING of `keys`.
 */
/** Replies (RESP2 and RESP3), keyspace events, dirty delta and encodings of `keys` must match. */
export async function trace(pair: Pair, cmds: ReadonlyArray<readonly string[]>, keys: readonly string[] = []): Promise<void> {
  for (const resp of [2, 3]) {
    const a = await traceOracle(pair, cmds, keys, resp);
    const b = await traceCinder(pair, cmds, keys, resp);
    for (let i = 0; i < cmds.length; i++) {
      assert.equal(b.replies[i], a.replies[i], 'RESP' + resp + ' reply to ' + JSON.stringify(cmds[i]) + ' (#' + i + ')');
    }
    assert.deepEqual(b.events, a.events, 'RESP' + resp + ' keyspace events of ' + JSON.stringify(cmds));
    assert.equal(b.dirty, a.dirty, 'RESP' + resp + ' dirty delta of ' + JSON.stringify(cmds));
    assert.deepEqual(b.enc, a.enc, 'encodings of ' + JSON.stringify(keys) + ' after ' + JSON.stringify(cmds));
  }
}

/** All 256 byte values, as a one-byte string. */
/** All 256 byte values, as a one-byte string. */
export const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

/** A deterministic PRNG (mulberry32) so fuzz cases are reproducible. */
/** A small deterministic PRNG (mulberry32) so both servers get the same commands. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` random bytes from `r`, as a one-byte string. */
export function randBytes(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(r() * 256));
  return s;
}

/**
 * The raw keyspace-event frames (notify-keyspace-events KEA) a command sequence publishes on
 * the server at `port`, after a FLUSHALL; compare the results of the oracle and Cinder.
 */
export async function eventsOf(port: number, cmds: readonly string[][]): Promise<string> {
  const sub = await RawClient.connect(port);
  const c = await RawClient.connect(port);
  try {
    await c.send('FLUSHALL');
    await c.send('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    await sub.send('PSUBSCRIBE', '__key*@*');
    for (const cmd of cmds) await c.send(...cmd);
    await c.send('PUBLISH', 'zzend', 'x');
    await new Promise((r) => setTimeout(r, 60));
    return sub.pending;
  } finally {
    await c.send('CONFIG', 'SET', 'notify-keyspace-events', '');
    sub.close();
    c.close();
  }
}
