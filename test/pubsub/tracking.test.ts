/**
 * Client-side caching against the oracle: default tracking, BCAST prefixes, OPTIN/OPTOUT,
 * NOLOOP, REDIRECT to a RESP2 subscriber, null invalidation on flush, error texts.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, RawClient, type Pair } from '../helpers/oracle.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Collects everything received for `ms` milliseconds. */
async function drain(c: RawClient, ms = 80): Promise<string> {
  await sleep(ms);
  let out = '';
  for (;;) {
    const p = c.pending;
    if (p === '') return out;
    out += await c.readReply(100);
  }
}

/** Runs one scenario on a server; returns the transcript of every connection. */
async function scenario(port: number): Promise<string[]> {
  const a = await RawClient.connect(port);
  const b = await RawClient.connect(port);
  const r = await RawClient.connect(port);
  await b.send('FLUSHALL');
  await a.send('HELLO', '3');
  const idReply = await r.send('CLIENT', 'ID');
  const rid = /:(\d+)/.exec(idReply)![1];
  const out: string[] = [];
  // Default mode.
  a.write('CLIENT TRACKING on\r\nGET k1\r\nMGET k2 k3\r\n');
  out.push(await drain(a));
  b.write('SET k1 x\r\nMSET k2 a k3 b\r\nSET k1 y\r\n');
  out.push(await drain(b), await drain(a));
  // A key read again is tracked again; FLUSHALL sends a null invalidation.
  a.write('GET k1\r\n');
  out.push(await drain(a));
  b.write('FLUSHALL\r\n');
  out.push(await drain(b), await drain(a));
  // Errors and switching modes.
  a.write('CLIENT TRACKING on BCAST PREFIX a\r\nCLIENT TRACKING on PREFIX a\r\nCLIENT TRACKING off\r\nCLIENT TRACKING on BCAST PREFIX a PREFIX ab\r\nCLIENT TRACKINGINFO\r\nCLIENT GETREDIR\r\nCLIENT CACHING yes\r\nCLIENT TRACKING on BCAST PREFIX a PREFIX b NOLOOP\r\nCLIENT TRACKINGINFO\r\nCLIENT TRACKING on BCAST PREFIX bc\r\n');
  out.push(await drain(a));
  b.write('SET abc 1\r\nSET zzz 1\r\nSET bx 1\r\n');
  out.push(await drain(b), await drain(a, 150));
  a.write('SET a-own 1\r\n');
  out.push(await drain(a, 150));
  a.write('CLIENT TRACKING off\r\nCLIENT TRACKING on OPTIN\r\nGET o1\r\nCLIENT CACHING yes\r\nGET o2\r\nCLIENT CACHING no\r\nCLIENT TRACKINGINFO\r\n');
  out.push(await drain(a));
  b.write('SET o1 1\r\nSET o2 1\r\n');
  out.push(await drain(b), await drain(a));
  // Redirect to a RESP2 subscriber.
  r.write('SUBSCRIBE __redis__:invalidate\r\n');
  b.write(`CLIENT TRACKING on REDIRECT ${rid}\r\nGET q\r\nSET q 1\r\nCLIENT TRACKING on REDIRECT 999999\r\nCLIENT TRACKINGINFO\r\nCLIENT TRACKING on OPTIN OPTOUT\r\nCLIENT CACHING yes\r\nCLIENT GETREDIR\r\nFLUSHDB\r\n`);
  out.push(await drain(b, 150), await drain(r));
  // Expiry invalidates too. The key is read while alive, then left long enough for the
  // active expire cycle (hz 10) to reclaim it on both servers, so the invalidation always
  // comes from the cron, before the next GET (no dependence on cron timing).
  a.write('CLIENT TRACKING off\r\nCLIENT TRACKING on\r\nSET e v PX 100\r\nGET e\r\n');
  out.push(await drain(a, 30));
  await sleep(600);
  a.write('GET e\r\n');
  out.push(await drain(a));
  a.close();
  b.close();
  r.close();
  // Client ids differ between servers: normalize them.
  return out.map((s) => s.split(':' + rid + '\r\n').join(':<rid>\r\n'));
}

test('client tracking transcripts match Redis', async () => {
  const a = await scenario(pair.oracle.port);
  const b = await scenario(pair.cinder.port);
  for (let i = 0; i < a.length; i++) assert.equal(b[i], a[i], 'step ' + i);
});
