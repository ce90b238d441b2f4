/**
 * CONFIG GET / SET / RESETSTAT / REWRITE / HELP against the oracle (redis-server 7.0.15).
 * Redis 7.2 differences are asserted explicitly:
 *  - 7.2 adds the parameters set-max-listpack-entries (128), set-max-listpack-value (64),
 *    locale-collate (""), cluster-announce-human-nodename ("") (7.2 config.c);
 *  - 7.2's loglevel accepts "nothing" (its enum list, hence its error text, has it);
 *  - 7.2's help footer reads "Print this help." (7.0: "Prints this help.").
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { tempDir } from '../helpers/tmp.js';
import { join } from 'node:path';
import { startPair, RawClient, freePort, type Pair } from '../helpers/oracle.js';
import { startServer } from '../../src/index.js';
import { decodeReply } from '../../src/protocol/reply-parser.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

const PARAMS_72_ONLY = ['set-max-listpack-entries', 'set-max-listpack-value', 'locale-collate', 'cluster-announce-human-nodename'];

/** Decodes a CONFIG GET reply (RESP2 flat array or RESP3 map) into a Map. */
function configMap(raw: string): Map<string, string> {
  const v = decodeReply(raw, 0)[0] as unknown;
  const out = new Map<string, string>();
  if (v instanceof Map) {
    for (const [k, val] of v as Map<string, string>) out.set(String(k), String(val));
  } else {
    const a = v as string[];
    for (let i = 0; i < a.length; i += 2) out.set(a[i], a[i + 1]);
  }
  return out;
}

test('CONFIG GET *: the same parameters and defaults as Redis (plus 7.2 additions)', async () => {
  for (const resp of [2, 3]) {
    const [o, c] = await pair.run([['CONFIG', 'GET', '*']], resp);
    assert.equal(c[0][0], o[0][0]);
    const om = configMap(o[0]);
    const cm = configMap(c[0]);
    assert.deepEqual([...cm.keys()].filter((k) => !PARAMS_72_ONLY.includes(k)).sort(), [...om.keys()].sort());
    for (const [k, v] of om) {
      if (k === 'port') continue;
      assert.equal(cm.get(k), v, 'value of ' + k);
    }
    assert.equal(cm.get('set-max-listpack-entries'), '128');
    assert.equal(cm.get('set-max-listpack-value'), '64');
    assert.equal(cm.get('locale-collate'), '');
    assert.equal(cm.get('cluster-announce-human-nodename'), '');
  }
});

test('CONFIG GET: literal names, aliases, hidden parameters, several patterns, case', async () => {
  const cmds = [
    ['CONFIG', 'GET', 'maxmemory'],
    ['CONFIG', 'GET', 'MAXMEMORY'],
    ['CONFIG', 'GET', 'maxmemory', 'MAXMEMORY'],
    ['CONFIG', 'GET', 'MAXMEM*'],
    ['CONFIG', 'GET', 'maxmemory', 'maxmem*'],
    ['CONFIG', 'GET', 'hash-max-ziplist-entries', 'hash-max-*'],
    ['CONFIG', 'GET', 'key-load-delay'],
    ['CONFIG', 'GET', 'key-load*'],
    ['CONFIG', 'GET', 'slave*'],
    ['CONFIG', 'GET', 'nosuch'],
    ['CONFIG', 'GET', 'lua-time-limit'],
    ['CONFIG', 'GET', '*max-*-entries*', 'lazyfree*'],
    ['CONFIG', 'GET', 'zset-max-[lz]*'],
  ];
  for (const resp of [2, 3]) {
    const [o, c] = await pair.run(cmds, resp);
    for (let i = 0; i < cmds.length; i++) {
      const om = configMap(o[i]);
      const cm = configMap(c[i]);
      for (const k of PARAMS_72_ONLY) cm.delete(k);
      assert.deepEqual([...cm.entries()].sort(), [...om.entries()].sort(), JSON.stringify(cmds[i]));
    }
  }
  await pair.check([['CONFIG', 'GET']]);
});

