/**
 * The embedding API: startServer on free ports, several independent servers in one process,
 * in-process calls on the same keyspace, one socket write per pipelined batch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ReplyError } from '../../src/index.js';
import { RawClient, encodeCommand } from '../helpers/oracle.js';

test('several independent servers run in one process', async () => {
  const a = await startServer({ port: 0 });
  const b = await startServer({ port: 0, config: { databases: 2 } });
  try {
    assert.notEqual(a.port, b.port);
    a.call('SET', 'k', 'from-a');
    const ca = await RawClient.connect(a.port);
    const cb = await RawClient.connect(b.port);
    assert.equal(await ca.send('GET', 'k'), '$6\r\nfrom-a\r\n');
    assert.equal(await cb.send('GET', 'k'), '$-1\r\n');
    assert.equal(await cb.send('SELECT', '2'), '-ERR DB index is out of range\r\n');
    assert.equal(await ca.send('SELECT', '15'), '+OK\r\n');
    ca.close();
    cb.close();
  } finally {
    await a.close();
    await b.close();
  }
});

test('call() reaches the same keyspace as TCP clients and returns errors as values', async () => {
  const s = await startServer();
  try {
    const c = await RawClient.connect(s.port);
    await c.send('SET', 'shared', 'v1');
    assert.equal(s.call('GET', 'shared'), 'v1');
    const err = s.call('GET');
    assert.ok(err instanceof ReplyError);
    assert.equal(err.message, "ERR wrong number of arguments for 'get' command");
    c.close();
  } finally {
    await s.close();
  }
});

test('close() stops accepting connections', async () => {
  const s = await startServer();
  const port = s.port;
  await s.close();
  await assert.rejects(RawClient.connect(port));
});

test('a pipelined batch is answered with one socket write', async () => {
  const s = await startServer();
  try {
    const c = await RawClient.connect(s.port);
    assert.equal(await c.send('PING'), '+PONG\r\n');
    const client = [...s.server.clients.values()][0];
    const socket = client.socket!;
    let writes = 0;
    const orig = socket.write.bind(socket);
    socket.write = ((...args: Parameters<typeof socket.write>) => {
      writes++;
      return orig(...args);
    }) as typeof socket.write;
    let batch = '';
    for (let i = 0; i < 100; i++) batch += encodeCommand(['SET', 'k' + i, 'v' + i]);
    c.write(batch);
    for (let i = 0; i < 100; i++) assert.equal(await c.readReply(), '+OK\r\n');
    assert.equal(writes, 1);
    c.close();
  } finally {
    await s.close();
  }
});
