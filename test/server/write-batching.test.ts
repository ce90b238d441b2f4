/**
 * Replies are written as Redis writes them: a pipelined batch's replies go out in one socket
 * write, and the writes of every client served in an event-loop turn happen together at the
 * end of the turn (Redis `beforeSleep` -> `handleClientsWithPendingWrites`), after all of
 * that turn's input has been processed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type net from 'node:net';
import { startServer } from '../../src/index.js';
import { RawClient } from '../helpers/oracle.js';

/** Counts the server-side socket writes of every connected client, in order, with their client ids. */
function spyWrites(clients: Iterable<{ id: number; socket: net.Socket | null }>, log: number[]): void {
  for (const c of clients) {
    const s = c.socket;
    if (s === null) continue;
    const orig = s.write.bind(s) as (...a: unknown[]) => boolean;
    const id = c.id;
    (s as unknown as { write: (...a: unknown[]) => boolean }).write = (...a: unknown[]): boolean => {
      log.push(id);
      return orig(...a);
    };
  }
}

test('a pipelined batch of 200 commands is answered with one write', async () => {
  const srv = await startServer({});
  try {
    const cli = await RawClient.connect(srv.port);
    assert.equal(await cli.send('PING'), '+PONG\r\n');
    const writes: number[] = [];
    spyWrites(srv.server.clients.values(), writes);
    let batch = '';
    let expected = '';
    for (let i = 0; i < 200; i++) {
      batch += '*3\r\n$3\r\nSET\r\n$' + String(i).length + '\r\n' + i + '\r\n$1\r\nv\r\n';
      expected += '+OK\r\n';
    }
    cli.write(batch);
    let got = '';
    while (got.length < expected.length) got += await cli.readReply();
    assert.equal(got, expected);
    assert.equal(writes.length, 1, 'one write for the whole batch');
    cli.close();
  } finally {
    await srv.close();
  }
});

test('replies wait for the end of the turn: every client read in it is served first', async () => {
  const srv = await startServer({});
  try {
    const a = await RawClient.connect(srv.port);
    const b = await RawClient.connect(srv.port);
    assert.equal(await a.send('PING'), '+PONG\r\n');
    assert.equal(await b.send('PING'), '+PONG\r\n');
    const writes: number[] = [];
    spyWrites(srv.server.clients.values(), writes);
    const [ca, cb] = [...srv.server.clients.values()];
    // Two reads in one synchronous stretch, as the poll phase delivers two readable sockets.
    ca.parser.feed(Buffer.from('*2\r\n$4\r\nECHO\r\n$1\r\na\r\n', 'latin1'));
    srv.server.processInputBuffer(ca);
    cb.parser.feed(Buffer.from('*2\r\n$4\r\nECHO\r\n$1\r\nb\r\n', 'latin1'));
    srv.server.processInputBuffer(cb);
    assert.deepEqual(writes, [], 'no reply is written while the turn still reads input');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(writes, [ca.id, cb.id], 'both replies are written at the end of the turn, in order');
    const replies = await Promise.all([a.readReply(), b.readReply()]);
    assert.deepEqual(replies, ['$1\r\na\r\n', '$1\r\nb\r\n']);
    a.close();
    b.close();
  } finally {
    await srv.close();
  }
});