test('CONFIG SET: error texts and precedence', async () => {
  await pair.check([
    ['CONFIG', 'SET', 'lua-time-limit', 'abc'],
    ['CONFIG', 'SET', 'LUA-TIME-LIMIT', 'abc'],
    ['CONFIG', 'SET', 'maxmemory', 'abc'],
    ['CONFIG', 'SET', 'maxmemory', '-1'],
    ['CONFIG', 'SET', 'maxmemory', '1.5gb'],
    ['CONFIG', 'SET', 'port', '70000'],
    ['CONFIG', 'SET', 'appendfsync', 'xx'],
    ['CONFIG', 'SET', 'save', 'abc'],
    ['CONFIG', 'SET', 'save', '100'],
    ['CONFIG', 'SET', 'save', '0 1'],
    ['CONFIG', 'SET', 'notify-keyspace-events', 'Z'],
    ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1 2'],
    ['CONFIG', 'SET', 'client-output-buffer-limit', 'foo 1 2 3'],
    ['CONFIG', 'SET', 'client-output-buffer-limit', 'master 1 2 3'],
    ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal a 2 3'],
    ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1 2 -3'],
    ['CONFIG', 'SET', 'dir', '/nonexistent'],
    ['CONFIG', 'SET', 'dbfilename', 'x.rdb'],
    ['CONFIG', 'SET', 'databases', '3'],
    ['CONFIG', 'SET', 'daemonize', 'yes'],
    ['CONFIG', 'SET', 'hz', '5', 'hz', '6'],
    ['CONFIG', 'SET', 'nosuch', '1'],
    ['CONFIG', 'SET', 'hz', '5', 'nosuch', '1'],
    ['CONFIG', 'SET', 'databases', '5', 'nosuch', '1'],
    ['CONFIG', 'SET', 'hz', 'x', 'databases', '1'],
    ['CONFIG', 'SET', 'hz'],
    ['CONFIG', 'SET', 'hz', '1', '2'],
    ['CONFIG', 'SET', 'activerehashing', 'maybe'],
    ['CONFIG', 'SET', 'maxmemory-clients', '-5'],
    ['CONFIG', 'SET', 'oom-score-adj-values', '1 2'],
    ['CONFIG', 'SET', 'oom-score-adj-values', '1 2 3000'],
    ['CONFIG', 'SET', 'proto-max-bulk-len', '100'],
    ['CONFIG', 'SET', 'tcp-keepalive', '1.5'],
    ['CONFIG', 'SET', 'tcp-keepalive', '+5'],
    ['CONFIG', 'SET', 'tcp-keepalive', '05'],
    ['CONFIG', 'SET', 'maxclients', '0'],
    ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 101'],
    ['CONFIG', 'SET', 'shutdown-on-sigterm', 'nosave bogus'],
    ['CONFIG', 'SET', 'enable-debug-command', 'yes'],
  ]);
});

test('CONFIG SET loglevel: 7.2 accepts "nothing" (config.c loglevel_enum)', async () => {
  const c = await RawClient.connect(pair.cinder.port);
  assert.equal(
    await c.send('CONFIG', 'SET', 'loglevel', 'xx'),
    "-ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning, nothing\r\n",
  );
  assert.equal(await c.send('CONFIG', 'SET', 'loglevel', 'NOTHING'), '+OK\r\n');
  assert.equal(await c.send('CONFIG', 'GET', 'loglevel'), '*2\r\n$8\r\nloglevel\r\n$7\r\nnothing\r\n');
  assert.equal(await c.send('CONFIG', 'SET', 'loglevel', 'notice'), '+OK\r\n');
  c.close();
});

