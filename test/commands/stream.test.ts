/**
 * Stream commands against the oracle (redis-server 7.0.15), byte for byte in RESP2 and RESP3.
 *
 * IDs are explicit so replies are deterministic. Times (delivery times, seen/active times,
 * idle values) are normalized. Where Redis 7.2 differs from 7.0 the difference is asserted
 * explicitly, citing the 7.2 source (t_stream.c):
 *   - XINFO CONSUMERS has a fourth field "inactive" (7.2 xinfoCommand), XINFO STREAM FULL
 *     consumers have "active-time" (7.2 xinfoReplyWithStreamInfo): the normalizer removes
 *     them from Cinder's reply before comparing, and separate tests check their values;
 *   - XREAD `+` (7.4 addition, asked for by the issue);
 *   - HELP's last line is "Print this help." (7.2 addReplyHelp), 7.0 says "Prints".
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

/** Removes one RESP map field `name` (bulk key, integer value) and fixes the enclosing map header. */
function dropField(raw: string, name: string, headers: Array<[string, string]>): string {
  const field = '$' + name.length + '\r\n' + name + '\r\n:';
  if (!raw.includes(field)) return raw;
  let out = raw.replace(new RegExp('\\$' + name.length + '\\r\\n' + name.replace(/-/g, '\\-') + '\\r\\n:-?\\d+\\r\\n', 'g'), '');
  for (const [from, to] of headers) out = out.split(from).join(to);
  return out;
}

/**
 * Normalizes times and removes the 7.2-only consumer fields from Cinder's replies (their
 * values are checked by dedicated tests below).
 */
function norm(raw: string): string {
  let r = raw;
  // XINFO CONSUMERS: 7.2 map of 4 (name, pending, idle, inactive) -> 7.0's 3.
  r = dropField(r, 'inactive', [
    ['*8\r\n$4\r\nname\r\n', '*6\r\n$4\r\nname\r\n'],
    ['%4\r\n$4\r\nname\r\n', '%3\r\n$4\r\nname\r\n'],
  ]);
  // XINFO STREAM FULL consumers: 7.2 map of 5 (name, seen-time, active-time, pel-count, pending).
  r = dropField(r, 'active-time', [
    ['*10\r\n$4\r\nname\r\n', '*8\r\n$4\r\nname\r\n'],
    ['%5\r\n$4\r\nname\r\n', '%4\r\n$4\r\nname\r\n'],
  ]);
  // Unix ms times.
  r = r.replace(/:1\d{12}\r\n/g, ':<time>\r\n');
  // XINFO CONSUMERS idle.
  r = r.replace(/(\$4\r\nidle\r\n):\d+\r\n/g, '$1:<idle>\r\n');
  // XPENDING extended: [id, consumer, idle, count].
  r = r.replace(/(\*4\r\n\$\d+\r\n[0-9-]+\r\n\$\d+\r\n[^\r]*\r\n):\d+(\r\n:\d+\r\n)/g, '$1:<idle>$2');
  return r;
}

async function check(cmds: string[][]): Promise<void> {
  await pair.check(cmds, { normalize: norm });
}

test('XADD: explicit IDs, ms-*, errors, NOMKSTREAM, WRONGTYPE', async () => {
  await check([
    ['XADD', 's', '1-1', 'f', 'v'],
    ['XADD', 's', '1-1', 'f', 'v'],
    ['XADD', 's', '1-0', 'f', 'v'],
    ['XADD', 's', '1-*', 'f', 'v'],
    ['XADD', 's', '1-*', 'a', '1', 'b', '2'],
    ['XADD', 's', '0-*', 'f', 'v'],
    ['XADD', 's', '5', 'f', 'v'],
    ['XADD', 's', '5-*', 'f', 'v'],
    ['XADD', 's', '7-*', 'f', 'v'],
    ['XADD', 'n', '0-0', 'f', 'v'],
    ['XADD', 'n', '0', 'f', 'v'],
    ['XADD', 'n', '0-*', 'f', 'v'],
    ['XADD', 's', 'abc', 'f', 'v'],
    ['XADD', 's', '1-', 'f', 'v'],
    ['XADD', 's', '-', 'f', 'v'],
    ['XADD', 's', '+', 'f', 'v'],
    ['XADD', 's', '-1', 'f', 'v'],
    ['XADD', 's', '18446744073709551616', 'f', 'v'],
    ['XADD', 'w', ' 9', 'f', 'v'],
    ['XADD', 'w', '010-+1', 'f', 'v'],
    ['XADD', 'w', '11--01', 'f', 'v'],
    ['XADD', 's', '*-1', 'f', 'v'],
    ['XADD', 's', '8-x', 'f', 'v'],
    ['XADD', 's', '9', 'f'],
    ['XADD', 's', '9', 'f', 'v', 'g'],
    ['XADD', 's', 'NOMKSTREAM', '9', 'f', 'v'],
    ['XADD', 'missing', 'NOMKSTREAM', '9', 'f', 'v'],
    ['EXISTS', 'missing'],
    ['XADD', 's', 'nomkstream', 'maxlen', '100', '10', 'f', 'v'],
    ['SET', 'str', 'x'],
    ['XADD', 'str', '1', 'f', 'v'],
    ['XADD', 'str', 'NOMKSTREAM', '1', 'f', 'v'],
    ['XADD', 'max', '18446744073709551615-18446744073709551615', 'f', 'v'],
    ['XADD', 'max', '18446744073709551615-*', 'f', 'v'],
    ['XADD', 'max2', '18446744073709551615-18446744073709551614', 'f', 'v'],
    ['XADD', 'max2', '18446744073709551615-*', 'f', 'v'],
    ['XADD', 'max3', '18446744073709551614-18446744073709551615', 'f', 'v'],
    ['XADD', 'max3', '*', 'f', 'v'],
    ['XLEN', 's'],
    ['XLEN', 'nokey'],
    ['XLEN', 'str'],
    ['XRANGE', 's', '-', '+'],
    ['XRANGE', 'w', '-', '+'],
    ['XRANGE', 'max3', '-', '+'],
    ['TYPE', 's'],
    ['OBJECT', 'ENCODING', 's'],
  ]);
});

