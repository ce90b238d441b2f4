/**
 * Busy scripts against real redis-server, with a second raw client: BUSY replies while a
 * script runs past busy-reply-threshold, SCRIPT KILL / FUNCTION KILL, NOTBUSY, UNKILLABLE,
 * the BUSY text of the other kind, FUNCTION STATS of a running function, and the caller's
 * reply arriving when the script ends.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, RawClient, encodeCommand, type Pair } from '../helpers/oracle.js';
import { startServer } from '../../src/index.js';

let pair: Pair;
before(async () => {
  pair = await startPair({ 'busy-reply-threshold': '100' });
});
after(async () => {
  await pair.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs the same busy scenario on a server and returns every reply seen. */
async function scenario(port: number): Promise<string[]> {
  const cl = await RawClient.connect(port);
  const other = await RawClient.connect(port);
  const out: string[] = [];
  out.push(await other.send('SCRIPT', 'KILL'));
  out.push(await other.send('FUNCTION', 'KILL'));
  // an endless read-only script, killed
  cl.write(encodeCommand(['EVAL', 'local i = 0\nwhile true do i = i + 1 end', '0']) + encodeCommand(['PING', 'after-eval']));
  await sleep(300);
  out.push(await other.send('GET', 'x'));
  out.push(await other.send('SET', 'x', '1'));
  out.push(await other.send('FUNCTION', 'KILL'));
  out.push(await other.send('FUNCTION', 'STATS'));
  out.push(await other.send('SCRIPT', 'KILL'));
  out.push(await cl.readReply());
  out.push(await cl.readReply());
  out.push(await other.send('GET', 'x'));
  // a script that wrote cannot be killed; it finishes on its own
  // Spins for 1.5 s of wall time (TIME is not frozen inside scripts), so both servers are still
  // running it when SCRIPT KILL arrives, however loaded the machine is.
  cl.write(
    encodeCommand([
      'EVAL',
      "redis.call('set', 'x', 'w')\nlocal t = redis.call('time')\nlocal t0 = t[1] * 1000000 + t[2]\nrepeat t = redis.call('time') until t[1] * 1000000 + t[2] - t0 > 1500000\nreturn redis.call('get', 'x')",
      '0',
    ]),
  );
  await sleep(250);
  out.push(await other.send('SCRIPT', 'KILL'));
  out.push(await other.send('FUNCTION', 'KILL'));
  out.push(await cl.readReply(30000));
  // a busy function
  out.push(await cl.send('FUNCTION', 'LOAD', 'REPLACE', "#!lua name=busy\nredis.register_function('spin', function(keys, args)\n  local i = 0\n  while true do i = i + 1 end\nend)"));
  cl.write(encodeCommand(['FCALL', 'spin', '0']));
  await sleep(300);
  out.push(await other.send('GET', 'x'));
  out.push(await other.send('SCRIPT', 'KILL'));
  out.push((await other.send('FUNCTION', 'STATS')).replace(/duration_ms\r\n:\d+/, 'duration_ms\r\n:N'));
  out.push(await other.send('FUNCTION', 'KILL'));
  out.push(await cl.readReply());
  out.push(await other.send('FUNCTION', 'STATS'));
  // a script killed inside pcall is still killed
  cl.write(encodeCommand(['EVAL', "local ok, e = pcall(function() while true do end end)\nreturn {'caught', tostring(e)}", '0']));
  await sleep(250);
  out.push(await other.send('SCRIPT', 'KILL'));
  // Redis's kill error escapes pcall on the next line event (line 2 here); Cinder's abort
  // unwinds at once and reports the line it stopped on. Compare without the line.
  out.push((await cl.readReply()).replace(/:\d+\.\r\n$/, ':N.\r\n'));
  cl.close();
  other.close();
  return out;
}

test('BUSY, SCRIPT KILL, FUNCTION KILL, NOTBUSY, UNKILLABLE match redis-server', async () => {
  const a = await scenario(pair.oracle.port);
  const b = await scenario(pair.cinder.port);
  assert.deepEqual(b, a);
});