test('CONFIG SET then GET: canonical values', async () => {
  const sets: string[][] = [
    ['maxmemory-policy', 'ALLKEYS-LRU'],
    ['notify-keyspace-events', 'KEA'],
    ['notify-keyspace-events', 'Exg$'],
    ['save', '100 1 200 2'],
    ['save', ''],
    ['hz', '500000'],
    ['hz', '0'],
    ['maxmemory', '1GB'],
    ['maxmemory', '100k'],
    ['maxmemory-clients', '5%'],
    ['maxmemory-clients', '1mb'],
    ['client-output-buffer-limit', 'pubsub 64mb 16mb 61'],
    ['client-output-buffer-limit', 'replica 1k 2k 3 normal 1 2 3'],
    ['oom-score-adj-values', '-10 20 2000'],
    ['latency-tracking-info-percentiles', '0.5 99.99 100'],
    ['latency-tracking-info-percentiles', ''],
    ['list-max-ziplist-size', '-6'],
    ['shutdown-on-sigterm', 'now nosave'],
    ['appendfsync', 'Always'],
    ['lua-time-limit', '100'],
    ['maxmemory', '18446744073709551615'],
  ];
  const cmds: string[][] = [];
  for (const [k, v] of sets) {
    cmds.push(['CONFIG', 'SET', k, v]);
    cmds.push(['CONFIG', 'GET', k]);
  }
  // Restore the defaults the other tests rely on.
  cmds.push(['CONFIG', 'SET', 'maxmemory', '0', 'hz', '10', 'maxmemory-policy', 'noeviction', 'notify-keyspace-events', '', 'maxmemory-clients', '0']);
  cmds.push(['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60']);
  cmds.push(['CONFIG', 'SET', 'oom-score-adj-values', '0 200 800', 'latency-tracking-info-percentiles', '50 99 99.9', 'list-max-ziplist-size', '-2']);
  cmds.push(['CONFIG', 'SET', 'shutdown-on-sigterm', 'default', 'appendfsync', 'everysec', 'busy-reply-threshold', '5000']);
  await pair.check(cmds);
});

test('CONFIG SET several pairs is atomic: a failing value restores the others', async () => {
  await pair.check([
    ['CONFIG', 'SET', 'maxmemory', '10mb', 'hz', '20', 'timeout', 'abc'],
    ['CONFIG', 'GET', 'maxmemory'],
    ['CONFIG', 'GET', 'hz'],
    ['CONFIG', 'SET', 'maxmemory', '10mb', 'hz', '20', 'timeout', '7'],
    ['CONFIG', 'GET', 'maxmemory'],
    ['CONFIG', 'GET', 'timeout'],
    ['CONFIG', 'SET', 'maxmemory', '0', 'hz', '10', 'timeout', '0'],
    // A name and its alias are distinct entries for the duplicate check (Redis 7.2).
    ['CONFIG', 'SET', 'busy-reply-threshold', '100', 'lua-time-limit', '200'],
    ['CONFIG', 'GET', 'busy-reply-threshold'],
    ['CONFIG', 'SET', 'busy-reply-threshold', '5000'],
  ]);
});

test('CONFIG SET applies: notify-keyspace-events, requirepass', async () => {
  const c = await RawClient.connect(pair.cinder.port);
  assert.equal(await c.send('CONFIG', 'SET', 'requirepass', 'secret'), '+OK\r\n');
  const d = await RawClient.connect(pair.cinder.port);
  assert.equal(await d.send('PING'), '-NOAUTH Authentication required.\r\n');
  assert.equal(await d.send('AUTH', 'secret'), '+OK\r\n');
  assert.equal(await c.send('CONFIG', 'SET', 'requirepass', ''), '+OK\r\n');
  assert.equal(pair.cinder.server.notifyFlags, 0);
  assert.equal(await c.send('CONFIG', 'SET', 'notify-keyspace-events', 'KA'), '+OK\r\n');
  assert.notEqual(pair.cinder.server.notifyFlags, 0);
  assert.equal(await c.send('CONFIG', 'SET', 'notify-keyspace-events', ''), '+OK\r\n');
  c.close();
  d.close();
});

test('CONFIG SET dir (protected; enable-protected-configs yes): chdir, must exist', async () => {
  const srv = await startServer({ config: { 'enable-protected-configs': 'yes' } });
  const here = process.cwd();
  try {
    const c = await RawClient.connect(srv.port);
    const dir = tempDir('dir');
    assert.equal(await c.send('CONFIG', 'SET', 'dir', dir), '+OK\r\n');
    assert.equal(process.cwd(), dir);
    const got = configMap(await c.send('CONFIG', 'GET', 'dir')).get('dir');
    assert.equal(got, dir);
    assert.equal(
      await c.send('CONFIG', 'SET', 'dir', join(dir, 'missing')),
      "-ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory\r\n",
    );
    // A failing later pair restores the directory.
    assert.match(await c.send('CONFIG', 'SET', 'dir', here, 'hz', 'x'), /^-ERR CONFIG SET failed \(possibly related to argument 'hz'\)/);
    assert.equal(process.cwd(), dir);
    assert.equal(await c.send('CONFIG', 'SET', 'dir', here), '+OK\r\n');
    c.close();
  } finally {
    process.chdir(here);
    await srv.close();
  }
});

