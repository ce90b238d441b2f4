/**
 * CONFIG SET port / bind move the listeners, as Redis's updatePort / updateBind do: the new
 * address accepts connections, the old one stops, connected clients stay; a port or
 * address that cannot be bound gives Redis's error and restores the previous settings and
 * listeners. Checked side by side with a real redis-server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startOracle, RawClient, freePort } from '../helpers/oracle.js';
import { startServer, ReplyError } from '../../src/index.js';

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** The sequence, with port numbers replaced by names so both servers' transcripts compare. */
async function sequence(port: number, busyPort: number): Promise<string[]> {
  const out: string[] = [];
  const c = await RawClient.connect(port);
  // A port already in use: error, nothing changes.
  out.push(await c.send('CONFIG', 'SET', 'port', String(busyPort)));
  out.push((await c.send('CONFIG', 'GET', 'port')).replace(String(port), 'OLD'));
  out.push('old port accepts: ' + (await canConnect(port)));
  // An address this host does not have.
  out.push(await c.send('CONFIG', 'SET', 'bind', '10.255.255.1'));
  out.push(await c.send('CONFIG', 'GET', 'bind'));
  out.push(await c.send('PING'));
  // A free port: OK, the listener moves, this connection stays.
  const next = await freePort();
  out.push(await c.send('CONFIG', 'SET', 'port', String(next)));
  out.push((await c.send('CONFIG', 'GET', 'port')).replace(String(next), 'NEW'));
  out.push('new port accepts: ' + (await canConnect(next)));
  out.push('old port accepts: ' + (await canConnect(port)));
  out.push(await c.send('PING'));
  // bind with an optional address that may be missing: OK.
  out.push(await c.send('CONFIG', 'SET', 'bind', '127.0.0.1 -::1'));
  out.push(await c.send('CONFIG', 'GET', 'bind'));
  const c2 = await RawClient.connect(next);
  out.push(await c2.send('PING'));
  // Pipelined commands after the CONFIG SET wait for it and keep their order.
  c2.socket.write('*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$4\r\nbind\r\n$9\r\n127.0.0.1\r\n*2\r\n$4\r\nECHO\r\n$5\r\nafter\r\n');
  out.push(await c2.readReply());
  out.push(await c2.readReply());
  c.close();
  c2.close();
  return out;
}

test('CONFIG SET port/bind rebind the listeners, or fail and restore, as redis-server', async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const busyPort = (blocker.address() as net.AddressInfo).port;
  const oracle = await startOracle();
  const cinder = await startServer({});
  try {
    const want = await sequence(oracle.port, busyPort);
    const got = await sequence(cinder.port, busyPort);
    assert.deepEqual(got, want);
    assert.equal(want[0], "-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.\r\n");
    assert.equal(want[3], "-ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified addresses.\r\n");
    assert.equal(want[9], 'old port accepts: false');
  } finally {
    blocker.close();
    await cinder.close();
    await oracle.stop();
  }
});

test('CONFIG SET port through the in-process call() is refused and changes nothing', async () => {
  const cinder = await startServer({});
  try {
    const before = cinder.port;
    const r = cinder.call('CONFIG', 'SET', 'port', String(await freePort()));
    assert.ok(r instanceof ReplyError);
    assert.match(r.message, /CONFIG SET failed \(possibly related to argument 'port'\) - the listeners can only be changed by a client connection, outside MULTI\/EXEC/);
    assert.equal(cinder.port, before);
    assert.equal(await canConnect(before), true);
  } finally {
    await cinder.close();
  }
});

test('CONFIG SET port inside MULTI/EXEC is refused (cannot wait for the rebind) and the connection goes on', async () => {
  const cinder = await startServer({});
  try {
    const before = cinder.port;
    const c = await RawClient.connect(before);
    assert.equal(await c.send('MULTI'), '+OK\r\n');
    assert.equal(await c.send('CONFIG', 'SET', 'port', String(await freePort())), '+QUEUED\r\n');
    assert.equal(await c.send('EXEC'), "*1\r\n-ERR CONFIG SET failed (possibly related to argument 'port') - the listeners can only be changed by a client connection, outside MULTI/EXEC\r\n");
    assert.equal(await c.send('PING'), '+PONG\r\n');
    assert.equal(cinder.port, before);
    c.close();
  } finally {
    await cinder.close();
  }
});