test('no command of another client runs while a busy script holds the server', async () => {
  const s = await startServer({ config: { 'busy-reply-threshold': 50 } });
  const cl = await RawClient.connect(s.port);
  const other = await RawClient.connect(s.port);
  cl.write(encodeCommand(['EVAL', "redis.call('set', 'a', '1')\nlocal i = 0\nwhile i < 3e7 do i = i + 1 end\nredis.call('set', 'a', '2')\nreturn redis.call('get', 'a')", '0']));
  await sleep(100);
  assert.equal(s.server.busyScriptClient !== null, true);
  assert.match(await other.send('GET', 'a'), /^-BUSY /);
  assert.match(await other.send('INCR', 'a'), /^-BUSY /);
  assert.equal(await cl.readReply(30000), '$1\r\n2\r\n');
  assert.equal(await other.send('GET', 'a'), '$1\r\n2\r\n');
  assert.equal(s.server.busyScriptClient, null);
  cl.close();
  other.close();
  await s.close();
});

test('SHUTDOWN NOSAVE is accepted while a script is busy', async () => {
  const s = await startServer({ config: { 'busy-reply-threshold': 50 } });
  const cl = await RawClient.connect(s.port);
  const other = await RawClient.connect(s.port);
  cl.write(encodeCommand(['EVAL', "redis.call('set', 'a', '1') while true do end", '0']));
  await sleep(150);
  assert.match(await other.send('SCRIPT', 'KILL'), /^-UNKILLABLE /);
  other.write(encodeCommand(['SHUTDOWN', 'NOSAVE']));
  await Promise.race([s.server.closedPromise, sleep(3000)]);
  assert.equal(s.server.isClosed, true);
  cl.close();
  other.close();
});

/** A script inside MULTI/EXEC that runs past the threshold: BUSY for others, SCRIPT KILL, the rest of the queue. */
async function execScenario(port: number): Promise<string[]> {
  const cl = await RawClient.connect(port);
  const other = await RawClient.connect(port);
  const out: string[] = [];
  // spins for 700 ms of wall time (TIME is not frozen inside scripts), read-only
  const spin = (ms: number): string =>
    "local t = redis.call('time')\nlocal t0 = t[1] * 1000000 + t[2]\nrepeat t = redis.call('time') until t[1] * 1000000 + t[2] - t0 > " + ms * 1000 + "\nreturn 'spun'";
  cl.write(
    encodeCommand(['MULTI']) + encodeCommand(['EVAL', spin(700), '0']) + encodeCommand(['INCR', 'n']) + encodeCommand(['EXEC']) + encodeCommand(['GET', 'n']),
  );
  await sleep(300);
  out.push(await other.send('GET', 'n'));
  out.push(await other.send('PING'));
  for (let i = 0; i < 5; i++) out.push(await cl.readReply(30000));
  out.push(await other.send('GET', 'n'));
  // two slow scripts in one transaction: still busy between them
  cl.write(encodeCommand(['MULTI']) + encodeCommand(['EVAL', spin(500), '0']) + encodeCommand(['EVAL', spin(500), '0']) + encodeCommand(['INCR', 'n']) + encodeCommand(['EXEC']));
  await sleep(250);
  out.push(await other.send('INCR', 'n'));
  await sleep(500);
  out.push(await other.send('INCR', 'n'));
  for (let i = 0; i < 5; i++) out.push(await cl.readReply(30000));
  out.push(await other.send('GET', 'n'));
  // SCRIPT KILL inside EXEC: the script's reply is the kill error, the queue goes on
  cl.write(encodeCommand(['MULTI']) + encodeCommand(['EVAL', 'while true do end', '0']) + encodeCommand(['SET', 'y', '1']) + encodeCommand(['EXEC']));
  await sleep(300);
  out.push(await other.send('GET', 'y'));
  out.push(await other.send('SCRIPT', 'KILL'));
  for (let i = 0; i < 4; i++) out.push(await cl.readReply(30000));
  out.push(await other.send('GET', 'y'));
  cl.close();
  other.close();
  return out;
}

test('a busy script inside MULTI/EXEC: other clients get BUSY, SCRIPT KILL, the queue continues (as redis-server)', async () => {
  const a = await execScenario(pair.oracle.port);
  const b = await execScenario(pair.cinder.port);
  assert.deepEqual(b, a);
});
