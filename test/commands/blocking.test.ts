/**
 * Blocking list commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) with several raw clients,
 * run as the same script against the oracle and Cinder, comparing every reply byte for byte.
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

/** One step: send a command on client `c` (no wait), read one reply from `c`, or sleep. */
type Step = { c: number; send: string[] } | { c: number; read: true } | { sleep: number } | { c: number; close: true } | { c: number; sendRaw: string };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `steps` on `nclients` fresh connections to `port` (after FLUSHALL; `resp` 3 sends
 * HELLO 3 on each) and returns the replies read, in order. A {c, send} step waits 40 ms so the
 * server has processed it before the next step (blocking order matters).
 */
async function runScript(port: number, nclients: number, steps: readonly Step[], resp: number): Promise<string[]> {
  const clients: RawClient[] = [];
  for (let i = 0; i < nclients; i++) {
    const c = await RawClient.connect(port);
    if (resp === 3) await c.send('HELLO', '3');
    clients.push(c);
  }
  await clients[0].send('FLUSHALL');
  const control = await RawClient.connect(port);
  const blockedNow = async (): Promise<number> => {
    const info = await control.send('INFO', 'clients');
    const m = /blocked_clients:(\d+)/.exec(info);
    return m === null ? -1 : Number(m[1]);
  };
  const out: string[] = [];
  try {
    for (const s of steps) {
      if ('sleep' in s) await sleep(s.sleep);
      else if ('send' in s) {
        const isBlocking = /^B(LPOP|RPOP|LMOVE|RPOPLPUSH|LMPOP)$/i.test(s.send[0]);
        const before = isBlocking ? await blockedNow() : 0;
        clients[s.c].write(encodeCommand(s.send));
        await sleep(isBlocking ? 5 : 40);
        // A blocking command: wait (up to 500 ms) until the server has registered the waiter,
        // so the arrival order of waiters is the order of the script on both servers.
        if (isBlocking) for (let i = 0; i < 50 && (await blockedNow()) === before; i++) await sleep(10);
      } else if ('sendRaw' in s) {
        clients[s.c].write(s.sendRaw);
        await sleep(40);
      } else if ('close' in s) {
        clients[s.c].close();
        await sleep(40);
      } else {
        try {
          out.push(await clients[s.c].readReply(3000));
        } catch (e) {
          out.push('<no reply: ' + (e as Error).message.slice(0, 40) + '>');
        }
      }
    }
    // Nothing unexpected left unread.
    for (let i = 0; i < clients.length; i++) if (!clients[i].closed) out.push('pending' + i + ':' + clients[i].pending);
  } finally {
    for (const c of clients) c.close();
    control.close();
  }
  return out;
}

async function checkScript(nclients: number, steps: readonly Step[], protocols: number[] = [2, 3]): Promise<void> {
  for (const resp of protocols) {
    const a = await runScript(pair.oracle.port, nclients, steps, resp);
    const b = await runScript(pair.cinder.port, nclients, steps, resp);
    assert.deepEqual(b, a, 'RESP' + resp);
  }
}

const S = (c: number, ...send: string[]): Step => ({ c, send });
const R = (c: number): Step => ({ c, read: true });

test('two BLPOP waiters served in arrival order by one LPUSH of two elements', async () => {
  await checkScript(3, [S(0, 'BLPOP', 'k', '0'), S(1, 'BLPOP', 'k', '0'), S(2, 'LPUSH', 'k', 'x', 'y'), R(2), R(0), R(1), S(2, 'EXISTS', 'k'), R(2)]);
});

test('BRPOP on several keys is served by the first key that gets data; others keep order', async () => {
  await checkScript(3, [
    S(0, 'BRPOP', 'a', 'b', '0'),
    S(1, 'BRPOP', 'b', 'a', '0'),
    S(2, 'RPUSH', 'b', '1', '2', '3'),
    R(2),
    R(0),
    R(1),
    S(2, 'LRANGE', 'b', '0', '-1'),
    R(2),
  ]);
});