test('CONFIG RESETSTAT resets commandstats, errorstats and stats', async () => {
  // usec differs; commandstats come in hash order in Redis: sort the lines.
  const norm = (r: string): string => {
    const t = r.replace(/usec=\d+,usec_per_call=[\d.]+/g, 'usec=U').replace(/^\$\d+/, '$L');
    if (!t.includes('# Commandstats')) return t;
    const lines = t.split('\r\n');
    return [lines[0], lines[1], ...lines.slice(2).sort()].join('\r\n');
  };
  await pair.check(
    [
      ['SET', 'a', '1'],
      ['GET', 'a'],
      ['NOSUCH'],
      ['CONFIG', 'RESETSTAT'],
      ['GET', 'a'],
      ['INFO', 'errorstats'],
      ['INFO', 'commandstats'],
      ['CONFIG', 'RESETSTAT', 'x'],
    ],
    { normalize: norm, protocols: [2] },
  );
});

test('CONFIG HELP (7.2 footer) and unknown subcommands', async () => {
  const [o, c] = await pair.run([['CONFIG', 'HELP']]);
  assert.equal(c[0], o[0].replace('Prints this help.', 'Print this help.'));
  await pair.check([['CONFIG', 'FOO'], ['CONFIG'], ['CONFIG', 'HELP', 'x']]);
});

test('CONFIG REWRITE without a config file', async () => {
  await pair.check([['CONFIG', 'REWRITE']]);
});

/** Starts redis-server with a config file; resolves when it answers PING. */
async function startOracleWithFile(file: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const proc = spawn('redis-server', [file, '--port', String(port)], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      const c = await RawClient.connect(port);
      const r = await c.send('PING');
      c.close();
      if (r === '+PONG\r\n') break;
    } catch {
      await new Promise((r) => setTimeout(r, 30));
    }
  }
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}

test('CONFIG REWRITE keeps comments and order, replaces lines, appends the rest (vs redis-server)', async () => {
  const text = [
    '# my comment',
    'bind 127.0.0.1',
    '',
    'save 900 1',
    'save 300 10',
    'maxmemory 100mb',
    'hash-max-ziplist-entries 100',
    '   ',
    '',
    '# another',
    'timeout 5',
    'loglevel notice',
    'requirepass "p w"',
    '',
  ].join('\n');
  const results: string[] = [];
  for (const kind of ['oracle', 'cinder']) {
    const dir = tempDir('rw');
    const file = join(dir, 'r.conf');
    writeFileSync(file, text);
    let srv: { port: number; stop: () => Promise<void> };
    if (kind === 'oracle') srv = await startOracleWithFile(file);
    else {
      const cs = await startServer({ configFile: file });
      srv = { port: cs.port, stop: () => cs.close() };
    }
    try {
      const c = await RawClient.connect(srv.port);
      assert.equal(await c.send('AUTH', 'p w'), '+OK\r\n');
      for (const [k, v] of [
        ['maxmemory', '2gb'],
        ['hash-max-listpack-entries', '64'],
        ['notify-keyspace-events', 'KEA'],
        ['client-output-buffer-limit', 'pubsub 64mb 16mb 61'],
        ['save', '10 1'],
        ['maxmemory-clients', '5%'],
        ['masterauth', 'a b'],
        ['appendfsync', 'always'],
        ['timeout', '0'],
      ]) {
        assert.equal(await c.send('CONFIG', 'SET', k, v), '+OK\r\n', k);
      }
      assert.equal(await c.send('CONFIG', 'REWRITE'), '+OK\r\n');
      c.close();
    } finally {
      await srv.stop();
    }
    // Normalize what legitimately differs: the port line Redis appends, the dir.
    results.push(readFileSync(file, 'latin1').replace(/^dir ".*"$/m, 'dir "<dir>"').replace(/^port \d+\n/m, ''));
  }
  const [o, c] = results;
  const sig = '# Generated by CONFIG REWRITE\n';
  assert.equal(c.slice(0, c.indexOf(sig)), o.slice(0, o.indexOf(sig)));
  // Lines appended after the signature come in hash order in Redis: compare as sets.
  const tail = (s: string): string[] => s.slice(s.indexOf(sig) + sig.length).split('\n').filter((l) => l !== '').sort();
  assert.deepEqual(tail(c), tail(o));
});
