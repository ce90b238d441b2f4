/**
 * A pipeline arriving in one read is parsed ahead of execution (RequestParser.parseAhead,
 * so that the server can warm the caches for its keys). Nothing of that may show: these
 * tests send pipelines in a single write to Cinder and to a real redis-server and compare
 * the raw bytes, for pipelines whose commands change what comes after them (SELECT,
 * MULTI, CLIENT REPLY, a blocking command, RESET under requirepass, CONFIG SET of a parser
 * limit, a protocol error).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, RawClient, encodeCommand, sendRaw, type Pair } from '../helpers/oracle.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

/** Writes `cmds` in one write and reads `replies` replies (raw bytes, concatenated). */
async function pipeline(port: number, cmds: readonly (readonly string[])[], replies: number, resp = 2): Promise<string> {
  const c = await RawClient.connect(port);
  try {
    await c.send('FLUSHALL');
    if (resp === 3) await c.send('HELLO', '3');
    c.write(cmds.map(encodeCommand).join(''));
    let out = '';
    for (let i = 0; i < replies; i++) out += await c.readReply();
    return out;
  } finally {
    c.close();
  }
}

test('a one-write pipeline that switches db, queues a transaction and silences replies: same bytes as redis-server', async () => {
  const cmds: string[][] = [
    ['SET', 'k', 'db0'],
    ['SELECT', '1'],
    ['GET', 'k'],
    ['SET', 'k', 'db1'],
    ['INCR', 'n'],
    ['MULTI'],
    ['INCR', 'n'],
    ['GET', 'k'],
    ['NOSUCH', 'k'],
    ['EXEC'],
    ['SELECT', '0'],
    ['GET', 'k'],
    ['CLIENT', 'REPLY', 'OFF'],
    ['SET', 'silent', '1'],
    ['GET', 'silent'],
    ['CLIENT', 'REPLY', 'ON'],
    ['MGET', 'k', 'silent', 'missing'],
    ['GET'],
    ['MSET', 'a', '1', 'b', '2', 'k', 'again'],
    ['MGET', 'a', 'b', 'k'],
    ['SELECT', '1'],
    ['MGET', 'k', 'n'],
  ];
  // CLIENT REPLY OFF hides the replies of the SET, the GET and of itself.
  const replies = cmds.length - 3;
  for (const resp of [2, 3]) {
    const want = await pipeline(pair.oracle.port, cmds, replies, resp);
    const got = await pipeline(pair.cinder.port, cmds, replies, resp);
    assert.equal(got, want, 'RESP' + resp);
  }
});

test('a pipeline blocked halfway: qbuf holds the rest, which runs once the client is served', async () => {
  const rest: string[][] = [
    ['GET', 'k'],
    ['SET', 'k', 'after'],
    ['GET', 'k'],
  ];
  const cmds: string[][] = [['SET', 'k', 'before'], ['BLPOP', 'list', '0'], ...rest];
  const results: string[][] = [];
  for (const port of [pair.oracle.port, pair.cinder.port]) {
    const blocked = await RawClient.connect(port);
    const other = await RawClient.connect(port);
    await other.send('FLUSHALL');
    const id = (await blocked.send('CLIENT', 'ID')).slice(1, -2);
    blocked.write(cmds.map(encodeCommand).join(''));
    assert.equal(await blocked.readReply(), '+OK\r\n');
    // Wait until the server has blocked it.
    let list = '';
    for (let i = 0; i < 200; i++) {
      list = await other.send('CLIENT', 'LIST', 'ID', id);
      if (/ cmd=blpop /.test(list) && / flags=b /.test(list)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const qbuf = / qbuf=(\d+) /.exec(list)![1];
    // Nothing after the BLPOP has run yet.
    const seen = await other.send('GET', 'k');
    await other.send('LPUSH', 'list', 'x');
    let out = '';
    for (let i = 0; i < 1 + rest.length; i++) out += await blocked.readReply();
    results.push([qbuf, seen, out]);
    blocked.close();
    other.close();
  }
  assert.equal(results[1][0], String(rest.map(encodeCommand).join('').length));
  assert.deepEqual(results[1], results[0]);
});

test('a protocol error after good commands in the same write: their replies, then the error and the close', async () => {
  const good = [encodeCommand(['SET', 'p', '1']), encodeCommand(['INCR', 'p']), encodeCommand(['GET', 'p'])].join('');
  for (const bad of ['*1\r\n!3\r\n', '*-x\r\n', '*2\r\n$3\r\nGET\r\n$-5\r\n', '"unbalanced\r\n']) {
    const chunk = good + bad + encodeCommand(['SET', 'never', '1']);
    const a = await sendRaw(pair.oracle.port, [chunk]);
    const b = await sendRaw(pair.cinder.port, [chunk]);
    assert.deepEqual(b, a, JSON.stringify(bad));
    assert.equal(a.closed, true);
  }
  const c = await RawClient.connect(pair.cinder.port);
  assert.equal(await c.send('EXISTS', 'never'), ':0\r\n');
  c.close();
});

test('RESET under requirepass brings back the unauthenticated limits for the rest of the pipeline', async () => {
  const p = await startPair({ requirepass: 'pw' });
  try {
    const big = '*11\r\n' + '$1\r\nx\r\n'.repeat(11);
    const chunk = encodeCommand(['AUTH', 'pw']) + encodeCommand(['SET', 'a', '1']) + encodeCommand(['ECHO', 'x'.repeat(20000)]) + encodeCommand(['RESET']) + encodeCommand(['GET', 'a']) + big;
    const a = await sendRaw(p.oracle.port, [chunk]);
    const b = await sendRaw(p.cinder.port, [chunk]);
    assert.deepEqual(b, a);
    assert.match(a.data, /-ERR Protocol error: unauthenticated multibulk length\r\n$/);
    // The same with the RESET right after the AUTH (parsed on its own, not ahead).
    const chunk1 = encodeCommand(['AUTH', 'pw']) + encodeCommand(['RESET']) + encodeCommand(['GET', 'a']) + big;
    const a1 = await sendRaw(p.oracle.port, [chunk1]);
    const b1 = await sendRaw(p.cinder.port, [chunk1]);
    assert.deepEqual(b1, a1);
    assert.match(a1.data, /-ERR Protocol error: unauthenticated multibulk length\r\n$/);
    // Without the RESET the same request is fine once authenticated.
    const chunk2 = encodeCommand(['AUTH', 'pw']) + big;
    const a2 = await sendRaw(p.oracle.port, [chunk2]);
    const b2 = await sendRaw(p.cinder.port, [chunk2]);
    assert.deepEqual(b2, a2);
    assert.match(a2.data, /^\+OK\r\n-ERR unknown command 'x'/);
  } finally {
    await p.stop();
  }
});

test('CONFIG SET proto-max-bulk-len applies to the rest of the same pipeline', async () => {
  const chunk = encodeCommand(['CONFIG', 'SET', 'proto-max-bulk-len', '1mb']) + encodeCommand(['PING']) + '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000000\r\nxyz';
  try {
    const a = await sendRaw(pair.oracle.port, [chunk]);
    const b = await sendRaw(pair.cinder.port, [chunk]);
    assert.deepEqual(b, a);
    assert.equal(a.data, '+OK\r\n+PONG\r\n-ERR Protocol error: invalid bulk length\r\n');
  } finally {
    for (const port of [pair.oracle.port, pair.cinder.port]) {
      const c = await RawClient.connect(port);
      await c.send('CONFIG', 'SET', 'proto-max-bulk-len', '512mb');
      c.close();
    }
  }
});