test('timeouts reply a null array (RESP2 *-1, RESP3 _)', async () => {
  await checkScript(1, [
    S(0, 'BLPOP', 'k', '0.1'),
    { sleep: 250 },
    R(0),
    S(0, 'BRPOP', 'k', '0.05'),
    { sleep: 200 },
    R(0),
    S(0, 'BLMOVE', 'k', 'd', 'LEFT', 'RIGHT', '0.05'),
    { sleep: 200 },
    R(0),
    S(0, 'BRPOPLPUSH', 'k', 'd', '0.05'),
    { sleep: 200 },
    R(0),
    S(0, 'BLMPOP', '0.05', '2', 'k', 'j', 'LEFT', 'COUNT', '3'),
    { sleep: 200 },
    R(0),
  ]);
});

test('a timeout does not fire early, and the waiter is served before it', async () => {
  await checkScript(2, [S(0, 'BLPOP', 'k', '2'), { sleep: 100 }, S(1, 'RPUSH', 'k', 'v'), R(1), R(0)]);
});

test('BLMOVE wakes, pushes to the destination, and that wakes a waiter on the destination', async () => {
  await checkScript(3, [
    S(0, 'BLMOVE', 'src', 'dst', 'RIGHT', 'LEFT', '0'),
    S(1, 'BLPOP', 'dst', '0'),
    S(2, 'RPUSH', 'src', 'a', 'b'),
    R(2),
    R(0),
    R(1),
    S(2, 'LRANGE', 'src', '0', '-1'),
    R(2),
    S(2, 'EXISTS', 'dst'),
    R(2),
  ]);
});

test('BRPOPLPUSH and BLMPOP with COUNT are served', async () => {
  await checkScript(3, [
    S(0, 'BRPOPLPUSH', 'src', 'dst', '0'),
    S(1, 'BLMPOP', '0', '2', 'x', 'src', 'RIGHT', 'COUNT', '5'),
    S(2, 'RPUSH', 'src', '1', '2', '3', '4'),
    R(2),
    R(0),
    R(1),
    S(2, 'LRANGE', 'dst', '0', '-1'),
    R(2),
    S(2, 'EXISTS', 'src'),
    R(2),
  ]);
});

test('a push inside MULTI wakes waiters only after EXEC, and only if data is left', async () => {
  await checkScript(2, [
    S(0, 'BLPOP', 'k', '0'),
    S(1, 'MULTI'),
    R(1),
    S(1, 'RPUSH', 'k', 'a'),
    R(1),
    S(1, 'LPOP', 'k'),
    R(1),
    S(1, 'EXEC'),
    R(1),
    S(1, 'MULTI'),
    R(1),
    S(1, 'RPUSH', 'k', 'b', 'c'),
    R(1),
    S(1, 'RPOP', 'k'),
    R(1),
    S(1, 'EXEC'),
    R(1),
    R(0),
    S(1, 'EXISTS', 'k'),
    R(1),
  ]);
});

test('a key that changes to another type does not wake the waiter; a list later does', async () => {
  await checkScript(2, [
    S(0, 'BLPOP', 'k', '0'),
    S(1, 'SET', 'k', 'str'),
    R(1),
    S(1, 'DEL', 'k'),
    R(1),
    S(1, 'HSET', 'k', 'f', 'v'),
    R(1),
    S(1, 'DEL', 'k'),
    R(1),
    S(1, 'RPUSH', 'k', 'z'),
    R(1),
    R(0),
  ]);
});

test('pipelined commands after a blocking command run once it is served', async () => {
  await checkScript(2, [
    { c: 0, sendRaw: encodeCommand(['BLPOP', 'k', '0']) + encodeCommand(['PING']) + encodeCommand(['RPUSH', 'k2', 'q']) + encodeCommand(['LLEN', 'k2']) },
    S(1, 'LLEN', 'k2'),
    R(1),
    S(1, 'RPUSH', 'k', 'v'),
    R(1),
    R(0),
    R(0),
    R(0),
    R(0),
  ]);
});

test('a blocked client that disconnects is forgotten', async () => {
  await checkScript(3, [
    S(0, 'BLPOP', 'k', '0'),
    S(1, 'BLPOP', 'k', '0'),
    { c: 0, close: true },
    S(2, 'RPUSH', 'k', 'a', 'b'),
    R(2),
    R(1),
    S(2, 'LRANGE', 'k', '0', '-1'),
    R(2),
  ]);
});

