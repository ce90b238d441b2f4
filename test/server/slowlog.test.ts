/**
 * SLOWLOG against the oracle: entry shape, argument shortening (32 arguments, 128 bytes),
 * client name at logging time, GET count rules, LEN, RESET, skip_slowlog commands (EXEC is
 * not logged, the commands it runs are). Ids, times, durations and ports legitimately differ
 * and are normalized.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, RawClient, type Pair } from '../helpers/oracle.js';

let pair: Pair;
before(async () => {
  pair = await startPair({ 'slowlog-log-slower-than': '0', 'slowlog-max-len': '5' });
});
after(async () => {
  await pair.stop();
});

/** Replaces the three leading integers of each entry and the client port. */
function normalize(raw: string): string {
  return raw.replace(/\*6\r\n:\d+\r\n:\d+\r\n:\d+\r\n/g, '*6\r\n:ID\r\n:T\r\n:D\r\n').replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');
}

async function transcript(port: number): Promise<string[]> {
  const c = await RawClient.connect(port);
  const out: string[] = [];
  try {
    await c.send('SLOWLOG', 'RESET');
    await c.send('CLIENT', 'SETNAME', 'slow');
    await c.send('SET', 'k', 'x'.repeat(200));
    const many = ['RPUSH', 'l'];
    for (let i = 0; i < 40; i++) many.push('e' + i);
    await c.send(...many);
    await c.send('MULTI');
    await c.send('INCR', 'n');
    await c.send('EXEC');
    out.push(await c.send('SLOWLOG', 'GET'));
    out.push(await c.send('SLOWLOG', 'GET', '2'));
    out.push(await c.send('SLOWLOG', 'GET', '-1'));
    out.push(await c.send('SLOWLOG', 'GET', '-2'));
    out.push(await c.send('SLOWLOG', 'GET', 'x'));
    out.push(await c.send('SLOWLOG', 'LEN'));
    out.push(await c.send('SLOWLOG', 'RESET'));
    out.push(await c.send('SLOWLOG', 'LEN'));
    out.push(await c.send('SLOWLOG', 'NOPE'));
    out.push(await c.send('SLOWLOG', 'GET', '1', '2'));
  } finally {
    c.close();
  }
  return out.map(normalize);
}

test('SLOWLOG entries, shortening, counts, LEN, RESET and errors match Redis', async () => {
  const a = await transcript(pair.oracle.port);
  const b = await transcript(pair.cinder.port);
  for (let i = 0; i < a.length; i++) assert.equal(b[i], a[i], 'step ' + i);
});

test('SLOWLOG HELP (7.2 footer)', async () => {
  const c = await RawClient.connect(pair.cinder.port);
  const r = await c.send('SLOWLOG', 'HELP');
  c.close();
  // Redis 7.2 ends every HELP with "Print this help." (7.0.15 says "Prints").
  assert.ok(r.startsWith('*12\r\n+SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET [<count>]\r\n'));
  assert.ok(r.endsWith('+HELP\r\n+    Print this help.\r\n'));
});