test('XADD/XTRIM trimming options and their errors', async () => {
  const fill: string[][] = [];
  for (let i = 1; i <= 30; i++) fill.push(['XADD', 't', String(i), 'f', 'v' + i]);
  await check([
    ['CONFIG', 'SET', 'stream-node-max-entries', '4'],
    ...fill,
    ['XTRIM', 't', 'MAXLEN', '~', '25'],
    ['XLEN', 't'],
    ['XTRIM', 't', 'MAXLEN', '=', '23'],
    ['XLEN', 't'],
    ['XTRIM', 't', 'MAXLEN', '~', '10', 'LIMIT', '4'],
    ['XTRIM', 't', 'MAXLEN', '~', '10', 'LIMIT', '3'],
    ['XTRIM', 't', 'MAXLEN', '~', '10', 'LIMIT', '0'],
    ['XTRIM', 't', 'MINID', '~', '20'],
    ['XTRIM', 't', 'MINID', '20'],
    ['XTRIM', 't', 'MINID', '=', '22-0'],
    ['XRANGE', 't', '-', '+'],
    ['XINFO', 'STREAM', 't'],
    ['XADD', 't', 'MAXLEN', '3', '31', 'f', 'v'],
    ['XADD', 't', 'MINID', '~', '29', '32', 'f', 'v'],
    ['XADD', 't', 'MAXLEN', '~', '1', 'LIMIT', '100', '33', 'f', 'v'],
    ['XADD', 't', 'maxlen', '=', '2', '34', 'f', 'v'],
    ['XRANGE', 't', '-', '+'],
    ['XTRIM', 't', 'MAXLEN', '-1'],
    ['XTRIM', 't', 'MAXLEN', 'x'],
    ['XTRIM', 't', 'MAXLEN', '~'],
    ['XTRIM', 't', 'MAXLEN', '1', 'MINID', '1'],
    ['XTRIM', 't', 'MINID', '1', 'MAXLEN', '1'],
    ['XTRIM', 't', 'MINID', '-'],
    ['XTRIM', 't', 'MINID', 'x'],
    ['XTRIM', 't', 'LIMIT', '5'],
    ['XTRIM', 't', 'LIMIT', '0'],
    ['XTRIM', 't', 'MAXLEN', '1', 'LIMIT', '5'],
    ['XTRIM', 't', 'MAXLEN', '~', '1', 'LIMIT', '-1'],
    ['XTRIM', 't', 'MAXLEN', '~', '1', 'LIMIT', 'x'],
    ['XTRIM', 't', 'FOO', '1'],
    ['XTRIM', 't', 'MAXLEN'],
    ['XTRIM', 'nokey', 'MAXLEN', '1'],
    ['XTRIM', 'nokey', 'FOO'],
    ['XADD', 't', 'LIMIT', '5', '40', 'f', 'v'],
    ['XADD', 't', 'LIMIT', '0', '40', 'f', 'v'],
    ['XADD', 't', 'MAXLEN', '5', 'LIMIT', '5', '40', 'f', 'v'],
    ['XADD', 't', 'MAXLEN', '5', 'MINID', '5', '40', 'f', 'v'],
    ['XADD', 't', 'MAXLEN', '-5', '40', 'f', 'v'],
    ['XADD', 't', 'MAXLEN', '5'],
    ['SET', 'str', 'x'],
    ['XTRIM', 'str', 'MAXLEN', '1'],
    ['CONFIG', 'SET', 'stream-node-max-entries', '100'],
  ]);
});

test('node boundaries follow stream-node-max-bytes (listpack sizes)', async () => {
  const cmds: string[][] = [['CONFIG', 'SET', 'stream-node-max-bytes', '200']];
  const vals = ['1', 'x'.repeat(10), '-5000', '123456789012', 'y'.repeat(70), '70000', '4095', 'abc', '-1', 'z'.repeat(5000)];
  for (let i = 1; i <= 40; i++) {
    const v = vals[i % vals.length];
    const fields = i % 3 === 0 ? ['f', v] : i % 3 === 1 ? ['f', v, 'g', String(i)] : ['other' + i, v];
    cmds.push(['XADD', 'b', i + '-' + (i * 7919) % 1000, ...fields]);
  }
  cmds.push(['XINFO', 'STREAM', 'b']);
  cmds.push(['XTRIM', 'b', 'MAXLEN', '~', '20']);
  cmds.push(['XINFO', 'STREAM', 'b']);
  cmds.push(['CONFIG', 'SET', 'stream-node-max-bytes', '0']);
  for (let i = 41; i <= 60; i++) cmds.push(['XADD', 'b', String(i), 'f', 'v']);
  cmds.push(['XINFO', 'STREAM', 'b']);
  cmds.push(['CONFIG', 'SET', 'stream-node-max-bytes', '4096']);
  await check(cmds);
});

test('XRANGE / XREVRANGE: bounds, exclusive, COUNT, errors', async () => {
  await check([
    ['XADD', 's', '1-0', 'a', '1'],
    ['XADD', 's', '1-5', 'b', '2'],
    ['XADD', 's', '2-0', 'c', '3'],
    ['XADD', 's', '3-18446744073709551615', 'd', '4'],
    ['XADD', 's', '4-1', 'e', '5'],
    ['XRANGE', 's', '-', '+'],
    ['XRANGE', 's', '1', '2'],
    ['XRANGE', 's', '(1', '+'],
    ['XRANGE', 's', '(1-0', '(4-1'],
    ['XRANGE', 's', '(3-18446744073709551615', '+'],
    ['XRANGE', 's', '-', '(4'],
    ['XRANGE', 's', '3', '3'],
    ['XRANGE', 's', '+', '-'],
    ['XRANGE', 's', '-', '+', 'COUNT', '2'],
    ['XRANGE', 's', '-', '+', 'COUNT', '0'],
    ['XRANGE', 's', '-', '+', 'COUNT', '-3'],
    ['XRANGE', 's', '-', '+', 'count', '1', 'COUNT', '3'],
    ['XRANGE', 's', '-', '+', 'COUNT'],
    ['XRANGE', 's', '-', '+', 'COUNT', 'x'],
    ['XRANGE', 's', '-', '+', 'FOO', '1'],
    ['XREVRANGE', 's', '+', '-'],
    ['XREVRANGE', 's', '+', '-', 'COUNT', '2'],
    ['XREVRANGE', 's', '(4-1', '(1-0'],
    ['XREVRANGE', 's', '2', '1'],
    ['XRANGE', 's', '(', '+'],
    ['XRANGE', 's', '(-', '+'],
    ['XRANGE', 's', '-', '(+'],
    ['XRANGE', 's', '(18446744073709551615-18446744073709551615', '+'],
    ['XRANGE', 's', '-', '(0-0'],
    ['XRANGE', 's', '(0', '(0'],
    ['XRANGE', 's', 'x', '+'],
    ['XRANGE', 's', '-', 'x'],
    ['XRANGE', 'nokey', '-', '+'],
    ['XRANGE', 'nokey', '-', '+', 'COUNT', '0'],
    ['XRANGE', 'nokey', 'x', '+'],
    ['SET', 'str', 'x'],
    ['XRANGE', 'str', '-', '+'],
    ['XREVRANGE', 'str', '+', '-', 'COUNT', 'x'],
  ]);
});

test('XDEL, tombstones and XINFO STREAM fields', async () => {
  const cmds: string[][] = [['CONFIG', 'SET', 'stream-node-max-entries', '3']];
  for (let i = 1; i <= 12; i++) cmds.push(['XADD', 'd', String(i), 'f', String(i)]);
  await check([
    ...cmds,
    ['XDEL', 'd', '1', '2'],
    ['XINFO', 'STREAM', 'd'],
    ['XDEL', 'd', '3'],
    ['XINFO', 'STREAM', 'd'],
    ['XDEL', 'd', '5', '5', '99', '6-0'],
    ['XDEL', 'd', '12'],
    ['XINFO', 'STREAM', 'd'],
    ['XDEL', 'd', 'x', '7'],
    ['XDEL', 'd', '-'],
    ['XDEL', 'nokey', 'x'],
    ['XRANGE', 'd', '-', '+'],
    ['XREVRANGE', 'd', '+', '-', 'COUNT', '1'],
    ['XADD', 'd', '13', 'f', 'v'],
    ['XDEL', 'd', '4', '7', '8', '9', '10', '11', '13'],
    ['XINFO', 'STREAM', 'd'],
    ['XLEN', 'd'],
    ['EXISTS', 'd'],
    ['SET', 'str', 'x'],
    ['XDEL', 'str', '1'],
    ['CONFIG', 'SET', 'stream-node-max-entries', '100'],
  ]);
});