test('SWAPDB wakes clients blocked on keys that now exist', async () => {
  await checkScript(2, [
    S(0, 'BLPOP', 'k', '0'),
    S(1, 'SELECT', '1'),
    R(1),
    S(1, 'RPUSH', 'k', 'v1', 'v2'),
    R(1),
    S(1, 'SWAPDB', '0', '1'),
    R(1),
    R(0),
    S(1, 'LRANGE', 'k', '0', '-1'),
    R(1),
    S(1, 'SELECT', '0'),
    R(1),
    S(1, 'LRANGE', 'k', '0', '-1'),
    R(1),
  ]);
});

test('blocking on keys in another db: only that db wakes it', async () => {
  await checkScript(2, [
    S(0, 'SELECT', '2'),
    R(0),
    S(0, 'BLPOP', 'k', '0'),
    S(1, 'RPUSH', 'k', 'db0'),
    R(1),
    S(1, 'SELECT', '2'),
    R(1),
    S(1, 'RPUSH', 'k', 'db2'),
    R(1),
    R(0),
  ]);
});

test('CLIENT UNBLOCK: TIMEOUT, ERROR, and a client that is not blocked', async () => {
  for (const resp of [2, 3]) {
    const run = async (port: number): Promise<string[]> => {
      const a = await RawClient.connect(port);
      const b = await RawClient.connect(port);
      try {
        if (resp === 3) {
          await a.send('HELLO', '3');
          await b.send('HELLO', '3');
        }
        const idA = (await a.send('CLIENT', 'ID')).slice(1, -2);
        const out: string[] = [];
        out.push(await b.send('CLIENT', 'UNBLOCK', idA));
        a.write(encodeCommand(['BLPOP', 'k', '0']));
        await sleep(40);
        out.push(await b.send('CLIENT', 'UNBLOCK', idA));
        out.push(await a.readReply());
        a.write(encodeCommand(['BRPOPLPUSH', 'k', 'd', '0']) + encodeCommand(['PING']));
        await sleep(40);
        out.push(await b.send('CLIENT', 'UNBLOCK', idA, 'ERROR'));
        out.push(await a.readReply());
        out.push(await a.readReply());
        a.write(encodeCommand(['BLMPOP', '0', '1', 'k', 'LEFT']));
        await sleep(40);
        out.push(await b.send('CLIENT', 'UNBLOCK', idA, 'TIMEOUT'));
        out.push(await a.readReply());
        out.push(await b.send('CLIENT', 'UNBLOCK', idA, 'FOO'));
        out.push(await b.send('RPUSH', 'k', 'v'));
        out.push(await b.send('LLEN', 'k'));
        return out;
      } finally {
        a.close();
        b.close();
      }
    };
    assert.deepEqual(await run(pair.cinder.port), await run(pair.oracle.port), 'RESP' + resp);
  }
});

test('blocked client bookkeeping: blockedClients, totalBlockingKeys, cleanup', async () => {
  const blocking = pair.cinder.server.blocking;
  const a = await RawClient.connect(pair.cinder.port);
  const b = await RawClient.connect(pair.cinder.port);
  try {
    a.write(encodeCommand(['BLPOP', 'bk1', 'bk2', '0']));
    b.write(encodeCommand(['BLPOP', 'bk2', '0']));
    await sleep(40);
    assert.equal(blocking.blockedClients, 2);
    assert.equal(blocking.totalBlockingKeys(), 2);
    a.close();
    await sleep(40);
    assert.equal(blocking.blockedClients, 1);
    assert.equal(blocking.totalBlockingKeys(), 1);
    const c = await RawClient.connect(pair.cinder.port);
    assert.equal(await c.send('RPUSH', 'bk2', 'x'), ':1\r\n');
    assert.equal(await b.readReply(), '*2\r\n$3\r\nbk2\r\n$1\r\nx\r\n');
    assert.equal(blocking.blockedClients, 0);
    assert.equal(blocking.totalBlockingKeys(), 0);
    c.close();
  } finally {
    a.close();
    b.close();
  }
});

