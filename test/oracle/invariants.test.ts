/**
 * Invariant checks for the nondeterministic commands (their replies depend on hash order
 * or randomness, so they cannot be compared byte for byte): SCAN's full-iteration guarantee
 * under concurrent adds/deletes, MATCH/TYPE/COUNT filters, RANDOMKEY. Every check runs on
 * both real redis-server and Cinder, so the invariants themselves are validated on Redis.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, RawClient, replyEnd, type Pair } from '../helpers/oracle.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

/** Splits a flat array reply of bulk strings into its elements. */
function bulks(r: string): string[] {
  const out: string[] = [];
  let pos = r.indexOf('\r\n') + 2;
  while (pos < r.length) {
    const e = replyEnd(r, pos);
    const item = r.slice(pos, e);
    out.push(item.slice(item.indexOf('\r\n') + 2, -2));
    pos = e;
  }
  return out;
}

/** Parses a SCAN reply: [cursor, keys]. */
function scanReply(r: string): [string, string[]] {
  const first = r.indexOf('\r\n') + 2;
  const curEnd = replyEnd(r, first);
  const cur = r.slice(first, curEnd);
  const cursor = cur.slice(cur.indexOf('\r\n') + 2, -2);
  return [cursor, bulks(r.slice(curEnd))];
}

for (const which of ['redis', 'cinder'] as const) {
  const port = (): number => (which === 'redis' ? pair.oracle.port : pair.cinder.port);

  test(which + ': SCAN returns every key present for the whole iteration, while keys are added and removed', async () => {
    const c = await RawClient.connect(port());
    try {
      await c.send('FLUSHALL');
      const stable = new Set<string>();
      for (let i = 0; i < 600; i++) {
        await c.send('SET', 'stable:' + i, 'v');
        stable.add('stable:' + i);
      }
      for (let i = 0; i < 300; i++) await c.send('SET', 'gone:' + i, 'v');
      const seen = new Set<string>();
      let cursor = '0';
      let rounds = 0;
      let added = 0;
      do {
        const [next, keys] = scanReply(await c.send('SCAN', cursor, 'COUNT', '13'));
        for (const k of keys) seen.add(k);
        cursor = next;
        // Churn: delete some transient keys and add new ones (forcing rehashes).
        for (let j = 0; j < 10; j++) await c.send('DEL', 'gone:' + (rounds * 10 + j));
        for (let j = 0; j < 25; j++) await c.send('SET', 'new:' + added++, 'v');
        rounds++;
        assert.ok(rounds < 5000, 'SCAN did not terminate');
      } while (cursor !== '0');
      for (const k of stable) assert.ok(seen.has(k), 'missing ' + k);
      for (const k of seen) assert.match(k, /^(stable|gone|new):\d+$/);
    } finally {
      c.close();
    }
  });

  test(which + ': SCAN MATCH/TYPE/COUNT filters agree with KEYS and TYPE; RANDOMKEY picks existing keys', async () => {
    const c = await RawClient.connect(port());
    try {
      await c.send('FLUSHALL');
      assert.ok(['$-1\r\n'].includes(await c.send('RANDOMKEY')));
      for (let i = 0; i < 200; i++) await c.send('SET', 's' + i, 'v');
      for (let i = 0; i < 50; i++) await c.send('HSET', 'h' + i, 'f', 'v');
      for (const [pattern, type, count] of [['s1*', '', '5'], ['*', 'hash', '3'], ['h?', 'string', '1000'], ['*', 'HASH', '100'], ['*', 'nosuchtype', '10']]) {
        const got = new Set<string>();
        let cursor = '0';
        do {
          const args = ['SCAN', cursor, 'MATCH', pattern, 'COUNT', count];
          if (type !== '') args.push('TYPE', type);
          const [next, keys] = scanReply(await c.send(...args));
          for (const k of keys) got.add(k);
          cursor = next;
        } while (cursor !== '0');
        const expected = new Set<string>();
        for (const k of bulks(await c.send('KEYS', pattern))) {
          if (type === '' || (await c.send('TYPE', k)) === '+' + type.toLowerCase() + '\r\n') expected.add(k);
        }
        assert.deepEqual([...got].sort(), [...expected].sort(), JSON.stringify([pattern, type, count]));
      }
      const all = new Set(bulks(await c.send('KEYS', '*')));
      for (let i = 0; i < 50; i++) {
        const r = await c.send('RANDOMKEY');
        assert.ok(all.has(r.slice(r.indexOf('\r\n') + 2, -2)), r);
      }
      await c.send('HELLO', '3');
      await c.send('FLUSHALL');
      assert.equal(await c.send('RANDOMKEY'), '_\r\n');
      await c.send('SELECT', '0');
      await c.send('SET', 'only', 'v');
      assert.equal(await c.send('RANDOMKEY'), '$4\r\nonly\r\n');
    } finally {
      c.close();
    }
  });
}
