import { test, before, after } from 'node:test';
import { startPair, type Pair } from '../helpers/oracle.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

test('MULTI/EXEC queues and executes', async () => {
  await pair.check([['MULTI'], ['SET', 'a', '1'], ['GET', 'a'], ['EXEC'], ['GET', 'a']]);
});

test('EXEC/DISCARD without MULTI, nested MULTI', async () => {
  await pair.check([['EXEC'], ['DISCARD'], ['MULTI'], ['MULTI'], ['DISCARD']]);
});

test('EXECABORT after a queueing error', async () => {
  await pair.check([['MULTI'], ['SET', 'a'], ['NOSUCHCMD', 'x'], ['SET', 'a', '1'], ['EXEC'], ['GET', 'a']]);
});

test('WATCH inside MULTI, WATCH then write makes EXEC fail', async () => {
  await pair.check([['MULTI'], ['WATCH', 'x'], ['DISCARD'], ['WATCH', 'k'], ['SET', 'k', '1'], ['MULTI'], ['GET', 'k'], ['EXEC']]);
});

test('FLUSHALL/FLUSHDB touch watched keys only when they existed', async () => {
  await pair.check([['SET', 'k', '1'], ['WATCH', 'k'], ['FLUSHALL'], ['MULTI'], ['PING'], ['EXEC']]);
  await pair.check([['WATCH', 'nokey'], ['FLUSHDB'], ['MULTI'], ['PING'], ['EXEC']]);
  await pair.check([['SET', 'k', '1'], ['WATCH', 'k'], ['FLUSHDB', 'ASYNC'], ['MULTI'], ['PING'], ['EXEC']]);
});

test('UNWATCH clears dirty state', async () => {
  await pair.check([['WATCH', 'k'], ['SET', 'k', '2'], ['UNWATCH'], ['MULTI'], ['GET', 'k'], ['EXEC']]);
});
