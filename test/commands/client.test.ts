/**
 * CLIENT subcommands against the oracle (redis-server 7.0.15). Where 7.2 differs
 * (CLIENT SETINFO, NO-TOUCH, the lib-name/lib-ver fields, the HELP text) the test asserts
 * Redis 7.2's behaviour explicitly, citing its source.
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

/** Fields Redis 7.2 added to CLIENT LIST / INFO after 7.0 (networking.c catClientInfoString, 7.2.0). */
const FIELDS_72_ONLY = ['lib-name', 'lib-ver'];

/** Splits one CLIENT LIST line into [name, value] pairs. */
function fields(line: string): Array<[string, string]> {
  return line.split(' ').map((kv) => {
    const i = kv.indexOf('=');
    return [kv.slice(0, i), kv.slice(i + 1)];
  });
}

/** The bulk/verbatim payload of a raw reply. */
function payload(raw: string): string {
  const nl = raw.indexOf('\r\n');
  let body = raw.slice(nl + 2, raw.length - 2);
  if (raw[0] === '=') body = body.slice(4);
  return body;
}

/** Replaces integer replies with a placeholder. */
const normInt = (r: string): string => r.replace(/^:\d+\r\n$/, ':N\r\n');

test('CLIENT LIST / INFO: same field names in the same order (plus 7.2 lib-name, lib-ver)', async () => {
  for (const resp of [2, 3]) {
    const [o, c] = await pair.run([['CLIENT', 'LIST'], ['CLIENT', 'INFO'], ['CLIENT', 'SETNAME', 'abc'], ['CLIENT', 'INFO']], resp);
    for (let i = 0; i < o.length; i++) {
      if (i === 2) {
        assert.equal(c[i], o[i]);
        continue;
      }
      assert.equal(c[i][0], resp === 3 ? '=' : '$');
      const ol = payload(o[i]).trimEnd().split('\n');
      const cl = payload(c[i]).trimEnd().split('\n');
      assert.equal(cl.length, ol.length);
      assert.ok(payload(c[i]).endsWith('\n'));
      for (let j = 0; j < ol.length; j++) {
        const of = fields(ol[j]);
        const cf = fields(cl[j]);
        assert.deepEqual(
          cf.map(([k]) => k),
          [...of.map(([k]) => k), ...FIELDS_72_ONLY],
        );
        const om = new Map(of);
        const cm = new Map(cf);
        // Values that must match exactly (ids, addresses, fds, memory and times differ).
        for (const k of ['name', 'flags', 'db', 'sub', 'psub', 'ssub', 'multi', 'obl', 'oll', 'omem', 'events', 'cmd', 'user', 'redir', 'resp']) {
          assert.equal(cm.get(k), om.get(k), 'field ' + k);
        }
        assert.equal(cm.get('lib-name'), '');
        assert.equal(cm.get('lib-ver'), '');
        assert.match(cm.get('addr')!, /^127\.0\.0\.1:\d+$/);
        assert.match(cm.get('laddr')!, new RegExp('^127\\.0\\.0\\.1:' + pair.cinder.port + '$'));
      }
    }
  }
});

test('CLIENT LIST flags and counters in MULTI and after SELECT', async () => {
  // Keep only some fields of every CLIENT INFO line, also inside EXEC's array.
  const norm = (r: string): string =>
    r.replace(/[$=]\d+\r\n(txt:)?(id=[^\n]*)\n\r\n/g, (_m, _t, line: string) => {
      const m = new Map(fields(line));
      return '<' + ['flags', 'db', 'multi', 'cmd', 'name', 'obl', 'oll', 'omem'].map((k) => k + '=' + m.get(k)).join(' ') + '>';
    });
  await pair.check([['SELECT', '3'], ['CLIENT', 'INFO'], ['MULTI'], ['SET', 'a', 'b'], ['CLIENT', 'INFO'], ['EXEC']], { normalize: norm });
  await pair.check([['WATCH', 'k'], ['SET', 'k', '1'], ['CLIENT', 'INFO'], ['CLIENT', 'NO-EVICT', 'on'], ['CLIENT', 'INFO'], ['CLIENT', 'NO-EVICT', 'off'], ['CLIENT', 'NO-EVICT', 'x']], {
    normalize: norm,
  });
});