test('XSETID: ENTRIESADDED, MAXDELETEDID and errors', async () => {
  await check([
    ['XADD', 's', '5', 'f', 'v'],
    ['XADD', 's', '6', 'f', 'v'],
    ['XSETID', 's', '4'],
    ['XSETID', 's', '6'],
    ['XSETID', 's', '10', 'ENTRIESADDED', '1'],
    ['XSETID', 's', '10', 'ENTRIESADDED', '-1'],
    ['XSETID', 's', '10', 'ENTRIESADDED', 'x'],
    ['XSETID', 's', '10', 'ENTRIESADDED', '100', 'MAXDELETEDID', '3'],
    ['XINFO', 'STREAM', 's'],
    ['XSETID', 's', '10', 'MAXDELETEDID', '11'],
    ['XSETID', 's', '4', 'MAXDELETEDID', '1'],
    ['XSETID', 's', '9'],
    ['XSETID', 's', '10', 'MAXDELETEDID', '-'],
    ['XSETID', 's', '10', 'FOO'],
    ['XSETID', 's', '10', 'ENTRIESADDED'],
    ['XSETID', 's', '+'],
    ['XSETID', 's', 'x'],
    ['XSETID', 'nokey', '1'],
    ['XSETID', 'nokey', 'x'],
    ['XADD', 's', '10', 'f', 'v'],
    ['XADD', 's', '11', 'f', 'v'],
    ['XDEL', 's', '5', '6', '10', '11'],
    ['XSETID', 's', '12'],
    ['XSETID', 's', '12-0', 'ENTRIESADDED', '0'],
    ['XINFO', 'STREAM', 's'],
    ['XSETID', 's', '18446744073709551615-18446744073709551615'],
    ['XADD', 's', '*', 'f', 'v'],
    ['SET', 'str', 'x'],
    ['XSETID', 'str', '1'],
  ]);
});

test('XREAD (non-blocking): $, IDs, COUNT, several streams, errors', async () => {
  await check([
    ['XADD', 'a', '1', 'f', '1'],
    ['XADD', 'a', '2', 'f', '2'],
    ['XADD', 'b', '3', 'g', '3'],
    ['XREAD', 'STREAMS', 'a', '0'],
    ['XREAD', 'COUNT', '1', 'STREAMS', 'a', 'b', '0', '0'],
    ['XREAD', 'STREAMS', 'a', 'b', 'nokey', '1', '2', '0'],
    ['XREAD', 'STREAMS', 'a', '$'],
    ['XREAD', 'STREAMS', 'a', 'a', '0', '1'],
    ['XREAD', 'COUNT', '-1', 'STREAMS', 'a', '0'],
    ['XREAD', 'count', '0', 'streams', 'a', '1-0'],
    ['XREAD', 'BLOCK', '10', 'COUNT', '1', 'STREAMS', 'a', '1'],
    ['XREAD', 'COUNT', 'x', 'STREAMS', 'a', '0'],
    ['XREAD', 'BLOCK', 'x', 'STREAMS', 'a', '0'],
    ['XREAD', 'BLOCK', '-1', 'STREAMS', 'a', '0'],
    ['XREAD', 'GROUP', 'g', 'c', 'STREAMS', 'a', '0'],
    ['XREAD', 'NOACK', 'STREAMS', 'a', '0'],
    ['XREAD', 'STREAMS', 'a', '>'],
    ['XREAD', 'STREAMS', 'a', '-'],
    ['XREAD', 'STREAMS', 'a', 'x'],
    ['XREAD', 'FOO', 'STREAMS', 'a', '0'],
    ['XREAD', 'COUNT', '1', 'a', '0'],
    ['XREAD', 'STREAMS', 'nokey', '$'],
    ['SET', 'str', 'x'],
    ['XREAD', 'STREAMS', 'str', '0'],
    ['XREAD', 'STREAMS', 'a', 'str', '0', 'x'],
    ['XDEL', 'a', '2'],
    ['XREAD', 'STREAMS', 'a', '1'],
    ['MULTI'],
    ['XREAD', 'BLOCK', '0', 'STREAMS', 'a', '$'],
    ['EXEC'],
  ]);
});

test('XREAD / XREADGROUP from scripts: BLOCK refused, other forms served', async () => {
  await check([
    ['XADD', 's', '1', 'f', 'v'],
    ['XGROUP', 'CREATE', 's', 'g', '0'],
    ['EVAL', "return redis.pcall('xread','BLOCK',0,'STREAMS','s','$')", '1', 's'],
    ['EVAL', "return redis.call('XREAD','BLOCK','0','STREAMS','s','0')", '1', 's'],
    ['EVAL', "return redis.pcall('xreadgroup','group','g','c','BLOCK',0,'STREAMS','s','>')", '1', 's'],
    ['EVAL', "return redis.call('XREAD','STREAMS','s','0')", '1', 's'],
    ['EVAL', "return redis.call('XREADGROUP','GROUP','g','c','STREAMS','s','>')", '1', 's'],
    ['EVAL', "return redis.call('XREADGROUP','GROUP','g','c','STREAMS','s','>')", '1', 's'],
    ['EVAL', "return redis.call('XADD','s','2','a','b')", '1', 's'],
    ['EVAL', "return redis.call('XPENDING','s','g')", '1', 's'],
    ['EVAL_RO', "return redis.call('XADD','s','3','a','b')", '1', 's'],
    ['EVAL_RO', "return redis.call('XRANGE','s','-','+')", '1', 's'],
  ]);
});