test('the original timeout is kept when a woken command has to block again', async () => {
  // Client 0 waits with a 0.5 s timeout. A push served to client 1's earlier BLPOP... the
  // only ready-key race we can build deterministically: MULTI makes the key exist and
  // empty again, so client 0 is never woken and times out at its original deadline.
  const c0 = await RawClient.connect(pair.cinder.port);
  const c1 = await RawClient.connect(pair.cinder.port);
  try {
    const t0 = Date.now();
    c0.write(encodeCommand(['BLPOP', 'rk', '0.5']));
    await sleep(100);
    await c1.send('MULTI');
    await c1.send('RPUSH', 'rk', 'a');
    await c1.send('DEL', 'rk');
    await c1.send('EXEC');
    assert.equal(await c0.readReply(), '*-1\r\n');
    const dt = Date.now() - t0;
    assert.ok(dt >= 480 && dt < 2000, 'timed out after ' + dt + ' ms');
  } finally {
    c0.close();
    c1.close();
  }
});

test('7.2 re-executes the whole command on wake-up (blocked.c unblockClientOnKey): first non-empty key wins', async () => {
  // Redis 7.2 serves a woken client by re-running its command, so a BLPOP on k1 k2 woken by
  // k2 pops from k1 when k1 also has data by then. (7.0 popped from the signalled key, so
  // this is asserted explicitly rather than against the 7.0 oracle.)
  const a = await RawClient.connect(pair.cinder.port);
  const b = await RawClient.connect(pair.cinder.port);
  const c = await RawClient.connect(pair.cinder.port);
  try {
    await c.send('FLUSHALL');
    a.write(encodeCommand(['BLPOP', 'k1', 'k2', '0']));
    await sleep(30);
    b.write(encodeCommand(['BLPOP', 'k2', '0']));
    await sleep(30);
    assert.equal(await c.send('MULTI'), '+OK\r\n');
    await c.send('RPUSH', 'k2', 'v');
    await c.send('RPUSH', 'k1', 'w');
    assert.equal(await c.send('EXEC'), '*2\r\n:1\r\n:1\r\n');
    assert.equal(await a.readReply(), '*2\r\n$2\r\nk1\r\n$1\r\nw\r\n');
    assert.equal(await b.readReply(), '*2\r\n$2\r\nk2\r\n$1\r\nv\r\n');
  } finally {
    a.close();
    b.close();
    c.close();
  }
});

test('BLMOVE with source == destination, and a wrong-type destination while blocked', async () => {
  await checkScript(2, [
    S(0, 'BLMOVE', 'k', 'k', 'LEFT', 'RIGHT', '0'),
    S(1, 'RPUSH', 'k', 'a', 'b'),
    R(1),
    R(0),
    S(1, 'LRANGE', 'k', '0', '-1'),
    R(1),
    S(1, 'SET', 'd', 'str'),
    R(1),
    S(0, 'BRPOPLPUSH', 'src', 'd', '0'),
    S(1, 'RPUSH', 'src', 'x'),
    R(1),
    R(0),
    S(1, 'LRANGE', 'src', '0', '-1'),
    R(1),
  ]);
});

test('randomized: single-key BLPOP/BRPOP waiters and pushes give the same replies as the oracle', async () => {
  // Deterministic pseudo-random scripts (seeded LCG) so failures are reproducible.
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let round = 0; round < 6; round++) {
    const nclients = 4;
    const steps: Step[] = [];
    const keys = ['k1', 'k2'];
    let waiting = 0;
    for (let i = 1; i < nclients; i++) {
      steps.push(S(i, rnd(2) === 0 ? 'BLPOP' : 'BRPOP', keys[rnd(2)], '0'));
      waiting++;
    }
    // Pushes until every waiter must have been served (at most one element per waiter per push).
    let pushed = 0;
    while (pushed < waiting + 2) {
      const n = 1 + rnd(3);
      const vals = Array.from({ length: n }, () => 'v' + rnd(100));
      steps.push(S(0, ['LPUSH', 'RPUSH'][rnd(2)], keys[rnd(2)], ...vals));
      steps.push(R(0));
      pushed += n;
    }
    steps.push({ sleep: 50 });
    for (let i = 1; i < nclients; i++) steps.push(R(i));
    steps.push(S(0, 'LRANGE', 'k1', '0', '-1'), R(0), S(0, 'LRANGE', 'k2', '0', '-1'), R(0));
    await checkScript(nclients, steps, [2]);
  }
});
