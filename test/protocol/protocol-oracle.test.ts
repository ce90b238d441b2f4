/**
 * Protocol-level oracle tests: raw bytes (malformed, inline, split, pipelined) go to real
 * redis-server and to Cinder; the bytes received and whether the connection was closed
 * must be identical.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, sendRaw, type Pair } from '../helpers/oracle.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

async function same(chunks: readonly string[], label: string): Promise<void> {
  const a = await sendRaw(pair.oracle.port, chunks);
  const b = await sendRaw(pair.cinder.port, chunks);
  assert.deepEqual(b, a, label);
}

const CASES: Array<[string, string[]]> = [
  ['invalid multibulk length', ['*abc\r\n']],
  ['multibulk length too large', ['*3000000000\r\n']],
  ["expected '$'", ['*1\r\nx3\r\nfoo\r\n']],
  ['negative bulk length', ['*1\r\n$-5\r\n']],
  ['non-numeric bulk length', ['*1\r\n$abc\r\n']],
  ['bulk length above proto-max-bulk-len', ['*1\r\n$600000000\r\n']],
  ['unbalanced double quotes', ['set "a b\r\n']],
  ['unbalanced single quotes', ["get 'a\r\n"]],
  ['closing quote followed by a char', ['set "a"b c\r\n']],
  ['inline hex escapes', ['echo "\\x41\\x42\\n" \r\n']],
  ['inline single-quote escape', ["echo 'it\\'s'\r\n"]],
  ['empty inline lines are skipped', ['PING\r\n\r\n\r\nPING\n']],
  ['empty multibulks are skipped', ['*0\r\n*-1\r\nPING\r\n']],
  ['bulk trailer bytes are not checked', ['*1\r\n$4\r\nPINGxy*1\r\n$4\r\nPING\r\n']],
  ['commands before a protocol error run', ['PING\r\n*1\r\n$4\r\nPING\r\n*x\r\n']],
  ['pipelined commands', ['*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nPING\r\n']],
  ['frames split at every position', ['*2\r', '\n$4\r\nEC', 'HO\r\n$5', '\r\nhel', 'lo\r', '\n']],
  ['inline split across reads', ['EC', 'HO he', 'llo\r', '\n']],
  ['unknown command with long args', ['*3\r\n$3\r\nFOO\r\n$150\r\n' + 'a'.repeat(150) + '\r\n$3\r\nbar\r\n']],
  ['unknown command inline with no args', ['nosuchcommand\r\n']],
  ['wrong arity', ['*1\r\n$3\r\nGET\r\n']],
  ['command names are case-insensitive', ['*2\r\n$4\r\ngEt\r\n$1\r\nx\r\n']],
  ['error text sanitizes CR/LF from args', ['*2\r\n$3\r\nFOO\r\n$4\r\na\r\nb\r\n']],
  ['too big inline request', ['a'.repeat(70 * 1024)]],
  ['too big mbulk count string', ['*' + '1'.repeat(70 * 1024)]],
  ['too big bulk count string', ['*1\r\n$' + '1'.repeat(70 * 1024)]],
  ['binary-safe bulk with CRLF inside', ['*2\r\n$4\r\nECHO\r\n$4\r\n\r\n\r\n\r\n']],
  ['all byte values round-trip', ['*2\r\n$4\r\nECHO\r\n$256\r\n' + Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('') + '\r\n']],
  ['QUIT closes after +OK', ['PING\r\nQUIT\r\nPING\r\n']],
];

for (const [label, chunks] of CASES) {
  test('protocol: ' + label, async () => {
    await same(chunks, label);
  });
}

test('protocol: big argument streamed in many small chunks', async () => {
  const payload = 'x'.repeat(200 * 1024);
  const frame = '*2\r\n$4\r\nECHO\r\n$' + payload.length + '\r\n' + payload + '\r\n';
  const chunks: string[] = [];
  for (let i = 0; i < frame.length; i += 7000) chunks.push(frame.slice(i, i + 7000));
  await same(chunks, 'big arg');
});

test('protocol: unauthenticated limits apply only with requirepass', async () => {
  const p = await startPair({ requirepass: 'secret' });
  try {
    for (const chunks of [['*20\r\n'], ['*1\r\n$20000\r\n'], ['PING\r\n'], ['AUTH secret\r\n*20\r\n']]) {
      const a = await sendRaw(p.oracle.port, chunks);
      const b = await sendRaw(p.cinder.port, chunks);
      assert.deepEqual(b, a, JSON.stringify(chunks));
    }
  } finally {
    await p.stop();
  }
});

test('protocol: client-query-buffer-limit closes a client whose query buffer exceeds it', async () => {
  const results: string[] = [];
  for (const port of [pair.oracle.port, pair.cinder.port]) {
    const admin = await sendRaw(port, ['*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$25\r\nclient-query-buffer-limit\r\n$3\r\n1mb\r\n']);
    assert.equal(admin.data, '+OK\r\n');
    // A 4 MB argument streamed in 256 KB pieces: the buffer crosses 1 MB before it completes.
    const chunks = ['*2\r\n$4\r\nECHO\r\n$4194304\r\n'];
    for (let i = 0; i < 6; i++) chunks.push('x'.repeat(256 * 1024));
    const r = await sendRaw(port, chunks, 500);
    results.push(JSON.stringify({ data: r.data, closed: r.closed }));
    await sendRaw(port, ['*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$25\r\nclient-query-buffer-limit\r\n$3\r\n1gb\r\n']);
  }
  assert.equal(results[0], JSON.stringify({ data: '', closed: true }), 'redis closes without a reply');
  assert.equal(results[1], results[0]);
});
