/**
 * TIME, LASTSAVE, DBSIZE, SHUTDOWN and MONITOR against the oracle (redis-server 7.0.15).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, RawClient, startOracle, type Pair } from '../helpers/oracle.js';
import { startServer } from '../../src/index.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

test('TIME: [seconds, microseconds] as bulk strings, close to the clock', async () => {
  const norm = (r: string): string => r.replace(/\$\d+\r\n\d+\r\n/g, '$N\r\nN\r\n');
  await pair.check([['TIME'], ['TIME', 'x']], { normalize: norm });
  const c = await RawClient.connect(pair.cinder.port);
  const r = await c.send('TIME');
  const m = /^\*2\r\n\$\d+\r\n(\d+)\r\n\$\d+\r\n(\d+)\r\n$/.exec(r)!;
  assert.ok(Math.abs(Number(m[1]) - Date.now() / 1000) < 5);
  assert.ok(Number(m[2]) < 1000000);
  c.close();
});

test('LASTSAVE and DBSIZE', async () => {
  const norm = (r: string): string => (r.startsWith(':1') && r.length > 8 ? ':T\r\n' : r);
  await pair.check([['LASTSAVE'], ['LASTSAVE', 'x'], ['DBSIZE'], ['SET', 'a', '1'], ['DBSIZE'], ['SELECT', '1'], ['DBSIZE'], ['DBSIZE', 'x']], { normalize: norm });
  const c = await RawClient.connect(pair.cinder.port);
  assert.equal(await c.send('LASTSAVE'), ':' + pair.cinder.server.lastSave + '\r\n');
  c.close();
});

test('SHUTDOWN: syntax errors, ABORT without a shutdown, and inside MULTI', async () => {
  await pair.check([
    ['SHUTDOWN', 'bogus'],
    ['SHUTDOWN', 'SAVE', 'NOSAVE'],
    ['SHUTDOWN', 'ABORT', 'NOW'],
    ['SHUTDOWN', 'ABORT'],
    ['MULTI'],
    ['SHUTDOWN'],
    ['EXEC'],
  ]);
});

test('SHUTDOWN NOSAVE closes the server; the connection gets no reply', async () => {
  const oracle = await startOracle();
  const cinder = await startServer();
  for (const port of [oracle.port, cinder.port]) {
    const c = await RawClient.connect(port);
    const other = await RawClient.connect(port);
    c.write('*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n');
    assert.equal(await c.readUntilClose(), '');
    await other.readUntilClose();
    await assert.rejects(RawClient.connect(port));
  }
  await cinder.server.closedPromise;
  assert.equal(cinder.server.isClosed, true);
  await oracle.stop();
});

/** Reads MONITOR lines until `n` arrived. */
async function monitorLines(m: RawClient, n: number): Promise<string[]> {
  const out: string[] = [];
  while (out.length < n) out.push(await m.readReply());
  return out;
}

test('MONITOR: +OK, then one status line per command in Redis format', async () => {
  const results: string[][] = [];
  for (const port of [pair.oracle.port, pair.cinder.port]) {
    const m = await RawClient.connect(port);
    assert.equal(await m.send('MONITOR'), '+OK\r\n');
    const c = await RawClient.connect(port);
    const myAddr = /addr=(\S+)/.exec(await c.send('CLIENT', 'INFO'))![1];
    await c.send('SET', 'k', 'a "q" \\ \n\t\r\x01\xff');
    await c.send('SELECT', '5');
    await c.send('GET', 'k');
    await c.send('CONFIG', 'GET', 'hz'); // admin: not shown
    await c.send('NOSUCH'); // rejected: not shown
    await c.send('ECHO', '123');
    // Credentials are redacted; CLIENT SETNAME is not an admin command.
    await c.send('AUTH', 'pw');
    await c.send('AUTH', 'default', 'pw');
    await c.send('HELLO', '2', 'AUTH', 'default', 'pw', 'SETNAME', 'x');
    await c.send('CLIENT', 'SETNAME', 'y');
    const lines = await monitorLines(m, 9);
    results.push(
      lines.map((l) => {
        assert.match(l, /^\+\d{10}\.\d{6} \[\d+ /);
        return l.replace(/^\+\d+\.\d+ /, '+T ').replace(myAddr, 'ADDR');
      }),
    );
    // A second MONITOR is ignored (no reply); the monitor client's flags show O.
    assert.equal(await c.send('CLIENT', 'LIST', 'TYPE', 'normal').then((r) => / flags=O /.test(r)), true);
    m.close();
    c.close();
  }
  assert.deepEqual(results[1], results[0]);
});

test('MONITOR inside MULTI is refused at EXEC', async () => {
  await pair.check([['MULTI'], ['MONITOR'], ['EXEC']]);
});