test('XGROUP subcommands and their errors', async () => {
  await check([
    ['XGROUP', 'CREATE', 's', 'g', '$'],
    ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
    ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'],
    ['XGROUP', 'CREATE', 's', 'g2', '0', 'ENTRIESREAD', '5'],
    ['XGROUP', 'CREATE', 's', 'g3', '0', 'ENTRIESREAD', '-2'],
    ['XGROUP', 'CREATE', 's', 'g3', '0', 'ENTRIESREAD', '-1', 'MKSTREAM'],
    ['XGROUP', 'CREATE', 's', 'g4', '0', 'ENTRIESREAD', 'x'],
    ['XGROUP', 'CREATE', 's', 'g4', '0', 'ENTRIESREAD'],
    ['XGROUP', 'CREATE', 's', 'g4', '0', 'FOO'],
    ['XGROUP', 'CREATE', 's', 'g4', '-'],
    ['XGROUP', 'CREATE', 's', 'g4', 'x'],
    ['XGROUP', 'CREATE', 's', 'g4', '0', 'MKSTREAM', 'MKSTREAM', 'MKSTREAM', 'MKSTREAM'],
    ['XGROUP', 'CREATE', 'nokey', 'g', 'x', 'MKSTREAM'],
    ['EXISTS', 'nokey'],
    ['XGROUP', 'SETID', 's', 'g', '5'],
    ['XGROUP', 'SETID', 's', 'g', '$'],
    ['XGROUP', 'SETID', 's', 'g', '-'],
    ['XGROUP', 'SETID', 's', 'g', '+', 'ENTRIESREAD', '3'],
    ['XGROUP', 'SETID', 's', 'g', '0', 'MKSTREAM'],
    ['XGROUP', 'SETID', 's', 'nog', '0'],
    ['XGROUP', 'SETID', 'nokey', 'g', '0'],
    ['XGROUP', 'SETID', 's', 'g', 'x'],
    ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c1'],
    ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c1'],
    ['XGROUP', 'CREATECONSUMER', 's', 'g', 'B'],
    ['XGROUP', 'CREATECONSUMER', 's', 'g', 'a'],
    ['XGROUP', 'CREATECONSUMER', 's', 'nog', 'c1'],
    ['XGROUP', 'DELCONSUMER', 's', 'g', 'c1'],
    ['XGROUP', 'DELCONSUMER', 's', 'g', 'c1'],
    ['XGROUP', 'DELCONSUMER', 's', 'nog', 'c1'],
    ['XINFO', 'GROUPS', 's'],
    ['XINFO', 'CONSUMERS', 's', 'g'],
    ['XGROUP', 'DESTROY', 's', 'g'],
    ['XGROUP', 'DESTROY', 's', 'g'],
    ['XGROUP', 'DESTROY', 'nokey', 'g'],
    ['XGROUP', 'FOO', 's', 'g'],
    ['XGROUP', 'FOO'],
    ['XGROUP', 'CREATE', 's'],
    ['XGROUP', 'DESTROY', 's', 'g', 'x'],
    ['SET', 'str', 'x'],
    ['XGROUP', 'CREATE', 'str', 'g', '0'],
    ['XGROUP', 'CREATE', 'str', 'g', '0', 'MKSTREAM'],
    ['XINFO', 'GROUPS', 's'],
  ]);
});

test('XREADGROUP, XACK, XPENDING', async () => {
  const fill: string[][] = [];
  for (let i = 1; i <= 6; i++) fill.push(['XADD', 's', String(i), 'f', String(i)]);
  await check([
    ...fill,
    ['XGROUP', 'CREATE', 's', 'g', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '1', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'bob', 'NOACK', 'COUNT', '1', 'STREAMS', 's', '>'],
    ['XINFO', 'GROUPS', 's'],
    ['XPENDING', 's', 'g'],
    ['XPENDING', 's', 'g', '-', '+', '10'],
    ['XPENDING', 's', 'g', '-', '+', '10', 'alice'],
    ['XPENDING', 's', 'g', '-', '+', '10', 'nobody'],
    ['XPENDING', 's', 'g', '(1', '+', '1'],
    ['XPENDING', 's', 'g', 'IDLE', '0', '-', '+', '10'],
    ['XPENDING', 's', 'g', 'IDLE', '100000', '-', '+', '10'],
    ['XPENDING', 's', 'g', 'IDLE', '100000', '-', '+', '10', 'alice'],
    ['XPENDING', 's', 'g', '-', '+', '0'],
    ['XPENDING', 's', 'g', '-', '+', '-1'],
    ['XPENDING', 's', 'g', '-', '+'],
    ['XPENDING', 's', 'g', 'IDLE', '5', '-', '+'],
    ['XPENDING', 's', 'g', 'IDLE', 'x', '-', '+', '1'],
    ['XPENDING', 's', 'g', '-', '+', 'x'],
    ['XPENDING', 's', 'g', 'x', '+', '1'],
    ['XPENDING', 's', 'g', '-', 'x', '1'],
    ['XPENDING', 's', 'g', '(18446744073709551615-18446744073709551615', '+', '1'],
    ['XPENDING', 's', 'g', '-', '+', '1', 'a', 'b', 'c'],
    ['XPENDING', 's', 'nog'],
    ['XPENDING', 'nokey', 'g'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '1', 'STREAMS', 's', '1'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '99'],
    ['XREADGROUP', 'GROUP', 'g', 'carol', 'STREAMS', 's', '0'],
    ['XDEL', 's', '1'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '0'],
    ['XPENDING', 's', 'g', '-', '+', '10'],
    ['XACK', 's', 'g', '1', '2', '2', '99'],
    ['XACK', 's', 'g', '3', 'x'],
    ['XACK', 's', 'nog', 'x'],
    ['XACK', 'nokey', 'g', 'x'],
    ['XPENDING', 's', 'g'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '1', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'nog', 'alice', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 'nokey', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '$'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', 'x'],
    ['XREADGROUP', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'STREAMS', 's', '>'],
    ['XINFO', 'GROUPS', 's'],
    ['XINFO', 'CONSUMERS', 's', 'g'],
    ['XINFO', 'STREAM', 's', 'FULL'],
    ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '1'],
    ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0'],
    ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '-5'],
    ['XINFO', 'STREAM', 's', 'FULL', 'COUNT', 'x'],
    ['XINFO', 'STREAM', 's', 'FULL', 'COUNTS', '1'],
    ['XINFO', 'STREAM', 's', 'FOO'],
    ['XINFO', 'STREAM', 's', 'FULL', 'COUNT'],
    ['XINFO', 'CONSUMERS', 's', 'nog'],
    ['XINFO', 'CONSUMERS', 'nokey', 'g'],
    ['XINFO', 'FOO', 's'],
    ['XINFO', 'GROUPS', 's', 'x'],
    ['SET', 'str', 'x'],
    ['XACK', 'str', 'g', '1'],
    ['XPENDING', 'str', 'g'],
    ['XINFO', 'GROUPS', 'str'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 'str', '>'],
  ]);
});

