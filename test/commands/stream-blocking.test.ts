/**
 * Blocking XREAD / XREADGROUP with several raw clients. Scripts run the same steps against the
 * oracle (redis-server 7.0.15) and Cinder and compare every reply byte for byte. What Redis 7.2
 * changed (a blocked XREADGROUP is re-executed when woken, so a deleted key, a type change, a
 * flush, SWAPDB, RENAME or XGROUP DESTROY answers NOGROUP/WRONGTYPE from the command itself)
 * is asserted explicitly on Cinder, citing the 7.2 tests (tests/unit/type/stream-cgroups.tcl,
 * "Blocking XREADGROUP: key deleted" & co.).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, RawClient, encodeCommand, type Pair } from '../helpers/oracle.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

/** One step: send on client `c` (no wait), read one reply from `c`, or sleep. `$IDn` in argv is client n's CLIENT ID. */
type Step = { c: number; send: string[] } | { c: number; read: true } | { sleep: number };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function blockedNow(control: RawClient): Promise<number> {
  const info = await control.send('INFO', 'clients');
  const m = /blocked_clients:(\d+)/.exec(info);
  return m === null ? -1 : Number(m[1]);
}

/**
 * Runs `steps` on `n` fresh connections (after FLUSHALL; RESP3 sends HELLO 3 on each) and
 * returns the replies read plus whatever is left unread at the end.
 */
async function runScript(port: number, n: number, steps: readonly Step[], resp: number): Promise<string[]> {
  const clients: RawClient[] = [];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = await RawClient.connect(port);
    if (resp === 3) await c.send('HELLO', '3');
    ids.push(/:(\d+)/.exec(await c.send('CLIENT', 'ID'))![1]);
    clients.push(c);
  }
  await clients[0].send('FLUSHALL');
  const control = await RawClient.connect(port);
  const out: string[] = [];
  try {
    for (const s of steps) {
      if ('sleep' in s) await sleep(s.sleep);
      else if ('send' in s) {
        const argv = s.send.map((a) => a.replace(/^\$ID(\d)$/, (_m, k: string) => ids[Number(k)]));
        const isBlocking = argv.some((a) => a.toUpperCase() === 'BLOCK');
        const before = isBlocking ? await blockedNow(control) : 0;
        clients[s.c].write(encodeCommand(argv));
        await sleep(isBlocking ? 5 : 30);
        if (isBlocking) for (let i = 0; i < 50 && (await blockedNow(control)) === before; i++) await sleep(10);
      } else {
        try {
          out.push(await clients[s.c].readReply(3000));
        } catch (e) {
          out.push('<no reply: ' + (e as Error).message.slice(0, 40) + '>');
        }
      }
    }
    for (let i = 0; i < clients.length; i++) out.push('pending' + i + ':' + clients[i].pending);
    out.push('blocked:' + (await blockedNow(control)));
  } finally {
    for (const c of clients) c.close();
    control.close();
  }
  return out;
}

async function checkScript(n: number, steps: readonly Step[], protocols: number[] = [2, 3]): Promise<void> {
  for (const resp of protocols) {
    const a = await runScript(pair.oracle.port, n, steps, resp);
    const b = await runScript(pair.cinder.port, n, steps, resp);
    assert.deepEqual(b, a, 'RESP' + resp);
  }
}

const send = (c: number, ...argv: string[]): Step => ({ c, send: argv });
const read = (c: number): Step => ({ c, read: true });