test('CLIENT LIST TYPE / ID filters and errors', async () => {
  const norm = (r: string): string => {
    if (r[0] !== '$' && r[0] !== '=') return r;
    return 'lines=' + payload(r).split('\n').filter((l) => l !== '').length;
  };
  await pair.check(
    [
      ['CLIENT', 'LIST', 'TYPE', 'normal'],
      ['CLIENT', 'LIST', 'TYPE', 'pubsub'],
      ['CLIENT', 'LIST', 'TYPE', 'master'],
      ['CLIENT', 'LIST', 'TYPE', 'replica'],
      ['CLIENT', 'LIST', 'TYPE', 'slave'],
      ['CLIENT', 'LIST', 'TYPE', 'bogus'],
      ['CLIENT', 'LIST', 'ID', '999999'],
      ['CLIENT', 'LIST', 'ID', 'abc'],
      ['CLIENT', 'LIST', 'ID'],
      ['CLIENT', 'LIST', 'foo', 'bar'],
      ['CLIENT', 'LIST', 'TYPE'],
    ],
    { normalize: norm },
  );
  // ID of the caller itself lists exactly its line.
  for (const port of [pair.oracle.port, pair.cinder.port]) {
    const c = await RawClient.connect(port);
    const id = (await c.send('CLIENT', 'ID')).slice(1, -2);
    const r = payload(await c.send('CLIENT', 'LIST', 'ID', id, '0', id));
    assert.equal(r.split('\n').filter((l) => l !== '').length, 2);
    assert.ok(r.startsWith('id=' + id + ' '));
    c.close();
  }
});

test('CLIENT ID / SETNAME / GETNAME', async () => {
  await pair.check(
    [
      ['CLIENT', 'ID'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', 'my-name'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', 'bad name'],
      ['CLIENT', 'SETNAME', 'bad\nname'],
      ['CLIENT', 'SETNAME', 'caf\xe9'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', ''],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME'],
      ['CLIENT', 'SETNAME', 'a', 'b'],
      ['CLIENT', 'GETNAME', 'x'],
      ['CLIENT', 'ID', 'x'],
    ],
    { normalize: normInt },
  );
});

test('CLIENT SETINFO (7.2: networking.c clientSetinfoCommand)', async () => {
  // 7.0.15 has no SETINFO: these expectations are 7.2's.
  const c = await RawClient.connect(pair.cinder.port);
  assert.equal(await c.send('CLIENT', 'SETINFO', 'LIB-NAME', 'redis-py'), '+OK\r\n');
  assert.equal(await c.send('CLIENT', 'SETINFO', 'lib-ver', '5.0.1'), '+OK\r\n');
  const info = payload(await c.send('CLIENT', 'INFO'));
  assert.match(info, / lib-name=redis-py lib-ver=5\.0\.1\n$/);
  assert.equal(await c.send('CLIENT', 'SETINFO', 'lib-foo', 'x'), "-ERR Unrecognized option 'lib-foo'\r\n");
  assert.equal(await c.send('CLIENT', 'SETINFO', 'LIB-NAME', 'a b'), '-ERR LIB-NAME cannot contain spaces, newlines or special characters.\r\n');
  assert.equal(await c.send('CLIENT', 'SETINFO', 'lib-name', ''), '+OK\r\n');
  assert.match(payload(await c.send('CLIENT', 'INFO')), / lib-name= lib-ver=5\.0\.1\n$/);
  assert.equal(await c.send('CLIENT', 'SETINFO', 'lib-name'), "-ERR wrong number of arguments for 'client|setinfo' command\r\n");
  c.close();
});

test('CLIENT NO-TOUCH (7.2): flag T in CLIENT INFO, ON/OFF, syntax error', async () => {
  const c = await RawClient.connect(pair.cinder.port);
  assert.equal(await c.send('CLIENT', 'NO-TOUCH', 'on'), '+OK\r\n');
  assert.match(payload(await c.send('CLIENT', 'INFO')), / flags=T /);
  assert.equal(await c.send('CLIENT', 'NO-EVICT', 'on'), '+OK\r\n');
  assert.match(payload(await c.send('CLIENT', 'INFO')), / flags=eT /);
  assert.equal(await c.send('CLIENT', 'NO-TOUCH', 'OFF'), '+OK\r\n');
  assert.equal(await c.send('CLIENT', 'NO-TOUCH', 'maybe'), '-ERR syntax error\r\n');
  c.close();
});

