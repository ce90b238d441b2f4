/**
 * Pub/Sub against the oracle: subscription confirmations, message frames in RESP2 (arrays)
 * and RESP3 (push), the RESP2 subscribed-context restriction, PUBSUB introspection,
 * keyspace notifications, and the slow-subscriber output buffer limit.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, sendRaw, RawClient, type Pair } from '../helpers/oracle.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

/** Drops a leading HELLO 3 reply: its version and client id legitimately differ (7.0.15 oracle). */
function dropHello(r: { data: string; closed: boolean }): { data: string; closed: boolean } {
  return { data: r.data.replace(/^%7\r\n[\s\S]*?\$7\r\nmodules\r\n\*0\r\n/, ''), closed: r.closed };
}

async function same(chunks: string[], label: string): Promise<void> {
  const a = dropHello(await sendRaw(pair.oracle.port, chunks));
  const b = dropHello(await sendRaw(pair.cinder.port, chunks));
  assert.deepEqual(b, a, label);
}

// UNSUBSCRIBE/PUNSUBSCRIBE without arguments walk the client's channels in Redis's dict
// order, which depends on a per-process random hash seed: the tests drop to one channel first.
test('subscribe/unsubscribe confirmations and the RESP2 context', async () => {
  await same(
    ['SUBSCRIBE a b\r\nPSUBSCRIBE p*\r\nPING\r\nPING x\r\nGET k\r\nUNSUBSCRIBE b\r\nUNSUBSCRIBE\r\nPUNSUBSCRIBE\r\nUNSUBSCRIBE\r\nPUNSUBSCRIBE zz\r\nSSUBSCRIBE s1\r\nSUNSUBSCRIBE\r\nSUNSUBSCRIBE\r\nGET k\r\n'],
    'resp2',
  );
});

test('RESP3: push frames, any command allowed while subscribed', async () => {
  await same(['HELLO 3\r\n'.replace('HELLO 3', 'HELLO 3 SETNAME x') + 'SUBSCRIBE c\r\nGET k\r\nPING\r\nUNSUBSCRIBE c d\r\nUNSUBSCRIBE\r\nPSUBSCRIBE a?\r\nPUNSUBSCRIBE\r\n'], 'resp3');
});

test('PUBSUB introspection', async () => {
  await same(['SUBSCRIBE c\r\n', 'PUBSUB NUMPAT\r\nPUBSUB NUMSUB c a\r\nPUBSUB CHANNELS\r\nPUBSUB CHANNELS c*\r\nPUBSUB CHANNELS x*\r\nPUBSUB SHARDCHANNELS\r\nPUBSUB SHARDNUMSUB s\r\nPUBSUB FOO\r\nPUBSUB HELP\r\nPUBSUB\r\n'], 'pubsub (RESP2 subscriber)');
  await same(['HELLO 3\r\nSUBSCRIBE c\r\nPSUBSCRIBE x\r\nPUBSUB NUMPAT\r\nPUBSUB NUMSUB c a\r\nPUBSUB CHANNELS\r\n'], 'pubsub (RESP3)');
});

async function pubsubExchange(port: number, resp: number): Promise<string> {
  const sub = await RawClient.connect(port);
  const pub = await RawClient.connect(port);
  if (resp === 3) await sub.send('HELLO', '3');
  sub.write('SUBSCRIBE news\r\nPSUBSCRIBE n*\r\nSSUBSCRIBE shard\r\n');
  let got = '';
  for (let i = 0; i < 3; i++) got += await sub.readReply();
  got += await pub.send('PUBLISH', 'news', 'hello');
  got += await pub.send('PUBLISH', 'nothing', 'x');
  got += await pub.send('PUBLISH', 'other', 'x');
  got += await pub.send('SPUBLISH', 'shard', 'bytes\r\n\x00\xff');
  for (let i = 0; i < 4; i++) got += await sub.readReply();
  sub.close();
  pub.close();
  return got;
}

test('messages, pattern messages and shard messages in RESP2 and RESP3', async () => {
  for (const resp of [2, 3]) {
    const a = await pubsubExchange(pair.oracle.port, resp);
    const b = await pubsubExchange(pair.cinder.port, resp);
    assert.equal(b, a, 'RESP' + resp);
  }
});

test('message order from one publisher is preserved', async () => {
  const sub = await RawClient.connect(pair.cinder.port);
  const pub = await RawClient.connect(pair.cinder.port);
  await sub.send('SUBSCRIBE', 'seq');
  let batch = '';
  for (let i = 0; i < 500; i++) batch += '*3\r\n$7\r\nPUBLISH\r\n$3\r\nseq\r\n$' + String(i).length + '\r\n' + i + '\r\n';
  pub.write(batch);
  for (let i = 0; i < 500; i++) {
    const m = await sub.readReply();
    assert.equal(m, '*3\r\n$7\r\nmessage\r\n$3\r\nseq\r\n$' + String(i).length + '\r\n' + i + '\r\n');
  }
  sub.close();
  pub.close();
});

