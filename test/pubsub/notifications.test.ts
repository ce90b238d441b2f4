/**
 * Keyspace notifications cannot be forgotten:
 *  1. every registered write command must have an entry in CORPUS below (the test fails for
 *     a new write command until someone adds one), and
 *  2. for each entry, the events published by Cinder (notify-keyspace-events "KEA" + "n")
 *     must equal those of real redis-server, in order, and the dispatcher's completeness
 *     check must not have flagged any command.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, RawClient, type Pair } from '../helpers/oracle.js';
import { CMD_WRITE } from '../../src/commands/types.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

type Argv = string[];
/** name (full command name) -> [setup commands, the command under test]. */
const CORPUS: Record<string, [Argv[], Argv]> = {
  append: [[], ['APPEND', 's', 'x']],
  bitfield: [[], ['BITFIELD', 'b', 'SET', 'u8', '0', '255']],
  bitop: [[['SET', 'a', 'x'], ['SET', 'b', 'y']], ['BITOP', 'AND', 'dest', 'a', 'b']],
  blmove: [[['RPUSH', 'l', 'a', 'b']], ['BLMOVE', 'l', 'l2', 'LEFT', 'RIGHT', '0']],
  blmpop: [[['RPUSH', 'l', 'a', 'b']], ['BLMPOP', '0', '1', 'l', 'LEFT', 'COUNT', '2']],
  blpop: [[['RPUSH', 'l', 'a']], ['BLPOP', 'l', '0']],
  brpop: [[['RPUSH', 'l', 'a', 'b']], ['BRPOP', 'l', '0']],
  brpoplpush: [[['RPUSH', 'l', 'a']], ['BRPOPLPUSH', 'l', 'l2', '0']],
  bzmpop: [[['ZADD', 'z', '1', 'a', '2', 'b']], ['BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '2']],
  bzpopmax: [[['ZADD', 'z', '1', 'a']], ['BZPOPMAX', 'z', '0']],
  bzpopmin: [[['ZADD', 'z', '1', 'a', '2', 'b']], ['BZPOPMIN', 'z', '0']],
  copy: [[['SET', 's', 'v']], ['COPY', 's', 'd']],
  decr: [[], ['DECR', 'n']],
  decrby: [[['SET', 'n', '5']], ['DECRBY', 'n', '2']],
  del: [[['SET', 'a', '1'], ['SET', 'b', '1']], ['DEL', 'a', 'b', 'c']],
  expire: [[['SET', 'k', 'v']], ['EXPIRE', 'k', '100']],
  expireat: [[['SET', 'k', 'v']], ['EXPIREAT', 'k', '1']],
  getdel: [[['SET', 'k', 'v']], ['GETDEL', 'k']],
  getex: [[['SET', 'k', 'v']], ['GETEX', 'k', 'EX', '100']],
  getset: [[], ['GETSET', 'k', 'v']],
  hdel: [[['HSET', 'h', 'a', '1', 'b', '2']], ['HDEL', 'h', 'a', 'b']],
  hincrby: [[], ['HINCRBY', 'h', 'f', '3']],
  hincrbyfloat: [[], ['HINCRBYFLOAT', 'h', 'f', '1.5']],
  hmset: [[], ['HMSET', 'h', 'a', '1', 'b', '2']],
  hset: [[], ['HSET', 'h', 'a', '1']],
  hsetnx: [[], ['HSETNX', 'h', 'a', '1']],
  incr: [[], ['INCR', 'n']],
  incrby: [[], ['INCRBY', 'n', '7']],
  incrbyfloat: [[], ['INCRBYFLOAT', 'n', '0.5']],
  linsert: [[['RPUSH', 'l', 'a']], ['LINSERT', 'l', 'BEFORE', 'a', 'z']],
  lmove: [[['RPUSH', 'l', 'a']], ['LMOVE', 'l', 'l2', 'LEFT', 'LEFT']],
  lmpop: [[['RPUSH', 'l', 'a', 'b']], ['LMPOP', '1', 'l', 'RIGHT']],
  lpop: [[['RPUSH', 'l', 'a']], ['LPOP', 'l']],
  lpush: [[], ['LPUSH', 'l', 'a', 'b']],
  lpushx: [[['RPUSH', 'l', 'a']], ['LPUSHX', 'l', 'b']],
  lrem: [[['RPUSH', 'l', 'a', 'a']], ['LREM', 'l', '0', 'a']],
  lset: [[['RPUSH', 'l', 'a']], ['LSET', 'l', '0', 'b']],
  ltrim: [[['RPUSH', 'l', 'a', 'b', 'c']], ['LTRIM', 'l', '0', '0']],
  move: [[['SET', 'k', 'v']], ['MOVE', 'k', '1']],
  mset: [[], ['MSET', 'a', '1', 'b', '2']],
  msetnx: [[], ['MSETNX', 'a', '1', 'b', '2']],
  persist: [[['SET', 'k', 'v', 'EX', '100']], ['PERSIST', 'k']],
  pexpire: [[['SET', 'k', 'v']], ['PEXPIRE', 'k', '100000']],
  pexpireat: [[['SET', 'k', 'v']], ['PEXPIREAT', 'k', '1']],
  psetex: [[], ['PSETEX', 'k', '100000', 'v']],
  rename: [[['SET', 'a', 'v']], ['RENAME', 'a', 'b']],
  renamenx: [[['SET', 'a', 'v']], ['RENAMENX', 'a', 'b']],
  rpop: [[['RPUSH', 'l', 'a', 'b']], ['RPOP', 'l', '2']],
  rpoplpush: [[['RPUSH', 'l', 'a']], ['RPOPLPUSH', 'l', 'l']],
  rpush: [[], ['RPUSH', 'l', 'a']],
  rpushx: [[['RPUSH', 'l', 'a']], ['RPUSHX', 'l', 'b']],
  sadd: [[], ['SADD', 's', 'a', 'b']],
  sdiffstore: [[['SADD', 'a', 'x', 'y'], ['SADD', 'b', 'y']], ['SDIFFSTORE', 'd', 'a', 'b']],
  set: [[], ['SET', 'k', 'v', 'EX', '100']],
  setbit: [[], ['SETBIT', 'b', '7', '1']],
  setex: [[], ['SETEX', 'k', '100', 'v']],
  setnx: [[], ['SETNX', 'k', 'v']],
  setrange: [[], ['SETRANGE', 'k', '3', 'abc']],
  sinterstore: [[['SADD', 'a', 'x', 'y'], ['SADD', 'b', 'y']], ['SINTERSTORE', 'd', 'a', 'b']],
  smove: [[['SADD', 'a', 'x']], ['SMOVE', 'a', 'b', 'x']],
  sort: [[['RPUSH', 'l', '3', '1', '2']], ['SORT', 'l', 'STORE', 'd']],
  spop: [[['SADD', 's', 'only']], ['SPOP', 's']],
  srem: [[['SADD', 's', 'a', 'b']], ['SREM', 's', 'a', 'b']],
  sunionstore: [[['SADD', 'a', 'x'], ['SADD', 'b', 'y']], ['SUNIONSTORE', 'd', 'a', 'b']],
  unlink: [[['SET', 'a', '1']], ['UNLINK', 'a', 'b']],
  zadd: [[], ['ZADD', 'z', '1', 'a', '2', 'b']],
  zdiffstore: [[['ZADD', 'a', '1', 'x', '2', 'y'], ['ZADD', 'b', '1', 'y']], ['ZDIFFSTORE', 'd', '2', 'a', 'b']],
  zincrby: [[], ['ZINCRBY', 'z', '2', 'm']],
  zinterstore: [[['ZADD', 'a', '1', 'x'], ['ZADD', 'b', '1', 'x']], ['ZINTERSTORE', 'd', '2', 'a', 'b']],
  zmpop: [[['ZADD', 'z', '1', 'a', '2', 'b']], ['ZMPOP', '1', 'z', 'MAX']],
  zpopmax: [[['ZADD', 'z', '1', 'a']], ['ZPOPMAX', 'z']],
  zpopmin: [[['ZADD', 'z', '1', 'a', '2', 'b']], ['ZPOPMIN', 'z', '2']],
  zrangestore: [[['ZADD', 'z', '1', 'a', '2', 'b']], ['ZRANGESTORE', 'd', 'z', '0', '0']],
  zrem: [[['ZADD', 'z', '1', 'a']], ['ZREM', 'z', 'a']],
  zremrangebylex: [[['ZADD', 'z', '0', 'a', '0', 'b']], ['ZREMRANGEBYLEX', 'z', '[a', '[a']],
  zremrangebyrank: [[['ZADD', 'z', '1', 'a', '2', 'b']], ['ZREMRANGEBYRANK', 'z', '0', '-1']],
  zremrangebyscore: [[['ZADD', 'z', '1', 'a', '2', 'b']], ['ZREMRANGEBYSCORE', 'z', '1', '1']],
  zunionstore: [[['ZADD', 'a', '1', 'x'], ['ZADD', 'b', '1', 'y']], ['ZUNIONSTORE', 'd', '2', 'a', 'b']],
  geoadd: [[], ['GEOADD', 'g', '13.361389', '38.115556', 'Palermo']],
  georadius: [[['GEOADD', 'g', '13.361389', '38.115556', 'Palermo']], ['GEORADIUS', 'g', '15', '37', '200', 'km', 'STORE', 'd']],
  georadiusbymember: [[['GEOADD', 'g', '13.361389', '38.115556', 'Palermo']], ['GEORADIUSBYMEMBER', 'g', 'Palermo', '10', 'km', 'STORE', 'd']],
  geosearchstore: [[['GEOADD', 'g', '13.361389', '38.115556', 'Palermo']], ['GEOSEARCHSTORE', 'd', 'g', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '10', 'km']],
  pfadd: [[], ['PFADD', 'hll', 'a', 'b']],
  pfmerge: [[['PFADD', 'a', 'x'], ['PFADD', 'b', 'y']], ['PFMERGE', 'd', 'a', 'b']],
  restore: [[], ['RESTORE', 'r', '0', '\x00\x01v\x0b\x00\x8a\x8d\x15\xa8\x8e\x85\xcf\xd9', 'REPLACE']],
  xadd: [[], ['XADD', 'st', '1-1', 'f', 'v']],
  xack: [[['XADD', 'st', '1-1', 'f', 'v'], ['XGROUP', 'CREATE', 'st', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'st', '>']], ['XACK', 'st', 'g', '1-1']],
  xautoclaim: [[['XADD', 'st', '1-1', 'f', 'v'], ['XGROUP', 'CREATE', 'st', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'st', '>']], ['XAUTOCLAIM', 'st', 'g', 'c2', '0', '0']],
  xclaim: [[['XADD', 'st', '1-1', 'f', 'v'], ['XGROUP', 'CREATE', 'st', 'g', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'st', '>']], ['XCLAIM', 'st', 'g', 'c2', '0', '1-1']],
  xdel: [[['XADD', 'st', '1-1', 'f', 'v']], ['XDEL', 'st', '1-1']],
  'xgroup|create': [[['XADD', 'st', '1-1', 'f', 'v']], ['XGROUP', 'CREATE', 'st', 'g', '$']],
  'xgroup|createconsumer': [[['XADD', 'st', '1-1', 'f', 'v'], ['XGROUP', 'CREATE', 'st', 'g', '$']], ['XGROUP', 'CREATECONSUMER', 'st', 'g', 'c']],
  'xgroup|delconsumer': [[['XADD', 'st', '1-1', 'f', 'v'], ['XGROUP', 'CREATE', 'st', 'g', '$'], ['XGROUP', 'CREATECONSUMER', 'st', 'g', 'c']], ['XGROUP', 'DELCONSUMER', 'st', 'g', 'c']],
  'xgroup|destroy': [[['XADD', 'st', '1-1', 'f', 'v'], ['XGROUP', 'CREATE', 'st', 'g', '$']], ['XGROUP', 'DESTROY', 'st', 'g']],
  'xgroup|setid': [[['XADD', 'st', '1-1', 'f', 'v'], ['XGROUP', 'CREATE', 'st', 'g', '$']], ['XGROUP', 'SETID', 'st', 'g', '0']],
  xreadgroup: [[['XADD', 'st', '1-1', 'f', 'v'], ['XGROUP', 'CREATE', 'st', 'g', '0']], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'st', '>']],
  xsetid: [[['XADD', 'st', '1-1', 'f', 'v']], ['XSETID', 'st', '5-5']],
  xtrim: [[['XADD', 'st', '1-1', 'f', 'v'], ['XADD', 'st', '2-1', 'f', 'v']], ['XTRIM', 'st', 'MAXLEN', '1']],
};

/** Write commands whose events (if any) come from elsewhere, or which cannot run here. */
const NOT_IN_CORPUS = new Set([
  'flushall', 'flushdb', 'swapdb', 'migrate', 'restore-asking', 'pfdebug',
  'function|delete', 'function|flush', 'function|load', 'function|restore',
]);

/**
 * Runs setup + command on a server with all keyspace events on, and returns the events the
 * subscriber saw for the command (setup events excluded).
 */
async function eventsFor(port: number, setup: Argv[], cmd: Argv): Promise<string> {
  const admin = await RawClient.connect(port);
  const sub = await RawClient.connect(port);
  try {
    await admin.send('FLUSHALL');
    for (const s of setup) await admin.send(...s);
    await admin.send('CONFIG', 'SET', 'notify-keyspace-events', 'KEAn');
    await sub.send('PSUBSCRIBE', '__key*');
    await admin.send(...cmd);
    await admin.send('PUBLISH', '__key-end', 'x');
    let events = '';
    for (;;) {
      const r = await sub.readReply();
      if (r.includes('__key-end')) break;
      events += r;
    }
    return events;
  } finally {
    await admin.send('CONFIG', 'SET', 'notify-keyspace-events', '');
    admin.close();
    sub.close();
  }
}

test('every registered write command has a notification corpus entry', () => {
  const missing: string[] = [];
  for (const cmd of pair.cinder.server.commands.values()) {
    const all = cmd.subcommands === null ? [cmd] : [...cmd.subcommands.values()];
    for (const c of all) {
      if ((c.flags & CMD_WRITE) === 0 || NOT_IN_CORPUS.has(c.fullname)) continue;
      if (!(c.fullname in CORPUS)) missing.push(c.fullname);
    }
  }
  assert.deepEqual(missing, [], 'add these write commands to CORPUS in test/pubsub/notifications.test.ts');
});

test('keyspace events of every registered write command match Redis', async () => {
  const registered = (full: string): boolean => {
    const [name, sub] = full.split('|');
    const cmd = pair.cinder.server.commands.get(name);
    return cmd !== undefined && (sub === undefined || (cmd.subcommands?.has(sub) ?? false));
  };
  let checked = 0;
  for (const [name, [setup, cmd]] of Object.entries(CORPUS)) {
    if (!registered(name) || !setup.every((s) => registered(s[0].toLowerCase()) || registered(s[0].toLowerCase() + '|' + (s[1] ?? '').toLowerCase()))) continue;
    const a = await eventsFor(pair.oracle.port, setup, cmd);
    const b = await eventsFor(pair.cinder.port, setup, cmd);
    assert.equal(b, a, 'events of ' + JSON.stringify(cmd));
    checked++;
  }
  assert.ok(checked > 0);
  assert.deepEqual([...pair.cinder.server.missingNotifications], []);
});

test('expired events fire from lazy and active expiry', async () => {
  const run = async (port: number): Promise<string> => {
    const admin = await RawClient.connect(port);
    const sub = await RawClient.connect(port);
    await admin.send('FLUSHALL');
    await admin.send('CONFIG', 'SET', 'notify-keyspace-events', 'Ex');
    await sub.send('SUBSCRIBE', '__keyevent@0__:expired');
    await admin.send('SET', 'lazy', 'v', 'PX', '5');
    await new Promise((r) => setTimeout(r, 30));
    await admin.send('GET', 'lazy'); // lazy expiry
    const first = await sub.readReply();
    await admin.send('SET', 'active', 'v', 'PX', '5');
    const second = await sub.readReply(3000); // the active expire cycle finds it
    await admin.send('CONFIG', 'SET', 'notify-keyspace-events', '');
    admin.close();
    sub.close();
    return first + second;
  };
  const a = await run(pair.oracle.port);
  const b = await run(pair.cinder.port);
  assert.equal(b, a);
});
