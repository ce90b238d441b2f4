/**
 * PING, ECHO, QUIT, RESET, SELECT, AUTH, HELLO against the oracle (redis-server 7.0.15).
 * HELLO's version and id legitimately differ and are normalized.
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

/** HELLO: version and client id differ between the two servers. */
const normHello = (r: string): string =>
  r.replace(/\$7\r\nversion\r\n\$\d+\r\n[\d.]+\r\n/, '$7\r\nversion\r\n$V\r\nV\r\n').replace(/\$2\r\nid\r\n:\d+\r\n/, '$2\r\nid\r\n:N\r\n');

test('PING and ECHO', async () => {
  await pair.check([['PING'], ['PING', 'hello'], ['PING', 'a', 'b'], ['ECHO', 'x\x00\xff'], ['ECHO'], ['ECHO', 'a', 'b'], ['ping'], ['PiNg', '']]);
});

test('SELECT', async () => {
  await pair.check([['SELECT', '15'], ['SELECT', '16'], ['SELECT', '-1'], ['SELECT', 'abc'], ['SELECT', '1.5'], ['SELECT', '99999999999999999999'], ['SELECT'], ['SELECT', '0', 'x'], ['SET', 'a', '1'], ['SELECT', '2'], ['GET', 'a']]);
});

test('HELLO: protocol switch, errors, SETNAME, AUTH', async () => {
  await pair.check(
    [
      ['HELLO'],
      ['HELLO', '2'],
      ['HELLO', '3'],
      ['PING'],
      ['HELLO', '4'],
      ['HELLO', '1'],
      ['HELLO', 'abc'],
      ['HELLO', '3', 'SETNAME', 'bad name'],
      ['HELLO', '3', 'SETNAME', 'goodname'],
      ['CLIENT', 'GETNAME'],
      ['HELLO', '3', 'SETNAME'],
      ['HELLO', '3', 'FOO'],
      ['HELLO', '2', 'AUTH', 'default', 'anything'],
      ['HELLO', '2', 'AUTH', 'nouser', 'x'],
      ['HELLO', '2', 'AUTH', 'default'],
    ],
    { normalize: normHello },
  );
});

test('AUTH without a password configured, and with requirepass', async () => {
  await pair.check([['AUTH', 'x'], ['AUTH', 'default', 'x'], ['AUTH', 'nouser', 'x'], ['AUTH'], ['AUTH', 'a', 'b', 'c']]);
  for (const port of [pair.oracle.port, pair.cinder.port]) {
    const admin = await RawClient.connect(port);
    assert.equal(await admin.send('CONFIG', 'SET', 'requirepass', 'pw'), '+OK\r\n');
    const c = await RawClient.connect(port);
    let replies: string[];
    try {
      replies = [
      await c.send('PING'),
      await c.send('HELLO', '3'),
      await c.send('AUTH', 'bad'),
      await c.send('AUTH', 'default', 'bad'),
      await c.send('AUTH', 'pw'),
      await c.send('PING'),
      await c.send('RESET'),
      await c.send('PING'),
      await c.send('AUTH', 'default', 'pw'),
      ];
    } finally {
      const a = await RawClient.connect(port);
      await a.send('AUTH', 'pw');
      await a.send('CONFIG', 'SET', 'requirepass', '');
      a.close();
    }
    assert.deepEqual(replies, [
      '-NOAUTH Authentication required.\r\n',
      // 7.2 says "HELLO <proto> AUTH" (server.c helloCommand in 7.2); 7.0.15 "HELLO AUTH".
      '-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO ' +
        (port === pair.cinder.port ? '<proto> ' : '') +
        'AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n',
      '-WRONGPASS invalid username-password pair or user is disabled.\r\n',
      '-WRONGPASS invalid username-password pair or user is disabled.\r\n',
      '+OK\r\n',
      '+PONG\r\n',
      '+RESET\r\n',
      '-NOAUTH Authentication required.\r\n',
      '+OK\r\n',
    ]);
    c.close();
    admin.close();
  }
});

test('RESET clears db, name, protocol, MULTI, REPLY OFF, NO-TOUCH', async () => {
  const norm = (r: string): string => normHello(r).replace(/ flags=\S+/, (m) => m).replace(/^[$=]\d+\r\n(txt:)?id=\d+ .* flags=(\S+) db=(\d+) .* resp=(\d).*\n\r\n$/s, 'flags=$2 db=$3 resp=$4');
  await pair.check(
    [
      ['SELECT', '3'],
      ['CLIENT', 'SETNAME', 'n'],
      ['HELLO', '3'],
      ['CLIENT', 'NO-EVICT', 'on'],
      ['MULTI'],
      ['RESET'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'INFO'],
      ['SET', 'k', 'v'],
      ['SELECT', '0'],
      ['GET', 'k'],
    ],
    { normalize: norm },
  );
});

test('RESET in RESP2 pub/sub context is allowed; PING in pub/sub', async () => {
  await pair.check([['SUBSCRIBE', 'ch'], ['PING'], ['PING', 'x'], ['GET', 'a'], ['RESET'], ['PING']], { protocols: [2] });
});

test('RESET ends MONITOR mode', async () => {
  for (const port of [pair.oracle.port, pair.cinder.port]) {
    const m = await RawClient.connect(port);
    assert.equal(await m.send('MONITOR'), '+OK\r\n');
    assert.equal(await m.send('RESET'), '+RESET\r\n');
    const c = await RawClient.connect(port);
    await c.send('PING');
    assert.equal(await m.send('PING'), '+PONG\r\n');
    m.close();
    c.close();
  }
});

test('QUIT replies OK and closes', async () => {
  for (const port of [pair.oracle.port, pair.cinder.port]) {
    const c = await RawClient.connect(port);
    c.write('*1\r\n$4\r\nQUIT\r\n*1\r\n$4\r\nPING\r\n');
    assert.equal(await c.readUntilClose(), '+OK\r\n');
  }
});
