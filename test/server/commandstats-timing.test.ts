/**
 * Command durations (INFO commandstats usec) cover the command alone: a command run by a
 * script is not charged for the Lua code that ran before it, and pipelined commands are
 * not charged for each other.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../src/index.js';
import { RawClient } from '../helpers/oracle.js';

function usecOf(info: string, cmd: string): { calls: number; usec: number } {
  const m = new RegExp('cmdstat_' + cmd + ':calls=(\\d+),usec=(\\d+),').exec(info);
  assert.ok(m !== null, info);
  return { calls: Number(m[1]), usec: Number(m[2]) };
}

test('a script command is timed from its own start, not from the script start', async () => {
  const srv = await startServer({});
  try {
    const c = await RawClient.connect(srv.port);
    await c.send('SET', 'k', 'v');
    await c.send('CONFIG', 'RESETSTAT');
    // Pure Lua work (no redis.call) before the GET, then the GET.
    const script = "local x = 0; for i = 1, 3000000 do x = x + i end; return redis.call('get', KEYS[1])";
    assert.equal(await c.send('EVAL', script, '1', 'k'), '$1\r\nv\r\n');
    const info = await c.send('INFO', 'commandstats');
    const get = usecOf(info, 'get');
    const evalStats = usecOf(info, 'eval');
    assert.equal(get.calls, 1);
    assert.ok(evalStats.usec >= 20000, 'EVAL charged ' + evalStats.usec + ' usec');
    assert.ok(get.usec * 4 < evalStats.usec, 'GET charged ' + get.usec + ' usec of the EVAL\'s ' + evalStats.usec);
    // A pipeline: each command is timed on its own, and a quick one stays quick.
    await c.send('CONFIG', 'RESETSTAT');
    const spin = "local t0 = redis.call('time'); repeat local t = redis.call('time') until (t[1] - t0[1]) * 1000000 + (t[2] - t0[2]) > 200000; return 1";
    const enc = (argv: string[]): string => '*' + argv.length + '\r\n' + argv.map((a) => '$' + a.length + '\r\n' + a + '\r\n').join('');
    c.socket.write(enc(['EVAL', spin, '0']) + enc(['GET', 'k']));
    assert.equal(await c.readReply(), ':1\r\n');
    assert.equal(await c.readReply(), '$1\r\nv\r\n');
    const info2 = await c.send('INFO', 'commandstats');
    assert.ok(usecOf(info2, 'get').usec < 20000, info2);
    assert.ok(usecOf(info2, 'eval').usec >= 150000, info2);
    c.close();
  } finally {
    await srv.close();
  }
});
