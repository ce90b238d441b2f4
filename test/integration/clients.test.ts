/**
 * Integration over TCP with real clients: ioredis, node-redis and redis-cli against an
 * embedded Cinder.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startServer, type CinderServer } from '../../src/index.js';

const run = promisify(execFile);
let srv: CinderServer;

before(async () => {
  srv = await startServer({ port: 0 });
});
after(async () => {
  await srv.close();
});

test('ioredis: commands, pipelines, transactions, binary values, errors', async () => {
  const r = new Redis({ port: srv.port, host: '127.0.0.1', lazyConnect: true });
  await r.connect();
  try {
    assert.equal(await r.ping(), 'PONG');
    assert.equal(await r.set('greeting', 'hello'), 'OK');
    assert.equal(await r.get('greeting'), 'hello');
    const bin = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await r.set('bin', bin);
    assert.deepEqual(await r.getBuffer('bin'), bin);
    const res = await r.pipeline().set('p1', 'a').get('p1').get('missing').exec();
    assert.deepEqual(res, [[null, 'OK'], [null, 'a'], [null, null]]);
    const tx = await r.multi().set('t', '1').get('t').exec();
    assert.deepEqual(tx, [[null, 'OK'], [null, '1']]);
    await assert.rejects(r.call('NOSUCH', 'x'), /ERR unknown command 'NOSUCH', with args beginning with: 'x'/);
    await r.select(3);
    assert.equal(await r.get('greeting'), null);
    assert.equal(await r.dbsize(), 0);
  } finally {
    r.disconnect();
  }
});

test('node-redis: RESP2 and RESP3 connections', async () => {
  const c2 = createClient({ url: 'redis://127.0.0.1:' + srv.port });
  await c2.connect();
  try {
    assert.equal(await c2.set('nr', 'v'), 'OK');
    assert.equal(await c2.get('nr'), 'v');
    const [a, b] = await c2.multi().set('nr2', 'x').get('nr2').exec();
    assert.equal(a, 'OK');
    assert.equal(b, 'x');
    await assert.rejects(c2.sendCommand(['GET']), /wrong number of arguments for 'get' command/);
  } finally {
    await c2.quit();
  }
  const c3 = createClient({ url: 'redis://127.0.0.1:' + srv.port, RESP: 3 });
  await c3.connect();
  try {
    assert.equal(await c3.ping(), 'PONG');
    assert.equal(await c3.get('nr'), 'v');
    assert.equal(await c3.get('absent'), null);
  } finally {
    await c3.quit();
  }
});

test('redis-cli: plain, RESP3 and pipe modes', async () => {
  const port = String(srv.port);
  const set = await run('redis-cli', ['-p', port, 'SET', 'cli', 'value with spaces']);
  assert.equal(set.stdout, 'OK\n');
  const get = await run('redis-cli', ['-p', port, 'GET', 'cli']);
  assert.equal(get.stdout, 'value with spaces\n');
  const hello = await run('redis-cli', ['-3', '-p', port, 'HELLO', '3']);
  assert.match(hello.stdout, /server\s*\n?.*redis/);
  assert.match(hello.stdout, /proto/);
  const err = await run('redis-cli', ['-p', port, 'NOSUCH']);
  // redis-cli prints an error reply followed by a blank line when stdout is not a TTY.
  assert.equal(err.stdout, "ERR unknown command 'NOSUCH', with args beginning with: \n\n");
  const child = execFile('redis-cli', ['-p', port, '--pipe']);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  let cmds = '';
  for (let i = 0; i < 1000; i++) cmds += '*3\r\n$3\r\nSET\r\n$' + String('k' + i).length + '\r\nk' + i + '\r\n$1\r\nv\r\n';
  child.stdin!.end(cmds);
  await new Promise((r) => child.on('exit', r));
  assert.match(out, /errors: 0, replies: 1000/);
  assert.equal(srv.call('GET', 'k999'), 'v');
});