test('XREAD BLOCK $: every waiter gets the new entry, in arrival order', async () => {
  await checkScript(4, [
    send(0, 'XADD', 's', '1', 'f', 'v'),
    read(0),
    send(1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'),
    send(2, 'XREAD', 'BLOCK', '0', 'COUNT', '1', 'STREAMS', 'other', 's', '$', '$'),
    send(3, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '0'),
    read(3),
    send(0, 'MULTI'),
    read(0),
    send(0, 'XADD', 's', '2', 'a', 'b'),
    read(0),
    send(0, 'XADD', 's', '3', 'c', 'd'),
    read(0),
    send(0, 'EXEC'),
    read(0),
    read(1),
    read(2),
  ]);
});

test('XREAD BLOCK on a missing key wakes on creation; timeouts reply a null array', async () => {
  await checkScript(3, [
    send(1, 'XREAD', 'BLOCK', '0', 'STREAMS', 'a', 'b', '$', '$'),
    send(2, 'XREAD', 'BLOCK', '100', 'STREAMS', 'c', '$'),
    send(0, 'XADD', 'b', '5-5', 'f', 'v'),
    read(0),
    read(1),
    { sleep: 200 },
    read(2),
    send(2, 'XREAD', 'BLOCK', '1', 'STREAMS', 'c', '0'),
    { sleep: 50 },
    read(2),
  ]);
});

test('XREAD BLOCK $ survives DEL and a type change, and is served by the next XADD', async () => {
  await checkScript(3, [
    send(0, 'XADD', 's', '666', 'f', 'v'),
    read(0),
    send(1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'),
    send(0, 'DEL', 's'),
    read(0),
    send(0, 'SET', 's', 'x'),
    read(0),
    send(0, 'DEL', 's'),
    read(0),
    send(0, 'RPUSH', 's', 'x'),
    read(0),
    send(0, 'DEL', 's'),
    read(0),
    send(0, 'XADD', 's', '667', 'f', 'v'),
    read(0),
    read(1),
  ]);
});

test('XREAD BLOCK woken by an XADD that trims, and by XADD on one of several keys', async () => {
  await checkScript(3, [
    send(0, 'XADD', 's', '1', 'f', 'v'),
    read(0),
    send(1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'),
    send(2, 'XREAD', 'COUNT', '5', 'BLOCK', '0', 'STREAMS', 'x', 'y', 's', '0', '0', '1'),
    send(0, 'XADD', 's', 'MAXLEN', '1', '2', 'f', 'w'),
    read(0),
    read(1),
    read(2),
  ]);
});

test('XREADGROUP BLOCK >: the first waiter takes the entry, the next keeps waiting', async () => {
  await checkScript(4, [
    send(0, 'XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'),
    read(0),
    send(1, 'XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>'),
    send(2, 'XREADGROUP', 'GROUP', 'g', 'bob', 'BLOCK', '0', 'STREAMS', 's', '>'),
    send(3, 'XREADGROUP', 'GROUP', 'g', 'carol', 'NOACK', 'BLOCK', '0', 'COUNT', '1', 'STREAMS', 's', '>'),
    send(0, 'XADD', 's', '1', 'f', 'v'),
    read(0),
    read(1),
    send(0, 'XADD', 's', '2', 'f', 'v'),
    read(0),
    read(2),
    send(0, 'XADD', 's', '3', 'f', 'v'),
    read(0),
    read(3),
    send(0, 'XPENDING', 's', 'g'),
    read(0),
    send(0, 'XINFO', 'GROUPS', 's'),
    read(0),
  ]);
});

test('XREADGROUP BLOCK with a history ID answers at once; BLOCK inside MULTI does not block', async () => {
  await checkScript(2, [
    send(0, 'XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'),
    read(0),
    send(0, 'XADD', 's', '666', 'f', 'v'),
    read(0),
    send(0, 'XDEL', 's', '666'),
    read(0),
    send(1, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '0'),
    read(1),
    send(1, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '10', 'STREAMS', 's', '>'),
    { sleep: 60 },
    read(1),
    send(1, 'MULTI'),
    read(1),
    send(1, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'),
    read(1),
    send(1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'),
    read(1),
    send(1, 'EXEC'),
    read(1),
  ]);
});

test('CLIENT UNBLOCK of XREAD / XREADGROUP (TIMEOUT and ERROR)', async () => {
  await checkScript(3, [
    send(0, 'XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'),
    read(0),
    send(1, 'XREAD', 'BLOCK', '0', 'STREAMS', 's', '$'),
    send(2, 'XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'),
    send(0, 'CLIENT', 'UNBLOCK', '$ID1'),
    read(0),
    read(1),
    send(0, 'CLIENT', 'UNBLOCK', '$ID2', 'ERROR'),
    read(0),
    read(2),
    send(0, 'CLIENT', 'UNBLOCK', '$ID2', 'ERROR'),
    read(0),
    send(1, 'PING'),
    read(1),
  ]);
});

test('XREAD BLOCK argument errors', async () => {
  await checkScript(1, [
    send(0, 'XREAD', 'BLOCK', '1.5', 'STREAMS', 's', '$'),
    read(0),
    send(0, 'XREAD', 'BLOCK', '-1', 'STREAMS', 's', '$'),
    read(0),
    send(0, 'XREAD', 'BLOCK', '99999999999999999999', 'STREAMS', 's', '$'),
    read(0),
  ]);
  // 7.2 getTimeoutFromObjectOrReply refuses a deadline that overflows (7.0 blocks forever).
  const [c] = await cinderClients(1);
  try {
    assert.equal(await c.send('XREAD', 'BLOCK', '9223372036854775807', 'STREAMS', 's', '$'), '-ERR timeout is out of range\r\n');
  } finally {
    c.close();
  }
});

// ---------------------------------------------------------------------------------------
// Redis 7.2: a woken XREADGROUP is re-executed (explicit, the 7.0 oracle differs).
// ---------------------------------------------------------------------------------------

async function cinderClients(n: number): Promise<RawClient[]> {
  const out: RawClient[] = [];
  for (let i = 0; i < n; i++) out.push(await RawClient.connect(pair.cinder.port));
  await out[0].send('FLUSHALL');
  return out;
}

async function waitBlocked(c: RawClient, n: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await blockedNow(c)) === n) return;
    await sleep(5);
  }
  throw new Error('clients not blocked');
}

const NOGROUP = "-NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option\r\n";
const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';

/** Blocks client 1 in XREADGROUP on s/g, runs `action` on client 0, returns client 1's reply. */
async function blockedXreadgroupAfter(action: (c: RawClient) => Promise<void>, setup: string[][] = []): Promise<string> {
  const [c, rd] = await cinderClients(2);
  try {
    await c.send('XADD', 's', '666', 'f', 'v');
    await c.send('XGROUP', 'CREATE', 's', 'g', '$');
    for (const s of setup) await c.send(...s);
    rd.write(encodeCommand(['XREADGROUP', 'GROUP', 'g', 'Alice', 'BLOCK', '0', 'STREAMS', 's', '>']));
    await waitBlocked(c, 1);
    await action(c);
    const r = await rd.readReply(2000);
    assert.equal(await blockedNow(c), 0);
    return r;
  } finally {
    c.close();
    rd.close();
  }
}

test('7.2: blocked XREADGROUP gets NOGROUP when the key is deleted', async () => {
  assert.equal(await blockedXreadgroupAfter(async (c) => void (await c.send('DEL', 's'))), NOGROUP);
  assert.equal(await blockedXreadgroupAfter(async (c) => void (await c.send('UNLINK', 's'))), NOGROUP);
});

test('7.2: blocked XREADGROUP gets WRONGTYPE when the key changes type (SET, or DEL+SADD in MULTI)', async () => {
  assert.equal(await blockedXreadgroupAfter(async (c) => void (await c.send('SET', 's', 'val1'))), WRONGTYPE);
  const r = await blockedXreadgroupAfter(async (c) => {
    await c.send('MULTI');
    await c.send('DEL', 's');
    await c.send('SADD', 's', 'e1');
    await c.send('EXEC');
  });
  assert.equal(r, WRONGTYPE);
});

test('7.2: blocked XREADGROUP gets NOGROUP on FLUSHALL / FLUSHDB', async () => {
  assert.equal(await blockedXreadgroupAfter(async (c) => void (await c.send('FLUSHALL'))), NOGROUP);
  assert.equal(await blockedXreadgroupAfter(async (c) => void (await c.send('FLUSHDB', 'ASYNC'))), NOGROUP);
});

test('7.2: blocked XREADGROUP gets NOGROUP on XGROUP DESTROY, counted as a failed call', async () => {
  const [c, rd] = await cinderClients(2);
  try {
    await c.send('CONFIG', 'RESETSTAT');
    await c.send('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    rd.write(encodeCommand(['XREADGROUP', 'GROUP', 'g', 'Alice', 'BLOCK', '0', 'STREAMS', 's', '>']));
    await waitBlocked(c, 1);
    assert.equal(await c.send('XGROUP', 'DESTROY', 's', 'g'), ':1\r\n');
    assert.equal(await rd.readReply(2000), NOGROUP);
    const stats = await c.send('INFO', 'commandstats');
    assert.match(stats, /cmdstat_xreadgroup:calls=1,usec=\d+,usec_per_call=[\d.]+,rejected_calls=0,failed_calls=1/);
    assert.match(await c.send('INFO', 'errorstats'), /errorstat_NOGROUP:count=1/);
  } finally {
    c.close();
    rd.close();
  }
});

test('7.2: blocked XREADGROUP and SWAPDB (key gone -> NOGROUP, other type -> WRONGTYPE)', async () => {
  const swapTo = async (setup: string[][], expected: string): Promise<void> => {
    const [c, rd] = await cinderClients(2);
    try {
      await c.send('SELECT', '4');
      await c.send('FLUSHDB');
      for (const s of setup) await c.send(...s);
      await c.send('SELECT', '9');
      await c.send('XADD', 's', '666', 'f', 'v');
      await c.send('XGROUP', 'CREATE', 's', 'g', '$');
      await rd.send('SELECT', '9');
      rd.write(encodeCommand(['XREADGROUP', 'GROUP', 'g', 'Alice', 'BLOCK', '0', 'STREAMS', 's', '>']));
      await waitBlocked(c, 1);
      await c.send('SWAPDB', '4', '9');
      assert.equal(await rd.readReply(2000), expected);
    } finally {
      c.close();
      rd.close();
    }
  };
  await swapTo([], NOGROUP);
  await swapTo([['LPUSH', 's', 'e1']], WRONGTYPE);
});

test('7.2: RENAME onto the key wakes a blocked XREADGROUP (data when the group came along, else NOGROUP)', async () => {
  const [c, rd] = await cinderClients(2);
  try {
    await c.send('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    rd.write(encodeCommand(['XREADGROUP', 'GROUP', 'g', 'Alice', 'BLOCK', '0', 'STREAMS', 's', '>']));
    await waitBlocked(c, 1);
    await c.send('XGROUP', 'CREATE', 's2', 'g', '$', 'MKSTREAM');
    await c.send('XADD', 's2', '100', 'f1', 'v1');
    await c.send('RENAME', 's2', 's');
    assert.equal(await rd.readReply(2000), '*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$5\r\n100-0\r\n*2\r\n$2\r\nf1\r\n$2\r\nv1\r\n');
    await c.send('DEL', 's');
    await c.send('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    rd.write(encodeCommand(['XREADGROUP', 'GROUP', 'g', 'Alice', 'BLOCK', '0', 'STREAMS', 's', '>']));
    await waitBlocked(c, 1);
    await c.send('XADD', 's2', '100', 'f1', 'v1');
    await c.send('RENAME', 's2', 's');
    assert.equal(await rd.readReply(2000), NOGROUP);
  } finally {
    c.close();
    rd.close();
  }
});

test('7.2: a re-blocked XREADGROUP keeps its original deadline', async () => {
  // tests/unit/type/stream-cgroups.tcl "Blocking XREADGROUP for stream key that has clients
  // blocked on stream - reprocessing command" (7.2.5+: #13004).
  const [c, rd1, rd2] = await cinderClients(3);
  try {
    await c.send('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    rd1.write(encodeCommand(['XREADGROUP', 'GROUP', 'g', 'u', 'BLOCK', '0', 'STREAMS', 's', '>']));
    await waitBlocked(c, 1);
    const start = Date.now();
    rd2.write(encodeCommand(['XREADGROUP', 'GROUP', 'g', 'u', 'BLOCK', '400', 'STREAMS', 's', '>']));
    await waitBlocked(c, 2);
    await sleep(150);
    await c.send('XADD', 's', '1', 'f', 'v');
    assert.match(await rd1.readReply(2000), /^\*1\r\n/);
    assert.equal(await rd2.readReply(2000), '*-1\r\n');
    const took = Date.now() - start;
    assert.ok(took >= 390 && took < 520, 'took ' + took);
  } finally {
    c.close();
    rd1.close();
    rd2.close();
  }
});

test('7.2: XREAD BLOCK rewrites $ to the last ID (seen by MONITOR-free re-execution): later entries only', async () => {
  const [c, rd] = await cinderClients(2);
  try {
    await c.send('XADD', 's', '5', 'f', 'v');
    rd.write(encodeCommand(['XREAD', 'BLOCK', '0', 'STREAMS', 's', '$']));
    await waitBlocked(c, 1);
    // A write that wakes the key but adds nothing after 5-0: the client blocks again.
    await c.send('XGROUP', 'CREATE', 's', 'g', '0');
    await c.send('XGROUP', 'DESTROY', 's', 'g');
    await sleep(20);
    assert.equal(await blockedNow(c), 1);
    await c.send('XADD', 's', '6', 'f', 'w');
    assert.equal(await rd.readReply(2000), '*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n6-0\r\n*2\r\n$1\r\nf\r\n$1\r\nw\r\n');
  } finally {
    c.close();
    rd.close();
  }
});

test('7.2: a woken XREADGROUP with nothing new (XADD+XDEL in MULTI) blocks again', async () => {
  // 7.2 re-executes the command: no entry after the group's last ID, so it blocks again
  // (7.0 replied {s {}}: see "Blocking XREADGROUP: ... was served synchronously with
  // {mystream {}}" in tests/unit/type/stream-cgroups.tcl).
  const [c, rd] = await cinderClients(2);
  try {
    await c.send('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    rd.write(encodeCommand(['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>']));
    await waitBlocked(c, 1);
    await c.send('MULTI');
    await c.send('XADD', 's', '1', 'f', 'v');
    await c.send('XDEL', 's', '1');
    await c.send('EXEC');
    await sleep(20);
    assert.equal(await blockedNow(c), 1);
    await c.send('XADD', 's', '2', 'f', 'v');
    assert.equal(await rd.readReply(2000), '*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n');
  } finally {
    c.close();
    rd.close();
  }
});