test('CLIENT HELP is Redis 7.2 text (networking.c clientCommand help[])', async () => {
  const [o, c] = await pair.run([['CLIENT', 'HELP']]);
  // 7.2 = 7.0's lines + SETINFO (after SETNAME) + NO-TOUCH (last), and "Print this help."
  const ol = o[0].split('\r\n');
  const cl = c[0].split('\r\n');
  const expected = [...ol];
  const at = expected.indexOf('+    Assign the name <name> to the current connection.') + 1;
  expected.splice(at, 0, '+SETINFO <option> <value>', '+    Set client meta attr. Options are:', '+    * LIB-NAME: the client lib name.', '+    * LIB-VER: the client lib version.');
  const help = expected.indexOf('+HELP');
  expected.splice(help, 0, '+NO-TOUCH (ON|OFF)', '+    Will not touch LRU/LFU stats when this mode is on.');
  expected[expected.indexOf('+    Prints this help.')] = '+    Print this help.';
  expected[0] = '*' + (expected.length - 2);
  assert.deepEqual(cl, expected);
});

test('CLIENT KILL: errors, old form, new form, SKIPME', async () => {
  await pair.check(
    [
      ['CLIENT', 'KILL', '1.2.3.4:5'],
      ['CLIENT', 'KILL', 'ID', '0'],
      ['CLIENT', 'KILL', 'ID', 'abc'],
      ['CLIENT', 'KILL', 'ID', '999999'],
      ['CLIENT', 'KILL', 'TYPE', 'bogus'],
      ['CLIENT', 'KILL', 'TYPE', 'master'],
      ['CLIENT', 'KILL', 'USER', 'nouser'],
      ['CLIENT', 'KILL', 'SKIPME', 'maybe'],
      ['CLIENT', 'KILL', 'ADDR', '1.2.3.4:5', 'SKIPME', 'no'],
      ['CLIENT', 'KILL', 'LADDR', '1.2.3.4:5'],
      ['CLIENT', 'KILL', 'FOO', 'bar'],
      ['CLIENT', 'KILL', 'ID', '1', 'ID'],
      ['CLIENT', 'KILL', 'MAXAGE', '1'],
      ['CLIENT', 'KILL'],
    ],
    { normalize: normInt },
  );
  for (const port of [pair.oracle.port, pair.cinder.port]) {
    const victim = await RawClient.connect(port);
    const victimId = (await victim.send('CLIENT', 'ID')).slice(1, -2);
    const victimAddr = new Map(fields(payload(await victim.send('CLIENT', 'INFO')).trimEnd())).get('addr')!;
    const killer = await RawClient.connect(port);
    assert.equal(await killer.send('CLIENT', 'KILL', 'ID', victimId), ':1\r\n');
    await victim.readUntilClose();
    const v2 = await RawClient.connect(port);
    const v2Addr = new Map(fields(payload(await v2.send('CLIENT', 'INFO')).trimEnd())).get('addr')!;
    assert.equal(await killer.send('CLIENT', 'KILL', v2Addr), '+OK\r\n');
    await v2.readUntilClose();
    assert.equal(await killer.send('CLIENT', 'KILL', victimAddr), '-ERR No such client\r\n');
    // SKIPME yes (default): the caller survives a filter that matches it.
    const myId = (await killer.send('CLIENT', 'ID')).slice(1, -2);
    assert.equal(await killer.send('CLIENT', 'KILL', 'ID', myId), ':0\r\n');
    // SKIPME no: the caller gets its reply, then is closed.
    assert.equal(await killer.send('CLIENT', 'KILL', 'ID', myId, 'SKIPME', 'no'), ':1\r\n');
    await killer.readUntilClose();
  }
});

test('CLIENT REPLY OFF / SKIP / ON', async () => {
  for (const port of [pair.oracle.port, pair.cinder.port]) {
    const c = await RawClient.connect(port);
    c.write('*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$3\r\nOFF\r\n*1\r\n$4\r\nPING\r\n*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$2\r\nON\r\n*2\r\n$4\r\nECHO\r\n$1\r\na\r\n');
    assert.equal(await c.readReply(), '+OK\r\n');
    assert.equal(await c.readReply(), '$1\r\na\r\n');
    c.write('*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$4\r\nSKIP\r\n*2\r\n$4\r\nECHO\r\n$1\r\nb\r\n*2\r\n$4\r\nECHO\r\n$1\r\nc\r\n');
    assert.equal(await c.readReply(), '$1\r\nc\r\n');
    assert.equal(await c.send('CLIENT', 'REPLY', 'maybe'), '-ERR syntax error\r\n');
    c.close();
  }
});