async function notifications(port: number): Promise<string> {
  const admin = await RawClient.connect(port);
  await admin.send('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
  const sub = await RawClient.connect(port);
  await sub.send('PSUBSCRIBE', '__key*__:*');
  await admin.send('SET', 'k', 'v');
  await admin.send('DEL', 'k');
  await admin.send('SET', 'e', 'v', 'PX', '1');
  await new Promise((r) => setTimeout(r, 20));
  await admin.send('GET', 'e');
  let got = '';
  for (let i = 0; i < 10; i++) got += await sub.readReply();
  await admin.send('CONFIG', 'SET', 'notify-keyspace-events', '');
  sub.close();
  admin.close();
  return got;
}

test('keyspace notifications are published (K and E classes)', async () => {
  const a = await notifications(pair.oracle.port);
  const b = await notifications(pair.cinder.port);
  assert.equal(b, a);
});

test('a subscriber that does not read is disconnected at the pubsub output limit', async () => {
  const { cinder } = pair;
  const admin = await RawClient.connect(cinder.port);
  await admin.send('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 512kb 60');
  const sub = await RawClient.connect(cinder.port);
  await sub.send('SUBSCRIBE', 'flood');
  sub.socket.pause(); // stop reading: the kernel buffers fill, then the server's
  const payload = 'x'.repeat(64 * 1024);
  let disconnected = false;
  let published = 0;
  for (let i = 0; i < 2000 && !disconnected; i++) {
    await admin.send('PUBLISH', 'flood', payload);
    published += payload.length;
    const r = await admin.send('PUBSUB', 'NUMSUB', 'flood');
    disconnected = r.endsWith(':0\r\n');
  }
  assert.ok(disconnected, 'the slow subscriber was disconnected');
  // Bounded: cut off after the 1mb limit plus what the kernel socket buffers absorbed, far
  // below the 125 MiB an unbounded server would have queued for it.
  assert.ok(published < 16 * 1024 * 1024, 'disconnected after ' + published + ' bytes');
  // The server's memory stays bounded: what it buffered for the subscriber was dropped.
  const sub2 = [...cinder.server.clients.values()].filter((c) => c.pubsubChannels.has('flood'));
  assert.equal(sub2.length, 0);
  const info = cinder.server.stats.clientOutbufLimitDisconnections;
  assert.ok(info >= 1);
  await admin.send('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
  admin.close();
  sub.close();
});

test('notify-keyspace-events: every flag class round-trips through CONFIG SET/GET as Redis', async () => {
  const values = ['K', 'E', 'g', '$', 'l', 's', 'h', 'z', 'x', 'e', 't', 'm', 'd', 'n', 'A', 'KEA', 'AKE', 'Kg$lshzxetd', 'gxKE', 'Em', 'KEAmn', 'Ag', '', 'q', 'KEx$z'];
  const cmds: string[][] = [];
  for (const v of values) cmds.push(['CONFIG', 'SET', 'notify-keyspace-events', v], ['CONFIG', 'GET', 'notify-keyspace-events']);
  cmds.push(['CONFIG', 'SET', 'notify-keyspace-events', '']);
  await pair.check(cmds);
});

test('INFO and CLIENT LIST report subscription counts', async () => {
  const run = async (port: number): Promise<string> => {
    const sub = await RawClient.connect(port);
    sub.write('SUBSCRIBE a b\r\nPSUBSCRIBE p*\r\nSSUBSCRIBE s1 s2 s3\r\n');
    for (let i = 0; i < 6; i++) await sub.readReply();
    const admin = await RawClient.connect(port);
    const info = await admin.send('INFO', 'stats');
    const list = await admin.send('CLIENT', 'LIST');
    sub.close();
    admin.close();
    const fields = info.split('\r\n').filter((l) => /^pubsub(shard)?_(channels|patterns):/.test(l));
    const subLine = list.split('\n').find((l) => / sub=2 /.test(l)) ?? '';
    return fields.join(',') + ' | ' + (/ sub=\d+ psub=\d+ ssub=\d+ /.exec(subLine)?.[0] ?? 'no subscriber line');
  };
  const a = await run(pair.oracle.port);
  const b = await run(pair.cinder.port);
  assert.match(a, /sub=2 psub=1 ssub=3/);
  assert.equal(b, a);
});