test('XCLAIM: every option, deleted entries, errors', async () => {
  const fill: string[][] = [];
  for (let i = 1; i <= 6; i++) fill.push(['XADD', 's', String(i), 'f', String(i)]);
  await check([
    ...fill,
    ['XGROUP', 'CREATE', 's', 'g', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '4', 'STREAMS', 's', '>'],
    ['XCLAIM', 's', 'g', 'bob', '0', '1'],
    ['XCLAIM', 's', 'g', 'bob', '100000', '2'],
    ['XCLAIM', 's', 'g', 'bob', '0', '2', 'JUSTID'],
    ['XCLAIM', 's', 'g', 'bob', '0', '3', 'RETRYCOUNT', '7'],
    ['XCLAIM', 's', 'g', 'bob', '0', '3', 'IDLE', '500000'],
    ['XPENDING', 's', 'g', 'IDLE', '400000', '-', '+', '10'],
    ['XCLAIM', 's', 'g', 'carol', '100000', '3'],
    ['XCLAIM', 's', 'g', 'carol', '0', '4', 'TIME', '1'],
    ['XPENDING', 's', 'g', 'IDLE', '400000', '-', '+', '10'],
    ['XCLAIM', 's', 'g', 'carol', '0', '5', '6'],
    ['XCLAIM', 's', 'g', 'carol', '0', '5', '6', 'FORCE'],
    ['XCLAIM', 's', 'g', 'carol', '0', '99', 'FORCE'],
    ['XCLAIM', 's', 'g', 'carol', '0', '1', 'LASTID', '10'],
    ['XINFO', 'GROUPS', 's'],
    ['XCLAIM', 's', 'g', 'carol', '0', '1', 'LASTID', '20', 'JUSTID', 'RETRYCOUNT', '-3', 'IDLE', '-5', 'TIME', '99999999999999'],
    ['XDEL', 's', '1', '2'],
    ['XCLAIM', 's', 'g', 'dave', '0', '1', '2', '3'],
    ['XPENDING', 's', 'g'],
    ['XPENDING', 's', 'g', '-', '+', '10'],
    ['XCLAIM', 's', 'g', 'dave', 'x', '1'],
    ['XCLAIM', 's', 'g', 'dave', '-5', '3'],
    ['XCLAIM', 's', 'g', 'dave', '0', '3', 'IDLE', 'x'],
    ['XCLAIM', 's', 'g', 'dave', '0', '3', 'TIME', 'x'],
    ['XCLAIM', 's', 'g', 'dave', '0', '3', 'RETRYCOUNT', 'x'],
    ['XCLAIM', 's', 'g', 'dave', '0', '3', 'LASTID', 'x'],
    ['XCLAIM', 's', 'g', 'dave', '0', '3', 'FOO'],
    ['XCLAIM', 's', 'g', 'dave', '0', '3', 'IDLE'],
    ['XCLAIM', 's', 'g', 'dave', '0', 'x', '3'],
    ['XCLAIM', 's', 'nog', 'dave', '0', '3'],
    ['XCLAIM', 'nokey', 'g', 'dave', 'x', '3'],
    ['XINFO', 'CONSUMERS', 's', 'g'],
    ['XINFO', 'STREAM', 's', 'FULL'],
    ['SET', 'str', 'x'],
    ['XCLAIM', 'str', 'g', 'dave', '0', '3'],
  ]);
});

test('XAUTOCLAIM: cursor, COUNT, JUSTID, deleted IDs, errors', async () => {
  const fill: string[][] = [];
  for (let i = 1; i <= 10; i++) fill.push(['XADD', 's', String(i), 'f', String(i)]);
  await check([
    ...fill,
    ['XGROUP', 'CREATE', 's', 'g', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>'],
    ['XAUTOCLAIM', 's', 'g', 'bob', '0', '0', 'COUNT', '2'],
    ['XAUTOCLAIM', 's', 'g', 'bob', '0', '3-0', 'COUNT', '2', 'JUSTID'],
    ['XAUTOCLAIM', 's', 'g', 'bob', '100000', '0'],
    ['XAUTOCLAIM', 's', 'g', 'bob', '0', '(4'],
    ['XDEL', 's', '2', '3', '7'],
    ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT', '2'],
    ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT', '3'],
    ['XAUTOCLAIM', 's', 'g', 'carol', '0', '-', 'JUSTID'],
    ['XPENDING', 's', 'g', '-', '+', '20'],
    ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT', '0'],
    ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT', 'x'],
    ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT', '576460752303423488'],
    ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'COUNT'],
    ['XAUTOCLAIM', 's', 'g', 'carol', '0', '0', 'FOO'],
    ['XAUTOCLAIM', 's', 'g', 'carol', 'x', '0'],
    ['XAUTOCLAIM', 's', 'g', 'carol', '0', 'x'],
    ['XAUTOCLAIM', 's', 'g', 'carol', '0', '(18446744073709551615-18446744073709551615'],
    ['XAUTOCLAIM', 's', 'nog', 'carol', '0', '0'],
    ['XAUTOCLAIM', 'nokey', 'g', 'carol', '0', '0'],
    ['XAUTOCLAIM', 'nokey', 'g', 'carol', '0', '0', 'COUNT', '0'],
    ['XINFO', 'CONSUMERS', 's', 'g'],
    ['SET', 'str', 'x'],
    ['XAUTOCLAIM', 'str', 'g', 'c', '0', '0'],
  ]);
});