test('CLIENT PAUSE / UNPAUSE: errors; WRITE holds writes, not reads', async () => {
  await pair.check([
    ['CLIENT', 'PAUSE', 'abc'],
    ['CLIENT', 'PAUSE', '-1'],
    ['CLIENT', 'PAUSE', '10', 'READ'],
    ['CLIENT', 'PAUSE', '10', 'WRITE', 'x'],
    ['CLIENT', 'PAUSE'],
    ['CLIENT', 'UNPAUSE'],
    ['CLIENT', 'UNPAUSE', 'x'],
  ]);
  for (const port of [pair.oracle.port, pair.cinder.port]) {
    const admin = await RawClient.connect(port);
    const other = await RawClient.connect(port);
    assert.equal(await admin.send('CLIENT', 'PAUSE', '5000', 'WRITE'), '+OK\r\n');
    assert.equal(await other.send('GET', 'pk'), '$-1\r\n');
    other.write('*3\r\n$3\r\nSET\r\n$2\r\npk\r\n$1\r\nv\r\n');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(other.pending, '');
    assert.equal(await admin.send('CLIENT', 'UNPAUSE'), '+OK\r\n');
    assert.equal(await other.readReply(), '+OK\r\n');
    assert.equal(await admin.send('GET', 'pk'), '$1\r\nv\r\n');
    assert.equal(await admin.send('DEL', 'pk'), ':1\r\n');
    admin.close();
    other.close();
  }
});

test('CLIENT UNBLOCK: errors, and unblocking a BLPOP with TIMEOUT and ERROR', async () => {
  await pair.check(
    [
      ['CLIENT', 'UNBLOCK', 'abc'],
      ['CLIENT', 'UNBLOCK', '999999'],
      ['CLIENT', 'UNBLOCK', '999999', 'TIMEOUT'],
      ['CLIENT', 'UNBLOCK', '999999', 'FOO'],
      ['CLIENT', 'UNBLOCK', '1', 'ERROR', 'x'],
    ],
    { normalize: normInt },
  );
  for (const port of [pair.oracle.port, pair.cinder.port]) {
    const admin = await RawClient.connect(port);
    const blocked = await RawClient.connect(port);
    const id = (await blocked.send('CLIENT', 'ID')).slice(1, -2);
    blocked.write('*3\r\n$5\r\nBLPOP\r\n$6\r\nnolist\r\n$1\r\n0\r\n');
    await new Promise((r) => setTimeout(r, 50));
    assert.match(payload(await admin.send('CLIENT', 'LIST', 'ID', id)), / flags=b .* cmd=blpop /);
    assert.equal(await admin.send('CLIENT', 'UNBLOCK', id), ':1\r\n');
    assert.equal(await blocked.readReply(), '*-1\r\n');
    assert.equal(await admin.send('CLIENT', 'UNBLOCK', id), ':0\r\n');
    blocked.write('*3\r\n$5\r\nBLPOP\r\n$6\r\nnolist\r\n$1\r\n0\r\n');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await admin.send('CLIENT', 'UNBLOCK', id, 'ERROR'), ':1\r\n');
    assert.equal(await blocked.readReply(), '-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n');
    admin.close();
    blocked.close();
  }
});

test('CLIENT with an unknown subcommand or no subcommand', async () => {
  await pair.check([['CLIENT', 'FOO'], ['CLIENT']]);
});

test('CLIENT LIST TYPE pubsub / KILL TYPE pubsub: flags P in RESP2 and RESP3', async () => {
  const outs: string[][] = [];
  for (const port of [pair.oracle.port, pair.cinder.port]) {
    const s2 = await RawClient.connect(port);
    await s2.send('SUBSCRIBE', 'a');
    const s3 = await RawClient.connect(port);
    await s3.send('HELLO', '3');
    await s3.send('SUBSCRIBE', 'b');
    await s3.send('PSUBSCRIBE', 'x*');
    const a = await RawClient.connect(port);
    const list = payload(await a.send('CLIENT', 'LIST', 'TYPE', 'pubsub'))
      .trimEnd()
      .split('\n')
      .map((l) => {
        const m = new Map(fields(l));
        return ['flags', 'sub', 'psub', 'cmd', 'resp'].map((k) => k + '=' + m.get(k)).join(' ');
      });
    outs.push([...list, await a.send('CLIENT', 'KILL', 'TYPE', 'pubsub'), await a.send('CLIENT', 'KILL', 'USER', 'default')]);
    await s2.readUntilClose();
    await s3.readUntilClose();
    a.close();
  }
  assert.deepEqual(outs[1], outs[0]);
});
