/**
 * A bug in a command handler (an exception) is contained to the client that hit it: it gets
 * an error reply and is disconnected, the stack goes to the log, and the server keeps
 * serving everyone else with its per-batch state intact (commandstats durations stay sane).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../src/index.js';
import { RawClient } from '../helpers/oracle.js';
import type { Client } from '../../src/server/client.js';

test('an exception in a handler closes only that client and the server goes on', async () => {
  const logs: string[] = [];
  const srv = await startServer({ log: (line: string) => logs.push(line) });
  const echo = srv.server.commandLookup.get('echo')!;
  const original = echo.proc;
  // Inject a handler bug for one argument value (the command table entry is shared state of
  // this server only).
  (echo as { proc: (c: Client) => void }).proc = (c: Client): void => {
    if (c.argv[1] === 'boom') throw new Error('injected handler bug');
    original(c);
  };
  try {
    const bystander = await RawClient.connect(srv.port);
    const victim = await RawClient.connect(srv.port);
    assert.equal(await bystander.send('SET', 'k', 'v'), '+OK\r\n');
    // A pipeline: the reply before the bug is delivered, then the error, then the close.
    victim.socket.write('*2\r\n$4\r\nECHO\r\n$2\r\nok\r\n*2\r\n$4\r\nECHO\r\n$4\r\nboom\r\n*1\r\n$4\r\nPING\r\n');
    const rest = await victim.readUntilClose(3000);
    assert.equal(rest, '$2\r\nok\r\n-ERR internal error while executing the command (see the server log)\r\n');
    assert.ok(logs.some((l) => l.includes('Internal error while serving client') && l.includes('injected handler bug') && l.includes('cmd=echo')));
    assert.equal(await bystander.send('GET', 'k'), '$1\r\nv\r\n');
    assert.equal(await bystander.send('ECHO', 'still'), '$5\r\nstill\r\n');
    // Durations are measured from a fresh clock after the failure (no stale batch start).
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await bystander.send('CONFIG', 'RESETSTAT'), '+OK\r\n');
    await bystander.send('GET', 'k');
    const info = await bystander.send('INFO', 'commandstats');
    const m = /cmdstat_get:calls=1,usec=(\d+),/.exec(info);
    assert.ok(m !== null && Number(m[1]) < 10000, info);
    bystander.close();
  } finally {
    (echo as { proc: (c: Client) => void }).proc = original;
    await srv.close();
  }
});