test('large PELs (many chunks): XACK, XCLAIM, XAUTOCLAIM, XPENDING, history reads, XINFO FULL, DELCONSUMER', async () => {
  // Several hundred pending entries, acknowledged and claimed in scattered orders, so the
  // PEL's chunks split, drain, merge and disappear; every listing must keep Redis's order.
  const N = 1200;
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const cmds: string[][] = [];
  for (let i = 1; i <= N; i++) cmds.push(['XADD', 's', i + '-1', 'f', String(i)]);
  cmds.push(['XGROUP', 'CREATE', 's', 'g', '0']);
  cmds.push(['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '700', 'STREAMS', 's', '>']);
  cmds.push(['XREADGROUP', 'GROUP', 'g', 'bob', 'COUNT', '400', 'STREAMS', 's', '>']);
  cmds.push(['XPENDING', 's', 'g']);
  // Claims in random order move entries into carol's PEL anywhere (inserts mid-chunk).
  for (let k = 0; k < 300; k++) {
    const ids: string[] = [];
    for (let j = 0; j < 1 + rnd(3); j++) ids.push(1 + rnd(1100) + '-1');
    cmds.push(['XCLAIM', 's', 'g', 'carol', '0', ...ids, k % 2 === 0 ? 'JUSTID' : 'RETRYCOUNT', ...(k % 2 === 0 ? [] : [String(k)])]);
  }
  // Acknowledge the oldest run, then scattered ones, then a block in the middle.
  for (let i = 1; i <= 150; i++) cmds.push(['XACK', 's', 'g', i + '-1']);
  for (let k = 0; k < 300; k++) cmds.push(['XACK', 's', 'g', 1 + rnd(N) + '-1', 1 + rnd(N) + '-1']);
  const block: string[] = [];
  for (let i = 500; i < 640; i++) block.push(i + '-1');
  cmds.push(['XACK', 's', 'g', ...block]);
  cmds.push(['XPENDING', 's', 'g']);
  for (let k = 0; k < 20; k++) {
    const a = rnd(N);
    cmds.push(['XPENDING', 's', 'g', a + '-0', a + 200 + '-9', String(1 + rnd(60))]);
    cmds.push(['XPENDING', 's', 'g', '(' + a + '-1', '+', String(1 + rnd(30)), ['alice', 'bob', 'carol'][k % 3]]);
  }
  cmds.push(['XPENDING', 's', 'g', '-', '+', '2000']);
  cmds.push(['XPENDING', 's', 'g', '-', '+', '2000', 'carol']);
  // Consumer history reads.
  cmds.push(['XREADGROUP', 'GROUP', 'g', 'carol', 'COUNT', '50', 'STREAMS', 's', '0']);
  cmds.push(['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '50', 'STREAMS', 's', '600-0']);
  cmds.push(['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 's', '0']);
  // Entries deleted from the stream: XAUTOCLAIM drops them from the PEL as it scans.
  for (let k = 0; k < 60; k++) cmds.push(['XDEL', 's', 1 + rnd(N) + '-1']);
  cmds.push(['XAUTOCLAIM', 's', 'g', 'dave', '0', '0', 'COUNT', '100', 'JUSTID']);
  cmds.push(['XAUTOCLAIM', 's', 'g', 'dave', '0', '700-0', 'COUNT', '250']);
  cmds.push(['XAUTOCLAIM', 's', 'g', 'erin', '0', '(1000-1', 'COUNT', '500', 'JUSTID']);
  cmds.push(['XPENDING', 's', 'g']);
  cmds.push(['XPENDING', 's', 'g', '-', '+', '2000']);
  cmds.push(['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0']);
  cmds.push(['XINFO', 'CONSUMERS', 's', 'g']);
  cmds.push(['XGROUP', 'DELCONSUMER', 's', 'g', 'carol']);
  cmds.push(['XPENDING', 's', 'g']);
  cmds.push(['XPENDING', 's', 'g', '-', '+', '2000']);
  cmds.push(['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 's', '>']);
  cmds.push(['XINFO', 'STREAM', 's', 'FULL', 'COUNT', '0']);
  cmds.push(['COPY', 's', 's2']);
  cmds.push(['XPENDING', 's2', 'g', '-', '+', '2000']);
  await check(cmds);
});

test('XINFO GROUPS lag and entries-read across deletions, SETID and trimming', async () => {
  const fill: string[][] = [];
  for (let i = 1; i <= 8; i++) fill.push(['XADD', 's', String(i), 'f', String(i)]);
  await check([
    ['XGROUP', 'CREATE', 'e', 'g', '$', 'MKSTREAM'],
    ['XINFO', 'GROUPS', 'e'],
    ...fill,
    ['XGROUP', 'CREATE', 's', 'g0', '0'],
    ['XGROUP', 'CREATE', 's', 'g1', '$'],
    ['XGROUP', 'CREATE', 's', 'g2', '3'],
    ['XGROUP', 'CREATE', 's', 'g3', '1', 'ENTRIESREAD', '1'],
    ['XGROUP', 'CREATE', 's', 'A', '0', 'ENTRIESREAD', '100'],
    ['XINFO', 'GROUPS', 's'],
    ['XREADGROUP', 'GROUP', 'g2', 'c', 'COUNT', '2', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g0', 'c', 'COUNT', '1', 'STREAMS', 's', '>'],
    ['XINFO', 'GROUPS', 's'],
    ['XDEL', 's', '6'],
    ['XINFO', 'GROUPS', 's'],
    ['XREADGROUP', 'GROUP', 'g0', 'c', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g2', 'c', 'COUNT', '1', 'STREAMS', 's', '>'],
    ['XINFO', 'GROUPS', 's'],
    ['XDEL', 's', '1'],
    ['XGROUP', 'SETID', 's', 'g3', '0'],
    ['XINFO', 'GROUPS', 's'],
    ['XTRIM', 's', 'MAXLEN', '3'],
    ['XINFO', 'GROUPS', 's'],
    ['XGROUP', 'SETID', 's', 'g3', '0', 'ENTRIESREAD', '0'],
    ['XGROUP', 'SETID', 's', 'g1', '$'],
    ['XINFO', 'GROUPS', 's'],
    ['XADD', 's', '9', 'f', 'v'],
    ['XREADGROUP', 'GROUP', 'g3', 'c', 'STREAMS', 's', '>'],
    ['XINFO', 'GROUPS', 's'],
    ['XSETID', 's', '20', 'ENTRIESADDED', '50', 'MAXDELETEDID', '15'],
    ['XINFO', 'GROUPS', 's'],
    ['XINFO', 'STREAM', 's'],
    ['XINFO', 'STREAM', 's', 'FULL'],
    ['XDEL', 's', '7', '8', '9'],
    ['XINFO', 'GROUPS', 's'],
    ['XINFO', 'STREAM', 's'],
  ]);
});

test('COPY, RENAME and DEL of streams with groups', async () => {
  await check([
    ['XADD', 's', '1', 'f', 'v'],
    ['XADD', 's', '2', 'f', 'v'],
    ['XGROUP', 'CREATE', 's', 'g', '0'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'],
    ['COPY', 's', 'd'],
    ['XACK', 's', 'g', '1'],
    ['XPENDING', 'd', 'g'],
    ['XPENDING', 's', 'g'],
    ['XINFO', 'STREAM', 'd', 'FULL'],
    ['RENAME', 'd', 'e'],
    ['XINFO', 'GROUPS', 'e'],
    ['OBJECT', 'ENCODING', 'e'],
    ['DEL', 's', 'e'],
    ['XLEN', 's'],
  ]);
});

test('dirty counts (rdb_changes_since_last_save) match Redis', async () => {
  const changes = async (c: RawClient): Promise<number> => {
    const r = await c.send('INFO', 'persistence');
    return Number(/rdb_changes_since_last_save:(\d+)/.exec(r)![1]);
  };
  const seq: string[][] = [
    ['XADD', 's', '1', 'f', 'v'],
    ['XADD', 's', '2', 'f', 'v'],
    ['XADD', 's', '3', 'f', 'v'],
    ['XADD', 's', 'MAXLEN', '1', '4', 'f', 'v'],
    ['XADD', 's', '5', 'f', 'v'],
    ['XDEL', 's', '4', '5', '9'],
    ['XADD', 's', '6', 'f', 'v'],
    ['XADD', 's', '7', 'f', 'v'],
    ['XTRIM', 's', 'MAXLEN', '1'],
    ['XSETID', 's', '10'],
    ['XGROUP', 'CREATE', 's', 'g', '0'],
    ['XADD', 's', '11', 'f', 'v'],
    ['XADD', 's', '12', 'f', 'v'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '0'],
    ['XADD', 's', '12-1', 'f', 'v'],
    ['XREADGROUP', 'GROUP', 'g', 'c2', 'STREAMS', 's', '>'],
    ['XACK', 's', 'g', '11', '12', '13'],
    ['XADD', 's', '13', 'f', 'v'],
    ['XADD', 's', '14', 'f', 'v'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'NOACK', 'COUNT', '1', 'STREAMS', 's', '>'],
    ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>'],
    ['XCLAIM', 's', 'g', 'c3', '0', '14', '99'],
    ['XCLAIM', 's', 'g', 'c3', '0', '99', 'LASTID', '50'],
    ['XDEL', 's', '14'],
    ['XAUTOCLAIM', 's', 'g', 'c4', '0', '0'],
    ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c9'],
    ['XGROUP', 'DELCONSUMER', 's', 'g', 'c9'],
    ['XGROUP', 'SETID', 's', 'g', '0'],
    ['XGROUP', 'DESTROY', 's', 'g'],
    ['XGROUP', 'CREATE', 'm', 'g', '$', 'MKSTREAM'],
  ];
  const run = async (port: number): Promise<number[]> => {
    const c = await RawClient.connect(port);
    await c.send('FLUSHALL');
    const out: number[] = [];
    try {
      for (const argv of seq) {
        const before = await changes(c);
        await c.send(...argv);
        out.push((await changes(c)) - before);
      }
    } finally {
      c.close();
    }
    return out;
  };
  const a = await run(pair.oracle.port);
  const b = await run(pair.cinder.port);
  assert.deepEqual(b.map((n, i) => seq[i].join(' ') + ' => ' + n), a.map((n, i) => seq[i].join(' ') + ' => ' + n));
});

test('keyspace events of stream commands match Redis', async () => {
  const seq: string[][] = [
    ['XADD', 's', '1', 'f', 'v'],
    ['XADD', 's', 'MAXLEN', '1', '2', 'f', 'v'],
    ['XADD', 's', 'MAXLEN', '5', '3', 'f', 'v'],
    ['XADD', 'n', 'NOMKSTREAM', '3', 'f', 'v'],
    ['XDEL', 's', '2', '9'],
    ['XDEL', 's', '9'],
    ['XTRIM', 's', 'MAXLEN', '0'],
    ['XTRIM', 's', 'MAXLEN', '0'],
    ['XSETID', 's', '10'],
    ['XGROUP', 'CREATE', 'm', 'g', '$', 'MKSTREAM'],
    ['XGROUP', 'CREATE', 's', 'g', '0'],
    ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c'],
    ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c'],
    ['XADD', 's', '11', 'f', 'v'],
    ['XREADGROUP', 'GROUP', 'g', 'c2', 'STREAMS', 's', '>'],
    ['XCLAIM', 's', 'g', 'c3', '0', '11'],
    ['XAUTOCLAIM', 's', 'g', 'c4', '0', '0'],
    ['XACK', 's', 'g', '11'],
    ['XGROUP', 'DELCONSUMER', 's', 'g', 'c'],
    ['XGROUP', 'DELCONSUMER', 's', 'g', 'zz'],
    ['XGROUP', 'SETID', 's', 'g', '0'],
    ['XGROUP', 'DESTROY', 's', 'g'],
    ['XGROUP', 'DESTROY', 's', 'g'],
  ];
  const run = async (port: number): Promise<string> => {
    const admin = await RawClient.connect(port);
    const sub = await RawClient.connect(port);
    try {
      await admin.send('FLUSHALL');
      await admin.send('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
      await sub.send('PSUBSCRIBE', '__key*');
      for (const argv of seq) await admin.send(...argv);
      await admin.send('PUBLISH', '__key-end', 'x');
      let events = '';
      for (;;) {
        const r = await sub.readReply();
        if (r.includes('__key-end')) break;
        events += r;
      }
      return events;
    } finally {
      await admin.send('CONFIG', 'SET', 'notify-keyspace-events', '');
      admin.close();
      sub.close();
    }
  };
  const a = await run(pair.oracle.port);
  const b = await run(pair.cinder.port);
  assert.equal(b, a);
});

// ---------------------------------------------------------------------------------------
// Redis 7.2 (and 7.4) behaviour the 7.0 oracle does not have: explicit assertions.
// ---------------------------------------------------------------------------------------

async function cinderClient(resp = 2): Promise<RawClient> {
  const c = await RawClient.connect(pair.cinder.port);
  await c.send('FLUSHALL');
  if (resp === 3) await c.send('HELLO', '3');
  return c;
}

test('7.2 XINFO CONSUMERS: idle from seen-time, inactive from active-time (-1 before any delivery)', async () => {
  // t_stream.c 7.2 xinfoCommand: inactive = active_time != -1 ? now - active_time : -1;
  // idle = now - seen_time. XREADGROUP sets seen_time always, active_time only when it
  // delivers into the PEL (streamReplyWithRange with a group and without NOACK).
  const c = await cinderClient();
  try {
    await c.send('XADD', 's', '1', 'f', 'v');
    await c.send('XGROUP', 'CREATE', 's', 'g', '$');
    await c.send('XGROUP', 'CREATECONSUMER', 's', 'g', 'created');
    await c.send('XREADGROUP', 'GROUP', 'g', 'reader', 'STREAMS', 's', '>');
    let r = await c.send('XINFO', 'CONSUMERS', 's', 'g');
    assert.match(r, /^\*2\r\n\*8\r\n\$4\r\nname\r\n\$7\r\ncreated\r\n\$7\r\npending\r\n:0\r\n\$4\r\nidle\r\n:\d+\r\n\$8\r\ninactive\r\n:-1\r\n\*8\r\n\$4\r\nname\r\n\$6\r\nreader\r\n\$7\r\npending\r\n:0\r\n\$4\r\nidle\r\n:\d+\r\n\$8\r\ninactive\r\n:-1\r\n$/);
    await c.send('XADD', 's', '2', 'f', 'v');
    await c.send('XREADGROUP', 'GROUP', 'g', 'reader', 'STREAMS', 's', '>');
    await new Promise((res) => setTimeout(res, 30));
    await c.send('XREADGROUP', 'GROUP', 'g', 'reader', 'STREAMS', 's', '>'); // seen, not active
    r = await c.send('XINFO', 'CONSUMERS', 's', 'g');
    const m = /\$6\r\nreader\r\n\$7\r\npending\r\n:1\r\n\$4\r\nidle\r\n:(\d+)\r\n\$8\r\ninactive\r\n:(\d+)\r\n$/.exec(r);
    assert.ok(m, r);
    assert.ok(Number(m[1]) < 25, 'idle counts from the last attempt');
    assert.ok(Number(m[2]) >= 25, 'inactive counts from the last delivery');
    // RESP3: a map of 4.
    await c.send('HELLO', '3');
    r = await c.send('XINFO', 'CONSUMERS', 's', 'g');
    assert.match(r, /^\*2\r\n%4\r\n/);
  } finally {
    c.close();
  }
});

test('7.2 XINFO STREAM FULL: consumers carry active-time', async () => {
  // t_stream.c 7.2 xinfoReplyWithStreamInfo: consumer map of 5 with "active-time".
  const c = await cinderClient();
  try {
    await c.send('XADD', 's', '1', 'f', 'v');
    await c.send('XGROUP', 'CREATE', 's', 'g', '0');
    await c.send('XGROUP', 'CREATECONSUMER', 's', 'g', 'idle');
    await c.send('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
    const r = await c.send('XINFO', 'STREAM', 's', 'FULL');
    assert.match(r, /\*10\r\n\$4\r\nname\r\n\$1\r\nc\r\n\$9\r\nseen-time\r\n:(\d+)\r\n\$11\r\nactive-time\r\n:\1\r\n\$9\r\npel-count\r\n:1\r\n/);
    assert.match(r, /\*10\r\n\$4\r\nname\r\n\$4\r\nidle\r\n\$9\r\nseen-time\r\n:\d+\r\n\$11\r\nactive-time\r\n:-1\r\n/);
  } finally {
    c.close();
  }
});

test('7.4 XREAD with + returns the last entry', async () => {
  // Redis 7.4 xreadCommand: "+" reads from last_id - 1; a stream whose last ID is 0-0 errors.
  const c = await cinderClient();
  try {
    assert.equal(await c.send('XREAD', 'STREAMS', 'nokey', '+'), '*-1\r\n');
    await c.send('XADD', 's', '1', 'a', '1');
    await c.send('XADD', 's', '2', 'b', '2');
    await c.send('XADD', 't', '5', 'c', '3');
    assert.equal(await c.send('XREAD', 'STREAMS', 's', '+'), '*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n');
    assert.equal(
      await c.send('XREAD', 'COUNT', '5', 'STREAMS', 's', 't', '+', '0'),
      '*2\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n2-0\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$1\r\nt\r\n*1\r\n*2\r\n$3\r\n5-0\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n',
    );
    await c.send('XDEL', 's', '2');
    assert.equal(await c.send('XREAD', 'STREAMS', 's', '+'), '*-1\r\n');
    await c.send('XGROUP', 'CREATE', 'e', 'g', '$', 'MKSTREAM');
    assert.equal(await c.send('XREAD', 'STREAMS', 'e', '+'), '-ERR the stream last element ID is 0-0\r\n');
    assert.equal(
      await c.send('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'e', '+'),
      '-ERR The + ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The + ID would just return an empty result set.\r\n',
    );
  } finally {
    c.close();
  }
});

test('7.2 HELP texts end with "Print this help."', async () => {
  const c = await cinderClient();
  try {
    const g = await c.send('XGROUP', 'HELP');
    assert.ok(g.startsWith('*17\r\n+XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CREATE <key> <groupname> <id|$> [option]\r\n'));
    assert.ok(g.endsWith('+HELP\r\n+    Print this help.\r\n'));
    const i = await c.send('XINFO', 'HELP');
    assert.ok(i.includes('+STREAM <key> [FULL [COUNT <count>]\r\n'));
    assert.ok(i.endsWith('+HELP\r\n+    Print this help.\r\n'));
  } finally {
    c.close();
  }
});

test('7.2 XSETID refuses an ID below the current max deleted ID', async () => {
  // t_stream.c 7.2 xsetidCommand checks max_deleted_entry_id before the top item
  // ("The ID specified in XSETID is smaller than current max_deleted_entry_id"); 7.0 has no
  // such check.
  const c = await cinderClient();
  try {
    await c.send('XADD', 's', '5', 'f', 'v');
    await c.send('XADD', 's', '6', 'f', 'v');
    await c.send('XDEL', 's', '5');
    assert.equal(await c.send('XSETID', 's', '4'), '-ERR The ID specified in XSETID is smaller than current max_deleted_entry_id\r\n');
    assert.equal(await c.send('XSETID', 's', '5'), '-ERR The ID specified in XSETID is smaller than the target stream top item\r\n');
    await c.send('XDEL', 's', '6');
    assert.equal(await c.send('XSETID', 's', '5'), '-ERR The ID specified in XSETID is smaller than current max_deleted_entry_id\r\n');
    assert.equal(await c.send('XSETID', 's', '6'), '+OK\r\n');
    assert.equal(await c.send('XSETID', 's', '7', 'MAXDELETEDID', '8'), '-ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id\r\n');
  } finally {
    c.close();
  }
});

test('7.2 XREAD/XREADGROUP unbalanced stream list errors name the command', async () => {
  // t_stream.c 7.2 xreadCommand: "Unbalanced '%s' list of streams: for each stream key an ID
  // or '%c' must be specified." with c->cmd->fullname and '>' (XREADGROUP) or '$' (XREAD).
  const c = await cinderClient();
  try {
    assert.equal(await c.send('XREAD', 'COUNT', '1', 'STREAMS', 'a'), "-ERR Unbalanced 'xread' list of streams: for each stream key an ID or '$' must be specified.\r\n");
    assert.equal(await c.send('XREAD', 'COUNT', '1', 'STREAMS', 'a', 'b', '0'), "-ERR Unbalanced 'xread' list of streams: for each stream key an ID or '$' must be specified.\r\n");
    assert.equal(
      await c.send('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', 'b', '>'),
      "-ERR Unbalanced 'xreadgroup' list of streams: for each stream key an ID or '>' must be specified.\r\n",
    );
  } finally {
    c.close();
  }
});

test('7.2 XREADGROUP creates its consumer even when there is nothing to serve', async () => {
  // t_stream.c 7.2 xreadCommand looks the consumer up (and creates it: dirty++,
  // "xgroup-createconsumer") before deciding whether to serve, to record seen-time; 7.0 only
  // created it when serving.
  const c = await cinderClient();
  try {
    await c.send('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    assert.equal(await c.send('XREADGROUP', 'GROUP', 'g', 'newbie', 'STREAMS', 's', '>'), '*-1\r\n');
    const r = await c.send('XINFO', 'CONSUMERS', 's', 'g');
    assert.match(r, /^\*1\r\n\*8\r\n\$4\r\nname\r\n\$6\r\nnewbie\r\n\$7\r\npending\r\n:0\r\n\$4\r\nidle\r\n:\d+\r\n\$8\r\ninactive\r\n:-1\r\n$/);
  } finally {
    c.close();
  }
});

test('DUMP/RESTORE: a Redis 7.0 stream payload restores into Cinder; Cinder payloads round-trip', async () => {
  // Cinder writes RDB 11 (RDB_TYPE_STREAM_LISTPACKS_3, consumers with active-time, Redis 7.2
  // rdb.c), which the 7.0 oracle cannot load; it loads 7.0's RDB_TYPE_STREAM_LISTPACKS_2, where
  // active-time is taken from seen-time (7.2 rdbLoadObject).
  const r = await RawClient.connect(pair.oracle.port);
  const c = await cinderClient();
  try {
    await r.send('FLUSHALL');
    const setup: string[][] = [
      ['XADD', 's', '1-1', 'a', '1'],
      ['XADD', 's', '2-2', 'b', '2', 'c', '3'],
      ['XADD', 's', '3-3', 'a', 'x'.repeat(100)],
      ['XADD', 's', '4-4', 'a', '4'],
      ['XDEL', 's', '2-2'],
      ['XGROUP', 'CREATE', 's', 'g', '0'],
      ['XGROUP', 'CREATE', 's', 'h', '$'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'COUNT', '2', 'STREAMS', 's', '>'],
      ['XCLAIM', 's', 'g', 'bob', '0', '3-3', 'RETRYCOUNT', '9'],
    ];
    for (const s of setup) await r.send(...s);
    const dump = await r.send('DUMP', 's');
    const payload = dump.slice(dump.indexOf('\r\n') + 2, -2);
    assert.equal(await c.send('RESTORE', 's', '0', payload), '+OK\r\n');
    const strip = (x: string): string => x.replace(/\$11\r\nactive-time\r\n:-?\d+\r\n/g, '').replace(/\*10\r\n\$4\r\nname/g, '*8\r\n$4\r\nname');
    const mine = await c.send('XINFO', 'STREAM', 's', 'FULL');
    assert.equal(strip(mine), await r.send('XINFO', 'STREAM', 's', 'FULL'));
    // active-time = seen-time when loading a 7.0 payload.
    for (const m of mine.matchAll(/seen-time\r\n:(\d+)\r\n\$11\r\nactive-time\r\n:(\d+)/g)) assert.equal(m[1], m[2]);
    assert.equal(await c.send('XINFO', 'GROUPS', 's'), await r.send('XINFO', 'GROUPS', 's'));
    const d2 = await c.send('DUMP', 's');
    const p2 = d2.slice(d2.indexOf('\r\n') + 2, -2);
    assert.equal(p2.charCodeAt(0), 21, 'RDB_TYPE_STREAM_LISTPACKS_3');
    assert.equal(await c.send('RESTORE', 'copy', '0', p2), '+OK\r\n');
    assert.equal(await c.send('XINFO', 'STREAM', 'copy', 'FULL'), mine);
    assert.equal(await c.send('DUMP', 'copy'), d2);
    assert.match(await c.send('RESTORE', 'bad', '0', p2.slice(0, 20) + 'x' + p2.slice(21)), /^-ERR (DUMP payload version or checksum are wrong|Bad data format)/);
  } finally {
    r.close();
    c.close();
  }
});
